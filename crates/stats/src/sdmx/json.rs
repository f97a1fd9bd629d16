//! SDMX-JSON 1.0: data messages and structure messages.
//!
//! Data follows the 1.0 field guide with what sdmx1 needs: every data set has
//! `action` (sdmx1 raises KeyError without it), and attribute and dimension
//! values carry a plain `name` string, never a `names` object (sdmx1 raises
//! TypeError on those). Series keys are indices into the dimension values
//! listed in `structure`, so each code's name is written once.

use std::collections::BTreeMap;
use std::io::{self, Write};

use serde_json::{Value, json};

use super::{AGENCY, Context, DataSetPart, Item, ObsDim, VERSION, concepts, full_key, plain_parts};
use crate::codelist::Codelist;
use crate::model::{Dataset, ObsStatus};
use crate::period::Period;

pub const DATA_TYPE: &str = "application/vnd.sdmx.data+json;version=1.0.0";
pub const STRUCTURE_TYPE: &str = "application/vnd.sdmx.structure+json;version=1.0.0";

/// Index of each distinct value, in first-seen order.
struct Values<T: Ord + Clone> {
    order: Vec<T>,
    index: BTreeMap<T, usize>,
}

impl<T: Ord + Clone> Default for Values<T> {
    fn default() -> Self {
        Values { order: Vec::new(), index: BTreeMap::new() }
    }
}

impl<T: Ord + Clone> Values<T> {
    fn of(&mut self, v: &T) -> usize {
        if let Some(i) = self.index.get(v) {
            return *i;
        }
        self.order.push(v.clone());
        self.index.insert(v.clone(), self.order.len() - 1);
        self.order.len() - 1
    }
}

fn name_of(cl: Option<&Codelist>, id: &str) -> String {
    cl.and_then(|c| c.get(id)).map_or_else(|| id.to_owned(), |c| c.name_th.clone())
}

/// Writes a data message: current observations, then deletions (see [`write_parts`]).
pub fn write_data(w: &mut impl Write, c: &Context, items: &[Item]) -> io::Result<()> {
    write_parts(w, c, &plain_parts(items))
}

/// Writes a data message of the data sets given, each with its `action` and,
/// in a history, `validFrom`/`validTo`. The whole message is one JSON document
/// with indices into value lists, so it is built in memory (use SDMX-CSV to
/// stream). Dimensions go to the series or the observation level as
/// `c.obs_dim` says; with `AllDimensions` a data set has `observations` and
/// no series. Off the time series, the unit attributes are at the observation
/// level, as the structure attaches them to every dimension.
pub fn write_parts(w: &mut impl Write, c: &Context, parts: &[DataSetPart]) -> io::Result<()> {
    let ids = c.key_ids();
    let n = ids.len();
    let time = n - 1;
    let at_obs = |i: usize| c.obs_dim.at_obs(i, n);
    let time_series = c.obs_dim == ObsDim::Time;
    let mut values: Vec<Values<String>> = ids.iter().map(|_| Values::default()).collect();
    let mut period_names: BTreeMap<String, String> = BTreeMap::new();
    let mut statuses: Values<ObsStatus> = Values::default();
    let mut units: Values<String> = Values::default();
    let mut mults: Values<String> = Values::default();
    // Periods are indexed in time order, as clients expect the time dimension sorted.
    let mut all_periods: Vec<Period> =
        parts.iter().flat_map(|p| p.items.iter().map(|i| i.observation.period)).collect();
    all_periods.sort();
    all_periods.dedup();
    for p in &all_periods {
        values[time].of(&p.to_string());
        period_names.insert(p.to_string(), p.label_th());
    }
    let mut data_sets: Vec<Value> = Vec::new();
    for part in parts {
        let mut series_map = serde_json::Map::new();
        let mut flat = serde_json::Map::new();
        for item in &part.items {
            let o = item.observation;
            let key = full_key(o);
            let series_key: Vec<String> =
                (0..n).filter(|i| !at_obs(*i)).map(|i| values[i].of(&key[i]).to_string()).collect();
            let (unit, mult) = c.unit(o);
            let value = match o.value {
                Some(v) if v.is_finite() => json!(v),
                _ => Value::Null,
            };
            if c.obs_dim == ObsDim::All {
                let obs_key: Vec<String> = (0..n).map(|i| values[i].of(&key[i]).to_string()).collect();
                let attributes = if c.series_only {
                    json!([])
                } else {
                    json!([value, statuses.of(&o.status), units.of(&unit), mults.of(&mult)])
                };
                flat.insert(obs_key.join(":"), attributes);
                continue;
            }
            let entry = series_map.entry(series_key.join(":")).or_insert_with(|| {
                let attributes = if time_series { json!([units.of(&unit), mults.of(&mult)]) } else { json!([]) };
                json!({"attributes": attributes, "observations": {}})
            });
            if !c.series_only {
                let obs_key: Vec<String> =
                    (0..n).filter(|i| at_obs(*i)).map(|i| values[i].of(&key[i]).to_string()).collect();
                let cell = if time_series {
                    json!([value, statuses.of(&o.status)])
                } else {
                    json!([value, statuses.of(&o.status), units.of(&unit), mults.of(&mult)])
                };
                entry["observations"][obs_key.join(":")] = cell;
            }
        }
        let mut data_set = serde_json::Map::new();
        data_set.insert("action".into(), json!(part.info.action.name()));
        if let Some(from) = part.info.valid_from {
            data_set.insert("validFrom".into(), json!(from.to_string()));
        }
        if let Some(to) = part.info.valid_to {
            data_set.insert("validTo".into(), json!(to.to_string()));
        }
        if c.obs_dim == ObsDim::All {
            data_set.insert("observations".into(), Value::Object(flat));
        } else {
            data_set.insert("series".into(), Value::Object(series_map));
        }
        data_sets.push(Value::Object(data_set));
    }
    let codelist_of = |i: usize| -> Option<Codelist> {
        if i == 0 {
            Some(crate::codelist::freq())
        } else {
            c.structure.dimensions.get(i - 1).map(|d| d.codelist.clone())
        }
    };
    let concept_names: BTreeMap<&str, &str> = concepts().into_iter().map(|(id, th, _)| (id, th)).collect();
    let dimension = |i: usize| -> Value {
        if i == time {
            return json!({
                "id": "TIME_PERIOD",
                "name": "ช่วงเวลา",
                "role": "time",
                "keyPosition": i,
                "values": values[i].order.iter().map(|p| json!({"id": p, "name": period_names.get(p).cloned().unwrap_or_else(|| p.clone())})).collect::<Vec<_>>(),
            });
        }
        let cl = codelist_of(i);
        json!({
            "id": ids[i],
            "name": concept_names.get(ids[i]).copied().unwrap_or(ids[i]),
            "keyPosition": i,
            "values": values[i].order.iter().map(|code| json!({"id": code, "name": name_of(cl.as_ref(), code)})).collect::<Vec<_>>(),
        })
    };
    let series_dims: Vec<Value> = (0..n).filter(|i| !at_obs(*i)).map(dimension).collect();
    let obs_dims: Vec<Value> = (0..n).filter(|i| at_obs(*i)).map(dimension).collect();
    let status_list = ObsStatus::codelist();
    let mult_list = crate::codelist::unit_mult();
    let status_attr = json!({"id": "OBS_STATUS", "name": "สถานะค่าสังเกต", "values": statuses.order.iter().map(|s| json!({"id": s.code(), "name": name_of(Some(&status_list), s.code())})).collect::<Vec<_>>()});
    let unit_attrs = vec![
        json!({"id": "UNIT_MEASURE", "name": "หน่วยวัด", "values": units.order.iter().map(|u| json!({"id": u, "name": u})).collect::<Vec<_>>()}),
        json!({"id": "UNIT_MULT", "name": "หน่วยตัวคูณ", "values": mults.order.iter().map(|m| json!({"id": m, "name": name_of(Some(&mult_list), m)})).collect::<Vec<_>>()}),
    ];
    let (series_attrs, obs_attrs) = if time_series {
        (unit_attrs, vec![status_attr])
    } else {
        (Vec::new(), std::iter::once(status_attr).chain(unit_attrs).collect())
    };
    let message = json!({
        "header": {
            "id": c.message_id,
            "test": false,
            "prepared": c.prepared.strftime("%Y-%m-%dT%H:%M:%SZ").to_string(),
            "sender": {"id": AGENCY},
        },
        "dataSets": data_sets,
        "structure": {
            "name": c.dataset.title_th,
            "dimensions": {
                "dataSet": [],
                "series": series_dims,
                "observation": obs_dims,
            },
            "attributes": {
                "dataSet": [],
                "series": series_attrs,
                "observation": obs_attrs,
            },
        },
    });
    serde_json::to_writer(w, &message).map_err(io::Error::other)
}

/// Writes a structure message: dataflows, code lists, concepts and data structures.
pub fn write_structure(
    w: &mut impl Write,
    id: &str,
    prepared: jiff::Timestamp,
    s: &super::ml::Structures,
) -> io::Result<()> {
    let names = |th: &str, en: &str| json!({"th": th, "en": en});
    let dataflows: Vec<Value> = s
        .dataflows
        .iter()
        .map(|d| {
            json!({
                "id": d.id, "agencyID": AGENCY, "version": VERSION, "isFinal": false,
                "name": d.title_th, "names": names(&d.title_th, &d.title_en),
                "structure": format!("urn:sdmx:org.sdmx.infomodel.datastructure.DataStructure={AGENCY}:DSD_{}({VERSION})", d.id),
            })
        })
        .collect();
    let codelists: Vec<Value> = s
        .codelists
        .iter()
        .map(|cl| {
            json!({
                "id": cl.id, "agencyID": AGENCY, "version": VERSION, "isFinal": false,
                "name": cl.name_th, "names": names(&cl.name_th, &cl.name_en),
                "codes": cl.codes.iter().map(|code| {
                    let mut v = json!({"id": code.id, "name": code.name_th, "names": names(&code.name_th, &code.name_en)});
                    if let Some(parent) = &code.parent {
                        v["parent"] = json!(parent);
                    }
                    v
                }).collect::<Vec<_>>(),
            })
        })
        .collect();
    let concept_schemes: Vec<Value> = if s.concepts {
        vec![json!({
            "id": super::CONCEPTS, "agencyID": AGENCY, "version": VERSION, "isFinal": false,
            "name": "แนวคิดของคลังข้อมูลสถิติ",
            "concepts": concepts().into_iter().map(|(id, th, en)| json!({"id": id, "name": th, "names": names(th, en)})).collect::<Vec<_>>(),
        })]
    } else {
        Vec::new()
    };
    let structures: Vec<Value> = s.structures.iter().map(|d| dsd(d)).collect();
    let message = json!({
        "meta": {"id": id, "test": false, "prepared": prepared.strftime("%Y-%m-%dT%H:%M:%SZ").to_string(), "sender": {"id": AGENCY}},
        "data": {"dataflows": dataflows, "codelists": codelists, "conceptSchemes": concept_schemes, "dataStructures": structures},
    });
    serde_json::to_writer(w, &message).map_err(io::Error::other)
}

fn dsd(d: &Dataset) -> Value {
    let structure = d.structure();
    let concept = |id: &str| {
        format!("urn:sdmx:org.sdmx.infomodel.conceptscheme.Concept={AGENCY}:{}({VERSION}).{id}", super::CONCEPTS)
    };
    let codelist = |id: &str| format!("urn:sdmx:org.sdmx.infomodel.codelist.Codelist={AGENCY}:{id}({VERSION})");
    let mut dims = vec![
        json!({"id": "FREQ", "position": 0, "conceptIdentity": concept("FREQ"), "localRepresentation": {"enumeration": codelist(crate::codelist::FREQ)}}),
    ];
    for (i, dim) in structure.dimensions.iter().enumerate() {
        dims.push(json!({"id": dim.id.id(), "position": i + 1, "conceptIdentity": concept(dim.id.id()), "localRepresentation": {"enumeration": codelist(&dim.codelist.id)}}));
    }
    json!({
        "id": structure.id, "agencyID": AGENCY, "version": VERSION, "isFinal": false, "name": d.title_th,
        "dataStructureComponents": {
            "dimensionList": {
                "id": "DimensionDescriptor",
                "dimensions": dims,
                "timeDimensions": [{"id": "TIME_PERIOD", "position": structure.dimensions.len() + 1, "conceptIdentity": concept("TIME_PERIOD"), "localRepresentation": {"textFormat": {"textType": "ObservationalTimePeriod"}}}],
            },
            "attributeList": {"id": "AttributeDescriptor", "attributes": [
                {"id": "OBS_STATUS", "assignmentStatus": "Conditional", "conceptIdentity": concept("OBS_STATUS"), "attributeRelationship": {"primaryMeasure": "OBS_VALUE"}, "localRepresentation": {"enumeration": codelist(crate::codelist::OBS_STATUS)}},
                {"id": "UNIT_MEASURE", "assignmentStatus": "Conditional", "conceptIdentity": concept("UNIT_MEASURE"), "attributeRelationship": {"dimensions": std::iter::once("FREQ").chain(structure.dimensions.iter().map(|x| x.id.id())).collect::<Vec<_>>()}},
                {"id": "UNIT_MULT", "assignmentStatus": "Conditional", "conceptIdentity": concept("UNIT_MULT"), "attributeRelationship": {"dimensions": std::iter::once("FREQ").chain(structure.dimensions.iter().map(|x| x.id.id())).collect::<Vec<_>>()}, "localRepresentation": {"enumeration": codelist(crate::codelist::UNIT_MULT)}},
            ]},
            "measureList": {"id": "MeasureDescriptor", "primaryMeasure": {"id": "OBS_VALUE", "conceptIdentity": concept("OBS_VALUE")}},
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::tests::sample_dataset;
    use crate::sdmx::tests::observations;

    #[test]
    fn data_message_indexes_values() {
        let d = sample_dataset();
        let s = d.structure();
        let obs = observations();
        let mut items: Vec<Item> = obs.iter().map(|o| Item { observation: o, deleted: false }).collect();
        items[0].deleted = true;
        let c = Context {
            dataset: &d,
            structure: &s,
            message_id: "T",
            prepared: jiff::Timestamp::UNIX_EPOCH,
            series_only: false,
            obs_dim: ObsDim::Time,
        };
        let mut out = Vec::new();
        write_data(&mut out, &c, &items).expect("write");
        let v: Value = serde_json::from_slice(&out).expect("json");
        assert_eq!(v["dataSets"][0]["action"], "Information");
        assert_eq!(v["dataSets"][1]["action"], "Delete");
        let series = &v["dataSets"][0]["series"];
        // LABOUR_FORCE.TH-10 is the first indicator and area seen: "0:0:0"; 2022 is period 1.
        assert_eq!(series["0:0:0"]["observations"]["1"][0], 5150.5);
        assert_eq!(v["structure"]["dimensions"]["series"][2]["values"][0]["name"], "กรุงเทพมหานคร");
        assert_eq!(v["dataSets"][1]["series"]["0:0:0"]["observations"]["0"][0], 5100.0);
    }
}
