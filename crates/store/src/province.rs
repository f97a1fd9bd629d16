//! Provinces' plans: strategic issues and the statistics each needs, one
//! versioned document a province (`province_plan`).

use tidtam_stats::province::ProvincePlan;

use crate::{Result, StoreError, Tx, micros, timestamp, with_conn};

/// A province's plan as stored; a province never edited reads as an empty plan at version 0.
#[derive(Clone, Debug, PartialEq)]
pub struct ProvincePlanRow {
    pub province_code: u8,
    pub plan: ProvincePlan,
    pub version: i64,
    pub updated_at: Option<jiff::Timestamp>,
    pub updated_by: Option<i64>,
}

impl Tx {
    pub async fn province_plan(&mut self, province_code: u8) -> Result<ProvincePlanRow> {
        let row: Option<(String, i64, i64, Option<i64>)> = with_conn!(self, |conn| {
            sqlx::query_as("SELECT plan, version, updated_at, updated_by FROM province_plan WHERE province_code = $1")
                .bind(i64::from(province_code))
                .fetch_optional(&mut *conn)
                .await?
        });
        let Some((plan, version, updated_at, updated_by)) = row else {
            return Ok(ProvincePlanRow {
                province_code,
                plan: ProvincePlan::default(),
                version: 0,
                updated_at: None,
                updated_by: None,
            });
        };
        let plan = serde_json::from_str(&plan)
            .map_err(|e| StoreError::Corrupt(format!("province_plan {province_code}: {e}")))?;
        Ok(ProvincePlanRow { province_code, plan, version, updated_at: Some(timestamp(updated_at)), updated_by })
    }

    /// Every province's plan that has been written, by province code.
    pub async fn province_plans(&mut self) -> Result<Vec<ProvincePlanRow>> {
        let codes: Vec<i64> = with_conn!(self, |conn| {
            sqlx::query_scalar("SELECT province_code FROM province_plan ORDER BY province_code")
                .fetch_all(&mut *conn)
                .await?
        });
        let mut out = Vec::with_capacity(codes.len());
        for code in codes {
            let code = u8::try_from(code).map_err(|_| StoreError::Corrupt(format!("province_plan code {code}")))?;
            out.push(self.province_plan(code).await?);
        }
        Ok(out)
    }

    /// Replaces the plan written at `expected_version` (0: none yet); returns the new version.
    pub async fn put_province_plan(
        &mut self,
        province_code: u8,
        expected_version: i64,
        plan: &ProvincePlan,
        by: Option<i64>,
        at: jiff::Timestamp,
    ) -> Result<i64> {
        let json = serde_json::to_string(plan).expect("plans serialise");
        let written: Option<i64> = with_conn!(self, |conn| {
            if expected_version == 0 {
                sqlx::query_scalar(
                    "INSERT INTO province_plan (province_code, plan, version, updated_at, updated_by) \
                     VALUES ($1, $2, 1, $3, $4) ON CONFLICT (province_code) DO NOTHING RETURNING version",
                )
                .bind(i64::from(province_code))
                .bind(&json)
                .bind(micros(at))
                .bind(by)
                .fetch_optional(&mut *conn)
                .await?
            } else {
                sqlx::query_scalar(
                    "UPDATE province_plan SET plan = $3, version = version + 1, updated_at = $4, updated_by = $5 \
                     WHERE province_code = $1 AND version = $2 RETURNING version",
                )
                .bind(i64::from(province_code))
                .bind(expected_version)
                .bind(&json)
                .bind(micros(at))
                .bind(by)
                .fetch_optional(&mut *conn)
                .await?
            }
        });
        match written {
            Some(version) => Ok(version),
            None => Err(StoreError::Conflict { current_version: self.province_plan(province_code).await?.version }),
        }
    }
}
