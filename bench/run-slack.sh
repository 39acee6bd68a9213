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
if [[ ! -f target/opsbot.jar || -n "${BENCH_REBUILD:-}" ||
  -n "$(find src/main pom.xml -newer target/opsbot.jar -print -quit)" ]]; then
  echo "building target/opsbot.jar ..."
  ./mvnw -B -q -DskipTests -Dspotless.check.skip package
fi
classes=target/bench-classes-slack
rm -rf "$classes" && mkdir -p "$classes"
# Compiled ahead rather than run in source-file mode, so javac does not sit in the measured JVM.
javac --release 21 -cp target/opsbot.jar -d "$classes" bench/SlackAckBench.java bench/SlowFleet.java

work=$(mktemp -d)
fleet_pid=""
cleanup() {
  if [[ -n "$fleet_pid" ]]; then
    kill "$fleet_pid" 2>/dev/null || true
    wait "$fleet_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

fleet_delay_ms="${BENCH_FLEET_DELAY_MS:-5}"
java ${BENCH_FLEET_OPTS:-} -cp "$classes" SlowFleet --delay-ms "$fleet_delay_ms" --port-file "$work/port" \
  --max-seconds "${BENCH_FLEET_MAX_S:-600}" >"$work/fleet.log" 2>&1 &
fleet_pid=$!
for _ in $(seq 100); do
  [[ -f "$work/port" ]] && break
  sleep 0.1
done
if [[ ! -f "$work/port" ]]; then
  echo "SlowFleet did not start:" >&2
  cat "$work/fleet.log" >&2
  exit 1
fi
port=$(cat "$work/port")

cp="target/opsbot.jar:$classes"
echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
echo "commit: $(git rev-parse --short HEAD 2>/dev/null || echo unknown)$(git diff --quiet 2>/dev/null || echo ' (with local changes)')"
echo "nproc: $(nproc)"
java -version 2>&1 | sed 's/^/java -version: /'
java -cp "$cp" SlackAckBench machine
echo "fleet: SlowFleet on 127.0.0.1:$port, every /health answered after $fleet_delay_ms ms, pid $fleet_pid"

# WARN keeps the bot's INFO lines (start-up, status changes) out of the figures.
export OPSBOT_LOG_LEVEL="${OPSBOT_LOG_LEVEL:-WARN}"
timeout 540 java ${BENCH_JAVA_OPTS:-} -cp "$cp" SlackAckBench run --port "$port" "$@"
