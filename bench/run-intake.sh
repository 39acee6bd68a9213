#!/usr/bin/env bash
# Intake: alerts POSTed to /intake/webhook/<source> on the admin server, stored through the alert
# desk in PostgreSQL, posted by the outbox: received -> 2xx (stored) and received -> posted latency
# at 1000 alerts a minute, then the throughput of a burst. About 3 minutes.
#
#   bench/run-intake.sh                          # 1000 a minute for 2 min, then a burst of 2000
#   bench/run-intake.sh --rate 3000 --minutes 1
#
# Needs Java 21+ (JAVA_HOME, or java on PATH). See bench/README.md.
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ -n "${JAVA_HOME:-}" ]]; then
  export PATH="$JAVA_HOME/bin:$PATH"
fi
source bench/lib.sh
build_jar_if_stale
classes=target/bench-classes-intake
compile_bench "$classes" bench/IntakeBench.java
echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
echo "commit: $(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(free -g | awk '/Mem:/ {print $2}') GiB"
java -version 2>&1 | head -n 1
OPSBOT_LOG_LEVEL=WARN timeout 900 java -cp "target/opsbot.jar:$classes" IntakeBench "$@"
