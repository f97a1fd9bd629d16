//! Organisation units, strategies and reporting deadlines.

use tidtam_domain::label_key;
use tidtam_domain::model::{OrgKind, OrgUnit, OrgUnitInput, Strategy, StrategyInput, StrategyLevel};
use tidtam_domain::period::{FiscalYear, Quarter};

use crate::rows::parse_enum;
use crate::{Result, StoreError, Tx, with_conn};

#[derive(sqlx::FromRow)]
struct OrgRow {
    id: i64,
    parent_id: Option<i64>,
    kind: String,
    code: String,
    name: String,
    province_code: Option<i64>,
    version: i64,
}

impl OrgRow {
    fn into_domain(self) -> Result<OrgUnit> {
        Ok(OrgUnit {
            id: self.id,
            parent_id: self.parent_id,
            kind: parse_enum(&self.kind, OrgKind::parse)?,
            code: self.code,
            name: self.name,
            province_code: self.province_code.map(|code| code as u8),
            version: self.version,
        })
    }
}

#[derive(sqlx::FromRow)]
struct StrategyRow {
    id: i64,
    parent_id: Option<i64>,
    level: String,
    agency_id: Option<i64>,
    code: String,
    name: String,
    version: i64,
}

impl StrategyRow {
    fn into_domain(self) -> Result<Strategy> {
        Ok(Strategy {
            id: self.id,
            parent_id: self.parent_id,
            level: parse_enum(&self.level, StrategyLevel::parse)?,
            agency_id: self.agency_id,
            code: self.code,
            name: self.name,
            version: self.version,
        })
    }
}

const ORG_COLUMNS: &str = "id, parent_id, kind, code, name, province_code, version";

impl Tx {
    pub async fn insert_org_unit(&mut self, input: &OrgUnitInput) -> Result<i64> {
        let id = with_conn!(self, |conn| {
            sqlx::query_scalar::<_, i64>(
                "INSERT INTO org_unit (parent_id, kind, code, name, name_key, province_code) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
            )
            .bind(input.parent_id)
            .bind(input.kind.as_str())
            .bind(input.code.trim())
            .bind(input.name.trim())
            .bind(label_key(&input.name))
            .bind(input.province_code.map(i64::from))
            .fetch_one(&mut *conn)
            .await?
        });
        Ok(id)
    }

    pub async fn org_unit(&mut self, id: i64) -> Result<OrgUnit> {
        let sql = format!("SELECT {ORG_COLUMNS} FROM org_unit WHERE id = $1");
        let row = with_conn!(self, |conn| {
            sqlx::query_as::<_, OrgRow>(sqlx::AssertSqlSafe(sql)).bind(id).fetch_optional(&mut *conn).await?
        });
        row.ok_or(StoreError::NotFound)?.into_domain()
    }

    pub async fn org_units(&mut self) -> Result<Vec<OrgUnit>> {
        let sql = format!("SELECT {ORG_COLUMNS} FROM org_unit ORDER BY id");
        let rows = with_conn!(self, |conn| sqlx::query_as::<_, OrgRow>(sqlx::AssertSqlSafe(sql))
            .fetch_all(&mut *conn)
            .await?);
        rows.into_iter().map(OrgRow::into_domain).collect()
    }

    /// The unit of `kind` whose name has the same [`name_key`].
    pub async fn find_org_unit(&mut self, kind: OrgKind, name: &str) -> Result<Option<OrgUnit>> {
        let sql = format!("SELECT {ORG_COLUMNS} FROM org_unit WHERE kind = $1 AND name_key = $2 ORDER BY id LIMIT 1");
        let row = with_conn!(self, |conn| {
            sqlx::query_as::<_, OrgRow>(sqlx::AssertSqlSafe(sql))
                .bind(kind.as_str())
                .bind(label_key(name))
                .fetch_optional(&mut *conn)
                .await?
        });
        row.map(OrgRow::into_domain).transpose()
    }

    pub async fn insert_strategy(&mut self, input: &StrategyInput) -> Result<i64> {
        let id = with_conn!(self, |conn| {
            sqlx::query_scalar::<_, i64>(
                "INSERT INTO strategy (parent_id, level, agency_id, code, name) VALUES ($1, $2, $3, $4, $5) RETURNING id",
            )
            .bind(input.parent_id)
            .bind(input.level.as_str())
            .bind(input.agency_id)
            .bind(input.code.trim())
            .bind(input.name.trim())
            .fetch_one(&mut *conn)
            .await?
        });
        Ok(id)
    }

    pub async fn strategy(&mut self, id: i64) -> Result<Strategy> {
        let row = with_conn!(self, |conn| {
            sqlx::query_as::<_, StrategyRow>(
                "SELECT id, parent_id, level, agency_id, code, name, version FROM strategy WHERE id = $1",
            )
            .bind(id)
            .fetch_optional(&mut *conn)
            .await?
        });
        row.ok_or(StoreError::NotFound)?.into_domain()
    }

    pub async fn strategies(&mut self) -> Result<Vec<Strategy>> {
        let rows = with_conn!(self, |conn| {
            sqlx::query_as::<_, StrategyRow>(
                "SELECT id, parent_id, level, agency_id, code, name, version FROM strategy ORDER BY id",
            )
            .fetch_all(&mut *conn)
            .await?
        });
        rows.into_iter().map(StrategyRow::into_domain).collect()
    }

    pub async fn find_strategy_by_code(&mut self, code: &str) -> Result<Option<Strategy>> {
        let row = with_conn!(self, |conn| {
            sqlx::query_as::<_, StrategyRow>(
                "SELECT id, parent_id, level, agency_id, code, name, version FROM strategy WHERE code = $1",
            )
            .bind(code)
            .fetch_optional(&mut *conn)
            .await?
        });
        row.map(StrategyRow::into_domain).transpose()
    }

    pub async fn set_deadline(&mut self, year: FiscalYear, quarter: Quarter, due: jiff::civil::Date) -> Result<()> {
        with_conn!(self, |conn| {
            sqlx::query(
                "INSERT INTO quarter_deadline (fiscal_year, quarter, due_date) VALUES ($1, $2, $3)
                 ON CONFLICT (fiscal_year, quarter) DO UPDATE SET due_date = excluded.due_date",
            )
            .bind(i64::from(year.be()))
            .bind(i64::from(quarter.number()))
            .bind(due.to_string())
            .execute(&mut *conn)
            .await?;
        });
        Ok(())
    }

    /// The deadline set for a quarter, if one was set.
    pub async fn deadline(&mut self, year: FiscalYear, quarter: Quarter) -> Result<Option<jiff::civil::Date>> {
        let due = with_conn!(self, |conn| {
            sqlx::query_scalar::<_, String>(
                "SELECT due_date FROM quarter_deadline WHERE fiscal_year = $1 AND quarter = $2",
            )
            .bind(i64::from(year.be()))
            .bind(i64::from(quarter.number()))
            .fetch_optional(&mut *conn)
            .await?
        });
        crate::rows::date(due)
    }
}
