// The one user-assigned identity the function app runs as: every data-plane permission is granted to it.

@description('Name of the identity.')
param name string

@description('Region of the identity.')
param location string

@description('Tags of every resource.')
param tags object

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2024-11-30' = {
  name: name
  location: location
  tags: tags
}

output name string = identity.name
output clientId string = identity.properties.clientId
output principalId string = identity.properties.principalId
