//! One module per area; each adds its routes (with their documentation) to an [`crate::api::Api`].

pub mod audit;
pub mod auth;
pub mod ckan;
pub mod dcat;
pub mod exports;
pub mod health;
pub mod import;
pub mod landing;
pub mod linkage;
pub mod org;
pub mod performance;
pub mod portfolio;
pub mod projects;
pub mod proposals;
pub mod provinces;
pub mod register;
pub mod reports;
pub mod sdmx;
pub mod search;
pub mod stats;
pub mod users;
