#!/usr/bin/env bash
# /sql benchmark, one command: saved-query latency on the demo's seeded PostgreSQL, and peak heap
# for a query that would return 1,000,000 rows. Builds the jar if missing. Needs Java 21+.
#
#   bench/run-sql.sh [--runs 200]
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ -n "${JAVA_HOME:-}" ]]; then
  export PATH="$JAVA_HOME/bin:$PATH"
fi
source bench/lib.sh
build_jar_if_stale
classes=target/bench-classes-sql
compile_bench "$classes" bench/SqlBench.java
echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
echo "commit: $(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(free -g | awk '/Mem:/ {print $2}') GiB"
java -version 2>&1 | head -n 1
# A small fixed heap makes a regression (rows held in memory) show as a failure, not a number.
OPSBOT_LOG_LEVEL=WARN timeout 600 java -Xmx256m -cp "target/opsbot.jar:$classes" SqlBench "$@"
