//! The Markdown documents of a bundle: the runbook (README.md), VMmanager's cluster settings and
//! the Route Reflector script values for reflectors that are VMmanager VMs.

use super::junos;
use super::script::seed_parameters;
use super::writer::Writer;
use crate::model::{
    size_text, CoreGateway, CoreLiveness, Device, Fabric, Family, OrDash, Platform,
    PrefixLimitAction, RouteReflector, RrKind, LIMIT_RESTART_MINUTES, SESSION_LIMIT,
};

fn opt(addr: Option<String>) -> String {
    addr.unwrap_or_else(|| "—".to_string())
}

fn families_in_use(fabric: &Fabric) -> Vec<Family> {
    Family::BOTH
        .into_iter()
        .filter(|f| fabric.has_pools(*f))
        .collect()
}

/// Sessions of a route reflector, as the contract counts them.
pub fn session_count(fabric: &Fabric, rr: &RouteReflector) -> usize {
    let peers = fabric
        .nodes
        .iter()
        .map(|n| &n.device)
        .chain(fabric.core_gateways.iter().map(|c| &c.device));
    peers
        .map(|p: &Device| {
            Family::BOTH
                .into_iter()
                .filter(|f| p.has(*f) && rr.device.has(*f))
                .count()
        })
        .sum()
}

/// vmmanager/cluster-settings.md
pub fn cluster_settings(fabric: &Fabric) -> String {
    let mut w = Writer::new("");
    w.line_args(format_args!("# VMmanager settings: {}", fabric.title));
    w.blank();
    w.line("What to enter in VMmanager, in the order of the runbook (README.md).");
    w.blank();
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
    w.blank();
    w.line("## 2. Cluster");
    w.blank();
    w.line("| setting | value |");
    w.line("| --- | --- |");
    w.line("| network configuration type | IP fabric |");
    if let Some(g) = fabric.gateway_v4 {
        w.line_args(format_args!("| gateway IPv4 address | `{g}` |"));
    }
    if let Some(g) = fabric.gateway_v6 {
        w.line_args(format_args!("| gateway IPv6 address | `{g}` |"));
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
    w.blank();
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
    if !fabric.vms.is_empty() {
        w.blank();
        w.line("## 4. Planned VMs");
        w.blank();
        w.line("| VM | node | IPv4 | IPv6 | interface on the node |");
        w.line("| --- | --- | --- | --- | --- |");
        for vm in &fabric.vms {
            w.line_args(format_args!(
                "| {} | {} | {} | {} | `{}` |",
                vm.name,
                fabric.nodes[vm.node].device.name,
                OrDash(vm.ipv4),
                OrDash(vm.ipv6),
                vm.interface()
            ));
        }
    }
    w.blank();
    w.line("## Guests");
    w.blank();
    w.line(
        "A VM with a /32 reaches its gateway point-to-point, so its default route must be on-link:",
    );
    if let Some(g) = fabric.gateway_v4 {
        w.line_args(format_args!(
            "`ip route add default via {g} dev eth0 onlink`; netplan `on-link: true`;"
        ));
    } else {
        w.line("`ip route add default via GATEWAY dev eth0 onlink`; netplan `on-link: true`;");
    }
    w.line("systemd-networkd `GatewayOnLink=yes`. VMmanager's own templates do this.");
    if let Some(g) = fabric.gateway_v6 {
        w.line_args(format_args!(
            "A VM with a /128 needs the same for IPv6: `ip -6 route add default via {g} dev eth0 onlink`."
        ));
    }
    w.finish()
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
        session_count(fabric, rr)
    ));
    w.finish()
}

/// README.md: the runbook, in the configuration order of the VMmanager guide.
pub fn runbook(fabric: &Fabric) -> String {
    let mut w = Writer::new("");
    w.line_args(format_args!("# Runbook: {}", fabric.title));
    w.blank();
    w.line(
        "Generated by fabric-designer from `plan.json` in this folder. Work through the steps in",
    );
    w.line("order; each ends with the commands that show it worked.");
    w.blank();
    w.line_args(format_args!(
        "The FRR configurations are written for FRR {} or later (`frr defaults traditional`).",
        fabric.frr_version
    ));
    w.line("Ubuntu 20.04's own FRR package is 7.2 and the RHEL 8 family ships 7.5: check with");
    w.line("`vtysh -c 'show version'` and install a current FRR from FRR's package repositories if needed.");
    w.blank();
    advice_section(&mut w, fabric);
    fabric_section(&mut w, fabric);
    w.line("## 1. VMmanager: IP pools and the cluster");
    w.blank();
    w.line("Create the pools, then a cluster of type IP fabric with the gateway, community and");
    w.line("route reflectors listed in `vmmanager/cluster-settings.md`.");
    w.blank();
    nodes_step(&mut w, fabric);
    reflectors_step(&mut w, fabric);
    w.line("## 4. Core gateway");
    w.blank();
    for core in &fabric.core_gateways {
        match core.platform {
            Platform::Junos => junos_core_step(&mut w, fabric, core),
            Platform::Frr => frr_core_step(&mut w, fabric, core),
        }
    }
    announce_pools(&mut w, fabric);
    vms_step(&mut w, fabric);
    w.finish()
}

/// The checks' warnings and notes, first, so that nobody starts work without reading them.
fn advice_section(w: &mut Writer, fabric: &Fabric) {
    if fabric.advice.is_empty() {
        return;
    }
    w.line("## Before you start");
    w.blank();
    w.line("The plan has no errors, but the checks found this:");
    w.blank();
    for a in &fabric.advice {
        w.line_args(format_args!(
            "- **{}** `{}`: {}. {}",
            a.severity,
            a.code,
            visible(&a.message),
            visible(&a.help)
        ));
    }
    w.blank();
}

/// Text from a diagnostic on one line: control and line-separator characters become spaces.
fn visible(text: &str) -> String {
    text.chars()
        .map(|c| {
            if c.is_control() || matches!(c, '\u{2028}' | '\u{2029}') {
                ' '
            } else {
                c
            }
        })
        .collect()
}

fn fabric_section(w: &mut Writer, fabric: &Fabric) {
    w.line("## The fabric");
    w.blank();
    w.line_args(format_args!(
        "- AS {}: nodes and route reflectors speak iBGP; each node peers with every route reflector",
        fabric.asn
    ));
    w.line("  in each address family both have.");
    match fabric.community {
        Some(c) => w.line_args(format_args!(
            "- Community `{c}` is added to every VM route by the nodes and required by the reflectors and the core."
        )),
        None => w.line("- No BGP community: the pools alone decide which routes are accepted."),
    }
    for family in families_in_use(fabric) {
        let prefixes = fabric.prefixes(family);
        w.line_args(format_args!(
            "- {} pools, as prefixes: {}.",
            family.label(),
            prefixes
                .iter()
                .map(|p| format!("`{p}`"))
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    protection_lines(w, fabric);
    if fabric.vxlan {
        w.line("- VxLAN: the reflectors also reflect EVPN (`l2vpn evpn`). VxLAN adds 50 bytes to every");
        w.line(
            "  packet: the underlay needs an MTU of at least 1550, or the guests an MTU of 1450.",
        );
    }
    w.blank();
    w.line("| device | role | IPv4 | IPv6 | BGP sessions |");
    w.line("| --- | --- | --- | --- | --- |");
    for rr in &fabric.route_reflectors {
        w.line_args(format_args!(
            "| {} | route reflector ({}) | {} | {} | {} of {SESSION_LIMIT} |",
            rr.device.name,
            rr.kind.as_str(),
            opt(rr.device.addr(Family::V4)),
            opt(rr.device.addr(Family::V6)),
            session_count(fabric, rr)
        ));
    }
    for core in &fabric.core_gateways {
        w.line_args(format_args!(
            "| {} | core gateway ({}, AS {}) | {} | {} | |",
            core.device.name,
            core.platform.as_str(),
            core.asn,
            opt(core.device.addr(Family::V4)),
            opt(core.device.addr(Family::V6))
        ));
    }
    for node in &fabric.nodes {
        w.line_args(format_args!(
            "| {} | node ({}) | {} | {} | |",
            node.device.name,
            node.virtualization.as_str(),
            opt(node.device.addr(Family::V4)),
            opt(node.device.addr(Family::V6))
        ));
    }
    w.blank();
}

/// What protects the fabric, in the words of the fabric section.
fn protection_lines(w: &mut Writer, fabric: &Fabric) {
    let p = &fabric.protection;
    match p.node_timers {
        Some(t) => w.line_args(format_args!(
            "- The reflectors offer the nodes a hold time of {} s (keepalive {} s): a node that goes silent is dropped within {} s.",
            t.hold, t.keepalive, t.hold
        )),
        None => w.line("- Reflector <-> node sessions keep FRR's timers (hold time 180 s)."),
    }
    match p.core {
        CoreLiveness::Bfd {
            interval,
            multiplier,
        } => w.line_args(format_args!(
            "- Reflector <-> core sessions are watched by BFD ({interval} ms x {multiplier}): a silent peer is found in {} ms.",
            p.core.bfd_detection_ms().unwrap_or_default()
        )),
        CoreLiveness::Timers(t) => w.line_args(format_args!(
            "- Reflector <-> core sessions use a hold time of {} s (keepalive {} s).",
            t.hold, t.keepalive
        )),
        CoreLiveness::Default => {
            w.line("- Reflector <-> core sessions keep BGP's default timers.")
        }
    }
    for family in families_in_use(fabric) {
        w.line_args(format_args!(
            "- {} route limits: a reflector accepts at most {} routes from one node, a core at most {} from one reflector (closed for {LIMIT_RESTART_MINUTES} minutes beyond that{}).",
            family.label(),
            fabric.node_route_limit(family),
            fabric.core_route_limit(family),
            match p.prefix_limit {
                PrefixLimitAction::Teardown => "",
                PrefixLimitAction::DropExcess => "; a Junos core drops the excess routes instead",
            }
        ));
    }
    w.line("- The core tags every VM host route with `no-export`, so host routes never leave it, and drops");
    w.line("  traffic to pool addresses that no VM holds (a discard route per pool prefix longer than one");
    w.line("  address).");
    if p.md5 {
        w.line(
            "- Reflector <-> core sessions are authenticated with TCP-MD5; the password is in the",
        );
        w.line("  configurations of both ends and nowhere else (not in `plan.json`).");
    }
}

fn nodes_step(w: &mut Writer, fabric: &Fabric) {
    w.line("## 2. Nodes");
    w.blank();
    w.line(
        "Add the nodes to the cluster (KVM nodes run AlmaLinux 8, LXD nodes Ubuntu 20.04). VMmanager",
    );
    w.line(
        "writes each node's FRR configuration; `nodes/<name>/frr.conf` is the reference to compare",
    );
    w.line("it with. Never restart FRR on a node that hosts VMs: all of its VM routes would be withdrawn.");
    w.blank();
    w.line("```");
    w.line("vtysh -c 'show running-config' > running.conf");
    w.line("diff -u running.conf frr.conf");
    w.line("```");
    w.blank();
    w.line("The lines that matter are the `redistribute` lines (a VM's host route is a connected route,");
    w.line("since VMmanager wires VMs point-to-point), the route-maps and prefix lists, and one");
    w.line("`neighbor` per route reflector. Add a missing line without a restart: `vtysh`, then");
    w.line("`configure terminal`, the line in its section, `end`, `write memory`.");
    w.blank();
    w.line("Check on each node: `vtysh -c 'show bgp summary'` lists every route reflector; the");
    w.line("sessions become Established once the reflectors are configured in step 3.");
    if fabric.vxlan {
        w.line("With VxLAN, `vtysh -c 'show bgp l2vpn evpn summary'` lists them too.");
    }
    w.blank();
}

fn reflectors_step(w: &mut Writer, fabric: &Fabric) {
    w.line("## 3. Route reflectors");
    w.blank();
    for rr in &fabric.route_reflectors {
        let name = &rr.device.name;
        w.line_args(format_args!("### {name}"));
        w.blank();
        match rr.kind {
            RrKind::Server => {
                w.line_args(format_args!(
                    "Copy `route-reflectors/{name}/route_reflector.sh` to {name}, look at what it will write,"
                ));
                w.line("then run it as root:");
                w.blank();
                w.line("```");
                w.line("sh route_reflector.sh --dry-run");
                w.line("sh route_reflector.sh");
                w.line("```");
            }
            RrKind::VmmanagerVm => {
                w.line_args(format_args!(
                    "Run VMmanager's Route Reflector script on {name} with the values in"
                ));
                w.line_args(format_args!(
                    "`route-reflectors/{name}/run-script.md`, then add the core sessions from"
                ));
                w.line_args(format_args!("`route-reflectors/{name}/frr.conf`."));
                if matches!(fabric.protection.core, CoreLiveness::Bfd { .. }) {
                    w.line("The core sessions use BFD: set `bfdd=yes` in `/etc/frr/daemons` on the VM as well.");
                }
            }
        }
        w.blank();
        w.line_args(format_args!(
            "Check on {name}: `vtysh -c 'show bgp summary'` shows {} sessions Established (the core",
            session_count(fabric, rr)
        ));
        w.line("gateway's once step 4 is done).");
        if fabric.vxlan {
            w.line("With VxLAN, `vtysh -c 'show bgp l2vpn evpn summary'` lists every node Established.");
        }
        if matches!(fabric.protection.core, CoreLiveness::Bfd { .. }) {
            w.line("`vtysh -c 'show bfd peers brief'` shows the core gateway's BFD session up.");
        }
        w.blank();
    }
}

fn junos_core_step(w: &mut Writer, fabric: &Fabric, core: &CoreGateway) {
    let name = &core.device.name;
    w.line_args(format_args!("### {name} (Junos)"));
    w.blank();
    w.line_args(format_args!(
        "`core/{name}/junos.conf` holds `set` lines only. It assumes `routing-options autonomous-system {}`",
        core.asn
    ));
    if core.asn == fabric.asn {
        w.line_args(format_args!(
            "(iBGP: the core shares AS {} with the fabric).",
            fabric.asn
        ));
    } else {
        w.line_args(format_args!(
            "(eBGP: the fabric is AS {}). The reflectors keep each node as next hop (third-party next",
            fabric.asn
        ));
        w.line("hop), so the core must share a subnet with the nodes.");
    }
    w.line("The MX must reach every node's underlay address: VM routes carry the node as next hop, and");
    w.line("Junos hides routes whose next hop it cannot resolve (`show route hidden`).");
    w.blank();
    w.line("```");
    w.line("configure");
    w.line("load set terminal");
    w.line_args(format_args!("(paste core/{name}/junos.conf, then Ctrl-D)"));
    w.line("show | compare");
    w.line("commit check");
    w.line("commit confirmed 5");
    for family in junos::families(fabric, core) {
        w.line_args(format_args!(
            "run show bgp group {} detail",
            junos::group(family)
        ));
    }
    for rr in &fabric.route_reflectors {
        for family in junos::families(fabric, core) {
            if let Some(addr) = rr.device.addr(family) {
                w.line_args(format_args!("run show route receive-protocol bgp {addr}"));
            }
        }
    }
    w.line("run show route hidden");
    w.line("commit");
    w.line("```");
    w.blank();
    w.line("`show | compare` must list only additions. `commit confirmed 5` rolls back by itself after");
    w.line("5 minutes unless the final `commit` confirms it: check the groups, that every reflector's VM");
    w.line("routes arrive, and that `show route hidden` lists none of them, in between.");
    if matches!(fabric.protection.core, CoreLiveness::Bfd { .. }) {
        w.line("`run show bfd session` lists every route reflector Up.");
    }
    w.blank();
}

fn frr_core_step(w: &mut Writer, fabric: &Fabric, core: &CoreGateway) {
    let name = &core.device.name;
    w.line_args(format_args!("### {name} (FRR)"));
    w.blank();
    w.line_args(format_args!(
        "`core/{name}/frr.conf` holds only what the fabric adds to the router: it is merged into the"
    ));
    w.line(
        "running configuration, with no restart, so the router's other sessions stay up. Do not",
    );
    w.line("install it as `/etc/frr/frr.conf` and do not use `frr-reload.py`: both remove whatever the");
    w.line("file does not contain.");
    if matches!(fabric.protection.core, CoreLiveness::Bfd { .. }) {
        w.line("BFD needs `bfdd=yes` in `/etc/frr/daemons`; if it is off, enable it in a maintenance window");
        w.line("(starting a daemon restarts FRR), or set `protection.core_detection` to `timers`.");
    }
    w.blank();
    w.line("```");
    w.line("vtysh -c 'show running-config' > /root/frr-before-fabric.conf   # the rollback copy");
    w.line("vtysh -C -f frr.conf                                           # check the file");
    w.line("vtysh -f frr.conf                                              # merge it");
    w.line("vtysh -c 'show running-config' | diff -u /root/frr-before-fabric.conf -");
    w.line("vtysh -c 'write memory'");
    w.line("```");
    w.blank();
    w.line("The diff must show only the fabric's lines (neighbours, route-maps, prefix lists, the pool");
    w.line("routes): `write memory` saves the running configuration as it is.");
    w.blank();
    w.line("Check: `vtysh -c 'show bgp summary'` shows every route reflector Established and the");
    w.line(
        "router's other sessions with their old uptime. To roll back, remove the added neighbours",
    );
    w.line("(`no neighbor <address>` under `router bgp`), compare with the rollback copy, `write memory`.");
    w.blank();
}

/// How the core announces the pools upstream: the discard routes are there to be announced.
fn announce_pools(w: &mut Writer, fabric: &Fabric) {
    let prefixes: Vec<(Family, String)> = families_in_use(fabric)
        .into_iter()
        .flat_map(|f| fabric.prefixes(f).into_iter().map(move |p| (f, p)))
        .collect();
    let Some((family, first)) = prefixes.first() else {
        return;
    };
    w.line("### Announcing the pools upstream");
    w.blank();
    w.line(
        "The VM host routes never leave the core (`no-export`). To the Internet the core announces",
    );
    w.line(
        "the pool prefixes, which its discard routes keep in the routing table, through its own",
    );
    w.line_args(format_args!(
        "upstream export policy. For `{first}`, on Junos (add a term to the upstream export policy):"
    ));
    w.blank();
    w.line("```");
    w.line_args(format_args!(
        "set policy-options policy-statement UPSTREAM-OUT term vm-pools from protocol static route-filter {first} exact"
    ));
    w.line("set policy-options policy-statement UPSTREAM-OUT term vm-pools then accept");
    w.line("```");
    w.blank();
    w.line("and on FRR (`network` announces a prefix that is in the routing table):");
    w.blank();
    w.line("```");
    w.line("router bgp <core AS>");
    w.line_args(format_args!(" address-family {} unicast", family.key()));
    w.line_args(format_args!("  network {first}"));
    w.line("```");
    w.blank();
}

fn vms_step(w: &mut Writer, fabric: &Fabric) {
    w.line("## 5. VMs");
    w.blank();
    w.line(
        "Create the VMs. For each one, VMmanager makes the interface `<vm>_net0` on its node and",
    );
    w.line("the node announces the VM's host route. Check a VM's route on every hop:");
    w.blank();
    // The first planned VM as the worked example, with placeholders when none is planned.
    let example = fabric.vms.first();
    let node = example.map(|vm| fabric.nodes[vm.node].device.name.to_string());
    let mut hosts: Vec<(Family, String)> = Vec::new();
    if let Some(a) = example.and_then(|vm| vm.ipv4) {
        hosts.push((Family::V4, a.to_string()));
    }
    if let Some(a) = example.and_then(|vm| vm.ipv6) {
        hosts.push((Family::V6, a.to_string()));
    }
    if hosts.is_empty() {
        hosts.push((Family::V4, "<vm address>".to_string()));
    }
    w.line("```");
    match &node {
        Some(node) => w.line_args(format_args!("# on the VM's node ({node}):")),
        None => w.line("# on the VM's node:"),
    }
    for (family, addr) in &hosts {
        let ip = if *family == Family::V4 { "ip" } else { "ip -6" };
        w.line_args(format_args!("{ip} route show {addr}"));
    }
    w.line("# on each route reflector and on an FRR core:");
    w.line("vtysh -c 'show bgp summary'");
    for (family, addr) in &hosts {
        w.line_args(format_args!(
            "vtysh -c 'show bgp {} unicast {addr}/{}'",
            family.key(),
            family.host_len()
        ));
    }
    if fabric
        .core_gateways
        .iter()
        .any(|c| c.platform == Platform::Junos)
    {
        w.line("# on a Junos core:");
        for (family, addr) in &hosts {
            w.line_args(format_args!(
                "show route {addr}/{} detail",
                family.host_len()
            ));
        }
    }
    w.line("```");
    w.blank();
    w.line(
        "The route must carry the community (if the plan sets one) and name the VM's node as next",
    );
    w.line(
        "hop, at the reflectors and at the core: the reflectors are never in the data path. At the",
    );
    w.line("core it also carries `no-export`.");
}
