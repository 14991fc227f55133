# azd postdeploy hook (Windows): subscribe the blob function to new uploads, once per environment.
# See postdeploy.sh: the Event Grid subscription needs the blob extension's key, which exists only once the deployed
# host has started. Needs the Azure CLI, signed in (az login).
$ErrorActionPreference = 'Stop'

if ((azd env get-value UPLOAD_EVENTS_ENABLED 2>$null) -eq 'true') {
    Write-Host "Upload events are already delivered to $env:FUNCTION_APP_NAME."
    exit 0
}

Write-Host "Waiting for the blob extension's key of $env:FUNCTION_APP_NAME ..."
for ($attempt = 1; ; $attempt++) {
    # Any request starts the host, which creates the key; sign-in lets the webhook path through.
    try { Invoke-WebRequest -Uri "https://$env:FUNCTION_APP_HOST/runtime/webhooks/blobs" -TimeoutSec 30 -UseBasicParsing | Out-Null } catch { }
    $key = az functionapp keys list --resource-group $env:AZURE_RESOURCE_GROUP --name $env:FUNCTION_APP_NAME `
        --query "systemKeys.blobs_extension" --output tsv 2>$null
    if ($key) { break }
    if ($attempt -ge 30) {
        Write-Error "The key did not appear within 10 minutes. Once the app runs: azd env set UPLOAD_EVENTS_ENABLED true; azd provision"
    }
    Start-Sleep -Seconds 20
}

azd env set UPLOAD_EVENTS_ENABLED true
azd provision --no-prompt
if ($LASTEXITCODE -ne 0) { exit $LASTEXITCODE }
