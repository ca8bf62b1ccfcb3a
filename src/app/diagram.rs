//! What the page's diagram adds to the picture: each device's worst problem (the mark drawn on
//! its box and named on hover and focus), and the same facts as the picture as text, for a
//! screen reader and for anyone who prefers a list.

use crate::check::{Diagnostic, Severity};
use crate::model::topology::{Tier, Topology};
use crate::plan::List;
use crate::render::topology::{backdrop, device, device_title, Layout, Placed, BOX_W};
use crate::text::markup_escape;

/// The plan's list that holds a tier's devices.
pub fn list_of(tier: Tier) -> List {
    match tier {
        Tier::Core => List::CoreGateways,
        Tier::Reflector => List::RouteReflectors,
        Tier::Node => List::Nodes,
    }
}

/// A device's problems: the worst severity and its messages, worst first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mark {
    pub severity: Severity,
    pub messages: Vec<String>,
}

impl Mark {
    /// "error: … (and 2 more)", one line for a tooltip or a status line.
    pub fn text(&self) -> String {
        let first = self.messages.first().map_or("", String::as_str);
        match self.messages.len() {
            0 | 1 => format!("{}: {first}", self.severity.as_str()),
            n => format!("{}: {first} (and {} more)", self.severity.as_str(), n - 1),
        }
    }
}

/// Per device of the topology (same order), its mark when one of its fields or the item itself
/// has a finding. The findings come errors first, so the first one sets the severity.
pub fn marks(topology: &Topology, diagnostics: &[Diagnostic]) -> Vec<Option<Mark>> {
    let mut marks: Vec<Option<Mark>> = vec![None; topology.devices.len()];
    let index: std::collections::HashMap<(List, usize), usize> = topology
        .devices
        .iter()
        .enumerate()
        .map(|(i, d)| ((list_of(d.tier), d.index), i))
        .collect();
    for d in diagnostics {
        // `index` holds positions in the topology's devices, the same as in `marks`.
        let Some(mark) = d
            .place
            .item()
            .and_then(|item| index.get(&item))
            .and_then(|&i| marks.get_mut(i))
        else {
            continue;
        };
        mark.get_or_insert_with(|| Mark {
            severity: d.severity,
            messages: Vec::new(),
        })
        .messages
        .push(d.message.clone());
    }
    marks
}

/// A device as the diagram's tooltip and screen readers name it: what it is, then its worst
/// problem.
pub fn device_text(topology: &Topology, i: usize, mark: Option<&Mark>) -> String {
    let Some(device) = topology.devices.get(i) else {
        // Not one of the topology's devices (no caller has such an index): only the problem.
        return mark.map(Mark::text).unwrap_or_default();
    };
    let mut text = device_title(device);
    if let Some(mark) = mark {
        text.push_str("; ");
        text.push_str(&mark.text());
    }
    text
}

/// A mark as SVG elements at a box's top right corner: a circle with "✕" for an error, a
/// triangle with "!" for a warning, a square with "i" for a note, so that no one needs the
/// colour.
pub fn mark_svg(mark: &Mark, b: &Placed) -> String {
    let (cx, cy) = (b.x + BOX_W - 2, b.y + 2);
    let (shape, glyph) = match mark.severity {
        Severity::Error => (format!("M{} {}a8 8 0 1 0 0.1 0z", cx, cy - 8), "✕"),
        Severity::Warning => (format!("M{} {}l9 16h-18z", cx, cy - 9), "!"),
        Severity::Info => (format!("M{} {}h14v14h-14z", cx - 7, cy - 7), "i"),
    };
    format!(
        r#"<g class="mark {}" aria-hidden="true"><path d="{shape}"/><text x="{cx}" y="{}">{glyph}</text></g>"#,
        mark.severity.as_str(),
        cy + 4
    )
}

/// The element id of a device's group in the page: `device-<tier>-<index in its list>`.
pub fn device_id(tier: Tier, index: usize) -> String {
    format!("device-{}-{index}", tier.key())
}

/// Reads a device back from its element id.
pub fn parse_device_id(id: &str) -> Option<(Tier, usize)> {
    let rest = id.strip_prefix("device-")?;
    let (key, index) = rest.split_once('-')?;
    let tier = Tier::ALL.into_iter().find(|t| t.key() == key)?;
    Some((tier, index.parse().ok()?))
}

/// The page's picture, inside its `<svg>`: the library's backdrop and device pieces, each
/// device a focusable group that names itself and its worst problem. One piece of markup, set
/// at once: as Leptos views per device and line the picture cost the page about 20 KB gzipped.
pub fn page_svg(topology: &Topology, layout: &Layout, marks: &[Option<Mark>]) -> String {
    let mut out = backdrop(layout, topology);
    for b in &layout.boxes {
        // The layout places the topology's own devices: each box's device is there.
        let Some(d) = topology.devices.get(b.device) else {
            continue;
        };
        let mark = marks.get(b.device).and_then(Option::as_ref);
        let severity = mark
            .map(|m| format!(r#" data-severity="{}""#, m.severity.as_str()))
            .unwrap_or_default();
        // The device and its worst problem, named once for screen readers (the label) and for
        // the pointer (the title).
        let text = markup_escape(&device_text(topology, b.device, mark)).into_owned();
        out.push_str(&format!(
            r#"<g id="{}" class="device {}"{severity} tabindex="0" role="button" aria-label="{text}. Enter: edit its fields." data-testid="diagram-device"><title>{text}</title>"#,
            device_id(d.tier, d.index),
            d.tier.key(),
        ));
        out.push_str(&device(b, d));
        if let Some(mark) = mark {
            out.push_str(&mark_svg(mark, b));
        }
        out.push_str("</g>\n");
    }
    out
}

/// Everything the page's diagram shows, drawn at once from the check's report.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Drawn {
    pub topology: Topology,
    pub marks: Vec<Option<Mark>>,
    /// The `viewBox` of the picture.
    pub view_box: String,
    /// The inside of the page's `<svg>` ([`page_svg`]).
    pub svg: String,
    /// The text alternative ([`list_html`]).
    pub list: String,
}

impl Drawn {
    /// Draws the picture, or says it would look as `previous` does: the layout is computed only
    /// when the devices, sessions, facts or problems it shows change, not on every keystroke.
    pub fn new(
        topology: &Topology,
        diagnostics: &[Diagnostic],
        previous: Option<&Drawn>,
    ) -> Option<Drawn> {
        let marks = marks(topology, diagnostics);
        if previous.is_some_and(|p| p.topology == *topology && p.marks == marks) {
            return None;
        }
        let layout = crate::render::topology::layout(topology);
        Some(Drawn {
            view_box: format!("0 0 {} {}", layout.width, layout.height),
            svg: page_svg(topology, &layout, &marks),
            list: list_html(topology, &marks),
            topology: topology.clone(),
            marks,
        })
    }

    /// What the status line says of a device (by its element id), or of the whole fabric.
    pub fn status(&self, focused: Option<&str>) -> String {
        let found = focused.and_then(parse_device_id).and_then(|(tier, index)| {
            self.topology
                .devices
                .iter()
                .position(|d| d.tier == tier && d.index == index)
        });
        match found {
            Some(i) => device_text(
                &self.topology,
                i,
                self.marks.get(i).and_then(Option::as_ref),
            ),
            None => crate::render::topology::summary(&self.topology),
        }
    }
}

/// The picture as an HTML list (the text alternative), every piece of plan text escaped.
pub fn list_html(topology: &Topology, marks: &[Option<Mark>]) -> String {
    let mut out = String::new();
    for tier in as_text(topology, marks) {
        out.push_str(&format!("<h3>{}</h3><ul>", markup_escape(&tier.heading)));
        for fact in &tier.facts {
            out.push_str(&format!(
                r#"<li class="muted">{}</li>"#,
                markup_escape(fact)
            ));
        }
        for device in &tier.devices {
            out.push_str(&format!("<li>{}</li>", markup_escape(device)));
        }
        out.push_str("</ul>");
    }
    out
}

/// One tier of the picture as text: its heading, its facts, and a line per device naming its
/// sessions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TierText {
    pub heading: String,
    pub facts: Vec<String>,
    pub devices: Vec<String>,
}

/// The picture as a list, the same facts in the same order.
pub fn as_text(topology: &Topology, marks: &[Option<Mark>]) -> Vec<TierText> {
    Tier::ALL
        .into_iter()
        .map(|tier| {
            let devices: Vec<String> = topology
                .tier(tier)
                .map(|(i, _)| {
                    let peers: Vec<String> = topology
                        .links
                        .iter()
                        .filter_map(|l| {
                            let other = if l.reflector == i {
                                l.peer
                            } else if l.peer == i {
                                l.reflector
                            } else {
                                return None;
                            };
                            // A link joins two of the topology's devices.
                            let other = topology.devices.get(other)?;
                            Some(format!(
                                "{} ({})",
                                other.label(),
                                Topology::sessions_text(l)
                            ))
                        })
                        .collect();
                    let mut line = device_text(topology, i, marks.get(i).and_then(Option::as_ref));
                    if !peers.is_empty() {
                        line.push_str("; sessions with ");
                        line.push_str(&peers.join(", "));
                    }
                    line
                })
                .collect();
            TierText {
                heading: format!("{} ({})", tier.title(), devices.len()),
                facts: topology.facts(tier).map(str::to_string).collect(),
                devices,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::check;
    use crate::plan::{read_plan, EXAMPLES};

    #[test]
    fn a_device_is_marked_with_its_worst_problem() {
        let mut plan = read_plan(EXAMPLES[0].1).unwrap();
        plan.nodes[1].ipv4 = Some("10.10.0.999".into());
        plan.nodes[1].os = "debian-12".into();
        let report = check(&plan);
        let marks = marks(&report.topology, &report.diagnostics);
        let (i, _) = report
            .topology
            .tier(Tier::Node)
            .nth(1)
            .expect("a second node");
        let mark = marks[i].as_ref().expect("the node is marked");
        assert_eq!(mark.severity, Severity::Error);
        assert!(mark.messages.len() >= 2, "{mark:?}");
        assert!(mark.text().contains("(and "), "{}", mark.text());
        let text = device_text(&report.topology, i, Some(mark));
        assert!(text.starts_with("kvm2, node: "), "{text}");
        assert!(text.contains("; error: "), "{text}");
        // Nothing else is marked for this node's mistakes.
        let others = marks
            .iter()
            .enumerate()
            .filter(|(j, m)| *j != i && m.is_some());
        assert_eq!(others.count(), 0);
    }

    #[test]
    fn the_list_names_every_device_and_session() {
        let report = check(&read_plan(EXAMPLES[0].1).unwrap());
        let marks = marks(&report.topology, &report.diagnostics);
        let text = as_text(&report.topology, &marks);
        assert_eq!(text.len(), 3);
        let all: Vec<&String> = text.iter().flat_map(|t| &t.devices).collect();
        assert_eq!(all.len(), report.topology.devices.len());
        let rr1 = all.iter().find(|l| l.starts_with("rr1,")).expect("rr1");
        assert!(
            rr1.contains("sessions with mx1 (IPv4 + IPv6), kvm1 (IPv4 + IPv6)"),
            "{rr1}"
        );
        assert_eq!(text[1].facts, ["AS 65000 · community 65000:100"]);
    }

    #[test]
    fn the_page_picture_escapes_plan_text_and_names_each_device() {
        let mut plan = read_plan(EXAMPLES[0].1).unwrap();
        plan.nodes[0].name = "<img src=x onerror=alert(1)>\"&".into();
        plan.community = Some("<script>".into());
        let report = check(&plan);
        let marks = marks(&report.topology, &report.diagnostics);
        let layout = crate::render::topology::layout(&report.topology);
        let svg = page_svg(&report.topology, &layout, &marks);
        assert!(!svg.contains("<img") && !svg.contains("<script"), "{svg}");
        assert!(
            svg.contains("&lt;img src=x onerror=alert(1)&gt;&quot;&amp;"),
            "{svg}"
        );
        let groups = svg.matches(r#"tabindex="0" role="button""#).count();
        assert_eq!(groups, report.topology.devices.len());
        assert!(svg.contains(r#"<g id="device-node-0" class="device node" data-severity="error""#));
        let list = list_html(&report.topology, &marks);
        assert!(
            !list.contains("<script") && list.contains("&lt;script&gt;"),
            "{list}"
        );
        for (tier, index) in [(Tier::Core, 0), (Tier::Node, 12)] {
            assert_eq!(
                parse_device_id(&device_id(tier, index)),
                Some((tier, index))
            );
        }
        assert_eq!(parse_device_id("device-x-1"), None);
        assert_eq!(parse_device_id("field-nodes-1"), None);
    }

    #[test]
    fn the_picture_is_drawn_again_only_when_what_it_shows_changes() {
        let mut plan = read_plan(EXAMPLES[0].1).unwrap();
        let report = check(&plan);
        let first = Drawn::new(&report.topology, &report.diagnostics, None).unwrap();
        assert!(Drawn::new(&report.topology, &report.diagnostics, Some(&first)).is_none());
        // A VM's address is not in the picture.
        plan.vms[0].ipv4 = Some("203.0.113.99".into());
        let report = check(&plan);
        assert!(Drawn::new(&report.topology, &report.diagnostics, Some(&first)).is_none());
        // A node's name is, and so is a new problem.
        plan.nodes[0].name = "kvm9".into();
        let report = check(&plan);
        let renamed = Drawn::new(&report.topology, &report.diagnostics, Some(&first)).unwrap();
        assert!(renamed.svg.contains(">kvm9</text>"));
        plan.nodes[0].os = "debian-12".into();
        let report = check(&plan);
        let marked = Drawn::new(&report.topology, &report.diagnostics, Some(&renamed)).unwrap();
        assert!(marked.svg.contains(r#"class="mark error""#));
        assert!(marked
            .status(Some("device-node-0"))
            .starts_with("kvm9, node: "));
        assert!(marked.status(None).ends_with("BGP sessions."));
    }
}
