//! Users, passwords, sessions and sign-in rate limiting.
//!
//! Passwords are hashed with argon2id (PHC strings, per-user random salt).
//! A session token is 32 random bytes, given to the client once; the database
//! keeps only its SHA-256, so a copy of the database cannot be used to sign in.
//! Each session carries a CSRF token for the web tier to check on writes.
//! Failed sign-ins are counted in the database per username and per client
//! address, so the limit holds across server instances; past a small allowance
//! each failure doubles the wait (see [`Service::login`]). Changing or resetting
//! a password ends every session of that user.

use argon2::password_hash::{PasswordHasher, PasswordVerifier};
use base64::Engine;
use serde::{Deserialize, Serialize};
use sha2::Digest;
use tidtam_domain::model::FieldError;
use tidtam_domain::password::password_problems;
use tidtam_domain::policy::{Action, Actor, Resource, ResourceKind, Role};

use tidtam_store::{Throttle, Tx, UserRow};

use crate::{
    Page, PageRequest, Result, Service, ServiceError, authorize, authorize_existing, record_audit, require_sign_in,
    to_json,
};

/// A user as shown (never the password hash).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct UserView {
    pub id: i64,
    pub username: String,
    pub display_name: String,
    pub role: Role,
    pub agency_id: Option<i64>,
    pub division_id: Option<i64>,
    pub active: bool,
    pub version: i64,
}

/// Input for creating a user.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct NewUser {
    pub username: String,
    pub display_name: String,
    pub password: String,
    pub role: Role,
    pub agency_id: Option<i64>,
    pub division_id: Option<i64>,
}

/// A new session: the token goes into an HttpOnly cookie, the CSRF token into pages/headers.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct NewSession {
    pub token: String,
    pub csrf_token: String,
    pub expires_at: jiff::Timestamp,
    pub user: UserView,
}

/// What a session token stands for.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SessionInfo {
    pub actor: Actor,
    pub csrf_token: String,
    pub expires_at: jiff::Timestamp,
}

impl SessionInfo {
    /// Whether a CSRF token sent with a write matches this session's (constant time).
    pub fn csrf_matches(&self, sent: &str) -> bool {
        let (a, b) = (self.csrf_token.as_bytes(), sent.as_bytes());
        a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
    }
}

fn view(user: &tidtam_store::UserRow) -> UserView {
    UserView {
        id: user.id,
        username: user.username.clone(),
        display_name: user.display_name.clone(),
        role: user.role,
        agency_id: user.agency_id,
        division_id: user.division_id,
        active: user.active,
        version: user.version,
    }
}

fn actor_of(user: &tidtam_store::UserRow) -> Actor {
    Actor {
        user_id: Some(user.id),
        username: user.username.clone(),
        role: user.role,
        agency_id: user.agency_id,
        division_id: user.division_id,
    }
}

pub fn random_token() -> Result<String> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).map_err(|error| ServiceError::Internal(format!("no randomness: {error}")))?;
    Ok(base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes))
}

/// A streak with no failure for `window` starts over.
fn forget_old_streak(state: Throttle, now: jiff::Timestamp, window: jiff::SignedDuration) -> Throttle {
    if state.failures > 0 && state.last_failure_at + window < now && state.blocked_until <= now {
        Throttle { failures: 0, ..state }
    } else {
        state
    }
}

pub(crate) fn token_hash(token: &str) -> String {
    let digest = sha2::Sha256::digest(token.as_bytes());
    digest.iter().map(|byte| format!("{byte:02x}")).collect()
}

impl Service {
    fn argon2(&self) -> Result<argon2::Argon2<'static>> {
        let params = argon2::Params::new(
            self.config.argon2_memory_kib,
            self.config.argon2_iterations,
            self.config.argon2_lanes,
            None,
        )
        .map_err(|error| ServiceError::Internal(format!("argon2 parameters: {error}")))?;
        Ok(argon2::Argon2::new(argon2::Algorithm::Argon2id, argon2::Version::V0x13, params))
    }

    fn hash_password(&self, password: &str) -> Result<String> {
        let mut salt = [0u8; 16];
        getrandom::fill(&mut salt).map_err(|error| ServiceError::Internal(format!("no randomness: {error}")))?;
        let hash = self
            .argon2()?
            .hash_password_with_salt(password.as_bytes(), &salt)
            .map_err(|error| ServiceError::Internal(error.to_string()))?;
        Ok(hash.to_string())
    }

    fn verify_password(&self, password: &str, hash: &str) -> bool {
        // Parameters come from the stored hash, so old hashes keep verifying.
        argon2::Argon2::default().verify_password(password.as_bytes(), hash).is_ok()
    }

    fn validate_new_user(input: &NewUser) -> Result<()> {
        let mut errors = Vec::new();
        let name_ok = !input.username.is_empty()
            && input.username.len() <= 64
            && input.username.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-' | '@'));
        if !name_ok {
            errors.push(FieldError::new(
                "username",
                "ชื่อผู้ใช้ต้องเป็นอักษรอังกฤษ ตัวเลข หรือ . _ - @",
                "username: letters, digits, . _ - @ only",
            ));
        }
        errors.extend(password_problems(&input.password, &input.username));
        match input.role {
            Role::Planner if input.agency_id.is_none() => {
                errors.push(FieldError::new("agency_id", "ผู้วางแผนต้องสังกัดหน่วยงาน", "a planner needs an agency"))
            }
            Role::Statistician if input.agency_id.is_none() => {
                errors.push(FieldError::new("agency_id", "นักสถิติต้องสังกัดหน่วยงาน", "a statistician needs an agency"))
            }
            Role::ProjectOwner if input.agency_id.is_none() || input.division_id.is_none() => {
                errors.push(FieldError::new(
                    "division_id",
                    "เจ้าของโครงการต้องสังกัดหน่วยงานและกอง",
                    "a project owner needs an agency and a division",
                ))
            }
            _ => {}
        }
        if errors.is_empty() { Ok(()) } else { Err(ServiceError::Invalid(errors)) }
    }

    /// Creates a user (admins only; `Actor::system()` for the first admin).
    pub async fn create_user(&self, actor: &Actor, input: NewUser) -> Result<UserView> {
        authorize(actor, Action::Create, &Resource::global(ResourceKind::User))?;
        Self::validate_new_user(&input)?;
        let hash = self.hash_password(&input.password)?;
        let now = self.now();
        let mut tx = self.store.begin().await?;
        if let Some(division_id) = input.division_id {
            let division = tx
                .org_unit(division_id)
                .await
                .map_err(|_| ServiceError::invalid("division_id", "ไม่พบกอง", "unknown division"))?;
            if division.parent_id != input.agency_id {
                return Err(ServiceError::invalid(
                    "division_id",
                    "กองไม่ได้อยู่ในหน่วยงานนี้",
                    "the division is not in that agency",
                ));
            }
        }
        let display = if input.display_name.trim().is_empty() {
            input.username.clone()
        } else {
            input.display_name.trim().to_string()
        };
        let id = tx
            .insert_user(&input.username, &display, &hash, input.role, input.agency_id, input.division_id, now)
            .await?;
        let user = tx.user(id).await?;
        record_audit(&mut tx, actor, now, "user", id, "create", None, Some(to_json(&view(&user)))).await?;
        tx.commit().await?;
        Ok(view(&user))
    }

    pub async fn list_users(&self, actor: &Actor, page: PageRequest) -> Result<Page<UserView>> {
        authorize(actor, Action::Read, &Resource::global(ResourceKind::User))?;
        let mut tx = self.store.begin_read().await?;
        let (users, total) = tx.users(page).await?;
        Ok(crate::paged(users.iter().map(view).collect(), total, page))
    }

    /// Changes a password: users may change their own (giving the current one), admins anyone's.
    ///
    /// Every session of the user ends with the old password, so a stolen session
    /// does not outlive a reset. For a change of one's own password a new session
    /// replaces the one making the change (returned, for the caller's cookie).
    pub async fn change_password(
        &self,
        actor: &Actor,
        user_id: i64,
        current_password: Option<&str>,
        new_password: &str,
    ) -> Result<Option<NewSession>> {
        require_sign_in(actor)?;
        let mut tx = self.store.begin().await?;
        let user = tx.user(user_id).await?;
        let is_self = actor.user_id == Some(user_id);
        if !is_self {
            authorize_existing(actor, Action::Update, &Resource::global(ResourceKind::User))?;
        } else if !current_password.is_some_and(|current| self.verify_password(current, &user.password_hash)) {
            return Err(ServiceError::invalid("current_password", "รหัสผ่านปัจจุบันไม่ถูกต้อง", "current password is wrong"));
        }
        let problems = password_problems(new_password, &user.username);
        if !problems.is_empty() {
            return Err(ServiceError::Invalid(problems));
        }
        let hash = self.hash_password(new_password)?;
        let now = self.now();
        tx.set_password_hash(user_id, user.version, &hash).await?;
        let ended = tx.delete_user_sessions(user_id).await?;
        record_audit(
            &mut tx,
            actor,
            now,
            "user",
            user_id,
            "change_password",
            None,
            Some(serde_json::json!({ "sessions_ended": ended })),
        )
        .await?;
        let renewed = if is_self {
            let user = tx.user(user_id).await?;
            Some(self.open_session(&mut tx, &user, now).await?)
        } else {
            None
        };
        tx.commit().await?;
        Ok(renewed)
    }

    /// A new session for `user`, inside the caller's transaction.
    async fn open_session(&self, tx: &mut Tx, user: &UserRow, now: jiff::Timestamp) -> Result<NewSession> {
        let token = random_token()?;
        let csrf_token = random_token()?;
        let expires_at = now + self.config.session_ttl;
        tx.insert_session(&token_hash(&token), user.id, &csrf_token, now, expires_at).await?;
        Ok(NewSession { token, csrf_token, expires_at, user: view(user) })
    }

    /// Checks the throttle of every key and, when none is blocked, records this
    /// attempt as a failure on each, all in one transaction under row locks: the
    /// failure is counted before the password is checked, so parallel attempts
    /// cannot all pass the check. Keys are always locked in the same order.
    async fn reserve_attempt(&self, keys: &[(&str, i64)], now: jiff::Timestamp) -> Result<()> {
        let mut tx = self.store.begin().await?;
        let mut states = Vec::with_capacity(keys.len());
        for (key, allowance) in keys {
            let state = forget_old_streak(tx.lock_throttle(key).await?, now, self.config.login_window);
            states.push((key, *allowance, state));
        }
        let blocked_until = states.iter().map(|(_, _, state)| state.blocked_until).max().unwrap_or(now);
        if blocked_until > now {
            tx.rollback().await?;
            let wait = blocked_until.duration_since(now);
            let seconds = wait.as_secs() + i64::from(wait.subsec_nanos() > 0);
            return Err(ServiceError::RateLimited { retry_after_seconds: seconds.max(1) as u64 });
        }
        for (key, allowance, state) in states {
            let failures = state.failures + 1;
            let blocked_until = match u32::try_from(failures - allowance) {
                // Past the allowance each failure doubles the wait: a guesser slows down
                // exponentially, while a user locked out by someone else waits seconds, not minutes.
                Ok(doublings) => {
                    let factor = 2i32.checked_pow(doublings.min(30)).unwrap_or(i32::MAX);
                    now + self
                        .config
                        .login_base_delay
                        .checked_mul(factor)
                        .map_or(self.config.login_max_delay, |delay| delay.min(self.config.login_max_delay))
                }
                Err(_) => now,
            };
            tx.set_throttle(key, &Throttle { failures, last_failure_at: now, blocked_until }).await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// Signs in. Fails with `RateLimited` (and how long to wait) while a delay
    /// is in force for the user name or the client address, and with
    /// `Unauthenticated` for a wrong name or password (the same answer for both,
    /// so names cannot be probed).
    ///
    /// Each key allows a few failures, then every further one doubles the delay
    /// before the next attempt is evaluated (exponential backoff, capped) instead
    /// of a fixed lockout. A success clears its user name's streak and takes back
    /// only its own attempt from the address, so signing in to one's own account
    /// does not wipe out an address's failures on other names.
    pub async fn login(&self, username: &str, password: &str, client_ip: &str) -> Result<NewSession> {
        let now = self.now();
        let user_key = format!("user:{}", username.to_lowercase());
        let ip_key = format!("ip:{client_ip}");
        self.reserve_attempt(
            &[(&user_key, self.config.login_max_failures), (&ip_key, self.config.login_max_failures_per_address)],
            now,
        )
        .await?;
        let user = {
            let mut tx = self.store.begin_read().await?;
            tx.user_by_name(username).await?
        };
        let verified = match &user {
            Some(user) if user.active => self.verify_password(password, &user.password_hash),
            _ => {
                // Spend the same time as a real check so response times do not reveal names.
                let _ = self.hash_password(password);
                false
            }
        };
        let Some(user) = user.filter(|_| verified) else {
            return Err(ServiceError::Unauthenticated);
        };
        let mut tx = self.store.begin().await?;
        tx.prune_sessions(now, now - self.config.login_window).await?;
        tx.set_throttle(&user_key, &Throttle { failures: 0, last_failure_at: now, blocked_until: now }).await?;
        let address = tx.lock_throttle(&ip_key).await?;
        let failures = (address.failures - 1).max(0);
        // Taking back this attempt also takes back the wait it may have started.
        let blocked_until = if failures < self.config.login_max_failures_per_address {
            address.blocked_until.min(now)
        } else {
            address.blocked_until
        };
        tx.set_throttle(&ip_key, &Throttle { failures, blocked_until, ..address }).await?;
        let session = self.open_session(&mut tx, &user, now).await?;
        record_audit(
            &mut tx,
            &actor_of(&user),
            now,
            "user",
            user.id,
            "login",
            None,
            Some(serde_json::json!({ "client_ip": client_ip })),
        )
        .await?;
        tx.commit().await?;
        Ok(session)
    }

    /// The actor behind a session token; `Unauthenticated` when unknown or expired.
    pub async fn session(&self, token: &str) -> Result<SessionInfo> {
        let mut tx = self.store.begin_read().await?;
        let session = tx.session(&token_hash(token), self.now()).await?.ok_or(ServiceError::Unauthenticated)?;
        Ok(SessionInfo {
            actor: actor_of(&session.user),
            csrf_token: session.csrf_token,
            expires_at: session.expires_at,
        })
    }

    /// Ends a session (idempotent).
    pub async fn logout(&self, token: &str) -> Result<()> {
        let mut tx = self.store.begin().await?;
        tx.delete_session(&token_hash(token)).await?;
        tx.commit().await?;
        Ok(())
    }
}
