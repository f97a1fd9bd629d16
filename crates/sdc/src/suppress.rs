//! Secondary suppression: for each primary cell, the cheapest hypercube of
//! complementary cells whose corners let its value move by at least its protection
//! level while every relation of the table still holds; then the LP audit, more
//! hypercubes for any primary the audit finds short, and a refusal if that fails.
//!
//! A hypercube here is a tensor product of one vector per dimension. In dimension d,
//! the vector u_d is +1 on the primary's code and on a path down from it to a leaf,
//! and −1 on a sibling and a path down from it (at the root, no sibling: +1 only).
//! Every internal code then equals the sum of its children in u_d, so the product
//! s = ⊗ u_d satisfies every relation of the table (hierarchical totals included), and
//! x + δ·s stays a nonnegative table for δ ∈ [−min{x : s = +1, other than the primary},
//! min{x : s = −1}]. Suppressing the support of s thus gives the primary an attacker
//! interval at least that wide, which the LP audit confirms.
//!
//! [`Chooser`] keeps, per primary, the cubes chosen so far, so that later rounds (and,
//! for linked tables, later passes over the same table) add different ones.

use std::time::{Duration, Instant};

use crate::SdcError;
use crate::audit::{Auditor, Interval, is_protected};
use crate::rules::Primary;
use crate::table::Table;

/// How many hypercube choices to weigh per primary at most.
const MAX_CANDIDATES: usize = 4000;
/// Rounds of "audit, then add a hypercube for every primary still short".
pub(crate) const MAX_ROUNDS: usize = 4;

/// One dimension's vector: codes with +1 and with −1.
#[derive(Clone)]
struct Arm {
    plus: Vec<usize>,
    minus: Vec<usize>,
}

/// Chooses the secondary cells. `suppressed` holds the primaries on entry and the whole
/// pattern on return; the result is the audit of every suppressed cell and the time
/// that last audit took.
pub(crate) fn suppress(
    table: &Table,
    primaries: &[Option<Primary>],
    suppressed: &mut [bool],
    auditor: &Auditor,
) -> Result<(Vec<Option<Interval>>, Duration), SdcError> {
    let levels: Vec<Option<f64>> = primaries.iter().map(|p| p.as_ref().map(|p| p.level)).collect();
    let order = hardest_first(&levels);
    let mut chooser = Chooser::new(table);
    let mut short: Vec<usize> = order.clone();
    for round in 0..=MAX_ROUNDS {
        chooser.add_cubes(&levels, &short, round == 0, suppressed);
        // The audit decides, not the cubes' arithmetic (cubes overlap on paths): first
        // the primaries, then, once they all pass, every suppressed cell for the report.
        let ivs = auditor.intervals_with(suppressed, &order, &|c| chooser.cubes_of(c))?;
        short = order
            .iter()
            .zip(&ivs)
            .filter(|(p, iv)| !is_protected(table.measure(**p), levels[**p].unwrap(), **iv))
            .map(|(p, _)| *p)
            .collect();
        if short.is_empty() {
            let all: Vec<usize> = (0..table.len()).filter(|&c| suppressed[c]).collect();
            let started = Instant::now();
            let ivs = auditor.intervals_with(suppressed, &all, &|c| chooser.cubes_of(c))?;
            let audit_time = started.elapsed();
            let mut out = vec![None; table.len()];
            for (c, iv) in all.into_iter().zip(ivs) {
                out[c] = Some(iv);
            }
            return Ok((out, audit_time));
        }
    }
    Err(SdcError::Unprotected(short.iter().map(|&p| table.label(p)).collect()))
}

/// The cells with a level, the hardest (largest level) first: their cubes are then
/// reused by the easier ones.
pub(crate) fn hardest_first(levels: &[Option<f64>]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..levels.len()).filter(|&c| levels[c].is_some()).collect();
    order.sort_by(|a, b| levels[*b].unwrap().total_cmp(&levels[*a].unwrap()).then(a.cmp(b)));
    order
}

/// Hypercube choice on one table, remembering each primary's cubes.
pub(crate) struct Chooser<'t> {
    table: &'t Table,
    /// A code's marginal (all other dimensions at their totals) ranks paths and siblings.
    marginals: Vec<Vec<f64>>,
    /// The cells of each primary's cubes: unknowns in its LP even when the audit is local.
    cube_cells: Vec<Vec<usize>>,
    /// Per primary and dimension, the siblings its cubes have used.
    used: Vec<Vec<Vec<usize>>>,
    /// What suppressing each cell costs, in cells: 1, or for linked tables the number of
    /// tables that publish it (hidden in each, and each must then protect it).
    weight: Vec<usize>,
}

impl<'t> Chooser<'t> {
    pub(crate) fn new(table: &'t Table) -> Self {
        let dims = table.dims();
        let roots: Vec<usize> = dims.iter().map(|d| d.hierarchy.root()).collect();
        let marginals: Vec<Vec<f64>> = dims
            .iter()
            .enumerate()
            .map(|(d, dim)| {
                (0..dim.hierarchy.len())
                    .map(|code| {
                        let mut coords = roots.clone();
                        coords[d] = code;
                        table.measure(table.index(&coords))
                    })
                    .collect()
            })
            .collect();
        Chooser {
            table,
            marginals,
            cube_cells: vec![Vec::new(); table.len()],
            used: vec![vec![Vec::new(); dims.len()]; table.len()],
            weight: vec![1; table.len()],
        }
    }

    /// The same chooser with a cost per cell (see `weight`).
    pub(crate) fn with_weights(mut self, weight: Vec<usize>) -> Self {
        assert_eq!(weight.len(), self.table.len());
        self.weight = weight;
        self
    }

    /// The cells of the cubes chosen for `cell` so far.
    pub(crate) fn cubes_of(&self, cell: usize) -> &[usize] {
        &self.cube_cells[cell]
    }

    /// A path from `code` down to a leaf, through the largest marginals.
    fn down(&self, d: usize, mut code: usize) -> Vec<usize> {
        let h = &self.table.dims()[d].hierarchy;
        let m = &self.marginals[d];
        let mut path = vec![code];
        while !h.is_leaf(code) {
            code = *h.children(code).iter().max_by(|a, b| m[**a].total_cmp(&m[**b])).unwrap();
            path.push(code);
        }
        path
    }

    /// A dimension's vectors for code c: climb to an ancestor A (A = c first), +1 on the
    /// path from A down through c to a leaf, −1 on a sibling of A and a path down from it;
    /// or climb to the root with no sibling (+1 only). Nearest siblings come first.
    fn arms_of(&self, d: usize, c: usize, used: &[usize]) -> Vec<Arm> {
        let h = &self.table.dims()[d].hierarchy;
        // Below an inner code, any child may start the path down (the largest marginal
        // beneath it): the corners under the primary then differ.
        let downs: Vec<Vec<usize>> =
            if h.is_leaf(c) { vec![Vec::new()] } else { h.children(c).iter().map(|&k| self.down(d, k)).collect() };
        let mut out = Vec::new();
        let mut up = vec![c]; // c, …, A
        let mut a = c;
        loop {
            let upward: Vec<usize> = up.iter().rev().copied().collect();
            let pluses = downs.iter().map(|tail| upward.iter().chain(tail).copied().collect::<Vec<usize>>());
            match h.parent(a) {
                None => {
                    out.extend(pluses.map(|plus| Arm { plus, minus: Vec::new() }));
                    return out;
                }
                Some(parent) => {
                    let mut sibs: Vec<usize> =
                        h.children(parent).iter().copied().filter(|&s| s != a && !used.contains(&s)).collect();
                    let m = &self.marginals[d];
                    sibs.sort_by(|x, y| m[*y].total_cmp(&m[*x]));
                    let pluses: Vec<Vec<usize>> = pluses.collect();
                    for s in sibs {
                        for plus in &pluses {
                            out.push(Arm { plus: plus.clone(), minus: self.down(d, s) });
                        }
                    }
                    up.push(parent);
                    a = parent;
                }
            }
        }
    }

    /// Adds cubes for the cells of `short` (each with a level in `levels`): on a first
    /// round up to four each until the cubes' arithmetic gives the level, later one more.
    pub(crate) fn add_cubes(&mut self, levels: &[Option<f64>], short: &[usize], first: bool, suppressed: &mut [bool]) {
        let table = self.table;
        let dims = table.dims();
        for &p in short {
            let level = levels[p].expect("a cell to protect has a level");
            let x = table.measure(p);
            let need_up = level;
            let need_down = level.min(x);
            let (mut got_up, mut got_down) = (0.0, 0.0);
            let cubes = if first { 4 } else { 1 };
            for _ in 0..cubes {
                let coords = table.coords(p);
                let arms: Vec<Vec<Arm>> =
                    (0..dims.len()).map(|d| self.arms_of(d, coords[d], &self.used[p][d])).collect();
                if arms.iter().any(Vec::is_empty) {
                    break; // no sibling left in some dimension
                }
                let arms = trim(arms);
                let best = best_cube(table, suppressed, &self.weight, p, &arms, need_up - got_up, need_down - got_down);
                let Some((choice, up, dn)) = best else { break };
                for (d, arm) in choice.iter().enumerate() {
                    if let Some(&s) = arm.minus.first() {
                        self.used[p][d].push(s);
                    }
                }
                let cells = &mut self.cube_cells[p];
                for_each_corner(table, &choice, |cell, _| {
                    suppressed[cell] = true;
                    cells.push(cell);
                });
                got_up += up;
                got_down += dn;
                if got_up >= need_up && got_down >= need_down && (up > 0.0 || dn > 0.0) {
                    break;
                }
            }
        }
    }
}

/// Keeps the candidate count bounded: drops the lowest-ranked siblings of the widest dimension.
fn trim(mut arms: Vec<Vec<Arm>>) -> Vec<Vec<Arm>> {
    loop {
        let product: usize = arms.iter().map(Vec::len).product();
        if product <= MAX_CANDIDATES {
            return arms;
        }
        let widest = (0..arms.len()).max_by_key(|&d| arms[d].len()).unwrap();
        let keep = arms[widest].len() / 2;
        arms[widest].truncate(keep.max(1));
    }
}

/// Calls `f(cell, sign)` for every cell of the cube's support.
fn for_each_corner(table: &Table, arms: &[Arm], mut f: impl FnMut(usize, f64)) {
    let lists: Vec<Vec<(usize, f64)>> = arms
        .iter()
        .map(|a| a.plus.iter().map(|&c| (c, 1.0)).chain(a.minus.iter().map(|&c| (c, -1.0))).collect())
        .collect();
    let mut idx = vec![0usize; lists.len()];
    let mut coords = vec![0usize; lists.len()];
    loop {
        let mut sign = 1.0;
        for d in 0..lists.len() {
            coords[d] = lists[d][idx[d]].0;
            sign *= lists[d][idx[d]].1;
        }
        f(table.index(&coords), sign);
        let mut d = lists.len();
        loop {
            if d == 0 {
                return;
            }
            d -= 1;
            idx[d] += 1;
            if idx[d] < lists[d].len() {
                break;
            }
            idx[d] = 0;
        }
    }
}

/// (not enough, −share met, new cells, new value): smaller is better.
type Key = (bool, f64, usize, f64);

/// The cheapest cube that gives `need_up` above and `need_down` below (fewest new
/// suppressions, then least suppressed value); if none does, the one that comes closest.
/// Returns the arms and what the cube gives (up, down).
fn best_cube(
    table: &Table,
    suppressed: &[bool],
    weight: &[usize],
    p: usize,
    arms: &[Vec<Arm>],
    need_up: f64,
    need_down: f64,
) -> Option<(Vec<Arm>, f64, f64)> {
    let mut best: Option<(Key, Vec<usize>, f64, f64)> = None;
    let mut pick = vec![0usize; arms.len()];
    let eps = 1e-9 * (1.0 + need_up.abs());
    loop {
        let choice: Vec<Arm> = pick.iter().enumerate().map(|(d, &i)| arms[d][i].clone()).collect();
        let (mut up, mut dn) = (f64::INFINITY, f64::INFINITY);
        let (mut new_cells, mut new_value) = (0usize, 0.0);
        for_each_corner(table, &choice, |cell, sign| {
            let x = table.measure(cell);
            if sign < 0.0 {
                up = up.min(x);
            } else if cell != p {
                dn = dn.min(x);
            }
            if !suppressed[cell] {
                new_cells += weight[cell];
                new_value += x;
            }
        });
        if dn.is_infinite() {
            dn = table.measure(p);
        }
        let dn = dn.min(table.measure(p));
        let enough = up + eps >= need_up && dn + eps >= need_down && (up > 0.0 || dn > 0.0);
        // Closeness when not enough: the worse of the two shares met.
        let share = (if need_up > 0.0 { (up / need_up).min(1.0) } else { 1.0 }).min(if need_down > 0.0 {
            (dn / need_down).min(1.0)
        } else {
            1.0
        });
        let key = (!enough, -share, new_cells, new_value);
        let better = match &best {
            None => true,
            Some((k, ..)) => {
                (key.0, key.1, key.2).partial_cmp(&(k.0, k.1, k.2)) == Some(std::cmp::Ordering::Less)
                    || ((key.0, key.1, key.2) == (k.0, k.1, k.2) && key.3 < k.3)
            }
        };
        if better && (up > 0.0 || dn > 0.0) {
            best = Some((key, pick.clone(), up, dn));
        }
        let mut d = arms.len();
        loop {
            if d == 0 {
                return best.map(|(_, pick, up, dn)| {
                    (pick.iter().enumerate().map(|(d, &i)| arms[d][i].clone()).collect(), up, dn)
                });
            }
            d -= 1;
            pick[d] += 1;
            if pick[d] < arms[d].len() {
                break;
            }
            pick[d] = 0;
        }
    }
}
