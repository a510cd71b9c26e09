using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using FunctionsMcp.LocalDev;

namespace FunctionsMcp.Host.Tests.Hosting;

/// <summary>
/// <c>infra/</c> and the app agree, read from the ARM template the Bicep compiler makes of <c>main.bicep</c>
/// (<see cref="CompiledInfra"/>, compiled once for the class), so a misspelt resource property, a renamed setting or a
/// changed role id fails here, not only at deployment. This file: the app settings, parameters and outputs;
/// <c>InfrastructureTests.Resources.cs</c>: the resources, their hardening, the roles and the Entra app. Values that need a deployment are compared as the compiled
/// expressions (<c>"[reference('identity').outputs.clientId.value]"</c>).
/// </summary>
public sealed partial class InfrastructureTests(CompiledInfra infra) : IClassFixture<CompiledInfra>
{
    private static readonly string s_root = Repository.GetRoot(AppContext.BaseDirectory);
    private readonly ArmTemplate _main = infra.Main;

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

    /// <summary>azd environment values the docs mention that are inputs, not outputs.</summary>
    private static readonly string[] s_azdInputs = ["AZURE_ENV_NAME", "AZURE_SUBSCRIPTION_ID", "SERVICE_MANAGEMENT_REFERENCE"];

    [Theory]
    [MemberData(nameof(ConfigurationFilesTests.BoundOptions), MemberType = typeof(ConfigurationFilesTests))]
    public void AppSettings_SetEverySettingTheAppBinds_ExceptLocalOnes(string section, Type options)
    {
        JsonObject settings = Settings(WithTwoOfEveryList(_main));

        foreach (PropertyInfo property in options.GetProperties().Where(p => p.CanWrite))
        {
            string key = $"{section}__{property.Name}";
            if (s_notInAzure.Any(key.StartsWith))
                continue;
            if (property.PropertyType.IsArray)
                Assert.True(settings.ContainsKey($"{key}__0") && settings.ContainsKey($"{key}__1"), $"with two values in every list parameter, the app settings lack {key}__0 and {key}__1");
            else
                Assert.True(settings.ContainsKey(key), $"the function app's settings lack {key}");
        }
    }

    [Fact]
    public void AppSettings_AreOnlySettingsTheAppBinds_OrFunctionsReads()
    {
        Dictionary<string, Type> bound = BoundProperties().ToDictionary(p => p.Key, p => p.Type, StringComparer.Ordinal);
        var lists = new List<string>();

        foreach (string name in Settings(WithTwoOfEveryList(_main)).Select(s => s.Key))
        {
            if (ListElement().Match(name) is { Success: true } element)
            {
                string list = element.Groups["list"].Value;
                lists.Add(list);
                Assert.True(bound.TryGetValue(list, out Type? type) && type.IsArray, $"main.bicep writes {name}, but the app does not bind {list} as a list");
            }
            else
            {
                Assert.True(bound.ContainsKey(name) || s_functionsSettings.Contains(name) || name.StartsWith("AzureWebJobsStorage__", StringComparison.Ordinal),
                    $"main.bicep writes {name}, which neither the app nor the Functions host reads");
            }
        }
        Assert.NotEmpty(lists);
    }

    /// <summary>A list parameter becomes List__0, List__1, … (how configuration binds an array), and nothing when empty.</summary>
    [Theory]
    [InlineData("allowedOrigins", "Mcp__AllowedOrigins")]
    [InlineData("redirectHostsAllowed", "OAuthClients__RedirectHostsAllowed")]
    [InlineData("redirectHostsDenied", "OAuthClients__RedirectHostsDenied")]
    public void AppSettings_WriteAListParameter_OneSettingPerElement(string parameter, string setting)
    {
        JsonObject settings = Settings(_main.With(parameter, new JsonArray("https://a.example", "https://b.example")));

        Assert.Equal("https://a.example", Text(settings[$"{setting}__0"]));
        Assert.Equal("https://b.example", Text(settings[$"{setting}__1"]));
        Assert.Equal(2, settings.Count(s => s.Key.StartsWith(setting + "__", StringComparison.Ordinal)));
        Assert.DoesNotContain(Settings(_main), s => s.Key.StartsWith(setting + "__", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("Server__BaseUrl", "[format('https://{0}', reference('functionApp').outputs.defaultHostName.value)]")]
    [InlineData("Storage__TableServiceUri", "[reference('storage').outputs.tableEndpoint.value]")]
    [InlineData("Storage__ManagedIdentityClientId", "[reference('identity').outputs.clientId.value]")]
    [InlineData("KeyVault__Uri", "[reference('keyVault').outputs.uri.value]")]
    [InlineData("KeyVault__ManagedIdentityClientId", "[reference('identity').outputs.clientId.value]")]
    [InlineData("Entra__ClientId", "[reference('entraApp').outputs.clientId.value]")]
    [InlineData("Entra__ManagedIdentityClientId", "[reference('identity').outputs.clientId.value]")]
    [InlineData("Entra__TenantId", "[tenant().tenantId]")]
    [InlineData("Entra__Instance", "[environment().authentication.loginEndpoint]")]
    [InlineData("SignIn__Mode", "Entra")]
    [InlineData("AzureWebJobsStorage__accountName", "[reference('storage').outputs.name.value]")]
    [InlineData("AzureWebJobsStorage__credential", "managedidentity")]
    [InlineData("AzureWebJobsStorage__clientId", "[reference('identity').outputs.clientId.value]")]
    [InlineData("APPLICATIONINSIGHTS_CONNECTION_STRING", "[reference('monitoring').outputs.connectionString.value]")]
    [InlineData("APPLICATIONINSIGHTS_AUTHENTICATION_STRING", "[format('ClientId={0};Authorization=AAD', reference('identity').outputs.clientId.value)]")]
    public void AppSettings_WireTheAzureValue(string setting, string value) =>
        Assert.Equal(value, Text(Settings(_main)[setting]));

    /// <summary>The Functions host reaches its storage as the managed identity: no connection string, no key.</summary>
    [Fact]
    public void HostStorage_UsesTheManagedIdentity_NotAConnectionString() =>
        Assert.Equal(["AzureWebJobsStorage__accountName", "AzureWebJobsStorage__clientId", "AzureWebJobsStorage__credential"],
            Settings(_main).Select(s => s.Key).Where(k => k.StartsWith("AzureWebJobsStorage", StringComparison.Ordinal)).Order(StringComparer.Ordinal));

    /// <summary>The module outputs the settings above read are what their names say.</summary>
    [Theory]
    [InlineData("functionApp", "defaultHostName", "site", "Microsoft.Web/sites", "defaultHostName")]
    [InlineData("storage", "tableEndpoint", "storage", "Microsoft.Storage/storageAccounts", "primaryEndpoints.table")]
    [InlineData("identity", "clientId", "identity", "Microsoft.ManagedIdentity/userAssignedIdentities", "clientId")]
    [InlineData("identity", "principalId", "identity", "Microsoft.ManagedIdentity/userAssignedIdentities", "principalId")]
    [InlineData("keyVault", "uri", "vault", "Microsoft.KeyVault/vaults", "vaultUri")]
    [InlineData("entraApp", "clientId", "app", "Microsoft.Graph/applications", "appId")]
    [InlineData("monitoring", "connectionString", "appInsights", "Microsoft.Insights/components", "ConnectionString")]
    public void ModuleOutput_IsTheResourceProperty(string module, string output, string resource, string type, string property)
    {
        ArmTemplate template = _main.Module(module);

        Assert.Equal($"[reference('{resource}').{property}]", Text(template.Output(output)));
        Assert.Equal(type, template.TypeOf(resource));
    }

    [Fact]
    public void AppSettings_LeaveOutWhatFlexConsumptionDerivesOrRefuses()
    {
        foreach (string name in Settings(WithTwoOfEveryList(_main)).Select(s => s.Key))
            Assert.False(s_notOnFlex.Any(name.StartsWith), $"main.bicep writes {name}, which a Flex Consumption app must not be given");
        // Nor anywhere else in the compiled template (descriptions may explain them).
        foreach (string text in NamesAndStrings(_main.Json))
            foreach (string name in s_notOnFlex)
                Assert.False(text.Contains(name, StringComparison.Ordinal), $"the compiled template sets {name}, which a Flex Consumption app must not be given: {text}");
    }

    [Fact]
    public void FunctionApp_GetsItsSettingsFromMainBicep()
    {
        ArmTemplate module = _main.Module("functionAppSettings");
        JsonObject config = module.Resource("Microsoft.Web/sites/config");

        Assert.Equal("[format('{0}/{1}', parameters('functionAppName'), 'appsettings')]", Text(config["name"]));
        Assert.Equal("[parameters('settings')]", Text(config["properties"]));
        Assert.True(JsonNode.DeepEquals(_main.Module("functionApp").Argument("name"), module.Argument("functionAppName")), "the settings go to another app than functionapp.bicep's");
        // The host starts reading storage and Key Vault as soon as the settings land.
        Assert.Contains("roles", _main.Json["resources"]!["functionAppSettings"]!["dependsOn"]!.AsArray().Select(Text));
    }

    [Theory]
    [MemberData(nameof(BicepFiles))]
    public void EveryParameter_HasADescription(string file)
    {
        JsonObject parameters = (file == "main.bicep" ? _main : _main.Module(ModuleDeploying(file))).Parameters;

        Assert.NotEmpty(parameters);
        foreach ((string name, JsonNode? declaration) in parameters)
            Assert.False(string.IsNullOrWhiteSpace(Text(declaration?["metadata"]?["description"])), $"{file}: param {name} has no @description");
    }

    [Fact]
    public void Outputs_UsedByAzureYamlAndTheReadmes_AreDeclared()
    {
        HashSet<string> outputs = _main.OutputNames.ToHashSet(StringComparer.Ordinal);
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

    /// <summary>What infra/README.md's "Outputs" table says each output holds.</summary>
    [Theory]
    [InlineData("SERVICE_MCP_URI", "[format('https://{0}', reference('functionApp').outputs.defaultHostName.value)]")]
    [InlineData("MCP_ENDPOINT", "[format('https://{0}/mcp', reference('functionApp').outputs.defaultHostName.value)]")]
    [InlineData("SERVICE_MCP_NAME", "[reference('functionApp').outputs.name.value]")]
    [InlineData("ENTRA_CLIENT_ID", "[reference('entraApp').outputs.clientId.value]")]
    [InlineData("ENTRA_REDIRECT_URI", "[format('https://{0}/signin/callback', reference('functionApp').outputs.defaultHostName.value)]")]
    [InlineData("AZURE_MANAGED_IDENTITY_CLIENT_ID", "[reference('identity').outputs.clientId.value]")]
    [InlineData("AZURE_STORAGE_ACCOUNT_NAME", "[reference('storage').outputs.name.value]")]
    [InlineData("AZURE_STORAGE_TABLE_ENDPOINT", "[reference('storage').outputs.tableEndpoint.value]")]
    [InlineData("AZURE_KEY_VAULT_NAME", "[reference('keyVault').outputs.name.value]")]
    [InlineData("AZURE_KEY_VAULT_URI", "[reference('keyVault').outputs.uri.value]")]
    [InlineData("AZURE_TENANT_ID", "[tenant().tenantId]")]
    [InlineData("AZURE_RESOURCE_GROUP", "rg-" + CompiledInfra.EnvironmentName)]
    [InlineData("AZURE_LOCATION", CompiledInfra.Location)]
    public void Output_HoldsWhatTheReadmeSays(string output, string value) =>
        Assert.Equal(value, Text(_main.Output(output)));

    /// <summary>The README gives SERVICE_MCP_URI as the app's Server__BaseUrl and ENTRA_CLIENT_ID as its Entra__ClientId.</summary>
    [Fact]
    public void Outputs_AreTheValuesTheAppIsGiven()
    {
        JsonObject settings = Settings(_main);

        Assert.True(JsonNode.DeepEquals(settings["Server__BaseUrl"], _main.Output("SERVICE_MCP_URI")));
        Assert.True(JsonNode.DeepEquals(settings["Entra__ClientId"], _main.Output("ENTRA_CLIENT_ID")));
    }

    [Fact]
    public void ParametersFile_GivesEveryRequiredParameter_FromTheAzdEnvironment()
    {
        using JsonDocument file = JsonDocument.Parse(Infra("main.parameters.json"));
        JsonElement given = file.RootElement.GetProperty("parameters");

        Assert.Equal("${AZURE_ENV_NAME}", given.GetProperty("environmentName").GetProperty("value").GetString());
        Assert.Equal("${AZURE_LOCATION}", given.GetProperty("location").GetProperty("value").GetString());
        foreach (JsonProperty parameter in given.EnumerateObject())
            Assert.True(_main.Parameters.ContainsKey(parameter.Name), $"main.parameters.json gives {parameter.Name}, which main.bicep does not declare");
        foreach (string name in _main.Parameters.Where(p => !p.Value!.AsObject().ContainsKey("defaultValue")).Select(p => p.Key))
            Assert.True(given.TryGetProperty(name, out _), $"main.bicep requires {name} but main.parameters.json does not give it");
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

    public static TheoryData<string> BicepFiles() =>
        new(Directory.GetFiles(Path.Combine(s_root, "infra"), "*.bicep", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(Path.Combine(s_root, "infra"), f).Replace('\\', '/'))
            .Order(StringComparer.Ordinal));

    /// <summary>Every app setting main.bicep hands the settings module, evaluated (unknown values as expressions).</summary>
    private static JsonObject Settings(ArmTemplate main) => main.Module("functionAppSettings").Argument("settings")!.AsObject();

    /// <summary>main.json deployed with two values in each list parameter, so every list setting is written.</summary>
    private static ArmTemplate WithTwoOfEveryList(ArmTemplate main) =>
        main.Parameters.Where(p => Text(p.Value!["type"]) == "array")
            .Aggregate(main, (template, p) => template.With(p.Key, new JsonArray($"{p.Key}-0", $"{p.Key}-1")));

    /// <summary>
    /// The name main.bicep declares a module file under (<c>module roles 'modules/roles.bicep'</c>): the compiled template
    /// keys a module by that name and keeps no file path, so this is the one thing read from the Bicep text.
    /// </summary>
    private static string ModuleDeploying(string file)
    {
        Match? module = ModuleDeclaration().Matches(Infra("main.bicep")).SingleOrDefault(m => m.Groups["file"].Value == file);
        Assert.True(module is not null, $"main.bicep does not deploy {file}");
        return module.Groups["name"].Value;
    }

    /// <summary>Every key the app binds (<c>Section__Property</c>) with the property's type.</summary>
    private static IEnumerable<(string Key, Type Type)> BoundProperties() =>
        ConfigurationFilesTests.BoundOptions.Select(row => row.Data).SelectMany(row =>
            row.Item2.GetProperties().Where(p => p.CanWrite).Select(p => ($"{row.Item1}__{p.Name}", p.PropertyType)));

    /// <summary>Every property name and string value, leaving out metadata (descriptions).</summary>
    private static IEnumerable<string> NamesAndStrings(JsonNode? node) => node switch
    {
        JsonObject o => o.Where(p => p.Key != "metadata").SelectMany(p => NamesAndStrings(p.Value).Prepend(p.Key)),
        JsonArray a => a.SelectMany(NamesAndStrings),
        JsonValue v when v.TryGetValue(out string? s) => [s],
        _ => [],
    };

    /// <summary>A string value (a literal or an expression still to be deployed); null when there is none.</summary>
    private static string? Text(JsonNode? node) => (string?)node;

    /// <summary>Any other value as JSON (<c>false</c>, <c>2048</c>, <c>["User"]</c>), so a string "false" does not pass for false.</summary>
    private static string? Json(JsonNode? node) => node?.ToJsonString();

    private static string Infra(string path) => File.ReadAllText(Path.Combine(s_root, "infra", path));

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

    [GeneratedRegex(@"^(?<list>.+)__\d+$")]
    private static partial Regex ListElement();

    [GeneratedRegex(@"^module (?<name>\w+) '(?<file>[^']+)'", RegexOptions.Multiline)]
    private static partial Regex ModuleDeclaration();
}
