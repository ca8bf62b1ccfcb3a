//! Devices and their roles: each device's addresses (unique, not the gateway, inside the
//! underlay), the gateway's use, route reflector and core gateway coverage of the families in
//! use, the nodes' operating systems and virtualization, and unique router IDs.

use super::addresses::{Network, Pools};
use super::assembly::{of_role, router_id, CoreDraft, DeviceDraft};
use super::checker::{Checker, ErrorCode};
use super::names::NamedDevice;
use super::vms::Placement;
use super::words::quote;
use super::Code;
use crate::model::{Asn, Family, PerFamily};
use crate::plan::{Field, List, Place, Virtualization};
use std::collections::BTreeMap;
use std::net::{IpAddr, Ipv4Addr};

/// The role of a device, for messages and for the plan's list names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Role {
    Rr,
    Core,
    Node,
}

impl Role {
    pub(super) fn list(self) -> List {
        match self {
            Role::Rr => List::RouteReflectors,
            Role::Core => List::CoreGateways,
            Role::Node => List::Nodes,
        }
    }

    /// The field of device `index`'s address in `family`.
    pub(super) fn addr(self, index: usize, family: Family) -> Field {
        match self {
            Role::Rr => Field::RrAddr(index, family),
            Role::Core => Field::CoreAddr(index, family),
            Role::Node => Field::NodeAddr(index, family),
        }
    }

    pub(super) fn label(self) -> &'static str {
        match self {
            Role::Rr => "route reflector",
            Role::Core => "core gateway",
            Role::Node => "node",
        }
    }
}

impl Checker<'_> {
    /// Parses every device's addresses and checks each against the others, the gateway, the
    /// underlay and the pools.
    pub(super) fn devices(
        &mut self,
        named: Vec<NamedDevice<'_>>,
        network: &Network,
        pools: &Pools,
    ) -> Vec<DeviceDraft> {
        let mut seen: BTreeMap<IpAddr, Field> = BTreeMap::new();
        // Every device address with the index of its device in `drafts`, for the pool conflicts.
        let mut addrs_in_plan: Vec<(IpAddr, usize)> = Vec::new();
        let mut drafts = Vec::with_capacity(named.len());
        for named in named {
            let (role, index) = (named.role, named.index);
            let whose = format!("{} {}", role.label(), quote(named.raw_name));
            let draft = drafts.len();
            let (ipv4, ipv6, refused) = self.item_addrs(
                named.texts,
                |family| role.addr(index, family),
                || whose.clone(),
                true,
                |me, family, addr, path| {
                    if let Some(first) = seen.get(&addr) {
                        me.push(
                            Code::AddressDuplicate,
                            path,
                            format!("address {addr} of {whose} is already used at {first}"),
                            "Every device needs its own address: correct one of them.",
                        );
                    } else {
                        seen.insert(addr, path);
                    }
                    addrs_in_plan.push((addr, draft));
                    me.device_address_place(addr, family, &whose, path, network);
                },
            );
            let router_id = match (refused, router_id(ipv4, ipv6)) {
                (Some(reported), _) => Err(reported),
                (None, Some(id)) => Ok(id),
                // Nothing parsed and nothing refused: the plan gives the device no address.
                (None, None) => Err(self.refuse(
                    ErrorCode::ADDRESS_MISSING,
                    Place::Item(role.list(), index),
                    format!("{whose} has no address"),
                    "Give it its underlay address in \"ipv4\", \"ipv6\" or both.",
                )),
            };
            drafts.push(DeviceDraft {
                role,
                index,
                raw_name: named.raw_name.to_string(),
                name: named.name,
                ipv4,
                ipv6,
                router_id,
            });
        }
        self.pool_conflicts(pools, &drafts, &addrs_in_plan);
        drafts
    }

    /// A device address that is also the gateway, or outside the underlay.
    fn device_address_place(
        &mut self,
        addr: IpAddr,
        family: Family,
        whose: &str,
        path: Field,
        network: &Network,
    ) {
        if network.gateway[family] == Some(addr) {
            self.push(
                Code::GatewayConflict,
                Field::Gateway(family),
                format!("gateway {addr} is also the address of {whose}"),
                "The gateway sits on every VM interface of every node: give it an address that is used nowhere else.",
            );
        }
        // `addr` is of `family`, like the underlay it is compared with.
        let net = network.underlay[family];
        if net.is_some_and(|n| !n.contains(&addr)) {
            self.push(
                Code::AddressOutsideUnderlay,
                path,
                format!(
                    "address {addr} of {whose} is outside the underlay {}",
                    net.map(|n| n.to_string()).unwrap_or_default()
                ),
                "Check the address; if it is right, make sure the core gateway and the nodes have a route to it.",
            );
        }
    }

    pub(super) fn gateway_usage(&mut self, network: &Network, pools: &Pools) {
        for family in Family::BOTH {
            let gateway = network.gateway[family];
            let text = self.plan.gateway.text(family);
            let path = Field::Gateway(family);
            if text.is_none() && pools.has_pools(family) {
                self.push(
                    Code::GatewayMissing,
                    path,
                    format!("{} has pools but no gateway", family.label()),
                    match family {
                        Family::V4 => "Set gateway.ipv4 to a private address used nowhere else, such as 10.0.0.1.",
                        Family::V6 => "Set gateway.ipv6 to a unique local or link-local address used nowhere else, such as fd00::1.",
                    },
                );
            }
            let Some(gw) = gateway else { continue };
            for (p, _, range) in pools.ranges() {
                // The drafts are the plan's pools in plan order: pool `p` is always found.
                let Some(pool) = self.plan.pools.get(p) else {
                    continue;
                };
                if range.contains(gw) {
                    self.push(
                        Code::GatewayConflict,
                        path,
                        format!(
                            "gateway {gw} lies inside range {range} of pool {}",
                            quote(&pool.name)
                        ),
                        "A VM could be given the gateway's address: choose a gateway outside every pool.",
                    );
                }
            }
            if network.underlay[family].is_some_and(|n| n.contains(&gw)) {
                self.push(
                    Code::GatewayConflict,
                    path,
                    format!("gateway {gw} lies inside the underlay"),
                    "Every node carries the gateway on its VM interfaces, which would clash with the underlay network: choose an address outside it.",
                );
            }
        }
    }

    pub(super) fn reflectors(&mut self, devices: &[DeviceDraft], pools: &Pools) {
        for family in Family::BOTH {
            if !pools.has_pools(family) {
                continue;
            }
            let count = of_role(devices, Role::Rr).filter(|d| d.has(family)).count();
            if count == 0 {
                let code = match family {
                    Family::V4 => Code::RrMissingIpv4,
                    Family::V6 => Code::RrMissingIpv6,
                };
                self.push(
                    code,
                    List::RouteReflectors,
                    format!(
                        "{} has pools but no route reflector has an {} address",
                        family.label(),
                        family.label()
                    ),
                    format!(
                        "Give at least one route reflector an {} address (two for redundancy).",
                        family.label()
                    ),
                );
            } else if count == 1 {
                self.push(
                    Code::RrNotRedundant,
                    List::RouteReflectors,
                    format!("{} has only one route reflector", family.label()),
                    format!("Add a second route reflector with an {} address: if the only one fails, every {} VM route is withdrawn.", family.label(), family.label()),
                );
            }
        }
    }

    /// Checks the core gateways' AS numbers and whether the cores can peer with the reflectors.
    pub(super) fn cores(
        &mut self,
        devices: &[DeviceDraft],
        pools: &Pools,
        fabric_asn: Option<Asn>,
    ) -> Vec<CoreDraft> {
        let plan = self.plan;
        let mut cores = Vec::new();
        for d in of_role(devices, Role::Core) {
            // A draft's index is its item's index in the plan's list of its role: always found.
            let Some(core) = plan.core_gateways.get(d.index) else {
                continue;
            };
            let asn = self.asn(
                core.asn,
                Field::CoreAsn(d.index),
                &format!("core gateway {}", quote(&core.name)),
            );
            cores.push(CoreDraft {
                index: d.index,
                asn,
                device: d.device(),
            });
        }
        if plan.core_gateways.is_empty() {
            self.push(
                Code::CoreMissing,
                List::CoreGateways,
                "the plan has no core gateway",
                "Add the router that announces the VM routes to the Internet (platform junos for a Juniper MX, frr for a Linux router).",
            );
        } else {
            let mut families: Vec<Family> = Family::BOTH
                .into_iter()
                .filter(|f| pools.has_pools(*f))
                .collect();
            if families.is_empty() {
                families = Family::BOTH.to_vec();
                let shares = |f: Family| {
                    of_role(devices, Role::Core).any(|d| d.has(f))
                        && of_role(devices, Role::Rr).any(|d| d.has(f))
                };
                if !families.iter().any(|f| shares(*f)) && of_role(devices, Role::Rr).any(|_| true)
                {
                    self.push(
                        Code::CoreMissing,
                        List::CoreGateways,
                        "no core gateway shares an address family with the route reflectors",
                        "Give the core gateway an address in a family the route reflectors have.",
                    );
                }
            } else {
                for f in families {
                    let shares = of_role(devices, Role::Core).any(|d| d.has(f))
                        && of_role(devices, Role::Rr).any(|d| d.has(f));
                    // Without any reflector of the family, rr-missing-* already says it.
                    if !shares && of_role(devices, Role::Rr).any(|d| d.has(f)) {
                        self.push(
                            Code::CoreMissing,
                            List::CoreGateways,
                            format!("{} has pools but no core gateway has an {} address to peer with the route reflectors", f.label(), f.label()),
                            format!("Give a core gateway an {} address: without it, {} VM routes never leave the fabric.", f.label(), f.label()),
                        );
                    }
                }
            }
        }
        if let Some(fabric) = fabric_asn {
            for draft in &cores {
                if let Ok(asn) = draft.asn {
                    if asn != fabric {
                        let Some(core) = plan.core_gateways.get(draft.index) else {
                            continue;
                        };
                        self.push(
                            Code::CoreEbgp,
                            Field::CoreAsn(draft.index),
                            format!("core gateway {} is in AS {asn}, the fabric in AS {fabric}: the route reflectors speak eBGP to it", quote(&core.name)),
                            "Nothing to fix if eBGP is intended: the configurations add the route-maps FRR requires on eBGP sessions and keep the nodes as next hops, so the core must share a subnet with the nodes. For iBGP, set the core's asn to the fabric's.",
                        );
                    }
                }
            }
        }
        cores
    }

    pub(super) fn nodes(&mut self, devices: &[DeviceDraft], pools: &Pools, placement: &Placement) {
        let plan = self.plan;
        if plan.nodes.is_empty() {
            self.push(
                Code::NodesMissing,
                List::Nodes,
                "the cluster has no nodes",
                "Add the cluster nodes that will host the VMs.",
            );
        }
        for (i, node) in plan.nodes.iter().enumerate() {
            let want = node.virtualization.required_os();
            if node.os != want {
                self.push(
                    Code::NodeOsUnsupported,
                    Field::NodeOs(i),
                    format!(
                        "{} node {} runs {}, but VMmanager's IP fabric needs {want}",
                        node.virtualization.label(),
                        quote(&node.name),
                        quote(&node.os)
                    ),
                    format!(
                        "Install {} on the node, or correct os to {want} if the plan is wrong.",
                        node.virtualization.required_os_label()
                    ),
                );
            }
        }
        // Report the nodes of the smaller group (on a tie, those unlike the first node): that is
        // most likely the node that was changed by mistake.
        let kvm = plan
            .nodes
            .iter()
            .filter(|n| n.virtualization == Virtualization::Kvm)
            .count();
        let lxd = plan.nodes.len() - kvm;
        let majority = match (plan.nodes.first(), kvm.cmp(&lxd)) {
            (None, _) => None,
            (Some(_), std::cmp::Ordering::Greater) => Some(Virtualization::Kvm),
            (Some(_), std::cmp::Ordering::Less) => Some(Virtualization::Lxd),
            (Some(first), std::cmp::Ordering::Equal) => Some(first.virtualization),
        };
        let first = majority.and_then(|m| plan.nodes.iter().find(|n| n.virtualization == m));
        if let Some(first) = first {
            for (i, node) in plan.nodes.iter().enumerate() {
                if node.virtualization != first.virtualization {
                    self.push(
                        Code::NodeVirtualizationMixed,
                        Field::NodeVirtualization(i),
                        format!(
                            "node {} uses {}, but node {} uses {}",
                            quote(&node.name),
                            node.virtualization.as_str(),
                            quote(&first.name),
                            first.virtualization.as_str()
                        ),
                        "A cluster cannot mix Red Hat-based (KVM) and Debian-based (LXD) nodes: put them in separate clusters.",
                    );
                }
            }
        }
        // Nodes that cannot host VMs of a family in use: worth knowing, not wrong. Which
        // families each node hosts is gathered in one pass over the VMs (plans have thousands).
        // A VM counts for every node of the name it gives (a repeated name is reported
        // elsewhere), so the flags are kept per first node of a name.
        let mut hosted = vec![PerFamily::<bool>::default(); plan.nodes.len()];
        // The placement's node indices are indices into the plan's nodes.
        for (vm, node) in plan.vms.iter().zip(&placement.vm_node) {
            if let Some(flags) = node.and_then(|n| hosted.get_mut(n)) {
                flags.v4 |= vm.ipv4.is_some();
                flags.v6 |= vm.ipv6.is_some();
            }
        }
        // One note per node, all following from the family's pools: shown together under the
        // first range of the family.
        let cause = PerFamily::from_fn(|f| pools.first_of(f));
        for d in of_role(devices, Role::Node) {
            // A node draft's index is its index in the plan's nodes, like the placement's
            // indices: always found.
            let first = placement.first_node.get(d.index);
            let (Some(node), Some(flags)) = (
                plan.nodes.get(d.index),
                first.and_then(|&first| hosted.get(first)),
            ) else {
                continue;
            };
            for family in Family::BOTH {
                let hosts = flags[family];
                let has_text = node.text(family).is_some();
                if pools.has_pools(family) && !has_text && !hosts {
                    self.push_because(
                        cause[family],
                        Code::NodeSingleFamily,
                        d.addr_field(family),
                        format!(
                            "node {} has no {} address, so it cannot host {} VMs",
                            quote(&d.raw_name),
                            family.label(),
                            family.label()
                        ),
                        format!(
                            "Give the node an {} address if it should host {} VMs.",
                            family.label(),
                            family.label()
                        ),
                    );
                }
            }
        }
    }

    pub(super) fn router_ids(&mut self, devices: &[DeviceDraft]) {
        // (who, derived from IPv6): two equal IPv4 addresses are address-duplicate already.
        let mut seen: BTreeMap<Ipv4Addr, (String, bool)> = BTreeMap::new();
        for d in devices {
            let Some(id) = d.parsed_router_id() else {
                continue;
            };
            let derived = d.ipv4.is_none();
            if let Some((first, first_derived)) = seen.get(&id) {
                if !derived && !first_derived {
                    continue;
                }
                self.push(
                    Code::RouterIdDuplicate,
                    Place::Item(d.role.list(), d.index),
                    format!(
                        "{} {} would get router ID {id}, already taken by {first}",
                        d.role.label(),
                        quote(&d.raw_name)
                    ),
                    "An IPv6-only device takes the last 32 bits of its address as router ID: give it an IPv4 address or change those bits.",
                );
            } else {
                seen.insert(
                    id,
                    (
                        format!("{} {}", d.role.label(), quote(&d.raw_name)),
                        derived,
                    ),
                );
            }
        }
    }
}
