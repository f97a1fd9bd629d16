//! A dimension's codes as a tree: the root is the dimension's grand total, every
//! internal node is the sum of its children.

use std::collections::HashMap;
use std::io::Read;

use tidtam_thai::province::{PROVINCES, Region};

use crate::SdcError;

/// The total code a dimension without a given hierarchy gets.
pub const TOTAL: &str = "Total";

/// A tree of codes; index 0.. in insertion order.
#[derive(Debug, Clone, PartialEq)]
pub struct Hierarchy {
    codes: Vec<String>,
    parent: Vec<Option<usize>>,
    children: Vec<Vec<usize>>,
    index: HashMap<String, usize>,
    root: usize,
}

impl Hierarchy {
    /// A tree from (parent, child) pairs; exactly one code may be nobody's child.
    pub fn from_pairs<S: AsRef<str>>(pairs: &[(S, S)]) -> Result<Self, SdcError> {
        let mut codes: Vec<String> = Vec::new();
        let mut index: HashMap<String, usize> = HashMap::new();
        let mut id = |code: &str, codes: &mut Vec<String>| -> usize {
            *index.entry(code.to_owned()).or_insert_with(|| {
                codes.push(code.to_owned());
                codes.len() - 1
            })
        };
        let mut edges = Vec::new();
        for (p, c) in pairs {
            let (p, c) = (p.as_ref().trim(), c.as_ref().trim());
            if p.is_empty() || c.is_empty() || p == c {
                return Err(SdcError::Hierarchy(format!(
                    "คู่ \"{p}\" → \"{c}\" ใช้ไม่ได้ / pair \"{p}\" → \"{c}\" is not usable"
                )));
            }
            let (pi, ci) = (id(p, &mut codes), id(c, &mut codes));
            edges.push((pi, ci));
        }
        let n = codes.len();
        let mut parent = vec![None; n];
        let mut children = vec![Vec::new(); n];
        for (p, c) in edges {
            if let Some(old) = parent[c] {
                if old == p {
                    continue;
                }
                return Err(SdcError::Hierarchy(format!(
                    "รหัส {} มีสองรหัสแม่ ({} และ {}) / code {} has two parents ({} and {})",
                    codes[c], codes[old], codes[p], codes[c], codes[old], codes[p]
                )));
            }
            parent[c] = Some(p);
            children[p].push(c);
        }
        let roots: Vec<usize> = (0..n).filter(|&i| parent[i].is_none()).collect();
        if roots.len() != 1 {
            let names: Vec<&str> = roots.iter().map(|&i| codes[i].as_str()).collect();
            return Err(SdcError::Hierarchy(format!(
                "ต้องมียอดรวมบนสุดหนึ่งรหัส พบ {} / needs exactly one top total, found {}: {}",
                roots.len(),
                roots.len(),
                names.join(", ")
            )));
        }
        let hierarchy = Hierarchy { codes, parent, children, index, root: roots[0] };
        // A cycle leaves some code unreachable from the root.
        let reachable = hierarchy.subtree(hierarchy.root).len();
        if reachable != n {
            return Err(SdcError::Hierarchy("มีวงวน / the pairs form a cycle".into()));
        }
        Ok(hierarchy)
    }

    /// A flat dimension: `total` over `codes`.
    pub fn flat<S: AsRef<str>>(total: &str, codes: &[S]) -> Result<Self, SdcError> {
        let pairs: Vec<(&str, &str)> = codes.iter().map(|c| (total, c.as_ref())).collect();
        if pairs.is_empty() {
            return Err(SdcError::Hierarchy(format!("มิติไม่มีรหัส / a dimension has no codes under {total}")));
        }
        Self::from_pairs(&pairs)
    }

    /// The built-in area tree: "TH" → six regions ("REG_C", "REG_N", "REG_NE", "REG_E",
    /// "REG_W", "REG_S", the codes of `tidtam_stats::codelist`) and Bangkok "TH-10"
    /// → the provinces "TH-xx" (ISO 3166-2:TH, the official province codes).
    pub fn thai_areas() -> Self {
        let mut pairs: Vec<(String, String)> = Vec::new();
        for region in Region::ALL {
            if let Some(code) = region_code(region) {
                pairs.push(("TH".into(), code.into()));
            }
        }
        for p in PROVINCES.iter() {
            let parent = region_code(p.region).unwrap_or("TH");
            pairs.push((parent.into(), format!("TH-{:02}", p.code)));
        }
        Self::from_pairs(&pairs).expect("the province table is a tree")
    }

    /// An inline spec: `"TOTAL:A,B,C;A:A1,A2"` (parent, colon, children; groups
    /// separated by semicolons), or `"thai"` for [`Hierarchy::thai_areas`].
    pub fn parse_inline(spec: &str) -> Result<Self, SdcError> {
        if spec.trim() == "thai" {
            return Ok(Self::thai_areas());
        }
        let mut pairs = Vec::new();
        for group in spec.split(';').map(str::trim).filter(|g| !g.is_empty()) {
            let (parent, kids) = group.split_once(':').ok_or_else(|| {
                SdcError::Hierarchy(format!(
                    "กลุ่ม \"{group}\" ไม่มี \":\" / group \"{group}\" has no \":\" (PARENT:CHILD,CHILD)"
                ))
            })?;
            for kid in kids.split(',').map(str::trim).filter(|k| !k.is_empty()) {
                pairs.push((parent.trim().to_owned(), kid.to_owned()));
            }
        }
        Self::from_pairs(&pairs)
    }

    /// A CSV of `parent,child` rows (a header row `parent,child` is skipped).
    pub fn read_csv<R: Read>(reader: R) -> Result<Self, SdcError> {
        let mut csv = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(reader);
        let mut pairs = Vec::new();
        for (i, row) in csv.records().enumerate() {
            let row = row.map_err(|e| SdcError::Hierarchy(e.to_string()))?;
            let (Some(p), Some(c)) = (row.get(0), row.get(1)) else {
                return Err(SdcError::Hierarchy(format!(
                    "แถว {} ต้องมีสองคอลัมน์ / row {} needs two columns",
                    i + 1,
                    i + 1
                )));
            };
            if i == 0 && p.trim().eq_ignore_ascii_case("parent") {
                continue;
            }
            pairs.push((p.to_owned(), c.to_owned()));
        }
        Self::from_pairs(&pairs)
    }

    /// How many codes.
    pub fn len(&self) -> usize {
        self.codes.len()
    }

    /// Never true: a hierarchy has at least its root and one child.
    pub fn is_empty(&self) -> bool {
        self.codes.is_empty()
    }

    /// The grand total's index.
    pub fn root(&self) -> usize {
        self.root
    }

    /// A code by index.
    pub fn code(&self, i: usize) -> &str {
        &self.codes[i]
    }

    /// An index by code.
    pub fn get(&self, code: &str) -> Option<usize> {
        self.index.get(code).copied()
    }

    /// The parent, none for the root.
    pub fn parent(&self, i: usize) -> Option<usize> {
        self.parent[i]
    }

    /// The children, empty for a leaf.
    pub fn children(&self, i: usize) -> &[usize] {
        &self.children[i]
    }

    /// True when the code has no children.
    pub fn is_leaf(&self, i: usize) -> bool {
        self.children[i].is_empty()
    }

    /// The code and everything under it, parents before children.
    pub fn subtree(&self, i: usize) -> Vec<usize> {
        let mut out = vec![i];
        let mut k = 0;
        while k < out.len() {
            out.extend_from_slice(&self.children[out[k]]);
            k += 1;
        }
        out
    }

    /// The tree cut where a table's rows stop: a code (other than the root) that
    /// `present` holds while no code below it does becomes a leaf, e.g. the regions of
    /// [`Hierarchy::thai_areas`] in a table by region. Codes nobody holds stay, so a
    /// province missing from a province table is still an empty cell.
    pub fn restricted_to(&self, present: &dyn Fn(&str) -> bool) -> Hierarchy {
        let below: Vec<bool> = {
            // below[i]: some code strictly under i is present.
            let mut below = vec![false; self.len()];
            for i in self.bottom_up() {
                if let Some(p) = self.parent[i] {
                    below[p] = below[p] || below[i] || present(&self.codes[i]);
                }
            }
            below
        };
        let cut = |i: usize| i != self.root && present(&self.codes[i]) && !below[i];
        if !(0..self.len()).any(|i| cut(i) && !self.is_leaf(i)) {
            return self.clone();
        }
        // Breadth first from the root (the order [`Hierarchy::subtree`] keeps), not
        // descending below a cut code.
        let mut pairs: Vec<(&str, &str)> = Vec::new();
        let mut order = vec![self.root];
        let mut k = 0;
        while k < order.len() {
            let i = order[k];
            k += 1;
            if cut(i) {
                continue;
            }
            for &child in &self.children[i] {
                pairs.push((self.codes[i].as_str(), self.codes[child].as_str()));
                order.push(child);
            }
        }
        Self::from_pairs(&pairs).expect("a cut tree is a tree")
    }

    /// Codes ordered so that every child comes before its parent.
    pub fn bottom_up(&self) -> Vec<usize> {
        let mut order = self.subtree(self.root);
        order.reverse();
        order
    }
}

/// The region codes `tidtam_stats::codelist::region_code` uses (kept equal by a test there
/// is not possible across the layering, so they are spelled here once).
fn region_code(region: Region) -> Option<&'static str> {
    Some(match region {
        Region::Bangkok => return None,
        Region::Central => "REG_C",
        Region::North => "REG_N",
        Region::Northeast => "REG_NE",
        Region::East => "REG_E",
        Region::West => "REG_W",
        Region::South => "REG_S",
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thai_areas_are_country_regions_provinces() {
        let h = Hierarchy::thai_areas();
        assert_eq!(h.len(), 1 + 6 + 77);
        assert_eq!(h.code(h.root()), "TH");
        let leaves = (0..h.len()).filter(|&i| h.is_leaf(i)).count();
        assert_eq!(leaves, 77);
        let kpp = h.get("TH-62").unwrap();
        assert_eq!(h.code(h.parent(kpp).unwrap()), "REG_C");
        assert_eq!(h.parent(h.get("TH-10").unwrap()), Some(h.root()));
    }

    #[test]
    fn a_table_by_region_cuts_the_tree_at_the_regions() {
        let h = Hierarchy::thai_areas();
        let regions = ["TH", "REG_C", "REG_N", "REG_NE", "REG_E", "REG_W", "REG_S", "TH-10"];
        let cut = h.restricted_to(&|c| regions.contains(&c));
        assert_eq!(cut.len(), 8);
        assert_eq!(cut.code(cut.root()), "TH");
        assert!(regions[1..].iter().all(|r| cut.is_leaf(cut.get(r).unwrap())));
        // A province table keeps the whole tree, also with a province missing.
        assert_eq!(h.restricted_to(&|c| c != "TH-62"), h);
        // A code present beside its own parts is not cut; one absent with its parts stays.
        let h = Hierarchy::parse_inline("T:A,B;A:a1,a2;B:b1,b2").unwrap();
        let cut = h.restricted_to(&|c| ["A", "B", "b1"].contains(&c));
        assert!(cut.is_leaf(cut.get("A").unwrap()) && cut.get("a1").is_none());
        assert_eq!(cut.children(cut.get("B").unwrap()).len(), 2);
    }

    #[test]
    fn inline_spec_and_bad_trees() {
        let h = Hierarchy::parse_inline("ทั้งหมด:ก,ข;ก:ก1,ก2").unwrap();
        assert_eq!(h.code(h.root()), "ทั้งหมด");
        assert_eq!(h.children(h.get("ก").unwrap()).len(), 2);
        assert!(matches!(Hierarchy::parse_inline("A:B;C:D"), Err(SdcError::Hierarchy(_))));
        assert!(matches!(Hierarchy::parse_inline("A:B;X:B"), Err(SdcError::Hierarchy(_))));
        assert!(matches!(Hierarchy::parse_inline("A:B;B:C;C:B"), Err(SdcError::Hierarchy(_))));
    }
}
