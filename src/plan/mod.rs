//! The plan as the user wrote it: plan file format v1 (see docs/plan-format.md).
//!
//! Addresses, prefixes, names and the community are kept as the text the user typed, so a
//! half-typed plan is representable and every problem in it becomes a diagnostic of `check`,
//! never a parse failure. Only the JSON shape (objects, numbers, strings, known enum values) is
//! enforced here; reading a file whose shape is wrong yields a `plan-unreadable` error that names
//! the line and column and, where serde knows it, the path of the bad field.

pub mod generate;
mod read;

pub use read::{read_plan, read_plan_noting_unknown, ReadError};

use serde::{Deserialize, Serialize};

/// The plan file version this build reads and writes.
pub const PLAN_VERSION: u64 = 1;

/// The FRR version the configurations assume when the plan names none.
pub const DEFAULT_FRR_VERSION: &str = "8.4";

/// A whole plan: one IP-fabric cluster with its route reflectors, core gateways, nodes and VMs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Plan {
    pub version: u64,
    #[serde(default)]
    pub name: String,
    pub asn: u64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub community: Option<String>,
    #[serde(default)]
    pub gateway: FamilyAddresses,
    #[serde(default, skip_serializing_if = "FamilyAddresses::is_empty")]
    pub underlay: FamilyAddresses,
    #[serde(default)]
    pub vxlan: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub frr_version: Option<String>,
    #[serde(default)]
    pub pools: Vec<Pool>,
    #[serde(default)]
    pub route_reflectors: Vec<RouteReflector>,
    #[serde(default)]
    pub core_gateways: Vec<CoreGateway>,
    #[serde(default)]
    pub nodes: Vec<Node>,
    #[serde(default)]
    pub vms: Vec<Vm>,
}

/// One optional value per address family, as text: used for the gateway (addresses) and the
/// underlay (prefixes).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FamilyAddresses {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ipv4: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ipv6: Option<String>,
}

impl FamilyAddresses {
    pub fn is_empty(&self) -> bool {
        self.ipv4.is_none() && self.ipv6.is_none()
    }
}

/// A VM address pool: CIDR prefixes and `first-last` ranges.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Pool {
    pub name: String,
    #[serde(default)]
    pub ranges: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum RrKind {
    /// A Linux server that gets route_reflector.sh.
    Server,
    /// A VM in VMmanager that runs the platform's "Route Reflector" script.
    VmmanagerVm,
}

impl RrKind {
    pub const ALL: [RrKind; 2] = [RrKind::Server, RrKind::VmmanagerVm];

    pub fn as_str(self) -> &'static str {
        match self {
            RrKind::Server => "server",
            RrKind::VmmanagerVm => "vmmanager-vm",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Platform {
    /// Juniper MX: Junos set-style configuration.
    Junos,
    /// A Linux router running FRR.
    Frr,
}

impl Platform {
    pub const ALL: [Platform; 2] = [Platform::Junos, Platform::Frr];

    pub fn as_str(self) -> &'static str {
        match self {
            Platform::Junos => "junos",
            Platform::Frr => "frr",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Virtualization {
    Kvm,
    Lxd,
}

impl Virtualization {
    pub const ALL: [Virtualization; 2] = [Virtualization::Kvm, Virtualization::Lxd];

    pub fn as_str(self) -> &'static str {
        match self {
            Virtualization::Kvm => "kvm",
            Virtualization::Lxd => "lxd",
        }
    }

    /// "KVM" or "LXD", for messages and documents. A constant rather than `to_uppercase()`,
    /// which would link Unicode case tables (about 7 KB gzipped) into the web app.
    pub fn label(self) -> &'static str {
        match self {
            Virtualization::Kvm => "KVM",
            Virtualization::Lxd => "LXD",
        }
    }

    /// The one OS VMmanager supports on IP-fabric nodes of this virtualization.
    pub fn required_os(self) -> &'static str {
        match self {
            Virtualization::Kvm => "almalinux-8",
            Virtualization::Lxd => "ubuntu-20.04",
        }
    }

    /// The required OS as people write it.
    pub fn required_os_label(self) -> &'static str {
        match self {
            Virtualization::Kvm => "AlmaLinux 8",
            Virtualization::Lxd => "Ubuntu 20.04",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RouteReflector {
    pub name: String,
    pub kind: RrKind,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ipv4: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ipv6: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CoreGateway {
    pub name: String,
    pub platform: Platform,
    pub asn: u64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ipv4: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ipv6: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Node {
    pub name: String,
    pub virtualization: Virtualization,
    pub os: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ipv4: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ipv6: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Vm {
    pub name: String,
    pub node: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ipv4: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ipv6: Option<String>,
}

impl Plan {
    /// The plan as pretty JSON with a trailing newline: the form of plan.json in a bundle and of
    /// a saved plan. Field order is the order of this struct, so output is deterministic.
    pub fn to_json(&self) -> String {
        // Serialising these plain structs cannot fail: no maps with non-string keys, no floats.
        let mut text = serde_json::to_string_pretty(self).unwrap_or_default();
        text.push('\n');
        text
    }

    /// The FRR version the configurations assume.
    pub fn frr_version_or_default(&self) -> &str {
        self.frr_version.as_deref().unwrap_or(DEFAULT_FRR_VERSION)
    }

    /// A new, empty plan: what "New plan" starts from.
    pub fn empty() -> Plan {
        Plan {
            version: PLAN_VERSION,
            name: String::new(),
            asn: 65000,
            community: None,
            gateway: FamilyAddresses::default(),
            underlay: FamilyAddresses::default(),
            vxlan: false,
            frr_version: None,
            pools: Vec::new(),
            route_reflectors: Vec::new(),
            core_gateways: Vec::new(),
            nodes: Vec::new(),
            vms: Vec::new(),
        }
    }
}

/// The example plans shipped with the project, by file stem, in the order a picker shows them.
pub const EXAMPLES: [(&str, &str); 4] = [
    (
        "dc1-dual-stack",
        include_str!("../../examples/dc1-dual-stack.json"),
    ),
    (
        "lab-frr-core",
        include_str!("../../examples/lab-frr-core.json"),
    ),
    (
        "lxd-ipv4-vxlan",
        include_str!("../../examples/lxd-ipv4-vxlan.json"),
    ),
    ("mistakes", include_str!("../../examples/mistakes.json")),
];
