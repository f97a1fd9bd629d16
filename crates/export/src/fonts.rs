//! The Thai font of every export, built into the binary.
//!
//! Sarabun (regular and bold), SIL Open Font License 1.1, from the npm package
//! `@expo-google-fonts/sarabun` 0.4.1 (files `400Regular/Sarabun_400Regular.ttf`
//! and `700Bold/Sarabun_700Bold.ttf`, Google Fonts' build of the Cadson Demak
//! Sarabun project). Sarabun is the open successor of TH Sarabun New, the font
//! Thai government documents are written in. The web crate can serve these
//! bytes as they are (the licence allows it; [`OFL`] is the licence text).

/// The family name written into DOCX and XLSX files.
pub const FAMILY: &str = "Sarabun";

/// Sarabun Regular, TrueType.
pub const SARABUN_REGULAR: &[u8] = include_bytes!("../fonts/Sarabun-Regular.ttf");

/// Sarabun Bold, TrueType.
pub const SARABUN_BOLD: &[u8] = include_bytes!("../fonts/Sarabun-Bold.ttf");

/// The SIL Open Font License 1.1 text that must travel with the fonts.
pub const OFL: &str = include_str!("../fonts/OFL.txt");

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fonts_are_truetype_and_allow_embedding() {
        for font in [SARABUN_REGULAR, SARABUN_BOLD] {
            assert_eq!(&font[..4], &[0, 1, 0, 0], "a TrueType outline font");
            let face = rustybuzz::Face::from_slice(font, 0).expect("the font parses");
            assert!(face.glyph_index('ก').is_some() && face.glyph_index('๙').is_some(), "Thai letters and digits");
            // OS/2 fsType 0: installable embedding, so DOCX and PDF may carry it.
            assert_eq!(face.permissions(), Some(rustybuzz::ttf_parser::Permissions::Installable));
        }
        assert!(OFL.contains("SIL OPEN FONT LICENSE Version 1.1"));
    }
}
