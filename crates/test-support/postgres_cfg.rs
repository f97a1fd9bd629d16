//! Build script shared by the crates whose tests run on both databases
//! (`build = "../test-support/postgres_cfg.rs"`): sets `cfg(tidtam_postgres)` when
//! `TEST_DATABASE_URL` is set at build time, so that without it the PostgreSQL
//! cases are reported as ignored, with the reason, instead of passing unrun.

fn main() {
    println!("cargo::rustc-check-cfg=cfg(tidtam_postgres)");
    println!("cargo::rerun-if-env-changed=TEST_DATABASE_URL");
    if std::env::var("TEST_DATABASE_URL").is_ok_and(|url| !url.is_empty()) {
        println!("cargo::rustc-cfg=tidtam_postgres");
    }
}
