#!/usr/bin/env bash
# The main job on the bundled samples: installs the Node tools if missing, starts Azurite and the local
# Service Bus broker when no connection strings are set, runs the pipeline and says where the report is. On the
# bundled samples (no arguments) December 2020 is then closed as its official version 1, so the report shows it.
# With --functions first, the same files go through the built functions app, as Azure runs it, under the host
# stand-in (no Core Tools needed): scripts/run.sh --functions [INPUT] [OUT].
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -x node_modules/.bin/azurite ] || [ ! -f node_modules/echarts/dist/echarts.min.js ]; then
  npm ci --no-audit --no-fund --loglevel=error
fi
if [ "${1:-}" = "--functions" ]; then
  shift
  dotnet build functions/Pipeline.Functions -c Release --nologo -v q
  exec dotnet run --project tests/Pipeline.LocalRun -c Release -- functions \
    --app functions/Pipeline.Functions/bin/Release/net10.0 --input "${1:-samples}" --out "${2:-out}"
fi
extra=("${@:3}")
if [ $# -eq 0 ]; then
  extra=(--close 2020-12)
fi
exec dotnet run --project tests/Pipeline.LocalRun -c Release -- run --input "${1:-samples}" --out "${2:-out}" "${extra[@]}"
