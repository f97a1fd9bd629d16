//! The register of official statistics (บัญชีสถิติทางการ) and the statistical
//! system's status.
//!
//! Who may do what is `tidtam_domain::policy`'s (`ResourceKind::OfficialStatistic`):
//! everyone reads the register; statisticians of the owner agency and admins
//! add, change and remove entries, audited in the same transaction.
//!
//! Statuses are computed on every read, never stored: for each entry, the
//! first publication of each period in its hub dataset (`Tx::first_releases`)
//! goes through `tidtam_stats::register::status` with today's Thai date. A
//! release counts whether or not its dataset is published yet: the register
//! follows production (a load is the agency's release of the period), and
//! publication in the catalog is the hub's own later step. Only dates and
//! periods leave a draft this way, never its values.

use std::collections::BTreeMap;

use jiff::civil::Date;
use tidtam_api::exports::{StatisticYearRow, StatisticsYearSummary};
use tidtam_api::register::{
    ProvinceGap, RegisterEntry, RegisterEntryDetail, RegisterEntryInput, StatisticPeriod, StatisticStatus,
    StatisticsSystem, StatusCounts, StatusGroup,
};
use tidtam_domain::FiscalYear;
use tidtam_domain::model::FieldError;
use tidtam_domain::policy::{Action, Actor, Resource, ResourceKind, can};
use tidtam_stats::codelist::{Codelist, SECTOR, province_code};
use tidtam_stats::model::DimensionId;
use tidtam_stats::period::{Period, YearKind};
use tidtam_stats::register::{
    Calendar, Coverage, Entry, Frequency, GeoLevel, MonthDay, Schedule, Status, StatusKind, missing_areas, status,
    year_counts,
};
use tidtam_stats::release::thai_date;
use tidtam_store::{RegisterRow, StoreError, Tx};
use tidtam_thai::date::{DateStyle, format_date_th};

use crate::{Result, Service, ServiceError, authorize, authorize_existing, record_audit, require_sign_in};

fn resource(agency_id: i64) -> Resource {
    Resource::owned(ResourceKind::OfficialStatistic, Some(agency_id), None, true)
}

/// Reads a client's entry into the register's definition: every problem at
/// once (field names as the client sent them), in Thai and English.
pub fn entry_from_input(input: &RegisterEntryInput, sectors: &Codelist) -> Result<Entry> {
    let mut errors = Vec::new();
    let frequency = Frequency::parse(input.frequency.trim(), input.every_years);
    if frequency.is_none() {
        errors.push(FieldError::new(
            "frequency",
            "ความถี่ต้องเป็น monthly, quarterly, annual หรือ every_years พร้อมจำนวนปี 2 ถึง 20",
            "the frequency is monthly, quarterly, annual, or every_years with 2 to 20 years",
        ));
    }
    let first = Period::parse_th(&input.first_period, YearKind::Calendar);
    if first.is_none() {
        errors.push(FieldError::new(
            "first_period",
            "อ่านงวดแรกไม่ได้ (เช่น 2567, ปีงบประมาณ 2567, ไตรมาส 1/2567, ม.ค. 2567)",
            "the first period cannot be read (e.g. 2024, 2024-Q1, 2024-01, 2023-10-01/P1Y)",
        ));
    }
    let calendar = match input.calendar.trim() {
        "" | "none" => None,
        "lag" => Some(Calendar::Lag { months: input.lag_months, days: input.lag_days }),
        "dates" => {
            let dates: Vec<Option<MonthDay>> = input.release_dates.iter().map(|d| MonthDay::parse(d)).collect();
            if dates.iter().any(Option::is_none) {
                errors.push(FieldError::new(
                    "release_dates",
                    "วันเผยแพร่ต้องเขียนเป็น เดือน-วัน เช่น 03-31 (ไม่ใช้ 29 ก.พ.)",
                    "release dates are month-day such as 03-31 (not 29 February)",
                ));
            }
            let mut dates: Vec<MonthDay> = dates.into_iter().flatten().collect();
            dates.sort();
            dates.dedup();
            Some(Calendar::Dates { dates })
        }
        _ => {
            errors.push(FieldError::new(
                "calendar",
                "ปฏิทินเผยแพร่ต้องเป็น lag, dates หรือ none",
                "the release calendar is lag, dates or none",
            ));
            None
        }
    };
    let geo_level = GeoLevel::parse(input.geo_level.trim());
    if geo_level.is_none() {
        errors.push(FieldError::new(
            "geo_level",
            "ระดับพื้นที่ต้องเป็น country, region หรือ province",
            "the geographic level is country, region or province",
        ));
    }
    let text = |s: &Option<String>| s.as_deref().map(str::trim).filter(|s| !s.is_empty()).map(str::to_owned);
    let entry = Entry {
        code: input.code.trim().to_owned(),
        name_th: input.name_th.trim().to_owned(),
        name_en: input.name_en.trim().to_owned(),
        sector: input.sector.trim().to_owned(),
        geo_level: geo_level.unwrap_or(GeoLevel::Country),
        schedule: Schedule {
            frequency: frequency.unwrap_or(Frequency::Annual),
            first: first.unwrap_or(Period::Year(2000)),
            calendar,
        },
        dataset: text(&input.dataset),
        indicator: text(&input.indicator),
    };
    for e in entry.validate(sectors) {
        // A frequency or period already refused says it once.
        let known = errors.iter().any(|k: &FieldError| k.field == e.field)
            || (e.field == "first_period" && (frequency.is_none() || first.is_none()));
        if !known {
            errors.push(FieldError::new(&e.field, &e.message_th, &e.message_en));
        }
    }
    if errors.is_empty() { Ok(entry) } else { Err(ServiceError::Invalid(errors)) }
}

/// One entry judged on a date.
#[derive(Clone, Debug, PartialEq)]
pub struct Judged {
    pub row: RegisterRow,
    pub status: Status,
    /// Province-level statistics: the provinces whose series lacks the latest period.
    pub missing_provinces: Vec<String>,
}

/// Every province's area code ("TH-10" …), in code order.
fn province_codes() -> Vec<String> {
    tidtam_thai::province::PROVINCES.iter().map(|p| province_code(p.code)).collect()
}

/// Judges one entry from the hub's releases as of `today`.
async fn judge(tx: &mut Tx, row: RegisterRow, today: Date) -> Result<Judged> {
    let schedule = &row.entry.schedule;
    let dataset = match &row.entry.dataset {
        Some(code) => match tx.stat_dataset(code).await {
            Ok(d) => Some(d),
            Err(StoreError::NotFound) => None,
            Err(e) => return Err(e.into()),
        },
        None => None,
    };
    let Some(dataset) = dataset else {
        return Ok(Judged { status: Status::without_dataset(schedule, today), row, missing_provinces: Vec::new() });
    };
    let rows = tx.first_releases(dataset.id, row.entry.indicator.as_deref()).await?;
    let area = dataset.dataset.dimensions.iter().position(|d| *d == DimensionId::Area);
    let coverage = Coverage::from_rows(
        rows.iter().map(|(series, period, at)| (series.as_slice(), *period, thai_date(*at))),
        row.entry.indicator.as_deref(),
        area,
    );
    let judged = status(schedule, &coverage.all, today);
    let missing_provinces = match (row.entry.geo_level, judged.latest) {
        (GeoLevel::Province, Some(latest)) if judged.kind != StatusKind::NotProduced => {
            missing_areas(&coverage, &province_codes(), latest, today)
        }
        _ => Vec::new(),
    };
    Ok(Judged { row, status: judged, missing_provinces })
}

fn be(d: Date) -> String {
    format_date_th(d, DateStyle::ShortArabic)
}

fn status_view(j: &Judged) -> StatisticStatus {
    let latest = j.status.latest.and_then(|p| j.status.periods.iter().find(|s| s.period == p));
    StatisticStatus {
        status: j.status.kind.code().into(),
        status_th: j.status.kind.name_th().into(),
        status_en: j.status.kind.name_en().into(),
        latest_period: latest.map(|p| p.period.sdmx()),
        latest_period_th: latest.map(|p| p.period.label_th()),
        latest_due: latest.and_then(|p| p.due).map(|d| d.to_string()),
        latest_released: latest.and_then(|p| p.released).map(|d| d.to_string()),
        overdue_periods: j.status.overdue().map(|p| p.period.sdmx()).collect(),
        missing_provinces: j.missing_provinces.clone(),
    }
}

/// The wire view of a judged entry.
pub fn entry_view(j: &Judged, sectors: &Codelist) -> RegisterEntry {
    let e = &j.row.entry;
    let sector = sectors.get(&e.sector);
    let (calendar, lag_months, lag_days, release_dates) = match &e.schedule.calendar {
        None => ("none", 0, 0, Vec::new()),
        Some(Calendar::Lag { months, days }) => ("lag", *months, *days, Vec::new()),
        Some(Calendar::Dates { dates }) => ("dates", 0, 0, dates.iter().map(ToString::to_string).collect()),
    };
    RegisterEntry {
        code: e.code.clone(),
        name_th: e.name_th.clone(),
        name_en: e.name_en.clone(),
        agency_id: j.row.agency_id,
        agency_name: j.row.agency_name.clone(),
        sector: e.sector.clone(),
        sector_th: sector.map_or_else(|| e.sector.clone(), |c| c.name_th.clone()),
        sector_en: sector.map_or_else(|| e.sector.clone(), |c| c.name_en.clone()),
        geo_level: e.geo_level.code().into(),
        frequency: e.schedule.frequency.kind().into(),
        every_years: e.schedule.frequency.years(),
        frequency_th: e.schedule.frequency.label_th(),
        first_period: e.schedule.first.sdmx(),
        calendar: calendar.into(),
        lag_months,
        lag_days,
        release_dates,
        calendar_th: e.schedule.calendar.as_ref().map_or_else(|| "ไม่มีปฏิทินเผยแพร่".into(), Calendar::label_th),
        calendar_en: e.schedule.calendar.as_ref().map_or_else(|| "No release calendar".into(), Calendar::label_en),
        dataset: e.dataset.clone(),
        indicator: e.indicator.clone(),
        version: j.row.version,
        status: status_view(j),
    }
}

fn detail_view(j: &Judged, sectors: &Codelist) -> RegisterEntryDetail {
    RegisterEntryDetail {
        entry: entry_view(j, sectors),
        periods: j
            .status
            .periods
            .iter()
            .map(|p| StatisticPeriod {
                period: p.period.sdmx(),
                period_th: p.period.label_th(),
                due: p.due.map(|d| d.to_string()),
                released: p.released.map(|d| d.to_string()),
                state: serde_json::to_value(p.state)
                    .ok()
                    .and_then(|v| v.as_str().map(str::to_owned))
                    .unwrap_or_default(),
                state_th: p.state.name_th().into(),
                state_en: p.state.name_en().into(),
            })
            .collect(),
    }
}

/// Which entries the statistics-system page lists (`None`: any).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SystemFilter {
    pub status: Option<StatusKind>,
    pub sector: Option<String>,
    pub agency_id: Option<i64>,
    /// Province-level statistics whose series for this area ("TH-50") lacks the latest period.
    pub province: Option<String>,
}

impl SystemFilter {
    pub fn matches(&self, j: &Judged) -> bool {
        self.status.is_none_or(|s| s == j.status.kind)
            && self.sector.as_ref().is_none_or(|s| *s == j.row.entry.sector)
            && self.agency_id.is_none_or(|a| a == j.row.agency_id)
            && self.province.as_ref().is_none_or(|p| j.missing_provinces.contains(p))
    }
}

/// Adds one status to counts.
fn count(counts: &mut StatusCounts, kind: StatusKind) {
    counts.total += 1;
    match kind {
        StatusKind::OnTime => counts.on_time += 1,
        StatusKind::Late => counts.late += 1,
        StatusKind::Produced => counts.produced += 1,
        StatusKind::NotProduced => counts.not_produced += 1,
    }
}

/// The year a summary covers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SummaryYear {
    /// A calendar year, by its BE number.
    Calendar(i32),
    Fiscal(FiscalYear),
}

impl SummaryYear {
    /// Its first and last day; `None` for a year outside the range the program keeps.
    pub fn days(self) -> Option<(Date, Date)> {
        match self {
            SummaryYear::Calendar(be) => {
                let ce = i16::try_from(tidtam_thai::date::be_to_ce(be)).ok()?;
                Some((Date::new(ce, 1, 1).ok()?, Date::new(ce, 12, 31).ok()?))
            }
            SummaryYear::Fiscal(fy) => Some((fy.start(), fy.end())),
        }
    }

    pub fn label_th(self) -> String {
        match self {
            SummaryYear::Calendar(be) => format!("ปี {be}"),
            SummaryYear::Fiscal(fy) => format!("ปีงบประมาณ {}", fy.be()),
        }
    }
}

impl Service {
    fn today(&self) -> Date {
        thai_date(self.now())
    }

    /// Every entry judged as of today, by code.
    async fn judge_all(&self) -> Result<(Vec<Judged>, Codelist, Date)> {
        let today = self.today();
        let mut tx = self.store.begin_read().await?;
        let rows = tx.register_entries().await?;
        let mut judged = Vec::with_capacity(rows.len());
        for row in rows {
            judged.push(judge(&mut tx, row, today).await?);
        }
        let sectors = crate::stats_codes::read_list(&mut tx, SECTOR).await?;
        tx.rollback().await?;
        Ok((judged, sectors, today))
    }

    /// The dataset and indicator an entry names must exist and be visible to the actor.
    async fn check_dataset(tx: &mut Tx, actor: &Actor, entry: &Entry) -> Result<()> {
        let Some(code) = &entry.dataset else { return Ok(()) };
        let missing = || {
            ServiceError::Invalid(vec![FieldError::new(
                "dataset",
                &format!("ไม่มีชุดข้อมูล {code} ในคลังข้อมูลสถิติ"),
                &format!("the hub has no dataset {code}"),
            )])
        };
        let row = match tx.stat_dataset(code).await {
            Ok(row) => row,
            Err(StoreError::NotFound) => return Err(missing()),
            Err(e) => return Err(e.into()),
        };
        let visible = Resource::owned(ResourceKind::StatDataset, Some(row.agency_id), None, row.published);
        if !can(actor, Action::Read, &visible) {
            return Err(missing());
        }
        if let Some(indicator) = &entry.indicator
            && row.dataset.indicator(indicator).is_none()
        {
            return Err(ServiceError::Invalid(vec![FieldError::new(
                "indicator",
                &format!("ชุดข้อมูล {code} ไม่มีตัวชี้วัด {indicator}"),
                &format!("dataset {code} has no indicator {indicator}"),
            )]));
        }
        Ok(())
    }

    /// Adds a statistic to the register (its agency's statisticians, admins; audited).
    pub async fn create_register_entry(
        &self,
        actor: &Actor,
        input: &RegisterEntryInput,
    ) -> Result<RegisterEntryDetail> {
        authorize(actor, Action::Create, &resource(input.agency_id))?;
        let now = self.now();
        let mut tx = self.store.begin().await?;
        let sectors = crate::stats_codes::read_list(&mut tx, SECTOR).await?;
        let entry = entry_from_input(input, &sectors)?;
        Self::check_dataset(&mut tx, actor, &entry).await?;
        tx.org_unit(input.agency_id).await.map_err(|e| match e {
            StoreError::NotFound => {
                ServiceError::Invalid(vec![FieldError::new("agency_id", "ไม่มีหน่วยงานนี้", "no such agency")])
            }
            other => other.into(),
        })?;
        let id = tx.insert_register_entry(input.agency_id, &entry, now).await?;
        record_audit(
            &mut tx,
            actor,
            now,
            "stat_register",
            id,
            "create",
            None,
            Some(audit_record(input.agency_id, &entry)),
        )
        .await?;
        let row = tx.register_entry(&entry.code).await?;
        let judged = judge(&mut tx, row, thai_date(now)).await?;
        tx.commit().await?;
        Ok(detail_view(&judged, &sectors))
    }

    /// Changes an entry at `input.version` (also its owner, within what the
    /// caller may keep; audited field by field).
    pub async fn update_register_entry(
        &self,
        actor: &Actor,
        code: &str,
        input: &RegisterEntryInput,
    ) -> Result<RegisterEntryDetail> {
        require_sign_in(actor)?;
        let now = self.now();
        let mut tx = self.store.begin().await?;
        let row = tx.register_entry(code).await?;
        authorize_existing(actor, Action::Update, &resource(row.agency_id))?;
        authorize(actor, Action::Update, &resource(input.agency_id))?;
        let version = input.version.ok_or_else(|| {
            ServiceError::Invalid(vec![FieldError::new("version", "ต้องระบุรุ่น (version)", "the version is required")])
        })?;
        let sectors = crate::stats_codes::read_list(&mut tx, SECTOR).await?;
        let entry = entry_from_input(input, &sectors)?;
        if entry.code != row.entry.code {
            return Err(ServiceError::Invalid(vec![FieldError::new(
                "code",
                "เปลี่ยนรหัสสถิติไม่ได้",
                "a statistic's code cannot change",
            )]));
        }
        Self::check_dataset(&mut tx, actor, &entry).await?;
        if input.agency_id != row.agency_id {
            tx.org_unit(input.agency_id).await.map_err(|e| match e {
                StoreError::NotFound => {
                    ServiceError::Invalid(vec![FieldError::new("agency_id", "ไม่มีหน่วยงานนี้", "no such agency")])
                }
                other => other.into(),
            })?;
        }
        tx.update_register_entry(row.id, version, input.agency_id, &entry, now).await?;
        record_audit(
            &mut tx,
            actor,
            now,
            "stat_register",
            row.id,
            "update",
            Some(audit_record(row.agency_id, &row.entry)),
            Some(audit_record(input.agency_id, &entry)),
        )
        .await?;
        let row = tx.register_entry(code).await?;
        let judged = judge(&mut tx, row, thai_date(now)).await?;
        tx.commit().await?;
        Ok(detail_view(&judged, &sectors))
    }

    /// Removes an entry at `version` (audited with what it was).
    pub async fn delete_register_entry(&self, actor: &Actor, code: &str, version: i64) -> Result<()> {
        require_sign_in(actor)?;
        let now = self.now();
        let mut tx = self.store.begin().await?;
        let row = tx.register_entry(code).await?;
        authorize_existing(actor, Action::Delete, &resource(row.agency_id))?;
        tx.delete_register_entry(row.id, version).await?;
        record_audit(
            &mut tx,
            actor,
            now,
            "stat_register",
            row.id,
            "delete",
            Some(audit_record(row.agency_id, &row.entry)),
            None,
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// One entry with every period behind its status (anyone may read the register).
    pub async fn register_entry(&self, actor: &Actor, code: &str) -> Result<RegisterEntryDetail> {
        let mut tx = self.store.begin_read().await?;
        let row = tx.register_entry(code).await?;
        authorize(actor, Action::Read, &resource(row.agency_id))?;
        let judged = judge(&mut tx, row, self.today()).await?;
        let sectors = crate::stats_codes::read_list(&mut tx, SECTOR).await?;
        tx.rollback().await?;
        Ok(detail_view(&judged, &sectors))
    }

    /// The statistical system today: counts over the whole register by status,
    /// sector, agency and province, and the entries `filter` keeps.
    pub async fn statistics_system(&self, actor: &Actor, filter: &SystemFilter) -> Result<StatisticsSystem> {
        authorize(actor, Action::Read, &Resource::global(ResourceKind::OfficialStatistic))?;
        let (judged, sectors, today) = self.judge_all().await?;
        let mut counts = StatusCounts::default();
        let mut by_sector: BTreeMap<String, StatusGroup> = BTreeMap::new();
        let mut by_agency: BTreeMap<i64, StatusGroup> = BTreeMap::new();
        let mut missing: BTreeMap<String, i64> = BTreeMap::new();
        for j in &judged {
            count(&mut counts, j.status.kind);
            let e = &j.row.entry;
            let sector = sectors.get(&e.sector);
            let group = by_sector.entry(e.sector.clone()).or_insert_with(|| StatusGroup {
                key: e.sector.clone(),
                name_th: sector.map_or_else(|| e.sector.clone(), |c| c.name_th.clone()),
                name_en: sector.map_or_else(|| e.sector.clone(), |c| c.name_en.clone()),
                counts: StatusCounts::default(),
            });
            count(&mut group.counts, j.status.kind);
            let group = by_agency.entry(j.row.agency_id).or_insert_with(|| StatusGroup {
                key: j.row.agency_id.to_string(),
                name_th: j.row.agency_name.clone(),
                name_en: j.row.agency_name.clone(),
                counts: StatusCounts::default(),
            });
            count(&mut group.counts, j.status.kind);
            for area in &j.missing_provinces {
                *missing.entry(area.clone()).or_default() += 1;
            }
        }
        let mut by_agency: Vec<StatusGroup> = by_agency.into_values().collect();
        by_agency.sort_by(|a, b| a.name_th.cmp(&b.name_th));
        let mut by_province: Vec<ProvinceGap> = tidtam_thai::province::PROVINCES
            .iter()
            .filter_map(|p| {
                let area = province_code(p.code);
                let n = *missing.get(&area)?;
                Some(ProvinceGap { area, name_th: p.name_th.into(), name_en: p.name_en.into(), missing: n })
            })
            .collect();
        by_province.sort_by(|a, b| b.missing.cmp(&a.missing).then_with(|| a.area.cmp(&b.area)));
        Ok(StatisticsSystem {
            as_of: today.to_string(),
            counts,
            by_sector: by_sector.into_values().collect(),
            by_agency,
            by_province,
            entries: judged.iter().filter(|j| filter.matches(j)).map(|j| entry_view(j, &sectors)).collect(),
        })
    }

    /// The late statistics of the actor's own agency, for its users' dashboard
    /// (none for a caller with no agency).
    pub async fn late_statistics_of_my_agency(&self, actor: &Actor) -> Result<Vec<RegisterEntry>> {
        let Some(agency) = actor.agency_id else { return Ok(Vec::new()) };
        let today = self.today();
        let mut tx = self.store.begin_read().await?;
        let rows: Vec<RegisterRow> =
            tx.register_entries().await?.into_iter().filter(|r| r.agency_id == agency).collect();
        let mut late = Vec::new();
        for row in rows {
            let j = judge(&mut tx, row, today).await?;
            if j.status.kind == StatusKind::Late {
                late.push(j);
            }
        }
        let sectors = crate::stats_codes::read_list(&mut tx, SECTOR).await?;
        tx.rollback().await?;
        Ok(late.iter().map(|j| entry_view(j, &sectors)).collect())
    }

    /// The yearly summary: per statistic, the periods due in the year (by
    /// today), released on time, late and missing.
    pub async fn export_statistics_year(&self, actor: &Actor, year: SummaryYear) -> Result<StatisticsYearSummary> {
        authorize(actor, Action::Read, &Resource::global(ResourceKind::OfficialStatistic))?;
        let (from, to) = year.days().ok_or_else(|| {
            ServiceError::Invalid(vec![FieldError::new("year", "ปีอยู่นอกช่วงที่รองรับ", "the year is out of range")])
        })?;
        let (judged, sectors, today) = self.judge_all().await?;
        let rows = judged
            .iter()
            .map(|j| {
                let c = year_counts(&j.status, from, to, today);
                let e = &j.row.entry;
                StatisticYearRow {
                    code: e.code.clone(),
                    name_th: e.name_th.clone(),
                    agency: j.row.agency_name.clone(),
                    sector_th: sectors.get(&e.sector).map_or_else(|| e.sector.clone(), |c| c.name_th.clone()),
                    frequency_th: e.schedule.frequency.label_th(),
                    due: c.due,
                    on_time: c.on_time,
                    released_late: c.released_late,
                    missing: c.missing,
                    missing_periods_th: j
                        .status
                        .overdue()
                        .filter(|p| p.due.is_some_and(|d| d >= from && d <= to))
                        .map(|p| p.period.label_th())
                        .collect(),
                    status_th: j.status.kind.name_th().into(),
                }
            })
            .collect();
        Ok(StatisticsYearSummary {
            year_th: year.label_th(),
            from_th: be(from),
            to_th: be(to),
            as_of_th: be(today),
            rows,
        })
    }
}

/// What the audit trail keeps of an entry: its owner and definition, one field each.
fn audit_record(agency_id: i64, entry: &Entry) -> serde_json::Value {
    let mut value = crate::to_json(entry);
    if let Some(map) = value.as_object_mut() {
        map.insert("agency_id".into(), agency_id.into());
    }
    value
}
