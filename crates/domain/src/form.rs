//! The ministry's 14-section annual performance report form, as one typed model.
//!
//! The report reader (`tidtam-report`) produces it, the checker reads it, the
//! database stores it with each quarterly report, and edits made in the system
//! change it: one vocabulary from the file to the page. Every field is optional or
//! a list: real reports leave sections blank, and the reader hands over what it
//! could read together with findings about the rest. Amounts are exact [`Baht`].

use serde::{Deserialize, Serialize};
use tidtam_thai::baht::Baht;
use tidtam_thai::date::Period;

use tidtam_thai::fiscal::{FiscalYear, Quarter};
use tidtam_thai::label::label_key;

use crate::finding::Finding;
pub use crate::model::KpiKind;
use crate::model::{ActivityResult, KpiResult, Problem, ProjectInput, ReportContent, kpi_achieved};
use crate::problem::classify;

/// Where a report starts: the file it came from and the 1-based line of its first line.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Source {
    pub file: String,
    pub line: usize,
}

/// One annual performance report (แบบรายงานผลการดำเนินงานประจำปีงบประมาณ).
///
/// `findings` are the checker's, computed by [`crate::check::check`] from the rest.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ReportForm {
    pub source: Source,
    /// Buddhist-era fiscal year from the form's title (e.g. 2567).
    pub fiscal_year: Option<i32>,
    /// Section 1.
    pub project_name: Option<String>,
    /// Section 2.
    pub agency: Option<String>,
    /// Section 3: the budget source, e.g. "แผนปฏิบัติการประจำปี".
    pub budget_source: Option<String>,
    /// Section 3: project value in digits.
    pub project_value: Option<Baht>,
    /// Section 3: project value in Thai words, as written.
    pub project_value_words: Option<String>,
    /// Section 4.
    pub objectives: Vec<String>,
    /// Section 5.
    pub targets: Option<String>,
    /// Section 6.
    pub summary: Option<String>,
    /// Section 7 joined with section 11.1 results.
    pub kpis: Vec<Kpi>,
    /// Section 8: the whole-project schedule line(s) as written.
    pub schedule: Option<String>,
    /// Section 8 activity table joined with section 11.2 results.
    pub activities: Vec<Activity>,
    /// Section 11.2: "มีกิจกรรมทั้งหมด จำนวน N กิจกรรม".
    pub stated_activity_count: Option<u32>,
    /// Section 9.
    pub budget: Budget,
    /// Section 10 text.
    pub area: Option<String>,
    /// Section 10: whether the area is the whole country (ทั่วประเทศ).
    pub nationwide: bool,
    /// Section 10: official 2-digit province codes mentioned, in order.
    pub provinces: Vec<u8>,
    /// Section 12.
    pub benefits: Option<String>,
    /// Section 13: problems and obstacles.
    pub problems: Option<String>,
    /// Section 13: recommendations (ข้อเสนอแนะ).
    pub recommendations: Option<String>,
    /// Section 14.1: progress against the whole project's target.
    pub progress_percent: Option<f64>,
    /// Section 14.2: progress against this fiscal year's target (multi-year projects only).
    pub progress_percent_year: Option<f64>,
    /// Sections the parser found, by number (1..=14), for the "missing section" rule.
    pub sections_present: Vec<u8>,
    pub findings: Vec<Finding>,
    /// Where each figure was written, for findings; not part of the JSON output
    /// (the store keeps it beside the form, see [`StoredForm`]).
    #[serde(skip)]
    pub lines: ReportLines,
}

/// 1-based file lines of the report's figures (0 when the figure was not found),
/// and how the file laid them out where that matters to a finding.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ReportLines {
    pub title: usize,
    pub project_value: usize,
    pub allocated: usize,
    pub contracted: usize,
    pub disbursed: usize,
    pub area: usize,
    pub progress: usize,
    /// (section number, heading line) for every section found.
    pub sections: Vec<(u8, usize)>,
    /// Section 9 sub-items numbered against the form: (line, number written, number by the form).
    pub misnumbered_budget_items: Vec<(usize, u32, u32)>,
}

/// Section 9: budget of the fiscal year.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Budget {
    /// 9.1 ได้รับจัดสรรงบประมาณ.
    pub allocated: Option<Baht>,
    /// 9.2 งบประมาณตามสัญญาจ้าง หรืองบประมาณสำหรับดำเนินการเอง.
    pub contracted: Option<Baht>,
    /// 9.3 งบประมาณซึ่งดำเนินการเบิกจ่ายแล้ว.
    pub disbursed: Option<Baht>,
    /// Words written beside each figure, in the order allocated, contracted, disbursed.
    pub allocated_words: Option<String>,
    pub contracted_words: Option<String>,
    pub disbursed_words: Option<String>,
    /// Notes under section 9 ("หมายเหตุ : ยังไม่สามารถลงนามในสัญญา …"), as written.
    pub notes: Option<String>,
}

/// One indicator row (section 7) with its result (section 11.1).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Kpi {
    pub name: String,
    pub kind: Option<KpiKind>,
    /// Target for the report's fiscal year, as written.
    pub target: Option<String>,
    /// Result from section 11.1, as written; `None` when no row matched or the cell is blank.
    pub result: Option<String>,
    pub line: usize,
}

/// One activity row (section 8) with its quarterly results (section 11.2).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Activity {
    pub name: String,
    /// The period cell as written.
    pub period_text: Option<String>,
    /// The period read from it, when it could be read.
    pub period: Option<Period>,
    pub results: Vec<QuarterResult>,
    pub line: usize,
}

/// What an activity achieved in one quarter of the fiscal year.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuarterResult {
    /// 1..=4 (Q1 = Oct–Dec); `None` when the text names no quarter.
    pub quarter: Option<u8>,
    pub text: String,
}

/// Whether a cell says anything: not blank and not only dots, dashes or colons
/// (forms are full of "........" and "-" placeholders).
pub fn has_content(text: &str) -> bool {
    text.chars().any(|c| !matches!(c, '.' | '…' | '-' | '–' | ':') && !c.is_whitespace())
}

/// A form as the database keeps it: the form with where its figures were written,
/// so that checking it again after a save gives the same findings.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct StoredForm {
    pub form: ReportForm,
    pub lines: ReportLines,
}

impl StoredForm {
    pub fn new(form: &ReportForm) -> StoredForm {
        StoredForm { form: form.clone(), lines: form.lines.clone() }
    }

    pub fn into_form(self) -> ReportForm {
        let mut form = self.form;
        form.lines = self.lines;
        form
    }
}

/// Sections a report entered in the system has: all of them (the system's form
/// has every section, even when a field in it is blank).
const ALL_SECTIONS: [u8; 14] = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14];

impl ReportForm {
    /// The form of a report entered in the system (no file): the project's
    /// sections filled from the project, the quarter's from `content`.
    pub fn entered(
        project: &ProjectInput,
        agency: &str,
        year: FiscalYear,
        quarter: Quarter,
        content: &ReportContent,
    ) -> ReportForm {
        let mut form = ReportForm {
            fiscal_year: Some(year.be()),
            project_name: Some(project.name.clone()),
            agency: Some(agency.to_string()),
            budget_source: project.budget_source.clone(),
            project_value: project.value,
            objectives: project.objectives.clone(),
            area: project.area.clone(),
            nationwide: project.nationwide,
            provinces: project.provinces.clone(),
            sections_present: ALL_SECTIONS.to_vec(),
            ..ReportForm::default()
        };
        form.apply_content(quarter, content);
        form
    }

    /// What the form says about one quarter, as the editable content of that
    /// quarter's report (KPI achievement scored, problems classified by cause).
    pub fn quarter_content(&self, quarter: Quarter) -> ReportContent {
        let activity_results = self
            .activities
            .iter()
            .filter_map(|activity| {
                let texts: Vec<&str> = activity
                    .results
                    .iter()
                    .filter(|r| r.quarter.is_none_or(|q| q == quarter.number()))
                    .map(|r| r.text.as_str())
                    .collect();
                (!texts.is_empty())
                    .then(|| ActivityResult { activity_name: activity.name.clone(), text: texts.join("\n") })
            })
            .collect();
        let kpi_results = self
            .kpis
            .iter()
            .map(|kpi| {
                let kind = kpi.kind.unwrap_or(KpiKind::Quantitative);
                KpiResult {
                    kpi_name: kpi.name.clone(),
                    kind,
                    target_text: kpi.target.clone(),
                    result_text: kpi.result.clone(),
                    achieved: kpi_achieved(kind, kpi.target.as_deref(), kpi.result.as_deref()),
                }
            })
            .collect();
        let problems = self
            .problems
            .as_deref()
            .map(|text| {
                classify(text).into_iter().map(|cause| Problem { cause, text: text.trim().to_string() }).collect()
            })
            .unwrap_or_default();
        ReportContent {
            progress_percent: self.progress_percent.filter(|p| (0.0..=100.0).contains(p)),
            allocated: self.budget.allocated,
            contracted: self.budget.contracted,
            disbursed: self.budget.disbursed,
            summary: self.summary.clone(),
            problems_text: self.problems.clone(),
            recommendations: self.recommendations.clone(),
            activity_results,
            kpi_results,
            problems,
        }
    }

    /// Writes a quarter's edited content into the form. Content equal to what
    /// [`ReportForm::quarter_content`] reads changes nothing, so opening and saving
    /// a report unchanged keeps its findings. A figure that changes loses the
    /// words written beside it (they described the old figure). Problem causes
    /// are the report's own (the form keeps only the text).
    pub fn apply_content(&mut self, quarter: Quarter, content: &ReportContent) {
        let unchanged = |a: &ReportContent, b: &ReportContent| {
            let strip = |c: &ReportContent| {
                let mut c = c.clone();
                c.problems.clear();
                c.kpi_results.iter_mut().for_each(|k| k.achieved = None);
                c
            };
            strip(a) == strip(b)
        };
        if unchanged(&self.quarter_content(quarter), content) {
            return;
        }
        if self.progress_percent.filter(|p| (0.0..=100.0).contains(p)) != content.progress_percent {
            self.progress_percent = content.progress_percent;
        }
        let budget = &mut self.budget;
        for (figure, words, new) in [
            (&mut budget.allocated, &mut budget.allocated_words, content.allocated),
            (&mut budget.contracted, &mut budget.contracted_words, content.contracted),
            (&mut budget.disbursed, &mut budget.disbursed_words, content.disbursed),
        ] {
            if *figure != new {
                *figure = new;
                *words = None;
            }
        }
        self.summary = content.summary.clone();
        self.problems = content.problems_text.clone();
        self.recommendations = content.recommendations.clone();

        let mut kpis = Vec::with_capacity(content.kpi_results.len());
        for result in &content.kpi_results {
            let key = label_key(&result.kpi_name);
            let line = self.kpis.iter().find(|k| label_key(&k.name) == key).map_or(0, |k| k.line);
            kpis.push(Kpi {
                name: result.kpi_name.clone(),
                kind: Some(result.kind),
                target: result.target_text.clone(),
                result: result.result_text.clone(),
                line,
            });
        }
        self.kpis = kpis;

        let q = quarter.number();
        for activity in &mut self.activities {
            activity.results.retain(|r| r.quarter.is_some_and(|n| n != q));
        }
        for result in &content.activity_results {
            let key = label_key(&result.activity_name);
            let entry = QuarterResult { quarter: Some(q), text: result.text.clone() };
            match self.activities.iter_mut().find(|a| label_key(&a.name) == key) {
                Some(activity) => activity.results.push(entry),
                None => self.activities.push(Activity {
                    name: result.activity_name.clone(),
                    period_text: None,
                    period: None,
                    results: vec![entry],
                    line: 0,
                }),
            }
        }
    }
}
