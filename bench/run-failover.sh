#!/usr/bin/env bash
# Failover of a message in flight (issue 14), one command: two replicas of the jar share one
# PostgreSQL and one Slack channel; the replica holding an alert's post is killed (SIGKILL, then
# SIGTERM in a second series) while the post is in flight, and the time until the other replica's
# copy is in the channel is measured. About 8 minutes for 20 + 20 trials on 2 cores.
#
#   bench/run-failover.sh                                  # 20 SIGKILL, then 20 SIGTERM
#   bench/run-failover.sh --kill-trials 5 --term-trials 5  # a quick look
#
# Needs Java 21+ (JAVA_HOME, or java on PATH). See bench/README.md.
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ -n "${JAVA_HOME:-}" ]]; then
  export PATH="$JAVA_HOME/bin:$PATH"
fi
source bench/lib.sh
build_jar_if_stale
classes=target/bench-classes-failover
compile_bench "$classes" bench/FailoverBench.java bench/FailoverSlack.java bench/Machine.java

work=$(mktemp -d)
bench_pid=
# The bench stops its replicas and PostgreSQL itself; this is for when it could not (killed by
# timeout's -k, say): only the processes it started, by the ids it wrote down.
cleanup() {
  if [[ -n "$bench_pid" ]]; then
    kill "$bench_pid" 2>/dev/null || true
    wait "$bench_pid" 2>/dev/null || true
  fi
  if [[ -f "$work/pids" ]]; then
    while read -r pid; do
      kill -9 "$pid" 2>/dev/null || true
    done <"$work/pids"
  fi
  if [[ -f "$work/pg/postmaster.pid" ]]; then
    kill -INT "$(head -n 1 "$work/pg/postmaster.pid")" 2>/dev/null || true
    sleep 1
  fi
  if [[ -n "${BENCH_KEEP_WORK:-}" ]]; then
    echo "replica logs and configuration kept in $work"
  else
    rm -rf "$work"
  fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
echo "commit: $(git rev-parse --short HEAD 2>/dev/null || echo unknown)$(git diff --quiet 2>/dev/null || echo ' (with local changes)')"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
OPSBOT_LOG_LEVEL=WARN timeout -k 20 900 java -cp "target/opsbot.jar:$classes" FailoverBench --work "$work" "$@" &
bench_pid=$!
wait "$bench_pid"
bench_pid=
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
