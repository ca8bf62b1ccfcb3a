//! The checker: what the fabric must look like in the running daemons, read from FRR's JSON,
//! polled until it holds or a deadline passes. A failure names each session and each route
//! that is wrong, and why.

use crate::topology::{Lab, Role};
use fabric_designer::model::Family;
use ipnet::IpNet;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::net::IpAddr;
use std::time::{Duration, Instant};

/// A host route that must reach every core.
#[derive(Debug, Clone)]
pub struct Route {
    pub prefix: IpNet,
    /// Index of the node that announces it, into `Lab::hosts`.
    pub node: usize,
    /// Who it belongs to, for messages: "VM a1".
    pub owner: String,
    /// The route the node itself must have for it; checked on the node.
    pub on_node: OnNode,
}

/// The route a node has towards a VM, by how the VM is wired.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OnNode {
    /// Not checked on the node (a kernel route added with `ip route`).
    Unchecked,
    /// A static route through this interface (the VM's `ip route` line in frr.conf).
    Static(String),
    /// The connected route of a point-to-point link on this interface.
    Connected(String),
}

impl Route {
    pub fn family(&self) -> Family {
        match self.prefix {
            IpNet::V4(_) => Family::V4,
            IpNet::V6(_) => Family::V6,
        }
    }
}

/// What the fabric must show.
#[derive(Debug, Clone, Default)]
pub struct Expect {
    /// The route reflectors that run; a stopped one is neither checked nor expected as a source.
    pub reflectors: Vec<usize>,
    /// Routes that must be at every core (of their family), from exactly the running reflectors.
    pub routes: Vec<Route>,
    /// Prefixes that must be at no core and no running reflector.
    pub absent: Vec<IpNet>,
    /// The communities every VM route carries at the core, as FRR's JSON names them: the
    /// plan's, if it has one, and "noExport" (set by the core's import policy).
    pub communities: Vec<String>,
    /// VxLAN: node <-> reflector sessions also carry l2vpn evpn.
    pub evpn: bool,
}

/// What a problem is about; the lab's own tests compare these, the text is for people.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Subject {
    Session {
        reflector: String,
        peer: String,
        family: Family,
    },
    /// A VM route missing or wrong at a core.
    Route { prefix: IpNet, core: String },
    /// A prefix that must not be there, at a core or reflector.
    Leak { prefix: IpNet, host: String },
    /// The VM's static or connected route is not installed on its node.
    NodeRoute { prefix: IpNet, node: String },
    /// vtysh could not be asked.
    Query { host: String },
}

#[derive(Debug, Clone)]
pub struct Problem {
    pub subject: Subject,
    pub text: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

/// Counts of a fabric that passed.
#[derive(Debug, Clone, Copy, Default)]
pub struct Seen {
    /// Sessions Established at both ends, in every family they carry.
    pub sessions: usize,
    /// (route, core) pairs that are right.
    pub routes: usize,
    /// Paths behind them: one per reflector.
    pub paths: usize,
    /// IPv6 paths that carry a link-local next hop (always the node's, or they are problems).
    pub link_local: usize,
}

/// Polls until the fabric matches `expect` or `timeout` passes; Err gives the problems of the
/// last look.
pub fn wait(lab: &Lab, expect: &Expect, timeout: Duration) -> Result<Seen, Vec<Problem>> {
    let deadline = Instant::now() + timeout;
    loop {
        let (problems, seen) = observe(lab, expect);
        if problems.is_empty() {
            return Ok(seen);
        }
        if Instant::now() >= deadline {
            return Err(problems);
        }
        std::thread::sleep(Duration::from_millis(500));
    }
}

/// One BGP neighbour as a host sees it.
pub struct Neighbor {
    pub state: String,
    /// Address families negotiated (advertised and received): "ipv4Unicast", "l2VpnEvpn", ...
    pub families: Vec<String>,
    pub last_reset: String,
    /// The last NOTIFICATION's reason, sent or received ("Cease/Maximum Number of ...").
    pub last_notification: String,
    /// The hold time the session settled at (the lower of both sides), in ms.
    pub hold_ms: u64,
    /// How long the session has been Established, in ms (0 when it is not).
    pub up_ms: u64,
    /// How many times the session became Established, and was dropped, since bgpd started.
    pub established: u64,
    pub dropped: u64,
    /// The BFD status bgpd has from bfdd (through zebra) for this neighbour: "Up", "Down", or
    /// empty when the neighbour has no BFD.
    pub bfd: String,
}

/// One path of a route in a BGP table.
pub struct Path {
    pub peer: Option<IpAddr>,
    pub valid: bool,
    /// (next hop, scope): scope is "global" or "link-local" for IPv6, empty for IPv4.
    pub next_hops: Vec<(IpAddr, String)>,
    pub communities: Vec<String>,
}

fn afi_key(family: Family) -> &'static str {
    match family {
        Family::V4 => "ipv4Unicast",
        Family::V6 => "ipv6Unicast",
    }
}

pub fn neighbors(lab: &Lab, host: usize) -> Result<BTreeMap<IpAddr, Neighbor>, String> {
    let json = lab.vtysh_json(host, "show bgp neighbors json")?;
    Ok(parse_neighbors(&json))
}

/// The neighbours in `show bgp neighbors json`.
pub fn parse_neighbors(json: &Value) -> BTreeMap<IpAddr, Neighbor> {
    let mut out = BTreeMap::new();
    for (addr, n) in json.as_object().into_iter().flatten() {
        let Ok(addr) = addr.parse::<IpAddr>() else {
            continue;
        };
        let families = n["neighborCapabilities"]["multiprotocolExtensions"]
            .as_object()
            .into_iter()
            .flatten()
            .filter(|(_, v)| v["advertisedAndReceived"] == Value::Bool(true))
            .map(|(k, _)| k.clone())
            .collect();
        let text = |key: &str| n[key].as_str().unwrap_or("").to_string();
        let number = |key: &str| n[key].as_u64().unwrap_or(0);
        out.insert(
            addr,
            Neighbor {
                state: n["bgpState"].as_str().unwrap_or("?").to_string(),
                families,
                last_reset: text("lastResetDueTo"),
                last_notification: text("lastNotificationReason"),
                hold_ms: number("bgpTimerHoldTimeMsecs"),
                up_ms: number("bgpTimerUpMsec"),
                established: number("connectionsEstablished"),
                dropped: number("connectionsDropped"),
                bfd: n["peerBfdInfo"]["status"]
                    .as_str()
                    .unwrap_or("")
                    .to_string(),
            },
        );
    }
    out
}

/// One BFD session as bfdd shows it.
pub struct BfdPeer {
    pub status: String,
    pub detect_multiplier: u64,
    pub receive_ms: u64,
    pub transmit_ms: u64,
}

/// The BFD sessions of a host's bfdd, by peer address (`show bfd peers json`).
pub fn bfd_peers(lab: &Lab, host: usize) -> Result<BTreeMap<IpAddr, BfdPeer>, String> {
    let json = lab.vtysh_json(host, "show bfd peers json")?;
    Ok(parse_bfd_peers(&json))
}

pub fn parse_bfd_peers(json: &Value) -> BTreeMap<IpAddr, BfdPeer> {
    let mut out = BTreeMap::new();
    for p in json.as_array().into_iter().flatten() {
        let Some(addr) = p["peer"].as_str().and_then(|a| a.parse().ok()) else {
            continue;
        };
        out.insert(
            addr,
            BfdPeer {
                status: p["status"].as_str().unwrap_or("").to_string(),
                detect_multiplier: p["detect-multiplier"].as_u64().unwrap_or(0),
                receive_ms: p["receive-interval"].as_u64().unwrap_or(0),
                transmit_ms: p["transmit-interval"].as_u64().unwrap_or(0),
            },
        );
    }
    out
}

/// The BGP table of a family: paths with next hops from `show bgp <afi> unicast json`, and
/// their communities from the same command's `json detail` form (the summary has none).
pub fn table(lab: &Lab, host: usize, family: Family) -> Result<BTreeMap<IpNet, Vec<Path>>, String> {
    let afi = family.key();
    let summary = lab.vtysh_json(host, &format!("show bgp {afi} unicast json"))?;
    let detail = lab.vtysh_json(host, &format!("show bgp {afi} unicast json detail"))?;
    let mut out = BTreeMap::new();
    for (prefix, paths) in summary["routes"].as_object().into_iter().flatten() {
        let Ok(prefix) = prefix.parse::<IpNet>() else {
            continue;
        };
        let mut list = Vec::new();
        for p in paths.as_array().into_iter().flatten() {
            let peer = p["peerId"].as_str().and_then(|s| s.parse().ok());
            let next_hops = p["nexthops"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|nh| {
                    let ip = nh["ip"].as_str()?.parse().ok()?;
                    Some((ip, nh["scope"].as_str().unwrap_or("").to_string()))
                })
                .collect();
            list.push(Path {
                peer,
                valid: p["valid"] == Value::Bool(true),
                next_hops,
                communities: Vec::new(),
            });
        }
        out.insert(prefix, list);
    }
    // The detail form lists, per prefix, a header object and then the paths, each with its
    // peer and community.
    for (prefix, entries) in detail["routes"].as_object().into_iter().flatten() {
        let Ok(prefix) = prefix.parse::<IpNet>() else {
            continue;
        };
        let Some(paths) = out.get_mut(&prefix) else {
            continue;
        };
        for e in entries.as_array().into_iter().flatten() {
            let peer: Option<IpAddr> = e["peer"]["peerId"].as_str().and_then(|s| s.parse().ok());
            let communities: Vec<String> = e["community"]["list"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|c| c.as_str().map(str::to_string))
                .collect();
            if let Some(path) = paths.iter_mut().find(|p| peer.is_some() && p.peer == peer) {
                path.communities = communities;
            }
        }
    }
    Ok(out)
}

/// Selected routes of a family and protocol ("static", "connected") in a host's zebra:
/// prefix -> interfaces of active next hops.
fn zebra_routes(
    lab: &Lab,
    host: usize,
    family: Family,
    protocol: &str,
) -> Result<BTreeMap<IpNet, Vec<String>>, String> {
    let keyword = match family {
        Family::V4 => "ip",
        Family::V6 => "ipv6",
    };
    let json = lab.vtysh_json(host, &format!("show {keyword} route {protocol} json"))?;
    let mut out = BTreeMap::new();
    for (prefix, routes) in json.as_object().into_iter().flatten() {
        let Ok(prefix) = prefix.parse::<IpNet>() else {
            continue;
        };
        let mut ifaces = Vec::new();
        for r in routes.as_array().into_iter().flatten() {
            // zebra installs a static route in the kernel; a connected one is the kernel's own.
            let installed = protocol != "static" || r["installed"] == Value::Bool(true);
            if r["selected"] != Value::Bool(true) || !installed {
                continue;
            }
            for nh in r["nexthops"].as_array().into_iter().flatten() {
                if nh["active"] == Value::Bool(true) {
                    if let Some(i) = nh["interfaceName"].as_str() {
                        ifaces.push(i.to_string());
                    }
                }
            }
        }
        out.insert(prefix, ifaces);
    }
    Ok(out)
}

/// The name of the host that has this address (eth0 address or link-local), for messages.
fn whose(lab: &Lab, addr: IpAddr) -> String {
    for h in &lab.hosts {
        if h.ipv4.map(IpAddr::V4) == Some(addr)
            || h.ipv6.map(IpAddr::V6) == Some(addr)
            || h.link_local.map(IpAddr::V6) == Some(addr)
        {
            return format!("{} {}", h.role.label(), h.name);
        }
    }
    "no lab host".to_string()
}

/// One look at the whole fabric: every problem found, and the counts of what is right.
pub fn observe(lab: &Lab, expect: &Expect) -> (Vec<Problem>, Seen) {
    let mut problems = Vec::new();
    let mut seen = Seen::default();
    sessions(lab, expect, &mut problems, &mut seen);
    for core in lab.indexes(Role::Core) {
        for family in Family::BOTH {
            if lab.hosts[core].has(family) {
                core_routes(lab, expect, core, family, &mut problems, &mut seen);
            }
        }
    }
    // Prefixes that must stay on their node are not on the reflectors either.
    if !expect.absent.is_empty() {
        for &rr in &expect.reflectors {
            for family in Family::BOTH.into_iter().filter(|f| lab.hosts[rr].has(*f)) {
                problems.extend(reflector_leaks(lab, expect, rr, family));
            }
        }
    }
    // On each node, the VM's static or connected route is installed.
    for node in lab.indexes(Role::Node) {
        for family in Family::BOTH {
            problems.extend(node_routes(lab, expect, node, family));
        }
    }
    (problems, seen)
}

fn query_failed(lab: &Lab, host: usize, text: String) -> Problem {
    Problem {
        subject: Subject::Query {
            host: lab.hosts[host].name.clone(),
        },
        text,
    }
}

/// Sessions: each running reflector with every node and core, in each family both have, seen
/// Established at both ends with the families negotiated.
fn sessions(lab: &Lab, expect: &Expect, problems: &mut Vec<Problem>, seen: &mut Seen) {
    let mut views: BTreeMap<usize, BTreeMap<IpAddr, Neighbor>> = BTreeMap::new();
    let mut peers = lab.indexes(Role::Node);
    peers.extend(lab.indexes(Role::Core));
    for &h in expect.reflectors.iter().chain(peers.iter()) {
        match neighbors(lab, h) {
            Ok(v) => {
                views.insert(h, v);
            }
            Err(e) => problems.push(query_failed(lab, h, e)),
        }
    }
    for &rr in &expect.reflectors {
        for &peer in &peers {
            for family in Family::BOTH {
                let (Some(rr_addr), Some(peer_addr)) =
                    (lab.hosts[rr].addr(family), lab.hosts[peer].addr(family))
                else {
                    continue;
                };
                let mut families = vec![afi_key(family)];
                if expect.evpn && family == Family::V4 && lab.hosts[peer].role == Role::Node {
                    families.push("l2VpnEvpn");
                }
                let mut wrong = Vec::new();
                for (me, other) in [(rr, peer_addr), (peer, rr_addr)] {
                    let name = &lab.hosts[me].name;
                    match views.get(&me).map(|v| v.get(&other)) {
                        None => wrong.push(format!("{name} could not be asked")),
                        Some(None) => {
                            wrong.push(format!("{name} has no neighbor {other} configured"))
                        }
                        Some(Some(n)) if n.state != "Established" => wrong.push(format!(
                            "{name} sees it {}{}",
                            n.state,
                            if n.last_reset.is_empty() {
                                String::new()
                            } else {
                                format!(" (last reset: {})", n.last_reset)
                            }
                        )),
                        Some(Some(n)) => {
                            for f in families
                                .iter()
                                .filter(|f| !n.families.iter().any(|x| x == *f))
                            {
                                wrong.push(format!("{name} has not negotiated {f}"));
                            }
                        }
                    }
                }
                if wrong.is_empty() {
                    seen.sessions += 1;
                    continue;
                }
                problems.push(Problem {
                    subject: Subject::Session {
                        reflector: lab.hosts[rr].name.clone(),
                        peer: lab.hosts[peer].name.clone(),
                        family,
                    },
                    text: format!(
                        "session {} <-> {} {} {} ({rr_addr} <-> {peer_addr}) is not up: {}",
                        lab.hosts[rr].name,
                        lab.hosts[peer].role.label(),
                        lab.hosts[peer].name,
                        family.label(),
                        wrong.join("; ")
                    ),
                });
            }
        }
    }
}

/// VM routes at one core in one family: from each running reflector, next hop the node, with
/// the communities; and none of the prefixes that must stay on their node.
fn core_routes(
    lab: &Lab,
    expect: &Expect,
    core: usize,
    family: Family,
    problems: &mut Vec<Problem>,
    seen: &mut Seen,
) {
    let core_name = &lab.hosts[core].name;
    let same_family = |p: &IpNet| p.addr().is_ipv4() == (family == Family::V4);
    let wanted: Vec<&Route> = expect
        .routes
        .iter()
        .filter(|r| r.family() == family)
        .collect();
    let leaks: Vec<&IpNet> = expect.absent.iter().filter(|p| same_family(p)).collect();
    if wanted.is_empty() && leaks.is_empty() {
        return;
    }
    let table = match table(lab, core, family) {
        Ok(t) => t,
        Err(e) => return problems.push(query_failed(lab, core, e)),
    };
    let sources: BTreeSet<IpAddr> = expect
        .reflectors
        .iter()
        .filter_map(|&rr| lab.hosts[rr].addr(family))
        .collect();
    for route in wanted {
        let paths: Vec<&Path> = table
            .get(&route.prefix)
            .map(|p| p.iter().filter(|p| p.valid).collect())
            .unwrap_or_default();
        match route_paths(lab, expect, route, &paths, &sources) {
            Ok(link_local) => {
                seen.routes += 1;
                seen.paths += paths.len();
                seen.link_local += link_local;
            }
            Err(wrong) => problems.push(Problem {
                subject: Subject::Route {
                    prefix: route.prefix,
                    core: core_name.clone(),
                },
                text: format!(
                    "route {} ({} on node {}) at core {core_name}: {}",
                    route.prefix,
                    route.owner,
                    lab.hosts[route.node].name,
                    wrong.join("; ")
                ),
            }),
        }
    }
    for prefix in leaks.into_iter().filter(|p| table.contains_key(p)) {
        problems.push(Problem {
            subject: Subject::Leak {
                prefix: *prefix,
                host: core_name.clone(),
            },
            text: format!("{prefix} must not reach core {core_name}, but it is there"),
        });
    }
}

/// Whether a route's paths at a core are right: Ok(how many carry the node's link-local next
/// hop), or what is wrong.
fn route_paths(
    lab: &Lab,
    expect: &Expect,
    route: &Route,
    paths: &[&Path],
    sources: &BTreeSet<IpAddr>,
) -> Result<usize, Vec<String>> {
    let node = &lab.hosts[route.node];
    let node_addr = node.addr(route.family()).expect("node has the family");
    let names = |set: &mut dyn Iterator<Item = &IpAddr>| {
        set.map(|a| whose(lab, *a)).collect::<Vec<_>>().join(", ")
    };
    let mut wrong = Vec::new();
    let mut link_local = 0;
    let from: BTreeSet<IpAddr> = paths.iter().filter_map(|p| p.peer).collect();
    if paths.is_empty() {
        wrong.push("missing".to_string());
    } else if from != *sources {
        wrong.push(format!(
            "learned from [{}], expected from [{}]",
            names(&mut from.iter()),
            names(&mut sources.iter())
        ));
    }
    for p in paths {
        let via = p.peer.map(|a| whose(lab, a)).unwrap_or_default();
        let global: Vec<IpAddr> = p
            .next_hops
            .iter()
            .filter(|(_, scope)| scope != "link-local")
            .map(|(a, _)| *a)
            .collect();
        if global != [node_addr] {
            wrong.push(format!(
                "via {via}: next hop {global:?} ({}), expected the node's {node_addr}",
                names(&mut global.iter())
            ));
        }
        for (ll, _) in p.next_hops.iter().filter(|(_, s)| s == "link-local") {
            if node.link_local.map(IpAddr::V6) == Some(*ll) {
                link_local += 1;
            } else {
                wrong.push(format!(
                    "via {via}: link-local next hop {ll} is the {}'s, not node {}'s",
                    whose(lab, *ll),
                    node.name
                ));
            }
        }
        for c in expect
            .communities
            .iter()
            .filter(|c| !p.communities.contains(c))
        {
            wrong.push(format!(
                "via {via}: communities {:?} lack {c}",
                p.communities
            ));
        }
    }
    if wrong.is_empty() {
        Ok(link_local)
    } else {
        Err(wrong)
    }
}

/// Prefixes that must stay on their node, found on a reflector.
fn reflector_leaks(lab: &Lab, expect: &Expect, rr: usize, family: Family) -> Vec<Problem> {
    let table = match table(lab, rr, family) {
        Ok(t) => t,
        Err(e) => return vec![query_failed(lab, rr, e)],
    };
    let name = &lab.hosts[rr].name;
    expect
        .absent
        .iter()
        .filter(|p| table.contains_key(p))
        .map(|prefix| Problem {
            subject: Subject::Leak {
                prefix: *prefix,
                host: name.clone(),
            },
            text: format!("{prefix} must not leave its node, but route reflector {name} has it"),
        })
        .collect()
}

/// The problems with the routes a node must have towards its VMs in a family.
fn node_routes(lab: &Lab, expect: &Expect, node: usize, family: Family) -> Vec<Problem> {
    let mut problems = Vec::new();
    let name = &lab.hosts[node].name;
    for protocol in ["static", "connected"] {
        let here: Vec<(&Route, &String)> = expect
            .routes
            .iter()
            .filter(|r| r.node == node && r.family() == family)
            .filter_map(|r| match (&r.on_node, protocol) {
                (OnNode::Static(i), "static") | (OnNode::Connected(i), "connected") => Some((r, i)),
                _ => None,
            })
            .collect();
        if here.is_empty() {
            continue;
        }
        let routes = match zebra_routes(lab, node, family, protocol) {
            Ok(s) => s,
            Err(e) => {
                problems.push(query_failed(lab, node, e));
                continue;
            }
        };
        for (r, iface) in here {
            let ok = routes
                .get(&r.prefix)
                .is_some_and(|ifs| ifs.iter().any(|i| i == iface));
            if !ok {
                problems.push(Problem {
                    subject: Subject::NodeRoute {
                        prefix: r.prefix,
                        node: name.clone(),
                    },
                    text: format!(
                        "node {name}: the {protocol} route {} via {iface} ({}) is not installed",
                        r.prefix, r.owner
                    ),
                });
            }
        }
    }
    problems
}

/// The valid paths of one prefix in a host's BGP table, as (peer, global next hops).
pub fn paths_of(
    lab: &Lab,
    host: usize,
    prefix: IpNet,
) -> Result<Vec<(IpAddr, Vec<IpAddr>)>, String> {
    let afi = match prefix {
        IpNet::V4(_) => "ipv4",
        IpNet::V6(_) => "ipv6",
    };
    let out = lab.vtysh(host, &[&format!("show bgp {afi} unicast {prefix} json")]);
    // FRR answers a prefix it does not have with `{}` or with "% Network not in table".
    let out = match out {
        Err(e) if e.contains("not in table") => return Ok(Vec::new()),
        other => other?,
    };
    let json: Value = serde_json::from_str(&out).map_err(|e| format!("no JSON ({e}): {out}"))?;
    let mut paths = Vec::new();
    for p in json["paths"].as_array().into_iter().flatten() {
        if p["valid"] != Value::Bool(true) {
            continue;
        }
        let Some(peer) = p["peer"]["peerId"].as_str().and_then(|s| s.parse().ok()) else {
            continue;
        };
        let hops = p["nexthops"]
            .as_array()
            .into_iter()
            .flatten()
            .filter(|nh| nh["scope"].as_str() != Some("link-local"))
            .filter_map(|nh| nh["ip"].as_str()?.parse().ok())
            .collect();
        paths.push((peer, hops));
    }
    Ok(paths)
}
