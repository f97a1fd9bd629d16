//! The append-only audit trail. The database refuses UPDATE and DELETE on it
//! (triggers in both migrations); this module only inserts and reads.

use crate::{PageRequest, Result, Tx, micros, timestamp, with_conn};

/// One change to record.
#[derive(Clone, Debug, PartialEq)]
pub struct NewAuditEntry<'a> {
    pub at: jiff::Timestamp,
    pub actor_user_id: Option<i64>,
    pub actor_name: &'a str,
    /// Table-like name of what changed: `project`, `report`, `user`, …
    pub entity: &'a str,
    pub entity_id: i64,
    /// `create`, `update`, `delete`, `submit`, `return`, `approve`, `import`, `login`, …
    pub action: &'a str,
    pub field: Option<&'a str>,
    pub old_value: Option<serde_json::Value>,
    pub new_value: Option<serde_json::Value>,
}

/// One recorded change.
#[derive(Clone, Debug, PartialEq)]
pub struct AuditEntry {
    pub id: i64,
    pub at: jiff::Timestamp,
    pub actor_user_id: Option<i64>,
    pub actor_name: String,
    pub entity: String,
    pub entity_id: i64,
    pub action: String,
    pub field: Option<String>,
    pub old_value: Option<serde_json::Value>,
    pub new_value: Option<serde_json::Value>,
}

/// Conditions on the audit trail.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AuditFilter {
    pub entity: Option<String>,
    pub entity_id: Option<i64>,
    pub actor_user_id: Option<i64>,
}

impl Tx {
    pub async fn append_audit(&mut self, entry: &NewAuditEntry<'_>) -> Result<()> {
        // Whoever the trail names wrote this transaction: on commit, a portfolio
        // change is recorded as theirs (`Store::portfolio_written_by`).
        if entry.actor_user_id.is_some() {
            self.writer = entry.actor_user_id;
        }
        with_conn!(self, |conn| {
            sqlx::query(
                "INSERT INTO audit (at, actor_user_id, actor_name, entity, entity_id, action, field, old_value, new_value) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
            )
            .bind(micros(entry.at))
            .bind(entry.actor_user_id)
            .bind(entry.actor_name)
            .bind(entry.entity)
            .bind(entry.entity_id)
            .bind(entry.action)
            .bind(entry.field)
            .bind(entry.old_value.as_ref().map(|v| v.to_string()))
            .bind(entry.new_value.as_ref().map(|v| v.to_string()))
            .execute(&mut *conn)
            .await?;
        });
        Ok(())
    }

    pub async fn audit_entries(&mut self, filter: &AuditFilter, page: PageRequest) -> Result<(Vec<AuditEntry>, i64)> {
        type Row = (i64, i64, Option<i64>, String, String, i64, String, Option<String>, Option<String>, Option<String>);
        let conditions =
            "($1 IS NULL OR entity = $1) AND ($2 IS NULL OR entity_id = $2) AND ($3 IS NULL OR actor_user_id = $3)";
        let list_sql = format!(
            "SELECT id, at, actor_user_id, actor_name, entity, entity_id, action, field, old_value, new_value FROM audit \
             WHERE {conditions} ORDER BY id DESC LIMIT $4 OFFSET $5"
        );
        let count_sql = format!("SELECT COUNT(*) FROM audit WHERE {conditions} AND $4 >= 0 AND $5 >= 0");
        macro_rules! bind_all {
            ($query:expr) => {
                $query
                    .bind(filter.entity.as_deref())
                    .bind(filter.entity_id)
                    .bind(filter.actor_user_id)
                    .bind(page.limit())
                    .bind(page.offset())
            };
        }
        let (rows, total) = with_conn!(self, |conn| {
            let rows = bind_all!(sqlx::query_as::<_, Row>(sqlx::AssertSqlSafe(list_sql))).fetch_all(&mut *conn).await?;
            let total =
                bind_all!(sqlx::query_scalar::<_, i64>(sqlx::AssertSqlSafe(count_sql))).fetch_one(&mut *conn).await?;
            (rows, total)
        });
        let parse = |text: Option<String>| text.and_then(|t| serde_json::from_str(&t).ok());
        let items = rows
            .into_iter()
            .map(|(id, at, actor_user_id, actor_name, entity, entity_id, action, field, old, new)| AuditEntry {
                id,
                at: timestamp(at),
                actor_user_id,
                actor_name,
                entity,
                entity_id,
                action,
                field,
                old_value: parse(old),
                new_value: parse(new),
            })
            .collect();
        Ok((items, total))
    }
}
