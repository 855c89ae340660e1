#!/usr/bin/env bash
# Runs the quick version of every benchmark (under 10 minutes on 2 cores) and prints one summary table.
# Each benchmark prints its headline figures as `SUMMARY|<benchmark>|<measure>|<value>|<unit>` lines;
# its full output is kept in the folder named at the end.
# Usage: bash benchmarks/run-quick.sh [benchmark ...]   (default: all of them; names as in the folders, e.g. Tariffs)
set -uo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 NO_COLOR=1

benchmarks=("$@")
if [ ${#benchmarks[@]} -eq 0 ]; then
  benchmarks=(Tariffs Telemetry Data System Scale)
fi

logs=$(mktemp -d -t teslasync-benchmarks-XXXXXX)
started=$(date +%s)
echo "Building (Release)..."
if ! dotnet build -c Release TeslaSync.sln -v quiet -nologo > "$logs/build.log" 2>&1; then
  tail -30 "$logs/build.log"
  echo "The build failed; see $logs/build.log"
  exit 1
fi

failed=()
for name in "${benchmarks[@]}"; do
  project="benchmarks/${name}.Benchmarks"
  echo
  echo "=== ${name} ($(date +%H:%M:%S))"
  if ! dotnet run -c Release --no-build --project "$project" -- --quick 2>&1 | tee "$logs/${name}.log"; then
    failed+=("$name")
  fi
done

echo
echo "Summary ($(nproc) cores, $(( $(date +%s) - started )) s in all; full output in $logs)"
printf '%-10s  %-58s  %12s  %s\n' "benchmark" "measure" "value" "unit"
printf '%-10s  %-58s  %12s  %s\n' "---------" "-------" "-----" "----"
cat "$logs"/*.log | grep -h '^SUMMARY|' | while IFS='|' read -r _ benchmark measure value unit; do
  printf '%-10s  %-58s  %12s  %s\n' "$benchmark" "$measure" "$value" "$unit"
done

if [ ${#failed[@]} -gt 0 ]; then
  echo
  echo "Failed: ${failed[*]} (see their logs above)"
  exit 1
fi
