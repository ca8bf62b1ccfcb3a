//! The live FRR lab: proves that the rendered frr.conf files work in real FRR daemons.
//!
//! For each valid example plan and a few generated variations, the lab renders the bundle,
//! builds the fabric in network namespaces (one per route reflector, core, node and the core's
//! upstream router, joined by a Linux bridge in a namespace of its own; nothing in the root
//! namespace), runs zebra, bgpd, staticd (and bfdd on reflectors and cores) in each, loads every
//! frr.conf with `vtysh -b` (any rejected line fails), boots each core with its own existing
//! configuration and merges the rendered core fragment into it with `vtysh -f` as the runbook
//! says, creates the planned VMs' `<vm>_net0` interfaces (static routes or point-to-point links,
//! by plan), and then checks with bounded waits:
//! - every node <-> reflector and reflector <-> core session is Established in each family, with
//!   the hold times and BFD sessions the plan asks for;
//! - every VM route is at the core, with the community and no-export, the node as next hop (and,
//!   for IPv6, the node's link-local next hop if any), from every reflector; none reaches the
//!   upstream; merging the fragment reset nothing of the core's own;
//! - behaviour: host routes outside the pools (kernel and static) stay on the node; deleting a
//!   VM's interface withdraws its route; stopping one of two reflectors keeps every route, and
//!   restarting it brings its paths back; a node with a wrong AS makes the checker fail, naming
//!   the sessions and routes lost; and, on some plans, a VM migration, an old node config under
//!   point-to-point wiring, cut links (BFD, hold time) and a node over its route limit.
//!
//! Needs root and FRR 8.4 (Debian package frr); fails, never skips, without them. Teardown
//! (daemons by PID, namespaces, folders) runs on success, failure, panic, SIGINT and SIGTERM;
//! leftovers of an interrupted run (namespaces named `fdlab-*`) are removed at the start.
//! Run with `cargo test --test lab`; progress and timings print to stderr as they happen.
//! `FDLAB_PLANS=name,name` runs only those plans (while working on the lab).

#[path = "lab/core.rs"]
mod core_router;
#[path = "lab/plans.rs"]
mod plans;
#[path = "lab/protection.rs"]
mod protection;
#[path = "lab/show.rs"]
mod show;
#[path = "lab/sys.rs"]
mod sys;
#[path = "lab/topology.rs"]
mod topology;
#[path = "lab/verify.rs"]
mod verify;
#[path = "lab/vms.rs"]
mod vms;

use fabric_designer::model::{Fabric, Family};
use ipnet::IpNet;
use plans::{Extra, LabPlan};
use std::collections::BTreeSet;
use std::net::IpAddr;
use std::time::{Duration, Instant};
use sys::say;
use topology::{in_any, Lab, Role, Wiring};
use verify::{Expect, OnNode, Problem, Route, Subject};

/// Sessions take 5-8 s to come up after the configs load; this bounds the first convergence
/// and the return of a restarted reflector or node.
const CONVERGE: Duration = Duration::from_secs(60);
/// Bounds a change that needs no new session: a route added or withdrawn.
const PROPAGATE: Duration = Duration::from_secs(30);
/// How long the broken fabric is watched before the checker must give its verdict: more than
/// the 5-8 s a healthy session needs to come up, so a pass would have been seen.
const BROKEN_WATCH: Duration = Duration::from_secs(15);
/// The lab's time budget for all plans.
const BUDGET: Duration = Duration::from_secs(300);

/// What one plan's run showed.
struct Outcome {
    sessions: usize,
    routes: usize,
    paths: usize,
    checks: Vec<String>,
}

#[test]
fn rendered_configs_work_in_live_frr() {
    sys::preflight();
    // One lab at a time on a machine: the namespace names are fixed, and the leftover cleanup
    // below would take another run's namespaces for leftovers.
    let _lock = sys::lock();
    sys::install_signal_handler();
    sys::remove_leftovers();
    let only: Vec<String> = std::env::var("FDLAB_PLANS")
        .map(|v| v.split(',').map(str::to_string).collect())
        .unwrap_or_default();
    let started = Instant::now();
    let mut failures = Vec::new();
    let mut rows = Vec::new();
    for lp in plans::all() {
        if !only.is_empty() && !only.contains(&lp.name) {
            continue;
        }
        let name = lp.name.clone();
        say!(
            "lab: ==== plan {name} (VMs wired with {})",
            lp.wiring.label()
        );
        let t = Instant::now();
        let result = run_plan(&lp);
        let secs = t.elapsed().as_secs_f64();
        match result {
            Ok(o) => {
                say!(
                    "lab: {name}: PASS in {secs:.1} s: {} sessions up, {} VM routes at the core \
                     ({} paths), {} behaviour checks",
                    o.sessions,
                    o.routes,
                    o.paths,
                    o.checks.len()
                );
                rows.push(format!(
                    "{name:24} {secs:6.1} s  sessions {:3}  routes at core {:3}  behaviour checks {}",
                    o.sessions,
                    o.routes,
                    o.checks.len()
                ));
            }
            Err(e) => {
                say!("lab: {name}: FAIL in {secs:.1} s:\n{e}");
                rows.push(format!("{name:24} {secs:6.1} s  FAILED"));
                failures.push(format!("{name}: {e}"));
            }
        }
    }
    let total = started.elapsed();
    say!("lab: ==== summary");
    for row in &rows {
        say!("lab: {row}");
    }
    say!(
        "lab: total {:.1} s (budget {} s){}",
        total.as_secs_f64(),
        BUDGET.as_secs(),
        if total > BUDGET { ": OVER BUDGET" } else { "" }
    );
    assert!(
        failures.is_empty(),
        "the FRR lab failed for {} plan(s):\n{}",
        failures.len(),
        failures.join("\n\n")
    );
}

/// Builds one plan's lab, runs every check, and tears it down (on every path: `Lab` is the
/// Drop guard). On failure the daemons' logs are kept for a post-mortem.
fn run_plan(lp: &LabPlan) -> Result<Outcome, String> {
    let r = plans::rendered(&lp.plan, lp.wiring)?;
    for note in &r.notes {
        say!("lab: {}: {note}", lp.name);
    }
    let mut lab = Lab::build(&r.fabric, r.hosts, lp.wiring)?;
    let result = scenario(lp, &mut lab, &r.fabric);
    match result {
        Ok(o) => {
            lab.drop_kept_logs(&lp.name);
            Ok(o)
        }
        Err(e) => match lab.keep_logs(&lp.name) {
            Some(dir) => Err(format!(
                "{e}\n(configs and daemon logs kept in {})",
                dir.display()
            )),
            None => Err(e),
        },
    }
}

fn problems_text(problems: &[Problem]) -> String {
    problems
        .iter()
        .map(|p| format!("  - {p}"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The planned VM routes still expected (`removed` VMs excluded), on the node each VM is on now.
fn vm_routes(lab: &Lab, removed: &[usize]) -> Vec<Route> {
    let mut routes = Vec::new();
    for (i, vm) in lab.vms.iter().enumerate() {
        if removed.contains(&i) {
            continue;
        }
        let on_node = match lab.wiring {
            Wiring::Static => OnNode::Static(vm.interface.clone()),
            Wiring::PointToPoint => OnNode::Connected(vm.interface.clone()),
        };
        for prefix in vm_prefixes(lab, i) {
            routes.push(Route {
                prefix,
                node: vm.node,
                owner: format!("VM {}", vm.vm),
                on_node: on_node.clone(),
            });
        }
    }
    routes
}

fn vm_prefixes(lab: &Lab, vm: usize) -> Vec<IpNet> {
    let v = &lab.vms[vm];
    [
        v.ipv4.map(|a| IpNet::from(IpAddr::V4(a))),
        v.ipv6.map(|a| IpNet::from(IpAddr::V6(a))),
    ]
    .into_iter()
    .flatten()
    .collect()
}

/// Starts every host's daemons and loads the configs: the upstream router first, then
/// reflectors, cores (their own configuration; the fabric's fragment comes later) and nodes,
/// so that the side that connects first finds its peer listening (FRR's connect retry is
/// 120 s). VMs come last, as in VMmanager: their host routes appear with their interfaces.
fn boot(lab: &mut Lab) -> Result<(), String> {
    for h in 0..lab.hosts.len() {
        lab.start(h)?;
    }
    for h in 0..lab.hosts.len() {
        lab.wait_ready(h)?;
    }
    let mut rejected = Vec::new();
    for role in [Role::Upstream, Role::Reflector, Role::Core, Role::Node] {
        for h in lab.indexes(role) {
            if let Err(e) = lab.load(h) {
                rejected.push(e);
            }
        }
    }
    if !rejected.is_empty() {
        return Err(rejected.join("\n"));
    }
    for vm in 0..lab.vms.len() {
        lab.create_vm(vm)?;
    }
    Ok(())
}

/// What every VM route must look like at the core: the plan's community, if any, and no-export,
/// which the core's import policy adds so that the routes go no further than its AS.
fn base_expect(lab: &Lab, fabric: &Fabric) -> Expect {
    let mut communities: Vec<String> = fabric.community.iter().map(|c| c.to_string()).collect();
    communities.push("noExport".to_string());
    Expect {
        reflectors: lab.indexes(Role::Reflector),
        routes: vm_routes(lab, &[]),
        absent: Vec::new(),
        communities,
        evpn: fabric.vxlan,
    }
}

fn scenario(lp: &LabPlan, lab: &mut Lab, fabric: &Fabric) -> Result<Outcome, String> {
    let name = &lp.name;
    let t = Instant::now();
    let step = |what: &str| say!("lab: {name}: {:5.1} s  {what}", t.elapsed().as_secs_f64());
    let mut checks = Vec::new();

    boot(lab)?;
    step(&format!(
        "{} hosts running, every frr.conf loaded, {} VM interfaces created",
        lab.hosts.len(),
        lab.vms.len()
    ));
    let (before, merged) = core_router::merge_fragments(lab)?;
    step(&merged);

    let base = base_expect(lab, fabric);
    let seen = verify::wait(lab, &base, CONVERGE).map_err(|p| {
        format!(
            "the fabric did not converge within {} s:\n{}",
            CONVERGE.as_secs(),
            problems_text(&p)
        )
    })?;
    let ipv6 = base.routes.iter().any(|r| r.family() == Family::V6);
    step(&format!(
        "converged: {} sessions up, {} VM routes at the core ({} paths{}), each with {}",
        seen.sessions,
        seen.routes,
        seen.paths,
        if ipv6 {
            format!(
                ", {} of them IPv6 with the node's link-local next hop",
                seen.link_local
            )
        } else {
            String::new()
        },
        base.communities.join(" and ")
    ));

    // The fabric's sessions came up without disturbing the core's own, and its routes stay in
    // the core's AS.
    let mut record = |check: String| {
        step(&check);
        checks.push(check);
    };
    record(core_router::after_merge(lab, fabric, &before)?);
    record(core_router::no_export(lab, fabric)?);
    record(protection::liveness(lab, fabric)?);
    behaviour(lp, lab, fabric, &base, &mut record)?;
    Ok(Outcome {
        sessions: seen.sessions,
        routes: seen.routes,
        paths: seen.paths,
        checks,
    })
}

/// The behaviour checks, in an order where each leaves the fabric as the next expects it; the
/// plan's extras that cut links or sessions for good come last.
fn behaviour(
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

fn fmt_list(prefixes: &[IpNet]) -> String {
    prefixes
        .iter()
        .map(|p| p.to_string())
        .collect::<Vec<_>>()
        .join(", ")
}

/// Addresses of the family in the pools that no VM uses, in order.
fn free_pool_addrs(lab: &Lab, fabric: &Fabric, family: Family) -> Vec<IpAddr> {
    let used: BTreeSet<IpAddr> = lab
        .vms
        .iter()
        .flat_map(|v| [v.ipv4.map(IpAddr::V4), v.ipv6.map(IpAddr::V6)])
        .flatten()
        .collect();
    let prefixes: Vec<IpNet> = match family {
        Family::V4 => fabric.prefixes_v4.iter().map(|p| IpNet::V4(*p)).collect(),
        Family::V6 => fabric.prefixes_v6.iter().map(|p| IpNet::V6(*p)).collect(),
    };
    prefixes
        .iter()
        .flat_map(|p| p.hosts().take(64))
        .filter(|a| !used.contains(a))
        .collect()
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
        let pools: Vec<IpNet> = match family {
            Family::V4 => fabric.prefixes_v4.iter().map(|p| IpNet::V4(*p)).collect(),
            Family::V6 => fabric.prefixes_v6.iter().map(|p| IpNet::V6(*p)).collect(),
        };
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
            if in_any(c, &pools) {
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

/// Adds (`add`) or deletes a host route on a node: as a kernel route with `ip route`, or as a
/// static route through vtysh.
fn change_route(
    lab: &Lab,
    node: usize,
    iface: &str,
    prefix: IpNet,
    kernel: bool,
    add: bool,
) -> Result<(), String> {
    let p = prefix.to_string();
    if kernel {
        let verb = if add { "add" } else { "del" };
        lab.ip_on(node, &["route", verb, &p, "dev", iface])?;
    } else {
        let kw = if prefix.addr().is_ipv4() {
            "ip"
        } else {
            "ipv6"
        };
        let no = if add { "" } else { "no " };
        lab.vtysh(
            node,
            &["configure terminal", &format!("{no}{kw} route {p} {iface}")],
        )?;
    }
    Ok(())
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

#[test]
fn the_deliberate_break_changes_only_the_router_bgp_line() {
    let config = "hostname n1\nrouter bgp 65000\n neighbor 10.0.0.2 remote-as 65000\nexit\n";
    let broken = plans::with_wrong_as(config, 65000).unwrap();
    assert_eq!(
        broken,
        "hostname n1\nrouter bgp 65001\n neighbor 10.0.0.2 remote-as 65000\nexit\n"
    );
    assert!(plans::with_wrong_as(config, 64512).is_err());
}

#[test]
fn the_old_node_config_loses_only_its_redistribute_connected_lines() {
    let config =
        " address-family ipv4 unicast\n  redistribute connected route-map VM-ROUTES-V4\n  \
                  redistribute kernel route-map VM-ROUTES-V4\n exit-address-family\n";
    let old = plans::without_redistribute_connected(config).unwrap();
    assert_eq!(
        old,
        " address-family ipv4 unicast\n  redistribute kernel route-map VM-ROUTES-V4\n \
         exit-address-family\n"
    );
    assert!(plans::without_redistribute_connected(&old).is_err());
}

#[test]
fn the_route_limit_is_read_from_the_neighbor_line() {
    let config = "  neighbor 10.0.0.11 activate\n  neighbor 10.0.0.11 maximum-prefix 15 restart 5 \
                  force\n";
    assert_eq!(
        plans::route_limit(config, "10.0.0.11".parse().unwrap()),
        Some(15)
    );
    assert_eq!(
        plans::route_limit(config, "10.0.0.1".parse().unwrap()),
        None
    );
}
