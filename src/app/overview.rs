//! The pools at a glance, for the diagram's list: per pool its size and the VMs placed in it,
//! and the VMs in no pool. Also the bundle's file tree. It works on plans with errors too,
//! using whatever parts of the plan parse. (Sessions per reflector and the reflectors of each
//! family are the diagram's: `model::topology`.)

use crate::model::{addr_u128, size_text, AddrRange, Family};
use crate::plan::Plan;
use crate::text::markup_escape;
use std::net::IpAddr;

/// One pool: its size and the VMs whose address lies in it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PoolUse {
    pub name: String,
    /// Addresses in the ranges that parse.
    pub size: u128,
    /// Ranges that do not parse (the diagnostics say why).
    pub broken_ranges: usize,
    pub vms: Vec<String>,
}

/// The pools and the VMs in them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Overview {
    pub pools: Vec<PoolUse>,
    /// VMs whose addresses lie in no pool (or do not parse).
    pub vms_outside: usize,
}

fn parse_addr(text: &Option<String>) -> Option<IpAddr> {
    text.as_deref()?.trim().parse().ok()
}

pub fn overview(plan: &Plan) -> Overview {
    let ranges: Vec<Vec<AddrRange>> = plan
        .pools
        .iter()
        .map(|p| p.ranges.iter().filter_map(|r| r.parse().ok()).collect())
        .collect();
    let mut pools: Vec<PoolUse> = plan
        .pools
        .iter()
        .zip(&ranges)
        .map(|(p, parsed)| PoolUse {
            name: p.name.clone(),
            size: parsed.iter().fold(0u128, |n, r| n.saturating_add(r.size())),
            broken_ranges: p.ranges.len() - parsed.len(),
            vms: Vec::new(),
        })
        .collect();
    // Each VM address goes to the first pool (in plan order) that holds it, found for all
    // addresses at once in n log n: the page recomputes this on every edit, and asking every
    // range for every VM grew with VMs x ranges.
    let mut placed: Vec<(usize, usize)> = Vec::new();
    for family in Family::BOTH {
        let items: Vec<(u128, u128, usize)> = ranges
            .iter()
            .enumerate()
            .flat_map(|(p, parsed)| {
                parsed
                    .iter()
                    .filter(move |r| Family::of_range(r) == family)
                    .map(move |r| (r.bounds().0, r.bounds().1, p))
            })
            .collect();
        let addrs: Vec<(usize, u128)> = plan
            .vms
            .iter()
            .enumerate()
            .filter_map(|(v, vm)| {
                parse_addr(vm.text(family))
                    .filter(|a| Family::of(*a) == family)
                    .map(|a| (v, addr_u128(a)))
            })
            .collect();
        let queries: Vec<(u128, u128)> = addrs.iter().map(|&(_, k)| (k, k)).collect();
        let found = crate::check::sweep::dominance(&items, &queries);
        placed.extend(
            addrs
                .iter()
                .zip(found)
                .filter(|(_, (count, _))| *count > 0)
                .map(|(&(v, _), (_, pool))| (v, pool)),
        );
    }
    // In VM order, so each pool lists its VMs in plan order; a dual-stack VM may sit in one
    // pool per family, and is listed once per pool.
    placed.sort_unstable();
    placed.dedup();
    let mut vms_outside = plan.vms.len();
    let mut last = None;
    for (v, pool) in placed {
        // `v` indexes the plan's VMs and `pool` (a range's tag) the plan's pools, one `PoolUse`
        // each: both are always found.
        if let (Some(pool), Some(vm)) = (pools.get_mut(pool), plan.vms.get(v)) {
            pool.vms.push(vm.name.clone());
        }
        if last != Some(v) {
            vms_outside -= 1;
            last = Some(v);
        }
    }
    Overview { pools, vms_outside }
}

/// The pools as an HTML table: size and VMs per pool, and the VMs in no pool. Built as text,
/// like the panels beside it; every piece of plan text is escaped.
pub fn pools_html(o: &Overview) -> String {
    let mut out = String::from("<h3>Pools</h3>");
    if o.pools.is_empty() {
        out.push_str(r#"<p class="muted">No pools yet.</p>"#);
        return out;
    }
    out.push_str(r#"<table class="pools"><thead><tr><th scope="col">Pool</th><th scope="col" class="num">Addresses</th><th scope="col">VMs</th></tr></thead><tbody>"#);
    for p in &o.pools {
        let shown: Vec<&str> = p.vms.iter().take(8).map(String::as_str).collect();
        let more = p.vms.len() - shown.len();
        let mut vms = format!("<strong>{}</strong>", p.vms.len());
        if !shown.is_empty() {
            vms.push_str(&format!(": {}", markup_escape(&shown.join(", "))));
        }
        if more > 0 {
            vms.push_str(&format!(" and {more} more"));
        }
        out.push_str(&format!(
            r#"<tr data-testid="pool-row"><th scope="row">{}</th><td class="num">{}</td><td>{vms}</td></tr>"#,
            markup_escape(&p.name),
            size_text(p.size)
        ));
    }
    out.push_str("</tbody></table>");
    match o.vms_outside {
        0 => {}
        1 => out.push_str(r#"<p class="muted small">1 VM lies in no pool.</p>"#),
        n => out.push_str(&format!(
            r#"<p class="muted small">{n} VMs lie in no pool.</p>"#
        )),
    }
    out
}

/// One row of the bundle's file tree, in display order: a folder or a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TreeRow {
    /// Nesting depth, 0 at the top.
    pub depth: usize,
    /// The folder or file name.
    pub label: String,
    /// For a file, its full path in the bundle; `None` for a folder.
    pub file: Option<String>,
}

/// The file tree as HTML list items: a folder as its name, a file as a button that names its
/// path (`data-path`, and its id `file-<path>`), the current one marked `aria-current`. Text, like the panels beside it:
/// the page sets it at once and one click handler serves every button.
pub fn file_tree_html(rows: &[TreeRow], current: Option<&str>) -> String {
    let mut out = String::new();
    for row in rows {
        let depth = row.depth.min(3);
        let label = markup_escape(&row.label);
        match &row.file {
            None => out.push_str(&format!(
                r#"<li class="folder depth-{depth}">{label}/</li>"#
            )),
            Some(path) => {
                let mark = if Some(path.as_str()) == current {
                    r#" aria-current="true""#
                } else {
                    ""
                };
                let path = markup_escape(path);
                out.push_str(&format!(
                    r#"<li class="depth-{depth}"><button type="button" id="file-{path}" class="file" data-testid="file" data-path="{path}"{mark}>{label}</button></li>"#
                ));
            }
        }
    }
    out
}

/// The file tree of sorted bundle paths: each folder once, before its contents.
pub fn file_tree<'a>(paths: impl IntoIterator<Item = &'a str>) -> Vec<TreeRow> {
    let mut rows = Vec::new();
    let mut open: Vec<&str> = Vec::new();
    for path in paths {
        let parts: Vec<&str> = path.split('/').collect();
        // Splitting yields at least one part, even of an empty path.
        let Some((name, dirs)) = parts.split_last() else {
            continue;
        };
        let common = open.iter().zip(dirs).take_while(|(a, b)| a == b).count();
        open.truncate(common);
        for dir in dirs.iter().skip(common) {
            rows.push(TreeRow {
                depth: open.len(),
                label: (*dir).to_string(),
                file: None,
            });
            open.push(dir);
        }
        rows.push(TreeRow {
            depth: dirs.len(),
            label: (*name).to_string(),
            file: Some(path.to_string()),
        });
    }
    rows
}

/// The name a single previewed file downloads as: its device folder joined to its file name,
/// so that the frr.conf of two nodes do not both arrive as `frr.conf`.
pub fn download_name(path: &str) -> String {
    let parts: Vec<&str> = path.split('/').collect();
    match parts.as_slice() {
        [.., device, file] if parts.len() >= 3 => format!("{device}-{file}"),
        [.., file] => file.to_string(),
        [] => "file".to_string(),
    }
}

#[cfg(test)]
mod tests {

    #[test]
    fn single_files_download_under_their_device_name() {
        assert_eq!(download_name("nodes/kvm1/frr.conf"), "kvm1-frr.conf");
        assert_eq!(
            download_name("route-reflectors/rr1/route_reflector.sh"),
            "rr1-route_reflector.sh"
        );
        assert_eq!(
            download_name("vmmanager/cluster-settings.md"),
            "cluster-settings.md"
        );
        assert_eq!(download_name("README.md"), "README.md");
    }

    use super::*;
    use crate::plan::{generate, read_plan, EXAMPLES};

    fn example(name: &str) -> Plan {
        let text = EXAMPLES.iter().find(|(n, _)| *n == name).unwrap().1;
        read_plan(text).unwrap()
    }

    #[test]
    fn dual_stack_example_pools() {
        let plan = example("dc1-dual-stack");
        let o = overview(&plan);
        // 203.0.113.0/25 is 128 addresses, .10-.40 is 31.
        assert_eq!(o.pools[0].size, 159);
        assert_eq!(o.pools[0].vms, ["sea_gold", "web01", "db01", "mail"]);
        assert_eq!(o.pools[1].size, 1 << 64);
        assert_eq!(o.pools[1].vms, ["sea_gold", "mail", "cache"]);
        assert_eq!(o.vms_outside, 0);
    }

    #[test]
    fn broken_ranges_are_counted_not_fatal() {
        let mut plan = example("dc1-dual-stack");
        plan.pools[0].ranges.push("nonsense".into());
        plan.vms[0].ipv4 = Some("1.2.3".into());
        let o = overview(&plan);
        assert_eq!(o.pools[0].broken_ranges, 1);
        assert_eq!(o.pools[0].size, 159);
        // sea_gold still sits in the IPv6 pool.
        assert!(!o.pools[0].vms.contains(&"sea_gold".to_string()));
        assert!(o.pools[1].vms.contains(&"sea_gold".to_string()));
    }

    #[test]
    fn limit_plan_places_every_vm() {
        let plan = generate::ipv4_fabric(30, 2000);
        let o = overview(&plan);
        assert_eq!(o.pools.iter().map(|p| p.vms.len()).sum::<usize>(), 2000);
    }

    #[test]
    fn file_tree_lists_each_folder_once() {
        let paths = [
            "README.md",
            "nodes/kvm1/frr.conf",
            "nodes/kvm2/frr.conf",
            "plan.json",
            "route-reflectors/rr1/frr.conf",
            "route-reflectors/rr1/route_reflector.sh",
        ];
        let rows = file_tree(paths);
        let shown: Vec<String> = rows
            .iter()
            .map(|r| {
                format!(
                    "{}{}{}",
                    "  ".repeat(r.depth),
                    r.label,
                    if r.file.is_some() { "" } else { "/" }
                )
            })
            .collect();
        assert_eq!(
            shown,
            [
                "README.md",
                "nodes/",
                "  kvm1/",
                "    frr.conf",
                "  kvm2/",
                "    frr.conf",
                "plan.json",
                "route-reflectors/",
                "  rr1/",
                "    frr.conf",
                "    route_reflector.sh",
            ]
        );
        assert_eq!(rows[3].file.as_deref(), Some("nodes/kvm1/frr.conf"));
    }

    #[test]
    fn the_pool_table_escapes_plan_text_and_counts_vms() {
        let mut plan = example("dc1-dual-stack");
        plan.pools[0].name = "<b>pool</b>".into();
        plan.vms[0].ipv4 = Some("192.0.2.1".into());
        let html = pools_html(&overview(&plan));
        assert!(
            html.contains("&lt;b&gt;pool&lt;/b&gt;") && !html.contains("<b>"),
            "{html}"
        );
        assert!(
            html.contains(
                r#"<td class="num">159</td><td><strong>3</strong>: web01, db01, mail</td>"#
            ),
            "{html}"
        );
        assert!(html.contains(">2^64<"), "{html}");
        assert!(pools_html(&overview(&Plan::empty())).contains("No pools yet."));
    }

    #[test]
    fn the_tree_marks_the_current_file_and_escapes_names() {
        let rows = file_tree(["README.md", "nodes/a<b/frr.conf"]);
        let html = file_tree_html(&rows, Some("README.md"));
        assert!(html.contains(r#"id="file-README.md" class="file" data-testid="file" data-path="README.md" aria-current="true">README.md</button>"#), "{html}");
        assert!(
            html.contains(r#"<li class="folder depth-0">nodes/</li>"#),
            "{html}"
        );
        assert!(html.contains("a&lt;b/") && !html.contains("a<b"), "{html}");
        assert_eq!(html.matches("aria-current").count(), 1);
    }
}
