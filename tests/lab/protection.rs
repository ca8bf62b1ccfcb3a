//! How the fabric protects itself: the hold times and BFD sessions the plan asks for are in
//! force; a silent core or node is noticed within the configured time once its link is cut (a
//! stopped daemon would close its sessions cleanly and prove nothing); a node sending more
//! routes than its limit is cut off.

use crate::show::{bfd_peers, neighbors, parse_bfd_peers, parse_neighbors, BfdPeer, Neighbor};
use crate::topology::{Lab, Role};
use crate::{plans, PROPAGATE};
use fabric_designer::model::{CoreLiveness, Fabric, Family};
use std::collections::BTreeMap;
use std::net::IpAddr;
use std::time::{Duration, Instant};

/// BFD with 3 x 300 ms declares a silent core down after about 0.9 s; this leaves room for
/// the poll and a loaded machine.
const BFD_DETECT: Duration = Duration::from_secs(3);
/// The node sessions' hold time is 9 s; this leaves room for the poll.
const HOLD_DETECT: Duration = Duration::from_secs(12);

/// The (reflector, peer, family) sessions between reflectors and hosts of a role.
fn sessions(lab: &Lab, role: Role) -> Vec<(usize, usize, Family)> {
    let mut out = Vec::new();
    for rr in lab.indexes(Role::Reflector) {
        for peer in lab.indexes(role) {
            for family in Family::BOTH {
                if lab.hosts[rr].has(family) && lab.hosts[peer].has(family) {
                    out.push((rr, peer, family));
                }
            }
        }
    }
    out
}

fn addr(lab: &Lab, host: usize, family: Family) -> IpAddr {
    lab.hosts[host]
        .addr(family)
        .expect("the host has the family")
}

/// One look at the liveness settings in force: the hold time each node session settled at (at
/// both ends), and towards the cores either BFD (up in bfdd at both ends with the profile's
/// timers, and known Up to bgpd, which reaches bfdd only through its zebra) or the hold time.
fn liveness_problems(lab: &Lab, fabric: &Fabric) -> Result<Vec<String>, String> {
    let p = &fabric.protection;
    let mut wrong = Vec::new();
    let mut hold = |a: usize, b: usize, f: Family, want: u16| -> Result<(), String> {
        for (me, other) in [(a, b), (b, a)] {
            let n = neighbors(lab, me)?;
            let got = n.get(&addr(lab, other, f)).map(|n| n.hold_ms).unwrap_or(0);
            if got != u64::from(want) * 1000 {
                wrong.push(format!(
                    "{} <-> {} {}: hold time {got} ms, expected {want} s",
                    lab.hosts[me].name,
                    lab.hosts[other].name,
                    f.label()
                ));
            }
        }
        Ok(())
    };
    if let Some(t) = p.node_timers {
        for (rr, node, f) in sessions(lab, Role::Node) {
            hold(rr, node, f, t.hold)?;
        }
    }
    match p.core {
        CoreLiveness::Timers(t) => {
            for (rr, core, f) in sessions(lab, Role::Core) {
                hold(rr, core, f, t.hold)?;
            }
        }
        CoreLiveness::Bfd {
            interval,
            multiplier,
        } => {
            for (rr, core, f) in sessions(lab, Role::Core) {
                for (me, other) in [(rr, core), (core, rr)] {
                    let peer = addr(lab, other, f);
                    let bfd = bfd_peers(lab, me)?;
                    let bgp = neighbors(lab, me)?;
                    let ok = bfd.get(&peer).is_some_and(|b| {
                        b.status == "up"
                            && b.receive_ms == u64::from(interval)
                            && b.transmit_ms == u64::from(interval)
                            && b.detect_multiplier == u64::from(multiplier)
                    }) && bgp.get(&peer).is_some_and(|n| n.bfd == "Up");
                    if !ok {
                        wrong.push(format!(
                            "{}: no BFD session up with {peer} at {interval} ms x {multiplier} \
                             known to bgpd",
                            lab.hosts[me].name
                        ));
                    }
                }
            }
        }
        CoreLiveness::Default => {}
    }
    Ok(wrong)
}

/// The hold times and BFD sessions of the plan are in force (bounded wait: BFD comes up a
/// moment after BGP).
pub fn liveness(lab: &Lab, fabric: &Fabric) -> Result<String, String> {
    let mut last = Vec::new();
    let ok = crate::sys::wait_until(PROPAGATE, || match liveness_problems(lab, fabric) {
        Ok(w) => {
            last = w;
            last.is_empty()
        }
        Err(e) => {
            last = vec![e];
            false
        }
    });
    if !ok {
        return Err(format!(
            "liveness settings not in force:\n  {}",
            last.join("\n  ")
        ));
    }
    let p = &fabric.protection;
    let nodes = match p.node_timers {
        Some(t) => format!("node sessions hold {} s at both ends", t.hold),
        None => "node sessions on FRR's default timers".to_string(),
    };
    let cores = match p.core {
        CoreLiveness::Bfd {
            interval,
            multiplier,
        } => format!(
            "{} core sessions with BFD up ({interval} ms x {multiplier}) in bfdd and bgpd at both \
             ends",
            sessions(lab, Role::Core).len()
        ),
        CoreLiveness::Timers(t) => format!("core sessions hold {} s at both ends", t.hold),
        CoreLiveness::Default => "core sessions on BGP's default timers".to_string(),
    };
    Ok(format!("{nodes}; {cores}"))
}

/// A host's BGP neighbours and BFD peers, by address.
type QuickView = (BTreeMap<IpAddr, Neighbor>, BTreeMap<IpAddr, BfdPeer>);

/// One reflector's view of its BGP neighbours and BFD peers, in a single vtysh call so that a
/// poll can run every few tens of milliseconds.
fn quick_view(lab: &Lab, rr: usize) -> Result<QuickView, String> {
    let out = lab.vtysh(rr, &["show bgp neighbors json", "show bfd peers json"])?;
    let docs: Vec<serde_json::Value> = serde_json::Deserializer::from_str(&out)
        .into_iter()
        .collect::<Result<_, _>>()
        .map_err(|e| format!("no JSON from {}: {e}", lab.hosts[rr].name))?;
    match docs.as_slice() {
        [bgp, bfd] => Ok((parse_neighbors(bgp), parse_bfd_peers(bfd))),
        _ => Err(format!(
            "{}: expected two JSON documents",
            lab.hosts[rr].name
        )),
    }
}

/// Cuts a core's link on the bridge: the first reflector's BFD sessions with it go down within
/// 3 x 300 ms, and take its BGP sessions down with them. The link stays cut (a last check).
pub fn core_link_cut(lab: &Lab, fabric: &Fabric) -> Result<String, String> {
    if !matches!(fabric.protection.core, CoreLiveness::Bfd { .. }) {
        return Err("the core link cut needs a plan with BFD towards the core".to_string());
    }
    let rr = lab.indexes(Role::Reflector)[0];
    let core = lab.indexes(Role::Core)[0];
    let peers: Vec<IpAddr> = Family::BOTH
        .into_iter()
        .filter(|f| lab.hosts[rr].has(*f) && lab.hosts[core].has(*f))
        .map(|f| addr(lab, core, f))
        .collect();
    let t = Instant::now();
    lab.set_link(core, false)?;
    let (mut bfd_down, mut bgp_down) = (None, None);
    let mut reasons = Vec::new();
    while t.elapsed() < BFD_DETECT && bgp_down.is_none() {
        let (bgp, bfd) = quick_view(lab, rr)?;
        if bfd_down.is_none()
            && peers
                .iter()
                .all(|p| bfd.get(p).is_some_and(|b| b.status != "up"))
        {
            bfd_down = Some(t.elapsed());
        }
        if peers
            .iter()
            .all(|p| bgp.get(p).is_some_and(|n| n.state != "Established"))
        {
            bgp_down = Some(t.elapsed());
            reasons = peers
                .iter()
                .map(|p| format!("{}: {}", bgp[p].last_reset, bgp[p].last_notification))
                .collect();
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let (rr_name, core_name) = (&lab.hosts[rr].name, &lab.hosts[core].name);
    let (Some(bfd_down), Some(bgp_down)) = (bfd_down, bgp_down) else {
        return Err(format!(
            "core {core_name}'s link cut: {rr_name} still had BFD or BGP up with it after {} s",
            BFD_DETECT.as_secs()
        ));
    };
    if reasons.iter().any(|r| !r.contains("BFD")) {
        return Err(format!(
            "core {core_name}'s link cut: {rr_name}'s sessions went down for {reasons:?}, not BFD"
        ));
    }
    Ok(format!(
        "core {core_name}'s link cut: {rr_name}'s BFD declared it down after {:.2} s and its {} \
         BGP session{} fell after {:.2} s ({})",
        bfd_down.as_secs_f64(),
        peers.len(),
        if peers.len() == 1 { "" } else { "s" },
        bgp_down.as_secs_f64(),
        reasons[0]
    ))
}

/// The first node with all its sessions up (the wrong-AS check left one node without).
fn healthy_node(lab: &Lab) -> Result<usize, String> {
    let reflectors = lab.indexes(Role::Reflector);
    let all_up = |node: usize| {
        reflectors.iter().all(|&rr| {
            neighbors(lab, rr).is_ok_and(|n| {
                Family::BOTH
                    .into_iter()
                    .filter(|f| lab.hosts[rr].has(*f) && lab.hosts[node].has(*f))
                    .all(|f| {
                        n.get(&addr(lab, node, f))
                            .is_some_and(|x| x.state == "Established")
                    })
            })
        })
    };
    lab.indexes(Role::Node)
        .into_iter()
        .find(|n| all_up(*n))
        .ok_or_else(|| "no node with all its sessions up".to_string())
}

/// Cuts the link of a node whose sessions are up: every reflector drops its sessions when the
/// 9 s hold time runs out. The link stays cut (a last check).
pub fn node_link_cut(lab: &Lab) -> Result<String, String> {
    let reflectors = lab.indexes(Role::Reflector);
    let node = healthy_node(lab)?;
    let name = lab.hosts[node].name.clone();
    let t = Instant::now();
    lab.set_link(node, false)?;
    let mut reasons = Vec::new();
    let down = crate::sys::wait_until(HOLD_DETECT, || {
        reasons.clear();
        reflectors.iter().all(|&rr| {
            let Ok(n) = neighbors(lab, rr) else {
                return false;
            };
            Family::BOTH
                .into_iter()
                .filter(|f| lab.hosts[rr].has(*f) && lab.hosts[node].has(*f))
                .all(|f| match n.get(&addr(lab, node, f)) {
                    Some(x) if x.state != "Established" => {
                        reasons.push(x.last_notification.clone());
                        true
                    }
                    _ => false,
                })
        })
    });
    let secs = t.elapsed().as_secs_f64();
    if !down {
        return Err(format!(
            "node {name}'s link cut: the reflectors still had sessions up after {} s",
            HOLD_DETECT.as_secs()
        ));
    }
    Ok(format!(
        "node {name}'s link cut: every reflector dropped its sessions after {secs:.1} s ({})",
        reasons.first().map(String::as_str).unwrap_or("?")
    ))
}

/// Adds, on a node whose sessions are up, one more in-pool IPv4 host route (a kernel route, as
/// a VM the plan does not know would bring) than the reflectors' limit for that node: the
/// node's own config announces them all, the reflectors accept them, count them, and tear the
/// session down. It stays down for the limit's restart time (a last check).
///
/// Routes outside the pools would not do: FRR 8.4 counts routes its inbound policy rejects
/// (`maximum-prefix ... force`) only from the Adj-RIB-In that `soft-reconfiguration inbound`
/// keeps, and checks the limit only when it accepts a route.
pub fn prefix_limit(lab: &Lab, fabric: &Fabric) -> Result<String, String> {
    let (node, name, node_addr, limit) = limited_node(lab)?;
    let count = limit as usize + 1;
    let free = crate::free_pool_addrs(lab, fabric, Family::V4);
    if free.len() < count {
        return Err(format!("fewer than {count} free IPv4 pool addresses"));
    }
    let t = Instant::now();
    for a in &free[..count] {
        lab.ip_on(node, &["route", "add", &format!("{a}/32"), "dev", "eth0"])?;
    }
    let reason = torn_for_limit(lab, node_addr).map_err(|e| {
        format!("node {name} announced {count} more IPv4 routes, over its limit of {limit}: {e}")
    })?;
    Ok(format!(
        "node {name} announced {count} more IPv4 pool host routes (limit {limit}): every reflector \
         tore its IPv4 session down after {:.1} s ({reason})",
        t.elapsed().as_secs_f64()
    ))
}

/// A node whose sessions are up, with its name, its IPv4 address and the route limit the
/// reflectors hold for it.
fn limited_node(lab: &Lab) -> Result<(usize, String, IpAddr, u32), String> {
    let reflectors = lab.indexes(Role::Reflector);
    let node = healthy_node(lab)?;
    let name = lab.hosts[node].name.clone();
    let node_addr = lab.hosts[node]
        .ipv4
        .map(IpAddr::V4)
        .ok_or("the node has no IPv4")?;
    let limit = plans::route_limit(&lab.hosts[reflectors[0]].config, node_addr)
        .ok_or_else(|| format!("no maximum-prefix for {node_addr} in the reflector's config"))?;
    Ok((node, name, node_addr, limit))
}

/// Waits until every reflector has closed its session with `node_addr` for its prefix limit;
/// the reflector's last notification, or why not.
fn torn_for_limit(lab: &Lab, node_addr: IpAddr) -> Result<String, String> {
    let reflectors = lab.indexes(Role::Reflector);
    let mut reason = String::new();
    let torn = crate::sys::wait_until(PROPAGATE, || {
        reflectors.iter().all(|&rr| {
            match neighbors(lab, rr)
                .ok()
                .and_then(|mut n| n.remove(&node_addr))
            {
                Some(n) if n.state != "Established" => {
                    reason = n.last_notification;
                    true
                }
                _ => false,
            }
        })
    });
    if !torn {
        return Err("its sessions stay up".to_string());
    }
    if !reason.contains("Maximum Number of Prefixes") {
        return Err(format!(
            "its session went down, but not for its prefix limit: {reason}"
        ));
    }
    Ok(reason)
}

/// A node that leaks its routing table: its configuration loses the pool filters (the
/// route-map on `redistribute kernel` and the outbound prefix list), and it announces more
/// routes outside the pools than its limit. The reflectors drop those routes, but count them
/// (`maximum-prefix ... force` with `soft-reconfiguration inbound`); FRR checks the limit as it
/// accepts a route, so the next VM route the node announces closes the session. Without
/// `force` (or without soft-reconfiguration) the rejected routes are not counted and the
/// session stays up.
pub fn leaking_node(lab: &Lab, fabric: &Fabric) -> Result<String, String> {
    let reflectors = lab.indexes(Role::Reflector);
    let (node, name, node_addr, limit) = limited_node(lab)?;
    let asn = fabric.asn.to_string();
    let mut commands = vec![
        "configure terminal".to_string(),
        format!("router bgp {asn}"),
        "address-family ipv4 unicast".to_string(),
        "no redistribute kernel".to_string(),
        "redistribute kernel".to_string(),
    ];
    for &rr in &reflectors {
        if let Some(a) = lab.hosts[rr].ipv4 {
            commands.push(format!("no neighbor {a} prefix-list VM-POOLS-V4 out"));
        }
    }
    let commands: Vec<&str> = commands.iter().map(String::as_str).collect();
    lab.vtysh(node, &commands)?;
    // Routes of the node's own networks, outside every pool (198.18.0.0/15, the benchmarking
    // range, which no lab plan uses).
    let leaked = limit as usize + 5;
    for k in 0..leaked {
        let a = format!("198.18.{}.{}/32", k / 250, 1 + k % 250);
        lab.ip_on(node, &["route", "add", &a, "dev", "eth0"])?;
    }
    // The reflectors hold them as received and filtered, and the session is still up.
    let received = crate::sys::wait_until(PROPAGATE, || {
        reflectors.iter().all(|&rr| {
            lab.vtysh(
                rr,
                &[&format!(
                    "show bgp ipv4 unicast neighbors {node_addr} received-routes"
                )],
            )
            .is_ok_and(|out| out.contains("198.18."))
        })
    });
    if !received {
        return Err(format!(
            "the reflectors never received the routes node {name} leaks (soft-reconfiguration \
             inbound keeps them)"
        ));
    }
    // A new VM on the leaking node, its route written as VMmanager writes it (a static route,
    // which still goes through the route-map that adds the community): the reflectors accept
    // it, and with it check the limit.
    let free = crate::free_pool_addrs(lab, fabric, Family::V4);
    let vm = free.first().ok_or("no free IPv4 pool address")?;
    let t = Instant::now();
    lab.vtysh(
        node,
        &["configure terminal", &format!("ip route {vm}/32 eth0")],
    )?;
    let reason = torn_for_limit(lab, node_addr).map_err(|e| {
        format!(
            "node {name} leaked {leaked} routes outside the pools (limit {limit}) and then \
             announced a VM route: {e}"
        )
    })?;
    Ok(format!(
        "node {name} leaked {leaked} routes outside the pools (limit {limit}); the reflectors \
         dropped and counted them, and closed its session {:.1} s after its next VM route ({reason})",
        t.elapsed().as_secs_f64()
    ))
}

/// TCP-MD5 is in force between the reflectors and the core: the sessions are up with the
/// bundle's password at both ends (checked by the convergence before), and once the core's
/// side of one session gets another password, that session cannot come up again (the kernel
/// drops segments whose signature does not match), for longer than a session needs to.
pub fn md5(lab: &Lab, fabric: &Fabric) -> Result<String, String> {
    if !fabric.protection.md5 {
        return Err("the plan does not use TCP-MD5".to_string());
    }
    let core = lab.indexes(Role::Core)[0];
    let rr = lab.indexes(Role::Reflector)[0];
    let rr_addr = lab.hosts[rr]
        .ipv4
        .map(IpAddr::V4)
        .ok_or("the reflector has no IPv4")?;
    let core_name = lab.hosts[core].name.clone();
    // The core runs the rendered fragment merged into its own configuration.
    let rendered = [
        lab.hosts[core].fragment.as_deref().unwrap_or_default(),
        lab.hosts[rr].config.as_str(),
    ];
    for (host, text) in [core, rr].into_iter().zip(rendered) {
        if !text.contains(" password ") {
            return Err(format!(
                "{} runs no `neighbor ... password`",
                lab.hosts[host].name
            ));
        }
    }
    let asn = fabric
        .core_gateways
        .iter()
        .find(|c| c.device.name.as_str() == core_name)
        .map(|c| c.asn.to_string())
        .ok_or("the core is not in the fabric")?;
    lab.vtysh(
        core,
        &[
            "configure terminal",
            &format!("router bgp {asn}"),
            &format!("neighbor {rr_addr} password Another-key.9"),
        ],
    )?;
    // A session that comes up anyway would do so within seconds (it did at first).
    let up = crate::sys::wait_until(Duration::from_secs(15), || {
        neighbors(lab, core)
            .ok()
            .and_then(|mut n| n.remove(&rr_addr))
            .is_some_and(|n| n.state == "Established")
    });
    if up {
        return Err(format!(
            "with another password on {core_name}, its session with {rr_addr} still came up: \
             TCP-MD5 is not in force"
        ));
    }
    Ok(format!(
        "TCP-MD5: the sessions came up with the bundle's password; with another one on \
         {core_name}, its session with {rr_addr} stayed down for 15 s"
    ))
}
