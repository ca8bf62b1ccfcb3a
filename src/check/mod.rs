//! Analysis of a plan: every finding at once, in a deterministic order, and — when there is no
//! error — the checked [`Fabric`] that the renderers take.
//!
//! A half-typed plan is the normal state while someone edits it in the browser, so nothing here
//! may panic on odd input: every field is parsed with a fallible constructor and a failure
//! becomes a diagnostic that points at the field.

mod diagnostic;
mod protection;
pub(crate) mod sweep;

pub use diagnostic::{Code, Diagnostic, Severity};

use crate::model::{
    self, comment_safe, describe_char, split_families, AddrRange, Asn, Community, Device, Fabric,
    Family, FrrVersion, Name,
};
use crate::plan::{Plan, Virtualization, PLAN_VERSION};
use ipnet::{IpNet, Ipv4Net, Ipv6Net};
use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

/// What a route reflector's equipment can carry (VMmanager documentation).
pub const SESSION_LIMIT: usize = 32;

/// The BGP sessions of one route reflector, counted as the contract defines them: one per peer
/// and address family that both have an address in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RrSessions {
    /// Index into the plan's `route_reflectors`.
    pub index: usize,
    pub name: String,
    pub ipv4: usize,
    pub ipv6: usize,
}

impl RrSessions {
    pub fn total(&self) -> usize {
        self.ipv4 + self.ipv6
    }
}

/// The outcome of checking a plan.
#[derive(Debug, Clone)]
pub struct Report {
    /// Errors first, then warnings, then information; within a severity, in plan order.
    pub diagnostics: Vec<Diagnostic>,
    /// Per route reflector, its session count (also for plans with errors).
    pub sessions: Vec<RrSessions>,
    /// Present exactly when no diagnostic is an error.
    pub fabric: Option<Fabric>,
}

impl Report {
    pub fn count(&self, severity: Severity) -> usize {
        self.diagnostics
            .iter()
            .filter(|d| d.severity == severity)
            .count()
    }

    pub fn has_errors(&self) -> bool {
        self.fabric.is_none()
    }
}

/// Checks a plan.
pub fn check(plan: &Plan) -> Report {
    let mut c = Checker {
        plan,
        out: Vec::new(),
    };
    let checked = c.run();
    let sessions = count_sessions(plan, &checked.devices);
    for s in &sessions {
        if s.total() > SESSION_LIMIT {
            c.push(
                Code::RrSessionLimit,
                format!("/route_reflectors/{}", s.index),
                format!(
                    "route reflector {} would have {} BGP sessions ({} IPv4, {} IPv6), more than the {SESSION_LIMIT} its equipment supports",
                    quote(&s.name),
                    s.total(),
                    s.ipv4,
                    s.ipv6
                ),
                // Every reflector peers with every node and core: more reflectors do not help.
                "Every route reflector peers with every node and core gateway in each shared family: move nodes to another cluster with its own route reflectors, or give nodes only the address families they need.",
            );
        }
    }
    let mut diagnostics = c.out;
    // Stable sort: plan order is kept within each severity.
    diagnostics.sort_by_key(|d| d.severity);
    let fabric = if diagnostics.iter().any(Diagnostic::is_error) {
        None
    } else {
        checked.into_fabric(plan).map(|mut fabric| {
            fabric.advice = diagnostics
                .iter()
                .map(|d| model::Advice {
                    severity: d.severity.as_str(),
                    code: d.code.as_str(),
                    message: d.message.clone(),
                    help: d.help.clone(),
                })
                .collect();
            fabric
        })
    };
    Report {
        diagnostics,
        sessions,
        fabric,
    }
}

/// The role of a device, for messages and for the plan's list names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    Rr,
    Core,
    Node,
}

impl Role {
    fn list(self) -> &'static str {
        match self {
            Role::Rr => "route_reflectors",
            Role::Core => "core_gateways",
            Role::Node => "nodes",
        }
    }

    fn label(self) -> &'static str {
        match self {
            Role::Rr => "route reflector",
            Role::Core => "core gateway",
            Role::Node => "node",
        }
    }
}

/// A device as far as it could be parsed.
#[derive(Debug, Clone)]
struct DeviceDraft {
    role: Role,
    index: usize,
    raw_name: String,
    name: Option<Name>,
    ipv4: Option<Ipv4Addr>,
    ipv6: Option<Ipv6Addr>,
}

impl DeviceDraft {
    fn path(&self, field: &str) -> String {
        format!("/{}/{}/{field}", self.role.list(), self.index)
    }

    fn has(&self, family: Family) -> bool {
        match family {
            Family::V4 => self.ipv4.is_some(),
            Family::V6 => self.ipv6.is_some(),
        }
    }

    fn addr(&self, family: Family) -> Option<IpAddr> {
        match family {
            Family::V4 => self.ipv4.map(IpAddr::V4),
            Family::V6 => self.ipv6.map(IpAddr::V6),
        }
    }

    fn router_id(&self) -> Option<Ipv4Addr> {
        self.ipv4.or_else(|| self.ipv6.map(router_id_from_ipv6))
    }

    fn device(&self) -> Option<Device> {
        Some(Device {
            name: self.name.clone()?,
            ipv4: self.ipv4,
            ipv6: self.ipv6,
            router_id: self.router_id()?,
        })
    }
}

/// A pool's name, if valid, and the ranges that parsed, each with its index in the plan.
type PoolDraft = (Option<Name>, Vec<(usize, AddrRange)>);

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

/// Everything parsed along the way, kept for building the fabric.
#[derive(Default)]
struct Checked {
    asn: Option<Asn>,
    community: Option<Community>,
    frr_version: Option<FrrVersion>,
    gateway_v4: Option<Ipv4Addr>,
    gateway_v6: Option<Ipv6Addr>,
    underlay_v4: Option<Ipv4Net>,
    underlay_v6: Option<Ipv6Net>,
    pools: Vec<PoolDraft>,
    devices: Vec<DeviceDraft>,
    core_asns: Vec<Option<Asn>>,
    vm_names: Vec<Option<Name>>,
    vm_nodes: Vec<Option<usize>>,
    vm_addrs: Vec<(Option<Ipv4Addr>, Option<Ipv6Addr>)>,
    protection: Option<model::Protection>,
    /// The pools' ranges per family (IPv4, IPv6) as sorted, merged bounds.
    pool_index: [Vec<(u128, u128)>; 2],
}

impl Checked {
    fn ranges(&self) -> impl Iterator<Item = (usize, usize, &AddrRange)> {
        self.pools
            .iter()
            .enumerate()
            .flat_map(|(p, (_, ranges))| ranges.iter().map(move |(r, range)| (p, *r, range)))
    }

    fn has_pools(&self, family: Family) -> bool {
        self.ranges()
            .any(|(_, _, r)| r.is_ipv4() == (family == Family::V4))
    }

    /// Whether a pool holds the address: a binary search over the merged ranges, since it runs
    /// for every VM address.
    fn in_pool(&self, addr: IpAddr) -> bool {
        let index = &self.pool_index[usize::from(!addr.is_ipv4())];
        let key = model::addr_u128(addr);
        let after = index.partition_point(|(lo, _)| *lo <= key);
        after > 0 && index[after - 1].1 >= key
    }

    /// Builds `pool_index` once the pools are parsed.
    fn index_pools(&mut self) {
        let mut index: [Vec<(u128, u128)>; 2] = Default::default();
        for (_, _, range) in self.ranges() {
            index[usize::from(!range.is_ipv4())].push(range.bounds());
        }
        for family in &mut index {
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
        self.pool_index = index;
    }

    fn devices_of(&self, role: Role) -> impl Iterator<Item = &DeviceDraft> {
        self.devices.iter().filter(move |d| d.role == role)
    }

    /// Builds the fabric; called only when no error was found, so every option is filled.
    fn into_fabric(self, plan: &Plan) -> Option<Fabric> {
        let mut pools = Vec::new();
        let mut all = Vec::new();
        for (name, ranges) in &self.pools {
            let ranges: Vec<AddrRange> = ranges.iter().map(|(_, r)| *r).collect();
            all.extend(ranges.iter().flat_map(AddrRange::prefixes));
            pools.push(model::Pool {
                name: name.clone()?,
                ranges,
            });
        }
        let (prefixes_v4, prefixes_v6) = split_families(&all);
        let mut route_reflectors = Vec::new();
        let mut core_gateways = Vec::new();
        let mut nodes = Vec::new();
        for d in &self.devices {
            let device = d.device()?;
            match d.role {
                Role::Rr => route_reflectors.push(model::RouteReflector {
                    device,
                    kind: plan.route_reflectors[d.index].kind,
                }),
                Role::Core => core_gateways.push(model::CoreGateway {
                    device,
                    platform: plan.core_gateways[d.index].platform,
                    asn: self.core_asns[d.index]?,
                }),
                Role::Node => nodes.push(model::Node {
                    device,
                    virtualization: plan.nodes[d.index].virtualization,
                }),
            }
        }
        let mut vms = Vec::new();
        for (i, name) in self.vm_names.iter().enumerate() {
            vms.push(model::Vm {
                name: name.clone()?,
                node: self.vm_nodes[i]?,
                ipv4: self.vm_addrs[i].0,
                ipv6: self.vm_addrs[i].1,
            });
        }
        Some(Fabric {
            title: comment_safe(&plan.name),
            asn: self.asn?,
            community: self.community,
            gateway_v4: self.gateway_v4,
            gateway_v6: self.gateway_v6,
            underlay_v4: self.underlay_v4,
            underlay_v6: self.underlay_v6,
            vxlan: plan.vxlan,
            frr_version: self.frr_version?,
            pools,
            prefixes_v4,
            prefixes_v6,
            route_reflectors,
            core_gateways,
            nodes,
            vms,
            protection: self.protection?,
            // Filled by `check` once every finding is known.
            advice: Vec::new(),
            plan: plan.clone(),
        })
    }
}

fn count_sessions(plan: &Plan, devices: &[DeviceDraft]) -> Vec<RrSessions> {
    let peers: Vec<&DeviceDraft> = devices.iter().filter(|d| d.role != Role::Rr).collect();
    devices
        .iter()
        .filter(|d| d.role == Role::Rr)
        .map(|rr| {
            let count = |family| {
                if rr.has(family) {
                    peers.iter().filter(|p| p.has(family)).count()
                } else {
                    0
                }
            };
            RrSessions {
                index: rr.index,
                name: plan.route_reflectors[rr.index].name.clone(),
                ipv4: count(Family::V4),
                ipv6: count(Family::V6),
            }
        })
        .collect()
}

/// Quotes user text for a one-line message: bounded, with control characters escaped.
fn quote(text: &str) -> String {
    let mut out: String = text.chars().take(60).flat_map(char::escape_debug).collect();
    if text.chars().count() > 60 {
        out.push('…');
    }
    format!("'{out}'")
}

/// " and N other ..." for a finding that names the first of several, or nothing; `what` is
/// the singular and the plural.
fn others(n: usize, what: (&str, &str)) -> String {
    match n {
        0 => String::new(),
        1 => format!(" and 1 other {}", what.0),
        n => format!(" and {n} other {}", what.1),
    }
}

/// Escapes control characters of text that is not ours (serde echoes an unknown enum value as
/// it was typed, line breaks included), so a message stays on one line.
fn one_line(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for ch in text.chars() {
        if ch.is_control() || matches!(ch, '\u{2028}' | '\u{2029}') {
            out.extend(ch.escape_debug());
        } else {
            out.push(ch);
        }
    }
    out
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

struct Checker<'a> {
    plan: &'a Plan,
    out: Vec<Diagnostic>,
}

impl Checker<'_> {
    fn push(
        &mut self,
        code: Code,
        path: impl Into<String>,
        message: impl Into<String>,
        help: impl Into<String>,
    ) {
        self.out.push(Diagnostic::new(code, path, message, help));
    }

    fn run(&mut self) -> Checked {
        let plan = self.plan;
        let mut c = Checked::default();
        if plan.version != PLAN_VERSION {
            self.push(
                Code::VersionUnsupported,
                "/version",
                format!(
                    "plan version {} is not supported; this tool reads version {PLAN_VERSION}",
                    plan.version
                ),
                "Set \"version\" to 1 and check the plan against docs/plan-format.md.",
            );
        }
        c.asn = self.asn(plan.asn, "/asn", "the fabric");
        c.community = self.community();
        c.frr_version = self.frr_version();
        self.names(&mut c);
        self.gateway_and_underlay(&mut c);
        self.pools(&mut c);
        c.index_pools();
        self.devices(&mut c);
        self.gateway_usage(&c);
        self.reflectors(&c);
        self.cores(&mut c);
        self.ebgp_next_hops(&c);
        self.nodes(&c);
        self.vms(&mut c);
        self.router_ids(&c);
        c.protection = self.protection();
        c
    }

    fn asn(&mut self, n: u64, path: &str, whose: &str) -> Option<Asn> {
        let asn = Asn::new(n);
        if asn.is_none() {
            let why = match n {
                0 => "is reserved (RFC 7607)",
                23456 => "is AS_TRANS, reserved for 4-byte AS transition (RFC 6793)",
                65535 => "is reserved (RFC 7300)",
                4_294_967_295 => "is reserved (RFC 7300)",
                _ => "is outside 1..4294967294",
            };
            self.push(
                Code::AsnInvalid,
                path,
                format!("AS number {n} of {whose} {why}"),
                "Use the AS number your provider assigned, or a private one: 64512..65534 or 4200000000..4294967294.",
            );
        }
        asn
    }

    fn community(&mut self) -> Option<Community> {
        let text = self.plan.community.as_deref()?;
        match text.parse::<Community>() {
            Ok(c) => {
                if c.is_reserved() {
                    self.push(
                        Code::CommunityReserved,
                        "/community",
                        format!("community {c} is in a range reserved for well-known communities (0:x and 65535:x)"),
                        "Use your AS number as the first half, for example 65000:100, unless your provider asked for this value.",
                    );
                }
                Some(c)
            }
            Err(e) => {
                self.push(
                    Code::CommunityInvalid,
                    "/community",
                    format!("community {} {e}", quote(text)),
                    "Write the community as two numbers 0..65535 separated by a colon, for example 65000:100, or remove the field.",
                );
                None
            }
        }
    }

    fn frr_version(&mut self) -> Option<FrrVersion> {
        let text = self.plan.frr_version_or_default();
        match text.parse::<FrrVersion>() {
            Ok(v) => {
                if v.major < 8 {
                    self.push(
                        Code::FrrVersionOld,
                        "/frr_version",
                        format!("FRR {v} is older than FRR 8, which the configurations are written and tested for"),
                        "Install FRR 8.x or later from FRR's own package repositories on every node and route reflector, then set frr_version to it.",
                    );
                }
                Some(v)
            }
            Err(e) => {
                self.push(
                    Code::FrrVersionInvalid,
                    "/frr_version",
                    format!("FRR version {} {e}", quote(text)),
                    "Write the oldest FRR version the configurations will run on, such as 8.4, or remove the field to use 8.4.",
                );
                None
            }
        }
    }

    /// Parses a name at `/list/index/name`; paths are formatted only for a finding, because
    /// plans have thousands of VMs and this runs on every keystroke in the browser.
    fn name(&mut self, text: &str, list: &str, index: usize, what: &str) -> Option<Name> {
        match text.parse::<Name>() {
            Ok(n) => Some(n),
            Err(e) => {
                self.push(
                    Code::NameInvalid,
                    format!("/{list}/{index}/name"),
                    format!("{what} name {} {e}", quote(text)),
                    "Use 1 to 63 characters of A-Z a-z 0-9 . _ -, starting with a letter or digit.",
                );
                None
            }
        }
    }

    fn names(&mut self, c: &mut Checked) {
        let plan = self.plan;
        // Pools among pools.
        let mut seen = HashMap::new();
        for (i, pool) in plan.pools.iter().enumerate() {
            let name = self.name(&pool.name, "pools", i, "pool");
            self.duplicate(&mut seen, &pool.name, ("pools", i), "pool");
            c.pools.push((name, Vec::new()));
        }
        // Devices of every kind share one namespace: they are hostnames and file folders.
        let mut seen = HashMap::new();
        let lists: [(Role, Vec<&str>); 3] = [
            (
                Role::Rr,
                plan.route_reflectors
                    .iter()
                    .map(|d| d.name.as_str())
                    .collect(),
            ),
            (
                Role::Core,
                plan.core_gateways.iter().map(|d| d.name.as_str()).collect(),
            ),
            (
                Role::Node,
                plan.nodes.iter().map(|d| d.name.as_str()).collect(),
            ),
        ];
        for (role, names) in lists {
            for (i, raw) in names.into_iter().enumerate() {
                let name = self.name(raw, role.list(), i, role.label());
                self.duplicate(&mut seen, raw, (role.list(), i), "device");
                c.devices.push(DeviceDraft {
                    role,
                    index: i,
                    raw_name: raw.to_string(),
                    name,
                    ipv4: None,
                    ipv6: None,
                });
            }
        }
        let mut seen = HashMap::new();
        for (i, vm) in plan.vms.iter().enumerate() {
            let name = self.name(&vm.name, "vms", i, "VM");
            self.duplicate(&mut seen, &vm.name, ("vms", i), "VM");
            let interface_len = vm.name.len() + "_net0".len();
            let problem = if interface_len > 15 {
                Some(format!(
                    "is {interface_len} bytes, more than the 15 Linux allows"
                ))
            } else {
                vm.name
                    .chars()
                    .find(|ch| *ch == '/' || *ch == ':' || ch.is_whitespace())
                    .map(|ch| format!("would contain {}", describe_char(ch)))
            };
            if let Some(problem) = problem {
                self.push(
                    Code::VmNameInvalid,
                    format!("/vms/{i}/name"),
                    format!("interface name {} of VM {} {problem}", quote(&format!("{}_net0", vm.name)), quote(&vm.name)),
                    "VMmanager names the VM's interface <name>_net0: keep VM names to 10 bytes without '/', ':' or spaces.",
                );
            }
            c.vm_names.push(name);
        }
    }

    /// Reports a name seen before; `at` is (list, index) of this one, and `seen` remembers the
    /// first place of each name. Names that differ only in letter case are the same name: they
    /// are host names (case-insensitive in DNS) and folders of the bundle, which overwrite each
    /// other on a case-insensitive file system (macOS, Windows, a zip unpacked there).
    fn duplicate<'p>(
        &mut self,
        seen: &mut HashMap<Cow<'p, str>, (&'static str, usize, &'p str)>,
        raw: &'p str,
        at: (&'static str, usize),
        what: &str,
    ) {
        if raw.is_empty() {
            return;
        }
        // Lower-cased only when needed: this runs for every VM on every keystroke.
        let key = if raw.bytes().any(|b| b.is_ascii_uppercase()) {
            Cow::Owned(raw.to_ascii_lowercase())
        } else {
            Cow::Borrowed(raw)
        };
        if let Some(&(list, index, first)) = seen.get(&key) {
            let case = if first == raw {
                String::new()
            } else {
                format!(" as {}, which differs only in letter case", quote(first))
            };
            self.push(
                Code::NameDuplicate,
                format!("/{}/{}/name", at.0, at.1),
                format!(
                    "{what} name {} is already used at /{list}/{index}/name{case}",
                    quote(raw)
                ),
                format!("Give every {what} its own name; names that differ only in letter case count as the same."),
            );
        } else {
            seen.insert(key, (at.0, at.1, raw));
        }
    }

    /// Parses a host address of a family; `device` also refuses link-local addresses.
    fn host(
        &mut self,
        text: &str,
        family: Family,
        path: impl Fn() -> String,
        whose: impl Fn() -> String,
        device: bool,
    ) -> Option<IpAddr> {
        let fail = |me: &mut Self, why: String, help: &str| {
            me.push(
                Code::AddressInvalid,
                path(),
                format!(
                    "{} address {} of {} {why}",
                    family.label(),
                    quote(text),
                    whose()
                ),
                help,
            );
            None
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
        Some(addr)
    }

    fn gateway_and_underlay(&mut self, c: &mut Checked) {
        let plan = self.plan;
        if let Some(text) = &plan.gateway.ipv4 {
            if let Some(IpAddr::V4(a)) = self.host(
                text,
                Family::V4,
                || "/gateway/ipv4".into(),
                || "the gateway".into(),
                false,
            ) {
                c.gateway_v4 = Some(a);
            }
        }
        if let Some(text) = &plan.gateway.ipv6 {
            if let Some(IpAddr::V6(a)) = self.host(
                text,
                Family::V6,
                || "/gateway/ipv6".into(),
                || "the gateway".into(),
                false,
            ) {
                c.gateway_v6 = Some(a);
            }
        }
        for (family, gw) in [
            (Family::V4, c.gateway_v4.map(IpAddr::V4)),
            (Family::V6, c.gateway_v6.map(IpAddr::V6)),
        ] {
            if let Some(gw) = gw {
                if !is_private(gw) {
                    self.push(
                        Code::GatewayNotPrivate,
                        format!("/gateway/{}", family.key()),
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
            let text = match family {
                Family::V4 => &plan.underlay.ipv4,
                Family::V6 => &plan.underlay.ipv6,
            };
            let Some(text) = text else { continue };
            let path = format!("/underlay/{}", family.key());
            // A host address with its length (10.10.0.5/24) names the network well enough.
            match text.trim().parse::<IpNet>().map(|n| n.trunc()) {
                Ok(IpNet::V4(n)) if family == Family::V4 => c.underlay_v4 = Some(n),
                Ok(IpNet::V6(n)) if family == Family::V6 => c.underlay_v6 = Some(n),
                _ => self.push(
                    Code::AddressInvalid,
                    path,
                    format!("underlay {} is not an {} prefix", quote(text), family.label()),
                    match family {
                        Family::V4 => "Write the nodes' network as a prefix, such as 10.10.0.0/24, or remove the field.",
                        Family::V6 => "Write the nodes' network as a prefix, such as 2001:db8:ffff::/64, or remove the field.",
                    },
                ),
            }
        }
    }

    fn pools(&mut self, c: &mut Checked) {
        let plan = self.plan;
        if plan.pools.is_empty() {
            self.push(
                Code::PoolsMissing,
                "/pools",
                "the plan has no pools, so no VM route can be announced",
                "Add the IP pools the VMs take their addresses from, as created in VMmanager.",
            );
        }
        for (p, pool) in plan.pools.iter().enumerate() {
            if pool.ranges.is_empty() {
                self.push(
                    Code::PoolEmpty,
                    format!("/pools/{p}/ranges"),
                    format!("pool {} has no ranges", quote(&pool.name)),
                    "Add a CIDR prefix such as 203.0.113.0/24 or a range such as 203.0.113.10-203.0.113.40, or remove the pool.",
                );
            }
            for (r, text) in pool.ranges.iter().enumerate() {
                match text.parse::<AddrRange>() {
                    Ok(range) => c.pools[p].1.push((r, range)),
                    Err(e) => self.push(
                        Code::PoolInvalid,
                        format!("/pools/{p}/ranges/{r}"),
                        format!("range {} of pool {} {e}", quote(text), quote(&pool.name)),
                        "Write a CIDR prefix such as 203.0.113.0/25 or a first-last range of one family such as 198.51.100.10-198.51.100.40.",
                    ),
                }
            }
        }
        // One finding per range that overlaps a range before it in the plan, naming the first
        // one it overlaps and counting the others (see `sweep`).
        let ranges: Vec<(usize, usize, AddrRange)> =
            c.ranges().map(|(p, r, range)| (p, r, *range)).collect();
        let bounds: Vec<(bool, u128, u128)> = ranges
            .iter()
            .map(|(_, _, range)| {
                let (lo, hi) = range.bounds();
                (range.is_ipv4(), lo, hi)
            })
            .collect();
        for v4 in [true, false] {
            let of_family: Vec<usize> = (0..ranges.len()).filter(|&k| bounds[k].0 == v4).collect();
            let items: Vec<(u128, u128, usize)> = of_family
                .iter()
                .map(|&k| (bounds[k].1, bounds[k].2, k))
                .collect();
            let queries: Vec<(u128, u128)> = of_family
                .iter()
                .map(|&k| (bounds[k].2, bounds[k].1))
                .collect();
            for (q, (count, first)) in sweep::dominance(&items, &queries).into_iter().enumerate() {
                let k = of_family[q];
                // `first` is the range itself unless an earlier one overlaps it.
                if first >= k {
                    continue;
                }
                let (p2, r2, _) = ranges[k];
                let (p1, r1, _) = ranges[first];
                self.push(
                    Code::PoolOverlap,
                    format!("/pools/{p2}/ranges/{r2}"),
                    format!(
                        "range {} of pool {} overlaps range {} of pool {}{}",
                        quote(&plan.pools[p2].ranges[r2]),
                        quote(&plan.pools[p2].name),
                        quote(&plan.pools[p1].ranges[r1]),
                        quote(&plan.pools[p1].name),
                        others(count - 2, ("range", "ranges"))
                    ),
                    "Every address belongs to one pool range: shrink or remove one of them.",
                );
            }
        }
    }

    /// One finding per pool range that holds device addresses, naming the first device (in
    /// plan order) and counting the others.
    fn pool_conflicts(&mut self, c: &Checked, addrs: &[(IpAddr, usize)]) {
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
            let ranges: Vec<(usize, usize, &AddrRange)> =
                c.ranges().filter(|(_, _, r)| r.is_ipv4() == v4).collect();
            let queries: Vec<(u128, u128)> = ranges
                .iter()
                .map(|(_, _, r)| {
                    let (lo, hi) = r.bounds();
                    (hi, lo)
                })
                .collect();
            for (q, (count, first)) in sweep::dominance(&items, &queries).into_iter().enumerate() {
                if count == 0 {
                    continue;
                }
                let (p, r, range) = ranges[q];
                let (addr, device) = addrs[first];
                let d = &c.devices[device];
                self.push(
                    Code::PoolConflict,
                    format!("/pools/{p}/ranges/{r}"),
                    format!(
                        "range {range} of pool {} contains the address {addr} of {} {}{}",
                        quote(&plan.pools[p].name),
                        d.role.label(),
                        quote(&d.raw_name),
                        others(count - 1, ("device address", "device addresses"))
                    ),
                    "Pools hold VM addresses only: take the device's address out of the range, or renumber the device.",
                );
            }
        }
    }

    fn devices(&mut self, c: &mut Checked) {
        let plan = self.plan;
        let mut seen: BTreeMap<IpAddr, String> = BTreeMap::new();
        // Every device address with its index in `c.devices`, for the pool conflicts.
        let mut addrs_in_plan: Vec<(IpAddr, usize)> = Vec::new();
        for i in 0..c.devices.len() {
            let (role, index) = (c.devices[i].role, c.devices[i].index);
            let (v4, v6) = match role {
                Role::Rr => (
                    &plan.route_reflectors[index].ipv4,
                    &plan.route_reflectors[index].ipv6,
                ),
                Role::Core => (
                    &plan.core_gateways[index].ipv4,
                    &plan.core_gateways[index].ipv6,
                ),
                Role::Node => (&plan.nodes[index].ipv4, &plan.nodes[index].ipv6),
            };
            let whose = format!("{} {}", role.label(), quote(&c.devices[i].raw_name));
            if v4.is_none() && v6.is_none() {
                self.push(
                    Code::AddressMissing,
                    format!("/{}/{index}", role.list()),
                    format!("{whose} has no address"),
                    "Give it its underlay address in \"ipv4\", \"ipv6\" or both.",
                );
            }
            for (family, text) in [(Family::V4, v4), (Family::V6, v6)] {
                let Some(text) = text else { continue };
                let path = c.devices[i].path(family.key());
                let Some(addr) = self.host(text, family, || path.clone(), || whose.clone(), true)
                else {
                    continue;
                };
                match addr {
                    IpAddr::V4(a) => c.devices[i].ipv4 = Some(a),
                    IpAddr::V6(a) => c.devices[i].ipv6 = Some(a),
                }
                if let Some(first) = seen.get(&addr) {
                    self.push(
                        Code::AddressDuplicate,
                        path.clone(),
                        format!("address {addr} of {whose} is already used at {first}"),
                        "Every device needs its own address: correct one of them.",
                    );
                } else {
                    seen.insert(addr, path.clone());
                }
                addrs_in_plan.push((addr, i));
                let gateway = match family {
                    Family::V4 => c.gateway_v4.map(IpAddr::V4),
                    Family::V6 => c.gateway_v6.map(IpAddr::V6),
                };
                if gateway == Some(addr) {
                    self.push(
                        Code::GatewayConflict,
                        format!("/gateway/{}", family.key()),
                        format!("gateway {addr} is also the address of {whose}"),
                        "The gateway sits on every VM interface of every node: give it an address that is used nowhere else.",
                    );
                }
                let outside = match addr {
                    IpAddr::V4(a) => c.underlay_v4.is_some_and(|n| !n.contains(&a)),
                    IpAddr::V6(a) => c.underlay_v6.is_some_and(|n| !n.contains(&a)),
                };
                if outside {
                    let net = match family {
                        Family::V4 => c.underlay_v4.map(IpNet::V4),
                        Family::V6 => c.underlay_v6.map(IpNet::V6),
                    };
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
        }
        self.pool_conflicts(c, &addrs_in_plan);
    }

    fn gateway_usage(&mut self, c: &Checked) {
        for family in Family::BOTH {
            let gateway = match family {
                Family::V4 => c.gateway_v4.map(IpAddr::V4),
                Family::V6 => c.gateway_v6.map(IpAddr::V6),
            };
            let text = match family {
                Family::V4 => &self.plan.gateway.ipv4,
                Family::V6 => &self.plan.gateway.ipv6,
            };
            let path = format!("/gateway/{}", family.key());
            if text.is_none() && c.has_pools(family) {
                self.push(
                    Code::GatewayMissing,
                    path.clone(),
                    format!("{} has pools but no gateway", family.label()),
                    match family {
                        Family::V4 => "Set gateway.ipv4 to a private address used nowhere else, such as 10.0.0.1.",
                        Family::V6 => "Set gateway.ipv6 to a unique local or link-local address used nowhere else, such as fd00::1.",
                    },
                );
            }
            let Some(gw) = gateway else { continue };
            for (p, _, range) in c.ranges() {
                if range.contains(gw) {
                    self.push(
                        Code::GatewayConflict,
                        path.clone(),
                        format!(
                            "gateway {gw} lies inside range {range} of pool {}",
                            quote(&self.plan.pools[p].name)
                        ),
                        "A VM could be given the gateway's address: choose a gateway outside every pool.",
                    );
                }
            }
            let in_underlay = match gw {
                IpAddr::V4(a) => c.underlay_v4.is_some_and(|n| n.contains(&a)),
                IpAddr::V6(a) => c.underlay_v6.is_some_and(|n| n.contains(&a)),
            };
            if in_underlay {
                self.push(
                    Code::GatewayConflict,
                    path,
                    format!("gateway {gw} lies inside the underlay"),
                    "Every node carries the gateway on its VM interfaces, which would clash with the underlay network: choose an address outside it.",
                );
            }
        }
    }

    fn reflectors(&mut self, c: &Checked) {
        for family in Family::BOTH {
            if !c.has_pools(family) {
                continue;
            }
            let count = c.devices_of(Role::Rr).filter(|d| d.has(family)).count();
            if count == 0 {
                let code = match family {
                    Family::V4 => Code::RrMissingIpv4,
                    Family::V6 => Code::RrMissingIpv6,
                };
                self.push(
                    code,
                    "/route_reflectors",
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
                    "/route_reflectors",
                    format!("{} has only one route reflector", family.label()),
                    format!("Add a second route reflector with an {} address: if the only one fails, every {} VM route is withdrawn.", family.label(), family.label()),
                );
            }
        }
    }

    fn cores(&mut self, c: &mut Checked) {
        let plan = self.plan;
        for (i, core) in plan.core_gateways.iter().enumerate() {
            let asn = self.asn(
                core.asn,
                &format!("/core_gateways/{i}/asn"),
                &format!("core gateway {}", quote(&core.name)),
            );
            c.core_asns.push(asn);
        }
        if plan.core_gateways.is_empty() {
            self.push(
                Code::CoreMissing,
                "/core_gateways",
                "the plan has no core gateway",
                "Add the router that announces the VM routes to the Internet (platform junos for a Juniper MX, frr for a Linux router).",
            );
        } else {
            let mut families: Vec<Family> = Family::BOTH
                .into_iter()
                .filter(|f| c.has_pools(*f))
                .collect();
            if families.is_empty() {
                families = Family::BOTH.to_vec();
                let shares = |f: Family| {
                    c.devices_of(Role::Core).any(|d| d.has(f))
                        && c.devices_of(Role::Rr).any(|d| d.has(f))
                };
                if !families.iter().any(|f| shares(*f)) && c.devices_of(Role::Rr).any(|_| true) {
                    self.push(
                        Code::CoreMissing,
                        "/core_gateways",
                        "no core gateway shares an address family with the route reflectors",
                        "Give the core gateway an address in a family the route reflectors have.",
                    );
                }
            } else {
                for f in families {
                    let shares = c.devices_of(Role::Core).any(|d| d.has(f))
                        && c.devices_of(Role::Rr).any(|d| d.has(f));
                    // Without any reflector of the family, rr-missing-* already says it.
                    if !shares && c.devices_of(Role::Rr).any(|d| d.has(f)) {
                        self.push(
                            Code::CoreMissing,
                            "/core_gateways",
                            format!("{} has pools but no core gateway has an {} address to peer with the route reflectors", f.label(), f.label()),
                            format!("Give a core gateway an {} address: without it, {} VM routes never leave the fabric.", f.label(), f.label()),
                        );
                    }
                }
            }
        }
        if let Some(fabric) = c.asn {
            for (i, core) in plan.core_gateways.iter().enumerate() {
                if let Some(asn) = c.core_asns[i] {
                    if asn != fabric {
                        self.push(
                            Code::CoreEbgp,
                            format!("/core_gateways/{i}/asn"),
                            format!("core gateway {} is in AS {asn}, the fabric in AS {fabric}: the route reflectors speak eBGP to it", quote(&core.name)),
                            "Nothing to fix if eBGP is intended: the configurations add the route-maps FRR requires on eBGP sessions and keep the nodes as next hops, so the core must share a subnet with the nodes. For iBGP, set the core's asn to the fabric's.",
                        );
                    }
                }
            }
        }
    }

    fn nodes(&mut self, c: &Checked) {
        let plan = self.plan;
        if plan.nodes.is_empty() {
            self.push(
                Code::NodesMissing,
                "/nodes",
                "the cluster has no nodes",
                "Add the cluster nodes that will host the VMs.",
            );
        }
        for (i, node) in plan.nodes.iter().enumerate() {
            let want = node.virtualization.required_os();
            if node.os != want {
                self.push(
                    Code::NodeOsUnsupported,
                    format!("/nodes/{i}/os"),
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
                        format!("/nodes/{i}/virtualization"),
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
        let mut hosted: HashMap<&str, [bool; 2]> = HashMap::new();
        for vm in &plan.vms {
            let entry = hosted.entry(vm.node.as_str()).or_default();
            entry[0] |= vm.ipv4.is_some();
            entry[1] |= vm.ipv6.is_some();
        }
        for d in c.devices_of(Role::Node) {
            for family in Family::BOTH {
                let hosts = hosted
                    .get(d.raw_name.as_str())
                    .is_some_and(|h| h[usize::from(family == Family::V6)]);
                let has_text = match family {
                    Family::V4 => plan.nodes[d.index].ipv4.is_some(),
                    Family::V6 => plan.nodes[d.index].ipv6.is_some(),
                };
                if c.has_pools(family) && !has_text && !hosts {
                    self.push(
                        Code::NodeSingleFamily,
                        d.path(family.key()),
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

    fn vms(&mut self, c: &mut Checked) {
        let plan = self.plan;
        // Address -> index of the first VM with it.
        let mut seen: HashMap<IpAddr, usize> = HashMap::new();
        // Node name -> index of its first occurrence (a duplicate name is reported elsewhere).
        let mut nodes: HashMap<&str, usize> = HashMap::new();
        for (i, node) in plan.nodes.iter().enumerate() {
            nodes.entry(node.name.as_str()).or_insert(i);
        }
        // The help of vm-unknown-node names the plan's nodes: built once, at the first finding.
        let unknown_node_help = std::cell::OnceCell::new();
        let unknown_node_help = || {
            unknown_node_help
                .get_or_init(|| {
                    if plan.nodes.is_empty() {
                        return "Add the node first, then place the VM on it.".to_string();
                    }
                    // Quoted: a node name may itself be the broken part of the plan.
                    let mut names: Vec<String> = Vec::new();
                    for n in &plan.nodes {
                        if names.len() == 8 {
                            break;
                        }
                        let q = quote(&n.name);
                        if !n.name.is_empty() && !names.contains(&q) {
                            names.push(q);
                        }
                    }
                    format!("Set node to one of the plan's nodes: {}.", names.join(", "))
                })
                .clone()
        };
        // Per node that lacks a family its VMs use: the first such VM and how many there are.
        let mut missing: BTreeMap<(usize, Family), (usize, usize)> = BTreeMap::new();
        for (i, vm) in plan.vms.iter().enumerate() {
            // Formatted only for a finding: this loop runs per VM on every keystroke.
            let whose = || format!("VM {}", quote(&vm.name));
            let node = nodes.get(vm.node.as_str()).copied();
            if node.is_none() {
                let help = unknown_node_help();
                self.push(
                    Code::VmUnknownNode,
                    format!("/vms/{i}/node"),
                    format!(
                        "{} is placed on node {}, which is not in the plan",
                        whose(),
                        quote(&vm.node)
                    ),
                    help,
                );
            }
            c.vm_nodes.push(node);
            if vm.ipv4.is_none() && vm.ipv6.is_none() {
                self.push(
                    Code::AddressMissing,
                    format!("/vms/{i}"),
                    format!("{} has no address", whose()),
                    "Give the VM an address from a pool in \"ipv4\", \"ipv6\" or both.",
                );
            }
            let mut addrs = (None, None);
            for (family, text) in [(Family::V4, &vm.ipv4), (Family::V6, &vm.ipv6)] {
                let Some(text) = text else { continue };
                let path = || format!("/vms/{i}/{}", family.key());
                let Some(addr) = self.host(text, family, path, whose, false) else {
                    continue;
                };
                match addr {
                    IpAddr::V4(a) => addrs.0 = Some(a),
                    IpAddr::V6(a) => addrs.1 = Some(a),
                }
                if let Some(first) = seen.get(&addr) {
                    self.push(
                        Code::AddressDuplicate,
                        path(),
                        format!(
                            "address {addr} of {} is already used at /vms/{first}/{}",
                            whose(),
                            family.key()
                        ),
                        "Every VM needs its own address: pick a free one from the pool.",
                    );
                } else {
                    seen.insert(addr, i);
                }
                if !c.in_pool(addr) {
                    self.push(
                        Code::VmAddressOutsidePool,
                        path(),
                        format!("address {addr} of {} is in no pool", whose()),
                        "Use an address from one of the plan's pools, or add a pool range that contains it: routes outside the pools are never announced.",
                    );
                }
                if let Some(n) = node {
                    let has_text = match family {
                        Family::V4 => plan.nodes[n].ipv4.is_some(),
                        Family::V6 => plan.nodes[n].ipv6.is_some(),
                    };
                    if !has_text {
                        missing.entry((n, family)).or_insert((i, 0)).1 += 1;
                    }
                }
            }
            c.vm_addrs.push(addrs);
        }
        // One finding per node and family, not per VM.
        for ((n, family), (first, count)) in missing {
            self.push(
                Code::NodeMissingFamily,
                format!("/nodes/{n}/{}", family.key()),
                format!(
                    "node {} hosts VM {}{} with an {} address but has no {} address to announce it over",
                    quote(&plan.nodes[n].name),
                    quote(&plan.vms[first].name),
                    others(count - 1, ("VM", "VMs")),
                    family.label(),
                    family.label()
                ),
                format!("Give the node an {} address, or move the VM to a node that has one.", family.label()),
            );
        }
    }

    fn router_ids(&mut self, c: &Checked) {
        // (who, derived from IPv6): two equal IPv4 addresses are address-duplicate already.
        let mut seen: BTreeMap<Ipv4Addr, (String, bool)> = BTreeMap::new();
        for d in &c.devices {
            let Some(id) = d.router_id() else { continue };
            let derived = d.ipv4.is_none();
            if let Some((first, first_derived)) = seen.get(&id) {
                if !derived && !first_derived {
                    continue;
                }
                self.push(
                    Code::RouterIdDuplicate,
                    format!("/{}/{}", d.role.list(), d.index),
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

/// Reads and checks a plan file: the report, with a `field-unknown` warning for every field the
/// format does not know; or, for a file that cannot be read, its one diagnostic.
pub fn check_text(text: &str) -> Result<Report, Diagnostic> {
    let (plan, unknown) =
        crate::plan::read_plan_noting_unknown(text).map_err(|e| read_error_diagnostic(&e))?;
    let mut report = check(&plan);
    let mut diagnostics: Vec<Diagnostic> = unknown.iter().map(|p| unknown_field(p)).collect();
    diagnostics.append(&mut report.diagnostics);
    // Stable: the reading warnings stay first among the warnings.
    diagnostics.sort_by_key(|d| d.severity);
    report.diagnostics = diagnostics;
    Ok(report)
}

/// The warning for a field that plan format v1 does not know.
pub fn unknown_field(path: &str) -> Diagnostic {
    Diagnostic::new(
        Code::FieldUnknown,
        path,
        format!(
            "{} is not a field of plan format v1 here; it is ignored",
            quote(path.rsplit('/').next().unwrap_or(path))
        ),
        "Check its spelling against docs/plan-format.md; saving the plan drops it.",
    )
}

/// The diagnostic for a plan file that could not be read: `plan-unreadable` or
/// `version-unsupported`.
pub fn read_error_diagnostic(error: &crate::plan::ReadError) -> Diagnostic {
    use crate::plan::ReadError;
    match error {
        // The path is the diagnostic's own field; the message carries the position.
        ReadError::Unreadable {
            message,
            line,
            column,
            path,
        } => Diagnostic::new(
            Code::PlanUnreadable,
            path.clone(),
            format!(
                "the plan cannot be read: {} (line {line}, column {column})",
                one_line(message)
            ),
            "Fix the JSON at that line and column (docs/plan-format.md shows every field); the plan was not changed.",
        ),
        ReadError::VersionUnsupported { .. } => Diagnostic::new(
            Code::VersionUnsupported,
            "/version",
            error.to_string(),
            "Set \"version\" to 1 and check the plan against docs/plan-format.md.",
        ),
    }
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

    #[test]
    fn mixed_virtualization_is_reported_at_the_odd_node_out() {
        let mut plan = crate::plan::read_plan(crate::plan::EXAMPLES[0].1).expect("example reads");
        // kvm1 of four KVM nodes changed to LXD: kvm1 is the one to blame, not the other three.
        plan.nodes[0].virtualization = Virtualization::Lxd;
        plan.nodes[0].os = "ubuntu-20.04".into();
        let paths: Vec<String> = check(&plan)
            .diagnostics
            .into_iter()
            .filter(|d| d.code == Code::NodeVirtualizationMixed)
            .map(|d| d.path)
            .collect();
        assert_eq!(paths, ["/nodes/0/virtualization"]);
    }

    #[test]
    fn unknown_node_help_names_each_node_once() {
        let mut plan = crate::plan::read_plan(crate::plan::EXAMPLES[0].1).expect("example reads");
        plan.nodes[1].name = "kvm1".into();
        plan.nodes[2].name = String::new();
        plan.vms[0].node = "nope".into();
        let report = check(&plan);
        let help = &report
            .diagnostics
            .iter()
            .find(|d| d.code == Code::VmUnknownNode)
            .expect("vm-unknown-node")
            .help;
        assert_eq!(help, "Set node to one of the plan's nodes: 'kvm1', 'kvm4'.");
    }

    #[test]
    fn ipv4_mapped_device_address_is_invalid() {
        let mut plan = crate::plan::read_plan(crate::plan::EXAMPLES[0].1).expect("example reads");
        plan.nodes[0].ipv6 = Some("::ffff:10.10.0.11".to_string());
        let report = check(&plan);
        assert!(report
            .diagnostics
            .iter()
            .any(|d| d.code == Code::AddressInvalid && d.path == "/nodes/0/ipv6"));
    }
}
