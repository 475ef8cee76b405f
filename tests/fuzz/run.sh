#!/usr/bin/env bash
# Builds the libFuzzer targets with clang (ASan + UBSan) and runs each for
# SECONDS (default 600), seeded from tests/fuzz/seeds/<target>.  Findings
# land in build-fuzz/findings/<target>; each becomes a regression test.
#   tests/fuzz/run.sh [SECONDS] [TARGET...]
set -euo pipefail
cd "$(dirname "$0")/../.."
seconds=${1:-600}
shift || true
cmake -S . -B build-fuzz -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_BUILD_TYPE=RelWithDebInfo \
      -DSPLOT_SANITIZE=ON -DSPLOT_FUZZ=ON -DSPLOT_BUILD_BENCH=OFF > /dev/null
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  targets=($(ls tests/fuzz/*_fuzz.cc | xargs -n1 basename | sed 's/\.cc$//'))
fi
cmake --build build-fuzz -j2 --target "${targets[@]}"
for t in "${targets[@]}"; do
  seeds="tests/fuzz/seeds/${t%_fuzz}"
  work="build-fuzz/corpus/$t"
  findings="build-fuzz/findings/$t"
  mkdir -p "$work" "$findings"
  echo "== $t for ${seconds}s"
  "build-fuzz/tests/fuzz/$t" "$work" "$seeds" -max_total_time="$seconds" -artifact_prefix="$findings/" \
      -print_final_stats=1 2>&1 | grep -E "^(stat::number_of_executed_units|stat::new_units_added|==.*ERROR|SUMMARY)" || true
  echo "findings: $(ls "$findings" | wc -l)"
done
