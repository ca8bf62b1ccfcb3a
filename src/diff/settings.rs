//! The VMmanager settings that change between two fabrics, as the settings file names them
//! (vmmanager/cluster-settings.md), one sentence each.

use crate::model::{Fabric, Family, Node, Pool};

/// One sentence per setting that changes, in the settings file's order: pools, the cluster,
/// the route reflector entries, the nodes.
pub(super) fn changes(old: &Fabric, new: &Fabric) -> Vec<String> {
    let mut out = Vec::new();
    pools(&mut out, &old.pools, &new.pools);
    for family in Family::BOTH {
        value(
            &mut out,
            &format!("gateway {} address", family.label()),
            old.gateway[family].map(|g| g.to_string()),
            new.gateway[family].map(|g| g.to_string()),
        );
    }
    value(
        &mut out,
        "BGP community",
        old.community.map(|c| c.to_string()),
        new.community.map(|c| c.to_string()),
    );
    value(
        &mut out,
        "VxLAN",
        Some(yes_no(old.vxlan).to_string()),
        Some(yes_no(new.vxlan).to_string()),
    );
    let entries = |f: &Fabric| -> Vec<String> {
        f.route_reflectors
            .iter()
            .flat_map(|rr| {
                Family::BOTH
                    .into_iter()
                    .filter_map(|fam| rr.device.addr(fam))
                    .map(move |addr| format!("`{addr}` AS {} ({})", f.asn, rr.device.name))
                    .collect::<Vec<_>>()
            })
            .collect()
    };
    let (old_entries, new_entries) = (entries(old), entries(new));
    for e in &old_entries {
        if !new_entries.contains(e) {
            out.push(format!("Remove the route reflector entry {e}."));
        }
    }
    for e in &new_entries {
        if !old_entries.contains(e) {
            out.push(format!("Add the route reflector entry {e}."));
        }
    }
    nodes(&mut out, &old.nodes, &new.nodes);
    out
}

fn yes_no(b: bool) -> &'static str {
    if b {
        "yes"
    } else {
        "no"
    }
}

fn value(out: &mut Vec<String>, setting: &str, old: Option<String>, new: Option<String>) {
    match (old, new) {
        (a, b) if a == b => {}
        (None, Some(b)) => out.push(format!("Set the cluster's {setting} to `{b}`.")),
        (Some(a), None) => out.push(format!("Clear the cluster's {setting} (was `{a}`).")),
        (Some(a), Some(b)) => out.push(format!(
            "Change the cluster's {setting} from `{a}` to `{b}`."
        )),
        (None, None) => {}
    }
}

fn ranges(pool: &Pool) -> String {
    pool.ranges
        .iter()
        .map(|r| format!("`{r}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

fn pools(out: &mut Vec<String>, old: &[Pool], new: &[Pool]) {
    for p in old {
        if !new.iter().any(|n| n.name == p.name) {
            out.push(format!("Remove the IP pool `{}`.", p.name));
        }
    }
    for p in new {
        match old.iter().find(|o| o.name == p.name) {
            None => out.push(format!(
                "Create the IP pool `{}` with {}.",
                p.name,
                ranges(p)
            )),
            Some(o) => {
                for r in &o.ranges {
                    if !p.ranges.contains(r) {
                        out.push(format!(
                            "Remove the range `{r}` from the IP pool `{}`.",
                            p.name
                        ));
                    }
                }
                for r in &p.ranges {
                    if !o.ranges.contains(r) {
                        out.push(format!("Add the range `{r}` to the IP pool `{}`.", p.name));
                    }
                }
            }
        }
    }
}

fn node_text(n: &Node) -> String {
    let addrs: Vec<String> = Family::BOTH
        .into_iter()
        .filter_map(|f| n.device.addr(f))
        .collect();
    format!(
        "`{}` ({}, {}, {})",
        n.device.name,
        n.virtualization.label(),
        n.virtualization.required_os(),
        addrs.join(", ")
    )
}

fn nodes(out: &mut Vec<String>, old: &[Node], new: &[Node]) {
    for n in old {
        match new.iter().find(|m| m.device.name == n.device.name) {
            None => out.push(format!(
                "Remove the node `{}` (move or delete its VMs first).",
                n.device.name
            )),
            Some(m) if node_text(m) != node_text(n) => out.push(format!(
                "Change the node {} to {}.",
                node_text(n),
                node_text(m)
            )),
            Some(_) => {}
        }
    }
    for n in new {
        if !old.iter().any(|m| m.device.name == n.device.name) {
            out.push(format!("Add the node {}.", node_text(n)));
        }
    }
}
