//! How the form shows a field: its kind of input ([`Kind`]), label, placeholder and options, and
//! the lists' headings.

use super::{Field, Guard, List};
use crate::model::Family;
use crate::plan::{CoreDetection, Platform, PrefixLimitAction, RrKind, Virtualization};

/// How a field is edited.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Free text; empty is kept as the empty string.
    Text,
    /// Optional text; empty removes the field from the plan.
    Optional,
    /// A number (AS numbers, timers, limits): digits only, else a local error and the plan is
    /// unchanged.
    Number,
    /// A checkbox.
    Flag,
    /// One of a fixed set of values.
    Choice,
}

/// The OS ids the form offers; a plan may hold any other id, which the form then also lists.
pub const OS_OPTIONS: [&str; 5] = [
    "almalinux-8",
    "ubuntu-20.04",
    "almalinux-9",
    "ubuntu-22.04",
    "debian-12",
];

impl List {
    /// Heading of the list's section.
    pub fn title(self) -> &'static str {
        match self {
            List::Pools => "Address pools",
            List::RouteReflectors => "Route reflectors",
            List::CoreGateways => "Core gateways",
            List::Nodes => "Nodes",
            List::Vms => "VMs",
        }
    }

    /// What one item is called, for button labels ("Add node").
    pub fn noun(self) -> &'static str {
        match self {
            List::Pools => "pool",
            List::RouteReflectors => "route reflector",
            List::CoreGateways => "core gateway",
            List::Nodes => "node",
            List::Vms => "VM",
        }
    }
}

impl Field {
    /// Which input edits the field.
    pub fn kind(self) -> Kind {
        match self {
            Field::Name
            | Field::PoolName(_)
            | Field::PoolRange(..)
            | Field::RrName(_)
            | Field::CoreName(_)
            | Field::NodeName(_)
            | Field::VmName(_)
            | Field::VmNode(_) => Kind::Text,
            Field::Id
            | Field::Community
            | Field::Gateway(_)
            | Field::Underlay(_)
            | Field::FrrVersion
            | Field::RrAddr(..)
            | Field::CoreAddr(..)
            | Field::NodeAddr(..)
            | Field::VmAddr(..) => Kind::Optional,
            Field::Asn
            | Field::CoreAsn(_)
            | Field::Protection(
                Guard::NodeHoldTime
                | Guard::CoreHoldTime
                | Guard::BfdInterval
                | Guard::BfdMultiplier
                | Guard::MaxVmsPerNode,
            ) => Kind::Number,
            Field::Vxlan | Field::Protection(Guard::Md5) => Kind::Flag,
            Field::Protection(Guard::CoreDetection | Guard::PrefixLimit)
            | Field::RrKind(_)
            | Field::CorePlatform(_)
            | Field::NodeVirtualization(_)
            | Field::NodeOs(_) => Kind::Choice,
        }
    }

    /// The visible label of the field's input.
    pub fn label(self) -> String {
        match self {
            Field::Name => "Plan name".into(),
            Field::Id => "Fabric ID (names its core objects)".into(),
            Field::Asn => "AS number".into(),
            Field::Community => "BGP community (optional)".into(),
            Field::Gateway(f) => format!("{} gateway", f.label()),
            Field::Underlay(f) => format!("{} underlay (optional)", f.label()),
            Field::Vxlan => "VxLAN (route reflectors also reflect l2vpn evpn)".into(),
            Field::FrrVersion => "FRR version (optional, default 8.4)".into(),
            Field::PoolRange(_, j) => format!("Range {}", j.saturating_add(1)),
            Field::PoolName(_)
            | Field::RrName(_)
            | Field::CoreName(_)
            | Field::NodeName(_)
            | Field::VmName(_) => "Name".into(),
            Field::RrKind(_) => "Kind".into(),
            Field::CorePlatform(_) => "Platform".into(),
            Field::CoreAsn(_) => "AS number".into(),
            Field::NodeVirtualization(_) => "Virtualization".into(),
            Field::NodeOs(_) => "OS".into(),
            Field::VmNode(_) => "Node".into(),
            Field::RrAddr(_, f)
            | Field::CoreAddr(_, f)
            | Field::NodeAddr(_, f)
            | Field::VmAddr(_, f) => f.label().into(),
            Field::Protection(g) => match g {
                Guard::NodeHoldTime => "Hold time towards the nodes (s, 0: FRR's 180)",
                Guard::CoreDetection => "Failure detection towards the core",
                Guard::CoreHoldTime => "Hold time towards the core (s, with timers)",
                Guard::BfdInterval => "BFD interval (ms)",
                Guard::BfdMultiplier => "BFD multiplier",
                Guard::MaxVmsPerNode => "Most VMs on one node (sets the route limits)",
                Guard::PrefixLimit => "Core beyond its route limit",
                Guard::Md5 => "TCP-MD5 between route reflectors and core",
            }
            .into(),
        }
    }

    /// An example value, shown as the input's placeholder.
    pub fn placeholder(self) -> &'static str {
        match self {
            Field::Name => "Frankfurt DC1",
            Field::Id => "fra1",
            Field::Asn | Field::CoreAsn(_) => "65000",
            Field::Community => "65000:100",
            Field::Gateway(Family::V4) => "10.0.0.1",
            Field::Gateway(Family::V6) => "fd00::1",
            Field::Underlay(Family::V4) => "10.10.0.0/24",
            Field::Underlay(Family::V6) => "2001:db8:ffff::/64",
            Field::FrrVersion => "8.4",
            Field::PoolRange(..) => "203.0.113.0/25 or 198.51.100.10-198.51.100.40",
            Field::RrAddr(_, Family::V4)
            | Field::CoreAddr(_, Family::V4)
            | Field::NodeAddr(_, Family::V4) => "10.10.0.2",
            Field::RrAddr(_, Family::V6)
            | Field::CoreAddr(_, Family::V6)
            | Field::NodeAddr(_, Family::V6) => "2001:db8:ffff::2",
            Field::VmAddr(_, Family::V4) => "203.0.113.10",
            Field::VmAddr(_, Family::V6) => "2001:db8:100::10",
            Field::VmNode(_) => "kvm1",
            Field::Protection(Guard::NodeHoldTime | Guard::CoreHoldTime) => "9",
            Field::Protection(Guard::BfdInterval) => "300",
            Field::Protection(Guard::BfdMultiplier) => "3",
            Field::Protection(Guard::MaxVmsPerNode) => "1000",
            _ => "",
        }
    }

    /// The options of a choice field, given its current value (an OS id that is not one of
    /// [`OS_OPTIONS`] is offered too, so the select can show it).
    pub fn options(self, current: &str) -> Vec<String> {
        match self {
            Field::RrKind(_) => RrKind::ALL.iter().map(|k| k.as_str().to_string()).collect(),
            Field::CorePlatform(_) => Platform::ALL
                .iter()
                .map(|k| k.as_str().to_string())
                .collect(),
            Field::NodeVirtualization(_) => Virtualization::ALL
                .iter()
                .map(|k| k.as_str().to_string())
                .collect(),
            Field::Protection(Guard::CoreDetection) => CoreDetection::ALL
                .iter()
                .map(|k| k.as_str().to_string())
                .collect(),
            Field::Protection(Guard::PrefixLimit) => PrefixLimitAction::ALL
                .iter()
                .map(|k| k.as_str().to_string())
                .collect(),
            Field::NodeOs(_) => {
                let mut all: Vec<String> = OS_OPTIONS.iter().map(|s| s.to_string()).collect();
                if !all.iter().any(|o| o == current) {
                    all.push(current.to_string());
                }
                all
            }
            _ => Vec::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_of_any_index_do_not_overflow() {
        assert_eq!(
            Field::PoolRange(0, usize::MAX).label(),
            format!("Range {}", usize::MAX)
        );
    }

    #[test]
    fn the_os_options_offer_the_current_value_too() {
        assert_eq!(
            Field::NodeOs(0).options("debian-12").len(),
            OS_OPTIONS.len()
        );
        assert_eq!(
            Field::NodeOs(0)
                .options("rocky-9")
                .last()
                .map(String::as_str),
            Some("rocky-9")
        );
    }
}
