//! SDMX-CSV 1.0 (`DATAFLOW` first) and 2.0 (`STRUCTURE,STRUCTURE_ID,ACTION` first).
//!
//! One row per observation, written as it goes, so a dataset of any size
//! streams in constant memory. Version 1.0 has no action column, so an
//! `updatedAfter` answer in 1.0 lists current values only; 2.0 marks
//! deletions with `ACTION` = `D`.

use std::io::{self, Write};

use super::{Context, Item, value_text};
use crate::release::ChangeKind;

pub const V1_TYPE: &str = "application/vnd.sdmx.data+csv;version=1.0.0";
pub const V2_TYPE: &str = "application/vnd.sdmx.data+csv;version=2.0.0";

/// A CSV field, quoted when it must be.
pub fn field(text: &str) -> String {
    if text.contains([',', '"', '\n', '\r']) { format!("\"{}\"", text.replace('"', "\"\"")) } else { text.to_owned() }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Version {
    V1,
    V2,
}

/// Writes the header row.
pub fn write_header(w: &mut impl Write, c: &Context, version: Version) -> io::Result<()> {
    let lead = match version {
        Version::V1 => "DATAFLOW",
        Version::V2 => "STRUCTURE,STRUCTURE_ID,ACTION",
    };
    writeln!(w, "{lead},{},TIME_PERIOD,OBS_VALUE,OBS_STATUS,UNIT_MEASURE,UNIT_MULT", c.dimension_ids().join(","))
}

/// Writes one observation's row (nothing for a deletion in version 1.0).
pub fn write_row(w: &mut impl Write, c: &Context, version: Version, item: &Item) -> io::Result<()> {
    let action = if item.deleted { ChangeKind::Deleted } else { ChangeKind::Added }.sdmx_csv_action();
    write_row_as(w, c, version, item, action)
}

/// Writes one observation's row with the `ACTION` code given (version 2.0;
/// version 1.0 has no such column and writes no deletion). A history
/// (`includeHistory=true`) marks what a release published or revised `R`
/// and what it deleted `D`, release after release.
pub fn write_row_as(w: &mut impl Write, c: &Context, version: Version, item: &Item, action: &str) -> io::Result<()> {
    let o = item.observation;
    match version {
        Version::V1 if item.deleted => return Ok(()),
        Version::V1 => write!(w, "{}", field(&c.flow_ref()))?,
        Version::V2 => write!(w, "dataflow,{},{action}", field(&c.flow_ref()))?,
    }
    write!(w, ",{}", o.period.frequency().code())?;
    for code in &o.series {
        write!(w, ",{}", field(code))?;
    }
    // "NaN" as in SDMX-ML: sdmx1 fails on an empty OBS_VALUE.
    let value = value_text(o.value);
    let (unit, mult) = c.unit(o);
    writeln!(w, ",{},{value},{},{},{mult}", o.period, o.status.code(), field(&unit))
}

/// Writes a whole message.
pub fn write(w: &mut impl Write, c: &Context, version: Version, items: &[Item]) -> io::Result<()> {
    write_header(w, c, version)?;
    for item in items {
        write_row(w, c, version, item)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::tests::sample_dataset;
    use crate::sdmx::tests::observations;

    #[test]
    fn rows_for_both_versions() {
        let d = sample_dataset();
        let s = d.structure();
        let obs = observations();
        let items = [Item { observation: &obs[0], deleted: false }, Item { observation: &obs[1], deleted: true }];
        let c = Context {
            dataset: &d,
            structure: &s,
            message_id: "T",
            prepared: jiff::Timestamp::UNIX_EPOCH,
            series_only: false,
            obs_dim: crate::sdmx::ObsDim::Time,
        };
        let mut out = Vec::new();
        write(&mut out, &c, Version::V1, &items).expect("write");
        assert_eq!(
            String::from_utf8(out).expect("utf8"),
            "DATAFLOW,FREQ,INDICATOR,AREA,TIME_PERIOD,OBS_VALUE,OBS_STATUS,UNIT_MEASURE,UNIT_MULT\nTH_NSO:LFS_PROV(1.0),A,LABOUR_FORCE,TH-10,2021,5100,A,persons,3\n"
        );
        let mut out = Vec::new();
        write(&mut out, &c, Version::V2, &items).expect("write");
        let text = String::from_utf8(out).expect("utf8");
        assert!(text.starts_with("STRUCTURE,STRUCTURE_ID,ACTION,FREQ,"));
        assert!(text.ends_with("dataflow,TH_NSO:LFS_PROV(1.0),D,A,LABOUR_FORCE,TH-10,2022,5150.5,A,persons,3\n"));
        assert_eq!(field("a,\"b\""), "\"a,\"\"b\"\"\"");
    }
}
