//! Code lists kept in the database (`stat_code`): the statistical sectors,
//! seeded from `tidtam_stats::codelist::SECTORS` by the migration. The
//! administrator adds codes and renames them (audited); codes are never
//! removed, since datasets refer to them. Everything the hub shows about a
//! sector (pages, CKAN groups, DCAT themes, the SDMX code list, search text,
//! definition checks) reads this list, not the crate's defaults.

use tidtam_domain::model::FieldError;
use tidtam_domain::policy::{Actor, Role};
use tidtam_stats::codelist::{self, Code, Codelist};

use crate::{Result, Service, ServiceError, record_audit};

/// The lists the database keeps (and administrators may edit).
pub const EDITABLE: [&str; 1] = [codelist::SECTOR];

/// A list as the database keeps it, named as the crate names it.
pub(crate) async fn read_list(tx: &mut tidtam_store::Tx, list_id: &str) -> Result<Codelist> {
    let rows = tx.stat_codes(list_id).await?;
    let (name_th, name_en) = match list_id {
        codelist::SECTOR => ("สาขาสถิติ", "Statistical sector"),
        _ => ("", ""),
    };
    Ok(Codelist::new(
        list_id,
        name_th,
        name_en,
        rows.into_iter().map(|r| Code::new(&r.code, &r.name_th, &r.name_en)).collect(),
    ))
}

fn check_names(code: &str, name_th: &str, name_en: &str, new: bool) -> Result<()> {
    let mut errors = Vec::new();
    let valid_code = !code.is_empty()
        && code.len() <= 20
        && code.chars().all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_');
    if new && !valid_code {
        errors.push(FieldError::new(
            "code",
            "รหัสต้องเป็นอักษรละตินตัวใหญ่ ตัวเลข หรือ _ ไม่เกิน 20 ตัว",
            "a code is capital Latin letters, digits or _, at most 20",
        ));
    }
    if name_th.trim().is_empty() {
        errors.push(FieldError::new("name_th", "ต้องมีชื่อภาษาไทย", "a Thai name is required"));
    }
    if name_en.trim().is_empty() {
        errors.push(FieldError::new("name_en", "ต้องมีชื่อภาษาอังกฤษ", "an English name is required"));
    }
    if errors.is_empty() { Ok(()) } else { Err(ServiceError::Invalid(errors)) }
}

fn only_admin(actor: &Actor, list_id: &str) -> Result<()> {
    match actor.role {
        Role::Public => Err(ServiceError::Unauthenticated),
        Role::Admin if EDITABLE.contains(&list_id) => Ok(()),
        Role::Admin => Err(ServiceError::NotFound),
        _ => Err(ServiceError::Forbidden),
    }
}

impl Service {
    /// An editable code list as the database keeps it (anyone may read it).
    pub async fn stat_codelist(&self, list_id: &str) -> Result<Codelist> {
        if !EDITABLE.contains(&list_id) {
            return Err(ServiceError::NotFound);
        }
        let mut tx = self.store.begin_read().await?;
        let list = read_list(&mut tx, list_id).await?;
        tx.rollback().await?;
        Ok(list)
    }

    /// Adds a code to an editable list (administrators; audited).
    pub async fn add_stat_code(
        &self,
        actor: &Actor,
        list_id: &str,
        code: &str,
        name_th: &str,
        name_en: &str,
    ) -> Result<()> {
        only_admin(actor, list_id)?;
        check_names(code, name_th, name_en, true)?;
        let now = self.now();
        let mut tx = self.store.begin().await?;
        let position = tx.insert_stat_code(list_id, code, name_th.trim(), name_en.trim()).await?;
        let after =
            serde_json::json!({"list": list_id, "code": code, "name_th": name_th.trim(), "name_en": name_en.trim()});
        record_audit(&mut tx, actor, now, "stat_code", position, "create", None, Some(after)).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Renames a code of an editable list (administrators; audited with the old names).
    pub async fn rename_stat_code(
        &self,
        actor: &Actor,
        list_id: &str,
        code: &str,
        name_th: &str,
        name_en: &str,
    ) -> Result<()> {
        only_admin(actor, list_id)?;
        check_names(code, name_th, name_en, false)?;
        let now = self.now();
        let mut tx = self.store.begin().await?;
        let before = tx.rename_stat_code(list_id, code, name_th.trim(), name_en.trim()).await?;
        let old =
            serde_json::json!({"list": list_id, "code": code, "name_th": before.name_th, "name_en": before.name_en});
        let new =
            serde_json::json!({"list": list_id, "code": code, "name_th": name_th.trim(), "name_en": name_en.trim()});
        record_audit(&mut tx, actor, now, "stat_code", before.position, "update", Some(old), Some(new)).await?;
        tx.commit().await?;
        Ok(())
    }
}
