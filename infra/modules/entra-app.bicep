// The Entra app registration people sign in with, its service principal, and a federated identity credential
// trusting the app's managed identity: the app proves itself with the identity's token, so no client secret exists.
// Microsoft Graph Bicep extension (alias in infra/bicepconfig.json); the deploying user needs permission to create
// app registrations (for example Application Administrator).

extension microsoftGraphV1

@description('Unique name of the app registration (its idempotency key in Microsoft Graph).')
param uniqueName string

@description('Display name of the app registration, shown on the Entra sign-in and consent pages.')
param displayName string

@description('Host name of the function app; the sign-in redirect URI is https://<host>/signin/callback.')
param appHostName string

@description('Principal (object) id of the managed identity trusted as the federated credential.')
param managedIdentityPrincipalId string

@description('Service tree id Microsoft-internal tenants require on app registrations; empty elsewhere.')
param serviceManagementReference string = ''

// The roles the app maps to its own: Admin, Coordinator, SupportWorker (EntraSignIn reads the `roles` claim).
var appRoles = [
  {
    value: 'Admin'
    displayName: 'Admin'
    description: 'Everything a coordinator may, plus the organization\'s settings, keys and audit trail.'
  }
  {
    value: 'Coordinator'
    displayName: 'Coordinator'
    description: 'Reads and writes all care data.'
  }
  {
    value: 'SupportWorker'
    displayName: 'Support worker'
    description: 'Reads everything, and logs goal activities.'
  }
]

resource app 'Microsoft.Graph/applications@v1.0' = {
  uniqueName: uniqueName
  displayName: displayName
  signInAudience: 'AzureADMyOrg'
  serviceManagementReference: empty(serviceManagementReference) ? null : serviceManagementReference
  web: {
    redirectUris: [
      'https://${appHostName}/signin/callback'
    ]
    implicitGrantSettings: {
      enableIdTokenIssuance: false
      enableAccessTokenIssuance: false
    }
  }
  appRoles: [for role in appRoles: {
    id: guid(uniqueName, 'appRole', role.value)
    value: role.value
    displayName: role.displayName
    description: role.description
    allowedMemberTypes: [
      'User'
    ]
    isEnabled: true
  }]
}

resource servicePrincipal 'Microsoft.Graph/servicePrincipals@v1.0' = {
  appId: app.appId
}

resource managedIdentityCredential 'Microsoft.Graph/applications/federatedIdentityCredentials@v1.0' = {
  name: '${app.uniqueName}/managed-identity'
  description: 'The function app\'s user-assigned managed identity'
  audiences: [
    'api://AzureADTokenExchange'
  ]
  issuer: '${environment().authentication.loginEndpoint}${tenant().tenantId}/v2.0'
  subject: managedIdentityPrincipalId
}

output clientId string = app.appId
output objectId string = app.id
output servicePrincipalId string = servicePrincipal.id
