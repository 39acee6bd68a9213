#!/usr/bin/env bash
# Daily digest for a large fleet, one command: 1000 services with 7 days of history every 30 s
# (20,160,000 raw rows made inside an embedded PostgreSQL), rolled up hour by hour, then the time
# to build the digest from the rollups, and the same day read from the raw rows for comparison.
# About 10 minutes on 2 cores, most of it making and rolling up the rows; needs ~4 GB of disk.
#
#   bench/run-digest.sh                              # 1000 services, 7 days, 30 s
#   bench/run-digest.sh --services 100 --days 2      # a quick look
#
# Needs Java 21+ (JAVA_HOME, or java on PATH). See bench/README.md.
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ -n "${JAVA_HOME:-}" ]]; then
  export PATH="$JAVA_HOME/bin:$PATH"
fi
source bench/lib.sh
build_jar_if_stale
classes=target/bench-classes-digest
compile_bench "$classes" bench/DigestBench.java
echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
echo "commit: $(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(free -g | awk '/Mem:/ {print $2}') GiB"
java -version 2>&1 | head -n 1
OPSBOT_LOG_LEVEL=WARN timeout 3000 java -cp "target/opsbot.jar:$classes" DigestBench "$@"
