#!/usr/bin/env bash
# Coverage-guided fuzzing of the upload readers: afl++ drives tests/Pipeline.Fuzz through SharpFuzz.
#   scripts/fuzz.sh TARGET [SECONDS]    TARGET: xlsx, xls, csv, encrypted, catalog, divisions, or all (each in turn); SECONDS default 60 each.
# Installs afl++ and the pinned sharpfuzz tool if missing, builds, instruments a copy of the output, then runs afl-fuzz
# into artifacts/fuzz/TARGET/. Exits 1 and lists the inputs when afl++ saved any crash or hang.
# FUZZ_NO_BUILD=1 skips the build (CI has just built the solution); FUZZ_RESUME=1 continues an earlier campaign's corpus.
set -euo pipefail
cd "$(dirname "$0")/.."

targets=(xlsx xls csv encrypted catalog divisions)
target="${1:-}"
duration="${2:-60}"
if [[ "$target" == all ]]; then
  selected=("${targets[@]}")
elif [[ " ${targets[*]} " == *" $target "* ]]; then
  selected=("$target")
else
  echo "usage: scripts/fuzz.sh (${targets[*]// /|}|all) [SECONDS]" >&2
  exit 2
fi

project=tests/Pipeline.Fuzz
configuration="${CONFIGURATION:-Release}"
build="$project/bin/$configuration/net10.0"
root="artifacts/fuzz"
instrumented="$root/bin"

if ! command -v afl-fuzz >/dev/null; then
  echo "== apt: afl++"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends afl++
fi

echo "== dotnet tool restore"
dotnet tool restore >/dev/null

if [[ "${FUZZ_NO_BUILD:-}" != 1 ]]; then
  # Pipeline.Adapters embeds the report's chart library from node_modules.
  [[ -f node_modules/echarts/dist/echarts.min.js ]] || npm ci --no-audit --no-fund --loglevel=error
  echo "== build $project"
  dotnet build "$project/Pipeline.Fuzz.csproj" -c "$configuration" --nologo -v quiet
fi

# Instrument a copy, so the build output stays plain: replays and the test suite run it uninstrumented.
echo "== instrument"
rm -rf "$instrumented"
mkdir -p "$root"
cp -r "$build" "$instrumented"
for assembly in Pipeline.Adapters.dll Pipeline.Core.dll ExcelDataReader.dll NCalc.Parser.dll Parlot.dll; do
  dotnet sharpfuzz "$instrumented/$assembly" >/dev/null
done

# afl++ in a container: no CPU governor, no core dumps to wait for, no core to pin. dotnet itself carries no afl
# instrumentation (SharpFuzz's is in the managed code), hence the binary check is skipped.
export AFL_SKIP_CPUFREQ=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_NO_AFFINITY=1 AFL_SKIP_BIN_CHECK=1 AFL_NO_UI=1
# One execution reads the input twice (the reader, then the inspection), each within its 10 s floor budget: the target
# fails fast past 2 x budget + 2 s; afl-fuzz's own timeout sits just above that, for what never returns at all.
timeout_ms="${FUZZ_TIMEOUT_MS:-25000}"
dotnet_path="$(command -v dotnet)"

status=0
for name in "${selected[@]}"; do
  out="$root/$name"
  input="$project/seeds/$name"
  if [[ "${FUZZ_RESUME:-}" == 1 && -d "$out/default/queue" ]]; then
    input=-
  else
    rm -rf "$out"
  fi
  mkdir -p "$out"
  echo "== afl-fuzz $name for ${duration} s (log: $out/afl-fuzz.log)"
  # Its own session, so every process the campaign started (afl-fuzz, the forkserver, the dotnet runner) ends with it.
  setsid afl-fuzz -i "$input" -o "$out" -t "$timeout_ms" -m none -V "$duration" -- \
    "$dotnet_path" "$instrumented/Pipeline.Fuzz.dll" "$name" >"$out/afl-fuzz.log" 2>&1 &
  fuzzer=$!
  fuzz_status=0
  wait "$fuzzer" || fuzz_status=$?
  kill -- "-$fuzzer" 2>/dev/null || true

  if [[ -f "$out/default/fuzzer_stats" ]]; then
    awk -F' *: ' '$1 ~ /^(execs_done|execs_per_sec|corpus_count|bitmap_cvg|saved_crashes|saved_hangs)$/ { printf "   %s: %s\n", $1, $2 }' \
      "$out/default/fuzzer_stats"
  fi
  if [[ "$fuzz_status" != 0 ]]; then
    echo "afl-fuzz $name failed (exit $fuzz_status):" >&2
    tail -n 25 "$out/afl-fuzz.log" >&2
    status=1
    continue
  fi

  shopt -s nullglob
  found=("$out"/default/crashes/id:* "$out"/default/hangs/id:*)
  shopt -u nullglob
  if (( ${#found[@]} > 0 )); then
    status=1
    echo "!! $name: afl++ saved ${#found[@]} crash/hang input(s):"
    for file in "${found[@]}"; do
      echo "   $file"
      # The uninstrumented build says what escaped (a hang shows as the watchdog's fail-fast, or as still running).
      timeout 60 dotnet "$build/Pipeline.Fuzz.dll" "$name" "$file" 2>&1 | grep -E '^(CRASH|SLOW|ok)|^ +at ' | head -n 6 | sed 's/^/     /' || true
    done
    echo "   keep each under $project/regressions/$name/ (replayed by FuzzRegressionTests)."
  else
    echo "   $name: no crash or hang"
  fi
done
exit "$status"
