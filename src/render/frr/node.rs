//! `nodes/<name>/frr.conf`: the reference for what VMmanager writes on a node.

use super::{
    address_family, evpn, header, neighbors, prefix_lists, reflector_peers, router_bgp,
    vm_route_map, Names, VmRoutes, SUFFIX,
};
use crate::model::{Dotted, Fabric, Family, Node, INTERFACE_SUFFIX};
use crate::render::writer::Writer;

/// nodes/<name>/frr.conf of `node`, `fabric.nodes[index]`.
pub fn node(fabric: &Fabric, index: usize, node: &Node) -> String {
    let me = &node.device;
    let rr_names: Vec<&str> = fabric
        .route_reflectors
        .iter()
        .map(|r| r.device.name.as_str())
        .collect();
    let mut w = Writer::new(" ");
    header(
        &mut w,
        fabric,
        "Node",
        me,
        &format!(
            "Announces the host routes of this node's VMs to the route reflectors {}.",
            rr_names.join(", ")
        ),
    );
    let names = Names::own(fabric);
    prefix_lists(&mut w, fabric, &names, false);
    for family in me.families() {
        w.line_args(format_args!(
            "! {} VM routes leave this node only from the pools{}.",
            family.label(),
            match fabric.community {
                Some(c) => format!(", tagged with the community {c}"),
                None => String::new(),
            }
        ));
        let name = format!("VM-ROUTES-{}", SUFFIX[family]);
        vm_route_map(&mut w, fabric, &names, &name, family, VmRoutes::Tag);
    }
    planned_vm_routes(&mut w, fabric, index);
    let peers = reflector_peers(fabric, me, |rr| {
        format!("route reflector {}", rr.device.name)
    });
    router_bgp(&mut w, fabric.asn.get(), me, |w| {
        neighbors(w, me, &peers, |_, _| {});
        for family in me.families() {
            address_family(w, family, |w| {
                let map = format!("VM-ROUTES-{}", SUFFIX[family]);
                // VMmanager wires a VM point-to-point (`ip addr add GATEWAY peer VM/32 dev
                // <vm>_net0`), which makes the host route a connected one; it also writes a
                // static route, and `ip route` gives a kernel route. Whichever way the route
                // exists, the route-map keeps only pool host routes.
                w.line_args(format_args!("redistribute connected route-map {map}"));
                w.line_args(format_args!("redistribute kernel route-map {map}"));
                w.line_args(format_args!("redistribute static route-map {map}"));
                for p in peers.iter().filter(|p| p.family == family) {
                    let addr = p.addr();
                    w.line_args(format_args!("neighbor {addr} activate"));
                    if fabric.has_pools(family) {
                        // Other nodes' VM routes come back through the reflectors; accept
                        // nothing else.
                        w.line_args(format_args!(
                            "neighbor {addr} prefix-list {} in",
                            names.pools[family]
                        ));
                        w.line_args(format_args!(
                            "neighbor {addr} prefix-list {} out",
                            names.pools[family]
                        ));
                    }
                }
            });
        }
        if fabric.vxlan {
            evpn(w, peers.iter().filter(|p| p.family == Family::V4), false);
        }
    });
    w.finish()
}

/// The static host routes of the VMs planned on the node, as VMmanager writes them.
fn planned_vm_routes(w: &mut Writer, fabric: &Fabric, index: usize) {
    let vms: Vec<_> = fabric.vms_on(index).collect();
    if vms.is_empty() {
        return;
    }
    w.line("! Host routes of the VMs planned on this node. VMmanager adds a line like these");
    w.line("! when it creates a VM; each route exists only while the VM's interface does.");
    for vm in &vms {
        if let Some(a) = vm.ipv4 {
            // Pieces rather than `format_args!`: a node may carry hundreds of these lines.
            w.line_parts(&[
                "ip route ",
                Dotted(a).text().as_str(),
                "/32 ",
                vm.name.as_str(),
                INTERFACE_SUFFIX,
            ]);
        }
        if let Some(a) = vm.ipv6 {
            w.line_args(format_args!("ipv6 route {a}/128 {}", vm.interface()));
        }
    }
    w.line("!");
}
