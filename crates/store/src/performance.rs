//! Organisation performance: performance agreements with their indicators,
//! rounds and evidence, and PMQA assessments. Decimals and the scoring types
//! travel as text and JSON (the service reads them with `tidtam-score`), so this
//! crate stores exactly what it is given and never rounds.

use crate::{Result, StoreError, Tx, micros, timestamp, with_conn};

/// An agreement as stored.
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct AgreementRow {
    pub id: i64,
    pub org_unit_id: i64,
    /// Buddhist-era fiscal year.
    pub fiscal_year: i64,
    pub title: String,
    /// JSON of `tidtam_score::ScoringConfig`.
    pub config: String,
    pub created_at: i64,
    pub version: i64,
}

/// An indicator of an agreement as stored.
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct IndicatorRow {
    pub id: i64,
    pub agreement_id: i64,
    pub position: i64,
    pub code: String,
    pub name: String,
    pub description: String,
    pub officer_user_id: Option<i64>,
    pub officer_name: String,
    pub data_collector: String,
    /// An exact decimal as text.
    pub weight: String,
    /// JSON of `tidtam_score::Criteria`.
    pub criteria: String,
    /// `entered`, `disbursement_rate`, `reports_on_time` or `kpis_met`.
    pub source: String,
    pub version: i64,
}

/// A 6-, 9- or 12-month round of an indicator as stored.
#[derive(Clone, Debug, Default, PartialEq, Eq, sqlx::FromRow)]
pub struct RoundRow {
    pub indicator_id: i64,
    pub months: i64,
    /// JSON of `tidtam_score::Achievement`.
    pub result: Option<String>,
    pub own_level: Option<i64>,
    pub own_score: Option<String>,
    pub own_weighted: Option<String>,
    pub committee_score: Option<String>,
    pub committee_by: Option<String>,
    pub explanation: String,
    pub supporting_factors: String,
    pub obstacles: String,
    pub suggestions: String,
    pub locked: bool,
    pub locked_by: Option<String>,
    pub locked_at: Option<i64>,
    pub unlock_reason: Option<String>,
    pub version: i64,
}

impl RoundRow {
    pub fn locked_at(&self) -> Option<jiff::Timestamp> {
        self.locked_at.map(timestamp)
    }
}

/// A piece of evidence of a round.
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct EvidenceRow {
    pub id: i64,
    pub indicator_id: i64,
    pub months: i64,
    pub number: i64,
    pub title: String,
    /// ISO date.
    pub evidence_date: Option<String>,
    pub pages: Option<i64>,
    pub file_name: Option<String>,
    pub added_by: String,
    pub added_at: i64,
    /// The kind of the file kept with it (read from its bytes), if one is.
    pub file_kind: Option<String>,
    pub file_size: Option<i64>,
}

/// A file to keep with a piece of evidence, already checked by the caller.
pub struct EvidenceFile<'a> {
    pub kind: tidtam_domain::evidence::EvidenceKind,
    pub sha256: &'a str,
    pub bytes: &'a [u8],
}

/// A PMQA assessment as stored.
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct AssessmentRow {
    pub id: i64,
    pub org_unit_id: i64,
    pub fiscal_year: i64,
    pub criteria_version: String,
    /// JSON of `tidtam_score::pmqa::PmqaCriteria`.
    pub criteria: String,
    pub stated_total: Option<String>,
    /// JSON array of `tidtam_score::pmqa::ItemAssessment`.
    pub items: String,
    /// JSON array of `tidtam_score::pmqa::results::ResultIndicator`.
    pub results: String,
    pub version: i64,
}

const AGREEMENT: &str = "id, org_unit_id, fiscal_year, title, config, created_at, version";
const INDICATOR: &str = "id, agreement_id, position, code, name, description, officer_user_id, officer_name, \
     data_collector, weight, criteria, source, version";
const ROUND: &str = "indicator_id, months, result, own_level, own_score, own_weighted, committee_score, \
     committee_by, explanation, supporting_factors, obstacles, suggestions, locked, locked_by, locked_at, \
     unlock_reason, version";
const EVIDENCE: &str = "id, indicator_id, months, number, title, evidence_date, pages, file_name, added_by, added_at, file_kind, file_size";
const ASSESSMENT: &str =
    "id, org_unit_id, fiscal_year, criteria_version, criteria, stated_total, items, results, version";

impl Tx {
    pub async fn insert_agreement(
        &mut self,
        org_unit_id: i64,
        fiscal_year: i64,
        title: &str,
        config: &str,
        at: jiff::Timestamp,
    ) -> Result<i64> {
        Ok(with_conn!(self, |conn| {
            sqlx::query_scalar::<_, i64>(
                "INSERT INTO kpi_agreement (org_unit_id, fiscal_year, title, config, created_at) \
                 VALUES ($1, $2, $3, $4, $5) RETURNING id",
            )
            .bind(org_unit_id)
            .bind(fiscal_year)
            .bind(title)
            .bind(config)
            .bind(micros(at))
            .fetch_one(&mut *conn)
            .await?
        }))
    }

    pub async fn agreement(&mut self, id: i64) -> Result<AgreementRow> {
        let sql = format!("SELECT {AGREEMENT} FROM kpi_agreement WHERE id = $1");
        let row: Option<AgreementRow> = with_conn!(self, |conn| {
            sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(id).fetch_optional(&mut *conn).await?
        });
        row.ok_or(StoreError::NotFound)
    }

    /// Every agreement of a fiscal year, by organisation unit.
    pub async fn agreements_of_year(&mut self, fiscal_year: i64) -> Result<Vec<AgreementRow>> {
        let sql = format!("SELECT {AGREEMENT} FROM kpi_agreement WHERE fiscal_year = $1 ORDER BY org_unit_id");
        Ok(with_conn!(self, |conn| {
            sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(fiscal_year).fetch_all(&mut *conn).await?
        }))
    }

    /// The fiscal years that have an agreement, newest first.
    pub async fn agreement_years(&mut self) -> Result<Vec<i64>> {
        Ok(with_conn!(self, |conn| {
            sqlx::query_scalar::<_, i64>("SELECT DISTINCT fiscal_year FROM kpi_agreement ORDER BY fiscal_year DESC")
                .fetch_all(&mut *conn)
                .await?
        }))
    }

    pub async fn insert_indicator(&mut self, row: &IndicatorRow) -> Result<i64> {
        Ok(with_conn!(self, |conn| {
            sqlx::query_scalar::<_, i64>(
                "INSERT INTO kpi_indicator (agreement_id, position, code, name, description, officer_user_id, \
                 officer_name, data_collector, weight, criteria, source) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id",
            )
            .bind(row.agreement_id)
            .bind(row.position)
            .bind(&row.code)
            .bind(&row.name)
            .bind(&row.description)
            .bind(row.officer_user_id)
            .bind(&row.officer_name)
            .bind(&row.data_collector)
            .bind(&row.weight)
            .bind(&row.criteria)
            .bind(&row.source)
            .fetch_one(&mut *conn)
            .await?
        }))
    }

    pub async fn indicator(&mut self, id: i64) -> Result<IndicatorRow> {
        let sql = format!("SELECT {INDICATOR} FROM kpi_indicator WHERE id = $1");
        let row: Option<IndicatorRow> = with_conn!(self, |conn| {
            sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(id).fetch_optional(&mut *conn).await?
        });
        row.ok_or(StoreError::NotFound)
    }

    /// An agreement's indicators in their order.
    pub async fn indicators(&mut self, agreement_id: i64) -> Result<Vec<IndicatorRow>> {
        let sql = format!("SELECT {INDICATOR} FROM kpi_indicator WHERE agreement_id = $1 ORDER BY position, id");
        Ok(with_conn!(self, |conn| {
            sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(agreement_id).fetch_all(&mut *conn).await?
        }))
    }

    /// Every round of an agreement's indicators.
    pub async fn rounds_of_agreement(&mut self, agreement_id: i64) -> Result<Vec<RoundRow>> {
        let columns: String = ROUND.split(", ").map(|column| format!("r.{column}")).collect::<Vec<_>>().join(", ");
        let sql = format!(
            "SELECT {columns} FROM kpi_round r JOIN kpi_indicator i ON i.id = r.indicator_id \
             WHERE i.agreement_id = $1 ORDER BY r.indicator_id, r.months"
        );
        Ok(with_conn!(self, |conn| {
            sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(agreement_id).fetch_all(&mut *conn).await?
        }))
    }

    pub async fn rounds(&mut self, indicator_id: i64) -> Result<Vec<RoundRow>> {
        let sql = format!("SELECT {ROUND} FROM kpi_round WHERE indicator_id = $1 ORDER BY months");
        Ok(with_conn!(self, |conn| {
            sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(indicator_id).fetch_all(&mut *conn).await?
        }))
    }

    /// A round; an empty, unlocked version-0 round when none was written yet.
    pub async fn round(&mut self, indicator_id: i64, months: i64) -> Result<RoundRow> {
        let sql = format!("SELECT {ROUND} FROM kpi_round WHERE indicator_id = $1 AND months = $2");
        let row: Option<RoundRow> = with_conn!(self, |conn| {
            sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(indicator_id).bind(months).fetch_optional(&mut *conn).await?
        });
        Ok(row.unwrap_or(RoundRow { indicator_id, months, ..RoundRow::default() }))
    }

    /// Writes a round if it is still at `expected_version` (0: not written yet)
    /// and unlocked, or when the write itself is a lock change; the new version
    /// is returned.
    pub async fn save_round(&mut self, row: &RoundRow, expected_version: i64) -> Result<i64> {
        let current = self.round(row.indicator_id, row.months).await?;
        if current.version != expected_version {
            return Err(StoreError::Conflict { current_version: current.version });
        }
        let updated = with_conn!(self, |conn| {
            let query = if expected_version == 0 {
                format!(
                    "INSERT INTO kpi_round ({ROUND}) VALUES \
                     ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, 1)"
                )
            } else {
                "UPDATE kpi_round SET result = $3, own_level = $4, own_score = $5, own_weighted = $6, \
                 committee_score = $7, committee_by = $8, explanation = $9, supporting_factors = $10, \
                 obstacles = $11, suggestions = $12, locked = $13, locked_by = $14, locked_at = $15, \
                 unlock_reason = $16, version = version + 1 \
                 WHERE indicator_id = $1 AND months = $2 AND version = $17"
                    .to_string()
            };
            let query = sqlx::query(sqlx::AssertSqlSafe(query))
                .bind(row.indicator_id)
                .bind(row.months)
                .bind(&row.result)
                .bind(row.own_level)
                .bind(&row.own_score)
                .bind(&row.own_weighted)
                .bind(&row.committee_score)
                .bind(&row.committee_by)
                .bind(&row.explanation)
                .bind(&row.supporting_factors)
                .bind(&row.obstacles)
                .bind(&row.suggestions)
                .bind(row.locked)
                .bind(&row.locked_by)
                .bind(row.locked_at)
                .bind(&row.unlock_reason);
            let query = if expected_version == 0 { query } else { query.bind(expected_version) };
            query.execute(&mut *conn).await?.rows_affected()
        });
        if updated == 0 {
            let current = self.round(row.indicator_id, row.months).await?;
            return Err(StoreError::Conflict { current_version: current.version });
        }
        Ok(expected_version + 1)
    }

    /// A round's evidence in its numbering.
    pub async fn evidence(&mut self, indicator_id: i64, months: i64) -> Result<Vec<EvidenceRow>> {
        let sql =
            format!("SELECT {EVIDENCE} FROM kpi_evidence WHERE indicator_id = $1 AND months = $2 ORDER BY number, id");
        Ok(with_conn!(self, |conn| {
            sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(indicator_id).bind(months).fetch_all(&mut *conn).await?
        }))
    }

    /// Every evidence row of an agreement's rounds.
    pub async fn evidence_of_agreement(&mut self, agreement_id: i64) -> Result<Vec<EvidenceRow>> {
        let columns: String = EVIDENCE.split(", ").map(|column| format!("e.{column}")).collect::<Vec<_>>().join(", ");
        let sql = format!(
            "SELECT {columns} FROM kpi_evidence e JOIN kpi_indicator i ON i.id = e.indicator_id \
             WHERE i.agreement_id = $1 ORDER BY e.indicator_id, e.months, e.number"
        );
        Ok(with_conn!(self, |conn| {
            sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(agreement_id).fetch_all(&mut *conn).await?
        }))
    }

    /// Adds a piece of evidence under the round's next number (the round must
    /// exist), with its file when there is one.
    #[allow(clippy::too_many_arguments)]
    pub async fn insert_evidence(
        &mut self,
        indicator_id: i64,
        months: i64,
        title: &str,
        date: Option<&str>,
        pages: Option<i64>,
        file_name: Option<&str>,
        file: Option<&EvidenceFile<'_>>,
        added_by: &str,
        at: jiff::Timestamp,
    ) -> Result<EvidenceRow> {
        let id = with_conn!(self, |conn| {
            sqlx::query_scalar::<_, i64>(
                "INSERT INTO kpi_evidence (indicator_id, months, number, title, evidence_date, pages, file_name, \
                 added_by, added_at, file_kind, file_size, file_sha256, file_bytes) \
                 VALUES ($1, $2, (SELECT COALESCE(MAX(number), 0) + 1 FROM kpi_evidence \
                 WHERE indicator_id = $1 AND months = $2), $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id",
            )
            .bind(indicator_id)
            .bind(months)
            .bind(title)
            .bind(date)
            .bind(pages)
            .bind(file_name)
            .bind(added_by)
            .bind(micros(at))
            .bind(file.map(|file| file.kind.as_str()))
            .bind(file.map(|file| file.bytes.len() as i64))
            .bind(file.map(|file| file.sha256))
            .bind(file.map(|file| file.bytes))
            .fetch_one(&mut *conn)
            .await?
        });
        let rows = self.evidence(indicator_id, months).await?;
        rows.into_iter().find(|row| row.id == id).ok_or(StoreError::NotFound)
    }

    /// One piece of evidence with the bytes of its file (`None` when it has no file).
    pub async fn evidence_file(&mut self, evidence_id: i64) -> Result<(EvidenceRow, Option<Vec<u8>>)> {
        let sql = format!("SELECT {EVIDENCE} FROM kpi_evidence WHERE id = $1");
        let row: Option<EvidenceRow> = with_conn!(self, |conn| {
            sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(evidence_id).fetch_optional(&mut *conn).await?
        });
        let row = row.ok_or(StoreError::NotFound)?;
        let bytes: Option<Vec<u8>> = with_conn!(self, |conn| {
            sqlx::query_scalar("SELECT file_bytes FROM kpi_evidence WHERE id = $1")
                .bind(evidence_id)
                .fetch_one(&mut *conn)
                .await?
        });
        Ok((row, bytes))
    }

    pub async fn insert_assessment(&mut self, row: &AssessmentRow) -> Result<i64> {
        Ok(with_conn!(self, |conn| {
            sqlx::query_scalar::<_, i64>(
                "INSERT INTO pmqa_assessment (org_unit_id, fiscal_year, criteria_version, criteria, stated_total, \
                 items, results) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
            )
            .bind(row.org_unit_id)
            .bind(row.fiscal_year)
            .bind(&row.criteria_version)
            .bind(&row.criteria)
            .bind(&row.stated_total)
            .bind(&row.items)
            .bind(&row.results)
            .fetch_one(&mut *conn)
            .await?
        }))
    }

    pub async fn assessment(&mut self, id: i64) -> Result<AssessmentRow> {
        let sql = format!("SELECT {ASSESSMENT} FROM pmqa_assessment WHERE id = $1");
        let row: Option<AssessmentRow> = with_conn!(self, |conn| {
            sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(id).fetch_optional(&mut *conn).await?
        });
        row.ok_or(StoreError::NotFound)
    }

    /// Every assessment, by fiscal year then unit.
    pub async fn assessments(&mut self) -> Result<Vec<AssessmentRow>> {
        let sql = format!("SELECT {ASSESSMENT} FROM pmqa_assessment ORDER BY fiscal_year, org_unit_id");
        Ok(with_conn!(self, |conn| sqlx::query_as(sqlx::AssertSqlSafe(sql)).fetch_all(&mut *conn).await?))
    }

    /// Replaces an assessment's scored content if it is still at `expected_version`.
    pub async fn update_assessment(&mut self, row: &AssessmentRow, expected_version: i64) -> Result<i64> {
        let updated = with_conn!(self, |conn| {
            sqlx::query(
                "UPDATE pmqa_assessment SET stated_total = $2, items = $3, results = $4, version = version + 1 \
                 WHERE id = $1 AND version = $5",
            )
            .bind(row.id)
            .bind(&row.stated_total)
            .bind(&row.items)
            .bind(&row.results)
            .bind(expected_version)
            .execute(&mut *conn)
            .await?
            .rows_affected()
        });
        if updated == 0 {
            let current_version = self.assessment(row.id).await?.version;
            return Err(StoreError::Conflict { current_version });
        }
        Ok(expected_version + 1)
    }
}
