#!/usr/bin/env bash
# Runs each fuzz target for FUZZ_SECONDS (default 60) from its committed seed corpus
# (tests/fuzz/corpus/<target>, read only: new inputs go to <build>/corpus/<target>).
#   bash tests/fuzz/run.sh <build dir> [seconds] [target ...]      (make fuzz calls it)
# Prints one line per target (runs, executions/s, corpus size); crash inputs are saved in
# <build>/artifacts/<target>/. Exits 1 when any target found a crash or a violated invariant.
set -uo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
build="$1"; seconds="${2:-60}"; shift 2 || shift $#
targets=("$@")
(( ${#targets[@]} )) || targets=(fuzz_text fuzz_npy fuzz_npz fuzz_inflate fuzz_numbers fuzz_analysis fuzz_graph)
status=0
for t in "${targets[@]}"; do
  work="$build/corpus/$t"; art="$build/artifacts/$t"; log="$build/logs/$t.log"
  mkdir -p "$work" "$art" "$build/logs"
  # -rss_limit_mb: the readers must refuse, not allocate, absurd sizes; -timeout: no input may hang.
  ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    "$build/$t" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=4096 \
      -print_final_stats=1 -artifact_prefix="$art/" "$work" "$here/corpus/$t" >"$log" 2>&1
  rc=$?
  runs=$(grep -oE 'stat::number_of_executed_units: *[0-9]+' "$log" | grep -oE '[0-9]+$' || echo '?')
  eps=$(grep -oE 'stat::average_exec_per_sec: *[0-9]+' "$log" | grep -oE '[0-9]+$' || echo '?')
  cov=$(grep -oE 'cov: [0-9]+' "$log" | tail -n 1 | grep -oE '[0-9]+' || echo '?')
  if (( rc == 0 )); then
    printf '[fuzz] %-14s ok     %9s runs in %ss, %6s exec/s, coverage %s edges\n' "$t" "$runs" "$seconds" "$eps" "$cov"
  else
    status=1
    printf '[fuzz] %-14s FAILED (exit %d) after %s runs: see %s, input in %s\n' "$t" "$rc" "$runs" "$log" "$art"
    grep -E 'ERROR|invariant violated|runtime error' "$log" | head -n 3 | sed 's/^/         /'
  fi
done
exit $status
