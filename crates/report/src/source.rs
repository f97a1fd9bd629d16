//! Turning a file's bytes into text the parser reads, or a clear reason why not.
//!
//! Decides between DOCX (a zip), UTF-8 text, and everything else (binary, other
//! encodings, empty, too large), so that bad input always gets one clear line.

use std::io::Read;
use std::path::Path;

use crate::error::IngestErrorKind;

/// Files above this are refused before reading: a report file is kilobytes, a
/// bulletin a few megabytes; hundreds of megabytes is a mistake (or an attack).
pub const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;

/// A decoded document: plain text, or the lines a DOCX's paragraphs and rows make.
pub enum Document<'a> {
    Text(&'a str),
    Lines(Vec<String>),
}

/// Reads a file, refusing sizes above [`MAX_FILE_BYTES`] without reading them.
pub fn read_file(path: &Path) -> Result<Vec<u8>, IngestErrorKind> {
    let file = std::fs::File::open(path).map_err(|error| IngestErrorKind::Unreadable(error.to_string()))?;
    let metadata = file.metadata().map_err(|error| IngestErrorKind::Unreadable(error.to_string()))?;
    if metadata.is_dir() {
        return Err(IngestErrorKind::Unreadable("is a directory / เป็นโฟลเดอร์".to_string()));
    }
    if metadata.len() > MAX_FILE_BYTES {
        return Err(IngestErrorKind::TooLarge { bytes: metadata.len(), limit: MAX_FILE_BYTES });
    }
    let mut bytes = Vec::with_capacity(metadata.len() as usize);
    // `take` guards against a file that grows while being read.
    file.take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|error| IngestErrorKind::Unreadable(error.to_string()))?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(IngestErrorKind::TooLarge { bytes: bytes.len() as u64, limit: MAX_FILE_BYTES });
    }
    Ok(bytes)
}

/// Decides what the bytes are and decodes them.
pub fn decode(bytes: &[u8]) -> Result<Document<'_>, IngestErrorKind> {
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(IngestErrorKind::TooLarge { bytes: bytes.len() as u64, limit: MAX_FILE_BYTES });
    }
    if bytes.iter().all(|byte| byte.is_ascii_whitespace()) {
        return Err(IngestErrorKind::Empty);
    }
    if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06") {
        return crate::docx::read_lines(bytes).map(Document::Lines);
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if looks_binary(bytes) {
        return Err(IngestErrorKind::Binary);
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => Ok(Document::Text(text)),
        Err(error) => {
            let line = 1 + bytes[..error.valid_up_to()].iter().filter(|&&byte| byte == b'\n').count();
            Err(IngestErrorKind::NotUtf8 { line })
        }
    }
}

/// NUL bytes or many control characters in the first 8 KiB mean binary data.
/// (UTF-16 text also has NULs; it is refused too, with the binary message.)
fn looks_binary(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(8192)];
    if head.contains(&0) {
        return true;
    }
    let controls = head.iter().filter(|&&byte| byte < 0x20 && !matches!(byte, b'\n' | b'\r' | b'\t' | 0x0c)).count();
    controls * 20 > head.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bad_inputs_are_named() {
        assert!(matches!(decode(b""), Err(IngestErrorKind::Empty)));
        assert!(matches!(decode(b" \n\n"), Err(IngestErrorKind::Empty)));
        assert!(matches!(decode(b"\x7fELF\x02\x01\x01\0\0\0"), Err(IngestErrorKind::Binary)));
        assert!(matches!(
            decode("บรรทัดแรก\n".as_bytes().iter().chain(b"\xff\xfe bad").copied().collect::<Vec<_>>().as_slice()),
            Err(IngestErrorKind::NotUtf8 { line: 2 })
        ));
        assert!(matches!(decode(b"PK\x03\x04truncated"), Err(IngestErrorKind::BrokenDocx(_))));
        assert!(matches!(decode("\u{feff}ข้อความ".as_bytes()), Ok(Document::Text("ข้อความ"))));
    }
}
