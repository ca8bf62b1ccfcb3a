//! The plans the lab builds: the valid examples and generated variations, and their rendered
//! frr.conf files (with an FRR stand-in for a Junos core).

use crate::topology::{HostConfig, Role};
use fabric_designer::check::check;
use fabric_designer::model::Fabric;
use fabric_designer::plan::generate::ipv4_fabric;
use fabric_designer::plan::{read_plan, FamilyAddresses, Plan, Platform, Pool, EXAMPLES};
use fabric_designer::render::render;
use std::collections::BTreeMap;

/// The plans, by name. Generated ones are kept small (2 nodes, 4 VMs) so that the whole lab
/// stays within its time budget, yet together cover: IPv4 only and dual stack, iBGP and eBGP
/// cores, one and two reflectors, pools with `first-last` ranges and with prefixes, with and
/// without a community.
pub fn all() -> Vec<(String, Plan)> {
    let mut plans = Vec::new();
    for (name, text) in EXAMPLES {
        // The "mistakes" example is invalid on purpose.
        if name == "mistakes" {
            continue;
        }
        let plan = read_plan(text).unwrap_or_else(|e| panic!("example {name}: {e}"));
        plans.push((name.to_string(), plan));
    }
    plans.push(("gen-ipv4-one-rr-ranges".to_string(), ipv4_one_reflector()));
    plans.push(("gen-dual-stack-ebgp".to_string(), dual_stack_ebgp()));
    plans
}

/// IPv4 only, one route reflector, an iBGP (Junos) core, no community (the route-maps' other
/// branch); the pool mixes a prefix and a `first-last` range, with VMs in both.
fn ipv4_one_reflector() -> Plan {
    let mut plan = ipv4_fabric(2, 4);
    plan.name = "Generated: IPv4, one reflector, prefix and range".to_string();
    plan.community = None;
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

/// Dual stack, two route reflectors, an eBGP (FRR) core; the IPv6 pool mixes a prefix and a
/// range, the IPv4 pools are the generator's prefixes.
fn dual_stack_ebgp() -> Plan {
    let mut plan = ipv4_fabric(2, 4);
    plan.name = "Generated: dual stack, eBGP core".to_string();
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

/// The fabric of a plan and the frr.conf of every host, reflectors first, then cores, then
/// nodes. A Junos core is replaced by an FRR stand-in rendered from a copy of the plan in which
/// that core's platform is `frr` (same AS, addresses and import policy); `notes` says so.
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

fn files_of(fabric: &Fabric) -> BTreeMap<String, String> {
    render(fabric)
        .into_iter()
        .map(|f| (f.path, f.contents))
        .collect()
}

pub fn rendered(plan: &Plan) -> Result<Rendered, String> {
    let fabric = fabric_of(plan)?;
    let files = files_of(&fabric);
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
        let files = files_of(&fabric_of(&copy)?);
        for name in &junos {
            notes.push(format!(
                "core {name} is on platform junos: the lab runs an FRR stand-in rendered from a \
                 copy of the plan with platform frr (same AS, addresses and import policy)"
            ));
        }
        Some(files)
    };

    let get = |files: &BTreeMap<String, String>, path: &str| {
        files
            .get(path)
            .cloned()
            .ok_or_else(|| format!("the bundle has no {path}"))
    };
    let mut hosts = Vec::new();
    for rr in &fabric.route_reflectors {
        let path = format!("route-reflectors/{}/frr.conf", rr.device.name);
        let config = get(&files, &path)?;
        // The stand-in must not change what is under test: the reflectors' and nodes' files of
        // the copy are the same as the real plan's.
        if let Some(copy) = &stand_in {
            if get(copy, &path)? != config {
                return Err(format!("{path} differs when the core is on platform frr"));
            }
        }
        hosts.push(HostConfig {
            name: rr.device.name.to_string(),
            role: Role::Reflector,
            config,
        });
    }
    for core in &fabric.core_gateways {
        let name = core.device.name.to_string();
        let path = format!("core/{name}/frr.conf");
        let config = match (&stand_in, core.platform) {
            (Some(copy), Platform::Junos) => get(copy, &path)?,
            _ => get(&files, &path)?,
        };
        hosts.push(HostConfig {
            name,
            role: Role::Core,
            config,
        });
    }
    for node in &fabric.nodes {
        let path = format!("nodes/{}/frr.conf", node.device.name);
        let config = get(&files, &path)?;
        if let Some(copy) = &stand_in {
            if get(copy, &path)? != config {
                return Err(format!("{path} differs when the core is on platform frr"));
            }
        }
        hosts.push(HostConfig {
            name: node.device.name.to_string(),
            role: Role::Node,
            config,
        });
    }
    Ok(Rendered {
        fabric,
        hosts,
        notes,
    })
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
