// Key Vault for the token-signing keys (the app creates the secret on first use) and any other secret.
// Access is by Azure RBAC only; soft delete and purge protection keep a deleted key recoverable.

@description('Name of the Key Vault (3-24 characters, globally unique).')
param name string

@description('Azure region for the Key Vault.')
param location string

@description('Tags applied to the Key Vault.')
param tags { *: string }

resource vault 'Microsoft.KeyVault/vaults@2025-05-01' = {
  name: name
  location: location
  tags: tags
  properties: {
    tenantId: tenant().tenantId
    sku: {
      family: 'A'
      name: 'standard'
    }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: 90
    // Cannot be turned off again; it also means `azd down --purge` leaves the vault name reserved for 90 days.
    enablePurgeProtection: true
    publicNetworkAccess: 'Enabled'
  }
}

output id string = vault.id
output name string = vault.name
output uri string = vault.properties.vaultUri
