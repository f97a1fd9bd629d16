//! Full-text search over projects. The text arrives already segmented into words
//! separated by spaces (Thai has no spaces between words; `tidtam-service`
//! segments with `tidtam_thai::segment::index_text`). SQLite indexes it with
//! FTS5, PostgreSQL with a `tsvector` in the 'simple' configuration.

use crate::{Result, Tx, TxInner};

impl Tx {
    /// Sets the searchable text of a project (replacing what was there).
    pub async fn set_search_entry(&mut self, project_id: i64, segmented_body: &str) -> Result<()> {
        match &mut self.inner {
            TxInner::Sqlite(tx) => {
                sqlx::query("DELETE FROM project_search WHERE rowid = $1").bind(project_id).execute(&mut **tx).await?;
                sqlx::query("INSERT INTO project_search (rowid, body) VALUES ($1, $2)")
                    .bind(project_id)
                    .bind(segmented_body)
                    .execute(&mut **tx)
                    .await?;
            }
            TxInner::Postgres(tx) => {
                sqlx::query("INSERT INTO project_search (project_id, body) VALUES ($1, $2) ON CONFLICT (project_id) DO UPDATE SET body = excluded.body")
                    .bind(project_id)
                    .bind(segmented_body)
                    .execute(&mut **tx)
                    .await?;
            }
        }
        Ok(())
    }

    pub async fn delete_search_entry(&mut self, project_id: i64) -> Result<()> {
        match &mut self.inner {
            TxInner::Sqlite(tx) => {
                sqlx::query("DELETE FROM project_search WHERE rowid = $1").bind(project_id).execute(&mut **tx).await?;
            }
            TxInner::Postgres(tx) => {
                sqlx::query("DELETE FROM project_search WHERE project_id = $1")
                    .bind(project_id)
                    .execute(&mut **tx)
                    .await?;
            }
        }
        Ok(())
    }

    /// Ids of projects whose text contains every word of `segmented_query` (at most `limit`).
    ///
    /// Word matches come from the index. Because a segmenter may keep a compound
    /// (จัดหาครุภัณฑ์) as one word in a sentence yet split it differently alone,
    /// a project also matches when each query word occurs inside its text with
    /// the spaces removed; index hits are listed first.
    pub async fn search_projects(&mut self, segmented_query: &str, limit: i64) -> Result<Vec<i64>> {
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
                let mut ids = sqlx::query_scalar::<_, i64>(
                    "SELECT rowid FROM project_search WHERE project_search MATCH $1 ORDER BY rank LIMIT $2",
                )
                .bind(expression)
                .bind(limit)
                .fetch_all(&mut **tx)
                .await?;
                let sql = format!("SELECT rowid FROM project_search WHERE {} ORDER BY rowid LIMIT $1", like(2));
                let mut query = sqlx::query_scalar::<_, i64>(sqlx::AssertSqlSafe(sql)).bind(limit);
                for pattern in &patterns {
                    query = query.bind(pattern.clone());
                }
                ids.extend(query.fetch_all(&mut **tx).await?);
                ids
            }
            TxInner::Postgres(tx) => {
                let mut ids = sqlx::query_scalar::<_, i64>(
                    "SELECT project_id FROM project_search, plainto_tsquery('simple', $1) query WHERE document @@ query \
                     ORDER BY ts_rank(document, query) DESC, project_id LIMIT $2",
                )
                .bind(words.join(" "))
                .bind(limit)
                .fetch_all(&mut **tx)
                .await?;
                let sql =
                    format!("SELECT project_id FROM project_search WHERE {} ORDER BY project_id LIMIT $1", like(2));
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
