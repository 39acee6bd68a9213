#!/usr/bin/env bash
# Probe cost of opsbot next to Prometheus' blackbox_exporter, one command, one run: the same
# SlowFleet on 127.0.0.1, the same check (GET, status 200, "status":"healthy" in the JSON body),
# the same number of targets probed all at once every interval. Each process is measured from
# outside (/proc): probes per CPU-second (probes counted by the fleet) and VmRSS.
#
#   bench/run-blackbox.sh                                # 1000 targets every 10 s, 180 s warm-up, 120 s window
#   bench/run-blackbox.sh --targets 10000 --skip-blackbox true --opsbot-opts '-Xmx256m'
#   bench/run-blackbox.sh --opsbot-opts '-Xmx512m' --opsbot-opts '-XX:+UseSerialGC -Xmx64m'
#   bench/run-blackbox.sh --warmup-s 600 --blackbox-warmup-s 120 --duration-s 180   # JIT settled
#
# blackbox_exporter runs twice: scrapes spread over the interval, as Prometheus schedules them, and
# all at once ("burst"), as opsbot probes.
# Each --opsbot-opts is one opsbot phase (a fresh `java ... -jar target/opsbot.jar run` with its
# own embedded PostgreSQL). Needs Java 21+ and prometheus-blackbox-exporter (Debian package of the
# same name). Bounded: every process runs under `timeout`, and the EXIT trap stops what is left.
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ -n "${JAVA_HOME:-}" ]]; then
  export PATH="$JAVA_HOME/bin:$PATH"
fi

targets=1000
interval_s=10
warmup_s=180
blackbox_warmup_s=
duration_s=120
skip_blackbox=false
opsbot_opts=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --targets) targets="$2"; shift 2 ;;
    --interval-s) interval_s="$2"; shift 2 ;;
    --warmup-s) warmup_s="$2"; shift 2 ;;
    --blackbox-warmup-s) blackbox_warmup_s="$2"; shift 2 ;;
    --duration-s) duration_s="$2"; shift 2 ;;
    --skip-blackbox) skip_blackbox="$2"; shift 2 ;;
    --opsbot-opts) opsbot_opts+=("$2"); shift 2 ;;
    *) echo "unknown argument $1" >&2; exit 2 ;;
  esac
done
if [[ ${#opsbot_opts[@]} -eq 0 ]]; then
  # The earlier measurement's setting, the Dockerfile's, and the same with the C2 compiler.
  opsbot_opts=("-Xmx512m"
    "-XX:+UseSerialGC -Xmx128m -XX:TieredStopAtLevel=1 -XX:ReservedCodeCacheSize=32m"
    "-XX:+UseSerialGC -Xmx128m")
fi
blackbox_bin=$(command -v prometheus-blackbox-exporter || command -v blackbox_exporter || true)
if [[ "$skip_blackbox" != true && -z "$blackbox_bin" ]]; then
  echo "prometheus-blackbox-exporter not found: apt-get install prometheus-blackbox-exporter" >&2
  exit 1
fi

source bench/lib.sh
build_jar_if_stale
classes=target/bench-classes-blackbox
compile_bench "$classes" bench/BlackboxBench.java bench/SlowFleet.java bench/Machine.java

# blackbox_exporter is Go, compiled ahead: it needs no JIT warm-up, so a long --warmup-s for
# opsbot's JIT can leave blackbox's shorter (--blackbox-warmup-s, the same by default).
blackbox_warmup_s=${blackbox_warmup_s:-$warmup_s}
phase_s=$((warmup_s + duration_s + 120))
bb_phase_s=$((blackbox_warmup_s + duration_s + 120))
bb_phases=2
[[ "$skip_blackbox" == true ]] && bb_phases=0
start_slow_fleet "$classes" "${BENCH_FLEET_DELAY_MS:-200}" \
  "${BENCH_FLEET_MAX_S:-$((phase_s * ${#opsbot_opts[@]} + bb_phase_s * bb_phases + 300))}"

work=$(mktemp -d)
measured_pids=()
stop_all() {
  for p in "${measured_pids[@]}"; do
    kill "$p" 2>/dev/null || true
    wait "$p" 2>/dev/null || true
  done
  # An embedded PostgreSQL left behind by an opsbot that did not stop cleanly.
  for pidfile in "$work"/pg-*/postmaster.pid; do
    [[ -f "$pidfile" ]] && kill "$(head -1 "$pidfile")" 2>/dev/null || true
  done
  rm -rf "$work"
  stop_slow_fleet
}
trap stop_all EXIT

# child_of PID: the process `timeout` started.
child_of() {
  for _ in $(seq 100); do
    local c
    c=$(pgrep -P "$1" | head -1 || true)
    [[ -n "$c" ]] && { echo "$c"; return; }
    sleep 0.05
  done
  echo "no child of $1" >&2
  exit 1
}

free_port() {
  java -cp "$classes" BlackboxBench free-port
}

cp="target/opsbot.jar:$classes"
print_run_header
java -cp "$classes" BlackboxBench machine
echo "fleet: SlowFleet on 127.0.0.1:$port, every answer after ${BENCH_FLEET_DELAY_MS:-200} ms, pid $fleet_pid"
echo "load: $targets targets, all at once every $interval_s s; warm-up $warmup_s s (blackbox $blackbox_warmup_s s), window $duration_s s"
common=(--port "$port" --targets "$targets" --interval-s "$interval_s" --warmup-s "$warmup_s" --duration-s "$duration_s")

if [[ "$skip_blackbox" != true ]]; then
  echo
  "$blackbox_bin" --version 2>&1 | head -1
  cat >"$work/blackbox.yml" <<'EOF'
modules:
  http_json:
    prober: http
    timeout: 15s
    http:
      method: GET
      valid_status_codes: [200]
      preferred_ip_protocol: ip4
      ip_protocol_fallback: false
      fail_if_body_not_matches_regexp:
        - '"status" *: *"healthy"'
EOF
  bb_common=(--port "$port" --targets "$targets" --interval-s "$interval_s" --warmup-s "$blackbox_warmup_s" --duration-s "$duration_s")
  for load in spread burst; do
    bb_port=$(free_port)
    timeout "$bb_phase_s" "$blackbox_bin" --config.file="$work/blackbox.yml" \
      --web.listen-address="127.0.0.1:$bb_port" --log.level=warn >"$work/blackbox.log" 2>&1 &
    measured_pids+=($!)
    bb_pid=$(child_of $!)
    echo "blackbox_exporter ($load): pid $bb_pid on 127.0.0.1:$bb_port, module http_json (GET, 200, body matches \"status\":\"healthy\")"
    timeout "$bb_phase_s" java -cp "$classes" BlackboxBench blackbox "${bb_common[@]}" \
      --blackbox-port "$bb_port" --pid "$bb_pid" --blackbox-load "$load"
    kill "${measured_pids[-1]}" 2>/dev/null || true
    wait "${measured_pids[-1]}" 2>/dev/null || true
  done
fi

mkdir -p "$work/alerts"
ln -s "$PWD/alerts/runbooks" "$work/alerts/runbooks"
java -cp "$classes" BlackboxBench rules >"$work/alerts/rules.yaml"
i=0
for opts in "${opsbot_opts[@]}"; do
  i=$((i + 1))
  echo
  echo "opsbot phase $i: java $opts -jar target/opsbot.jar run ($targets services, embedded PostgreSQL)"
  java -cp "$classes" BlackboxBench config "${common[@]}" --data-dir "$work/pg-$i" >"$work/opsbot-$i.yaml"
  # The process before may have stopped with a round in flight: let the fleet answer it, then
  # zero its count, or those answers pass for this opsbot's first round.
  sleep 2
  java -cp "$classes" BlackboxBench fleet-reset --port "$port"
  admin_port=$(free_port)
  # shellcheck disable=SC2086 # the options are words
  env -u SLACK_BOT_TOKEN -u SLACK_APP_TOKEN -u SLACK_SIGNING_SECRET -u DISCORD_TOKEN \
    OPSBOT_ADMIN_PORT="$admin_port" OPSBOT_LOG_LEVEL="${OPSBOT_LOG_LEVEL:-WARN}" \
    timeout "$phase_s" java $opts -Xlog:gc:file="$work/gc-$i.log" -jar target/opsbot.jar run \
    --config "$work/opsbot-$i.yaml" --rules "$work/alerts/rules.yaml" >"$work/opsbot-$i.log" 2>&1 &
  measured_pids+=($!)
  ops_pid=$(child_of $!)
  if ! timeout "$phase_s" java -cp "$classes" BlackboxBench opsbot "${common[@]}" \
    --pid "$ops_pid" --pg-data "$work/pg-$i" --admin-port "$admin_port"; then
    echo "opsbot phase $i failed; its log:" >&2
    tail -40 "$work/opsbot-$i.log" >&2
  fi
  kill "${measured_pids[-1]}" 2>/dev/null || true
  wait "${measured_pids[-1]}" 2>/dev/null || true
  awk '/Pause/ { n++; sub(/ms$/, "", $NF); v = $NF + 0; t += v; if (v > m) m = v }
    END { printf "opsbot: GC pauses over the whole phase: %d, total %.1f ms, longest %.2f ms\n", n, t, m }' \
    "$work/gc-$i.log"
  grep -E 'ERROR|WARN' "$work/opsbot-$i.log" | head -5 | sed 's/^/opsbot log: /' || true
done
