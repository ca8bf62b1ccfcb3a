//! Plan diffs and change bundles: the everyday changes pinned as golden change bundles, the
//! Junos change proven with Junos's merge rules over Juniper's schema, every vtysh change file
//! checked by FRR's parser, and the command line's contract.
//! Applying the FRR changes to running daemons is tests/diff_apply.rs.

mod common;
#[path = "diff/scenarios.rs"]
mod scenarios;
// Only the walk is used here, not the helpers the schema test's semantic checks use.
#[allow(dead_code)]
#[path = "junos/walker.rs"]
mod walker;

use fabric_designer::diff::{change_bundle, Status, Work};
use scenarios::{change, scenarios};
use std::collections::BTreeMap;
use std::path::Path;
use walker::{Op, Schema, Statement, Step};

/// The change bundle of each everyday change, without the reference files (NEW's full
/// frr.conf, pinned by the golden bundles already): CHANGE.md and every file that applies a
/// change, one snapshot per change for review.
#[test]
fn everyday_changes_are_pinned() {
    for (name, old, new) in scenarios() {
        let change = change(name, &old, &new);
        let mut text = String::new();
        for d in &change.devices {
            text.push_str(&format!("{}: {:?}\n", d.device, d.status));
        }
        for file in change_bundle(&change) {
            let reference = file.path.ends_with("frr.conf")
                || file.path.ends_with("junos.conf")
                || file.path.ends_with(".sh")
                || file.path.ends_with("run-script.md");
            if !reference {
                text.push_str(&format!("\n==> {} <==\n{}", file.path, file.contents));
            }
        }
        insta::assert_snapshot!(format!("change__{name}"), text);
    }
}

#[test]
fn identical_plans_change_nothing() {
    for name in common::VALID {
        let plan = common::example(name);
        let change = change(name, &plan, &plan);
        assert!(change.is_empty(), "{name}");
        assert!(
            change.order.is_empty() && change.vmmanager.is_empty(),
            "{name}"
        );
        for d in &change.devices {
            assert_eq!(d.status, Status::Unchanged, "{name}: {}", d.device);
            assert!(
                d.files.is_empty() && d.steps.is_empty(),
                "{name}: {}",
                d.device
            );
        }
        let bundle = change_bundle(&change);
        assert_eq!(bundle.len(), 1, "{name}: only CHANGE.md");
        assert!(bundle[0].contents.contains("nothing to do"));
    }
}

/// Every device of either plan is listed once, with the right status.
#[test]
fn every_device_of_either_plan_is_listed() {
    for (name, old, new) in scenarios() {
        let change = change(name, &old, &new);
        let folders = |p: &fabric_designer::plan::Plan| -> Vec<String> {
            let f = common::fabric(p);
            let mut v: Vec<String> = f
                .nodes
                .iter()
                .map(|n| format!("nodes/{}", n.device.name))
                .collect();
            v.extend(
                f.route_reflectors
                    .iter()
                    .map(|r| format!("route-reflectors/{}", r.device.name)),
            );
            v.extend(
                f.core_gateways
                    .iter()
                    .map(|c| format!("core/{}", c.device.name)),
            );
            v
        };
        let (a, b) = (folders(&old), folders(&new));
        let mut all: Vec<String> = a.iter().chain(&b).cloned().collect();
        all.sort();
        all.dedup();
        let listed: Vec<String> = change.devices.iter().map(|d| d.device.clone()).collect();
        assert_eq!(listed, all, "{name}");
        for d in &change.devices {
            let expected = match (a.contains(&d.device), b.contains(&d.device)) {
                (false, true) => Some(Status::Added),
                (true, false) => Some(Status::Removed),
                _ => None,
            };
            if let Some(expected) = expected {
                assert_eq!(d.status, expected, "{name}: {}", d.device);
            }
        }
    }
}

/// A TCP-MD5 password never reaches a diff: both sides are rendered with a placeholder, so
/// turning protection on shows the placeholder, never a password.
#[test]
fn secrets_never_appear_in_a_diff() {
    let (_, plan) = common::variations()
        .into_iter()
        .find(|(n, _)| n == "md5-frr-core-default-timers")
        .expect("a variation");
    let mut unprotected = plan.clone();
    unprotected.protection.md5 = false;
    let password = common::secrets().md5.expect("the test password");
    for (old, new) in [(&plan, &plan), (&unprotected, &plan)] {
        let change = change("md5", old, new);
        let json = change.to_json();
        let bundle: String = change_bundle(&change)
            .iter()
            .map(|f| f.contents.clone())
            .collect();
        assert!(!json.contains(password.reveal()) && !bundle.contains(password.reveal()));
    }
    let change = change("md5", &unprotected, &plan);
    assert!(change
        .to_json()
        .contains(fabric_designer::diff::PASSWORD_PLACEHOLDER));
    let md = &change_bundle(&change)[0].contents;
    assert!(md.contains("put the password in its place"), "{md}");
}

/// The Junos configuration as Junos keeps it: every statement path, with a leaf's value, a
/// leaf-list's values in order, or nothing for a container or list entry.
#[derive(Debug, Default, PartialEq)]
struct JunosConfig(BTreeMap<StatementPath, Node>);

/// A statement's place: each step's name with its list keys.
type StatementPath = Vec<(String, Vec<(String, String)>)>;

#[derive(Debug, PartialEq)]
enum Node {
    Container,
    Entry,
    Leaf(Option<String>),
    List(Vec<String>),
}

impl JunosConfig {
    /// Applies one statement with Junos's merge rules: `set` replaces a leaf's value but adds
    /// to a leaf-list; `delete` removes a statement with everything under it, or one value of a
    /// leaf-list.
    fn apply(&mut self, statement: &Statement) {
        let path: StatementPath = statement
            .steps
            .iter()
            .map(|s| (s.name.clone(), s.keys.clone()))
            .collect();
        let last: &Step = statement.steps.last().expect("a statement has a step");
        match statement.op {
            Op::Set => {
                for (n, step) in statement.steps.iter().enumerate().take(path.len() - 1) {
                    let node = if step.entry {
                        Node::Entry
                    } else {
                        Node::Container
                    };
                    self.0.entry(path[..=n].to_vec()).or_insert(node);
                }
                if last.leaf_list {
                    let v = last.value.clone().expect("a leaf-list value");
                    let node = self.0.entry(path).or_insert(Node::List(Vec::new()));
                    if let Node::List(values) = node {
                        if !values.contains(&v) {
                            values.push(v);
                        }
                    }
                } else if last.entry {
                    self.0.entry(path).or_insert(Node::Entry);
                } else {
                    // A leaf's value replaces the one it had; a flag or a presence container
                    // just is.
                    self.0.insert(path, Node::Leaf(last.value.clone()));
                }
            }
            Op::Delete => {
                if let (true, Some(v)) = (last.leaf_list, &last.value) {
                    if let Some(Node::List(values)) = self.0.get_mut(&path) {
                        values.retain(|x| x != v);
                        if values.is_empty() {
                            self.0.remove(&path);
                        }
                    }
                } else {
                    self.0.retain(|p, _| !p.starts_with(&path));
                }
            }
        }
    }

    /// Containers left without anything under them are not configuration: Junos drops them.
    fn pruned(mut self) -> JunosConfig {
        loop {
            let empty: Vec<_> = self
                .0
                .iter()
                .filter(|(p, n)| {
                    matches!(n, Node::Container)
                        && !self.0.keys().any(|q| q.len() > p.len() && q.starts_with(p))
                })
                .map(|(p, _)| p.clone())
                .collect();
            if empty.is_empty() {
                return self;
            }
            for p in empty {
                self.0.remove(&p);
            }
        }
    }
}

fn schema() -> Schema {
    Schema::load(
        &Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/data/junos/schema-24.4R1-bgp-policy.json.gz"),
    )
}

fn load(schema: &Schema, config: &mut JunosConfig, text: &str, what: &str) {
    for line in text.lines() {
        match schema.check_line(line) {
            Ok(Some(statement)) => config.apply(&statement),
            Ok(None) => {}
            Err(e) => panic!("{what}: `{line}` is not in Juniper's schema: {e}"),
        }
    }
}

/// OLD's junos.conf, then each phase's change file, merged as Junos merges `load set`, gives
/// exactly NEW's junos.conf; and every line of a change file is in Juniper's schema.
#[test]
fn junos_changes_turn_old_into_new_under_junos_merge_rules() {
    let schema = schema();
    let mut proven = 0;
    for (name, old, new) in scenarios::all_changes() {
        let name = name.as_str();
        let change = change(name, &old, &new);
        for d in &change.devices {
            let Work::Junos(junos) = &d.work else {
                continue;
            };
            let path = format!("{}/junos.conf", d.device);
            let file = |p: &fabric_designer::plan::Plan| scenarios::file_as_diff_renders(p, &path);
            let mut got = JunosConfig::default();
            load(&schema, &mut got, &file(&old), "OLD");
            let mut want = JunosConfig::default();
            load(&schema, &mut want, &file(&new), "NEW");
            let in_new = neighbors(&want);
            let keep: Vec<String> = neighbors(&got)
                .into_iter()
                .filter(|n| in_new.contains(n))
                .collect();
            committable(&got, &keep, &format!("{name} {} OLD", d.device));
            // One commit per file, in the order of the change bundle.
            let commits = std::iter::once(("before".to_string(), junos.before.as_str()))
                .chain(
                    junos
                        .moves
                        .iter()
                        .map(|m| (format!("move {}", m.reflector), m.lines.as_str())),
                )
                .chain(std::iter::once(("after".to_string(), junos.after.as_str())));
            for (what, text) in commits {
                let what = format!("{name} {} {what}", d.device);
                load(&schema, &mut got, text, &what);
                committable(&got, &keep, &what);
            }
            assert_eq!(got.pruned(), want.pruned(), "{name}: {}", d.device);
            proven += 1;
        }
    }
    assert!(proven >= 12, "only {proven} Junos changes proven");
}

/// The BGP groups of a configuration: name, its neighbours' addresses, its import policies.
fn groups(config: &JunosConfig) -> Vec<(String, Vec<String>, Vec<String>)> {
    let key = |step: &(String, Vec<(String, String)>)| -> Option<String> {
        step.1.first().map(|(_, v)| v.clone())
    };
    let mut out: Vec<(String, Vec<String>, Vec<String>)> = Vec::new();
    for (path, node) in &config.0 {
        let names: Vec<&str> = path.iter().map(|(n, _)| n.as_str()).collect();
        let Some(group) = path.get(2).and_then(key) else {
            continue;
        };
        if !names.starts_with(&["protocols", "bgp", "group"]) {
            continue;
        }
        let at = match out.iter().position(|(g, ..)| *g == group) {
            Some(at) => at,
            None => {
                out.push((group.clone(), Vec::new(), Vec::new()));
                out.len() - 1
            }
        };
        match (names.as_slice(), node) {
            ([_, _, _, "neighbor"], _) => {
                if let Some(addr) = path.get(3).and_then(key) {
                    out[at].1.push(addr);
                }
            }
            ([_, _, _, "import"], Node::List(policies)) => out[at].2.extend(policies.clone()),
            _ => {}
        }
    }
    out
}

/// What Junos checks at commit and what keeps routes flowing, after each commit of a change:
/// a neighbour sits in one group only (`commit check` refuses it in two), every group's import
/// policy exists, and every reflector address in `keep` (both OLD and NEW have it) is in a
/// group: a session that moves leaves its old group and joins the new one in one commit.
fn committable(config: &JunosConfig, keep: &[String], what: &str) {
    let groups = groups(config);
    let mut seen: Vec<&String> = Vec::new();
    for (group, neighbors, imports) in &groups {
        for n in neighbors {
            assert!(
                !seen.contains(&n),
                "{what}: neighbor {n} is in two groups (again in {group}): commit check refuses it"
            );
            seen.push(n);
        }
        for policy in imports {
            let exists = config.0.keys().any(|p| {
                p.len() == 2
                    && p[1].0 == "policy-statement"
                    && p[1].1.first().is_some_and(|(_, v)| v == policy)
            });
            assert!(
                exists,
                "{what}: group {group} imports {policy}, which does not exist"
            );
        }
    }
    for addr in keep {
        assert!(
            seen.contains(&addr),
            "{what}: neighbor {addr} is in no group: its session is down"
        );
    }
}

/// The neighbour addresses of a configuration's groups.
fn neighbors(config: &JunosConfig) -> Vec<String> {
    groups(config).into_iter().flat_map(|(_, n, _)| n).collect()
}

/// The model itself: a `set` on a leaf-list adds, so a changed community without its `delete`
/// would keep both members (which must BOTH match); on a leaf it replaces.
#[test]
fn the_junos_model_merges_as_junos_does() {
    let schema = schema();
    let mut c = JunosConfig::default();
    load(
        &schema,
        &mut c,
        "set policy-options community C members 65000:1",
        "t",
    );
    load(
        &schema,
        &mut c,
        "set policy-options community C members 65000:2",
        "t",
    );
    let key = |words: &[(&str, &[(&str, &str)])]| -> StatementPath {
        words
            .iter()
            .map(|(n, k)| {
                (
                    n.to_string(),
                    k.iter()
                        .map(|(a, b)| (a.to_string(), b.to_string()))
                        .collect(),
                )
            })
            .collect()
    };
    let members = key(&[
        ("policy-options", &[]),
        ("community", &[("name", "C")]),
        ("members", &[]),
    ]);
    assert_eq!(
        c.0.get(&members),
        Some(&Node::List(vec!["65000:1".into(), "65000:2".into()]))
    );
    load(
        &schema,
        &mut c,
        "delete policy-options community C members 65000:1",
        "t",
    );
    assert_eq!(c.0.get(&members), Some(&Node::List(vec!["65000:2".into()])));
    load(
        &schema,
        &mut c,
        "set protocols bgp group G peer-as 65001",
        "t",
    );
    load(
        &schema,
        &mut c,
        "set protocols bgp group G peer-as 65002",
        "t",
    );
    let peer_as = key(&[
        ("protocols", &[]),
        ("bgp", &[]),
        ("group", &[("name", "G")]),
        ("peer-as", &[]),
    ]);
    assert_eq!(c.0.get(&peer_as), Some(&Node::Leaf(Some("65002".into()))));
}

/// Every vtysh change file passes FRR's own parser.
#[test]
fn every_vtysh_change_file_is_accepted_by_frr() {
    let dir = common::scratch();
    let mut checked = 0;
    for (name, old, new) in scenarios() {
        let change = change(name, &old, &new);
        for file in change_bundle(&change) {
            if !file.path.ends_with(".vtysh") {
                continue;
            }
            if let Err(said) = common::vtysh_check_file(dir.path(), name, &file) {
                panic!(
                    "{name}: {} is refused by vtysh -C:\n{}\n{said}",
                    file.path, file.contents
                );
            }
            checked += 1;
        }
    }
    assert!(checked >= 10, "only {checked} vtysh files checked");
}

/// A second fabric on the core of `example`: its own id, community, pools, reflectors and
/// nodes; the same core. Without `id` (both plans), the names of VMmanager's guide.
fn second_on_core(example: &str, id: Option<&str>, first_id: Option<&str>) -> (String, String) {
    let read = |name: &str| -> serde_json::Value {
        let path = format!("{}/examples/{name}.json", env!("CARGO_MANIFEST_DIR"));
        serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
    };
    let mut first = read(example);
    let mut second = first.clone();
    for (plan, id) in [(&mut first, first_id), (&mut second, id)] {
        match id {
            Some(id) => plan["id"] = id.into(),
            None => {
                plan.as_object_mut().unwrap().remove("id");
            }
        }
    }
    second["community"] = "65000:999".into();
    second["pools"] = serde_json::json!([
        { "name": "other-v4", "ranges": ["192.0.2.0/26"] },
        { "name": "other-v6", "ranges": ["2001:db8:900::/64"] }
    ]);
    // Other names and addresses (the last part of each address moved on) for its devices.
    for (list, prefix, offset) in [
        ("route_reflectors", "other-rr", 90),
        ("nodes", "other-n", 100),
    ] {
        for (i, item) in second[list].as_array_mut().unwrap().iter_mut().enumerate() {
            item["name"] = format!("{prefix}{i}").into();
            for (family, last) in [("ipv4", "."), ("ipv6", "::")] {
                if let Some(addr) = item[family].as_str() {
                    let (net, _) = addr.rsplit_once(last).unwrap();
                    item[family] = format!("{net}{last}{}", offset + i).into();
                }
            }
        }
    }
    second["vms"] = serde_json::json!([]);
    let core = |plan: &serde_json::Value| {
        let plan = fabric_designer::plan::read_plan(&plan.to_string()).unwrap();
        let name = plan.core_gateways[0].name.clone();
        let file = if plan.core_gateways[0].platform == fabric_designer::plan::Platform::Junos {
            "junos.conf"
        } else {
            "frr.conf"
        };
        scenarios::file_as_diff_renders(&plan, &format!("core/{name}/{file}"))
    };
    (core(&first), core(&second))
}

/// The objects an FRR core fragment defines: prefix lists, community lists, route-maps and
/// BFD profiles, by name.
fn frr_objects(conf: &str) -> std::collections::BTreeSet<String> {
    conf.lines()
        .filter_map(|l| {
            let w: Vec<&str> = l.split_whitespace().collect();
            match w.as_slice() {
                ["ip" | "ipv6", "prefix-list", name, ..]
                | ["bgp", "community-list", "standard", name, ..]
                | ["route-map", name, ..]
                | ["profile", name] => Some(name.to_string()),
                _ => None,
            }
        })
        .collect()
}

/// Two fabrics with different ids on one core share no object: on Junos, merging both files
/// leaves each fabric's statements exactly as its own file sets them (a shared community would
/// gain the other's member, which Junos ANDs); on FRR, no list, route-map or profile has both
/// fabrics' lines. Without ids they collide, on both platforms: the check can fail.
#[test]
fn two_fabrics_on_one_core_share_no_object() {
    let schema = schema();
    let collisions = |first: &str, second: &str| -> usize {
        let (mut a, mut b, mut both) = (
            JunosConfig::default(),
            JunosConfig::default(),
            JunosConfig::default(),
        );
        load(&schema, &mut a, first, "first");
        load(&schema, &mut b, second, "second");
        load(&schema, &mut both, first, "first");
        load(&schema, &mut both, second, "second");
        a.0.iter()
            .chain(b.0.iter())
            .filter(|(path, node)| {
                // Containers and list entries hold nothing of their own.
                !matches!(node, Node::Container | Node::Entry) && both.0.get(*path) != Some(*node)
            })
            .count()
    };
    let (first, second) = second_on_core("dc1-dual-stack", Some("dc2"), Some("dc1"));
    assert_eq!(collisions(&first, &second), 0);
    let (first, second) = second_on_core("dc1-dual-stack", None, None);
    assert!(collisions(&first, &second) > 0, "the guide's names collide");

    let (first, second) = second_on_core("lab-frr-core", Some("lab2"), Some("lab"));
    let shared: Vec<String> = frr_objects(&first)
        .intersection(&frr_objects(&second))
        .cloned()
        .collect();
    assert_eq!(shared, Vec::<String>::new());
    let (first, second) = second_on_core("lab-frr-core", None, None);
    assert!(!frr_objects(&first).is_disjoint(&frr_objects(&second)));
}
