#!/usr/bin/env bash
# `make bench`: every stage's throughput on sizes that fit in about 15 minutes on this 2-core machine, each beside
# the ceiling its own bench measures in the same run (bare fetch, batched writer, pre-serialised response, …).
# Figures are printed and kept in var/bench/<UTC time>/ (one log per bench); nothing is asserted.
#
# The benches that write to Neo4j get a scratch server of their own (home var/neo4j-bench-all, bolt 7699), so no
# database anybody uses is touched; bench_api.py starts its own server on 7697. The machine's load is printed
# before and after: figures taken beside other work are not comparable with a quiet-machine run.
#
#   bash bench/run_all.sh            # the 15-minute set
#   BENCH_QUICK=1 bash bench/run_all.sh   # tiny sizes, a minute or two: checks that every bench still runs
#
# The whole month of a province (the medium world, ~200k posts) through the chain is a separate, documented command:
#   lantoa sandbox generate /tmp/month --size medium --seed 7 && lantoa evaluate world /tmp/month --json
set -uo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
out="var/bench/$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "$out"
export LANTOA_NEO4J_HOME="${LANTOA_BENCH_NEO4J_HOME:-$PWD/var/neo4j-bench-all}"
export LANTOA_NEO4J_BOLT_PORT="${LANTOA_BENCH_NEO4J_BOLT_PORT:-7699}"
export LANTOA_NEO4J_HTTP_PORT="${LANTOA_BENCH_NEO4J_HTTP_PORT:-7479}"
unset NEO4J_URI

if [ -n "${BENCH_QUICK:-}" ]; then
  writer_rows=5000; import_size=tiny; crawl_size=tiny; nlp_docs=5; edges=20000; nodes=4000; events=20000
  louvain=5000; api_accounts=200; api_requests=200; map_nodes=500
else
  writer_rows=100000; import_size=small; crawl_size=small; nlp_docs=60; edges=1000000; nodes=200000; events=1000000
  louvain=100000; api_accounts=5000; api_requests=2000; map_nodes=5000
fi

status=0
run() {  # run NAME CMD...: one bench, its output on screen and in $out/NAME.log; a failure is reported, not fatal
  local name=$1; shift
  echo "=== $name: $*" | tee "$out/$name.log"
  local t0=$SECONDS
  "$@" 2>&1 | tee -a "$out/$name.log"
  local rc=${PIPESTATUS[0]}
  echo "=== $name: exit $rc, $((SECONDS - t0)) s wall" | tee -a "$out/$name.log"
  [ "$rc" -eq 0 ] || status=1
}

{ echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB; $(uname -sr)"; echo "load before: $(uptime)"; } \
  | tee "$out/machine.txt"

$BIN/lantoa neo4j start >"$out/neo4j-start.log" 2>&1 || { echo "scratch Neo4j did not start: $out/neo4j-start.log"; exit 1; }

run writer    $BIN/python bench/bench_writer.py --rows "$writer_rows" --single-rows 500
run import    $BIN/python bench/bench_import.py --size "$import_size"
run crawl     $BIN/python bench/bench_crawl.py --size "$crawl_size"
run nlp       $BIN/python bench/bench_nlp.py --docs "$nlp_docs" --procs 1,2
run analytics $BIN/python bench/bench_analytics.py --edges "$edges" --nodes "$nodes" --events "$events" \
                --louvain-edges "$louvain"
run api       $BIN/python bench/bench_api.py --accounts "$api_accounts" --requests "$api_requests" \
                --map-nodes "$map_nodes"

$BIN/lantoa neo4j stop >/dev/null 2>&1 || true
echo "load after: $(uptime)" | tee -a "$out/machine.txt"
echo "logs: $out"
exit $status
