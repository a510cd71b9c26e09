// The Flex Consumption plan and the function app that runs our isolated worker (src/FunctionsMcp.Functions).
// Its app settings are written separately (appsettings.bicep) because they need the Entra app, which in turn
// needs this app's host name for its redirect URI.

@description('Name of the Flex Consumption plan.')
param planName string

@description('Name of the function app; its default host name is <name>.azurewebsites.net.')
param name string

@description('Azure region for the plan and the function app.')
param location string

@description('Tags applied to the plan and the function app (the app also gets azd-service-name).')
param tags { *: string }

@description('Resource id of the user-assigned managed identity the app runs as.')
param identityId string

@description('URL of the blob container Flex Consumption deploys the app package from.')
param deploymentContainerUrl string

@description('Most instances the app may scale out to (40-1000).')
@minValue(40)
@maxValue(1000)
param maximumInstanceCount int = 100

@description('Memory of each instance in MB.')
@allowed([512, 2048, 4096])
param instanceMemoryMB int = 2048

@description('Instances kept running for the HTTP functions even when idle (0: scale to zero, with a cold start on the first request).')
@minValue(0)
@maxValue(1000)
param alwaysReadyInstanceCount int = 0

@description('Concurrent HTTP requests one instance takes before Flex Consumption adds another.')
@minValue(1)
@maxValue(1000)
param httpPerInstanceConcurrency int = 16

resource plan 'Microsoft.Web/serverfarms@2025-03-01' = {
  name: planName
  location: location
  tags: tags
  kind: 'functionapp'
  sku: {
    tier: 'FlexConsumption'
    name: 'FC1'
  }
  properties: {
    reserved: true
  }
}

resource site 'Microsoft.Web/sites@2025-03-01' = {
  name: name
  location: location
  // azd finds the service it deploys by this tag (azure.yaml: services.mcp).
  tags: union(tags, { 'azd-service-name': 'mcp' })
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identityId}': {}
    }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    keyVaultReferenceIdentity: identityId
    siteConfig: {
      minTlsVersion: '1.2'
    }
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: deploymentContainerUrl
          authentication: {
            type: 'UserAssignedIdentity'
            userAssignedIdentityResourceId: identityId
          }
        }
      }
      scaleAndConcurrency: {
        maximumInstanceCount: maximumInstanceCount
        instanceMemoryMB: instanceMemoryMB
        // 'http' is the group of every HTTP function.
        alwaysReady: alwaysReadyInstanceCount == 0 ? [] : [
          {
            name: 'http'
            instanceCount: alwaysReadyInstanceCount
          }
        ]
        triggers: {
          http: {
            perInstanceConcurrency: httpPerInstanceConcurrency
          }
        }
      }
      // The .NET isolated worker on .NET 10. Flex takes the worker runtime from here: FUNCTIONS_WORKER_RUNTIME is not
      // an app setting on Flex Consumption, so appsettings.bicep must not write it.
      runtime: {
        name: 'dotnet-isolated'
        version: '10.0'
      }
    }
  }
}

output name string = site.name
output defaultHostName string = site.properties.defaultHostName
