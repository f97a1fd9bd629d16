//! Unbiased random rounding to a base, seeded.
//!
//! Every leaf cell's count and value go to one of the two multiples of the base around
//! them: up with probability r/b where r is the residual, so the expected rounded value
//! is the true one; multiples of the base stay as they are. Totals are then the sums of
//! the rounded leaves, so the published table is exactly additive and every figure is a
//! multiple of the base; a leaf is off by less than one base, a total by less than one
//! base per leaf under it (and, being a sum of unbiased roundings, is itself unbiased).

use crate::table::Table;

/// A small seeded generator (SplitMix64): the same seed gives the same rounding.
pub(crate) struct SplitMix64(u64);

impl SplitMix64 {
    pub(crate) fn new(seed: u64) -> Self {
        SplitMix64(seed)
    }

    pub(crate) fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in [0, 1).
    pub(crate) fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// One value rounded to `base` at random, unbiased.
pub fn round_value(x: f64, base: f64, rng: &mut impl FnMut() -> f64) -> f64 {
    let low = (x / base).floor() * base;
    let residual = x - low;
    if residual <= 0.0 {
        return low;
    }
    if rng() < residual / base { low + base } else { low }
}

/// The table with every leaf rounded to `base` (seeded) and totals summed again.
pub fn round(table: &Table, base: f64, seed: u64) -> Table {
    assert!(base > 0.0, "the rounding base must be positive");
    let mut rng = SplitMix64::new(seed);
    let mut draw = || rng.unit();
    let leaf: Vec<bool> = (0..table.len()).map(|c| table.is_leaf_cell(c)).collect();
    let mut column = |get: &dyn Fn(usize) -> Option<f64>| -> Option<Vec<f64>> {
        get(0)?;
        Some(
            (0..table.len())
                .map(|c| if leaf[c] { round_value(get(c).unwrap(), base, &mut draw) } else { 0.0 })
                .collect(),
        )
    };
    let mut count = column(&|c| table.count(c));
    let mut value = column(&|c| table.value(c));
    for rel in table.relations() {
        for col in [&mut count, &mut value].into_iter().flatten() {
            col[rel.parent] = rel.children.iter().map(|&k| col[k]).sum();
        }
    }
    table.with_columns(count, value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rounding_is_unbiased_and_stays_on_the_two_multiples() {
        let mut rng = SplitMix64::new(7);
        let mut draw = || rng.unit();
        let n = 200_000;
        let mut sum = 0.0;
        for _ in 0..n {
            let r = round_value(1.0, 3.0, &mut draw);
            assert!(r == 0.0 || r == 3.0);
            sum += r;
        }
        // Base 3: 1 → 3 with probability 1/3, mean 1 (standard error ≈ 0.003).
        let mean = sum / n as f64;
        assert!((mean - 1.0).abs() < 0.02, "{mean}");
        assert_eq!(round_value(6.0, 3.0, &mut draw), 6.0);
    }
}
