//! `/search?q=`: Thai full-text search over projects and over quarterly
//! reports' texts (the database's own indexes fed with ICU-segmented words),
//! best match first, matched words highlighted.

use axum::extract::State;
use maud::{Markup, html};
use serde::Deserialize;
use tidtam_service::PageRequest;
use tidtam_service::filters::ProjectFilter;

use super::shell::{OrPage, PageResult, Viewer, layout, page};
use crate::extract::Params;
use crate::{AppState, views};

#[derive(Deserialize, Default)]
pub struct Query {
    q: Option<String>,
}

/// `text` with every occurrence of the query's words in `<mark>`, escaped.
pub fn highlight(text: &str, words: &[String]) -> Markup {
    let lower = text.to_lowercase();
    // Byte ranges to mark, found on the lower-cased text (same lengths for Thai and ASCII).
    let mut ranges: Vec<(usize, usize)> = Vec::new();
    if lower.len() == text.len() {
        for word in words.iter().filter(|word| !word.is_empty()) {
            let mut from = 0;
            while let Some(at) = lower[from..].find(word.as_str()) {
                ranges.push((from + at, from + at + word.len()));
                from += at + word.len();
            }
        }
    }
    ranges.sort_unstable();
    let mut merged: Vec<(usize, usize)> = Vec::new();
    for (start, end) in ranges {
        match merged.last_mut() {
            Some(last) if start <= last.1 => last.1 = last.1.max(end),
            _ => merged.push((start, end)),
        }
    }
    // (text before a match, the match) pairs, then what follows the last one.
    let mut pieces = Vec::with_capacity(merged.len());
    let mut at = 0;
    for (start, end) in merged {
        pieces.push((&text[at..start], &text[start..end]));
        at = end;
    }
    let rest = &text[at..];
    html! {
        @for (before, matched) in pieces { (before) mark { (matched) } }
        (rest)
    }
}

pub async fn search(State(state): State<AppState>, viewer: Viewer, Params(query): Params<Query>) -> PageResult {
    let prefs = viewer.prefs;
    let q = query.q.unwrap_or_default();
    let results = if q.trim().is_empty() {
        None
    } else {
        Some(
            state
                .service
                .search_projects(&viewer.actor, &q, ProjectFilter::default(), PageRequest::new(1, 50))
                .await
                .or_page(&viewer)?
                .map(views::project_summary),
        )
    };
    let reports = if q.trim().is_empty() {
        None
    } else {
        Some(
            state
                .service
                .search_reports(&viewer.actor, &q, PageRequest::new(1, 20))
                .await
                .or_page(&viewer)?
                .map(views::report_hit),
        )
    };
    let words: Vec<String> = tidtam_service::search_text::words(&q).split_whitespace().map(str::to_string).collect();
    let title = prefs.t("ค้นหาโครงการและรายงาน", "Search projects and reports");
    let body = html! {
        form.filters role="search" method="get" action="/search" {
            label for="q" { (prefs.t("คำค้น", "Search for")) }
            " " input #q type="search" name="q" value=(q) placeholder=(prefs.t("เช่น สำรวจ แรงงาน", "e.g. สำรวจ แรงงาน"));
            " " button type="submit" { (prefs.t("ค้นหา", "Search")) }
        }
        @if let Some(results) = &results {
            p #search-count { (prefs.t("พบ", "Found")) " " (prefs.int(results.total)) " " (prefs.t("โครงการ", "projects")) }
            ol.results { @for project in &results.items { li {
                a href={ "/projects/" (project.id) } { (highlight(&project.name, &words)) }
                " " small { (prefs.digits(format!("{}–{}", project.start_year.be(), project.end_year.be()))) }
            } } }
        }
        @if let Some(reports) = &reports {
            h2 { (prefs.t("รายงานผลรายไตรมาส", "Quarterly reports")) }
            p #report-search-count { (prefs.t("พบ", "Found")) " " (prefs.int(reports.total)) " " (prefs.t("รายงาน", "reports"))
                @if reports.total > reports.items.len() as i64 { " (" (prefs.t("แสดง", "showing")) " " (prefs.int(reports.items.len() as i64)) ")" } }
            ol.results #report-results { @for hit in &reports.items { li {
                a href={ "/projects/" (hit.report.project_id) "/reports/" (hit.report.fiscal_year.be()) "/" (hit.report.quarter.number()) } {
                    (highlight(&hit.report.project_name, &words)) }
                " " small { (prefs.quarter(hit.report.quarter)) " " (prefs.fiscal_year(hit.report.fiscal_year)) " · " (prefs.status(hit.report.status)) }
                @if let Some(excerpt) = &hit.excerpt { br; span.excerpt { (highlight(excerpt, &words)) } }
            } } }
        }
    };
    Ok(page(layout(&viewer, title, body)))
}

#[cfg(test)]
mod tests {
    use super::highlight;

    #[test]
    fn marks_every_match_and_escapes_the_rest() {
        let words = vec!["สำรวจ".to_string(), "nso".to_string()];
        let html = highlight("โครงการสำรวจ <NSO> สำรวจ", &words).into_string();
        assert_eq!(html, "โครงการ<mark>สำรวจ</mark> &lt;<mark>NSO</mark>&gt; <mark>สำรวจ</mark>");
    }
}
