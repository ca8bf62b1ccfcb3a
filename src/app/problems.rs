//! The problems panel as the page shows it: findings grouped under their cause, each named in
//! the form's own words ("node 3 'kvm3' › IPv6", "Set the IPv6 gateway to …") rather than the
//! file's (`/nodes/2/ipv6`, "Set gateway.ipv6 to …"); the command line and the JSON keep paths
//! and codes. Built as escaped HTML, like the compare view's report: static once computed,
//! and as Leptos views per row it cost the page several KB gzipped.

use crate::check::Diagnostic;
use crate::plan::{Field, List, Place, Plan, Section};
use crate::text::markup_escape;

/// A finding and the findings that follow from it (indices into the diagnostics).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Group {
    pub head: usize,
    pub more: Vec<usize>,
}

/// The findings grouped: a consequence goes under the finding at its cause when there is one,
/// else under the first finding with the same cause; groups keep the order of their heads.
pub fn groups(diagnostics: &[Diagnostic]) -> Vec<Group> {
    let mut groups: Vec<Group> = Vec::new();
    // The first finding at each field (a cause is always a field), sorted for lookup.
    let mut at_field: Vec<(Field, usize)> = Vec::new();
    for (i, d) in diagnostics.iter().enumerate() {
        if d.cause.is_none() {
            if let Place::Field(field) = d.place {
                at_field.push((field, groups.len()));
            }
            groups.push(Group {
                head: i,
                more: Vec::new(),
            });
        }
    }
    at_field.sort_unstable();
    // Consequences whose cause has no finding of its own, by cause: few distinct causes.
    let mut extra: Vec<(Field, Group)> = Vec::new();
    for (i, d) in diagnostics.iter().enumerate() {
        let Some(cause) = d.cause else { continue };
        let first = at_field.partition_point(|(f, _)| *f < cause);
        // `at_field` holds indices into `groups`, taken as each group was pushed.
        let at_cause = at_field
            .get(first)
            .filter(|(f, _)| *f == cause)
            .and_then(|&(_, g)| groups.get_mut(g));
        match at_cause {
            Some(group) => group.more.push(i),
            None => match extra.iter_mut().find(|(c, _)| *c == cause) {
                Some((_, group)) => group.more.push(i),
                None => extra.push((
                    cause,
                    Group {
                        head: i,
                        more: Vec::new(),
                    },
                )),
            },
        }
    }
    groups.extend(extra.into_iter().map(|(_, g)| g));
    groups.sort_unstable_by_key(|g| g.head);
    groups
}

/// "Node", "Route reflector": a list's noun for the start of a name.
fn capitalized(noun: &str) -> String {
    let mut chars = noun.chars();
    match chars.next() {
        Some(first) => first.to_ascii_uppercase().to_string() + chars.as_str(),
        None => String::new(),
    }
}

/// An item as the form heads it: "Node 3 'kvm3'" (its name when it has one).
fn item_name(plan: &Plan, list: List, index: usize) -> String {
    let name = list.name(index).get(plan);
    let noun = capitalized(list.noun());
    match name.as_deref().map(crate::text::terminal_safe) {
        Some(name) if !name.trim().is_empty() => format!("{noun} {} '{name}'", index + 1),
        _ => format!("{noun} {}", index + 1),
    }
}

/// A field's label without its parenthesized hint: "BGP community (optional)" is "BGP community".
fn short_label(field: Field) -> String {
    let label = field.label();
    match label.split_once(" (") {
        Some((short, _)) => short.to_string(),
        None => label,
    }
}

/// Where a place is, as the form labels it: "Node 3 'kvm3' › IPv6", "Protection › BFD
/// interval", "Fabric".
pub fn where_in_form(plan: &Plan, place: &Place) -> String {
    match place.known() {
        Place::Plan | Place::Version => "Fabric".to_string(),
        Place::Section(Section::Gateway) => "VM gateway".to_string(),
        Place::Section(Section::Underlay) => "Underlay".to_string(),
        Place::Section(Section::Protection) => "Protection".to_string(),
        Place::List(list) => list.title().to_string(),
        Place::Item(list, i) => item_name(plan, list, i),
        Place::Ranges(p) => format!("{} › ranges", item_name(plan, List::Pools, p)),
        Place::Field(field) => match field.item() {
            Some((list, i)) => format!("{} › {}", item_name(plan, list, i), short_label(field)),
            None => match field {
                Field::Protection(_) => format!("Protection › {}", short_label(field)),
                Field::Gateway(_) | Field::Underlay(_) => short_label(field),
                _ => format!("Fabric › {}", short_label(field)),
            },
        },
        Place::Other(_) => "Fabric".to_string(),
    }
}

/// The file format's words in messages and help, and the form's words for them.
const FORM_TERMS: [(&str, &str); 11] = [
    (
        "in \"ipv4\" fields and IPv6 addresses in \"ipv6\" fields",
        "in IPv4 fields and IPv6 addresses in IPv6 fields",
    ),
    ("Set gateway.ipv4 to", "Set the IPv4 gateway to"),
    ("Set gateway.ipv6 to", "Set the IPv6 gateway to"),
    (
        "Set node to one of the plan's nodes",
        "Choose one of the plan's nodes as the VM's node",
    ),
    ("correct os to ", "choose the OS "),
    ("set frr_version to it", "set the FRR version to it"),
    (
        "(its asn equal to the fabric's)",
        "(its AS number equal to the fabric's)",
    ),
    (
        "set the core's asn to the fabric's",
        "set the core's AS number to the fabric's",
    ),
    (
        "under underlay (for example",
        "as the IPv4 or IPv6 underlay (for example",
    ),
    (" in \"ipv4\", \"ipv6\" or both", " as IPv4, IPv6 or both"),
    (
        "(platform junos for a Juniper MX, frr for a Linux router)",
        "(platform Junos for a Juniper MX, FRR for a Linux router)",
    ),
];

/// A message or help in the form's words: the file's keys replaced (see [`FORM_TERMS`]), and
/// every place written as a JSON Pointer ("already used at /nodes/0/name") named as the form
/// names it.
pub fn in_form_terms(plan: &Plan, text: &str) -> String {
    let mut out = text.to_string();
    for (file, form) in FORM_TERMS {
        if out.contains(file) {
            out = out.replace(file, form);
        }
    }
    if !out.contains(" /") {
        return out;
    }
    let mut words: Vec<String> = Vec::new();
    for word in out.split(' ') {
        let bare = word.trim_end_matches([',', '.', ';', ':', ')']);
        let rest = &word[bare.len()..];
        match bare.strip_prefix('/').and(bare.parse::<Place>().ok()) {
            Some(place) if !matches!(place, Place::Other(_)) => {
                words.push(format!("{}{rest}", where_in_form(plan, &place)))
            }
            _ => words.push(word.to_string()),
        }
    }
    words.join(" ")
}

fn row(plan: &Plan, d: &Diagnostic) -> String {
    format!(
        r#"<button type="button" class="diagnostic" data-testid="diagnostic" data-code="{code}" data-path="{path}"><span class="badge">{sev}</span><span class="message">{message}</span><span class="help">{help}</span><span class="meta"><code>{code}</code> · {place}</span></button>"#,
        code = d.code.as_str(),
        path = markup_escape(&d.place.to_string()),
        sev = d.severity.as_str(),
        message = markup_escape(&in_form_terms(plan, &d.message)),
        help = markup_escape(&in_form_terms(plan, &d.help)),
        place = markup_escape(&where_in_form(plan, &d.place)),
    )
}

/// The panel's list: first the number fields whose text is not a number (errors of the form),
/// then at most `limit` groups of findings, each a button that takes the user to its place
/// (`data-path`), a group's consequences folded under its head.
pub fn problems_html(
    plan: &Plan,
    diagnostics: &[Diagnostic],
    drafts: &[Field],
    limit: usize,
) -> String {
    let mut out = String::new();
    for field in drafts {
        out.push_str(&format!(
            r#"<li class="error"><button type="button" class="diagnostic" data-testid="draft-error" data-path="{}"><span class="badge">error</span><span class="message">{} is not a number</span><span class="help">Type digits only, such as 65000; until then the plan keeps the last valid number and the bundle cannot be downloaded.</span></button></li>"#,
            markup_escape(&Place::Field(*field).to_string()),
            markup_escape(&field.label())
        ));
    }
    let groups = groups(diagnostics);
    // The groups hold indices into these same diagnostics.
    for g in groups.iter().take(limit) {
        let Some(head) = diagnostics.get(g.head) else {
            continue;
        };
        out.push_str(&format!(r#"<li class="{}">"#, head.severity.as_str()));
        out.push_str(&row(plan, head));
        if !g.more.is_empty() {
            let n = g.more.len();
            out.push_str(&format!(
                r#"<details class="consequences"><summary>{n} more that follow{} from the same cause</summary><ol class="diagnostics">"#,
                if n == 1 { "s" } else { "" }
            ));
            for d in g.more.iter().filter_map(|&i| diagnostics.get(i)) {
                out.push_str(&format!(r#"<li class="{}">"#, d.severity.as_str()));
                out.push_str(&row(plan, d));
                out.push_str("</li>");
            }
            out.push_str("</ol></details>");
        }
        out.push_str("</li>");
    }
    if groups.len() > limit {
        out.push_str(&format!(
            r#"<li class="muted">and {} more</li>"#,
            groups.len() - limit
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::{check, Code};
    use crate::plan::{read_plan, EXAMPLES};

    fn example(name: &str) -> Plan {
        let text = EXAMPLES.iter().find(|(n, _)| *n == name).unwrap().1;
        read_plan(text).unwrap()
    }

    #[test]
    fn consequences_go_under_their_cause() {
        let mut plan = example("dc1-dual-stack");
        plan.pools[0].ranges[0] = "203.0.113.5/25".into();
        let report = check(&plan);
        let groups = groups(&report.diagnostics);
        let codes = |i: usize| report.diagnostics[i].code;
        assert_eq!(groups.len(), 1, "{groups:?}");
        assert_eq!(codes(groups[0].head), Code::PoolInvalid);
        assert_eq!(groups[0].more.len(), 3);
        assert!(groups[0]
            .more
            .iter()
            .all(|&i| codes(i) == Code::VmAddressOutsidePool));
        let html = problems_html(&plan, &report.diagnostics, &[], 300);
        assert!(
            html.contains("3 more that follow from the same cause"),
            "{html}"
        );
        assert!(html.contains("Correct the pool range this address lies in"));
    }

    #[test]
    fn consequences_without_a_finding_at_their_cause_go_under_the_first() {
        let mut plan = example("lxd-ipv4-vxlan");
        plan.pools.push(crate::plan::Pool {
            name: "v6".into(),
            ranges: vec!["2001:db8:1::/64".into()],
        });
        let report = check(&plan);
        let notes: Vec<usize> = report
            .diagnostics
            .iter()
            .enumerate()
            .filter(|(_, d)| d.code == Code::NodeSingleFamily)
            .map(|(i, _)| i)
            .collect();
        assert_eq!(notes.len(), 3);
        let groups = groups(&report.diagnostics);
        let group = groups.iter().find(|g| g.head == notes[0]).expect("a group");
        assert_eq!(group.more, notes[1..]);
        // Every finding is shown exactly once.
        let mut all: Vec<usize> = groups
            .iter()
            .flat_map(|g| [vec![g.head], g.more.clone()].concat())
            .collect();
        all.sort_unstable();
        assert_eq!(all, (0..report.diagnostics.len()).collect::<Vec<_>>());
    }

    #[test]
    fn places_and_file_words_become_the_form_s_words() {
        let mut plan = example("dc1-dual-stack");
        plan.gateway.ipv6 = None;
        plan.nodes[1].name = "kvm1".into();
        let report = check(&plan);
        let html = problems_html(&plan, &report.diagnostics, &[Field::Asn], 300);
        assert!(html.contains("Set the IPv6 gateway to"), "{html}");
        assert!(!html.contains("gateway.ipv6"), "{html}");
        assert!(
            html.contains("is already used at Node 1 &#39;kvm1&#39; › Name"),
            "{html}"
        );
        assert!(
            html.contains("<code>name-duplicate</code> · Node 2 &#39;kvm1&#39; › Name"),
            "{html}"
        );
        assert!(html.contains(r#"data-path="/nodes/1/name""#), "{html}");
        assert!(
            html.contains(r#"data-testid="draft-error" data-path="/asn""#),
            "{html}"
        );
        assert_eq!(
            where_in_form(&plan, &Place::Field(Field::Community)),
            "Fabric › BGP community"
        );
        assert_eq!(
            where_in_form(&plan, &"/gateway/ipv4".parse().unwrap()),
            "IPv4 gateway"
        );
        assert_eq!(
            where_in_form(&plan, &"/protection/bfd_interval".parse().unwrap()),
            "Protection › BFD interval"
        );
        assert_eq!(
            where_in_form(&plan, &"/pools/0/ranges".parse().unwrap()),
            "Pool 1 'public-v4' › ranges"
        );
    }

    #[test]
    fn plan_text_stays_text() {
        let mut plan = example("dc1-dual-stack");
        plan.nodes[0].name = "<img src=x>".into();
        let report = check(&plan);
        let html = problems_html(&plan, &report.diagnostics, &[], 300);
        assert!(!html.contains("<img"), "{html}");
        assert!(html.contains("&lt;img src=x&gt;"));
    }
}
