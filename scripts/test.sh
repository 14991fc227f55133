#!/usr/bin/env bash
# The whole test suite on a fresh machine: Node tools, build, then every test against Azurite and the local
# Service Bus broker (the tests start and stop both themselves), then a short fuzzing campaign of each upload reader
# (scripts/fuzz.sh). Prints one closing line: "tests: N passed, N failed", a fuzz target that found a crash or hang
# counted as one failure.
set -euo pipefail
cd "$(dirname "$0")/.."

configuration="${CONFIGURATION:-Release}"
results="artifacts/test-results"

echo "== npm ci"
npm ci --no-audit --no-fund --loglevel=error

# The report's browser test drives Debian's headless Chromium; the CJK fonts let its screenshot show the Chinese text.
if [ ! -x /usr/bin/chromium ] || ! dpkg -s fonts-noto-cjk >/dev/null 2>&1; then
  echo "== apt: chromium fonts-noto-cjk"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium fonts-noto-cjk
fi

echo "== build ($configuration)"
dotnet build Pipeline.sln -c "$configuration" --nologo

echo "== test"
rm -rf "$results"
mkdir -p "$results"
status=0
dotnet test Pipeline.sln -c "$configuration" --no-build --nologo \
  --results-directory "$results" --logger "trx" \
  --blame-hang-timeout 5m 2>&1 | tee "$results/dotnet-test.log" || status=$?

# A short afl++ campaign per reader target on the build above; any crash or hang it saves fails the run. Its corpus,
# crashes and hangs stay under artifacts/fuzz/ for the run's artifacts.
fuzz_seconds="${FUZZ_SECONDS:-45}"
fuzz_failed=0
if [[ "$fuzz_seconds" != 0 ]]; then
  echo "== fuzz (${fuzz_seconds} s per target)"
  for target in xlsx xls csv encrypted catalog divisions; do
    FUZZ_NO_BUILD=1 bash scripts/fuzz.sh "$target" "$fuzz_seconds" 2>&1 | tee -a "$results/fuzz.log" || fuzz_failed=$((fuzz_failed + 1))
  done
  (( fuzz_failed == 0 )) || status=1
fi

# dotnet test prints one "Passed!/Failed! - Failed: a, Passed: b, Skipped: c" line per test project; add them up.
awk -v fuzz_failed="$fuzz_failed" '/(Passed|Failed)! +- +Failed:/ {
       gsub(/,/, ""); for (i = 1; i <= NF; i++) {
         if ($i == "Failed:") failed += $(i + 1); if ($i == "Passed:") passed += $(i + 1); if ($i == "Skipped:") skipped += $(i + 1) } }
     END { printf "tests: %d passed, %d failed, %d skipped\n", passed, failed + fuzz_failed, skipped }' "$results/dotnet-test.log"
exit "$status"
