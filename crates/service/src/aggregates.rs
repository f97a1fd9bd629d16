//! Aggregates kept in memory between requests while the data behind them is
//! unchanged: the dashboard asks for the same few sums over 20,000 projects on
//! every page view. Validity is the database's portfolio generation (one
//! primary-key read; every write to the summary increases it in its own
//! transaction), so any number of servers may share one database and none
//! ever shows sums older than the data it has read.
//!
//! After a write the first reader would pay for every sum again (a fifth to
//! two thirds of a second on the benchmark portfolio), so a server may run
//! [`Service::keep_aggregates_warm`]: it notices a new generation within a
//! quarter of a second and recomputes the aggregates people were reading.
//! Under steady writes that is not enough (every second some readers would
//! wait), so a reader who accepts it ([`Service::allowing_lag`], the dashboard
//! page) is answered from the generation before while the new one is computed,
//! and the page says as of when; their own writes they always see.

use std::collections::HashMap;
use std::hash::Hash;
use std::sync::{Arc, Mutex};

/// A key of the cache: whether its aggregate may be recomputed ahead by
/// [`Service::warm_aggregates`](crate::Service::warm_aggregates) (a marker or
/// a figure that depends on more than the database may not).
pub(crate) trait KeptKey: Clone + Eq + Hash {
    fn recomputable(&self) -> bool;
}

/// The most aggregates kept (a few per fiscal year, grouping and scope); past it
/// the cache starts again rather than tracking use.
const CAPACITY: usize = 512;

/// The most aggregates recomputed ahead after a write.
const WARM_KEYS: usize = 64;

/// An aggregate and when it was computed, at which generation.
#[derive(Debug)]
struct Kept<V> {
    generation: i64,
    computed_at: jiff::Timestamp,
    value: V,
}

#[derive(Debug)]
pub(crate) struct AggregateCache<K, V> {
    /// The newest generation anything was computed at.
    generation: i64,
    /// The newest aggregate of each key: of `generation`, or older until
    /// recomputed (answers for readers who accept a lag, never for others).
    entries: HashMap<K, Kept<V>>,
    /// The keys read in this generation.
    read: Vec<K>,
    /// The keys read in the generation before: with `read`, what to recompute
    /// ahead. Keys nobody reads for a whole generation drop out, so a burst of
    /// writes with no reader costs nothing.
    read_before: Vec<K>,
}

impl<K, V> Default for AggregateCache<K, V> {
    fn default() -> Self {
        AggregateCache { generation: 0, entries: HashMap::new(), read: Vec::new(), read_before: Vec::new() }
    }
}

impl<K: KeptKey, V: Clone> AggregateCache<K, V> {
    /// The aggregate under `key` if it was computed at `generation`.
    pub(crate) fn get(cache: &Mutex<Self>, generation: i64, key: &K) -> Option<V> {
        let mut cache = cache.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        if cache.read.len() < WARM_KEYS && !cache.read.contains(key) {
            cache.read.push(key.clone());
        }
        cache.entries.get(key).filter(|kept| kept.generation == generation).map(|kept| kept.value.clone())
    }

    /// The newest aggregate under `key` of a generation from `at_least` up,
    /// however old, with the time it was computed: for a reader who accepts a
    /// lag while the current generation is computed.
    pub(crate) fn get_lagging(cache: &Mutex<Self>, at_least: i64, key: &K) -> Option<(V, jiff::Timestamp)> {
        let cache = cache.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        cache
            .entries
            .get(key)
            .filter(|kept| kept.generation >= at_least)
            .map(|kept| (kept.value.clone(), kept.computed_at))
    }

    /// Keeps `value`, computed at `generation` (at `computed_at`), unless a
    /// newer one is kept already (a slow request that read before a write).
    pub(crate) fn put(cache: &Mutex<Self>, generation: i64, computed_at: jiff::Timestamp, key: K, value: V) {
        let mut cache = cache.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        if cache.entries.get(&key).is_some_and(|kept| kept.generation > generation) {
            return;
        }
        if generation > cache.generation {
            cache.generation = generation;
            cache.read_before = std::mem::take(&mut cache.read);
        }
        if cache.entries.len() >= CAPACITY && !cache.entries.contains_key(&key) {
            cache.entries.clear();
        }
        cache.entries.insert(key, Kept { generation, computed_at, value });
    }

    /// The keys worth recomputing ahead that `generation` does not hold yet.
    pub(crate) fn stale_keys(cache: &Mutex<Self>, generation: i64) -> Vec<K> {
        let cache = cache.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        if cache.generation > generation {
            return Vec::new();
        }
        let mut keys: Vec<K> = Vec::new();
        for key in cache.read.iter().chain(&cache.read_before) {
            let current = cache.entries.get(key).is_some_and(|kept| kept.generation == generation);
            if key.recomputable() && !current && !keys.contains(key) {
                keys.push(key.clone());
            }
        }
        keys
    }
}

/// One computation of an aggregate at a time: who finds a key being computed
/// waits for that computation and then finds it kept, instead of summing the
/// portfolio again. After a write, every reader of a dashboard (and the
/// warmer) would otherwise compute the same sums at once, each slowing the others.
#[derive(Debug)]
pub(crate) struct Flights<K> {
    running: Mutex<HashMap<K, Arc<tokio::sync::Mutex<()>>>>,
}

impl<K> Default for Flights<K> {
    fn default() -> Self {
        Flights { running: Mutex::new(HashMap::new()) }
    }
}

/// The right to compute one key; the key's entry goes when nobody waits for it.
pub(crate) struct Flight<'f, K: Eq + Hash> {
    flights: &'f Flights<K>,
    key: K,
    lock: Arc<tokio::sync::Mutex<()>>,
    guard: Option<tokio::sync::OwnedMutexGuard<()>>,
}

impl<K: Clone + Eq + Hash> Flights<K> {
    /// Waits until no one else computes `key`, then holds it.
    pub(crate) async fn enter(&self, key: &K) -> Flight<'_, K> {
        let lock = {
            let mut running = self.running.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
            running.entry(key.clone()).or_default().clone()
        };
        let guard = lock.clone().lock_owned().await;
        Flight { flights: self, key: key.clone(), lock, guard: Some(guard) }
    }

    /// Whether someone computes `key` now.
    pub(crate) fn is_running(&self, key: &K) -> bool {
        self.running.lock().unwrap_or_else(|poisoned| poisoned.into_inner()).contains_key(key)
    }

    /// How many keys are being computed or waited for.
    #[cfg(test)]
    fn len(&self) -> usize {
        self.running.lock().unwrap().len()
    }
}

impl<K: Eq + Hash> Drop for Flight<'_, K> {
    fn drop(&mut self) {
        self.guard.take();
        let mut running = self.flights.running.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        // Two holders: the map and this flight; nobody else is waiting.
        if Arc::strong_count(&self.lock) == 2 {
            running.remove(&self.key);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Clone, Debug, PartialEq, Eq, Hash)]
    struct Key(u8);

    impl KeptKey for Key {
        fn recomputable(&self) -> bool {
            self.0 != 0
        }
    }

    type Cache = Mutex<AggregateCache<Key, u8>>;

    fn key(n: u8) -> Key {
        Key(n)
    }

    fn at(second: i64) -> jiff::Timestamp {
        jiff::Timestamp::from_second(1_700_000_000 + second).unwrap()
    }

    fn put(cache: &Cache, generation: i64, key: Key, value: u8) {
        AggregateCache::put(cache, generation, at(generation), key, value);
    }

    #[test]
    fn a_new_generation_invalidates_and_an_old_one_is_not_kept() {
        let cache = Cache::default();
        put(&cache, 3, key(1), 1);
        assert_eq!(AggregateCache::get(&cache, 3, &key(1)), Some(1));
        assert!(AggregateCache::get(&cache, 4, &key(1)).is_none(), "written since: recompute");
        put(&cache, 4, key(2), 2);
        assert!(AggregateCache::get(&cache, 4, &key(1)).is_none(), "key 1 is still of generation 3");
        put(&cache, 4, key(1), 11);
        put(&cache, 3, key(1), 1);
        assert_eq!(AggregateCache::get(&cache, 4, &key(1)), Some(11), "an older computation never replaces a newer");
        assert!(AggregateCache::get(&cache, 3, &key(1)).is_none());
    }

    #[test]
    fn a_lagging_reader_gets_the_newest_kept_of_at_least_its_own_generation() {
        let cache = Cache::default();
        assert!(AggregateCache::get_lagging(&cache, 0, &key(1)).is_none(), "nothing kept: compute");
        put(&cache, 3, key(1), 1);
        // The database is at generation 5 now: a strict reader recomputes, a
        // lagging one takes generation 3's with its time.
        assert!(AggregateCache::get(&cache, 5, &key(1)).is_none());
        assert_eq!(AggregateCache::get_lagging(&cache, 0, &key(1)), Some((1, at(3))));
        assert_eq!(AggregateCache::get_lagging(&cache, 3, &key(1)), Some((1, at(3))));
        // Who wrote generation 4 must see it: not answered from 3.
        assert!(AggregateCache::get_lagging(&cache, 4, &key(1)).is_none());
        put(&cache, 5, key(1), 5);
        assert_eq!(AggregateCache::get_lagging(&cache, 4, &key(1)), Some((5, at(5))));
    }

    #[test]
    fn what_was_read_is_what_is_recomputed_ahead() {
        let cache = Cache::default();
        put(&cache, 1, key(1), 1);
        assert!(AggregateCache::get(&cache, 1, &key(1)).is_some());
        assert!(AggregateCache::get(&cache, 1, &key(0)).is_none(), "a marker, read but never recomputed");
        assert!(AggregateCache::stale_keys(&cache, 1).is_empty(), "nothing to do while current");
        assert_eq!(AggregateCache::stale_keys(&cache, 2), [key(1)], "a write: recompute what was read");
        put(&cache, 2, key(1), 1);
        assert!(AggregateCache::stale_keys(&cache, 2).is_empty());
        assert!(AggregateCache::stale_keys(&cache, 1).is_empty(), "never backwards");
        // Nobody reads during generation 2: after the next write key 1 is
        // recomputed once more, and after the one after that no longer.
        assert_eq!(AggregateCache::stale_keys(&cache, 3), [key(1)]);
        put(&cache, 3, key(1), 1);
        assert!(AggregateCache::stale_keys(&cache, 4).is_empty(), "unread for a generation: dropped");
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_key_is_computed_by_one_at_a_time_and_its_entry_goes_after() {
        let flights: Arc<Flights<Key>> = Arc::default();
        let computing = Arc::new(std::sync::atomic::AtomicUsize::new(0));
        let most = Arc::new(std::sync::atomic::AtomicUsize::new(0));
        let mut tasks = Vec::new();
        for _ in 0..8 {
            let (flights, computing, most) = (flights.clone(), computing.clone(), most.clone());
            tasks.push(tokio::spawn(async move {
                let _flight = flights.enter(&key(1)).await;
                let now = computing.fetch_add(1, std::sync::atomic::Ordering::SeqCst) + 1;
                most.fetch_max(now, std::sync::atomic::Ordering::SeqCst);
                tokio::time::sleep(std::time::Duration::from_millis(5)).await;
                computing.fetch_sub(1, std::sync::atomic::Ordering::SeqCst);
            }));
        }
        // Another key does not wait for the first.
        let other = tokio::time::timeout(std::time::Duration::from_millis(20), flights.enter(&key(2))).await;
        assert!(other.is_ok(), "key 2 is free while key 1 is computed");
        drop(other);
        for task in tasks {
            task.await.unwrap();
        }
        assert_eq!(most.load(std::sync::atomic::Ordering::SeqCst), 1, "never two computations of one key at once");
        assert_eq!(flights.len(), 0, "no entry is left behind");
        assert!(!flights.is_running(&key(1)));
    }
}
