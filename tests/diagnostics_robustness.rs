//! Diagnostics under odd and hostile input: it never panics, never reaches a fabric and never
//! breaks the one-line messages; collisions stay one finding per item.

mod common;
#[path = "diagnostics/support.rs"]
mod support;

use common::nasty_strings;
use fabric_designer::check::{check, read_error_diagnostic, Code, Report};
use fabric_designer::plan::{read_plan, Plan, Pool, Vm};
use serde_json::Value;
use support::{assert_well_formed, checked, dc1, grow_nodes, kvm, some};

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
                    .any(|d| d.code == Code::NameInvalid && d.place.to_string() == path),
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
                .any(|d| d.code == Code::VmUnknownNode && d.place.to_string() == "/vms/0/node"),
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
    assert_eq!(last.place.to_string(), "/pools/0/ranges/3999");
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
