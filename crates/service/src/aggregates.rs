//! Aggregates kept in memory between requests while the data behind them is
//! unchanged: the dashboard asks for the same few sums over 20,000 projects on
//! every page view. Validity is the database's portfolio generation (one
//! primary-key read; every write to the summary increases it in its own
//! transaction), so any number of servers may share one database and none
//! ever shows sums older than the data it has read.

use std::collections::HashMap;
use std::sync::Mutex;

use tidtam_api::portfolio::PortfolioGroup;

/// A cached aggregate.
#[derive(Clone, Debug)]
pub(crate) enum Aggregate {
    Groups(Vec<PortfolioGroup>),
    Bands([i64; 5]),
}

/// The most aggregates kept (a few per fiscal year, grouping and scope); past it
/// the cache starts again rather than tracking use.
const CAPACITY: usize = 512;

#[derive(Debug, Default)]
pub(crate) struct AggregateCache {
    generation: i64,
    entries: HashMap<String, Aggregate>,
}

impl AggregateCache {
    /// The aggregate under `key` if it was computed at `generation`.
    pub(crate) fn get(cache: &Mutex<AggregateCache>, generation: i64, key: &str) -> Option<Aggregate> {
        let cache = cache.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        if cache.generation != generation {
            return None;
        }
        cache.entries.get(key).cloned()
    }

    /// Keeps `value`, computed at `generation`; entries of other generations are dropped.
    pub(crate) fn put(cache: &Mutex<AggregateCache>, generation: i64, key: String, value: Aggregate) {
        let mut cache = cache.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        if cache.generation != generation {
            // A newer generation replaces the lot; an older one (a slow request
            // that read before a write) is not kept at all.
            if generation < cache.generation {
                return;
            }
            cache.generation = generation;
            cache.entries.clear();
        }
        if cache.entries.len() >= CAPACITY {
            cache.entries.clear();
        }
        cache.entries.insert(key, value);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_generation_invalidates_and_an_old_one_is_not_kept() {
        let cache = Mutex::new(AggregateCache::default());
        AggregateCache::put(&cache, 3, "a".into(), Aggregate::Bands([1, 0, 0, 0, 0]));
        assert!(AggregateCache::get(&cache, 3, "a").is_some());
        assert!(AggregateCache::get(&cache, 4, "a").is_none(), "written since: recompute");
        AggregateCache::put(&cache, 4, "b".into(), Aggregate::Bands([2, 0, 0, 0, 0]));
        assert!(AggregateCache::get(&cache, 4, "a").is_none(), "older entries dropped");
        AggregateCache::put(&cache, 3, "c".into(), Aggregate::Bands([3, 0, 0, 0, 0]));
        assert!(AggregateCache::get(&cache, 3, "c").is_none() && AggregateCache::get(&cache, 4, "c").is_none());
    }
}
