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

/// One line of a line chart: its label and a value (or a gap) per x position.
pub struct Line {
    pub label: String,
    pub values: Vec<Option<f64>>,
}

/// Stroke colours of successive lines (distinguishable in grey too: they
/// alternate dark and light); more lines than colours repeat them.
const LINE_COLOURS: [&str; 8] =
    ["#1f5f99", "#d9822b", "#2e7d32", "#8e24aa", "#c62828", "#00838f", "#6d4c41", "#5c6bc0"];

/// Lines over shared x positions (periods), with the y axis from the data's
/// range, labels under the axis and a legend; each point carries its value
/// in a `<title>` (shown on hover, read by screen readers).
pub fn lines(title: &str, x_labels: &[String], series: &[Line], value_text: impl Fn(f64) -> String) -> Markup {
    let (left, right, top, bottom) = (80.0, 620.0, 12.0, 212.0);
    let values = series.iter().flat_map(|s| s.values.iter().flatten().copied());
    let (mut low, mut high) = values.fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| (lo.min(v), hi.max(v)));
    if !low.is_finite() {
        (low, high) = (0.0, 1.0);
    }
    if (high - low).abs() < f64::EPSILON {
        (low, high) = (low - 1.0, high + 1.0);
    }
    // A little room above and below so lines do not run along the frame.
    let pad = (high - low) * 0.05;
    let (low, high) = (low - pad, high + pad);
    let step = if x_labels.len() > 1 { (right - left) / (x_labels.len() - 1) as f64 } else { 0.0 };
    let x = |i: usize| if x_labels.len() > 1 { left + step * i as f64 } else { (left + right) / 2.0 };
    let y = |v: f64| bottom - (v - low) / (high - low) * (bottom - top);
    // At most about 12 labels under the axis.
    let every = x_labels.len().div_ceil(12).max(1);
    let legend_rows = series.len().div_ceil(2);
    let height = bottom + 40.0 + 20.0 * legend_rows as f64;
    html! {
        svg.chart.lines role="img" aria-label=(title) viewBox={ "0 0 640 " (height) } width="100%" {
            title { (title) }
            @for tick in 0..=4 {
                @let v = low + (high - low) * f64::from(tick) / 4.0;
                line x1=(left) x2=(right) y1=(y(v)) y2=(y(v)) stroke="#d5dbe1" stroke-width="1" {}
                text x=(left - 6.0) y=(y(v) + 4.0) text-anchor="end" class="label" { (value_text(v)) }
            }
            @for (i, label) in x_labels.iter().enumerate() {
                @if i % every == 0 {
                    text x=(x(i)) y=(bottom + 18.0) text-anchor="middle" class="label" { (label) }
                }
            }
            @for (n, s) in series.iter().enumerate() {
                @let colour = LINE_COLOURS[n % LINE_COLOURS.len()];
                @for run in runs(&s.values) {
                    @let points = run.iter().map(|&(i, v)| format!("{:.1},{:.1}", x(i), y(v))).collect::<Vec<_>>().join(" ");
                    polyline points=(points) fill="none" stroke=(colour) stroke-width="2" {}
                }
                @for (i, v) in s.values.iter().enumerate() {
                    @if let Some(v) = v {
                        circle cx=(format!("{:.1}", x(i))) cy=(format!("{:.1}", y(*v))) r="3" fill=(colour) {
                            title { (s.label) " " (x_labels.get(i).map_or("", String::as_str)) ": " (value_text(*v)) }
                        }
                    }
                }
                @let (lx, ly) = (20.0 + 310.0 * (n % 2) as f64, bottom + 40.0 + 20.0 * (n / 2) as f64);
                line x1=(lx) x2=(lx + 24.0) y1=(ly - 4.0) y2=(ly - 4.0) stroke=(colour) stroke-width="3" {}
                text x=(lx + 30.0) y=(ly) class="label" { (truncate(&s.label, 40)) }
            }
        }
    }
}

/// The unbroken stretches of a line (a missing value breaks it).
fn runs(values: &[Option<f64>]) -> Vec<Vec<(usize, f64)>> {
    let mut out = vec![Vec::new()];
    for (i, v) in values.iter().enumerate() {
        match v {
            Some(v) => out.last_mut().expect("one run at least").push((i, *v)),
            None if !out.last().expect("one run at least").is_empty() => out.push(Vec::new()),
            None => {}
        }
    }
    out.retain(|run| !run.is_empty());
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_gap_breaks_a_line_and_every_point_carries_its_value() {
        assert_eq!(runs(&[Some(1.0), None, Some(2.0), Some(3.0)]), vec![vec![(0, 1.0)], vec![(2, 2.0), (3, 3.0)]]);
        let svg = lines(
            "อัตรา",
            &["2565".into(), "2566".into()],
            &[Line { label: "ชัยนาท".into(), values: vec![Some(1.5), Some(2.5)] }],
            |v| format!("{v:.2}"),
        )
        .into_string();
        assert_eq!(svg.matches("<polyline").count(), 1);
        assert!(svg.contains("ชัยนาท 2566: 2.50"), "{svg}");
    }
}
