//! The behaviour checks that follow convergence, each leaving the fabric as the next expects
//! it: host routes outside the pools stay on their node, one of two reflectors stops and
//! restarts, a deleted VM interface withdraws its routes, and a node with a wrong AS makes the
//! checker fail; the plan's extras (vms.rs, protection.rs) run among them.

use crate::plans::{self, Extra, LabPlan};
use crate::sys::say;
use crate::topology::{in_any, Lab, Role};
use crate::verify::{self, Expect, OnNode, Route, Subject};
use crate::{
    change_route, fmt_list, free_pool_addrs, problems_text, protection, vm_prefixes, vm_routes,
    vms, BROKEN_WATCH, CONVERGE, PROPAGATE,
};
use fabric_designer::model::{Fabric, Family};
use ipnet::IpNet;
use std::collections::BTreeSet;
use std::net::IpAddr;
use std::time::Instant;

/// The behaviour checks, in an order where each leaves the fabric as the next expects it; the
/// plan's extras that cut links or sessions for good come last.
pub fn run(
    lp: &LabPlan,
    lab: &mut Lab,
    fabric: &Fabric,
    base: &Expect,
    record: &mut dyn FnMut(String),
) -> Result<(), String> {
    // 1. Host routes outside the pools stay on the node; in-pool "witness" routes added after
    //    them prove that the outside ones had time to travel, had they been let through.
    record(outside_routes(lab, fabric, base)?);

    // 2. One of two reflectors stops: every route stays, now from the other; it restarts:
    //    paths from both again.
    if base.reflectors.len() >= 2 {
        record(reflector_failover(lab, base)?);
    }

    // 3. A VM's interface is deleted: its routes are withdrawn at the core.
    let removed = 0;
    let mut after = base.clone();
    after.routes = vm_routes(lab, &[removed]);
    after.absent = vm_prefixes(lab, removed);
    lab.remove_vm(removed)?;
    verify::wait(lab, &after, PROPAGATE).map_err(|p| {
        format!(
            "after deleting {}, the fabric is wrong:\n{}",
            lab.vms[removed].interface,
            problems_text(&p)
        )
    })?;
    record(format!(
        "deleting {} withdrew {} at the core",
        lab.vms[removed].interface,
        fmt_list(&after.absent)
    ));
    after.absent.clear();

    // 4. Extras: a VM moves to another node; a node runs a config from before point-to-point
    //    wiring was known.
    if lp.extras.contains(&Extra::Migration) {
        record(vms::migration(lab, &mut after, &[removed])?);
    }
    if lp.extras.contains(&Extra::OldNodeConfig) {
        record(vms::old_node_config(lab, fabric, &after)?);
    }

    // 5. A node with a wrong AS: the checker must fail, naming exactly its sessions and routes.
    record(broken_node(lab, fabric, &after)?);

    // 6. Extras that leave links cut or sessions down: last.
    if lp.extras.contains(&Extra::LinkCuts) {
        record(protection::core_link_cut(lab, fabric)?);
        record(protection::node_link_cut(lab)?);
    }
    if lp.extras.contains(&Extra::PrefixLimit) {
        record(protection::prefix_limit(lab, fabric)?);
    }
    if lp.extras.contains(&Extra::LeakingNode) {
        record(protection::leaking_node(lab, fabric)?);
    }
    if lp.extras.contains(&Extra::Md5) {
        record(protection::md5(lab, fabric)?);
    }
    Ok(())
}

/// Adds, on the node of the first VM, a kernel route (`ip route add ... dev`) and a static route
/// (vtysh) outside the pools, then in-pool witnesses of both kinds; once the witnesses are at the
/// core, the outside routes must be at no core and no reflector. Then removes all four and
/// checks the witnesses are withdrawn.
fn outside_routes(lab: &Lab, fabric: &Fabric, base: &Expect) -> Result<String, String> {
    let vm = lab.vms.first().ok_or("the plan has no VM")?;
    let (node, iface) = (vm.node, vm.interface.clone());
    let node_name = lab.hosts[node].name.clone();
    let mut expect = base.clone();
    let mut outside = Vec::new();
    let mut witnesses = Vec::new();
    // (prefix, whether it is a kernel route) of what to remove afterwards.
    let mut added: Vec<(IpNet, bool)> = Vec::new();
    for family in Family::BOTH {
        let pools: &[IpNet] = &fabric.prefixes[family];
        if !lab.hosts[node].has(family) || pools.is_empty() {
            continue;
        }
        // Documentation and benchmarking addresses: never a lab device, checked to be outside
        // every pool.
        let candidates: [IpAddr; 2] = match family {
            Family::V4 => [
                "198.18.0.77".parse().unwrap(),
                "198.18.0.78".parse().unwrap(),
            ],
            Family::V6 => [
                "2001:db8:dead::77".parse().unwrap(),
                "2001:db8:dead::78".parse().unwrap(),
            ],
        };
        for c in candidates {
            if in_any(c, pools) {
                return Err(format!("the lab's outside address {c} is inside a pool"));
            }
        }
        let free = free_pool_addrs(lab, fabric, family);
        if free.len() < 2 {
            return Err(format!("no two free {} pool addresses", family.label()));
        }
        let [o_kernel, o_static] = candidates.map(IpNet::from);
        let (w_kernel, w_static) = (IpNet::from(free[0]), IpNet::from(free[1]));
        // Outside first, witnesses after.
        for (prefix, kernel) in [
            (o_kernel, true),
            (o_static, false),
            (w_kernel, true),
            (w_static, false),
        ] {
            change_route(lab, node, &iface, prefix, kernel, true)?;
            added.push((prefix, kernel));
        }
        outside.extend([o_kernel, o_static]);
        expect.absent.extend([o_kernel, o_static]);
        expect.routes.push(Route {
            prefix: w_kernel,
            node,
            owner: "kernel witness".to_string(),
            on_node: OnNode::Unchecked,
        });
        expect.routes.push(Route {
            prefix: w_static,
            node,
            owner: "static witness".to_string(),
            on_node: OnNode::Static(iface.clone()),
        });
        witnesses.extend([w_kernel, w_static]);
    }
    verify::wait(lab, &expect, PROPAGATE).map_err(|p| {
        format!(
            "with routes added on node {node_name}, the fabric is wrong:\n{}",
            problems_text(&p)
        )
    })?;
    for (prefix, kernel) in &added {
        change_route(lab, node, &iface, *prefix, *kernel, false)?;
    }
    let mut back = base.clone();
    back.absent = witnesses.clone();
    verify::wait(lab, &back, PROPAGATE).map_err(|p| {
        format!(
            "after removing the added routes on node {node_name}, the fabric is wrong:\n{}",
            problems_text(&p)
        )
    })?;
    Ok(format!(
        "outside-pool host routes {} (kernel, static) stayed on node {node_name}; \
         in-pool witnesses {} reached the core and were withdrawn",
        fmt_list(&outside),
        fmt_list(&witnesses)
    ))
}

/// Stops the first reflector (SIGTERM: it closes its sessions as a router being shut down
/// does), checks every route is at the core from the others only, restarts it and checks paths
/// from every reflector again.
fn reflector_failover(lab: &Lab, base: &Expect) -> Result<String, String> {
    let rr = base.reflectors[0];
    let rr_name = lab.hosts[rr].name.clone();
    lab.stop(rr);
    let mut without = base.clone();
    without.reflectors.retain(|r| *r != rr);
    let seen = verify::wait(lab, &without, PROPAGATE).map_err(|p| {
        format!(
            "with route reflector {rr_name} stopped, the fabric is wrong:\n{}",
            problems_text(&p)
        )
    })?;
    let t = Instant::now();
    lab.start(rr)?;
    lab.wait_ready(rr)?;
    lab.load(rr)?;
    let again = verify::wait(lab, base, CONVERGE).map_err(|p| {
        format!(
            "after route reflector {rr_name} restarted, the fabric is wrong:\n{}",
            problems_text(&p)
        )
    })?;
    Ok(format!(
        "route reflector {rr_name} stopped: {} VM routes kept at the core from the others; \
         restarted: {} paths from every reflector after {:.1} s",
        seen.routes,
        again.paths,
        t.elapsed().as_secs_f64()
    ))
}

/// Restarts the node with the most expected routes with a wrong AS in its frr.conf (edited
/// rendered text), and asserts that the checker fails naming exactly that node's sessions and
/// routes.
fn broken_node(lab: &Lab, fabric: &Fabric, expect: &Expect) -> Result<String, String> {
    let nodes = lab.indexes(Role::Node);
    let node = *nodes
        .iter()
        .max_by_key(|n| expect.routes.iter().filter(|r| r.node == **n).count())
        .ok_or("no node")?;
    let node_name = lab.hosts[node].name.clone();
    let broken = plans::with_wrong_as(&lab.hosts[node].config, fabric.asn.get())?;
    let conf = lab.hosts[node].dir.join("frr.conf");
    lab.stop(node);
    lab.start(node)?;
    lab.wait_ready(node)?;
    // First, the load check itself must be able to fail: a line FRR does not know is reported.
    std::fs::write(&conf, "frr version 8.4\nno-such-command here\n").map_err(|e| e.to_string())?;
    match lab.load(node) {
        Err(e) if e.contains("no-such-command here") => {}
        Err(e) => return Err(format!("loading an unknown command failed oddly: {e}")),
        Ok(()) => return Err("an unknown command loaded without complaint".to_string()),
    }
    std::fs::write(&conf, &broken).map_err(|e| e.to_string())?;
    lab.load(node)?;

    let problems = match verify::wait(lab, expect, BROKEN_WATCH) {
        Ok(_) => {
            return Err(format!(
                "node {node_name} runs with a wrong AS, yet the checker reports the fabric as \
                 healthy"
            ))
        }
        Err(p) => p,
    };
    // What must be reported: every session of the node, every route it announces at every core
    // of the family; and nothing else.
    let mut wanted = BTreeSet::new();
    for &rr in &expect.reflectors {
        for family in Family::BOTH {
            if lab.hosts[rr].has(family) && lab.hosts[node].has(family) {
                wanted.insert(Subject::Session {
                    reflector: lab.hosts[rr].name.clone(),
                    peer: node_name.clone(),
                    family,
                });
            }
        }
    }
    let lost: Vec<&Route> = expect.routes.iter().filter(|r| r.node == node).collect();
    for core in lab.indexes(Role::Core) {
        for r in &lost {
            if lab.hosts[core].has(r.family()) {
                wanted.insert(Subject::Route {
                    prefix: r.prefix,
                    core: lab.hosts[core].name.clone(),
                });
            }
        }
    }
    let got: BTreeSet<Subject> = problems.iter().map(|p| p.subject.clone()).collect();
    if got != wanted || lost.is_empty() {
        return Err(format!(
            "with node {node_name} on a wrong AS, the checker should report exactly {:?}, but \
             reported:\n{}",
            wanted,
            problems_text(&problems)
        ));
    }
    say!(
        "lab: the checker's report on the broken fabric (expected):\n{}",
        problems_text(&problems)
    );
    let sessions = wanted
        .iter()
        .filter(|s| matches!(s, Subject::Session { .. }))
        .count();
    Ok(format!(
        "a config line FRR rejects fails the load; node {node_name} with a wrong AS: the checker \
         failed, naming its {} and the {} lost",
        count(sessions, "session"),
        count(lost.len(), "route")
    ))
}

/// "1 route", "2 routes".
fn count(n: usize, noun: &str) -> String {
    format!("{n} {noun}{}", if n == 1 { "" } else { "s" })
}
