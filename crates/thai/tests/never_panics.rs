//! Parsers never panic: every public reader of the toolkit, fed many
//! deterministic pseudo-random strings built from the characters and words
//! that make parsers take unusual paths (Thai digits, marks, dots, dashes,
//! number words, month abbreviations, province names).
//!
//! A cheap stand-in for the fuzzing the ingester gets; it runs in CI.

use tidtam_thai::{baht, date, digits, fiscal, number, province};

const PIECES: &[&str] = &[
    "๑",
    "๙",
    "0",
    "7",
    "๒๕๖๗",
    "๖๖",
    "2024",
    ",",
    ".",
    "-",
    "–",
    "/",
    ":",
    " ",
    "\t",
    "\n",
    "(",
    ")",
    "%",
    "ร้อยละ",
    "บาท",
    "ถ้วน",
    "สตางค์",
    "ล้าน",
    "แสน",
    "หมื่น",
    "พัน",
    "ร้อย",
    "สิบ",
    "ยี่",
    "เอ็ด",
    "หนึ่ง",
    "เก้า",
    "แก้",
    "สืบ",
    "ลบ",
    "ศูนย์",
    "ม.ค.",
    "มี.ค",
    "ก.พ.ร.",
    "มค",
    "ตุลาคม",
    "กันยายน",
    "วันที่",
    "ถึง",
    "สิ้นสุดวันที่",
    "เริ่มตั้งแต่",
    "และ",
    "ปี",
    "พ.ศ.",
    "ค.ศ.",
    "จังหวัด",
    "จ.",
    "น่าน",
    "แพร่",
    "เลย",
    "ร้อยเอ็ด",
    "ทั่วประเทศ",
    "๗๖",
    "นาย",
    "ภาค",
    "เ",
    "่",
    "้",
    "ั",
    "ี",
    "า",
    "ก",
    "ข",
    "ๆ",
    "ฯ",
    "\u{200B}",
    "\u{0E00}",
    "\u{0E5B}",
    "é",
    "🙂",
    "a",
];

/// SplitMix64: deterministic, no dependency.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

#[test]
fn random_inputs_never_panic() {
    let mut rng = Rng(2567);
    for _ in 0..6_000 {
        let len = rng.below(24);
        let s: String = (0..len).map(|_| PIECES[rng.below(PIECES.len())]).collect();
        let _ = digits::to_arabic_digits(&s);
        let _ = digits::to_thai_digits(&s);
        let _ = number::parse_number(&s);
        let _ = number::parse_percent(&s);
        for (range, _) in number::find_numbers(&s) {
            assert!(s.get(range).is_some(), "find_numbers range off a char boundary in {s:?}");
        }
        for (range, _) in number::find_percents(&s) {
            assert!(s.get(range).is_some(), "find_percents range off a char boundary in {s:?}");
        }
        let _ = baht::parse_baht_amount(&s);
        if let Ok(read) = baht::read_baht_words(&s) {
            // Whatever was read can be written and read back exactly.
            let words = baht::baht_to_words(read.amount);
            assert_eq!(baht::read_baht_words(&words).map(|r| r.amount), Ok(read.amount), "{s:?} → {words}");
        }
        let _ = date::parse_month(&s);
        let _ = date::parse_date(&s);
        let _ = date::parse_period(&s);
        for (range, period) in date::find_periods(&s) {
            assert!(s.get(range).is_some(), "find_periods range off a char boundary in {s:?}");
            assert!(period.start <= period.end, "{s:?}");
        }
        let _ = fiscal::FiscalYear::parse(&s);
        let _ = province::by_name(&s);
        let _ = province::find_area(&s);
        let _ = province::find_regions(&s);
        let _ = province::stated_province_count(&s);
    }
}

#[test]
fn arbitrary_unicode_never_panics() {
    let mut rng = Rng(1);
    for _ in 0..3_000 {
        let len = rng.below(32);
        let s: String = (0..len)
            .filter_map(|_| {
                // Mostly the Thai block, some ASCII, some anything.
                let c = match rng.below(4) {
                    0 | 1 => 0x0E00 + rng.below(0x80) as u32,
                    2 => rng.below(0x80) as u32,
                    _ => rng.below(0x11_0000) as u32,
                };
                char::from_u32(c)
            })
            .collect();
        let _ = number::find_numbers(&s);
        let _ = baht::read_baht_words(&s);
        let _ = baht::parse_baht_amount(&s);
        let _ = date::find_periods(&s);
        let _ = date::parse_date(&s);
        let _ = province::find_area(&s);
    }
}
