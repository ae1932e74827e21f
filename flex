#!/usr/bin/env bash
# FlexAspire's two commands:
#   ./flex run    start the whole stack (AppHost + dashboard) on this machine
#   ./flex test   run every test suite and print "N passed, N failed"
# Both install what a fresh Debian machine lacks (PostgreSQL and Redis binaries, Node packages, Chromium for UI tests).
set -uo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$ROOT"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

log() { printf '\033[1m[flex]\033[0m %s\n' "$*" >&2; }

apt_install() {
  if [ "$(id -u)" -ne 0 ]; then
    log "missing $*: install it with: sudo apt-get install -y $*"; return 1
  fi
  if [ -z "${FLEX_APT_UPDATED:-}" ]; then
    DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2 && export FLEX_APT_UPDATED=1
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >&2
}

ensure_postgres() {
  # A container engine makes the AppHost use Aspire's Postgres container; otherwise it runs these binaries.
  if docker info >/dev/null 2>&1; then return 0; fi
  if compgen -G "/usr/lib/postgresql/*/bin/postgres" >/dev/null || command -v postgres >/dev/null; then return 0; fi
  log "installing PostgreSQL"
  apt_install postgresql
  # Debian's package starts a cluster of its own; the AppHost runs its own, so stop that one.
  if command -v pg_ctlcluster >/dev/null; then service postgresql stop >/dev/null 2>&1 || true; fi
}

ensure_redis() {
  # Orleans (the API replicas' cluster) keeps membership and reminders in Redis: a container when an engine answers,
  # otherwise Debian's redis-server, run by the AppHost (installing the package starts no service on these machines).
  if docker info >/dev/null 2>&1 || [ -x /usr/bin/redis-server ]; then return 0; fi
  log "installing redis-server"
  apt_install redis-server || return 1
  # Where the package did start a system service, stop it: the AppHost runs its own server on a port of its choosing.
  if command -v systemctl >/dev/null && systemctl is-active --quiet redis-server 2>/dev/null; then systemctl stop redis-server || true; fi
  service redis-server stop >/dev/null 2>&1 || true
}

ensure_node_packages() {
  local dir
  for dir in legacy-agents-server spa; do
    [ -f "$dir/package-lock.json" ] || continue
    if [ ! -d "$dir/node_modules" ] || [ "$dir/package-lock.json" -nt "$dir/node_modules/.package-lock.json" ]; then
      log "npm ci in $dir"
      (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error >&2) || return 1
    fi
  done
}

ensure_chromium() {
  [ -d spa ] || return 0
  command -v chromium >/dev/null && return 0
  log "installing Chromium for the UI tests"
  apt_install chromium
}

restore() {
  dotnet tool restore >/dev/null && dotnet restore FlexAspire.sln ${CI:+--locked-mode} >&2
}

cmd_run() {
  ensure_postgres && ensure_redis && ensure_node_packages && restore || exit 1
  exec dotnet run --project FlexAspire.AppHost --launch-profile http "$@"
}

cmd_test() {
  ensure_postgres && ensure_redis && ensure_node_packages && ensure_chromium && restore || exit 1
  local results="$ROOT/TestResults"
  rm -rf "$results" && mkdir -p "$results"
  local passed=0 failed=0 status=0

  log "dotnet tests"
  dotnet build FlexAspire.sln -c Debug --no-restore -warnaserror >&2 || { echo "0 passed, 1 failed"; exit 1; }
  dotnet test FlexAspire.sln --no-build --results-directory "$results" --logger "trx;LogFilePrefix=dotnet" \
    --logger "console;verbosity=normal" "$@" >&2 || status=1
  local trx counters
  for trx in "$results"/*.trx; do
    [ -f "$trx" ] || continue
    counters=$(grep -o '<Counters [^>]*>' "$trx" | head -1)
    passed=$((passed + $(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters")))
    failed=$((failed + $(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")))
  done
  if ! compgen -G "$results/*.trx" >/dev/null; then failed=$((failed + 1)); status=1; fi

  local dir out p f
  for dir in legacy-agents-server spa; do
    [ -f "$dir/package.json" ] || continue
    log "npm test in $dir"
    out="$results/$dir.log"
    (cd "$dir" && npm test 2>&1) | tee "$out" >&2
    [ "${PIPESTATUS[0]}" -eq 0 ] || status=1
    # node --test prints "# pass N" / "# fail N" (tap) or "ℹ pass N" (spec); vitest prints "Tests  N passed | M failed".
    p=$(grep -Eo '^(# |ℹ )pass [0-9]+' "$out" | tail -1 | grep -Eo '[0-9]+$' || true)
    f=$(grep -Eo '^(# |ℹ )fail [0-9]+' "$out" | tail -1 | grep -Eo '[0-9]+$' || true)
    if [ -z "$p" ]; then
      p=$(grep -E '^ *Tests +' "$out" | tail -1 | grep -Eo '[0-9]+ passed' | grep -Eo '[0-9]+' || true)
      f=$(grep -E '^ *Tests +' "$out" | tail -1 | grep -Eo '[0-9]+ failed' | grep -Eo '[0-9]+' || true)
    fi
    if [ -z "$p" ]; then f=$(( ${f:-0} + 1 )); status=1; fi
    passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0}))
  done

  # CI runs every benchmark in its smoke mode (tiny sizes; bench/README.md), counted as one test each, so none can rot
  # and a broken engine under concurrent load fails CI. FLEX_BENCH_SMOKE=1 does it locally (it takes a few minutes).
  local bench
  if [ "${CI:-}" = "true" ] || [ "${FLEX_BENCH_SMOKE:-}" = "1" ]; then
    for bench in bench/Planner bench/Runs; do
      log "benchmark smoke: $bench"
      out="$results/$(basename "$bench")-bench-smoke.log"
      if dotnet run --no-build --project "$bench" -- --smoke >"$out" 2>&1; then
        passed=$((passed + 1)); cat "$out" >&2
      else
        failed=$((failed + 1)); status=1; cat "$out" >&2; log "benchmark smoke failed: $bench"
      fi
    done
  fi

  [ "$failed" -eq 0 ] || status=1
  echo "$passed passed, $failed failed"
  exit "$status"
}

case "${1:-}" in
  run) shift; cmd_run "$@" ;;
  test) shift; cmd_test "$@" ;;
  *) echo "usage: ./flex run | ./flex test [dotnet test args]" >&2; exit 2 ;;
esac
