// The Azure ABAC condition that keeps a role assignment on one blob container to one folder of it: blobs are read
// (and, with write actions, written) only under the prefix, and listed only with that prefix. One builder for every
// folder-bound assignment (a street office's uploads and its findings), so they cannot drift apart.

@export()
@description('Condition (version 2.0) allowing the read action, and each given blob write action (write, add/action, delete), only on blobs under prefix in container, and listing only with that prefix.')
func folderCondition(container string, prefix string, writeActions string[]) string =>
  '( ( !(ActionMatches{\'Microsoft.Storage/storageAccounts/blobServices/containers/blobs/read\'} AND NOT SubOperationMatches{\'Blob.List\'})${join(map(writeActions, action => ' AND !(ActionMatches{\'Microsoft.Storage/storageAccounts/blobServices/containers/blobs/${action}\'})'), '')} ) OR ( @Resource[Microsoft.Storage/storageAccounts/blobServices/containers:name] StringEquals \'${container}\' AND @Resource[Microsoft.Storage/storageAccounts/blobServices/containers/blobs:path] StringStartsWith \'${prefix}\' ) ) AND ( ( !(ActionMatches{\'Microsoft.Storage/storageAccounts/blobServices/containers/blobs/read\'} AND SubOperationMatches{\'Blob.List\'}) ) OR ( @Resource[Microsoft.Storage/storageAccounts/blobServices/containers:name] StringEquals \'${container}\' AND @Request[Microsoft.Storage/storageAccounts/blobServices/containers/blobs:prefix] StringStartsWith \'${prefix}\' ) )'
