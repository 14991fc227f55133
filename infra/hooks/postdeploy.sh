#!/bin/sh
# azd postdeploy hook: subscribe the blob function to new uploads, once per environment.
# The Event Grid subscription calls the blob extension's webhook with the host's system key 'blobs_extension', which
# exists only after the code is deployed and the host has started. Wait for it, then provision again with
# UPLOAD_EVENTS_ENABLED=true (infra/modules/upload-subscription.bicep). Needs the Azure CLI, signed in (az login).
set -eu

if [ "$(azd env get-value UPLOAD_EVENTS_ENABLED 2>/dev/null || true)" = "true" ]; then
  echo "Upload events are already delivered to $FUNCTION_APP_NAME."
  exit 0
fi

echo "Waiting for the blob extension's key of $FUNCTION_APP_NAME ..."
attempt=0
while :; do
  # Any request starts the host, which creates the key; the webhook path is the one sign-in lets through.
  curl --silent --output /dev/null --max-time 30 "https://$FUNCTION_APP_HOST/runtime/webhooks/blobs" || true
  key=$(az functionapp keys list --resource-group "$AZURE_RESOURCE_GROUP" --name "$FUNCTION_APP_NAME" \
    --query "systemKeys.blobs_extension" --output tsv 2>/dev/null || true)
  [ -n "$key" ] && break
  attempt=$((attempt + 1))
  if [ "$attempt" -ge 30 ]; then
    echo "The key did not appear within 10 minutes. Once the app runs: azd env set UPLOAD_EVENTS_ENABLED true && azd provision" >&2
    exit 1
  fi
  sleep 20
done

azd env set UPLOAD_EVENTS_ENABLED true
azd provision --no-prompt
