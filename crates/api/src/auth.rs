//! Signing in, the caller, and users.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use tidtam_domain::policy::{self, Role};

use crate::schema::{RoleSchema, TimestampSchema};

/// Credentials.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Login {
    pub username: String,
    pub password: String,
}

/// Who is asking.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Actor {
    /// Null for the anonymous public.
    pub user_id: Option<i64>,
    pub username: String,
    #[schemars(with = "RoleSchema")]
    pub role: Role,
    pub agency_id: Option<i64>,
    pub division_id: Option<i64>,
}

impl From<policy::Actor> for Actor {
    fn from(actor: policy::Actor) -> Actor {
        Actor {
            user_id: actor.user_id,
            username: actor.username,
            role: actor.role,
            agency_id: actor.agency_id,
            division_id: actor.division_id,
        }
    }
}

/// A user (never the password hash).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct User {
    pub id: i64,
    pub username: String,
    pub display_name: String,
    #[schemars(with = "RoleSchema")]
    pub role: Role,
    pub agency_id: Option<i64>,
    pub division_id: Option<i64>,
    pub active: bool,
    pub version: i64,
}

/// A new session; the token itself travels only in the HttpOnly cookie.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct SignedIn {
    pub csrf_token: String,
    #[schemars(with = "TimestampSchema")]
    pub expires_at: jiff::Timestamp,
    pub user: User,
}

/// The caller, with the session's CSRF token when signed in.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Session {
    pub signed_in: bool,
    pub actor: Actor,
    pub csrf_token: Option<String>,
    #[schemars(with = "Option<TimestampSchema>")]
    pub expires_at: Option<jiff::Timestamp>,
}

/// A user to create (admins).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct NewUser {
    pub username: String,
    pub display_name: String,
    pub password: String,
    #[schemars(with = "RoleSchema")]
    pub role: Role,
    #[serde(default)]
    pub agency_id: Option<i64>,
    #[serde(default)]
    pub division_id: Option<i64>,
}

/// A new password: one's own gives the current one; admins may omit it for others.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PasswordChange {
    #[serde(default)]
    pub current_password: Option<String>,
    pub new_password: String,
}
