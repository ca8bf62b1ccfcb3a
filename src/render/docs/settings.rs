//! `vmmanager/cluster-settings.md` and the Route Reflector script values
//! (`route-reflectors/<name>/run-script.md`): what to enter in VMmanager.

use super::opt;
use crate::model::{size_text, Dotted, Fabric, Family, RouteReflector, DASH, INTERFACE_SUFFIX};
use crate::render::script::seed_parameters;
use crate::render::writer::Writer;

/// vmmanager/cluster-settings.md
pub fn cluster_settings(fabric: &Fabric) -> String {
    let mut w = Writer::new("");
    w.line_args(format_args!("# VMmanager settings: {}", fabric.title));
    w.blank();
    w.line("What to enter in VMmanager, in the order of the runbook (README.md).");
    w.blank();
    pools(&mut w, fabric);
    w.blank();
    cluster(&mut w, fabric);
    w.blank();
    nodes(&mut w, fabric);
    vms(&mut w, fabric);
    w.blank();
    guests(&mut w, fabric);
    w.finish()
}

/// 1: one VMmanager pool per pool of the plan, with its size.
fn pools(w: &mut Writer, fabric: &Fabric) {
    w.line("## 1. IP pools");
    w.blank();
    w.line("Create one pool per row. In an IP-fabric pool every address can go to a VM, the first");
    w.line("and last of a prefix included.");
    w.blank();
    w.line("| pool | ranges | addresses |");
    w.line("| --- | --- | --- |");
    for pool in &fabric.pools {
        let ranges: Vec<String> = pool.ranges.iter().map(|r| format!("`{r}`")).collect();
        let size: u128 = pool
            .ranges
            .iter()
            .map(|r| r.size())
            .fold(0, u128::saturating_add);
        w.line_args(format_args!(
            "| {} | {} | {} |",
            pool.name,
            ranges.join(", "),
            size_text(size)
        ));
    }
}

/// 2: the cluster's settings and its route reflector entries.
fn cluster(w: &mut Writer, fabric: &Fabric) {
    w.line("## 2. Cluster");
    w.blank();
    w.line("| setting | value |");
    w.line("| --- | --- |");
    w.line("| network configuration type | IP fabric |");
    for (family, gateway) in fabric.gateway.iter() {
        if let Some(g) = gateway {
            w.line_args(format_args!(
                "| gateway {} address | `{g}` |",
                family.label()
            ));
        }
    }
    w.line_args(format_args!(
        "| BGP community | {} |",
        fabric
            .community
            .map(|c| format!("`{c}`"))
            .unwrap_or_else(|| "(none)".to_string())
    ));
    w.line_args(format_args!(
        "| VxLAN | {} |",
        if fabric.vxlan { "yes" } else { "no" }
    ));
    w.blank();
    w.line(
        "The gateway addresses go in the cluster's gateway fields (VMmanager gives them to every",
    );
    w.line("VM interface on every node and uses them only between a VM and its node); the community in");
    w.line("its BGP community field.");
    w.blank();
    w.line(
        "VMmanager takes route reflectors as entries of one IP address and one AS number each. Add",
    );
    w.line("one entry per row, so a reflector with an IPv4 and an IPv6 address is two entries:");
    w.blank();
    w.line("| entry | route reflector | IP address | AS number |");
    w.line("| --- | --- | --- | --- |");
    let mut entry = 0;
    for rr in &fabric.route_reflectors {
        for family in rr.device.families() {
            entry += 1;
            w.line_args(format_args!(
                "| {entry} | {} | `{}` | {} |",
                rr.device.name,
                opt(rr.device.addr(family)),
                fabric.asn
            ));
        }
    }
}

/// 3: the nodes to add.
fn nodes(w: &mut Writer, fabric: &Fabric) {
    w.line("## 3. Nodes");
    w.blank();
    w.line("| node | virtualization | OS | IPv4 | IPv6 |");
    w.line("| --- | --- | --- | --- | --- |");
    for node in &fabric.nodes {
        w.line_args(format_args!(
            "| {} | {} | {} | {} | {} |",
            node.device.name,
            node.virtualization.label(),
            node.virtualization.required_os(),
            opt(node.device.addr(Family::V4)),
            opt(node.device.addr(Family::V6))
        ));
    }
}

/// 4: the planned VMs, when there are any.
fn vms(w: &mut Writer, fabric: &Fabric) {
    if !fabric.vms.is_empty() {
        w.blank();
        w.line("## 4. Planned VMs");
        w.blank();
        w.line("| VM | node | IPv4 | IPv6 | interface on the node |");
        w.line("| --- | --- | --- | --- | --- |");
        // Pieces rather than `format_args!`: a plan at the session limit has thousands of rows,
        // and formatting was most of this file's time.
        for vm in &fabric.vms {
            let ipv4 = vm.ipv4.map(|a| Dotted(a).text());
            let ipv6 = vm.ipv6.map(|a| a.to_string());
            w.line_parts(&[
                "| ",
                vm.name.as_str(),
                " | ",
                // vm.node always indexes fabric.nodes (a dash were it not).
                fabric
                    .nodes
                    .get(vm.node)
                    .map_or(DASH, |node| node.device.name.as_str()),
                " | ",
                ipv4.as_ref().map_or(DASH, |a| a.as_str()),
                " | ",
                ipv6.as_deref().unwrap_or(DASH),
                " | `",
                vm.name.as_str(),
                INTERFACE_SUFFIX,
                "` |",
            ]);
        }
    }
}

/// What a guest's default route needs.
fn guests(w: &mut Writer, fabric: &Fabric) {
    w.line("## Guests");
    w.blank();
    w.line(
        "A VM with a /32 reaches its gateway point-to-point, so its default route must be on-link:",
    );
    if let Some(g) = fabric.gateway.v4 {
        w.line_args(format_args!(
            "`ip route add default via {g} dev eth0 onlink`; netplan `on-link: true`;"
        ));
    } else {
        w.line("`ip route add default via GATEWAY dev eth0 onlink`; netplan `on-link: true`;");
    }
    w.line("systemd-networkd `GatewayOnLink=yes`. VMmanager's own templates do this.");
    if let Some(g) = fabric.gateway.v6 {
        w.line_args(format_args!(
            "A VM with a /128 needs the same for IPv6: `ip -6 route add default via {g} dev eth0 onlink`."
        ));
    }
}

/// route-reflectors/<name>/run-script.md for a reflector of kind `vmmanager-vm`.
pub fn run_script(fabric: &Fabric, rr: &RouteReflector) -> String {
    let name = &rr.device.name;
    let mut w = Writer::new("");
    w.line_args(format_args!("# Route Reflector script for {name}"));
    w.blank();
    w.line_args(format_args!(
        "{name} is a VM in VMmanager. Go to Virtual machines, select {name}, choose Run script,"
    ));
    w.line("select the Route Reflector script and enter these values:");
    w.blank();
    w.line("| parameter | value |");
    w.line("| --- | --- |");
    for (key, value) in seed_parameters(fabric, rr) {
        w.line_args(format_args!("| {key} | `{value}` |"));
    }
    w.blank();
    w.line("NEIGHBOR lists every node address this reflector peers with. Where the form takes one");
    w.line("address, run the script once per address; re-running it adds the next node.");
    w.blank();
    w.line("The script sets up the nodes' sessions only. The sessions to the core gateway and the");
    w.line("route filters are in `frr.conf` beside this file: compare it with `/etc/frr/frr.conf`");
    w.line("on the VM and add what is missing (or install it and run `systemctl reload frr`).");
    w.blank();
    w.line("Check on the VM:");
    w.blank();
    w.line("```");
    w.line("vtysh -c 'show bgp summary'");
    w.line("```");
    w.blank();
    w.line_args(format_args!(
        "It should list {} sessions, each Established once the peer is configured.",
        fabric.sessions(rr).total()
    ));
    w.finish()
}
