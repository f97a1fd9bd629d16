//! Users, sessions and login attempts: all state the web tier needs lives here,
//! so any number of server instances can share one database.

use tidtam_domain::policy::Role;

use crate::rows::parse_enum;
use crate::{PageRequest, Result, StoreError, Tx, micros, timestamp, with_conn};

/// A stored user (the password hash never leaves `tidtam-service`).
#[derive(Clone, Debug, PartialEq)]
pub struct UserRow {
    pub id: i64,
    pub username: String,
    pub display_name: String,
    pub password_hash: String,
    pub role: Role,
    pub agency_id: Option<i64>,
    pub division_id: Option<i64>,
    pub active: bool,
    pub version: i64,
}

/// Failed sign-ins remembered for one key (a user name or a client address).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Throttle {
    /// Failures in the current streak.
    pub failures: i64,
    pub last_failure_at: jiff::Timestamp,
    /// No attempt is evaluated before this time.
    pub blocked_until: jiff::Timestamp,
}

/// A live session joined with its user.
#[derive(Clone, Debug, PartialEq)]
pub struct SessionRow {
    pub user: UserRow,
    pub csrf_token: String,
    pub expires_at: jiff::Timestamp,
}

type Row = (i64, String, String, String, String, Option<i64>, Option<i64>, bool, i64);
const USER_COLUMNS: &str =
    "u.id, u.username, u.display_name, u.password_hash, u.role, u.agency_id, u.division_id, u.active, u.version";

fn user(row: Row) -> Result<UserRow> {
    let (id, username, display_name, password_hash, role, agency_id, division_id, active, version) = row;
    Ok(UserRow {
        id,
        username,
        display_name,
        password_hash,
        role: parse_enum(&role, Role::parse)?,
        agency_id,
        division_id,
        active,
        version,
    })
}

impl Tx {
    #[allow(clippy::too_many_arguments)]
    pub async fn insert_user(
        &mut self,
        username: &str,
        display_name: &str,
        password_hash: &str,
        role: Role,
        agency_id: Option<i64>,
        division_id: Option<i64>,
        now: jiff::Timestamp,
    ) -> Result<i64> {
        let id = with_conn!(self, |conn| {
            sqlx::query_scalar::<_, i64>(
                "INSERT INTO app_user (username, display_name, password_hash, role, agency_id, division_id, created_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
            )
            .bind(username)
            .bind(display_name)
            .bind(password_hash)
            .bind(role.as_str())
            .bind(agency_id)
            .bind(division_id)
            .bind(micros(now))
            .fetch_one(&mut *conn)
            .await?
        });
        Ok(id)
    }

    pub async fn user_by_name(&mut self, username: &str) -> Result<Option<UserRow>> {
        let sql = format!("SELECT {USER_COLUMNS} FROM app_user u WHERE u.username = $1");
        let row = with_conn!(self, |conn| sqlx::query_as::<_, Row>(sqlx::AssertSqlSafe(sql))
            .bind(username)
            .fetch_optional(&mut *conn)
            .await?);
        row.map(user).transpose()
    }

    pub async fn user(&mut self, id: i64) -> Result<UserRow> {
        let sql = format!("SELECT {USER_COLUMNS} FROM app_user u WHERE u.id = $1");
        let row = with_conn!(self, |conn| sqlx::query_as::<_, Row>(sqlx::AssertSqlSafe(sql))
            .bind(id)
            .fetch_optional(&mut *conn)
            .await?);
        user(row.ok_or(StoreError::NotFound)?)
    }

    pub async fn users(&mut self, page: PageRequest) -> Result<(Vec<UserRow>, i64)> {
        let sql = format!("SELECT {USER_COLUMNS} FROM app_user u ORDER BY u.id LIMIT $1 OFFSET $2");
        let (rows, total) = with_conn!(self, |conn| {
            let rows = sqlx::query_as::<_, Row>(sqlx::AssertSqlSafe(sql))
                .bind(page.limit())
                .bind(page.offset())
                .fetch_all(&mut *conn)
                .await?;
            let total = sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM app_user").fetch_one(&mut *conn).await?;
            (rows, total)
        });
        Ok((rows.into_iter().map(user).collect::<Result<_>>()?, total))
    }

    pub async fn set_password_hash(&mut self, id: i64, expected_version: i64, password_hash: &str) -> Result<i64> {
        let updated = with_conn!(self, |conn| {
            sqlx::query("UPDATE app_user SET password_hash = $3, version = version + 1 WHERE id = $1 AND version = $2")
                .bind(id)
                .bind(expected_version)
                .bind(password_hash)
                .execute(&mut *conn)
                .await?
                .rows_affected()
        });
        if updated == 0 {
            let current_version = self.current_version("app_user", id).await?;
            return Err(StoreError::Conflict { current_version });
        }
        Ok(expected_version + 1)
    }

    pub async fn insert_session(
        &mut self,
        token_hash: &str,
        user_id: i64,
        csrf_token: &str,
        now: jiff::Timestamp,
        expires_at: jiff::Timestamp,
    ) -> Result<()> {
        with_conn!(self, |conn| {
            sqlx::query("INSERT INTO user_session (token_hash, user_id, csrf_token, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)")
                .bind(token_hash)
                .bind(user_id)
                .bind(csrf_token)
                .bind(micros(now))
                .bind(micros(expires_at))
                .execute(&mut *conn)
                .await?;
        });
        Ok(())
    }

    /// The unexpired session with this token hash, with an active user.
    pub async fn session(&mut self, token_hash: &str, now: jiff::Timestamp) -> Result<Option<SessionRow>> {
        let sql = format!(
            "SELECT {USER_COLUMNS}, s.csrf_token, s.expires_at FROM user_session s JOIN app_user u ON u.id = s.user_id \
             WHERE s.token_hash = $1 AND s.expires_at > $2 AND u.active = TRUE"
        );
        type SessionJoin = (i64, String, String, String, String, Option<i64>, Option<i64>, bool, i64, String, i64);
        let row = with_conn!(self, |conn| {
            sqlx::query_as::<_, SessionJoin>(sqlx::AssertSqlSafe(sql))
                .bind(token_hash)
                .bind(micros(now))
                .fetch_optional(&mut *conn)
                .await?
        });
        row.map(
            |(id, username, display_name, hash, role, agency, division, active, version, csrf_token, expires_at)| {
                Ok(SessionRow {
                    user: user((id, username, display_name, hash, role, agency, division, active, version))?,
                    csrf_token,
                    expires_at: timestamp(expires_at),
                })
            },
        )
        .transpose()
    }

    pub async fn delete_session(&mut self, token_hash: &str) -> Result<bool> {
        let deleted = with_conn!(self, |conn| {
            sqlx::query("DELETE FROM user_session WHERE token_hash = $1")
                .bind(token_hash)
                .execute(&mut *conn)
                .await?
                .rows_affected()
        });
        Ok(deleted > 0)
    }

    /// Removes expired sessions and throttle rows with nothing left to remember
    /// (no block in force and no failure since `forget_before`).
    pub async fn prune_sessions(&mut self, now: jiff::Timestamp, forget_before: jiff::Timestamp) -> Result<()> {
        with_conn!(self, |conn| {
            sqlx::query("DELETE FROM user_session WHERE expires_at <= $1")
                .bind(micros(now))
                .execute(&mut *conn)
                .await?;
        });
        // Rows another sign-in holds are skipped, not waited for: waiting here while
        // holding other rows could deadlock with it (SQLite has one writer anyway).
        let sql = match self.backend() {
            crate::Backend::Sqlite => "DELETE FROM login_throttle WHERE blocked_until <= $1 AND last_failure_at < $2",
            crate::Backend::Postgres => {
                "DELETE FROM login_throttle WHERE throttle_key IN (SELECT throttle_key FROM login_throttle \
                 WHERE blocked_until <= $1 AND last_failure_at < $2 FOR UPDATE SKIP LOCKED)"
            }
        };
        with_conn!(self, |conn| {
            sqlx::query(sql).bind(micros(now)).bind(micros(forget_before)).execute(&mut *conn).await?;
        });
        Ok(())
    }

    /// Ends every session of a user (after a password change or reset).
    pub async fn delete_user_sessions(&mut self, user_id: i64) -> Result<u64> {
        let deleted = with_conn!(self, |conn| {
            sqlx::query("DELETE FROM user_session WHERE user_id = $1")
                .bind(user_id)
                .execute(&mut *conn)
                .await?
                .rows_affected()
        });
        Ok(deleted)
    }

    /// The throttle state of `key` (created empty when missing), locked until the
    /// transaction ends: the upsert takes the row lock on PostgreSQL, and a write
    /// transaction holds the database lock on SQLite, so check-and-record is atomic.
    pub async fn lock_throttle(&mut self, key: &str) -> Result<Throttle> {
        let (failures, last_failure_at, blocked_until) = with_conn!(self, |conn| {
            sqlx::query_as::<_, (i64, i64, i64)>(
                "INSERT INTO login_throttle (throttle_key) VALUES ($1) \
                 ON CONFLICT (throttle_key) DO UPDATE SET throttle_key = excluded.throttle_key \
                 RETURNING failures, last_failure_at, blocked_until",
            )
            .bind(key)
            .fetch_one(&mut *conn)
            .await?
        });
        Ok(Throttle { failures, last_failure_at: timestamp(last_failure_at), blocked_until: timestamp(blocked_until) })
    }

    pub async fn set_throttle(&mut self, key: &str, throttle: &Throttle) -> Result<()> {
        with_conn!(self, |conn| {
            sqlx::query(
                "UPDATE login_throttle SET failures = $2, last_failure_at = $3, blocked_until = $4 WHERE throttle_key = $1",
            )
            .bind(key)
            .bind(throttle.failures)
            .bind(micros(throttle.last_failure_at))
            .bind(micros(throttle.blocked_until))
            .execute(&mut *conn)
            .await?;
        });
        Ok(())
    }
}
