// FunctionsMcp on Azure: `azd up` provisions this, then deploys the isolated worker (src/FunctionsMcp.Functions) to the
// function app.
// Read top to bottom: names, the resource group, one module per resource, the role assignments, the Entra app,
// then every app setting the app binds (root README, "Configuration"), then the outputs azd and the README use.

targetScope = 'subscription'

@minLength(1)
@maxLength(64)
@description('Name of the azd environment; it names the resource group and seeds every resource name.')
param environmentName string

@minLength(1)
@description('Azure region for every resource (must offer Flex Consumption).')
param location string

@description('Browser origins, besides the app\'s own, allowed to call /mcp (Mcp:AllowedOrigins).')
param allowedOrigins string[] = []

@description('When not empty, the only https redirect hosts OAuth clients may register (OAuthClients:RedirectHostsAllowed).')
param redirectHostsAllowed string[] = []

@description('Redirect hosts OAuth clients may never register (OAuthClients:RedirectHostsDenied).')
param redirectHostsDenied string[] = []

@description('Most instances the function app may scale out to (Flex Consumption: 40-1000).')
@minValue(40)
@maxValue(1000)
param maximumInstanceCount int = 100

@description('Memory of each function app instance in MB.')
@allowed([512, 2048, 4096])
param instanceMemoryMB int = 2048

@description('Instances kept running even when idle: 0 scales to zero (a cold start on the first request after idling); 1 or more removes it and is billed while idle.')
@minValue(0)
@maxValue(1000)
param alwaysReadyInstanceCount int = 0

@description('Concurrent HTTP requests one instance takes before another is added.')
@minValue(1)
@maxValue(1000)
param httpPerInstanceConcurrency int = 16

@description('Service tree id that Microsoft-internal tenants require on app registrations; leave empty elsewhere.')
param serviceManagementReference string = ''

var resourceToken = toLower(uniqueString(subscription().id, environmentName, location))
var tags = { 'azd-env-name': environmentName }
var deploymentContainerName = 'app-package'
// Names are known before anything deploys, so modules that look resources up by name get deployment-time values
// (What-If can then predict them instead of short-circuiting on a module output).
var names = {
  identity: 'id-${resourceToken}'
  storage: 'st${resourceToken}'
  keyVault: 'kv-${resourceToken}'
  logAnalytics: 'log-${resourceToken}'
  applicationInsights: 'appi-${resourceToken}'
  plan: 'plan-${resourceToken}'
  functionApp: 'func-${resourceToken}'
}

resource rg 'Microsoft.Resources/resourceGroups@2025-04-01' = {
  name: 'rg-${environmentName}'
  location: location
  tags: tags
}

module identity 'modules/identity.bicep' = {
  name: 'identity'
  scope: rg
  params: {
    name: names.identity
    location: location
    tags: tags
  }
}

module storage 'modules/storage.bicep' = {
  name: 'storage'
  scope: rg
  params: {
    name: names.storage
    location: location
    tags: tags
    deploymentContainerName: deploymentContainerName
  }
}

module keyVault 'modules/keyvault.bicep' = {
  name: 'keyvault'
  scope: rg
  params: {
    name: names.keyVault
    location: location
    tags: tags
  }
}

module monitoring 'modules/monitoring.bicep' = {
  name: 'monitoring'
  scope: rg
  params: {
    logAnalyticsName: names.logAnalytics
    applicationInsightsName: names.applicationInsights
    location: location
    tags: tags
  }
}

module roles 'modules/roles.bicep' = {
  name: 'roles'
  scope: rg
  dependsOn: [
    storage
    keyVault
    monitoring
  ]
  params: {
    identityName: names.identity
    principalId: identity.outputs.principalId
    storageAccountName: names.storage
    keyVaultName: names.keyVault
    applicationInsightsName: names.applicationInsights
  }
}

module functionApp 'modules/functionapp.bicep' = {
  name: 'functionapp'
  scope: rg
  params: {
    planName: names.plan
    name: names.functionApp
    location: location
    tags: tags
    identityId: identity.outputs.id
    deploymentContainerUrl: storage.outputs.deploymentContainerUrl
    maximumInstanceCount: maximumInstanceCount
    instanceMemoryMB: instanceMemoryMB
    alwaysReadyInstanceCount: alwaysReadyInstanceCount
    httpPerInstanceConcurrency: httpPerInstanceConcurrency
  }
}

module entraApp 'modules/entra-app.bicep' = {
  name: 'entra-app'
  scope: rg
  params: {
    uniqueName: 'functions-mcp-${resourceToken}'
    displayName: 'FunctionsMcp (${environmentName})'
    appHostName: functionApp.outputs.defaultHostName
    managedIdentityPrincipalId: identity.outputs.principalId
    serviceManagementReference: serviceManagementReference
  }
}

// Lists are bound element by element: Mcp__AllowedOrigins__0, Mcp__AllowedOrigins__1, ... (none when empty).
var listSettings = union(
  toObject(range(0, length(allowedOrigins)), i => 'Mcp__AllowedOrigins__${i}', i => allowedOrigins[i]),
  toObject(range(0, length(redirectHostsAllowed)), i => 'OAuthClients__RedirectHostsAllowed__${i}', i => redirectHostsAllowed[i]),
  toObject(range(0, length(redirectHostsDenied)), i => 'OAuthClients__RedirectHostsDenied__${i}', i => redirectHostsDenied[i])
)

// Every setting the worker binds, by the name it binds (root README, "Configuration"), plus the Functions host's own.
// Not here: Storage__ConnectionString, OAuth__SigningKeyFile and Entra__ClientSecret (Azure uses the managed identity
// and Key Vault instead), Entra__AllowedTenants (the app registration is single-tenant, and Entra__TenantId is always
// allowed), and FUNCTIONS_WORKER_RUNTIME (Flex Consumption takes it from the function app's runtime block).
var appSettings = {
  // Functions host: identity-based host storage, telemetry with Entra ID auth.
  AzureWebJobsStorage__accountName: storage.outputs.name
  AzureWebJobsStorage__credential: 'managedidentity'
  AzureWebJobsStorage__clientId: identity.outputs.clientId
  APPLICATIONINSIGHTS_CONNECTION_STRING: monitoring.outputs.connectionString
  APPLICATIONINSIGHTS_AUTHENTICATION_STRING: 'ClientId=${identity.outputs.clientId};Authorization=AAD'

  // The app.
  Server__BaseUrl: 'https://${functionApp.outputs.defaultHostName}'
  Storage__TableServiceUri: storage.outputs.tableEndpoint
  Storage__ManagedIdentityClientId: identity.outputs.clientId
  Storage__RequestTimeout: '00:00:30'
  Storage__MaxRetries: '3'
  Storage__CreateTables: 'false'
  Mcp__MaxRequestBytes: '1048576'
  Mcp__StreamResponses: 'false'
  Mcp__ToolProfile: 'Both'
  RateLimits__Enabled: 'true'
  RateLimits__RequestsPerMinutePerCredential: '60'
  RateLimits__RequestsPerMinutePerOrganization: '600'
  OAuth__AccessTokenLifetime: '01:00:00'
  OAuth__RefreshTokenLifetime: '30.00:00:00'
  OAuth__RefreshReuseGrace: '00:01:00'
  OAuth__SigningKeySecretName: 'oauth-signing-keys'
  OAuthClients__DynamicRegistration: 'true'
  OAuthClients__UnusedRegistrationLifetime: '1.00:00:00'
  OAuthClients__MetadataDocuments: 'true'
  KeyVault__Uri: keyVault.outputs.uri
  KeyVault__ManagedIdentityClientId: identity.outputs.clientId
  SignIn__Mode: 'Entra'
  Entra__Instance: environment().authentication.loginEndpoint
  Entra__TenantId: tenant().tenantId
  Entra__ClientId: entraApp.outputs.clientId
  Entra__ManagedIdentityClientId: identity.outputs.clientId
}

module functionAppSettings 'modules/appsettings.bicep' = {
  name: 'appsettings'
  scope: rg
  // The host starts reading storage and Key Vault as soon as these land.
  dependsOn: [
    roles
  ]
  params: {
    functionAppName: names.functionApp
    settings: union(appSettings, listSettings)
  }
}

// azd writes these to .azure/<env>/.env (and to the worker project's user secrets, which the worker reads in
// Development). They are UPPER_SNAKE on purpose: names the app binds (Server__BaseUrl, ...) would make a local
// `func start` read the Azure values from user secrets.
output AZURE_LOCATION string = location
output AZURE_TENANT_ID string = tenant().tenantId
output AZURE_RESOURCE_GROUP string = rg.name
output SERVICE_MCP_NAME string = functionApp.outputs.name
output SERVICE_MCP_URI string = 'https://${functionApp.outputs.defaultHostName}'
output MCP_ENDPOINT string = 'https://${functionApp.outputs.defaultHostName}/mcp'
output AZURE_MANAGED_IDENTITY_CLIENT_ID string = identity.outputs.clientId
output AZURE_STORAGE_ACCOUNT_NAME string = storage.outputs.name
output AZURE_STORAGE_TABLE_ENDPOINT string = storage.outputs.tableEndpoint
output AZURE_KEY_VAULT_NAME string = keyVault.outputs.name
output AZURE_KEY_VAULT_URI string = keyVault.outputs.uri
output ENTRA_CLIENT_ID string = entraApp.outputs.clientId
output ENTRA_REDIRECT_URI string = 'https://${functionApp.outputs.defaultHostName}/signin/callback'
