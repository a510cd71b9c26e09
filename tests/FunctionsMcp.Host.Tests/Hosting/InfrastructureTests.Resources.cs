using System.Globalization;
using System.Text.Json.Nodes;
using FunctionsMcp.Storage;

namespace FunctionsMcp.Host.Tests.Hosting;

/// <summary>The resources of the compiled template: roles, storage and Key Vault hardening, the function app, the Entra app.</summary>
public sealed partial class InfrastructureTests
{
    private const string RoleAssignments = "Microsoft.Authorization/roleAssignments";

    /// <summary>Built-in role ids (reference/azure.md §2.2), each on the resource the app uses it for.</summary>
    [Theory]
    [InlineData("storageTableDataContributor", "0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3", "Microsoft.Storage/storageAccounts", "storageAccountName")]
    [InlineData("storageBlobDataOwner", "b7e6dc6d-f1e8-4753-8033-0f276bb0955b", "Microsoft.Storage/storageAccounts", "storageAccountName")]
    [InlineData("storageQueueDataContributor", "974c5e8b-45b9-4653-ba55-5f855dd0fb88", "Microsoft.Storage/storageAccounts", "storageAccountName")]
    [InlineData("keyVaultSecretsOfficer", "b86a8fe4-44ce-4948-aee5-eccb2c155cd7", "Microsoft.KeyVault/vaults", "keyVaultName")]
    [InlineData("monitoringMetricsPublisher", "3913510d-42f4-4e42-8a64-420c390055eb", "Microsoft.Insights/components", "applicationInsightsName")]
    public void RoleAssignment_GivesTheIdentityTheBuiltInRole_OnItsResource(string role, string roleId, string scopeType, string scopeParameter)
    {
        ArmTemplate roles = _main.Module("roles");
        Assert.Equal(roleId, Text(roles.Variable("roles")?[role]));

        JsonObject assignment = Assert.Single(roles.Resources(RoleAssignments),
            a => Text(a["properties"]?["roleDefinitionId"]) == $"[subscriptionResourceId('Microsoft.Authorization/roleDefinitions', '{roleId}')]");
        Assert.Equal($"[resourceId('{scopeType}', parameters('{scopeParameter}'))]", Text(assignment["scope"]));
        Assert.Equal("[parameters('principalId')]", Text(assignment["properties"]?["principalId"]));
        Assert.Equal("ServicePrincipal", Text(assignment["properties"]?["principalType"]));
        Assert.Equal("[reference('identity').outputs.principalId.value]", Text(roles.Argument("principalId")));
    }

    /// <summary>Least privilege: the five roles above and no other.</summary>
    [Fact]
    public void RoleAssignments_AreOnlyTheOnesTheAppNeeds() =>
        Assert.Equal(5, _main.Module("roles").Resources(RoleAssignments).Count);

    /// <summary>The names roles.bicep scopes its assignments by are the resources the other modules create.</summary>
    [Theory]
    [InlineData("storageAccountName", "storage", "name", "Microsoft.Storage/storageAccounts")]
    [InlineData("keyVaultName", "keyVault", "name", "Microsoft.KeyVault/vaults")]
    [InlineData("applicationInsightsName", "monitoring", "applicationInsightsName", "Microsoft.Insights/components")]
    [InlineData("identityName", "identity", "name", "Microsoft.ManagedIdentity/userAssignedIdentities")]
    public void RoleAssignments_AreScopedToTheResourcesTheOtherModulesCreate(string rolesParameter, string module, string moduleParameter, string type)
    {
        ArmTemplate other = _main.Module(module);

        Assert.True(JsonNode.DeepEquals(other.Argument(moduleParameter), _main.Module("roles").Argument(rolesParameter)), $"roles.{rolesParameter} is not {module}.{moduleParameter}");
        Assert.Equal($"[parameters('{moduleParameter}')]", Text(other.Resource(type)["name"]));
    }

    [Fact]
    public void StorageAccount_AllowsOnlyEntraSignIn_OverTls12_WithNoPublicBlobs_AndHasTheDeploymentContainer()
    {
        ArmTemplate storage = _main.Module("storage");
        JsonNode? properties = storage.Resource("Microsoft.Storage/storageAccounts")["properties"];
        JsonObject container = storage.Resource("Microsoft.Storage/storageAccounts/blobServices/containers");

        Assert.Equal("false", Json(properties?["allowSharedKeyAccess"]));
        Assert.Equal("TLS1_2", Text(properties?["minimumTlsVersion"]));
        Assert.Equal("false", Json(properties?["allowBlobPublicAccess"]));
        Assert.Equal("true", Json(properties?["supportsHttpsTrafficOnly"]));
        Assert.Equal("true", Json(properties?["defaultToOAuthAuthentication"]));
        Assert.Equal("[format('{0}/{1}/{2}', parameters('name'), 'default', 'app-package')]", Text(container["name"]));
        Assert.Equal("None", Text(container["properties"]?["publicAccess"]));
        Assert.Equal("[reference('storage').outputs.deploymentContainerUrl.value]", Text(_main.Module("functionApp").Argument("deploymentContainerUrl")));
    }

    /// <summary>Bicep creates every table the app uses, and tells the app not to create them on its first requests.</summary>
    [Fact]
    public void StorageAccount_HasEveryTableTheAppUses_AndTheAppDoesNotCreateThem()
    {
        JsonObject tables = _main.Module("storage").Resource("Microsoft.Storage/storageAccounts/tableServices/tables");

        Assert.Equal(TableNames.All.Order(StringComparer.Ordinal), _main.Module("storage").Variable("appTables")!.AsArray().Select(t => t!.GetValue<string>()).Order(StringComparer.Ordinal));
        Assert.Equal(TableNames.All.Count, tables["copy"]?["count"]?.GetValue<int>());
        Assert.Contains("[copyIndex()]", Text(tables["name"]), StringComparison.Ordinal);
        Assert.Equal("false", Text(Settings(_main)["Storage__CreateTables"]));
    }

    [Fact]
    public void KeyVault_UsesRbac_SoftDelete_AndPurgeProtection()
    {
        JsonNode? properties = _main.Module("keyVault").Resource("Microsoft.KeyVault/vaults")["properties"];

        Assert.Equal("true", Json(properties?["enableRbacAuthorization"]));
        Assert.Equal("true", Json(properties?["enableSoftDelete"]));
        Assert.Equal("true", Json(properties?["enablePurgeProtection"]));
        Assert.Equal("[tenant().tenantId]", Text(properties?["tenantId"]));
    }

    /// <summary>Application Insights has local auth off; the identity sends telemetry with Entra ID (Monitoring Metrics Publisher).</summary>
    [Fact]
    public void ApplicationInsights_TakesTelemetryOnlyWithEntraAuth()
    {
        JsonNode? properties = _main.Module("monitoring").Resource("Microsoft.Insights/components")["properties"];

        Assert.Equal("true", Json(properties?["DisableLocalAuth"]));
        Assert.Equal("[resourceId('Microsoft.OperationalInsights/workspaces', parameters('logAnalyticsName'))]", Text(properties?["WorkspaceResourceId"]));
    }

    [Fact]
    public void FunctionApp_RunsTheIsolatedWorker_OnFlexConsumptionsDotnetIsolated10_AsTheAzdService()
    {
        ArmTemplate module = _main.Module("functionApp");
        JsonObject plan = module.Resource("Microsoft.Web/serverfarms");
        JsonObject site = module.Resource("Microsoft.Web/sites");
        JsonObject runtime = site["properties"]!["functionAppConfig"]!["runtime"]!.AsObject();

        Assert.Equal("FlexConsumption", Text(plan["sku"]?["tier"]));
        Assert.Equal("FC1", Text(plan["sku"]?["name"]));
        Assert.Equal("true", Json(plan["properties"]?["reserved"])); // Linux
        Assert.Equal("functionapp,linux", Text(site["kind"]));
        Assert.Equal("[resourceId('Microsoft.Web/serverfarms', parameters('planName'))]", Text(site["properties"]?["serverFarmId"]));
        Assert.Equal(["name", "version"], runtime.Select(p => p.Key).Order(StringComparer.Ordinal));
        Assert.Equal("dotnet-isolated", Text(runtime["name"]));
        Assert.Equal("10.0", Text(runtime["version"]));
        Assert.Equal("mcp", Text(site["tags"]?["azd-service-name"]));
        Assert.Equal(CompiledInfra.EnvironmentName, Text(site["tags"]?["azd-env-name"]));
    }

    [Fact]
    public void FunctionApp_RunsAsTheUserAssignedIdentity()
    {
        ArmTemplate module = _main.Module("functionApp");
        JsonObject site = module.Resource("Microsoft.Web/sites");

        Assert.Equal("UserAssigned", Text(site["identity"]?["type"]));
        Assert.Equal(["[format('{0}', parameters('identityId'))]"], site["identity"]?["userAssignedIdentities"]?.AsObject().Select(i => i.Key) ?? []);
        Assert.Equal("[parameters('identityId')]", Text(site["properties"]?["keyVaultReferenceIdentity"]));
        Assert.Equal("[reference('identity').outputs.id.value]", Text(module.Argument("identityId")));
        Assert.Equal("[resourceId('Microsoft.ManagedIdentity/userAssignedIdentities', parameters('name'))]", Text(_main.Module("identity").Output("id")));
    }

    [Fact]
    public void FunctionApp_ServesOnlyHttps_OverTls12()
    {
        JsonNode? properties = _main.Module("functionApp").Resource("Microsoft.Web/sites")["properties"];

        Assert.Equal("true", Json(properties?["httpsOnly"]));
        Assert.Equal("1.2", Text(properties?["siteConfig"]?["minTlsVersion"]));
    }

    /// <summary>Flex Consumption deploys the package from the storage container, signing in as the app's identity.</summary>
    [Fact]
    public void FunctionApp_DeploysFromTheStorageContainer_AsItsIdentity()
    {
        JsonNode? storage = _main.Module("functionApp").Resource("Microsoft.Web/sites")["properties"]?["functionAppConfig"]?["deployment"]?["storage"];

        Assert.Equal("blobContainer", Text(storage?["type"]));
        Assert.Equal("[parameters('deploymentContainerUrl')]", Text(storage?["value"]));
        Assert.Equal("UserAssignedIdentity", Text(storage?["authentication"]?["type"]));
        Assert.Equal("[parameters('identityId')]", Text(storage?["authentication"]?["userAssignedIdentityResourceId"]));
        Assert.Equal("[format('{0}{1}', reference('storage').primaryEndpoints.blob, 'app-package')]", Text(_main.Module("storage").Output("deploymentContainerUrl")));
    }

    /// <summary>Scale and cold start are main.bicep parameters that reach the function app's scaleAndConcurrency.</summary>
    [Theory]
    [InlineData("maximumInstanceCount", 100, 250, "maximumInstanceCount")]
    [InlineData("instanceMemoryMB", 2048, 4096, "instanceMemoryMB")]
    [InlineData("alwaysReadyInstanceCount", 0, 2, "alwaysReady/0/instanceCount")]
    [InlineData("httpPerInstanceConcurrency", 16, 32, "triggers/http/perInstanceConcurrency")]
    public void ScaleParameters_HaveTheirDefaults_AndReachTheFunctionApp(string parameter, int defaultValue, int otherValue, string path)
    {
        Assert.Equal(defaultValue.ToString(CultureInfo.InvariantCulture), Json(_main.Parameters[parameter]?["defaultValue"]));
        Assert.Equal(otherValue.ToString(CultureInfo.InvariantCulture), Json(At(ScaleAndConcurrency(_main.With(parameter, otherValue)), path)));
    }

    /// <summary>By default the app scales to zero; always-ready instances are kept for the group of every HTTP function.</summary>
    [Fact]
    public void AlwaysReady_IsEmptyByDefault_AndOtherwiseKeepsInstancesForTheHttpGroup()
    {
        Assert.Equal("[]", Json(ScaleAndConcurrency(_main)["alwaysReady"]));
        Assert.Equal("""[{"name":"http","instanceCount":2}]""", Json(ScaleAndConcurrency(_main.With("alwaysReadyInstanceCount", 2))["alwaysReady"]));
    }

    [Fact]
    public void EntraApp_HasTheThreeAppRoles_AndTheSignInCallback()
    {
        ArmTemplate entra = _main.Module("entraApp");
        JsonNode? app = entra.Resource("Microsoft.Graph/applications")["properties"];
        JsonArray roles = app?["appRoles"]?.AsArray() ?? [];

        Assert.Equal(["Admin", "Coordinator", "SupportWorker"], roles.Select(r => Text(r?["value"])));
        Assert.All(roles, r => Assert.Equal("""["User"]""", Json(r?["allowedMemberTypes"])));
        Assert.All(roles, r => Assert.Equal("true", Json(r?["isEnabled"])));
        Assert.Equal(3, roles.Select(r => Text(r?["id"])).Distinct().Count());
        // The one place Entra sends people back to: the sign-in callback (EntraSignIn.CallbackPath).
        Assert.Equal(["[format('https://{0}/signin/callback', parameters('appHostName'))]"], app?["web"]?["redirectUris"]?.AsArray().Select(Text) ?? []);
        Assert.Equal("[reference('functionApp').outputs.defaultHostName.value]", Text(entra.Argument("appHostName")));
    }

    [Fact]
    public void EntraApp_IsSingleTenant_WithAServicePrincipal_AndNoImplicitGrant()
    {
        ArmTemplate entra = _main.Module("entraApp");
        JsonNode? app = entra.Resource("Microsoft.Graph/applications")["properties"];

        Assert.Equal("AzureADMyOrg", Text(app?["signInAudience"]));
        Assert.Equal("false", Json(app?["web"]?["implicitGrantSettings"]?["enableIdTokenIssuance"]));
        Assert.Equal("false", Json(app?["web"]?["implicitGrantSettings"]?["enableAccessTokenIssuance"]));
        Assert.Equal("[reference('app').appId]", Text(entra.Resource("Microsoft.Graph/servicePrincipals")["properties"]?["appId"]));
    }

    [Fact]
    public void EntraApp_TrustsTheManagedIdentity_AndHasNoSecret()
    {
        ArmTemplate entra = _main.Module("entraApp");
        JsonNode? credential = entra.Resource("Microsoft.Graph/applications/federatedIdentityCredentials")["properties"];
        JsonObject app = entra.Resource("Microsoft.Graph/applications")["properties"]!.AsObject();

        Assert.Equal("[format('{0}/managed-identity', reference('app').uniqueName)]", Text(credential?["name"]));
        Assert.Equal("[parameters('managedIdentityPrincipalId')]", Text(credential?["subject"]));
        Assert.Equal("[format('{0}{1}/v2.0', environment().authentication.loginEndpoint, tenant().tenantId)]", Text(credential?["issuer"]));
        Assert.Equal(["api://AzureADTokenExchange"], credential?["audiences"]?.AsArray().Select(Text) ?? []);
        Assert.Equal("[reference('identity').outputs.principalId.value]", Text(entra.Argument("managedIdentityPrincipalId")));
        Assert.False(app.ContainsKey("passwordCredentials"), "the Entra app has a client secret");
        Assert.False(app.ContainsKey("keyCredentials"), "the Entra app has a certificate credential");
        Assert.Equal("MicrosoftGraph", Text(entra.Json["imports"]?["microsoftGraphV1"]?["provider"]));
        Assert.Equal("1.0.0", Text(entra.Json["imports"]?["microsoftGraphV1"]?["version"]));
    }

    private static JsonObject ScaleAndConcurrency(ArmTemplate main) =>
        main.Module("functionApp").Resource("Microsoft.Web/sites")["properties"]!["functionAppConfig"]!["scaleAndConcurrency"]!.AsObject();

    /// <summary>The value at a path like <c>alwaysReady/0/instanceCount</c> (numbers index lists); null when it is not there.</summary>
    private static JsonNode? At(JsonNode? node, string path) =>
        path.Split('/').Aggregate(node, (n, step) => int.TryParse(step, CultureInfo.InvariantCulture, out int i) ? (n is JsonArray a && i < a.Count ? a[i] : null) : (n as JsonObject)?[step]);
}
