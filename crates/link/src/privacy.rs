//! Privacy-preserving record linkage: Bloom-filter encodings made with a shared secret.
//!
//! Each agency runs [`encode`] on its own file with the same secret key and settings; the linking
//! party receives only record ids, Bloom filters and keyed blocking tokens, and links them with
//! the ordinary engine using Dice-similarity comparisons ([`crate::compare::Kind::Dice`]).
//!
//! Encoding (Schnell, Bachteler and Reiher 2009):
//! - each identifier is normalised (Thai-aware name keys, dates as ISO CE) and split into
//!   padded bigrams (`_ส`, `สม`, …, `ย_`);
//! - each bigram sets `k` bits chosen by HMAC-SHA256 under the secret key, over the field name
//!   (and an optional salt) and the bigram, so each field uses its own hash family;
//!   positions are drawn from the HMAC output directly ("random hashing"), not by double hashing,
//!   which a known attack exploits;
//! - by default one filter per field (`bf_<column>`), which the Fellegi–Sunter model weighs
//!   separately; optionally one record-level filter for all fields (CLK, `clk`), and optionally
//!   *balanced* filters (the filter followed by its complement, then permuted under the key),
//!   which all have the same number of set bits and so hide the length of the value;
//! - blocking keys become keyed tokens (`blk_<n>`): HMAC of the key value, cut to 128 bits.
//!
//! Security assumptions and known attacks are stated in the crate README; in short: the key must
//! stay secret from the linking party, filters of frequent values can be re-identified by
//! frequency and pattern-mining attacks (field-level filters more than CLK), blocking tokens are
//! deterministic and leak equality and frequency, and none of this is encryption.

use hmac::{Hmac, KeyInit, Mac};
use rayon::prelude::*;
use sha2::Sha256;

use crate::block::BlockingRule;
use crate::error::{Error, ErrorKind, Result};
use crate::key::KeyExpr;
use crate::rng::SplitMix;
use crate::table::Table;

type HmacSha256 = Hmac<Sha256>;

const BASE64: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/// Base64 (standard alphabet, no padding) of a bit array, 64 bits per word, little-endian bytes.
pub fn encode_bits(words: &[u64]) -> String {
    let bytes: Vec<u8> = words.iter().flat_map(|w| w.to_le_bytes()).collect();
    base64(&bytes)
}

fn base64(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [chunk[0], *chunk.get(1).unwrap_or(&0), *chunk.get(2).unwrap_or(&0)];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..=chunk.len() {
            out.push(BASE64[((n >> (18 - 6 * i)) & 63) as usize] as char);
        }
    }
    out
}

/// Reads what [`encode_bits`] wrote; `None` if the text is not such an encoding.
pub fn decode_bits(text: &str) -> Option<Vec<u64>> {
    let mut bytes = Vec::with_capacity(text.len() * 3 / 4);
    let mut acc: u32 = 0;
    let mut n_bits = 0;
    for c in text.bytes() {
        let v = BASE64.iter().position(|x| *x == c)? as u32;
        acc = (acc << 6) | v;
        n_bits += 6;
        if n_bits >= 8 {
            n_bits -= 8;
            bytes.push((acc >> n_bits) as u8);
            acc &= (1 << n_bits) - 1;
        }
    }
    if bytes.is_empty() || bytes.len() % 8 != 0 {
        return None;
    }
    Some(bytes.chunks(8).map(|c| u64::from_le_bytes(c.try_into().unwrap_or([0; 8]))).collect())
}

/// Settings of an encoding; every agency must use the same.
#[derive(Clone, Debug)]
pub struct EncodeOptions {
    /// Fields to encode, as key expressions (`given_name|namekey`, `dob|date`).
    pub fields: Vec<KeyExpr>,
    /// Filter length in bits (a power of two, at least 64).
    pub bits: usize,
    /// Bits set per bigram.
    pub hashes: usize,
    /// Blocking rules to turn into keyed tokens.
    pub blocking: Vec<String>,
    /// Also write a record-level CLK (`clk`).
    pub clk: bool,
    /// Balanced filters (value ‖ complement, permuted).
    pub balanced: bool,
    /// A salt key (e.g. `dob|year`): filters only match between records with the same salt.
    pub salt: Option<KeyExpr>,
}

impl EncodeOptions {
    /// Defaults for the given fields: 512 bits, 15 hashes per bigram.
    pub fn new(fields: Vec<KeyExpr>) -> EncodeOptions {
        EncodeOptions { fields, bits: 512, hashes: 15, blocking: Vec::new(), clk: false, balanced: false, salt: None }
    }
}

/// Padded character bigrams of a value.
pub fn bigrams(value: &str) -> Vec<String> {
    let chars: Vec<char> = std::iter::once('_').chain(value.chars()).chain(std::iter::once('_')).collect();
    chars.windows(2).map(|w| w.iter().collect()).collect()
}

struct Encoder {
    mac: HmacSha256,
    bits: usize,
    hashes: usize,
    permutation: Option<Vec<u32>>,
}

impl Encoder {
    fn new(secret: &[u8], bits: usize, hashes: usize, balanced: bool) -> Result<Encoder> {
        let mac = HmacSha256::new_from_slice(secret)
            .map_err(|_| Error::new(ErrorKind::Secret("the secret key cannot be used".into())))?;
        let permutation = if balanced {
            let mut seed_mac = mac.clone();
            seed_mac.update(b"tidtam-balanced-permutation");
            let digest = seed_mac.finalize().into_bytes();
            let mut rng = SplitMix(u64::from_le_bytes(digest[..8].try_into().unwrap_or([0; 8])));
            let mut perm: Vec<u32> = (0..2 * bits as u32).collect();
            for i in (1..perm.len()).rev() {
                let j = rng.below(i as u64 + 1) as usize;
                perm.swap(i, j);
            }
            Some(perm)
        } else {
            None
        };
        Ok(Encoder { mac, bits, hashes, permutation })
    }

    /// Sets the bits of one value's bigrams in `filter`.
    fn add(&self, filter: &mut [u64], domain: &str, salt: &str, value: &str) {
        for gram in bigrams(value) {
            let mut set = 0;
            let mut round = 0u8;
            while set < self.hashes {
                let mut mac = self.mac.clone();
                mac.update(domain.as_bytes());
                mac.update(&[0x1f]);
                mac.update(salt.as_bytes());
                mac.update(&[0x1f, round]);
                mac.update(gram.as_bytes());
                let digest = mac.finalize().into_bytes();
                for pair in digest.chunks(2) {
                    if set == self.hashes {
                        break;
                    }
                    let position = usize::from(u16::from_le_bytes([pair[0], pair[1]])) % self.bits;
                    filter[position / 64] |= 1 << (position % 64);
                    set += 1;
                }
                round += 1;
            }
        }
    }

    fn finish(&self, filter: Vec<u64>) -> String {
        match &self.permutation {
            None => encode_bits(&filter),
            Some(perm) => {
                let mut out = vec![0u64; filter.len() * 2];
                for i in 0..self.bits {
                    let bit = (filter[i / 64] >> (i % 64)) & 1;
                    for (source, value) in [(i, bit), (i + self.bits, 1 - bit)] {
                        let target = perm[source] as usize;
                        out[target / 64] |= value << (target % 64);
                    }
                }
                encode_bits(&out)
            }
        }
    }

    fn token(&self, parts: &[String]) -> String {
        let mut mac = self.mac.clone();
        mac.update(b"tidtam-block");
        for part in parts {
            mac.update(&[0x1f]);
            mac.update(part.as_bytes());
        }
        base64(&mac.finalize().into_bytes()[..16])
    }
}

/// Encodes a table: the id column in clear, a filter per field (`bf_<column>`), optionally a
/// `clk`, and a token column per blocking rule (`blk_1`, …).
pub fn encode(table: &Table, id_column: &str, secret: &[u8], options: &EncodeOptions) -> Result<Table> {
    if secret.len() < 16 {
        return Err(Error::new(ErrorKind::Secret(format!(
            "the shared secret must be at least 16 bytes (got {})",
            secret.len()
        ))));
    }
    if options.bits < 64 || !options.bits.is_power_of_two() || options.bits > 65536 {
        return Err(Error::model("Bloom filter length must be a power of two between 64 and 65536"));
    }
    if options.fields.is_empty() {
        return Err(Error::model("no field to encode"));
    }
    let encoder = Encoder::new(secret, options.bits, options.hashes.max(1), options.balanced)?;
    let ids = table.column(id_column)?;
    let field_columns = options.fields.iter().map(|f| table.column(&f.column)).collect::<Result<Vec<_>>>()?;
    let rules = options.blocking.iter().map(|r| BlockingRule::parse(r)).collect::<Result<Vec<_>>>()?;
    let rule_columns = rules
        .iter()
        .map(|r| r.keys.iter().map(|k| table.column(&k.column)).collect::<Result<Vec<_>>>())
        .collect::<Result<Vec<_>>>()?;
    let salt_column = options.salt.as_ref().map(|s| table.column(&s.column)).transpose()?;
    let mut names = vec![id_column.to_string()];
    names.extend(options.fields.iter().map(|f| format!("bf_{}", f.column)));
    if options.clk {
        names.push("clk".into());
    }
    names.extend((1..=rules.len()).map(|i| format!("blk_{i}")));
    let words = options.bits / 64;
    let rows: Vec<Vec<Option<String>>> = (0..table.len())
        .into_par_iter()
        .map(|row| {
            let mut out: Vec<Option<String>> = vec![ids.get(row).map(str::to_string)];
            let salt = match (&options.salt, salt_column) {
                (Some(expr), Some(column)) => column.get(row).and_then(|v| expr.apply(v)).unwrap_or_default(),
                _ => String::new(),
            };
            let mut clk = vec![0u64; words];
            for (field, column) in options.fields.iter().zip(&field_columns) {
                match column.get(row).and_then(|v| field.apply(v)) {
                    Some(value) => {
                        let mut filter = vec![0u64; words];
                        encoder.add(&mut filter, &field.column, &salt, &value);
                        if options.clk {
                            encoder.add(&mut clk, &format!("clk:{}", field.column), &salt, &value);
                        }
                        out.push(Some(encoder.finish(filter)));
                    }
                    None => out.push(None),
                }
            }
            if options.clk {
                out.push(Some(encoder.finish(clk)));
            }
            for (rule, columns) in rules.iter().zip(&rule_columns) {
                let mut parts = vec![rule.text.clone()];
                for (key, column) in rule.keys.iter().zip(columns) {
                    match column.get(row).and_then(|v| key.apply(v)) {
                        Some(v) => parts.push(v),
                        None => {
                            parts.clear();
                            break;
                        }
                    }
                }
                out.push((!parts.is_empty()).then(|| encoder.token(&parts)));
            }
            out
        })
        .collect();
    let mut encoded = Table::new(format!("{} (encoded)", table.name), names);
    for row in &rows {
        encoded.push_row(row.iter().map(Option::as_deref));
    }
    Ok(encoded)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compare::{Comparator, ComparisonSpec, Kind};

    const SECRET: &[u8] = b"a shared secret of the agencies";

    fn people() -> Table {
        let mut t = Table::new("p", vec!["id".into(), "name".into(), "dob".into()]);
        t.push_row([Some("1"), Some("นายสมชาย"), Some("15/03/2530")]);
        t.push_row([Some("2"), Some("สมชาย"), Some("1987-03-15")]);
        t.push_row([Some("3"), Some("สมชาญ"), Some("1987-03-16")]);
        t.push_row([Some("4"), Some("มาลี"), None]);
        t
    }

    fn options() -> EncodeOptions {
        let mut o =
            EncodeOptions::new(vec![KeyExpr::parse("name|namekey").unwrap(), KeyExpr::parse("dob|date").unwrap()]);
        o.blocking = vec!["dob|year".into()];
        o.clk = true;
        o
    }

    fn dice(a: &str, b: &str) -> f64 {
        let (x, y) = (decode_bits(a).unwrap(), decode_bits(b).unwrap());
        let common: u32 = x.iter().zip(&y).map(|(p, q)| (p & q).count_ones()).sum();
        let total: u32 = x.iter().chain(&y).map(|w| w.count_ones()).sum();
        2.0 * f64::from(common) / f64::from(total)
    }

    #[test]
    fn base64_round_trip() {
        for words in [vec![0u64], vec![u64::MAX, 1, 2], vec![0x0123_4567_89AB_CDEF; 8]] {
            assert_eq!(decode_bits(&encode_bits(&words)).unwrap(), words);
        }
        assert!(decode_bits("not base64!").is_none());
        assert!(decode_bits("").is_none());
    }

    #[test]
    fn same_value_same_filter_similar_value_close() {
        let encoded = encode(&people(), "id", SECRET, &options()).unwrap();
        let bf = encoded.column("bf_name").unwrap();
        // Title stripped before encoding: identical filters.
        assert_eq!(bf.get(0), bf.get(1));
        let close = dice(bf.get(1).unwrap(), bf.get(2).unwrap());
        let far = dice(bf.get(1).unwrap(), bf.get(3).unwrap());
        assert!(close > 0.7 && far < 0.3, "close {close}, far {far}");
        // Dates in either era encode the same.
        let dob = encoded.column("bf_dob").unwrap();
        assert_eq!(dob.get(0), dob.get(1));
        assert_eq!(dob.get(3), None);
        // Blocking tokens: equal for equal keys, missing for a missing key.
        let blk = encoded.column("blk_1").unwrap();
        assert_eq!(blk.get(0), blk.get(2));
        assert_eq!(blk.get(3), None);
        assert!(encoded.column("name").is_err(), "no clear text leaves the encoder");
        // The Dice comparison reads the encoding.
        let comparator = Comparator::new(&ComparisonSpec::new("bf_name", Kind::Dice)).unwrap();
        let (a, b) = (comparator.prepare(bf.get(0)), comparator.prepare(bf.get(1)));
        assert_eq!(comparator.labels[comparator.level(&a, &b, None) as usize], "dice>=1");
    }

    #[test]
    fn the_key_matters() {
        let a = encode(&people(), "id", SECRET, &options()).unwrap();
        let b = encode(&people(), "id", b"another secret of 32 bytes......", &options()).unwrap();
        let (x, y) = (a.column("bf_name").unwrap().get(1), b.column("bf_name").unwrap().get(1));
        assert_ne!(x, y);
        assert!(dice(x.unwrap(), y.unwrap()) < 0.5);
        assert_ne!(a.column("blk_1").unwrap().get(0), b.column("blk_1").unwrap().get(0));
    }

    #[test]
    fn balanced_filters_have_constant_weight() {
        let mut o = options();
        o.balanced = true;
        let encoded = encode(&people(), "id", SECRET, &o).unwrap();
        let bf = encoded.column("bf_name").unwrap();
        for row in 0..4 {
            let words = decode_bits(bf.get(row).unwrap()).unwrap();
            assert_eq!(words.len(), 16);
            assert_eq!(words.iter().map(|w| w.count_ones()).sum::<u32>(), 512);
        }
        assert_eq!(bf.get(0), bf.get(1));
    }

    #[test]
    fn bad_settings() {
        let short = encode(&people(), "id", b"short", &options()).unwrap_err();
        assert!(short.to_string().contains("16 bytes"));
        let mut o = options();
        o.bits = 100;
        assert!(encode(&people(), "id", SECRET, &o).is_err());
        let o = EncodeOptions::new(vec![KeyExpr::parse("nope").unwrap()]);
        assert!(encode(&people(), "id", SECRET, &o).is_err());
    }
}
