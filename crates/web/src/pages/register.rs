//! `/statistics-system`: the register of official statistics and how the
//! statistical system is doing today. Counts by status, by sector, by owner
//! agency and, for province-level statistics, by the province whose series
//! lacks the latest period; every count links to exactly the list behind it
//! (the same page filtered), dates in the Buddhist era, the yearly summary
//! as a workbook. Read through `Service::statistics_system`, as the JSON API.
//! `/statistics-system/entry/{code}` shows one statistic's periods and, for who
//! may keep it, the form to change or remove it; `/statistics-system/new` adds one.

use axum::extract::State;
use jiff::civil::Date;
use maud::{Markup, html};
use tidtam_api::register::{RegisterEntry, StatusCounts};
use tidtam_domain::FiscalYear;
use tidtam_stats::codelist::SECTOR;
use tidtam_stats::period::Period;
use tidtam_stats::register::StatusKind;

use super::prefs::Prefs;
use super::shell::{OrPage, PageError, PageResult, Viewer, layout, page};
use crate::AppState;
use crate::extract::Params;
use crate::routes::register::FilterQuery;

/// The page's URL for a filter (the counts' links).
pub fn href(status: Option<StatusKind>, sector: Option<&str>, agency: Option<i64>, province: Option<&str>) -> String {
    let mut pairs: Vec<(&str, String)> = Vec::new();
    if let Some(s) = status {
        pairs.push(("status", s.code().into()));
    }
    if let Some(s) = sector {
        pairs.push(("sector", s.into()));
    }
    if let Some(a) = agency {
        pairs.push(("agency", a.to_string()));
    }
    if let Some(p) = province {
        pairs.push(("province", p.into()));
    }
    if pairs.is_empty() {
        return "/statistics-system#entries".into();
    }
    format!("/statistics-system?{}#entries", serde_urlencoded::to_string(&pairs).unwrap_or_default())
}

fn of(counts: &StatusCounts, kind: StatusKind) -> i64 {
    match kind {
        StatusKind::OnTime => counts.on_time,
        StatusKind::Late => counts.late,
        StatusKind::Produced => counts.produced,
        StatusKind::NotProduced => counts.not_produced,
    }
}

fn status_name(prefs: Prefs, kind: StatusKind) -> &'static str {
    prefs.t(kind.name_th(), kind.name_en())
}

fn date(prefs: Prefs, iso: Option<&str>) -> String {
    iso.and_then(|d| d.parse::<Date>().ok()).map_or_else(|| "–".into(), |d| prefs.date(d))
}

fn period(prefs: Prefs, sdmx: &str) -> String {
    let label = Period::parse_sdmx(sdmx).map_or_else(|| sdmx.to_owned(), |p| p.label_th());
    prefs.digits(label)
}

/// One row of counts: the total and each status, each a link.
fn count_cells(prefs: Prefs, counts: &StatusCounts, link: impl Fn(Option<StatusKind>) -> String) -> Markup {
    html! {
        td.num { a href=(link(None)) data-count=(counts.total) { (prefs.int(counts.total)) } }
        @for kind in StatusKind::ALL {
            td.num { a href=(link(Some(kind))) data-count=(of(counts, kind)) { (prefs.int(of(counts, kind))) } }
        }
    }
}

fn count_header(prefs: Prefs, first: &str) -> Markup {
    html! {
        thead { tr {
            th scope="col" { (first) }
            th scope="col" { (prefs.t("ทั้งหมด", "All")) }
            @for kind in StatusKind::ALL { th scope="col" { (status_name(prefs, kind)) } }
        } }
    }
}

fn entry_row(prefs: Prefs, e: &RegisterEntry) -> Markup {
    let s = &e.status;
    let kind = StatusKind::parse(&s.status).unwrap_or(StatusKind::NotProduced);
    html! {
        tr data-code=(e.code) data-status=(s.status) {
            td { a href={ "/statistics-system/entry/" (e.code) } { code { (e.code) } } }
            td { (prefs.t(&e.name_th, &e.name_en)) }
            td { (e.agency_name) }
            td { (prefs.t(&e.sector_th, &e.sector_en)) }
            td { (if prefs.en() { e.frequency.clone() } else { e.frequency_th.clone() }) }
            td { (prefs.digits(prefs.t(&e.calendar_th, &e.calendar_en))) }
            td { @if let Some(p) = &s.latest_period { (period(prefs, p)) } @else { "–" } }
            td { (date(prefs, s.latest_due.as_deref())) }
            td { (date(prefs, s.latest_released.as_deref())) }
            td { span class={ "status status-" (s.status) } { (status_name(prefs, kind)) } }
            td {
                @if !s.overdue_periods.is_empty() {
                    (s.overdue_periods.iter().map(|p| period(prefs, p)).collect::<Vec<_>>().join(", "))
                }
                @if !s.missing_provinces.is_empty() {
                    @if !s.overdue_periods.is_empty() { br; }
                    (prefs.t("จังหวัดที่ขาดงวดล่าสุด", "Provinces missing the latest period")) ": " (prefs.int(s.missing_provinces.len() as i64))
                }
            }
            td { @if let Some(d) = &e.dataset { a href={ "/stats/" (d) } { (d) } @if let Some(i) = &e.indicator { " / " (i) } } }
        }
    }
}

pub async fn system(State(state): State<AppState>, viewer: Viewer, Params(query): Params<FilterQuery>) -> PageResult {
    let prefs = viewer.prefs;
    let filter = query.filter().map_err(|e| PageError::App(e, prefs))?;
    let system = state.service.statistics_system(&viewer.actor, &filter).await.or_page(&viewer)?;
    let sectors = state.service.stat_codelist(SECTOR).await.or_page(&viewer)?;
    let as_of = system.as_of.parse::<Date>().ok();
    let fy = as_of.map(FiscalYear::of);
    let filtered =
        filter.status.is_some() || filter.sector.is_some() || filter.agency_id.is_some() || filter.province.is_some();
    let title = prefs.t("ระบบติดตามสถิติทางการ", "Official statistics: the statistical system");
    let body = html! {
        p {
            (prefs.t("สถานะของสถิติทางการแต่ละรายการคำนวณจากรุ่นข้อมูลที่เผยแพร่ในคลังข้อมูลสถิติ ณ วันที่ ",
                     "Each official statistic's status is computed from the releases published in the statistics hub, as of "))
            @if let Some(d) = as_of { (prefs.date(d)) }
        }
        section.cards #status-counts aria-label=(prefs.t("จำนวนตามสถานะ", "Counts by status")) {
            a.card href=(href(None, None, None, None)) data-count=(system.counts.total) {
                span.k { (prefs.t("สถิติทางการทั้งหมด", "All official statistics")) } span.v { (prefs.int(system.counts.total)) }
            }
            @for kind in StatusKind::ALL {
                a.card href=(href(Some(kind), None, None, None)) data-count=(of(&system.counts, kind)) {
                    span.k { (status_name(prefs, kind)) } span.v { (prefs.int(of(&system.counts, kind))) }
                }
            }
        }
        p.exports {
            (prefs.t("สรุปรายปี (XLSX): ", "Yearly summary (XLSX): "))
            @if let Some(fy) = fy {
                a href={ "/exports/statistics-system.xlsx?fy=" (fy.be()) } { (prefs.fiscal_year(fy)) }
                " · "
                a href={ "/exports/statistics-system.xlsx?fy=" (fy.prev().be()) } { (prefs.fiscal_year(fy.prev())) }
            }
            @if let Some(d) = as_of {
                " · "
                a href={ "/exports/statistics-system.xlsx?year=" (i32::from(d.year()) + 543) } {
                    (prefs.t("ปี ", "Calendar year ")) (prefs.digits((i32::from(d.year()) + 543).to_string()))
                }
            }
        }
        section #by-sector {
            h2 { (prefs.t("ตามสาขาสถิติ", "By statistical sector")) }
            table {
                (count_header(prefs, prefs.t("สาขา", "Sector")))
                tbody { @for g in &system.by_sector {
                    tr data-key=(g.key) { th scope="row" { (prefs.t(&g.name_th, &g.name_en)) }
                        (count_cells(prefs, &g.counts, |k| href(k, Some(&g.key), None, None))) }
                } }
            }
        }
        section #by-agency {
            h2 { (prefs.t("ตามหน่วยงานเจ้าของสถิติ", "By owner agency")) }
            table {
                (count_header(prefs, prefs.t("หน่วยงาน", "Agency")))
                tbody { @for g in &system.by_agency {
                    tr data-key=(g.key) { th scope="row" { (g.name_th) }
                        (count_cells(prefs, &g.counts, |k| href(k, None, g.key.parse().ok(), None))) }
                } }
            }
        }
        section #by-province {
            h2 { (prefs.t("ตามจังหวัด: สถิติระดับจังหวัดที่ขาดข้อมูลงวดล่าสุด", "By province: province-level statistics missing the latest period")) }
            @if system.by_province.is_empty() {
                p { (prefs.t("ไม่มีจังหวัดที่ขาดข้อมูล", "No province is missing a series.")) }
            } @else {
                table {
                    thead { tr { th scope="col" { (prefs.t("จังหวัด", "Province")) } th scope="col" { (prefs.t("จำนวนสถิติที่ขาด", "Statistics missing")) } } }
                    tbody { @for p in &system.by_province {
                        tr data-key=(p.area) {
                            th scope="row" { (prefs.t(&p.name_th, &p.name_en)) }
                            td.num { a href=(href(None, None, None, Some(&p.area))) data-count=(p.missing) { (prefs.int(p.missing)) } }
                        }
                    } }
                }
            }
        }
        section #entries {
            h2 { (prefs.t("รายการสถิติทางการ", "Official statistics")) " (" (prefs.int(system.entries.len() as i64)) ")" }
            form.filters method="get" action="/statistics-system" {
                label { (prefs.t("สถานะ", "Status")) " "
                    select name="status" {
                        option value="" { (prefs.t("ทั้งหมด", "All")) }
                        @for kind in StatusKind::ALL { option value=(kind.code()) selected[filter.status == Some(kind)] { (status_name(prefs, kind)) } }
                    } }
                " " label { (prefs.t("สาขา", "Sector")) " "
                    select name="sector" {
                        option value="" { (prefs.t("ทั้งหมด", "All")) }
                        @for c in &sectors.codes { option value=(c.id) selected[filter.sector.as_deref() == Some(c.id.as_str())] { (prefs.t(&c.name_th, &c.name_en)) } }
                    } }
                " " label { (prefs.t("หน่วยงาน", "Agency")) " "
                    select name="agency" {
                        option value="" { (prefs.t("ทั้งหมด", "All")) }
                        @for g in &system.by_agency { option value=(g.key) selected[filter.agency_id.map(|a| a.to_string()).as_deref() == Some(g.key.as_str())] { (g.name_th) } }
                    } }
                " " label { (prefs.t("จังหวัดที่ขาดข้อมูล", "Province missing")) " "
                    select name="province" {
                        option value="" { (prefs.t("ทั้งหมด", "All")) }
                        @for p in tidtam_thai::province::PROVINCES.iter() {
                            @let area = tidtam_stats::codelist::province_code(p.code);
                            option value=(area) selected[filter.province.as_deref() == Some(area.as_str())] { (prefs.t(p.name_th, p.name_en)) }
                        }
                    } }
                " " button type="submit" { (prefs.t("แสดง", "Show")) }
                @if filtered { " " a href="/statistics-system#entries" { (prefs.t("ล้างตัวกรอง", "Clear the filters")) } }
            }
            @if system.entries.is_empty() {
                p { (prefs.t("ไม่มีสถิติทางการที่ตรงกับตัวกรอง", "No official statistic matches the filters.")) }
            } @else {
                table.entries {
                    thead { tr {
                        th scope="col" { (prefs.t("รหัส", "Code")) }
                        th scope="col" { (prefs.t("ชื่อสถิติ", "Statistic")) }
                        th scope="col" { (prefs.t("หน่วยงานเจ้าของ", "Owner agency")) }
                        th scope="col" { (prefs.t("สาขา", "Sector")) }
                        th scope="col" { (prefs.t("ความถี่", "Frequency")) }
                        th scope="col" { (prefs.t("ปฏิทินเผยแพร่", "Release calendar")) }
                        th scope="col" { (prefs.t("งวดล่าสุด", "Latest period")) }
                        th scope="col" { (prefs.t("กำหนดเผยแพร่", "Due")) }
                        th scope="col" { (prefs.t("เผยแพร่เมื่อ", "Released")) }
                        th scope="col" { (prefs.t("สถานะ", "Status")) }
                        th scope="col" { (prefs.t("งวดที่ค้าง", "Overdue")) }
                        th scope="col" { (prefs.t("ชุดข้อมูล", "Dataset")) }
                    } }
                    tbody { @for e in &system.entries { (entry_row(prefs, e)) } }
                }
            }
            @if viewer.is(&[tidtam_service::Role::Admin, tidtam_service::Role::Statistician]) {
                p { a href="/statistics-system/new" { (prefs.t("เพิ่มสถิติทางการในบัญชี", "Add an official statistic")) } }
            }
            p.hint { (prefs.t("บัญชีนี้อ่านและแก้ไขผ่าน API ได้ด้วย: ", "The register is also read and kept through the API: ")) code { "/api/statistics-register" } }
        }
    };
    Ok(page(layout(&viewer, title, body)))
}

/// The register entry form as posted (numbers as text, so an empty box is 0 and
/// a wrong one a message, not a 400).
#[derive(Clone, Debug, Default, serde::Deserialize)]
pub struct EntryForm {
    #[serde(default)]
    pub action: String,
    #[serde(default)]
    pub code: String,
    #[serde(default)]
    pub name_th: String,
    #[serde(default)]
    pub name_en: String,
    #[serde(default)]
    pub agency_id: String,
    #[serde(default)]
    pub sector: String,
    #[serde(default)]
    pub geo_level: String,
    #[serde(default)]
    pub frequency: String,
    #[serde(default)]
    pub every_years: String,
    #[serde(default)]
    pub first_period: String,
    #[serde(default)]
    pub calendar: String,
    #[serde(default)]
    pub lag_months: String,
    #[serde(default)]
    pub lag_days: String,
    /// Days of the year as "MM-DD", separated by commas or spaces.
    #[serde(default)]
    pub release_dates: String,
    #[serde(default)]
    pub dataset: String,
    #[serde(default)]
    pub indicator: String,
    #[serde(default)]
    pub version: String,
}

impl EntryForm {
    fn from_entry(e: &RegisterEntry) -> EntryForm {
        EntryForm {
            action: "save".into(),
            code: e.code.clone(),
            name_th: e.name_th.clone(),
            name_en: e.name_en.clone(),
            agency_id: e.agency_id.to_string(),
            sector: e.sector.clone(),
            geo_level: e.geo_level.clone(),
            frequency: e.frequency.clone(),
            every_years: e.every_years.map(|n| n.to_string()).unwrap_or_default(),
            first_period: e.first_period.clone(),
            calendar: e.calendar.clone(),
            lag_months: e.lag_months.to_string(),
            lag_days: e.lag_days.to_string(),
            release_dates: e.release_dates.join(", "),
            dataset: e.dataset.clone().unwrap_or_default(),
            indicator: e.indicator.clone().unwrap_or_default(),
            version: e.version.to_string(),
        }
    }

    /// The service's input; numbers that do not read are every one named at once.
    fn input(&self) -> Result<tidtam_api::register::RegisterEntryInput, tidtam_service::ServiceError> {
        use tidtam_domain::model::FieldError;
        let mut errors = Vec::new();
        fn number<T: std::str::FromStr + Default>(text: &str, field: &str, errors: &mut Vec<FieldError>) -> T {
            let text = tidtam_thai::digits::to_arabic_digits(text.trim());
            if text.is_empty() {
                return T::default();
            }
            text.parse().unwrap_or_else(|_| {
                errors.push(FieldError::new(field, "ต้องเป็นจำนวนเต็ม", "must be a whole number"));
                T::default()
            })
        }
        let every_years: u8 = number(&self.every_years, "every_years", &mut errors);
        let input = tidtam_api::register::RegisterEntryInput {
            code: self.code.trim().to_owned(),
            name_th: self.name_th.clone(),
            name_en: self.name_en.clone(),
            agency_id: number(&self.agency_id, "agency_id", &mut errors),
            sector: self.sector.clone(),
            geo_level: self.geo_level.clone(),
            frequency: self.frequency.clone(),
            every_years: (every_years > 0).then_some(every_years),
            first_period: self.first_period.clone(),
            calendar: self.calendar.clone(),
            lag_months: number(&self.lag_months, "lag_months", &mut errors),
            lag_days: number(&self.lag_days, "lag_days", &mut errors),
            release_dates: self
                .release_dates
                .split([',', ' ', ';'])
                .map(str::trim)
                .filter(|d| !d.is_empty())
                .map(str::to_owned)
                .collect(),
            dataset: Some(self.dataset.trim().to_owned()).filter(|d| !d.is_empty()),
            indicator: Some(self.indicator.trim().to_owned()).filter(|d| !d.is_empty()),
            version: Some(number(&self.version, "version", &mut errors)).filter(|v: &i64| *v > 0),
        };
        if errors.is_empty() { Ok(input) } else { Err(tidtam_service::ServiceError::Invalid(errors)) }
    }
}

/// The entry form (new when `existing` is false), with the errors of a refused save.
fn entry_form(
    viewer: &Viewer,
    sectors: &tidtam_stats::codelist::Codelist,
    form: &EntryForm,
    existing: bool,
    error: Option<&tidtam_service::ServiceError>,
) -> Markup {
    let prefs = viewer.prefs;
    let action =
        if existing { format!("/statistics-system/entry/{}", form.code) } else { "/statistics-system/new".into() };
    let field = |name: &str, label: &str, value: &str, hint: &str| {
        html! {
            label { (label) " " input type="text" name=(name) value=(value); }
            @if !hint.is_empty() { " " span.hint { (hint) } }
            br;
        }
    };
    let choice = |name: &str, label: &str, current: &str, options: &[(&str, &str)]| {
        html! {
            label { (label) " " select name=(name) {
                @for (value, text) in options { option value=(value) selected[*value == current] { (text) } }
            } }
            br;
        }
    };
    html! {
        @if let Some(tidtam_service::ServiceError::Invalid(fields)) = error {
            div.errors role="alert" { ul { @for f in fields { li data-field=(f.field) { (f.field) ": " (prefs.t(&f.message_th, &f.message_en)) } } } }
        } @else if let Some(e) = error {
            div.errors role="alert" { p { (prefs.t(&e.message_th(), &e.message_en())) } }
        }
        form.entry method="post" action=(action) {
            (super::shell::csrf_field(viewer))
            input type="hidden" name="version" value=(form.version);
            @if existing {
                input type="hidden" name="code" value=(form.code);
            } @else {
                (field("code", prefs.t("รหัสสถิติ", "Code"), &form.code, prefs.t("อักษรละติน ตัวเลข และ _", "Latin letters, digits and _")))
            }
            (field("name_th", prefs.t("ชื่อภาษาไทย", "Thai name"), &form.name_th, ""))
            (field("name_en", prefs.t("ชื่อภาษาอังกฤษ", "English name"), &form.name_en, ""))
            (field("agency_id", prefs.t("รหัสหน่วยงานเจ้าของ", "Owner agency id"), &form.agency_id, ""))
            label { (prefs.t("สาขาสถิติ", "Sector")) " " select name="sector" {
                @for c in &sectors.codes { option value=(c.id) selected[c.id == form.sector] { (prefs.t(&c.name_th, &c.name_en)) } }
            } }
            br;
            (choice("geo_level", prefs.t("ระดับพื้นที่", "Geographic level"), &form.geo_level,
                &[("country", prefs.t("ประเทศ", "Country")), ("region", prefs.t("ภาค", "Region")), ("province", prefs.t("จังหวัด", "Province"))]))
            (choice("frequency", prefs.t("ความถี่", "Frequency"), &form.frequency,
                &[("annual", prefs.t("รายปี", "Annual")), ("quarterly", prefs.t("รายไตรมาส", "Quarterly")), ("monthly", prefs.t("รายเดือน", "Monthly")), ("every_years", prefs.t("ทุก N ปี", "Every N years"))]))
            (field("every_years", prefs.t("ทุกกี่ปี", "Every how many years"), &form.every_years, prefs.t("เฉพาะ ทุก N ปี", "only for every N years")))
            (field("first_period", prefs.t("งวดแรก", "First period"), &form.first_period, prefs.t("เช่น 2567, ปีงบประมาณ 2567, ไตรมาส 1/2567, ม.ค. 2567", "e.g. 2024, 2024-Q1, 2024-01, ปีงบประมาณ 2567")))
            (choice("calendar", prefs.t("ปฏิทินเผยแพร่", "Release calendar"), &form.calendar,
                &[("lag", prefs.t("ระยะเวลาหลังสิ้นงวด", "A lag after the period ends")), ("dates", prefs.t("วันที่กำหนดในปี", "Fixed days of the year")), ("none", prefs.t("ไม่มี", "None"))]))
            (field("lag_months", prefs.t("เดือนหลังสิ้นงวด", "Months after the period"), &form.lag_months, ""))
            (field("lag_days", prefs.t("วันหลังสิ้นงวด", "Days after the period"), &form.lag_days, ""))
            (field("release_dates", prefs.t("วันเผยแพร่ในปี (เดือน-วัน)", "Release days (MM-DD)"), &form.release_dates, prefs.t("เช่น 03-31, 09-30", "e.g. 03-31, 09-30")))
            (field("dataset", prefs.t("ชุดข้อมูลในคลัง", "Hub dataset"), &form.dataset, ""))
            (field("indicator", prefs.t("ตัวชี้วัดในชุดข้อมูล", "Indicator in the dataset"), &form.indicator, ""))
            button type="submit" name="action" value="save" { (prefs.t("บันทึก", "Save")) }
            @if existing {
                " " button type="submit" name="action" value="delete" { (prefs.t("ลบออกจากบัญชี", "Remove from the register")) }
            }
        }
    }
}

/// `/statistics-system/entry/{code}`: one statistic, each period judged, and the
/// form for who may keep it.
pub async fn entry(
    State(state): State<AppState>,
    viewer: Viewer,
    crate::extract::PathParams(code): crate::extract::PathParams<String>,
) -> PageResult {
    entry_page(&state, &viewer, &code, None, None).await.map(page)
}

async fn entry_page(
    state: &AppState,
    viewer: &Viewer,
    code: &str,
    form: Option<&EntryForm>,
    error: Option<&tidtam_service::ServiceError>,
) -> Result<Markup, PageError> {
    let prefs = viewer.prefs;
    let detail = state.service.register_entry(&viewer.actor, code).await.or_page(viewer)?;
    let sectors = state.service.stat_codelist(SECTOR).await.or_page(viewer)?;
    let e = &detail.entry;
    let resource = tidtam_domain::policy::Resource::owned(
        tidtam_domain::policy::ResourceKind::OfficialStatistic,
        Some(e.agency_id),
        None,
        true,
    );
    let may_edit = viewer.signed_in()
        && tidtam_domain::policy::can(&viewer.actor, tidtam_domain::policy::Action::Update, &resource);
    let current = EntryForm::from_entry(e);
    let body = html! {
        p { (e.agency_name) " · " (prefs.t(&e.sector_th, &e.sector_en)) " · " (e.frequency_th) " · " (prefs.digits(prefs.t(&e.calendar_th, &e.calendar_en))) }
        table #periods {
            thead { tr {
                th scope="col" { (prefs.t("งวด", "Period")) }
                th scope="col" { (prefs.t("กำหนดเผยแพร่", "Due")) }
                th scope="col" { (prefs.t("เผยแพร่เมื่อ", "Released")) }
                th scope="col" { (prefs.t("สถานะ", "Status")) }
            } }
            tbody { @for p in detail.periods.iter().rev() {
                tr data-period=(p.period) data-state=(p.state) {
                    td { (prefs.digits(&p.period_th)) }
                    td { (date(prefs, p.due.as_deref())) }
                    td { (date(prefs, p.released.as_deref())) }
                    td { (prefs.t(&p.state_th, &p.state_en)) }
                }
            } }
        }
        @if may_edit {
            h2 { (prefs.t("แก้ไข", "Edit")) }
            (entry_form(viewer, &sectors, form.unwrap_or(&current), true, error))
        }
        p { a href="/statistics-system#entries" { (prefs.t("กลับไปที่รายการ", "Back to the list")) } }
    };
    Ok(layout(viewer, prefs.t(&e.name_th, &e.name_en), body))
}

/// `/statistics-system/new`: the form for a new statistic (the service decides who may add one).
pub async fn new_form(State(state): State<AppState>, viewer: Viewer) -> PageResult {
    viewer.require_signed_in()?;
    let sectors = state.service.stat_codelist(SECTOR).await.or_page(&viewer)?;
    let form = EntryForm {
        agency_id: viewer.actor.agency_id.map(|a| a.to_string()).unwrap_or_default(),
        geo_level: "country".into(),
        frequency: "annual".into(),
        calendar: "lag".into(),
        ..EntryForm::default()
    };
    let title = viewer.prefs.t("เพิ่มสถิติทางการ", "Add an official statistic");
    Ok(page(layout(&viewer, title, entry_form(&viewer, &sectors, &form, false, None))))
}

fn refused(status: axum::http::StatusCode, markup: Markup) -> axum::response::Response {
    use axum::response::IntoResponse;
    (status, page(markup)).into_response()
}

/// Saves a new statistic; a refused one shows the form again with every problem.
pub async fn create(State(state): State<AppState>, signed: super::shell::SignedForm<EntryForm>) -> PageResult {
    use axum::response::{IntoResponse, Redirect};
    let (viewer, form) = (signed.viewer, signed.form);
    let done = match form.input() {
        Ok(input) => state.service.create_register_entry(&viewer.actor, &input).await,
        Err(e) => Err(e),
    };
    match done {
        Ok(detail) => Ok(Redirect::to(&format!("/statistics-system/entry/{}", detail.entry.code)).into_response()),
        Err(tidtam_service::ServiceError::Unauthenticated) => Err(PageError::SignIn("/statistics-system/new".into())),
        Err(error) => {
            let sectors = state.service.stat_codelist(SECTOR).await.or_page(&viewer)?;
            let title = viewer.prefs.t("เพิ่มสถิติทางการ", "Add an official statistic");
            let markup = layout(&viewer, title, entry_form(&viewer, &sectors, &form, false, Some(&error)));
            Ok(refused(axum::http::StatusCode::UNPROCESSABLE_ENTITY, markup))
        }
    }
}

/// Saves or removes a statistic from its page.
pub async fn save(
    State(state): State<AppState>,
    crate::extract::PathParams(code): crate::extract::PathParams<String>,
    signed: super::shell::SignedForm<EntryForm>,
) -> PageResult {
    use axum::response::{IntoResponse, Redirect};
    let (viewer, form) = (signed.viewer, signed.form);
    if form.action == "delete" {
        let version = form.version.trim().parse().unwrap_or(0);
        return match state.service.delete_register_entry(&viewer.actor, &code, version).await {
            Ok(()) => Ok(Redirect::to("/statistics-system#entries").into_response()),
            Err(error) => {
                let markup = entry_page(&state, &viewer, &code, Some(&form), Some(&error)).await?;
                Ok(refused(axum::http::StatusCode::CONFLICT, markup))
            }
        };
    }
    let done = match form.input() {
        Ok(input) => state.service.update_register_entry(&viewer.actor, &code, &input).await,
        Err(e) => Err(e),
    };
    match done {
        Ok(_) => Ok(Redirect::to(&format!("/statistics-system/entry/{code}")).into_response()),
        Err(tidtam_service::ServiceError::NotFound) => {
            Err(PageError::from_service(tidtam_service::ServiceError::NotFound, viewer.prefs))
        }
        Err(error) => {
            let status = match error {
                tidtam_service::ServiceError::Conflict { .. } => axum::http::StatusCode::CONFLICT,
                tidtam_service::ServiceError::Forbidden => axum::http::StatusCode::FORBIDDEN,
                _ => axum::http::StatusCode::UNPROCESSABLE_ENTITY,
            };
            let markup = entry_page(&state, &viewer, &code, Some(&form), Some(&error)).await?;
            Ok(refused(status, markup))
        }
    }
}
