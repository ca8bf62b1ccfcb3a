//! The everyday changes of a running fabric, each as an OLD and a NEW plan: the golden change
//! bundles (tests/diff.rs) and the live application in FRR (tests/diff_apply.rs) use them.

use fabric_designer::check::check;
use fabric_designer::diff::{self, Change, Side};
use fabric_designer::plan::{read_plan, Plan};
use serde_json::{json, Value};

/// An example plan as JSON, to change.
fn example(name: &str) -> Value {
    let path = format!("{}/examples/{name}.json", env!("CARGO_MANIFEST_DIR"));
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn plan(value: &Value) -> Plan {
    read_plan(&value.to_string()).expect("a readable plan")
}

/// Each change: its name, OLD and NEW. dc1 has a Junos core and two reflectors; lab-frr-core
/// an FRR core.
pub fn scenarios() -> Vec<(&'static str, Plan, Plan)> {
    let dc1 = example("dc1-dual-stack");
    let frr = example("lab-frr-core");
    let changed = |base: &Value, edit: &dyn Fn(&mut Value)| {
        let mut v = base.clone();
        edit(&mut v);
        v
    };
    let add_node = |v: &mut Value| {
        v["nodes"].as_array_mut().unwrap().push(json!({
            "name": "kvm5", "virtualization": "kvm", "os": "almalinux-8",
            "ipv4": "10.10.0.15", "ipv6": "2001:db8:ffff::15"
        }))
    };
    let remove_node = |v: &mut Value| {
        let gone = v["nodes"].as_array_mut().unwrap().pop().unwrap()["name"].clone();
        v["vms"]
            .as_array_mut()
            .unwrap()
            .retain(|vm| vm["node"] != gone);
    };
    let add_range = |v: &mut Value| {
        v["pools"][0]["ranges"]
            .as_array_mut()
            .unwrap()
            .push(json!("198.51.100.64/27"))
    };
    let one_reflector = |v: &mut Value| v["route_reflectors"].as_array_mut().unwrap().truncate(1);
    let community = |v: &mut Value| v["community"] = json!("65000:200");
    let core_as = |v: &mut Value| v["core_gateways"][0]["asn"] = json!(65100);
    let frr_range = |v: &mut Value| {
        v["pools"][0]["ranges"]
            .as_array_mut()
            .unwrap()
            .push(json!("198.51.100.0/28"))
    };
    let frr_community = |v: &mut Value| v["community"] = json!("65010:43");
    let frr_core_as = |v: &mut Value| v["core_gateways"][0]["asn"] = json!(65111);
    // A fabric deployed before ids, under the names of VMmanager's guide.
    let no_id = |v: &mut Value| {
        v.as_object_mut().unwrap().remove("id");
    };
    vec![
        ("add-node", plan(&dc1), plan(&changed(&dc1, &add_node))),
        (
            "remove-node",
            plan(&dc1),
            plan(&changed(&dc1, &remove_node)),
        ),
        (
            "add-pool-range",
            plan(&dc1),
            plan(&changed(&dc1, &add_range)),
        ),
        (
            "add-second-reflector",
            plan(&changed(&dc1, &one_reflector)),
            plan(&dc1),
        ),
        (
            "change-community",
            plan(&dc1),
            plan(&changed(&dc1, &community)),
        ),
        (
            "core-as-ibgp-to-ebgp",
            plan(&dc1),
            plan(&changed(&dc1, &core_as)),
        ),
        (
            "frr-core-add-pool-range",
            plan(&frr),
            plan(&changed(&frr, &frr_range)),
        ),
        (
            "frr-core-change-community",
            plan(&frr),
            plan(&changed(&frr, &frr_community)),
        ),
        (
            "frr-core-remove-reflector",
            plan(&frr),
            plan(&changed(&frr, &one_reflector)),
        ),
        (
            "frr-core-as-ibgp-to-ebgp",
            plan(&frr),
            plan(&changed(&frr, &frr_core_as)),
        ),
        ("add-id", plan(&changed(&dc1, &no_id)), plan(&dc1)),
        (
            "add-id-one-reflector",
            plan(&changed(&changed(&dc1, &no_id), &one_reflector)),
            plan(&changed(&dc1, &one_reflector)),
        ),
        ("frr-core-add-id", plan(&changed(&frr, &no_id)), plan(&frr)),
    ]
}

/// The change between two plans, both of which must check without errors.
pub fn change(name: &str, old: &Plan, new: &Plan) -> Change {
    let (a, b) = (check(old), check(new));
    let fabric = |r: &fabric_designer::check::Report, side: &str| {
        r.fabric
            .clone()
            .unwrap_or_else(|| panic!("{name}: the {side} plan has errors: {:#?}", r.diagnostics))
    };
    let (fa, fb) = (fabric(&a, "old"), fabric(&b, "new"));
    diff::diff(
        Side {
            plan: old,
            fabric: &fa,
        },
        Side {
            plan: new,
            fabric: &fb,
        },
    )
}

/// Every ordered pair of the test variations (tests/common) that share a device folder: plans
/// that differ in many ways at once (families, VxLAN, TCP-MD5, timers, route limits, FRR
/// version, eBGP), for the change generators to turn one into the other.
pub fn variation_pairs() -> Vec<(String, Plan, Plan)> {
    let variations = crate::common::variations();
    let folders = |p: &Plan| -> Vec<String> {
        let mut v: Vec<String> = p
            .route_reflectors
            .iter()
            .map(|d| format!("route-reflectors/{}", d.name))
            .collect();
        v.extend(p.core_gateways.iter().map(|d| format!("core/{}", d.name)));
        v
    };
    let mut out = Vec::new();
    for (a_name, a) in &variations {
        for (b_name, b) in &variations {
            if a_name == b_name || a.nodes.len() > 10 || b.nodes.len() > 10 {
                continue;
            }
            let fb = folders(b);
            if folders(a).iter().any(|f| fb.contains(f)) {
                out.push((format!("{a_name} -> {b_name}"), a.clone(), b.clone()));
            }
        }
    }
    out
}

/// The everyday changes and the variation pairs: every change the generators are proven on.
pub fn all_changes() -> Vec<(String, Plan, Plan)> {
    let everyday = scenarios()
        .into_iter()
        .map(|(name, old, new)| (name.to_string(), old, new));
    everyday.chain(variation_pairs()).collect()
}

/// A file of a plan's bundle rendered as `diff` renders it: any password is the placeholder.
pub fn file_as_diff_renders(plan: &Plan, path: &str) -> String {
    let report = check(plan);
    let fabric = report.fabric.expect("a valid plan");
    let secrets = fabric_designer::render::Secrets {
        md5: diff::PASSWORD_PLACEHOLDER.parse().ok(),
    };
    fabric_designer::bundle::files(plan, &fabric, &secrets)
        .expect("renders")
        .into_iter()
        .find(|f| f.path == path)
        .unwrap_or_else(|| panic!("no {path}"))
        .contents
}
