//! Which field: every editable field of the plan ([`Field`], [`Guard`], the lists' items of
//! [`List`]), its JSON Pointer (the path diagnostics use) and back, its element id, and where a
//! diagnostic's path takes the user on the page.

use crate::model::Family;
use crate::plan::Plan;

/// The lists of a plan that the form can add to, remove from and duplicate in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum List {
    Pools,
    RouteReflectors,
    CoreGateways,
    Nodes,
    Vms,
}

impl List {
    pub const ALL: [List; 5] = [
        List::Pools,
        List::RouteReflectors,
        List::CoreGateways,
        List::Nodes,
        List::Vms,
    ];

    /// The plan's field name, the first token of the list's JSON Pointer.
    pub fn key(self) -> &'static str {
        match self {
            List::Pools => "pools",
            List::RouteReflectors => "route_reflectors",
            List::CoreGateways => "core_gateways",
            List::Nodes => "nodes",
            List::Vms => "vms",
        }
    }

    fn from_key(key: &str) -> Option<List> {
        List::ALL.into_iter().find(|l| l.key() == key)
    }

    pub fn len(self, plan: &Plan) -> usize {
        match self {
            List::Pools => plan.pools.len(),
            List::RouteReflectors => plan.route_reflectors.len(),
            List::CoreGateways => plan.core_gateways.len(),
            List::Nodes => plan.nodes.len(),
            List::Vms => plan.vms.len(),
        }
    }

    /// The fields of one item, in form order.
    pub fn fields(self, i: usize) -> Vec<Field> {
        match self {
            List::Pools => vec![Field::PoolName(i)],
            List::RouteReflectors => vec![
                Field::RrName(i),
                Field::RrKind(i),
                Field::RrAddr(i, Family::V4),
                Field::RrAddr(i, Family::V6),
            ],
            List::CoreGateways => vec![
                Field::CoreName(i),
                Field::CorePlatform(i),
                Field::CoreAsn(i),
                Field::CoreAddr(i, Family::V4),
                Field::CoreAddr(i, Family::V6),
            ],
            List::Nodes => vec![
                Field::NodeName(i),
                Field::NodeVirtualization(i),
                Field::NodeOs(i),
                Field::NodeAddr(i, Family::V4),
                Field::NodeAddr(i, Family::V6),
            ],
            List::Vms => vec![
                Field::VmName(i),
                Field::VmNode(i),
                Field::VmAddr(i, Family::V4),
                Field::VmAddr(i, Family::V6),
            ],
        }
    }

    /// The texts of item `i`'s fields, in the order of [`List::fields`], followed for a pool by
    /// its ranges; empty when the item does not exist. The form keeps one memo of this per
    /// shown item, so a keystroke wakes the inputs of one item, not of every item.
    pub fn values(self, plan: &Plan, i: usize) -> Vec<String> {
        let mut out: Vec<String> = self
            .fields(i)
            .into_iter()
            .map_while(|f| f.get(plan))
            .collect();
        if self == List::Pools {
            if let Some(pool) = plan.pools.get(i) {
                out.extend(pool.ranges.iter().cloned());
            }
        }
        out
    }

    /// The field at position `k` of [`List::values`]: a field of the item, or for a pool one of
    /// its ranges.
    pub fn field_at(self, i: usize, k: usize) -> Option<Field> {
        let fields = self.fields(i);
        match fields.get(k) {
            Some(f) => Some(*f),
            None if self == List::Pools => Some(Field::PoolRange(i, k - fields.len())),
            None => None,
        }
    }
}

/// One editable field of the plan.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Field {
    Name,
    Asn,
    Community,
    Gateway(Family),
    Underlay(Family),
    Vxlan,
    FrrVersion,
    PoolName(usize),
    PoolRange(usize, usize),
    RrName(usize),
    RrKind(usize),
    RrAddr(usize, Family),
    CoreName(usize),
    CorePlatform(usize),
    CoreAsn(usize),
    CoreAddr(usize, Family),
    NodeName(usize),
    NodeVirtualization(usize),
    NodeOs(usize),
    NodeAddr(usize, Family),
    VmName(usize),
    VmNode(usize),
    VmAddr(usize, Family),
    Protection(Guard),
}

/// The fields of the plan's `protection`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Guard {
    NodeHoldTime,
    CoreDetection,
    CoreHoldTime,
    BfdInterval,
    BfdMultiplier,
    MaxVmsPerNode,
    PrefixLimit,
    Md5,
}

impl Guard {
    /// In form order.
    pub const ALL: [Guard; 8] = [
        Guard::NodeHoldTime,
        Guard::CoreDetection,
        Guard::CoreHoldTime,
        Guard::BfdInterval,
        Guard::BfdMultiplier,
        Guard::MaxVmsPerNode,
        Guard::PrefixLimit,
        Guard::Md5,
    ];

    /// The field's name inside `protection`.
    pub fn key(self) -> &'static str {
        match self {
            Guard::NodeHoldTime => "node_hold_time",
            Guard::CoreDetection => "core_detection",
            Guard::CoreHoldTime => "core_hold_time",
            Guard::BfdInterval => "bfd_interval",
            Guard::BfdMultiplier => "bfd_multiplier",
            Guard::MaxVmsPerNode => "max_vms_per_node",
            Guard::PrefixLimit => "prefix_limit",
            Guard::Md5 => "md5",
        }
    }

    fn from_key(key: &str) -> Option<Guard> {
        Guard::ALL.into_iter().find(|g| g.key() == key)
    }
}

impl Field {
    /// The fields of the plan itself, outside its lists and `protection`, in form order.
    pub const PLAN: [Field; 9] = [
        Field::Name,
        Field::Asn,
        Field::Community,
        Field::Gateway(Family::V4),
        Field::Gateway(Family::V6),
        Field::Underlay(Family::V4),
        Field::Underlay(Family::V6),
        Field::Vxlan,
        Field::FrrVersion,
    ];

    /// The field's JSON Pointer, as in diagnostics.
    pub fn path(self) -> String {
        match self {
            Field::Name => "/name".into(),
            Field::Asn => "/asn".into(),
            Field::Community => "/community".into(),
            Field::Gateway(f) => format!("/gateway/{}", f.key()),
            Field::Underlay(f) => format!("/underlay/{}", f.key()),
            Field::Vxlan => "/vxlan".into(),
            Field::FrrVersion => "/frr_version".into(),
            Field::PoolName(i) => format!("/pools/{i}/name"),
            Field::PoolRange(i, j) => format!("/pools/{i}/ranges/{j}"),
            Field::RrName(i) => format!("/route_reflectors/{i}/name"),
            Field::RrKind(i) => format!("/route_reflectors/{i}/kind"),
            Field::RrAddr(i, f) => format!("/route_reflectors/{i}/{}", f.key()),
            Field::CoreName(i) => format!("/core_gateways/{i}/name"),
            Field::CorePlatform(i) => format!("/core_gateways/{i}/platform"),
            Field::CoreAsn(i) => format!("/core_gateways/{i}/asn"),
            Field::CoreAddr(i, f) => format!("/core_gateways/{i}/{}", f.key()),
            Field::NodeName(i) => format!("/nodes/{i}/name"),
            Field::NodeVirtualization(i) => format!("/nodes/{i}/virtualization"),
            Field::NodeOs(i) => format!("/nodes/{i}/os"),
            Field::NodeAddr(i, f) => format!("/nodes/{i}/{}", f.key()),
            Field::VmName(i) => format!("/vms/{i}/name"),
            Field::VmNode(i) => format!("/vms/{i}/node"),
            Field::VmAddr(i, f) => format!("/vms/{i}/{}", f.key()),
            Field::Protection(g) => format!("/protection/{}", g.key()),
        }
    }

    /// The field at a JSON Pointer, if the pointer names exactly one field.
    pub fn parse(path: &str) -> Option<Field> {
        let tokens: Vec<&str> = path.strip_prefix('/')?.split('/').collect();
        let index = |t: &str| -> Option<usize> {
            // RFC 6901 array indexes: "0" or digits without a leading zero.
            if t.is_empty() || (t.len() > 1 && t.starts_with('0')) {
                return None;
            }
            t.parse().ok()
        };
        Some(match tokens.as_slice() {
            ["name"] => Field::Name,
            ["asn"] => Field::Asn,
            ["community"] => Field::Community,
            ["gateway", f] => Field::Gateway(Family::from_key(f)?),
            ["underlay", f] => Field::Underlay(Family::from_key(f)?),
            ["vxlan"] => Field::Vxlan,
            ["frr_version"] => Field::FrrVersion,
            ["pools", i, "name"] => Field::PoolName(index(i)?),
            ["pools", i, "ranges", j] => Field::PoolRange(index(i)?, index(j)?),
            ["route_reflectors", i, "name"] => Field::RrName(index(i)?),
            ["route_reflectors", i, "kind"] => Field::RrKind(index(i)?),
            ["route_reflectors", i, f] => Field::RrAddr(index(i)?, Family::from_key(f)?),
            ["core_gateways", i, "name"] => Field::CoreName(index(i)?),
            ["core_gateways", i, "platform"] => Field::CorePlatform(index(i)?),
            ["core_gateways", i, "asn"] => Field::CoreAsn(index(i)?),
            ["core_gateways", i, f] => Field::CoreAddr(index(i)?, Family::from_key(f)?),
            ["nodes", i, "name"] => Field::NodeName(index(i)?),
            ["nodes", i, "virtualization"] => Field::NodeVirtualization(index(i)?),
            ["nodes", i, "os"] => Field::NodeOs(index(i)?),
            ["nodes", i, f] => Field::NodeAddr(index(i)?, Family::from_key(f)?),
            ["vms", i, "name"] => Field::VmName(index(i)?),
            ["vms", i, "node"] => Field::VmNode(index(i)?),
            ["vms", i, f] => Field::VmAddr(index(i)?, Family::from_key(f)?),
            ["protection", g] => Field::Protection(Guard::from_key(g)?),
            _ => return None,
        })
    }

    /// The element id of the field's input: derived from its path.
    pub fn id(self) -> String {
        element_id(&self.path())
    }

    /// The list item this field belongs to, if any.
    pub fn item(self) -> Option<(List, usize)> {
        match self {
            Field::PoolName(i) | Field::PoolRange(i, _) => Some((List::Pools, i)),
            Field::RrName(i) | Field::RrKind(i) | Field::RrAddr(i, _) => {
                Some((List::RouteReflectors, i))
            }
            Field::CoreName(i)
            | Field::CorePlatform(i)
            | Field::CoreAsn(i)
            | Field::CoreAddr(i, _) => Some((List::CoreGateways, i)),
            Field::NodeName(i)
            | Field::NodeVirtualization(i)
            | Field::NodeOs(i)
            | Field::NodeAddr(i, _) => Some((List::Nodes, i)),
            Field::VmName(i) | Field::VmNode(i) | Field::VmAddr(i, _) => Some((List::Vms, i)),
            _ => None,
        }
    }
}

/// The element id for any JSON Pointer of the plan: `field` followed by the pointer with `/`
/// written as `-` (`/nodes/2/os` -> `field-nodes-2-os`; `""` -> `field-plan`). Plan keys hold
/// only `a-z`, `_` and digits, so the mapping is one to one; any other character is written as
/// `_xx` hex so the id stays a plain CSS identifier.
pub fn element_id(path: &str) -> String {
    if path.is_empty() {
        return "field-plan".into();
    }
    let mut id = String::from("field");
    for c in path.chars() {
        match c {
            '/' => id.push('-'),
            'a'..='z' | '0'..='9' => id.push(c),
            '_' => id.push('_'),
            other => {
                for b in other.to_string().bytes() {
                    id.push_str(&format!("_{b:02x}"));
                }
            }
        }
    }
    id
}

/// Where to take the user for a diagnostic at `path`: the element id to focus and, when it lies
/// in a list, which item (so a paged list can show it). Paths that name no input (a list, an
/// item, the gateway object, the whole plan) map to the element the form renders for them;
/// paths the form does not know fall back to their nearest known ancestor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    pub id: String,
    pub item: Option<(List, usize)>,
}

pub fn target(path: &str) -> Target {
    if let Some(field) = Field::parse(path) {
        return Target {
            id: field.id(),
            item: field.item(),
        };
    }
    let tokens: Vec<&str> = path.split('/').skip(1).collect();
    match tokens.as_slice() {
        [list, i, ..] if List::from_key(list).is_some() => {
            let list = List::from_key(list).expect("checked");
            match i.parse::<usize>() {
                Ok(i) => {
                    // "/pools/0/ranges" is the pool's range list; anything else the item.
                    let id = if list == List::Pools && tokens.get(2) == Some(&"ranges") {
                        element_id(&format!("/pools/{i}/ranges"))
                    } else {
                        element_id(&format!("/{}/{i}", list.key()))
                    };
                    Target {
                        id,
                        item: Some((list, i)),
                    }
                }
                Err(_) => Target {
                    id: element_id(&format!("/{}", list.key())),
                    item: None,
                },
            }
        }
        [list] if List::from_key(list).is_some() => Target {
            id: element_id(path),
            item: None,
        },
        ["gateway" | "underlay", ..] => Target {
            id: element_id(&format!("/{}", tokens[0])),
            item: None,
        },
        // "", "/version" and anything unknown: the plan as a whole.
        _ => Target {
            id: element_id(""),
            item: None,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::{read_plan, EXAMPLES};

    fn example() -> Plan {
        read_plan(EXAMPLES[0].1).expect("example reads")
    }

    #[test]
    fn every_field_path_round_trips_and_reads_the_plan() {
        let plan = example();
        let mut fields = Field::PLAN.to_vec();
        fields.push(Field::PoolRange(0, 1));
        for list in List::ALL {
            fields.extend(list.fields(0));
        }
        fields.extend(Guard::ALL.map(Field::Protection));
        for field in fields {
            assert_eq!(Field::parse(&field.path()), Some(field), "{}", field.path());
            assert!(field.get(&plan).is_some(), "{}", field.path());
        }
        assert_eq!(Field::NodeOs(2).path(), "/nodes/2/os");
        assert_eq!(Field::NodeOs(2).id(), "field-nodes-2-os");
        assert_eq!(Field::parse("/nodes/02/os"), None);
        assert_eq!(Field::parse("/nodes/x/os"), None);
        assert_eq!(Field::parse("/gateway/ipv5"), None);
        assert_eq!(Field::parse(""), None);
    }

    #[test]
    fn item_values_follow_the_field_order() {
        let plan = example();
        assert_eq!(
            List::Nodes.values(&plan, 1),
            [
                "kvm2",
                "kvm",
                "almalinux-8",
                "10.10.0.12",
                "2001:db8:ffff::12"
            ]
        );
        assert_eq!(
            List::Pools.values(&plan, 0),
            ["public-v4", "203.0.113.0/25", "198.51.100.10-198.51.100.40"]
        );
        assert_eq!(
            List::Vms.values(&plan, 1),
            ["web01", "kvm1", "203.0.113.11", ""]
        );
        assert!(List::Vms.values(&plan, 99).is_empty());
        assert_eq!(List::Pools.field_at(0, 2), Some(Field::PoolRange(0, 1)));
        assert_eq!(List::Nodes.field_at(3, 2), Some(Field::NodeOs(3)));
        assert_eq!(List::Nodes.field_at(3, 5), None);
    }

    /// The ids the form gives its elements for `plan`, as src/ui/form.rs renders them: the
    /// fabric section, the gateway, underlay and protection groups, each list, item and pool's
    /// range list, and every field's input with its problem list (`{id}-problems`, named by
    /// `aria-describedby`). Lists are paged, but every page is there to be shown.
    fn form_ids(plan: &Plan) -> Vec<String> {
        let mut ids: Vec<String> = ["", "/gateway", "/underlay", "/protection"]
            .map(element_id)
            .to_vec();
        let mut fields = Field::PLAN.to_vec();
        fields.extend(Guard::ALL.map(Field::Protection));
        for list in List::ALL {
            ids.push(element_id(&format!("/{}", list.key())));
            for i in 0..list.len(plan) {
                ids.push(element_id(&format!("/{}/{i}", list.key())));
                let shown = list.values(plan, i).len();
                fields.extend((0..shown).filter_map(|k| list.field_at(i, k)));
            }
        }
        ids.extend((0..plan.pools.len()).map(|i| element_id(&format!("/pools/{i}/ranges"))));
        for field in fields {
            ids.push(format!("{}-problems", field.id()));
            ids.push(field.id());
        }
        ids
    }

    /// The plans to look at: the examples; one with mistakes that put diagnostics on items, a
    /// range list and the plan rather than on fields; an empty one (diagnostics on whole lists);
    /// and one whose lists pass ten items, so that paths such as `/nodes/1/...` and
    /// `/nodes/11/...` meet.
    fn plans() -> Vec<Plan> {
        let mut plans: Vec<Plan> = EXAMPLES
            .iter()
            .map(|(_, t)| read_plan(t).unwrap())
            .collect();
        let mut broken = example();
        broken.version = 9;
        (broken.vms[0].ipv4, broken.vms[0].ipv6) = (None, None);
        (broken.nodes[0].ipv4, broken.nodes[0].ipv6) = (None, None);
        (broken.gateway.ipv4, broken.gateway.ipv6) = (None, None);
        broken.pools[0].ranges.clear();
        plans.push(broken);
        plans.push(Plan::empty());
        plans.push(crate::plan::generate::ipv4_fabric(30, 200));
        plans
    }

    #[test]
    fn the_forms_element_ids_are_distinct_plain_and_lead_back_to_their_field() {
        for plan in plans() {
            let ids = form_ids(&plan);
            let distinct: std::collections::HashSet<&String> = ids.iter().collect();
            assert_eq!(distinct.len(), ids.len(), "two elements share an id");
            // Usable unescaped in `#id` selectors, `for` and `aria-describedby`.
            for id in &ids {
                let mut chars = id.chars();
                assert!(
                    chars.next().is_some_and(|c| c.is_ascii_alphabetic()),
                    "{id}"
                );
                assert!(
                    chars.all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_'),
                    "{id}"
                );
            }
        }
        // A field's own path takes the user to its own input, in its own item.
        let plan = example();
        for list in List::ALL {
            for i in 0..list.len(&plan) {
                for k in 0..list.values(&plan, i).len() {
                    let field = list.field_at(i, k).unwrap();
                    let t = target(&field.path());
                    assert_eq!((t.id, t.item), (field.id(), Some((list, i))));
                }
            }
        }
        assert_eq!(element_id("/a~1b"), "field-a_7e1b");
        assert_ne!(element_id("/nodes/1/os"), element_id("/nodes/10/s"));
    }

    #[test]
    fn every_diagnostic_leads_to_an_element_of_the_form() {
        let mut paths = std::collections::HashSet::new();
        for plan in plans() {
            let ids = form_ids(&plan);
            for d in crate::check::check(&plan).diagnostics {
                let t = target(&d.path);
                assert!(ids.contains(&t.id), "{} -> {}", d.path, t.id);
                // The page turns to the item's page before focusing: the item must exist.
                if let Some((list, i)) = t.item {
                    assert!(i < list.len(&plan), "{}", d.path);
                }
                paths.insert(d.path);
            }
        }
        // The mistakes above reach the elements that are no input.
        for path in [
            "/version",
            "/nodes",
            "/nodes/0",
            "/vms/0",
            "/pools/0/ranges",
        ] {
            assert!(paths.contains(path), "no diagnostic at {path:?}: {paths:?}");
        }
        assert_eq!(
            target("/nodes/2/os"),
            Target {
                id: "field-nodes-2-os".into(),
                item: Some((List::Nodes, 2))
            }
        );
        assert_eq!(target("/route_reflectors").id, "field-route_reflectors");
        assert_eq!(
            target("/vms/3"),
            Target {
                id: "field-vms-3".into(),
                item: Some((List::Vms, 3))
            }
        );
        assert_eq!(target("/pools/1/ranges").id, "field-pools-1-ranges");
        assert_eq!(target("/gateway").id, "field-gateway");
        assert_eq!(target("").id, "field-plan");
        assert_eq!(target("/version").id, "field-plan");
        assert_eq!(target("/nonsense/7").id, "field-plan");
    }
}
