//! Clusters: connected components of the linked pairs, with identifiers that do not depend on
//! the order pairs were found in.
//!
//! A cluster's identifier is the smallest (side, record id) among its members, written
//! `l:ID`/`r:ID` when linking two files and `ID` when deduplicating one; so re-running the same
//! linkage, on any number of threads, gives the same identifiers, and a cluster keeps its
//! identifier as long as its smallest member stays in it.

/// One record's cluster.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Member {
    /// 0 for the left table, 1 for the right.
    pub side: u8,
    /// The record's row.
    pub row: u32,
    /// The cluster's smallest member (side, row), whose id names the cluster.
    pub first: (u8, u32),
    /// Records in the cluster.
    pub size: u32,
}

/// Union–find over the records of one or two tables.
pub struct Clusters {
    parent: Vec<u32>,
    left_len: usize,
    two_sides: bool,
}

impl Clusters {
    /// Builds components from linked (left row, right row) pairs.
    pub fn new(left_len: usize, right_len: Option<usize>, pairs: impl Iterator<Item = (u32, u32)>) -> Clusters {
        let total = left_len + right_len.unwrap_or(0);
        let mut clusters = Clusters { parent: (0..total as u32).collect(), left_len, two_sides: right_len.is_some() };
        for (l, r) in pairs {
            let r_node = if clusters.two_sides { r + left_len as u32 } else { r };
            clusters.union(l, r_node);
        }
        clusters
    }

    fn find(&mut self, mut x: u32) -> u32 {
        while self.parent[x as usize] != x {
            let grand = self.parent[self.parent[x as usize] as usize];
            self.parent[x as usize] = grand;
            x = grand;
        }
        x
    }

    fn union(&mut self, a: u32, b: u32) {
        let (ra, rb) = (self.find(a), self.find(b));
        if ra != rb {
            let (lo, hi) = if ra < rb { (ra, rb) } else { (rb, ra) };
            self.parent[hi as usize] = lo;
        }
    }

    fn side_row(&self, node: u32) -> (u8, u32) {
        if self.two_sides && node as usize >= self.left_len { (1, node - self.left_len as u32) } else { (0, node) }
    }

    /// Number of components with at least two records.
    pub fn multi_record_clusters(&self) -> usize {
        let mut me = Clusters { parent: self.parent.clone(), left_len: self.left_len, two_sides: self.two_sides };
        let mut sizes = vec![0u32; me.parent.len()];
        for x in 0..me.parent.len() as u32 {
            let root = me.find(x);
            sizes[root as usize] += 1;
        }
        sizes.iter().filter(|s| **s >= 2).count()
    }

    /// Every record as (side 0/1, row, cluster id, cluster size); `id(side, row)` gives record ids.
    pub fn assignments(&self, id: &dyn Fn(u8, u32) -> String) -> Vec<(u8, u32, String, u32)> {
        let ids: Vec<Vec<String>> = (0..2u8)
            .map(|side| {
                let rows = if side == 0 { self.left_len } else { self.parent.len() - self.left_len };
                if side == 1 && !self.two_sides { Vec::new() } else { (0..rows as u32).map(|r| id(side, r)).collect() }
            })
            .collect();
        self.members(&|side, row| ids[side as usize][row as usize].as_str())
            .into_iter()
            .map(|m| {
                let best_id = ids[m.first.0 as usize][m.first.1 as usize].clone();
                let cluster = if self.two_sides {
                    format!("{}:{best_id}", if m.first.0 == 0 { "l" } else { "r" })
                } else {
                    best_id
                };
                (m.side, m.row, cluster, m.size)
            })
            .collect()
    }

    /// Every record with its cluster's smallest member by (side, record id), as rows, without
    /// building a string per record (a million-record register has a million clusters).
    pub fn members<'i>(&self, id: &(dyn Fn(u8, u32) -> &'i str + Sync)) -> Vec<Member> {
        let mut me = Clusters { parent: self.parent.clone(), left_len: self.left_len, two_sides: self.two_sides };
        let n = me.parent.len();
        let roots: Vec<u32> = (0..n as u32).map(|x| me.find(x)).collect();
        let mut best: Vec<u32> = vec![u32::MAX; n];
        let mut sizes = vec![0u32; n];
        let key = |node: u32| {
            let (side, row) = me.side_row(node);
            (side, id(side, row))
        };
        for node in 0..n as u32 {
            let root = roots[node as usize] as usize;
            sizes[root] += 1;
            if best[root] == u32::MAX || key(node) < key(best[root]) {
                best[root] = node;
            }
        }
        (0..n as u32)
            .map(|node| {
                let root = roots[node as usize] as usize;
                let (side, row) = me.side_row(node);
                Member { side, row, first: me.side_row(best[root]), size: sizes[root] }
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(side: u8, row: u32) -> String {
        format!("{}{row}", if side == 0 { "a" } else { "b" })
    }

    #[test]
    fn components_and_stable_ids() {
        // l0–r1, l2–r1 join l0, l2 and r1; l1 alone; r0 alone.
        let pairs = [(2u32, 1u32), (0, 1)];
        let c = Clusters::new(3, Some(2), pairs.iter().copied());
        assert_eq!(c.multi_record_clusters(), 1);
        let got = c.assignments(&ids);
        let cluster_of =
            |side: u8, row: u32| got.iter().find(|a| a.0 == side && a.1 == row).map(|a| (a.2.clone(), a.3)).unwrap();
        assert_eq!(cluster_of(0, 2), ("l:a0".to_string(), 3));
        assert_eq!(cluster_of(1, 1), ("l:a0".to_string(), 3));
        assert_eq!(cluster_of(0, 1), ("l:a1".to_string(), 1));
        assert_eq!(cluster_of(1, 0), ("r:b0".to_string(), 1));
        // The order of pairs does not change identifiers.
        let reversed = Clusters::new(3, Some(2), pairs.iter().rev().copied());
        assert_eq!(reversed.assignments(&ids), got);
    }

    #[test]
    fn dedupe_ids() {
        let c = Clusters::new(4, None, [(1u32, 3u32), (3, 2)].into_iter());
        let got = c.assignments(&ids);
        assert_eq!(got[3].2, "a1");
        assert_eq!(got[0].2, "a0");
        assert_eq!(c.multi_record_clusters(), 1);
    }
}
