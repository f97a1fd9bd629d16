//! Properties over generated cases (a seeded generator, so failures reproduce):
//! decimal arithmetic is exact, scores stay in their range and are monotone in the
//! result, and an agreement's total is the sum of its weighted scores within 0–5.
//! The workspace has no property-testing crate; plain loops over generated cases
//! keep the build small.

use tidtam_score::agreement::{Agreement, Indicator, weighted_score};
use tidtam_score::{Achievement, Criteria, Decimal, Mode, Polarity, Round, RoundPeriod, Rounding, ScoringConfig};
use tidtam_thai::fiscal::FiscalYear;

/// xorshift64*: small, seeded, good enough to spread test cases.
struct Cases(u64);

impl Cases {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }

    /// A decimal of up to `places` decimals in [0, max).
    fn decimal(&mut self, max: u64, places: u32) -> Decimal {
        let scale = 10u64.pow(places);
        Decimal::from_parts(i128::from(self.below(max * scale)), places).unwrap()
    }
}

#[test]
fn decimal_arithmetic_is_exact() {
    let mut cases = Cases(0x5EED);
    for _ in 0..5000 {
        let a = cases.decimal(1_000_000, 4) - cases.decimal(1_000_000, 4);
        let b = cases.decimal(1_000, 6) + Decimal::from_parts(1, 6).unwrap();
        assert_eq!((a + b) - b, a);
        // Display and parse round-trip exactly.
        assert_eq!(Decimal::parse(&a.to_string()).unwrap(), a);
        assert_eq!(Decimal::parse(&a.fixed(4)).unwrap(), a);
        // Rounded division is within half a unit of the last place.
        let quotient = a.checked_div(b, 4, Rounding::HalfUp).unwrap();
        let error = (quotient.checked_mul(b).unwrap() - a).abs();
        let half_unit_times_b = b.checked_mul(Decimal::from_parts(5, 5).unwrap()).unwrap();
        assert!(error <= half_unit_times_b, "{a} / {b} = {quotient}");
        // Truncation never rounds away from zero.
        assert!(a.checked_div(b, 4, Rounding::Down).unwrap().abs() <= quotient.abs());
        // A product of 4-place values is exact and commutes.
        let c = cases.decimal(100, 4);
        assert_eq!(a.checked_mul(c), c.checked_mul(a));
    }
}

fn random_criteria(cases: &mut Cases) -> Criteria {
    let polarity = if cases.below(2) == 0 { Polarity::Higher } else { Polarity::Lower };
    match cases.below(3) {
        0 => {
            let mode = if cases.below(2) == 0 { Mode::Interpolate } else { Mode::Step };
            let mut value = cases.decimal(100, 2);
            let thresholds = std::array::from_fn(|_| {
                value = value + cases.decimal(20, 2) + Decimal::from_parts(1, 2).unwrap();
                value
            });
            let mut thresholds: [Decimal; 5] = thresholds;
            if polarity == Polarity::Lower {
                thresholds.reverse();
            }
            Criteria::Quantitative { polarity, mode, thresholds }
        }
        1 => Criteria::Milestone { steps: std::array::from_fn(|level| vec![format!("{level}"); 1 + level % 2]) },
        _ => {
            let mut value = cases.decimal(100, 2);
            let mut targets: [Decimal; 3] = std::array::from_fn(|_| {
                value = value + cases.decimal(20, 2) + Decimal::from_parts(1, 2).unwrap();
                value
            });
            if polarity == Polarity::Lower {
                targets.reverse();
            }
            Criteria::Breakpoints { polarity, targets }
        }
    }
}

fn random_achievement(cases: &mut Cases, criteria: &Criteria) -> Achievement {
    match criteria {
        Criteria::Milestone { steps } => match cases.below(2) {
            0 => Achievement::Level(cases.below(6) as u8),
            _ => Achievement::Steps(steps.clone().map(|level| level.iter().map(|_| cases.below(4) != 0).collect())),
        },
        _ => Achievement::Value(cases.decimal(200, 3)),
    }
}

#[test]
fn scores_stay_in_range_and_grow_with_the_result() {
    let mut cases = Cases(0xC0FFEE);
    let configs = [
        ScoringConfig::default(),
        ScoringConfig {
            below_level_one: Decimal::ONE,
            milestone_cumulative: false,
            milestone_partial: true,
            ..ScoringConfig::default()
        },
    ];
    for _ in 0..2000 {
        let criteria = random_criteria(&mut cases);
        assert!(criteria.check("x").is_empty(), "{criteria:?}");
        let config = &configs[cases.below(2) as usize];
        let max = criteria.scale().max();
        let achievement = random_achievement(&mut cases, &criteria);
        let scored = criteria.score(&achievement, config, "x").unwrap();
        assert!(
            scored.score >= Decimal::ZERO && scored.score <= max,
            "{criteria:?} {achievement:?} → {}",
            scored.score
        );
        // At most 4 decimals, as published.
        assert!(scored.score.places() <= 4);
        // A better value never scores lower.
        if let Achievement::Value(value) = achievement {
            let step = cases.decimal(10, 3);
            let better = match &criteria {
                Criteria::Quantitative { polarity: Polarity::Lower, .. }
                | Criteria::Breakpoints { polarity: Polarity::Lower, .. } => value - step,
                _ => value + step,
            };
            let improved = criteria.score(&Achievement::Value(better), config, "x").unwrap();
            assert!(
                improved.score >= scored.score,
                "{criteria:?}: {value} → {}, {better} → {}",
                scored.score,
                improved.score
            );
            assert!(improved.level >= scored.level);
        }
    }
}

#[test]
fn totals_are_sums_of_exact_weighted_scores() {
    let mut cases = Cases(0xA11CE);
    for _ in 0..300 {
        // Weights of up to 2 decimals that sum to exactly 100.
        let count = 1 + cases.below(12) as usize;
        let mut weights: Vec<Decimal> = (0..count).map(|_| cases.decimal(20, 2) + Decimal::ONE).collect();
        let sum: Decimal = weights[..count - 1].iter().sum();
        if sum >= Decimal::HUNDRED {
            continue;
        }
        weights[count - 1] = Decimal::HUNDRED - sum;
        let indicators: Vec<Indicator> = weights
            .iter()
            .enumerate()
            .map(|(index, &weight)| {
                let criteria = loop {
                    let criteria = random_criteria(&mut cases);
                    if !matches!(criteria, Criteria::Breakpoints { .. }) {
                        break criteria;
                    }
                };
                let mut round = Round::new(RoundPeriod::SixMonths);
                round.result = Some(random_achievement(&mut cases, &criteria));
                Indicator {
                    code: index.to_string(),
                    name: String::new(),
                    description: String::new(),
                    officer_in_charge: String::new(),
                    data_collector: String::new(),
                    weight,
                    criteria,
                    rounds: vec![round],
                }
            })
            .collect();
        let agreement = Agreement {
            fiscal_year: FiscalYear::from_be(2568),
            unit: String::new(),
            config: ScoringConfig::default(),
            indicators,
        };
        let card = agreement.scorecard(RoundPeriod::SixMonths);
        assert!(card.findings.is_empty(), "{:?}", card.findings);
        let mut sum = Decimal::ZERO;
        for line in &card.indicators {
            let score = line.computed.unwrap().score;
            let weighted = line.weighted.unwrap();
            // weighted × 100 = weight × score, exactly.
            assert_eq!(weighted.checked_mul(Decimal::HUNDRED), line.weight.checked_mul(score));
            assert_eq!(Some(weighted), weighted_score(line.weight, score));
            sum = sum + weighted;
        }
        assert_eq!(card.total, sum);
        assert!(card.total >= Decimal::ZERO && card.total <= Decimal::from_int(5), "{}", card.total);
    }
}
