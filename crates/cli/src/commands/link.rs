//! `tidtam link` (two files), `tidtam dedupe` (one file) and the linkage tools
//! `link evaluate`, `link encode` and `link synth`.
//!
//! Everything here is argument handling and printing; the work is in `tidtam-link`.
//! Messages a person reads come in English and Thai.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use anyhow::{Context, Result, bail};
use clap::{Args, Subcommand};
use tidtam_link::engine::{Linker, RunOptions, Summary, Threshold};
use tidtam_link::evaluate::{Truth, evaluate, read_pairs};
use tidtam_link::key::KeyExpr;
use tidtam_link::privacy::{EncodeOptions, encode};
use tidtam_link::synth::{NamePools, SynthOptions, generate};
use tidtam_link::{ModelSpec, Table};

/// Arguments of `tidtam link`.
#[derive(Args)]
#[command(args_conflicts_with_subcommands = true, subcommand_negates_reqs = true)]
pub struct LinkArgs {
    #[command(subcommand)]
    command: Option<LinkCommand>,
    /// The two files to link (CSV or Parquet).
    #[arg(num_args = 2, required = true, value_names = ["LEFT", "RIGHT"])]
    files: Vec<PathBuf>,
    #[command(flatten)]
    run: RunArgs,
}

/// Arguments of `tidtam dedupe`.
#[derive(Args)]
pub struct DedupeArgs {
    /// The file to deduplicate (CSV or Parquet).
    file: PathBuf,
    #[command(flatten)]
    run: RunArgs,
}

/// Options shared by `link` and `dedupe`.
#[derive(Args)]
struct RunArgs {
    /// Model file (TOML or JSON); inferred from the columns when absent.
    #[arg(long)]
    model: Option<PathBuf>,
    /// Output folder for pairs.csv, review.csv, clusters.csv and model.json.
    #[arg(long, default_value = "link-out")]
    out: PathBuf,
    /// Match probability threshold.
    #[arg(long, conflicts_with = "target_precision")]
    threshold: Option<f64>,
    /// Choose the threshold so the model's estimated precision is at least this.
    #[arg(long)]
    target_precision: Option<f64>,
    /// Lower edge of the clerical-review band (probability).
    #[arg(long, default_value_t = 0.2)]
    review_from: f64,
    /// Override the model's maximum number of candidate pairs.
    #[arg(long)]
    max_pairs: Option<u64>,
    /// Only print the pair count of each blocking rule, then stop.
    #[arg(long)]
    count_only: bool,
    /// Print the inferred or loaded model as TOML and stop; an inferred one comes with its reasons
    /// (column roles and their evidence, candidate blocking rules with pair counts and recall) as
    /// comments.
    #[arg(long)]
    print_model: bool,
    /// Print the waterfall explanation of this many pairs from the review band.
    #[arg(long, default_value_t = 2)]
    explain: usize,
}

#[derive(Subcommand)]
enum LinkCommand {
    /// Precision, recall and F1 of a pairs file against a truth key.
    Evaluate(EvaluateArgs),
    /// Encode a file into Bloom filters with a shared secret (privacy-preserving mode).
    Encode(EncodeArgs),
    /// Generate two synthetic Thai person registers with known truth.
    Synth(SynthArgs),
}

#[derive(Args)]
struct EvaluateArgs {
    /// Pairs file with id_l, id_r (and match_probability for --threshold).
    #[arg(long)]
    pairs: PathBuf,
    /// The original file(s): one for deduplication, two for linkage.
    #[arg(num_args = 1..=2, required = true)]
    files: Vec<PathBuf>,
    /// Record id column.
    #[arg(long, default_value = "rec_id")]
    id: String,
    /// Truth key: records with equal keys are the same entity (e.g. `rec_id|field(-,1)`).
    #[arg(long)]
    truth: String,
    /// Only count pairs at or above this probability.
    #[arg(long)]
    threshold: Option<f64>,
    /// Print JSON instead of text.
    #[arg(long)]
    json: bool,
    /// A label printed with the result.
    #[arg(long, default_value = "tidtam")]
    label: String,
}

#[derive(Args)]
struct EncodeArgs {
    /// The file to encode.
    file: PathBuf,
    /// Where to write the encoded CSV.
    #[arg(long)]
    out: PathBuf,
    /// Record id column (kept in clear: use a pseudonymous id).
    #[arg(long, default_value = "rec_id")]
    id: String,
    /// Fields to encode, as key expressions, comma-separated (e.g. `given_name|namekey,dob|date`).
    #[arg(long, value_delimiter = ',', required = true)]
    fields: Vec<String>,
    /// Blocking rules to encode as keyed tokens (repeat the option for several rules).
    #[arg(long = "block")]
    blocking: Vec<String>,
    /// File holding the shared secret (at least 16 bytes); or set TIDTAM_LINK_SECRET.
    #[arg(long)]
    secret_file: Option<PathBuf>,
    /// Bloom filter length in bits.
    #[arg(long, default_value_t = 512)]
    bits: usize,
    /// Bits set per bigram.
    #[arg(long, default_value_t = 15)]
    hashes: usize,
    /// Also write a record-level CLK.
    #[arg(long)]
    clk: bool,
    /// Balanced filters (constant number of set bits).
    #[arg(long)]
    balanced: bool,
    /// Salt key expression (e.g. `dob|year`).
    #[arg(long)]
    salt: Option<String>,
}

#[derive(Args)]
struct SynthArgs {
    /// Records per file.
    #[arg(long, default_value_t = 10_000)]
    records: usize,
    /// Share of file B's people that are in file A.
    #[arg(long, default_value_t = 0.7)]
    overlap: f64,
    /// Random seed.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Folder with the Thai name lists.
    #[arg(long, default_value = "../shared/data/thai-names")]
    names: PathBuf,
    /// Output folder (writes a.csv and b.csv).
    #[arg(long)]
    out: PathBuf,
}

fn read_table(path: &Path) -> Result<Table> {
    let table = Table::read(path).with_context(|| format!("reading {} / อ่านไฟล์ {}", path.display(), path.display()))?;
    for note in &table.notes {
        eprintln!("note: {note}");
    }
    Ok(table)
}

/// Runs `tidtam link`.
pub fn run(args: LinkArgs) -> Result<ExitCode> {
    match args.command {
        Some(LinkCommand::Evaluate(e)) => run_evaluate(e),
        Some(LinkCommand::Encode(e)) => run_encode(e),
        Some(LinkCommand::Synth(s)) => run_synth(s),
        None => {
            let started = Instant::now();
            // The two files are independent: read them at the same time.
            let (left, right) = std::thread::scope(|s| {
                let right = s.spawn(|| read_table(&args.files[1]));
                let left = read_table(&args.files[0]);
                (left, right.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic)))
            });
            let (left, right) = (left?, right?);
            println!("read {:.2} s", started.elapsed().as_secs_f64());
            run_linkage(&args.run, left, Some(right))
        }
    }
}

/// Runs `tidtam dedupe`.
pub fn run_dedupe(args: DedupeArgs) -> Result<ExitCode> {
    let started = Instant::now();
    let table = read_table(&args.file)?;
    println!("read {:.2} s", started.elapsed().as_secs_f64());
    run_linkage(&args.run, table, None)
}

fn run_linkage(args: &RunArgs, left: Table, mut right: Option<Table>) -> Result<ExitCode> {
    let started = Instant::now();
    let (mut spec, explanation, plans) = match &args.model {
        Some(path) => (ModelSpec::load(path)?, None, None),
        None => {
            let (inference, plans) = tidtam_link::infer::infer_with_plans(&left, right.as_ref())?;
            if let Some(right) = right.as_mut() {
                inference.apply_renames(right);
            }
            let explanation = inference.explain();
            println!("model inferred in {:.2} s", started.elapsed().as_secs_f64());
            (inference.spec, Some(explanation), Some(plans))
        }
    };
    if let Some(max) = args.max_pairs {
        spec.max_pairs = max;
    }
    if args.print_model {
        print!("{}{}", explanation.unwrap_or_default(), toml_model(&spec)?);
        return Ok(ExitCode::SUCCESS);
    }
    if let Some(explanation) = &explanation {
        // The roles and rules chosen, so a run with no model file says what it assumed.
        for line in explanation.lines().filter(|l| l.contains("note:") || l.contains("chosen ")) {
            println!("{}", line.trim_start_matches("# "));
        }
    }
    let (left, right) = (&left, right.as_ref());
    let mut linker = Linker::with_plans(&spec, left, right, plans)?;
    for warning in linker.warnings() {
        eprintln!("warning: {warning}");
    }
    println!("blocking rules (pairs per rule, before removing overlaps) / กฎการจัดกลุ่ม:");
    for count in linker.rule_counts() {
        println!("  {:>14}  {}", count.pairs, count.rule);
    }
    if args.count_only {
        return Ok(ExitCode::SUCCESS);
    }
    let threshold = match (args.threshold, args.target_precision) {
        (Some(p), _) => Threshold::Probability(p),
        (None, Some(t)) => Threshold::TargetPrecision(t),
        (None, None) => Threshold::Probability(0.9),
    };
    for value in [args.threshold, args.target_precision, Some(args.review_from)].into_iter().flatten() {
        if !(0.0..=1.0).contains(&value) {
            bail!("probabilities must be between 0 and 1 (got {value}) / ค่าความน่าจะเป็นต้องอยู่ระหว่าง 0 ถึง 1");
        }
    }
    let options = RunOptions { threshold, review_from: args.review_from };
    let ticker = crate::progress::Ticker::start("linking / กำลังเชื่อมโยงข้อมูล");
    let (summary, kept) = linker.run(&options, Some(&args.out))?;
    drop(ticker);
    print_summary(&summary, &args.out);
    let threshold_weight = tidtam_link::fs::weight_of(summary.threshold);
    let uncertain = kept.iter().filter(|p| p.weight < threshold_weight).take(args.explain);
    for pair in uncertain {
        println!("\nreview pair (rows {}, {}) / คู่ที่ต้องตรวจสอบ:", pair.left, pair.right);
        print!("{}", linker.explain(&summary.params, pair.left, pair.right).waterfall());
    }
    println!("total {:.1} s", started.elapsed().as_secs_f64());
    Ok(ExitCode::SUCCESS)
}

fn toml_model(spec: &ModelSpec) -> Result<String> {
    // TOML via JSON keeps this crate free of a TOML serialiser: the model is small and flat.
    let value = serde_json::to_value(spec)?;
    let mut out = String::new();
    let object = value.as_object().context("model is an object")?;
    for (key, v) in object {
        if key != "comparisons" {
            out.push_str(&format!("{key} = {v}\n"));
        }
    }
    for comparison in object["comparisons"].as_array().into_iter().flatten() {
        out.push_str("\n[[comparison]]\n");
        for (key, v) in comparison.as_object().into_iter().flatten() {
            out.push_str(&format!("{key} = {v}\n"));
        }
    }
    Ok(out.replace(" = null\n", " = \"\"\n"))
}

fn print_summary(summary: &Summary, out: &Path) {
    println!(
        "records {} + {}; candidate pairs {} ({} patterns); u from {} random pairs",
        summary.records.0, summary.records.1, summary.candidate_pairs, summary.patterns, summary.u_sample_pairs
    );
    println!(
        "EM: {} iterations, converged {}, blocked match share {:.4}; prior λ = {:.3e}",
        summary.em.iterations, summary.em.converged, summary.em.lambda_blocked, summary.params.lambda
    );
    println!(
        "threshold p ≥ {:.4}: {} links, {} pairs for review, {} clusters / จับคู่ได้ {} คู่",
        summary.threshold, summary.links, summary.review, summary.clusters, summary.links
    );
    for (stage, seconds) in &summary.seconds {
        println!("  {stage:<18} {seconds:>8.2} s");
    }
    println!("outputs in {} (pairs.csv, review.csv, clusters.csv, model.json)", out.display());
}

fn run_evaluate(args: EvaluateArgs) -> Result<ExitCode> {
    let left = read_table(&args.files[0])?;
    let right = args.files.get(1).map(|p| read_table(p)).transpose()?;
    let key = KeyExpr::parse(&args.truth)?;
    let truth = Truth::new(&left, right.as_ref(), &args.id, &key)?;
    let pairs = read_pairs(&args.pairs, args.threshold)?;
    let result = evaluate(&truth, pairs.iter().map(|(l, r)| (l.as_str(), r.as_str())));
    if args.json {
        println!("{}", serde_json::to_string(&serde_json::json!({"label": args.label, "evaluation": result}))?);
    } else {
        println!(
            "{}: precision {:.4}  recall {:.4}  F1 {:.4}  (predicted {}, true {}, correct {})",
            args.label,
            result.precision,
            result.recall,
            result.f1,
            result.predicted,
            result.true_pairs,
            result.true_positives
        );
    }
    Ok(ExitCode::SUCCESS)
}

fn run_encode(args: EncodeArgs) -> Result<ExitCode> {
    let secret = match (&args.secret_file, std::env::var("TIDTAM_LINK_SECRET")) {
        (Some(path), _) => {
            std::fs::read(path).with_context(|| format!("reading the secret {} / อ่านไฟล์คีย์ลับไม่ได้", path.display()))?
        }
        (None, Ok(value)) => value.into_bytes(),
        (None, Err(_)) => {
            bail!("give the shared secret with --secret-file or TIDTAM_LINK_SECRET / กรุณาระบุคีย์ลับที่ใช้ร่วมกัน")
        }
    };
    let secret: Vec<u8> = secret.trim_ascii().to_vec();
    let table = read_table(&args.file)?;
    let mut options = EncodeOptions::new(args.fields.iter().map(|f| KeyExpr::parse(f)).collect::<Result<_, _>>()?);
    options.bits = args.bits;
    options.hashes = args.hashes;
    options.blocking = args.blocking;
    options.clk = args.clk;
    options.balanced = args.balanced;
    options.salt = args.salt.as_deref().map(KeyExpr::parse).transpose()?;
    let encoded = encode(&table, &args.id, &secret, &options)?;
    encoded.write_csv(&args.out)?;
    println!("encoded {} records into {} / เข้ารหัสแล้ว", encoded.len(), args.out.display());
    Ok(ExitCode::SUCCESS)
}

fn run_synth(args: SynthArgs) -> Result<ExitCode> {
    let pools = NamePools::load(&args.names)?;
    let options = SynthOptions { records: args.records, overlap: args.overlap, seed: args.seed };
    let (a, b) = generate(&pools, &options);
    std::fs::create_dir_all(&args.out)?;
    a.write_csv(&args.out.join("a.csv"))?;
    b.write_csv(&args.out.join("b.csv"))?;
    println!("wrote {0}/a.csv and {0}/b.csv ({1} records each)", args.out.display(), args.records);
    Ok(ExitCode::SUCCESS)
}
