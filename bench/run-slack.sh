#!/usr/bin/env bash
# Slack HTTP-mode ack latency, one command: builds the jar if missing, starts SlowFleet (a separate
# process on 127.0.0.1, answering every /health after a few ms), runs SlackAckBench for 6 and for
# 1000 services, stops the fleet. About 3 minutes.
#
#   bench/run-slack.sh                                  # sizes 6,1000; 30 bursts of 50
#   bench/run-slack.sh --sizes 1000 --rounds 60 --concurrency 50 --pause-ms 1500 --warmup-s 20
#   BENCH_FLEET_DELAY_MS=50 bench/run-slack.sh          # slower services
#
# Needs Java 21+ (JAVA_HOME, or java on PATH). Bounded: SlowFleet exits by itself after
# BENCH_FLEET_MAX_S (default 600) and the benchmark runs under `timeout`. See bench/README.md.
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ -n "${JAVA_HOME:-}" ]]; then
  export PATH="$JAVA_HOME/bin:$PATH"
fi
source bench/lib.sh
build_jar_if_stale
classes=target/bench-classes-slack
compile_bench "$classes" bench/SlackAckBench.java bench/SlowFleet.java bench/Machine.java

fleet_delay_ms="${BENCH_FLEET_DELAY_MS:-5}"
start_slow_fleet "$classes" "$fleet_delay_ms" "${BENCH_FLEET_MAX_S:-600}"

cp="target/opsbot.jar:$classes"
print_run_header
java -cp "$cp" SlackAckBench machine
echo "fleet: SlowFleet on 127.0.0.1:$port, every /health answered after $fleet_delay_ms ms, pid $fleet_pid"

# WARN keeps the bot's INFO lines (start-up, status changes) out of the figures.
export OPSBOT_LOG_LEVEL="${OPSBOT_LOG_LEVEL:-WARN}"
timeout 540 java ${BENCH_JAVA_OPTS:-} -cp "$cp" SlackAckBench run --port "$port" "$@"
