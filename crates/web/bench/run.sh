#!/usr/bin/env bash
# Monitoring API benchmark: a generated large portfolio (20,000 projects, 5
# fiscal years, every quarter) on SQLite and PostgreSQL; `tidtam serve` on
# loopback; wrk measures (a) the portfolio aggregate endpoint and (b) a project
# page's data endpoint, first with one client (latency of one request at a
# time), then with 50 concurrent clients (-t2 -c50 -d20s --latency).
#
# Usage: crates/web/bench/run.sh            (both databases)
#        BENCH_BACKENDS=sqlite crates/web/bench/run.sh
# Environment: BENCH_PG_ADMIN (default postgres://postgres@127.0.0.1:5432/test),
# BENCH_PROJECTS (20000), BENCH_DURATION (20s), BENCH_PROFILE (release, or dev: see below),
# BENCH_OUT (/tmp/tidtam-bench), CARGO_TARGET_DIR (target-web).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/../../.." && pwd)
PROFILE=${BENCH_PROFILE:-release}
TARGET=${CARGO_TARGET_DIR:-$ROOT/target-web}
PG_ADMIN=${BENCH_PG_ADMIN:-postgres://postgres@127.0.0.1:5432/test}
PG_NAME=${BENCH_PG_NAME:-tidtam_bench}
PROJECTS=${BENCH_PROJECTS:-20000}
DURATION=${BENCH_DURATION:-20s}
OUT=${BENCH_OUT:-/tmp/tidtam-bench}
BACKENDS=${BENCH_BACKENDS:-sqlite postgres}
PORT=${BENCH_PORT:-18080}
PASSWORD=bench-password-2567
LUA="$ROOT/crates/web/bench/percentiles.lua"
mkdir -p "$OUT"

if ! command -v wrk >/dev/null; then
    apt-get install -y wrk >/dev/null || { apt-get update >/dev/null && apt-get install -y wrk >/dev/null; }
fi

cd "$ROOT"
if [ "$PROFILE" = release ]; then
    CARGO_TARGET_DIR=$TARGET nice -n 10 cargo build --release -p tidtam --bin tidtam
    BIN=$TARGET/release/tidtam
else
    # `dev`: the dev profile with every crate at opt-level 2 (dependencies already are),
    # which reuses the test build's dependencies instead of a full release build.
    CARGO_TARGET_DIR=$TARGET nice -n 10 cargo build -p tidtam --bin tidtam --config 'profile.dev.opt-level=2'
    BIN=$TARGET/debug/tidtam
fi

SERVER_PID=
stop_server() {
    if [ -n "$SERVER_PID" ]; then
        kill "$SERVER_PID" 2>/dev/null || true
        wait "$SERVER_PID" 2>/dev/null || true
        SERVER_PID=
    fi
}
trap stop_server EXIT

# Prints the lines of wrk's report that BENCHMARKS.md quotes.
summarise() {
    grep -E '^p(50|95|99) |^errors|Requests/sec|requests in|Non-2xx|Socket errors' "$1" | sed 's/^/    /'
}

for BACKEND in $BACKENDS; do
    case $BACKEND in
        sqlite)
            rm -f "$OUT/bench.db" "$OUT/bench.db-wal" "$OUT/bench.db-shm"
            URL="sqlite:$OUT/bench.db"
            ;;
        postgres)
            psql "$PG_ADMIN" -q -c "DROP DATABASE IF EXISTS $PG_NAME WITH (FORCE)" -c "CREATE DATABASE $PG_NAME"
            URL="${PG_ADMIN%/*}/$PG_NAME"
            ;;
        *) echo "unknown backend $BACKEND" >&2; exit 2 ;;
    esac
    echo "== $BACKEND: $URL"
    /usr/bin/time -f "generated in %es (max RSS %MkB)" "$BIN" demo --large "$PROJECTS" --years 5 --database "$URL"
    TIDTAM_PASSWORD=$PASSWORD "$BIN" user add benchadmin --role admin --database "$URL" >/dev/null

    "$BIN" serve --database "$URL" --bind "127.0.0.1:$PORT" >"$OUT/serve-$BACKEND.log" 2>&1 &
    SERVER_PID=$!
    for _ in $(seq 1 100); do
        curl -fsS "http://127.0.0.1:$PORT/api/health" >/dev/null 2>&1 && break
        sleep 0.2
    done
    BASE="http://127.0.0.1:$PORT"
    COOKIE=$(curl -fsS -D - -o /dev/null -H 'content-type: application/json' \
        -d "{\"username\":\"benchadmin\",\"password\":\"$PASSWORD\"}" "$BASE/api/session" \
        | tr -d '\r' | sed -n 's/^[Ss]et-[Cc]ookie: \([^;]*\).*/\1/p')
    PROJECT=$(curl -fsS -H "cookie: $COOKIE" "$BASE/api/projects?fiscal_year=2568&per_page=1&page=500" | jq -r '.items[0].id')
    AGGREGATE="$BASE/api/portfolio?fiscal_year=2568&group_by=strategy"
    PAGE="$BASE/api/projects/$PROJECT"
    echo "aggregate: $AGGREGATE ($(curl -fsS -H "cookie: $COOKIE" "$AGGREGATE" | jq '.groups | length') groups, $(curl -fsS -H "cookie: $COOKIE" "$BASE/api/portfolio?fiscal_year=2568" | jq '.groups[0].projects') projects in 2568)"
    echo "project page: $PAGE ($(curl -fsS -H "cookie: $COOKIE" "$PAGE" | jq '.reports | length') reports)"
    for NAME in aggregate page; do
        TARGET_URL=$AGGREGATE
        [ "$NAME" = page ] && TARGET_URL=$PAGE
        wrk -t1 -c1 -d5s -H "cookie: $COOKIE" "$TARGET_URL" >/dev/null # warm-up
        wrk -t1 -c1 -d10s --latency -s "$LUA" -H "cookie: $COOKIE" "$TARGET_URL" >"$OUT/$BACKEND-$NAME-c1.txt"
        echo "-- $BACKEND $NAME, 1 client: wrk -t1 -c1 -d10s --latency"
        summarise "$OUT/$BACKEND-$NAME-c1.txt"
        wrk -t2 -c50 -d"$DURATION" --latency -s "$LUA" -H "cookie: $COOKIE" "$TARGET_URL" >"$OUT/$BACKEND-$NAME-c50.txt"
        echo "-- $BACKEND $NAME, 50 clients: wrk -t2 -c50 -d$DURATION --latency"
        summarise "$OUT/$BACKEND-$NAME-c50.txt"
    done
    stop_server
done
