//! Checks of the plan's `protection` (failure detection, route limits, TCP-MD5) and of what an
//! eBGP core needs from the underlay.

use super::addresses::Network;
use super::assembly::{of_role, CoreDraft, DeviceDraft};
use super::checker::{Checker, ErrorCode, Reported};
use super::devices::Role;
use super::words::{others as others_of, quote};
use super::Code;
use crate::model::{Asn, CoreLiveness, Family, Protection, Timers};
use crate::plan::{CoreDetection, Field, Guard, Section};
use ipnet::IpNet;
use std::net::IpAddr;

/// FRR's BFD intervals are 10..60000 ms (Junos accepts more); below 50 ms a software BFD on a
/// busy server flaps, which the help text says.
const BFD_INTERVAL: std::ops::RangeInclusive<u64> = 10..=60_000;
/// FRR's detect-multiplier range (Junos starts at 1).
const BFD_MULTIPLIER: std::ops::RangeInclusive<u64> = 2..=255;
/// Enough for any node; keeps every derived limit far inside FRR's and Junos's u32.
const MAX_VMS: std::ops::RangeInclusive<u64> = 1..=1_000_000;

impl Checker<'_> {
    /// Validates `protection`; refused when a setting is out of range (each one reported).
    pub(super) fn protection(&mut self) -> Result<Protection, Reported> {
        let p = &self.plan.protection;
        let mut valid = Ok(());
        let node_timers = match p.node_hold_time {
            0 => None,
            hold => {
                let t = Timers::from_hold(hold);
                if t.is_none() {
                    valid = Err(self.hold_time_invalid(Guard::NodeHoldTime, hold, true));
                }
                t
            }
        };
        let core = match p.core_detection {
            CoreDetection::Bfd => {
                if !BFD_INTERVAL.contains(&p.bfd_interval) {
                    valid = Err(self.refuse(
                        ErrorCode::PROTECTION_INVALID,
                        Field::Protection(Guard::BfdInterval),
                        format!("BFD interval {} ms is outside 10..60000 ms", p.bfd_interval),
                        "Use 300 ms (with multiplier 3 a silent peer is found in under a second); below 50 ms a server's BFD may flap under load.",
                    ));
                }
                if !BFD_MULTIPLIER.contains(&p.bfd_multiplier) {
                    valid = Err(self.refuse(
                        ErrorCode::PROTECTION_INVALID,
                        Field::Protection(Guard::BfdMultiplier),
                        format!("BFD multiplier {} is outside 2..255", p.bfd_multiplier),
                        "Use 3: the peer is declared down after three missed packets.",
                    ));
                }
                CoreLiveness::Bfd {
                    interval: u32::try_from(p.bfd_interval).unwrap_or(0),
                    multiplier: u8::try_from(p.bfd_multiplier).unwrap_or(0),
                }
            }
            CoreDetection::Timers => match Timers::from_hold(p.core_hold_time) {
                Some(t) => CoreLiveness::Timers(t),
                None => {
                    valid =
                        Err(self.hold_time_invalid(Guard::CoreHoldTime, p.core_hold_time, false));
                    CoreLiveness::Default
                }
            },
            CoreDetection::None => CoreLiveness::Default,
        };
        if !MAX_VMS.contains(&p.max_vms_per_node) {
            valid = Err(self.refuse(
                ErrorCode::PROTECTION_INVALID,
                Field::Protection(Guard::MaxVmsPerNode),
                format!(
                    "max_vms_per_node {} is outside 1..1000000",
                    p.max_vms_per_node
                ),
                "Give the most VMs one node will ever host, with room for evacuating another node onto it (the default is 1000).",
            ));
        }
        valid.map(|()| Protection {
            node_timers,
            core,
            max_vms_per_node: p.max_vms_per_node,
            prefix_limit: p.prefix_limit,
            md5: p.md5,
        })
    }

    /// `zero`: whether 0 (keep FRR's default timers) is allowed for the field.
    fn hold_time_invalid(&mut self, field: Guard, hold: u64, zero: bool) -> Reported {
        let allowed = if zero { "neither 0 nor" } else { "outside" };
        self.refuse(
            ErrorCode::PROTECTION_INVALID,
            Field::Protection(field),
            format!("hold time {hold} s is {allowed} 3..65535 s"),
            "BGP allows a hold time of 3 to 65535 seconds; use 9 (keepalives every 3 s, a silent peer found within 9 s).",
        )
    }

    /// An eBGP core takes the node as next hop of every VM route (the reflectors keep it), so it
    /// must share a subnet with every node in each family it carries: the underlay. A node is
    /// reported once per family, naming the first core it cannot reach and counting the others,
    /// so that many cores times many nodes stays one finding per node.
    pub(super) fn ebgp_next_hops(
        &mut self,
        devices: &[DeviceDraft],
        cores: &[CoreDraft],
        fabric_asn: Option<Asn>,
        network: &Network,
    ) {
        let plan = self.plan;
        let Some(fabric_asn) = fabric_asn else { return };
        // The eBGP cores with their drafts, in plan order.
        let ebgp: Vec<(&CoreDraft, &DeviceDraft)> = cores
            .iter()
            .filter(|c| c.asn.ok().is_some_and(|a| a != fabric_asn))
            .filter_map(|c| {
                let device = of_role(devices, Role::Core).find(|d| d.index == c.index)?;
                Some((c, device))
            })
            .collect();
        if ebgp.is_empty() {
            return;
        }
        for node in of_role(devices, Role::Node) {
            for family in Family::BOTH {
                let (Some(node_addr), Some(underlay)) =
                    (node.addr(family), network.underlay[family])
                else {
                    continue;
                };
                let mut apart = ebgp.iter().filter_map(|(c, d)| {
                    let core_addr = d.addr(family)?;
                    (!shares(underlay, core_addr, node_addr)).then_some((c.index, core_addr))
                });
                let Some((first, core_addr)) = apart.next() else {
                    continue;
                };
                let others = apart.count();
                let core_name = plan
                    .core_gateways
                    .get(first)
                    .map_or("", |c| c.name.as_str());
                self.push(
                    Code::CoreEbgpUnreachable,
                    Field::NodeAddr(node.index, family),
                    format!(
                        "node {} ({node_addr}) and eBGP core gateway {} ({core_addr}){} share no {} underlay subnet ({underlay}), so the core cannot reach the node as next hop of its VM routes",
                        quote(&node.raw_name),
                        quote(core_name),
                        others_of(others, ("core gateway", "core gateways")),
                        family.label()
                    ),
                    "Give the node and the core addresses in the underlay, or make the core iBGP (its asn equal to the fabric's) and let it resolve next hops through its IGP.",
                );
            }
        }
        for (core, device) in &ebgp {
            let missing: Vec<&str> = Family::BOTH
                .into_iter()
                .filter(|f| device.addr(*f).is_some() && network.underlay[*f].is_none())
                .map(Family::label)
                .collect();
            if !missing.is_empty() {
                let core_name = plan
                    .core_gateways
                    .get(core.index)
                    .map_or("", |c| c.name.as_str());
                self.push(
                    Code::UnderlayMissing,
                    Section::Underlay,
                    format!(
                        "core gateway {} speaks eBGP, but the plan has no {} underlay to show that it shares a subnet with every node",
                        quote(core_name),
                        missing.join(" or ")
                    ),
                    "Add the nodes' network under underlay (for example \"10.10.0.0/24\"): an eBGP core reaches VM routes only through nodes on a subnet it shares.",
                );
            }
        }
    }
}

fn shares(underlay: IpNet, a: IpAddr, b: IpAddr) -> bool {
    underlay.contains(&a) && underlay.contains(&b)
}
