//! The fabric as a graph: its devices, the BGP sessions between them and the facts that belong
//! to each tier. `check` builds it from the plan as typed (errors and all), so the page can draw
//! a half-finished plan; a fabric keeps the one its plan gave, for the bundle's `topology.svg`
//! and the runbook's Mermaid diagram. Geometry is `render::topology`'s.

use super::PerFamily;

/// The three tiers of the fabric, top to bottom.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Tier {
    Core,
    Reflector,
    Node,
}

impl Tier {
    pub const ALL: [Tier; 3] = [Tier::Core, Tier::Reflector, Tier::Node];

    /// The tier's name as a heading.
    pub fn title(self) -> &'static str {
        match self {
            Tier::Core => "Core gateways",
            Tier::Reflector => "Route reflectors",
            Tier::Node => "Nodes",
        }
    }

    /// One device of the tier, for a sentence.
    pub fn noun(self) -> &'static str {
        match self {
            Tier::Core => "core gateway",
            Tier::Reflector => "route reflector",
            Tier::Node => "node",
        }
    }

    /// A short key: CSS classes, Mermaid ids.
    pub fn key(self) -> &'static str {
        match self {
            Tier::Core => "core",
            Tier::Reflector => "rr",
            Tier::Node => "node",
        }
    }
}

/// One device: a core gateway, a route reflector or a node.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Device {
    pub tier: Tier,
    /// Its index in the plan's list of its tier.
    pub index: usize,
    /// The name as typed, without hidden characters; may be empty in a plan with errors.
    pub name: String,
    /// The families it has an address of.
    pub families: PerFamily<bool>,
    /// What the diagram shows under the name: a core's AS and platform, a reflector's sessions
    /// against the limit, a node's VM count.
    pub detail: String,
}

impl Device {
    /// Its name, or for a device without one its tier and number, so that it can be named.
    pub fn label(&self) -> String {
        if self.name.is_empty() {
            format!("{} {}", self.tier.noun(), self.index + 1)
        } else {
            self.name.clone()
        }
    }
}

/// The sessions between a route reflector and one peer (a node or a core gateway).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Link {
    /// Index into `Topology::devices` of the route reflector.
    pub reflector: usize,
    /// Index into `Topology::devices` of the peer.
    pub peer: usize,
    /// One session per family both ends have.
    pub families: PerFamily<bool>,
    /// The IPv4 session also carries EVPN (VxLAN fabrics, towards nodes).
    pub evpn: bool,
    /// eBGP (a core gateway in another AS) rather than iBGP.
    pub ebgp: bool,
}

/// The whole graph.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Topology {
    /// Core gateways, then route reflectors, then nodes, each in plan order.
    pub devices: Vec<Device>,
    /// Reflector by reflector, in device order of the peer.
    pub links: Vec<Link>,
    /// Per tier, the facts that belong there (the fabric's AS and community at the reflectors,
    /// the VMs' gateway and pools at the nodes), each one short line.
    pub facts: Vec<(Tier, String)>,
}

impl Topology {
    pub fn tier(&self, tier: Tier) -> impl Iterator<Item = (usize, &Device)> {
        self.devices
            .iter()
            .enumerate()
            .filter(move |(_, d)| d.tier == tier)
    }

    /// A link's route reflector and peer. `check` builds every link between two of the
    /// devices, so this is `None` only for a topology put together otherwise.
    pub fn ends(&self, link: &Link) -> Option<(&Device, &Device)> {
        Some((
            self.devices.get(link.reflector)?,
            self.devices.get(link.peer)?,
        ))
    }

    /// The facts of one tier.
    pub fn facts(&self, tier: Tier) -> impl Iterator<Item = &str> {
        self.facts
            .iter()
            .filter(move |(t, _)| *t == tier)
            .map(|(_, text)| text.as_str())
    }

    /// The sessions of a link as words: "IPv4 + IPv6", "IPv4 with EVPN".
    pub fn sessions_text(link: &Link) -> String {
        let mut parts: Vec<&str> = Vec::new();
        if link.families.v4 {
            parts.push(if link.evpn { "IPv4 with EVPN" } else { "IPv4" });
        }
        if link.families.v6 {
            parts.push("IPv6");
        }
        let mut text = parts.join(" + ");
        if link.ebgp {
            text.push_str(" (eBGP)");
        }
        text
    }
}
