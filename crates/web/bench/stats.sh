#!/usr/bin/env bash
# Statistics hub at scale: on SQLite and PostgreSQL, a release `tidtam serve`
# on an empty database, then crates/web/bench/stats_hub.py builds a hub of
# BENCH_DATASETS datasets (10,010 observations each, CSV and XLSX) plus one of
# BENCH_BIG observations through the HTTP API, and measures the load
# throughput, the p95 of an SDMX data query (1 indicator x 77 provinces x 10
# years) and of CKAN package_search (one client, then BENCH_CONCURRENCY), and
# the server's peak RSS while the big dataset is streamed as SDMX-CSV and
# SDMX-ML. The first BENCH_API_DATASETS (60) datasets are loaded through the
# API (a third as XLSX) and copied in SQL into the others (sqlite3 / psql);
# BENCH_BIG is loaded through the API. BENCH_REUSE=1 keeps the databases of an
# earlier run (the server migrates them at start) and only measures.
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
# Datasets loaded through the API; the others are copied from them in SQL.
export BENCH_API_DATASETS=${BENCH_API_DATASETS:-60}
API=$BENCH_API_DATASETS

# Copies BENCH_0000..BENCH_{API-1} into BENCH_{API}..BENCH_{DATASETS-1}: dataset
# n is dataset n % API with its code and number, its release and its
# revisions (values shifted by a tenth of the new id's last digit).
cat >"$OUT/clone-sqlite.sql" <<SQL
PRAGMA busy_timeout = 60000;
BEGIN;
WITH RECURSIVE n(i) AS (SELECT $API UNION ALL SELECT i + 1 FROM n WHERE i < $DATASETS - 1)
INSERT INTO stat_dataset (code, agency_id, definition, mapping, published, search_text, created_at, modified_at, version)
SELECT printf('BENCH_%04d', i), t.agency_id,
       replace(replace(t.definition, '"' || t.code || '"', '"' || printf('BENCH_%04d', i) || '"'),
               'ชุดที่ ' || (i % $API) || '"', 'ชุดที่ ' || i || '"'),
       t.mapping, t.published, t.search_text, t.created_at, t.modified_at, t.version
FROM n JOIN stat_dataset t ON t.code = printf('BENCH_%04d', i % $API);
CREATE TEMP TABLE copies AS
SELECT d.id AS id, t.id AS template FROM stat_dataset d
JOIN stat_dataset t ON t.code = printf('BENCH_%04d', CAST(substr(d.code, 7) AS INTEGER) % $API)
WHERE d.code >= printf('BENCH_%04d', $API) AND d.code <= 'BENCH_9999';
INSERT INTO stat_release (dataset_id, number, published_at, note, source_name, loaded_by, loaded_by_name, added, revised, deleted)
SELECT c.id, r.number, r.published_at, r.note, r.source_name, r.loaded_by, r.loaded_by_name, r.added, r.revised, r.deleted
FROM copies c JOIN stat_release r ON r.dataset_id = c.template;
INSERT INTO stat_revision (dataset_id, series, period, release_number, value, status, deleted)
SELECT c.id, v.series, v.period, v.release_number, v.value + (c.id % 10) / 10.0, v.status, v.deleted
FROM copies c JOIN stat_revision v ON v.dataset_id = c.template ORDER BY c.id, v.series, v.period, v.release_number;
COMMIT;
ANALYZE;
SQL
cat >"$OUT/clone-postgres.sql" <<SQL
BEGIN;
INSERT INTO stat_dataset (code, agency_id, definition, mapping, published, search_text, created_at, modified_at, version)
SELECT 'BENCH_' || lpad(i::text, 4, '0'), t.agency_id,
       replace(replace(t.definition, '"' || t.code || '"', '"BENCH_' || lpad(i::text, 4, '0') || '"'),
               'ชุดที่ ' || (i % $API) || '"', 'ชุดที่ ' || i || '"'),
       t.mapping, t.published, t.search_text, t.created_at, t.modified_at, t.version
FROM generate_series($API, $DATASETS - 1) AS i JOIN stat_dataset t ON t.code = 'BENCH_' || lpad((i % $API)::text, 4, '0');
CREATE TEMP TABLE copies AS
SELECT d.id AS id, t.id AS template FROM stat_dataset d
JOIN stat_dataset t ON t.code = 'BENCH_' || lpad((substr(d.code, 7)::int % $API)::text, 4, '0')
WHERE d.code ~ '^BENCH_[0-9]{4}$' AND substr(d.code, 7)::int >= $API;
INSERT INTO stat_release (dataset_id, number, published_at, note, source_name, loaded_by, loaded_by_name, added, revised, deleted)
SELECT c.id, r.number, r.published_at, r.note, r.source_name, r.loaded_by, r.loaded_by_name, r.added, r.revised, r.deleted
FROM copies c JOIN stat_release r ON r.dataset_id = c.template;
INSERT INTO stat_revision (dataset_id, series, period, release_number, value, status, deleted)
SELECT c.id, v.series, v.period, v.release_number, v.value + (c.id % 10) / 10.0, v.status, v.deleted
FROM copies c JOIN stat_revision v ON v.dataset_id = c.template;
COMMIT;
VACUUM ANALYZE stat_revision;
SQL

for BACKEND in $BACKENDS; do
    case $BACKEND in
        sqlite)
            URL="sqlite:$OUT/hub.db"
            export BENCH_CLONE="sqlite3 $OUT/hub.db < $OUT/clone-sqlite.sql"
            [ "$REUSE" = 1 ] || rm -f "$OUT/hub.db" "$OUT/hub.db-wal" "$OUT/hub.db-shm"
            ;;
        postgres)
            URL="${PG_ADMIN%/*}/$PG_NAME"
            export BENCH_CLONE="psql -q -v ON_ERROR_STOP=1 $URL -f $OUT/clone-postgres.sql"
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
