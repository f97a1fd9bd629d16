//! Constrained matching as an exact minimum-cost assignment: every recipient gets one donor,
//! every donor serves at most `k` recipients, and the total distance is the least possible.
//!
//! This is StatMatch's Hungarian method on `k` copies of each donor, solved without making the
//! copies: successive shortest augmenting paths (Dijkstra with node potentials) in the
//! transportation network recipients → donors → sink, the donor → sink edge carrying capacity
//! `k`. Adding recipients one at a time and augmenting along a shortest path keeps the partial
//! assignment optimal for the recipients added so far, so the final one is optimal.

use std::cmp::Ordering;
use std::collections::BinaryHeap;

/// A heap entry ordered by smallest distance first.
#[derive(PartialEq)]
struct Entry(f64, usize);

impl Eq for Entry {}

impl PartialOrd for Entry {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Entry {
    fn cmp(&self, other: &Self) -> Ordering {
        other.0.total_cmp(&self.0).then_with(|| other.1.cmp(&self.1))
    }
}

const NONE: usize = usize::MAX;

/// The donor (column) of each of `rows` recipients minimising Σ cost(r, donor[r]), with no
/// donor used more than `capacity` times. Requires `rows <= capacity * columns`; costs must be
/// finite and non-negative.
pub fn min_cost_assignment(
    rows: usize,
    columns: usize,
    capacity: usize,
    cost: impl Fn(usize, usize) -> f64,
) -> Vec<usize> {
    assert!(rows <= capacity.saturating_mul(columns), "not enough donor places");
    // Nodes: recipients 0..rows, donors rows..rows+columns, the sink last.
    let sink = rows + columns;
    let nodes = sink + 1;
    let mut potential = vec![0.0f64; nodes];
    let mut assigned = vec![NONE; rows];
    let mut members: Vec<Vec<usize>> = vec![Vec::new(); columns];
    let mut dist = vec![f64::INFINITY; nodes];
    let mut parent = vec![NONE; nodes];
    let mut done = vec![false; nodes];
    let mut touched: Vec<usize> = Vec::new();
    let mut heap = BinaryHeap::new();

    for source in 0..rows {
        // The new recipient's potential makes its cheapest outgoing reduced cost zero.
        potential[source] =
            (0..columns).map(|d| potential[rows + d] - cost(source, d)).fold(f64::NEG_INFINITY, f64::max);
        for &node in &touched {
            dist[node] = f64::INFINITY;
            parent[node] = NONE;
            done[node] = false;
        }
        touched.clear();
        heap.clear();
        dist[source] = 0.0;
        touched.push(source);
        heap.push(Entry(0.0, source));
        while let Some(Entry(d, node)) = heap.pop() {
            if done[node] || d > dist[node] {
                continue;
            }
            done[node] = true;
            if node == sink {
                break;
            }
            let mut relax = |to: usize, reduced: f64, heap: &mut BinaryHeap<Entry>| {
                // Rounding can make a zero reduced cost slightly negative.
                let candidate = d + reduced.max(0.0);
                if candidate < dist[to] {
                    if dist[to].is_infinite() {
                        touched.push(to);
                    }
                    dist[to] = candidate;
                    parent[to] = node;
                    heap.push(Entry(candidate, to));
                }
            };
            if node < rows {
                for donor in 0..columns {
                    let to = rows + donor;
                    if donor != assigned[node] && !done[to] {
                        relax(to, cost(node, donor) + potential[node] - potential[to], &mut heap);
                    }
                }
            } else {
                let donor = node - rows;
                if members[donor].len() < capacity && !done[sink] {
                    relax(sink, potential[node] - potential[sink], &mut heap);
                }
                for &recipient in &members[donor] {
                    if !done[recipient] {
                        relax(recipient, potential[node] - potential[recipient] - cost(recipient, donor), &mut heap);
                    }
                }
            }
        }
        let total = dist[sink];
        debug_assert!(total.is_finite(), "a donor place is always reachable");
        for node in 0..nodes {
            // Only recipients added so far are in the network.
            if node < rows && node > source {
                continue;
            }
            potential[node] += dist[node].min(total);
        }
        // Walk back from the sink: each recipient on the path moves to the donor after it.
        let mut donor_node = parent[sink];
        while donor_node != NONE {
            let recipient = parent[donor_node];
            let donor = donor_node - rows;
            let previous = assigned[recipient];
            if previous != NONE {
                members[previous].retain(|&r| r != recipient);
            }
            assigned[recipient] = donor;
            members[donor].push(recipient);
            donor_node = if recipient == source { NONE } else { parent[recipient] };
        }
    }
    assigned
}

#[cfg(test)]
mod tests {
    use super::*;
    use tidtam_link::rng::SplitMix;

    /// Each recipient in turn takes its nearest donor that still has room.
    fn greedy(rows: usize, columns: usize, capacity: usize, cost: &dyn Fn(usize, usize) -> f64) -> Vec<usize> {
        let mut load = vec![0; columns];
        (0..rows)
            .map(|r| {
                let best = (0..columns)
                    .filter(|&d| load[d] < capacity)
                    .min_by(|&a, &b| cost(r, a).total_cmp(&cost(r, b)))
                    .expect("room");
                load[best] += 1;
                best
            })
            .collect()
    }

    /// The least total over every assignment, by enumeration (small cases only).
    fn brute_force(rows: usize, columns: usize, capacity: usize, cost: &dyn Fn(usize, usize) -> f64) -> f64 {
        fn go(
            r: usize,
            rows: usize,
            load: &mut Vec<usize>,
            capacity: usize,
            cost: &dyn Fn(usize, usize) -> f64,
        ) -> f64 {
            if r == rows {
                return 0.0;
            }
            let mut best = f64::INFINITY;
            for d in 0..load.len() {
                if load[d] < capacity {
                    load[d] += 1;
                    best = best.min(cost(r, d) + go(r + 1, rows, load, capacity, cost));
                    load[d] -= 1;
                }
            }
            best
        }
        go(0, rows, &mut vec![0; columns], capacity, cost)
    }

    fn total(assignment: &[usize], cost: &dyn Fn(usize, usize) -> f64) -> f64 {
        assignment.iter().enumerate().map(|(r, &d)| cost(r, d)).sum()
    }

    #[test]
    fn textbook_case() {
        // Greedy takes donor 0 for recipient 0 (cost 1) and pays 10 for recipient 1; optimal is 2 + 2.
        let c = [[1.0, 2.0], [2.0, 10.0]];
        let cost = |r: usize, d: usize| c[r][d];
        assert_eq!(min_cost_assignment(2, 2, 1, cost), vec![1, 0]);
        assert_eq!(greedy(2, 2, 1, &cost), vec![0, 1]);
    }

    #[test]
    fn random_instances_respect_k_and_beat_greedy() {
        let mut rng = SplitMix(20261201);
        for case in 0..400 {
            let columns = 1 + rng.below(5) as usize;
            let capacity = 1 + rng.below(3) as usize;
            let rows = 1 + rng.below((columns * capacity).min(7) as u64) as usize;
            // Integer costs make ties common, the hard case for potentials.
            let c: Vec<Vec<f64>> =
                (0..rows).map(|_| (0..columns).map(|_| (rng.below(6) as f64) * 0.5).collect()).collect();
            let cost = |r: usize, d: usize| c[r][d];
            let got = min_cost_assignment(rows, columns, capacity, cost);
            let mut load = vec![0; columns];
            for &d in &got {
                load[d] += 1;
            }
            assert!(load.iter().all(|&l| l <= capacity), "case {case}: {load:?} > {capacity}");
            let optimal = brute_force(rows, columns, capacity, &cost);
            assert!((total(&got, &cost) - optimal).abs() < 1e-9, "case {case}: {} vs {optimal}", total(&got, &cost));
            assert!(total(&got, &cost) <= total(&greedy(rows, columns, capacity, &cost), &cost) + 1e-9);
        }
    }

    #[test]
    fn larger_random_instances_respect_k_and_beat_greedy() {
        let mut rng = SplitMix(7);
        for _ in 0..20 {
            let columns = 20 + rng.below(30) as usize;
            let capacity = 1 + rng.below(4) as usize;
            let rows = columns * capacity - rng.below(columns as u64) as usize;
            let points: Vec<f64> = (0..rows + columns).map(|_| rng.unit() * 100.0).collect();
            let cost = |r: usize, d: usize| (points[r] - points[rows + d]).abs();
            let got = min_cost_assignment(rows, columns, capacity, cost);
            let mut load = vec![0; columns];
            got.iter().for_each(|&d| load[d] += 1);
            assert!(load.iter().all(|&l| l <= capacity));
            assert!(total(&got, &cost) <= total(&greedy(rows, columns, capacity, &cost), &cost) + 1e-9);
        }
    }
}
