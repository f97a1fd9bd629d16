-- Keyed reads of the hub's observations: a data query naming indicators reads
-- only their series (series text in [code, code || '/')) and every read pages
-- through the primary key (dataset_id, series, period, release_number) in its
-- order, a keyset page at a time. Both need series and period compared byte by
-- byte, as SQLite's BINARY does and as tidtam_stats::model::ObsKey orders them;
-- under a linguistic collation (en_US.UTF-8 ignores punctuation at first) the
-- range would miss series and the order would not be the key's. The "C"
-- collation changes no stored value and no row is updated (the append-only
-- triggers do not fire); the primary key is rebuilt in byte order.
ALTER TABLE stat_revision
    ALTER COLUMN series TYPE TEXT COLLATE "C",
    ALTER COLUMN period TYPE TEXT COLLATE "C";
