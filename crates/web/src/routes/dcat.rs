//! DCAT (DCAT-AP 3 terms) for the hub's published datasets: `/catalog.ttl`,
//! `/catalog.rdf` (RDF/XML) and `/catalog.jsonld`, paged 100 datasets at a
//! time with Hydra as ckanext-dcat does, and `/dataset/{name}.ttl|.rdf|.jsonld`
//! for one dataset.
//!
//! The three serialisations are written from one list of triples, so they
//! cannot say different things; CI parses them with rdflib and compares them.

use axum::extract::State;
use axum::http::{HeaderMap, header};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use serde_json::{Value, json};
use tidtam_service::Actor;
use tidtam_service::stats::{StatDatasetRow, StatFilter, StatSort};
use tidtam_stats::codelist::{Codelist, SECTOR};
use tidtam_stats::model::Dataset;

use crate::AppState;
use crate::api::{Api, Doc, Method, opt};
use crate::error::{AppError, AppResult};
use crate::extract::{Params, PathParams};

/// Datasets per catalog page (ckanext-dcat's default).
pub const PAGE_SIZE: i64 = 100;

const NS: [(&str, &str); 9] = [
    ("dcat", "http://www.w3.org/ns/dcat#"),
    ("dct", "http://purl.org/dc/terms/"),
    ("foaf", "http://xmlns.com/foaf/0.1/"),
    ("xsd", "http://www.w3.org/2001/XMLSchema#"),
    ("hydra", "http://www.w3.org/ns/hydra/core#"),
    ("owl", "http://www.w3.org/2002/07/owl#"),
    ("vcard", "http://www.w3.org/2006/vcard/ns#"),
    ("rdf", "http://www.w3.org/1999/02/22-rdf-syntax-ns#"),
    ("skos", "http://www.w3.org/2004/02/skos/core#"),
];

pub fn routes(api: Api) -> Api {
    let page = [opt("page", "page", "1-based page of 100 datasets")];
    api.add(
        Method::Get,
        "/catalog.ttl",
        Doc::new("dcat", "The DCAT catalog of published datasets, in Turtle").query(&page).media(&["text/turtle"]),
        catalog_ttl,
    )
    .add(
        Method::Get,
        "/catalog.rdf",
        Doc::new("dcat", "The DCAT catalog of published datasets, in RDF/XML")
            .query(&page)
            .media(&["application/rdf+xml"]),
        catalog_rdf,
    )
    .add(
        Method::Get,
        "/catalog.jsonld",
        Doc::new("dcat", "The DCAT catalog of published datasets, in JSON-LD")
            .query(&page)
            .media(&["application/ld+json"]),
        catalog_jsonld,
    )
    .add(
        Method::Get,
        "/dataset/{file}",
        Doc::new("dcat", "One published dataset in DCAT: `{name}.ttl`, `{name}.rdf` or `{name}.jsonld`")
            .media(&["text/turtle", "application/rdf+xml", "application/ld+json"])
            .errors(&[404]),
        dataset_file,
    )
}

/// An RDF term.
#[derive(Clone, Debug)]
enum Term {
    Iri(String),
    /// A blank node, by label.
    Blank(String),
    Text(String, Option<&'static str>),
    Typed(String, &'static str),
}

type Triple = (Term, &'static str, Term);

fn iri(s: impl Into<String>) -> Term {
    Term::Iri(s.into())
}

fn expand(curie: &str) -> String {
    let (prefix, local) = curie.split_once(':').expect("a curie");
    let ns = NS.iter().find(|(p, _)| *p == prefix).expect("a known prefix").1;
    format!("{ns}{local}")
}

fn site(headers: &HeaderMap) -> String {
    let host = headers.get(header::HOST).and_then(|h| h.to_str().ok()).unwrap_or("localhost");
    format!("http://{host}")
}

fn dataset_triples(out: &mut Vec<Triple>, row: &StatDatasetRow, site: &str) {
    let d: &Dataset = &row.dataset;
    let name = d.ckan_name();
    let subject = iri(format!("{site}/dataset/{name}"));
    let s = || subject.clone();
    out.push((s(), "rdf:type", iri(expand("dcat:Dataset"))));
    out.push((s(), "dct:identifier", Term::Text(d.id.clone(), None)));
    out.push((s(), "dct:title", Term::Text(d.title_th.clone(), Some("th"))));
    if !d.title_en.is_empty() {
        out.push((s(), "dct:title", Term::Text(d.title_en.clone(), Some("en"))));
    }
    if !d.description_th.is_empty() {
        out.push((s(), "dct:description", Term::Text(d.description_th.clone(), Some("th"))));
    }
    for tag in d.metadata.list("tag_string") {
        out.push((s(), "dcat:keyword", Term::Text(tag.to_owned(), Some("th"))));
    }
    out.push((s(), "dcat:theme", iri(format!("{site}/sector/{}", d.sector))));
    out.push((s(), "dct:issued", Term::Typed(row.created_at.to_string(), "xsd:dateTime")));
    let modified = row.last_release_at.map_or(row.modified_at, |r| r.max(row.modified_at));
    out.push((s(), "dct:modified", Term::Typed(modified.to_string(), "xsd:dateTime")));
    out.push((s(), "owl:versionInfo", Term::Text(row.releases.to_string(), None)));
    out.push((s(), "dct:language", iri("http://publications.europa.eu/resource/authority/language/THA")));
    out.push((s(), "dcat:landingPage", iri(format!("{site}/api/stats/datasets/{}", d.id))));
    let publisher = Term::Blank(format!("publisher{}", row.id));
    out.push((s(), "dct:publisher", publisher.clone()));
    out.push((publisher.clone(), "rdf:type", iri(expand("foaf:Organization"))));
    out.push((publisher, "foaf:name", Term::Text(row.agency_name.clone(), Some("th"))));
    if let Some(maintainer) = d.metadata.text("maintainer") {
        let contact = Term::Blank(format!("contact{}", row.id));
        out.push((s(), "dcat:contactPoint", contact.clone()));
        out.push((contact.clone(), "rdf:type", iri(expand("vcard:Organization"))));
        out.push((contact.clone(), "vcard:fn", Term::Text(maintainer.to_owned(), Some("th"))));
        if let Some(email) = d.metadata.text("maintainer_email") {
            out.push((contact, "vcard:hasEmail", iri(format!("mailto:{email}"))));
        }
    }
    for (kind, title, format, media, url) in [
        ("sdmx", "SDMX-ML 2.1", "SDMX", "application/vnd.sdmx.genericdata+xml", format!("{site}/sdmx/data/{}", d.id)),
        ("csv", "SDMX-CSV 1.0", "CSV", "text/csv", format!("{site}/sdmx/data/{}?format=csv", d.id)),
        ("json", "JSON", "JSON", "application/json", format!("{site}/api/stats/datasets/{}/data", d.id)),
    ] {
        let dist = iri(format!("{site}/dataset/{name}/distribution/{kind}"));
        out.push((s(), "dcat:distribution", dist.clone()));
        out.push((dist.clone(), "rdf:type", iri(expand("dcat:Distribution"))));
        out.push((dist.clone(), "dct:title", Term::Text(title.into(), None)));
        out.push((dist.clone(), "dct:format", Term::Text(format.into(), None)));
        out.push((
            dist.clone(),
            "dcat:mediaType",
            iri(format!("https://www.iana.org/assignments/media-types/{media}")),
        ));
        out.push((dist.clone(), "dcat:accessURL", iri(url.clone())));
        out.push((dist, "dcat:downloadURL", iri(url)));
    }
}

fn sector_triples(out: &mut Vec<Triple>, code: &str, site: &str, sectors: &Codelist) {
    if let Some(c) = sectors.get(code) {
        let subject = iri(format!("{site}/sector/{code}"));
        out.push((subject.clone(), "rdf:type", iri(expand("skos:Concept"))));
        out.push((subject.clone(), "skos:prefLabel", Term::Text(c.name_th.clone(), Some("th"))));
        out.push((subject, "skos:prefLabel", Term::Text(c.name_en.clone(), Some("en"))));
    }
}

fn ttl_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 => {}
            c => out.push(c),
        }
    }
    out
}

/// IRIs are written escaped: characters Turtle does not allow inside `<…>` are percent-encoded.
fn iri_text(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        if c <= ' ' || matches!(c, '<' | '>' | '"' | '{' | '}' | '|' | '^' | '`' | '\\') {
            out.push_str(&format!("%{:02X}", c as u32));
        } else {
            out.push(c);
        }
    }
    out
}

fn term_ttl(t: &Term) -> String {
    match t {
        Term::Iri(i) => format!("<{}>", iri_text(i)),
        Term::Blank(b) => format!("_:{b}"),
        Term::Text(v, Some(lang)) => format!("\"{}\"@{lang}", ttl_escape(v)),
        Term::Text(v, None) => format!("\"{}\"", ttl_escape(v)),
        Term::Typed(v, ty) => format!("\"{}\"^^{ty}", ttl_escape(v)),
    }
}

fn turtle(triples: &[Triple]) -> String {
    let mut out = String::new();
    for (prefix, ns) in NS {
        out.push_str(&format!("@prefix {prefix}: <{ns}> .\n"));
    }
    out.push('\n');
    for (s, p, o) in triples {
        let p = if *p == "rdf:type" { "a" } else { p };
        out.push_str(&format!("{} {p} {} .\n", term_ttl(s), term_ttl(o)));
    }
    out
}

fn node_id(t: &Term) -> String {
    match t {
        Term::Iri(i) => i.clone(),
        Term::Blank(b) => format!("_:{b}"),
        _ => unreachable!("subjects are nodes"),
    }
}

/// JSON-LD with full IRIs (no context to resolve), one node object per subject.
fn jsonld(triples: &[Triple]) -> Value {
    let mut nodes: Vec<(String, serde_json::Map<String, Value>)> = Vec::new();
    for (s, p, o) in triples {
        let id = node_id(s);
        let index = match nodes.iter().position(|(n, _)| *n == id) {
            Some(i) => i,
            None => {
                let mut map = serde_json::Map::new();
                map.insert("@id".into(), json!(id));
                nodes.push((id.clone(), map));
                nodes.len() - 1
            }
        };
        let (key, value) = if *p == "rdf:type" {
            ("@type".to_owned(), json!(node_id(o)))
        } else {
            let value = match o {
                Term::Iri(_) | Term::Blank(_) => json!({"@id": node_id(o)}),
                Term::Text(v, Some(lang)) => json!({"@value": v, "@language": lang}),
                Term::Text(v, None) => json!({"@value": v}),
                Term::Typed(v, ty) => json!({"@value": v, "@type": expand(ty)}),
            };
            (expand(p), value)
        };
        let entry = nodes[index].1.entry(key).or_insert_with(|| json!([]));
        if let Value::Array(list) = entry {
            list.push(value);
        }
    }
    json!({"@graph": nodes.into_iter().map(|(_, m)| Value::Object(m)).collect::<Vec<_>>()})
}

fn xml_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            // XML 1.0 allows no other control characters than these.
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 => {}
            c => out.push(c),
        }
    }
    out
}

/// A node as an RDF/XML attribute: `rdf:about`/`rdf:resource` for an IRI, `rdf:nodeID` for a blank node.
fn node_attribute(t: &Term, iri_attribute: &str) -> String {
    match t {
        Term::Iri(i) => format!("{iri_attribute}=\"{}\"", xml_escape(&iri_text(i))),
        Term::Blank(b) => format!("rdf:nodeID=\"{}\"", xml_escape(b)),
        _ => unreachable!("subjects and node objects are nodes"),
    }
}

/// A subject's node id, the subject and its (predicate, object) pairs.
type Description<'a> = (String, &'a Term, Vec<(&'a str, &'a Term)>);

/// RDF/XML: one `rdf:Description` per subject, in order of first appearance.
fn rdf_xml(triples: &[Triple]) -> String {
    let mut subjects: Vec<Description> = Vec::new();
    for (s, p, o) in triples {
        let id = node_id(s);
        match subjects.iter_mut().find(|(n, ..)| *n == id) {
            Some((_, _, properties)) => properties.push((*p, o)),
            None => subjects.push((id, s, vec![(*p, o)])),
        }
    }
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<rdf:RDF");
    for (prefix, ns) in NS {
        out.push_str(&format!("\n    xmlns:{prefix}=\"{ns}\""));
    }
    out.push_str(">\n");
    for (_, subject, properties) in subjects {
        out.push_str(&format!("  <rdf:Description {}>\n", node_attribute(subject, "rdf:about")));
        for (p, o) in properties {
            let element = match o {
                Term::Iri(_) | Term::Blank(_) => format!("<{p} {}/>", node_attribute(o, "rdf:resource")),
                Term::Text(v, Some(lang)) => format!("<{p} xml:lang=\"{lang}\">{}</{p}>", xml_escape(v)),
                Term::Text(v, None) => format!("<{p}>{}</{p}>", xml_escape(v)),
                Term::Typed(v, ty) => format!("<{p} rdf:datatype=\"{}\">{}</{p}>", expand(ty), xml_escape(v)),
            };
            out.push_str(&format!("    {element}\n"));
        }
        out.push_str("  </rdf:Description>\n");
    }
    out.push_str("</rdf:RDF>\n");
    out
}

#[derive(Deserialize)]
struct PageQuery {
    page: Option<u32>,
}

/// The catalog's triples; `ext` names the serialisation its Hydra page links point at.
async fn catalog_triples(state: &AppState, headers: &HeaderMap, page: u32, ext: &str) -> AppResult<Vec<Triple>> {
    let site = site(headers);
    let page = page.max(1);
    let filter = StatFilter { sort: StatSort::CodeAsc, ..StatFilter::default() };
    let (rows, total) =
        state.service.stat_datasets(&Actor::public(), &filter, PAGE_SIZE, i64::from(page - 1) * PAGE_SIZE).await?;
    let mut out = Vec::new();
    let catalog = iri(format!("{site}/catalog"));
    out.push((catalog.clone(), "rdf:type", iri(expand("dcat:Catalog"))));
    out.push((catalog.clone(), "dct:title", Term::Text("คลังข้อมูลสถิติ tidtam".into(), Some("th"))));
    out.push((catalog.clone(), "dct:title", Term::Text("tidtam Statistics Sharing Hub".into(), Some("en"))));
    out.push((catalog.clone(), "dct:description", Term::Text("ชุดข้อมูลสถิติทางการและตัวชี้วัดรายจังหวัด".into(), Some("th"))));
    out.push((catalog.clone(), "dct:language", iri("http://publications.europa.eu/resource/authority/language/THA")));
    let last_page = ((total + PAGE_SIZE - 1) / PAGE_SIZE).max(1);
    let collection = iri(format!("{site}/catalog.{ext}?page={page}"));
    out.push((collection.clone(), "rdf:type", iri(expand("hydra:PagedCollection"))));
    out.push((collection.clone(), "hydra:totalItems", Term::Typed(total.to_string(), "xsd:integer")));
    out.push((collection.clone(), "hydra:itemsPerPage", Term::Typed(PAGE_SIZE.to_string(), "xsd:integer")));
    out.push((collection.clone(), "hydra:firstPage", Term::Text(format!("{site}/catalog.{ext}?page=1"), None)));
    out.push((
        collection.clone(),
        "hydra:lastPage",
        Term::Text(format!("{site}/catalog.{ext}?page={last_page}"), None),
    ));
    if i64::from(page) < last_page {
        out.push((collection, "hydra:nextPage", Term::Text(format!("{site}/catalog.{ext}?page={}", page + 1), None)));
    }
    let sectors = state.service.stat_codelist(SECTOR).await?;
    let mut themes = Vec::new();
    for row in &rows {
        out.push((catalog.clone(), "dcat:dataset", iri(format!("{site}/dataset/{}", row.dataset.ckan_name()))));
        dataset_triples(&mut out, row, &site);
        if !themes.contains(&row.dataset.sector) {
            themes.push(row.dataset.sector.clone());
        }
    }
    for code in themes {
        sector_triples(&mut out, &code, &site, &sectors);
    }
    Ok(out)
}

async fn catalog_ttl(
    State(state): State<AppState>,
    headers: HeaderMap,
    Params(q): Params<PageQuery>,
) -> AppResult<Response> {
    let triples = catalog_triples(&state, &headers, q.page.unwrap_or(1), "ttl").await?;
    Ok(([(header::CONTENT_TYPE, "text/turtle; charset=utf-8")], turtle(&triples)).into_response())
}

async fn catalog_rdf(
    State(state): State<AppState>,
    headers: HeaderMap,
    Params(q): Params<PageQuery>,
) -> AppResult<Response> {
    let triples = catalog_triples(&state, &headers, q.page.unwrap_or(1), "rdf").await?;
    Ok(([(header::CONTENT_TYPE, "application/rdf+xml; charset=utf-8")], rdf_xml(&triples)).into_response())
}

async fn catalog_jsonld(
    State(state): State<AppState>,
    headers: HeaderMap,
    Params(q): Params<PageQuery>,
) -> AppResult<Response> {
    let triples = catalog_triples(&state, &headers, q.page.unwrap_or(1), "jsonld").await?;
    Ok(([(header::CONTENT_TYPE, "application/ld+json")], jsonld(&triples).to_string()).into_response())
}

async fn dataset_file(
    State(state): State<AppState>,
    headers: HeaderMap,
    PathParams(file): PathParams<String>,
) -> AppResult<Response> {
    let not_found = || AppError::from(tidtam_service::ServiceError::NotFound);
    let (name, ext) = file.rsplit_once('.').ok_or_else(not_found)?;
    if !matches!(ext, "ttl" | "rdf" | "jsonld") {
        return Err(not_found());
    }
    let row = state.service.stat_dataset(&Actor::public(), &Dataset::id_from_ckan_name(name)).await?;
    let site = site(&headers);
    let mut triples = Vec::new();
    dataset_triples(&mut triples, &row, &site);
    let sectors = state.service.stat_codelist(SECTOR).await?;
    sector_triples(&mut triples, &row.dataset.sector, &site, &sectors);
    Ok(match ext {
        "ttl" => ([(header::CONTENT_TYPE, "text/turtle; charset=utf-8")], turtle(&triples)).into_response(),
        "rdf" => ([(header::CONTENT_TYPE, "application/rdf+xml; charset=utf-8")], rdf_xml(&triples)).into_response(),
        _ => ([(header::CONTENT_TYPE, "application/ld+json")], jsonld(&triples).to_string()).into_response(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn turtle_escapes_text_and_iris() {
        assert_eq!(term_ttl(&Term::Text("a \"b\"\n".into(), Some("th"))), "\"a \\\"b\\\"\\n\"@th");
        assert_eq!(term_ttl(&Term::Iri("http://x/a b".into())), "<http://x/a%20b>");
    }

    #[test]
    fn rdf_xml_groups_by_subject_and_escapes() {
        let s = iri("http://x/d");
        let triples = vec![
            (s.clone(), "rdf:type", iri(expand("dcat:Dataset"))),
            (s.clone(), "dct:title", Term::Text("อัตรา <&>".into(), Some("th"))),
            (s, "dct:publisher", Term::Blank("p1".into())),
            (Term::Blank("p1".into()), "foaf:name", Term::Text("สสช.".into(), None)),
        ];
        let xml = rdf_xml(&triples);
        assert_eq!(xml.matches("<rdf:Description").count(), 2, "{xml}");
        assert!(xml.contains("<dct:title xml:lang=\"th\">อัตรา &lt;&amp;&gt;</dct:title>"), "{xml}");
        assert!(xml.contains("<dct:publisher rdf:nodeID=\"p1\"/>"), "{xml}");
        assert!(xml.contains("<rdf:Description rdf:nodeID=\"p1\">"), "{xml}");
    }
}
