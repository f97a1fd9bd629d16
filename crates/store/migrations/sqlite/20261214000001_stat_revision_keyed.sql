-- PostgreSQL's migration of this number gives stat_revision's series and period
-- the "C" collation, so the primary key serves a range of one indicator's
-- series in byte order. SQLite already compares text by bytes: nothing to do
-- here; the file keeps the two dialects' migration lists in step.
SELECT 1;
