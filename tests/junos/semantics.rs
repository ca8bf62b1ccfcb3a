//! What the Junos schema cannot check, because it types the values as plain strings or loose
//! ranges, checked over a whole file of statements the walker accepted: references, community
//! members, hold-time, addresses and prefixes, and BGP groups. Only `set` statements count;
//! `delete` lines define and reference nothing.

use std::collections::{BTreeMap, BTreeSet};
use std::net::IpAddr;

use ipnet::IpNet;

use super::walker::{Op, Statement};

/// The community names Junos accepts as members besides `AS:value`: RFC 1997's three and the
/// long-lived graceful restart ones.
const WELL_KNOWN_COMMUNITIES: [&str; 5] = [
    "no-export",
    "no-advertise",
    "no-export-subconfed",
    "llgr-stale",
    "no-llgr",
];

/// What the file says about one BGP group.
#[derive(Default)]
struct Group {
    kind: Option<String>,
    peer_as: bool,
    local_address: Option<IpAddr>,
    /// Each neighbor, and whether it has its own peer-as.
    neighbors: BTreeMap<IpAddr, bool>,
}

/// Every problem found, in file order (then groups by name); empty when there is none.
pub fn check(statements: &[Statement]) -> Vec<String> {
    let set: Vec<&Statement> = statements.iter().filter(|s| s.op == Op::Set).collect();
    let mut problems = Vec::new();

    let defined = |path: &[&str]| -> BTreeSet<String> {
        set.iter()
            .filter(|s| s.starts_with(path))
            .filter_map(|s| Some(s.steps[path.len() - 1].key("name")?.to_string()))
            .collect()
    };
    let policies = defined(&["policy-options", "policy-statement"]);
    let communities = defined(&["policy-options", "community"]);

    let mut groups: BTreeMap<String, Group> = BTreeMap::new();
    let mut group_of_neighbor: BTreeMap<IpAddr, String> = BTreeMap::new();

    for s in &set {
        let line = &s.text;

        // Policies named by import and export (of a group, a neighbor or a family).
        if s.starts_with(&["protocols"]) {
            for step in s
                .steps
                .iter()
                .filter(|st| st.name == "import" || st.name == "export")
            {
                if let Some(policy) = &step.value {
                    if !policies.contains(policy) {
                        problems.push(format!(
                            "`{line}`: policy `{policy}` is never defined \
                             (no `set policy-options policy-statement {policy} ...`)"
                        ));
                    }
                }
            }
        }

        // Communities named by a policy's `from community NAME` and `then community add NAME`.
        if s.starts_with(&["policy-options", "policy-statement"]) {
            let from = s
                .after("from")
                .filter(|st| st.name == "community")
                .and_then(|st| st.value.as_deref());
            let then = s
                .after("then")
                .filter(|st| st.name == "community")
                .and_then(|st| st.key("community-name"));
            for name in from.into_iter().chain(then) {
                if !communities.contains(name) {
                    problems.push(format!(
                        "`{line}`: community `{name}` is never defined \
                         (no `set policy-options community {name} members ...`)"
                    ));
                }
            }
        }

        // Community members: AS:value with 16-bit halves, or a well-known name.
        if s.starts_with(&["policy-options", "community", "members"]) {
            if let Some(member) = &s.steps[2].value {
                if let Err(why) = community_member(member) {
                    problems.push(format!("`{line}`: member `{member}` {why}"));
                }
            }
        }

        // Hold time: the schema allows 0..65535, BGP (RFC 4271) 0 or at least 3 seconds.
        for step in s.steps.iter().filter(|st| st.name == "hold-time") {
            if let Some(v) = &step.value {
                if v.parse::<u32>().is_ok_and(|v| v == 1 || v == 2) {
                    problems.push(format!(
                        "`{line}`: hold-time {v}: BGP allows 0 or 3 and more seconds"
                    ));
                }
            }
        }

        // Discard routes: never for a host prefix. A static route (preference 5) for a /32 or
        // /128 beats the VM's BGP host route (170) to the same prefix and drops its traffic.
        if s.find("static").is_some() && s.find("discard").is_some() {
            if let Some(route) = s.find("route").and_then(|st| st.key("name")) {
                match prefix(route) {
                    Err(why) => problems.push(format!("`{line}`: static route {why}")),
                    Ok(net) if net.prefix_len() == net.max_prefix_len() => problems.push(format!(
                        "`{line}`: a discard route for the host prefix {net} would win over \
                         the BGP route of a VM on that address"
                    )),
                    Ok(_) => {}
                }
            }
        }

        // Route filters: a prefix without host bits, and a length range that fits it.
        if let Some(rf) = s.find("route-filter") {
            if let Some(address) = rf.key("address") {
                match prefix(address) {
                    Err(why) => problems.push(format!("`{line}`: route-filter {why}")),
                    Ok(net) => {
                        let choice = rf.key("choice-ident").unwrap_or_default();
                        let value = rf.key("choice-value").unwrap_or_default();
                        if let Err(why) = length_range(net, choice, value) {
                            problems.push(format!("`{line}`: {choice} {value}: {why}"));
                        }
                    }
                }
            }
        }

        // Static routes: a prefix without host bits, of the family of its table.
        if let Some(route) = s.after("static").filter(|st| st.name == "route") {
            if let Some(name) = route.key("name") {
                match prefix(name) {
                    Err(why) => problems.push(format!("`{line}`: static route {why}")),
                    Ok(net) => {
                        // Without `rib`, routing-options static fills inet.0.
                        let table = s
                            .find("rib")
                            .and_then(|r| r.key("name"))
                            .unwrap_or("inet.0");
                        let v6_table = if table.starts_with("inet6.") {
                            Some(true)
                        } else if table.starts_with("inet.") {
                            Some(false)
                        } else {
                            None // a routing instance's or another family's table: not checked
                        };
                        if v6_table.is_some_and(|v6| v6 != net.addr().is_ipv6()) {
                            problems.push(format!(
                                "`{line}`: static route {net} does not belong in {table}"
                            ));
                        }
                    }
                }
            }
        }

        // BGP groups: collected here, judged below once the whole file is read.
        if s.starts_with(&["protocols", "bgp", "group"]) {
            let name = s.steps[2].key("name").unwrap_or_default().to_string();
            let group = groups.entry(name.clone()).or_default();
            let Some(step) = s.steps.get(3) else {
                continue;
            };
            match step.name.as_str() {
                "type" => group.kind = step.value.clone(),
                "peer-as" => group.peer_as = true,
                "local-address" => match address(step.value.as_deref().unwrap_or_default()) {
                    Ok(a) => group.local_address = Some(a),
                    Err(why) => problems.push(format!("`{line}`: local-address {why}")),
                },
                "neighbor" => match address(step.key("name").unwrap_or_default()) {
                    Err(why) => problems.push(format!("`{line}`: neighbor {why}")),
                    Ok(a) => {
                        let own_peer_as = s.steps.get(4).is_some_and(|st| st.name == "peer-as");
                        *group.neighbors.entry(a).or_default() |= own_peer_as;
                        let first = group_of_neighbor.entry(a).or_insert_with(|| name.clone());
                        if *first != name {
                            problems.push(format!(
                                "`{line}`: neighbor {a} is already in group `{first}`"
                            ));
                        }
                    }
                },
                _ => {}
            }
        }
    }

    for (name, group) in &groups {
        if group.neighbors.is_empty() {
            continue;
        }
        match group.kind.as_deref() {
            None => problems.push(format!(
                "group `{name}` has neighbors but no `type` (internal or external)"
            )),
            Some("external") if !group.peer_as => {
                for (neighbor, own_peer_as) in &group.neighbors {
                    if !own_peer_as {
                        problems.push(format!(
                            "external group `{name}`: neighbor {neighbor} has no peer-as \
                             (set it on the group or the neighbor)"
                        ));
                    }
                }
            }
            _ => {}
        }
        // A session runs over one address family: the local address must be of the
        // neighbors' family.
        if let Some(local) = group.local_address {
            for neighbor in group.neighbors.keys() {
                if neighbor.is_ipv6() != local.is_ipv6() {
                    problems.push(format!(
                        "group `{name}`: neighbor {neighbor} and local-address {local} \
                         are of different families"
                    ));
                }
            }
        }
    }
    problems
}

fn community_member(member: &str) -> Result<(), String> {
    if WELL_KNOWN_COMMUNITIES.contains(&member) {
        return Ok(());
    }
    let halves = member
        .split_once(':')
        .map(|(a, b)| (a.parse::<u16>(), b.parse::<u16>()));
    match halves {
        Some((Ok(_), Ok(_))) => Ok(()),
        _ => Err(format!(
            "is not AS:value with both halves in 0..65535, nor one of: {}",
            WELL_KNOWN_COMMUNITIES.join(", ")
        )),
    }
}

fn address(text: &str) -> Result<IpAddr, String> {
    text.parse()
        .map_err(|_| format!("`{text}` is not an IPv4 or IPv6 address"))
}

/// A prefix written as address/length, with no host bits set.
fn prefix(text: &str) -> Result<IpNet, String> {
    let net: IpNet = text
        .parse()
        .map_err(|_| format!("`{text}` is not a prefix (address/length)"))?;
    if net.trunc() != net {
        return Err(format!(
            "`{text}` has host bits set (the prefix is {})",
            net.trunc()
        ));
    }
    Ok(net)
}

/// The lengths of `prefix-length-range /a-/b` and `upto /b` must lie between the prefix's own
/// length and the family's maximum, in order. Other match types are not checked.
fn length_range(net: IpNet, choice: &str, value: &str) -> Result<(), String> {
    let length = |text: &str| -> Result<u8, String> {
        text.strip_prefix('/')
            .and_then(|n| n.parse().ok())
            .ok_or_else(|| format!("`{text}` is not a /length"))
    };
    let (lo, hi) = match choice {
        "prefix-length-range" => {
            let (lo, hi) = value
                .split_once('-')
                .ok_or("expected /low-/high".to_string())?;
            (length(lo)?, length(hi)?)
        }
        "upto" => (net.prefix_len(), length(value)?),
        _ => return Ok(()),
    };
    if net.prefix_len() <= lo && lo <= hi && hi <= net.max_prefix_len() {
        Ok(())
    } else {
        Err(format!(
            "lengths must lie in /{}-/{}, low before high",
            net.prefix_len(),
            net.max_prefix_len()
        ))
    }
}
