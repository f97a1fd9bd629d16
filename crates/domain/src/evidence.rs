//! Evidence files attached to a project (contracts, photos, minutes): which
//! kinds are accepted, told from the bytes, never from the name or the type a
//! browser claims. Only passive formats: nothing a browser would run or render
//! as a page (no HTML, no SVG, no XML), and every download is an attachment.

use serde::{Deserialize, Serialize};

/// The largest evidence file (10 MiB: a scanned contract fits; a video does not).
pub const MAX_EVIDENCE_BYTES: usize = 10 * 1024 * 1024;

/// An accepted kind of evidence file.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EvidenceKind {
    Pdf,
    Png,
    Jpeg,
    /// A Word or Excel file (a ZIP package with the Office content types).
    Docx,
    Xlsx,
    /// UTF-8 text without control characters but tab and line breaks.
    Text,
}

impl EvidenceKind {
    /// The content type it is served with (never one a browser renders as a page).
    pub fn content_type(self) -> &'static str {
        match self {
            EvidenceKind::Pdf => "application/pdf",
            EvidenceKind::Png => "image/png",
            EvidenceKind::Jpeg => "image/jpeg",
            EvidenceKind::Docx => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            EvidenceKind::Xlsx => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            EvidenceKind::Text => "text/plain; charset=utf-8",
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            EvidenceKind::Pdf => "pdf",
            EvidenceKind::Png => "png",
            EvidenceKind::Jpeg => "jpeg",
            EvidenceKind::Docx => "docx",
            EvidenceKind::Xlsx => "xlsx",
            EvidenceKind::Text => "text",
        }
    }

    pub fn parse(text: &str) -> Option<EvidenceKind> {
        [Self::Pdf, Self::Png, Self::Jpeg, Self::Docx, Self::Xlsx, Self::Text].into_iter().find(|k| k.as_str() == text)
    }
}

/// What the bytes are, if they are an accepted kind.
pub fn sniff(bytes: &[u8]) -> Option<EvidenceKind> {
    if bytes.starts_with(b"%PDF-") {
        return Some(EvidenceKind::Pdf);
    }
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        return Some(EvidenceKind::Png);
    }
    if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        return Some(EvidenceKind::Jpeg);
    }
    if bytes.starts_with(b"PK\x03\x04") {
        // Office packages name their main part in the ZIP's (uncompressed) file names.
        let names = |needle: &[u8]| bytes.windows(needle.len()).any(|window| window == needle);
        return if names(b"word/document.xml") {
            Some(EvidenceKind::Docx)
        } else if names(b"xl/workbook.xml") {
            Some(EvidenceKind::Xlsx)
        } else {
            None
        };
    }
    let text = std::str::from_utf8(bytes).ok()?;
    let passive = !text.is_empty()
        && !text.chars().any(|c| c.is_control() && !matches!(c, '\t' | '\n' | '\r'))
        && !looks_like_markup(text);
    passive.then_some(EvidenceKind::Text)
}

/// Text a browser might treat as a page or a script even when told it is text.
fn looks_like_markup(text: &str) -> bool {
    let start: String =
        text.trim_start_matches('\u{feff}').trim_start().chars().take(64).collect::<String>().to_lowercase();
    ["<!doctype", "<html", "<script", "<svg", "<?xml", "<head", "<body", "<iframe"]
        .iter()
        .any(|tag| start.starts_with(tag))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_come_from_the_bytes_and_active_content_is_refused() {
        assert_eq!(sniff(b"%PDF-1.7\n..."), Some(EvidenceKind::Pdf));
        assert_eq!(sniff(b"\x89PNG\r\n\x1a\n...."), Some(EvidenceKind::Png));
        assert_eq!(sniff(&[0xFF, 0xD8, 0xFF, 0xE0]), Some(EvidenceKind::Jpeg));
        assert_eq!(sniff(b"PK\x03\x04....word/document.xml...."), Some(EvidenceKind::Docx));
        assert_eq!(sniff(b"PK\x03\x04....xl/workbook.xml...."), Some(EvidenceKind::Xlsx));
        assert_eq!(sniff(b"PK\x03\x04....payload.exe"), None, "a ZIP that is not an Office file");
        assert_eq!(sniff("บันทึกการประชุม ครั้งที่ ๑\n".as_bytes()), Some(EvidenceKind::Text));
        for active in [
            "<!DOCTYPE html><script>alert(1)</script>",
            "  <svg onload=alert(1)>",
            "<?xml version='1.0'?>",
            "\u{feff}<html>",
        ] {
            assert_eq!(sniff(active.as_bytes()), None, "{active}");
        }
        assert_eq!(sniff(b"MZ\x90\x00\x03"), None, "an executable");
        assert_eq!(sniff(b""), None);
        assert_eq!(EvidenceKind::Text.content_type(), "text/plain; charset=utf-8");
    }
}
