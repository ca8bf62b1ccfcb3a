//! Adding, removing and duplicating list items and pool ranges, keeping names and addresses
//! unique where they can: a copy gets the next free name and the next free addresses.

use super::List;
use crate::plan::{
    CoreGateway, Node, Plan, Platform, Pool, RouteReflector, RrKind, Virtualization, Vm,
};
use std::net::IpAddr;

impl List {
    /// Appends a new item, modelled on the last one (next name, next free addresses) or a
    /// sensible default when the list is empty. Returns its index.
    pub fn append(self, plan: &mut Plan) -> usize {
        let len = self.len(plan);
        // A pool is not modelled on the last one: a copy of its ranges would overlap them.
        if len > 0 && self != List::Pools {
            return self.duplicate(plan, len - 1);
        }
        match self {
            List::Pools => plan.pools.push(Pool {
                name: next_name("pool0", |n| plan.pools.iter().any(|p| p.name == n)),
                ranges: vec![String::new()],
            }),
            List::RouteReflectors => plan.route_reflectors.push(RouteReflector {
                name: "rr1".into(),
                kind: RrKind::Server,
                ipv4: None,
                ipv6: None,
            }),
            List::CoreGateways => plan.core_gateways.push(CoreGateway {
                name: "core1".into(),
                platform: Platform::Junos,
                asn: plan.asn,
                ipv4: None,
                ipv6: None,
            }),
            List::Nodes => plan.nodes.push(Node {
                name: "kvm1".into(),
                virtualization: Virtualization::Kvm,
                os: Virtualization::Kvm.required_os().into(),
                ipv4: None,
                ipv6: None,
            }),
            List::Vms => {
                let node = plan
                    .nodes
                    .first()
                    .map(|n| n.name.clone())
                    .unwrap_or_default();
                plan.vms.push(Vm {
                    name: "vm1".into(),
                    node,
                    ipv4: None,
                    ipv6: None,
                })
            }
        }
        self.len(plan) - 1
    }

    /// Removes item `i`; out of range does nothing.
    pub fn remove(self, plan: &mut Plan, i: usize) {
        if i >= self.len(plan) {
            return;
        }
        match self {
            List::Pools => drop(plan.pools.remove(i)),
            List::RouteReflectors => drop(plan.route_reflectors.remove(i)),
            List::CoreGateways => drop(plan.core_gateways.remove(i)),
            List::Nodes => drop(plan.nodes.remove(i)),
            List::Vms => drop(plan.vms.remove(i)),
        }
    }

    /// Inserts a copy of item `i` right after it, with the next free name and, for devices and
    /// VMs, the next free addresses. Returns the copy's index (or `i` when out of range).
    pub fn duplicate(self, plan: &mut Plan, i: usize) -> usize {
        match self {
            List::Pools => {
                let Some(mut copy) = plan.pools.get(i).cloned() else {
                    return i;
                };
                copy.name = next_name(&copy.name, |n| plan.pools.iter().any(|p| p.name == n));
                plan.pools.insert(i + 1, copy);
            }
            List::RouteReflectors => {
                let Some(mut copy) = plan.route_reflectors.get(i).cloned() else {
                    return i;
                };
                copy.name = next_name(&copy.name, |n| device_name_used(plan, n));
                copy.ipv4 = next_addr(copy.ipv4.as_deref(), plan);
                copy.ipv6 = next_addr(copy.ipv6.as_deref(), plan);
                plan.route_reflectors.insert(i + 1, copy);
            }
            List::CoreGateways => {
                let Some(mut copy) = plan.core_gateways.get(i).cloned() else {
                    return i;
                };
                copy.name = next_name(&copy.name, |n| device_name_used(plan, n));
                copy.ipv4 = next_addr(copy.ipv4.as_deref(), plan);
                copy.ipv6 = next_addr(copy.ipv6.as_deref(), plan);
                plan.core_gateways.insert(i + 1, copy);
            }
            List::Nodes => {
                let Some(mut copy) = plan.nodes.get(i).cloned() else {
                    return i;
                };
                copy.name = next_name(&copy.name, |n| device_name_used(plan, n));
                copy.ipv4 = next_addr(copy.ipv4.as_deref(), plan);
                copy.ipv6 = next_addr(copy.ipv6.as_deref(), plan);
                plan.nodes.insert(i + 1, copy);
            }
            List::Vms => {
                let Some(mut copy) = plan.vms.get(i).cloned() else {
                    return i;
                };
                copy.name = next_name(&copy.name, |n| plan.vms.iter().any(|v| v.name == n));
                copy.ipv4 = next_addr(copy.ipv4.as_deref(), plan);
                copy.ipv6 = next_addr(copy.ipv6.as_deref(), plan);
                plan.vms.insert(i + 1, copy);
            }
        }
        i + 1
    }
}

/// Adds an empty range to pool `pool`; returns the range's index.
pub fn add_range(plan: &mut Plan, pool: usize) -> Option<usize> {
    let p = plan.pools.get_mut(pool)?;
    p.ranges.push(String::new());
    Some(p.ranges.len() - 1)
}

/// Removes range `range` of pool `pool`; out of range does nothing.
pub fn remove_range(plan: &mut Plan, pool: usize, range: usize) {
    if let Some(p) = plan.pools.get_mut(pool) {
        if range < p.ranges.len() {
            p.ranges.remove(range);
        }
    }
}

fn device_name_used(plan: &Plan, name: &str) -> bool {
    plan.route_reflectors.iter().any(|d| d.name == name)
        || plan.core_gateways.iter().any(|d| d.name == name)
        || plan.nodes.iter().any(|d| d.name == name)
}

/// The next name after `name` that `used` does not know: `kvm4` -> `kvm5`, `web` -> `web2`.
pub fn next_name(name: &str, used: impl Fn(&str) -> bool) -> String {
    let stem = name.trim_end_matches(|c: char| c.is_ascii_digit());
    let digits = &name[stem.len()..];
    let mut n: u64 = digits.parse().unwrap_or(1);
    for _ in 0..10_000 {
        n = n.saturating_add(1);
        let candidate = format!("{stem}{n}");
        if !used(&candidate) {
            return candidate;
        }
    }
    format!("{name}-copy")
}

/// Every address written anywhere in the plan (devices, VMs, gateways), as parsed addresses.
fn used_addresses(plan: &Plan) -> Vec<IpAddr> {
    let mut texts: Vec<&Option<String>> = vec![&plan.gateway.ipv4, &plan.gateway.ipv6];
    for d in &plan.route_reflectors {
        texts.extend([&d.ipv4, &d.ipv6]);
    }
    for d in &plan.core_gateways {
        texts.extend([&d.ipv4, &d.ipv6]);
    }
    for d in &plan.nodes {
        texts.extend([&d.ipv4, &d.ipv6]);
    }
    for d in &plan.vms {
        texts.extend([&d.ipv4, &d.ipv6]);
    }
    texts
        .into_iter()
        .filter_map(|t| t.as_deref()?.trim().parse().ok())
        .collect()
}

/// The next address after `addr` that no device, VM or gateway of the plan uses; `None` when
/// there is no address to start from (an empty or unparsable one stays empty in a copy).
pub fn next_addr(addr: Option<&str>, plan: &Plan) -> Option<String> {
    let start: IpAddr = addr?.trim().parse().ok()?;
    let used = used_addresses(plan);
    let mut current = start;
    for _ in 0..4096 {
        current = match current {
            IpAddr::V4(a) => IpAddr::V4(u32::from(a).checked_add(1)?.into()),
            IpAddr::V6(a) => IpAddr::V6(u128::from(a).checked_add(1)?.into()),
        };
        if !used.contains(&current) {
            return Some(current.to_string());
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::{read_plan, EXAMPLES};

    fn example() -> Plan {
        read_plan(EXAMPLES[0].1).expect("example reads")
    }

    #[test]
    fn duplicate_picks_the_next_free_name_and_addresses() {
        let mut plan = example();
        let i = List::Nodes.duplicate(&mut plan, 3);
        assert_eq!(i, 4);
        let copy = &plan.nodes[4];
        assert_eq!(copy.name, "kvm5");
        assert_eq!(copy.ipv4.as_deref(), Some("10.10.0.15"));
        assert_eq!(copy.ipv6.as_deref(), Some("2001:db8:ffff::15"));
        // rr1 has 10.10.0.2 and rr2 10.10.0.3, so a copy of rr1 skips to .4 and is named rr3.
        let i = List::RouteReflectors.duplicate(&mut plan, 0);
        assert_eq!(i, 1);
        assert_eq!(plan.route_reflectors[1].name, "rr3");
        assert_eq!(plan.route_reflectors[1].ipv4.as_deref(), Some("10.10.0.4"));
        assert!(!crate::check::check(&plan)
            .diagnostics
            .iter()
            .any(|d| d.code.as_str().ends_with("duplicate")));
    }

    #[test]
    fn add_and_remove_items_and_ranges() {
        let mut plan = Plan::empty();
        for list in List::ALL {
            assert_eq!(list.append(&mut plan), 0);
            assert_eq!(list.append(&mut plan), 1);
            assert_eq!(list.len(&plan), 2);
            list.remove(&mut plan, 0);
            list.remove(&mut plan, 7);
            assert_eq!(list.len(&plan), 1);
        }
        assert_eq!(plan.nodes[0].name, "kvm2");
        // VMs were added after node kvm1 was removed: a new VM goes on the first node there is.
        assert_eq!(plan.vms[0].node, "kvm2");
        assert_eq!(add_range(&mut plan, 0), Some(1));
        remove_range(&mut plan, 0, 0);
        assert_eq!(plan.pools[0].ranges, vec![String::new()]);
        assert_eq!(add_range(&mut plan, 5), None);
    }

    #[test]
    fn next_name_counts_on_from_trailing_digits() {
        assert_eq!(next_name("kvm9", |_| false), "kvm10");
        assert_eq!(next_name("web", |_| false), "web2");
        assert_eq!(next_name("a1", |n| n == "a2"), "a3");
    }
}
