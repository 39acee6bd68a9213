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
    --sizes | --warmup | --warmup-s | --rounds) fanout_args+=("$1" "$2"); shift 2 ;;
    --duration-s) rss_seconds="$2"; rss_args+=("$1" "$2"); shift 2 ;;
    --targets | --interval-s | --sample-s) rss_args+=("$1" "$2"); shift 2 ;;
    *) echo "unknown argument $1" >&2; exit 2 ;;
  esac
done

# Rebuilt when missing or older than the sources, so the figures are never of stale code.
if [[ ! -f target/opsbot.jar || -n "${BENCH_REBUILD:-}" ||
  -n "$(find src/main pom.xml -newer target/opsbot.jar -print -quit)" ]]; then
  echo "building target/opsbot.jar ..."
  ./mvnw -B -q -DskipTests -Dspotless.check.skip package
fi

classes=target/bench-classes
rm -rf "$classes"
mkdir -p "$classes"
# Compiled ahead rather than run in source-file mode, so javac does not sit in the measured JVM.
javac --release 21 -cp target/opsbot.jar -d "$classes" bench/ProbeFanOutBench.java bench/SlowFleet.java

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

java ${BENCH_FLEET_OPTS:-} -cp "$classes" SlowFleet --delay-ms 200 --port-file "$work/port" \
  --max-seconds "${BENCH_FLEET_MAX_S:-$((rss_seconds + 540))}" >"$work/fleet.log" 2>&1 &
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
java -cp "$cp" ProbeFanOutBench machine
echo "slow fleet: 127.0.0.1:$port, pid $fleet_pid"

# WARN keeps the engine's INFO lines (start-up, a line per status change) out of the figures;
# results not UP are counted, with their reasons, by the benchmark itself.
export OPSBOT_LOG_LEVEL="${OPSBOT_LOG_LEVEL:-WARN}"
timeout 300 java ${BENCH_JAVA_OPTS:-} -cp "$cp" ProbeFanOutBench fanout --port "$port" "${fanout_args[@]}"
timeout $((rss_seconds + 120)) java ${BENCH_JAVA_OPTS:-} -cp "$cp" ProbeFanOutBench rss --port "$port" "${rss_args[@]}"
