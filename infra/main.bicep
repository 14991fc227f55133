// Pipeline on Azure: one resource group with the function app (Flex Consumption), its own storage, the data
// account, Service Bus, Event Grid and monitoring. Identity-based throughout: one user-assigned identity, Azure RBAC
// on each resource, shared keys and local auth switched off. `azd up` deploys it; see "Deploy to Azure" in README.md.
targetScope = 'subscription'

@minLength(1)
@maxLength(64)
@description('Name of the environment (azd: AZURE_ENV_NAME); names the resource group and seeds every resource name.')
param environmentName string

@minLength(1)
@description('Region of every resource. Pick one that offers Flex Consumption.')
param location string

@minLength(6)
@maxLength(6)
@description('6-digit statistical code of the district (Pipeline__DistrictCode).')
param districtCode string = '110115'

@description('Name of an existing Service Bus namespace (Standard or Premium) to publish to; empty creates a Standard namespace.')
param serviceBusNamespaceName string = ''

@description('Resource group of that existing namespace; empty means the environment\'s resource group.')
param serviceBusResourceGroupName string = ''

@description('Subscriptions of the summaries topic, one per downstream consumer: name, and an optional SQL filter.')
param serviceBusSubscriptions array = [
  {
    name: 'dashboard'
    sqlFilter: ''
  }
  {
    name: 'daily-only'
    sqlFilter: 'sys.Label = \'summary.daily\''
  }
  {
    name: 'reminders'
    sqlFilter: 'sys.Label = \'submission.overdue\''
  }
]

@allowed([
  512
  2048
  4096
])
@description('Memory of one Flex Consumption instance, in MB.')
param instanceMemoryMB int = 2048

@minValue(1)
@maxValue(1000)
@description('Most instances the function app scales out to.')
param maximumInstanceCount int = 100

@description('Object id of the person deploying (azd: AZURE_PRINCIPAL_ID); gets Storage Blob Data Contributor on the data account. Empty: nobody.')
param principalId string = ''

@description('Subscribe the blob function to new uploads. Needs the deployed code (the webhook key); azd turns it on after the first deployment.')
param uploadEventsEnabled bool = false

@description('Also publish the report as the data account\'s static website: public, anyone with its URL reads it, no sign-in and no network allow-list. Off: the report sits in the private container \'report\' and only the function app serves it, to signed-in district staff.')
param publicReportWebsite bool = false

@description('Application (client) id of the Entra app registration officials sign in to the report with (see README, "The report"). Empty: sign-in is required but not possible yet, so nobody reads the report.')
param reportAuthClientId string = ''

@description('Entra tenant of that app registration and of the officials.')
param reportAuthTenantId string = tenant().tenantId

@description('Object ids of further Entra groups that may read the report, besides the district office\'s group.')
param reportReaderGroupIds string[] = []

@description('Egress ranges (CIDR) of the government network: when given, the function app accepts requests only from them (and from Event Grid). Empty: from anywhere, sign-in still required.')
param reportAllowedIpRanges string[] = []

@description('Street offices: code (12-digit division code, the office\'s folder of uploads and of results) and groupObjectId (object id of the office\'s Entra group). Each group may upload only into uploads/{code}/ and read only results/{code}/.')
param streetOffices { code: string, groupObjectId: string }[] = []

@description('Object id of the district office\'s Entra group: every upload, every finding, close/reopen/replay with the CLI, and the report. Empty: none.')
param districtOfficeGroupId string = ''

@description('Index document of the static website\'s folders: /reports/ serves reports/index.html (every period), /reports/latest/ the newest report. The pages link relatively, so each is served from its own folder.')
param reportIndexDocument string = 'index.html'

var resourceToken = toLower(uniqueString(subscription().id, environmentName, location))
var tags = {
  'azd-env-name': environmentName
}
var summaryTopicName = 'governance-summaries'
// The data account's containers, named once: uploads (the blob trigger's container), results, quarantine and
// summaries are the app's Pipeline__*Container settings; the report's (Pipeline__WebContainer) is private unless the
// public static website is asked for, whose $web comes with the website itself.
var containers = {
  uploads: 'uploads'
  results: 'results'
  quarantine: 'quarantine'
  summaries: 'summaries'
  deadLetter: 'deadletter'
  report: publicReportWebsite ? '$web' : 'report'
}
var containerNames = [
  containers.uploads
  containers.results
  containers.quarantine
  containers.summaries
  containers.deadLetter
]
var reportGroupIds = union(empty(districtOfficeGroupId) ? [] : [districtOfficeGroupId], reportReaderGroupIds)
var createServiceBus = empty(serviceBusNamespaceName)
var serviceBusName = createServiceBus ? 'sb-${resourceToken}' : serviceBusNamespaceName
var serviceBusGroupName = empty(serviceBusResourceGroupName) ? resourceGroup.name : serviceBusResourceGroupName

// Names are known before deployment, so What-If can predict every resource; modules that only reference a resource
// by name depend on its module explicitly.
var names = {
  identity: 'id-${resourceToken}'
  logAnalytics: 'log-${resourceToken}'
  appInsights: 'appi-${resourceToken}'
  hostStorage: 'sthost${resourceToken}'
  dataStorage: 'stdata${resourceToken}'
  plan: 'plan-${resourceToken}'
  functionApp: 'func-${resourceToken}'
  reportAuthIdentity: 'id-auth-${resourceToken}'
  systemTopic: 'evgt-${resourceToken}'
}

resource resourceGroup 'Microsoft.Resources/resourceGroups@2024-03-01' = {
  name: 'rg-${environmentName}'
  location: location
  tags: tags
}

module identity 'modules/identity.bicep' = {
  name: 'identity'
  scope: resourceGroup
  params: {
    name: names.identity
    location: location
    tags: tags
  }
}

// A second identity, used only as the app registration's federated credential for sign-in (no client secret); it
// holds no role anywhere.
module reportAuthIdentity 'modules/identity.bicep' = {
  name: 'report-auth-identity'
  scope: resourceGroup
  params: {
    name: names.reportAuthIdentity
    location: location
    tags: tags
  }
}

module monitoring 'modules/monitoring.bicep' = {
  name: 'monitoring'
  scope: resourceGroup
  dependsOn: [
    identity
  ]
  params: {
    logAnalyticsName: names.logAnalytics
    appInsightsName: names.appInsights
    location: location
    tags: tags
    identityName: names.identity
  }
}

module hostStorage 'modules/host-storage.bicep' = {
  name: 'host-storage'
  scope: resourceGroup
  dependsOn: [
    identity
  ]
  params: {
    name: names.hostStorage
    location: location
    tags: tags
    identityName: names.identity
    deploymentContainerName: 'app-package'
  }
}

module dataStorage 'modules/data-storage.bicep' = {
  name: 'data-storage'
  scope: resourceGroup
  dependsOn: [
    identity
  ]
  params: {
    name: names.dataStorage
    location: location
    tags: tags
    identityName: names.identity
    containerNames: containerNames
    staticWebsite: publicReportWebsite
    reportContainerName: containers.report
    indexDocument: reportIndexDocument
    operatorPrincipalId: principalId
  }
}

module serviceBusNamespace 'modules/service-bus-namespace.bicep' = if (createServiceBus) {
  name: 'service-bus-namespace'
  scope: resourceGroup
  params: {
    name: serviceBusName
    location: location
    tags: tags
  }
}

module serviceBusTopic 'modules/service-bus-topic.bicep' = {
  name: 'service-bus-topic'
  scope: az.resourceGroup(serviceBusGroupName)
  dependsOn: [
    identity
    serviceBusNamespace
  ]
  params: {
    namespaceName: serviceBusName
    topicName: summaryTopicName
    subscriptions: serviceBusSubscriptions
    identityName: names.identity
    identityResourceGroupName: resourceGroup.name
    districtOfficeGroupId: districtOfficeGroupId
  }
}

module functionApp 'modules/function-app.bicep' = {
  name: 'function-app'
  scope: resourceGroup
  dependsOn: [
    identity
    reportAuthIdentity
    monitoring
  ]
  params: {
    name: names.functionApp
    planName: names.plan
    location: location
    tags: tags
    identityName: names.identity
    hostStorage: {
      blob: hostStorage.outputs.blobEndpoint
      queue: hostStorage.outputs.queueEndpoint
      table: hostStorage.outputs.tableEndpoint
    }
    deploymentContainerUrl: hostStorage.outputs.deploymentContainerUrl
    dataStorage: {
      blob: dataStorage.outputs.blobEndpoint
      queue: dataStorage.outputs.queueEndpoint
      table: dataStorage.outputs.tableEndpoint
    }
    serviceBusFullyQualifiedNamespace: serviceBusTopic.outputs.fullyQualifiedNamespace
    summaryTopicName: summaryTopicName
    appInsightsName: names.appInsights
    districtCode: districtCode
    dailySummarySchedule: '0 0 17 * * *'
    instanceMemoryMB: instanceMemoryMB
    maximumInstanceCount: maximumInstanceCount
    reportContainerName: containers.report
    reportAuth: {
      identityName: names.reportAuthIdentity
      clientId: reportAuthClientId
      tenantId: reportAuthTenantId
      allowedGroupIds: reportGroupIds
    }
    allowedIpRanges: reportAllowedIpRanges
  }
}

module officeAccess 'modules/office-access.bicep' = {
  name: 'office-access'
  scope: resourceGroup
  dependsOn: [
    dataStorage
  ]
  params: {
    dataStorageName: names.dataStorage
    uploadsContainerName: containers.uploads
    resultsContainerName: containers.results
    districtWriteContainerNames: [
      containers.results
      containers.quarantine
      containers.summaries
      containers.report
    ]
    streetOffices: streetOffices
    districtOfficeGroupId: districtOfficeGroupId
  }
}

module uploadEvents 'modules/upload-events.bicep' = {
  name: 'upload-events'
  scope: resourceGroup
  dependsOn: [
    dataStorage
  ]
  params: {
    systemTopicName: names.systemTopic
    location: location
    tags: tags
    dataStorageName: names.dataStorage
    deadLetterContainerName: containers.deadLetter
  }
}

// Only once the code is deployed: the subscription's webhook needs the blob extension's key (see the module).
module uploadSubscription 'modules/upload-subscription.bicep' = if (uploadEventsEnabled) {
  name: 'upload-subscription'
  scope: resourceGroup
  dependsOn: [
    uploadEvents
    functionApp
  ]
  params: {
    systemTopicName: names.systemTopic
    dataStorageName: names.dataStorage
    deadLetterContainerName: containers.deadLetter
    functionAppName: names.functionApp
  }
}

output AZURE_LOCATION string = location
output AZURE_TENANT_ID string = tenant().tenantId
output AZURE_RESOURCE_GROUP string = resourceGroup.name
output FUNCTION_APP_NAME string = functionApp.outputs.name
output FUNCTION_APP_HOST string = functionApp.outputs.defaultHostName
output DATA_STORAGE_ACCOUNT string = dataStorage.outputs.name
// The report as the app serves it, behind sign-in; the public website's address only when it was asked for.
output REPORT_URL string = 'https://${functionApp.outputs.defaultHostName}/reports/latest/index.html'
output PUBLIC_REPORT_URL string = publicReportWebsite ? '${dataStorage.outputs.webEndpoint}reports/latest/index.html' : ''
output REPORT_SIGN_IN_REDIRECT_URI string = 'https://${functionApp.outputs.defaultHostName}/.auth/login/aad/callback'
output REPORT_AUTH_IDENTITY_PRINCIPAL_ID string = reportAuthIdentity.outputs.principalId
output SERVICE_BUS_NAMESPACE string = serviceBusName
output SERVICE_BUS_RESOURCE_GROUP string = serviceBusGroupName
output SERVICE_BUS_TOPIC string = serviceBusTopic.outputs.topicName
output EVENT_GRID_SYSTEM_TOPIC string = uploadEvents.outputs.systemTopicName
