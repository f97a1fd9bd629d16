//! Organisation performance: performance agreements (คำรับรองการปฏิบัติราชการ)
//! scored with `tidtam-score`, and the PMQA 4.0 self-assessment.
//!
//! Who does what is `tidtam_domain::policy`'s (`ResourceKind::Performance`):
//! planners of the agency set agreements up and lock or unlock rounds (unlocking
//! needs a reason); an indicator's officer in charge enters results and evidence
//! (`may_enter_kpi_result`); only the committee role enters the committee's
//! score. A locked round is read-only. Every write is audited (entity
//! `kpi_indicator`, `kpi_agreement` or `pmqa_assessment`).
//!
//! Scores are never stored: they are computed on every read from the stored
//! result and criteria, in exact decimals. An indicator whose source is the
//! monitoring data takes each round's result from this service's own
//! aggregates at the round's quarter (disbursement, reports in on time, project
//! KPIs met), with the figures behind it and a link to the page that shows
//! them; locking such a round keeps the value it had, so a locked round never
//! moves.

use jiff::civil::Date;
/// The wire types the use cases take and give (front ends and the demo build them).
pub use tidtam_api::performance as wire;
use tidtam_api::performance::{
    AgreementSummary, CommitteeInput, ComputedResult, CriteriaKind, EvidenceInput, EvidenceView, IndicatorView,
    KpiCriteria, KpiPermissions, KpiScorecard, KpiSource, LockInput, ModeName, NewAgreement, NewAssessment,
    NewIndicator, PmqaCategoryView, PmqaItemInput, PmqaItemScore, PmqaItemUpdate, PmqaItemView, PmqaLevel, PmqaRaise,
    PmqaResultInput, PmqaResultView, PmqaView, PmqaYearValue, PolarityName, RoundInput, RoundTotal, RoundView,
    ScoreCell, ScoreFinding, ScorecardRow,
};
use tidtam_domain::model::OrgKind;
use tidtam_domain::period::{FiscalYear, Quarter};
use tidtam_domain::policy::{Action, Actor, Resource, ResourceKind, Role, can, may_enter_kpi_result};
use tidtam_score::pmqa::results::{ResultIndicator, TargetStatus, Trend, YearValue};
use tidtam_score::pmqa::{Assessment, ItemAssessment, ItemScore, Level, PmqaCriteria, PmqaScore};
use tidtam_score::{
    Achievement, Agreement, Band, Criteria, Decimal, Evidence, Indicator, Mode, Polarity, Round, RoundPeriod, Rounding,
    ScoringConfig, Stated,
};
use tidtam_store::{AgreementRow, AssessmentRow, AuditFilter, EvidenceRow, IndicatorRow, PageRequest, RoundRow, Tx};

use crate::attachments::{CheckedFile, check_evidence_file};
use crate::portfolio::{GroupBy, PortfolioQuery};
use crate::{Result, Service, ServiceError, authorize, authorize_existing, record_audit, require_sign_in, to_json};

/// The rounds, in order.
pub const ROUND_MONTHS: [u8; 3] = [6, 9, 12];

fn invalid(field: &str, th: &str, en: &str) -> ServiceError {
    ServiceError::invalid(field, th, en)
}

fn decimal(field: &str, text: &str) -> Result<Decimal> {
    let digits = tidtam_thai::digits::to_arabic_digits(text.trim());
    Decimal::parse(&digits).map_err(|_| {
        invalid(field, &format!("{field}: \"{text}\" ไม่ใช่ตัวเลข"), &format!("{field}: \"{text}\" is not a number"))
    })
}

fn optional_decimal(field: &str, text: Option<&str>) -> Result<Option<Decimal>> {
    match text.map(str::trim).filter(|text| !text.is_empty()) {
        None => Ok(None),
        Some(text) => decimal(field, text).map(Some),
    }
}

fn corrupt(what: &str, error: impl std::fmt::Display) -> ServiceError {
    ServiceError::Internal(format!("stored {what} unreadable: {error}"))
}

fn period(months: u8) -> Result<RoundPeriod> {
    RoundPeriod::from_months(months)
        .ok_or_else(|| invalid("months", "รอบการรายงานต้องเป็น ๖ ๙ หรือ ๑๒ เดือน", "the round must be 6, 9 or 12 months"))
}

fn quarter_of(period: RoundPeriod) -> Quarter {
    match period {
        RoundPeriod::SixMonths => Quarter::Q2,
        RoundPeriod::NineMonths => Quarter::Q3,
        RoundPeriod::TwelveMonths => Quarter::Q4,
    }
}

fn fiscal_year(be: i64) -> Result<FiscalYear> {
    FiscalYear::checked(i32::try_from(be).unwrap_or(0)).map_err(|error| {
        invalid("fiscal_year", &format!("ปีงบประมาณไม่ถูกต้อง: {error}"), &format!("bad fiscal year: {error}"))
    })
}

/// The criteria of the wire as `tidtam-score`'s, checked (thresholds in order, five levels).
pub fn criteria_from_wire(criteria: &KpiCriteria) -> Result<Criteria> {
    let polarity = match criteria.polarity.unwrap_or(PolarityName::Higher) {
        PolarityName::Higher => Polarity::Higher,
        PolarityName::Lower => Polarity::Lower,
    };
    let numbers = |count: usize| -> Result<Vec<Decimal>> {
        if criteria.thresholds.len() != count {
            return Err(invalid(
                "criteria.thresholds",
                &format!("ต้องกำหนดเกณฑ์ {count} ค่า (ให้มา {})", criteria.thresholds.len()),
                &format!("{count} thresholds are needed ({} given)", criteria.thresholds.len()),
            ));
        }
        criteria.thresholds.iter().map(|text| decimal("criteria.thresholds", text)).collect()
    };
    let built = match criteria.kind {
        CriteriaKind::Quantitative => {
            let values = numbers(5)?;
            Criteria::Quantitative {
                polarity,
                mode: match criteria.mode.unwrap_or(ModeName::Interpolate) {
                    ModeName::Interpolate => Mode::Interpolate,
                    ModeName::Step => Mode::Step,
                },
                thresholds: [values[0], values[1], values[2], values[3], values[4]],
            }
        }
        CriteriaKind::Breakpoints => {
            let values = numbers(3)?;
            Criteria::Breakpoints { polarity, targets: [values[0], values[1], values[2]] }
        }
        CriteriaKind::Milestone => {
            if criteria.steps.len() != 5 {
                return Err(invalid(
                    "criteria.steps",
                    "ตัวชี้วัดระดับความสำเร็จต้องมีขั้นตอนของระดับ ๑–๕",
                    "a milestone indicator needs the steps of levels 1–5",
                ));
            }
            let steps = &criteria.steps;
            Criteria::Milestone {
                steps: [steps[0].clone(), steps[1].clone(), steps[2].clone(), steps[3].clone(), steps[4].clone()],
            }
        }
    };
    // Empty milestone levels are a finding on read, not a refusal: a level without steps is never met.
    let refused = built.check("").into_iter().find(|f| f.rule != tidtam_score::finding::Rule::KpiMilestoneStepsMissing);
    if let Some(problem) = refused {
        return Err(invalid("criteria", &problem.message_th, &problem.message_en));
    }
    Ok(built)
}

/// `tidtam-score`'s criteria on the wire.
pub fn criteria_to_wire(criteria: &Criteria) -> KpiCriteria {
    let polarity = |polarity: Polarity| match polarity {
        Polarity::Higher => PolarityName::Higher,
        Polarity::Lower => PolarityName::Lower,
    };
    match criteria {
        Criteria::Quantitative { polarity: p, mode, thresholds } => KpiCriteria {
            kind: CriteriaKind::Quantitative,
            polarity: Some(polarity(*p)),
            mode: Some(match mode {
                Mode::Interpolate => ModeName::Interpolate,
                Mode::Step => ModeName::Step,
            }),
            thresholds: thresholds.iter().map(Decimal::to_string).collect(),
            steps: Vec::new(),
        },
        Criteria::Breakpoints { polarity: p, targets } => KpiCriteria {
            kind: CriteriaKind::Breakpoints,
            polarity: Some(polarity(*p)),
            mode: None,
            thresholds: targets.iter().map(Decimal::to_string).collect(),
            steps: Vec::new(),
        },
        Criteria::Milestone { steps } => KpiCriteria {
            kind: CriteriaKind::Milestone,
            polarity: None,
            mode: None,
            thresholds: Vec::new(),
            steps: steps.to_vec(),
        },
    }
}

pub(crate) fn finding(finding: &tidtam_score::Finding) -> ScoreFinding {
    ScoreFinding {
        rule: finding.rule.id().to_string(),
        subject: finding.subject.clone(),
        message_th: finding.message_th.clone(),
        message_en: finding.message_en.clone(),
    }
}

fn band_name(band: Band) -> String {
    match band {
        Band::Low => "low",
        Band::Middle => "middle",
        Band::High => "high",
    }
    .to_string()
}

fn fixed4(value: Decimal) -> String {
    value.fixed(4)
}

/// The figures behind a result taken from the monitoring data.
struct Computed {
    value: Option<Decimal>,
    view: ComputedResult,
}

/// The agency an organisation unit belongs to (itself for an agency).
async fn agency_of(tx: &mut Tx, org_unit_id: i64) -> Result<(Option<i64>, Option<i64>, String)> {
    let unit = tx.org_unit(org_unit_id).await?;
    let name = unit.name.clone();
    let division = (unit.kind == OrgKind::Division).then_some(unit.id);
    let mut current = unit;
    for _ in 0..4 {
        if current.kind == OrgKind::Agency {
            return Ok((Some(current.id), division, name));
        }
        match current.parent_id {
            Some(parent) => current = tx.org_unit(parent).await?,
            None => break,
        }
    }
    Ok((None, division, name))
}

pub(crate) struct Loaded {
    agreement: AgreementRow,
    pub(crate) resource: Resource,
    agency_id: Option<i64>,
    unit_name: String,
    pub(crate) indicators: Vec<IndicatorRow>,
    pub(crate) rounds: Vec<RoundRow>,
    evidence: Vec<EvidenceRow>,
}

pub(crate) async fn load(tx: &mut Tx, agreement_id: i64) -> Result<Loaded> {
    let agreement = tx.agreement(agreement_id).await?;
    let (agency_id, division_id, unit_name) = agency_of(tx, agreement.org_unit_id).await?;
    let resource = Resource::owned(ResourceKind::Performance, agency_id, division_id, false);
    let indicators = tx.indicators(agreement_id).await?;
    let rounds = tx.rounds_of_agreement(agreement_id).await?;
    let evidence = tx.evidence_of_agreement(agreement_id).await?;
    Ok(Loaded { agreement, resource, agency_id, unit_name, indicators, rounds, evidence })
}

fn summary(loaded: &Loaded) -> AgreementSummary {
    AgreementSummary {
        id: loaded.agreement.id,
        org_unit_id: loaded.agreement.org_unit_id,
        org_unit_name: loaded.unit_name.clone(),
        fiscal_year: loaded.agreement.fiscal_year as i32,
        title: loaded.agreement.title.clone(),
        indicators: loaded.indicators.len(),
    }
}

fn parse_source(text: &str) -> Result<KpiSource> {
    KpiSource::parse(text).ok_or_else(|| corrupt("indicator source", text))
}

fn stored_criteria(row: &IndicatorRow) -> Result<Criteria> {
    serde_json::from_str(&row.criteria).map_err(|error| corrupt("criteria", error))
}

fn stored_result(row: &RoundRow) -> Result<Option<Achievement>> {
    row.result.as_deref().map(serde_json::from_str).transpose().map_err(|error| corrupt("result", error))
}

/// Whether a stored round already holds what `input` would save (what
/// [`Service::save_round`] would write, compared as it would write it).
pub(crate) fn round_holds(row: &RoundRow, input: &RoundInput) -> Result<bool> {
    let result = optional_decimal("result", input.result.as_deref())?.map(Achievement::Value);
    Ok(stored_result(row)? == result
        && row.own_level == input.own_level.map(i64::from)
        && stored_decimal(&row.own_score)? == optional_decimal("own_score", input.own_score.as_deref())?
        && stored_decimal(&row.own_weighted)? == optional_decimal("own_weighted", input.own_weighted.as_deref())?
        && row.explanation == input.explanation.trim()
        && row.supporting_factors == input.supporting_factors.trim()
        && row.obstacles == input.obstacles.trim()
        && row.suggestions == input.suggestions.trim())
}

fn stored_decimal(text: &Option<String>) -> Result<Option<Decimal>> {
    text.as_deref().map(Decimal::parse).transpose().map_err(|error| corrupt("decimal", error))
}

fn achievement_text(achievement: &Achievement) -> String {
    match achievement {
        Achievement::Value(value) => value.to_string(),
        Achievement::Level(level) => level.to_string(),
        Achievement::Steps(steps) => steps
            .iter()
            .enumerate()
            .map(|(level, met)| format!("{}:{}/{}", level + 1, met.iter().filter(|done| **done).count(), met.len()))
            .collect::<Vec<_>>()
            .join(" "),
    }
}

/// One computed indicator's results per round (`None` where the round was
/// locked with its value kept).
type ComputedRounds = Vec<(i64, u8, Computed)>;

/// A piece of evidence's file, ready to download.
pub struct EvidenceFileDownload {
    pub file_name: String,
    pub kind: tidtam_domain::evidence::EvidenceKind,
    pub bytes: Vec<u8>,
}

impl Service {
    /// The actor whose scope the monitoring aggregates of an agreement are read
    /// in: a reader of exactly the agreement's agency (or everything, for an
    /// agreement of no agency), never a writer.
    fn agency_reader(agency_id: Option<i64>) -> Actor {
        Actor {
            user_id: None,
            username: "kpi".into(),
            role: if agency_id.is_some() { Role::Planner } else { Role::Executive },
            agency_id,
            division_id: None,
        }
    }

    async fn compute_source(
        &self,
        source: KpiSource,
        agency_id: Option<i64>,
        year: FiscalYear,
        period: RoundPeriod,
    ) -> Result<Option<Computed>> {
        if source == KpiSource::Entered {
            return Ok(None);
        }
        let reader = Self::agency_reader(agency_id);
        let quarter = quarter_of(period);
        let (fy, q) = (year.be(), quarter.number());
        let groups = self
            .portfolio(&reader, PortfolioQuery { fiscal_year: year, quarter: Some(quarter), group_by: GroupBy::Total })
            .await?;
        let total = groups.into_iter().next();
        let percent = |part: i64, whole: i64| {
            (whole > 0)
                .then(|| {
                    Decimal::from_int(part).mul_div(Decimal::HUNDRED, Decimal::from_int(whole), 2, Rounding::HalfUp)
                })
                .flatten()
        };
        let computed = match source {
            KpiSource::Entered => return Ok(None),
            KpiSource::DisbursementRate => {
                let (disbursed, allocated, projects) = total
                    .as_ref()
                    .map_or((0, 0, 0), |group| (group.disbursed.satang(), group.allocated.satang(), group.projects));
                let value = percent(disbursed, allocated);
                let baht = |satang: i64| tidtam_domain::Baht::from_satang(satang).to_string();
                Computed {
                    value,
                    view: ComputedResult {
                        value: value.map(|value| value.fixed(2)),
                        basis_th: format!(
                            "เบิกจ่าย {} จากงบประมาณ {} บาท ({projects} โครงการ) ณ สิ้นไตรมาสที่ {q}/{fy}",
                            baht(disbursed),
                            baht(allocated)
                        ),
                        basis_en: format!(
                            "disbursed {} of {} baht allocated ({projects} projects) at the end of Q{q} {fy}",
                            baht(disbursed),
                            baht(allocated)
                        ),
                        link: format!("/dashboard?fy={fy}&q={q}"),
                    },
                }
            }
            KpiSource::KpisMet => {
                let (met, measured) = total.as_ref().map_or((0, 0), |group| (group.kpi_achieved, group.kpi_measured));
                let value = percent(met, measured);
                Computed {
                    value,
                    view: ComputedResult {
                        value: value.map(|value| value.fixed(2)),
                        basis_th: format!("ตัวชี้วัดโครงการบรรลุเป้าหมาย {met} จาก {measured} ตัวที่วัดผล ณ ไตรมาสที่ {q}/{fy}"),
                        basis_en: format!("{met} of {measured} measured project KPIs met their targets at Q{q} {fy}"),
                        link: format!("/dashboard?fy={fy}&q={q}"),
                    },
                }
            }
            KpiSource::ReportsOnTime => {
                let projects = total.as_ref().map_or(0, |group| group.projects);
                let late = self.late_count(&reader, year, quarter).await?;
                let on_time = (projects - late).max(0);
                let value = percent(on_time, projects);
                Computed {
                    value,
                    view: ComputedResult {
                        value: value.map(|value| value.fixed(2)),
                        basis_th: format!(
                            "ส่งรายงานไตรมาสที่ {q}/{fy} ทันกำหนด {on_time} จาก {projects} โครงการ (ล่าช้า {late})"
                        ),
                        basis_en: format!(
                            "{on_time} of {projects} projects reported Q{q} {fy} by the deadline ({late} late)"
                        ),
                        link: format!("/late?fy={fy}&q={q}"),
                    },
                }
            }
        };
        Ok(Some(computed))
    }

    /// The computed results of every round of every monitoring-based indicator
    /// whose round is not locked with a kept value.
    async fn computed_rounds(&self, loaded: &Loaded) -> Result<ComputedRounds> {
        let year = fiscal_year(loaded.agreement.fiscal_year)?;
        let mut out = Vec::new();
        for indicator in &loaded.indicators {
            let source = parse_source(&indicator.source)?;
            if source == KpiSource::Entered {
                continue;
            }
            for months in ROUND_MONTHS {
                let period = period(months)?;
                if let Some(computed) = self.compute_source(source, loaded.agency_id, year, period).await? {
                    out.push((indicator.id, months, computed));
                }
            }
        }
        Ok(out)
    }

    /// `tidtam-score`'s agreement from the stored rows, with monitoring-based
    /// results filled in where the round is not locked.
    fn scored_agreement(loaded: &Loaded, computed: &ComputedRounds) -> Result<Agreement> {
        let config: ScoringConfig =
            serde_json::from_str(&loaded.agreement.config).map_err(|error| corrupt("config", error))?;
        let mut indicators = Vec::new();
        for row in &loaded.indicators {
            let mut rounds = Vec::new();
            for months in ROUND_MONTHS {
                let period = period(months)?;
                let stored = loaded
                    .rounds
                    .iter()
                    .find(|round| round.indicator_id == row.id && round.months == i64::from(months));
                let mut round = Round::new(period);
                if let Some(stored) = stored {
                    round.result = stored_result(stored)?;
                    round.own = Stated {
                        level: stored.own_level.and_then(|level| u8::try_from(level).ok()),
                        score: stored_decimal(&stored.own_score)?,
                        weighted: stored_decimal(&stored.own_weighted)?,
                    };
                    round.committee_score = stored_decimal(&stored.committee_score)?;
                    round.explanation = stored.explanation.clone();
                    round.supporting_factors = stored.supporting_factors.clone();
                    round.obstacles = stored.obstacles.clone();
                    round.suggestions = stored.suggestions.clone();
                }
                let locked = stored.is_some_and(|round| round.locked);
                if !locked
                    && let Some((_, _, computed)) =
                        computed.iter().find(|(id, round_months, _)| *id == row.id && *round_months == months)
                {
                    round.result = computed.value.map(Achievement::Value);
                }
                round.evidence = loaded
                    .evidence
                    .iter()
                    .filter(|evidence| evidence.indicator_id == row.id && evidence.months == i64::from(months))
                    .map(|evidence| Evidence {
                        number: u32::try_from(evidence.number).unwrap_or(0),
                        title: evidence.title.clone(),
                        date: evidence.evidence_date.as_deref().and_then(|date| date.parse().ok()),
                        pages: evidence.pages.and_then(|pages| u32::try_from(pages).ok()),
                        file: evidence.file_name.clone(),
                    })
                    .collect();
                rounds.push(round);
            }
            indicators.push(Indicator {
                code: row.code.clone(),
                name: row.name.clone(),
                description: row.description.clone(),
                officer_in_charge: row.officer_name.clone(),
                data_collector: row.data_collector.clone(),
                weight: Decimal::parse(&row.weight).map_err(|error| corrupt("weight", error))?,
                criteria: stored_criteria(row)?,
                rounds,
            });
        }
        Ok(Agreement {
            fiscal_year: fiscal_year(loaded.agreement.fiscal_year)?,
            unit: loaded.unit_name.clone(),
            config,
            indicators,
        })
    }

    /// Creates an agreement for an organisation unit and fiscal year (planners of its agency, admins).
    pub async fn create_agreement(&self, actor: &Actor, input: NewAgreement) -> Result<AgreementSummary> {
        require_sign_in(actor)?;
        let year = fiscal_year(i64::from(input.fiscal_year))?;
        let title = input.title.trim();
        if title.is_empty() {
            return Err(invalid("title", "ต้องระบุชื่อคำรับรอง", "the agreement needs a title"));
        }
        let mut config = ScoringConfig::default();
        if let Some(below) = optional_decimal("below_level_one", input.below_level_one.as_deref())? {
            if below != Decimal::ZERO && below != Decimal::ONE {
                return Err(invalid(
                    "below_level_one",
                    "คะแนนเมื่อไม่ถึงระดับ ๑ ต้องเป็น ๐ หรือ ๑",
                    "the score below level 1 must be 0 or 1",
                ));
            }
            config.below_level_one = below;
        }
        if let Some(cumulative) = input.milestone_cumulative {
            config.milestone_cumulative = cumulative;
        }
        let now = self.now();
        let mut tx = self.store.begin().await?;
        let (agency_id, division_id, _) = agency_of(&mut tx, input.org_unit_id).await.map_err(|error| match error {
            ServiceError::NotFound => invalid("org_unit_id", "ไม่พบหน่วยงานนี้", "no such organisation unit"),
            other => other,
        })?;
        authorize(actor, Action::Create, &Resource::owned(ResourceKind::Performance, agency_id, division_id, false))?;
        let config_json = serde_json::to_string(&config).expect("config serialises");
        let id = tx.insert_agreement(input.org_unit_id, i64::from(year.be()), title, &config_json, now).await?;
        record_audit(&mut tx, actor, now, "kpi_agreement", id, "create", None, Some(to_json(&input))).await?;
        let loaded = load(&mut tx, id).await?;
        tx.commit().await?;
        Ok(summary(&loaded))
    }

    /// Adds an indicator to an agreement (who may plan it).
    pub async fn add_indicator(&self, actor: &Actor, agreement_id: i64, input: NewIndicator) -> Result<IndicatorView> {
        require_sign_in(actor)?;
        let criteria = criteria_from_wire(&input.criteria)?;
        let weight = decimal("weight", &input.weight)?;
        if weight <= Decimal::ZERO || weight > Decimal::HUNDRED {
            return Err(invalid(
                "weight",
                "น้ำหนักต้องมากกว่า ๐ และไม่เกิน ๑๐๐",
                "the weight must be above 0 and at most 100",
            ));
        }
        let (code, name) = (input.code.trim(), input.name.trim());
        if code.is_empty() || name.is_empty() {
            return Err(invalid("code", "ต้องระบุรหัสและชื่อตัวชี้วัด", "an indicator needs a code and a name"));
        }
        if input.source != KpiSource::Entered
            && !matches!(criteria, Criteria::Quantitative { .. } | Criteria::Breakpoints { .. })
        {
            return Err(invalid(
                "source",
                "ตัวชี้วัดที่คำนวณจากข้อมูลติดตามต้องเป็นเชิงปริมาณ (ร้อยละ)",
                "an indicator computed from the monitoring data must be quantitative (a percentage)",
            ));
        }
        let now = self.now();
        let mut tx = self.store.begin().await?;
        let loaded = load(&mut tx, agreement_id).await?;
        authorize_existing(actor, Action::Plan, &loaded.resource)?;
        if let Some(user_id) = input.officer_user_id {
            tx.user(user_id).await.map_err(|_| {
                invalid("officer_user_id", "ไม่พบผู้ใช้ที่เป็นผู้กำกับดูแลตัวชี้วัด", "no such user for the officer in charge")
            })?;
        }
        let row = IndicatorRow {
            id: 0,
            agreement_id,
            position: loaded.indicators.len() as i64 + 1,
            code: code.to_string(),
            name: name.to_string(),
            description: input.description.trim().to_string(),
            officer_user_id: input.officer_user_id,
            officer_name: input.officer_name.trim().to_string(),
            data_collector: input.data_collector.trim().to_string(),
            weight: weight.to_string(),
            criteria: serde_json::to_string(&criteria).expect("criteria serialise"),
            source: input.source.as_str().to_string(),
            version: 1,
        };
        let id = tx.insert_indicator(&row).await?;
        record_audit(&mut tx, actor, now, "kpi_indicator", id, "create", None, Some(to_json(&input))).await?;
        tx.commit().await?;
        self.indicator(actor, id).await
    }

    /// The agreements of a fiscal year the actor may read.
    pub async fn agreements(&self, actor: &Actor, year: FiscalYear) -> Result<Vec<AgreementSummary>> {
        let mut tx = self.store.begin_read().await?;
        let rows = tx.agreements_of_year(i64::from(year.be())).await?;
        let mut out = Vec::new();
        for row in rows {
            let loaded = load(&mut tx, row.id).await?;
            if can(actor, Action::Read, &loaded.resource) {
                out.push(summary(&loaded));
            }
        }
        Ok(out)
    }

    /// The fiscal years with an agreement the actor may read (newest first).
    pub async fn agreement_years(&self, actor: &Actor) -> Result<Vec<i32>> {
        let years = self.store.begin_read().await?.agreement_years().await?;
        let mut readable = Vec::new();
        for year in years {
            if !self.agreements(actor, fiscal_year(year)?).await?.is_empty() {
                readable.push(year as i32);
            }
        }
        Ok(readable)
    }

    /// An agreement's scorecard: every indicator's score in each round and the totals.
    pub async fn kpi_scorecard(&self, actor: &Actor, agreement_id: i64) -> Result<KpiScorecard> {
        let loaded = {
            let mut tx = self.store.begin_read().await?;
            load(&mut tx, agreement_id).await?
        };
        authorize(actor, Action::Read, &loaded.resource).map_err(|_| ServiceError::NotFound)?;
        let computed = self.computed_rounds(&loaded).await?;
        let agreement = Self::scored_agreement(&loaded, &computed)?;
        let cards: Vec<_> = RoundPeriod::ALL.into_iter().map(|period| agreement.scorecard(period)).collect();
        let rows = loaded
            .indicators
            .iter()
            .enumerate()
            .map(|(index, row)| {
                let cells = cards
                    .iter()
                    .zip(ROUND_MONTHS)
                    .map(|(card, months)| {
                        let score = &card.indicators[index];
                        let stored =
                            loaded.rounds.iter().find(|r| r.indicator_id == row.id && r.months == i64::from(months));
                        ScoreCell {
                            months,
                            result: agreement.indicators[index]
                                .round(period(months).expect("known round"))
                                .and_then(|round| round.result.as_ref())
                                .map(achievement_text),
                            level: score.computed.map(|scored| scored.level),
                            score: score.computed.map(|scored| fixed4(scored.score)),
                            weighted: score.weighted.map(fixed4),
                            band: score.band.map(band_name),
                            committee_score: score.committee_score.map(fixed4),
                            committee_weighted: score.committee_weighted.map(fixed4),
                            locked: stored.is_some_and(|round| round.locked),
                        }
                    })
                    .collect();
                Ok(ScorecardRow {
                    indicator_id: row.id,
                    code: row.code.clone(),
                    name: row.name.clone(),
                    weight: row.weight.clone(),
                    source: parse_source(&row.source)?,
                    cells,
                })
            })
            .collect::<Result<Vec<_>>>()?;
        let rounds = cards
            .iter()
            .zip(ROUND_MONTHS)
            .map(|(card, months)| RoundTotal {
                months,
                total: fixed4(card.total),
                committee_total: card.committee_total.map(fixed4),
                band: band_name(agreement.config.band(card.total, card.scale)),
                findings: card.findings.iter().map(finding).collect(),
            })
            .collect();
        let weight_total: Decimal = agreement.indicators.iter().map(|indicator| indicator.weight).sum();
        Ok(KpiScorecard {
            agreement: summary(&loaded),
            max: agreement.scale().max().to_string(),
            weight_total: weight_total.to_string(),
            rows,
            rounds,
            may_plan: can(actor, Action::Plan, &loaded.resource),
        })
    }

    /// One indicator with its criteria, rounds (scored), evidence, history and what the actor may do.
    pub async fn indicator(&self, actor: &Actor, indicator_id: i64) -> Result<IndicatorView> {
        let (loaded, history) = {
            let mut tx = self.store.begin_read().await?;
            let row = tx.indicator(indicator_id).await?;
            let loaded = load(&mut tx, row.agreement_id).await?;
            authorize(actor, Action::Read, &loaded.resource).map_err(|_| ServiceError::NotFound)?;
            let filter = AuditFilter {
                entity: Some("kpi_indicator".into()),
                entity_id: Some(indicator_id),
                actor_user_id: None,
            };
            let (history, _) = tx.audit_entries(&filter, PageRequest::new(1, 200)).await?;
            (loaded, history)
        };
        let index = loaded.indicators.iter().position(|row| row.id == indicator_id).ok_or(ServiceError::NotFound)?;
        let row = &loaded.indicators[index];
        let computed = self.computed_rounds(&loaded).await?;
        let agreement = Self::scored_agreement(&loaded, &computed)?;
        let scored = &agreement.indicators[index];
        let mut rounds = Vec::new();
        for months in ROUND_MONTHS {
            let period = period(months)?;
            let card = agreement.scorecard(period);
            let score = &card.indicators[index];
            let stored = loaded.rounds.iter().find(|r| r.indicator_id == row.id && r.months == i64::from(months));
            let round = scored.round(period).expect("every round is built");
            let computed_from = computed
                .iter()
                .find(|(id, round_months, _)| *id == row.id && *round_months == months)
                .map(|(_, _, computed)| computed.view.clone());
            rounds.push(RoundView {
                months,
                version: stored.map_or(0, |round| round.version),
                ends: period.end(agreement.fiscal_year),
                result: round.result.as_ref().map(achievement_text),
                computed_from,
                level: score.computed.map(|scored| scored.level),
                score: score.computed.map(|scored| fixed4(scored.score)),
                weighted: score.weighted.map(fixed4),
                band: score.band.map(band_name),
                own_level: round.own.level,
                own_score: round.own.score.map(|score| score.to_string()),
                own_weighted: round.own.weighted.map(|score| score.to_string()),
                committee_score: score.committee_score.map(fixed4),
                committee_weighted: score.committee_weighted.map(fixed4),
                committee_by: stored.and_then(|round| round.committee_by.clone()),
                explanation: round.explanation.clone(),
                supporting_factors: round.supporting_factors.clone(),
                obstacles: round.obstacles.clone(),
                suggestions: round.suggestions.clone(),
                locked: stored.is_some_and(|round| round.locked),
                locked_by: stored.and_then(|round| round.locked_by.clone()),
                locked_at: stored.and_then(RoundRow::locked_at),
                unlock_reason: stored.and_then(|round| round.unlock_reason.clone()),
                evidence: loaded
                    .evidence
                    .iter()
                    .filter(|evidence| evidence.indicator_id == row.id && evidence.months == i64::from(months))
                    .map(|evidence| EvidenceView {
                        id: evidence.id,
                        number: u32::try_from(evidence.number).unwrap_or(0),
                        title: evidence.title.clone(),
                        date: evidence.evidence_date.as_deref().and_then(|date| date.parse::<Date>().ok()),
                        pages: evidence.pages.and_then(|pages| u32::try_from(pages).ok()),
                        file_name: evidence.file_name.clone(),
                        added_by: evidence.added_by.clone(),
                        file: evidence
                            .file_kind
                            .clone()
                            .zip(evidence.file_size)
                            .map(|(kind, size_bytes)| tidtam_api::performance::EvidenceFileView { kind, size_bytes }),
                    })
                    .collect(),
                findings: card
                    .findings
                    .iter()
                    .filter(|f| f.subject == row.code && !f.rule.id().starts_with("kpi-weights"))
                    .map(finding)
                    .collect(),
            });
        }
        let source = parse_source(&row.source)?;
        Ok(IndicatorView {
            id: row.id,
            agreement: summary(&loaded),
            code: row.code.clone(),
            name: row.name.clone(),
            description: row.description.clone(),
            officer_user_id: row.officer_user_id,
            officer_name: row.officer_name.clone(),
            data_collector: row.data_collector.clone(),
            weight: row.weight.clone(),
            criteria: criteria_to_wire(&scored.criteria),
            source,
            rounds,
            may: KpiPermissions {
                enter: may_enter_kpi_result(actor, &loaded.resource, row.officer_user_id),
                lock: can(actor, Action::Review, &loaded.resource),
                committee: can(actor, Action::ScoreAsCommittee, &loaded.resource),
            },
            history: history.into_iter().map(audit_view).collect(),
        })
    }

    /// Reads an indicator and its round for a write, checking the round exists in the calendar.
    async fn round_for_write(
        &self,
        tx: &mut Tx,
        indicator_id: i64,
        months: u8,
    ) -> Result<(IndicatorRow, Loaded, RoundRow)> {
        period(months)?;
        let row = tx.indicator(indicator_id).await?;
        let loaded = load(tx, row.agreement_id).await?;
        let round = tx.round(indicator_id, i64::from(months)).await?;
        Ok((row, loaded, round))
    }

    /// The officer in charge (or a planner) enters a round's result and narrative.
    pub async fn save_round(
        &self,
        actor: &Actor,
        indicator_id: i64,
        months: u8,
        input: RoundInput,
    ) -> Result<IndicatorView> {
        require_sign_in(actor)?;
        let now = self.now();
        let mut tx = self.store.begin().await?;
        let (row, loaded, current) = self.round_for_write(&mut tx, indicator_id, months).await?;
        if !may_enter_kpi_result(actor, &loaded.resource, row.officer_user_id) {
            return Err(if can(actor, Action::Read, &loaded.resource) {
                ServiceError::Forbidden
            } else {
                ServiceError::NotFound
            });
        }
        if current.locked {
            return Err(ServiceError::InvalidState { status: "locked".into() });
        }
        if current.version != input.version {
            return Err(ServiceError::Conflict { current_version: current.version });
        }
        let criteria = stored_criteria(&row)?;
        let source = parse_source(&row.source)?;
        let result = match optional_decimal("result", input.result.as_deref())? {
            None => None,
            Some(_) if source != KpiSource::Entered => {
                return Err(invalid(
                    "result",
                    "ผลของตัวชี้วัดนี้คำนวณจากข้อมูลติดตามโครงการ จึงไม่ต้องกรอก",
                    "this indicator's result is computed from the monitoring data; it is not entered",
                ));
            }
            Some(value) => {
                let achievement = Achievement::Value(value);
                let config: ScoringConfig =
                    serde_json::from_str(&loaded.agreement.config).map_err(|error| corrupt("config", error))?;
                // A result the criteria cannot score (a milestone level of 7) is refused, not stored.
                criteria
                    .score(&achievement, &config, &row.code)
                    .map_err(|problem| invalid("result", &problem.message_th, &problem.message_en))?;
                Some(serde_json::to_string(&achievement).expect("achievement serialises"))
            }
        };
        let own_score = optional_decimal("own_score", input.own_score.as_deref())?;
        let own_weighted = optional_decimal("own_weighted", input.own_weighted.as_deref())?;
        if input.own_level.is_some_and(|level| level > 5) {
            return Err(invalid("own_level", "ระดับต้องอยู่ระหว่าง ๐–๕", "the level must be 0–5"));
        }
        let updated = RoundRow {
            result,
            own_level: input.own_level.map(i64::from),
            own_score: own_score.map(|value| value.to_string()),
            own_weighted: own_weighted.map(|value| value.to_string()),
            explanation: input.explanation.trim().to_string(),
            supporting_factors: input.supporting_factors.trim().to_string(),
            obstacles: input.obstacles.trim().to_string(),
            suggestions: input.suggestions.trim().to_string(),
            ..current.clone()
        };
        tx.save_round(&updated, current.version).await?;
        record_audit(
            &mut tx,
            actor,
            now,
            "kpi_indicator",
            indicator_id,
            "update",
            Some(round_json(&current)),
            Some(round_json(&updated)),
        )
        .await?;
        tx.commit().await?;
        self.indicator(actor, indicator_id).await
    }

    /// Adds a piece of evidence to a round (the officer in charge or a planner; not when locked).
    pub async fn add_kpi_evidence(
        &self,
        actor: &Actor,
        indicator_id: i64,
        months: u8,
        input: EvidenceInput,
    ) -> Result<IndicatorView> {
        self.add_evidence(actor, indicator_id, months, input, None).await
    }

    /// Adds a piece of evidence with its file, checked as a project's evidence
    /// files are (size, and a kind told from the bytes); the evidence takes the
    /// file's name when the input names none.
    pub async fn add_kpi_evidence_with_file(
        &self,
        actor: &Actor,
        indicator_id: i64,
        months: u8,
        input: EvidenceInput,
        file_name: &str,
        bytes: &[u8],
    ) -> Result<IndicatorView> {
        require_sign_in(actor)?;
        let file = check_evidence_file(file_name, bytes)?;
        self.add_evidence(actor, indicator_id, months, input, Some((file, bytes))).await
    }

    /// A piece of evidence's file with its bytes, for who may read the agreement.
    pub async fn kpi_evidence_file(&self, actor: &Actor, evidence_id: i64) -> Result<EvidenceFileDownload> {
        let mut tx = self.store.begin_read().await?;
        let (row, bytes) = tx.evidence_file(evidence_id).await?;
        let indicator = tx.indicator(row.indicator_id).await?;
        let loaded = load(&mut tx, indicator.agreement_id).await?;
        authorize(actor, Action::Read, &loaded.resource).map_err(|_| ServiceError::NotFound)?;
        let kind = row.file_kind.as_deref().and_then(tidtam_domain::evidence::EvidenceKind::parse);
        match (bytes, kind) {
            (Some(bytes), Some(kind)) => {
                Ok(EvidenceFileDownload { file_name: row.file_name.unwrap_or_else(|| row.title.clone()), kind, bytes })
            }
            _ => Err(ServiceError::NotFound),
        }
    }

    async fn add_evidence(
        &self,
        actor: &Actor,
        indicator_id: i64,
        months: u8,
        input: EvidenceInput,
        file: Option<(CheckedFile, &[u8])>,
    ) -> Result<IndicatorView> {
        require_sign_in(actor)?;
        let title = input.title.trim();
        if title.is_empty() {
            return Err(invalid("title", "ต้องระบุชื่อหลักฐาน", "the evidence needs a title"));
        }
        let now = self.now();
        let mut tx = self.store.begin().await?;
        let (row, loaded, current) = self.round_for_write(&mut tx, indicator_id, months).await?;
        if !may_enter_kpi_result(actor, &loaded.resource, row.officer_user_id) {
            return Err(if can(actor, Action::Read, &loaded.resource) {
                ServiceError::Forbidden
            } else {
                ServiceError::NotFound
            });
        }
        if current.locked {
            return Err(ServiceError::InvalidState { status: "locked".into() });
        }
        if current.version == 0 {
            // Evidence hangs off the round's row: write the empty round first.
            tx.save_round(&current, 0).await?;
        }
        let date = input.date.map(|date| date.to_string());
        let file_name = input
            .file_name
            .as_deref()
            .map(str::trim)
            .filter(|name| !name.is_empty())
            .or(file.as_ref().map(|(checked, _)| checked.name.as_str()));
        let stored_file = file.as_ref().map(|(checked, bytes)| tidtam_store::EvidenceFile {
            kind: checked.kind,
            sha256: &checked.sha256,
            bytes,
        });
        let evidence = tx
            .insert_evidence(
                indicator_id,
                i64::from(months),
                title,
                date.as_deref(),
                input.pages.map(i64::from),
                file_name,
                stored_file.as_ref(),
                &actor.username,
                now,
            )
            .await?;
        let detail = serde_json::json!({
            "round": months, "number": evidence.number, "title": title, "date": date, "pages": input.pages, "file_name": file_name,
            "file": file.as_ref().map(|(checked, bytes)| serde_json::json!({
                "kind": checked.kind, "size_bytes": bytes.len(), "sha256": checked.sha256
            })),
        });
        record_audit(&mut tx, actor, now, "kpi_indicator", indicator_id, "add_evidence", None, Some(detail)).await?;
        tx.commit().await?;
        self.indicator(actor, indicator_id).await
    }

    /// The planning group locks a round (read-only from then on); a
    /// monitoring-based result keeps the value it had at that moment.
    pub async fn lock_round(
        &self,
        actor: &Actor,
        indicator_id: i64,
        months: u8,
        input: LockInput,
    ) -> Result<IndicatorView> {
        self.set_lock(actor, indicator_id, months, input, true).await
    }

    /// A planner unlocks a round, giving the reason (kept and audited).
    pub async fn unlock_round(
        &self,
        actor: &Actor,
        indicator_id: i64,
        months: u8,
        input: LockInput,
    ) -> Result<IndicatorView> {
        self.set_lock(actor, indicator_id, months, input, false).await
    }

    async fn set_lock(
        &self,
        actor: &Actor,
        indicator_id: i64,
        months: u8,
        input: LockInput,
        lock: bool,
    ) -> Result<IndicatorView> {
        require_sign_in(actor)?;
        let reason = input.reason.as_deref().map(str::trim).filter(|reason| !reason.is_empty()).map(str::to_string);
        if !lock && reason.is_none() {
            return Err(invalid("reason", "การปลดล็อกต้องระบุเหตุผล", "unlocking needs a reason"));
        }
        let now = self.now();
        // The kept value of a monitoring-based result is read before the write transaction.
        let kept = {
            let mut tx = self.store.begin_read().await?;
            let row = tx.indicator(indicator_id).await?;
            let loaded = load(&mut tx, row.agreement_id).await?;
            authorize_existing(actor, Action::Review, &loaded.resource)?;
            let source = parse_source(&row.source)?;
            let year = fiscal_year(loaded.agreement.fiscal_year)?;
            drop(tx);
            match (lock, self.compute_source(source, loaded.agency_id, year, period(months)?).await?) {
                (true, Some(computed)) => Some(computed.value),
                _ => None,
            }
        };
        let mut tx = self.store.begin().await?;
        let (_, loaded, current) = self.round_for_write(&mut tx, indicator_id, months).await?;
        authorize_existing(actor, Action::Review, &loaded.resource)?;
        if current.version != input.version {
            return Err(ServiceError::Conflict { current_version: current.version });
        }
        if current.locked == lock {
            return Err(ServiceError::InvalidState { status: if lock { "locked" } else { "unlocked" }.into() });
        }
        let mut updated = RoundRow {
            locked: lock,
            locked_by: Some(actor.username.clone()),
            locked_at: Some(now.as_microsecond()),
            unlock_reason: if lock { current.unlock_reason.clone() } else { reason.clone() },
            ..current.clone()
        };
        if let Some(value) = kept {
            updated.result = value.map(|value| serde_json::to_string(&Achievement::Value(value)).expect("serialises"));
        }
        if current.version == 0 {
            tx.save_round(&RoundRow { locked: false, ..updated.clone() }, 0).await?;
            tx.save_round(&updated, 1).await?;
        } else {
            tx.save_round(&updated, current.version).await?;
        }
        let detail = serde_json::json!({ "round": months, "locked": lock, "reason": reason, "result": updated.result });
        let action = if lock { "lock" } else { "unlock" };
        record_audit(&mut tx, actor, now, "kpi_indicator", indicator_id, action, None, Some(detail)).await?;
        tx.commit().await?;
        self.indicator(actor, indicator_id).await
    }

    /// The committee's score of a round (the committee role only).
    pub async fn committee_score(
        &self,
        actor: &Actor,
        indicator_id: i64,
        months: u8,
        input: CommitteeInput,
    ) -> Result<IndicatorView> {
        require_sign_in(actor)?;
        let score = optional_decimal("score", input.score.as_deref())?;
        let now = self.now();
        let mut tx = self.store.begin().await?;
        let (row, loaded, current) = self.round_for_write(&mut tx, indicator_id, months).await?;
        authorize_existing(actor, Action::ScoreAsCommittee, &loaded.resource)?;
        if let Some(score) = score {
            let max = stored_criteria(&row)?.scale().max();
            if score < Decimal::ZERO || score > max {
                return Err(invalid(
                    "score",
                    &format!("คะแนนของคณะกรรมการต้องอยู่ระหว่าง ๐–{max}"),
                    &format!("the committee's score must be within 0–{max}"),
                ));
            }
        }
        if current.version != input.version {
            return Err(ServiceError::Conflict { current_version: current.version });
        }
        let updated = RoundRow {
            committee_score: score.map(|score| score.to_string()),
            committee_by: score.map(|_| actor.username.clone()),
            ..current.clone()
        };
        tx.save_round(&updated, current.version).await?;
        record_audit(
            &mut tx,
            actor,
            now,
            "kpi_indicator",
            indicator_id,
            "committee_score",
            Some(serde_json::json!({ "round": months, "score": current.committee_score })),
            Some(serde_json::json!({ "round": months, "score": updated.committee_score })),
        )
        .await?;
        tx.commit().await?;
        self.indicator(actor, indicator_id).await
    }
}

fn audit_view(row: tidtam_store::AuditEntry) -> tidtam_api::portfolio::AuditEntry {
    tidtam_api::portfolio::AuditEntry {
        id: row.id,
        at: row.at,
        actor_user_id: row.actor_user_id,
        actor_name: row.actor_name,
        entity: row.entity,
        entity_id: row.entity_id,
        action: row.action,
        field: row.field,
        old_value: row.old_value,
        new_value: row.new_value,
    }
}

fn round_json(row: &RoundRow) -> serde_json::Value {
    serde_json::json!({
        "round": row.months,
        "result": row.result,
        "own_level": row.own_level,
        "own_score": row.own_score,
        "own_weighted": row.own_weighted,
        "explanation": row.explanation,
        "supporting_factors": row.supporting_factors,
        "obstacles": row.obstacles,
        "suggestions": row.suggestions,
    })
}

// PMQA

fn level_from_wire(level: PmqaLevel) -> Level {
    match level {
        PmqaLevel::Basic => Level::Basic,
        PmqaLevel::Advance => Level::Advance,
        PmqaLevel::Significance => Level::Significance,
    }
}

fn level_to_wire(level: Level) -> PmqaLevel {
    match level {
        Level::Basic => PmqaLevel::Basic,
        Level::Advance => PmqaLevel::Advance,
        Level::Significance => PmqaLevel::Significance,
    }
}

fn item_score_from_wire(field: &str, score: &PmqaItemScore) -> Result<ItemScore> {
    Ok(ItemScore {
        level: score.level.map(level_from_wire),
        percent: optional_decimal(&format!("{field}.percent"), score.percent.as_deref())?,
        points: optional_decimal(&format!("{field}.points"), score.points.as_deref())?,
    })
}

fn item_score_to_wire(score: &ItemScore) -> PmqaItemScore {
    PmqaItemScore {
        level: score.level.map(level_to_wire),
        percent: score.percent.map(|value| value.to_string()),
        points: score.points.map(|value| value.to_string()),
    }
}

fn item_from_wire(item: &PmqaItemInput, criteria: &PmqaCriteria) -> Result<ItemAssessment> {
    if criteria.item(&item.code).is_none() {
        return Err(invalid(
            "code",
            &format!("ไม่มีประเด็น {} ในเกณฑ์ปี {}", item.code, criteria.fiscal_year),
            &format!("there is no sub-item {} in the {} criteria", item.code, criteria.fiscal_year),
        ));
    }
    Ok(ItemAssessment {
        code: item.code.clone(),
        own: item_score_from_wire("own", &item.own)?,
        assessor: item.assessor.as_ref().map(|score| item_score_from_wire("assessor", score)).transpose()?,
        evidence: item.evidence.iter().map(|text| text.trim().to_string()).filter(|text| !text.is_empty()).collect(),
    })
}

fn result_from_wire(result: &PmqaResultInput) -> Result<ResultIndicator> {
    Ok(ResultIndicator {
        item: result.item.clone(),
        number: result.number,
        name: result.name.clone(),
        unit: result.unit.clone(),
        polarity: match result.polarity {
            PolarityName::Higher => Polarity::Higher,
            PolarityName::Lower => Polarity::Lower,
        },
        target: optional_decimal("target", result.target.as_deref())?,
        target_year: fiscal_year(i64::from(result.target_year))?,
        values: result
            .values
            .iter()
            .map(|value| {
                Ok(YearValue {
                    year: fiscal_year(i64::from(value.year))?,
                    value: optional_decimal("values", value.value.as_deref())?,
                })
            })
            .collect::<Result<_>>()?,
    })
}

fn points(value: Decimal) -> String {
    value.fixed(2)
}

struct LoadedAssessment {
    row: AssessmentRow,
    resource: Resource,
    unit_name: String,
    criteria: PmqaCriteria,
    assessment: Assessment,
    results: Vec<ResultIndicator>,
}

async fn load_assessment(tx: &mut Tx, id: i64) -> Result<LoadedAssessment> {
    let row = tx.assessment(id).await?;
    let (agency_id, division_id, unit_name) = agency_of(tx, row.org_unit_id).await?;
    let resource = Resource::owned(ResourceKind::Performance, agency_id, division_id, false);
    let criteria: PmqaCriteria =
        serde_json::from_str(&row.criteria).map_err(|error| corrupt("pmqa criteria", error))?;
    let items: Vec<ItemAssessment> = serde_json::from_str(&row.items).map_err(|error| corrupt("pmqa items", error))?;
    let results: Vec<ResultIndicator> =
        serde_json::from_str(&row.results).map_err(|error| corrupt("pmqa results", error))?;
    let assessment = Assessment {
        fiscal_year: fiscal_year(row.fiscal_year)?,
        unit: unit_name.clone(),
        items,
        stated_total: stored_decimal(&row.stated_total)?,
    };
    Ok(LoadedAssessment { row, resource, unit_name, criteria, assessment, results })
}

impl Service {
    /// Creates a PMQA assessment with the default criteria of its year (planners of the agency, admins).
    pub async fn create_assessment(&self, actor: &Actor, input: NewAssessment) -> Result<PmqaView> {
        require_sign_in(actor)?;
        let year = fiscal_year(i64::from(input.fiscal_year))?;
        let criteria = PmqaCriteria::default_for(year);
        let stated_total = optional_decimal("stated_total", input.stated_total.as_deref())?;
        if let Some(total) = stated_total
            && (total < Decimal::ZERO || total > criteria.total_max)
        {
            return Err(invalid(
                "stated_total",
                &format!("คะแนนรวมต้องอยู่ระหว่าง ๐–{}", criteria.total_max),
                &format!("the total must be within 0–{}", criteria.total_max),
            ));
        }
        let items = input.items.iter().map(|item| item_from_wire(item, &criteria)).collect::<Result<Vec<_>>>()?;
        let results = input.results.iter().map(result_from_wire).collect::<Result<Vec<_>>>()?;
        let now = self.now();
        let mut tx = self.store.begin().await?;
        let (agency_id, division_id, _) = agency_of(&mut tx, input.org_unit_id).await?;
        authorize(actor, Action::Create, &Resource::owned(ResourceKind::Performance, agency_id, division_id, false))?;
        let row = AssessmentRow {
            id: 0,
            org_unit_id: input.org_unit_id,
            fiscal_year: i64::from(year.be()),
            criteria_version: format!(
                "PMQA 4.0 ({}, {})",
                year.be(),
                if criteria.provisional { "provisional" } else { "OPDC" }
            ),
            criteria: serde_json::to_string(&criteria).expect("criteria serialise"),
            stated_total: stated_total.map(|total| total.to_string()),
            items: serde_json::to_string(&items).expect("items serialise"),
            results: serde_json::to_string(&results).expect("results serialise"),
            version: 1,
        };
        let id = tx.insert_assessment(&row).await?;
        record_audit(&mut tx, actor, now, "pmqa_assessment", id, "create", None, Some(to_json(&input))).await?;
        tx.commit().await?;
        self.pmqa(actor, id).await
    }

    /// Sets one sub-item's own and assessor scores and evidence.
    pub async fn set_pmqa_item(&self, actor: &Actor, assessment_id: i64, input: PmqaItemUpdate) -> Result<PmqaView> {
        require_sign_in(actor)?;
        let now = self.now();
        let mut tx = self.store.begin().await?;
        let loaded = load_assessment(&mut tx, assessment_id).await?;
        authorize_existing(actor, Action::Update, &loaded.resource)?;
        if loaded.row.version != input.version {
            return Err(ServiceError::Conflict { current_version: loaded.row.version });
        }
        let item = item_from_wire(&input.item, &loaded.criteria)?;
        let (_, def) = loaded.criteria.item(&item.code).expect("checked above");
        let single = Assessment { items: vec![item.clone()], stated_total: None, ..loaded.assessment.clone() };
        let scored = single.score(&loaded.criteria);
        if let Some(problem) = scored.findings.iter().find(|f| {
            f.subject == def.code
                && matches!(
                    f.rule,
                    tidtam_score::finding::Rule::PmqaPercentOutOfRange
                        | tidtam_score::finding::Rule::PmqaPointsExceedMax
                )
        }) {
            return Err(invalid("item", &problem.message_th, &problem.message_en));
        }
        let mut items = loaded.assessment.items.clone();
        let old = items.iter().find(|existing| existing.code == item.code).cloned();
        items.retain(|existing| existing.code != item.code);
        items.push(item.clone());
        items.sort_by(|a, b| a.code.cmp(&b.code));
        let row =
            AssessmentRow { items: serde_json::to_string(&items).expect("items serialise"), ..loaded.row.clone() };
        tx.update_assessment(&row, input.version).await?;
        record_audit(
            &mut tx,
            actor,
            now,
            "pmqa_assessment",
            assessment_id,
            "set_item",
            old.map(|old| to_json(&old)),
            Some(to_json(&item)),
        )
        .await?;
        tx.commit().await?;
        self.pmqa(actor, assessment_id).await
    }

    /// The assessments the actor may read: (id, Buddhist-era year, unit name).
    pub async fn assessments(&self, actor: &Actor) -> Result<Vec<(i64, i32, String)>> {
        let mut tx = self.store.begin_read().await?;
        let mut out = Vec::new();
        for row in tx.assessments().await? {
            let (agency_id, division_id, name) = agency_of(&mut tx, row.org_unit_id).await?;
            if can(actor, Action::Read, &Resource::owned(ResourceKind::Performance, agency_id, division_id, false)) {
                out.push((row.id, row.fiscal_year as i32, name));
            }
        }
        Ok(out)
    }

    /// The assessment of a fiscal year: of `unit`, else the first the actor may read.
    pub async fn pmqa_of_year(&self, actor: &Actor, year: FiscalYear, unit: Option<i64>) -> Result<Option<PmqaView>> {
        for (id, be, _) in self.assessments(actor).await? {
            if be != year.be() {
                continue;
            }
            let view = self.pmqa(actor, id).await?;
            if unit.is_none_or(|unit| unit == view.org_unit_id) {
                return Ok(Some(view));
            }
        }
        Ok(None)
    }

    /// One assessment scored, with the gap, the closing plan, category 7 and the previous year of the same unit.
    pub async fn pmqa(&self, actor: &Actor, id: i64) -> Result<PmqaView> {
        let mut tx = self.store.begin_read().await?;
        let loaded = load_assessment(&mut tx, id).await?;
        authorize(actor, Action::Read, &loaded.resource).map_err(|_| ServiceError::NotFound)?;
        let previous_row = tx
            .assessments()
            .await?
            .into_iter()
            .filter(|row| row.org_unit_id == loaded.row.org_unit_id && row.fiscal_year < loaded.row.fiscal_year)
            .max_by_key(|row| row.fiscal_year);
        let previous = match previous_row {
            Some(row) => {
                let previous = load_assessment(&mut tx, row.id).await?;
                Some(previous.assessment.score(&previous.criteria))
            }
            None => None,
        };
        let score = loaded.assessment.score(&loaded.criteria);
        Ok(pmqa_view(&loaded, &score, previous.as_ref()))
    }
}

fn pmqa_view(loaded: &LoadedAssessment, score: &PmqaScore, previous: Option<&PmqaScore>) -> PmqaView {
    let comparison = previous.map(|previous| tidtam_score::pmqa::compare(previous, score));
    let category_previous = |number: u8| {
        comparison
            .as_ref()
            .and_then(|c| c.categories.iter().find(|(n, _)| *n == number))
            .and_then(|(_, change)| change.previous)
            .map(points)
    };
    let item_previous = |code: &str| {
        comparison
            .as_ref()
            .and_then(|c| c.items.iter().find(|(item, _)| item == code))
            .and_then(|(_, change)| change.previous)
            .map(points)
    };
    let categories = loaded
        .criteria
        .categories
        .iter()
        .map(|category| {
            let result = score.categories.iter().find(|c| c.number == category.number);
            PmqaCategoryView {
                number: category.number,
                name_th: category.name_th.clone(),
                name_en: category.name_en.clone(),
                max: points(category.max_points),
                points: (!score.total_only).then(|| result.map(|c| points(c.points))).flatten(),
                assessor_points: result.and_then(|c| c.assessor_points).map(points),
                previous_points: category_previous(category.number),
                items: category
                    .items
                    .iter()
                    .map(|def| {
                        let assessed = loaded.assessment.items.iter().find(|item| item.code == def.code);
                        let result = score.items.iter().find(|item| item.code == def.code);
                        PmqaItemView {
                            code: def.code.clone(),
                            name_th: def.name_th.clone(),
                            name_en: def.name_en.clone(),
                            max: points(def.max_points),
                            own: assessed.map(|item| item_score_to_wire(&item.own)),
                            points: result.and_then(|item| item.points).map(points),
                            assessor: assessed.and_then(|item| item.assessor.as_ref()).map(item_score_to_wire),
                            assessor_points: result.and_then(|item| item.assessor_points).map(points),
                            evidence: assessed.map(|item| item.evidence.clone()).unwrap_or_default(),
                            previous_points: item_previous(&def.code),
                        }
                    })
                    .collect(),
            }
        })
        .collect();
    let plan = score.closing_plan(&loaded.criteria).filter(|_| !score.reached());
    let name_of = |code: &str| loaded.criteria.item(code).map(|(_, def)| def.name_th.clone()).unwrap_or_default();
    let results = loaded
        .results
        .iter()
        .map(|result| PmqaResultView {
            item: result.item.clone(),
            number: result.number,
            name: result.name.clone(),
            unit: result.unit.clone(),
            polarity: match result.polarity {
                Polarity::Higher => PolarityName::Higher,
                Polarity::Lower => PolarityName::Lower,
            },
            target: result.target.map(|value| value.to_string()),
            target_year: result.target_year.be(),
            values: result
                .values
                .iter()
                .map(|value| PmqaYearValue { year: value.year.be(), value: value.value.map(|v| v.to_string()) })
                .collect(),
            status: result.status().map(|status| {
                match status {
                    TargetStatus::Met => "met",
                    TargetStatus::Missed => "missed",
                    TargetStatus::NoValue => "no_value",
                }
                .to_string()
            }),
            trend: match result.trend() {
                Trend::Improving => "improving",
                Trend::Worsening => "worsening",
                Trend::Steady => "steady",
                Trend::Mixed => "mixed",
                Trend::Insufficient => "insufficient",
            }
            .to_string(),
        })
        .collect();
    PmqaView {
        id: loaded.row.id,
        version: loaded.row.version,
        org_unit_id: loaded.row.org_unit_id,
        org_unit_name: loaded.unit_name.clone(),
        fiscal_year: loaded.row.fiscal_year as i32,
        criteria_version: loaded.row.criteria_version.clone(),
        provisional: loaded.criteria.provisional,
        total: points(score.total),
        assessor_total: score.assessor_total.map(points),
        max: points(score.max),
        threshold: points(score.threshold),
        gap: points(score.gap),
        reached: score.reached(),
        total_only: score.total_only,
        categories,
        closing_added: plan.as_ref().map(|plan| points(plan.added)),
        closing_plan: plan.map(|plan| {
            plan.raises
                .iter()
                .map(|raise| PmqaRaise {
                    code: raise.code.clone(),
                    name_th: name_of(&raise.code),
                    from_points: points(raise.from_points),
                    to_points: points(raise.to_points),
                })
                .collect()
        }),
        results,
        previous_year: previous.map(|previous| previous.fiscal_year.be()),
        previous_total: previous.map(|previous| points(previous.total)),
        findings: score.findings.iter().map(finding).collect(),
    }
}
