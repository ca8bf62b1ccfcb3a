//! The plans the lab builds: the valid examples and generated variations, how each wires its
//! VMs and which extra behaviour it proves, and the frr.conf files of every host (rendered ones,
//! an FRR stand-in for a Junos core, the core router's own configuration and its upstream).

use crate::topology::{device_addrs, in_any, subnet, HostConfig, Role, Wiring};
use fabric_designer::check::check;
use fabric_designer::model::{CoreGateway, Fabric, Family};
use fabric_designer::plan::generate::ipv4_fabric;
use fabric_designer::plan::{
    read_plan, CoreDetection, FamilyAddresses, Plan, Platform, Pool, EXAMPLES,
};
use fabric_designer::render::render;
use ipnet::IpNet;
use std::collections::BTreeMap;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

/// A behaviour check that runs on some plans only (each on at least one), to keep the lab
/// within its time budget.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Extra {
    /// A VM moves to another node: its route follows, with no stale path left.
    Migration,
    /// A node config from before `redistribute connected` loses its point-to-point VM routes.
    OldNodeConfig,
    /// A core's link is cut (BFD), then a node's (hold time). Runs last: links stay cut.
    LinkCuts,
    /// A node announces more routes than its limit. Runs last: the session stays down.
    PrefixLimit,
    /// A node leaks routes outside the pools: counted, and its session closed. Runs last.
    LeakingNode,
    /// TCP-MD5: the core with a wrong password cannot bring its session up. Runs last.
    Md5,
}

/// One plan of the lab.
pub struct LabPlan {
    pub name: String,
    pub plan: Plan,
    pub wiring: Wiring,
    pub extras: Vec<Extra>,
}

/// The plans, by name. Generated ones are kept small (2 nodes, 4 VMs) so that the whole lab
/// stays within its time budget, yet together cover: IPv4 only and dual stack, iBGP and eBGP
/// cores, one and two reflectors, pools with `first-last` ranges and with prefixes, with and
/// without a community, both VM wirings in both families, BFD and short timers towards the core.
pub fn all() -> Vec<LabPlan> {
    let example = |name: &str| {
        let text = EXAMPLES
            .iter()
            .find(|(n, _)| *n == name)
            .unwrap_or_else(|| panic!("no example {name}"))
            .1;
        read_plan(text).unwrap_or_else(|e| panic!("example {name}: {e}"))
    };
    let lab_plan = |name: &str, plan: Plan, wiring: Wiring, extras: &[Extra]| LabPlan {
        name: name.to_string(),
        plan,
        wiring,
        extras: extras.to_vec(),
    };
    vec![
        // The valid examples ("mistakes" is invalid on purpose).
        lab_plan(
            "dc1-dual-stack",
            example("dc1-dual-stack"),
            Wiring::PointToPoint,
            &[Extra::Migration, Extra::OldNodeConfig],
        ),
        lab_plan(
            "lab-frr-core",
            example("lab-frr-core"),
            Wiring::Static,
            &[Extra::LinkCuts, Extra::LeakingNode],
        ),
        lab_plan(
            "lxd-ipv4-vxlan",
            example("lxd-ipv4-vxlan"),
            Wiring::PointToPoint,
            &[],
        ),
        lab_plan(
            "gen-ipv4-one-rr-ranges",
            ipv4_one_reflector(),
            Wiring::Static,
            &[Extra::Md5],
        ),
        lab_plan(
            "gen-dual-stack-ebgp",
            dual_stack_ebgp(),
            Wiring::PointToPoint,
            &[Extra::PrefixLimit],
        ),
    ]
}

/// IPv4 only, one route reflector, an iBGP (Junos) core, no community (the route-maps' other
/// branch); the pool mixes a prefix and a `first-last` range, with VMs in both.
fn ipv4_one_reflector() -> Plan {
    let mut plan = ipv4_fabric(2, 4);
    plan.name = "Generated: IPv4, one reflector, prefix and range".to_string();
    plan.community = None;
    // TCP-MD5 between the reflector and the core: the password the lab gives in `files_of`.
    plan.protection.md5 = true;

    plan.route_reflectors.truncate(1);
    plan.pools = vec![Pool {
        name: "mixed".to_string(),
        // The range is not a prefix: it renders as several prefix-list lines.
        ranges: vec![
            "100.64.0.0/31".to_string(),
            "100.64.0.2-100.64.0.12".to_string(),
        ],
    }];
    // vm0, vm1 in the prefix; vm2, vm3 in the range (100.64.0.12 is its last address).
    let addrs = ["100.64.0.0", "100.64.0.1", "100.64.0.5", "100.64.0.12"];
    for (vm, addr) in plan.vms.iter_mut().zip(addrs) {
        vm.ipv4 = Some(addr.to_string());
    }
    plan
}

/// Dual stack, two route reflectors, an eBGP (FRR) core that notices a silent reflector by
/// short BGP timers instead of BFD, at most 4 VMs per node; the IPv6 pool mixes a prefix and a
/// range, the IPv4 pools are the generator's prefixes.
fn dual_stack_ebgp() -> Plan {
    let mut plan = ipv4_fabric(2, 4);
    plan.name = "Generated: dual stack, eBGP core".to_string();
    plan.protection.core_detection = CoreDetection::Timers;
    plan.protection.core_hold_time = 9;
    // A small route limit per node (4 + 4/4 + 10 = 15 routes per family) in pools of thousands
    // of addresses, so that the lab can exceed it with pool host routes.
    plan.protection.max_vms_per_node = 4;
    plan.gateway.ipv6 = Some("fd00:64::1".to_string());
    plan.underlay = FamilyAddresses {
        ipv4: Some("10.10.0.0/16".to_string()),
        ipv6: Some("2001:db8:10::/64".to_string()),
    };
    plan.pools.push(Pool {
        name: "v6".to_string(),
        ranges: vec![
            "2001:db8:500::/120".to_string(),
            "2001:db8:501::10-2001:db8:501::2f".to_string(),
        ],
    });
    for (i, rr) in plan.route_reflectors.iter_mut().enumerate() {
        rr.ipv6 = Some(format!("2001:db8:10::{}", i + 2));
    }
    for core in &mut plan.core_gateways {
        core.platform = Platform::Frr;
        core.asn = 64496;
        core.ipv6 = Some("2001:db8:10::1".to_string());
    }
    for (i, node) in plan.nodes.iter_mut().enumerate() {
        node.ipv6 = Some(format!("2001:db8:10::{}", 0x10 + i));
    }
    // vm0 and vm2 on kvm0, vm1 and vm3 on kvm1: IPv6 from the prefix and both range ends,
    // vm3 IPv6 only.
    let v6 = [
        Some("2001:db8:500::10"),
        Some("2001:db8:501::10"),
        Some("2001:db8:501::2f"),
        Some("2001:db8:500::ff"),
    ];
    for (vm, addr) in plan.vms.iter_mut().zip(v6) {
        vm.ipv6 = addr.map(str::to_string);
    }
    plan.vms[3].ipv4 = None;
    plan
}

/// The fabric of a plan and the frr.conf of every host: reflectors, cores, nodes, then the
/// upstream router. A Junos core is replaced by an FRR stand-in rendered from a copy of the plan
/// in which that core's platform is `frr` (same AS, addresses and import policy); `notes` says
/// so.
pub struct Rendered {
    pub fabric: Fabric,
    pub hosts: Vec<HostConfig>,
    pub notes: Vec<String>,
}

fn fabric_of(plan: &Plan) -> Result<Fabric, String> {
    let report = check(plan);
    report.fabric.ok_or_else(|| {
        let errors: Vec<String> = report
            .diagnostics
            .iter()
            .map(|d| format!("{d:?}"))
            .collect();
        format!("the plan has errors:\n{}", errors.join("\n"))
    })
}

fn files_of(fabric: &Fabric) -> Result<BTreeMap<String, String>, String> {
    // A password for plans with protection.md5; ignored by the others.
    let secrets = fabric_designer::render::Secrets {
        md5: "lab-Md5.key".parse().ok(),
    };
    let files = render(fabric, &secrets).map_err(|e| format!("cannot render: {e}"))?;
    Ok(files.into_iter().map(|f| (f.path, f.contents)).collect())
}

fn get(files: &BTreeMap<String, String>, path: &str) -> Result<String, String> {
    files
        .get(path)
        .cloned()
        .ok_or_else(|| format!("the bundle has no {path}"))
}

pub fn rendered(plan: &Plan, wiring: Wiring) -> Result<Rendered, String> {
    let fabric = fabric_of(plan)?;
    let files = files_of(&fabric)?;
    let mut notes = Vec::new();

    let junos: Vec<String> = plan
        .core_gateways
        .iter()
        .filter(|c| c.platform == Platform::Junos)
        .map(|c| c.name.clone())
        .collect();
    let stand_in = if junos.is_empty() {
        None
    } else {
        let mut copy = plan.clone();
        for c in &mut copy.core_gateways {
            c.platform = Platform::Frr;
        }
        for name in &junos {
            notes.push(format!(
                "core {name} is on platform junos: the lab runs an FRR stand-in rendered from a \
                 copy of the plan with platform frr (same AS, addresses and import policy)"
            ));
        }
        Some(files_of(&fabric_of(&copy)?)?)
    };
    // The stand-in must not change what is under test: the reflectors' and nodes' files of the
    // copy are the same as the real plan's.
    let same_in_copy = |path: &str, config: &str| match &stand_in {
        Some(copy) if get(copy, path)? != config => {
            Err(format!("{path} differs when the core is on platform frr"))
        }
        _ => Ok(()),
    };
    let upstream = Upstream::for_fabric(&fabric)?;

    let mut hosts = Vec::new();
    for rr in &fabric.route_reflectors {
        let path = format!("route-reflectors/{}/frr.conf", rr.device.name);
        let config = get(&files, &path)?;
        same_in_copy(&path, &config)?;
        hosts.push(HostConfig {
            name: rr.device.name.to_string(),
            role: Role::Reflector,
            ipv4: rr.device.ipv4,
            ipv6: rr.device.ipv6,
            config,
            fragment: None,
        });
    }
    for core in &fabric.core_gateways {
        let name = core.device.name.to_string();
        let path = format!("core/{name}/frr.conf");
        let fragment = match (&stand_in, core.platform) {
            (Some(copy), Platform::Junos) => get(copy, &path)?,
            _ => get(&files, &path)?,
        };
        hosts.push(HostConfig {
            name,
            role: Role::Core,
            ipv4: core.device.ipv4,
            ipv6: core.device.ipv6,
            config: core_own_config(&fabric, core, &upstream),
            fragment: Some(fragment),
        });
    }
    for (i, node) in fabric.nodes.iter().enumerate() {
        let path = format!("nodes/{}/frr.conf", node.device.name);
        let mut config = get(&files, &path)?;
        same_in_copy(&path, &config)?;
        if wiring == Wiring::PointToPoint {
            config = without_vm_static_routes(&config, &fabric, i)?;
        }
        hosts.push(HostConfig {
            name: node.device.name.to_string(),
            role: Role::Node,
            ipv4: node.device.ipv4,
            ipv6: node.device.ipv6,
            config,
            fragment: None,
        });
    }
    hosts.push(HostConfig {
        name: UPSTREAM_NAME.to_string(),
        role: Role::Upstream,
        ipv4: upstream.ipv4,
        ipv6: upstream.ipv6,
        config: upstream_config(&fabric, &upstream),
        fragment: None,
    });
    Ok(Rendered {
        fabric,
        hosts,
        notes,
    })
}

/// Point-to-point wiring: the node's frr.conf without the planned VMs' static routes
/// (`ip route <vm>/32 <vm>_net0`, `ipv6 route <vm>/128 <vm>_net0`), so that the connected route
/// of the point-to-point link alone must carry each VM's route. Each line must be there.
pub fn without_vm_static_routes(
    config: &str,
    fabric: &Fabric,
    node: usize,
) -> Result<String, String> {
    let mut lines: Vec<String> = Vec::new();
    for vm in fabric.vms_on(node) {
        if let Some(a) = vm.ipv4 {
            lines.push(format!("ip route {a}/32 {}", vm.interface()));
        }
        if let Some(a) = vm.ipv6 {
            lines.push(format!("ipv6 route {a}/128 {}", vm.interface()));
        }
    }
    let kept: Vec<&str> = config
        .lines()
        .filter(|l| !lines.iter().any(|s| s == l))
        .collect();
    if config.lines().count() - kept.len() != lines.len() {
        return Err(format!(
            "the node config does not have exactly these static routes: {lines:?}"
        ));
    }
    Ok(kept.join("\n") + "\n")
}

/// The node config as rendered before point-to-point wiring was known: without its
/// `redistribute connected` lines.
pub fn without_redistribute_connected(config: &str) -> Result<String, String> {
    let kept: Vec<&str> = config
        .lines()
        .filter(|l| !l.trim_start().starts_with("redistribute connected"))
        .collect();
    if kept.len() == config.lines().count() {
        return Err("the node config has no `redistribute connected` line".to_string());
    }
    Ok(kept.join("\n") + "\n")
}

/// The route limit a reflector's config sets for a neighbour in an address family:
/// `neighbor <addr> maximum-prefix <N> ...`.
pub fn route_limit(config: &str, neighbor: IpAddr) -> Option<u32> {
    let head = format!("neighbor {neighbor} maximum-prefix ");
    config.lines().find_map(|l| {
        l.trim_start()
            .strip_prefix(&head)?
            .split_whitespace()
            .next()?
            .parse()
            .ok()
    })
}

pub const UPSTREAM_NAME: &str = "upstream";
/// The upstream provider's AS: a private one that no lab plan uses (checked).
pub const UPSTREAM_ASN: u32 = 65530;

/// The upstream router: the core's transit provider, on the fabric's LAN with addresses no
/// device of the plan has, announcing a prefix of each family (documentation prefixes that no
/// plan uses, checked).
pub struct Upstream {
    pub ipv4: Option<Ipv4Addr>,
    pub ipv6: Option<Ipv6Addr>,
    pub prefixes: Vec<IpNet>,
}

impl Upstream {
    fn for_fabric(fabric: &Fabric) -> Result<Upstream, String> {
        let used = device_addrs(fabric);
        let mut pools: Vec<IpNet> = fabric.prefixes.v4.clone();
        pools.extend(fabric.prefixes.v6.iter().copied());
        let asns: Vec<u32> = fabric.core_gateways.iter().map(|c| c.asn.get()).collect();
        if fabric.asn.get() == UPSTREAM_ASN || asns.contains(&UPSTREAM_ASN) {
            return Err(format!("the plan uses the upstream's AS {UPSTREAM_ASN}"));
        }
        let mut upstream = Upstream {
            ipv4: None,
            ipv6: None,
            prefixes: Vec::new(),
        };
        for family in Family::BOTH {
            if !fabric.core_gateways.iter().any(|c| c.device.has(family)) {
                continue;
            }
            let net = subnet(fabric, family).ok_or("no LAN for the upstream router")?;
            // Near the start of the LAN, counting down from its 254th address: clear of the
            // IPv6 subnet anycast addresses at either end.
            let hosts: Vec<IpAddr> = net.hosts().take(255).collect();
            let addr = hosts
                .into_iter()
                .rev()
                .find(|a| !used.contains(a) && !in_any(*a, &pools))
                .ok_or_else(|| format!("no free address in {net} for the upstream router"))?;
            let prefix: IpNet = match family {
                Family::V4 => "192.0.2.0/24".parse().unwrap(),
                Family::V6 => "2001:db8:beef::/48".parse().unwrap(),
            };
            let taken = pools
                .iter()
                .chain([&net])
                .any(|p| p.contains(&prefix.network()) || prefix.contains(p));
            if taken {
                return Err(format!("the upstream's prefix {prefix} overlaps the plan"));
            }
            upstream.prefixes.push(prefix);
            match addr {
                IpAddr::V4(a) => upstream.ipv4 = Some(a),
                IpAddr::V6(a) => upstream.ipv6 = Some(a),
            }
        }
        Ok(upstream)
    }

    pub fn addr(&self, family: Family) -> Option<IpAddr> {
        match family {
            Family::V4 => self.ipv4.map(IpAddr::V4),
            Family::V6 => self.ipv6.map(IpAddr::V6),
        }
    }
}

/// What a core router runs before the fabric arrives: its own name and router ID, FRR's
/// traditional defaults (so `bgp default ipv4-unicast` stays on, as on many routers that were
/// never told otherwise), and an eBGP session per family to its upstream provider. Those
/// defaults require an eBGP policy (RFC 8212); this router's lets everything through both
/// ways, so that only the fabric's no-export can keep the VM routes from the upstream.
fn core_own_config(fabric: &Fabric, core: &CoreGateway, upstream: &Upstream) -> String {
    let me = &core.device;
    let mut c = format!(
        "frr version {}\nfrr defaults traditional\nhostname {}\nservice integrated-vtysh-config\n!\n",
        fabric.frr_version, me.name
    );
    c += "route-map UPSTREAM-IN permit 10\nexit\n!\nroute-map UPSTREAM-OUT permit 10\nexit\n!\n";
    c += &format!("router bgp {}\n bgp router-id {}\n", core.asn, me.router_id);
    let peers: Vec<(Family, IpAddr)> = Family::BOTH
        .into_iter()
        .filter(|f| me.has(*f))
        .filter_map(|f| upstream.addr(f).map(|a| (f, a)))
        .collect();
    for (_, a) in &peers {
        c += &format!(
            " neighbor {a} remote-as {UPSTREAM_ASN}\n neighbor {a} description upstream\n"
        );
    }
    for family in Family::BOTH {
        c += &format!(" !\n address-family {} unicast\n", family.key());
        for (f, a) in &peers {
            if *f == family {
                // IPv4 unicast is on for every neighbour by default; IPv6 needs `activate`.
                if family == Family::V6 {
                    c += &format!("  neighbor {a} activate\n");
                }
                c += &format!("  neighbor {a} route-map UPSTREAM-IN in\n");
                c += &format!("  neighbor {a} route-map UPSTREAM-OUT out\n");
            } else if *f == Family::V6 {
                // ... and its IPv6 session should not carry IPv4.
                c += &format!("  no neighbor {a} activate\n");
            }
        }
        c += " exit-address-family\n";
    }
    c + "exit\n"
}

/// The upstream router: announces its prefixes (a `network` over a blackhole static route) to
/// every core, in each family both have, and takes whatever the core sends.
fn upstream_config(fabric: &Fabric, upstream: &Upstream) -> String {
    let router_id = upstream.ipv4.unwrap_or(Ipv4Addr::new(192, 0, 2, 1));
    let mut c = format!(
        "frr version {}\nfrr defaults traditional\nhostname {UPSTREAM_NAME}\nservice integrated-vtysh-config\n!\n",
        fabric.frr_version
    );
    for p in &upstream.prefixes {
        let kw = if p.addr().is_ipv4() { "ip" } else { "ipv6" };
        c += &format!("{kw} route {p} blackhole\n");
    }
    c += "!\nroute-map ANY permit 10\nexit\n!\n";
    c += &format!(
        "router bgp {UPSTREAM_ASN}\n bgp router-id {router_id}\n no bgp default ipv4-unicast\n"
    );
    let cores = |family: Family| {
        fabric
            .core_gateways
            .iter()
            .filter_map(move |core| core.device.addr(family).map(|a| (a, core.asn)))
    };
    for p in &upstream.prefixes {
        let family = if p.addr().is_ipv4() {
            Family::V4
        } else {
            Family::V6
        };
        for (a, asn) in cores(family) {
            c += &format!(" neighbor {a} remote-as {asn}\n");
        }
    }
    for p in &upstream.prefixes {
        let family = if p.addr().is_ipv4() {
            Family::V4
        } else {
            Family::V6
        };
        c += &format!(
            " !\n address-family {} unicast\n  network {p}\n",
            family.key()
        );
        for (a, _) in cores(family) {
            c += &format!(
                "  neighbor {a} activate\n  neighbor {a} route-map ANY in\n  neighbor {a} route-map ANY out\n"
            );
        }
        c += " exit-address-family\n";
    }
    c + "exit\n"
}

/// The deliberate break: the node's `router bgp` line with another AS, so its sessions to the
/// reflectors fail with "bad peer AS".
pub fn with_wrong_as(config: &str, asn: u32) -> Result<String, String> {
    let line = format!("router bgp {asn}\n");
    if !config.contains(&line) {
        return Err(format!("no `router bgp {asn}` line to break"));
    }
    // Any other valid AS; +1 stays clear of 0 and of the reserved 23456, 65535 and 4294967295
    // for every AS the lab's plans use.
    Ok(config.replacen(&line, &format!("router bgp {}\n", asn + 1), 1))
}
