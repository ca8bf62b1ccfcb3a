//! `route-reflectors/<name>/frr.conf`: the whole configuration of a route reflector, clients
//! (the nodes) and core gateways.

use super::{
    address_family, bfd_profile, carrying, core_session, evpn, header, neighbors, prefix_lists,
    router_bgp, sessions, timers, vm_route_map, Names, Peer, VmRoutes, SUFFIX,
};
use crate::model::{CoreGateway, Fabric, Family, Md5Key, RouteReflector, LIMIT_RESTART_MINUTES};
use crate::render::writer::Writer;

/// route-reflectors/<name>/frr.conf
pub fn route_reflector(fabric: &Fabric, rr: &RouteReflector, key: Option<&Md5Key>) -> String {
    let me = &rr.device;
    let core_names: Vec<&str> = fabric
        .core_gateways
        .iter()
        .map(|c| c.device.name.as_str())
        .collect();
    let mut w = Writer::new(" ");
    header(
        &mut w,
        fabric,
        "Route reflector",
        me,
        &format!(
            "Reflects the nodes' VM host routes to each other and to the core gateway{} {}; it stays out of the data path.",
            if core_names.len() == 1 { "" } else { "s" },
            core_names.join(", ")
        ),
    );
    let names = Names::own(fabric);
    prefix_lists(&mut w, fabric, &names, true);
    route_maps(&mut w, fabric, &names, rr);
    let peers = peers(fabric, rr);
    if peers.iter().any(|p| p.core.is_some()) {
        bfd_profile(&mut w, fabric, &names);
    }
    router_bgp(&mut w, fabric.asn.get(), me, |w| {
        neighbors(w, me, &peers, |w, p| {
            let addr = p.addr();
            match p.core {
                // VMmanager writes the node's side; the hold time the reflector offers wins
                // when it is the lower one.
                None => {
                    if let Some(t) = fabric.protection.node_timers {
                        timers(w, addr, t);
                    }
                }
                Some(_) => core_session(w, fabric, &names, key, addr),
            }
        });
        for family in me.families() {
            address_family(w, family, |w| {
                for p in peers.iter().filter(|p| p.family == family) {
                    w.line_args(format_args!("neighbor {} activate", p.addr()));
                    match p.core {
                        None => client_policy(w, fabric, p),
                        Some(core) => core_policy(w, fabric, p, core),
                    }
                }
            });
        }
        if fabric.vxlan {
            let nodes = peers
                .iter()
                .filter(|p| p.family == Family::V4 && p.core.is_none());
            evpn(w, nodes, true);
        }
    });
    w.finish()
}

/// The route-maps of each family the reflector has: from the nodes, to the core gateways, and
/// nothing from the core gateways.
fn route_maps(w: &mut Writer, fabric: &Fabric, names: &Names, rr: &RouteReflector) {
    for family in rr.device.families() {
        w.line_args(format_args!(
            "! From the nodes: {} VM host routes inside the pools{}, nothing else.",
            family.label(),
            carrying(fabric)
        ));
        let from_nodes = format!("FROM-NODES-{}", SUFFIX[family]);
        vm_route_map(w, fabric, names, &from_nodes, family, VmRoutes::Match);
        w.line("! To the core gateways: the same routes.");
        let to_core = format!("TO-CORE-{}", SUFFIX[family]);
        vm_route_map(w, fabric, names, &to_core, family, VmRoutes::Match);
    }
    w.line("! From the core gateways: nothing; the fabric needs no routes from them.");
    w.block("route-map FROM-CORE deny 10", "exit", |_| {});
    w.line("!");
}

/// The reflector's sessions: with every node (its clients), then with every core gateway, in
/// plan order.
fn peers<'a>(fabric: &'a Fabric, rr: &RouteReflector) -> Vec<Peer<'a>> {
    let me = &rr.device;
    let asn = fabric.asn.get();
    let nodes = fabric.nodes.iter().flat_map(|node| {
        let description = format!("node {}", node.device.name);
        sessions(me, &node.device, asn, description, None)
    });
    let cores = fabric.core_gateways.iter().flat_map(|core| {
        let description = format!("core gateway {}", core.device.name);
        sessions(me, &core.device, core.asn.get(), description, Some(core))
    });
    nodes.chain(cores).collect()
}

/// A node's session in its address family: a route-reflector client whose routes pass the
/// route-map and a route limit.
fn client_policy(w: &mut Writer, fabric: &Fabric, p: &Peer) {
    let addr = p.addr();
    w.line_args(format_args!("neighbor {addr} route-reflector-client"));
    w.line_args(format_args!(
        "neighbor {addr} route-map FROM-NODES-{} in",
        SUFFIX[p.family]
    ));
    // `force` counts every route the node sends, not only those the route-map lets in, so a
    // node leaking its table is cut off. FRR counts the rejected ones in the copy of received
    // routes that soft-reconfiguration keeps: without it `force` counts nothing more (and the
    // limit is checked as routes are accepted).
    w.line_args(format_args!("neighbor {addr} soft-reconfiguration inbound"));
    w.line_args(format_args!(
        "neighbor {addr} maximum-prefix {} restart {LIMIT_RESTART_MINUTES} force",
        fabric.node_route_limit(p.family)
    ));
}

/// A core gateway's session in its address family: nothing in, the VM routes out, and over
/// eBGP the node kept as next hop.
fn core_policy(w: &mut Writer, fabric: &Fabric, p: &Peer, core: &CoreGateway) {
    let addr = p.addr();
    w.line_args(format_args!("neighbor {addr} route-map FROM-CORE in"));
    w.line_args(format_args!(
        "neighbor {addr} route-map TO-CORE-{} out",
        SUFFIX[p.family]
    ));
    if core.asn != fabric.asn {
        // eBGP would put this reflector in the path; keep the node.
        w.line_args(format_args!("neighbor {addr} attribute-unchanged next-hop"));
        if p.family == Family::V6 {
            // Over eBGP the reflector would also send its own link-local next hop, and the
            // core would forward IPv6 VM traffic through it. (Reflected iBGP routes carry no
            // link-local of the reflector: nothing to do there.)
            w.line_args(format_args!("neighbor {addr} nexthop-local unchanged"));
        }
    }
}
