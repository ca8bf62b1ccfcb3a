//! The triggering cases, one or more per diagnostic code: shared by the cases test and the docs
//! contract, which shows the first case of each code.

use crate::support::{
    case, grow_nodes, some, Case,
    Input::{Edit, Text},
};
use fabric_designer::check::{
    Code,
    Severity::{Error, Info, Warning},
};
use fabric_designer::plan::{CoreDetection, FamilyAddresses, Pool, Virtualization};

/// The triggering cases, in the order of `Code::ALL`. The first case of each code is the one
/// docs/diagnostics.md shows, with the exact text the command line prints for it.
pub fn cases() -> Vec<Case> {
    vec![
        case(
            Code::PlanUnreadable,
            Error,
            "/asn",
            Text(r#"{"version": 1, "asn": "65000"}"#),
        ),
        case(
            Code::PlanUnreadable,
            Error,
            "",
            Text("{\"version\": 1,, \"asn\": 65000}"),
        ),
        case(
            Code::PlanUnreadable,
            Error,
            "/route_reflectors/0/kind",
            Text(
                r#"{"version": 1, "asn": 1, "route_reflectors": [{"name": "rr1", "kind": "router"}]}"#,
            ),
        ),
        case(
            Code::VersionUnsupported,
            Error,
            "/version",
            Text(r#"{"version": 2, "asn": 65000}"#),
        ),
        case(
            Code::VersionUnsupported,
            Error,
            "/version",
            Text(r#"{"asn": 65000}"#),
        ),
        // A plan built in code rather than read from a file is checked too.
        case(
            Code::VersionUnsupported,
            Error,
            "/version",
            Edit(|p| p.version = 0),
        ),
        case(
            Code::FieldUnknown,
            Warning,
            "/comunity",
            Text(r#"{"version": 1, "asn": 65000, "comunity": "65000:100"}"#),
        ),
        case(
            Code::FieldUnknown,
            Warning,
            "/nodes/0/rack",
            Text(
                r#"{"version": 1, "asn": 65000, "nodes": [
                    {"name": "kvm1", "virtualization": "kvm", "os": "almalinux-8", "rack": "A3"}]}"#,
            ),
        ),
        case(
            Code::NameInvalid,
            Error,
            "/core_gateways/0/name",
            Edit(|p| p.core_gateways[0].name = "mx1; reboot".into()),
        ),
        case(
            Code::NameInvalid,
            Error,
            "/pools/0/name",
            Edit(|p| p.pools[0].name = String::new()),
        ),
        case(
            Code::NameInvalid,
            Error,
            "/vms/2/name",
            Edit(|p| p.vms[2].name = "-db".into()),
        ),
        case(
            Code::NameInvalid,
            Error,
            "/route_reflectors/1/name",
            Edit(|p| p.route_reflectors[1].name = "r".repeat(64)),
        ),
        // Devices of every kind share one namespace.
        case(
            Code::NameDuplicate,
            Error,
            "/core_gateways/0/name",
            Edit(|p| p.core_gateways[0].name = "rr1".into()),
        ),
        case(
            Code::NameDuplicate,
            Error,
            "/nodes/1/name",
            Edit(|p| p.nodes[1].name = "KVM1".into()),
        ),
        case(
            Code::NameDuplicate,
            Error,
            "/core_gateways/0/name",
            Edit(|p| p.core_gateways[0].name = "RR2".into()),
        ),
        case(
            Code::NameDuplicate,
            Error,
            "/pools/1/name",
            Edit(|p| p.pools[1].name = "public-v4".into()),
        ),
        case(
            Code::NameDuplicate,
            Error,
            "/vms/4/name",
            Edit(|p| p.vms[4].name = "web01".into()),
        ),
        case(
            Code::AddressInvalid,
            Error,
            "/nodes/1/ipv4",
            Edit(|p| p.nodes[1].ipv4 = some("10.10.0.")),
        ),
        case(
            Code::AddressInvalid,
            Error,
            "/nodes/1/ipv6",
            Edit(|p| p.nodes[1].ipv6 = some("::g")),
        ),
        // Wrong family for the field.
        case(
            Code::AddressInvalid,
            Error,
            "/route_reflectors/0/ipv6",
            Edit(|p| p.route_reflectors[0].ipv6 = some("10.10.0.2")),
        ),
        // Not usable for a host, and link-local on a device.
        case(
            Code::AddressInvalid,
            Error,
            "/vms/0/ipv4",
            Edit(|p| p.vms[0].ipv4 = some("224.0.0.5")),
        ),
        case(
            Code::AddressInvalid,
            Error,
            "/core_gateways/0/ipv6",
            Edit(|p| p.core_gateways[0].ipv6 = some("fe80::1")),
        ),
        case(
            Code::AddressInvalid,
            Error,
            "/gateway/ipv4",
            Edit(|p| p.gateway.ipv4 = some("10.0.0.1/24")),
        ),
        case(
            Code::AddressInvalid,
            Error,
            "/underlay/ipv4",
            Edit(|p| p.underlay.ipv4 = some("1.2.3.4/33")),
        ),
        case(
            Code::AddressMissing,
            Error,
            "/vms/4",
            Edit(|p| p.vms[4].ipv6 = None),
        ),
        case(
            Code::AddressMissing,
            Error,
            "/route_reflectors/1",
            Edit(|p| {
                p.route_reflectors[1].ipv4 = None;
                p.route_reflectors[1].ipv6 = None;
            }),
        ),
        case(
            Code::AddressDuplicate,
            Error,
            "/nodes/1/ipv4",
            Edit(|p| p.nodes[1].ipv4 = some("10.10.0.11")),
        ),
        case(
            Code::AddressDuplicate,
            Error,
            "/vms/3/ipv4",
            Edit(|p| p.vms[3].ipv4 = some("203.0.113.10")),
        ),
        case(Code::AsnInvalid, Error, "/asn", Edit(|p| p.asn = 23456)),
        case(Code::AsnInvalid, Error, "/asn", Edit(|p| p.asn = 0)),
        case(
            Code::AsnInvalid,
            Error,
            "/core_gateways/0/asn",
            Edit(|p| p.core_gateways[0].asn = 4_294_967_296),
        ),
        case(
            Code::CommunityInvalid,
            Error,
            "/community",
            Edit(|p| p.community = some("65000:70000")),
        ),
        case(
            Code::CommunityInvalid,
            Error,
            "/community",
            Edit(|p| p.community = some("65000")),
        ),
        case(
            Code::CommunityReserved,
            Warning,
            "/community",
            Edit(|p| p.community = some("65535:100")),
        ),
        case(
            Code::FrrVersionInvalid,
            Error,
            "/frr_version",
            Edit(|p| p.frr_version = some("latest")),
        ),
        case(
            Code::FrrVersionOld,
            Warning,
            "/frr_version",
            Edit(|p| p.frr_version = some("7.5")),
        ),
        case(
            Code::GatewayMissing,
            Error,
            "/gateway/ipv6",
            Edit(|p| p.gateway.ipv6 = None),
        ),
        case(
            Code::GatewayNotPrivate,
            Error,
            "/gateway/ipv4",
            Edit(|p| p.gateway.ipv4 = some("192.0.2.1")),
        ),
        case(
            Code::GatewayNotPrivate,
            Error,
            "/gateway/ipv6",
            Edit(|p| p.gateway.ipv6 = some("2001:db8::1")),
        ),
        case(
            Code::GatewayConflict,
            Error,
            "/gateway/ipv4",
            Edit(|p| p.gateway.ipv4 = some("10.10.0.254")),
        ),
        // Equal to a device address (fd00::/8 is private, so only the conflict is reported).
        case(
            Code::GatewayConflict,
            Error,
            "/gateway/ipv6",
            Edit(|p| {
                p.underlay.ipv6 = None;
                p.nodes[0].ipv6 = some("fd00::1");
            }),
        ),
        case(
            Code::GatewayConflict,
            Error,
            "/gateway/ipv4",
            Edit(|p| p.pools[0].ranges.push("10.0.0.0/29".into())),
        ),
        case(
            Code::PoolsMissing,
            Warning,
            "/pools",
            Edit(|p| {
                p.pools.clear();
                p.vms.clear();
                p.gateway = Default::default();
            }),
        ),
        case(
            Code::PoolInvalid,
            Error,
            "/pools/0/ranges/2",
            Edit(|p| p.pools[0].ranges.push("203.0.113.128/24".into())),
        ),
        case(
            Code::PoolInvalid,
            Error,
            "/pools/0/ranges/1",
            Edit(|p| p.pools[0].ranges[1] = "198.51.100.40-198.51.100.10".into()),
        ),
        case(
            Code::PoolInvalid,
            Error,
            "/pools/1/ranges/0",
            Edit(|p| p.pools[1].ranges[0] = "2001:db8:100::-203.0.113.255".into()),
        ),
        case(
            Code::PoolEmpty,
            Warning,
            "/pools/2/ranges",
            Edit(|p| {
                p.pools.push(Pool {
                    name: "spare".into(),
                    ranges: Vec::new(),
                })
            }),
        ),
        case(
            Code::PoolOverlap,
            Error,
            "/pools/0/ranges/2",
            Edit(|p| p.pools[0].ranges.push("203.0.113.64/26".into())),
        ),
        // Reported at the later range, also across pools.
        case(
            Code::PoolOverlap,
            Error,
            "/pools/1/ranges/1",
            Edit(|p| p.pools[1].ranges.push("198.51.100.40-198.51.100.50".into())),
        ),
        case(
            Code::PoolConflict,
            Error,
            "/pools/0/ranges/2",
            Edit(|p| p.pools[0].ranges.push("10.10.0.14/31".into())),
        ),
        case(
            Code::RrMissingIpv4,
            Error,
            "/route_reflectors",
            Edit(|p| p.route_reflectors.iter_mut().for_each(|rr| rr.ipv4 = None)),
        ),
        case(
            Code::RrMissingIpv6,
            Error,
            "/route_reflectors",
            Edit(|p| p.route_reflectors.iter_mut().for_each(|rr| rr.ipv6 = None)),
        ),
        case(
            Code::RrNotRedundant,
            Warning,
            "/route_reflectors",
            Edit(|p| p.route_reflectors.truncate(1)),
        ),
        // 16 dual-stack nodes and one core: 17 peers in each family, 34 sessions per reflector.
        case(
            Code::RrSessionLimit,
            Error,
            "/route_reflectors/0",
            Edit(|p| grow_nodes(p, 16)),
        ),
        case(
            Code::RrSessionLimit,
            Error,
            "/route_reflectors/1",
            Edit(|p| grow_nodes(p, 16)),
        ),
        // 15 dual-stack nodes and one core: 16 peers in each family, 32 sessions: full.
        case(
            Code::RrSessionFull,
            Warning,
            "/route_reflectors/0",
            Edit(|p| grow_nodes(p, 15)),
        ),
        case(
            Code::CoreMissing,
            Error,
            "/core_gateways",
            Edit(|p| p.core_gateways.clear()),
        ),
        case(
            Code::CoreMissing,
            Error,
            "/core_gateways",
            Edit(|p| p.core_gateways[0].ipv6 = None),
        ),
        // Without pools, a core that shares no family with the reflectors.
        case(
            Code::CoreMissing,
            Error,
            "/core_gateways",
            Edit(|p| {
                p.pools.clear();
                p.vms.clear();
                p.route_reflectors.iter_mut().for_each(|rr| rr.ipv6 = None);
                p.core_gateways[0].ipv4 = None;
            }),
        ),
        case(
            Code::CoreEbgp,
            Info,
            "/core_gateways/0/asn",
            Edit(|p| p.core_gateways[0].asn = 64496),
        ),
        // kvm4 loses its IPv4 address; the last 32 bits of ::a0a:b are 10.10.0.11, kvm1's.
        case(
            Code::RouterIdDuplicate,
            Error,
            "/nodes/3",
            Edit(|p| {
                p.nodes[3].ipv4 = None;
                p.nodes[3].ipv6 = some("2001:db8:ffff::a0a:b");
            }),
        ),
        case(
            Code::NodesMissing,
            Warning,
            "/nodes",
            Edit(|p| {
                p.nodes.clear();
                p.vms.clear();
            }),
        ),
        case(
            Code::NodeOsUnsupported,
            Error,
            "/nodes/1/os",
            Edit(|p| p.nodes[1].os = "almalinux-9".into()),
        ),
        case(
            Code::NodeOsUnsupported,
            Error,
            "/nodes/2/os",
            Edit(|p| {
                p.nodes.iter_mut().for_each(|n| {
                    n.virtualization = Virtualization::Lxd;
                    n.os = "ubuntu-20.04".into();
                });
                p.nodes[2].os = "ubuntu-22.04".into();
            }),
        ),
        case(
            Code::NodeVirtualizationMixed,
            Error,
            "/nodes/3/virtualization",
            Edit(|p| {
                p.nodes[3].virtualization = Virtualization::Lxd;
                p.nodes[3].os = "ubuntu-20.04".into();
            }),
        ),
        // kvm4 hosts the IPv6 VM 'cache'.
        case(
            Code::NodeMissingFamily,
            Error,
            "/nodes/3/ipv6",
            Edit(|p| p.nodes[3].ipv6 = None),
        ),
        case(
            Code::NodeSingleFamily,
            Info,
            "/nodes/3/ipv4",
            Edit(|p| p.nodes[3].ipv4 = None),
        ),
        case(
            Code::VmNameInvalid,
            Error,
            "/vms/0/name",
            Edit(|p| p.vms[0].name = "customer-web-01".into()),
        ),
        case(
            Code::VmNameInvalid,
            Error,
            "/vms/1/name",
            Edit(|p| p.vms[1].name = "web:01".into()),
        ),
        case(
            Code::VmUnknownNode,
            Error,
            "/vms/1/node",
            Edit(|p| p.vms[1].node = "kvm9".into()),
        ),
        case(
            Code::VmAddressOutsidePool,
            Error,
            "/vms/1/ipv4",
            Edit(|p| p.vms[1].ipv4 = some("192.0.2.10")),
        ),
        case(
            Code::VmAddressOutsidePool,
            Error,
            "/vms/4/ipv6",
            Edit(|p| p.vms[4].ipv6 = some("2001:db8:101::20")),
        ),
        case(
            Code::AddressOutsideUnderlay,
            Warning,
            "/nodes/1/ipv4",
            Edit(|p| p.nodes[1].ipv4 = some("10.20.0.12")),
        ),
        case(
            Code::CoreEbgpUnreachable,
            Error,
            "/nodes/1/ipv4",
            Edit(|p| {
                p.core_gateways[0].asn = 64496;
                p.nodes[1].ipv4 = some("10.20.0.12");
            }),
        ),
        case(
            Code::CoreEbgpUnreachable,
            Error,
            "/nodes/2/ipv6",
            Edit(|p| {
                p.core_gateways[0].asn = 64496;
                p.nodes[2].ipv6 = some("2001:db8:eeee::13");
            }),
        ),
        case(
            Code::UnderlayMissing,
            Warning,
            "/underlay",
            Edit(|p| {
                p.core_gateways[0].asn = 64496;
                p.underlay = FamilyAddresses::default();
            }),
        ),
        case(
            Code::ProtectionInvalid,
            Error,
            "/protection/node_hold_time",
            Edit(|p| p.protection.node_hold_time = 2),
        ),
        case(
            Code::ProtectionInvalid,
            Error,
            "/protection/core_hold_time",
            Edit(|p| {
                p.protection.core_detection = CoreDetection::Timers;
                p.protection.core_hold_time = 70000;
            }),
        ),
        case(
            Code::ProtectionInvalid,
            Error,
            "/protection/bfd_interval",
            Edit(|p| p.protection.bfd_interval = 5),
        ),
        case(
            Code::ProtectionInvalid,
            Error,
            "/protection/bfd_multiplier",
            Edit(|p| p.protection.bfd_multiplier = 1),
        ),
        case(
            Code::ProtectionInvalid,
            Error,
            "/protection/max_vms_per_node",
            Edit(|p| p.protection.max_vms_per_node = 0),
        ),
        case(Code::IdInvalid, Error, "/id", Edit(|p| p.id = some("DC1"))),
        case(Code::IdInvalid, Error, "/id", Edit(|p| p.id = some("1dc"))),
        case(
            Code::IdInvalid,
            Error,
            "/id",
            Edit(|p| p.id = some("dc1-frankfurt-main")),
        ),
        case(Code::IdInvalid, Error, "/id", Edit(|p| p.id = some(""))),
        case(
            Code::IdInvalid,
            Error,
            "/id",
            Edit(|p| p.id = some("dc1\u{202e}")),
        ),
        case(Code::IdMissing, Warning, "/id", Edit(|p| p.id = None)),
    ]
}
