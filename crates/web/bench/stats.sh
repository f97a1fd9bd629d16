#!/usr/bin/env bash
# Statistics hub at scale: on SQLite and PostgreSQL, a release `tidtam serve`
# on an empty database, then crates/web/bench/stats_hub.py builds a hub of
# BENCH_DATASETS datasets (10,010 observations each, CSV and XLSX) plus one of
# BENCH_BIG observations through the HTTP API, and measures the load
# throughput, the p95 of an SDMX data query (1 indicator x 77 provinces x 10
# years) and of CKAN package_search (one client, then BENCH_CONCURRENCY), and
# the server's peak RSS while the big dataset is streamed as SDMX-CSV and
# SDMX-ML. BENCH_REUSE=1 keeps the databases of an earlier run (the server
# migrates them at start) and only measures.
#
# Usage: crates/web/bench/stats.sh   (BENCH_BACKENDS="sqlite postgres", BENCH_DATASETS=1000, BENCH_BIG=1000000,
#                                     BENCH_CONCURRENCY=4, BENCH_REUSE=0, BENCH_PORT=18090)
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/../../.." && pwd)
TARGET=${CARGO_TARGET_DIR:-$ROOT/target}
PG_ADMIN=${BENCH_PG_ADMIN:-postgres://postgres@127.0.0.1:5432/test}
PG_NAME=${BENCH_PG_NAME:-tidtam_stats_bench}
DATASETS=${BENCH_DATASETS:-1000}
BIG=${BENCH_BIG:-1000000}
OUT=${BENCH_OUT:-/tmp/tidtam-stats-bench}
BACKENDS=${BENCH_BACKENDS:-sqlite postgres}
PORT=${BENCH_PORT:-18090}
export BENCH_PASSWORD=bench-password-2567
mkdir -p "$OUT"

cd "$ROOT"
CARGO_TARGET_DIR=$TARGET nice -n 10 cargo build --release -p tidtam --bin tidtam
BIN=$TARGET/release/tidtam

SERVER_PID=
stop_server() {
    if [ -n "$SERVER_PID" ]; then
        kill "$SERVER_PID" 2>/dev/null || true
        wait "$SERVER_PID" 2>/dev/null || true
        SERVER_PID=
    fi
}
trap stop_server EXIT

REUSE=${BENCH_REUSE:-0}

for BACKEND in $BACKENDS; do
    case $BACKEND in
        sqlite)
            URL="sqlite:$OUT/hub.db"
            [ "$REUSE" = 1 ] || rm -f "$OUT/hub.db" "$OUT/hub.db-wal" "$OUT/hub.db-shm"
            ;;
        postgres)
            URL="${PG_ADMIN%/*}/$PG_NAME"
            [ "$REUSE" = 1 ] || psql "$PG_ADMIN" -q -c "DROP DATABASE IF EXISTS $PG_NAME WITH (FORCE)" -c "CREATE DATABASE $PG_NAME"
            ;;
        *) echo "unknown backend $BACKEND" >&2; exit 2 ;;
    esac
    echo "== $BACKEND: $URL ($(date -u +%FT%TZ), load: $(cut -d' ' -f1-3 /proc/loadavg))"
    [ "$REUSE" = 1 ] || printf '%s\n' "$BENCH_PASSWORD" | "$BIN" user add benchadmin --role admin --database "$URL" >/dev/null
    "$BIN" serve --database "$URL" --bind "127.0.0.1:$PORT" --insecure-cookies >"$OUT/serve-$BACKEND.log" 2>&1 &
    SERVER_PID=$!
    # A reused database may first be migrated (an index rebuilt over millions of rows).
    for _ in $(seq 1 3000); do
        curl -fsS "http://127.0.0.1:$PORT/api/health" >/dev/null 2>&1 && break
        sleep 0.2
    done
    python3 "$ROOT/crates/web/bench/stats_hub.py" "http://127.0.0.1:$PORT" "$SERVER_PID" "$DATASETS" "$BIG"
    echo "   done $(date -u +%FT%TZ), load: $(cut -d' ' -f1-3 /proc/loadavg)"
    stop_server
done
