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
    /// The VM interface the node's interface-bound static route points at; checked on the node.
    pub interface: Option<String>,
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
    /// The community every VM route carries, if the plan has one.
    pub community: Option<String>,
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
    /// The VM's static route is not installed on its node.
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
struct Neighbor {
    state: String,
    /// Address families negotiated (advertised and received): "ipv4Unicast", "l2VpnEvpn", ...
    families: Vec<String>,
    last_reset: String,
}

/// One path of a route in a BGP table.
struct Path {
    peer: Option<IpAddr>,
    valid: bool,
    /// (next hop, scope): scope is "global" or "link-local" for IPv6, empty for IPv4.
    next_hops: Vec<(IpAddr, String)>,
    communities: Vec<String>,
}

fn afi_key(family: Family) -> &'static str {
    match family {
        Family::V4 => "ipv4Unicast",
        Family::V6 => "ipv6Unicast",
    }
}

fn neighbors(lab: &Lab, host: usize) -> Result<BTreeMap<IpAddr, Neighbor>, String> {
    let json = lab.vtysh_json(host, "show bgp neighbors json")?;
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
        out.insert(
            addr,
            Neighbor {
                state: n["bgpState"].as_str().unwrap_or("?").to_string(),
                families,
                last_reset: n["lastResetDueTo"].as_str().unwrap_or("").to_string(),
            },
        );
    }
    Ok(out)
}

/// The BGP table of a family: paths with next hops from `show bgp <afi> unicast json`, and
/// their communities from the same command's `json detail` form (the summary has none).
fn table(lab: &Lab, host: usize, family: Family) -> Result<BTreeMap<IpNet, Vec<Path>>, String> {
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

/// Installed static routes of a family on a host: prefix -> interfaces of active next hops.
fn static_routes(
    lab: &Lab,
    host: usize,
    family: Family,
) -> Result<BTreeMap<IpNet, Vec<String>>, String> {
    let keyword = match family {
        Family::V4 => "ip",
        Family::V6 => "ipv6",
    };
    let json = lab.vtysh_json(host, &format!("show {keyword} route static json"))?;
    let mut out = BTreeMap::new();
    for (prefix, routes) in json.as_object().into_iter().flatten() {
        let Ok(prefix) = prefix.parse::<IpNet>() else {
            continue;
        };
        let mut ifaces = Vec::new();
        for r in routes.as_array().into_iter().flatten() {
            if r["selected"] != Value::Bool(true) || r["installed"] != Value::Bool(true) {
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
    let cores = lab.indexes(Role::Core);
    let nodes = lab.indexes(Role::Node);

    // Sessions: each running reflector with every node and core, in each family both have.
    let mut views: BTreeMap<usize, BTreeMap<IpAddr, Neighbor>> = BTreeMap::new();
    let peers: Vec<usize> = nodes.iter().chain(cores.iter()).copied().collect();
    for &h in expect.reflectors.iter().chain(peers.iter()) {
        match neighbors(lab, h) {
            Ok(v) => {
                views.insert(h, v);
            }
            Err(e) => problems.push(Problem {
                subject: Subject::Query {
                    host: lab.hosts[h].name.clone(),
                },
                text: e,
            }),
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
                    let Some(view) = views.get(&me) else {
                        wrong.push(format!("{} could not be asked", lab.hosts[me].name));
                        continue;
                    };
                    match view.get(&other) {
                        None => wrong.push(format!(
                            "{} has no neighbor {other} configured",
                            lab.hosts[me].name
                        )),
                        Some(n) if n.state != "Established" => wrong.push(format!(
                            "{} sees it {}{}",
                            lab.hosts[me].name,
                            n.state,
                            if n.last_reset.is_empty() {
                                String::new()
                            } else {
                                format!(" (last reset: {})", n.last_reset)
                            }
                        )),
                        Some(n) => {
                            for f in &families {
                                if !n.families.iter().any(|x| x == f) {
                                    wrong.push(format!(
                                        "{} has not negotiated {f}",
                                        lab.hosts[me].name
                                    ));
                                }
                            }
                        }
                    }
                }
                if wrong.is_empty() {
                    seen.sessions += 1;
                } else {
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

    // VM routes at every core: from each running reflector of the family, next hop the node,
    // with the community.
    for &core in &cores {
        let core_name = &lab.hosts[core].name;
        for family in Family::BOTH {
            if !lab.hosts[core].has(family) {
                continue;
            }
            let wanted: Vec<&Route> = expect
                .routes
                .iter()
                .filter(|r| r.family() == family)
                .collect();
            let leaks: Vec<&IpNet> = expect
                .absent
                .iter()
                .filter(|p| {
                    matches!(
                        (p, family),
                        (IpNet::V4(_), Family::V4) | (IpNet::V6(_), Family::V6)
                    )
                })
                .collect();
            if wanted.is_empty() && leaks.is_empty() {
                continue;
            }
            let table = match table(lab, core, family) {
                Ok(t) => t,
                Err(e) => {
                    problems.push(Problem {
                        subject: Subject::Query {
                            host: core_name.clone(),
                        },
                        text: e,
                    });
                    continue;
                }
            };
            let sources: BTreeSet<IpAddr> = expect
                .reflectors
                .iter()
                .filter_map(|&rr| lab.hosts[rr].addr(family))
                .collect();
            for route in wanted {
                let node = &lab.hosts[route.node];
                let mut wrong = Vec::new();
                let mut link_local = 0;
                let paths: Vec<&Path> = table
                    .get(&route.prefix)
                    .map(|p| p.iter().filter(|p| p.valid).collect())
                    .unwrap_or_default();
                let from: BTreeSet<IpAddr> = paths.iter().filter_map(|p| p.peer).collect();
                if paths.is_empty() {
                    wrong.push("missing".to_string());
                } else if from != sources {
                    let names = |set: &BTreeSet<IpAddr>| {
                        set.iter()
                            .map(|a| whose(lab, *a))
                            .collect::<Vec<_>>()
                            .join(", ")
                    };
                    wrong.push(format!(
                        "learned from [{}], expected from [{}]",
                        names(&from),
                        names(&sources)
                    ));
                }
                for p in &paths {
                    let via = p.peer.map(|a| whose(lab, a)).unwrap_or_default();
                    let global: Vec<IpAddr> = p
                        .next_hops
                        .iter()
                        .filter(|(_, scope)| scope != "link-local")
                        .map(|(a, _)| *a)
                        .collect();
                    if global != [node.addr(family).expect("node has the family")] {
                        wrong.push(format!(
                            "via {via}: next hop {:?} ({}), expected the node's {}",
                            global,
                            global
                                .iter()
                                .map(|a| whose(lab, *a))
                                .collect::<Vec<_>>()
                                .join(", "),
                            node.addr(family).expect("node has the family")
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
                    if let Some(c) = &expect.community {
                        if !p.communities.contains(c) {
                            wrong.push(format!(
                                "via {via}: communities {:?} lack {c}",
                                p.communities
                            ));
                        }
                    }
                }
                if wrong.is_empty() {
                    seen.routes += 1;
                    seen.paths += paths.len();
                    seen.link_local += link_local;
                } else {
                    problems.push(Problem {
                        subject: Subject::Route {
                            prefix: route.prefix,
                            core: core_name.clone(),
                        },
                        text: format!(
                            "route {} ({} on node {}) at core {core_name}: {}",
                            route.prefix,
                            route.owner,
                            node.name,
                            wrong.join("; ")
                        ),
                    });
                }
            }
            for prefix in leaks {
                if table.contains_key(prefix) {
                    problems.push(Problem {
                        subject: Subject::Leak {
                            prefix: *prefix,
                            host: core_name.clone(),
                        },
                        text: format!("{prefix} must not reach core {core_name}, but it is there"),
                    });
                }
            }
        }
    }

    // Prefixes that must stay on their node are not on the reflectors either.
    if !expect.absent.is_empty() {
        for &rr in &expect.reflectors {
            for family in Family::BOTH.into_iter().filter(|f| lab.hosts[rr].has(*f)) {
                let table = match table(lab, rr, family) {
                    Ok(t) => t,
                    Err(e) => {
                        problems.push(Problem {
                            subject: Subject::Query {
                                host: lab.hosts[rr].name.clone(),
                            },
                            text: e,
                        });
                        continue;
                    }
                };
                for prefix in expect.absent.iter().filter(|p| table.contains_key(p)) {
                    problems.push(Problem {
                        subject: Subject::Leak {
                            prefix: *prefix,
                            host: lab.hosts[rr].name.clone(),
                        },
                        text: format!(
                            "{prefix} must not leave its node, but route reflector {} has it",
                            lab.hosts[rr].name
                        ),
                    });
                }
            }
        }
    }

    // On each node, the VM's interface-bound static route is installed.
    for &node in &nodes {
        for family in Family::BOTH {
            let here: Vec<&Route> = expect
                .routes
                .iter()
                .filter(|r| r.node == node && r.family() == family && r.interface.is_some())
                .collect();
            if here.is_empty() {
                continue;
            }
            let statics = match static_routes(lab, node, family) {
                Ok(s) => s,
                Err(e) => {
                    problems.push(Problem {
                        subject: Subject::Query {
                            host: lab.hosts[node].name.clone(),
                        },
                        text: e,
                    });
                    continue;
                }
            };
            for r in here {
                let iface = r.interface.as_deref().unwrap_or_default();
                let ok = statics
                    .get(&r.prefix)
                    .is_some_and(|ifs| ifs.iter().any(|i| i == iface));
                if !ok {
                    problems.push(Problem {
                        subject: Subject::NodeRoute {
                            prefix: r.prefix,
                            node: lab.hosts[node].name.clone(),
                        },
                        text: format!(
                            "node {}: the static route {} via {iface} ({}) is not installed",
                            lab.hosts[node].name, r.prefix, r.owner
                        ),
                    });
                }
            }
        }
    }
    (problems, seen)
}
