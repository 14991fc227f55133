// The data account: street offices' uploads, findings, quarantined files, published summaries, the Event Grid
// dead-letter container, the Table storage of rows and figures, and the report: in a private container by default,
// or, only when asked for, also the public static website ($web).
// Shared keys are off; everything goes through Entra ID and Azure RBAC.

@description('Name of the storage account (3-24 lowercase letters and digits).')
@minLength(3)
@maxLength(24)
param name string

@description('Region of the account.')
param location string

@description('Tags of every resource.')
param tags object

@description('Name of the function app\'s user-assigned identity (same resource group).')
param identityName string

@description('Blob containers to create; the app creates missing ones too, this makes them exist before the first upload.')
param containerNames array

@description('Turn on the static website ($web): the report becomes readable by anyone with its URL. Off by default.')
param staticWebsite bool

@description('Container of the report when the static website is off (then private, like every other container).')
param reportContainerName string

@description('Index document of every folder of the static website.')
param indexDocument string

@description('Object id of a person to give Storage Blob Data Contributor on the account (to upload and inspect files); empty for nobody.')
param operatorPrincipalId string = ''

@description('Days deleted blobs and containers can be restored.')
@minValue(1)
@maxValue(365)
param softDeleteDays int = 7

// The app reads and writes blobs (and sets their metadata), its tables, and the blob extension keeps its
// Event Grid bookkeeping and poison messages in queues of the trigger's account.
import { roleIds } from 'roles.bicep'

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2024-11-30' existing = {
  name: identityName
}

// A general-purpose v2 account: Table storage (rows, figures, receipts) and queues come with it.
resource account 'Microsoft.Storage/storageAccounts@2025-06-01' = {
  name: name
  location: location
  tags: tags
  kind: 'StorageV2'
  sku: {
    name: 'Standard_LRS'
  }
  properties: {
    accessTier: 'Hot'
    allowSharedKeyAccess: false
    allowBlobPublicAccess: false
    allowCrossTenantReplication: false
    defaultToOAuthAuthentication: true
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    publicNetworkAccess: 'Enabled'
    networkAcls: {
      defaultAction: 'Allow'
      bypass: 'AzureServices'
    }
  }
}

// The static website is a property of the blob service in this API version, so it is set here with the rest of the
// account: no deployment script and no shared key.
resource blobService 'Microsoft.Storage/storageAccounts/blobServices@2025-08-01' = {
  parent: account
  name: 'default'
  properties: {
    deleteRetentionPolicy: {
      enabled: true
      days: softDeleteDays
    }
    containerDeleteRetentionPolicy: {
      enabled: true
      days: softDeleteDays
    }
    staticWebsite: {
      enabled: staticWebsite
      indexDocument: indexDocument
    }
  }
}

resource containers 'Microsoft.Storage/storageAccounts/blobServices/containers@2025-06-01' = [
  for containerName in containerNames: {
    parent: blobService
    name: containerName
    properties: {
      publicAccess: 'None'
    }
  }
]

// Served only by the function app, to signed-in district staff (function-app.bicep).
resource reportContainer 'Microsoft.Storage/storageAccounts/blobServices/containers@2025-06-01' = if (!staticWebsite) {
  parent: blobService
  name: reportContainerName
  properties: {
    publicAccess: 'None'
  }
}

resource appRoles 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for role in [roleIds.storageBlobDataOwner, roleIds.storageTableDataContributor, roleIds.storageQueueDataContributor]: {
    name: guid(account.id, identity.id, role)
    scope: account
    properties: {
      roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', role)
      principalId: identity.properties.principalId
      principalType: 'ServicePrincipal'
    }
  }
]

resource operatorRole 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (!empty(operatorPrincipalId)) {
  name: guid(account.id, operatorPrincipalId, roleIds.storageBlobDataContributor)
  scope: account
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roleIds.storageBlobDataContributor)
    principalId: operatorPrincipalId
  }
}

output name string = account.name
output blobEndpoint string = account.properties.primaryEndpoints.blob
output queueEndpoint string = account.properties.primaryEndpoints.queue
output tableEndpoint string = account.properties.primaryEndpoints.table
output webEndpoint string = account.properties.primaryEndpoints.web
