//! fabric-designer: design a VMmanager IP-fabric cluster and render its configuration.
//!
//! The pipeline runs one way: plan text -> [`plan::Plan`] -> [`check::check`] ->
//! ([`model::Fabric`], diagnostics) -> [`render::render`] -> files, and with the plan's own
//! plan.json the bundle ([`bundle::files`]) -> a zip or a folder. Nothing outside `ui` knows
//! about the browser; the command line and the web app are thin shells around it.
//! What only the web app needs beside the pipeline (editing, undo, share links, the overview)
//! sits in [`app`].

// The page runs this code on every keystroke, on any plan a file or a link brings: where the
// input decides, nothing may panic (a panic aborts the whole page). Tests may assert freely.
#![cfg_attr(
    not(test),
    deny(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)
)]

pub mod app;
pub mod bundle;
pub mod check;
pub mod diff;
pub mod model;
pub mod plan;
pub mod render;
pub mod text;
pub mod zip;

#[cfg(target_arch = "wasm32")]
pub mod ui;
