"""Splink (DuckDB backend) side of the tidtam record-linkage benchmark.

Runs a model equivalent to tidtam's (same comparisons, same blocking rules, u by random
sampling, m by EM) and writes predicted pairs as id_l,id_r,match_probability so that
`tidtam link evaluate` scores both tools the same way.

usage: splink_run.py febrl-link|febrl-dedupe|synth LEFT [RIGHT] --out pairs.csv --threshold 0.9
"""

import argparse
import time

import pandas as pd
import splink.comparison_library as cl
from splink import DuckDBAPI, Linker, SettingsCreator, block_on


def iso_ce(text):
    if not isinstance(text, str):
        return None
    if "/" in text:
        day, month, year = text.split("/")
    else:
        year, month, day = text.split("-")
    year = int(year)
    if year > 2400:
        year -= 543
    return f"{year:04d}-{int(month):02d}-{int(day):02d}"


def febrl_model(link_type):
    # Same levels as crates/link/bench/febrl-link.toml.
    name = lambda col: cl.JaroWinklerAtThresholds(col, [0.92, 0.8]).configure(
        term_frequency_adjustments=True
    )
    comparisons = [
        name("given_name"),
        name("surname"),
        cl.DamerauLevenshteinAtThresholds("date_of_birth", [1, 2]),
        cl.DamerauLevenshteinAtThresholds("soc_sec_id", [1, 2]),
        cl.ExactMatch("street_number"),
        cl.JaroWinklerAtThresholds("address_1", [0.9, 0.8]),
        cl.JaroWinklerAtThresholds("suburb", [0.9, 0.8]),
        cl.LevenshteinAtThresholds("postcode", [1, 2]),
        cl.ExactMatch("state"),
    ]
    blocking = [
        block_on("given_name", "surname"),
        block_on("surname", "date_of_birth"),
        block_on("given_name", "date_of_birth"),
        block_on("soc_sec_id"),
        block_on("postcode", "street_number"),
        block_on("date_of_birth", "suburb"),
    ]
    em_rules = [block_on("given_name", "surname"), block_on("date_of_birth"), block_on("soc_sec_id")]
    return comparisons, blocking, em_rules


def synth_model(link_type):
    # Same comparisons as crates/link/bench/synth.toml, as close as Splink's library allows:
    # names by Jaro-Winkler (Splink has no Thai normalisation), dates and IDs by Damerau.
    name = lambda col: cl.JaroWinklerAtThresholds(col, [0.9, 0.8]).configure(
        term_frequency_adjustments=True
    )
    comparisons = [
        name("given_name"),
        name("family_name"),
        cl.DamerauLevenshteinAtThresholds("dob", [1, 2]),
        cl.DamerauLevenshteinAtThresholds("national_id", [1]),
        cl.ExactMatch("province"),
        cl.ExactMatch("sex"),
    ]
    blocking = [
        block_on("national_id"),
        block_on("given_name", "family_name"),
        block_on("family_name", "dob"),
        block_on("given_name", "dob"),
    ]
    em_rules = [block_on("national_id"), block_on("given_name", "family_name"), block_on("dob", "province")]
    return comparisons, blocking, em_rules


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("model", choices=["febrl-link", "febrl-dedupe", "synth"])
    parser.add_argument("files", nargs="+")
    parser.add_argument("--out", required=True)
    parser.add_argument("--threshold", type=float, default=0.9)
    parser.add_argument("--id", default="rec_id")
    args = parser.parse_args()
    started = time.time()
    frames = [
        pd.read_csv(f, dtype=str, skipinitialspace=True, keep_default_na=False).replace("", None)
        for f in args.files
    ]
    for frame in frames:
        frame.columns = [c.strip() for c in frame.columns]
        if "dob" in frame.columns:
            # Splink compares strings: a Splink user must first bring dates to one form (ISO, CE);
            # tidtam reads both forms and both eras itself. This step is timed with Splink.
            frame["dob"] = frame["dob"].map(iso_ce)
    link_type = "link_only" if len(frames) == 2 else "dedupe_only"
    maker = synth_model if args.model == "synth" else febrl_model
    comparisons, blocking, em_rules = maker(link_type)
    settings = SettingsCreator(
        link_type=link_type,
        unique_id_column_name=args.id,
        comparisons=comparisons,
        blocking_rules_to_generate_predictions=blocking,
        retain_intermediate_calculation_columns=False,
        retain_matching_columns=False,
    )
    aliases = ["l", "r"] if len(frames) == 2 else ["t"]
    db_api = DuckDBAPI()
    tables = [db_api.register(f, dataset_display_name=a) for f, a in zip(frames, aliases)]
    linker = Linker(tables if len(tables) == 2 else tables[0], settings)
    linker.training.estimate_probability_two_random_records_match(
        [block_on(*r) for r in ([("national_id",)] if args.model == "synth" else [("soc_sec_id",)])],
        recall=0.8,
    )
    linker.training.estimate_u_using_random_sampling(max_pairs=2e6, seed=42)
    for rule in em_rules:
        linker.training.estimate_parameters_using_expectation_maximisation(rule)
    predictions = linker.inference.predict(threshold_match_probability=args.threshold).as_pandas_dataframe()
    if link_type == "link_only":
        # Orient every pair as (left file id, right file id).
        flip = predictions["source_dataset_l"] == "r"
        left = predictions[f"{args.id}_l"].where(~flip, predictions[f"{args.id}_r"])
        right = predictions[f"{args.id}_r"].where(~flip, predictions[f"{args.id}_l"])
    else:
        left, right = predictions[f"{args.id}_l"], predictions[f"{args.id}_r"]
    out = pd.DataFrame({"id_l": left, "id_r": right, "match_probability": predictions["match_probability"]})
    out.to_csv(args.out, index=False)
    print(f"splink: {len(out)} pairs at p >= {args.threshold} in {time.time() - started:.1f} s")


if __name__ == "__main__":
    main()
