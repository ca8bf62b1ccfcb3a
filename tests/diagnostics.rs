//! Diagnostics, code by code: every code of `Code::ALL` has a small plan that triggers it, with
//! its severity and JSON Pointer pinned; the shipped examples give what they should; odd and
//! hostile input never panics, never reaches a fabric and never breaks the one-line messages;
//! docs/diagnostics.md documents exactly the codes that exist, with the text the CLI prints.
//!
//! Every case starts from examples/dc1-dual-stack.json (valid, no diagnostics at all) and
//! changes one thing, in the style of rust-analyzer's `check(input, expect)` helpers.

use fabric_designer::check::{
    check, check_text, read_error_diagnostic, Code, Diagnostic, Report, Severity,
};
use fabric_designer::plan::{
    read_plan, CoreDetection, FamilyAddresses, Node, Plan, Pool, Virtualization, Vm,
};
use serde_json::Value;
use std::collections::BTreeSet;

mod common;

use common::nasty_strings;

const DC1: &str = include_str!("../examples/dc1-dual-stack.json");
const LAB: &str = include_str!("../examples/lab-frr-core.json");
const LXD: &str = include_str!("../examples/lxd-ipv4-vxlan.json");
const MISTAKES: &str = include_str!("../examples/mistakes.json");
const DOC: &str = include_str!("../docs/diagnostics.md");

fn read(text: &str) -> Plan {
    read_plan(text).unwrap_or_else(|e| panic!("example does not read: {e}"))
}

/// The base of every case: a valid dual-stack plan with two reflectors, one core, four nodes.
fn dc1() -> Plan {
    read(DC1)
}

fn some(s: &str) -> Option<String> {
    Some(s.to_string())
}

fn kvm(name: &str, ipv4: Option<&str>, ipv6: Option<&str>) -> Node {
    Node {
        name: name.to_string(),
        virtualization: Virtualization::Kvm,
        os: "almalinux-8".to_string(),
        ipv4: ipv4.map(str::to_string),
        ipv6: ipv6.map(str::to_string),
    }
}

/// Adds dual-stack nodes kvm5, kvm6, ... until the plan has `total` nodes.
fn grow_nodes(plan: &mut Plan, total: usize) {
    for n in plan.nodes.len() + 1..=total {
        let host = 10 + n;
        plan.nodes.push(kvm(
            &format!("kvm{n}"),
            Some(&format!("10.10.0.{host}")),
            Some(&format!("2001:db8:ffff::{host}")),
        ));
    }
}

/// What a case feeds in: plan file text (for the codes of reading), or an edit of dc1.
#[derive(Clone, Copy)]
enum Input {
    Text(&'static str),
    Edit(fn(&mut Plan)),
}

/// One triggering case: the input, and the diagnostic it must produce.
struct Case {
    code: Code,
    severity: Severity,
    path: &'static str,
    input: Input,
}

const fn case(code: Code, severity: Severity, path: &'static str, input: Input) -> Case {
    Case {
        code,
        severity,
        path,
        input,
    }
}

use Input::{Edit, Text};
use Severity::{Error, Info, Warning};

/// The triggering cases, in the order of `Code::ALL`. The first case of each code is the one
/// docs/diagnostics.md shows, with the exact text the command line prints for it.
fn cases() -> Vec<Case> {
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
    ]
}

/// The plan a case checks, or the diagnostic of reading its text.
fn plan_of(input: Input) -> Result<Plan, Diagnostic> {
    match input {
        Text(text) => read_plan(text).map_err(|e| read_error_diagnostic(&e)),
        Edit(edit) => {
            let mut plan = dc1();
            edit(&mut plan);
            Ok(plan)
        }
    }
}

/// Every diagnostic of an input, each checked for form.
fn diagnostics_of(input: Input) -> Vec<Diagnostic> {
    let diagnostics = match input {
        // Files go through the same reading and checking as the command line.
        Text(text) => match check_text(text) {
            Ok(report) => report.diagnostics,
            Err(d) => vec![d],
        },
        Edit(_) => match plan_of(input) {
            Err(d) => vec![d],
            Ok(plan) => checked(&plan).diagnostics,
        },
    };
    diagnostics.iter().for_each(assert_well_formed);
    diagnostics
}

/// Checks a plan and the invariants every report keeps.
fn checked(plan: &Plan) -> Report {
    let report = check(plan);
    let has_error = report.diagnostics.iter().any(Diagnostic::is_error);
    assert_eq!(
        report.fabric.is_some(),
        !has_error,
        "a fabric exactly when there is no error: {:#?}",
        report.diagnostics
    );
    assert!(
        report
            .diagnostics
            .windows(2)
            .all(|w| w[0].severity <= w[1].severity),
        "errors, then warnings, then infos: {:#?}",
        report.diagnostics
    );
    let json = serde_json::to_value(plan).expect("a plan serialises");
    for d in &report.diagnostics {
        assert_well_formed(d);
        assert_points_into(&json, d);
    }
    report
}

/// `check(input, expect)`: the input yields a diagnostic of `code` at `path`; returns it.
fn expect(input: Input, code: Code, path: &str) -> Diagnostic {
    let diagnostics = diagnostics_of(input);
    diagnostics
        .iter()
        .find(|d| d.code == code && d.path == path)
        .cloned()
        .unwrap_or_else(|| {
            let got: Vec<String> = diagnostics.iter().map(|d| d.to_string()).collect();
            panic!(
                "expected {code} at {path:?}, got:\n{}",
                if got.is_empty() {
                    "(nothing)".to_string()
                } else {
                    got.join("\n")
                }
            )
        })
}

fn is_line_break(c: char) -> bool {
    c.is_control() || matches!(c, '\u{2028}' | '\u{2029}')
}

/// A diagnostic a person can read in a terminal, a table cell or a JSON pipeline.
fn assert_well_formed(d: &Diagnostic) {
    assert_eq!(d.severity, d.code.severity(), "{d:?}");
    assert!(!d.message.trim().is_empty(), "empty message: {d:?}");
    assert!(
        !d.message.chars().any(is_line_break),
        "message is not one line: {d:?}"
    );
    assert!(
        !d.message.ends_with('.'),
        "message ends with a period: {d:?}"
    );
    assert!(!d.help.trim().is_empty(), "empty help: {d:?}");
    assert!(
        !d.help.chars().any(is_line_break),
        "help is not one line: {d:?}"
    );
    assert!(d.help.ends_with('.'), "help is not a sentence: {d:?}");
    assert!(
        d.path.is_empty() || d.path.starts_with('/'),
        "path is not a JSON Pointer: {d:?}"
    );
}

/// The path names something in the plan, or an absent field of something in it (a missing
/// gateway, a node's missing address, the default frr_version).
fn assert_points_into(plan: &Value, d: &Diagnostic) {
    if plan.pointer(&d.path).is_some() {
        return;
    }
    let parent = d.path.rsplit_once('/').map_or("", |(head, _)| head);
    assert!(
        plan.pointer(parent).is_some_and(Value::is_object),
        "{} points nowhere in the plan: {d:?}",
        d.path
    );
}

#[test]
fn the_base_plan_is_clean() {
    let report = checked(&dc1());
    assert_eq!(report.diagnostics, Vec::new());
}

#[test]
fn every_case_triggers_its_code_with_severity_and_path() {
    for c in cases() {
        let d = expect(c.input, c.code, c.path);
        assert_eq!(d.severity, c.severity, "severity of {}", c.code);
    }
}

#[test]
fn every_code_has_a_triggering_case() {
    let covered: BTreeSet<Code> = cases().iter().map(|c| c.code).collect();
    let missing: Vec<&str> = Code::ALL
        .iter()
        .filter(|code| !covered.contains(*code))
        .map(|code| code.as_str())
        .collect();
    assert!(
        missing.is_empty(),
        "codes without a case in tests/diagnostics.rs: {missing:?}"
    );
}

#[test]
fn cases_are_in_the_order_of_code_all() {
    let order = |code: Code| Code::ALL.iter().position(|c| *c == code);
    let positions: Vec<_> = cases().iter().map(|c| order(c.code)).collect();
    assert!(positions.windows(2).all(|w| w[0] <= w[1]));
}

#[test]
fn session_limit_counts_sessions_and_allows_exactly_32() {
    let mut plan = dc1();
    // 15 nodes and one core in both families: 32 sessions per reflector, the most allowed.
    grow_nodes(&mut plan, 15);
    let report = checked(&plan);
    assert_eq!(report.diagnostics, Vec::new());
    assert!(report.sessions.iter().all(|s| s.total() == 32));
    let d = expect(
        Edit(|p| grow_nodes(p, 16)),
        Code::RrSessionLimit,
        "/route_reflectors/0",
    );
    assert!(
        d.message.contains("34 BGP sessions (17 IPv4, 17 IPv6)"),
        "{}",
        d.message
    );
}

#[test]
fn reading_errors_name_line_and_column() {
    let d = expect(
        Text("{\"version\": 1,\n  \"nodes\": [{\"name\": \"a\", \"virtualization\": \"xen\"}]}"),
        Code::PlanUnreadable,
        "/nodes/0/virtualization",
    );
    assert!(d.message.contains("line 2, column"), "{}", d.message);
    assert!(d.message.contains("xen"), "{}", d.message);
}

fn codes_and_paths(report: &Report) -> Vec<(&'static str, &str)> {
    report
        .diagnostics
        .iter()
        .map(|d| (d.code.as_str(), d.path.as_str()))
        .collect()
}

#[test]
fn valid_examples_have_no_errors_or_warnings() {
    for (name, text) in [
        ("dc1-dual-stack", DC1),
        ("lab-frr-core", LAB),
        ("lxd-ipv4-vxlan", LXD),
    ] {
        let report = checked(&read(text));
        let serious: Vec<String> = report
            .diagnostics
            .iter()
            .filter(|d| d.severity != Info)
            .map(|d| d.to_string())
            .collect();
        assert_eq!(serious, Vec::<String>::new(), "{name}");
        assert!(report.fabric.is_some(), "{name}");
    }
}

#[test]
fn mistakes_example_reports_each_mistake() {
    let report = checked(&read(MISTAKES));
    assert_eq!(
        codes_and_paths(&report),
        [
            // "65000:70000": the low half does not fit in 16 bits.
            ("community-invalid", "/community"),
            // customer-web-01_net0 is 20 bytes; Linux allows 15.
            ("vm-name-invalid", "/vms/0/name"),
            // 192.0.2.1 is TEST-NET-1, not RFC 1918.
            ("gateway-not-private", "/gateway/ipv4"),
            // Pool v6 exists, the gateway has no ipv6.
            ("gateway-missing", "/gateway/ipv6"),
            // Pool v6 exists, rr1 has no IPv6 address.
            ("rr-missing-ipv6", "/route_reflectors"),
            // kvm2 is a KVM node on ubuntu-22.04.
            ("node-os-unsupported", "/nodes/1/os"),
            // db01's 198.51.100.7 is in neither 203.0.113.0/24 nor 2001:db8:100::/64.
            ("vm-address-outside-pool", "/vms/1/ipv4"),
            // rr1 is the only IPv4 reflector.
            ("rr-not-redundant", "/route_reflectors"),
            // Pool v6 exists, but no node has an IPv6 address to host such VMs.
            ("node-single-family", "/nodes/0/ipv6"),
            ("node-single-family", "/nodes/1/ipv6"),
        ]
    );
    assert!(report.fabric.is_none());
}

#[test]
fn diagnostics_are_deterministic_and_ordered_by_severity() {
    let mut messy = read(MISTAKES);
    messy.pools[0].ranges.push("10.10.0.0/24".into());
    messy.pools.push(Pool::default());
    messy.nodes.push(kvm("kvm1", Some("10.10.0.11"), None));
    messy.core_gateways[0].asn = 64496;
    messy.frr_version = some("7.2");
    for plan in [read(MISTAKES), messy] {
        let first = checked(&plan);
        let second = checked(&plan.clone());
        assert_eq!(first.diagnostics, second.diagnostics);
        assert_eq!(first.sessions, second.sessions);
        let severities: Vec<Severity> = first.diagnostics.iter().map(|d| d.severity).collect();
        let mut sorted = severities.clone();
        sorted.sort();
        assert_eq!(severities, sorted);
        assert!(
            severities.contains(&Error)
                && severities.contains(&Warning)
                && severities.contains(&Info)
        );
    }
}

/// Names that would break a shell script, an FRR line, a file name or a terminal.
fn hostile_names() -> Vec<String> {
    let mut names: Vec<String> = [
        "kvm1\nrouter bgp 1",
        "rr1\r\n",
        "a;reboot",
        "$(reboot)",
        "${IFS}",
        "a'b",
        "a\"b",
        "`id`",
        "ноде1",
        "kvm\u{e9}",
        "\u{202e}1mvk",
        "line\u{2028}sep",
        "nul\0",
        "a b",
        " kvm1",
        "kvm1 ",
        "tab\there",
        "../etc",
        "a/b",
        "*",
        "",
        "-rf",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    names.push("a".repeat(64));
    names
}

/// A plan where user names reach the most messages: a reflector over its session limit and a
/// VM on a node that does not exist (whose help lists the plan's nodes).
fn busy() -> Plan {
    let mut plan = dc1();
    grow_nodes(&mut plan, 16);
    plan.vms.push(Vm {
        name: "ghost".into(),
        node: "nowhere".into(),
        ipv4: some("203.0.113.99"),
        ipv6: None,
    });
    plan
}

#[test]
fn hostile_names_are_refused_and_yield_no_fabric() {
    type Slot = (&'static str, fn(&mut Plan, String));
    let slots: [Slot; 5] = [
        ("/pools/0/name", |p, n| p.pools[0].name = n),
        ("/route_reflectors/0/name", |p, n| {
            p.route_reflectors[0].name = n
        }),
        ("/core_gateways/0/name", |p, n| p.core_gateways[0].name = n),
        ("/nodes/0/name", |p, n| p.nodes[0].name = n),
        ("/vms/0/name", |p, n| p.vms[0].name = n),
    ];
    for (path, set) in slots {
        for name in hostile_names() {
            let mut plan = busy();
            set(&mut plan, name.clone());
            let report = checked(&plan);
            assert!(
                report
                    .diagnostics
                    .iter()
                    .any(|d| d.code == Code::NameInvalid && d.path == path),
                "{name:?} at {path} is not refused: {:#?}",
                report.diagnostics
            );
            assert!(report.fabric.is_none(), "{name:?} at {path}");
        }
    }
}

#[test]
fn hostile_names_also_fail_when_used_as_references() {
    // A VM's node is matched against node names; a hostile reference finds nothing.
    for name in hostile_names() {
        let mut plan = busy();
        plan.vms[0].node = name.clone();
        let report = checked(&plan);
        assert!(
            report
                .diagnostics
                .iter()
                .any(|d| d.code == Code::VmUnknownNode && d.path == "/vms/0/node"),
            "{name:?}"
        );
    }
}

#[test]
fn half_typed_plans_yield_diagnostics_not_panics() {
    let empty_strings = |p: &mut Plan| {
        p.name = String::new();
        p.community = some("");
        p.gateway.ipv4 = some("");
        p.gateway.ipv6 = some("");
        p.underlay.ipv4 = some("");
        p.underlay.ipv6 = some("");
        p.frr_version = some("");
        for pool in &mut p.pools {
            pool.name.clear();
            pool.ranges.iter_mut().for_each(String::clear);
        }
        for rr in &mut p.route_reflectors {
            rr.name.clear();
            rr.ipv4 = some("");
            rr.ipv6 = some("");
        }
        for core in &mut p.core_gateways {
            core.name.clear();
            core.ipv4 = some("");
            core.ipv6 = some("");
        }
        for node in &mut p.nodes {
            node.name.clear();
            node.os.clear();
            node.ipv4 = some("");
            node.ipv6 = some("");
        }
        for vm in &mut p.vms {
            *vm = Vm {
                ipv4: some(""),
                ipv6: some(""),
                ..Vm::default()
            };
        }
    };
    let garbage = |p: &mut Plan| {
        p.gateway.ipv4 = some("10.0.");
        p.gateway.ipv6 = some("::g");
        p.underlay.ipv4 = some("1.2.3.4/33");
        p.underlay.ipv6 = some("::g/64");
        p.pools[0].ranges = vec![
            "10.0.".into(),
            "1.2.3.4/33".into(),
            "-".into(),
            "1.2.3.4-".into(),
        ];
        p.pools[1].ranges = vec!["::g".into(), "::/129".into(), "::1-".into()];
        p.route_reflectors[0].ipv4 = some("10.0.");
        p.route_reflectors[1].ipv6 = some("::g");
        p.core_gateways[0].ipv4 = some("1.2.3.4/33");
        p.nodes[0].ipv4 = some("256.1.1.1");
        p.nodes[1].ipv6 = some(":::");
        p.vms[0].ipv4 = some("10.0.");
        p.vms[0].ipv6 = some("::g");
    };
    let mut all_empty_lists = Plan::empty();
    all_empty_lists.community = some("");
    let mut one_of_each = Plan::empty();
    one_of_each.pools.push(Pool::default());
    one_of_each.vms.push(Vm::default());
    one_of_each.nodes.push(kvm("", None, None));
    let mut emptied = dc1();
    empty_strings(&mut emptied);
    let mut garbled = dc1();
    garbage(&mut garbled);
    for (what, plan) in [
        ("Plan::empty()", Plan::empty()),
        ("empty lists", all_empty_lists),
        ("one empty entry each", one_of_each),
        ("empty strings everywhere", emptied),
        ("garbage addresses", garbled),
    ] {
        let report = checked(&plan);
        assert!(!report.diagnostics.is_empty(), "{what}");
        assert!(report.fabric.is_none(), "{what}");
    }
    // Half-typed files: every one is a diagnostic, never a panic.
    for text in [
        "",
        " ",
        "{",
        "{\"version\": 1",
        "{\"version\": 1,",
        "{\"version\": 1}",
        "{\"version\": 1, \"asn\": }",
        "{\"version\": 1, \"asn\": -1}",
        "{\"version\": 1, \"asn\": 1.5}",
        "{\"version\": 1, \"asn\": 99999999999999999999999}",
        "{\"version\": \"1\", \"asn\": 1}",
        "{\"version\": 1, \"asn\": 1, \"nodes\": [{}]}",
        "{\"version\": 1, \"asn\": 1, \"nodes\": [null]}",
        "{\"version\": 1, \"asn\": 1, \"pools\": {}}",
        "null",
        "[]",
        "\"plan\"",
        "\u{feff}{}",
    ] {
        let d = match read_plan(text) {
            Err(e) => read_error_diagnostic(&e),
            Ok(plan) => panic!("{text:?} reads as {plan:?}"),
        };
        assert_well_formed(&d);
        assert!(
            matches!(d.code, Code::PlanUnreadable | Code::VersionUnsupported),
            "{d:?}"
        );
    }
}

/// Values that have broken parsers, shells and terminals before.
/// JSON Pointers of every string and number leaf of a value.
fn leaves(value: &Value, at: String, out: &mut Vec<String>) {
    match value {
        Value::String(_) | Value::Number(_) => out.push(at),
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                leaves(item, format!("{at}/{i}"), out);
            }
        }
        Value::Object(map) => {
            for (key, item) in map {
                leaves(item, format!("{at}/{key}"), out);
            }
        }
        Value::Bool(_) | Value::Null => {}
    }
}

/// Every string field of the example (the enum fields too, through the reader) set to every
/// nasty value, and every number to the edges of its range: never a panic, always readable
/// diagnostics, a fabric exactly when there is no error.
#[test]
fn mutating_every_field_never_panics() {
    let base = serde_json::to_value(dc1()).expect("a plan serialises");
    let mut paths = Vec::new();
    leaves(&base, String::new(), &mut paths);
    let numbers = [
        0u64,
        1,
        23456,
        65535,
        4_294_967_295,
        4_294_967_296,
        u64::MAX,
    ];
    let mut tried = 0;
    for path in &paths {
        let mut values: Vec<Value> = if base.pointer(path).is_some_and(Value::is_string) {
            nasty_strings().into_iter().map(Value::from).collect()
        } else {
            numbers.iter().map(|n| Value::from(*n)).collect()
        };
        // A field deleted while typing: null is "absent" for optional fields.
        values.push(Value::Null);
        for value in values {
            let mut plan = base.clone();
            *plan.pointer_mut(path).expect("leaf exists") = value;
            let text = plan.to_string();
            match read_plan(&text) {
                Ok(plan) => {
                    checked(&plan);
                }
                Err(e) => assert_well_formed(&read_error_diagnostic(&e)),
            }
            tried += 1;
        }
    }
    // The walk really visited the plan: names, addresses, ranges, enums and numbers.
    for leaf in [
        "/route_reflectors/1/kind",
        "/pools/0/ranges/1",
        "/vms/4/node",
        "/asn",
    ] {
        assert!(paths.iter().any(|p| p == leaf), "{leaf} not visited");
    }
    assert!(tried > 3000, "{tried}");
}

/// The sections of docs/diagnostics.md: (heading, body) for every `## ` heading.
fn doc_sections() -> Vec<(&'static str, &'static str)> {
    let mut sections = Vec::new();
    let mut rest = DOC;
    while let Some(start) = rest.find("\n## ") {
        let after = &rest[start + 4..];
        let end_of_heading = after.find('\n').unwrap_or(after.len());
        let heading = after[..end_of_heading].trim();
        let body_and_more = &after[end_of_heading..];
        let end = body_and_more.find("\n## ").unwrap_or(body_and_more.len());
        sections.push((heading, &body_and_more[..end]));
        rest = body_and_more;
    }
    sections
}

#[test]
fn docs_have_a_section_per_code_in_order() {
    let headings: Vec<&str> = doc_sections().iter().map(|(h, _)| *h).collect();
    let codes: Vec<&str> = Code::ALL.iter().map(|c| c.as_str()).collect();
    let unknown: Vec<&&str> = headings.iter().filter(|h| !codes.contains(h)).collect();
    assert!(
        unknown.is_empty(),
        "docs/diagnostics.md has sections for codes that do not exist: {unknown:?}"
    );
    let missing: Vec<&&str> = codes.iter().filter(|c| !headings.contains(c)).collect();
    assert!(
        missing.is_empty(),
        "docs/diagnostics.md lacks a `## <code>` section for: {missing:?}"
    );
    assert_eq!(headings, codes, "sections follow the order of Code::ALL");
}

#[test]
fn docs_give_each_codes_severity_and_the_text_the_cli_prints() {
    let sections = doc_sections();
    for code in Code::ALL {
        let Some((_, body)) = sections.iter().find(|(h, _)| *h == code.as_str()) else {
            continue; // docs_have_a_section_per_code_in_order names it.
        };
        let severity = format!("Severity: **{}**", code.severity());
        assert!(body.contains(&severity), "## {code}: no `{severity}`");
        let first = cases()
            .into_iter()
            .find(|c| c.code == *code)
            .unwrap_or_else(|| panic!("no case for {code}"));
        let shown = expect(first.input, first.code, first.path).to_string();
        assert!(
            body.contains(&shown),
            "## {code}: the example output is stale; the command line now prints\n{shown}"
        );
    }
}

/// Collisions are reported once per offending item, never per pair: 4,000 copies of one range
/// (a short share link can hold them) give 3,999 findings, not eight million, and each names
/// the first range it overlaps and counts the rest.
#[test]
fn collisions_are_one_finding_per_item_not_per_pair() {
    let count =
        |report: &Report, code: Code| report.diagnostics.iter().filter(|d| d.code == code).count();
    let mut plan = dc1();
    plan.pools[0].ranges = vec!["203.0.113.0/24".to_string(); 4000];
    let report = checked(&plan);
    assert_eq!(count(&report, Code::PoolOverlap), 3999);
    let last = report
        .diagnostics
        .iter()
        .rfind(|d| d.code == Code::PoolOverlap)
        .expect("an overlap");
    assert_eq!(last.path, "/pools/0/ranges/3999");
    assert!(
        last.message
            .ends_with("overlaps range '203.0.113.0/24' of pool 'public-v4' and 3998 other ranges"),
        "{}",
        last.message
    );

    // 400 pools over the whole underlay: one pool-conflict per range, naming the first device.
    let mut plan = dc1();
    plan.pools = (0..400)
        .map(|i| Pool {
            name: format!("p{i}"),
            ranges: vec!["10.10.0.0/24".to_string()],
        })
        .collect();
    plan.vms.clear();
    let report = checked(&plan);
    assert_eq!(count(&report, Code::PoolConflict), 400);
    assert_eq!(count(&report, Code::PoolOverlap), 399);
    let first = report
        .diagnostics
        .iter()
        .find(|d| d.code == Code::PoolConflict)
        .expect("a conflict");
    assert_eq!(
        first.message,
        "range 10.10.0.0/24 of pool 'p0' contains the address 10.10.0.2 of route reflector 'rr1' and 6 other device addresses"
    );

    // 1,000 IPv6 VMs on a node without IPv6: one finding at the node.
    let mut plan = dc1();
    plan.nodes[1].ipv6 = None;
    plan.vms = (0..1000)
        .map(|i| Vm {
            name: format!("v{i}"),
            node: "kvm2".to_string(),
            ipv4: None,
            ipv6: Some(format!("2001:db8:100::{:x}", i + 0x100)),
        })
        .collect();
    let report = checked(&plan);
    assert_eq!(count(&report, Code::NodeMissingFamily), 1);
    assert!(report.diagnostics.iter().any(|d| d.message
        == "node 'kvm2' hosts VM 'v0' and 999 other VMs with an IPv6 address but has no IPv6 address to announce it over"));
}

/// 100,000 VMs on a node that does not exist: one finding each (every VM is misplaced), with a
/// help text built once rather than once per VM over every node.
#[test]
fn many_vms_on_an_unknown_node_stay_linear() {
    let plan = common::vms_on_a_missing_node(1000, 100_000);
    let started = std::time::Instant::now();
    let report = check(&plan);
    let unknown = report
        .diagnostics
        .iter()
        .filter(|d| d.code == Code::VmUnknownNode)
        .count();
    assert_eq!(unknown, 100_000);
    // Generous for a debug build on a busy machine; the quadratic version took minutes.
    assert!(started.elapsed().as_secs() < 20, "{:?}", started.elapsed());
}
