//! Two fabrics on one core router, as at a hosting provider's site (one cluster per
//! virtualization type, each with its own reflectors, all on the same core). The lab runs the
//! FRR-core example (id `lab`); then a second fabric (id `lab2`: its own reflectors, nodes,
//! pools, VMs and community, the same core) is installed beside it, its core fragment merged
//! into the running core as its runbook says, after the runbook's check that its names are
//! free. Both fabrics must then carry every VM route to the core, each from exactly its own
//! reflectors and with its own community, and nothing of the first fabric may be reset.

use crate::changes::{no_flaps, sessions};
use crate::plans::{self, Rendered};
use crate::sys::say;
use crate::topology::{Lab, Role, VmPort, Wiring};
use crate::verify::{self, Expect};
use fabric_designer::plan::{read_plan, Plan, EXAMPLES};
use fabric_designer::render::{render, Secrets};
use std::time::Instant;

/// The second fabric: the example's core, gateway and underlay; everything else its own.
fn second_fabric() -> Plan {
    let text = r#"{
      "version": 1,
      "name": "Second cluster on the lab's core",
      "id": "lab2",
      "asn": 65010,
      "community": "65010:77",
      "gateway": { "ipv4": "10.255.0.1", "ipv6": "fd00:ffff::1" },
      "underlay": { "ipv4": "10.20.0.0/24", "ipv6": "2001:db8:20::/64" },
      "pools": [
        { "name": "v4", "ranges": ["198.51.100.128/26"] },
        { "name": "v6", "ranges": ["2001:db8:300::/56"] }
      ],
      "route_reflectors": [
        { "name": "rr3", "kind": "server", "ipv4": "10.20.0.4", "ipv6": "2001:db8:20::4" },
        { "name": "rr4", "kind": "server", "ipv4": "10.20.0.5", "ipv6": "2001:db8:20::5" }
      ],
      "core_gateways": [
        { "name": "core1", "platform": "frr", "asn": 65010, "ipv4": "10.20.0.1", "ipv6": "2001:db8:20::1" }
      ],
      "nodes": [
        { "name": "n4", "virtualization": "lxd", "os": "ubuntu-20.04", "ipv4": "10.20.0.14", "ipv6": "2001:db8:20::14" },
        { "name": "n5", "virtualization": "lxd", "os": "ubuntu-20.04", "ipv4": "10.20.0.15" }
      ],
      "vms": [
        { "name": "e1", "node": "n4", "ipv4": "198.51.100.130", "ipv6": "2001:db8:300::130" },
        { "name": "e2", "node": "n5", "ipv4": "198.51.100.131" }
      ]
    }"#;
    read_plan(text).expect("the second fabric reads")
}

fn first_fabric() -> Plan {
    let text = EXAMPLES
        .iter()
        .find(|(n, _)| *n == "lab-frr-core")
        .expect("the example")
        .1;
    read_plan(text).expect("the example reads")
}

/// The runbook (README.md) of a rendered fabric.
fn runbook(rendered: &Rendered) -> Result<String, String> {
    let files = render(
        &rendered.fabric,
        &Secrets {
            md5: "lab-Md5.key".parse().ok(),
        },
    )
    .map_err(|e| e.to_string())?;
    files
        .into_iter()
        .find(|f| f.path == "README.md")
        .map(|f| f.contents)
        .ok_or_else(|| "no README.md".to_string())
}

/// The runbook's rollback of the core: the code block after the words that introduce it.
fn rollback_lines(rendered: &Rendered) -> Result<String, String> {
    let readme = runbook(rendered)?;
    let after = readme
        .split_once("To roll back, save these lines as `rollback.vtysh`")
        .map(|(_, rest)| rest)
        .ok_or("the runbook has no rollback of the core")?;
    let block = after
        .split_once("```\n")
        .and_then(|(_, rest)| rest.split_once("```\n"))
        .map(|(block, _)| block.to_string())
        .ok_or("the runbook's rollback has no code block")?;
    Ok(block)
}

/// The runbook's check that the core's names are free: the `grep -E` pattern of its command
/// `vtysh -c 'show running-config' | grep -E '...'`.
fn names_check(rendered: &Rendered) -> Result<regex_lite::Regex, String> {
    let readme = runbook(rendered)?;
    let prefix = "vtysh -c 'show running-config' | grep -E '";
    let pattern = readme
        .lines()
        .find_map(|l| l.strip_prefix(prefix))
        .and_then(|rest| rest.strip_suffix('\''))
        .ok_or("the runbook has no check of the core's names")?;
    regex_lite::Regex::new(&format!("(?m){pattern}")).map_err(|e| e.to_string())
}

/// The expectation of one fabric: its reflectors with its nodes and the core, its VMs' routes
/// at the core from exactly its reflectors, with its community.
fn expect_for(lab: &Lab, rendered: &Rendered, vms: std::ops::Range<usize>) -> Expect {
    let hosts_of = |role: Role, names: Vec<&str>| -> Vec<usize> {
        lab.indexes(role)
            .into_iter()
            .filter(|&h| names.contains(&lab.hosts[h].name.as_str()))
            .collect()
    };
    let fabric = &rendered.fabric;
    let mut communities: Vec<String> = fabric.community.iter().map(|c| c.to_string()).collect();
    communities.push("noExport".to_string());
    let all_routes = crate::vm_routes(lab, &[]);
    let names: Vec<&str> = lab.vms[vms].iter().map(|v| v.vm.as_str()).collect();
    Expect {
        reflectors: hosts_of(
            Role::Reflector,
            fabric
                .route_reflectors
                .iter()
                .map(|r| r.device.name.as_str())
                .collect(),
        ),
        nodes: Some(hosts_of(
            Role::Node,
            fabric
                .nodes
                .iter()
                .map(|n| n.device.name.as_str())
                .collect(),
        )),
        routes: all_routes
            .into_iter()
            .filter(|r| names.iter().any(|n| r.owner == format!("VM {n}")))
            .collect(),
        absent: Vec::new(),
        communities,
        evpn: fabric.vxlan,
    }
}

pub fn run() -> Result<Vec<String>, String> {
    let wiring = Wiring::PointToPoint;
    let started = Instant::now();
    let mut report = Vec::new();
    let mut step = |line: String| {
        say!(
            "lab shared core: {:5.1} s  {line}",
            started.elapsed().as_secs_f64()
        );
        report.push(line);
    };
    let (first_plan, second_plan) = (first_fabric(), second_fabric());
    let first = plans::rendered(&first_plan, wiring)?;
    let second = plans::rendered(&second_plan, wiring)?;
    let mut lab = crate::running(&first, wiring)?;
    let first_vms = 0..lab.vms.len();
    let seen = verify::wait(
        &lab,
        &expect_for(&lab, &first, first_vms.clone()),
        crate::CONVERGE,
    )
    .map_err(|p| {
        format!(
            "the first fabric did not converge:\n{}",
            crate::problems_text(&p)
        )
    })?;
    step(format!(
        "fabric lab: {} sessions up, {} VM routes at the core",
        seen.sessions, seen.routes
    ));

    // The runbook's check, on the running core: the second fabric's names are free, and the
    // same check with the first fabric's names finds them (so it can fail).
    let core = lab
        .indexes(Role::Core)
        .first()
        .copied()
        .ok_or("the lab has no core")?;
    let running = lab.vtysh(core, &["show running-config"])?;
    let taken: Vec<&str> = names_check(&second)?
        .find_iter(&running)
        .map(|m| m.as_str())
        .collect();
    if !taken.is_empty() {
        return Err(format!(
            "the runbook's check finds the second fabric's names on the core: {taken:?}"
        ));
    }
    let own = names_check(&first)?.find_iter(&running).count();
    if own == 0 {
        return Err("the runbook's check does not find the first fabric's own names".into());
    }
    step(format!(
        "the runbook's check: the second fabric's names are free on the core (the first fabric's \
         own match {own} times)"
    ));

    // The second fabric arrives: its reflectors, its nodes with their VMs, then its fragment
    // merged into the running core.
    let before = sessions(&lab)?;
    for hc in second.hosts.iter().filter(|h| h.role == Role::Reflector) {
        lab.add_device(hc.clone())?;
    }
    for hc in second.hosts.iter().filter(|h| h.role == Role::Node) {
        let name = hc.name.clone();
        let h = lab.add_device(hc.clone())?;
        let fabric = &second.fabric;
        for vm in fabric.vms.iter().filter(|vm| {
            fabric
                .nodes
                .get(vm.node)
                .is_some_and(|n| n.device.name.as_str() == name)
        }) {
            lab.vms.push(VmPort {
                vm: vm.name.to_string(),
                node: h,
                interface: vm.interface().to_string(),
                ipv4: vm.ipv4,
                ipv6: vm.ipv6,
            });
            lab.create_vm(lab.vms.len() - 1)?;
        }
    }
    let fragment = second
        .hosts
        .iter()
        .find(|h| h.role == Role::Core)
        .and_then(|h| h.fragment.clone())
        .ok_or("the second fabric has no core fragment")?;
    lab.apply(core, "second-fabric.conf", &fragment)?;
    let first_vms_end = first_vms.end;
    let second_vms = first_vms.end..lab.vms.len();
    for (name, rendered, vms) in [("lab", &first, first_vms), ("lab2", &second, second_vms)] {
        let seen =
            verify::wait(&lab, &expect_for(&lab, rendered, vms), crate::CONVERGE).map_err(|p| {
                format!(
                    "with both fabrics on the core, fabric {name} is wrong:\n{}",
                    crate::problems_text(&p)
                )
            })?;
        step(format!(
            "both fabrics on core1: fabric {name} has {} sessions up and {} VM routes at the \
             core, each from exactly its own reflectors with its own community",
            seen.sessions, seen.routes
        ));
    }
    let after = sessions(&lab)?;
    no_flaps(&before, &after)
        .map_err(|e| format!("merging the second fabric reset the first one's: {e}"))?;
    step(format!(
        "none of the first fabric's {} sessions was reset",
        before.len()
    ));

    // The second fabric leaves the core with its runbook's rollback: the core's running
    // configuration is then what it was before the merge, and the first fabric keeps every
    // route, nothing of it reset.
    let before = sessions(&lab)?;
    lab.apply(core, "rollback.vtysh", &rollback_lines(&second)?)?;
    let back = lab.vtysh(core, &["show running-config"])?;
    if back != running {
        return Err(format!(
            "after the second fabric's rollback the core's configuration differs from before its merge:\n{}",
            fabric_designer::diff::unified("running-config", Some(&running), Some(&back))
        ));
    }
    let seen = verify::wait(
        &lab,
        &expect_for(&lab, &first, 0..first_vms_end),
        crate::CONVERGE,
    )
    .map_err(|p| {
        format!(
            "after the second fabric's rollback, fabric lab is wrong:\n{}",
            crate::problems_text(&p)
        )
    })?;
    let after = sessions(&lab)?;
    let first_only = |s: &crate::changes::Sessions| -> crate::changes::Sessions {
        s.iter()
            .filter(|((host, _), _)| first.hosts.iter().any(|h| h.name == *host))
            .map(|(k, v)| (k.clone(), *v))
            .collect()
    };
    no_flaps(&first_only(&before), &first_only(&after))
        .map_err(|e| format!("the rollback reset the first fabric's: {e}"))?;
    step(format!(
        "the second fabric rolled back with its runbook's lines: the core's configuration is as \
         before its merge, fabric lab has {} sessions up and {} VM routes at the core",
        seen.sessions, seen.routes
    ));
    Ok(report)
}
