//! The checker: what the fabric must look like in the running daemons, read from FRR's JSON,
//! polled until it holds or a deadline passes. A failure names each session and each route
//! that is wrong, and why.

use crate::show::{neighbors, table, zebra_routes, Neighbor, Path};
use crate::topology::{Lab, Role};
use fabric_designer::model::Family;
use ipnet::IpNet;
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
    /// The nodes the reflectors peer with; `None`: every node of the lab (one fabric). With two
    /// fabrics on one core, each fabric's reflectors peer with its own nodes only.
    pub nodes: Option<Vec<usize>>,
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

fn afi_key(family: Family) -> &'static str {
    match family {
        Family::V4 => "ipv4Unicast",
        Family::V6 => "ipv6Unicast",
    }
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
    let mut peers = expect
        .nodes
        .clone()
        .unwrap_or_else(|| lab.indexes(Role::Node));
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
