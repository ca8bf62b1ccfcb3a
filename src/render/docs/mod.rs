//! The Markdown documents of a bundle: the runbook (README.md), VMmanager's cluster settings and
//! the Route Reflector script values for reflectors that are VMmanager VMs.

mod runbook;
mod settings;

pub use runbook::runbook;
pub use settings::{cluster_settings, run_script};

/// An optional address for a table cell, `—` when absent.
fn opt(addr: Option<String>) -> String {
    addr.unwrap_or_else(|| "—".to_string())
}
