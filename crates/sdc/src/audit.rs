//! The attacker's view: for a suppression pattern, the interval [min, max] each
//! suppressed cell can take given every published cell, every additive relation of
//! the table and nonnegativity, found by linear programming (two LPs per cell).

use microlp::{ComparisonOp, LinearExpr, OptimizationDirection, Problem};

use crate::SdcError;
use crate::table::{Relation, Table};

/// What an attacker can derive about a suppressed cell.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Interval {
    /// The least value consistent with what is published.
    pub lower: f64,
    /// The greatest value (∞ when nothing bounds it).
    pub upper: f64,
    /// True if the LP had every suppressed cell linked to this one; false if the
    /// component was larger than [`EXACT_LIMIT`] and the LP took the nearest
    /// [`LOCAL_LIMIT`] suppressed cells (and the cell's own hypercubes) as unknowns,
    /// the attacker being told the others: then the interval is at most as wide as
    /// the true one, so a cell found protected is protected.
    pub exact: bool,
}

/// Components up to this many suppressed cells are solved whole.
pub const EXACT_LIMIT: usize = 200;
/// Beyond that, a cell's LP has its nearest this many suppressed cells as unknowns.
pub const LOCAL_LIMIT: usize = 60;

/// True if the interval protects a cell of value `x` at protection level `level`:
/// the upper bound reaches x + level, the lower bound x − min(level, x) (cells are ≥ 0),
/// and the cell is not recomputable exactly.
pub fn is_protected(x: f64, level: f64, iv: Interval) -> bool {
    let tol = 1e-6 * (1.0 + x.abs() + level);
    iv.upper >= x + level - tol && iv.lower <= x - level.min(x) + tol && iv.upper - iv.lower > tol
}

/// The relations of a table (or of several linked tables, see [`crate::linked`]),
/// indexed by cell, ready for many audits.
pub struct Auditor {
    /// The audited measure of every cell.
    measure: Vec<f64>,
    relations: Vec<Relation>,
    by_cell: Vec<Vec<u32>>,
    scale: f64,
    exact_limit: usize,
    local_limit: usize,
}

impl Auditor {
    /// Prepares the relations of `table`.
    pub fn new(table: &Table) -> Self {
        Self::from_relations((0..table.len()).map(|c| table.measure(c)).collect(), table.relations())
    }

    /// An auditor over any cells: their measures and the relations among them (the
    /// linked tables' union, where a shared cell is one cell).
    pub fn from_relations(measure: Vec<f64>, relations: Vec<Relation>) -> Self {
        let mut by_cell = vec![Vec::new(); measure.len()];
        for (r, rel) in relations.iter().enumerate() {
            by_cell[rel.parent].push(r as u32);
            for &c in &rel.children {
                by_cell[c].push(r as u32);
            }
        }
        // The solver's tolerances are absolute: work in units that put the largest cell near 1000.
        let max = measure.iter().map(|x| x.abs()).fold(0.0, f64::max);
        let scale = if max > 0.0 { max / 1000.0 } else { 1.0 };
        Auditor { measure, relations, by_cell, scale, exact_limit: EXACT_LIMIT, local_limit: LOCAL_LIMIT }
    }

    /// Other sizes for the whole and the local LPs (tests use small ones).
    pub fn with_limits(mut self, exact: usize, local: usize) -> Self {
        self.exact_limit = exact;
        self.local_limit = local.max(1);
        self
    }

    /// The table's relations.
    pub fn relations(&self) -> &[Relation] {
        &self.relations
    }

    /// The relations a cell takes part in.
    pub fn relations_of(&self, cell: usize) -> impl Iterator<Item = &Relation> {
        self.by_cell[cell].iter().map(|&r| &self.relations[r as usize])
    }

    /// The attacker's interval of every cell in `targets` (each must be suppressed).
    /// Only the suppressed cells linked to a target through relations enter its LP (the
    /// others cannot move it), so a table decomposes into independent systems.
    pub fn intervals(&self, suppressed: &[bool], targets: &[usize]) -> Result<Vec<Interval>, SdcError> {
        self.intervals_with(suppressed, targets, &|_| &[])
    }

    /// As [`Auditor::intervals`], with cells that must be unknowns in a target's LP when its
    /// component is too large to solve whole (its hypercubes, which guarantee its interval).
    pub fn intervals_with<'h>(
        &self,
        suppressed: &[bool],
        targets: &[usize],
        hints: &dyn Fn(usize) -> &'h [usize],
    ) -> Result<Vec<Interval>, SdcError> {
        let n = self.measure.len();
        // Union-find over suppressed cells sharing a relation.
        let mut parent: Vec<u32> = (0..n as u32).collect();
        fn find(p: &mut [u32], mut x: u32) -> u32 {
            while p[x as usize] != x {
                p[x as usize] = p[p[x as usize] as usize];
                x = p[x as usize];
            }
            x
        }
        for rel in &self.relations {
            let mut first: Option<u32> = None;
            for c in std::iter::once(rel.parent).chain(rel.children.iter().copied()) {
                if suppressed[c] {
                    match first {
                        None => first = Some(find(&mut parent, c as u32)),
                        Some(f) => {
                            let r = find(&mut parent, c as u32);
                            if r != f {
                                parent[r as usize] = f;
                            }
                        }
                    }
                }
            }
        }
        let mut sizes: std::collections::HashMap<u32, usize> = std::collections::HashMap::new();
        for (c, _) in suppressed.iter().enumerate().filter(|(_, s)| **s) {
            *sizes.entry(find(&mut parent, c as u32)).or_default() += 1;
        }
        let mut systems: std::collections::HashMap<u32, System> = std::collections::HashMap::new();
        let mut out = Vec::with_capacity(targets.len());
        for &t in targets {
            assert!(suppressed[t], "audit target {t} is published");
            let root = find(&mut parent, t as u32);
            let exact = sizes[&root] <= self.exact_limit;
            let local;
            let system = if exact {
                systems.entry(root).or_insert_with(|| {
                    let members: Vec<usize> =
                        (0..n).filter(|&c| suppressed[c] && find(&mut parent, c as u32) == root).collect();
                    self.system(members)
                });
                &systems[&root]
            } else {
                local = self.system(self.ball(suppressed, t, hints(t)));
                &local
            };
            let upper = system.optimise(t, OptimizationDirection::Maximize)?;
            let lower = system.optimise(t, OptimizationDirection::Minimize)?;
            out.push(Interval { lower: lower * self.scale, upper: upper * self.scale, exact });
        }
        Ok(out)
    }

    /// The suppressed cells nearest to `t` through relations (breadth first), up to
    /// [`LOCAL_LIMIT`], and the suppressed cells of `extra`.
    fn ball(&self, suppressed: &[bool], t: usize, extra: &[usize]) -> Vec<usize> {
        let mut seen = std::collections::HashSet::from([t]);
        let mut order = vec![t];
        let mut k = 0;
        'bfs: while k < order.len() {
            let c = order[k];
            k += 1;
            for &r in &self.by_cell[c] {
                let rel = &self.relations[r as usize];
                for cell in std::iter::once(rel.parent).chain(rel.children.iter().copied()) {
                    if suppressed[cell] && seen.insert(cell) {
                        order.push(cell);
                        if order.len() >= self.local_limit {
                            break 'bfs;
                        }
                    }
                }
            }
        }
        for &cell in extra {
            if suppressed[cell] && seen.insert(cell) {
                order.push(cell);
            }
        }
        order
    }

    /// The equations over `members` (suppressed cells); every other cell is a constant.
    fn system(&self, members: Vec<usize>) -> System {
        let mut local = std::collections::HashMap::with_capacity(members.len());
        for (i, &c) in members.iter().enumerate() {
            local.insert(c, i);
        }
        let mut seen = std::collections::HashSet::new();
        let mut equations = Vec::new();
        for &c in &members {
            for &r in &self.by_cell[c] {
                if !seen.insert(r) {
                    continue;
                }
                let rel = &self.relations[r as usize];
                // parent − Σ children = 0, published cells moved to the right-hand side.
                let mut terms = Vec::new();
                let mut rhs = 0.0;
                for (cell, coeff) in std::iter::once((rel.parent, 1.0)).chain(rel.children.iter().map(|&k| (k, -1.0))) {
                    if let Some(&i) = local.get(&cell) {
                        terms.push((i, coeff));
                    } else {
                        rhs -= coeff * self.measure[cell] / self.scale;
                    }
                }
                equations.push((terms, rhs));
            }
        }
        System { members: local, size: members.len(), equations }
    }
}

struct System {
    members: std::collections::HashMap<usize, usize>,
    size: usize,
    equations: Vec<(Vec<(usize, f64)>, f64)>,
}

impl System {
    fn optimise(&self, target: usize, direction: OptimizationDirection) -> Result<f64, SdcError> {
        let t = self.members[&target];
        let mut problem = Problem::new(direction);
        let vars: Vec<_> =
            (0..self.size).map(|i| problem.add_var(if i == t { 1.0 } else { 0.0 }, (0.0, f64::INFINITY))).collect();
        for (terms, rhs) in &self.equations {
            let mut expr = LinearExpr::empty();
            for &(i, coeff) in terms {
                expr.add(vars[i], coeff);
            }
            problem.add_constraint(expr, ComparisonOp::Eq, *rhs);
        }
        match problem.solve() {
            Ok(solution) => Ok(*solution.var_value(vars[t])),
            Err(microlp::Error::Unbounded) => Ok(f64::INFINITY),
            Err(e) => Err(SdcError::Solver(e.to_string())),
        }
    }
}
