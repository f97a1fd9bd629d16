//! Tab-separated tables as the conversions left them: header rows repeated at page
//! breaks, rows split across pages (continuations start with an empty first cell),
//! and group rows ("เชิงปริมาณ :") that qualify the rows after them.

use crate::text::Line;

/// One table row: its file line, cleaned cells and the raw cells (for bold markers).
#[derive(Clone, Debug)]
pub struct Row<'l> {
    pub line: usize,
    /// Cleaned cells, trailing empty cells dropped (at least one).
    pub cells: &'l [String],
    pub raw: Vec<&'l str>,
}

impl Row<'_> {
    pub fn cell(&self, index: usize) -> &str {
        self.cells.get(index).map_or("", String::as_str)
    }

    /// Cells after the first that hold something.
    pub fn has_values(&self) -> bool {
        self.cells.iter().skip(1).any(|cell| !cell.is_empty())
    }

    /// Whether the first cell is wholly bold (a heading row such as the project name).
    pub fn first_cell_bold(&self) -> bool {
        let raw = self.raw.first().map_or("", |cell| cell.trim());
        let raw = raw.trim_start_matches("<p>").trim_end_matches("</p>").trim();
        (raw.starts_with("<b>") && raw.ends_with("</b>"))
            || (raw.starts_with("**") && raw.ends_with("**") && raw.len() > 4)
    }
}

/// The rows among `lines`: lines with a tab, plus plain lines in between that
/// are part of a table row's text (the converter sometimes breaks a long cell).
pub fn rows<'l>(lines: &'l [Line<'l>]) -> Vec<Row<'l>> {
    lines
        .iter()
        .filter(|line| line.is_row())
        .map(|line| {
            let raw: Vec<&str> = line.raw.split('\t').collect();
            let kept = line.cells.iter().rposition(|cell| !cell.is_empty()).map_or(1, |last| last + 1);
            Row { line: line.number, cells: &line.cells[..kept.min(line.cells.len())], raw }
        })
        .collect()
}

/// A name made comparable: whitespace, list numbering and the quantitative /
/// qualitative prefix removed.
pub fn comparable_name(name: &str) -> String {
    let mut text = name.trim();
    for prefix in ["เชิงปริมาณ", "เชิงคุณภาพ"] {
        if let Some(rest) = text.strip_prefix(prefix) {
            text = rest.trim_start().trim_start_matches(':').trim_start();
        }
    }
    if let Some((_, rest)) = crate::outline::leading_number(text) {
        text = rest;
    }
    for prefix in ["กิจกรรมที่"] {
        if let Some(rest) = text.strip_prefix(prefix) {
            text = rest.trim_start();
            if let Some((_, rest)) = crate::outline::leading_number(text) {
                text = rest;
            }
        }
    }
    // The label key everyone uses (digits, zero-width characters, case), without
    // its spaces: converters put spaces anywhere inside Thai words.
    tidtam_thai::label::label_key(text).replace(' ', "")
}

/// A name prepared for comparison once: its comparable form and sorted bigrams.
pub struct NameKey {
    squashed: String,
    /// Each bigram packed as (first << 32) | second: ordered as the pair of
    /// characters is, and sorted as one integer, which is much cheaper.
    bigrams: Vec<u64>,
}

impl NameKey {
    pub fn new(name: &str) -> Self {
        let squashed = comparable_name(name);
        let chars: Vec<char> = squashed.chars().collect();
        let mut bigrams: Vec<u64> =
            chars.windows(2).map(|w| (u64::from(u32::from(w[0])) << 32) | u64::from(u32::from(w[1]))).collect();
        bigrams.sort_unstable();
        NameKey { squashed, bigrams }
    }

    /// Dice coefficient of character bigrams (0..=1).
    pub fn similarity(&self, other: &NameKey) -> f64 {
        if self.squashed.is_empty() || other.squashed.is_empty() {
            return 0.0;
        }
        if self.squashed == other.squashed {
            return 1.0;
        }
        if self.bigrams.is_empty() || other.bigrams.is_empty() {
            return 0.0;
        }
        let (left, right) = (&self.bigrams, &other.bigrams);
        let (mut i, mut j, mut common) = (0, 0, 0usize);
        while i < left.len() && j < right.len() {
            match left[i].cmp(&right[j]) {
                std::cmp::Ordering::Equal => {
                    common += 1;
                    i += 1;
                    j += 1;
                }
                std::cmp::Ordering::Less => i += 1,
                std::cmp::Ordering::Greater => j += 1,
            }
        }
        2.0 * common as f64 / (left.len() + right.len()) as f64
    }

    /// Whether this (longer than a few letters) name appears inside `other`.
    pub fn is_within(&self, other: &NameKey) -> bool {
        self.squashed.chars().count() > 8 && other.squashed.contains(&self.squashed)
    }
}

/// Dice coefficient of character bigrams of two comparable names (0..=1).
pub fn similarity(a: &str, b: &str) -> f64 {
    NameKey::new(a).similarity(&NameKey::new(b))
}

/// Pairs each of `targets` with at most one of `candidates` by name similarity:
/// in order when the counts agree and the names are not contradicted, otherwise
/// greedily by best similarity above a threshold.
pub fn match_by_name(targets: &[&str], candidates: &[&str]) -> Vec<Option<usize>> {
    const THRESHOLD: f64 = 0.45;
    let targets: Vec<NameKey> = targets.iter().map(|name| NameKey::new(name)).collect();
    let candidates: Vec<NameKey> = candidates.iter().map(|name| NameKey::new(name)).collect();
    // Usually the tables list the same rows in the same order: check the diagonal first.
    if targets.len() == candidates.len() && (0..targets.len()).all(|i| targets[i].similarity(&candidates[i]) >= 0.3) {
        return (0..targets.len()).map(Some).collect();
    }
    let scores: Vec<Vec<f64>> = targets.iter().map(|t| candidates.iter().map(|c| t.similarity(c)).collect()).collect();
    if targets.len() == candidates.len() {
        let in_order_plausible = (0..targets.len()).all(|i| {
            let own = scores[i][i];
            own >= 0.3 || scores[i].iter().all(|&other| other < THRESHOLD)
        });
        if in_order_plausible {
            return (0..targets.len()).map(Some).collect();
        }
    }
    let mut pairs: Vec<(f64, usize, usize)> = Vec::new();
    for (t, row) in scores.iter().enumerate() {
        for (c, &score) in row.iter().enumerate() {
            if score >= THRESHOLD {
                pairs.push((score, t, c));
            }
        }
    }
    pairs.sort_by(|a, b| b.0.total_cmp(&a.0));
    let mut assigned = vec![None; targets.len()];
    let mut taken = vec![false; candidates.len()];
    for (_, t, c) in pairs {
        if assigned[t].is_none() && !taken[c] {
            assigned[t] = Some(c);
            taken[c] = true;
        }
    }
    assigned
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_compare_without_numbering_and_spacing() {
        assert_eq!(similarity("๑. กระบวนการทางพัสดุ (ลงนามในสัญญา)", "กระบวนการทาง พัสดุ (ลงนามในสัญญา)"), 1.0);
        assert!(similarity("เชิงปริมาณ : ร้อยละความสำเร็จ", "ร้อยละความสำเร็จของโครงการ") > 0.6);
        assert!(similarity("จัดซื้อครุภัณฑ์", "อบรมเจ้าหน้าที่") < 0.2);
    }

    #[test]
    fn matching_prefers_order_when_plausible() {
        assert_eq!(match_by_name(&["ก ข ค", "ง จ ฉ"], &["กขค", "งจฉ"]), vec![Some(0), Some(1)]);
        assert_eq!(
            match_by_name(&["จัดซื้อครุภัณฑ์", "อบรมเจ้าหน้าที่"], &["อบรมเจ้าหน้าที่ใหม่", "จัดซื้อครุภัณฑ์"]),
            vec![Some(1), Some(0)]
        );
        assert_eq!(match_by_name(&["จัดซื้อครุภัณฑ์"], &[]), vec![None]);
    }
}
