//! A running fabric changed step by step with `fabric-designer diff`'s change files, as an
//! engineer would, from a plan deployed before fabric ids (the guide's names on the core): one lab built from the first plan, then for each next plan the diff's
//! before-files (core, then reflectors), VMmanager's part (nodes added, removed or
//! reconfigured), the after-files (reflectors, then core), each applied to the running daemons
//! with `vtysh -f`; no daemon is restarted. After each phase the fabric is checked exactly as a
//! fresh lab is (sessions, routes at the core with their communities and next hops): after the
//! before-files in the old plan's state, after VMmanager's step and after the after-files in
//! the new plan's. And no session that the step did not add or remove was reset: each keeps
//! its count of establishments and its uptime grows.

use crate::plans::{self, Rendered};
use crate::show::neighbors;
use crate::sys::say;
use crate::topology::{HostConfig, Lab, Role, VmPort, Wiring};
use crate::verify::{self, Expect};
use fabric_designer::diff::{self, Phase, Role as DeviceRole, Side, Status, Work};
use fabric_designer::plan::{read_plan, Plan, EXAMPLES};
use std::collections::BTreeMap;
use std::net::IpAddr;
use std::time::Instant;

/// The plan every step starts from, and the steps: each a name and the plan after it.
fn steps() -> Vec<(&'static str, Plan)> {
    let text = EXAMPLES
        .iter()
        .find(|(n, _)| *n == "lab-frr-core")
        .expect("the example")
        .1;
    let mut value: serde_json::Value = serde_json::from_str(text).expect("JSON");
    let mut out = Vec::new();
    let mut step = |name: &'static str, edit: &dyn Fn(&mut serde_json::Value)| {
        edit(&mut value);
        out.push((name, read_plan(&value.to_string()).expect("a plan")));
    };
    // Deployed before fabric ids: the core's objects have the names of VMmanager's guide.
    step("the first plan, without an id", &|v| {
        v.as_object_mut().expect("an object").remove("id");
    });
    // The core moves to the fabric's own names: new lists and route-maps first, the
    // neighbours' references switched, the old objects removed, and no session reset.
    step("give the fabric its id", &|v| v["id"] = "lab".into());
    step("add a pool range", &|v| {
        v["pools"][0]["ranges"]
            .as_array_mut()
            .unwrap()
            .push("198.51.100.0/28".into())
    });
    step("add a node with a VM", &|v| {
        v["nodes"].as_array_mut().unwrap().push(serde_json::json!({
            "name": "n4", "virtualization": "kvm", "os": "almalinux-8",
            "ipv4": "10.20.0.14", "ipv6": "2001:db8:20::14"
        }));
        v["vms"].as_array_mut().unwrap().push(serde_json::json!({
            "name": "d1", "node": "n4", "ipv4": "198.51.100.5", "ipv6": "2001:db8:200:4::1"
        }));
    });
    step("change the community", &|v| {
        v["community"] = "65010:43".into()
    });
    step("remove the node", &|v| {
        v["nodes"].as_array_mut().unwrap().pop();
        v["vms"].as_array_mut().unwrap().pop();
    });
    step("remove the pool range", &|v| {
        v["pools"][0]["ranges"].as_array_mut().unwrap().pop();
    });
    step("add a third route reflector", &|v| {
        v["route_reflectors"]
            .as_array_mut()
            .unwrap()
            .push(serde_json::json!({
                "name": "rr3", "kind": "server", "ipv4": "10.20.0.4", "ipv6": "2001:db8:20::4"
            }));
    });
    step("remove the third route reflector", &|v| {
        v["route_reflectors"].as_array_mut().unwrap().pop();
    });
    out
}

/// Every established BGP session the lab's devices see: (host, peer) -> (times established,
/// up ms).
pub type Sessions = BTreeMap<(String, IpAddr), (u64, u64)>;

pub fn sessions(lab: &Lab) -> Result<Sessions, String> {
    let mut out = BTreeMap::new();
    for role in [Role::Reflector, Role::Core, Role::Node] {
        for h in lab.indexes(role) {
            for (peer, n) in neighbors(lab, h)? {
                if n.state == "Established" {
                    out.insert((lab.hosts[h].name.clone(), peer), (n.established, n.up_ms));
                }
            }
        }
    }
    Ok(out)
}

/// What the fabric must look like in a plan's state: every VM route of the lab's VMs (those not
/// removed) at the core, from every reflector of the plan, with the plan's community and
/// no-export.
fn expect_for(lab: &Lab, rendered: &Rendered, removed: &[usize]) -> Expect {
    let mut communities: Vec<String> = rendered
        .fabric
        .community
        .iter()
        .map(|c| c.to_string())
        .collect();
    communities.push("noExport".to_string());
    // The plan's reflectors: one being installed or retired belongs to one side only.
    let reflectors = lab
        .indexes(Role::Reflector)
        .into_iter()
        .filter(|&h| {
            rendered
                .fabric
                .route_reflectors
                .iter()
                .any(|rr| rr.device.name.as_str() == lab.hosts[h].name)
        })
        .collect();
    Expect {
        nodes: None,
        reflectors,
        routes: crate::vm_routes(lab, removed),
        absent: Vec::new(),
        communities,
        evpn: rendered.fabric.vxlan,
    }
}

/// A device's rendered host configuration, by name.
fn config_of(rendered: &Rendered, name: &str) -> Option<HostConfig> {
    rendered.hosts.iter().find(|h| h.name == name).cloned()
}

fn host(lab: &Lab, device: &diff::DeviceChange) -> Result<usize, String> {
    lab.host_index(device.name())
        .ok_or_else(|| format!("{} is not in the lab", device.device))
}

/// Installs the reflectors the step adds (before VMmanager, as CHANGE.md says: the new
/// reflector's full frr.conf, as for a new fabric).
fn install_reflectors(
    lab: &mut Lab,
    change: &diff::Change,
    new: &Rendered,
) -> Result<Vec<String>, String> {
    let mut done = Vec::new();
    for d in change
        .devices
        .iter()
        .filter(|d| d.role == DeviceRole::RouteReflector && d.status == Status::Added)
    {
        let name = d.name();
        let hc = config_of(new, name).ok_or_else(|| format!("no rendered config for {name}"))?;
        lab.add_device(hc)?;
        done.push(format!("{} installed", d.device));
    }
    Ok(done)
}

/// Takes the devices the step removes (other than nodes) out of service, last.
fn retire_devices(lab: &mut Lab, change: &diff::Change) -> Result<Vec<String>, String> {
    let mut done = Vec::new();
    for d in change
        .devices
        .iter()
        .filter(|d| d.role != DeviceRole::Node && d.status == Status::Removed)
    {
        let h = host(lab, d)?;
        lab.retire(h);
        done.push(format!("{} taken out of service", d.device));
    }
    Ok(done)
}

/// Applies one phase's files of every device of `role` that has one.
fn apply_phase(
    lab: &Lab,
    change: &diff::Change,
    role: DeviceRole,
    phase: Phase,
) -> Result<Vec<String>, String> {
    let mut applied = Vec::new();
    for d in change.devices.iter().filter(|d| d.role == role) {
        let Work::Frr { change: frr, .. } = &d.work else {
            continue;
        };
        let (name, text) = match phase {
            Phase::Before => ("1-before.vtysh", &frr.before),
            Phase::After => ("3-after.vtysh", &frr.after),
        };
        if text.is_empty() {
            continue;
        }
        lab.apply(host(lab, d)?, name, text)
            .map_err(|e| format!("{}: {e}", d.device))?;
        applied.push(format!("{} {name}", d.device));
    }
    Ok(applied)
}

/// VMmanager's part: nodes removed (their VMs first), added (with their VMs), reconfigured
/// (VMmanager rewrites their FRR configuration: here, the change between the node's old and
/// new frr.conf, applied without a restart like the rest).
fn vmmanager(
    lab: &mut Lab,
    change: &diff::Change,
    old: &Rendered,
    new: &Rendered,
    removed_vms: &mut Vec<usize>,
) -> Result<Vec<String>, String> {
    let mut done = Vec::new();
    for d in change.devices.iter().filter(|d| d.role == DeviceRole::Node) {
        let name = d.name().to_string();
        match d.status {
            Status::Unchanged => {}
            Status::Removed => {
                let h = host(lab, d)?;
                for vm in 0..lab.vms.len() {
                    if lab.vms[vm].node == h && !removed_vms.contains(&vm) {
                        lab.remove_vm(vm)?;
                        removed_vms.push(vm);
                    }
                }
                lab.retire(h);
                done.push(format!("node {name} removed"));
            }
            Status::Added => {
                let hc = config_of(new, &name)
                    .ok_or_else(|| format!("no rendered config for node {name}"))?;
                let h = lab.add_device(hc)?;
                for vm in new
                    .fabric
                    .vms
                    .iter()
                    .filter(|vm| new.fabric.nodes[vm.node].device.name.as_str() == name)
                {
                    lab.vms.push(VmPort {
                        vm: vm.name.to_string(),
                        node: h,
                        interface: vm.interface().to_string(),
                        ipv4: vm.ipv4,
                        ipv6: vm.ipv6,
                    });
                    let index = lab.vms.len() - 1;
                    lab.create_vm(index)?;
                }
                done.push(format!("node {name} added with its VMs"));
            }
            Status::Changed => {
                let config = |r: &Rendered| config_of(r, &name).map(|hc| hc.config);
                let (Some(a), Some(b)) = (config(old), config(new)) else {
                    return Err(format!("no rendered config for node {name}"));
                };
                let node_change = diff::frr::change(&a, &b, diff::frr::Instance::Fabric);
                let text = format!("{}{}", node_change.before, node_change.after);
                if !text.is_empty() {
                    lab.apply(host(lab, d)?, "vmmanager.vtysh", &text)?;
                    done.push(format!("node {name} reconfigured"));
                }
            }
        }
    }
    Ok(done)
}

/// Makes every router apply its policies now. bgpd applies a changed route-map, prefix list or
/// community list to the routes it has only after its route-map delay timer (5 s): a check
/// right after a phase would still see the routes as they were, and a phase that drops routes
/// would pass. A soft clear runs the policies again at once, in and out, without resetting a
/// session.
fn settle(lab: &Lab) -> Result<(), String> {
    for role in [Role::Core, Role::Reflector, Role::Node] {
        for h in lab.indexes(role) {
            for family in ["ipv4", "ipv6"] {
                lab.vtysh(h, &[&format!("clear bgp {family} unicast * soft")])?;
            }
        }
    }
    Ok(())
}

/// Sessions that were up before the step and are still there after must not have been reset.
pub fn no_flaps(before: &Sessions, after: &Sessions) -> Result<usize, String> {
    let mut kept = 0;
    let mut flapped = Vec::new();
    for (key, (established, up)) in before {
        let Some((established_after, up_after)) = after.get(key) else {
            continue;
        };
        if established_after != established || up_after < up {
            flapped.push(format!(
                "{} <-> {}: established {established} -> {established_after} times, up {up} -> {up_after} ms",
                key.0, key.1
            ));
        } else {
            kept += 1;
        }
    }
    if flapped.is_empty() {
        Ok(kept)
    } else {
        Err(format!("sessions were reset:\n  {}", flapped.join("\n  ")))
    }
}

/// Runs every step on one lab; the lines of its report.
pub fn run() -> Result<Vec<String>, String> {
    let wiring = Wiring::PointToPoint;
    let steps = steps();
    let started = Instant::now();
    let mut report = Vec::new();
    let mut say_step = |line: String| {
        say!(
            "lab changes: {:5.1} s  {line}",
            started.elapsed().as_secs_f64()
        );
        report.push(line);
    };
    let (_, first) = &steps[0];
    let mut current = plans::rendered(first, wiring)?;
    let mut lab = crate::running(&current, wiring)?;
    let mut removed_vms = Vec::new();
    let seen = verify::wait(
        &lab,
        &expect_for(&lab, &current, &removed_vms),
        crate::CONVERGE,
    )
    .map_err(|p| {
        format!(
            "the first plan did not converge:\n{}",
            crate::problems_text(&p)
        )
    })?;
    say_step(format!(
        "the first plan: {} sessions up, {} VM routes at the core",
        seen.sessions, seen.routes
    ));
    let mut current_plan = first.clone();
    for (name, next_plan) in &steps[1..] {
        let next = plans::rendered(next_plan, wiring)?;
        let change = diff::diff(
            Side {
                plan: &current_plan,
                fabric: &current.fabric,
            },
            Side {
                plan: next_plan,
                fabric: &next.fabric,
            },
        );
        if let Some(d) = change.devices.iter().find(|d| d.disruptive.is_some()) {
            return Err(format!("{name}: {} is marked disruptive", d.device));
        }
        let before = sessions(&lab)?;
        let t = Instant::now();
        // Each phase boundary is checked: the before-files lose nothing of the old plan's
        // state, VMmanager's step reaches the new plan's while the after-files are still to
        // come, and the after-files keep it.
        let check = |lab: &Lab, rendered: &Rendered, removed: &[usize], when: &str| {
            settle(lab)?;
            verify::wait(lab, &expect_for(lab, rendered, removed), crate::CONVERGE).map_err(|p| {
                format!(
                    "{name}: {when}, the fabric did not converge:\n{}",
                    crate::problems_text(&p)
                )
            })
        };
        let mut applied = apply_phase(&lab, &change, DeviceRole::Core, Phase::Before)?;
        applied.extend(apply_phase(
            &lab,
            &change,
            DeviceRole::RouteReflector,
            Phase::Before,
        )?);
        applied.extend(install_reflectors(&mut lab, &change, &next)?);
        check(&lab, &current, &removed_vms, "after the before-files")?;
        applied.extend(vmmanager(
            &mut lab,
            &change,
            &current,
            &next,
            &mut removed_vms,
        )?);
        check(&lab, &next, &removed_vms, "after VMmanager's step")?;
        applied.extend(apply_phase(
            &lab,
            &change,
            DeviceRole::RouteReflector,
            Phase::After,
        )?);
        applied.extend(apply_phase(&lab, &change, DeviceRole::Core, Phase::After)?);
        applied.extend(retire_devices(&mut lab, &change)?);
        let seen = check(&lab, &next, &removed_vms, "after the after-files")?;
        let after = sessions(&lab)?;
        let kept = no_flaps(&before, &after).map_err(|e| format!("{name}: {e}"))?;
        say_step(format!(
            "{name}: {} applied; converged in {:.1} s: {} sessions up, {} VM routes at the core, {kept} sessions kept without a reset",
            applied.join(", "),
            t.elapsed().as_secs_f64(),
            seen.sessions,
            seen.routes
        ));
        current = next;
        current_plan = next_plan.clone();
    }
    drop(lab);
    Ok(report)
}
