//! What the checks parsed, kept per item, and the fabric assembled from it; the route
//! reflectors' sessions, counted from the same drafts.
//!
//! Every value that the plan gives but that could not be validated is held here as
//! `Result<T, Reported>` (or, for an item's addresses, beside a `Result<_, Reported>` that says
//! whether one was refused). So [`Checked::into_fabric`] has no way to fail but to hand back a
//! [`Reported`], the proof that an error diagnostic was pushed.

use super::addresses::{Network, Pools};
use super::checker::Reported;
use super::devices::Role;
use super::RrSessions;
use crate::model::topology::Topology;
use crate::model::{
    self, comment_safe, split_families, AddrRange, Asn, Community, Device, Fabric, FabricId,
    Family, FrrVersion, Name, PerFamily, Protection,
};
use crate::plan::{Field, Plan};
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

/// Everything the checks parsed, for building the fabric.
pub(super) struct Checked {
    /// `None` when the plan has no id.
    pub(super) id: Option<Result<FabricId, Reported>>,
    pub(super) asn: Result<Asn, Reported>,
    /// `None` when the plan has no community.
    pub(super) community: Option<Result<Community, Reported>>,
    pub(super) frr_version: Result<FrrVersion, Reported>,
    pub(super) network: Network,
    pub(super) pools: Pools,
    /// Every device, route reflectors first, then core gateways, then nodes, each in plan order.
    pub(super) devices: Vec<DeviceDraft>,
    /// The core gateways, in plan order.
    pub(super) cores: Vec<CoreDraft>,
    /// The VMs, in plan order.
    pub(super) vms: Vec<Result<model::Vm, Reported>>,
    /// Per node, the VMs that name it (a repeated node name counts for its first node).
    pub(super) vms_per_node: Vec<usize>,
    pub(super) protection: Result<Protection, Reported>,
}

/// A device as far as it could be parsed.
#[derive(Debug, Clone)]
pub(super) struct DeviceDraft {
    pub(super) role: Role,
    /// Its index in the plan's list of its role.
    pub(super) index: usize,
    pub(super) raw_name: String,
    pub(super) name: Result<Name, Reported>,
    pub(super) ipv4: Option<Ipv4Addr>,
    pub(super) ipv6: Option<Ipv6Addr>,
    /// The router ID the fabric gives the device: refused when one of its addresses was refused
    /// or it has none.
    pub(super) router_id: Result<Ipv4Addr, Reported>,
}

impl DeviceDraft {
    /// The field of the device's address in `family`.
    pub(super) fn addr_field(&self, family: Family) -> Field {
        self.role.addr(self.index, family)
    }

    /// Which families the device has an address of: what its sessions are counted and drawn
    /// from.
    pub(super) fn presence(&self) -> PerFamily<bool> {
        PerFamily::from_fn(|f| self.has(f))
    }

    pub(super) fn has(&self, family: Family) -> bool {
        match family {
            Family::V4 => self.ipv4.is_some(),
            Family::V6 => self.ipv6.is_some(),
        }
    }

    pub(super) fn addr(&self, family: Family) -> Option<IpAddr> {
        match family {
            Family::V4 => self.ipv4.map(IpAddr::V4),
            Family::V6 => self.ipv6.map(IpAddr::V6),
        }
    }

    /// The router ID its parsed addresses give, whether or not another address was refused.
    pub(super) fn parsed_router_id(&self) -> Option<Ipv4Addr> {
        router_id(self.ipv4, self.ipv6)
    }

    pub(super) fn device(&self) -> Result<Device, Reported> {
        Ok(Device {
            name: self.name.clone()?,
            ipv4: self.ipv4,
            ipv6: self.ipv6,
            router_id: self.router_id?,
        })
    }
}

/// A core gateway: its device and its AS number, as far as they could be checked.
pub(super) struct CoreDraft {
    /// Its index in the plan's `core_gateways`.
    pub(super) index: usize,
    pub(super) asn: Result<Asn, Reported>,
    pub(super) device: Result<Device, Reported>,
}

/// The devices of one role, in plan order.
pub(super) fn of_role(devices: &[DeviceDraft], role: Role) -> impl Iterator<Item = &DeviceDraft> {
    devices.iter().filter(move |d| d.role == role)
}

/// The router ID of a device with these addresses: its IPv4 address, else one derived from its
/// IPv6 address.
pub(super) fn router_id(ipv4: Option<Ipv4Addr>, ipv6: Option<Ipv6Addr>) -> Option<Ipv4Addr> {
    ipv4.or_else(|| ipv6.map(router_id_from_ipv6))
}

/// A 32-bit BGP router ID for an IPv6-only device: the last 32 bits of its address, or when those
/// are zero (`2001:db8:ffff::`), all four 32-bit words folded together; never 0.0.0.0, which
/// FRR takes as "no router ID". Uniqueness is checked by `router_ids`.
fn router_id_from_ipv6(addr: Ipv6Addr) -> Ipv4Addr {
    let bits = u128::from(addr);
    let low = (bits & 0xffff_ffff) as u32;
    let id = if low != 0 {
        low
    } else {
        (0..4).fold(0u32, |acc, i| acc ^ ((bits >> (32 * i)) as u32))
    };
    Ipv4Addr::from(id.max(1))
}

impl Checked {
    /// Builds the fabric, or gives the proof that a value it needs was refused with an error.
    pub(super) fn into_fabric(self, plan: &Plan) -> Result<Fabric, Reported> {
        let mut pools = Vec::new();
        let mut all = Vec::new();
        for pool in self.pools.drafts {
            let ranges = pool.ranges.into_iter().collect::<Result<Vec<_>, _>>()?;
            all.extend(ranges.iter().flat_map(AddrRange::prefixes));
            pools.push(model::Pool {
                name: pool.name?,
                ranges,
            });
        }
        let prefixes = split_families(&all);
        let mut route_reflectors = Vec::new();
        let mut nodes = Vec::new();
        // A draft's index is its item's index in the plan's list of its role (`names`), so the
        // item is always found.
        for d in &self.devices {
            match d.role {
                Role::Rr => {
                    let Some(rr) = plan.route_reflectors.get(d.index) else {
                        continue;
                    };
                    route_reflectors.push(model::RouteReflector {
                        device: d.device()?,
                        kind: rr.kind,
                    });
                }
                // With their AS numbers, below.
                Role::Core => {}
                Role::Node => {
                    let Some(node) = plan.nodes.get(d.index) else {
                        continue;
                    };
                    nodes.push(model::Node {
                        device: d.device()?,
                        virtualization: node.virtualization,
                    });
                }
            }
        }
        let mut core_gateways = Vec::new();
        for core in self.cores {
            let Some(plan_core) = plan.core_gateways.get(core.index) else {
                continue;
            };
            core_gateways.push(model::CoreGateway {
                device: core.device?,
                platform: plan_core.platform,
                asn: core.asn?,
            });
        }
        let vms = self.vms.into_iter().collect::<Result<Vec<_>, _>>()?;
        let network = self.network;
        network.valid?;
        Ok(Fabric {
            title: comment_safe(&plan.name),
            id: self.id.transpose()?,
            asn: self.asn?,
            community: self.community.transpose()?,
            gateway: network.gateway,
            underlay: network.underlay,
            vxlan: plan.vxlan,
            frr_version: self.frr_version?,
            pools,
            prefixes,
            route_reflectors,
            core_gateways,
            nodes,
            vms,
            protection: self.protection?,
            // Filled by `check` once every finding is known.
            advice: Vec::new(),
            topology: Topology::default(),
        })
    }
}

pub(super) fn count_sessions(devices: &[DeviceDraft]) -> Vec<RrSessions> {
    let peers: Vec<PerFamily<bool>> = devices
        .iter()
        .filter(|d| d.role != Role::Rr)
        .map(DeviceDraft::presence)
        .collect();
    of_role(devices, Role::Rr)
        .map(|rr| RrSessions {
            index: rr.index,
            // The reflector's name as the plan gives it.
            name: rr.raw_name.clone(),
            count: model::sessions(rr.presence(), peers.iter().copied()),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn router_id_of_an_ipv6_only_device_is_never_zero() {
        let id = |s: &str| router_id_from_ipv6(s.parse().unwrap());
        assert_eq!(id("2001:db8:ffff::11"), Ipv4Addr::new(0, 0, 0, 0x11));
        assert_ne!(id("2001:db8:ffff::"), Ipv4Addr::UNSPECIFIED);
        assert_ne!(id("::"), Ipv4Addr::UNSPECIFIED);
    }
}
