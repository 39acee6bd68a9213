#!/usr/bin/env bash
# Probe fan-out benchmark, one command: builds the jar if missing, starts SlowFleet (a separate
# process on 127.0.0.1), runs the fan-out and the resident-memory phases, stops the fleet.
#
#   bench/run.sh                      # N = 10,100,1000; RSS of 1000 targets every 10 s for 60 s
#   bench/run.sh --sizes 1000 --duration-s 120   # flags go to the phase they belong to
#   BENCH_REBUILD=1 bench/run.sh      # rebuild the jar even if it looks current
#
# Needs Java 21+ (JAVA_HOME, or java on PATH). Bounded: SlowFleet exits by itself after
# BENCH_FLEET_MAX_S (default 9 minutes more than --duration-s) and each phase runs under
# `timeout`. See bench/README.md.
set -euo pipefail

cd "$(dirname "$0")/.."
if [[ -n "${JAVA_HOME:-}" ]]; then
  export PATH="$JAVA_HOME/bin:$PATH"
fi

fanout_args=()
rss_args=()
rss_seconds=60
while [[ $# -gt 0 ]]; do
  case "$1" in
    --sizes | --warmup | --warmup-s | --rounds | --floor) fanout_args+=("$1" "$2"); shift 2 ;;
    --duration-s) rss_seconds="$2"; rss_args+=("$1" "$2"); shift 2 ;;
    --targets | --interval-s | --sample-s) rss_args+=("$1" "$2"); shift 2 ;;
    *) echo "unknown argument $1" >&2; exit 2 ;;
  esac
done

source bench/lib.sh
build_jar_if_stale

classes=target/bench-classes
compile_bench "$classes" bench/ProbeFanOutBench.java bench/SlowFleet.java bench/Machine.java

start_slow_fleet "$classes" 200 "${BENCH_FLEET_MAX_S:-$((rss_seconds + 540))}"

cp="target/opsbot.jar:$classes"
print_run_header
java -cp "$cp" ProbeFanOutBench machine
echo "slow fleet: 127.0.0.1:$port, pid $fleet_pid"

# WARN keeps the engine's INFO lines (start-up, a line per status change) out of the figures;
# results not UP are counted, with their reasons, by the benchmark itself.
export OPSBOT_LOG_LEVEL="${OPSBOT_LOG_LEVEL:-WARN}"
timeout 300 java ${BENCH_JAVA_OPTS:-} -cp "$cp" ProbeFanOutBench fanout --port "$port" "${fanout_args[@]}"
timeout $((rss_seconds + 120)) java ${BENCH_JAVA_OPTS:-} -cp "$cp" ProbeFanOutBench rss --port "$port" "${rss_args[@]}"
