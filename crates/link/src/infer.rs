//! The model `tidtam link` builds when no model file is given: column roles from names and
//! contents, a comparison per role, and blocking rules chosen by their pair counts and the recall
//! each adds.
//!
//! Roles are read from each file separately, so two files that name a column differently
//! (`first_name` and `ชื่อ`) still get one comparison; the right file's column is renamed to the
//! left one's ([`Inference::renames`]).
//! A title column (นาย, นาง, น.ส., ด.ช., ยศ, …) is never compared: it repeats sex and age, and
//! compared as a name it makes every นาย agree with every other.
//! Titles glued to names are stripped by the name comparison itself.
//!
//! Blocking: each candidate rule's pair count comes from its block sizes (nothing is compared).
//! Recall is measured on witnesses: record pairs that agree on a near-unique identifier (the
//! national ID, else the phone, else another long mostly distinct number) and are alone in their
//! block, so they are almost surely the same person. Without an identifier, every affordable
//! conjunction is taken, cheapest first, up to six.
//! The witness rule is taken first; then, greedily, the rule that catches the most witnesses no
//! chosen rule catches (when the witness key is wrong or missing, those are the pairs only the
//! other rules can find), while the pair total stays in the budget.
//! A single key that is not near-unique (a date of birth alone) is only a last resort.

use std::collections::{HashMap, HashSet};

use rayon::prelude::*;
use serde::Serialize;

use crate::block::{BlockingRule, KeyParts, RuleData, RulePlans};
use crate::compare::{ComparisonSpec, Kind};
use crate::error::{Error, ErrorKind, Result};
use crate::model::ModelSpec;
use crate::table::{Column, Table};

/// What a column holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// The record identifier.
    Id,
    /// Titles and ranks (not compared).
    Title,
    /// Given names.
    GivenName,
    /// Family names.
    FamilyName,
    /// Whole names in one column.
    FullName,
    /// Dates of birth.
    Dob,
    /// 13-digit national IDs.
    NationalId,
    /// Telephone numbers.
    Phone,
    /// Provinces by code or name.
    Province,
    /// Sex.
    Sex,
    /// Bloom-filter encodings (privacy-preserving mode).
    Encoded,
    /// Keyed blocking tokens of the privacy-preserving encoder.
    BlockToken,
    /// A number that identifies (most values distinct).
    IdNumber,
    /// Other free text.
    Text,
    /// Other short codes.
    Code,
    /// Other numbers (house numbers, postcodes).
    NumberCode,
    /// Not used: a truth column, or almost empty.
    Ignored,
}

/// The role read for one column, with the evidence.
#[derive(Clone, Debug, Serialize)]
pub struct ColumnRole {
    /// The column (left file's name).
    pub column: String,
    /// The right file's name when it differs.
    pub right_column: Option<String>,
    /// The role.
    pub role: Role,
    /// Why: the name hint and the shares of values that fit.
    pub evidence: String,
}

/// A candidate blocking rule and what the inference measured.
#[derive(Clone, Debug, Serialize)]
pub struct RuleChoice {
    /// The rule.
    pub rule: String,
    /// Pairs it creates alone (from block sizes).
    pub pairs: u64,
    /// Witness pairs it catches that earlier chosen rules do not (share of all witnesses);
    /// `None` when there are no witnesses.
    pub recall_gain: Option<f64>,
    /// Whether it was chosen.
    pub chosen: bool,
    /// Why it was chosen or not.
    pub reason: String,
}

/// The inferred model and why.
#[derive(Clone, Debug, Serialize)]
pub struct Inference {
    /// The model.
    pub spec: ModelSpec,
    /// Roles per column.
    pub roles: Vec<ColumnRole>,
    /// Candidate rules in the order they were considered.
    pub rules: Vec<RuleChoice>,
    /// The witness pairs recall was measured on: their rule and number.
    pub witnesses: Option<(String, usize)>,
    /// Right-file columns to rename to the left file's names before linking (right, left).
    pub renames: Vec<(String, String)>,
    /// Warnings (columns left out and why).
    pub notes: Vec<String>,
}

impl Inference {
    /// The explanation as comment lines, so `--print-model` output stays a valid model file.
    pub fn explain(&self) -> String {
        let mut out = String::from("# Inferred model / แบบจำลองที่อนุมานจากคอลัมน์\n# column roles / บทบาทของคอลัมน์:\n");
        for role in &self.roles {
            let column = match &role.right_column {
                Some(right) => format!("{} (right: {right})", role.column),
                None => role.column.clone(),
            };
            out.push_str(&format!("#   {column:<24} {:<12} {}\n", format!("{:?}", role.role), role.evidence));
        }
        match &self.witnesses {
            Some((rule, n)) => out.push_str(&format!(
                "# blocking: recall measured on {n} witness pairs agreeing on `{rule}` / วัด recall จากคู่ที่ตรงกันตาม `{rule}` {n} คู่\n"
            )),
            None => out.push_str("# blocking: no near-unique key to measure recall on; rules chosen by pair counts\n"),
        }
        for rule in &self.rules {
            let gain = rule.recall_gain.map_or(String::from("      -"), |g| format!("{:>+6.2}%", 100.0 * g));
            let mark = if rule.chosen { "chosen " } else { "skipped" };
            out.push_str(&format!(
                "#   {mark} {:>12} pairs  recall {gain}  {}  ({})\n",
                rule.pairs, rule.rule, rule.reason
            ));
        }
        for (right, left) in &self.renames {
            out.push_str(&format!(
                "# the right file's `{right}` is read as `{left}` / คอลัมน์ `{right}` ของไฟล์ที่สองใช้เป็น `{left}`\n"
            ));
        }
        for note in &self.notes {
            out.push_str(&format!("# note: {note}\n"));
        }
        out
    }

    /// Renames the right table's columns as [`Inference::renames`] says.
    pub fn apply_renames(&self, right: &mut Table) {
        rename(right, &self.renames);
    }
}

/// Renames all at once, so swapping two names (`first_name` ↔ `last_name`) works.
fn rename(table: &mut Table, renames: &[(String, String)]) {
    let positions: Vec<(usize, &String)> =
        renames.iter().filter_map(|(from, to)| table.names.iter().position(|n| n == from).map(|i| (i, to))).collect();
    for (i, to) in positions {
        table.names[i] = to.clone();
    }
}

/// The lowercase name with separators removed, for matching name hints.
fn squash(name: &str) -> String {
    name.chars()
        .filter(|c| c.is_alphanumeric() || tidtam_thai::name::is_thai(*c))
        .flat_map(char::to_lowercase)
        .collect()
}

fn hint(name: &str) -> Option<Role> {
    let n = squash(name);
    let any = |list: &[&str]| list.contains(&n.as_str());
    if any(&["entityid", "truth", "clusterid", "source", "matchid", "trueid"]) {
        return Some(Role::Ignored);
    }
    if any(&["recid", "recordid", "id", "uid", "uniqueid", "pid", "rowid", "รหัส", "รหัสระเบียน", "ลำดับ"])
    {
        return Some(Role::Id);
    }
    if any(&["title", "prefix", "salutation", "rank", "nameprefix", "คำนำหน้า", "คำนำหน้าชื่อ", "ยศ", "ยศคำนำหน้า"])
    {
        return Some(Role::Title);
    }
    if any(&["firstname", "givenname", "given", "fname", "forename", "namefirst", "first", "ชื่อ", "ชื่อตัว"])
    {
        return Some(Role::GivenName);
    }
    if any(&["lastname", "familyname", "surname", "lname", "namelast", "last", "family", "นามสกุล", "สกุล"])
    {
        return Some(Role::FamilyName);
    }
    if any(&["name", "fullname", "personname", "ชื่อสกุล", "ชื่อนามสกุล", "ชื่อและนามสกุล"])
    {
        return Some(Role::FullName);
    }
    if any(&["dob", "birthdate", "dateofbirth", "birthday", "bdate", "born", "วันเกิด", "วันเดือนปีเกิด"])
    {
        return Some(Role::Dob);
    }
    if any(&[
        "nationalid",
        "nid",
        "citizenid",
        "idcard",
        "cid",
        "pid13",
        "idno",
        "nationalidnumber",
        "เลขประจำตัวประชาชน",
        "เลขบัตรประชาชน",
        "เลขบัตร",
    ]) {
        return Some(Role::NationalId);
    }
    if any(&[
        "phone",
        "tel",
        "telephone",
        "mobile",
        "phoneno",
        "phonenumber",
        "mobileno",
        "โทรศัพท์",
        "เบอร์โทร",
        "เบอร์โทรศัพท์",
    ]) {
        return Some(Role::Phone);
    }
    if any(&["province", "prov", "provcode", "provincecode", "changwat", "จังหวัด", "รหัสจังหวัด"])
    {
        return Some(Role::Province);
    }
    if any(&["sex", "gender", "เพศ"]) {
        return Some(Role::Sex);
    }
    None
}

/// A title alone (possibly several: "ว่าที่ ร.ต.").
pub fn is_title(value: &str) -> bool {
    let canonical = tidtam_thai::name::canonical_text(value);
    let probe = format!("{} ก", canonical.trim());
    tidtam_thai::name::strip_titles(&probe) == "ก" && !canonical.trim().is_empty()
}

/// A name with a title glued or spaced in front.
pub fn has_title(value: &str) -> bool {
    let canonical = tidtam_thai::name::canonical_text(value);
    tidtam_thai::name::strip_titles(&canonical).len() < canonical.trim_start().len()
}

/// Facts about one column of one file.
struct Profile {
    fill: f64,
    sample: Vec<String>,
    distinct: f64,
}

impl Profile {
    fn new(column: &Column) -> Profile {
        let n = column.len();
        let filled = (0..n).filter(|&r| column.get(r).is_some()).count();
        // An even spread of rows, not the first ones: files are often sorted.
        let step = (n / 4000).max(1);
        let sample: Vec<String> = (0..n).step_by(step).filter_map(|r| column.get(r)).map(String::from).collect();
        let distinct = sample.iter().collect::<HashSet<_>>().len() as f64 / sample.len().max(1) as f64;
        Profile { fill: filled as f64 / n.max(1) as f64, sample, distinct }
    }

    fn share(&self, f: impl Fn(&str) -> bool) -> f64 {
        if self.sample.is_empty() {
            return 0.0;
        }
        self.sample.iter().filter(|v| f(v)).count() as f64 / self.sample.len() as f64
    }
}

fn is_phone(v: &str) -> bool {
    let digits = v.chars().filter(char::is_ascii_digit).count();
    let other = v.chars().filter(|c| !c.is_ascii_digit() && !matches!(c, ' ' | '-' | '+' | '(' | ')')).count();
    other == 0
        && crate::normalize::phone_digits(v).is_some_and(|d| d.starts_with('0') && (9..=10).contains(&d.len()))
        && digits >= 9
}

fn is_sex(v: &str) -> bool {
    crate::normalize::sex_code(v).is_some()
}

fn is_thai_text(v: &str) -> bool {
    v.chars().any(tidtam_thai::name::is_thai)
}

fn is_latin_name(v: &str) -> bool {
    v.chars().any(|c| c.is_ascii_alphabetic())
        && v.chars().all(|c| c.is_alphabetic() || matches!(c, ' ' | '-' | '\'' | '.'))
}

/// The role of one column from its name and contents, with the evidence.
fn classify(name: &str, profile: &Profile) -> (Role, String) {
    let lower = name.to_lowercase();
    if lower.starts_with("bf_") || lower == "clk" {
        return (Role::Encoded, "Bloom-filter column (bf_ prefix)".into());
    }
    if lower.starts_with("blk_") {
        return (Role::BlockToken, "keyed blocking token (blk_ prefix)".into());
    }
    let hinted = hint(name);
    if hinted == Some(Role::Ignored) {
        return (Role::Ignored, "named like a truth or source column".into());
    }
    if profile.fill < 0.01 {
        return (
            Role::Ignored,
            format!("{:.1}% filled: left out / มีข้อมูลเพียง {:.1}% จึงไม่ใช้", 100.0 * profile.fill, 100.0 * profile.fill),
        );
    }
    let nid = profile.share(|v| crate::nid::parse_national_id(v).is_some());
    let nid_valid = profile.share(|v| crate::nid::parse_national_id(v).is_some_and(|n| n.valid));
    let date = profile.share(|v| crate::date::parse_date(v).is_some());
    let phone = profile.share(is_phone);
    let province = profile.share(|v| crate::normalize::province_code(v).is_some());
    let sex = profile.share(is_sex);
    let title = profile.share(is_title);
    let thai = profile.share(is_thai_text);
    let latin = profile.share(is_latin_name);
    let glued = profile.share(has_title);
    let spaced = profile.share(|v| tidtam_thai::name::normalize_name(v).contains(' '));
    let digits = profile.share(|v| v.chars().all(|c| c.is_ascii_digit() || c == '-'));
    let hint_text = hinted.map_or(String::from("no name hint"), |r| format!("name says {r:?}"));
    let fits = |share: f64, what: &str| format!("{hint_text}; {:.0}% {what}", 100.0 * share);
    let strong = |share: f64, role: Role| share >= 0.9 || (share >= 0.5 && hinted == Some(role));
    if strong(nid, Role::NationalId) {
        return (
            Role::NationalId,
            fits(nid, &format!("13-digit IDs ({:.0}% with a valid check digit)", 100.0 * nid_valid)),
        );
    }
    if strong(phone, Role::Phone) {
        return (Role::Phone, fits(phone, "telephone numbers"));
    }
    if strong(date, Role::Dob) {
        return (Role::Dob, fits(date, "readable dates (BE or CE)"));
    }
    if hinted == Some(Role::Id) && profile.distinct > 0.99 {
        return (Role::Id, format!("{hint_text}; every sampled value distinct"));
    }
    if strong(title, Role::Title) || (hinted == Some(Role::Title) && title >= 0.3) {
        return (Role::Title, fits(title, "titles or ranks (never compared as a name)"));
    }
    if strong(sex, Role::Sex) && profile.distinct < 0.05 {
        return (Role::Sex, fits(sex, "sex codes"));
    }
    if strong(province, Role::Province) && (hinted == Some(Role::Province) || thai > 0.5 || latin > 0.5) {
        return (Role::Province, fits(province, "province codes or names"));
    }
    let mean_len =
        profile.sample.iter().map(|v| v.chars().count()).sum::<usize>() as f64 / profile.sample.len().max(1) as f64;
    if hinted.is_none() && mean_len <= 3.0 {
        return (Role::Code, format!("{hint_text}; short codes (mean {mean_len:.1} characters)"));
    }
    let namey = thai.max(latin);
    if namey >= 0.5 {
        let script = if thai >= latin { "Thai" } else { "Latin" };
        let glued_text = if glued > 0.0 {
            format!(", {:.0}% with a title in front (stripped)", 100.0 * glued)
        } else {
            String::new()
        };
        let role = match hinted {
            Some(r @ (Role::GivenName | Role::FamilyName | Role::FullName)) => r,
            _ if spaced > 0.6 && thai >= latin => Role::FullName,
            _ if thai >= 0.3 || latin >= 0.9 => Role::GivenName,
            _ => Role::Text,
        };
        if matches!(role, Role::GivenName | Role::FamilyName | Role::FullName) {
            return (role, format!("{}{glued_text}", fits(namey, &format!("{script} name text"))));
        }
    }
    if hinted == Some(Role::Id) {
        return (Role::Id, format!("{hint_text} ({:.1}% distinct)", 100.0 * profile.distinct));
    }
    let digit_len = profile.sample.iter().map(|v| v.len()).sum::<usize>() as f64 / profile.sample.len().max(1) as f64;
    // Identifiers are long digit strings, mostly distinct (a deduplication file repeats them).
    if digits > 0.9 && (profile.distinct > 0.9 || (digit_len >= 6.0 && profile.distinct > 0.3)) {
        return (Role::IdNumber, fits(digits, &format!("digits, {:.0}% distinct", 100.0 * profile.distinct)));
    }
    if digits > 0.9 {
        return (Role::NumberCode, fits(digits, &format!("digits, {:.0}% distinct", 100.0 * profile.distinct)));
    }
    if mean_len <= 3.0 || profile.distinct < 0.01 {
        return (Role::Code, format!("{hint_text}; short codes (mean {mean_len:.1} characters)"));
    }
    (Role::Text, format!("{hint_text}; free text"))
}

fn unique_values(column: &Column) -> bool {
    let mut seen = rustc_hash::FxHashSet::with_capacity_and_hasher(column.len(), Default::default());
    (0..column.len()).all(|r| column.get(r).is_some_and(|v| seen.insert(v)))
}

/// The name keys of a sample, for telling given from family names across files.
fn name_keys(profile: &Profile) -> HashSet<String> {
    profile.sample.iter().map(|v| tidtam_thai::name::name_key(v)).filter(|k| !k.is_empty()).collect()
}

fn overlap(a: &HashSet<String>, b: &HashSet<String>) -> f64 {
    a.intersection(b).count() as f64 / a.len().min(b.len()).max(1) as f64
}

/// Roles that a file has at most one column of.
fn single(role: Role) -> bool {
    !matches!(
        role,
        Role::Encoded | Role::BlockToken | Role::IdNumber | Role::Text | Role::Code | Role::NumberCode | Role::Ignored
    )
}

/// Infers the model (see the module documentation).
pub fn infer(left: &Table, right: Option<&Table>) -> Result<Inference> {
    infer_with_plans(left, right).map(|(inference, _)| inference)
}

/// As [`infer`], also giving the chosen rules' keys and blocks, which the inference had to
/// compute to count their pairs: [`crate::engine::Linker::with_plans`] reuses them instead of
/// computing them again (the same tables, after [`Inference::apply_renames`]).
pub fn infer_with_plans(left: &Table, right: Option<&Table>) -> Result<(Inference, RulePlans)> {
    let mut notes = Vec::new();
    let classify_table = |table: &Table| -> Vec<(String, Role, String, Profile)> {
        table
            .names
            .par_iter()
            .zip(&table.columns)
            .map(|(name, column)| {
                let profile = Profile::new(column);
                let (role, evidence) = classify(name, &profile);
                (name.clone(), role, evidence, profile)
            })
            .collect()
    };
    let mut left_roles = classify_table(left);
    let mut right_roles = right.map(classify_table);
    // Two name columns and no names saying which is which: given name first, as Thai forms do.
    for roles in std::iter::once(&mut left_roles).chain(right_roles.as_mut()) {
        let names: Vec<usize> = (0..roles.len()).filter(|&i| roles[i].1 == Role::GivenName).collect();
        if names.len() == 2 && roles.iter().all(|r| r.1 != Role::FamilyName) {
            roles[names[1]].1 = Role::FamilyName;
            roles[names[1]].2.push_str("; the second name column, read as family names");
        }
    }
    // Keep the first column of each single role; later ones become plain text.
    for roles in std::iter::once(&mut left_roles).chain(right_roles.as_mut()) {
        let mut seen = HashSet::new();
        for r in roles.iter_mut() {
            if single(r.1) && !seen.insert(r.1) {
                r.2.push_str(&format!("; a second {:?} column, compared as text", r.1));
                r.1 = Role::Text;
            }
        }
    }
    // Given and family names written in each other's columns in one file.
    if let Some(right_roles) = right_roles.as_mut() {
        let find = |roles: &[(String, Role, String, Profile)], role: Role| roles.iter().position(|r| r.1 == role);
        if let (Some(lg), Some(lf), Some(rg), Some(rf)) = (
            find(&left_roles, Role::GivenName),
            find(&left_roles, Role::FamilyName),
            find(right_roles, Role::GivenName),
            find(right_roles, Role::FamilyName),
        ) {
            let (lg_keys, lf_keys) = (name_keys(&left_roles[lg].3), name_keys(&left_roles[lf].3));
            let (rg_keys, rf_keys) = (name_keys(&right_roles[rg].3), name_keys(&right_roles[rf].3));
            let straight = overlap(&lg_keys, &rg_keys) + overlap(&lf_keys, &rf_keys);
            let crossed = overlap(&lg_keys, &rf_keys) + overlap(&lf_keys, &rg_keys);
            if crossed > 1.5 * straight && crossed > 0.2 {
                right_roles[rg].1 = Role::FamilyName;
                right_roles[rf].1 = Role::GivenName;
                let text = format!(
                    "; its values are the other file's family names ({crossed:.2} vs {straight:.2} overlap): swapped"
                );
                right_roles[rg].2.push_str(&text);
                right_roles[rf].2.push_str(&text.replace("family", "given"));
            }
        }
    }
    // Pair each left column with the right column of the same role (or the same name).
    let mut roles: Vec<ColumnRole> = Vec::new();
    let mut renames = Vec::new();
    let mut used_right = HashSet::new();
    for (name, role, evidence, _) in &left_roles {
        let partner = match &right_roles {
            None => Some((name.clone(), *role)),
            Some(rr) => {
                let by_role = single(*role).then(|| rr.iter().find(|r| r.1 == *role)).flatten();
                let by_name = rr.iter().find(|r| &r.0 == name);
                by_role.or(by_name).map(|r| (r.0.clone(), r.1))
            }
        };
        let Some((right_name, right_role)) = partner else {
            if *role != Role::Ignored {
                notes.push(format!(
                    "`{name}` has no counterpart in the second file: not compared / คอลัมน์ `{name}` ไม่มีในไฟล์ที่สอง"
                ));
            }
            continue;
        };
        used_right.insert(right_name.clone());
        let merged = if right_role == Role::Ignored || *role == Role::Ignored {
            Role::Ignored
        } else if right_role != *role && !(single(*role) && single(right_role)) {
            // Generic kinds disagree (text in one, code in the other): compare as text.
            if matches!(role, Role::Code | Role::Text | Role::IdNumber | Role::NumberCode) { Role::Text } else { *role }
        } else {
            *role
        };
        let mut evidence = evidence.clone();
        if right_role == Role::Ignored && *role != Role::Ignored {
            let why = right_roles.as_ref().and_then(|rr| rr.iter().find(|r| r.0 == right_name)).map(|r| r.2.clone());
            evidence = format!("in the second file: {}", why.unwrap_or_default());
        }
        let right_column = (right_name != *name).then(|| right_name.clone());
        if let Some(right_name) = &right_column {
            renames.push((right_name.clone(), name.clone()));
        }
        roles.push(ColumnRole { column: name.clone(), right_column, role: merged, evidence });
    }
    if let Some(rr) = &right_roles {
        for (name, role, _, _) in rr {
            if !used_right.contains(name) && *role != Role::Ignored {
                notes.push(format!("the second file's `{name}` has no counterpart in the first: not compared / คอลัมน์ `{name}` ไม่มีในไฟล์แรก"));
            }
        }
    }
    for role in roles.iter().filter(|r| r.role == Role::Ignored && r.evidence.contains('%')) {
        notes.push(format!("`{}` left out: {}", role.column, role.evidence));
    }

    // The identifier: a column named like one, else the first column unique in every file.
    let right_renamed = right.map(|r| {
        let mut r = r.clone();
        rename(&mut r, &renames);
        r
    });
    let right_ref = right_renamed.as_ref();
    let unique_everywhere = |name: &str| -> bool {
        std::iter::once(left).chain(right_ref).all(|t| t.column(name).is_ok_and(unique_values))
    };
    let id = match roles.iter().find(|r| r.role == Role::Id) {
        Some(r) => r.column.clone(),
        None => {
            let candidate = roles
                .iter()
                .filter(|r| matches!(r.role, Role::IdNumber | Role::Code | Role::NumberCode | Role::Text))
                .find(|r| unique_everywhere(&r.column))
                .map(|r| r.column.clone());
            match candidate {
                Some(c) => {
                    if let Some(r) = roles.iter_mut().find(|r| r.column == c) {
                        r.role = Role::Id;
                        r.evidence.push_str("; distinct on every row: used as the identifier");
                    }
                    c
                }
                None => return Err(Error::new(ErrorKind::NoIdColumn { table: left.name.clone() })),
            }
        }
    };

    let latin_only: HashSet<String> =
        left_roles.iter().filter(|(_, _, _, p)| p.share(is_thai_text) == 0.0).map(|(n, _, _, _)| n.clone()).collect();
    let typed_dates: HashSet<String> = left_roles
        .iter()
        .filter(|(_, _, _, p)| {
            p.share(|v| v.len() == 8 && v.bytes().all(|b| b.is_ascii_digit())) > 0.9
                && p.share(|v| crate::date::parse_date(v).is_some()) < 0.99
        })
        .map(|(n, _, _, _)| n.clone())
        .collect();
    let mut spec = ModelSpec::empty();
    spec.unique_id = Some(id.clone());
    let column_of = |role: Role| roles.iter().find(|r| r.role == role).map(|r| r.column.clone());
    let given = column_of(Role::GivenName);
    let family = column_of(Role::FamilyName);
    let dob = column_of(Role::Dob);
    let province = column_of(Role::Province);
    let mut candidates: Vec<String> = Vec::new();
    let mut witness_rules: Vec<String> = Vec::new();
    for r in &roles {
        let name = r.column.as_str();
        let mut c = match r.role {
            Role::Id | Role::Ignored | Role::Title => continue,
            Role::BlockToken => {
                candidates.push(name.to_string());
                continue;
            }
            Role::Encoded => ComparisonSpec::new(name, Kind::Dice),
            Role::GivenName | Role::FamilyName | Role::FullName => {
                // Latin-only names (no Thai anywhere in the sample) need no Thai forms.
                let kind = if latin_only.contains(&r.column) { Kind::JaroWinkler } else { Kind::ThaiName };
                let mut c = ComparisonSpec::new(name, kind);
                c.tf = true;
                c.swap_with = match r.role {
                    Role::GivenName => family.clone(),
                    Role::FamilyName => given.clone(),
                    _ => None,
                };
                if r.role == Role::FullName {
                    candidates.push(format!("{name}|lk82"));
                }
                c
            }
            Role::Dob if typed_dates.contains(&r.column) => {
                // Digit strings where typing errors make some dates impossible (FEBRL's
                // 19870351): edit distance keeps those as evidence instead of missing values.
                let mut c = ComparisonSpec::new(name, Kind::Damerau);
                c.thresholds = vec![1.0, 2.0];
                c
            }
            Role::Dob => {
                let mut c = ComparisonSpec::new(name, Kind::Date);
                c.thresholds = vec![365.0];
                c
            }
            Role::NationalId => {
                candidates.push(format!("{name}|digits"));
                witness_rules.push(format!("{name}|digits"));
                ComparisonSpec::new(name, Kind::NationalId)
            }
            Role::Phone => {
                candidates.push(format!("{name}|phone"));
                witness_rules.push(format!("{name}|phone"));
                ComparisonSpec::new(name, Kind::Phone)
            }
            Role::Province => ComparisonSpec::new(name, Kind::Province),
            Role::Sex => ComparisonSpec::new(name, Kind::Sex),
            Role::IdNumber => {
                candidates.push(name.to_string());
                witness_rules.push(name.to_string());
                let mut c = ComparisonSpec::new(name, Kind::Damerau);
                c.thresholds = vec![1.0, 2.0];
                c
            }
            Role::Code => ComparisonSpec::new(name, Kind::Exact),
            Role::NumberCode => {
                let mut c = ComparisonSpec::new(name, Kind::Levenshtein);
                c.thresholds = vec![1.0];
                c
            }
            Role::Text => {
                let mut c = ComparisonSpec::new(name, Kind::JaroWinkler);
                c.tf = true;
                c
            }
        };
        c.name = None;
        spec.comparisons.push(c);
    }
    spec.comparisons.truncate(16);
    let name_key = |c: &str| format!("{c}|lk82");
    if let (Some(g), Some(f)) = (&given, &family) {
        candidates.push(format!("{} & {}", name_key(g), name_key(f)));
    }
    if let Some(d) = &dob {
        for name in [&family, &given].into_iter().flatten() {
            candidates.push(format!("{} & {d}|date", name_key(name)));
        }
        if let Some(full) = column_of(Role::FullName) {
            candidates.push(format!("{} & {d}|year", name_key(&full)));
        }
        if let Some(p) = &province {
            candidates.push(format!("{d}|date & {p}|province"));
        }
        for r in roles.iter().filter(|r| r.role == Role::Code) {
            candidates.push(format!("{d}|date & {}", r.column));
        }
    }
    // Witnesses come from identifiers only: pairs found by names and dates would be found again
    // by every rule on those columns and say nothing about the recall those rules add.
    // Free-text columns (addresses) with a name: FEBRL-style files.
    for r in roles.iter().filter(|r| r.role == Role::Text) {
        if let Some(f) = &family {
            candidates.push(format!("{}|lower & {}", r.column, name_key(f)));
        }
    }
    // Single keys that are not near-unique: last resorts.
    for name in [&dob, &family, &given].into_iter().flatten() {
        let key = if Some(name) == dob.as_ref() { format!("{name}|date") } else { name_key(name) };
        candidates.push(key);
    }
    if candidates.is_empty() {
        return Err(Error::model("no column gives a blocking rule; write blocking rules in a model file"));
    }
    let mut seen = HashSet::new();
    candidates.retain(|c| seen.insert(c.clone()));
    let (blocking, choices, witnesses, plans) =
        choose_rules(&candidates, &witness_rules, left, right_ref, spec.max_pairs)?;
    spec.blocking = blocking;
    if spec.blocking.is_empty() {
        return Err(Error::model(
            "no column gives a blocking rule under the pair budget; write blocking rules in a model file",
        ));
    }
    if spec.comparisons.is_empty() {
        return Err(Error::model("no column can be compared; write a model file"));
    }
    Ok((Inference { spec, roles, rules: choices, witnesses, renames, notes }, plans))
}

struct State {
    total: u64,
    chosen: Vec<String>,
    choices: Vec<RuleChoice>,
    covered: Vec<bool>,
}

type Chosen = (Vec<String>, Vec<RuleChoice>, Option<(String, usize)>, RulePlans);

/// Most witnesses measured (an even subsample beyond this).
const MAX_WITNESSES: usize = 200_000;

fn choose_rules(
    candidates: &[String],
    witness_rules: &[String],
    left: &Table,
    right: Option<&Table>,
    max_pairs: u64,
) -> Result<Chosen> {
    let dedupe = right.is_none();
    let n_left = left.len() as u64;
    let n_right = right.map_or(n_left, |r| r.len() as u64);
    let records = n_left.max(n_right);
    // A rule may give each record a few candidates; the union a few more.
    let rule_cap = (records * 8).max(10_000).min(max_pairs);
    let budget = (records * 20).max(50_000).min(max_pairs);
    let near_unique = |pairs: u64| pairs <= records * 2;
    let all: Vec<String> = candidates.iter().chain(witness_rules).cloned().collect::<Vec<_>>();
    let mut unique_all = Vec::new();
    for r in all {
        if !unique_all.contains(&r) {
            unique_all.push(r);
        }
    }
    let parsed: Vec<BlockingRule> = unique_all.iter().map(|r| BlockingRule::parse(r)).collect::<Result<_>>()?;
    let parts = KeyParts::new(&parsed, left, right)?;
    let mut data: HashMap<String, RuleData> =
        parsed.par_iter().map(|rule| (rule.text.clone(), RuleData::new(&parts, rule, dedupe))).collect();
    drop(parts);
    // Witnesses: the first near-unique witness rule with enough singleton blocks.
    let mut witness: Option<(String, Vec<(u32, u32)>)> = None;
    for rule in witness_rules {
        let d = &data[rule];
        if !near_unique(d.pairs) {
            continue;
        }
        let pairs = d.singleton_pairs();
        if pairs.len() as u64 >= (n_left.min(n_right) / 20).max(20) {
            witness = Some((rule.clone(), pairs));
            break;
        }
    }
    if let Some((_, pairs)) = witness.as_mut()
        && pairs.len() > MAX_WITNESSES
    {
        let step = pairs.len().div_ceil(MAX_WITNESSES);
        *pairs = pairs.iter().step_by(step).copied().collect();
    }
    let multi_key = |rule: &str| rule.contains('&');
    let n_witnesses = witness.as_ref().map_or(0, |(_, w)| w.len());
    let mut state = State { total: 0, chosen: Vec::new(), choices: Vec::new(), covered: vec![false; n_witnesses] };
    let gain_of = |rule: &str, covered: &[bool]| -> usize {
        let (Some((_, w)), d) = (&witness, &data[rule]) else { return 0 };
        w.par_iter().zip(covered.par_iter()).filter(|&(&(l, r), &c)| !c && d.covers(l, r)).count()
    };
    let add = |state: &mut State, rule: &str, reason: String, gain: Option<f64>| {
        let d = &data[rule];
        state.total += d.pairs;
        if let Some((_, w)) = &witness {
            for (c, &(l, r)) in state.covered.iter_mut().zip(w) {
                *c = *c || d.covers(l, r);
            }
        }
        state.chosen.push(rule.to_string());
        state.choices.push(RuleChoice {
            rule: rule.to_string(),
            pairs: d.pairs,
            recall_gain: gain,
            chosen: true,
            reason,
        });
    };
    let per_record = |rule: &str| data[rule].pairs as f64 / records as f64;
    // Near-unique identifier keys go first: cheap and decisive. The witness key itself marks
    // no witness covered: its own recall cannot be measured on the pairs it defines, and the
    // other rules are there for the records where it is wrong or missing.
    let mut pool: Vec<&String> = candidates.iter().collect();
    let identifiers =
        candidates.iter().filter(|r| witness_rules.contains(r) && !multi_key(r) && near_unique(data[*r].pairs));
    for rule in identifiers {
        let is_witness = witness.as_ref().is_some_and(|(w, _)| w == rule);
        if is_witness {
            let d = &data[rule.as_str()];
            state.total += d.pairs;
            state.chosen.push(rule.clone());
            state.choices.push(RuleChoice {
                rule: rule.clone(),
                pairs: d.pairs,
                recall_gain: None,
                chosen: true,
                reason: format!("identifier, {:.2} pairs per record; the witness key", per_record(rule)),
            });
        } else {
            let gain = (n_witnesses > 0).then(|| gain_of(rule, &state.covered) as f64 / n_witnesses as f64);
            add(&mut state, rule, format!("identifier, {:.2} pairs per record", per_record(rule)), gain);
        }
        pool.retain(|r| *r != rule);
    }
    // Then, greedily, the conjunction that adds the most recall within the budget; at least two
    // of them when affordable, so every pair has a route that does not depend on one column.
    let mut conjunctions = 0;
    while state.chosen.len() < 6 {
        let mut best: Option<(&String, usize)> = None;
        for rule in pool.iter().filter(|r| multi_key(r)) {
            let d = &data[*rule];
            if d.pairs > rule_cap || state.total + d.pairs > budget || d.pairs == 0 {
                continue;
            }
            let gain = gain_of(rule, &state.covered);
            let better = match best {
                None => true,
                Some((b, g)) => gain > g || (gain == g && d.pairs < data[b].pairs),
            };
            if better {
                best = Some((rule, gain));
            }
        }
        let Some((rule, gain)) = best else { break };
        let share = gain as f64 / n_witnesses.max(1) as f64;
        // Without witnesses every affordable conjunction is taken (the cap keeps them cheap).
        if n_witnesses > 0 && share < 0.0005 && conjunctions >= 2 {
            break;
        }
        conjunctions += 1;
        let rule = rule.clone();
        let reason = if n_witnesses > 0 && share < 0.0005 {
            format!("a second route for every pair ({:.2} pairs per record)", per_record(&rule))
        } else if n_witnesses > 0 {
            format!("adds the most recall among the rules left ({:.2} pairs per record)", per_record(&rule))
        } else {
            format!("affordable conjunction ({:.2} pairs per record)", per_record(&rule))
        };
        add(&mut state, &rule, reason, (n_witnesses > 0).then_some(share));
        pool.retain(|r| **r != rule);
    }
    // A single broad key only when nothing better exists.
    if state.chosen.is_empty() {
        let mut singles: Vec<&String> = pool.iter().copied().filter(|r| !multi_key(r)).collect();
        singles.sort_by_key(|r| data[*r].pairs);
        if let Some(rule) = singles.into_iter().find(|r| data[*r].pairs <= max_pairs) {
            let rule = rule.clone();
            add(&mut state, &rule, "no conjunction available: a single key as last resort".into(), None);
            pool.retain(|r| **r != rule);
        }
    }
    for rule in pool {
        let d = &data[rule];
        let gain = (n_witnesses > 0).then(|| gain_of(rule, &state.covered) as f64 / n_witnesses as f64);
        let reason = if !multi_key(rule) && !witness_rules.contains(rule) {
            format!(
                "a single key shared by many people ({:.1} pairs per record here): only a last resort",
                per_record(rule)
            )
        } else if !multi_key(rule) && !near_unique(d.pairs) {
            format!("an identifier with {:.1} pairs per record: too broad", per_record(rule))
        } else if d.pairs > rule_cap {
            format!("more than {rule_cap} pairs")
        } else if state.total + d.pairs > budget {
            format!("would take the total past the budget of {budget} pairs")
        } else {
            "adds too little recall".to_string()
        };
        state.choices.push(RuleChoice { rule: rule.clone(), pairs: d.pairs, recall_gain: gain, chosen: false, reason });
    }
    let (chosen, choices) = (state.chosen, state.choices);
    let witnesses = witness.map(|(rule, w)| (rule, w.len()));
    // Only the chosen rules' keys are worth keeping for the run.
    data.retain(|rule, _| chosen.contains(rule));
    Ok((chosen, choices, witnesses, RulePlans::new(data, left, right)))
}

impl ModelSpec {
    /// Infers a model from the columns' names and contents; the reasons are in
    /// [`infer`]'s answer. When the right file names a column differently, the
    /// model uses the left name: call [`Inference::apply_renames`] first.
    pub fn infer(left: &Table, right: Option<&Table>) -> Result<ModelSpec> {
        infer(left, right).map(|i| i.spec)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_title_is_recognised() {
        for title in [
            "นาย",
            "นาง",
            "นางสาว",
            "น.ส.",
            "ด.ช.",
            "ด.ญ.",
            "เด็กชาย",
            "เด็กหญิง",
            "ดร.",
            "พล.อ.",
            "พ.ต.อ.",
            "ร.ต.ท.",
            "จ.ส.อ.",
            "ส.ต.ต.",
            "ว่าที่ ร.ต.",
            "ว่าที่ร้อยตรี",
            "พระครู",
            "ม.ร.ว.",
            "Mr.",
            "Mrs",
            "Miss",
        ] {
            assert!(is_title(title), "{title}");
        }
        for not_title in ["สมชาย", "ใจดี", "นายิกา", ""] {
            assert!(!is_title(not_title), "{not_title}");
        }
        for glued in ["นายสมชาย", "นางสาวมาลี", "น.ส.มาลี", "ด.ช.ภูมิ", "ด.ญ. ใบเตย", "พ.ต.อ.ประยุทธ", "ร.ต.ท. สมศักดิ์"]
        {
            assert!(has_title(glued), "{glued}");
        }
        assert!(!has_title("สมชาย"));
    }

    fn profile(values: &[&str]) -> Profile {
        let mut column = Column::default();
        for v in values {
            column.push(Some(v));
        }
        Profile::new(&column)
    }

    #[test]
    fn roles_from_contents_alone() {
        let role = |values: &[&str]| classify("c1", &profile(values)).0;
        assert_eq!(role(&["1-1012-00345-67-8", "3101200345670", "1101700203451"]), Role::NationalId);
        assert_eq!(role(&["081-234-5678", "+66 89 123 4567", "0623456789"]), Role::Phone);
        assert_eq!(role(&["15/03/2530", "1 ม.ค. 2501", "1987-03-15"]), Role::Dob);
        assert_eq!(role(&["นาย", "นาง", "น.ส.", "ด.ช.", "พ.ต.อ."]), Role::Title);
        assert_eq!(role(&["กรุงเทพมหานคร", "เชียงใหม่", "จ.น่าน", "ขอนแก่น"]), Role::Province);
        assert_eq!(role(&["สมชาย", "นายวิชัย", "มาลี", "Somchai"]), Role::GivenName);
        let sexes: Vec<&str> = (0..100).map(|i| if i % 2 == 0 { "ชาย" } else { "หญิง" }).collect();
        assert_eq!(role(&sexes), Role::Sex);
        // Named columns.
        assert_eq!(classify("นามสกุล", &profile(&["ใจดี", "ศรีสุข"])).0, Role::FamilyName);
        assert_eq!(classify("province", &profile(&["10", "50", "55"])).0, Role::Province);
        let mostly_empty = {
            let mut column = Column::default();
            for i in 0..1000 {
                column.push((i == 0).then_some("x"));
            }
            Profile::new(&column)
        };
        assert_eq!(classify("note", &mostly_empty).0, Role::Ignored);
    }
}
