//! The Markdown documents of a bundle: the runbook (README.md), VMmanager's cluster settings and
//! the Route Reflector script values for reflectors that are VMmanager VMs.

mod runbook;
mod settings;

pub use runbook::runbook;
pub use settings::{cluster_settings, run_script};

use crate::model::{Device, Fabric, Family, RouteReflector};

/// An optional address for a table cell, `—` when absent.
fn opt(addr: Option<String>) -> String {
    addr.unwrap_or_else(|| "—".to_string())
}

/// Sessions of a route reflector, as the contract counts them.
pub fn session_count(fabric: &Fabric, rr: &RouteReflector) -> usize {
    let peers = fabric
        .nodes
        .iter()
        .map(|n| &n.device)
        .chain(fabric.core_gateways.iter().map(|c| &c.device));
    peers
        .map(|p: &Device| {
            Family::BOTH
                .into_iter()
                .filter(|f| p.has(*f) && rr.device.has(*f))
                .count()
        })
        .sum()
}
