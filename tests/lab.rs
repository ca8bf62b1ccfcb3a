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

#[path = "lab/behaviour.rs"]
mod behaviour;
#[path = "lab/changes.rs"]
mod changes;
#[path = "lab/core.rs"]
mod core_router;
#[path = "lab/plans.rs"]
mod plans;
#[path = "lab/protection.rs"]
mod protection;
#[path = "lab/shared_core.rs"]
mod shared_core;
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
use plans::LabPlan;
use std::collections::BTreeSet;
use std::net::IpAddr;
use std::time::{Duration, Instant};
use sys::say;
use topology::{Lab, Role, Wiring};
use verify::{Expect, OnNode, Problem, Route};

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

/// A running lab of one rendered plan, as an engineer builds it: every device booted, then each
/// core's fragment merged into its own running configuration.
fn running(rendered: &plans::Rendered, wiring: Wiring) -> Result<Lab, String> {
    let mut lab = Lab::build(&rendered.fabric, rendered.hosts.clone(), wiring)?;
    boot(&mut lab)?;
    core_router::merge_fragments(&lab)?;
    Ok(lab)
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
        nodes: None,
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
    behaviour::run(lp, lab, fabric, &base, &mut record)?;
    Ok(Outcome {
        sessions: seen.sessions,
        routes: seen.routes,
        paths: seen.paths,
        checks,
    })
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
    fabric.prefixes[family]
        .iter()
        .flat_map(|p| p.hosts().take(64))
        .filter(|a| !used.contains(a))
        .collect()
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

/// The change files of `fabric-designer diff` applied one after another to one running fabric
/// (tests/lab/changes.rs): each step converges to the new plan's state, and no session the step
/// did not add or remove is reset.
#[test]
fn changes_apply_to_a_running_fabric_without_resets() {
    sys::preflight();
    let _lock = sys::lock();
    sys::install_signal_handler();
    sys::remove_leftovers();
    let started = Instant::now();
    let result = changes::run();
    say!(
        "lab changes: total {:.1} s",
        started.elapsed().as_secs_f64()
    );
    if let Err(e) = result {
        panic!("a change did not apply cleanly to the running fabric:\n{e}");
    }
}

/// Two fabrics with different ids on one running FRR core (tests/lab/shared_core.rs): the
/// runbook's check finds the second one's names free, and once it is merged both carry every
/// VM route, each from its own reflectors with its own community, nothing of the first reset.
#[test]
fn two_fabrics_share_one_core_without_sharing_an_object() {
    sys::preflight();
    let _lock = sys::lock();
    sys::install_signal_handler();
    sys::remove_leftovers();
    let started = Instant::now();
    let result = shared_core::run();
    say!(
        "lab shared core: total {:.1} s",
        started.elapsed().as_secs_f64()
    );
    if let Err(e) = result {
        panic!("two fabrics on one core:\n{e}");
    }
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
