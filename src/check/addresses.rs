//! Addresses and pools: host addresses that parse and may be used, the gateway and the underlay,
//! the pools' ranges, and collisions among ranges and between ranges and devices.

use super::assembly::DeviceDraft;
use super::checker::{Checker, ErrorCode, Reported};
use super::names::Named;
use super::words::{others, quote};
use super::{sweep, Code};
use crate::model::{self, AddrRange, Family, Name, PerFamily, RangeError};
use crate::plan::{self, Field, List, Place};
use ipnet::IpNet;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

/// The gateway and the underlay as far as they parsed.
pub(super) struct Network {
    /// An address of its family, when it parsed.
    pub(super) gateway: PerFamily<Option<IpAddr>>,
    /// A prefix of its family, when it parsed.
    pub(super) underlay: PerFamily<Option<IpNet>>,
    /// An error once one of them was refused: then the fields above lack what the plan gave.
    pub(super) valid: Result<(), Reported>,
}

/// A pool: its name and each of its ranges (in plan order), as far as they parsed.
pub(super) struct PoolDraft {
    pub(super) name: Result<Name, Reported>,
    pub(super) ranges: Vec<Result<AddrRange, Reported>>,
}

/// The pools, with their valid ranges indexed for the question "is this address in a pool?".
pub(super) struct Pools {
    pub(super) drafts: Vec<PoolDraft>,
    /// The valid ranges per family as sorted, merged bounds.
    index: PerFamily<Vec<(u128, u128)>>,
    /// Ranges refused only for their host bits, whose prefix is plain (`203.0.113.5/25` means
    /// 203.0.113.0/25), per family as sorted bounds with the range's field, the first one where
    /// they overlap: a VM address in one is "in no pool" because of that range.
    refused: PerFamily<Vec<(u128, u128, Field)>>,
}

impl Pools {
    fn new(drafts: Vec<PoolDraft>, mut refused: PerFamily<Vec<(u128, u128, Field)>>) -> Pools {
        for family in [&mut refused.v4, &mut refused.v6] {
            family.sort_unstable_by_key(|&(lo, hi, _)| (lo, hi));
            // Keep only what no earlier range covers, so the search finds one candidate.
            let mut kept: Vec<(u128, u128, Field)> = Vec::with_capacity(family.len());
            for &(lo, hi, field) in family.iter() {
                match kept.last() {
                    Some(last) if hi <= last.1 => {}
                    Some(last) if lo <= last.1 => kept.push((last.1 + 1, hi, field)),
                    _ => kept.push((lo, hi, field)),
                }
            }
            *family = kept;
        }
        let mut pools = Pools {
            drafts,
            index: Default::default(),
            refused,
        };
        let mut index: PerFamily<Vec<(u128, u128)>> = PerFamily::default();
        for (_, _, range) in pools.ranges() {
            index[Family::of_range(range)].push(range.bounds());
        }
        for family in [&mut index.v4, &mut index.v6] {
            family.sort_unstable();
            // Merge overlapping and adjacent ranges, so that the search finds one candidate.
            let mut merged: Vec<(u128, u128)> = Vec::with_capacity(family.len());
            for &(lo, hi) in family.iter() {
                match merged.last_mut() {
                    Some(last) if lo <= last.1.saturating_add(1) => last.1 = last.1.max(hi),
                    _ => merged.push((lo, hi)),
                }
            }
            *family = merged;
        }
        pools.index = index;
        pools
    }

    /// The valid ranges: (pool index, range index, range).
    pub(super) fn ranges(&self) -> impl Iterator<Item = (usize, usize, &AddrRange)> {
        self.drafts.iter().enumerate().flat_map(|(p, pool)| {
            pool.ranges
                .iter()
                .enumerate()
                .filter_map(move |(r, range)| range.as_ref().ok().map(|range| (p, r, range)))
        })
    }

    /// The range, refused for its host bits, that would hold the address.
    pub(super) fn refused_holding(&self, addr: IpAddr) -> Option<Field> {
        let list = &self.refused[Family::of(addr)];
        let key = model::addr_u128(addr);
        let after = list.partition_point(|(lo, _, _)| *lo <= key);
        list.get(after.checked_sub(1)?)
            .filter(|(_, hi, _)| *hi >= key)
            .map(|(_, _, field)| *field)
    }

    /// The first valid range (in plan order) of the family.
    pub(super) fn first_of(&self, family: Family) -> Option<Field> {
        self.ranges()
            .find(|(_, _, range)| Family::of_range(range) == family)
            .map(|(p, r, _)| Field::PoolRange(p, r))
    }

    pub(super) fn has_pools(&self, family: Family) -> bool {
        !self.index[family].is_empty()
    }

    /// Whether a pool holds the address: a binary search over the merged ranges, since it runs
    /// for every VM address.
    pub(super) fn in_pool(&self, addr: IpAddr) -> bool {
        let index = &self.index[Family::of(addr)];
        let key = model::addr_u128(addr);
        let after = index.partition_point(|(lo, _)| *lo <= key);
        after
            .checked_sub(1)
            .and_then(|last| index.get(last))
            .is_some_and(|(_, hi)| *hi >= key)
    }
}

fn is_private(addr: IpAddr) -> bool {
    match addr {
        IpAddr::V4(a) => a.is_private(),
        // ULA fc00::/7 or link-local fe80::/10.
        IpAddr::V6(a) => {
            let first = a.segments()[0];
            (first & 0xfe00) == 0xfc00 || (first & 0xffc0) == 0xfe80
        }
    }
}

fn is_link_local(addr: IpAddr) -> bool {
    match addr {
        IpAddr::V4(a) => a.is_link_local(),
        IpAddr::V6(a) => (a.segments()[0] & 0xffc0) == 0xfe80,
    }
}

/// What a host may not use, if anything.
fn unusable(addr: IpAddr) -> Option<&'static str> {
    if addr.is_unspecified() {
        Some("the unspecified address")
    } else if addr.is_loopback() {
        Some("a loopback address")
    } else if addr.is_multicast() {
        Some("a multicast address")
    } else if addr == IpAddr::V4(Ipv4Addr::BROADCAST) {
        Some("the broadcast address")
    } else {
        None
    }
}

impl Checker<'_> {
    /// Parses a host address of a family; `device` also refuses link-local addresses. An
    /// address that is returned is of `family`.
    pub(super) fn host(
        &mut self,
        text: &str,
        family: Family,
        place: Field,
        whose: impl Fn() -> String,
        device: bool,
    ) -> Result<IpAddr, Reported> {
        let fail = |me: &mut Self, why: String, help: &str| {
            Err(me.refuse(
                ErrorCode::ADDRESS_INVALID,
                place,
                format!(
                    "{} address {} of {} {why}",
                    family.label(),
                    quote(text),
                    whose()
                ),
                help,
            ))
        };
        let addr: IpAddr = match text.trim().parse() {
            Ok(a) => a,
            Err(_) if text.contains('/') => {
                return fail(
                    self,
                    "has a prefix length".to_string(),
                    "Write the address alone, without /length.",
                )
            }
            Err(_) => {
                return fail(
                    self,
                    "is not an IP address".to_string(),
                    match family {
                        Family::V4 => "Write an IPv4 address such as 10.10.0.11.",
                        Family::V6 => "Write an IPv6 address such as 2001:db8::11.",
                    },
                )
            }
        };
        if addr.is_ipv4() != (family == Family::V4) {
            return fail(
                self,
                format!("is not an {} address", family.label()),
                "Put IPv4 addresses in \"ipv4\" fields and IPv6 addresses in \"ipv6\" fields.",
            );
        }
        if let Some(why) = unusable(addr) {
            return fail(
                self,
                format!("is {why}"),
                "Use an address that can be assigned to a host.",
            );
        }
        if let IpAddr::V6(a) = addr {
            if a.to_ipv4_mapped().is_some() {
                return fail(
                    self,
                    "is an IPv4-mapped IPv6 address".to_string(),
                    "Write the IPv4 address in the \"ipv4\" field, or use a real IPv6 address.",
                );
            }
        }
        if device && is_link_local(addr) {
            return fail(
                self,
                "is link-local".to_string(),
                "BGP sessions need a routable address: use the device's global or ULA address.",
            );
        }
        Ok(addr)
    }

    /// Parses the address of each family an item gives (`texts`, in the plan's fields
    /// `field_of`) with [`Checker::host`], each into its own typed field; `each` goes on with
    /// every address that parsed, in family order. The third value is the proof of a refusal.
    pub(super) fn item_addrs(
        &mut self,
        texts: PerFamily<Option<&str>>,
        field_of: impl Fn(Family) -> Field,
        whose: impl Fn() -> String,
        device: bool,
        mut each: impl FnMut(&mut Self, Family, IpAddr, Field),
    ) -> (Option<Ipv4Addr>, Option<Ipv6Addr>, Option<Reported>) {
        let (mut ipv4, mut ipv6, mut refused) = (None, None, None);
        for (family, text) in texts.iter() {
            let Some(text) = text else { continue };
            let field = field_of(family);
            let addr = match self.host(text, family, field, &whose, device) {
                Ok(addr) => addr,
                Err(reported) => {
                    refused = Some(reported);
                    continue;
                }
            };
            // `host` checked the family: each address lands in its own field.
            match addr {
                IpAddr::V4(a) => ipv4 = Some(a),
                IpAddr::V6(a) => ipv6 = Some(a),
            }
            each(self, family, addr, field);
        }
        (ipv4, ipv6, refused)
    }

    pub(super) fn gateway_and_underlay(&mut self) -> Network {
        let plan = self.plan;
        let mut n = Network {
            gateway: PerFamily::default(),
            underlay: PerFamily::default(),
            valid: Ok(()),
        };
        for family in Family::BOTH {
            let Some(text) = plan.gateway.text(family) else {
                continue;
            };
            // `host` checked the family.
            match self.host(
                text,
                family,
                Field::Gateway(family),
                || "the gateway".into(),
                false,
            ) {
                Ok(addr) => n.gateway[family] = Some(addr),
                Err(refused) => n.valid = Err(refused),
            }
        }
        for (family, gw) in n.gateway.iter() {
            if let Some(gw) = *gw {
                if !is_private(gw) {
                    self.push(
                        Code::GatewayNotPrivate,
                        Field::Gateway(family),
                        format!("gateway {gw} is not a private address"),
                        match family {
                            Family::V4 => "Use an RFC 1918 address that is used nowhere else in the network, such as 10.0.0.1.",
                            Family::V6 => "Use a unique local (fd00::/8) or link-local (fe80::/10) address that is used nowhere else, such as fd00::1.",
                        },
                    );
                }
            }
        }
        for family in Family::BOTH {
            let Some(text) = plan.underlay.text(family) else {
                continue;
            };
            let path = Field::Underlay(family);
            // A host address with its length (10.10.0.5/24) names the network well enough.
            match text.trim().parse::<IpNet>().map(|n| n.trunc()) {
                Ok(net) if Family::of_net(net) == family => n.underlay[family] = Some(net),
                _ => {
                    n.valid = Err(self.refuse(
                        ErrorCode::ADDRESS_INVALID,
                        path,
                        format!("underlay {} is not an {} prefix", quote(text), family.label()),
                        match family {
                            Family::V4 => "Write the nodes' network as a prefix, such as 10.10.0.0/24, or remove the field.",
                            Family::V6 => "Write the nodes' network as a prefix, such as 2001:db8:ffff::/64, or remove the field.",
                        },
                    ))
                }
            }
        }
        n
    }

    pub(super) fn pools(&mut self, named: Vec<Named<'_, plan::Pool>>) -> Pools {
        let plan = self.plan;
        if plan.pools.is_empty() {
            self.push(
                Code::PoolsMissing,
                List::Pools,
                "the plan has no pools, so no VM route can be announced",
                "Add the IP pools the VMs take their addresses from, as created in VMmanager.",
            );
        }
        let mut drafts = Vec::with_capacity(named.len());
        let mut refused: PerFamily<Vec<(u128, u128, Field)>> = PerFamily::default();
        for (p, Named { item: pool, name }) in named.into_iter().enumerate() {
            if pool.ranges.is_empty() {
                self.push(
                    Code::PoolEmpty,
                    Place::Ranges(p),
                    format!("pool {} has no ranges", quote(&pool.name)),
                    "Add a CIDR prefix such as 203.0.113.0/24 or a range such as 203.0.113.10-203.0.113.40, or remove the pool.",
                );
            }
            let mut ranges = Vec::with_capacity(pool.ranges.len());
            for (r, text) in pool.ranges.iter().enumerate() {
                ranges.push(text.parse::<AddrRange>().map_err(|e| {
                    if let RangeError::HostBits(net) = &e {
                        let net = net.trunc();
                        let (lo, hi) = (
                            model::addr_u128(net.network()),
                            model::addr_u128(net.broadcast()),
                        );
                        let family = Family::of(net.network());
                        refused[family].push((lo, hi, Field::PoolRange(p, r)));
                    }
                    self.refuse(
                        ErrorCode::POOL_INVALID,
                        Field::PoolRange(p, r),
                        format!("range {} of pool {} {e}", quote(text), quote(&pool.name)),
                        "Write a CIDR prefix such as 203.0.113.0/25 or a first-last range of one family such as 198.51.100.10-198.51.100.40.",
                    )
                }));
            }
            drafts.push(PoolDraft { name, ranges });
        }
        let pools = Pools::new(drafts, refused);
        self.pool_overlaps(&pools);
        pools
    }

    /// One finding per range that overlaps a range before it in the plan, naming the first one
    /// it overlaps and counting the others (see `sweep`).
    fn pool_overlaps(&mut self, pools: &Pools) {
        let plan = self.plan;
        // The plan's text of range `r` of pool `p`, and the pool's name. The drafts are the
        // plan's pools and ranges in plan order, so both are always found.
        let texts = |p: usize, r: usize| {
            let pool = plan.pools.get(p)?;
            Some((pool.ranges.get(r)?, &pool.name))
        };
        for v4 in [true, false] {
            // The family's ranges in plan order; a range's tag is its index here, so the
            // smallest tag is still the first range in plan order.
            let ranges: Vec<(usize, usize, (u128, u128))> = pools
                .ranges()
                .filter(|(_, _, range)| range.is_ipv4() == v4)
                .map(|(p, r, range)| (p, r, range.bounds()))
                .collect();
            let items: Vec<(u128, u128, usize)> = ranges
                .iter()
                .enumerate()
                .map(|(k, &(_, _, (lo, hi)))| (lo, hi, k))
                .collect();
            let queries: Vec<(u128, u128)> =
                ranges.iter().map(|&(_, _, (lo, hi))| (hi, lo)).collect();
            let found = sweep::dominance(&items, &queries);
            for ((k, &(p2, r2, _)), (count, first)) in ranges.iter().enumerate().zip(found) {
                // `first` is the range itself unless an earlier one overlaps it.
                if first >= k {
                    continue;
                }
                // `first` is a tag, an index into `ranges`.
                let Some(&(p1, r1, _)) = ranges.get(first) else {
                    continue;
                };
                let (Some((range2, pool2)), Some((range1, pool1))) = (texts(p2, r2), texts(p1, r1))
                else {
                    continue;
                };
                self.push(
                    Code::PoolOverlap,
                    Field::PoolRange(p2, r2),
                    format!(
                        "range {} of pool {} overlaps range {} of pool {}{}",
                        quote(range2),
                        quote(pool2),
                        quote(range1),
                        quote(pool1),
                        others(count - 2, ("range", "ranges"))
                    ),
                    "Every address belongs to one pool range: shrink or remove one of them.",
                );
            }
        }
    }

    /// One finding per pool range that holds device addresses, naming the first device (in
    /// plan order) and counting the others. `addrs` holds every device address with the index
    /// of its device in `devices`.
    pub(super) fn pool_conflicts(
        &mut self,
        pools: &Pools,
        devices: &[DeviceDraft],
        addrs: &[(IpAddr, usize)],
    ) {
        let plan = self.plan;
        let key = model::addr_u128;
        for v4 in [true, false] {
            let items: Vec<(u128, u128, usize)> = addrs
                .iter()
                .enumerate()
                .filter(|(_, (a, _))| a.is_ipv4() == v4)
                .map(|(k, (a, _))| (key(*a), key(*a), k))
                .collect();
            if items.is_empty() {
                continue;
            }
            let ranges: Vec<(usize, usize, &AddrRange)> = pools
                .ranges()
                .filter(|(_, _, r)| r.is_ipv4() == v4)
                .collect();
            let queries: Vec<(u128, u128)> = ranges
                .iter()
                .map(|(_, _, r)| {
                    let (lo, hi) = r.bounds();
                    (hi, lo)
                })
                .collect();
            let found = sweep::dominance(&items, &queries);
            for (&(p, r, range), (count, first)) in ranges.iter().zip(found) {
                if count == 0 {
                    continue;
                }
                // `first` is a tag, an index into `addrs`, whose device index is one into
                // `devices`; the pool is one of the plan's: all are always found.
                let Some(&(addr, device)) = addrs.get(first) else {
                    continue;
                };
                let (Some(d), Some(pool)) = (devices.get(device), plan.pools.get(p)) else {
                    continue;
                };
                self.push(
                    Code::PoolConflict,
                    Field::PoolRange(p, r),
                    format!(
                        "range {range} of pool {} contains the address {addr} of {} {}{}",
                        quote(&pool.name),
                        d.role.label(),
                        quote(&d.raw_name),
                        others(count - 1, ("device address", "device addresses"))
                    ),
                    "Pools hold VM addresses only: take the device's address out of the range, or renumber the device.",
                );
            }
        }
    }
}
