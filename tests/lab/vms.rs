//! VMs on the move and wired the VMmanager way: a VM migrates to another node, and a node
//! config from before point-to-point wiring was known (no `redistribute connected`) loses the
//! routes of its point-to-point VMs, which the checker must report.

use crate::show::paths_of;
use crate::sys::say;
use crate::topology::{Lab, Role, Wiring};
use crate::verify::{self, Expect, OnNode, Route, Subject};
use crate::{
    change_route, fmt_list, free_pool_addrs, problems_text, vm_prefixes, vm_routes, CONVERGE,
    PROPAGATE,
};
use fabric_designer::model::{Fabric, Family};
use ipnet::IpNet;
use std::collections::BTreeSet;
use std::net::IpAddr;
use std::time::{Duration, Instant};

/// A migration's routes must settle at the core within this (they need no new session).
const MIGRATE: Duration = Duration::from_secs(10);

fn family_of(prefix: &IpNet) -> Family {
    match prefix {
        IpNet::V4(_) => Family::V4,
        IpNet::V6(_) => Family::V6,
    }
}

/// The VM to migrate (the one with the most addresses, last among equals, not deleted) and
/// the node it goes to (the next node, in plan order, that has all of the VM's families).
fn pick_migration(lab: &Lab, removed: &[usize]) -> Result<(usize, usize), String> {
    let vm = (0..lab.vms.len())
        .filter(|i| !removed.contains(i))
        .max_by_key(|i| vm_prefixes(lab, *i).len())
        .ok_or("no VM to migrate")?;
    let families: Vec<Family> = vm_prefixes(lab, vm).iter().map(family_of).collect();
    let nodes = lab.indexes(Role::Node);
    let from = nodes
        .iter()
        .position(|n| *n == lab.vms[vm].node)
        .ok_or("the VM's node is not a node")?;
    let to = (1..nodes.len())
        .map(|k| nodes[(from + k) % nodes.len()])
        .find(|n| families.iter().all(|f| lab.hosts[*n].has(*f)))
        .ok_or_else(|| format!("no other node can host VM {}", lab.vms[vm].vm))?;
    Ok((vm, to))
}

/// Whether every core has each prefix from exactly the reflectors, every path with the new
/// node as next hop (so no stale path via the old node is left).
fn moved_at_cores(lab: &Lab, prefixes: &[IpNet], to: usize) -> bool {
    let reflectors = lab.indexes(Role::Reflector);
    lab.indexes(Role::Core).into_iter().all(|core| {
        prefixes
            .iter()
            .filter(|p| lab.hosts[core].has(family_of(p)))
            .all(|p| {
                let family = family_of(p);
                let sources: BTreeSet<IpAddr> = reflectors
                    .iter()
                    .filter_map(|rr| lab.hosts[*rr].addr(family))
                    .collect();
                let Ok(paths) = paths_of(lab, core, *p) else {
                    return false;
                };
                let peers: BTreeSet<IpAddr> = paths.iter().map(|(peer, _)| *peer).collect();
                let hop = lab.hosts[to].addr(family);
                peers == sources && paths.iter().all(|(_, hops)| hops.iter().copied().eq(hop))
            })
    })
}

/// Moves a VM to another node as a migration does: its interface (and, wired with static
/// routes, its static route) leaves the old node and appears on the new one. Its routes must
/// be at the core via the new node, with no path via the old one, within `MIGRATE`; the time
/// is measured from the moment the old interface goes. `expect` follows the VM.
pub fn migration(lab: &mut Lab, expect: &mut Expect, removed: &[usize]) -> Result<String, String> {
    let (vm, to) = pick_migration(lab, removed)?;
    let from = lab.vms[vm].node;
    let prefixes = vm_prefixes(lab, vm);
    let iface = lab.vms[vm].interface.clone();
    let t = Instant::now();
    lab.remove_vm(vm)?;
    if lab.wiring == Wiring::Static {
        for p in &prefixes {
            change_route(lab, from, &iface, *p, false, false)?;
        }
    }
    lab.vms[vm].node = to;
    lab.create_vm(vm)?;
    if lab.wiring == Wiring::Static {
        for p in &prefixes {
            change_route(lab, to, &iface, *p, false, true)?;
        }
    }
    let settled = crate::sys::wait_until(MIGRATE, || moved_at_cores(lab, &prefixes, to));
    let secs = t.elapsed().as_secs_f64();
    let (vm_name, from_name, to_name) = (
        lab.vms[vm].vm.clone(),
        lab.hosts[from].name.clone(),
        lab.hosts[to].name.clone(),
    );
    if !settled {
        return Err(format!(
            "VM {vm_name} migrated from node {from_name} to {to_name}: its routes {} were not at \
             the core via {to_name} alone after {} s",
            fmt_list(&prefixes),
            MIGRATE.as_secs()
        ));
    }
    // The whole fabric agrees: the route on the new node, paths via it only, everywhere.
    expect.routes = vm_routes(lab, removed);
    verify::wait(lab, expect, PROPAGATE).map_err(|p| {
        format!(
            "after VM {vm_name} migrated to node {to_name}, the fabric is wrong:\n{}",
            problems_text(&p)
        )
    })?;
    Ok(format!(
        "VM {vm_name} migrated from node {from_name} to {to_name}: {} at the core via \
         {to_name} from every reflector, no path via {from_name} left, after {secs:.2} s",
        fmt_list(&prefixes)
    ))
}

/// Restarts the node with the most point-to-point VM routes on its config without the
/// `redistribute connected` lines (the config rendered before point-to-point wiring was
/// known). Once its sessions are up and a kernel witness route got through, the checker must
/// fail, naming exactly its point-to-point routes at every core. Then the rendered config
/// comes back, with every route.
pub fn old_node_config(lab: &mut Lab, fabric: &Fabric, expect: &Expect) -> Result<String, String> {
    let connected = |r: &Route, n: usize| r.node == n && matches!(r.on_node, OnNode::Connected(_));
    let node = lab
        .indexes(Role::Node)
        .into_iter()
        .max_by_key(|n| expect.routes.iter().filter(|r| connected(r, *n)).count())
        .ok_or("no node")?;
    let lost: Vec<Route> = expect
        .routes
        .iter()
        .filter(|r| connected(r, node))
        .cloned()
        .collect();
    let Some(OnNode::Connected(iface)) = lost.first().map(|r| r.on_node.clone()) else {
        return Err("no point-to-point VM route to lose".to_string());
    };
    let name = lab.hosts[node].name.clone();
    let old = crate::plans::without_redistribute_connected(&lab.hosts[node].config)?;
    lab.restart_with(node, &old)?;
    // The old config still redistributes kernel routes: an in-pool one through the VM's
    // interface shows the node's sessions work and had time to carry the lost routes.
    let family = lost[0].family();
    let w = IpNet::from(
        *free_pool_addrs(lab, fabric, family)
            .first()
            .ok_or("no free pool address")?,
    );
    lab.ip_on(node, &["route", "add", &w.to_string(), "dev", &iface])?;
    let witness = Route {
        prefix: w,
        node,
        owner: "kernel witness".to_string(),
        on_node: OnNode::Unchecked,
    };
    let mut without = expect.clone();
    without.routes.retain(|r| !connected(r, node));
    without.routes.push(witness.clone());
    verify::wait(lab, &without, CONVERGE).map_err(|p| {
        format!(
            "node {name} on its old config: its sessions or witness did not come up:\n{}",
            problems_text(&p)
        )
    })?;
    let mut full = expect.clone();
    full.routes.push(witness);
    let (problems, _) = verify::observe(lab, &full);
    let mut wanted = BTreeSet::new();
    for core in lab.indexes(Role::Core) {
        for r in lost.iter().filter(|r| lab.hosts[core].has(r.family())) {
            wanted.insert(Subject::Route {
                prefix: r.prefix,
                core: lab.hosts[core].name.clone(),
            });
        }
    }
    let got: BTreeSet<Subject> = problems.iter().map(|p| p.subject.clone()).collect();
    if got != wanted || wanted.is_empty() {
        return Err(format!(
            "with node {name} on its old config, the checker should report exactly {wanted:?}, \
             but reported:\n{}",
            problems_text(&problems)
        ));
    }
    say!(
        "lab: the checker's report on the old node config (expected):\n{}",
        problems_text(&problems)
    );
    lab.ip_on(node, &["route", "del", &w.to_string(), "dev", &iface])?;
    let config = lab.hosts[node].config.clone();
    lab.restart_with(node, &config)?;
    verify::wait(lab, expect, CONVERGE).map_err(|p| {
        format!(
            "node {name} back on its rendered config, the fabric is wrong:\n{}",
            problems_text(&p)
        )
    })?;
    let prefixes: Vec<IpNet> = lost.iter().map(|r| r.prefix).collect();
    Ok(format!(
        "node {name} without `redistribute connected`: the checker failed, naming its \
         point-to-point routes {} (its kernel witness {w} got through); on the rendered config \
         they came back",
        fmt_list(&prefixes)
    ))
}
