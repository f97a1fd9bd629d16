//! SDMX-ML 2.1: the Structure message (dataflows, code lists, concepts, data
//! structures), GenericData and StructureSpecificData.
//!
//! Written by hand, element by element, in the order the 2.1 schemas give
//! (Dataflows, Codelists, Concepts, DataStructures), with `Ref` elements
//! unqualified as the schemas declare them; sdmx1 2.28 reads all three.

use std::io::{self, Write};

use jiff::Timestamp;

use super::{
    AGENCY, CONCEPTS, Context, DataSetInfo, DataSetPart, Item, ObsDim, VERSION, concepts, cross_sections, full_key,
    plain_parts, value_text,
};
use crate::codelist::{self, Codelist};
use crate::model::{Dataset, ObsStatus};

const NS_MESSAGE: &str = "http://www.sdmx.org/resources/sdmxml/schemas/v2_1/message";
const NS_COMMON: &str = "http://www.sdmx.org/resources/sdmxml/schemas/v2_1/common";
const NS_STRUCTURE: &str = "http://www.sdmx.org/resources/sdmxml/schemas/v2_1/structure";
const NS_GENERIC: &str = "http://www.sdmx.org/resources/sdmxml/schemas/v2_1/data/generic";
const NS_SS: &str = "http://www.sdmx.org/resources/sdmxml/schemas/v2_1/data/structurespecific";
const NS_XSI: &str = "http://www.w3.org/2001/XMLSchema-instance";

/// The media types, as content negotiation matches them.
pub const STRUCTURE_TYPE: &str = "application/vnd.sdmx.structure+xml;version=2.1";
pub const GENERIC_TYPE: &str = "application/vnd.sdmx.genericdata+xml;version=2.1";
pub const STRUCTURE_SPECIFIC_TYPE: &str = "application/vnd.sdmx.structurespecificdata+xml;version=2.1";

/// Text escaped for XML content and attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // Characters XML 1.0 cannot carry at all are dropped, not escaped.
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => {}
            c => out.push(c),
        }
    }
    out
}

/// What a Structure message holds.
#[derive(Clone, Debug, Default)]
pub struct Structures<'a> {
    pub dataflows: Vec<&'a Dataset>,
    /// Datasets whose data structure definitions to include.
    pub structures: Vec<&'a Dataset>,
    pub codelists: Vec<Codelist>,
    pub concepts: bool,
}

impl<'a> Structures<'a> {
    /// A dataflow or structure with everything it references (`references=all|children`).
    pub fn complete(dataset: &'a Dataset, with_flow: bool) -> Structures<'a> {
        Structures {
            dataflows: if with_flow { vec![dataset] } else { Vec::new() },
            structures: vec![dataset],
            codelists: codelists_of(dataset),
            concepts: true,
        }
    }
}

/// Every code list a dataset's structure uses, FREQ first.
pub fn codelists_of(dataset: &Dataset) -> Vec<Codelist> {
    let mut out = vec![codelist::freq()];
    out.extend(dataset.structure().dimensions.into_iter().map(|d| d.codelist));
    out.push(ObsStatus::codelist());
    out.push(codelist::unit_mult());
    out
}

fn header(w: &mut impl Write, id: &str, prepared: Timestamp) -> io::Result<()> {
    write!(
        w,
        "<message:Header><message:ID>{}</message:ID><message:Test>false</message:Test><message:Prepared>{}</message:Prepared><message:Sender id=\"{AGENCY}\"/>",
        escape(id),
        prepared.strftime("%Y-%m-%dT%H:%M:%S")
    )
}

fn names(w: &mut impl Write, th: &str, en: &str) -> io::Result<()> {
    write!(w, "<common:Name xml:lang=\"th\">{}</common:Name>", escape(th))?;
    if !en.is_empty() {
        write!(w, "<common:Name xml:lang=\"en\">{}</common:Name>", escape(en))?;
    }
    Ok(())
}

fn concept_ref(w: &mut impl Write, id: &str) -> io::Result<()> {
    write!(
        w,
        "<structure:ConceptIdentity><Ref id=\"{id}\" maintainableParentID=\"{CONCEPTS}\" maintainableParentVersion=\"{VERSION}\" agencyID=\"{AGENCY}\" package=\"conceptscheme\" class=\"Concept\"/></structure:ConceptIdentity>"
    )
}

fn enumeration(w: &mut impl Write, codelist: &str) -> io::Result<()> {
    write!(
        w,
        "<structure:LocalRepresentation><structure:Enumeration><Ref id=\"{}\" version=\"{VERSION}\" agencyID=\"{AGENCY}\" package=\"codelist\" class=\"Codelist\"/></structure:Enumeration></structure:LocalRepresentation>",
        escape(codelist)
    )
}

/// Writes a Structure message.
pub fn write_structure(w: &mut impl Write, id: &str, prepared: Timestamp, s: &Structures) -> io::Result<()> {
    write!(
        w,
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<message:Structure xmlns:message=\"{NS_MESSAGE}\" xmlns:common=\"{NS_COMMON}\" xmlns:structure=\"{NS_STRUCTURE}\">"
    )?;
    header(w, id, prepared)?;
    write!(w, "</message:Header><message:Structures>")?;
    if !s.dataflows.is_empty() {
        write!(w, "<structure:Dataflows>")?;
        for d in &s.dataflows {
            write!(
                w,
                "<structure:Dataflow id=\"{}\" agencyID=\"{AGENCY}\" version=\"{VERSION}\" isFinal=\"false\">",
                escape(&d.id)
            )?;
            names(w, &d.title_th, &d.title_en)?;
            write!(
                w,
                "<structure:Structure><Ref id=\"DSD_{}\" version=\"{VERSION}\" agencyID=\"{AGENCY}\" package=\"datastructure\" class=\"DataStructure\"/></structure:Structure></structure:Dataflow>",
                escape(&d.id)
            )?;
        }
        write!(w, "</structure:Dataflows>")?;
    }
    if !s.codelists.is_empty() {
        write!(w, "<structure:Codelists>")?;
        for cl in &s.codelists {
            write!(
                w,
                "<structure:Codelist id=\"{}\" agencyID=\"{AGENCY}\" version=\"{VERSION}\" isFinal=\"false\">",
                escape(&cl.id)
            )?;
            names(w, &cl.name_th, &cl.name_en)?;
            for code in &cl.codes {
                write!(w, "<structure:Code id=\"{}\">", escape(&code.id))?;
                names(w, &code.name_th, &code.name_en)?;
                if let Some(parent) = &code.parent {
                    write!(w, "<structure:Parent><Ref id=\"{}\"/></structure:Parent>", escape(parent))?;
                }
                write!(w, "</structure:Code>")?;
            }
            write!(w, "</structure:Codelist>")?;
        }
        write!(w, "</structure:Codelists>")?;
    }
    if s.concepts {
        write!(
            w,
            "<structure:Concepts><structure:ConceptScheme id=\"{CONCEPTS}\" agencyID=\"{AGENCY}\" version=\"{VERSION}\" isFinal=\"false\">"
        )?;
        names(w, "แนวคิดของคลังข้อมูลสถิติ", "Statistics Sharing Hub concepts")?;
        for (id, th, en) in concepts() {
            write!(w, "<structure:Concept id=\"{id}\">")?;
            names(w, th, en)?;
            write!(w, "</structure:Concept>")?;
        }
        write!(w, "</structure:ConceptScheme></structure:Concepts>")?;
    }
    if !s.structures.is_empty() {
        write!(w, "<structure:DataStructures>")?;
        for d in &s.structures {
            write_dsd(w, d)?;
        }
        write!(w, "</structure:DataStructures>")?;
    }
    write!(w, "</message:Structures></message:Structure>")
}

fn write_dsd(w: &mut impl Write, d: &Dataset) -> io::Result<()> {
    let structure = d.structure();
    write!(
        w,
        "<structure:DataStructure id=\"{}\" agencyID=\"{AGENCY}\" version=\"{VERSION}\" isFinal=\"false\">",
        escape(&structure.id)
    )?;
    names(w, &d.title_th, &d.title_en)?;
    write!(w, "<structure:DataStructureComponents><structure:DimensionList id=\"DimensionDescriptor\">")?;
    let mut dims: Vec<(String, String)> = vec![("FREQ".into(), codelist::FREQ.into())];
    dims.extend(structure.dimensions.iter().map(|dim| (dim.id.id().to_owned(), dim.codelist.id.clone())));
    for (i, (id, cl)) in dims.iter().enumerate() {
        write!(w, "<structure:Dimension id=\"{id}\" position=\"{}\">", i + 1)?;
        concept_ref(w, id)?;
        enumeration(w, cl)?;
        write!(w, "</structure:Dimension>")?;
    }
    write!(w, "<structure:TimeDimension id=\"TIME_PERIOD\" position=\"{}\">", dims.len() + 1)?;
    concept_ref(w, "TIME_PERIOD")?;
    write!(
        w,
        "<structure:LocalRepresentation><structure:TextFormat textType=\"ObservationalTimePeriod\"/></structure:LocalRepresentation></structure:TimeDimension></structure:DimensionList>"
    )?;
    write!(w, "<structure:AttributeList id=\"AttributeDescriptor\">")?;
    write!(w, "<structure:Attribute id=\"OBS_STATUS\" assignmentStatus=\"Conditional\">")?;
    concept_ref(w, "OBS_STATUS")?;
    enumeration(w, codelist::OBS_STATUS)?;
    write!(
        w,
        "<structure:AttributeRelationship><structure:PrimaryMeasure><Ref id=\"OBS_VALUE\"/></structure:PrimaryMeasure></structure:AttributeRelationship></structure:Attribute>"
    )?;
    for (id, coded) in [("UNIT_MEASURE", false), ("UNIT_MULT", true)] {
        write!(w, "<structure:Attribute id=\"{id}\" assignmentStatus=\"Conditional\">")?;
        concept_ref(w, id)?;
        if coded {
            enumeration(w, codelist::UNIT_MULT)?;
        } else {
            write!(
                w,
                "<structure:LocalRepresentation><structure:TextFormat textType=\"String\"/></structure:LocalRepresentation>"
            )?;
        }
        // Attached to the whole series key: the unit is the series' indicator's.
        write!(w, "<structure:AttributeRelationship>")?;
        for (dim, _) in &dims {
            write!(w, "<structure:Dimension><Ref id=\"{dim}\"/></structure:Dimension>")?;
        }
        write!(w, "</structure:AttributeRelationship></structure:Attribute>")?;
    }
    write!(
        w,
        "</structure:AttributeList><structure:MeasureList id=\"MeasureDescriptor\"><structure:PrimaryMeasure id=\"OBS_VALUE\">"
    )?;
    concept_ref(w, "OBS_VALUE")?;
    write!(
        w,
        "</structure:PrimaryMeasure></structure:MeasureList></structure:DataStructureComponents></structure:DataStructure>"
    )
}

fn data_header(w: &mut impl Write, c: &Context, extra: &str) -> io::Result<()> {
    header(w, c.message_id, c.prepared)?;
    write!(
        w,
        "<message:Structure structureID=\"{}\"{extra} dimensionAtObservation=\"{}\"><common:Structure><Ref agencyID=\"{AGENCY}\" id=\"{}\" version=\"{VERSION}\"/></common:Structure></message:Structure></message:Header>",
        escape(&c.structure.id),
        c.obs_dim.id(c),
        escape(&c.structure.id)
    )
}

/// The series of items sorted by key: runs of one series key and frequency.
pub fn series_of<'a, 'b>(items: &'b [Item<'a>]) -> impl Iterator<Item = &'b [Item<'a>]> {
    items.chunk_by(|a, b| {
        a.observation.series == b.observation.series
            && a.observation.period.frequency() == b.observation.period.frequency()
    })
}

/// The two SDMX-ML 2.1 data messages, written in parts so that a data set
/// streams series by series: [`Flavour::start`], then for each data set
/// [`Flavour::data_set_start`], [`Flavour::series`] for each series, and
/// [`Flavour::data_set_end`], then [`Flavour::end`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Flavour {
    Generic,
    StructureSpecific,
}

impl Flavour {
    /// The namespace of the structure-specific schema for the structure and
    /// the dimension at the observation level.
    fn urn(c: &Context) -> String {
        format!(
            "urn:sdmx:org.sdmx.infomodel.datastructure.DataStructure={AGENCY}:{}({VERSION}):ObsLevelDim:{}",
            c.structure.id,
            c.obs_dim.id(c)
        )
    }

    /// The XML declaration, the message element and its header.
    pub fn start(self, w: &mut impl Write, c: &Context) -> io::Result<()> {
        match self {
            Flavour::Generic => {
                write!(
                    w,
                    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<message:GenericData xmlns:message=\"{NS_MESSAGE}\" xmlns:common=\"{NS_COMMON}\" xmlns:generic=\"{NS_GENERIC}\">"
                )?;
                data_header(w, c, "")
            }
            Flavour::StructureSpecific => {
                let urn = Self::urn(c);
                write!(
                    w,
                    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<message:StructureSpecificData xmlns:message=\"{NS_MESSAGE}\" xmlns:common=\"{NS_COMMON}\" xmlns:ss=\"{NS_SS}\" xmlns:xsi=\"{NS_XSI}\" xmlns:ns1=\"{}\">",
                    escape(&urn)
                )?;
                data_header(w, c, &format!(" namespace=\"{}\"", escape(&urn)))
            }
        }
    }

    /// Opens a data set: its action and, in a history, its validity.
    pub fn data_set_start(self, w: &mut impl Write, c: &Context, info: &DataSetInfo) -> io::Result<()> {
        let mut extra = format!(" action=\"{}\"", info.action.name());
        if let Some(from) = info.valid_from {
            extra.push_str(&format!(" validFromDate=\"{from}\""));
        }
        if let Some(to) = info.valid_to {
            extra.push_str(&format!(" validToDate=\"{to}\""));
        }
        match self {
            Flavour::Generic => {
                write!(w, "<message:DataSet structureRef=\"{}\"{extra}>", escape(&c.structure.id))
            }
            Flavour::StructureSpecific => write!(
                w,
                "<message:DataSet ss:dataScope=\"DataStructure\" xsi:type=\"ns1:DataSetType\" ss:structureRef=\"{}\"{extra}>",
                escape(&c.structure.id)
            ),
        }
    }

    /// Items of one data set, in key order: as time series (whole series
    /// only: a chunk never splits one), as flat observations, or regrouped
    /// as cross-sections (then `items` must be the whole data set).
    pub fn items(self, w: &mut impl Write, c: &Context, items: &[Item]) -> io::Result<()> {
        match c.obs_dim {
            ObsDim::Time => series_of(items).try_for_each(|series| self.series(w, c, series)),
            ObsDim::All => items.iter().try_for_each(|item| self.flat(w, c, item)),
            ObsDim::Dimension(d) => cross_sections(items, d).iter().try_for_each(|series| self.cross(w, c, d, series)),
        }
    }

    /// One observation with its whole key (`AllDimensions`); its series
    /// attributes go with it, as the structure attaches them to every dimension.
    fn flat(self, w: &mut impl Write, c: &Context, item: &Item) -> io::Result<()> {
        let o = item.observation;
        let key = full_key(o);
        let ids = c.key_ids();
        let (unit, mult) = c.unit(o);
        match self {
            Flavour::Generic => {
                write!(w, "<generic:Obs><generic:ObsKey>")?;
                for (id, code) in ids.iter().zip(&key) {
                    write!(w, "<generic:Value id=\"{id}\" value=\"{}\"/>", escape(code))?;
                }
                write!(w, "</generic:ObsKey>")?;
                if !c.series_only {
                    write!(
                        w,
                        "<generic:ObsValue value=\"{}\"/><generic:Attributes><generic:Value id=\"OBS_STATUS\" value=\"{}\"/><generic:Value id=\"UNIT_MEASURE\" value=\"{}\"/><generic:Value id=\"UNIT_MULT\" value=\"{mult}\"/></generic:Attributes>",
                        value_text(o.value),
                        o.status.code(),
                        escape(&unit)
                    )?;
                }
                write!(w, "</generic:Obs>")
            }
            Flavour::StructureSpecific => {
                write!(w, "<Obs")?;
                for (id, code) in ids.iter().zip(&key) {
                    write!(w, " {id}=\"{}\"", escape(code))?;
                }
                if !c.series_only {
                    write!(
                        w,
                        " OBS_VALUE=\"{}\" OBS_STATUS=\"{}\" UNIT_MEASURE=\"{}\" UNIT_MULT=\"{mult}\"",
                        value_text(o.value),
                        o.status.code(),
                        escape(&unit)
                    )?;
                }
                write!(w, "/>")
            }
        }
    }

    /// One cross-section: a series keyed by every position but `d` (TIME_PERIOD
    /// included), observations keyed by position `d`; the unit attributes go
    /// with each observation, as the structure attaches them to every
    /// dimension. A plain dimension is an attribute of `Obs` in
    /// StructureSpecific (`xsi:type` would name the code of a measure
    /// dimension, which the hub's structures do not have).
    fn cross(self, w: &mut impl Write, c: &Context, d: usize, series: &[Item]) -> io::Result<()> {
        let Some(first) = series.first().map(|i| i.observation) else { return Ok(()) };
        let ids = c.key_ids();
        let key = full_key(first);
        let series_key: Vec<(&str, &String)> =
            ids.iter().copied().zip(&key).enumerate().filter(|(i, _)| *i != d).map(|(_, kv)| kv).collect();
        match self {
            Flavour::Generic => {
                write!(w, "<generic:Series><generic:SeriesKey>")?;
                for (id, code) in &series_key {
                    write!(w, "<generic:Value id=\"{id}\" value=\"{}\"/>", escape(code))?;
                }
                write!(w, "</generic:SeriesKey>")?;
                for item in series.iter().filter(|_| !c.series_only) {
                    let o = item.observation;
                    let (unit, mult) = c.unit(o);
                    write!(
                        w,
                        "<generic:Obs><generic:ObsDimension id=\"{}\" value=\"{}\"/><generic:ObsValue value=\"{}\"/><generic:Attributes><generic:Value id=\"OBS_STATUS\" value=\"{}\"/><generic:Value id=\"UNIT_MEASURE\" value=\"{}\"/><generic:Value id=\"UNIT_MULT\" value=\"{mult}\"/></generic:Attributes></generic:Obs>",
                        ids[d],
                        escape(&full_key(o)[d]),
                        value_text(o.value),
                        o.status.code(),
                        escape(&unit)
                    )?;
                }
                write!(w, "</generic:Series>")
            }
            Flavour::StructureSpecific => {
                write!(w, "<Series")?;
                for (id, code) in &series_key {
                    write!(w, " {id}=\"{}\"", escape(code))?;
                }
                write!(w, ">")?;
                for item in series.iter().filter(|_| !c.series_only) {
                    let o = item.observation;
                    let (unit, mult) = c.unit(o);
                    write!(
                        w,
                        "<Obs {}=\"{}\" OBS_VALUE=\"{}\" OBS_STATUS=\"{}\" UNIT_MEASURE=\"{}\" UNIT_MULT=\"{mult}\"/>",
                        ids[d],
                        escape(&full_key(o)[d]),
                        value_text(o.value),
                        o.status.code(),
                        escape(&unit)
                    )?;
                }
                write!(w, "</Series>")
            }
        }
    }

    /// One series: `series` holds items of one series key and frequency, in period order.
    pub fn series(self, w: &mut impl Write, c: &Context, series: &[Item]) -> io::Result<()> {
        let Some(first) = series.first().map(|i| i.observation) else { return Ok(()) };
        let dims = c.dimension_ids();
        let freq = first.period.frequency().code();
        let codes = dims.iter().zip(std::iter::once(freq).chain(first.series.iter().map(String::as_str)));
        let (unit, mult) = c.unit(first);
        match self {
            Flavour::Generic => {
                write!(w, "<generic:Series><generic:SeriesKey>")?;
                for (id, code) in codes {
                    write!(w, "<generic:Value id=\"{id}\" value=\"{}\"/>", escape(code))?;
                }
                write!(
                    w,
                    "</generic:SeriesKey><generic:Attributes><generic:Value id=\"UNIT_MEASURE\" value=\"{}\"/><generic:Value id=\"UNIT_MULT\" value=\"{mult}\"/></generic:Attributes>",
                    escape(&unit)
                )?;
                for item in series.iter().filter(|_| !c.series_only) {
                    let o = item.observation;
                    write!(
                        w,
                        "<generic:Obs><generic:ObsDimension value=\"{}\"/><generic:ObsValue value=\"{}\"/><generic:Attributes><generic:Value id=\"OBS_STATUS\" value=\"{}\"/></generic:Attributes></generic:Obs>",
                        o.period,
                        value_text(o.value),
                        o.status.code()
                    )?;
                }
                write!(w, "</generic:Series>")
            }
            Flavour::StructureSpecific => {
                write!(w, "<Series")?;
                for (id, code) in codes {
                    write!(w, " {id}=\"{}\"", escape(code))?;
                }
                write!(w, " UNIT_MEASURE=\"{}\" UNIT_MULT=\"{mult}\">", escape(&unit))?;
                for item in series.iter().filter(|_| !c.series_only) {
                    let o = item.observation;
                    write!(
                        w,
                        "<Obs TIME_PERIOD=\"{}\" OBS_VALUE=\"{}\" OBS_STATUS=\"{}\"/>",
                        o.period,
                        value_text(o.value),
                        o.status.code()
                    )?;
                }
                write!(w, "</Series>")
            }
        }
    }

    pub fn data_set_end(self, w: &mut impl Write) -> io::Result<()> {
        write!(w, "</message:DataSet>")
    }

    pub fn end(self, w: &mut impl Write) -> io::Result<()> {
        match self {
            Flavour::Generic => write!(w, "</message:GenericData>"),
            Flavour::StructureSpecific => write!(w, "</message:StructureSpecificData>"),
        }
    }

    /// A whole message: current observations in an "Information" data set,
    /// deletions in a "Delete" one.
    pub fn write(self, w: &mut impl Write, c: &Context, items: &[Item]) -> io::Result<()> {
        self.write_parts(w, c, &plain_parts(items))
    }

    /// A whole message of the data sets given, in order (a history: one or
    /// two per release).
    pub fn write_parts(self, w: &mut impl Write, c: &Context, parts: &[DataSetPart]) -> io::Result<()> {
        self.start(w, c)?;
        for part in parts {
            self.data_set_start(w, c, &part.info)?;
            self.items(w, c, &part.items)?;
            self.data_set_end(w)?;
        }
        self.end(w)
    }
}

/// Writes a GenericData message.
pub fn write_generic(w: &mut impl Write, c: &Context, items: &[Item]) -> io::Result<()> {
    Flavour::Generic.write(w, c, items)
}

/// Writes a StructureSpecificData message.
pub fn write_structure_specific(w: &mut impl Write, c: &Context, items: &[Item]) -> io::Result<()> {
    Flavour::StructureSpecific.write(w, c, items)
}

/// An SDMX-ML 2.1 Error message (the body of a 404/400/501 answer).
pub fn write_error(w: &mut impl Write, code: u16, text: &str) -> io::Result<()> {
    write!(
        w,
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<message:Error xmlns:message=\"{NS_MESSAGE}\" xmlns:common=\"{NS_COMMON}\"><message:ErrorMessage code=\"{code}\"><common:Text xml:lang=\"en\">{}</common:Text></message:ErrorMessage></message:Error>",
        escape(text)
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::tests::sample_dataset;
    use crate::sdmx::tests::observations;

    #[test]
    fn messages_are_well_formed_and_complete() {
        let d = sample_dataset();
        let s = d.structure();
        let obs = observations();
        let items: Vec<Item> = obs.iter().map(|o| Item { observation: o, deleted: false }).collect();
        let c = Context {
            dataset: &d,
            structure: &s,
            message_id: "T1",
            prepared: Timestamp::UNIX_EPOCH,
            series_only: false,
            obs_dim: ObsDim::Time,
        };
        let mut out = Vec::new();
        write_generic(&mut out, &c, &items).expect("write");
        let text = String::from_utf8(out).expect("utf8");
        let mut keys_only = Vec::new();
        write_generic(&mut keys_only, &Context { series_only: true, ..c }, &items).expect("write");
        let keys_only = String::from_utf8(keys_only).expect("utf8");
        assert_eq!((keys_only.matches("<generic:Series>").count(), keys_only.matches("<generic:Obs>").count()), (3, 0));
        assert_eq!(text.matches("<generic:Series>").count(), 3);
        assert_eq!(text.matches("<generic:Obs>").count(), 9);
        assert!(text.contains("<generic:ObsValue value=\"5150.5\"/>"));
        let mut out = Vec::new();
        write_structure(&mut out, "S1", Timestamp::UNIX_EPOCH, &Structures::complete(&d, true)).expect("write");
        let text = String::from_utf8(out).expect("utf8");
        assert!(text.contains("<structure:Code id=\"TH-62\"><common:Name xml:lang=\"th\">กำแพงเพชร</common:Name>"));
        assert_eq!(text.matches("<structure:Dimension id=").count(), 3);
        assert_eq!(escape("a<b & \"c\"\u{1}"), "a&lt;b &amp; &quot;c&quot;");
    }
}
