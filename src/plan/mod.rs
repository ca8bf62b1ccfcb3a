//! The plan as the user wrote it: plan file format v1 (see docs/plan-format.md).
//!
//! Addresses, prefixes, names and the community are kept as the text the user typed, so a
//! half-typed plan is representable and every problem in it becomes a diagnostic of `check`,
//! never a parse failure. Only the JSON shape (objects, numbers, strings, known enum values) is
//! enforced here; reading a file whose shape is wrong yields a `plan-unreadable` error that names
//! the line and column and, where serde knows it, the path of the bad field.

pub mod generate;
mod place;
mod read;

pub use place::{Field, Guard, List, NotAPointer, Place, Section};
pub use read::{read_plan, read_plan_noting_unknown, ReadError};

// The choices the checked fabric keeps as they are live in `model`; the plan's structs use them.
pub use crate::model::{Platform, PrefixLimitAction, RrKind, Virtualization};

use crate::model::Family;
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
    /// The fabric's short name, after which its objects on the core routers are named.
    /// Optional: a plan without one keeps the names of VMmanager's guide (`id-missing`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
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
    /// Failure detection, route limits and session authentication; safe defaults when absent.
    #[serde(default, skip_serializing_if = "Protection::is_default")]
    pub protection: Protection,
}

/// How the fabric protects itself in production. Every field has a safe default, so a plan
/// without `protection` gets all of it; the object is written only when it differs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Protection {
    /// Hold time in seconds that the route reflectors offer the nodes (keepalive a third of it);
    /// the session settles at the lower of both sides, so this works from the reflector alone.
    /// 0 leaves FRR's default (180 s).
    pub node_hold_time: u64,
    /// How reflectors and core gateways notice that the other went silent.
    pub core_detection: CoreDetection,
    /// Hold time in seconds between reflectors and core gateways with `core_detection: timers`.
    pub core_hold_time: u64,
    /// BFD transmit and receive interval in milliseconds, with `core_detection: bfd`.
    pub bfd_interval: u64,
    /// Missed BFD packets that declare the peer down.
    pub bfd_multiplier: u64,
    /// The most VMs one node may ever host: bounds the routes a node may send (per family) and,
    /// times the nodes, the routes the core accepts from a reflector.
    pub max_vms_per_node: u64,
    /// What the core does with routes beyond its limit.
    pub prefix_limit: PrefixLimitAction,
    /// TCP-MD5 between route reflectors and core gateways. The plan says only *that* a password
    /// is used; its value is given when the bundle is made and never stored in the plan.
    pub md5: bool,
}

impl Default for Protection {
    fn default() -> Protection {
        Protection {
            node_hold_time: 9,
            core_detection: CoreDetection::Bfd,
            core_hold_time: 9,
            bfd_interval: 300,
            bfd_multiplier: 3,
            max_vms_per_node: 1000,
            prefix_limit: PrefixLimitAction::Teardown,
            md5: false,
        }
    }
}

impl Protection {
    pub fn is_default(&self) -> bool {
        *self == Protection::default()
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum CoreDetection {
    /// BFD (bfdd on FRR, `bfd-liveness-detection` on Junos): sub-second detection.
    Bfd,
    /// Short BGP timers (`core_hold_time`).
    Timers,
    /// BGP's default timers (FRR 180 s, Junos 90 s).
    None,
}

impl CoreDetection {
    pub const ALL: [CoreDetection; 3] = [
        CoreDetection::Bfd,
        CoreDetection::Timers,
        CoreDetection::None,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            CoreDetection::Bfd => "bfd",
            CoreDetection::Timers => "timers",
            CoreDetection::None => "none",
        }
    }
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

/// `text(family)` and `text_mut(family)` for the plan's items that hold one optional text per
/// family in `ipv4` and `ipv6`. (They stay two named fields rather than a
/// [`crate::model::PerFamily`]: `serde(flatten)` would hide unknown fields from the reader's
/// report.)
macro_rules! family_texts {
    ($($item:ty),*) => {$(
        impl $item {
            /// The text of one family.
            pub fn text(&self, family: Family) -> &Option<String> {
                match family {
                    Family::V4 => &self.ipv4,
                    Family::V6 => &self.ipv6,
                }
            }

            pub fn text_mut(&mut self, family: Family) -> &mut Option<String> {
                match family {
                    Family::V4 => &mut self.ipv4,
                    Family::V6 => &mut self.ipv6,
                }
            }
        }
    )*};
}

family_texts!(FamilyAddresses, RouteReflector, CoreGateway, Node, Vm);

/// A VM address pool: CIDR prefixes and `first-last` ranges.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Pool {
    pub name: String,
    #[serde(default)]
    pub ranges: Vec<String>,
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
    /// Invisible and control characters in its strings are `\u` escapes, so the file reads
    /// back as the same plan and shows a reviewer exactly what is in it.
    pub fn to_json(&self) -> String {
        let mut text = crate::text::json_pretty(self);
        text.push('\n');
        text
    }

    /// The FRR version the configurations assume.
    pub fn frr_version_or_default(&self) -> &str {
        self.frr_version.as_deref().unwrap_or(DEFAULT_FRR_VERSION)
    }

    /// A new, empty plan with a fabric id made from `seed` (`fabric-` and four letters or
    /// digits): what the page's "New plan" starts from, so that a new fabric never takes the
    /// names of VMmanager's guide on its core. The user is asked to make it a name of theirs.
    pub fn new_with_id(seed: u64) -> Plan {
        const ALPHABET: &[u8; 36] = b"abcdefghijklmnopqrstuvwxyz0123456789";
        let mut id = String::from("fabric-");
        let mut rest = seed;
        for _ in 0..4 {
            let digit = (rest % 36) as usize;
            id.push(ALPHABET.get(digit).map_or('x', |&b| char::from(b)));
            rest /= 36;
        }
        Plan {
            id: Some(id),
            ..Plan::empty()
        }
    }

    /// A new, empty plan without an id.
    pub fn empty() -> Plan {
        Plan {
            version: PLAN_VERSION,
            name: String::new(),
            id: None,
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
            protection: Protection::default(),
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

#[cfg(test)]
mod new_plan_tests {
    use super::Plan;
    use crate::model::FabricId;

    #[test]
    fn a_new_plan_has_a_valid_id_that_differs_with_the_seed() {
        let mut seen = std::collections::BTreeSet::new();
        for seed in [
            0,
            1,
            35,
            36,
            1_679_615,
            1_679_616,
            u64::MAX,
            0x9e37_79b9_7f4a_7c15,
        ] {
            let id = Plan::new_with_id(seed).id.unwrap();
            assert!(id.parse::<FabricId>().is_ok(), "{id}");
            assert_eq!(id.len(), 11, "{id}");
            seen.insert(id);
        }
        assert!(seen.len() >= 6, "{seen:?}");
    }
}
