//! What the daemons show: FRR's `show ... json` answers (BGP neighbours, BGP tables, BFD
//! peers, zebra's routes) read into plain structs, for the checker and the behaviour checks.

use crate::topology::Lab;
use fabric_designer::model::Family;
use ipnet::IpNet;
use serde_json::Value;
use std::collections::BTreeMap;
use std::net::IpAddr;

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
pub fn zebra_routes(
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
