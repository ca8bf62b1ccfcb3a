//! The form's view of the plan's places: the fields of each list item in form order, a field's
//! element id, and where a diagnostic's place takes the user on the page.

use crate::model::Family;
use crate::plan::{Field, List, Place, Plan};

impl List {
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

impl Field {
    /// The element id of the field's input: derived from its place.
    pub fn id(self) -> String {
        Place::Field(self).element_id()
    }
}

/// Where to take the user for a diagnostic: the element id to focus and, when it lies in a list,
/// which item (so a paged list can show it). Places that name no input (a list, an item, a
/// section, the whole plan) map to the element the form renders for them; places the model has
/// no name for fall back to their nearest known ancestor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    pub id: String,
    pub item: Option<(List, usize)>,
}

pub fn target(place: &Place) -> Target {
    let known = match place.known() {
        // The version has no input of its own: the plan as a whole.
        Place::Version => Place::Plan,
        known => known,
    };
    Target {
        id: known.element_id(),
        item: known.item(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::{read_plan, Guard, Section, EXAMPLES};

    fn example() -> Plan {
        read_plan(EXAMPLES[0].1).expect("example reads")
    }

    #[test]
    fn every_field_reads_the_plan() {
        let plan = example();
        let mut fields = Field::PLAN.to_vec();
        fields.push(Field::PoolRange(0, 1));
        for list in List::ALL {
            fields.extend(list.fields(0));
        }
        fields.extend(Guard::ALL.map(Field::Protection));
        for field in fields {
            assert!(field.get(&plan).is_some(), "{field}");
        }
        assert_eq!(Field::NodeOs(2).id(), "field-nodes-2-os");
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
        let mut ids = vec![Place::Plan.element_id()];
        ids.extend(Section::ALL.map(|s| Place::Section(s).element_id()));
        let mut fields = Field::PLAN.to_vec();
        fields.extend(Guard::ALL.map(Field::Protection));
        for list in List::ALL {
            ids.push(Place::List(list).element_id());
            for i in 0..list.len(plan) {
                ids.push(Place::Item(list, i).element_id());
                let shown = list.values(plan, i).len();
                fields.extend((0..shown).filter_map(|k| list.field_at(i, k)));
            }
        }
        ids.extend((0..plan.pools.len()).map(|i| Place::Ranges(i).element_id()));
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
                    let t = target(&field.into());
                    assert_eq!((t.id, t.item), (field.id(), Some((list, i))));
                }
            }
        }
        let id = |pointer: &str| pointer.parse::<Place>().unwrap().element_id();
        assert_eq!(id("/a~1b"), "field-a_7e1b");
        assert_ne!(id("/nodes/1/os"), id("/nodes/10/s"));
    }

    #[test]
    fn every_diagnostic_leads_to_an_element_of_the_form() {
        let mut places = std::collections::HashSet::new();
        for plan in plans() {
            let ids = form_ids(&plan);
            for d in crate::check::check(&plan).diagnostics {
                let place: Place = d.place.clone();
                let t = target(&place);
                assert!(ids.contains(&t.id), "{place} -> {}", t.id);
                // The page turns to the item's page before focusing: the item must exist.
                if let Some((list, i)) = t.item {
                    assert!(i < list.len(&plan), "{place}");
                }
                places.insert(place);
            }
        }
        // The mistakes above reach the elements that are no input.
        for place in [
            Place::Version,
            Place::List(List::Nodes),
            Place::Item(List::Nodes, 0),
            Place::Item(List::Vms, 0),
            Place::Ranges(0),
        ] {
            assert!(places.contains(&place), "no diagnostic at {place}");
        }
        let at = |pointer: &str| target(&pointer.parse().unwrap());
        assert_eq!(
            at("/nodes/2/os"),
            Target {
                id: "field-nodes-2-os".into(),
                item: Some((List::Nodes, 2))
            }
        );
        assert_eq!(at("/route_reflectors").id, "field-route_reflectors");
        assert_eq!(
            at("/vms/3"),
            Target {
                id: "field-vms-3".into(),
                item: Some((List::Vms, 3))
            }
        );
        assert_eq!(at("/pools/1/ranges").id, "field-pools-1-ranges");
        assert_eq!(at("/pools/1/ranges/x").id, "field-pools-1-ranges");
        assert_eq!(at("/nodes/1/color").item, Some((List::Nodes, 1)));
        assert_eq!(at("/gateway").id, "field-gateway");
        assert_eq!(at("/gateway/ipv5").id, "field-gateway");
        assert_eq!(at("/protection/colour").id, "field-protection");
        assert_eq!(at("").id, "field-plan");
        assert_eq!(at("/version").id, "field-plan");
        assert_eq!(at("/nonsense/7").id, "field-plan");
    }
}
