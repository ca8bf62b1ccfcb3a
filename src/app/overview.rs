//! The fabric at a glance, as the web app shows it beside the form: sessions per route
//! reflector against the limit, which reflectors cover each address family, and per pool its
//! size and the VMs placed in it. Also the bundle's file tree. It works on plans with errors
//! too, using whatever parts of the plan parse.

use crate::check::{Report, SESSION_LIMIT};
use crate::model::{addr_u128, size_text, AddrRange, Family, PerFamily};
use crate::plan::Plan;
use crate::text::markup_escape;
use std::net::IpAddr;

/// One route reflector's BGP sessions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionLoad {
    pub name: String,
    pub count: PerFamily<usize>,
    pub total: usize,
    pub limit: usize,
}

impl SessionLoad {
    pub fn over(&self) -> bool {
        self.total > self.limit
    }

    /// Share of the limit in percent, capped at 100 for a meter.
    pub fn percent(&self) -> usize {
        (self.total * 100 / self.limit.max(1)).min(100)
    }
}

/// Which route reflectors carry one address family.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FamilyCover {
    pub label: &'static str,
    /// The family has pools, so its routes must be reflected.
    pub in_use: bool,
    pub reflectors: Vec<String>,
}

impl FamilyCover {
    /// "ok", "single" (no redundancy), "missing", or "unused".
    pub fn status(&self) -> &'static str {
        match (self.in_use, self.reflectors.len()) {
            (false, _) => "unused",
            (true, 0) => "missing",
            (true, 1) => "single",
            (true, _) => "ok",
        }
    }
}

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

/// Everything the overview panel shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Overview {
    pub sessions: Vec<SessionLoad>,
    pub families: Vec<FamilyCover>,
    pub pools: Vec<PoolUse>,
    /// VMs whose addresses lie in no pool (or do not parse).
    pub vms_outside: usize,
}

fn parse_addr(text: &Option<String>) -> Option<IpAddr> {
    text.as_deref()?.trim().parse().ok()
}

pub fn overview(plan: &Plan, report: &Report) -> Overview {
    let sessions = report
        .sessions
        .iter()
        .map(|s| SessionLoad {
            name: s.name.clone(),
            count: s.count,
            total: s.total(),
            limit: SESSION_LIMIT,
        })
        .collect();

    let ranges: Vec<Vec<AddrRange>> = plan
        .pools
        .iter()
        .map(|p| p.ranges.iter().filter_map(|r| r.parse().ok()).collect())
        .collect();
    let families = Family::BOTH
        .into_iter()
        .map(|family| FamilyCover {
            label: family.label(),
            in_use: ranges
                .iter()
                .flatten()
                .any(|r| Family::of_range(r) == family),
            reflectors: plan
                .route_reflectors
                .iter()
                .filter(|rr| parse_addr(rr.text(family)).is_some_and(|a| Family::of(a) == family))
                .map(|rr| rr.name.clone())
                .collect(),
        })
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
        pools[pool].vms.push(plan.vms[v].name.clone());
        if last != Some(v) {
            vms_outside -= 1;
            last = Some(v);
        }
    }
    Overview {
        sessions,
        families,
        pools,
        vms_outside,
    }
}

/// The at-a-glance panel's body as HTML: sessions per reflector (a meter, the count and, at
/// and beyond the limit, the word that says so), the families' reflectors, the pools. Built as
/// text, like the compare view's report: it is static once computed, and as Leptos views it
/// cost the page about 6 KB gzipped. Every piece of plan text is escaped.
pub fn overview_html(o: &Overview) -> String {
    let mut out = String::from("<h3>BGP sessions per route reflector</h3>");
    if o.sessions.is_empty() {
        out.push_str(r#"<p class="muted">No route reflectors yet.</p>"#);
    } else {
        out.push_str(r#"<ul class="sessions">"#);
        for s in &o.sessions {
            // Green up to three quarters, amber up to the limit (at 32 no peer can be added),
            // red beyond it; the word beside the count says the same.
            let (class, word) = if s.over() {
                (
                    " class=\"over\"",
                    r#" <span class="tag over-tag" data-testid="rr-session-state">over the limit</span>"#,
                )
            } else if s.total == s.limit {
                (
                    " class=\"full\"",
                    r#" <span class="tag" data-testid="rr-session-state">full</span>"#,
                )
            } else {
                ("", "")
            };
            let name = markup_escape(&s.name);
            out.push_str(&format!(
                r#"<li{class} data-testid="rr-sessions"><span class="name">{name}</span><meter min="0" max="{}" low="{}" high="{}" optimum="0" value="{}" aria-label="{name} sessions of {}"></meter><span class="num"><span data-testid="rr-session-count">{} / {}</span>{word}</span><span class="muted small">IPv4 {} · IPv6 {}</span></li>"#,
                s.limit.max(s.total),
                s.limit * 3 / 4,
                s.limit,
                s.total,
                s.limit,
                s.total,
                s.limit,
                s.count.v4,
                s.count.v6
            ));
        }
        out.push_str("</ul>");
    }
    out.push_str(r#"<h3>Address families</h3><ul class="families">"#);
    for f in &o.families {
        let status = f.status();
        let text = match status {
            "unused" => "no pools".to_string(),
            "missing" => "no route reflector".to_string(),
            _ => markup_escape(&f.reflectors.join(", ")),
        };
        let tag = if status == "single" {
            r#"<span class="tag">not redundant</span>"#
        } else {
            ""
        };
        out.push_str(&format!(
            r#"<li data-status="{status}" data-testid="family"><span class="name">{}</span><span class="status">{text}</span>{tag}</li>"#,
            f.label
        ));
    }
    out.push_str("</ul><h3>Pools</h3>");
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
        let (dirs, name) = parts.split_at(parts.len() - 1);
        let common = open.iter().zip(dirs).take_while(|(a, b)| a == b).count();
        open.truncate(common);
        for dir in &dirs[common..] {
            rows.push(TreeRow {
                depth: open.len(),
                label: (*dir).to_string(),
                file: None,
            });
            open.push(dir);
        }
        rows.push(TreeRow {
            depth: dirs.len(),
            label: name[0].to_string(),
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
    use crate::check::check;
    use crate::plan::{generate, read_plan, EXAMPLES};

    fn example(name: &str) -> Plan {
        let text = EXAMPLES.iter().find(|(n, _)| *n == name).unwrap().1;
        read_plan(text).unwrap()
    }

    #[test]
    fn dual_stack_example_at_a_glance() {
        let plan = example("dc1-dual-stack");
        let o = overview(&plan, &check(&plan));
        assert_eq!(o.sessions.len(), 2);
        // 4 nodes and 1 core, in both families.
        assert_eq!(
            (
                o.sessions[0].count.v4,
                o.sessions[0].count.v6,
                o.sessions[0].total
            ),
            (5, 5, 10)
        );
        assert!(!o.sessions[0].over());
        assert_eq!(o.families[0].reflectors, ["rr1", "rr2"]);
        assert_eq!(o.families[1].status(), "ok");
        // 203.0.113.0/25 is 128 addresses, .10-.40 is 31.
        assert_eq!(o.pools[0].size, 159);
        assert_eq!(o.pools[0].vms, ["sea_gold", "web01", "db01", "mail"]);
        assert_eq!(o.pools[1].size, 1 << 64);
        assert_eq!(o.pools[1].vms, ["sea_gold", "mail", "cache"]);
        assert_eq!(o.vms_outside, 0);
    }

    #[test]
    fn mistakes_show_as_missing_and_single_cover() {
        let plan = example("mistakes");
        let o = overview(&plan, &check(&plan));
        assert_eq!(o.families[0].status(), "single");
        assert_eq!(o.families[1].status(), "missing");
    }

    #[test]
    fn broken_ranges_are_counted_not_fatal() {
        let mut plan = example("dc1-dual-stack");
        plan.pools[0].ranges.push("nonsense".into());
        plan.vms[0].ipv4 = Some("1.2.3".into());
        let o = overview(&plan, &check(&plan));
        assert_eq!(o.pools[0].broken_ranges, 1);
        assert_eq!(o.pools[0].size, 159);
        // sea_gold still sits in the IPv6 pool.
        assert!(!o.pools[0].vms.contains(&"sea_gold".to_string()));
        assert!(o.pools[1].vms.contains(&"sea_gold".to_string()));
    }

    #[test]
    fn limit_plan_is_near_the_limit() {
        let plan = generate::ipv4_fabric(30, 2000);
        let o = overview(&plan, &check(&plan));
        assert!(o
            .sessions
            .iter()
            .all(|s| s.total == 31 && s.percent() == 96));
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
    fn the_panel_says_full_and_over_in_words_and_escapes_plan_text() {
        let mut plan = crate::plan::generate::ipv4_fabric(30, 4);
        plan.pools[0].name = "<b>pool</b>".into();
        let html = overview_html(&overview(&plan, &check(&plan)));
        assert!(
            html.contains(r#"<span data-testid="rr-session-count">31 / 32</span></span>"#),
            "{html}"
        );
        assert!(
            html.contains("&lt;b&gt;pool&lt;/b&gt;") && !html.contains("<b>"),
            "{html}"
        );
        assert!(
            html.contains(r#"<meter min="0" max="32" low="24" high="32" optimum="0" value="31""#)
        );
        plan.nodes.push(plan.nodes[0].clone());
        plan.nodes[30].name = "kvm30".into();
        plan.nodes[30].ipv4 = Some("10.10.0.240".into());
        let html = overview_html(&overview(&plan, &check(&plan)));
        assert!(
            html.contains(r#"<li class="full" data-testid="rr-sessions">"#),
            "{html}"
        );
        assert!(html.contains(">full</span>"));
        plan.nodes.push(plan.nodes[0].clone());
        plan.nodes[31].name = "kvm31".into();
        plan.nodes[31].ipv4 = Some("10.10.0.241".into());
        let html = overview_html(&overview(&plan, &check(&plan)));
        assert!(
            html.contains(r#"<li class="over" data-testid="rr-sessions">"#),
            "{html}"
        );
        assert!(html.contains(r#"max="33""#) && html.contains(">over the limit</span>"));
        assert!(
            overview_html(&overview(&Plan::empty(), &check(&Plan::empty())))
                .contains("No route reflectors yet.")
        );
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
