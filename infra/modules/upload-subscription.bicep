// New blobs under uploads/ delivered to the blob trigger: an Event Grid subscription on the data account's system
// topic that calls the blob extension's webhook of the function app. Undeliverable events are dead-lettered to a
// container of the data account, written with the system topic's managed identity.
//
// The container (uploads) and the function (IngestUpload) are those of the blob trigger's attribute,
// [BlobTrigger("uploads/{name}", Source = BlobTriggerSource.EventGrid)].
//
// The webhook key (the host's system key 'blobs_extension') exists only once the app's code has been deployed and
// its host has started, so main.bicep deploys this module only when uploadEventsEnabled is set (azd sets it after
// the first deployment, see infra/hooks/postdeploy.sh).

@description('Name of the Event Grid system topic of the data account (same resource group).')
param systemTopicName string

@description('Name of the data storage account (same resource group).')
param dataStorageName string

@description('Container that receives undeliverable events.')
param deadLetterContainerName string

@description('Name of the function app (same resource group).')
param functionAppName string

@description('Delivery attempts before an event is dead-lettered.')
@minValue(1)
@maxValue(30)
param maxDeliveryAttempts int = 30

@description('Minutes an event is retried before it is dead-lettered.')
@minValue(1)
@maxValue(1440)
param eventTimeToLiveInMinutes int = 1440

resource dataStorage 'Microsoft.Storage/storageAccounts@2025-06-01' existing = {
  name: dataStorageName
}

resource site 'Microsoft.Web/sites@2024-11-01' existing = {
  name: functionAppName
}

resource systemTopic 'Microsoft.EventGrid/systemTopics@2025-02-15' existing = {
  name: systemTopicName
}

resource uploads 'Microsoft.EventGrid/systemTopics/eventSubscriptions@2025-02-15' = {
  parent: systemTopic
  name: 'ingest-uploads'
  properties: {
    eventDeliverySchema: 'EventGridSchema'
    destination: {
      endpointType: 'WebHook'
      properties: {
        // The blob extension's system key is the only key this deployment reads.
        endpointUrl: 'https://${site.properties.defaultHostName}/runtime/webhooks/blobs?functionName=Host.Functions.IngestUpload&code=${listKeys('${site.id}/host/default', '2024-11-01').systemKeys.blobs_extension}'
        maxEventsPerBatch: 1
        preferredBatchSizeInKilobytes: 64
      }
    }
    filter: {
      includedEventTypes: [
        'Microsoft.Storage.BlobCreated'
      ]
      subjectBeginsWith: '/blobServices/default/containers/uploads/'
    }
    retryPolicy: {
      maxDeliveryAttempts: maxDeliveryAttempts
      eventTimeToLiveInMinutes: eventTimeToLiveInMinutes
    }
    deadLetterWithResourceIdentity: {
      identity: {
        type: 'SystemAssigned'
      }
      deadLetterDestination: {
        endpointType: 'StorageBlob'
        properties: {
          resourceId: dataStorage.id
          blobContainerName: deadLetterContainerName
        }
      }
    }
  }
}

output name string = uploads.name
