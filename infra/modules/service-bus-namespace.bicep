// A Standard Service Bus namespace (topics need Standard or Premium). Shared access keys are off: senders and
// receivers authenticate with Entra ID.

@description('Name of the namespace.')
param name string

@description('Region of the namespace.')
param location string

@description('Tags of every resource.')
param tags object

resource namespace 'Microsoft.ServiceBus/namespaces@2024-01-01' = {
  name: name
  location: location
  tags: tags
  sku: {
    name: 'Standard'
    tier: 'Standard'
  }
  properties: {
    disableLocalAuth: true
    minimumTlsVersion: '1.2'
    publicNetworkAccess: 'Enabled'
  }
}

output name string = namespace.name
