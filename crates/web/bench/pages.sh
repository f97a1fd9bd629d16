#!/usr/bin/env bash
# Pages benchmark: the dashboard and a project page as HTML, on the generated
# large portfolio (20,000 projects × 5 fiscal years, every quarter), on SQLite
# and PostgreSQL, with one client and with 20; then the weight of every main
# page (HTML + CSS + JS; fonts excluded, as the issue asks).
#
# Usage: crates/web/bench/pages.sh            (both databases)
#        BENCH_BACKENDS=sqlite crates/web/bench/pages.sh
# Environment: as run.sh (BENCH_PG_ADMIN, BENCH_PROJECTS, BENCH_OUT, CARGO_TARGET_DIR, BENCH_PROFILE).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/../../.." && pwd)
PROFILE=${BENCH_PROFILE:-release}
TARGET=${CARGO_TARGET_DIR:-$ROOT/target}
PG_ADMIN=${BENCH_PG_ADMIN:-postgres://postgres@127.0.0.1:5432/test}
PG_NAME=${BENCH_PG_NAME:-tidtam_bench_pages}
PROJECTS=${BENCH_PROJECTS:-20000}
OUT=${BENCH_OUT:-/tmp/tidtam-bench-pages}
BACKENDS=${BENCH_BACKENDS:-sqlite postgres}
PORT=${BENCH_PORT:-18081}
PASSWORD=bench-password-2567
LUA="$ROOT/crates/web/bench/percentiles.lua"
mkdir -p "$OUT"
command -v wrk >/dev/null || { apt-get update >/dev/null && apt-get install -y wrk >/dev/null; }

cd "$ROOT"
if [ "$PROFILE" = release ]; then
    CARGO_TARGET_DIR=$TARGET nice -n 10 cargo build --release -p tidtam --bin tidtam
    BIN=$TARGET/release/tidtam
else
    CARGO_TARGET_DIR=$TARGET nice -n 10 cargo build -p tidtam --bin tidtam --config 'profile.dev.opt-level=2'
    BIN=$TARGET/debug/tidtam
fi

SERVER_PID=
stop_server() {
    if [ -n "$SERVER_PID" ]; then kill "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; SERVER_PID=; fi
}
trap stop_server EXIT
summarise() { grep -E '^p(50|95|99) |Requests/sec|Non-2xx|Socket errors' "$1" | sed 's/^/    /'; }

for BACKEND in $BACKENDS; do
    case $BACKEND in
        sqlite) rm -f "$OUT/bench.db"*; URL="sqlite:$OUT/bench.db" ;;
        postgres) psql "$PG_ADMIN" -q -c "DROP DATABASE IF EXISTS $PG_NAME WITH (FORCE)" -c "CREATE DATABASE $PG_NAME"; URL="${PG_ADMIN%/*}/$PG_NAME" ;;
        *) echo "unknown backend $BACKEND" >&2; exit 2 ;;
    esac
    echo "== $BACKEND: $URL"
    /usr/bin/time -f "generated in %es (max RSS %MkB)" "$BIN" demo --large "$PROJECTS" --years 5 --database "$URL"
    TIDTAM_PASSWORD=$PASSWORD "$BIN" user add benchadmin --role admin --database "$URL" >/dev/null
    "$BIN" serve --database "$URL" --bind "127.0.0.1:$PORT" >"$OUT/serve-$BACKEND.log" 2>&1 &
    SERVER_PID=$!
    for _ in $(seq 1 100); do curl -fsS "http://127.0.0.1:$PORT/api/health" >/dev/null 2>&1 && break; sleep 0.2; done
    BASE="http://127.0.0.1:$PORT"
    SESSION=$(curl -fsS -D "$OUT/session-headers" -H 'content-type: application/json' \
        -d "{\"username\":\"benchadmin\",\"password\":\"$PASSWORD\"}" "$BASE/api/session")
    COOKIE=$(tr -d '\r' < "$OUT/session-headers" | sed -n 's/^[Ss]et-[Cc]ookie: \([^;]*\).*/\1/p')
    CSRF=$(echo "$SESSION" | jq -r .csrf_token)
    PROJECT=$(curl -fsS -H "cookie: $COOKIE" "$BASE/api/projects?fiscal_year=2568&per_page=1&page=500" | jq -r '.items[0].id')
    DASHBOARD="$BASE/dashboard?fy=2568&q=3&by=division"
    PAGE="$BASE/projects/$PROJECT"
    for NAME in dashboard project; do
        URL_NOW=$DASHBOARD; [ "$NAME" = project ] && URL_NOW=$PAGE
        test "$(curl -s -o /dev/null -w '%{http_code}' -H "cookie: $COOKIE" "$URL_NOW")" = 200
        wrk -t1 -c1 -d5s -H "cookie: $COOKIE" "$URL_NOW" >/dev/null # warm-up
        wrk -t1 -c1 -d10s --latency -s "$LUA" -H "cookie: $COOKIE" "$URL_NOW" >"$OUT/$BACKEND-$NAME-c1.txt"
        echo "-- $BACKEND $NAME ($URL_NOW), 1 client: wrk -t1 -c1 -d10s"
        summarise "$OUT/$BACKEND-$NAME-c1.txt"
        wrk -t2 -c20 -d20s --latency -s "$LUA" -H "cookie: $COOKIE" "$URL_NOW" >"$OUT/$BACKEND-$NAME-c20.txt"
        echo "-- $BACKEND $NAME, 20 clients: wrk -t2 -c20 -d20s"
        summarise "$OUT/$BACKEND-$NAME-c20.txt"
    done
    # A write invalidates the kept aggregates: the first dashboard at once after
    # it (cold), and one a second later, when the server has recomputed ahead.
    echo "-- dashboard after a write (a budget changed through the API), 5 times each"
    for round in 1 2 3 4 5; do
        curl -fsS -o /dev/null -X PUT -H "cookie: $COOKIE" -H "x-csrf-token: $CSRF" -H 'content-type: application/json' \
            -d "{\"allocated\":$((1000000 + round)),\"contracted\":0,\"carried_over\":0}" "$BASE/api/projects/$PROJECT/budgets/2568"
        COLD=$(curl -fsS -o /dev/null -w '%{time_total}' -H "cookie: $COOKIE" "$DASHBOARD")
        curl -fsS -o /dev/null -X PUT -H "cookie: $COOKIE" -H "x-csrf-token: $CSRF" -H 'content-type: application/json' \
            -d "{\"allocated\":$((2000000 + round)),\"contracted\":0,\"carried_over\":0}" "$BASE/api/projects/$PROJECT/budgets/2568"
        sleep 1
        WARMED=$(curl -fsS -o /dev/null -w '%{time_total}' -H "cookie: $COOKIE" "$DASHBOARD")
        echo "    round $round: at once ${COLD}s, 1 s later ${WARMED}s"
    done
    echo "-- exports of the whole portfolio (fiscal year 2568)"
    for path in "/exports/portfolio.xlsx?fy=2568" "/dashboard.pdf?fy=2568&q=3"; do
        printf '    %-40s %s\n' "$path" "$(curl -fsS -o "$OUT/export.bin" -w '%{http_code} %{time_total}s %{size_download} bytes' -H "cookie: $COOKIE" "$BASE$path")"
    done
    echo "    server peak RSS so far: $(awk '/VmHWM/ {print $2, $3}' /proc/$SERVER_PID/status)"
    if [ "$BACKEND" = sqlite ]; then
        echo "-- page weight (bytes: HTML, + CSS $(curl -fsS "$BASE/assets/tidtam.css" | wc -c), + JS $(curl -fsS "$BASE/assets/tidtam.js" | wc -c) on the report form only)"
        for path in "/dashboard?fy=2568&q=3&by=division" "/projects?fy=2568" "/projects/$PROJECT" "/projects/$PROJECT/reports/2568/3" \
                    "/reviews" "/late?fy=2568&q=3" "/import" "/provinces?fy=2568" "/search?q=%E0%B8%AA%E0%B8%B3%E0%B8%A3%E0%B8%A7%E0%B8%88" "/audit" "/admin/users"; do
            printf '    %-60s %8s\n' "$path" "$(curl -fsS -H "cookie: $COOKIE" "$BASE$path" | wc -c)"
        done
    fi
    stop_server
done
