//! The checker: every rule a planning group applies by eye, as code.
//!
//! One checker for every way a report arrives: read from a file, entered or edited
//! in the system, or (later) typed into the web form. Each rule is registered in
//! [`crate::finding::RULES`] with a stable id and severity, and each finding names
//! the figures involved in Thai and English, so a person can fix the report without
//! opening the checker's source. Rules read only the form (and, for the rules about
//! change since the last quarter, the previous quarter's form), so the same content
//! always gives the same findings.

use tidtam_thai::baht::{Baht, BahtWords, read_baht_words};
use tidtam_thai::digits::to_thai_digits;
use tidtam_thai::fiscal::FiscalYear;

use crate::finding::{Finding, Rule, Severity};
use crate::form::{ReportForm as Report, has_content};

/// Section titles for messages.
const SECTION_NAMES: [(&str, &str); 14] = [
    ("ชื่อแผนงาน/โครงการ", "project name"),
    ("ชื่อหน่วยงาน", "agency"),
    ("แหล่งงบประมาณและมูลค่าโครงการ", "budget source and project value"),
    ("วัตถุประสงค์", "objectives"),
    ("เป้าหมาย/ผลผลิต", "targets/outputs"),
    ("สรุปสาระสำคัญ", "summary"),
    ("ตัวชี้วัด/ค่าเป้าหมาย", "indicators and targets"),
    ("แผนระยะเวลาดำเนินงาน", "schedule and activities"),
    ("การใช้งบประมาณ", "budget use"),
    ("พื้นที่ดำเนินการ", "area (provinces)"),
    ("สรุปผลการดำเนินงาน", "results"),
    ("ประโยชน์ที่ได้รับ", "benefits"),
    ("ปัญหา/อุปสรรค และข้อเสนอแนะ", "problems and recommendations"),
    ("ความก้าวหน้าของการดำเนินการ", "progress"),
];

/// Runs every rule on a form; `previous` is the same project's form of the
/// previous quarter of the same fiscal year, when there is one. Findings are
/// sorted by line, errors first.
pub fn check(report: &Report, previous: Option<&Report>) -> Vec<Finding> {
    let mut findings = Vec::new();
    check_layout(report, &mut findings);
    check_sections(report, &mut findings);
    check_amount_words(report, &mut findings);
    check_budget(report, &mut findings);
    let (stage, evidence) = contract_stage(report);
    check_contract(report, &stage, &mut findings);
    check_progress(report, (&stage, &evidence), &mut findings);
    check_year_progress(report, &mut findings);
    check_kpis(report, &mut findings);
    check_activities(report, &mut findings);
    if let Some(previous) = previous {
        check_change(report, previous, &mut findings);
    }
    findings.sort_by_key(|finding| (finding.line, std::cmp::Reverse(finding.severity)));
    findings
}

/// Checks the form and stores the findings in it.
pub fn check_in_place(report: &mut Report, previous: Option<&Report>) {
    report.findings = check(report, previous);
}

/// How the file numbered things against the form.
fn check_layout(report: &Report, findings: &mut Vec<Finding>) {
    for &(line, written, expected) in &report.lines.misnumbered_budget_items {
        push(
            findings,
            Rule::BudgetItemNumbering,
            Severity::Info,
            line,
            format!("ข้อ ๙.{} ควรเป็นข้อ ๙.{} ตามแบบฟอร์ม (อ่านตามข้อความ)", th(written), th(expected)),
            format!("item 9.{written} should be 9.{expected} by the form; read by its wording"),
        );
    }
}

/// Cumulative figures of a fiscal year only grow from one quarter to the next.
fn check_change(report: &Report, previous: &Report, findings: &mut Vec<Finding>) {
    if let (Some(now), Some(before)) = (report.budget.disbursed, previous.budget.disbursed)
        && now < before
    {
        push(
            findings,
            Rule::DisbursementDecreased,
            Severity::Error,
            report.lines.disbursed,
            format!("ยอดเบิกจ่ายสะสม {now} บาท ลดลงจากไตรมาสก่อน ({before} บาท)"),
            format!("cumulative disbursement of {now} baht fell from {before} baht in the previous quarter"),
        );
    }
    if let (Some(now), Some(before)) = (report.progress_percent, previous.progress_percent)
        && now < before
    {
        push(
            findings,
            Rule::ProgressDecreased,
            Severity::Warning,
            report.lines.progress,
            format!("ความก้าวหน้าร้อยละ {} ลดลงจากไตรมาสก่อน (ร้อยละ {})", th(now), th(before)),
            format!("progress of {now}% fell from {before}% in the previous quarter"),
        );
    }
}

fn th(number: impl std::fmt::Display) -> String {
    to_thai_digits(&number.to_string())
}

fn push(findings: &mut Vec<Finding>, rule: Rule, severity: Severity, line: usize, th: String, en: String) {
    findings.push(Finding { rule, severity, line, message_th: th, message_en: en });
}

fn check_sections(report: &Report, findings: &mut Vec<Finding>) {
    let line = report.source.line;
    for number in 1..=14u8 {
        if !report.sections_present.contains(&number) {
            let (name_th, name_en) = SECTION_NAMES[usize::from(number - 1)];
            // Without sections 1, 2, 9 or 14 nothing can be monitored; the rest is a gap.
            let severity = if matches!(number, 1 | 2 | 9 | 14) { Severity::Error } else { Severity::Warning };
            push(
                findings,
                Rule::SectionMissing,
                severity,
                line,
                format!("ไม่พบข้อ {} ({name_th})", th(number)),
                format!("section {number} ({name_en}) is missing"),
            );
        }
    }
    let blank = |present: bool, number: u8| !present && report.sections_present.contains(&number);
    let heading = |number: u8| report.lines.sections.iter().find(|(n, _)| *n == number).map_or(line, |(_, l)| *l);
    if blank(report.project_name.is_some(), 1) {
        push(
            findings,
            Rule::FieldBlank,
            Severity::Error,
            heading(1),
            "ไม่ได้กรอกชื่อแผนงาน/โครงการ (ข้อ ๑)".into(),
            "project name (section 1) is blank".into(),
        );
    }
    if blank(report.agency.is_some(), 2) {
        push(
            findings,
            Rule::FieldBlank,
            Severity::Warning,
            heading(2),
            "ไม่ได้กรอกชื่อหน่วยงาน (ข้อ ๒)".into(),
            "agency (section 2) is blank".into(),
        );
    }
    if blank(report.progress_percent.is_some(), 14) {
        push(
            findings,
            Rule::FieldBlank,
            Severity::Error,
            heading(14),
            "ไม่ได้กรอกร้อยละความก้าวหน้า (ข้อ ๑๔.๑)".into(),
            "progress percentage (14.1) is blank".into(),
        );
    }
    if blank(report.area.is_some(), 10) {
        push(
            findings,
            Rule::FieldBlank,
            Severity::Warning,
            heading(10),
            "ไม่ได้ระบุพื้นที่ดำเนินการ (ข้อ ๑๐)".into(),
            "area (section 10) is blank".into(),
        );
    }
}

fn describe_corrections(words: &BahtWords) -> (String, String) {
    let list = words.corrections.iter().map(|c| format!("{}→{}", c.found, c.assumed)).collect::<Vec<_>>().join(", ");
    (format!("หลังแก้คำที่สะกดผิด {list}"), format!("after correcting {list}"))
}

fn check_amount_words(report: &Report, findings: &mut Vec<Finding>) {
    let budget = &report.budget;
    let amounts = [
        (
            "ข้อ ๓ มูลค่าโครงการ",
            "section 3 project value",
            report.project_value,
            &report.project_value_words,
            report.lines.project_value,
        ),
        ("ข้อ ๙.๑ งบที่ได้รับจัดสรร", "9.1 allocated", budget.allocated, &budget.allocated_words, report.lines.allocated),
        ("ข้อ ๙.๒ งบตามสัญญา", "9.2 contracted", budget.contracted, &budget.contracted_words, report.lines.contracted),
        ("ข้อ ๙.๓ เบิกจ่ายแล้ว", "9.3 disbursed", budget.disbursed, &budget.disbursed_words, report.lines.disbursed),
    ];
    for (label_th, label_en, value, words, line) in amounts {
        let Some(words) = words else { continue };
        match read_baht_words(words) {
            Ok(read) => {
                let Some(value) = value else { continue };
                if read.amount != value {
                    let (fix_th, fix_en) = if read.corrections.is_empty() {
                        (String::new(), String::new())
                    } else {
                        let (t, e) = describe_corrections(&read);
                        (format!(" ({t})"), format!(" ({e})"))
                    };
                    push(
                        findings,
                        Rule::AmountWordsMismatch,
                        Severity::Error,
                        line,
                        format!("{label_th}: ตัวเลข {value} บาท แต่ตัวอักษร \"{words}\" อ่านได้ {} บาท{fix_th}", read.amount),
                        format!(
                            "{label_en}: {value} baht in digits but the words \"{words}\" read as {} baht{fix_en}",
                            read.amount
                        ),
                    );
                } else if !read.corrections.is_empty() {
                    let (t, e) = describe_corrections(&read);
                    push(
                        findings,
                        Rule::AmountWordsSlip,
                        Severity::Warning,
                        line,
                        format!("{label_th}: ตัวอักษร \"{words}\" สะกดผิด อ่านได้ {} บาท {t} ตรงกับตัวเลข", read.amount),
                        format!(
                            "{label_en}: the words \"{words}\" have a slip; read as {} baht {e}, which matches the digits",
                            read.amount
                        ),
                    );
                }
            }
            Err(error) => {
                push(
                    findings,
                    Rule::AmountWordsUnreadable,
                    Severity::Warning,
                    line,
                    format!("{label_th}: อ่านจำนวนเงินตัวอักษร \"{words}\" ไม่ได้ ({})", error.message_th()),
                    format!("{label_en}: cannot read the amount in words \"{words}\" ({error})"),
                );
            }
        }
    }
}

fn check_budget(report: &Report, findings: &mut Vec<Finding>) {
    let budget = &report.budget;
    let lines = &report.lines;
    if let (Some(value), Some(allocated)) = (report.project_value, budget.allocated)
        && value != allocated
    {
        push(
            findings,
            Rule::ValueAllocatedMismatch,
            Severity::Error,
            lines.project_value,
            format!(
                "มูลค่าโครงการข้อ ๓ ({value} บาท) ไม่ตรงกับงบที่ได้รับจัดสรรข้อ ๙.๑ ({allocated} บาท) ต่างกัน {} บาท",
                diff(value, allocated)
            ),
            format!(
                "project value in section 3 ({value} baht) differs from the allocation in 9.1 ({allocated} baht) by {} baht",
                diff(value, allocated)
            ),
        );
    }
    if let (Some(contracted), Some(allocated)) = (budget.contracted, budget.allocated)
        && contracted > allocated
    {
        push(
            findings,
            Rule::ContractedExceedsAllocated,
            Severity::Error,
            lines.contracted,
            format!("งบตามสัญญา ({contracted} บาท) เกินงบที่ได้รับจัดสรร ({allocated} บาท)"),
            format!("contracted ({contracted} baht) exceeds allocated ({allocated} baht)"),
        );
    }
    if let Some(disbursed) = budget.disbursed {
        if let Some(contracted) = budget.contracted.filter(|&contracted| disbursed > contracted) {
            push(
                findings,
                Rule::DisbursedExceedsContracted,
                Severity::Error,
                lines.disbursed,
                format!("เบิกจ่ายแล้ว ({disbursed} บาท) เกินงบตามสัญญา ({contracted} บาท)"),
                format!("disbursed ({disbursed} baht) exceeds contracted ({contracted} baht)"),
            );
        }
        if let Some(allocated) = budget.allocated.filter(|&allocated| disbursed > allocated) {
            push(
                findings,
                Rule::DisbursedExceedsAllocated,
                Severity::Error,
                lines.disbursed,
                format!("เบิกจ่ายแล้ว ({disbursed} บาท) เกินงบที่ได้รับจัดสรร ({allocated} บาท)"),
                format!("disbursed ({disbursed} baht) exceeds allocated ({allocated} baht)"),
            );
        }
    }
}

fn diff(a: Baht, b: Baht) -> Baht {
    Baht::from_satang((a.satang() - b.satang()).abs())
}

/// Evidence of the procurement stage in what the report says happened.
#[derive(Debug, PartialEq, Eq)]
enum ContractStage {
    Signed,
    NotSigned,
    Unknown,
}

const SIGNED: &[&str] = &[
    "ลงนามในสัญญาแล้ว",
    "ลงนามสัญญาแล้ว",
    "เซ็นสัญญาเมื่อ",
    "เซ็นสัญญาแล้ว",
    "ลงนามในสัญญาเมื่อ",
    "ลงนามสัญญาเมื่อ",
    "ลงนามในสัญญาจ้างเมื่อ",
    "ได้ลงนามในสัญญา",
];
const NOT_SIGNED: &[&str] = &[
    "ยังไม่ลงนาม",
    "ยังไม่สามารถลงนาม",
    "ยังไม่ได้ลงนาม",
    "อยู่ระหว่างการลงนาม",
    "อยู่ระหว่างลงนาม",
    "รอลงนาม",
    "รอการลงนาม",
    "ยังไม่มีการลงนาม",
];

fn contract_stage(report: &Report) -> (ContractStage, String) {
    let mut evidence = String::new();
    for activity in &report.activities {
        for result in activity.all_results() {
            evidence.push_str(&result.text);
            evidence.push(' ');
        }
    }
    if let Some(problems) = &report.problems {
        evidence.push_str(problems);
        evidence.push(' ');
    }
    // Section 9's note comes before the results in the form, so it goes first: the
    // results say what happened later.
    if let Some(notes) = &report.budget.notes {
        evidence.insert_str(0, &format!("{notes} "));
    }
    let squashed = evidence.split_whitespace().collect::<String>();
    // The latest statement wins: results run in quarter order, so the last mention
    // of signing (or of not having signed) is the current state.
    let not_signed: Vec<std::ops::Range<usize>> = NOT_SIGNED
        .iter()
        .flat_map(|phrase| squashed.match_indices(phrase).map(|(at, found)| at..at + found.len()))
        .collect();
    let last_not = not_signed.iter().map(|range| range.start).max();
    // "ได้ลงนามในสัญญา" also stands inside "ยังไม่ได้ลงนามในสัญญา": such a match is a denial.
    let last_signed = SIGNED
        .iter()
        .flat_map(|phrase| squashed.match_indices(phrase).map(|(at, found)| at..at + found.len()))
        .filter(|signed| !not_signed.iter().any(|not| not.start < signed.end && signed.start < not.end))
        .map(|range| range.start)
        .max();
    let stage = match (last_signed, last_not) {
        (Some(signed), Some(not)) if signed > not => ContractStage::Signed,
        (Some(_), None) => ContractStage::Signed,
        (_, Some(_)) => ContractStage::NotSigned,
        (None, None) => ContractStage::Unknown,
    };
    (stage, squashed)
}

fn check_contract(report: &Report, stage: &ContractStage, findings: &mut Vec<Finding>) {
    if let (ContractStage::NotSigned, Some(contracted)) = (stage, report.budget.contracted) {
        push(
            findings,
            Rule::ContractedWithoutContract,
            Severity::Warning,
            report.lines.contracted,
            format!("ข้อ ๙.๒ กรอกงบตามสัญญา {contracted} บาท แต่รายงานระบุว่ายังไม่ได้ลงนามในสัญญา: ควรเว้นว่างจนกว่าจะลงนาม"),
            format!(
                "9.2 gives {contracted} baht as contracted, but the report says no contract is signed yet; leave it blank until signing"
            ),
        );
    }
}

fn check_progress(report: &Report, stage: (&ContractStage, &str), findings: &mut Vec<Finding>) {
    let Some(progress) = report.progress_percent else { return };
    let line = report.lines.progress;
    if !(0.0..=100.0).contains(&progress) {
        push(
            findings,
            Rule::ProgressOutOfRange,
            Severity::Error,
            line,
            format!("ร้อยละความก้าวหน้า {} อยู่นอกช่วง ๐–๑๐๐", th(progress)),
            format!("progress {progress}% is outside 0–100"),
        );
    }
    let (stage, evidence) = stage;
    let contracted_out = *stage != ContractStage::Unknown
        || ["สัญญา", "จัดซื้อจัดจ้าง", "TOR", "ประกวดราคา"].iter().any(|word| evidence.contains(word));
    match stage {
        ContractStage::NotSigned if progress > 15.0 => {
            push(
                findings,
                Rule::ProgressMilestone,
                Severity::Error,
                line,
                format!(
                    "ความก้าวหน้าร้อยละ {} แต่รายงานว่ายังไม่ได้ลงนามในสัญญา ตามเกณฑ์ก่อนลงนามสัญญาสูงสุดคือร้อยละ ๑๕ (จัดซื้อจัดจ้าง)",
                    th(progress)
                ),
                format!(
                    "progress is {progress}% but the report says the contract is not signed yet; the milestone rule allows at most 15% (procurement) before signing"
                ),
            );
        }
        ContractStage::Signed if progress < 20.0 => {
            push(
                findings,
                Rule::ProgressMilestone,
                Severity::Warning,
                line,
                format!(
                    "รายงานว่าลงนามในสัญญาแล้ว แต่ความก้าวหน้าเพียงร้อยละ {} (เกณฑ์: ลงนามในสัญญาแล้ว = ร้อยละ ๒๐)",
                    th(progress)
                ),
                format!(
                    "the report says the contract is signed but progress is only {progress}% (rule: contract signed = 20%)"
                ),
            );
        }
        _ if contracted_out && progress > 0.0 && progress < 20.0 && ![5.0, 10.0, 15.0].contains(&progress) => {
            push(
                findings,
                Rule::ProgressMilestone,
                Severity::Warning,
                line,
                format!(
                    "ความก้าวหน้าร้อยละ {} ไม่ตรงขั้นใดของเกณฑ์ (อนุมัติโครงการ ๕, จัดทำ TOR ๑๐, จัดซื้อจัดจ้าง ๑๕, ลงนามในสัญญา ๒๐)",
                    th(progress)
                ),
                format!(
                    "progress {progress}% matches no milestone of the rule (approved 5, TOR 10, procurement 15, contract signed 20)"
                ),
            );
        }
        _ => {}
    }
    if progress >= 100.0 {
        let missing_results: Vec<&str> = report
            .measures()
            .filter(|measure| measure.result.is_none() && has_content(measure.name))
            .map(|measure| measure.name)
            .collect();
        if !missing_results.is_empty() {
            push(
                findings,
                Rule::ProgressCompleteMissing,
                Severity::Error,
                line,
                format!("ความก้าวหน้าร้อยละ ๑๐๐ แต่ตัวชี้วัด {} ตัวยังไม่มีผล", th(missing_results.len())),
                format!("progress is 100% but {} indicator(s) have no result", missing_results.len()),
            );
        }
        // Procurement savings are normal: the money due is the contract when there is one.
        let due = report.budget.contracted.or(report.budget.allocated);
        match (report.budget.disbursed, due) {
            (None, Some(_)) => push(
                findings,
                Rule::ProgressCompleteMissing,
                Severity::Error,
                line,
                "ความก้าวหน้าร้อยละ ๑๐๐ แต่ไม่ได้กรอกการเบิกจ่าย (ข้อ ๙.๓)".into(),
                "progress is 100% but disbursement (9.3) is blank".into(),
            ),
            (Some(disbursed), Some(due)) if disbursed < due => {
                let rate = disbursed.satang() as f64 * 100.0 / due.satang().max(1) as f64;
                push(
                    findings,
                    Rule::ProgressCompleteMissing,
                    Severity::Warning,
                    line,
                    format!(
                        "ความก้าวหน้าร้อยละ ๑๐๐ แต่เบิกจ่ายเพียง {disbursed} จาก {due} บาท (ร้อยละ {})",
                        th(format!("{rate:.1}"))
                    ),
                    format!("progress is 100% but only {disbursed} of {due} baht ({rate:.1}%) is disbursed"),
                );
            }
            _ => {}
        }
    }
}

/// Whether the plan reaches into the next fiscal year (by more than the few weeks
/// that year-end paperwork often takes). Carry-over projects that started in an
/// earlier year are not multi-year plans in the form's sense.
fn spans_several_years(report: &Report, fiscal_year: FiscalYear) -> bool {
    let limit = jiff::civil::date(fiscal_year.end().year(), 11, 14);
    let reaches_next_year = |period: &tidtam_thai::date::Period| period.end > limit;
    report
        .activities
        .iter()
        .flat_map(|activity| activity.periods())
        .filter_map(|(_, period, _, _)| period)
        .any(reaches_next_year)
        || report
            .schedule
            .as_deref()
            .is_some_and(|schedule| tidtam_thai::date::parse_periods(schedule).iter().any(reaches_next_year))
}

fn check_year_progress(report: &Report, findings: &mut Vec<Finding>) {
    let Some(fiscal_year) = report.fiscal_year.map(FiscalYear::from_be) else { return };
    if report.progress_percent_year.is_none()
        && report.progress_percent.is_some()
        && spans_several_years(report, fiscal_year)
    {
        push(
            findings,
            Rule::ProgressYearMissing,
            Severity::Warning,
            report.lines.progress,
            format!(
                "โครงการดำเนินการเกินปีงบประมาณ พ.ศ. {} แต่ไม่ได้กรอกข้อ ๑๔.๒ (ความก้าวหน้าของเป้าหมายในปีนี้)",
                th(fiscal_year.be())
            ),
            format!(
                "the project runs beyond fiscal year {} but 14.2 (progress against this year's target) is blank",
                fiscal_year.be()
            ),
        );
    }
}

fn check_kpis(report: &Report, findings: &mut Vec<Finding>) {
    // This form is the year-end report: every indicator should have its result.
    // A row left as "-" names no indicator, so it needs no result.
    // Parts measured on their own need their own results.
    for measure in report.measures().filter(|measure| measure.result.is_none() && has_content(measure.name)) {
        push(
            findings,
            Rule::KpiResultMissing,
            Severity::Warning,
            measure.line,
            format!("ตัวชี้วัด \"{}\" ไม่มีผล ณ สิ้นปีงบประมาณ (ข้อ ๑๑.๑)", short(measure.name)),
            format!("indicator \"{}\" has no result at year end (11.1)", short(measure.name)),
        );
    }
}

fn short(text: &str) -> String {
    let mut out: String = text.chars().take(60).collect();
    if text.chars().count() > 60 {
        out.push('…');
    }
    out
}

fn check_activities(report: &Report, findings: &mut Vec<Finding>) {
    if let Some(fiscal_year) = report.fiscal_year.map(FiscalYear::from_be) {
        let (start, end) = (fiscal_year.start(), fiscal_year.end());
        // Steps have periods of their own: each is checked where it is written.
        for (name, period, period_text, line) in report.activities.iter().flat_map(|activity| activity.periods()) {
            match (period, period_text) {
                (Some(period), Some(text)) if period.start < start || period.end > end => {
                    push(
                        findings,
                        Rule::ActivityPeriodOutsideFy,
                        Severity::Warning,
                        line,
                        format!(
                            "กิจกรรม \"{}\" ช่วงเวลา \"{text}\" อยู่นอกปีงบประมาณ พ.ศ. {} ({} – {})",
                            short(name),
                            th(fiscal_year.be()),
                            tidtam_thai::date::format_date_th(start, tidtam_thai::date::DateStyle::Short),
                            tidtam_thai::date::format_date_th(end, tidtam_thai::date::DateStyle::Short)
                        ),
                        format!(
                            "activity \"{}\" period \"{text}\" ({} – {}) falls outside fiscal year {} ({start} – {end})",
                            short(name),
                            period.start,
                            period.end,
                            fiscal_year.be()
                        ),
                    );
                }
                (None, Some(text)) => {
                    push(
                        findings,
                        Rule::ActivityPeriodUnreadable,
                        Severity::Info,
                        line,
                        format!("อ่านช่วงเวลาของกิจกรรม \"{}\" ไม่ได้: \"{text}\"", short(name)),
                        format!("cannot read the period of activity \"{}\": \"{text}\"", short(name)),
                    );
                }
                _ => {}
            }
        }
    }
    // The stated count is of top-level activities (กิจกรรมที่ ๑ …), not of their steps.
    if let Some(stated) = report.stated_activity_count {
        let listed = report.activities.len();
        if stated as usize != listed && listed > 0 {
            let line = report.lines.sections.iter().find(|(n, _)| *n == 11).map_or(report.source.line, |(_, l)| *l);
            push(
                findings,
                Rule::ActivityCountMismatch,
                Severity::Warning,
                line,
                format!("ข้อ ๑๑.๒ ระบุว่ามี {} กิจกรรม แต่ตารางข้อ ๘ มี {} กิจกรรม", th(stated), th(listed)),
                format!("section 11.2 states {stated} activities but the table in section 8 lists {listed}"),
            );
        }
    }
}
