//! Editing a plan field by field, as the web form does: every editable field has a JSON Pointer
//! path (the same paths the diagnostics use), text in and text out, and list operations (add,
//! remove, duplicate) that keep names and addresses unique where they can.
//!
//! This is plain Rust with native tests; the `ui` module only binds these functions to inputs.

use crate::plan::{
    CoreDetection, CoreGateway, Node, Plan, Platform, Pool, PrefixLimitAction, RouteReflector,
    RrKind, Virtualization, Vm,
};
use std::fmt;
use std::net::IpAddr;

/// Address family of a per-family field.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Fam {
    V4,
    V6,
}

impl Fam {
    pub fn key(self) -> &'static str {
        match self {
            Fam::V4 => "ipv4",
            Fam::V6 => "ipv6",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Fam::V4 => "IPv4",
            Fam::V6 => "IPv6",
        }
    }
}

/// The lists of a plan that the form can add to, remove from and duplicate in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum List {
    Pools,
    RouteReflectors,
    CoreGateways,
    Nodes,
    Vms,
}

impl List {
    pub const ALL: [List; 5] = [
        List::Pools,
        List::RouteReflectors,
        List::CoreGateways,
        List::Nodes,
        List::Vms,
    ];

    /// The plan's field name, the first token of the list's JSON Pointer.
    pub fn key(self) -> &'static str {
        match self {
            List::Pools => "pools",
            List::RouteReflectors => "route_reflectors",
            List::CoreGateways => "core_gateways",
            List::Nodes => "nodes",
            List::Vms => "vms",
        }
    }

    /// Heading of the list's section.
    pub fn title(self) -> &'static str {
        match self {
            List::Pools => "Address pools",
            List::RouteReflectors => "Route reflectors",
            List::CoreGateways => "Core gateways",
            List::Nodes => "Nodes",
            List::Vms => "VMs",
        }
    }

    /// What one item is called, for button labels ("Add node").
    pub fn noun(self) -> &'static str {
        match self {
            List::Pools => "pool",
            List::RouteReflectors => "route reflector",
            List::CoreGateways => "core gateway",
            List::Nodes => "node",
            List::Vms => "VM",
        }
    }

    fn from_key(key: &str) -> Option<List> {
        List::ALL.into_iter().find(|l| l.key() == key)
    }

    pub fn len(self, plan: &Plan) -> usize {
        match self {
            List::Pools => plan.pools.len(),
            List::RouteReflectors => plan.route_reflectors.len(),
            List::CoreGateways => plan.core_gateways.len(),
            List::Nodes => plan.nodes.len(),
            List::Vms => plan.vms.len(),
        }
    }

    /// The fields of one item, in form order.
    pub fn fields(self, i: usize) -> Vec<Field> {
        match self {
            List::Pools => vec![Field::PoolName(i)],
            List::RouteReflectors => vec![
                Field::RrName(i),
                Field::RrKind(i),
                Field::RrAddr(i, Fam::V4),
                Field::RrAddr(i, Fam::V6),
            ],
            List::CoreGateways => vec![
                Field::CoreName(i),
                Field::CorePlatform(i),
                Field::CoreAsn(i),
                Field::CoreAddr(i, Fam::V4),
                Field::CoreAddr(i, Fam::V6),
            ],
            List::Nodes => vec![
                Field::NodeName(i),
                Field::NodeVirtualization(i),
                Field::NodeOs(i),
                Field::NodeAddr(i, Fam::V4),
                Field::NodeAddr(i, Fam::V6),
            ],
            List::Vms => vec![
                Field::VmName(i),
                Field::VmNode(i),
                Field::VmAddr(i, Fam::V4),
                Field::VmAddr(i, Fam::V6),
            ],
        }
    }

    /// The texts of item `i`'s fields, in the order of [`List::fields`], followed for a pool by
    /// its ranges; empty when the item does not exist. The form keeps one memo of this per
    /// shown item, so a keystroke wakes the inputs of one item, not of every item.
    pub fn values(self, plan: &Plan, i: usize) -> Vec<String> {
        let mut out: Vec<String> = self
            .fields(i)
            .into_iter()
            .map_while(|f| f.get(plan))
            .collect();
        if self == List::Pools {
            if let Some(pool) = plan.pools.get(i) {
                out.extend(pool.ranges.iter().cloned());
            }
        }
        out
    }

    /// The field at position `k` of [`List::values`]: a field of the item, or for a pool one of
    /// its ranges.
    pub fn field_at(self, i: usize, k: usize) -> Option<Field> {
        let fields = self.fields(i);
        match fields.get(k) {
            Some(f) => Some(*f),
            None if self == List::Pools => Some(Field::PoolRange(i, k - fields.len())),
            None => None,
        }
    }

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
        if i >= self.len(plan) {
            return i;
        }
        match self {
            List::Pools => {
                let mut copy = plan.pools[i].clone();
                copy.name = next_name(&copy.name, |n| plan.pools.iter().any(|p| p.name == n));
                plan.pools.insert(i + 1, copy);
            }
            List::RouteReflectors => {
                let mut copy = plan.route_reflectors[i].clone();
                copy.name = next_name(&copy.name, |n| device_name_used(plan, n));
                copy.ipv4 = next_addr(copy.ipv4.as_deref(), plan);
                copy.ipv6 = next_addr(copy.ipv6.as_deref(), plan);
                plan.route_reflectors.insert(i + 1, copy);
            }
            List::CoreGateways => {
                let mut copy = plan.core_gateways[i].clone();
                copy.name = next_name(&copy.name, |n| device_name_used(plan, n));
                copy.ipv4 = next_addr(copy.ipv4.as_deref(), plan);
                copy.ipv6 = next_addr(copy.ipv6.as_deref(), plan);
                plan.core_gateways.insert(i + 1, copy);
            }
            List::Nodes => {
                let mut copy = plan.nodes[i].clone();
                copy.name = next_name(&copy.name, |n| device_name_used(plan, n));
                copy.ipv4 = next_addr(copy.ipv4.as_deref(), plan);
                copy.ipv6 = next_addr(copy.ipv6.as_deref(), plan);
                plan.nodes.insert(i + 1, copy);
            }
            List::Vms => {
                let mut copy = plan.vms[i].clone();
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

/// One editable field of the plan.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Field {
    Name,
    Asn,
    Community,
    Gateway(Fam),
    Underlay(Fam),
    Vxlan,
    FrrVersion,
    PoolName(usize),
    PoolRange(usize, usize),
    RrName(usize),
    RrKind(usize),
    RrAddr(usize, Fam),
    CoreName(usize),
    CorePlatform(usize),
    CoreAsn(usize),
    CoreAddr(usize, Fam),
    NodeName(usize),
    NodeVirtualization(usize),
    NodeOs(usize),
    NodeAddr(usize, Fam),
    VmName(usize),
    VmNode(usize),
    VmAddr(usize, Fam),
    Protection(Guard),
}

/// The fields of the plan's `protection`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Guard {
    NodeHoldTime,
    CoreDetection,
    CoreHoldTime,
    BfdInterval,
    BfdMultiplier,
    MaxVmsPerNode,
    PrefixLimit,
    Md5,
}

impl Guard {
    /// In form order.
    pub const ALL: [Guard; 8] = [
        Guard::NodeHoldTime,
        Guard::CoreDetection,
        Guard::CoreHoldTime,
        Guard::BfdInterval,
        Guard::BfdMultiplier,
        Guard::MaxVmsPerNode,
        Guard::PrefixLimit,
        Guard::Md5,
    ];

    /// The field's name inside `protection`.
    pub fn key(self) -> &'static str {
        match self {
            Guard::NodeHoldTime => "node_hold_time",
            Guard::CoreDetection => "core_detection",
            Guard::CoreHoldTime => "core_hold_time",
            Guard::BfdInterval => "bfd_interval",
            Guard::BfdMultiplier => "bfd_multiplier",
            Guard::MaxVmsPerNode => "max_vms_per_node",
            Guard::PrefixLimit => "prefix_limit",
            Guard::Md5 => "md5",
        }
    }

    fn from_key(key: &str) -> Option<Guard> {
        Guard::ALL.into_iter().find(|g| g.key() == key)
    }
}

/// How a field is edited.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Free text; empty is kept as the empty string.
    Text,
    /// Optional text; empty removes the field from the plan.
    Optional,
    /// A number (AS numbers, timers, limits): digits only, else a local error and the plan is
    /// unchanged.
    Number,
    /// A checkbox.
    Flag,
    /// One of a fixed set of values.
    Choice,
}

/// Why typed text could not be stored in the plan. The plan stays as it was.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FieldError {
    /// A numeric field got something other than digits, or a number beyond u64.
    NotANumber,
    /// Digits, but more than any AS number (4294967294).
    TooLarge,
    /// A choice field got a value outside its options (cannot happen through the form's selects).
    UnknownChoice(String),
    /// The field's item no longer exists (it was removed).
    Gone,
}

impl fmt::Display for FieldError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FieldError::NotANumber => f.write_str(
                "type digits only, such as 65000; the plan keeps the last valid number",
            ),
            FieldError::TooLarge => f.write_str(
                "the number is too large (an AS number is at most 4294967294); the plan keeps the last valid number",
            ),
            FieldError::UnknownChoice(v) => write!(
                f,
                "\"{}\" is not one of the options",
                crate::text::terminal_safe(v)
            ),
            FieldError::Gone => f.write_str("this item no longer exists"),
        }
    }
}

/// The OS ids the form offers; a plan may hold any other id, which the form then also lists.
pub const OS_OPTIONS: [&str; 5] = [
    "almalinux-8",
    "ubuntu-20.04",
    "almalinux-9",
    "ubuntu-22.04",
    "debian-12",
];

fn opt(s: &Option<String>) -> String {
    s.clone().unwrap_or_default()
}

/// Renames node `i`, taking its VMs along when that cannot mix them up with another node's:
/// only while both the old and the new name belong to this node alone. `None` when there is no
/// node `i`.
fn rename_node(plan: &mut Plan, i: usize, name: &str) -> Option<()> {
    let old = plan.nodes.get(i)?.name.clone();
    let others = |n: &str| {
        plan.nodes
            .iter()
            .enumerate()
            .any(|(j, node)| j != i && node.name == n)
    };
    let follow = !old.is_empty() && !others(&old) && !others(name);
    if follow {
        for vm in plan.vms.iter_mut().filter(|vm| vm.node == old) {
            vm.node = name.to_string();
        }
    }
    plan.nodes.get_mut(i)?.name = name.to_string();
    Some(())
}

/// Sets an optional text field: addresses, prefixes, the community and the FRR version, none of
/// which has spaces at its ends, so pasted white space is dropped rather than saved in the plan.
fn set_opt(slot: &mut Option<String>, value: &str) {
    let value = value.trim();
    *slot = if value.is_empty() {
        None
    } else {
        Some(value.to_string())
    };
}

/// An AS number as typed: digits only (surrounding spaces allowed).
pub fn parse_number(value: &str) -> Result<u64, FieldError> {
    let v = value.trim();
    if v.is_empty() || !v.bytes().all(|b| b.is_ascii_digit()) {
        return Err(FieldError::NotANumber);
    }
    v.parse().map_err(|_| FieldError::TooLarge)
}

fn choice<T: Copy>(
    all: &[T],
    name: impl Fn(T) -> &'static str,
    value: &str,
) -> Result<T, FieldError> {
    all.iter()
        .copied()
        .find(|x| name(*x) == value)
        .ok_or_else(|| FieldError::UnknownChoice(value.to_string()))
}

fn fam_slot<'a>(
    v4: &'a mut Option<String>,
    v6: &'a mut Option<String>,
    fam: Fam,
) -> &'a mut Option<String> {
    match fam {
        Fam::V4 => v4,
        Fam::V6 => v6,
    }
}

impl Field {
    /// The fields of the plan itself, outside its lists and `protection`, in form order.
    pub const PLAN: [Field; 9] = [
        Field::Name,
        Field::Asn,
        Field::Community,
        Field::Gateway(Fam::V4),
        Field::Gateway(Fam::V6),
        Field::Underlay(Fam::V4),
        Field::Underlay(Fam::V6),
        Field::Vxlan,
        Field::FrrVersion,
    ];

    /// The field's JSON Pointer, as in diagnostics.
    pub fn path(self) -> String {
        match self {
            Field::Name => "/name".into(),
            Field::Asn => "/asn".into(),
            Field::Community => "/community".into(),
            Field::Gateway(f) => format!("/gateway/{}", f.key()),
            Field::Underlay(f) => format!("/underlay/{}", f.key()),
            Field::Vxlan => "/vxlan".into(),
            Field::FrrVersion => "/frr_version".into(),
            Field::PoolName(i) => format!("/pools/{i}/name"),
            Field::PoolRange(i, j) => format!("/pools/{i}/ranges/{j}"),
            Field::RrName(i) => format!("/route_reflectors/{i}/name"),
            Field::RrKind(i) => format!("/route_reflectors/{i}/kind"),
            Field::RrAddr(i, f) => format!("/route_reflectors/{i}/{}", f.key()),
            Field::CoreName(i) => format!("/core_gateways/{i}/name"),
            Field::CorePlatform(i) => format!("/core_gateways/{i}/platform"),
            Field::CoreAsn(i) => format!("/core_gateways/{i}/asn"),
            Field::CoreAddr(i, f) => format!("/core_gateways/{i}/{}", f.key()),
            Field::NodeName(i) => format!("/nodes/{i}/name"),
            Field::NodeVirtualization(i) => format!("/nodes/{i}/virtualization"),
            Field::NodeOs(i) => format!("/nodes/{i}/os"),
            Field::NodeAddr(i, f) => format!("/nodes/{i}/{}", f.key()),
            Field::VmName(i) => format!("/vms/{i}/name"),
            Field::VmNode(i) => format!("/vms/{i}/node"),
            Field::VmAddr(i, f) => format!("/vms/{i}/{}", f.key()),
            Field::Protection(g) => format!("/protection/{}", g.key()),
        }
    }

    /// The field at a JSON Pointer, if the pointer names exactly one field.
    pub fn parse(path: &str) -> Option<Field> {
        let tokens: Vec<&str> = path.strip_prefix('/')?.split('/').collect();
        let fam = |t: &str| match t {
            "ipv4" => Some(Fam::V4),
            "ipv6" => Some(Fam::V6),
            _ => None,
        };
        let index = |t: &str| -> Option<usize> {
            // RFC 6901 array indexes: "0" or digits without a leading zero.
            if t.is_empty() || (t.len() > 1 && t.starts_with('0')) {
                return None;
            }
            t.parse().ok()
        };
        Some(match tokens.as_slice() {
            ["name"] => Field::Name,
            ["asn"] => Field::Asn,
            ["community"] => Field::Community,
            ["gateway", f] => Field::Gateway(fam(f)?),
            ["underlay", f] => Field::Underlay(fam(f)?),
            ["vxlan"] => Field::Vxlan,
            ["frr_version"] => Field::FrrVersion,
            ["pools", i, "name"] => Field::PoolName(index(i)?),
            ["pools", i, "ranges", j] => Field::PoolRange(index(i)?, index(j)?),
            ["route_reflectors", i, "name"] => Field::RrName(index(i)?),
            ["route_reflectors", i, "kind"] => Field::RrKind(index(i)?),
            ["route_reflectors", i, f] => Field::RrAddr(index(i)?, fam(f)?),
            ["core_gateways", i, "name"] => Field::CoreName(index(i)?),
            ["core_gateways", i, "platform"] => Field::CorePlatform(index(i)?),
            ["core_gateways", i, "asn"] => Field::CoreAsn(index(i)?),
            ["core_gateways", i, f] => Field::CoreAddr(index(i)?, fam(f)?),
            ["nodes", i, "name"] => Field::NodeName(index(i)?),
            ["nodes", i, "virtualization"] => Field::NodeVirtualization(index(i)?),
            ["nodes", i, "os"] => Field::NodeOs(index(i)?),
            ["nodes", i, f] => Field::NodeAddr(index(i)?, fam(f)?),
            ["vms", i, "name"] => Field::VmName(index(i)?),
            ["vms", i, "node"] => Field::VmNode(index(i)?),
            ["vms", i, f] => Field::VmAddr(index(i)?, fam(f)?),
            ["protection", g] => Field::Protection(Guard::from_key(g)?),
            _ => return None,
        })
    }

    /// The element id of the field's input: derived from its path.
    pub fn id(self) -> String {
        element_id(&self.path())
    }

    pub fn kind(self) -> Kind {
        match self {
            Field::Name
            | Field::PoolName(_)
            | Field::PoolRange(..)
            | Field::RrName(_)
            | Field::CoreName(_)
            | Field::NodeName(_)
            | Field::VmName(_)
            | Field::VmNode(_) => Kind::Text,
            Field::Community
            | Field::Gateway(_)
            | Field::Underlay(_)
            | Field::FrrVersion
            | Field::RrAddr(..)
            | Field::CoreAddr(..)
            | Field::NodeAddr(..)
            | Field::VmAddr(..) => Kind::Optional,
            Field::Asn
            | Field::CoreAsn(_)
            | Field::Protection(
                Guard::NodeHoldTime
                | Guard::CoreHoldTime
                | Guard::BfdInterval
                | Guard::BfdMultiplier
                | Guard::MaxVmsPerNode,
            ) => Kind::Number,
            Field::Vxlan | Field::Protection(Guard::Md5) => Kind::Flag,
            Field::Protection(Guard::CoreDetection | Guard::PrefixLimit)
            | Field::RrKind(_)
            | Field::CorePlatform(_)
            | Field::NodeVirtualization(_)
            | Field::NodeOs(_) => Kind::Choice,
        }
    }

    /// The visible label of the field's input.
    pub fn label(self) -> String {
        match self {
            Field::Name => "Plan name".into(),
            Field::Asn => "AS number".into(),
            Field::Community => "BGP community (optional)".into(),
            Field::Gateway(f) => format!("{} gateway", f.label()),
            Field::Underlay(f) => format!("{} underlay (optional)", f.label()),
            Field::Vxlan => "VxLAN (route reflectors also reflect l2vpn evpn)".into(),
            Field::FrrVersion => "FRR version (optional, default 8.4)".into(),
            Field::PoolRange(_, j) => format!("Range {}", j.saturating_add(1)),
            Field::PoolName(_)
            | Field::RrName(_)
            | Field::CoreName(_)
            | Field::NodeName(_)
            | Field::VmName(_) => "Name".into(),
            Field::RrKind(_) => "Kind".into(),
            Field::CorePlatform(_) => "Platform".into(),
            Field::CoreAsn(_) => "AS number".into(),
            Field::NodeVirtualization(_) => "Virtualization".into(),
            Field::NodeOs(_) => "OS".into(),
            Field::VmNode(_) => "Node".into(),
            Field::RrAddr(_, f)
            | Field::CoreAddr(_, f)
            | Field::NodeAddr(_, f)
            | Field::VmAddr(_, f) => f.label().into(),
            Field::Protection(g) => match g {
                Guard::NodeHoldTime => "Hold time towards the nodes (s, 0: FRR's 180)",
                Guard::CoreDetection => "Failure detection towards the core",
                Guard::CoreHoldTime => "Hold time towards the core (s, with timers)",
                Guard::BfdInterval => "BFD interval (ms)",
                Guard::BfdMultiplier => "BFD multiplier",
                Guard::MaxVmsPerNode => "Most VMs on one node (sets the route limits)",
                Guard::PrefixLimit => "Core beyond its route limit",
                Guard::Md5 => "TCP-MD5 between route reflectors and core",
            }
            .into(),
        }
    }

    /// An example value, shown as the input's placeholder.
    pub fn placeholder(self) -> &'static str {
        match self {
            Field::Name => "Frankfurt DC1",
            Field::Asn | Field::CoreAsn(_) => "65000",
            Field::Community => "65000:100",
            Field::Gateway(Fam::V4) => "10.0.0.1",
            Field::Gateway(Fam::V6) => "fd00::1",
            Field::Underlay(Fam::V4) => "10.10.0.0/24",
            Field::Underlay(Fam::V6) => "2001:db8:ffff::/64",
            Field::FrrVersion => "8.4",
            Field::PoolRange(..) => "203.0.113.0/25 or 198.51.100.10-198.51.100.40",
            Field::RrAddr(_, Fam::V4)
            | Field::CoreAddr(_, Fam::V4)
            | Field::NodeAddr(_, Fam::V4) => "10.10.0.2",
            Field::RrAddr(_, Fam::V6)
            | Field::CoreAddr(_, Fam::V6)
            | Field::NodeAddr(_, Fam::V6) => "2001:db8:ffff::2",
            Field::VmAddr(_, Fam::V4) => "203.0.113.10",
            Field::VmAddr(_, Fam::V6) => "2001:db8:100::10",
            Field::VmNode(_) => "kvm1",
            Field::Protection(Guard::NodeHoldTime | Guard::CoreHoldTime) => "9",
            Field::Protection(Guard::BfdInterval) => "300",
            Field::Protection(Guard::BfdMultiplier) => "3",
            Field::Protection(Guard::MaxVmsPerNode) => "1000",
            _ => "",
        }
    }

    /// The options of a choice field, given its current value (an OS id that is not one of
    /// [`OS_OPTIONS`] is offered too, so the select can show it).
    pub fn options(self, current: &str) -> Vec<String> {
        match self {
            Field::RrKind(_) => RrKind::ALL.iter().map(|k| k.as_str().to_string()).collect(),
            Field::CorePlatform(_) => Platform::ALL
                .iter()
                .map(|k| k.as_str().to_string())
                .collect(),
            Field::NodeVirtualization(_) => Virtualization::ALL
                .iter()
                .map(|k| k.as_str().to_string())
                .collect(),
            Field::Protection(Guard::CoreDetection) => CoreDetection::ALL
                .iter()
                .map(|k| k.as_str().to_string())
                .collect(),
            Field::Protection(Guard::PrefixLimit) => PrefixLimitAction::ALL
                .iter()
                .map(|k| k.as_str().to_string())
                .collect(),
            Field::NodeOs(_) => {
                let mut all: Vec<String> = OS_OPTIONS.iter().map(|s| s.to_string()).collect();
                if !all.iter().any(|o| o == current) {
                    all.push(current.to_string());
                }
                all
            }
            _ => Vec::new(),
        }
    }

    /// The field's value as the text its input shows; `None` when its item does not exist.
    /// Flags read as "true" / "false".
    pub fn get(self, plan: &Plan) -> Option<String> {
        Some(match self {
            Field::Name => plan.name.clone(),
            Field::Asn => plan.asn.to_string(),
            Field::Community => opt(&plan.community),
            Field::Gateway(Fam::V4) => opt(&plan.gateway.ipv4),
            Field::Gateway(Fam::V6) => opt(&plan.gateway.ipv6),
            Field::Underlay(Fam::V4) => opt(&plan.underlay.ipv4),
            Field::Underlay(Fam::V6) => opt(&plan.underlay.ipv6),
            Field::Vxlan => plan.vxlan.to_string(),
            Field::FrrVersion => opt(&plan.frr_version),
            Field::PoolName(i) => plan.pools.get(i)?.name.clone(),
            Field::PoolRange(i, j) => plan.pools.get(i)?.ranges.get(j)?.clone(),
            Field::RrName(i) => plan.route_reflectors.get(i)?.name.clone(),
            Field::RrKind(i) => plan.route_reflectors.get(i)?.kind.as_str().into(),
            Field::RrAddr(i, f) => {
                let d = plan.route_reflectors.get(i)?;
                opt(if f == Fam::V4 { &d.ipv4 } else { &d.ipv6 })
            }
            Field::CoreName(i) => plan.core_gateways.get(i)?.name.clone(),
            Field::CorePlatform(i) => plan.core_gateways.get(i)?.platform.as_str().into(),
            Field::CoreAsn(i) => plan.core_gateways.get(i)?.asn.to_string(),
            Field::CoreAddr(i, f) => {
                let d = plan.core_gateways.get(i)?;
                opt(if f == Fam::V4 { &d.ipv4 } else { &d.ipv6 })
            }
            Field::NodeName(i) => plan.nodes.get(i)?.name.clone(),
            Field::NodeVirtualization(i) => plan.nodes.get(i)?.virtualization.as_str().into(),
            Field::NodeOs(i) => plan.nodes.get(i)?.os.clone(),
            Field::NodeAddr(i, f) => {
                let d = plan.nodes.get(i)?;
                opt(if f == Fam::V4 { &d.ipv4 } else { &d.ipv6 })
            }
            Field::VmName(i) => plan.vms.get(i)?.name.clone(),
            Field::VmNode(i) => plan.vms.get(i)?.node.clone(),
            Field::VmAddr(i, f) => {
                let d = plan.vms.get(i)?;
                opt(if f == Fam::V4 { &d.ipv4 } else { &d.ipv6 })
            }
            Field::Protection(g) => {
                let p = &plan.protection;
                match g {
                    Guard::NodeHoldTime => p.node_hold_time.to_string(),
                    Guard::CoreDetection => p.core_detection.as_str().into(),
                    Guard::CoreHoldTime => p.core_hold_time.to_string(),
                    Guard::BfdInterval => p.bfd_interval.to_string(),
                    Guard::BfdMultiplier => p.bfd_multiplier.to_string(),
                    Guard::MaxVmsPerNode => p.max_vms_per_node.to_string(),
                    Guard::PrefixLimit => p.prefix_limit.as_str().into(),
                    Guard::Md5 => p.md5.to_string(),
                }
            }
        })
    }

    /// Stores typed text in the plan. On error the plan is unchanged.
    pub fn set(self, plan: &mut Plan, value: &str) -> Result<(), FieldError> {
        let gone = FieldError::Gone;
        match self {
            Field::Name => plan.name = value.to_string(),
            Field::Asn => plan.asn = parse_number(value)?,
            Field::Community => set_opt(&mut plan.community, value),
            Field::Gateway(f) => {
                let g = &mut plan.gateway;
                set_opt(fam_slot(&mut g.ipv4, &mut g.ipv6, f), value)
            }
            Field::Underlay(f) => {
                let u = &mut plan.underlay;
                set_opt(fam_slot(&mut u.ipv4, &mut u.ipv6, f), value)
            }
            Field::Vxlan => plan.vxlan = value == "true",
            Field::FrrVersion => set_opt(&mut plan.frr_version, value),
            Field::PoolName(i) => plan.pools.get_mut(i).ok_or(gone)?.name = value.to_string(),
            Field::PoolRange(i, j) => {
                *plan
                    .pools
                    .get_mut(i)
                    .and_then(|p| p.ranges.get_mut(j))
                    .ok_or(gone)? = value.to_string()
            }
            Field::RrName(i) => {
                plan.route_reflectors.get_mut(i).ok_or(gone)?.name = value.to_string()
            }
            Field::RrKind(i) => {
                let kind = choice(&RrKind::ALL, RrKind::as_str, value)?;
                plan.route_reflectors.get_mut(i).ok_or(gone)?.kind = kind
            }
            Field::RrAddr(i, f) => {
                let d = plan.route_reflectors.get_mut(i).ok_or(gone)?;
                set_opt(fam_slot(&mut d.ipv4, &mut d.ipv6, f), value)
            }
            Field::CoreName(i) => {
                plan.core_gateways.get_mut(i).ok_or(gone)?.name = value.to_string()
            }
            Field::CorePlatform(i) => {
                let platform = choice(&Platform::ALL, Platform::as_str, value)?;
                plan.core_gateways.get_mut(i).ok_or(gone)?.platform = platform
            }
            Field::CoreAsn(i) => {
                let asn = parse_number(value)?;
                plan.core_gateways.get_mut(i).ok_or(gone)?.asn = asn
            }
            Field::CoreAddr(i, f) => {
                let d = plan.core_gateways.get_mut(i).ok_or(gone)?;
                set_opt(fam_slot(&mut d.ipv4, &mut d.ipv6, f), value)
            }
            Field::NodeName(i) => rename_node(plan, i, value).ok_or(gone)?,
            Field::NodeVirtualization(i) => {
                let v = choice(&Virtualization::ALL, Virtualization::as_str, value)?;
                let node = plan.nodes.get_mut(i).ok_or(gone)?;
                // The OS that went with the old virtualization follows to the new one's; any
                // other OS is the user's to change (and check reports it).
                if node.os == node.virtualization.required_os() {
                    node.os = v.required_os().to_string();
                }
                node.virtualization = v
            }
            Field::NodeOs(i) => plan.nodes.get_mut(i).ok_or(gone)?.os = value.to_string(),
            Field::NodeAddr(i, f) => {
                let d = plan.nodes.get_mut(i).ok_or(gone)?;
                set_opt(fam_slot(&mut d.ipv4, &mut d.ipv6, f), value)
            }
            Field::VmName(i) => plan.vms.get_mut(i).ok_or(gone)?.name = value.to_string(),
            Field::VmNode(i) => plan.vms.get_mut(i).ok_or(gone)?.node = value.to_string(),
            Field::VmAddr(i, f) => {
                let d = plan.vms.get_mut(i).ok_or(gone)?;
                set_opt(fam_slot(&mut d.ipv4, &mut d.ipv6, f), value)
            }
            Field::Protection(g) => {
                let p = &mut plan.protection;
                match g {
                    Guard::NodeHoldTime => p.node_hold_time = parse_number(value)?,
                    Guard::CoreDetection => {
                        p.core_detection =
                            choice(&CoreDetection::ALL, CoreDetection::as_str, value)?
                    }
                    Guard::CoreHoldTime => p.core_hold_time = parse_number(value)?,
                    Guard::BfdInterval => p.bfd_interval = parse_number(value)?,
                    Guard::BfdMultiplier => p.bfd_multiplier = parse_number(value)?,
                    Guard::MaxVmsPerNode => p.max_vms_per_node = parse_number(value)?,
                    Guard::PrefixLimit => {
                        p.prefix_limit =
                            choice(&PrefixLimitAction::ALL, PrefixLimitAction::as_str, value)?
                    }
                    Guard::Md5 => p.md5 = value == "true",
                }
            }
        }
        Ok(())
    }

    /// The list item this field belongs to, if any.
    pub fn item(self) -> Option<(List, usize)> {
        match self {
            Field::PoolName(i) | Field::PoolRange(i, _) => Some((List::Pools, i)),
            Field::RrName(i) | Field::RrKind(i) | Field::RrAddr(i, _) => {
                Some((List::RouteReflectors, i))
            }
            Field::CoreName(i)
            | Field::CorePlatform(i)
            | Field::CoreAsn(i)
            | Field::CoreAddr(i, _) => Some((List::CoreGateways, i)),
            Field::NodeName(i)
            | Field::NodeVirtualization(i)
            | Field::NodeOs(i)
            | Field::NodeAddr(i, _) => Some((List::Nodes, i)),
            Field::VmName(i) | Field::VmNode(i) | Field::VmAddr(i, _) => Some((List::Vms, i)),
            _ => None,
        }
    }
}

/// The element id for any JSON Pointer of the plan: `field` followed by the pointer with `/`
/// written as `-` (`/nodes/2/os` -> `field-nodes-2-os`; `""` -> `field-plan`). Plan keys hold
/// only `a-z`, `_` and digits, so the mapping is one to one; any other character is written as
/// `_xx` hex so the id stays a plain CSS identifier.
pub fn element_id(path: &str) -> String {
    if path.is_empty() {
        return "field-plan".into();
    }
    let mut id = String::from("field");
    for c in path.chars() {
        match c {
            '/' => id.push('-'),
            'a'..='z' | '0'..='9' => id.push(c),
            '_' => id.push('_'),
            other => {
                for b in other.to_string().bytes() {
                    id.push_str(&format!("_{b:02x}"));
                }
            }
        }
    }
    id
}

/// Where to take the user for a diagnostic at `path`: the element id to focus and, when it lies
/// in a list, which item (so a paged list can show it). Paths that name no input (a list, an
/// item, the gateway object, the whole plan) map to the element the form renders for them;
/// paths the form does not know fall back to their nearest known ancestor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    pub id: String,
    pub item: Option<(List, usize)>,
}

pub fn target(path: &str) -> Target {
    if let Some(field) = Field::parse(path) {
        return Target {
            id: field.id(),
            item: field.item(),
        };
    }
    let tokens: Vec<&str> = path.split('/').skip(1).collect();
    match tokens.as_slice() {
        [list, i, ..] if List::from_key(list).is_some() => {
            let list = List::from_key(list).expect("checked");
            match i.parse::<usize>() {
                Ok(i) => {
                    // "/pools/0/ranges" is the pool's range list; anything else the item.
                    let id = if list == List::Pools && tokens.get(2) == Some(&"ranges") {
                        element_id(&format!("/pools/{i}/ranges"))
                    } else {
                        element_id(&format!("/{}/{i}", list.key()))
                    };
                    Target {
                        id,
                        item: Some((list, i)),
                    }
                }
                Err(_) => Target {
                    id: element_id(&format!("/{}", list.key())),
                    item: None,
                },
            }
        }
        [list] if List::from_key(list).is_some() => Target {
            id: element_id(path),
            item: None,
        },
        ["gateway" | "underlay", ..] => Target {
            id: element_id(&format!("/{}", tokens[0])),
            item: None,
        },
        // "", "/version" and anything unknown: the plan as a whole.
        _ => Target {
            id: element_id(""),
            item: None,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::{read_plan, EXAMPLES};

    fn example() -> Plan {
        read_plan(EXAMPLES[0].1).expect("example reads")
    }

    #[test]
    fn every_field_path_round_trips_and_reads_the_plan() {
        let plan = example();
        let mut fields = Field::PLAN.to_vec();
        fields.push(Field::PoolRange(0, 1));
        for list in List::ALL {
            fields.extend(list.fields(0));
        }
        fields.extend(Guard::ALL.map(Field::Protection));
        for field in fields {
            assert_eq!(Field::parse(&field.path()), Some(field), "{}", field.path());
            assert!(field.get(&plan).is_some(), "{}", field.path());
        }
        assert_eq!(Field::NodeOs(2).path(), "/nodes/2/os");
        assert_eq!(Field::NodeOs(2).id(), "field-nodes-2-os");
        assert_eq!(Field::parse("/nodes/02/os"), None);
        assert_eq!(Field::parse("/nodes/x/os"), None);
        assert_eq!(Field::parse("/gateway/ipv5"), None);
        assert_eq!(Field::parse(""), None);
    }

    #[test]
    fn item_values_follow_the_field_order() {
        let plan = example();
        assert_eq!(
            List::Nodes.values(&plan, 1),
            [
                "kvm2",
                "kvm",
                "almalinux-8",
                "10.10.0.12",
                "2001:db8:ffff::12"
            ]
        );
        assert_eq!(
            List::Pools.values(&plan, 0),
            ["public-v4", "203.0.113.0/25", "198.51.100.10-198.51.100.40"]
        );
        assert_eq!(
            List::Vms.values(&plan, 1),
            ["web01", "kvm1", "203.0.113.11", ""]
        );
        assert!(List::Vms.values(&plan, 99).is_empty());
        assert_eq!(List::Pools.field_at(0, 2), Some(Field::PoolRange(0, 1)));
        assert_eq!(List::Nodes.field_at(3, 2), Some(Field::NodeOs(3)));
        assert_eq!(List::Nodes.field_at(3, 5), None);
        assert_eq!(
            Field::NodeOs(0).options("debian-12").len(),
            OS_OPTIONS.len()
        );
        assert_eq!(
            Field::NodeOs(0)
                .options("rocky-9")
                .last()
                .map(String::as_str),
            Some("rocky-9")
        );
    }

    #[test]
    fn labels_of_any_index_do_not_overflow() {
        assert_eq!(
            Field::PoolRange(0, usize::MAX).label(),
            format!("Range {}", usize::MAX)
        );
    }

    #[test]
    fn set_then_get_gives_the_text_back() {
        let mut plan = example();
        for (field, text) in [
            (Field::Name, "Lab"),
            (Field::Community, "65000:7"),
            (Field::Gateway(Fam::V6), "fd00::9"),
            (Field::PoolRange(0, 0), "203.0.113.0/26"),
            (Field::RrKind(0), "vmmanager-vm"),
            (Field::CorePlatform(0), "frr"),
            (Field::NodeVirtualization(1), "lxd"),
            (Field::NodeOs(1), "debian-12"),
            (Field::VmNode(0), "kvm2"),
            (Field::CoreAsn(0), "65001"),
            (Field::Vxlan, "true"),
            (Field::Protection(Guard::NodeHoldTime), "30"),
            (Field::Protection(Guard::CoreDetection), "timers"),
            (Field::Protection(Guard::CoreHoldTime), "12"),
            (Field::Protection(Guard::BfdInterval), "150"),
            (Field::Protection(Guard::BfdMultiplier), "5"),
            (Field::Protection(Guard::MaxVmsPerNode), "250"),
            (Field::Protection(Guard::PrefixLimit), "drop-excess"),
            (Field::Protection(Guard::Md5), "true"),
        ] {
            field.set(&mut plan, text).expect("set");
            assert_eq!(field.get(&plan).as_deref(), Some(text));
        }
        assert_eq!(plan.core_gateways[0].asn, 65001);
        assert!(plan.vxlan);
        assert_eq!(plan.protection.core_detection, CoreDetection::Timers);
        assert!(plan.protection.md5);
        // The plan file carries the changed protection; the password is no part of it.
        assert!(plan.to_json().contains("\"max_vms_per_node\": 250"));
        assert_eq!(
            Field::Protection(Guard::BfdInterval).set(&mut plan, "3x"),
            Err(FieldError::NotANumber)
        );
        assert_eq!(plan.protection.bfd_interval, 150);
    }

    #[test]
    fn empty_optional_text_removes_the_field() {
        let mut plan = example();
        Field::Gateway(Fam::V6).set(&mut plan, "").unwrap();
        Field::Community.set(&mut plan, "").unwrap();
        assert_eq!(plan.gateway.ipv6, None);
        assert_eq!(plan.community, None);
        assert!(!plan.to_json().contains("community"));
    }

    #[test]
    fn renaming_a_node_takes_its_vms_along() {
        let mut plan = example();
        // dc1: sea_gold and web01 are on kvm1.
        Field::NodeName(0).set(&mut plan, "hv-a").unwrap();
        let on: Vec<&str> = plan.vms.iter().map(|v| v.node.as_str()).collect();
        assert_eq!(on, ["hv-a", "hv-a", "kvm2", "kvm3", "kvm4"]);
        // Typing another node's name would merge them: the VMs stay where they were.
        Field::NodeName(0).set(&mut plan, "kvm2").unwrap();
        assert_eq!(plan.vms[0].node, "hv-a");
        assert_eq!(plan.vms[2].node, "kvm2");
    }

    #[test]
    fn changing_virtualization_brings_the_matching_os() {
        let mut plan = example();
        Field::NodeVirtualization(0).set(&mut plan, "lxd").unwrap();
        assert_eq!(plan.nodes[0].os, "ubuntu-20.04");
        plan.nodes[1].os = "almalinux-9".into();
        Field::NodeVirtualization(1).set(&mut plan, "lxd").unwrap();
        assert_eq!(plan.nodes[1].os, "almalinux-9", "a custom OS is left alone");
    }

    #[test]
    fn pasted_addresses_lose_surrounding_white_space() {
        let mut plan = example();
        Field::Gateway(Fam::V4)
            .set(&mut plan, " 10.0.0.9\t")
            .unwrap();
        assert_eq!(plan.gateway.ipv4.as_deref(), Some("10.0.0.9"));
        Field::Gateway(Fam::V4).set(&mut plan, "   ").unwrap();
        assert_eq!(plan.gateway.ipv4, None);
    }

    #[test]
    fn non_digits_in_a_number_leave_the_plan_unchanged() {
        let mut plan = example();
        let before = plan.clone();
        for bad in ["65a00", "", "-1", "6 5"] {
            assert_eq!(Field::Asn.set(&mut plan, bad), Err(FieldError::NotANumber));
            assert_eq!(
                Field::CoreAsn(0).set(&mut plan, bad),
                Err(FieldError::NotANumber)
            );
        }
        // All digits, but beyond any number the plan can hold: said as such.
        let huge = "99999999999999999999999";
        assert_eq!(Field::Asn.set(&mut plan, huge), Err(FieldError::TooLarge));
        assert_eq!(
            Field::CoreAsn(0).set(&mut plan, huge),
            Err(FieldError::TooLarge)
        );
        assert_eq!(plan, before);
        Field::Asn.set(&mut plan, " 4200000000 ").unwrap();
        assert_eq!(plan.asn, 4_200_000_000);
    }

    #[test]
    fn fields_of_a_removed_item_are_gone() {
        let mut plan = example();
        assert_eq!(Field::VmName(99).get(&plan), None);
        assert_eq!(Field::VmName(99).set(&mut plan, "x"), Err(FieldError::Gone));
        assert_eq!(
            Field::RrKind(0).set(&mut plan, "router"),
            Err(FieldError::UnknownChoice("router".into()))
        );
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

    #[test]
    fn element_ids_are_plain_and_distinct() {
        assert_eq!(element_id(""), "field-plan");
        assert_eq!(element_id("/route_reflectors"), "field-route_reflectors");
        assert_eq!(element_id("/a~1b"), "field-a_7e1b");
        assert_ne!(element_id("/nodes/1/os"), element_id("/nodes/10/s"));
    }

    #[test]
    fn every_diagnostic_path_of_the_examples_has_a_target() {
        for (_, text) in EXAMPLES {
            let report = crate::check::check(&read_plan(text).unwrap());
            for d in &report.diagnostics {
                let t = target(&d.path);
                assert!(t.id.starts_with("field"), "{}", d.path);
            }
        }
        assert_eq!(
            target("/nodes/2/os"),
            Target {
                id: "field-nodes-2-os".into(),
                item: Some((List::Nodes, 2))
            }
        );
        assert_eq!(target("/route_reflectors").id, "field-route_reflectors");
        assert_eq!(
            target("/vms/3"),
            Target {
                id: "field-vms-3".into(),
                item: Some((List::Vms, 3))
            }
        );
        assert_eq!(target("/pools/1/ranges").id, "field-pools-1-ranges");
        assert_eq!(target("/gateway").id, "field-gateway");
        assert_eq!(target("").id, "field-plan");
        assert_eq!(target("/version").id, "field-plan");
        assert_eq!(target("/nonsense/7").id, "field-plan");
    }
}
