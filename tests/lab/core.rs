//! The core router: it already carries traffic before the fabric arrives. Each core boots its
//! own configuration (hostname, router ID, FRR's traditional defaults, an eBGP session per
//! family to an upstream provider); the rendered fragment is then merged into the running
//! daemons as the runbook says (save `show running-config`, `vtysh -f FILE`, `write memory`),
//! and the checks here prove that this added the fabric and changed nothing else.

use crate::plans::UPSTREAM_ASN;
use crate::show::{self, neighbors};
use crate::topology::{Lab, Role};
use crate::{fmt_list, CONVERGE, PROPAGATE};
use fabric_designer::model::{Fabric, Family};
use ipnet::IpNet;
use std::net::IpAddr;
use std::time::Instant;

/// The machine's own FRR configuration: the lab must never write it.
const SYSTEM_CONFIG: &str = "/etc/frr/frr.conf";

/// An upstream session as a core saw it just before the fragment was merged.
pub struct Before {
    core: usize,
    peer: IpAddr,
    established: u64,
    dropped: u64,
    up_ms: u64,
    at: Instant,
}

/// The upstream router's addresses that a core peers with (the families both have).
fn upstream_peers(lab: &Lab, core: usize) -> Vec<IpAddr> {
    let up = lab.indexes(Role::Upstream);
    Family::BOTH
        .into_iter()
        .filter(|f| lab.hosts[core].has(*f))
        .filter_map(|f| up.first().and_then(|u| lab.hosts[*u].addr(f)))
        .collect()
}

/// On every core: waits for its upstream sessions, records them, saves the running
/// configuration, merges the fragment with `vtysh -f` (any output fails) and saves with
/// `write memory`, which must write the host's own config folder and nothing else.
pub fn merge_fragments(lab: &Lab) -> Result<(Vec<Before>, String), String> {
    let mut before = Vec::new();
    let mut lines = 0;
    let system_before = std::fs::read(SYSTEM_CONFIG).ok();
    for core in lab.indexes(Role::Core) {
        let name = lab.hosts[core].name.clone();
        let peers = upstream_peers(lab, core);
        let up = crate::sys::wait_until(CONVERGE, || {
            neighbors(lab, core).is_ok_and(|n| {
                peers
                    .iter()
                    .all(|p| n.get(p).is_some_and(|x| x.state == "Established"))
            })
        });
        if !up {
            return Err(format!(
                "core {name}: its own upstream sessions did not come up"
            ));
        }
        let seen = neighbors(lab, core)?;
        for p in &peers {
            let n = &seen[p];
            before.push(Before {
                core,
                peer: *p,
                established: n.established,
                dropped: n.dropped,
                up_ms: n.up_ms,
                at: Instant::now(),
            });
        }
        // The runbook's first step: keep what the router ran, to go back to by hand.
        let running = lab.vtysh(core, &["show running-config"])?;
        let dir = lab.hosts[core].dir.clone();
        std::fs::write(dir.join("running-before.conf"), &running).map_err(|e| e.to_string())?;
        lab.merge(core)?;
        lines += lab.hosts[core]
            .fragment
            .as_deref()
            .unwrap_or_default()
            .lines()
            .filter(|l| !l.trim_start().starts_with('!'))
            .count();
        write_memory(lab, core)?;
    }
    if std::fs::read(SYSTEM_CONFIG).ok() != system_before {
        return Err(format!(
            "write memory changed the machine's {SYSTEM_CONFIG}"
        ));
    }
    let cores = lab.indexes(Role::Core).len();
    let text = format!(
        "core{}: own config up with its upstream ({} session{}), running-config saved, \
         fragment merged with vtysh -f ({lines} lines, no output), write memory into the \
         host's own folder ({SYSTEM_CONFIG} untouched)",
        if cores == 1 { "" } else { "s" },
        before.len(),
        if before.len() == 1 { "" } else { "s" }
    );
    Ok((before, text))
}

/// The router's own lines that must survive the merge: its router ID and its upstream
/// neighbours. (Not its hostname: vtysh shows and saves the hostname of the machine it runs on,
/// and the lab's namespaces share the machine's.)
fn own_lines(lab: &Lab, core: usize) -> Vec<String> {
    let upstream = format!(" remote-as {UPSTREAM_ASN}");
    lab.hosts[core]
        .config
        .lines()
        .map(str::trim)
        .filter(|l| l.starts_with("bgp router-id ") || l.ends_with(&upstream))
        .map(str::to_string)
        .collect()
}

/// `write memory` must save the merged configuration, the router's own lines and the fabric's,
/// into the host's config folder (vtysh's `--config_dir`).
fn write_memory(lab: &Lab, core: usize) -> Result<(), String> {
    let h = &lab.hosts[core];
    let out = lab.vtysh(core, &["write memory"])?;
    let file = h.dir.join("frr.conf");
    if !out.contains(&file.display().to_string()) {
        return Err(format!(
            "core {}: write memory did not say it wrote {}: {}",
            h.name,
            file.display(),
            out.trim()
        ));
    }
    let saved = std::fs::read_to_string(&file).map_err(|e| e.to_string())?;
    let fragment = h.fragment.as_deref().unwrap_or_default();
    let wanted = own_lines(lab, core).into_iter().chain(
        fragment
            .lines()
            .filter(|l| l.contains(" remote-as "))
            .map(|l| l.trim().to_string()),
    );
    let missing: Vec<String> = wanted
        .filter(|w| !saved.lines().any(|l| l.trim() == w))
        .collect();
    if missing.is_empty() {
        Ok(())
    } else {
        Err(format!(
            "core {}: the saved {} lacks {missing:?}",
            h.name,
            file.display()
        ))
    }
}

/// After the fabric converged: the upstream sessions were never reset (same Established count,
/// uptime grew all along), IPv6 reflectors are not IPv4 unicast neighbours, the router's own
/// lines and defaults are still in force, and the upstream's routes are still at the core.
pub fn after_merge(lab: &Lab, fabric: &Fabric, before: &[Before]) -> Result<String, String> {
    let mut wrong = Vec::new();
    for b in before {
        let name = &lab.hosts[b.core].name;
        let now = neighbors(lab, b.core)?;
        let Some(n) = now.get(&b.peer) else {
            wrong.push(format!(
                "core {name} lost its upstream neighbour {}",
                b.peer
            ));
            continue;
        };
        let elapsed = b.at.elapsed().as_millis() as u64;
        // Uptime counts from the session's start: it must have grown by the time that passed
        // (less a second of rounding), or the session restarted in between.
        if n.state != "Established"
            || n.established != b.established
            || n.dropped != b.dropped
            || n.up_ms + 1000 < b.up_ms + elapsed
        {
            wrong.push(format!(
                "core {name}: upstream session {} was disturbed: {} (established {} -> {}, \
                 dropped {} -> {}, up {} ms -> {} ms over {elapsed} ms)",
                b.peer,
                n.state,
                b.established,
                n.established,
                b.dropped,
                n.dropped,
                b.up_ms,
                n.up_ms
            ));
        }
    }
    for core in lab.indexes(Role::Core) {
        wrong.extend(core_still_itself(lab, core)?);
        wrong.extend(pool_blackholes(lab, fabric, core)?);
    }
    if !wrong.is_empty() {
        return Err(wrong.join("\n"));
    }
    Ok(format!(
        "merging the fragment reset none of the core's {} upstream session{} (uptime kept \
         growing), kept its router ID, upstream neighbours and bgp default ipv4-unicast, kept \
         the upstream's routes, left the IPv6 reflectors out of IPv4 unicast, and installed a \
         blackhole route for every pool prefix wider than a host",
        before.len(),
        if before.len() == 1 { "" } else { "s" }
    ))
}

/// What must still hold on one core after the merge; the problems found.
fn core_still_itself(lab: &Lab, core: usize) -> Result<Vec<String>, String> {
    let h = &lab.hosts[core];
    let mut wrong = Vec::new();
    let running = lab.vtysh(core, &["show running-config"])?;
    for line in own_lines(lab, core) {
        if !running.lines().any(|l| l.trim() == line) {
            wrong.push(format!(
                "core {}: `{line}` is gone from the running config",
                h.name
            ));
        }
    }
    if running.contains("no bgp default ipv4-unicast") {
        wrong.push(format!(
            "core {}: the merge switched bgp default ipv4-unicast off",
            h.name
        ));
    }
    // IPv6 reflectors must not be IPv4 unicast neighbours of a router whose default activates
    // every new neighbour in IPv4 unicast.
    let summary = lab.vtysh_json(core, "show bgp ipv4 unicast summary json")?;
    let peers = if summary["peers"].is_object() {
        &summary["peers"]
    } else {
        &summary["ipv4Unicast"]["peers"]
    };
    for rr in lab.indexes(Role::Reflector) {
        if let Some(a) = lab.hosts[rr].ipv6 {
            if peers.get(a.to_string()).is_some() {
                wrong.push(format!(
                    "core {}: IPv6 reflector neighbour {a} is active in IPv4 unicast",
                    h.name
                ));
            }
        }
    }
    let up = lab.indexes(Role::Upstream)[0];
    for family in Family::BOTH.into_iter().filter(|f| h.has(*f)) {
        let Some(from) = lab.hosts[up].addr(family) else {
            continue;
        };
        let table = show::table(lab, core, family)?;
        for prefix in upstream_prefixes(lab, family) {
            let ok = table
                .get(&prefix)
                .is_some_and(|paths| paths.iter().any(|p| p.valid && p.peer == Some(from)));
            if !ok {
                let peers: Vec<String> = table
                    .get(&prefix)
                    .into_iter()
                    .flatten()
                    .map(|p| format!("{:?} valid {}", p.peer, p.valid))
                    .collect();
                wrong.push(format!(
                    "core {}: the upstream's {prefix} is not there from {from} (paths: {peers:?})",
                    h.name
                ));
            }
        }
    }
    Ok(wrong)
}

/// The fragment's blackhole route for each pool prefix is installed on the core (so that
/// traffic to pool addresses no VM holds stops there); the problems found. A host-length pool
/// prefix has none: it would shadow the VM's own route.
fn pool_blackholes(lab: &Lab, fabric: &Fabric, core: usize) -> Result<Vec<String>, String> {
    let mut wrong = Vec::new();
    for family in Family::BOTH.into_iter().filter(|f| lab.hosts[core].has(*f)) {
        let kw = if family == Family::V4 { "ip" } else { "ipv6" };
        for prefix in fabric.discard_prefixes(family) {
            let json = lab.vtysh_json(core, &format!("show {kw} route {prefix} json"))?;
            let installed = json[prefix.to_string().as_str()]
                .as_array()
                .is_some_and(|routes| {
                    routes.iter().any(|r| {
                        r["protocol"] == "static"
                            && r["installed"] == true
                            && r["nexthops"][0]["blackhole"] == true
                    })
                });
            if !installed {
                wrong.push(format!(
                    "core {}: no blackhole route installed for the pool prefix {prefix}",
                    lab.hosts[core].name
                ));
            }
        }
    }
    Ok(wrong)
}

/// The prefixes the upstream router announces in a family (its `network` lines).
fn upstream_prefixes(lab: &Lab, family: Family) -> Vec<IpNet> {
    let up = lab.indexes(Role::Upstream)[0];
    lab.hosts[up]
        .config
        .lines()
        .filter_map(|l| l.trim().strip_prefix("network ")?.parse::<IpNet>().ok())
        .filter(|p| p.addr().is_ipv4() == (family == Family::V4))
        .collect()
}

/// The VM routes go no further than the core: the upstream, whose session with the core is
/// up, has none of them. A witness prefix that the core starts announcing only now (after the
/// VM routes were at the core) must reach the upstream first, so that the VM routes had every
/// chance to follow, had no-export not held them back.
pub fn no_export(lab: &Lab, fabric: &Fabric) -> Result<String, String> {
    let up = lab.indexes(Role::Upstream)[0];
    let mut witnesses = Vec::new();
    for core in lab.indexes(Role::Core) {
        for family in Family::BOTH.into_iter().filter(|f| lab.hosts[core].has(*f)) {
            // Benchmarking and documentation space that no plan uses (checked below).
            let w: IpNet = match family {
                Family::V4 => "198.18.99.0/24".parse().unwrap(),
                Family::V6 => "2001:db8:cafe::/48".parse().unwrap(),
            };
            if fabric.prefixes[family]
                .iter()
                .any(|p| p.contains(&w) || w.contains(p))
            {
                return Err(format!("the lab's witness {w} overlaps a pool"));
            }
            let (kw, afi) = match family {
                Family::V4 => ("ip", "ipv4"),
                Family::V6 => ("ipv6", "ipv6"),
            };
            let asn = lab.hosts[core]
                .config
                .lines()
                .find_map(|l| l.strip_prefix("router bgp "))
                .unwrap_or_default()
                .to_string();
            lab.vtysh(
                core,
                &[
                    "configure terminal",
                    &format!("{kw} route {w} blackhole"),
                    &format!("router bgp {asn}"),
                    &format!("address-family {afi} unicast"),
                    &format!("network {w}"),
                ],
            )?;
            witnesses.push((family, w));
        }
    }
    let mut leaked = Vec::new();
    let arrived = crate::sys::wait_until(PROPAGATE, || {
        leaked.clear();
        witnesses.iter().all(|(family, w)| {
            let Ok(table) = show::table(lab, up, *family) else {
                return false;
            };
            leaked.extend(table.keys().filter(|p| in_pools(fabric, p)).copied());
            table.contains_key(w)
        })
    });
    if !arrived {
        return Err(format!(
            "the core's witness routes {} did not reach the upstream router",
            fmt_list(&witnesses.iter().map(|(_, w)| *w).collect::<Vec<_>>())
        ));
    }
    if !leaked.is_empty() {
        return Err(format!(
            "VM routes leaked to the upstream router: {}",
            fmt_list(&leaked)
        ));
    }
    Ok(format!(
        "no VM route reached the upstream router (no-export), while the core's witness {} did",
        fmt_list(&witnesses.iter().map(|(_, w)| *w).collect::<Vec<_>>())
    ))
}

fn in_pools(fabric: &Fabric, prefix: &IpNet) -> bool {
    let family = if prefix.addr().is_ipv4() {
        Family::V4
    } else {
        Family::V6
    };
    fabric.prefixes[family].iter().any(|p| p.contains(prefix))
}
