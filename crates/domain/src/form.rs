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
    /// Section 7 joined with section 11.1 results: the indicators as the form numbers them.
    pub kpis: Vec<Kpi>,
    /// Section 8: the whole-project schedule line(s) as written.
    pub schedule: Option<String>,
    /// Section 8 activity table joined with section 11.2 results: the top-level
    /// activities, each with its steps.
    pub activities: Vec<Activity>,
    /// Section 11.2: "มีกิจกรรมทั้งหมด จำนวน N กิจกรรม" (top-level activities).
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

/// One indicator of section 7 with its result (section 11.1), as the form numbers it:
/// sub-indicators bundled under it ("๑) … ๒) …" in its cell, or rows numbered
/// ๗.๑.๑ under ๗.๑) are its `parts`, not indicators of their own.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Kpi {
    /// The name cell as written (with its parts, when they are written in it).
    pub name: String,
    pub kind: Option<KpiKind>,
    /// Target for the report's fiscal year, as written; `None` when the parts carry theirs.
    pub target: Option<String>,
    /// Result from section 11.1, as written; `None` when no row matched or the cell is blank.
    pub result: Option<String>,
    pub line: usize,
    /// Sub-indicators in the form's order (forms stored before parts were read have none).
    #[serde(default)]
    pub parts: Vec<KpiPart>,
}

/// A sub-indicator bundled under a [`Kpi`].
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct KpiPart {
    /// As numbered in the form ("๑) แผนการบริหารโครงการ").
    pub name: String,
    /// When a kind label stands before it; otherwise the indicator's kind applies.
    pub kind: Option<KpiKind>,
    /// Its own target, when the form gives one.
    pub target: Option<String>,
    /// Its own result from section 11.1, when the form gives one.
    pub result: Option<String>,
    pub line: usize,
}

/// What is measured against a target: an indicator, or each of its parts when
/// the form gives them targets or results of their own.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Measure<'a> {
    pub name: &'a str,
    pub kind: Option<KpiKind>,
    pub target: Option<&'a str>,
    pub result: Option<&'a str>,
    pub line: usize,
}

/// The writable cells of a [`Measure`].
#[derive(Debug)]
pub struct MeasureMut<'a> {
    pub name: &'a str,
    /// The kind written on this row (a part without one takes its indicator's).
    pub kind: &'a mut Option<KpiKind>,
    pub target: &'a mut Option<String>,
    pub result: &'a mut Option<String>,
    pub line: usize,
}

impl Kpi {
    /// Whether the parts are measured each on its own (they carry targets or results).
    pub fn measured_by_parts(&self) -> bool {
        self.parts.iter().any(|part| part.target.is_some() || part.result.is_some())
    }

    /// What the form measures of this indicator, in order.
    pub fn measures(&self) -> Vec<Measure<'_>> {
        if !self.measured_by_parts() {
            return vec![Measure {
                name: &self.name,
                kind: self.kind,
                target: self.target.as_deref(),
                result: self.result.as_deref(),
                line: self.line,
            }];
        }
        self.parts
            .iter()
            .map(|part| Measure {
                name: &part.name,
                kind: part.kind.or(self.kind),
                target: part.target.as_deref(),
                result: part.result.as_deref(),
                line: part.line,
            })
            .collect()
    }

    /// [`Kpi::measures`], writable.
    pub fn measures_mut(&mut self) -> Vec<MeasureMut<'_>> {
        if !self.measured_by_parts() {
            return vec![MeasureMut {
                name: &self.name,
                kind: &mut self.kind,
                target: &mut self.target,
                result: &mut self.result,
                line: self.line,
            }];
        }
        self.parts
            .iter_mut()
            .map(|part| MeasureMut {
                name: &part.name,
                kind: &mut part.kind,
                target: &mut part.target,
                result: &mut part.result,
                line: part.line,
            })
            .collect()
    }
}

/// One activity of section 8 as the form groups them (กิจกรรมที่ ๑, or a "๑." row),
/// with its numbered steps and the results section 11.2 writes for it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Activity {
    pub name: String,
    /// The period cell as written (`None` for a group heading that only names its steps).
    pub period_text: Option<String>,
    /// The period read from it, when it could be read.
    pub period: Option<Period>,
    /// Results written for the activity itself.
    pub results: Vec<QuarterResult>,
    pub line: usize,
    /// Its steps (๑.๑, ๑.๒ … or sub-rows), in order (forms stored before steps were read have none).
    #[serde(default)]
    pub steps: Vec<ActivityStep>,
}

/// A step of an [`Activity`] with its own period and results, where the form gives them.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ActivityStep {
    pub name: String,
    pub period_text: Option<String>,
    pub period: Option<Period>,
    pub results: Vec<QuarterResult>,
    pub line: usize,
}

impl Activity {
    /// An activity of one row, without steps.
    pub fn new(name: String, period_text: Option<String>, period: Option<Period>, line: usize) -> Activity {
        Activity { name, period_text, period, results: Vec::new(), line, steps: Vec::new() }
    }

    /// The quarters in which the activity or any of its steps has a result, ascending.
    pub fn result_quarters(&self) -> Vec<u8> {
        let mut quarters: Vec<u8> = self
            .results
            .iter()
            .chain(self.steps.iter().flat_map(|step| &step.results))
            .filter_map(|result| result.quarter)
            .collect();
        quarters.sort_unstable();
        quarters.dedup();
        quarters
    }

    /// Every period the activity and its steps are planned in, with the line and name that give it.
    pub fn periods(&self) -> impl Iterator<Item = (&str, Option<&Period>, Option<&str>, usize)> {
        std::iter::once((self.name.as_str(), self.period.as_ref(), self.period_text.as_deref(), self.line)).chain(
            self.steps
                .iter()
                .map(|step| (step.name.as_str(), step.period.as_ref(), step.period_text.as_deref(), step.line)),
        )
    }

    /// Results of the activity and its steps, in the form's order.
    pub fn all_results(&self) -> impl Iterator<Item = &QuarterResult> {
        self.results.iter().chain(self.steps.iter().flat_map(|step| &step.results))
    }
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

    /// Everything measured against a target, indicator by indicator (see [`Kpi::measures`]).
    pub fn measures(&self) -> impl Iterator<Item = Measure<'_>> {
        self.kpis.iter().flat_map(Kpi::measures)
    }

    /// What the form says about one quarter, as the editable content of that
    /// quarter's report (KPI achievement scored, problems classified by cause).
    /// Each top-level activity gives one result, its steps' results written
    /// under their names; each measured indicator (or part) gives one KPI result.
    pub fn quarter_content(&self, quarter: Quarter) -> ReportContent {
        let activity_results = self
            .activities
            .iter()
            .filter_map(|activity| {
                activity_text(activity, quarter)
                    .map(|text| ActivityResult { activity_name: activity.name.clone(), text })
            })
            .collect();
        let kpi_results = self
            .measures()
            .map(|measure| {
                let kind = measure.kind.unwrap_or(KpiKind::Quantitative);
                KpiResult {
                    kpi_name: measure.name.to_string(),
                    kind,
                    target_text: measure.target.map(str::to_string),
                    result_text: measure.result.map(str::to_string),
                    achieved: kpi_achieved(kind, measure.target, measure.result),
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
    /// are the report's own (the form keeps only the text). Indicators, parts,
    /// activities and steps keep their place in the form; an activity whose
    /// quarter text changed holds the new text itself (its steps' texts for the
    /// quarter were part of the old one).
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
        self.apply_kpi_results(&content.kpi_results);
        self.apply_activity_results(quarter, &content.activity_results);
    }

    /// Each measured indicator takes the result of the same name (in order for
    /// repeated names); one left without a result is gone, a result without an
    /// indicator is a new one.
    fn apply_kpi_results(&mut self, results: &[KpiResult]) {
        let mut used = vec![false; results.len()];
        let mut kept = Vec::with_capacity(self.kpis.len());
        for mut kpi in std::mem::take(&mut self.kpis) {
            let by_parts = kpi.measured_by_parts();
            let inherited = kpi.kind;
            let mut keep = Vec::new();
            for measure in kpi.measures_mut() {
                let key = label_key(measure.name);
                let found = (0..results.len()).find(|&i| !used[i] && label_key(&results[i].kpi_name) == key);
                keep.push(found.is_some());
                let Some(index) = found else { continue };
                used[index] = true;
                let result = &results[index];
                *measure.target = result.target_text.clone();
                *measure.result = result.result_text.clone();
                let written = if by_parts { measure.kind.or(inherited) } else { *measure.kind };
                if written != Some(result.kind) {
                    *measure.kind = Some(result.kind);
                }
            }
            if by_parts {
                let mut flags = keep.into_iter();
                kpi.parts.retain(|_| flags.next().unwrap_or(false));
                if !kpi.parts.is_empty() {
                    kept.push(kpi);
                }
            } else if keep.first() == Some(&true) {
                kept.push(kpi);
            }
        }
        for (result, _) in results.iter().zip(used).filter(|(_, used)| !used) {
            kept.push(Kpi {
                name: result.kpi_name.clone(),
                kind: Some(result.kind),
                target: result.target_text.clone(),
                result: result.result_text.clone(),
                line: 0,
                parts: Vec::new(),
            });
        }
        self.kpis = kept;
    }

    /// Each activity whose quarter text changed holds the new text; the others stay as written.
    fn apply_activity_results(&mut self, quarter: Quarter, results: &[ActivityResult]) {
        let q = quarter.number();
        let mut used = vec![false; results.len()];
        for activity in &mut self.activities {
            let key = label_key(&activity.name);
            let found = (0..results.len()).find(|&i| !used[i] && label_key(&results[i].activity_name) == key);
            if let Some(index) = found {
                used[index] = true;
            }
            let new = found.map(|index| results[index].text.as_str());
            if activity_text(activity, quarter).as_deref() == new {
                continue;
            }
            let of_other_quarter = |r: &QuarterResult| r.quarter.is_some_and(|n| n != q);
            activity.results.retain(of_other_quarter);
            for step in &mut activity.steps {
                step.results.retain(of_other_quarter);
            }
            if let Some(text) = new {
                activity.results.push(QuarterResult { quarter: Some(q), text: text.to_string() });
            }
        }
        for (result, _) in results.iter().zip(used).filter(|(_, used)| !used) {
            let mut activity = Activity::new(result.activity_name.clone(), None, None, 0);
            activity.results.push(QuarterResult { quarter: Some(q), text: result.text.clone() });
            self.activities.push(activity);
        }
    }
}

/// An activity's text for one quarter: its own results, then each step's under
/// the step's name; `None` when neither has one.
fn activity_text(activity: &Activity, quarter: Quarter) -> Option<String> {
    let in_quarter = |r: &&QuarterResult| r.quarter.is_none_or(|q| q == quarter.number());
    let mut lines: Vec<String> = activity.results.iter().filter(in_quarter).map(|r| r.text.clone()).collect();
    for step in &activity.steps {
        let texts: Vec<&str> = step.results.iter().filter(in_quarter).map(|r| r.text.as_str()).collect();
        if !texts.is_empty() {
            lines.push(format!("{}: {}", step.name, texts.join("\n")));
        }
    }
    (!lines.is_empty()).then(|| lines.join("\n"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn result(quarter: u8, text: &str) -> QuarterResult {
        QuarterResult { quarter: Some(quarter), text: text.into() }
    }

    fn step(name: &str, results: Vec<QuarterResult>) -> ActivityStep {
        ActivityStep { name: name.into(), period_text: None, period: None, results, line: 12 }
    }

    /// A form with both levels: an indicator measured by its parts, one measured
    /// itself, a group activity with steps and a plain activity.
    fn structured() -> ReportForm {
        let part = |name: &str, target: &str, result: Option<&str>| KpiPart {
            name: name.into(),
            kind: None,
            target: Some(target.into()),
            result: result.map(Into::into),
            line: 5,
        };
        let mut group = Activity::new("กิจกรรมที่ ๑ การลงทะเบียน".into(), None, None, 10);
        group.steps =
            vec![step("๑) แจ้งชุดข้อมูล", vec![result(1, "แจ้งแล้ว")]), step("๒) จัดประชุม", vec![result(2, "ประชุม ๒ ครั้ง")])];
        let mut plain = Activity::new("กิจกรรมที่ ๒ ติดตามผล".into(), Some("ตุลาคม ๒๕๖๖".into()), None, 14);
        plain.results = vec![result(1, "ติดตามแล้ว")];
        ReportForm {
            kpis: vec![
                Kpi {
                    name: "๑) จำนวนหน่วยงาน ๒) จำนวนชุดข้อมูล".into(),
                    kind: Some(KpiKind::Quantitative),
                    target: None,
                    result: None,
                    line: 5,
                    parts: vec![
                        part("๑) จำนวนหน่วยงาน", "๔๐ หน่วยงาน", Some("๒๒๐ หน่วยงาน")),
                        part("๒) จำนวนชุดข้อมูล", "๑๐ ชุด", None),
                    ],
                },
                Kpi {
                    name: "ร้อยละความพึงพอใจ".into(),
                    kind: Some(KpiKind::Qualitative),
                    target: Some("ร้อยละ ๘๐".into()),
                    result: Some("ร้อยละ ๙๐".into()),
                    line: 6,
                    parts: Vec::new(),
                },
            ],
            activities: vec![group, plain],
            ..ReportForm::default()
        }
    }

    #[test]
    fn forms_stored_before_parts_and_steps_still_load() {
        let old = r#"{"name":"ก","kind":null,"target":null,"result":null,"line":3}"#;
        assert!(serde_json::from_str::<Kpi>(old).unwrap().parts.is_empty());
        let old = r#"{"name":"ก","period_text":null,"period":null,"results":[],"line":3}"#;
        assert!(serde_json::from_str::<Activity>(old).unwrap().steps.is_empty());
        let form = structured();
        let json = serde_json::to_string(&form).unwrap();
        assert!(json.contains("\"parts\"") && json.contains("\"steps\""), "both levels are in the JSON");
        assert_eq!(serde_json::from_str::<ReportForm>(&json).unwrap(), form);
    }

    #[test]
    fn quarter_content_reads_what_is_measured_and_each_top_level_activity() {
        let form = structured();
        let content = form.quarter_content(Quarter::Q1);
        let kpis: Vec<_> = content.kpi_results.iter().map(|k| (k.kpi_name.as_str(), k.kind)).collect();
        assert_eq!(
            kpis,
            vec![
                ("๑) จำนวนหน่วยงาน", KpiKind::Quantitative),
                ("๒) จำนวนชุดข้อมูล", KpiKind::Quantitative),
                ("ร้อยละความพึงพอใจ", KpiKind::Qualitative)
            ]
        );
        let activities: Vec<_> =
            content.activity_results.iter().map(|a| (a.activity_name.as_str(), a.text.as_str())).collect();
        assert_eq!(
            activities,
            vec![("กิจกรรมที่ ๑ การลงทะเบียน", "๑) แจ้งชุดข้อมูล: แจ้งแล้ว"), ("กิจกรรมที่ ๒ ติดตามผล", "ติดตามแล้ว")]
        );
    }

    #[test]
    fn content_saved_unchanged_keeps_the_structure_and_an_edit_lands_where_it_belongs() {
        let form = structured();
        let mut saved = form.clone();
        saved.apply_content(Quarter::Q1, &form.quarter_content(Quarter::Q1));
        assert_eq!(saved, form);

        // A result given to the second part, and the second activity's text changed.
        let mut content = form.quarter_content(Quarter::Q1);
        content.kpi_results[1].result_text = Some("๑๒ ชุด".into());
        content.activity_results[1].text = "ติดตามครบทุกจังหวัด".into();
        content.progress_percent = Some(50.0);
        let mut edited = form.clone();
        edited.apply_content(Quarter::Q1, &content);
        assert_eq!(edited.kpis.len(), 2);
        assert_eq!(edited.kpis[0].parts[1].result.as_deref(), Some("๑๒ ชุด"));
        assert_eq!(edited.kpis[0].parts[0], form.kpis[0].parts[0]);
        assert_eq!(edited.activities[0], form.activities[0], "the untouched activity keeps its steps' results");
        assert_eq!(edited.activities[1].results, vec![result(1, "ติดตามครบทุกจังหวัด")]);
        assert_eq!(edited.quarter_content(Quarter::Q1).kpi_results, {
            let mut expected = content.kpi_results.clone();
            expected[1].achieved = crate::model::kpi_achieved(KpiKind::Quantitative, Some("๑๐ ชุด"), Some("๑๒ ชุด"));
            expected
        });

        // A part removed from the content is gone; a new result is a new indicator.
        let mut content = form.quarter_content(Quarter::Q1);
        content.kpi_results.remove(0);
        content.kpi_results.push(KpiResult {
            kpi_name: "จำนวนผู้ใช้".into(),
            kind: KpiKind::Quantitative,
            target_text: None,
            result_text: Some("๕๐๐ คน".into()),
            achieved: None,
        });
        let mut edited = form.clone();
        edited.apply_content(Quarter::Q1, &content);
        let names: Vec<_> = edited.measures().map(|m| m.name).collect();
        assert_eq!(names, vec!["๒) จำนวนชุดข้อมูล", "ร้อยละความพึงพอใจ", "จำนวนผู้ใช้"]);
    }
}
