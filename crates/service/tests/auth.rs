//! Sign-in, sessions, CSRF tokens and rate limiting, all kept in the database.

use tidtam_service::auth::NewUser;
use tidtam_service::{Actor, Role, ServiceError};
use tidtam_test_support::backend_tests;

async fn add_user(service: &tidtam_service::Service) {
    let input = NewUser {
        username: "somchai".into(),
        display_name: "สมชาย".into(),
        password: "correct horse battery".into(),
        role: Role::Executive,
        agency_id: None,
        division_id: None,
    };
    service.create_user(&Actor::system(), input).await.unwrap();
}

backend_tests! {
    async fn login_gives_a_session_that_names_the_actor_and_logout_ends_it(db) {
        let service = db.service().await;
        add_user(&service).await;
        let session = service.login("somchai", "correct horse battery", "10.0.0.1").await.unwrap();
        assert_eq!(session.user.username, "somchai");
        assert!(session.token.len() >= 40 && session.csrf_token.len() >= 40);
        let info = service.session(&session.token).await.unwrap();
        assert_eq!(info.actor.role, Role::Executive);
        assert_eq!(info.actor.user_id, Some(session.user.id));
        assert!(info.csrf_matches(&session.csrf_token));
        assert!(!info.csrf_matches("forged"));
        assert!(!info.csrf_matches(&session.token));
        // Another instance on the same database sees the same session.
        let other_instance = db.service().await;
        assert_eq!(other_instance.session(&session.token).await.unwrap().actor, info.actor);
        service.logout(&session.token).await.unwrap();
        assert_eq!(other_instance.session(&session.token).await.unwrap_err(), ServiceError::Unauthenticated);
        assert_eq!(service.session("not-a-token").await.unwrap_err(), ServiceError::Unauthenticated);
    }

    async fn wrong_passwords_are_rate_limited_per_user_and_per_address(db) {
        let service = db.service().await;
        add_user(&service).await;
        assert_eq!(service.login("somchai", "wrong password", "10.0.0.2").await.unwrap_err(), ServiceError::Unauthenticated);
        assert_eq!(service.login("nobody", "correct horse battery", "10.0.0.2").await.unwrap_err(), ServiceError::Unauthenticated);
        for _ in 0..4 {
            assert_eq!(service.login("somchai", "wrong password", "10.0.0.3").await.unwrap_err(), ServiceError::Unauthenticated);
        }
        // Five failures for the user: even the right password is refused now, from any address.
        assert!(matches!(service.login("somchai", "correct horse battery", "10.0.0.9").await, Err(ServiceError::RateLimited { .. })));
        // The limit is in the database: a second instance enforces it too.
        let other_instance = db.service().await;
        assert!(matches!(other_instance.login("SOMCHAI", "correct horse battery", "10.0.0.9").await, Err(ServiceError::RateLimited { .. })));
        for index in 0..service.config().login_max_failures_per_address {
            let _ = service.login(&format!("a{index}"), "x", "10.0.0.7").await;
        }
        assert!(matches!(service.login("anyone", "x", "10.0.0.7").await, Err(ServiceError::RateLimited { .. })));
    }

    async fn passwords_are_argon2_hashed_and_changeable(db) {
        let service = db.service().await;
        add_user(&service).await;
        let session = service.login("somchai", "correct horse battery", "10.0.0.1").await.unwrap();
        let actor = service.session(&session.token).await.unwrap().actor;
        assert!(matches!(service.change_password(&actor, session.user.id, Some("wrong"), "a brand new password").await, Err(ServiceError::Invalid(_))));
        service.change_password(&actor, session.user.id, Some("correct horse battery"), "a brand new password").await.unwrap();
        assert!(service.login("somchai", "correct horse battery", "10.0.0.1").await.is_err());
        assert!(service.login("somchai", "a brand new password", "10.0.0.1").await.is_ok());
        let url = db.url.clone();
        let store = tidtam_store::Store::connect(&url).await.unwrap();
        let mut tx = store.begin_read().await.unwrap();
        let stored = tx.user_by_name("somchai").await.unwrap().unwrap();
        assert!(stored.password_hash.starts_with("$argon2id$"), "{}", stored.password_hash);
        assert!(!stored.password_hash.contains("brand new"));
        let short = NewUser { username: "x".into(), display_name: String::new(), password: "short".into(), role: Role::Admin, agency_id: None, division_id: None };
        assert!(matches!(service.create_user(&Actor::system(), short).await, Err(ServiceError::Invalid(_))));
        let duplicate = NewUser { username: "somchai".into(), display_name: String::new(), password: "long enough password".into(), role: Role::Admin, agency_id: None, division_id: None };
        assert!(matches!(service.create_user(&Actor::system(), duplicate).await, Err(ServiceError::Duplicate)));
    }
}
