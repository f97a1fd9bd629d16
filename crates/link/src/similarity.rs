//! String similarity measures on prepared character slices.
//!
//! Values are turned into `[char]` once per record, not once per pair, so these functions take
//! slices and allocate only their small dynamic-programming rows.

/// Jaro–Winkler similarity in [0, 1] with the usual prefix scale 0.1 and prefix cap 4.
pub fn jaro_winkler(a: &[char], b: &[char]) -> f64 {
    let jaro = jaro(a, b);
    let prefix = a.iter().zip(b).take(4).take_while(|(x, y)| x == y).count();
    jaro + prefix as f64 * 0.1 * (1.0 - jaro)
}

/// Jaro similarity in [0, 1].
pub fn jaro(a: &[char], b: &[char]) -> f64 {
    if a.is_empty() && b.is_empty() {
        return 1.0;
    }
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    if a == b {
        return 1.0;
    }
    if a.len() > 64 || b.len() > 64 {
        return jaro_long(a, b);
    }
    // Names are short: two bit masks replace the usual flag vectors, so the hot loop of a
    // linkage run does not allocate.
    let window = (a.len().max(b.len()) / 2).saturating_sub(1);
    let (mut a_used, mut b_used) = (0u64, 0u64);
    let mut matches = 0usize;
    for (i, ca) in a.iter().enumerate() {
        let lo = i.saturating_sub(window);
        let hi = (i + window + 1).min(b.len());
        for (j, cb) in b.iter().enumerate().take(hi).skip(lo) {
            if b_used & (1 << j) == 0 && cb == ca {
                b_used |= 1 << j;
                a_used |= 1 << i;
                matches += 1;
                break;
            }
        }
    }
    if matches == 0 {
        return 0.0;
    }
    let mut half_transpositions = 0usize;
    let mut b_mask = b_used;
    let mut a_mask = a_used;
    while a_mask != 0 {
        let i = a_mask.trailing_zeros() as usize;
        let j = b_mask.trailing_zeros() as usize;
        if a[i] != b[j] {
            half_transpositions += 1;
        }
        a_mask &= a_mask - 1;
        b_mask &= b_mask - 1;
    }
    let m = matches as f64;
    let t = (half_transpositions / 2) as f64;
    (m / a.len() as f64 + m / b.len() as f64 + (m - t) / m) / 3.0
}

fn jaro_long(a: &[char], b: &[char]) -> f64 {
    let window = (a.len().max(b.len()) / 2).saturating_sub(1);
    let mut b_used = vec![false; b.len()];
    let mut a_matched: Vec<char> = Vec::with_capacity(a.len());
    for (i, ca) in a.iter().enumerate() {
        let lo = i.saturating_sub(window);
        let hi = (i + window + 1).min(b.len());
        for j in lo..hi {
            if !b_used[j] && b[j] == *ca {
                b_used[j] = true;
                a_matched.push(*ca);
                break;
            }
        }
    }
    let matches = a_matched.len();
    if matches == 0 {
        return 0.0;
    }
    let b_matched = b.iter().zip(&b_used).filter(|(_, used)| **used).map(|(c, _)| c);
    let transpositions = a_matched.iter().zip(b_matched).filter(|(x, y)| x != y).count() / 2;
    let m = matches as f64;
    (m / a.len() as f64 + m / b.len() as f64 + (m - transpositions as f64) / m) / 3.0
}

/// Levenshtein edit distance (insertions, deletions, substitutions).
pub fn levenshtein(a: &[char], b: &[char]) -> usize {
    edit_distance(a, b, false)
}

/// Damerau–Levenshtein distance in its optimal-string-alignment form: Levenshtein plus the swap
/// of two adjacent characters as one edit (the commonest typing error in IDs and dates).
pub fn damerau(a: &[char], b: &[char]) -> usize {
    edit_distance(a, b, true)
}

/// Three rolling rows; on the stack for values up to 63 characters.
fn edit_distance(a: &[char], b: &[char], transpositions: bool) -> usize {
    let (n, m) = (a.len(), b.len());
    if n == 0 {
        return m;
    }
    if m == 0 {
        return n;
    }
    if m >= 64 {
        let mut rows = vec![0usize; 3 * (m + 1)];
        let (two, rest) = rows.split_at_mut(m + 1);
        let (one, cur) = rest.split_at_mut(m + 1);
        return rows_distance(a, b, transpositions, two, one, cur);
    }
    let (mut two, mut one, mut cur) = ([0usize; 64], [0usize; 64], [0usize; 64]);
    rows_distance(a, b, transpositions, &mut two[..=m], &mut one[..=m], &mut cur[..=m])
}

fn rows_distance<'rows>(
    a: &[char],
    b: &[char],
    transpositions: bool,
    mut two_back: &'rows mut [usize],
    mut one_back: &'rows mut [usize],
    mut current: &'rows mut [usize],
) -> usize {
    for (j, cell) in one_back.iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        current[0] = i;
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut best = (one_back[j] + 1).min(current[j - 1] + 1).min(one_back[j - 1] + cost);
            if transpositions && i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                best = best.min(two_back[j - 2] + 1);
            }
            current[j] = best;
        }
        // Rotate: two_back ← one_back ← current ← (old two_back, overwritten next row).
        std::mem::swap(&mut two_back, &mut one_back);
        std::mem::swap(&mut one_back, &mut current);
    }
    one_back[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chars(s: &str) -> Vec<char> {
        s.chars().collect()
    }

    fn check_jw(a: &str, b: &str, expect: f64) {
        let got = jaro_winkler(&chars(a), &chars(b));
        assert!((got - expect).abs() < 1e-3, "jw({a}, {b}) = {got}, expected {expect}");
    }

    #[test]
    fn jaro_winkler_reference_values() {
        // Values from Winkler's 1990 paper and the usual test tables.
        check_jw("martha", "marhta", 0.961);
        check_jw("dwayne", "duane", 0.840);
        check_jw("dixon", "dicksonx", 0.813);
        check_jw("abc", "abc", 1.0);
        check_jw("abc", "xyz", 0.0);
        check_jw("", "", 1.0);
        check_jw("a", "", 0.0);
        // Thai characters are compared as characters, not bytes.
        check_jw("สมชาย", "สมชาย", 1.0);
        assert!(jaro_winkler(&chars("สมชาย"), &chars("สมชัย")) > 0.85);
    }

    #[test]
    fn edit_distances() {
        let check = |a: &str, b: &str, lev: usize, dam: usize| {
            assert_eq!(levenshtein(&chars(a), &chars(b)), lev, "lev({a},{b})");
            assert_eq!(damerau(&chars(a), &chars(b)), dam, "dam({a},{b})");
        };
        check("kitten", "sitting", 3, 3);
        check("", "abc", 3, 3);
        check("abc", "", 3, 3);
        check("ab", "ba", 2, 1);
        check("1234567890123", "1234567890132", 2, 1);
        check("สมชาย", "สมชาย", 0, 0);
        check("สมชาย", "สมขาย", 1, 1);
        check("abcdef", "badcfe", 4, 3);
        let long_a: Vec<char> = "x".repeat(70).chars().collect();
        let mut long_b = long_a.clone();
        long_b.swap(3, 4);
        long_b[60] = 'y';
        assert_eq!(damerau(&long_a, &long_b), 1, "equal chars swapped cost nothing");
        assert_eq!(levenshtein(&long_a, &long_b), 1);
        assert!((jaro(&long_a, &long_b) - jaro(&long_a[..60], &long_b[..60])).abs() < 0.05);
    }
}
