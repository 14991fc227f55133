// Who may touch the data account besides the app: each street office's Entra group may upload only into its own
// folder of uploads ({code}/) and read only its own findings (results/{code}/); the district office's group may
// upload anywhere, read every finding and run close, reopen and replay with the CLI. Every assignment is on a
// container, never the account, and every street office's carries its folder condition.

import { roleIds } from 'roles.bicep'
import { folderCondition } from 'blob-conditions.bicep'

@description('Name of the data storage account (same resource group).')
param dataStorageName string

@description('Container of the street offices\' uploads.')
param uploadsContainerName string

@description('Container of the findings of rejected files.')
param resultsContainerName string

@description('Containers the CLI writes when the district office closes, reopens or replays a period: findings, quarantine, summaries and the report.')
param districtWriteContainerNames string[]

@description('Street offices: code (the folder, e.g. 110115003000) and groupObjectId (object id of the office\'s Entra group).')
param streetOffices { code: string, groupObjectId: string }[]

@description('Object id of the district office\'s Entra group; empty for none.')
param districtOfficeGroupId string

resource account 'Microsoft.Storage/storageAccounts@2025-06-01' existing = {
  name: dataStorageName

  resource blobService 'blobServices' existing = {
    name: 'default'

    resource uploads 'containers' existing = {
      name: uploadsContainerName
    }

    resource results 'containers' existing = {
      name: resultsContainerName
    }
  }
}

resource districtContainers 'Microsoft.Storage/storageAccounts/blobServices/containers@2025-06-01' existing = [
  for name in districtWriteContainerNames: {
    parent: account::blobService
    name: name
  }
]

// Write, append (add) and delete: everything Storage Blob Data Contributor does to a blob, held to the folder.
resource officeUploads 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for office in streetOffices: {
    name: guid(account::blobService::uploads.id, office.groupObjectId, roleIds.storageBlobDataContributor)
    scope: account::blobService::uploads
    properties: {
      roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roleIds.storageBlobDataContributor)
      principalId: office.groupObjectId
      principalType: 'Group'
      description: '${office.code}: ${uploadsContainerName}/${office.code}/ only'
      conditionVersion: '2.0'
      condition: folderCondition(uploadsContainerName, '${office.code}/', ['write', 'add/action', 'delete'])
    }
  }
]

resource officeResults 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for office in streetOffices: {
    name: guid(account::blobService::results.id, office.groupObjectId, roleIds.storageBlobDataReader)
    scope: account::blobService::results
    properties: {
      roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roleIds.storageBlobDataReader)
      principalId: office.groupObjectId
      principalType: 'Group'
      description: '${office.code}: ${resultsContainerName}/${office.code}/ only'
      conditionVersion: '2.0'
      condition: folderCondition(resultsContainerName, '${office.code}/', [])
    }
  }
]

resource districtUploads 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (!empty(districtOfficeGroupId)) {
  name: guid(account::blobService::uploads.id, districtOfficeGroupId, roleIds.storageBlobDataContributor)
  scope: account::blobService::uploads
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roleIds.storageBlobDataContributor)
    principalId: districtOfficeGroupId
    principalType: 'Group'
    description: 'District office: every street\'s uploads'
  }
}

// replay writes findings and quarantine copies again; close and reopen publish summaries and the report.
resource districtWrites 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for (name, i) in districtWriteContainerNames: if (!empty(districtOfficeGroupId)) {
    name: guid(districtContainers[i].id, districtOfficeGroupId, roleIds.storageBlobDataContributor)
    scope: districtContainers[i]
    properties: {
      roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roleIds.storageBlobDataContributor)
      principalId: districtOfficeGroupId
      principalType: 'Group'
      description: 'District office: close, reopen and replay write ${name}'
    }
  }
]

// The periods' manifests, rows, figures, receipts and outbox. The app creates its tables on first use, so there is
// no table to scope to at deployment time: the account's Table storage, which holds only the app's tables.
resource districtTables 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (!empty(districtOfficeGroupId)) {
  name: guid(account.id, districtOfficeGroupId, roleIds.storageTableDataContributor)
  scope: account
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roleIds.storageTableDataContributor)
    principalId: districtOfficeGroupId
    principalType: 'Group'
    description: 'District office: close, reopen and replay update the period tables'
  }
}
