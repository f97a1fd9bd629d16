#!/usr/bin/env bash
# Record-linkage benchmark: tidtam against Splink (DuckDB backend), side by side, in one run.
#
#   bash crates/link/bench/run.sh            # FEBRL + 1M synthetic + privacy mode
#   RECORDS=100000 bash crates/link/bench/run.sh   # a quicker synthetic size
#   BIN=path/to/tidtam DATA=path/to/shared/data bash crates/link/bench/run.sh   # a built binary, data elsewhere
#
# tidtam runs twice per data set: with the bench model file and with no model file (the model
# it infers; `synth-inferred.toml` keeps what it chose and why).
#
# Everything generated goes under target-link/ (never committed). Splink is installed with pip in
# target-link/venv. Wall time and peak RSS come from /usr/bin/time -v. Run nothing else meanwhile:
# the machine has two cores and both tools use both.
set -euo pipefail
cd "$(dirname "$0")/../../.."
ROOT=$PWD
OUT=$ROOT/target-link/bench
DATA=${DATA:-$ROOT/../shared/data}
RECORDS=${RECORDS:-1000000}
mkdir -p "$OUT"
export CARGO_TARGET_DIR=$ROOT/target-link
if [ -z "${BIN:-}" ]; then
  nice -n 10 cargo build --release -p tidtam
  BIN=$ROOT/target-link/release/tidtam
fi
VENV=$ROOT/target-link/venv
if [ ! -x "$VENV/bin/python" ]; then
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install -q splink duckdb pandas
fi
SPLINK="$VENV/bin/python $ROOT/crates/link/bench/splink_run.py"

measure() { # name, command...: runs it under /usr/bin/time -v, prints wall s and peak MiB
  local name=$1; shift
  /usr/bin/time -v "$@" > "$OUT/$name.log" 2> "$OUT/$name.time"
  local wall rss
  wall=$(grep "Elapsed (wall clock)" "$OUT/$name.time" | awk '{print $NF}')
  rss=$(grep "Maximum resident" "$OUT/$name.time" | awk '{printf "%.0f", $NF/1024}')
  echo "$name: wall $wall, peak ${rss} MiB" | tee -a "$OUT/summary.txt"
}

score() { # label, pairs, truth, files...
  local label=$1 pairs=$2 truth=$3; shift 3
  "$BIN" link evaluate --label "$label" --pairs "$pairs" --truth "$truth" --id rec_id "$@" | tee -a "$OUT/summary.txt"
}

: > "$OUT/summary.txt"
A4=$DATA/febrl/dataset4a.csv; B4=$DATA/febrl/dataset4b.csv; D3=$DATA/febrl/dataset3.csv
FEBRL_TRUTH='rec_id|field(-,1)'

echo "== FEBRL 4a/4b link" | tee -a "$OUT/summary.txt"
measure febrl-link-tidtam "$BIN" link "$A4" "$B4" --model crates/link/bench/febrl-link.toml --out "$OUT/febrl-link" --threshold 0.9
measure febrl-link-splink $SPLINK febrl-link "$A4" "$B4" --out "$OUT/febrl-link-splink.csv" --threshold 0.9
measure febrl-link-tidtam-infer "$BIN" link "$A4" "$B4" --out "$OUT/febrl-link-infer" --threshold 0.9
score tidtam "$OUT/febrl-link/pairs.csv" "$FEBRL_TRUTH" "$A4" "$B4"
score tidtam-no-model "$OUT/febrl-link-infer/pairs.csv" "$FEBRL_TRUTH" "$A4" "$B4"
score splink "$OUT/febrl-link-splink.csv" "$FEBRL_TRUTH" "$A4" "$B4"

echo "== FEBRL 3 dedupe" | tee -a "$OUT/summary.txt"
measure febrl-dedupe-tidtam "$BIN" dedupe "$D3" --model crates/link/bench/febrl-dedupe.toml --out "$OUT/febrl-dedupe" --threshold 0.9
measure febrl-dedupe-splink $SPLINK febrl-dedupe "$D3" --out "$OUT/febrl-dedupe-splink.csv" --threshold 0.9
measure febrl-dedupe-tidtam-infer "$BIN" dedupe "$D3" --out "$OUT/febrl-dedupe-infer" --threshold 0.9
score tidtam "$OUT/febrl-dedupe/pairs.csv" "$FEBRL_TRUTH" "$D3"
score tidtam-no-model "$OUT/febrl-dedupe-infer/pairs.csv" "$FEBRL_TRUTH" "$D3"
score splink "$OUT/febrl-dedupe-splink.csv" "$FEBRL_TRUTH" "$D3"

echo "== synthetic Thai registers, $RECORDS records per side" | tee -a "$OUT/summary.txt"
SYN=$OUT/synth$RECORDS
"$BIN" link synth --records "$RECORDS" --seed 1 --names "$DATA/thai-names" --out "$SYN"
measure synth-tidtam "$BIN" link "$SYN/a.csv" "$SYN/b.csv" --model crates/link/bench/synth.toml --out "$OUT/synth" --threshold 0.9
measure synth-splink $SPLINK synth "$SYN/a.csv" "$SYN/b.csv" --out "$OUT/synth-splink.csv" --threshold 0.9
# The model tidtam infers with no model file (its reasons are kept beside the results).
"$BIN" link "$SYN/a.csv" "$SYN/b.csv" --print-model > "$OUT/synth-inferred.toml"
measure synth-tidtam-infer "$BIN" link "$SYN/a.csv" "$SYN/b.csv" --out "$OUT/synth-infer" --threshold 0.9
score tidtam "$OUT/synth/pairs.csv" entity_id "$SYN/a.csv" "$SYN/b.csv"
score tidtam-no-model "$OUT/synth-infer/pairs.csv" entity_id "$SYN/a.csv" "$SYN/b.csv"
score splink "$OUT/synth-splink.csv" entity_id "$SYN/a.csv" "$SYN/b.csv"

echo "== privacy-preserving mode on the same registers" | tee -a "$OUT/summary.txt"
head -c 48 /dev/urandom | base64 > "$OUT/secret.txt"
FIELDS='given_name|namekey,family_name|namekey,dob|date,national_id|digits,province,sex'
BLOCKS=(--block 'national_id|digits' --block 'given_name|lk82 & family_name|lk82' --block 'family_name|lk82 & dob|date' --block 'given_name|lk82 & dob|date' --block 'dob|date & province')
measure encode-a "$BIN" link encode "$SYN/a.csv" --secret-file "$OUT/secret.txt" --fields "$FIELDS" "${BLOCKS[@]}" --out "$OUT/enc-a.csv"
measure encode-b "$BIN" link encode "$SYN/b.csv" --secret-file "$OUT/secret.txt" --fields "$FIELDS" "${BLOCKS[@]}" --out "$OUT/enc-b.csv"
measure synth-private "$BIN" link "$OUT/enc-a.csv" "$OUT/enc-b.csv" --model crates/link/bench/synth-encoded.toml --out "$OUT/synth-private" --threshold 0.9
score tidtam-private "$OUT/synth-private/pairs.csv" entity_id "$SYN/a.csv" "$SYN/b.csv"

echo; echo "== summary"; cat "$OUT/summary.txt"
