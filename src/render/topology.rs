//! The fabric's picture: a layout computed from the topology (tiers top to bottom: core
//! gateways, route reflectors, nodes in rows that wrap), written as the bundle's self-contained
//! `topology.svg`; the page draws the very same layout with its own view. The runbook carries the
//! same graph as Mermaid text, which Git hosting renders.
//!
//! There are no font metrics here: boxes have one size, and a name longer than a box holds is
//! shortened with "…" while the full name stays in the device's `<title>`.

use crate::model::topology::{Device, Link, Tier, Topology};
use crate::model::{plural, Family};
use crate::render::writer::Writer;
use crate::text::markup_escape;

/// A device box's size and the space between boxes.
pub const BOX_W: u32 = 128;
pub const BOX_H: u32 = 44;
const GAP_X: u32 = 12;
/// The most boxes in one row: four keep the text legible when the page fits the picture into
/// half a 1280-pixel screen.
const COLS: usize = 4;
const MARGIN: u32 = 16;
/// The column on the left that holds each tier's heading and facts, clear of the lines.
const SIDE_W: u32 = 124;
/// The characters a line of the side column holds at 11 px.
const SIDE_CHARS: usize = 18;
/// The most lines of facts a tier shows; the last one ends in "…" when there is more.
const SIDE_LINES: usize = 6;
const SIDE_LINE_H: u32 = 15;
const ROW_GAP: u32 = 28;
const TIER_GAP: u32 = 64;
const LEGEND_H: u32 = 24;
/// The characters a box holds: a name in bold at 12 px, the detail at 11 px.
const NAME_CHARS: usize = 16;
const DETAIL_CHARS: usize = 20;

/// How one BGP session is drawn: one line per family, side by side, each with its own dash
/// pattern so that nothing depends on colour alone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineKind {
    V4,
    V6,
    Evpn,
}

impl LineKind {
    pub const ALL: [LineKind; 3] = [LineKind::V4, LineKind::V6, LineKind::Evpn];

    /// The CSS class of the page's lines.
    pub fn class(self) -> &'static str {
        match self {
            LineKind::V4 => "v4",
            LineKind::V6 => "v6",
            LineKind::Evpn => "evpn",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            LineKind::V4 => "IPv4 session",
            LineKind::V6 => "IPv6 session",
            LineKind::Evpn => "EVPN (VxLAN) on the IPv4 session",
        }
    }

    /// `stroke-dasharray`: IPv4 solid, IPv6 dashed, EVPN dotted.
    pub fn dashes(self) -> Option<&'static str> {
        match self {
            LineKind::V4 => None,
            LineKind::V6 => Some("7 4"),
            LineKind::Evpn => Some("2 3"),
        }
    }

    fn colour(self) -> &'static str {
        match self {
            LineKind::V4 => "#2563eb",
            LineKind::V6 => "#9333ea",
            LineKind::Evpn => "#0d9488",
        }
    }

    /// The sideways offset of the line, so that a link's families lie side by side.
    fn offset(self) -> i32 {
        match self {
            LineKind::V4 => -4,
            LineKind::V6 => 4,
            LineKind::Evpn => 0,
        }
    }
}

/// A piece of text at a point (its baseline's start).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Label {
    pub x: u32,
    pub y: u32,
    pub text: String,
    /// A tier's heading (bold), rather than one of its facts.
    pub heading: bool,
}

/// One device's box.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Placed {
    /// Index into `Topology::devices`.
    pub device: usize,
    pub x: u32,
    pub y: u32,
    /// The name, shortened to fit.
    pub name: String,
    /// The detail line, shortened to fit.
    pub detail: String,
}

/// One line of one session.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Line {
    /// Index into `Topology::links`.
    pub link: usize,
    pub kind: LineKind,
    pub x1: i32,
    pub y1: u32,
    pub x2: i32,
    pub y2: u32,
}

/// Where everything goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Layout {
    pub width: u32,
    pub height: u32,
    /// Tier headings and their facts.
    pub captions: Vec<Label>,
    pub boxes: Vec<Placed>,
    pub lines: Vec<Line>,
    /// Where the legend's row starts (its baseline).
    pub legend: u32,
}

/// `text` cut to `max` characters, the last one "…" when cut.
pub fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let mut out: String = text.chars().take(max.saturating_sub(1)).collect();
    out.push('…');
    out
}

/// `text` in lines of at most `max` characters, broken between words (a word longer than a
/// line is shortened), at most `lines` of them.
pub fn wrap(text: &str, max: usize, lines: usize) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut current = String::new();
    for word in text.split_whitespace() {
        let word = shorten(word, max);
        if !current.is_empty() && current.chars().count() + 1 + word.chars().count() > max {
            out.push(std::mem::take(&mut current));
        }
        if !current.is_empty() {
            current.push(' ');
        }
        current.push_str(&word);
    }
    if !current.is_empty() {
        out.push(current);
    }
    if out.len() > lines {
        out.truncate(lines);
        mark_cut(&mut out, max);
    }
    out
}

/// Ends the last line with "…" (within `max` characters): more text followed that had no room.
fn mark_cut(lines: &mut [String], max: usize) {
    if let Some(last) = lines.last_mut() {
        if !last.ends_with('…') {
            *last = format!(
                "{}…",
                shorten(last, max.saturating_sub(1)).trim_end_matches('…')
            );
        }
    }
}

fn width(topology: &Topology) -> u32 {
    let widest = Tier::ALL
        .into_iter()
        .map(|t| topology.tier(t).count().min(COLS))
        .max()
        .unwrap_or(0)
        .max(2) as u32;
    2 * MARGIN + SIDE_W + widest * (BOX_W + GAP_X) - GAP_X
}

pub fn layout(topology: &Topology) -> Layout {
    let width = width(topology);
    let mut captions = Vec::new();
    let mut boxes = Vec::with_capacity(topology.devices.len());
    let mut at: Vec<(u32, u32)> = vec![(0, 0); topology.devices.len()];
    let mut y = MARGIN;
    for tier in Tier::ALL {
        let members: Vec<(usize, &Device)> = topology.tier(tier).collect();
        let heading = if members.is_empty() {
            format!("{}: none yet", tier.title())
        } else {
            format!("{} ({})", tier.title(), members.len())
        };
        // The facts share the column's lines: each is wrapped, and what does not fit is cut
        // with "…" on the last line shown (a long gateway text can fill them all).
        let mut facts: Vec<String> = Vec::new();
        for fact in topology.facts(tier) {
            let room = SIDE_LINES + 1 - facts.len().min(SIDE_LINES);
            facts.extend(wrap(fact, SIDE_CHARS, room));
            if facts.len() > SIDE_LINES {
                facts.truncate(SIDE_LINES);
                mark_cut(&mut facts, SIDE_CHARS);
                break;
            }
        }
        let mut side = vec![(heading, true)];
        side.extend(facts.into_iter().map(|l| (l, false)));
        for (k, (text, heading)) in side.iter().enumerate() {
            captions.push(Label {
                x: MARGIN,
                y: y + 14 + k as u32 * SIDE_LINE_H,
                text: text.clone(),
                heading: *heading,
            });
        }
        let side_h = side.len() as u32 * SIDE_LINE_H + 4;
        let rows = members.len().div_ceil(COLS) as u32;
        let boxes_h = (rows * (BOX_H + ROW_GAP)).saturating_sub(ROW_GAP);
        let area = width - 2 * MARGIN - SIDE_W;
        for (r, row) in members.chunks(COLS).enumerate() {
            let row_y = y + r as u32 * (BOX_H + ROW_GAP);
            let row_width = row.len() as u32 * (BOX_W + GAP_X) - GAP_X;
            let mut x = MARGIN + SIDE_W + (area - row_width) / 2;
            for &(i, device) in row {
                // i enumerates topology.devices, which `at` has an entry for each of.
                if let Some(slot) = at.get_mut(i) {
                    *slot = (x, row_y);
                }
                boxes.push(Placed {
                    device: i,
                    x,
                    y: row_y,
                    name: shorten(&device.label(), NAME_CHARS),
                    detail: shorten(&device.detail, DETAIL_CHARS),
                });
                x += BOX_W + GAP_X;
            }
        }
        y += side_h.max(boxes_h) + TIER_GAP;
    }
    let lines = lines(topology, &at);
    let legend = y - TIER_GAP + 28;
    Layout {
        width,
        height: legend + LEGEND_H - 12 + MARGIN,
        captions,
        boxes,
        lines,
        legend,
    }
}

/// From the reflector's box to the peer's: downwards to a node (bottom edge to top edge),
/// upwards to a core gateway.
fn lines(topology: &Topology, at: &[(u32, u32)]) -> Vec<Line> {
    let mut lines = Vec::new();
    for (l, link) in topology.links.iter().enumerate() {
        // `at` has an entry per device; a link between devices the topology does not have
        // (never built so) is not drawn.
        let (Some(&(rx, ry)), Some(&(px, py)), Some((_, peer))) = (
            at.get(link.reflector),
            at.get(link.peer),
            topology.ends(link),
        ) else {
            continue;
        };
        let (y1, y2) = if peer.tier == Tier::Core {
            (ry, py + BOX_H)
        } else {
            (ry + BOX_H, py)
        };
        let kinds = [
            (LineKind::V4, link.families.v4),
            (LineKind::V6, link.families.v6),
            (LineKind::Evpn, link.evpn),
        ];
        for (kind, shown) in kinds {
            if shown {
                let mid = |x: u32| (x + BOX_W / 2) as i32 + kind.offset();
                lines.push(Line {
                    link: l,
                    kind,
                    x1: mid(rx),
                    y1,
                    x2: mid(px),
                    y2,
                });
            }
        }
    }
    lines
}

/// The sessions of a link and its ends, for a title: "rr1 – kvm1: IPv4 + IPv6".
pub fn link_title(topology: &Topology, link: &Link) -> String {
    // A link always joins two of the topology's devices; were it not, the sessions alone.
    let Some((reflector, peer)) = topology.ends(link) else {
        return Topology::sessions_text(link);
    };
    format!(
        "{} – {}: {}",
        reflector.label(),
        peer.label(),
        Topology::sessions_text(link)
    )
}

/// A device as one sentence: "kvm1, node: KVM · 3 VMs; IPv4, IPv6".
pub fn device_title(device: &Device) -> String {
    let families: Vec<&str> = Family::BOTH
        .into_iter()
        .filter(|f| device.families[*f])
        .map(Family::label)
        .collect();
    let families = if families.is_empty() {
        "no address yet".to_string()
    } else {
        families.join(", ")
    };
    format!(
        "{}, {}: {}; {families}",
        device.label(),
        device.tier.noun(),
        device.detail
    )
}

/// What the picture shows, in one sentence (the SVG's description, the page's summary).
pub fn summary(topology: &Topology) -> String {
    let count = |tier| topology.tier(tier).count();
    let sessions: usize = topology
        .links
        .iter()
        .map(|l| usize::from(l.families.v4) + usize::from(l.families.v6))
        .sum();
    let tiers: Vec<String> = Tier::ALL
        .into_iter()
        .map(|t| plural(count(t), t.noun()))
        .collect();
    format!("{}; {}.", tiers.join(", "), plural(sessions, "BGP session"))
}

fn tier_colours(tier: Tier) -> (&'static str, &'static str) {
    match tier {
        Tier::Core => ("#fef3c7", "#92400e"),
        Tier::Reflector => ("#dbeafe", "#1e40af"),
        Tier::Node => ("#f1f5f9", "#334155"),
    }
}

/// `topology.svg`: self-contained (no styles, no scripts, no fonts), opens in any browser,
/// every device name as text. Every element also carries a class, so that the page, which
/// draws the same pieces ([`backdrop`], [`device`]), restyles them with CSS (dark mode): a CSS
/// rule wins over a presentation attribute.
pub fn svg(title: &str, topology: &Topology) -> String {
    let layout = layout(topology);
    let (w, h) = (layout.width, layout.height);
    let mut out = Writer::new("  ");
    out.line_args(format_args!(
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" viewBox="0 0 {w} {h}" font-family="sans-serif" font-size="12" role="img" aria-labelledby="title desc">"#
    ));
    out.indent(|out| {
        out.line_args(format_args!(
            r#"<title id="title">Fabric: {}</title>"#,
            markup_escape(title)
        ));
        out.line_args(format_args!(
            r#"<desc id="desc">{}</desc>"#,
            markup_escape(&summary(topology))
        ));
        out.line_args(format_args!(
            r##"<rect width="{w}" height="{h}" fill="#ffffff"/>"##
        ));
        write_backdrop(out, &layout, topology);
        for b in &layout.boxes {
            // The layout of this very topology: a box per device.
            let Some(d) = topology.devices.get(b.device) else {
                continue;
            };
            out.block(
                format!(r#"<g class="device {}">"#, d.tier.key()),
                "</g>",
                |out| {
                    out.line_args(format_args!(
                        "<title>{}</title>",
                        markup_escape(&device_title(d))
                    ));
                    write_device(out, b, d);
                },
            );
        }
    });
    out.line("</svg>");
    out.finish()
}

/// The captions, the lines and the legend: everything but the devices, as SVG elements.
pub fn backdrop(layout: &Layout, topology: &Topology) -> String {
    let mut out = Writer::new("");
    write_backdrop(&mut out, layout, topology);
    out.finish()
}

/// A device's box and text, as SVG elements (without its title or group).
pub fn device(b: &Placed, device: &Device) -> String {
    let mut out = Writer::new("");
    write_device(&mut out, b, device);
    out.finish()
}

fn write_backdrop(out: &mut Writer, layout: &Layout, topology: &Topology) {
    for c in &layout.captions {
        let (class, weight) = if c.heading {
            ("caption heading", r#" font-weight="bold""#)
        } else {
            ("caption", r#" font-size="11""#)
        };
        out.line_args(format_args!(
            r##"<text class="{class}" x="{}" y="{}"{weight} fill="#1e293b">{}</text>"##,
            c.x,
            c.y,
            markup_escape(&c.text)
        ));
    }
    out.block(r#"<g fill="none" stroke-width="1.5">"#, "</g>", |out| {
        // A link's lines (one per family) share its title: made once per link.
        let mut title: Option<(usize, String)> = None;
        for line in &layout.lines {
            if title.as_ref().is_none_or(|(l, _)| *l != line.link) {
                // A line is of one of the topology's links (were it not: no title).
                let text = topology
                    .links
                    .get(line.link)
                    .map(|link| link_title(topology, link))
                    .unwrap_or_default();
                title = Some((line.link, markup_escape(&text).into_owned()));
            }
            let text = title.as_ref().map_or("", |(_, t)| t.as_str());
            out.line_args(format_args!(
                r#"<line class="line {}" x1="{}" y1="{}" x2="{}" y2="{}" stroke="{}"{}><title>{}</title></line>"#,
                line.kind.class(),
                line.x1,
                line.y1,
                line.x2,
                line.y2,
                line.kind.colour(),
                dash_attribute(line.kind),
                text
            ));
        }
    });
    let mut x = MARGIN;
    for kind in LineKind::ALL {
        out.line_args(format_args!(
            r#"<line class="line {}" x1="{x}" y1="{}" x2="{}" y2="{}" stroke="{}" stroke-width="1.5"{}/>"#,
            kind.class(),
            layout.legend - 4,
            x + 28,
            layout.legend - 4,
            kind.colour(),
            dash_attribute(kind)
        ));
        out.line_args(format_args!(
            r##"<text class="caption" x="{}" y="{}" font-size="11" fill="#1e293b">{}</text>"##,
            x + 34,
            layout.legend,
            kind.label()
        ));
        x += 34 + 8 * kind.label().len() as u32;
    }
}

/// The `stroke-dasharray` attribute of a kind's lines (with its leading space), or nothing.
fn dash_attribute(kind: LineKind) -> &'static str {
    match kind {
        LineKind::V4 => "",
        LineKind::V6 => r#" stroke-dasharray="7 4""#,
        LineKind::Evpn => r#" stroke-dasharray="2 3""#,
    }
}

fn write_device(out: &mut Writer, b: &Placed, device: &Device) {
    let (fill, stroke) = tier_colours(device.tier);
    out.line_args(format_args!(
        r#"<rect x="{}" y="{}" width="{BOX_W}" height="{BOX_H}" rx="6" fill="{fill}" stroke="{stroke}"/>"#,
        b.x, b.y
    ));
    out.line_args(format_args!(
        r##"<text class="name" x="{}" y="{}" font-weight="bold" fill="#0f172a">{}</text>"##,
        b.x + 8,
        b.y + 18,
        markup_escape(&b.name)
    ));
    out.line_args(format_args!(
        r##"<text class="detail" x="{}" y="{}" font-size="11" fill="#475569">{}</text>"##,
        b.x + 8,
        b.y + 35,
        markup_escape(&b.detail)
    ));
}

/// Text for a Mermaid label in double quotes: Mermaid's own entity for a quote, and `<`/`>`
/// as entities so that no label becomes markup.
fn mermaid_text(text: &str) -> String {
    text.replace('"', "#quot;")
        .replace('<', "#lt;")
        .replace('>', "#gt;")
}

/// The graph as a Mermaid flowchart, for the runbook (Git hosting draws it).
pub fn mermaid(w: &mut Writer, topology: &Topology) {
    let id = |d: &Device| format!("{}{}", d.tier.key(), d.index + 1);
    w.line("```mermaid");
    w.line("flowchart TB");
    w.indent(|w| {
        for tier in Tier::ALL {
            let mut members = topology.tier(tier).peekable();
            if members.peek().is_none() {
                continue;
            }
            let mut heading = vec![mermaid_text(tier.title())];
            heading.extend(topology.facts(tier).map(mermaid_text));
            w.block(
                format!("subgraph {}s[\"{}\"]", tier.key(), heading.join("<br/>")),
                "end",
                |w| {
                    for (_, d) in members {
                        w.line_args(format_args!(
                            "{}[\"{}<br/>{}\"]",
                            id(d),
                            mermaid_text(&d.label()),
                            mermaid_text(&d.detail)
                        ));
                    }
                },
            );
        }
        for link in &topology.links {
            // A link always joins two of the topology's devices; were it not, it is left out.
            let Some((reflector, peer)) = topology.ends(link) else {
                continue;
            };
            w.line_args(format_args!(
                "{} ---|\"{}\"| {}",
                id(reflector),
                mermaid_text(&Topology::sessions_text(link)),
                id(peer)
            ));
        }
    });
    w.line("```");
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::check;
    use crate::model::SESSION_LIMIT;
    use crate::plan::generate::ipv4_fabric;
    use crate::plan::{read_plan, EXAMPLES};

    fn overlaps(a: &Placed, b: &Placed) -> bool {
        a.x < b.x + BOX_W && b.x < a.x + BOX_W && a.y < b.y + BOX_H && b.y < a.y + BOX_H
    }

    /// Every device has one box inside the picture, no two boxes overlap, no row is wider than
    /// `COLS`, no caption runs into the boxes, and every line runs between its two boxes.
    fn assert_sound(topology: &Topology, layout: &Layout) {
        assert_eq!(layout.boxes.len(), topology.devices.len());
        for (k, b) in layout.boxes.iter().enumerate() {
            assert!(b.x + BOX_W + MARGIN <= layout.width, "{b:?}");
            assert!(b.y + BOX_H < layout.legend, "{b:?}");
            assert!(b.x >= MARGIN + SIDE_W);
            for other in &layout.boxes[k + 1..] {
                assert!(!overlaps(b, other), "{b:?} {other:?}");
            }
            assert!(b.name.chars().count() <= NAME_CHARS);
            assert!(b.detail.chars().count() <= DETAIL_CHARS);
        }
        for c in &layout.captions {
            assert!(c.text.chars().count() <= SIDE_CHARS.max(40), "{c:?}");
            assert!(c.y < layout.height);
        }
        for line in &layout.lines {
            let link = &topology.links[line.link];
            let ends = [link.reflector, link.peer].map(|d| {
                layout
                    .boxes
                    .iter()
                    .find(|b| b.device == d)
                    .expect("a box per device")
            });
            for (end, (x, y)) in ends.iter().zip([(line.x1, line.y1), (line.x2, line.y2)]) {
                let centre = (end.x + BOX_W / 2) as i32;
                assert!((x - centre).abs() <= 4, "{line:?} {end:?}");
                assert!(y == end.y || y == end.y + BOX_H, "{line:?} {end:?}");
            }
        }
    }

    #[test]
    fn layouts_hold_from_one_node_to_the_session_limit() {
        for nodes in [0, 1, 4, 5, 9, 30, 31] {
            let report = check(&ipv4_fabric(nodes, nodes * 2));
            let layout = layout(&report.topology);
            assert_sound(&report.topology, &layout);
            let rows = layout
                .boxes
                .iter()
                .filter(|b| report.topology.devices[b.device].tier == Tier::Node)
                .map(|b| b.y)
                .collect::<std::collections::BTreeSet<_>>()
                .len();
            assert_eq!(rows, nodes.div_ceil(COLS), "{nodes} nodes");
        }
        for (name, text) in EXAMPLES {
            let report = check(&read_plan(text).unwrap());
            assert_sound(&report.topology, &layout(&report.topology));
            assert!(!report.topology.devices.is_empty(), "{name}");
        }
    }

    /// A gateway text of many words fills the nodes' side column; the pools' fact after it
    /// has no room left and is cut with "…", never a panic (it once aborted the page).
    #[test]
    fn facts_that_overflow_the_side_column_are_cut() {
        let text = r#"{"version": 1, "asn": 65000, "gateway": {"ipv6": "2001:db8::1 2001:db8::2 2001:db8::3 2001:db8::4 2001:db8::5"}, "pools": [{"name": "p", "ranges": []}]}"#;
        let report = check(&read_plan(text).unwrap());
        let layout = layout(&report.topology);
        assert_sound(&report.topology, &layout);
        let nodes = report.topology.facts(Tier::Node).count();
        assert!(
            nodes >= 2,
            "the gateway and the pools are facts of the nodes' tier"
        );
        let mut lines: Vec<&Label> = Vec::new();
        let mut tier = 0;
        for label in &layout.captions {
            if label.heading {
                tier += 1;
            } else if tier == 3 {
                lines.push(label);
            }
        }
        assert_eq!(lines.len(), SIDE_LINES, "{:?}", layout.captions);
        assert!(lines.iter().all(|l| l.text.chars().count() <= SIDE_CHARS));
        assert!(lines[SIDE_LINES - 1].text.ends_with('…'), "{lines:?}");
        for room in 0..4 {
            assert!(wrap("a b c d e f", 3, room).len() <= room);
        }
        assert_eq!(wrap("aaa bbb ccc", 3, 2), ["aaa", "b…"]);
    }

    #[test]
    fn sessions_are_drawn_as_counted() {
        for (name, text) in EXAMPLES {
            let report = check(&read_plan(text).unwrap());
            let t = &report.topology;
            for s in &report.sessions {
                let r = t
                    .devices
                    .iter()
                    .position(|d| d.tier == Tier::Reflector && d.index == s.index)
                    .unwrap();
                for family in Family::BOTH {
                    let drawn = t
                        .links
                        .iter()
                        .filter(|l| l.reflector == r && l.families[family])
                        .count();
                    assert_eq!(drawn, s.count[family], "{name} {family:?}");
                }
                let words = format!("{}/{SESSION_LIMIT} sessions", s.total());
                assert_eq!(t.devices[r].detail, words, "{name}");
            }
        }
    }

    #[test]
    fn long_names_are_shortened_with_the_full_name_in_the_title() {
        let mut plan = ipv4_fabric(2, 0);
        plan.nodes[0].name = "a-very-long-node-name-indeed".into();
        let report = check(&plan);
        let layout = layout(&report.topology);
        let b = layout
            .boxes
            .iter()
            .find(|b| b.name.starts_with("a-very"))
            .unwrap();
        assert_eq!(b.name, "a-very-long-nod…");
        let svg = svg("x", &report.topology);
        assert!(
            svg.contains("<title>a-very-long-node-name-indeed, node: "),
            "{svg}"
        );
        assert_eq!(shorten("abc", 3), "abc");
        assert_eq!(shorten("abcd", 3), "ab…");
        assert_eq!(
            wrap("Pools: one, two, three, four", 12, 2),
            ["Pools: one,", "two, three,…"]
        );
        assert_eq!(wrap("", 12, 2), Vec::<String>::new());
    }

    /// Tags open and close in order, every attribute value is quoted, and no text holds a raw
    /// `<`, `>` or `&` that is not an entity: enough to know any browser reads the file.
    fn assert_well_formed(xml: &str) {
        let mut open: Vec<&str> = Vec::new();
        let mut rest = xml;
        while let Some(start) = rest.find('<') {
            let text = &rest[..start];
            assert!(!text.contains('>'), "raw > in {text:?}");
            for (i, _) in text.match_indices('&') {
                let entity = &text[i..];
                assert!(
                    ["&amp;", "&lt;", "&gt;", "&quot;", "&#39;"]
                        .iter()
                        .any(|e| entity.starts_with(e)),
                    "bare & in {text:?}"
                );
            }
            let end = rest[start..].find('>').expect("tag closes") + start;
            let tag = &rest[start + 1..end];
            assert!(tag.matches('"').count().is_multiple_of(2), "{tag}");
            if let Some(name) = tag.strip_prefix('/') {
                assert_eq!(open.pop(), Some(name), "closing {name}");
            } else if !tag.ends_with('/') {
                open.push(tag.split_whitespace().next().unwrap());
            }
            rest = &rest[end + 1..];
        }
        assert!(open.is_empty(), "unclosed {open:?}");
        assert_eq!(rest.trim(), "");
    }

    #[test]
    fn the_svg_is_well_formed_and_escapes_every_text() {
        for (_, text) in EXAMPLES {
            let plan = read_plan(text).unwrap();
            let report = check(&plan);
            assert_well_formed(&svg(&plan.name, &report.topology));
        }
        // A plan with errors is drawn too; markup in its text stays text.
        let mut plan = ipv4_fabric(3, 3);
        plan.nodes[1].name = "<script>&\"'x".into();
        plan.community = Some("</text><a href=\"x\">".into());
        let report = check(&plan);
        assert!(report.fabric.is_none());
        let svg = svg("<b>&", &report.topology);
        assert_well_formed(&svg);
        assert!(svg.contains("&lt;script&gt;&amp;&quot;&#39;x"), "{svg}");
        assert!(svg.contains("Fabric: &lt;b&gt;&amp;"), "{svg}");
        assert!(!svg.contains("<script") && !svg.contains("<a "), "{svg}");
    }

    #[test]
    fn the_file_dashes_its_lines_as_the_page_does() {
        for kind in LineKind::ALL {
            let expected = kind
                .dashes()
                .map(|d| format!(r#" stroke-dasharray="{d}""#))
                .unwrap_or_default();
            assert_eq!(dash_attribute(kind), expected);
        }
    }

    #[test]
    fn mermaid_labels_hold_no_markup_or_quotes() {
        let mut plan = ipv4_fabric(2, 0);
        plan.nodes[0].name = "n\"<b>".into();
        let report = check(&plan);
        let mut w = Writer::new("");
        mermaid(&mut w, &report.topology);
        let text = w.finish();
        assert!(text.contains("node1[\"n#quot;#lt;b#gt;<br/>"), "{text}");
        assert!(text.starts_with("```mermaid\nflowchart TB\n"));
        assert!(text.ends_with("```\n"));
    }
}
