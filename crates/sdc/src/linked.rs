//! Linked tables: several tables published from the same data that share cells.
//!
//! Two tables share a cell when they hold the same combination of the dimensions they
//! have in common (matched by column name; codes by their text, and the totals of a
//! common dimension with each other whatever they are called) with every other
//! dimension at its total. Province × sex and province × age group share the province
//! totals; a table by region × industry and one by province × industry share the region
//! rows (with the built-in area tree, which the region table's rows cut at the regions,
//! see [`Hierarchy::restricted_to`](crate::Hierarchy::restricted_to)); every table holds
//! the grand total.
//!
//! An attacker combines the equations of every published table, so here:
//! - a shared cell is one unknown: [`Linked::new`] checks that every table gives it the
//!   same count and value, and the primary rules judge it once (primary if a table's
//!   rules flag it, by the rules of all of them, with the largest level);
//! - it is suppressed in every table that holds it, or in none;
//! - the audit is one LP system over the union of all tables' relations, so each
//!   primary cell's interval is what the attacker derives from every table.
//!
//! [`protect_linked`] works as sdcTable's `protectLinkedTables` and τ-Argus's linked
//! tables do: it protects the tables in turn, each starting from what the others
//! suppressed, and goes round again until every primary cell is protected (or a pass
//! adds nothing). Each table's hypercubes are added until its primaries pass the *joint*
//! audit, a shared cell costing the cube once per table that publishes it. An LP's
//! unknowns are a set of suppressed cells, every other cell being given to the attacker
//! at its true value, so the interval it finds depends on that set alone and stays a
//! valid inner bound of the attacker's interval as more cells are suppressed: a cell
//! found protected is not audited again, and each cell keeps the widest interval found.
//! The few primaries that the local LPs of a large component leave short get the LP of
//! their whole component. One still short (a shared cell of its cubes is pinned down by
//! another table) asks the other tables holding that shared cell to let it move by the
//! primary's level too, on the next pass. A primary short at the end refuses the whole
//! set, as for one table.

use std::collections::{HashMap, HashSet};
use std::io::Read;
use std::time::{Duration, Instant};

use crate::audit::{Auditor, Interval, is_protected};
use crate::error::SharedMismatch;
use crate::rules::{Primary, Rules};
use crate::suppress::{Chooser, MAX_ROUNDS, hardest_first};
use crate::table::{CsvSpec, Relation, Table, close};
use crate::{Protected, SdcError, Status, nonnegative};

/// Passes over all the tables at most.
const MAX_PASSES: usize = 8;
/// Primaries still short after the passes get their whole component's LP, up to this many.
const STRAGGLERS: usize = 20;

/// Tables published from the same data, with their shared cells identified.
#[derive(Debug, Clone)]
pub struct Linked {
    names: Vec<String>,
    tables: Vec<Table>,
    offsets: Vec<usize>,
    /// A table's cell (its table's offset + the cell) → the linked cell it is.
    class: Vec<usize>,
    /// A linked cell → the (table, cell) pairs holding it, in table order.
    holders: Vec<Vec<(usize, usize)>>,
}

/// The result of [`protect_linked`] or [`verify_linked`].
#[derive(Debug, Clone)]
pub struct LinkedProtected {
    /// Each table's pattern, in the order given; a shared cell has the same status and
    /// interval in every table that holds it.
    pub tables: Vec<Protected>,
    /// Primary cells, a shared one counted once.
    pub primary: usize,
    /// Secondary suppressions, a shared one counted once.
    pub secondary: usize,
    /// Passes over the tables until every primary passed the joint audit (or a pass
    /// added nothing).
    pub passes: usize,
    /// How long the final joint audit of every suppressed cell took.
    pub audit_time: Duration,
}

impl Linked {
    /// Links the tables (each with a name for messages, e.g. its file): finds the
    /// cells they share and refuses, naming every one, shared cells whose count or
    /// value differ between tables.
    pub fn new(tables: Vec<(String, Table)>) -> Result<Self, SdcError> {
        if tables.is_empty() {
            return Err(SdcError::Input("ไม่มีตาราง / no table".into()));
        }
        let (names, tables): (Vec<String>, Vec<Table>) = tables.into_iter().unzip();
        // One audited measure: the value in all of them, or the count in all of them.
        if let Some(t) = (1..tables.len()).find(|&t| tables[t].has_value() != tables[0].has_value()) {
            let (with, without) = if tables[0].has_value() { (&names[0], &names[t]) } else { (&names[t], &names[0]) };
            return Err(SdcError::Input(format!(
                "ตาราง {with} มีคอลัมน์ value แต่ {without} ไม่มี ตารางที่เชื่อมกันต้องวัดสิ่งเดียวกัน / {with} has a value column and {without} has none: linked tables must measure the same thing"
            )));
        }
        let mut offsets = Vec::with_capacity(tables.len());
        let mut n = 0;
        for table in &tables {
            offsets.push(n);
            n += table.len();
        }
        let mut parent: Vec<usize> = (0..n).collect();
        fn find(p: &mut [usize], mut x: usize) -> usize {
            while p[x] != x {
                p[x] = p[p[x]];
                x = p[x];
            }
            x
        }
        for a in 0..tables.len() {
            for b in a + 1..tables.len() {
                for (ca, cb) in shared_pairs(&tables[a], &tables[b]) {
                    let (ra, rb) = (find(&mut parent, offsets[a] + ca), find(&mut parent, offsets[b] + cb));
                    if ra != rb {
                        parent[ra.max(rb)] = ra.min(rb);
                    }
                }
            }
        }
        let mut class = vec![0; n];
        let mut holders: Vec<Vec<(usize, usize)>> = Vec::new();
        let mut id_of_root: HashMap<usize, usize> = HashMap::new();
        for (t, table) in tables.iter().enumerate() {
            for c in 0..table.len() {
                let g = offsets[t] + c;
                let root = find(&mut parent, g);
                let id = *id_of_root.entry(root).or_insert_with(|| {
                    holders.push(Vec::new());
                    holders.len() - 1
                });
                class[g] = id;
                holders[id].push((t, c));
            }
        }
        let linked = Linked { names, tables, offsets, class, holders };
        linked.check_shared_values()?;
        Ok(linked)
    }

    /// The tables' names, in order.
    pub fn names(&self) -> &[String] {
        &self.names
    }

    /// The tables, in order.
    pub fn tables(&self) -> &[Table] {
        &self.tables
    }

    /// How many cells two or more tables share.
    pub fn shared_cells(&self) -> usize {
        self.holders.iter().filter(|h| h.len() > 1).count()
    }

    /// The (table, cell) pairs holding the same cell as `cell` of table `table` (itself included).
    pub fn holders(&self, table: usize, cell: usize) -> &[(usize, usize)] {
        &self.holders[self.class_of(table, cell)]
    }

    fn class_of(&self, table: usize, cell: usize) -> usize {
        self.class[self.offsets[table] + cell]
    }

    fn measure(&self, class: usize) -> f64 {
        let (t, c) = self.holders[class][0];
        self.tables[t].measure(c)
    }

    /// "TABLE: dim=code, …" in the first table that holds it.
    fn label(&self, class: usize) -> String {
        let (t, c) = self.holders[class][0];
        self.cell_label(t, c)
    }

    fn cell_label(&self, t: usize, c: usize) -> String {
        format!("{}: {}", self.names[t], self.tables[t].label(c))
    }

    fn check_shared_values(&self) -> Result<(), SdcError> {
        let mut wrong = Vec::new();
        for holders in &self.holders {
            let Some((&(t0, c0), rest)) = holders.split_first() else { continue };
            let (a, first) = (&self.tables[t0], self.cell_label(t0, c0));
            for &(t, c) in rest {
                let b = &self.tables[t];
                for (column, x, y) in [("count", a.count(c0), b.count(c)), ("value", a.value(c0), b.value(c))] {
                    if let (Some(x), Some(y)) = (x, y)
                        && !close(x, y)
                    {
                        wrong.push(SharedMismatch {
                            first: first.clone(),
                            second: self.cell_label(t, c),
                            column,
                            first_value: x,
                            second_value: y,
                        });
                    }
                }
            }
        }
        if wrong.is_empty() { Ok(()) } else { Err(SdcError::SharedCells(wrong)) }
    }

    /// Every table's relations over the linked cells (a relation two tables both hold, once).
    fn auditor(&self) -> Auditor {
        let measure = (0..self.holders.len()).map(|k| self.measure(k)).collect();
        let mut seen: HashSet<(usize, Vec<usize>)> = HashSet::new();
        let mut relations = Vec::new();
        for (t, table) in self.tables.iter().enumerate() {
            for rel in table.relations() {
                let parent = self.class_of(t, rel.parent);
                let children: Vec<usize> = rel.children.iter().map(|&k| self.class_of(t, k)).collect();
                let mut key = children.clone();
                key.sort_unstable();
                if seen.insert((parent, key)) {
                    relations.push(Relation { parent, children });
                }
            }
        }
        Auditor::from_relations(measure, relations)
    }

    /// The primary cells by linked cell: each table's rules' verdict, combined.
    fn primaries(&self, rules: &Rules) -> Result<Vec<Option<Primary>>, SdcError> {
        let mut out: Vec<Option<Primary>> = vec![None; self.holders.len()];
        for (t, table) in self.tables.iter().enumerate() {
            nonnegative(table).map_err(|e| e.in_table(&self.names[t]))?;
            let primaries = rules.primaries(table).map_err(|e| e.in_table(&self.names[t]))?;
            for (c, p) in primaries.into_iter().enumerate() {
                let Some(p) = p else { continue };
                match &mut out[self.class_of(t, c)] {
                    slot @ None => *slot = Some(p),
                    Some(q) => {
                        for r in p.rules {
                            if !q.rules.contains(&r) {
                                q.rules.push(r);
                            }
                        }
                        q.level = q.level.max(p.level);
                    }
                }
            }
        }
        Ok(out)
    }

    /// The cells of each linked cell's hypercubes, in any table: unknowns of its LP
    /// when its component is too large to solve whole.
    fn hints(&self, choosers: &[Chooser<'_>]) -> HashMap<usize, Vec<usize>> {
        let mut out: HashMap<usize, Vec<usize>> = HashMap::new();
        for (t, chooser) in choosers.iter().enumerate() {
            for c in 0..self.tables[t].len() {
                let cells = chooser.cubes_of(c);
                if !cells.is_empty() {
                    out.entry(self.class_of(t, c)).or_default().extend(cells.iter().map(|&x| self.class_of(t, x)));
                }
            }
        }
        out
    }

    /// The joint interval of each linked cell of `targets`.
    fn audit_targets(
        &self,
        auditor: &Auditor,
        choosers: &[Chooser<'_>],
        suppressed: &[bool],
        targets: &[usize],
    ) -> Result<Vec<Interval>, SdcError> {
        let hints = self.hints(choosers);
        auditor.intervals_with(suppressed, targets, &|k| hints.get(&k).map_or(&[][..], Vec::as_slice))
    }

    /// Each table's statuses and intervals from the linked cells'.
    fn result(
        &self,
        primaries: &[Option<Primary>],
        suppressed: &[bool],
        intervals: &[Option<Interval>],
        audit_time: Duration,
        passes: usize,
    ) -> LinkedProtected {
        let tables = self
            .tables
            .iter()
            .enumerate()
            .map(|(t, table)| {
                let classes: Vec<usize> = (0..table.len()).map(|c| self.class_of(t, c)).collect();
                Protected {
                    status: classes
                        .iter()
                        .map(|&k| match (&primaries[k], suppressed[k]) {
                            (Some(p), _) => Status::Primary(p.clone()),
                            (None, true) => Status::Secondary,
                            (None, false) => Status::Published,
                        })
                        .collect(),
                    intervals: classes.iter().map(|&k| intervals[k]).collect(),
                    audit_time,
                }
            })
            .collect();
        LinkedProtected {
            tables,
            primary: primaries.iter().filter(|p| p.is_some()).count(),
            secondary: (0..suppressed.len()).filter(|&k| suppressed[k] && primaries[k].is_none()).count(),
            passes,
            audit_time,
        }
    }

    /// The joint interval of every suppressed cell, and how long that audit took.
    fn audit_suppressed(
        &self,
        auditor: &Auditor,
        suppressed: &[bool],
        hints: &HashMap<usize, Vec<usize>>,
    ) -> Result<(Vec<Option<Interval>>, Duration), SdcError> {
        let all: Vec<usize> = (0..suppressed.len()).filter(|&k| suppressed[k]).collect();
        let started = Instant::now();
        let ivs = auditor.intervals_with(suppressed, &all, &|k| hints.get(&k).map_or(&[][..], Vec::as_slice))?;
        let audit_time = started.elapsed();
        let mut out = vec![None; suppressed.len()];
        for (k, iv) in all.into_iter().zip(ivs) {
            out[k] = Some(iv);
        }
        Ok((out, audit_time))
    }

    fn unprotected(&self, short: &[usize]) -> SdcError {
        SdcError::Unprotected(short.iter().map(|&k| self.label(k)).collect())
    }
}

/// The cells `a` and `b` share, as (cell of `a`, cell of `b`).
fn shared_pairs(a: &Table, b: &Table) -> Vec<(usize, usize)> {
    let common: Vec<Option<usize>> =
        a.dims().iter().map(|dim| b.dims().iter().position(|other| other.name == dim.name)).collect();
    let b_roots: Vec<usize> = b.dims().iter().map(|d| d.hierarchy.root()).collect();
    let mut out = Vec::new();
    'cells: for ca in 0..a.len() {
        let coords = a.coords(ca);
        let mut cb = b_roots.clone();
        for (da, dim) in a.dims().iter().enumerate() {
            let h = &dim.hierarchy;
            match common[da] {
                // A dimension `b` lacks: only its total is in `b`.
                None if coords[da] != h.root() => continue 'cells,
                None => {}
                Some(db) => {
                    let hb = &b.dims()[db].hierarchy;
                    cb[db] = if coords[da] == h.root() {
                        hb.root()
                    } else {
                        match hb.get(h.code(coords[da])) {
                            Some(i) if i != hb.root() => i,
                            _ => continue 'cells,
                        }
                    };
                }
            }
        }
        out.push((ca, b.index(&cb)));
    }
    out
}

/// Reads linked tables from CSV, each with a name (its file) for messages. The spec's
/// hierarchies apply to every table with that column (cut where its rows stop); one
/// naming a column no table has is refused.
pub fn read_linked<R: Read>(inputs: Vec<(String, R)>, spec: &CsvSpec) -> Result<Linked, SdcError> {
    let mut tables = Vec::with_capacity(inputs.len());
    for (name, reader) in inputs {
        let table = Table::read_csv_with(reader, spec, false).map_err(|e| e.in_table(&name))?;
        tables.push((name, table));
    }
    for (dim, _) in &spec.hierarchies {
        if !tables.iter().any(|(_, t)| t.dims().iter().any(|d| &d.name == dim)) {
            return Err(SdcError::Input(format!(
                "ไม่มีตารางใดมีคอลัมน์ {dim} ที่กำหนดลำดับชั้นไว้ / no table has a column {dim}, which a hierarchy was given for"
            )));
        }
    }
    Linked::new(tables)
}

/// Applies the primary rules once per cell, chooses secondary suppressions in every
/// table until the joint audit protects every primary cell, and audits the whole set.
/// Fails, publishing nothing, if a primary cell cannot be protected by its level.
pub fn protect_linked(linked: &Linked, rules: &Rules) -> Result<LinkedProtected, SdcError> {
    let primaries = linked.primaries(rules)?;
    let mut suppressed: Vec<bool> = primaries.iter().map(Option::is_some).collect();
    // What each linked cell must be protected by: a primary's level, or what a primary
    // whose cubes use a shared cell asks of the other tables holding it.
    let mut demand: Vec<Option<f64>> = primaries.iter().map(|p| p.as_ref().map(|p| p.level)).collect();
    // The level each linked cell was found protected at. Suppressing more never narrows
    // an interval, so that stays true and the cell is not audited again in the passes
    // (a local LP's verdict is rechecked by the audit of all primaries after them).
    let mut met: Vec<Option<f64>> = vec![None; demand.len()];
    let pending = |k: usize, demand: &[Option<f64>], met: &[Option<f64>]| match (demand[k], met[k]) {
        (None, _) => false,
        (Some(d), m) => m.is_none_or(|m| m < d),
    };
    let all_met = |met: &[Option<f64>]| (0..primaries.len()).all(|k| primaries[k].is_none() || met[k].is_some());
    let auditor = linked.auditor();
    let whole = linked.auditor().with_limits(usize::MAX, usize::MAX);
    let mut choosers: Vec<Chooser<'_>> = (linked.tables.iter().enumerate())
        .map(|(t, table)| {
            Chooser::new(table).with_weights((0..table.len()).map(|c| linked.holders(t, c).len()).collect())
        })
        .collect();
    let mut first = vec![true; linked.tables.len()];
    // Each linked cell's widest interval found so far. An LP's unknowns are a set of
    // suppressed cells (its component, or the cells around it when that is too large),
    // every other cell being given at its true value; so the interval it finds depends on
    // that set only and stays a valid inner bound of the attacker's interval as more cells
    // are suppressed, and so does the hull of two such intervals.
    let mut best: Vec<Option<Interval>> = vec![None; demand.len()];
    let mut passes = 0;
    'passes: while passes < MAX_PASSES && !all_met(&met) {
        passes += 1;
        let mut changed = false;
        for (t, table) in linked.tables.iter().enumerate() {
            let levels: Vec<Option<f64>> = (0..table.len()).map(|c| demand[linked.class_of(t, c)]).collect();
            let mut short: Vec<usize> =
                hardest_first(&levels).into_iter().filter(|&c| pending(linked.class_of(t, c), &demand, &met)).collect();
            let mut local: Vec<bool> = (0..table.len()).map(|c| suppressed[linked.class_of(t, c)]).collect();
            let mut round = 0;
            // The first audit (round 0) may find the others' suppressions enough.
            while !short.is_empty() && round <= MAX_ROUNDS + 1 {
                if round > 0 {
                    choosers[t].add_cubes(&levels, &short, first[t], &mut local);
                    first[t] = false;
                    for (c, &s) in local.iter().enumerate() {
                        let k = linked.class_of(t, c);
                        if s && !suppressed[k] {
                            suppressed[k] = true;
                            changed = true;
                        }
                    }
                }
                let classes: Vec<usize> = short.iter().map(|&c| linked.class_of(t, c)).collect();
                let ivs = linked.audit_targets(&auditor, &choosers, &suppressed, &classes)?;
                short = keep(table, &short, &classes, ivs, &levels, &mut best, &mut met);
                round += 1;
            }
            // A few left short by the local LPs get their whole component's LP first.
            if !short.is_empty() && short.len() <= STRAGGLERS {
                let classes: Vec<usize> = short.iter().map(|&c| linked.class_of(t, c)).collect();
                let ivs = whole.intervals(&suppressed, &classes)?;
                short = keep(table, &short, &classes, ivs, &levels, &mut best, &mut met);
            }
            if all_met(&met) {
                break 'passes;
            }
            for &p in &short {
                let level = levels[p].expect("a target");
                for &cell in choosers[t].cubes_of(p) {
                    let k = linked.class_of(t, cell);
                    if linked.holders[k].len() > 1 && primaries[k].is_none() && demand[k].is_none_or(|d| d < level) {
                        demand[k] = Some(level);
                        changed = true;
                    }
                }
            }
        }
        if !changed {
            break;
        }
    }
    let hints = linked.hints(&choosers);
    let (mut intervals, mut audit_time) = linked.audit_suppressed(&auditor, &suppressed, &hints)?;
    for (k, iv) in intervals.iter_mut().enumerate() {
        if let (Some(iv), Some(found)) = (iv.as_mut(), best[k]) {
            *iv = widest(Some(found), *iv);
        }
    }
    // A few primaries the local LPs leave short get the LP of their whole component,
    // however large (the exact interval; slower, so only for them).
    let short = unmet(&primaries, &intervals, |k| linked.measure(k));
    if !short.is_empty() && short.len() <= STRAGGLERS {
        let targets: Vec<usize> = short.into_iter().filter(|&k| suppressed[k]).collect();
        let started = Instant::now();
        for (k, iv) in targets.iter().zip(whole.intervals(&suppressed, &targets)?) {
            intervals[*k] = Some(widest(intervals[*k], iv));
        }
        audit_time += started.elapsed();
    }
    let short = unmet(&primaries, &intervals, |k| linked.measure(k));
    if !short.is_empty() {
        return Err(linked.unprotected(&short));
    }
    Ok(linked.result(&primaries, &suppressed, &intervals, audit_time, passes))
}

/// The primary cells (linked) not suppressed or whose interval falls short of their level.
fn unmet(primaries: &[Option<Primary>], intervals: &[Option<Interval>], measure: impl Fn(usize) -> f64) -> Vec<usize> {
    (0..primaries.len())
        .filter(|&k| match (&primaries[k], intervals[k]) {
            (None, _) => false,
            (Some(_), None) => true,
            (Some(p), Some(iv)) => !is_protected(measure(k), p.level, iv),
        })
        .collect()
}

/// Records the intervals of a table's `cells` (linked cells `classes`): each keeps its
/// widest, and one that meets its level is met at it. Returns the cells still short.
fn keep(
    table: &Table,
    cells: &[usize],
    classes: &[usize],
    intervals: Vec<Interval>,
    levels: &[Option<f64>],
    best: &mut [Option<Interval>],
    met: &mut [Option<f64>],
) -> Vec<usize> {
    let mut short = Vec::new();
    for ((&c, &k), iv) in cells.iter().zip(classes).zip(intervals) {
        let iv = widest(best[k], iv);
        best[k] = Some(iv);
        if is_protected(table.measure(c), levels[c].expect("a target"), iv) {
            met[k] = levels[c];
        } else {
            short.push(c);
        }
    }
    short
}

/// The hull of two inner bounds of one attacker interval, `b` the newer: whether it is
/// the whole interval is `b`'s to say (an older whole-component LP saw a smaller pattern).
fn widest(a: Option<Interval>, b: Interval) -> Interval {
    match a {
        None => b,
        Some(a) => Interval { lower: a.lower.min(b.lower), upper: a.upper.max(b.upper), exact: b.exact },
    }
}

/// Checks patterns chosen elsewhere (one per table, e.g. each table protected alone)
/// against the attacker who reads every table: a shared cell published by any table is
/// known; every primary cell must be suppressed and meet its level in the joint audit,
/// or the set is refused, naming the cells.
pub fn verify_linked(linked: &Linked, rules: &Rules, patterns: &[Vec<bool>]) -> Result<LinkedProtected, SdcError> {
    let fits =
        patterns.len() == linked.tables.len() && patterns.iter().zip(&linked.tables).all(|(p, t)| p.len() == t.len());
    if !fits {
        return Err(SdcError::Input(
            "รูปแบบการปกปิดไม่ตรงกับตาราง / the patterns do not match the tables (one per table, one flag per cell)".into(),
        ));
    }
    let primaries = linked.primaries(rules)?;
    let suppressed: Vec<bool> =
        linked.holders.iter().map(|holders| holders.iter().all(|&(t, c)| patterns[t][c])).collect();
    let (intervals, audit_time) = linked.audit_suppressed(&linked.auditor(), &suppressed, &HashMap::new())?;
    let short = unmet(&primaries, &intervals, |k| linked.measure(k));
    if !short.is_empty() {
        return Err(linked.unprotected(&short));
    }
    Ok(linked.result(&primaries, &suppressed, &intervals, audit_time, 0))
}
