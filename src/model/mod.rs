//! The checked fabric: what `check` builds from a plan that has no errors, and the only input the
//! renderers accept. Every field is a validated value, so rendering cannot fail and no user text
//! reaches a file unless it passed its rule.

mod family;
mod kinds;
pub mod topology;
mod values;

pub use family::PerFamily;
pub use kinds::{Platform, PrefixLimitAction, RrKind, Virtualization};
pub use values::{
    addr_u128, describe_char, split_families, AddrRange, Asn, Community, CommunityError, FabricId,
    FabricIdError, FrrVersion, FrrVersionError, Md5Key, Md5KeyError, Name, NameError, RangeError,
    FABRIC_ID_MAX,
};

use ipnet::IpNet;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

/// Address family of a session, a pool or a route.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Family {
    V4,
    V6,
}

impl Family {
    pub const BOTH: [Family; 2] = [Family::V4, Family::V6];

    /// "IPv4" or "IPv6", for messages and documents.
    pub fn label(self) -> &'static str {
        match self {
            Family::V4 => "IPv4",
            Family::V6 => "IPv6",
        }
    }

    /// "ipv4" or "ipv6": the plan's field name and FRR's address-family keyword.
    pub fn key(self) -> &'static str {
        match self {
            Family::V4 => "ipv4",
            Family::V6 => "ipv6",
        }
    }

    /// Host route length: 32 or 128.
    pub fn host_len(self) -> u8 {
        match self {
            Family::V4 => 32,
            Family::V6 => 128,
        }
    }
}

/// What every BGP speaker of the fabric has: a name, its underlay addresses and a router ID.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Device {
    pub name: Name,
    pub ipv4: Option<Ipv4Addr>,
    pub ipv6: Option<Ipv6Addr>,
    /// The BGP router ID: the IPv4 address, or for an IPv6-only device the low 32 bits of its
    /// IPv6 address (BGP needs a 32-bit ID; `check` makes sure they are unique).
    pub router_id: Ipv4Addr,
}

impl Device {
    pub fn has(&self, family: Family) -> bool {
        match family {
            Family::V4 => self.ipv4.is_some(),
            Family::V6 => self.ipv6.is_some(),
        }
    }

    /// The address of a family as text, for configuration lines.
    pub fn addr(&self, family: Family) -> Option<String> {
        match family {
            Family::V4 => self.ipv4.map(|a| a.to_string()),
            Family::V6 => self.ipv6.map(|a| a.to_string()),
        }
    }

    /// The families this device has an address in, IPv4 first.
    pub fn families(&self) -> Vec<Family> {
        Family::BOTH.into_iter().filter(|f| self.has(*f)).collect()
    }

    /// Per family, whether the device has an address in it.
    pub fn presence(&self) -> PerFamily<bool> {
        PerFamily::from_fn(|f| self.has(f))
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RouteReflector {
    pub device: Device,
    pub kind: RrKind,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CoreGateway {
    pub device: Device,
    pub platform: Platform,
    pub asn: Asn,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Node {
    pub device: Device,
    pub virtualization: Virtualization,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Vm {
    pub name: Name,
    /// Index into `Fabric::nodes`.
    pub node: usize,
    pub ipv4: Option<Ipv4Addr>,
    pub ipv6: Option<Ipv6Addr>,
}

impl Vm {
    /// The interface VMmanager creates for the VM on its node, `<name>_net0`, to format.
    pub fn interface(&self) -> Interface<'_> {
        Interface(&self.name)
    }
}

/// A VM's interface name as it is formatted: written straight into a file, never allocated.
#[derive(Debug, Clone, Copy)]
pub struct Interface<'a>(&'a Name);

impl std::fmt::Display for Interface<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.0.as_str())?;
        f.write_str(INTERFACE_SUFFIX)
    }
}

/// What VMmanager appends to a VM's name for its interface on the node.
pub const INTERFACE_SUFFIX: &str = "_net0";

/// What a table shows for a value that is absent.
pub const DASH: &str = "—";

/// An optional address to format, as `—` when absent (the runbook's and settings' tables).
#[derive(Debug, Clone, Copy)]
pub struct OrDash<T>(pub Option<T>);

impl<T: std::fmt::Display> std::fmt::Display for OrDash<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.0 {
            Some(v) => v.fmt(f),
            None => f.write_str(DASH),
        }
    }
}

/// An IPv4 address formatted in dotted-quad form, the same text as `Ipv4Addr`'s `Display`
/// without padding or width support. Why: the bundle writes thousands of VM addresses (the
/// cluster settings' VM table), and `core::fmt` formats each octet through the integer
/// formatter's padding machinery, which made IPv4 formatting a tenth of all rendering.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Dotted(pub Ipv4Addr);

impl Dotted {
    /// The text on the stack, for writers that take `&str` pieces.
    pub fn text(self) -> DottedText {
        let mut text = DottedText {
            buf: [0; 15],
            len: 0,
        };
        for (i, octet) in self.0.octets().into_iter().enumerate() {
            if i > 0 {
                text.push(b'.');
            }
            if octet >= 100 {
                text.push(b'0' + octet / 100);
            }
            if octet >= 10 {
                text.push(b'0' + octet / 10 % 10);
            }
            text.push(b'0' + octet % 10);
        }
        text
    }
}

impl std::fmt::Display for Dotted {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.text().as_str())
    }
}

/// The text of a [`Dotted`] address: at most 15 ASCII digits and dots.
#[derive(Debug, Clone, Copy)]
pub struct DottedText {
    buf: [u8; 15],
    len: usize,
}

impl DottedText {
    fn push(&mut self, byte: u8) {
        // An address pushes at most 15 bytes (four octets of three digits, three dots): the
        // buffer always has room.
        if let Some(slot) = self.buf.get_mut(self.len) {
            *slot = byte;
            self.len += 1;
        }
    }

    pub fn as_str(&self) -> &str {
        // Only ASCII digits and dots are ever pushed, and len never passes the buffer, so
        // this never falls back.
        std::str::from_utf8(self.buf.get(..self.len).unwrap_or_default()).unwrap_or("")
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pool {
    pub name: Name,
    pub ranges: Vec<AddrRange>,
}

/// A count with its noun for people: "1 node", "2 nodes" (nouns whose plural takes an "s").
pub fn plural(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

/// A number of addresses (a pool's size) for people: exact up to 2^40, above that the power of
/// two at or below it, `2^64` for a /64 with a few more addresses beside it. An IPv6 pool's exact
/// size helps nobody, and a rounded decimal would hide that the pool is a prefix.
pub fn size_text(n: u128) -> String {
    if n > 1 << 40 {
        format!("2^{}", n.ilog2())
    } else {
        n.to_string()
    }
}

/// BGP keepalive and hold time in seconds, keepalive a third of the hold time (RFC 4271's
/// suggestion) and at least 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Timers {
    pub keepalive: u16,
    pub hold: u16,
}

impl Timers {
    /// Timers for a hold time of 3..=65535 s; `None` otherwise (BGP allows 0 or at least 3, and
    /// 0 would switch keepalives off, which detects nothing).
    pub fn from_hold(hold: u64) -> Option<Timers> {
        let hold = u16::try_from(hold).ok().filter(|h| *h >= 3)?;
        Some(Timers {
            keepalive: (hold / 3).max(1),
            hold,
        })
    }
}

/// How route reflectors and core gateways detect a silent peer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CoreLiveness {
    /// BFD with this interval (ms) in both directions and detection multiplier.
    Bfd { interval: u32, multiplier: u8 },
    /// Short BGP timers.
    Timers(Timers),
    /// BGP's defaults.
    Default,
}

impl CoreLiveness {
    /// With BFD, how long a silent peer goes unnoticed at most: interval times multiplier.
    pub fn bfd_detection_ms(self) -> Option<u32> {
        match self {
            CoreLiveness::Bfd {
                interval,
                multiplier,
            } => Some(interval * u32::from(multiplier)),
            _ => None,
        }
    }
}

/// The checked `protection` of the plan.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Protection {
    /// The reflectors' timers towards the nodes; `None` keeps FRR's defaults.
    pub node_timers: Option<Timers>,
    pub core: CoreLiveness,
    pub max_vms_per_node: u64,
    pub prefix_limit: PrefixLimitAction,
    pub md5: bool,
}

/// Whether a prefix is one host (/32, /128): it matches only itself, so filters want it
/// `exact` and it gets no discard route.
pub fn is_host_prefix(net: &IpNet) -> bool {
    net.prefix_len() == net.max_prefix_len()
}

/// What a route reflector's equipment can carry (VMmanager documentation).
pub const SESSION_LIMIT: usize = 32;

/// The BGP sessions of a route reflector, per family, as the contract counts them: one per peer
/// (node or core gateway) and address family that both have an address in. The one rule for
/// `check`, which counts on the plan as typed (errors and all), and for the runbook, which
/// counts on the fabric.
pub fn sessions(
    reflector: PerFamily<bool>,
    peers: impl IntoIterator<Item = PerFamily<bool>>,
) -> PerFamily<usize> {
    let mut count = PerFamily::new(0, 0);
    for peer in peers {
        for family in Family::BOTH {
            count[family] += usize::from(reflector[family] && peer[family]);
        }
    }
    count
}

/// Minutes before a session closed by its route limit is tried again (FRR `restart`, Junos
/// `idle-timeout`): a node or reflector that was repaired comes back by itself, one that still
/// floods is closed again.
pub const LIMIT_RESTART_MINUTES: u32 = 5;

/// The routes a limit allows beyond the expected number: a quarter more plus 10, so that a
/// limit never fires on a small pool's ordinary churn (a migrating VM is briefly announced twice)
/// yet a node that leaks its routing table is cut off at once.
pub fn with_margin(expected: u64) -> u32 {
    let limit = expected.saturating_add(expected / 4).saturating_add(10);
    u32::try_from(limit).unwrap_or(u32::MAX)
}

/// A warning or note of the checks, as the runbook shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Advice {
    /// `warning` or `info`.
    pub severity: &'static str,
    pub code: &'static str,
    pub message: String,
    pub help: String,
}

/// A plan that passed every error check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fabric {
    /// The plan's name made safe for a comment line: no control characters, trimmed, bounded.
    pub title: String,
    /// The fabric's own short name, which names its objects on the core routers; without one
    /// they keep the names of VMmanager's guide (see [`Fabric::core_name`]).
    pub id: Option<FabricId>,
    pub asn: Asn,
    pub community: Option<Community>,
    /// The VMs' gateway in each family (an address of that family).
    pub gateway: PerFamily<Option<IpAddr>>,
    /// The nodes' network in each family, when the plan gives it (a prefix of that family).
    pub underlay: PerFamily<Option<IpNet>>,
    pub vxlan: bool,
    pub frr_version: FrrVersion,
    pub pools: Vec<Pool>,
    /// The fewest prefixes covering all pools of each family, in plan order.
    pub prefixes: PerFamily<Vec<IpNet>>,
    pub route_reflectors: Vec<RouteReflector>,
    pub core_gateways: Vec<CoreGateway>,
    pub nodes: Vec<Node>,
    pub vms: Vec<Vm>,
    pub protection: Protection,
    /// The checks' warnings and notes, for the runbook (a fabric has no errors).
    pub advice: Vec<Advice>,
    /// The fabric as a graph, as `check` drew it from the plan (`topology.svg`, the runbook).
    pub topology: topology::Topology,
}

impl Fabric {
    /// The name of an object the fabric creates on a core router (a policy, a community, a BGP
    /// group, a prefix list, a route-map, a BFD profile): `base`, the name VMmanager's guide
    /// gives it, after the fabric's id and a hyphen (`fra-VM`), or `base` alone without an id,
    /// so that a fabric deployed before ids keeps its names.
    pub fn core_name(&self, base: &str) -> String {
        match &self.id {
            Some(id) => format!("{id}-{base}"),
            None => base.to_string(),
        }
    }

    /// How a Junos commit comment names the fabric (the runbook's and a change's commits): its
    /// id, else "fabric".
    pub fn commit_label(&self) -> String {
        self.id
            .as_ref()
            .map_or_else(|| "fabric".to_string(), ToString::to_string)
    }

    /// The BGP sessions of a route reflector, per family (see [`sessions`]).
    pub fn sessions(&self, reflector: &RouteReflector) -> PerFamily<usize> {
        let nodes = self.nodes.iter().map(|n| n.device.presence());
        let cores = self.core_gateways.iter().map(|c| c.device.presence());
        sessions(reflector.device.presence(), nodes.chain(cores))
    }

    /// Whether any pool has addresses of the family.
    pub fn has_pools(&self, family: Family) -> bool {
        !self.prefixes[family].is_empty()
    }

    /// The pool prefixes of a family that get a discard route on the core: all but host-length
    /// ones (a `first-last` range can end in a /32), since a static route for a host prefix
    /// would beat the VM's BGP route to the very same prefix and drop its traffic.
    pub fn discard_prefixes(&self, family: Family) -> impl Iterator<Item = &IpNet> {
        self.prefixes[family].iter().filter(|p| !is_host_prefix(p))
    }

    /// How many addresses the pools hold in a family (saturating).
    pub fn pool_addresses(&self, family: Family) -> u128 {
        self.pools
            .iter()
            .flat_map(|p| &p.ranges)
            .filter(|r| r.is_ipv4() == (family == Family::V4))
            .fold(0u128, |n, r| n.saturating_add(r.size()))
    }

    /// The most routes of a family that a route reflector accepts from one node: one per VM the
    /// node may host, no more than the pools hold, with [`with_margin`].
    pub fn node_route_limit(&self, family: Family) -> u32 {
        let vms = u128::from(self.protection.max_vms_per_node);
        with_margin(u64::try_from(self.pool_addresses(family).min(vms)).unwrap_or(u64::MAX))
    }

    /// The most routes of a family that a core gateway accepts from one route reflector: every
    /// VM of every node, no more than the pools hold, with [`with_margin`].
    pub fn core_route_limit(&self, family: Family) -> u32 {
        let nodes = self.nodes.len().max(1) as u128;
        let vms = u128::from(self.protection.max_vms_per_node).saturating_mul(nodes);
        with_margin(u64::try_from(self.pool_addresses(family).min(vms)).unwrap_or(u64::MAX))
    }

    /// The VMs hosted on the node with this index, in plan order.
    pub fn vms_on(&self, node: usize) -> impl Iterator<Item = &Vm> {
        self.vms.iter().filter(move |vm| vm.node == node)
    }
}

/// Makes free text (the plan's name) safe for a comment line in any generated file: control and
/// line-separator characters become spaces, invisible characters ([`crate::text::is_invisible`]) go, runs of
/// white space collapse, and the result is bounded to 80 characters.
pub fn comment_safe(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars().filter(|c| !crate::text::is_invisible(*c)) {
        let c = if c.is_control() || matches!(c, '\u{2028}' | '\u{2029}') || c.is_whitespace() {
            ' '
        } else {
            c
        };
        if c == ' ' && (out.is_empty() || out.ends_with(' ')) {
            continue;
        }
        if out.chars().count() == 80 {
            break;
        }
        out.push(c);
    }
    out.trim_end().to_string()
}

/// Makes free text safe for a file name: ASCII letters and digits, runs of anything else become
/// one `-`; falls back to `fabric` when nothing is left.
pub fn file_slug(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
        if out.len() >= 60 {
            break;
        }
    }
    let out = out.trim_end_matches('-').to_string();
    if out.is_empty() {
        "fabric".to_string()
    } else {
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dotted_formats_as_the_standard_library_does() {
        // Every octet value in every position, with the other octets at their widest and
        // narrowest.
        for position in 0..4 {
            for octet in 0..=255u8 {
                for other in [0u8, 9, 10, 99, 100, 255] {
                    let mut octets = [other; 4];
                    octets[position] = octet;
                    let addr = Ipv4Addr::from(octets);
                    assert_eq!(Dotted(addr).to_string(), addr.to_string());
                }
            }
        }
    }

    #[test]
    fn comment_safe_removes_line_breaks_and_controls() {
        assert_eq!(
            comment_safe("DC1\nrouter bgp 1\r\u{2028}x"),
            "DC1 router bgp 1 x"
        );
        assert_eq!(comment_safe("  a \t b  "), "a b");
        assert_eq!(comment_safe("Франкфурт DC1"), "Франкфурт DC1");
        assert_eq!(comment_safe(&"x".repeat(200)).len(), 80);
        // Bidi overrides, zero-width spaces and byte-order marks show nothing, and a reviewer
        // would read "DC1 evil" as something else: they go.
        assert_eq!(
            comment_safe("\u{FEFF}DC1\u{202E} live\u{200B}\u{2066}x\u{E0041}"),
            "DC1 livex"
        );
        assert_eq!(comment_safe("a\u{0085}b"), "a b");
    }

    #[test]
    fn size_text_is_exact_for_small_pools_and_a_power_of_two_for_large_ones() {
        assert_eq!(size_text(0), "0");
        assert_eq!(size_text(1), "1");
        assert_eq!(size_text(256), "256");
        assert_eq!(size_text(3_000_000), "3000000");
        assert_eq!(size_text(1 << 40), "1099511627776");
        assert_eq!(size_text((1 << 40) + 1), "2^40");
        assert_eq!(size_text(3 << 41), "2^42");
        assert_eq!(size_text(1 << 64), "2^64");
        // A /64 plus a range: the power of two at or below it.
        assert_eq!(size_text((1 << 64) + 256), "2^64");
        assert_eq!(size_text(u128::MAX), "2^127");
    }

    #[test]
    fn file_slug_is_plain_ascii() {
        assert_eq!(file_slug("DC1 dual-stack"), "dc1-dual-stack");
        assert_eq!(file_slug("$(rm -rf /)"), "rm-rf");
        assert_eq!(file_slug("Франкфурт"), "fabric");
    }
}
