// The storage account: Functions host storage, the Flex Consumption deployment container, and the app's tables
// (created here, so the app, told Storage__CreateTables=false, never spends a request creating one; the list is
// TableNames.All in src/FunctionsMcp.Storage/TableProvider.cs, and a test compares them). Only Entra ID sign-in:
// shared keys are off.

@description('Name of the storage account (3-24 lowercase letters and digits, globally unique).')
param name string

@description('Azure region for the storage account.')
param location string

@description('Tags applied to the storage account.')
param tags { *: string }

@description('Name of the blob container Flex Consumption deploys the app package from.')
param deploymentContainerName string

resource storage 'Microsoft.Storage/storageAccounts@2025-06-01' = {
  name: name
  location: location
  tags: tags
  kind: 'StorageV2'
  sku: {
    name: 'Standard_LRS'
  }
  properties: {
    allowSharedKeyAccess: false
    allowBlobPublicAccess: false
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    defaultToOAuthAuthentication: true
    allowCrossTenantReplication: false
    publicNetworkAccess: 'Enabled'
    networkAcls: {
      defaultAction: 'Allow'
      bypass: 'AzureServices'
    }
  }
}

resource blobServices 'Microsoft.Storage/storageAccounts/blobServices@2025-06-01' = {
  parent: storage
  name: 'default'
}

resource deploymentContainer 'Microsoft.Storage/storageAccounts/blobServices/containers@2025-06-01' = {
  parent: blobServices
  name: deploymentContainerName
  properties: {
    publicAccess: 'None'
  }
}

var appTables = [
  'organizations'
  'users'
  'accesskeys'
  'participants'
  'goals'
  'careplans'
  'funding'
  'medications'
  'staff'
  'catalogue'
  'oauthstate'
  'oauthclients'
  'oauthgrants'
  'ratelimits'
  'auditbyorg'
  'auditbycredential'
]

resource tableServices 'Microsoft.Storage/storageAccounts/tableServices@2025-06-01' = {
  parent: storage
  name: 'default'
}

resource tables 'Microsoft.Storage/storageAccounts/tableServices/tables@2025-06-01' = [
  for table in appTables: {
    parent: tableServices
    name: table
  }
]

output id string = storage.id
output name string = storage.name
output blobEndpoint string = storage.properties.primaryEndpoints.blob
output tableEndpoint string = storage.properties.primaryEndpoints.table
output deploymentContainerUrl string = '${storage.properties.primaryEndpoints.blob}${deploymentContainer.name}'
