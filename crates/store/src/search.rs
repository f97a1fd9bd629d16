//! Full-text search over projects and over quarterly reports' texts. The text
//! arrives already segmented into words separated by spaces (Thai has no spaces
//! between words; `tidtam-service` segments with `tidtam_thai::segment::index_text`).
//! SQLite indexes it with FTS5, PostgreSQL with a `tsvector` in the 'simple'
//! configuration.

use crate::{Result, Tx, TxInner};

/// Which index: the two have the same shape, keyed by the row's id.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SearchIndex {
    Projects,
    Reports,
}

impl SearchIndex {
    /// (table, PostgreSQL id column); SQLite's FTS5 tables key on `rowid`.
    fn names(self) -> (&'static str, &'static str) {
        match self {
            SearchIndex::Projects => ("project_search", "project_id"),
            SearchIndex::Reports => ("report_search", "report_id"),
        }
    }
}

impl Tx {
    /// Sets the searchable text of a project (replacing what was there).
    pub async fn set_search_entry(&mut self, project_id: i64, segmented_body: &str) -> Result<()> {
        self.set_index_entry(SearchIndex::Projects, project_id, segmented_body).await
    }

    pub async fn delete_search_entry(&mut self, project_id: i64) -> Result<()> {
        // A project's reports go with it; their entries too (FTS5 tables have no cascade).
        if let TxInner::Sqlite(tx) = &mut self.inner {
            sqlx::query("DELETE FROM report_search WHERE rowid IN (SELECT id FROM report WHERE project_id = $1)")
                .bind(project_id)
                .execute(&mut **tx)
                .await?;
        }
        self.delete_index_entry(SearchIndex::Projects, project_id).await
    }

    /// Sets the searchable text of a report (replacing what was there, so an id
    /// SQLite reuses never keeps an older report's words).
    pub async fn set_report_search_entry(&mut self, report_id: i64, segmented_body: &str) -> Result<()> {
        self.set_index_entry(SearchIndex::Reports, report_id, segmented_body).await
    }

    /// Reports with no entry in the report index (stored before it existed), at most `limit`.
    pub async fn reports_missing_from_search(&mut self, limit: i64) -> Result<Vec<i64>> {
        let sql = match self.backend() {
            crate::Backend::Sqlite => {
                "SELECT id FROM report WHERE id NOT IN (SELECT rowid FROM report_search) ORDER BY id LIMIT $1"
            }
            crate::Backend::Postgres => {
                "SELECT r.id FROM report r WHERE NOT EXISTS (SELECT 1 FROM report_search s WHERE s.report_id = r.id) ORDER BY r.id LIMIT $1"
            }
        };
        Ok(crate::with_conn!(self, |conn| {
            sqlx::query_scalar::<_, i64>(sql).bind(limit).fetch_all(&mut *conn).await?
        }))
    }

    /// Whether every report is known to have its entry in the report index
    /// (set by [`Tx::mark_report_search_complete`]).
    pub async fn report_search_complete(&mut self) -> Result<bool> {
        Ok(crate::with_conn!(self, |conn| {
            sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM report_search_complete WHERE id = 1")
                .fetch_one(&mut *conn)
                .await?
        }) > 0)
    }

    /// Records that every report has its entry in the report index (no report
    /// was found missing in this transaction); the writes keep it so.
    pub async fn mark_report_search_complete(&mut self) -> Result<()> {
        crate::with_conn!(self, |conn| {
            sqlx::query("INSERT INTO report_search_complete (id) VALUES (1) ON CONFLICT (id) DO NOTHING")
                .execute(&mut *conn)
                .await?;
        });
        Ok(())
    }

    async fn set_index_entry(&mut self, index: SearchIndex, id: i64, segmented_body: &str) -> Result<()> {
        self.set_index_entries(index, &[(id, segmented_body)]).await
    }

    /// Sets the searchable texts of many reports at once (the bulk path), as
    /// [`Tx::set_report_search_entry`] sets one.
    pub async fn set_report_search_entries(&mut self, entries: &[(i64, &str)]) -> Result<()> {
        self.set_index_entries(SearchIndex::Reports, entries).await
    }

    /// Sets the searchable texts of many projects at once (the bulk path).
    pub async fn set_search_entries(&mut self, entries: &[(i64, &str)]) -> Result<()> {
        self.set_index_entries(SearchIndex::Projects, entries).await
    }

    /// Replaces the entries of `index` for the given ids, with multi-row
    /// statements (one row at a time made loading 400,000 reports three times slower).
    async fn set_index_entries(&mut self, index: SearchIndex, entries: &[(i64, &str)]) -> Result<()> {
        // Two parameters a row; well under either database's limit.
        const ROWS: usize = 1000;
        let (table, id_column) = index.names();
        for chunk in entries.chunks(ROWS) {
            match &mut self.inner {
                TxInner::Sqlite(tx) => {
                    // FTS5 has no upsert: delete what the ids hold, then insert.
                    let mut delete = sqlx::QueryBuilder::new(format!("DELETE FROM {table} WHERE rowid IN ("));
                    let mut ids = delete.separated(", ");
                    for (id, _) in chunk {
                        ids.push_bind(*id);
                    }
                    delete.push(")").build().execute(&mut **tx).await?;
                    let mut insert = sqlx::QueryBuilder::new(format!("INSERT INTO {table} (rowid, body) "));
                    insert.push_values(chunk, |mut row, (id, body)| {
                        row.push_bind(*id).push_bind(*body);
                    });
                    insert.build().execute(&mut **tx).await?;
                }
                TxInner::Postgres(tx) => {
                    let mut upsert = sqlx::QueryBuilder::new(format!("INSERT INTO {table} ({id_column}, body) "));
                    upsert.push_values(chunk, |mut row, (id, body)| {
                        row.push_bind(*id).push_bind(*body);
                    });
                    upsert.push(format_args!(" ON CONFLICT ({id_column}) DO UPDATE SET body = excluded.body"));
                    upsert.build().execute(&mut **tx).await?;
                }
            }
        }
        Ok(())
    }

    async fn delete_index_entry(&mut self, index: SearchIndex, id: i64) -> Result<()> {
        let (table, id_column) = index.names();
        let delete = match self.backend() {
            crate::Backend::Sqlite => format!("DELETE FROM {table} WHERE rowid = $1"),
            crate::Backend::Postgres => format!("DELETE FROM {table} WHERE {id_column} = $1"),
        };
        crate::with_conn!(self, |conn| {
            sqlx::query(sqlx::AssertSqlSafe(delete)).bind(id).execute(&mut *conn).await?;
        });
        Ok(())
    }

    /// Ids of projects whose text contains every word of `segmented_query` (at most `limit`).
    pub async fn search_projects(&mut self, segmented_query: &str, limit: i64) -> Result<Vec<i64>> {
        self.search(SearchIndex::Projects, segmented_query, limit).await
    }

    /// Ids of reports whose texts contain every word of `segmented_query` (at most `limit`).
    pub async fn search_reports(&mut self, segmented_query: &str, limit: i64) -> Result<Vec<i64>> {
        self.search(SearchIndex::Reports, segmented_query, limit).await
    }

    /// Ids in `index` whose text contains every word of `segmented_query`, best first.
    ///
    /// Word matches come from the index. Because a segmenter may keep a compound
    /// (จัดหาครุภัณฑ์) as one word in a sentence yet split it differently alone,
    /// a row also matches when each query word occurs inside its text with
    /// the spaces removed; index hits are listed first.
    async fn search(&mut self, index: SearchIndex, segmented_query: &str, limit: i64) -> Result<Vec<i64>> {
        let (table, id_column) = index.names();
        let words: Vec<&str> = segmented_query.split_whitespace().collect();
        if words.is_empty() {
            return Ok(Vec::new());
        }
        let patterns: Vec<String> = words
            .iter()
            .map(|word| format!("%{}%", word.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_")))
            .collect();
        let like = |first: usize| {
            (0..patterns.len())
                .map(|i| format!("REPLACE(body, ' ', '') LIKE ${} ESCAPE '\\'", first + i))
                .collect::<Vec<_>>()
                .join(" AND ")
        };
        let mut ids = match &mut self.inner {
            TxInner::Sqlite(tx) => {
                // Each word is quoted, so FTS5 operators typed by a user are plain text.
                let expression =
                    words.iter().map(|word| format!("\"{}\"", word.replace('"', "\"\""))).collect::<Vec<_>>().join(" ");
                let matched = format!("SELECT rowid FROM {table} WHERE {table} MATCH $1 ORDER BY rank LIMIT $2");
                let mut ids = sqlx::query_scalar::<_, i64>(sqlx::AssertSqlSafe(matched))
                    .bind(expression)
                    .bind(limit)
                    .fetch_all(&mut **tx)
                    .await?;
                let sql = format!("SELECT rowid FROM {table} WHERE {} ORDER BY rowid LIMIT $1", like(2));
                let mut query = sqlx::query_scalar::<_, i64>(sqlx::AssertSqlSafe(sql)).bind(limit);
                for pattern in &patterns {
                    query = query.bind(pattern.clone());
                }
                ids.extend(query.fetch_all(&mut **tx).await?);
                ids
            }
            TxInner::Postgres(tx) => {
                let matched = format!(
                    "SELECT {id_column} FROM {table}, plainto_tsquery('simple', $1) query WHERE document @@ query \
                     ORDER BY ts_rank(document, query) DESC, {id_column} LIMIT $2"
                );
                let mut ids = sqlx::query_scalar::<_, i64>(sqlx::AssertSqlSafe(matched))
                    .bind(words.join(" "))
                    .bind(limit)
                    .fetch_all(&mut **tx)
                    .await?;
                let sql = format!("SELECT {id_column} FROM {table} WHERE {} ORDER BY {id_column} LIMIT $1", like(2));
                let mut query = sqlx::query_scalar::<_, i64>(sqlx::AssertSqlSafe(sql)).bind(limit);
                for pattern in &patterns {
                    query = query.bind(pattern.clone());
                }
                ids.extend(query.fetch_all(&mut **tx).await?);
                ids
            }
        };
        let mut seen = std::collections::HashSet::new();
        ids.retain(|id| seen.insert(*id));
        ids.truncate(limit as usize);
        Ok(ids)
    }
}
