// The Event Grid system topic of the data account's blob events, with a managed identity that may write the
// dead-letter container (upload-subscription.bicep delivers the events to the function app).

@description('Name of the Event Grid system topic.')
param systemTopicName string

@description('Region of the data account (a system topic lives with its source).')
param location string

@description('Tags of every resource.')
param tags object

@description('Name of the data storage account (same resource group).')
param dataStorageName string

@description('Container that receives undeliverable events.')
param deadLetterContainerName string

import { roleIds } from 'roles.bicep'

resource dataStorage 'Microsoft.Storage/storageAccounts@2025-06-01' existing = {
  name: dataStorageName

  resource blobService 'blobServices' existing = {
    name: 'default'

    resource deadLetterContainer 'containers' existing = {
      name: deadLetterContainerName
    }
  }
}

resource systemTopic 'Microsoft.EventGrid/systemTopics@2025-02-15' = {
  name: systemTopicName
  location: location
  tags: tags
  identity: {
    type: 'SystemAssigned'
  }
  properties: {
    source: dataStorage.id
    topicType: 'Microsoft.Storage.StorageAccounts'
  }
}

resource deadLetterWriter 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(dataStorage::blobService::deadLetterContainer.id, systemTopic.id, roleIds.storageBlobDataContributor)
  scope: dataStorage::blobService::deadLetterContainer
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roleIds.storageBlobDataContributor)
    principalId: systemTopic.identity.principalId
    principalType: 'ServicePrincipal'
  }
}

output systemTopicName string = systemTopic.name
