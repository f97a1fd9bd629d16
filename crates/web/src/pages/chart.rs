//! Charts drawn on the server as SVG: no script, no library, readable by a
//! screen reader (each chart has a title and the table beside it carries the
//! same figures). Colours come from presentation attributes, which the CSP
//! allows (it refuses inline `style`).

use maud::{Markup, html};

/// One bar: a label, a share in 0..=1 (or more, clipped), its text, and where it leads.
pub struct Bar {
    pub label: String,
    pub share: f64,
    pub text: String,
    pub href: String,
    /// A target share drawn as a tick on the bar, if any.
    pub target: Option<f64>,
}

/// Horizontal bars with their labels and values.
pub fn bars(title: &str, items: &[Bar]) -> Markup {
    let row = 28.0;
    let height = row * items.len() as f64 + 8.0;
    let (left, width) = (220.0, 300.0);
    html! {
        svg.chart aria-label=(title) viewBox={ "0 0 640 " (height) } width="100%" {
            title { (title) }
            @for (i, item) in items.iter().enumerate() {
                @let y = 4.0 + row * i as f64;
                @let length = (item.share.clamp(0.0, 1.0) * width).max(1.0);
                a href=(item.href) {
                    text x=(left - 8.0) y=(y + 18.0) text-anchor="end" class="label" { (truncate(&item.label, 30)) }
                    rect x=(left) y=(y + 4.0) width=(width) height="18" class="track" {}
                    rect x=(left) y=(y + 4.0) width=(length) height="18" class=(if item.target.is_some_and(|t| item.share + 1e-9 < t) { "bar behind" } else { "bar" }) {}
                    @if let Some(target) = item.target {
                        line x1=(left + target.clamp(0.0, 1.0) * width) x2=(left + target.clamp(0.0, 1.0) * width) y1=(y + 1.0) y2=(y + 25.0) class="target" {}
                    }
                    text x=(left + width + 8.0) y=(y + 18.0) class="value" { (item.text) }
                }
            }
        }
    }
}

/// Columns (a distribution): labels under, counts above.
pub fn columns(title: &str, items: &[(String, i64, String, String)]) -> Markup {
    let max = items.iter().map(|(_, count, _, _)| *count).max().unwrap_or(0).max(1) as f64;
    let slot = 600.0 / items.len().max(1) as f64;
    html! {
        svg.chart aria-label=(title) viewBox="0 0 640 200" width="100%" {
            title { (title) }
            @for (i, (label, count, count_text, href)) in items.iter().enumerate() {
                @let h = 140.0 * *count as f64 / max;
                @let x = 20.0 + slot * i as f64;
                a href=(href) {
                    rect x=(x + 4.0) y=(160.0 - h) width=(slot - 8.0) height=(h.max(1.0)) class="bar" {}
                    text x=(x + slot / 2.0) y=(154.0 - h) text-anchor="middle" class="value" { (count_text) }
                    text x=(x + slot / 2.0) y="180" text-anchor="middle" class="label" { (label) }
                }
            }
        }
    }
}

fn truncate(text: &str, max: usize) -> String {
    if text.chars().count() <= max { text.to_string() } else { text.chars().take(max - 1).chain(['…']).collect() }
}
