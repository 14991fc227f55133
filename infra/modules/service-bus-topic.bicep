// The summaries topic in a new or an existing namespace: duplicate detection on (a summary sent again with the same
// message id within the window is dropped), one subscription per downstream consumer, and send rights for the app.

@description('Name of the Service Bus namespace (in this deployment\'s resource group).')
param namespaceName string

@description('Name of the topic.')
param topicName string

@description('How long the topic remembers message ids for duplicate detection (ISO 8601 duration).')
param duplicateDetectionWindow string = 'PT1H'

@description('Subscriptions: name, and an optional SQL filter (empty: every message).')
param subscriptions array

@description('Name of the function app\'s user-assigned identity.')
param identityName string

@description('Object id of the district office\'s Entra group, which sends the summaries of close and reopen with the CLI; empty for none.')
param districtOfficeGroupId string = ''

@description('Resource group of that identity.')
param identityResourceGroupName string

import { roleIds } from 'roles.bicep'

resource namespace 'Microsoft.ServiceBus/namespaces@2024-01-01' existing = {
  name: namespaceName
}

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2024-11-30' existing = {
  name: identityName
  scope: resourceGroup(identityResourceGroupName)
}

resource topic 'Microsoft.ServiceBus/namespaces/topics@2024-01-01' = {
  parent: namespace
  name: topicName
  properties: {
    requiresDuplicateDetection: true
    duplicateDetectionHistoryTimeWindow: duplicateDetectionWindow
    defaultMessageTimeToLive: 'P14D'
    maxSizeInMegabytes: 1024
    enableBatchedOperations: true
  }
}

resource topicSubscriptions 'Microsoft.ServiceBus/namespaces/topics/subscriptions@2024-01-01' = [
  for subscription in subscriptions: {
    parent: topic
    name: subscription.name
    properties: {
      maxDeliveryCount: 10
      lockDuration: 'PT1M'
      defaultMessageTimeToLive: 'P14D'
      deadLetteringOnMessageExpiration: true
      deadLetteringOnFilterEvaluationExceptions: true
    }
  }
]

// A subscription starts with a rule '$Default' that accepts everything; a filtered subscription replaces that rule,
// otherwise the filter would only add to it.
resource filters 'Microsoft.ServiceBus/namespaces/topics/subscriptions/rules@2024-01-01' = [
  for (subscription, i) in subscriptions: if (!empty(subscription.?sqlFilter ?? '')) {
    parent: topicSubscriptions[i]
    name: '$Default'
    properties: {
      filterType: 'SqlFilter'
      sqlFilter: {
        sqlExpression: subscription.sqlFilter
      }
    }
  }
]

resource sender 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(topic.id, identity.id, roleIds.azureServiceBusDataSender)
  scope: topic
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roleIds.azureServiceBusDataSender)
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}

resource districtSender 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (!empty(districtOfficeGroupId)) {
  name: guid(topic.id, districtOfficeGroupId, roleIds.azureServiceBusDataSender)
  scope: topic
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roleIds.azureServiceBusDataSender)
    principalId: districtOfficeGroupId
    principalType: 'Group'
  }
}

// serviceBusEndpoint is https://{name}.servicebus.windows.net:443/; the SDK wants the host name alone.
output fullyQualifiedNamespace string = split(split(namespace.properties.serviceBusEndpoint, '//')[1], ':')[0]
output topicName string = topic.name
