# Shared by the benchmark scripts (sourced, not run): building the jar, compiling a benchmark,
# and running SlowFleet in the background with a trap that stops it.

# Rebuilt when missing or older than the sources, so the figures are never of stale code.
build_jar_if_stale() {
  if [[ ! -f target/opsbot.jar || -n "${BENCH_REBUILD:-}" ||
    -n "$(find src/main pom.xml -newer target/opsbot.jar -print -quit)" ]]; then
    echo "building target/opsbot.jar ..."
    ./mvnw -B -q -DskipTests -Dspotless.check.skip package
  fi
}

# compile_bench DIR FILE...: compiled ahead rather than run in source-file mode, so javac does
# not sit in the JVM being measured.
compile_bench() {
  local dir=$1
  shift
  rm -rf "$dir" && mkdir -p "$dir"
  javac --release 21 -cp target/opsbot.jar -d "$dir" "$@"
}

# start_slow_fleet CLASSES DELAY_MS MAX_SECONDS: sets fleet_pid and port; the EXIT trap stops it.
start_slow_fleet() {
  local classes=$1 delay_ms=$2 max_seconds=$3
  fleet_work=$(mktemp -d)
  trap stop_slow_fleet EXIT
  trap 'exit 130' INT TERM
  java ${BENCH_FLEET_OPTS:-} -cp "$classes" SlowFleet --delay-ms "$delay_ms" \
    --port-file "$fleet_work/port" --max-seconds "$max_seconds" >"$fleet_work/fleet.log" 2>&1 &
  fleet_pid=$!
  for _ in $(seq 100); do
    [[ -f "$fleet_work/port" ]] && break
    sleep 0.1
  done
  if [[ ! -f "$fleet_work/port" ]]; then
    echo "SlowFleet did not start:" >&2
    cat "$fleet_work/fleet.log" >&2
    exit 1
  fi
  port=$(cat "$fleet_work/port")
}

stop_slow_fleet() {
  if [[ -n "${fleet_pid:-}" ]]; then
    kill "$fleet_pid" 2>/dev/null || true
    wait "$fleet_pid" 2>/dev/null || true
  fi
  rm -rf "${fleet_work:-}"
}

print_run_header() {
  echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "commit: $(git rev-parse --short HEAD 2>/dev/null || echo unknown)$(git diff --quiet 2>/dev/null || echo ' (with local changes)')"
  echo "nproc: $(nproc)"
  java -version 2>&1 | sed 's/^/java -version: /'
}
