#!/usr/bin/env bash
# Alert storm, one command: 1000 services go down at once. Evaluation time, the alert desk's time
# with PostgreSQL state and the outbox, the Slack calls the storm becomes and the time until all
# are delivered under per-channel pacing. About 2 minutes (90 s of it is the rule's holdFor, skipped
# with a shifted clock).
#
#   bench/run-alerts.sh                    # 1000 services
#   bench/run-alerts.sh --services 5000
#
# Needs Java 21+ (JAVA_HOME, or java on PATH). See bench/README.md.
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ -n "${JAVA_HOME:-}" ]]; then
  export PATH="$JAVA_HOME/bin:$PATH"
fi
source bench/lib.sh
build_jar_if_stale
classes=target/bench-classes-alerts
compile_bench "$classes" bench/AlertStormBench.java
echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
echo "commit: $(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(free -g | awk '/Mem:/ {print $2}') GiB"
java -version 2>&1 | head -n 1
OPSBOT_LOG_LEVEL=WARN timeout 900 java -cp "target/opsbot.jar:$classes" AlertStormBench "$@"
