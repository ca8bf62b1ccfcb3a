//! Analysis of a plan: every finding at once, in a deterministic order, and — when there is no
//! error — the checked [`Fabric`] that the renderers take.
//!
//! A half-typed plan is the normal state while someone edits it in the browser, so nothing here
//! may panic on odd input: every field is parsed with a fallible constructor and a failure
//! becomes a diagnostic that points at the field.
//!
//! The checks are split by what they look at: `settings` (version, AS number, community, FRR
//! version), `names`, `addresses` (host addresses, gateway, underlay, pools), `devices` (devices
//! and their roles), `vms`, `protection`; `checker` runs them in order and `assembly` builds the
//! fabric from what they parsed; `reading` turns a plan file's reading errors into findings.

mod addresses;
mod assembly;
mod checker;
mod devices;
mod diagnostic;
mod names;
mod protection;
mod reading;
mod settings;
pub(crate) mod sweep;
mod topology;
mod vms;
mod words;

pub use diagnostic::{Code, Diagnostic, Severity};
pub use reading::{check_text, read_and_check, read_error_diagnostic, unknown_field};

use crate::model::topology::Topology;
use crate::model::{self, Fabric, PerFamily};
use crate::plan::{List, Place, Plan};
use checker::Checker;
use words::quote;

pub use crate::model::SESSION_LIMIT;

/// The BGP sessions of one route reflector, counted as the contract defines them: one per peer
/// and address family that both have an address in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RrSessions {
    /// Index into the plan's `route_reflectors`.
    pub index: usize,
    pub name: String,
    pub count: PerFamily<usize>,
}

impl RrSessions {
    pub fn total(&self) -> usize {
        self.count.total()
    }
}

/// The outcome of checking a plan.
#[derive(Debug, Clone)]
pub struct Report {
    /// Errors first, then warnings, then information; within a severity, in plan order.
    pub diagnostics: Vec<Diagnostic>,
    /// Per route reflector, its session count (also for plans with errors).
    pub sessions: Vec<RrSessions>,
    /// The fabric as a graph, as far as the plan goes (also for plans with errors).
    pub topology: Topology,
    /// Present exactly when no diagnostic is an error.
    pub fabric: Option<Fabric>,
}

impl Report {
    pub fn count(&self, severity: Severity) -> usize {
        self.diagnostics
            .iter()
            .filter(|d| d.severity == severity)
            .count()
    }

    pub fn has_errors(&self) -> bool {
        self.fabric.is_none()
    }
}

/// Checks a plan.
pub fn check(plan: &Plan) -> Report {
    let mut c = Checker::new(plan);
    let checked = c.run();
    let sessions = assembly::count_sessions(&checked.devices);
    let topology = topology::topology(plan, &checked.devices, &sessions, &checked.vms_per_node);
    for s in &sessions {
        if s.total() > SESSION_LIMIT {
            c.push(
                Code::RrSessionLimit,
                Place::Item(List::RouteReflectors, s.index),
                format!(
                    "route reflector {} would have {} BGP sessions ({} IPv4, {} IPv6), more than the {SESSION_LIMIT} its equipment supports",
                    quote(&s.name),
                    s.total(),
                    s.count.v4,
                    s.count.v6
                ),
                // Every reflector peers with every node and core: more reflectors do not help.
                "Every route reflector peers with every node and core gateway in each shared family: move nodes to another cluster with its own route reflectors, or give nodes only the address families they need.",
            );
        } else if s.total() == SESSION_LIMIT {
            // Valid, but the next node cannot join: worth knowing before the cluster grows.
            c.push(
                Code::RrSessionFull,
                Place::Item(List::RouteReflectors, s.index),
                format!(
                    "route reflector {} has {SESSION_LIMIT} BGP sessions ({} IPv4, {} IPv6), the most its equipment supports: no node or core gateway can be added",
                    quote(&s.name),
                    s.count.v4,
                    s.count.v6
                ),
                "A new node adds a session on every route reflector in each family it has: plan another cluster with its own route reflectors before this one grows, or give nodes only the address families they need.",
            );
        }
    }
    let mut diagnostics = c.into_diagnostics();
    // Stable sort: plan order is kept within each severity.
    diagnostics.sort_by_key(|d| d.severity);
    // The assembly fails only with the proof that an error was pushed (see `checker::Reported`),
    // so without errors it yields the fabric. With errors it is not tried: some errors (a
    // duplicate name, say) leave every value valid, yet there is no fabric either.
    let fabric = if diagnostics.iter().any(Diagnostic::is_error) {
        None
    } else {
        checked.into_fabric(plan).ok().map(|mut fabric| {
            fabric.advice = diagnostics
                .iter()
                .map(|d| model::Advice {
                    severity: d.severity.as_str(),
                    code: d.code.as_str(),
                    message: d.message.clone(),
                    help: d.help.clone(),
                })
                .collect();
            fabric.topology = topology.clone();
            fabric
        })
    };
    Report {
        diagnostics,
        sessions,
        topology,
        fabric,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Family;
    use crate::plan::Field;
    use crate::plan::Virtualization;

    #[test]
    fn mixed_virtualization_is_reported_at_the_odd_node_out() {
        let mut plan = crate::plan::read_plan(crate::plan::EXAMPLES[0].1).expect("example reads");
        // kvm1 of four KVM nodes changed to LXD: kvm1 is the one to blame, not the other three.
        plan.nodes[0].virtualization = Virtualization::Lxd;
        plan.nodes[0].os = "ubuntu-20.04".into();
        let places: Vec<Place> = check(&plan)
            .diagnostics
            .into_iter()
            .filter(|d| d.code == Code::NodeVirtualizationMixed)
            .map(|d| d.place)
            .collect();
        assert_eq!(places, [Place::Field(Field::NodeVirtualization(0))]);
    }

    #[test]
    fn unknown_node_help_names_each_node_once() {
        let mut plan = crate::plan::read_plan(crate::plan::EXAMPLES[0].1).expect("example reads");
        plan.nodes[1].name = "kvm1".into();
        plan.nodes[2].name = String::new();
        plan.vms[0].node = "nope".into();
        let report = check(&plan);
        let help = &report
            .diagnostics
            .iter()
            .find(|d| d.code == Code::VmUnknownNode)
            .expect("vm-unknown-node")
            .help;
        assert_eq!(help, "Set node to one of the plan's nodes: 'kvm1', 'kvm4'.");
    }

    #[test]
    fn ipv4_mapped_device_address_is_invalid() {
        let mut plan = crate::plan::read_plan(crate::plan::EXAMPLES[0].1).expect("example reads");
        plan.nodes[0].ipv6 = Some("::ffff:10.10.0.11".to_string());
        let report = check(&plan);
        assert!(report
            .diagnostics
            .iter()
            .any(|d| d.code == Code::AddressInvalid
                && d.place == Field::NodeAddr(0, Family::V6).into()));
    }
}
