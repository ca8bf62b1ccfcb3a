//! Diagnostics, code by code: every code of `Code::ALL` has a small plan that triggers it, with
//! its severity and JSON Pointer pinned (the table is in diagnostics/cases.rs), and the shipped
//! examples give what they should.
//!
//! Every case starts from examples/dc1-dual-stack.json (valid, no diagnostics at all) and
//! changes one thing, in the style of rust-analyzer's `check(input, expect)` helpers.

#[path = "diagnostics/cases.rs"]
mod cases;
#[path = "diagnostics/support.rs"]
mod support;

use cases::cases;
use fabric_designer::check::{check, Code, Report, Severity};
use fabric_designer::plan::Pool;
use std::collections::BTreeSet;
use support::{
    checked, dc1, expect, grow_nodes, kvm, read, some,
    Input::{Edit, Text},
    DC1, LAB, LXD, MISTAKES,
};
use Severity::{Error, Info, Warning};

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
        "codes without a case in tests/diagnostics/cases.rs: {missing:?}"
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
    // 15 nodes and one core in both families: 32 sessions per reflector, the most allowed:
    // valid, with a warning on each reflector that no peer can be added.
    grow_nodes(&mut plan, 15);
    let report = checked(&plan);
    assert!(report.fabric.is_some());
    let codes: Vec<Code> = report.diagnostics.iter().map(|d| d.code).collect();
    assert_eq!(codes, vec![Code::RrSessionFull, Code::RrSessionFull]);
    assert!(report.sessions.iter().all(|s| s.total() == 32));
    // One session less: no warning.
    plan.nodes[14].ipv6 = None;
    let report = checked(&plan);
    assert!(report.sessions.iter().all(|s| s.total() == 31));
    assert!(!report
        .diagnostics
        .iter()
        .any(|d| d.code == Code::RrSessionFull));
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

fn codes_and_paths(report: &Report) -> Vec<(&'static str, String)> {
    report
        .diagnostics
        .iter()
        .map(|d| (d.code.as_str(), d.place.to_string()))
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
        codes_and_paths(&report)
            .iter()
            .map(|(code, path)| (*code, path.as_str()))
            .collect::<Vec<_>>(),
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
            // No id: the core's objects would take the names of VMmanager's guide.
            ("id-missing", "/id"),
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

/// The page names fields as the form does: for every case, no message or help it shows
/// holds a JSON Pointer or a key of the file format (the command line and the JSON keep them).
#[test]
fn the_page_speaks_in_the_form_s_words() {
    use fabric_designer::app::problems::{in_form_terms, where_in_form};
    let file_words = [
        "gateway.ipv",
        "frr_version",
        " asn",
        "os to ",
        "under underlay",
        "\"ipv4\"",
        "\"ipv6\"",
        "platform junos",
        "Set node ",
    ];
    let mut wrong: Vec<String> = Vec::new();
    for c in cases() {
        let Edit(edit) = c.input else { continue };
        let mut plan = dc1();
        edit(&mut plan);
        for d in check(&plan).diagnostics {
            for text in [
                in_form_terms(&plan, &d.message),
                in_form_terms(&plan, &d.help),
            ] {
                let keys = [
                    "nodes",
                    "vms",
                    "pools",
                    "route_reflectors",
                    "core_gateways",
                    "gateway",
                    "underlay",
                    "protection",
                    "asn",
                    "community",
                    "name",
                    "frr_version",
                    "vxlan",
                ];
                for key in keys {
                    if text.contains(&format!(" /{key}")) {
                        wrong.push(format!("{}: a path in {text:?}", d.code));
                    }
                }
                for word in file_words {
                    if text.contains(word) {
                        wrong.push(format!("{}: {word:?} in {text:?}", d.code));
                    }
                }
            }
            let place = where_in_form(&plan, &d.place);
            if place.contains('/') || place.is_empty() {
                wrong.push(format!("{}: {place:?}", d.code));
            }
        }
    }
    wrong.sort();
    wrong.dedup();
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}
