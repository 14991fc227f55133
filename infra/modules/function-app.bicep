// The function app on the Flex Consumption plan (FC1). It runs as the user-assigned identity and every connection
// in its settings is identity-based: no connection string, no key. Names of the settings are exactly the ones the
// app reads (see local.settings.sample.json); on Flex Consumption the worker runtime is functionAppConfig.runtime,
// not the FUNCTIONS_WORKER_RUNTIME setting.

@description('Name of the function app (also its host name).')
param name string

@description('Name of the Flex Consumption plan.')
param planName string

@description('Region of the plan and the app.')
param location string

@description('Tags of every resource.')
param tags object

@description('Name of the user-assigned identity the app runs as (same resource group).')
param identityName string

@description('Blob, queue and table endpoints of the app\'s own storage account.')
param hostStorage object

@description('URL of the blob container the app package is deployed to.')
param deploymentContainerUrl string

@description('Blob, queue and table endpoints of the data account.')
param dataStorage object

@description('Fully qualified Service Bus namespace, name.servicebus.windows.net.')
param serviceBusFullyQualifiedNamespace string

@description('Topic the summaries are published to.')
param summaryTopicName string

@description('Name of the Application Insights component (same resource group).')
param appInsightsName string

@description('6-digit statistical code of the district.')
param districtCode string

@description('NCRONTAB schedule of the daily summary, in UTC.')
param dailySummarySchedule string

@description('Memory of one instance, in MB.')
param instanceMemoryMB int

@description('Most instances the app scales out to.')
param maximumInstanceCount int

@description('Blob container the report is published to and served from (Pipeline__WebContainer).')
param reportContainerName string

@description('Sign-in to the report: identityName (the identity that is the app registration\'s federated credential), clientId of the app registration (empty: nobody can sign in), tenantId, allowedGroupIds (Entra groups whose members may read).')
param reportAuth { identityName: string, clientId: string, tenantId: string, allowedGroupIds: string[] }

@description('CIDR ranges allowed to reach the app; empty: every address.')
param allowedIpRanges string[]

// The blob extension's webhook, which Event Grid calls for every new upload (upload-subscription.bicep). It carries
// the extension's system key, and Event Grid cannot sign in, so sign-in must not stand in front of it.
var blobWebhookPath = '/runtime/webhooks/blobs'

// App Service authentication takes a client secret from the app setting named here; with this name it gets a client
// assertion from the managed identity instead, which the app registration trusts as a federated credential.
var federatedCredentialSetting = 'OVERRIDE_USE_MI_FIC_ASSERTION_CLIENTID'

// The cloud's Entra authority (Azure China's in Azure China): the sign-in's issuer and where the app reads the tenant's keys.
var loginEndpoint = environment().authentication.loginEndpoint

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2024-11-30' existing = {
  name: identityName
}

resource reportAuthIdentity 'Microsoft.ManagedIdentity/userAssignedIdentities@2024-11-30' existing = {
  name: reportAuth.identityName
}

resource appInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: appInsightsName
}

resource plan 'Microsoft.Web/serverfarms@2024-11-01' = {
  name: planName
  location: location
  tags: tags
  kind: 'functionapp'
  sku: {
    tier: 'FlexConsumption'
    name: 'FC1'
  }
  properties: {
    reserved: true
  }
}

resource site 'Microsoft.Web/sites@2024-11-01' = {
  name: name
  location: location
  tags: union(tags, { 'azd-service-name': 'functions' })
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identity.id}': {}
      '${reportAuthIdentity.id}': {}
    }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    publicNetworkAccess: 'Enabled'
    siteConfig: {
      minTlsVersion: '1.2'
      scmMinTlsVersion: '1.2'
      ftpsState: 'Disabled'
      http20Enabled: true
      // The government network's ranges, and Event Grid's (service tag) for the upload webhook; everything else is
      // refused. The SCM site (deployments) keeps its own, open, rules.
      ipSecurityRestrictions: empty(allowedIpRanges)
        ? []
        : concat(
            map(range(0, length(allowedIpRanges)), i => {
              name: 'district-network-${i + 1}'
              ipAddress: allowedIpRanges[i]
              action: 'Allow'
              priority: 100 + i
            }),
            [
              {
                name: 'event-grid'
                ipAddress: 'AzureEventGrid'
                tag: 'ServiceTag'
                action: 'Allow'
                priority: 90
              }
            ]
          )
      ipSecurityRestrictionsDefaultAction: empty(allowedIpRanges) ? 'Allow' : 'Deny'
      scmIpSecurityRestrictionsUseMain: false
    }
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: deploymentContainerUrl
          authentication: {
            type: 'UserAssignedIdentity'
            userAssignedIdentityResourceId: identity.id
          }
        }
      }
      scaleAndConcurrency: {
        instanceMemoryMB: instanceMemoryMB
        maximumInstanceCount: maximumInstanceCount
      }
      runtime: {
        name: 'dotnet-isolated'
        version: '10.0'
      }
    }
  }
}

resource appSettings 'Microsoft.Web/sites/config@2024-11-01' = {
  parent: site
  name: 'appsettings'
  properties: {
    // The Functions host's own storage.
    AzureWebJobsStorage__blobServiceUri: hostStorage.blob
    AzureWebJobsStorage__queueServiceUri: hostStorage.queue
    AzureWebJobsStorage__tableServiceUri: hostStorage.table
    AzureWebJobsStorage__credential: 'managedidentity'
    AzureWebJobsStorage__clientId: identity.properties.clientId

    // Telemetry, sent with Entra ID (the component refuses keys).
    APPLICATIONINSIGHTS_CONNECTION_STRING: appInsights.properties.ConnectionString
    APPLICATIONINSIGHTS_AUTHENTICATION_STRING: 'ClientId=${identity.properties.clientId};Authorization=AAD'

    // Connection 'Storage': the data account. The blob trigger also uses its queues.
    Storage__blobServiceUri: dataStorage.blob
    Storage__queueServiceUri: dataStorage.queue
    Storage__tableServiceUri: dataStorage.table
    Storage__credential: 'managedidentity'
    Storage__clientId: identity.properties.clientId

    // Connection 'ServiceBus'.
    ServiceBus__fullyQualifiedNamespace: serviceBusFullyQualifiedNamespace
    ServiceBus__credential: 'managedidentity'
    ServiceBus__clientId: identity.properties.clientId

    DailySummarySchedule: dailySummarySchedule

    // Section Pipeline (PipelineOptions).
    Pipeline__DistrictCode: districtCode
    Pipeline__RegistryFile: ''
    Pipeline__MaxUploadMegabytes: '50'
    Pipeline__MaxRows: '1000000'
    // A street office's rights are its folder: in Azure every upload must sit in a street's or the district's folder.
    Pipeline__RequireOwnerFolder: 'true'
    Pipeline__MonthsAhead: '0'
    Pipeline__SweepGraceHours: '24'
    Pipeline__SubmissionDeadlineDay: '5'
    Pipeline__UploadsContainer: 'uploads'
    Pipeline__ResultsContainer: 'results'
    Pipeline__QuarantineContainer: 'quarantine'
    Pipeline__WebContainer: reportContainerName
    Pipeline__ReportAccess: 'SignedIn'
    Pipeline__TablePrefix: 'Pipeline'
    Pipeline__SummaryEntity: summaryTopicName
    Pipeline__PublishSummaryV2: 'true'
    Pipeline__SummariesContainer: 'summaries'
    Pipeline__ServiceBusTryTimeoutSeconds: '30'
    Pipeline__ServiceBusMaxRetries: '3'

    // Sign-in to the report (authsettingsV2 below): the federated credential's identity, and the one tenant.
    // (federatedCredentialSetting: ARM takes no expression as a setting's name.)
    OVERRIDE_USE_MI_FIC_ASSERTION_CLIENTID: reportAuthIdentity.properties.clientId
    WEBSITE_AUTH_AAD_ALLOWED_TENANTS: reportAuth.tenantId

    // The app verifies every report caller's token itself (ReportSignInOptions), whatever the platform in front does:
    // the same tenant, app registration and groups as the sign-in below.
    Pipeline__ReportTenantId: reportAuth.tenantId
    Pipeline__ReportClientId: reportAuth.clientId
    Pipeline__ReportAllowedGroups: join(reportAuth.allowedGroupIds, ',')
    Pipeline__ReportAuthority: loginEndpoint
  }
}

// Built-in authentication with Microsoft Entra ID: every request must come from a signed-in member of an allowed
// group (browsers are sent to the sign-in page), except the blob webhook. Without a client id the provider is off and
// sign-in required all the same, so the report stays closed until the app registration exists.
resource authSettings 'Microsoft.Web/sites/config@2024-11-01' = {
  parent: site
  name: 'authsettingsV2'
  properties: {
    platform: {
      enabled: true
    }
    globalValidation: {
      requireAuthentication: true
      unauthenticatedClientAction: 'RedirectToLoginPage'
      redirectToProvider: 'azureactivedirectory'
      excludedPaths: [
        blobWebhookPath
      ]
    }
    httpSettings: {
      requireHttps: true
    }
    identityProviders: {
      azureActiveDirectory: {
        enabled: !empty(reportAuth.clientId)
        registration: {
          clientId: reportAuth.clientId
          clientSecretSettingName: federatedCredentialSetting
          openIdIssuer: '${loginEndpoint}${reportAuth.tenantId}/v2.0'
        }
        validation: {
          defaultAuthorizationPolicy: {
            allowedPrincipals: {
              groups: reportAuth.allowedGroupIds
            }
          }
        }
      }
    }
    // On: the token store forwards the signed-in official's id token (X-MS-TOKEN-AAD-ID-TOKEN), which the app verifies.
    login: {
      tokenStore: {
        enabled: true
      }
    }
  }
}

// Deployments use Entra ID; basic (user name and password) publishing is off for FTP and the SCM site.
resource ftpCredentials 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2024-11-01' = {
  parent: site
  name: 'ftp'
  properties: {
    allow: false
  }
}

resource scmCredentials 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2024-11-01' = {
  parent: site
  name: 'scm'
  properties: {
    allow: false
  }
}

output name string = site.name
output defaultHostName string = site.properties.defaultHostName
