// The function app's app settings. `sites/config/appsettings` replaces the whole set, so main.bicep passes them all.

@description('Name of the function app the settings belong to.')
param functionAppName string

@description('Every app setting, name to value.')
param settings { *: string }

resource site 'Microsoft.Web/sites@2025-03-01' existing = {
  name: functionAppName
}

resource appSettings 'Microsoft.Web/sites/config@2025-03-01' = {
  parent: site
  name: 'appsettings'
  properties: settings
}
