//! The fabric as a graph, from the plan as typed: the same devices and sessions that the session
//! count sees (`assembly::count_sessions`), so the diagram and the counts never disagree, and a
//! plan with errors is drawn as far as it goes.

use super::assembly::DeviceDraft;
use super::devices::Role;
use super::RrSessions;
use crate::model::topology::{Device, Link, Tier, Topology};
use crate::model::{plural, Family, PerFamily, Platform, SESSION_LIMIT};
use crate::plan::Plan;
use crate::text::is_hidden_char;

/// Text from the plan as the diagram shows it: one line, no hidden characters, trimmed.
fn clean(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .filter(|c| !is_hidden_char(*c))
        .collect::<String>()
        .trim()
        .to_string()
}

pub(super) fn topology(
    plan: &Plan,
    drafts: &[DeviceDraft],
    sessions: &[RrSessions],
    vms_per_node: &[usize],
) -> Topology {
    let mut devices = Vec::with_capacity(drafts.len());
    // A draft's index is its item's index in the plan's list of its role, so the look-ups below
    // always find it.
    for role in [Role::Core, Role::Rr, Role::Node] {
        for d in drafts.iter().filter(|d| d.role == role) {
            let (tier, detail) = match role {
                Role::Core => {
                    let Some(core) = plan.core_gateways.get(d.index) else {
                        continue;
                    };
                    let platform = match core.platform {
                        Platform::Junos => "Junos",
                        Platform::Frr => "FRR",
                    };
                    // The fabric's AS goes without saying; another one is eBGP.
                    let peering = if core.asn == plan.asn {
                        "iBGP".to_string()
                    } else {
                        format!("eBGP {}", core.asn)
                    };
                    (Tier::Core, format!("{platform} · {peering}"))
                }
                Role::Rr => {
                    let total = sessions
                        .iter()
                        .find(|s| s.index == d.index)
                        .map_or(0, RrSessions::total);
                    // The word says what the mark's shape and colour say.
                    let state = match total.cmp(&SESSION_LIMIT) {
                        std::cmp::Ordering::Less => "",
                        std::cmp::Ordering::Equal => ", full",
                        std::cmp::Ordering::Greater => ", over",
                    };
                    (
                        Tier::Reflector,
                        format!("{total}/{SESSION_LIMIT} sessions{state}"),
                    )
                }
                Role::Node => {
                    let Some(node) = plan.nodes.get(d.index) else {
                        continue;
                    };
                    let count = vms_per_node.get(d.index).copied().unwrap_or(0);
                    let vms = plural(count, "VM");
                    (
                        Tier::Node,
                        format!("{} · {vms}", node.virtualization.label()),
                    )
                }
            };
            devices.push((
                d,
                Device {
                    tier,
                    index: d.index,
                    name: clean(&d.raw_name),
                    families: d.presence(),
                    detail,
                },
            ));
        }
    }
    let mut links = Vec::new();
    for (r, (rr, _)) in devices
        .iter()
        .enumerate()
        .filter(|(_, (d, _))| d.role == Role::Rr)
    {
        for (p, (peer, device)) in devices.iter().enumerate() {
            if peer.role == Role::Rr {
                continue;
            }
            let families = PerFamily::from_fn(|f| rr.has(f) && peer.has(f));
            if !(families.v4 || families.v6) {
                continue;
            }
            let ebgp = peer.role == Role::Core
                && plan
                    .core_gateways
                    .get(peer.index)
                    .is_some_and(|core| core.asn != plan.asn);
            links.push(Link {
                reflector: r,
                peer: p,
                families,
                evpn: plan.vxlan && device.tier == Tier::Node && families.v4,
                ebgp,
            });
        }
    }
    Topology {
        devices: devices.into_iter().map(|(_, d)| d).collect(),
        links,
        facts: facts(plan),
    }
}

/// The facts at each tier: the fabric's AS and community at the reflectors (the nodes tag VM
/// routes with it, the reflectors and the core require it), the VMs' gateway and the pools at
/// the nodes.
fn facts(plan: &Plan) -> Vec<(Tier, String)> {
    let mut facts = Vec::new();
    let mut fabric = format!("AS {}", plan.asn);
    if let Some(c) = plan
        .community
        .as_deref()
        .map(clean)
        .filter(|c| !c.is_empty())
    {
        fabric.push_str(&format!(" · community {c}"));
    }
    if plan.vxlan {
        fabric.push_str(" · EVPN (VxLAN)");
    }
    facts.push((Tier::Reflector, fabric));
    let gateway: Vec<String> = Family::BOTH
        .into_iter()
        .filter_map(|f| plan.gateway.text(f).as_deref().map(clean))
        .filter(|g| !g.is_empty())
        .collect();
    if !gateway.is_empty() {
        facts.push((Tier::Node, format!("VM gateway {}", gateway.join(", "))));
    }
    let pools: Vec<String> = plan.pools.iter().map(|p| clean(&p.name)).collect();
    if !pools.is_empty() {
        facts.push((Tier::Node, format!("Pools: {}", pools.join(", "))));
    }
    facts
}
