//! Where something is in a plan: [`Place`], typed, whose text form is the JSON Pointer (RFC 6901)
//! that diagnostics print and the command line's JSON carries.
//!
//! A finding, the form field it belongs to and the element the page focuses all derive from one
//! `Place`, so a location that points nowhere in the plan model is a type error rather than a
//! string only tests catch. Keys the model does not have (an unknown field, the spot where a file
//! could not be read) keep their raw tokens in [`Place::Other`], escaped only when printed.

use std::fmt::{self, Write as _};
use std::str::FromStr;

use crate::model::Family;

/// The lists of a plan.
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

    pub fn from_key(key: &str) -> Option<List> {
        List::ALL.into_iter().find(|l| l.key() == key)
    }

    /// The field holding item `i`'s name.
    pub fn name(self, i: usize) -> Field {
        match self {
            List::Pools => Field::PoolName(i),
            List::RouteReflectors => Field::RrName(i),
            List::CoreGateways => Field::CoreName(i),
            List::Nodes => Field::NodeName(i),
            List::Vms => Field::VmName(i),
        }
    }
}

/// One editable field of the plan.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Field {
    Name,
    Id,
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

    pub fn from_key(key: &str) -> Option<Guard> {
        Guard::ALL.into_iter().find(|g| g.key() == key)
    }
}

impl Field {
    /// The fields of the plan itself, outside its lists and `protection`, in form order.
    pub const PLAN: [Field; 10] = [
        Field::Name,
        Field::Id,
        Field::Asn,
        Field::Community,
        Field::Gateway(Family::V4),
        Field::Gateway(Family::V6),
        Field::Underlay(Family::V4),
        Field::Underlay(Family::V6),
        Field::Vxlan,
        Field::FrrVersion,
    ];

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

/// The objects of a plan that hold fields but are not lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Section {
    Gateway,
    Underlay,
    Protection,
}

impl Section {
    pub const ALL: [Section; 3] = [Section::Gateway, Section::Underlay, Section::Protection];

    /// The plan's field name.
    pub fn key(self) -> &'static str {
        match self {
            Section::Gateway => "gateway",
            Section::Underlay => "underlay",
            Section::Protection => "protection",
        }
    }

    pub fn from_key(key: &str) -> Option<Section> {
        Section::ALL.into_iter().find(|s| s.key() == key)
    }
}

/// A place in a plan: what a diagnostic points at and what the page focuses for it.
///
/// `Display` writes the JSON Pointer (`""` for the plan, `/nodes/2/os` for a field) and
/// `FromStr` reads one back: every pointer round-trips, the typed variants for what the plan
/// model has and [`Place::Other`] for the rest.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Place {
    /// The plan as a whole.
    Plan,
    /// The plan's `version`.
    Version,
    /// An object of the plan (`/gateway`).
    Section(Section),
    /// A list (`/nodes`).
    List(List),
    /// One item of a list (`/nodes/2`).
    Item(List, usize),
    /// A pool's list of ranges (`/pools/0/ranges`).
    Ranges(usize),
    /// One field (`/nodes/2/os`).
    Field(Field),
    /// A place the plan model has no name for, as its unescaped tokens: a key the model does
    /// not have, or where a file that could not be read went wrong.
    Other(Vec<String>),
}

impl Place {
    /// The place of unescaped tokens: typed where the model has a name for it.
    pub fn from_tokens(tokens: Vec<String>) -> Place {
        let strs: Vec<&str> = tokens.iter().map(String::as_str).collect();
        typed(&strs).unwrap_or(Place::Other(tokens))
    }

    /// The nearest place the plan model names, this one or an ancestor: where the page takes
    /// the user for a finding at a key it does not know.
    pub fn known(&self) -> Place {
        match self {
            Place::Other(tokens) => {
                let strs: Vec<&str> = tokens.iter().map(String::as_str).collect();
                (1..strs.len())
                    .rev()
                    .filter_map(|n| strs.get(..n))
                    .find_map(typed)
                    .unwrap_or(Place::Plan)
            }
            known => known.clone(),
        }
    }

    /// The list item the place lies in, if any.
    pub fn item(&self) -> Option<(List, usize)> {
        match self {
            Place::Item(list, i) => Some((*list, *i)),
            Place::Ranges(i) => Some((List::Pools, *i)),
            Place::Field(field) => field.item(),
            _ => None,
        }
    }

    /// The element id of the place: `field` followed by the pointer with `/` written as `-`
    /// (`/nodes/2/os` -> `field-nodes-2-os`; the plan -> `field-plan`). Plan keys hold only
    /// `a-z`, `_` and digits, so the mapping is one to one; any other character is written as
    /// `_xx` hex so the id stays a plain CSS identifier.
    pub fn element_id(&self) -> String {
        if *self == Place::Plan {
            return "field-plan".into();
        }
        let mut id = String::from("field");
        for c in self.to_string().chars() {
            match c {
                '/' => id.push('-'),
                'a'..='z' | '0'..='9' | '_' => id.push(c),
                other => {
                    let mut bytes = [0; 4];
                    for b in other.encode_utf8(&mut bytes).bytes() {
                        let _ = write!(id, "_{b:02x}");
                    }
                }
            }
        }
        id
    }
}

/// RFC 6901 array indexes: "0" or digits without a leading zero.
fn index(token: &str) -> Option<usize> {
    if token.is_empty() || (token.len() > 1 && token.starts_with('0')) {
        return None;
    }
    token.parse().ok()
}

/// The typed place of unescaped tokens, if the plan model has one.
fn typed(tokens: &[&str]) -> Option<Place> {
    if let Some(field) = field(tokens) {
        return Some(Place::Field(field));
    }
    Some(match tokens {
        [] => Place::Plan,
        ["version"] => Place::Version,
        [key] => match List::from_key(key) {
            Some(list) => Place::List(list),
            None => Place::Section(Section::from_key(key)?),
        },
        ["pools", i, "ranges"] => Place::Ranges(index(i)?),
        [list, i] => Place::Item(List::from_key(list)?, index(i)?),
        _ => return None,
    })
}

/// The field of unescaped tokens, if they name exactly one.
fn field(tokens: &[&str]) -> Option<Field> {
    let fam = Family::from_key;
    Some(match tokens {
        ["name"] => Field::Name,
        ["id"] => Field::Id,
        ["asn"] => Field::Asn,
        ["community"] => Field::Community,
        ["gateway", f] => Field::Gateway(fam(f)?),
        ["underlay", f] => Field::Underlay(fam(f)?),
        ["vxlan"] => Field::Vxlan,
        ["frr_version"] => Field::FrrVersion,
        ["pools", i, "name"] => Field::PoolName(index(i)?),
        ["pools", i, "ranges", j] => Field::PoolRange(index(i)?, index(j)?),
        ["route_reflectors", i, "name"] => Field::RrName(index(i)?),
        ["route_reflectors", i, "kind"] => Field::RrKind(index(i)?),
        ["route_reflectors", i, f] => Field::RrAddr(index(i)?, fam(f)?),
        ["core_gateways", i, "name"] => Field::CoreName(index(i)?),
        ["core_gateways", i, "platform"] => Field::CorePlatform(index(i)?),
        ["core_gateways", i, "asn"] => Field::CoreAsn(index(i)?),
        ["core_gateways", i, f] => Field::CoreAddr(index(i)?, fam(f)?),
        ["nodes", i, "name"] => Field::NodeName(index(i)?),
        ["nodes", i, "virtualization"] => Field::NodeVirtualization(index(i)?),
        ["nodes", i, "os"] => Field::NodeOs(index(i)?),
        ["nodes", i, f] => Field::NodeAddr(index(i)?, fam(f)?),
        ["vms", i, "name"] => Field::VmName(index(i)?),
        ["vms", i, "node"] => Field::VmNode(index(i)?),
        ["vms", i, f] => Field::VmAddr(index(i)?, fam(f)?),
        ["protection", g] => Field::Protection(Guard::from_key(g)?),
        _ => return None,
    })
}

impl fmt::Display for Field {
    /// The field's JSON Pointer.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Field::Name => f.write_str("/name"),
            Field::Id => f.write_str("/id"),
            Field::Asn => f.write_str("/asn"),
            Field::Community => f.write_str("/community"),
            Field::Gateway(fam) => write!(f, "/gateway/{}", fam.key()),
            Field::Underlay(fam) => write!(f, "/underlay/{}", fam.key()),
            Field::Vxlan => f.write_str("/vxlan"),
            Field::FrrVersion => f.write_str("/frr_version"),
            Field::PoolName(i) => write!(f, "/pools/{i}/name"),
            Field::PoolRange(i, j) => write!(f, "/pools/{i}/ranges/{j}"),
            Field::RrName(i) => write!(f, "/route_reflectors/{i}/name"),
            Field::RrKind(i) => write!(f, "/route_reflectors/{i}/kind"),
            Field::RrAddr(i, fam) => write!(f, "/route_reflectors/{i}/{}", fam.key()),
            Field::CoreName(i) => write!(f, "/core_gateways/{i}/name"),
            Field::CorePlatform(i) => write!(f, "/core_gateways/{i}/platform"),
            Field::CoreAsn(i) => write!(f, "/core_gateways/{i}/asn"),
            Field::CoreAddr(i, fam) => write!(f, "/core_gateways/{i}/{}", fam.key()),
            Field::NodeName(i) => write!(f, "/nodes/{i}/name"),
            Field::NodeVirtualization(i) => write!(f, "/nodes/{i}/virtualization"),
            Field::NodeOs(i) => write!(f, "/nodes/{i}/os"),
            Field::NodeAddr(i, fam) => write!(f, "/nodes/{i}/{}", fam.key()),
            Field::VmName(i) => write!(f, "/vms/{i}/name"),
            Field::VmNode(i) => write!(f, "/vms/{i}/node"),
            Field::VmAddr(i, fam) => write!(f, "/vms/{i}/{}", fam.key()),
            Field::Protection(g) => write!(f, "/protection/{}", g.key()),
        }
    }
}

impl fmt::Display for Place {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Place::Plan => Ok(()),
            Place::Version => f.write_str("/version"),
            Place::Section(s) => write!(f, "/{}", s.key()),
            Place::List(list) => write!(f, "/{}", list.key()),
            Place::Item(list, i) => write!(f, "/{}/{i}", list.key()),
            Place::Ranges(i) => write!(f, "/pools/{i}/ranges"),
            Place::Field(field) => field.fmt(f),
            Place::Other(tokens) => {
                for token in tokens {
                    f.write_char('/')?;
                    for c in token.chars() {
                        match c {
                            '~' => f.write_str("~0")?,
                            '/' => f.write_str("~1")?,
                            c => f.write_char(c)?,
                        }
                    }
                }
                Ok(())
            }
        }
    }
}

/// A text that is not a JSON Pointer: not empty and not starting with `/`, or a `~` not
/// followed by `0` or `1`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NotAPointer;

impl fmt::Display for NotAPointer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("not a JSON Pointer")
    }
}

impl FromStr for Place {
    type Err = NotAPointer;

    fn from_str(text: &str) -> Result<Place, NotAPointer> {
        if text.is_empty() {
            return Ok(Place::Plan);
        }
        let rest = text.strip_prefix('/').ok_or(NotAPointer)?;
        let tokens = rest
            .split('/')
            .map(unescape)
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Place::from_tokens(tokens))
    }
}

fn unescape(token: &str) -> Result<String, NotAPointer> {
    let mut out = String::with_capacity(token.len());
    let mut chars = token.chars();
    while let Some(c) = chars.next() {
        if c != '~' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('0') => out.push('~'),
            Some('1') => out.push('/'),
            _ => return Err(NotAPointer),
        }
    }
    Ok(out)
}

/// As its JSON Pointer.
impl serde::Serialize for Place {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl From<Field> for Place {
    fn from(field: Field) -> Place {
        Place::Field(field)
    }
}

impl From<List> for Place {
    fn from(list: List) -> Place {
        Place::List(list)
    }
}

impl From<Section> for Place {
    fn from(section: Section) -> Place {
        Place::Section(section)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn every_field() -> Vec<Field> {
        let mut fields = Field::PLAN.to_vec();
        for i in [0, 1, 10] {
            fields.extend([
                Field::PoolName(i),
                Field::PoolRange(i, 3),
                Field::RrName(i),
                Field::RrKind(i),
                Field::CoreName(i),
                Field::CorePlatform(i),
                Field::CoreAsn(i),
                Field::NodeName(i),
                Field::NodeVirtualization(i),
                Field::NodeOs(i),
                Field::VmName(i),
                Field::VmNode(i),
            ]);
            for f in Family::BOTH {
                fields.extend([
                    Field::RrAddr(i, f),
                    Field::CoreAddr(i, f),
                    Field::NodeAddr(i, f),
                    Field::VmAddr(i, f),
                ]);
            }
        }
        fields.extend(Guard::ALL.map(Field::Protection));
        fields
    }

    #[test]
    fn typed_places_round_trip_their_pointers() {
        let mut places = vec![Place::Plan, Place::Version, Place::Ranges(4)];
        places.extend(Section::ALL.map(Place::Section));
        for list in List::ALL {
            places.extend([Place::List(list), Place::Item(list, 12)]);
        }
        places.extend(every_field().into_iter().map(Place::Field));
        for place in places {
            let pointer = place.to_string();
            assert_eq!(pointer.parse::<Place>(), Ok(place.clone()), "{pointer}");
            assert_eq!(place.known(), place);
        }
        assert_eq!(Place::Field(Field::NodeOs(2)).to_string(), "/nodes/2/os");
        assert_eq!(Place::Plan.to_string(), "");
    }

    #[test]
    fn other_pointers_round_trip_as_raw_tokens() {
        for pointer in [
            "/nodes/02/os",
            "/nodes/x/os",
            "/gateway/ipv5",
            "/nodes/1/colour",
            "/a~1b/c~0d",
            "/",
            "//",
            "/nodes/",
            "/version/1",
            "/pools/0/ranges/01",
            "/protection/md6",
            "/nodes/18446744073709551616",
            "/é/\n",
        ] {
            let place: Place = pointer.parse().unwrap();
            assert!(matches!(place, Place::Other(_)), "{pointer}: {place:?}");
            assert_eq!(place.to_string(), pointer);
        }
        assert_eq!(
            "/a~1b/c~0d".parse::<Place>(),
            Ok(Place::Other(vec!["a/b".into(), "c~d".into()]))
        );
        for bad in ["nodes", "/a~2", "/a~"] {
            assert_eq!(bad.parse::<Place>(), Err(NotAPointer), "{bad}");
        }
    }

    #[test]
    fn unknown_places_fall_back_to_their_nearest_known_ancestor() {
        let known = |p: &str| p.parse::<Place>().unwrap().known();
        assert_eq!(known("/nodes/1/colour"), Place::Item(List::Nodes, 1));
        assert_eq!(known("/pools/0/ranges/x"), Place::Ranges(0));
        assert_eq!(known("/nodes/x"), Place::List(List::Nodes));
        assert_eq!(known("/gateway/ipv5"), Place::Section(Section::Gateway));
        assert_eq!(known("/colour/1"), Place::Plan);
    }

    #[test]
    fn element_ids_are_plain_and_one_to_one() {
        assert_eq!(Place::Plan.element_id(), "field-plan");
        assert_eq!(Field::NodeOs(2).to_string(), "/nodes/2/os");
        assert_eq!(
            Place::Field(Field::NodeOs(2)).element_id(),
            "field-nodes-2-os"
        );
        let ids: std::collections::HashSet<String> = every_field()
            .into_iter()
            .map(|f| Place::Field(f).element_id())
            .collect();
        assert_eq!(ids.len(), every_field().len());
        let odd: Place = "/é~1".parse().unwrap();
        assert_eq!(odd.element_id(), "field-_c3_a9_7e1");
    }
}
