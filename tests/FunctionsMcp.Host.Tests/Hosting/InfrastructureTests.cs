using System.Reflection;
using System.Text.Json;
using System.Text.RegularExpressions;
using FunctionsMcp.LocalDev;

namespace FunctionsMcp.Host.Tests.Hosting;

/// <summary>
/// The Bicep in <c>infra/</c> and the app agree: no Bicep compiler runs here, so these read the templates as text.
/// Settings by the names the app binds, the values Azure needs wired, the roles assigned, the hardening, the Entra app.
/// </summary>
public sealed partial class InfrastructureTests
{
    private static readonly string s_root = Repository.GetRoot(AppContext.BaseDirectory);
    private static readonly string s_main = Infra("main.bicep");
    private static readonly IReadOnlyDictionary<string, string> s_appSettings = BicepText.Properties(BicepText.Block(s_main, "var appSettings ="));
    private static readonly string s_listSettings = BicepText.Block(s_main, "var listSettings =");

    /// <summary>
    /// Settings the worker binds that Bicep deliberately does not write. Local runs only: Storage__ConnectionString (Azure
    /// signs in to storage with the managed identity), OAuth__SigningKeyFile (Azure keeps the keys in Key Vault),
    /// Entra__ClientSecret (the managed identity is the federated credential). Entra__AllowedTenants: the app registration
    /// is single-tenant and Entra__TenantId is always allowed, so there is nothing to list.
    /// </summary>
    private static readonly string[] s_notInAzure = ["Storage__ConnectionString", "OAuth__SigningKeyFile", "Entra__ClientSecret", "Entra__AllowedTenants"];

    /// <summary>Documented Functions host settings Bicep writes besides the app's own (and AzureWebJobsStorage__*).</summary>
    private static readonly string[] s_functionsSettings = ["APPLICATIONINSIGHTS_CONNECTION_STRING", "APPLICATIONINSIGHTS_AUTHENTICATION_STRING"];

    /// <summary>
    /// Settings a Flex Consumption app must not be given (reference/azure.md §2.1): Flex derives the worker runtime from
    /// functionAppConfig.runtime and deploys from its container, and the isolated worker needs no feature flag.
    /// </summary>
    private static readonly string[] s_notOnFlex = ["FUNCTIONS_WORKER_RUNTIME", "AzureWebJobsFeatureFlags", "WEBSITE_RUN_FROM_PACKAGE", "WEBSITE_CONTENT"];

    [Theory]
    [MemberData(nameof(ConfigurationFilesTests.BoundOptions), MemberType = typeof(ConfigurationFilesTests))]
    public void AppSettings_SetEverySettingTheAppBinds_ExceptLocalOnes(string section, Type options)
    {
        foreach (PropertyInfo property in options.GetProperties().Where(p => p.CanWrite))
        {
            string key = $"{section}__{property.Name}";
            if (s_notInAzure.Any(key.StartsWith))
                continue;
            if (property.PropertyType.IsArray)
                Assert.True(s_listSettings.Contains($"'{key}__${{i}}'", StringComparison.Ordinal), $"main.bicep listSettings does not write {key}__0, __1, ...");
            else
                Assert.True(s_appSettings.ContainsKey(key), $"main.bicep appSettings lacks {key}");
        }
    }

    [Fact]
    public void AppSettings_AreOnlySettingsTheAppBinds_OrFunctionsReads()
    {
        HashSet<string> bound = BoundKeys().ToHashSet(StringComparer.Ordinal);
        string[] lists = ListSettingNames().ToArray();

        foreach (string name in s_appSettings.Keys)
            Assert.True(bound.Contains(name) || s_functionsSettings.Contains(name) || name.StartsWith("AzureWebJobsStorage__", StringComparison.Ordinal),
                $"main.bicep writes {name}, which neither the app nor the Functions host reads");
        Assert.NotEmpty(lists);
        foreach (string name in lists)
            Assert.True(bound.Contains(name), $"main.bicep writes the list {name}__i, which the app does not bind as a list");
    }

    [Theory]
    [InlineData("Server__BaseUrl", "'https://${functionApp.outputs.defaultHostName}'")]
    [InlineData("Storage__TableServiceUri", "storage.outputs.tableEndpoint")]
    [InlineData("Storage__ManagedIdentityClientId", "identity.outputs.clientId")]
    [InlineData("KeyVault__Uri", "keyVault.outputs.uri")]
    [InlineData("KeyVault__ManagedIdentityClientId", "identity.outputs.clientId")]
    [InlineData("Entra__ClientId", "entraApp.outputs.clientId")]
    [InlineData("Entra__ManagedIdentityClientId", "identity.outputs.clientId")]
    [InlineData("Entra__TenantId", "tenant().tenantId")]
    [InlineData("SignIn__Mode", "'Entra'")]
    [InlineData("AzureWebJobsStorage__accountName", "storage.outputs.name")]
    [InlineData("AzureWebJobsStorage__credential", "'managedidentity'")]
    [InlineData("AzureWebJobsStorage__clientId", "identity.outputs.clientId")]
    public void AppSettings_WireTheAzureValue(string setting, string value) =>
        Assert.Equal(value, s_appSettings[setting]);

    /// <summary>The module outputs the settings above read are what their names say.</summary>
    [Theory]
    [InlineData("functionapp.bicep", "defaultHostName", "site.properties.defaultHostName")]
    [InlineData("storage.bicep", "tableEndpoint", "storage.properties.primaryEndpoints.table")]
    [InlineData("identity.bicep", "clientId", "identity.properties.clientId")]
    [InlineData("identity.bicep", "principalId", "identity.properties.principalId")]
    [InlineData("keyvault.bicep", "uri", "vault.properties.vaultUri")]
    [InlineData("entra-app.bicep", "clientId", "app.appId")]
    public void ModuleOutput_IsTheResourceProperty(string module, string output, string value) =>
        Assert.Contains($"\noutput {output} string = {value}\n", Infra($"modules/{module}"), StringComparison.Ordinal);

    [Fact]
    public void AppSettings_LeaveOutWhatFlexConsumptionDerivesOrRefuses()
    {
        foreach (string name in s_appSettings.Keys)
            Assert.False(s_notOnFlex.Any(name.StartsWith), $"main.bicep writes {name}, which a Flex Consumption app must not be given");
        // Nor anywhere else in the templates (comments may explain them).
        foreach (string file in BicepFiles().Select(row => row.Data))
        {
            string code = string.Join('\n', Infra(file).Split('\n').Where(line => !line.TrimStart().StartsWith("//", StringComparison.Ordinal)));
            foreach (string name in s_notOnFlex)
                Assert.False(code.Contains(name, StringComparison.Ordinal), $"{file} sets {name}, which a Flex Consumption app must not be given");
        }
    }

    [Fact]
    public void FunctionApp_GetsItsSettingsFromMainBicep() =>
        Assert.Equal("union(appSettings, listSettings)", BicepText.ModuleParameter(s_main, "functionAppSettings", "settings"));

    /// <summary>Built-in role ids (reference/azure.md §2.2), each on the resource the app uses it for.</summary>
    [Theory]
    [InlineData("storageTableDataContributor", "0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3", "storage")]
    [InlineData("storageBlobDataOwner", "b7e6dc6d-f1e8-4753-8033-0f276bb0955b", "storage")]
    [InlineData("storageQueueDataContributor", "974c5e8b-45b9-4653-ba55-5f855dd0fb88", "storage")]
    [InlineData("keyVaultSecretsOfficer", "b86a8fe4-44ce-4948-aee5-eccb2c155cd7", "vault")]
    [InlineData("monitoringMetricsPublisher", "3913510d-42f4-4e42-8a64-420c390055eb", "appInsights")]
    public void RoleAssignment_GivesTheIdentityTheBuiltInRole_OnItsResource(string role, string roleId, string scope)
    {
        string roles = Infra("modules/roles.bicep");
        Assert.Equal($"'{roleId}'", BicepText.Property(BicepText.Block(roles, "var roles ="), role));

        string assignment = Assert.Single(BicepText.Resources(roles, "Microsoft.Authorization/roleAssignments"),
            a => a.Contains($"roleDefinitions', roles.{role})", StringComparison.Ordinal));
        Assert.Equal(scope, BicepText.Property(assignment, "scope"));
        string properties = BicepText.Block(assignment, "properties:");
        Assert.Equal("principalId", BicepText.Property(properties, "principalId"));
        Assert.Equal("'ServicePrincipal'", BicepText.Property(properties, "principalType"));
        Assert.Equal("identity.outputs.principalId", BicepText.ModuleParameter(s_main, "roles", "principalId"));
    }

    [Theory]
    [MemberData(nameof(BicepFiles))]
    public void EveryParameter_HasADescription(string file)
    {
        var parameters = BicepText.Parameters(Infra(file)).ToList();

        Assert.NotEmpty(parameters);
        foreach ((string name, IReadOnlyList<string> decorators) in parameters)
            Assert.True(decorators.Any(d => d.StartsWith("@description(", StringComparison.Ordinal)), $"{file}: param {name} has no @description");
    }

    [Fact]
    public void Outputs_UsedByAzureYamlAndTheReadmes_AreDeclared()
    {
        IReadOnlySet<string> outputs = BicepText.Outputs(s_main);
        string azureYaml = File.ReadAllText(Path.Combine(s_root, "azure.yaml"));
        string deploySection = Section(File.ReadAllText(Path.Combine(s_root, "README.md")), "## Deploy with `azd up`");
        string outputsSection = Section(Infra("README.md"), "## Outputs");

        var used = EnvironmentReference().Matches(azureYaml).Select(m => m.Groups["name"].Value)
            .Concat(BacktickedName().Matches(deploySection + outputsSection).Select(m => m.Groups["name"].Value))
            .Except(s_azdInputs)
            .ToList();

        Assert.NotEmpty(used);
        foreach (string name in used)
            Assert.True(outputs.Contains(name), $"{name} is used but main.bicep has no such output");
    }

    [Fact]
    public void ParametersFile_GivesEveryRequiredParameter_FromTheAzdEnvironment()
    {
        using JsonDocument file = JsonDocument.Parse(Infra("main.parameters.json"));
        JsonElement parameters = file.RootElement.GetProperty("parameters");

        Assert.Equal("${AZURE_ENV_NAME}", parameters.GetProperty("environmentName").GetProperty("value").GetString());
        Assert.Equal("${AZURE_LOCATION}", parameters.GetProperty("location").GetProperty("value").GetString());
        foreach (JsonProperty parameter in parameters.EnumerateObject())
            Assert.Contains($"\nparam {parameter.Name} ", s_main, StringComparison.Ordinal);
    }

    [Fact]
    public void StorageAccount_AllowsOnlyEntraSignIn_OverTls12_WithNoPublicBlobs_AndHasTheDeploymentContainer()
    {
        string storage = Infra("modules/storage.bicep");
        string properties = BicepText.Block(BicepText.Single(storage, "Microsoft.Storage/storageAccounts"), "properties:");

        Assert.Equal("false", BicepText.Property(properties, "allowSharedKeyAccess"));
        Assert.Equal("'TLS1_2'", BicepText.Property(properties, "minimumTlsVersion"));
        Assert.Equal("false", BicepText.Property(properties, "allowBlobPublicAccess"));
        Assert.Equal("deploymentContainerName", BicepText.Property(BicepText.Single(storage, "Microsoft.Storage/storageAccounts/blobServices/containers"), "name"));
        Assert.Equal("storage.outputs.deploymentContainerUrl", BicepText.ModuleParameter(s_main, "functionApp", "deploymentContainerUrl"));
    }

    [Fact]
    public void KeyVault_UsesRbac_SoftDelete_AndPurgeProtection()
    {
        string properties = BicepText.Block(BicepText.Single(Infra("modules/keyvault.bicep"), "Microsoft.KeyVault/vaults"), "properties:");

        Assert.Equal("true", BicepText.Property(properties, "enableRbacAuthorization"));
        Assert.Equal("true", BicepText.Property(properties, "enableSoftDelete"));
        Assert.Equal("true", BicepText.Property(properties, "enablePurgeProtection"));
    }

    [Fact]
    public void FunctionApp_RunsTheIsolatedWorker_OnFlexConsumptionsDotnetIsolated10_AsTheAzdService()
    {
        string module = Infra("modules/functionapp.bicep");
        string plan = BicepText.Single(module, "Microsoft.Web/serverfarms");
        string site = BicepText.Single(module, "Microsoft.Web/sites");
        IReadOnlyDictionary<string, string> runtime = BicepText.Properties(BicepText.Block(site, "runtime:"));

        Assert.Equal("'FlexConsumption'", BicepText.Property(BicepText.Block(plan, "sku:"), "tier"));
        Assert.Equal("'FC1'", BicepText.Property(BicepText.Block(plan, "sku:"), "name"));
        Assert.Equal(["name", "version"], runtime.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("'dotnet-isolated'", runtime["name"]);
        Assert.Equal("'10.0'", runtime["version"]);
        Assert.Equal("'UserAssigned'", BicepText.Property(BicepText.Block(site, "identity:"), "type"));
        Assert.Contains("'azd-service-name': 'mcp'", site, StringComparison.Ordinal);
    }

    /// <summary>Scale and cold start are main.bicep parameters handed to the function app's scaleAndConcurrency.</summary>
    [Theory]
    [InlineData("maximumInstanceCount", "100")]
    [InlineData("instanceMemoryMB", "2048")]
    [InlineData("alwaysReadyInstanceCount", "0")]
    [InlineData("httpPerInstanceConcurrency", "16")]
    public void ScaleParameters_HaveTheirDefaults_AndReachTheFunctionApp(string parameter, string defaultValue)
    {
        string module = Infra("modules/functionapp.bicep");
        string scale = BicepText.Block(BicepText.Single(module, "Microsoft.Web/sites"), "scaleAndConcurrency:");

        Assert.Contains($"\nparam {parameter} int = {defaultValue}\n", s_main, StringComparison.Ordinal);
        Assert.Equal(parameter, BicepText.ModuleParameter(s_main, "functionApp", parameter));
        Assert.Contains(parameter, scale, StringComparison.Ordinal);
    }

    /// <summary>azd publishes the worker project (not the local host) as the function service the Bicep tags.</summary>
    [Fact]
    public void AzureYaml_DeploysTheIsolatedWorker_AsTheFunctionServiceMcp()
    {
        string azureYaml = File.ReadAllText(Path.Combine(s_root, "azure.yaml"));
        int start = azureYaml.IndexOf("\n  mcp:\n", StringComparison.Ordinal);
        Assert.True(start >= 0, "azure.yaml has no service mcp");
        string service = azureYaml[start..];

        Assert.Contains("\n    project: ./src/FunctionsMcp.Functions\n", service, StringComparison.Ordinal);
        Assert.Contains("\n    language: dotnet\n", service, StringComparison.Ordinal);
        Assert.Contains("\n    host: function", service, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(s_root, "src", "FunctionsMcp.Functions", "FunctionsMcp.Functions.csproj")));
    }

    [Fact]
    public void EntraApp_HasTheThreeAppRoles_AndTheSignInCallback()
    {
        string module = Infra("modules/entra-app.bicep");
        string app = BicepText.Single(module, "Microsoft.Graph/applications");
        var roles = Regex.Matches(BicepText.Block(module, "var appRoles ="), @"value: '(\w+)'").Select(m => m.Groups[1].Value);

        Assert.Equal(["Admin", "Coordinator", "SupportWorker"], roles);
        Assert.Contains("'https://${appHostName}/signin/callback'", BicepText.Block(app, "web:"), StringComparison.Ordinal);
        Assert.Equal("functionApp.outputs.defaultHostName", BicepText.ModuleParameter(s_main, "entraApp", "appHostName"));
    }

    [Fact]
    public void EntraApp_TrustsTheManagedIdentity_AndHasNoSecret()
    {
        string module = Infra("modules/entra-app.bicep");
        string credential = BicepText.Single(module, "Microsoft.Graph/applications/federatedIdentityCredentials");

        Assert.Equal("managedIdentityPrincipalId", BicepText.Property(credential, "subject"));
        Assert.Equal("'${environment().authentication.loginEndpoint}${tenant().tenantId}/v2.0'", BicepText.Property(credential, "issuer"));
        Assert.Contains("'api://AzureADTokenExchange'", BicepText.Block(credential, "audiences:"), StringComparison.Ordinal);
        Assert.Equal("identity.outputs.principalId", BicepText.ModuleParameter(s_main, "entraApp", "managedIdentityPrincipalId"));
        Assert.DoesNotContain("passwordCredentials", module, StringComparison.Ordinal);
        Assert.Equal("extension microsoftGraphV1", module.Split('\n').Single(l => l.StartsWith("extension ", StringComparison.Ordinal)));
        Assert.Contains("\"microsoftGraphV1\"", Infra("bicepconfig.json"), StringComparison.Ordinal);
    }

    public static TheoryData<string> BicepFiles() =>
        new(Directory.GetFiles(Path.Combine(s_root, "infra"), "*.bicep", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(Path.Combine(s_root, "infra"), f).Replace('\\', '/'))
            .Order(StringComparer.Ordinal));

    /// <summary>azd environment values the docs mention that are inputs, not outputs.</summary>
    private static readonly string[] s_azdInputs = ["AZURE_ENV_NAME", "AZURE_SUBSCRIPTION_ID", "SERVICE_MANAGEMENT_REFERENCE"];

    private static string Infra(string path) => File.ReadAllText(Path.Combine(s_root, "infra", path));

    /// <summary>Every key the app binds: <c>Section__Property</c>, lists as <c>Section__Property</c> too.</summary>
    private static IEnumerable<string> BoundKeys() =>
        ConfigurationFilesTests.BoundOptions.Select(row => row.Data).SelectMany(row =>
            row.Item2.GetProperties().Where(p => p.CanWrite).Select(p => $"{row.Item1}__{p.Name}"));

    private static IEnumerable<string> ListSettingNames() =>
        ListSettingName().Matches(s_listSettings).Select(m => m.Groups["name"].Value);

    private static string Section(string markdown, string heading)
    {
        int start = markdown.IndexOf(heading, StringComparison.Ordinal);
        Assert.True(start >= 0, $"no '{heading}' heading");
        int end = markdown.IndexOf("\n## ", start + heading.Length, StringComparison.Ordinal);
        return end < 0 ? markdown[start..] : markdown[start..end];
    }

    [GeneratedRegex(@"\$\{?(?<name>[A-Z][A-Z0-9_]+)")]
    private static partial Regex EnvironmentReference();

    [GeneratedRegex(@"`(?<name>[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+)`")]
    private static partial Regex BacktickedName();

    [GeneratedRegex(@"'(?<name>\w+)__\$\{i\}'")]
    private static partial Regex ListSettingName();
}
