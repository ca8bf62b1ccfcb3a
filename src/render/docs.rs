//! The Markdown documents of a bundle: the runbook (README.md), VMmanager's cluster settings and
//! the Route Reflector script values for reflectors that are VMmanager VMs.

use super::script::seed_parameters;
use super::writer::Writer;
use crate::check::SESSION_LIMIT;
use crate::model::{Device, Fabric, Family, RouteReflector};
use crate::plan::{Platform, RrKind};

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
    w.line(format!("# VMmanager settings: {}", fabric.title));
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
        w.line(format!(
            "| {} | {} | {} |",
            pool.name,
            ranges.join(", "),
            human_count(size)
        ));
    }
    w.blank();
    w.line("## 2. Cluster");
    w.blank();
    w.line("| setting | value |");
    w.line("| --- | --- |");
    w.line("| network configuration type | IP fabric |");
    if let Some(g) = fabric.gateway_v4 {
        w.line(format!("| gateway IPv4 address | `{g}` |"));
    }
    if let Some(g) = fabric.gateway_v6 {
        w.line(format!("| gateway IPv6 address | `{g}` |"));
    }
    w.line(format!(
        "| BGP community | {} |",
        fabric
            .community
            .map(|c| format!("`{c}`"))
            .unwrap_or_else(|| "(none)".to_string())
    ));
    w.line(format!(
        "| VxLAN | {} |",
        if fabric.vxlan { "yes" } else { "no" }
    ));
    w.blank();
    w.line("Route reflectors, each with its address and AS number:");
    w.blank();
    w.line("| route reflector | IPv4 | IPv6 | AS |");
    w.line("| --- | --- | --- | --- |");
    for rr in &fabric.route_reflectors {
        w.line(format!(
            "| {} | {} | {} | {} |",
            rr.device.name,
            opt(rr.device.addr(Family::V4)),
            opt(rr.device.addr(Family::V6)),
            fabric.asn
        ));
    }
    w.blank();
    w.line("## 3. Nodes");
    w.blank();
    w.line("| node | virtualization | OS | IPv4 | IPv6 |");
    w.line("| --- | --- | --- | --- | --- |");
    for node in &fabric.nodes {
        w.line(format!(
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
            w.line(format!(
                "| {} | {} | {} | {} | `{}` |",
                vm.name,
                fabric.nodes[vm.node].device.name,
                opt(vm.ipv4.map(|a| a.to_string())),
                opt(vm.ipv6.map(|a| a.to_string())),
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
        w.line(format!(
            "`ip route add default via {g} dev eth0 onlink`; netplan `on-link: true`;"
        ));
    } else {
        w.line("`ip route add default via GATEWAY dev eth0 onlink`; netplan `on-link: true`;");
    }
    w.line("systemd-networkd `GatewayOnLink=yes`. VMmanager's own templates do this.");
    if let Some(g) = fabric.gateway_v6 {
        w.line(format!(
            "A VM with a /128 needs the same for IPv6: `ip -6 route add default via {g} dev eth0 onlink`."
        ));
    }
    w.finish()
}

fn human_count(n: u128) -> String {
    if n > 1 << 40 {
        // IPv6 pools: the exact number helps nobody.
        let bits = 128 - n.leading_zeros() - 1;
        format!("2^{bits}")
    } else {
        n.to_string()
    }
}

/// route-reflectors/<name>/run-script.md for a reflector of kind `vmmanager-vm`.
pub fn run_script(fabric: &Fabric, rr: &RouteReflector) -> String {
    let name = &rr.device.name;
    let mut w = Writer::new("");
    w.line(format!("# Route Reflector script for {name}"));
    w.blank();
    w.line(format!(
        "{name} is a VM in VMmanager. Go to Virtual machines, select {name}, choose Run script,"
    ));
    w.line("select the Route Reflector script and enter these values:");
    w.blank();
    w.line("| parameter | value |");
    w.line("| --- | --- |");
    for (key, value) in seed_parameters(fabric, rr) {
        w.line(format!("| {key} | `{value}` |"));
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
    w.line(format!(
        "It should list {} sessions, each Established once the peer is configured.",
        session_count(fabric, rr)
    ));
    w.finish()
}

/// README.md: the runbook, in the configuration order of the VMmanager guide.
pub fn runbook(fabric: &Fabric) -> String {
    let mut w = Writer::new("");
    w.line(format!("# Runbook: {}", fabric.title));
    w.blank();
    w.line(
        "Generated by fabric-designer from `plan.json` in this folder. Work through the steps in",
    );
    w.line("order; each ends with the commands that show it worked.");
    w.blank();
    w.line(format!(
        "The FRR configurations are written for FRR {} or later (`frr defaults traditional`).",
        fabric.frr_version
    ));
    w.line("Ubuntu 20.04's own FRR package is 7.2 and the RHEL 8 family ships 7.5: check with");
    w.line("`vtysh -c 'show version'` and install a current FRR from FRR's package repositories if needed.");
    w.blank();
    w.line("## The fabric");
    w.blank();
    w.line(format!(
        "- AS {}: nodes and route reflectors speak iBGP; each node peers with every route reflector",
        fabric.asn
    ));
    w.line("  in each address family both have.");
    match fabric.community {
        Some(c) => w.line(format!(
            "- Community `{c}` is added to every VM route by the nodes and required by the reflectors and the core."
        )),
        None => w.line("- No BGP community: the pools alone decide which routes are accepted."),
    }
    for family in families_in_use(fabric) {
        let prefixes = fabric.prefixes(family);
        w.line(format!(
            "- {} pools, as prefixes: {}.",
            family.label(),
            prefixes
                .iter()
                .map(|p| format!("`{p}`"))
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    w.blank();
    w.line("| device | role | IPv4 | IPv6 | BGP sessions |");
    w.line("| --- | --- | --- | --- | --- |");
    for rr in &fabric.route_reflectors {
        w.line(format!(
            "| {} | route reflector ({}) | {} | {} | {} of {SESSION_LIMIT} |",
            rr.device.name,
            rr.kind.as_str(),
            opt(rr.device.addr(Family::V4)),
            opt(rr.device.addr(Family::V6)),
            session_count(fabric, rr)
        ));
    }
    for core in &fabric.core_gateways {
        w.line(format!(
            "| {} | core gateway ({}, AS {}) | {} | {} | |",
            core.device.name,
            core.platform.as_str(),
            core.asn,
            opt(core.device.addr(Family::V4)),
            opt(core.device.addr(Family::V6))
        ));
    }
    for node in &fabric.nodes {
        w.line(format!(
            "| {} | node ({}) | {} | {} | |",
            node.device.name,
            node.virtualization.as_str(),
            opt(node.device.addr(Family::V4)),
            opt(node.device.addr(Family::V6))
        ));
    }
    w.blank();
    w.line("## 1. VMmanager: IP pools and the cluster");
    w.blank();
    w.line("Create the pools, then a cluster of type IP fabric with the gateway, community and");
    w.line("route reflectors listed in `vmmanager/cluster-settings.md`.");
    w.blank();
    w.line("## 2. Nodes");
    w.blank();
    w.line(
        "Add the nodes to the cluster (KVM nodes run AlmaLinux 8, LXD nodes Ubuntu 20.04). Each",
    );
    w.line("node needs FRR with `bgpd=yes` in `/etc/frr/daemons` (zebra and staticd always run), the sysctls");
    w.line(
        "`net.ipv4.ip_forward=1` and `net.ipv6.conf.all.forwarding=1`, and the configuration in",
    );
    w.line("`nodes/<name>/frr.conf`. Where VMmanager already wrote `/etc/frr/frr.conf`, compare it with");
    w.line("that file; otherwise install it:");
    w.blank();
    w.line("```");
    w.line("vtysh -C -f frr.conf && install -m 640 -o frr -g frr frr.conf /etc/frr/frr.conf");
    w.line("systemctl restart frr");
    w.line("```");
    w.blank();
    w.line("Check on each node: `vtysh -c 'show bgp summary'` lists every route reflector; the");
    w.line("sessions become Established once the reflectors are configured in step 3.");
    w.blank();
    w.line("## 3. Route reflectors");
    w.blank();
    for rr in &fabric.route_reflectors {
        let name = &rr.device.name;
        w.line(format!("### {name}"));
        w.blank();
        match rr.kind {
            RrKind::Server => {
                w.line(format!(
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
                w.line(format!(
                    "Run VMmanager's Route Reflector script on {name} with the values in"
                ));
                w.line(format!(
                    "`route-reflectors/{name}/run-script.md`, then add the core sessions from"
                ));
                w.line(format!("`route-reflectors/{name}/frr.conf`."));
            }
        }
        w.blank();
        w.line(format!(
            "Check on {name}: `vtysh -c 'show bgp summary'` shows {} sessions Established (the core",
            session_count(fabric, rr)
        ));
        w.line("gateway's once step 4 is done).");
        w.blank();
    }
    w.line("## 4. Core gateway");
    w.blank();
    for core in &fabric.core_gateways {
        let name = &core.device.name;
        match core.platform {
            Platform::Junos => {
                w.line(format!(
                    "{name} (Junos): load `core/{name}/junos.conf` with `load set terminal` and follow its"
                ));
                // junos.conf has a group per family the core shares with a reflector.
                let shares = |f: Family| {
                    core.device.has(f) && fabric.route_reflectors.iter().any(|r| r.device.has(f))
                };
                let groups = match (shares(Family::V4), shares(Family::V6)) {
                    (true, true) => "`show bgp group VM detail` and `show bgp group VM-V6 detail`",
                    (false, true) => "`show bgp group VM-V6 detail`",
                    _ => "`show bgp group VM detail`",
                };
                w.line(format!(
                    "commit procedure: `commit check`, `commit confirmed 5`, {groups}, `commit`."
                ));
                w.line("Check: `show route receive-protocol bgp <route reflector>` lists the VM routes and");
                w.line("`show route hidden` lists none of them.");
            }
            Platform::Frr => {
                w.line(format!(
                    "{name} (FRR): install `core/{name}/frr.conf` as in step 2 (with `bgpd=yes`)."
                ));
                w.line(
                    "Check: `vtysh -c 'show bgp summary'` shows every route reflector Established.",
                );
            }
        }
        w.blank();
    }
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
        Some(node) => w.line(format!("# on the VM's node ({node}):")),
        None => w.line("# on the VM's node:"),
    }
    for (family, addr) in &hosts {
        let ip = if *family == Family::V4 { "ip" } else { "ip -6" };
        w.line(format!("{ip} route show {addr}"));
    }
    w.line("# on each route reflector and on an FRR core:");
    w.line("vtysh -c 'show bgp summary'");
    for (family, addr) in &hosts {
        w.line(format!(
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
            w.line(format!("show route {addr}/{} detail", family.host_len()));
        }
    }
    w.line("```");
    w.blank();
    w.line(
        "The route must carry the community (if the plan sets one) and name the VM's node as next",
    );
    w.line("hop, at the reflectors and at the core: the reflectors are never in the data path.");
    w.finish()
}
