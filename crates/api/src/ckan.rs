//! The CKAN Action API's envelope, as CKAN 2.9+ and `ckanapi` read it.
//!
//! Every answer of `/api/3/action/{name}` is `{help, success, result}` or
//! `{help, success: false, error: {__type, message}}`; the result's shape is
//! CKAN's (packages with the `thai_gdc` fields at the top level), so it is
//! documented as any JSON value here and checked against CKAN's clients in CI.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// One answer of a CKAN action.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct CkanReply {
    /// `<site>/api/3/action/help_show?name=<action>`.
    pub help: String,
    pub success: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub result: Option<serde_json::Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<CkanError>,
}

/// A CKAN error: `__type` is what clients map to exceptions ("Not Found Error",
/// "Validation Error", "Search Query Error", "Authorization Error").
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct CkanError {
    #[serde(rename = "__type")]
    pub kind: String,
    pub message: String,
}
