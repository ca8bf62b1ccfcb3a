//! Structure-aware mutations of plans as `serde_json::Value`, and byte-level mutations of plan
//! text.

use crate::props::MARKER;
use crate::rng::Rng;
use serde_json::{json, Map, Value};

/// Strings that break naive code: line breaks of every kind, invisible and reordering
/// characters, terminal escapes, shell and router syntax, quotes, and the values the checks
/// treat specially (addresses at the edges, ranges, communities, versions).
pub fn nasty_strings() -> &'static [String] {
    static NASTY: std::sync::OnceLock<Vec<String>> = std::sync::OnceLock::new();
    NASTY.get_or_init(build_nasty_strings)
}

fn build_nasty_strings() -> Vec<String> {
    let nasty = crate::common::nasty_strings();
    debug_assert!(nasty.iter().any(|s| s.contains(MARKER)));
    nasty
}

/// Text with the marker and a character no validated type accepts, for the plan's name.
pub fn hostile_name(rng: &mut Rng) -> String {
    let nasty = nasty_strings();
    let with_marker: Vec<&String> = nasty.iter().filter(|s| s.contains(MARKER)).collect();
    let mut name = (*rng.pick(&with_marker)).clone();
    if rng.chance(1, 3) {
        name = format!("{}{name}{}", rng.pick(nasty), rng.pick(nasty));
        if !name.chars().any(|c| !c.is_ascii_alphanumeric()) {
            name.push(' ');
        }
    }
    name
}

/// Numbers at the edges of every range the plan has, and numbers that are not u64.
pub fn edge_numbers() -> Vec<Value> {
    vec![
        json!(0),
        json!(1),
        json!(2),
        json!(3),
        json!(9),
        json!(10),
        json!(255),
        json!(256),
        json!(1000),
        json!(23456),
        json!(60000),
        json!(60001),
        json!(65535),
        json!(65536),
        json!(1_000_000),
        json!(1_000_001),
        json!(4_294_967_294u64),
        json!(4_294_967_295u64),
        json!(4_294_967_296u64),
        json!(u64::MAX),
        json!(-1),
        json!(i64::MIN),
        json!(0.5),
        json!(1.0),
        json!(-0.0),
        json!(1e300),
    ]
}

/// A value of the wrong type for almost any place, including the shapes serde accepts for a
/// struct when it should not (a sequence of the fields in order).
pub fn wrong_type(rng: &mut Rng) -> Value {
    match rng.below(12) {
        0 => Value::Null,
        1 => json!(true),
        2 => json!(0),
        3 => json!(-1),
        4 => json!(1.5),
        5 => json!(""),
        6 => json!("x"),
        7 => json!([]),
        8 => json!([1, "x", 65000]),
        9 => json!({}),
        10 => json!({"ipv4": "10.0.0.1"}),
        _ => json!(["10.0.0.1", "fd00::1"]),
    }
}

/// The field order of each struct of the plan, so an object turned into an array lines its
/// values up the way serde's sequence form of a struct expects.
const FIELD_ORDER: &[&str] = &[
    "version",
    "name",
    "kind",
    "platform",
    "virtualization",
    "asn",
    "os",
    "community",
    "node",
    "gateway",
    "underlay",
    "vxlan",
    "frr_version",
    "pools",
    "ranges",
    "route_reflectors",
    "core_gateways",
    "nodes",
    "vms",
    "ipv4",
    "ipv6",
    "protection",
    "node_hold_time",
    "core_detection",
    "core_hold_time",
    "bfd_interval",
    "bfd_multiplier",
    "max_vms_per_node",
    "prefix_limit",
    "md5",
];

/// An object's values as an array, in struct field order (unknown keys last), maybe cut short.
pub fn object_to_array(object: &Map<String, Value>, rng: &mut Rng) -> Value {
    let mut entries: Vec<(usize, &Value)> = object
        .iter()
        .map(|(k, v)| {
            let rank = FIELD_ORDER
                .iter()
                .position(|f| f == k)
                .unwrap_or(usize::MAX);
            (rank, v)
        })
        .collect();
    entries.sort_by_key(|(rank, _)| *rank);
    let keep = if rng.chance(1, 2) {
        entries.len()
    } else {
        rng.range(0, entries.len())
    };
    Value::Array(
        entries
            .into_iter()
            .take(keep)
            .map(|(_, v)| v.clone())
            .collect(),
    )
}

/// What kind of JSON value is at a path.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Shape {
    String,
    Number,
    Other,
    Array,
    Object,
}

fn escape(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
}

/// Every path of a value (JSON Pointers), with the shape found there.
pub fn paths(value: &Value, at: String, out: &mut Vec<(String, Shape)>) {
    match value {
        Value::String(_) => out.push((at, Shape::String)),
        Value::Number(_) => out.push((at, Shape::Number)),
        Value::Bool(_) | Value::Null => out.push((at, Shape::Other)),
        Value::Array(items) => {
            out.push((at.clone(), Shape::Array));
            for (i, item) in items.iter().enumerate() {
                paths(item, format!("{at}/{i}"), out);
            }
        }
        Value::Object(map) => {
            out.push((at.clone(), Shape::Object));
            for (key, item) in map {
                paths(item, format!("{at}/{}", escape(key)), out);
            }
        }
    }
}

fn pick_path(rng: &mut Rng, value: &Value, want: &[Shape]) -> Option<String> {
    let mut all = Vec::new();
    paths(value, String::new(), &mut all);
    let fitting: Vec<&(String, Shape)> = all.iter().filter(|(_, s)| want.contains(s)).collect();
    if fitting.is_empty() {
        return None;
    }
    Some(rng.pick(&fitting).0.clone())
}

const ALL: &[Shape] = &[
    Shape::String,
    Shape::Number,
    Shape::Other,
    Shape::Array,
    Shape::Object,
];

/// Settings of `protection`: in range, at the edges, beyond them, of the wrong type.
fn protection(rng: &mut Rng) -> Value {
    let choices: [(&str, Vec<Value>); 8] = [
        (
            "node_hold_time",
            vec![
                json!(0),
                json!(1),
                json!(2),
                json!(3),
                json!(9),
                json!(65535),
                json!(65536),
                json!(u64::MAX),
            ],
        ),
        (
            "core_detection",
            vec![
                json!("bfd"),
                json!("timers"),
                json!("none"),
                json!("BFD"),
                json!(""),
                json!(1),
            ],
        ),
        (
            "core_hold_time",
            vec![
                json!(0),
                json!(2),
                json!(3),
                json!(9),
                json!(65535),
                json!(65536),
            ],
        ),
        (
            "bfd_interval",
            vec![
                json!(0),
                json!(9),
                json!(10),
                json!(300),
                json!(60000),
                json!(60001),
                json!(u64::MAX),
            ],
        ),
        (
            "bfd_multiplier",
            vec![
                json!(0),
                json!(1),
                json!(2),
                json!(3),
                json!(255),
                json!(256),
            ],
        ),
        (
            "max_vms_per_node",
            vec![
                json!(0),
                json!(1),
                json!(1000),
                json!(1_000_000),
                json!(1_000_001),
                json!(u64::MAX),
            ],
        ),
        (
            "prefix_limit",
            vec![
                json!("teardown"),
                json!("drop-excess"),
                json!("drop"),
                json!(null),
            ],
        ),
        (
            "md5",
            vec![json!(true), json!(false), json!("true"), json!(1)],
        ),
    ];
    let mut object = Map::new();
    for (key, values) in &choices {
        if rng.chance(1, 2) {
            object.insert(key.to_string(), rng.pick(values).clone());
        }
    }
    if rng.chance(1, 8) {
        object.insert(rng.pick(nasty_strings()).clone(), json!(1));
    }
    Value::Object(object)
}

/// Lists of a plan and a plausible item of each, for growing lists to a few hundred items.
const LISTS: [&str; 5] = ["pools", "route_reflectors", "core_gateways", "nodes", "vms"];

fn pointer_mut<'a>(value: &'a mut Value, path: &str) -> Option<&'a mut Value> {
    value.pointer_mut(path)
}

/// Valid values for a key (or, for ranges, the array they are in).
fn plausible(key: &str, parent: &str) -> Vec<Value> {
    match (key, parent) {
        ("asn", _) => vec![
            json!(1),
            json!(64512),
            json!(65534),
            json!(65536),
            json!(4_200_000_000u64),
            json!(4_294_967_294u64),
        ],
        ("community", _) => vec![
            json!("0:0"),
            json!("65535:65535"),
            json!("1:1"),
            json!("65534:65535"),
        ],
        ("frr_version", _) => vec![
            json!("7.5"),
            json!("8.0"),
            json!("9.1"),
            json!("10.2.1"),
            json!("8.4.0"),
        ],
        ("platform", _) => vec![json!("junos"), json!("frr")],
        ("kind", _) => vec![json!("server"), json!("vmmanager-vm")],
        ("virtualization", _) => vec![json!("kvm"), json!("lxd")],
        ("os", _) => vec![json!("almalinux-8"), json!("ubuntu-20.04")],
        ("vxlan", _) => vec![json!(true), json!(false)],
        (_, "ranges") => vec![
            json!("203.0.113.0/24"),
            json!("203.0.113.1-203.0.113.254"),
            json!("203.0.113.10-203.0.113.12"),
            json!("198.51.100.0-198.51.100.255"),
            json!("2001:db8:100::/48"),
            json!("2001:db8:100::1-2001:db8:100:0:ffff:ffff:ffff:fffe"),
            json!("2001:db8:100::10-2001:db8:100::20"),
        ],
        ("ipv4", "underlay") => vec![
            json!("10.10.0.5/24"),
            json!("10.10.0.0/16"),
            json!("10.0.0.0/8"),
        ],
        ("ipv6", "underlay") => vec![json!("2001:db8:ffff::/48"), json!("2001:db8:ffff::1/64")],
        _ => Vec::new(),
    }
}

/// The most plan text one mutation may add: keeps a case in the milliseconds.
pub const GROWTH_BUDGET: usize = 60_000;

/// How many copies of `item` fit in [`GROWTH_BUDGET`].
fn copies_within_budget(item: &Value) -> usize {
    let size = serde_json::to_string(item).map_or(1, |s| s.len());
    GROWTH_BUDGET / size.max(1)
}

/// One structural mutation; returns what it did, for the report.
pub fn mutate(rng: &mut Rng, plan: &mut Value) -> String {
    let nasty = nasty_strings();
    match rng.below(20) {
        17 => {
            // Two lists grown at once (cores and nodes, reflectors and VMs...), some cores
            // made eBGP: a finding reported per pair of items from two lists grows with their
            // product, which copies of one list alone never show.
            let a = *rng.pick(&LISTS);
            let b = *rng.pick(&LISTS);
            let mut grown = Vec::new();
            for list in [a, b] {
                let Some(Value::Array(items)) = plan.get_mut(list) else {
                    continue;
                };
                let Some(first) = items.first().cloned() else {
                    continue;
                };
                let n = rng.range(20, 60).min(copies_within_budget(&first) / 2);
                for k in 0..n {
                    let mut copy = first.clone();
                    if let (Value::Object(map), "core_gateways") = (&mut copy, list) {
                        map.insert("asn".into(), json!(64512 + k % 3));
                    }
                    items.push(copy);
                }
                grown.push(format!("{n} more {list}"));
            }
            grown.join(", ")
        }
        18 => {
            // A string where a number belongs (the version, an AS number): the reader echoes
            // it in its message.
            let Some(path) = pick_path(rng, plan, &[Shape::Number]) else {
                return "no number".into();
            };
            *pointer_mut(plan, &path).unwrap() = Value::String(rng.pick(nasty).clone());
            format!("nasty string for the number at {path}")
        }
        15..=16 => {
            // A valid but unusual value where it fits: 4-byte AS numbers, eBGP cores, reserved
            // communities, old and new FRR versions, ranges written as spans, the other kind,
            // platform or virtualization. Plans stay valid more often and reach the renderers
            // with values the examples do not have.
            let mut all = Vec::new();
            paths(plan, String::new(), &mut all);
            let fitting: Vec<(String, Vec<Value>)> = all
                .into_iter()
                .filter_map(|(path, _)| {
                    let key = path.rsplit('/').next().unwrap_or("");
                    let parent = path.rsplit('/').nth(1).unwrap_or("");
                    let values = plausible(key, parent);
                    (!values.is_empty()).then_some((path, values))
                })
                .collect();
            if fitting.is_empty() {
                return "nothing plausible".into();
            }
            let (path, values) = rng.pick(&fitting);
            *pointer_mut(plan, path).unwrap() = rng.pick(values).clone();
            format!("plausible value at {path}")
        }
        0 | 1 => {
            let Some(path) = pick_path(rng, plan, &[Shape::String]) else {
                return "no string".into();
            };
            let s = rng.pick(nasty).clone();
            *pointer_mut(plan, &path).unwrap() = Value::String(s);
            format!("nasty string at {path}")
        }
        2 => {
            let Some(path) = pick_path(rng, plan, &[Shape::Number]) else {
                return "no number".into();
            };
            *pointer_mut(plan, &path).unwrap() = rng.pick(&edge_numbers()).clone();
            format!("edge number at {path}")
        }
        3 => {
            let Some(path) = pick_path(rng, plan, ALL).filter(|p| !p.is_empty()) else {
                return "nothing".into();
            };
            *pointer_mut(plan, &path).unwrap() = wrong_type(rng);
            format!("wrong type at {path}")
        }
        4 | 5 => {
            let Some(path) = pick_path(rng, plan, &[Shape::Array]) else {
                return "no array".into();
            };
            let Some(Value::Array(items)) = pointer_mut(plan, &path) else {
                unreachable!()
            };
            if items.is_empty() {
                return format!("empty array at {path}");
            }
            let i = rng.below(items.len());
            match rng.below(6) {
                0 => {
                    let copy = items[i].clone();
                    let at = rng.range(0, items.len());
                    items.insert(at, copy);
                    format!("duplicated {path}/{i}")
                }
                1 => {
                    items.remove(i);
                    format!("removed {path}/{i}")
                }
                2 => {
                    let j = rng.below(items.len());
                    items.swap(i, j);
                    format!("swapped {path}/{i} and {j}")
                }
                3 => {
                    rng.shuffle(items);
                    format!("shuffled {path}")
                }
                4 => {
                    items.reverse();
                    format!("reversed {path}")
                }
                _ => {
                    let copy = items[i].clone();
                    let n = rng.range(50, 300).min(copies_within_budget(&copy));
                    items.extend(std::iter::repeat_n(copy, n));
                    format!("{n} copies of {path}/{i}")
                }
            }
        }
        6 => {
            let (Some(a), Some(b)) = (
                pick_path(rng, plan, ALL).filter(|p| !p.is_empty()),
                pick_path(rng, plan, ALL).filter(|p| !p.is_empty()),
            ) else {
                return "nothing".into();
            };
            // Not a path and its own ancestor.
            if a.starts_with(&format!("{b}/")) || b.starts_with(&format!("{a}/")) {
                return "nested".into();
            }
            let va = plan.pointer(&a).cloned().unwrap();
            let vb = plan.pointer(&b).cloned().unwrap();
            *pointer_mut(plan, &a).unwrap() = vb;
            *pointer_mut(plan, &b).unwrap() = va;
            format!("swapped {a} and {b}")
        }
        7 => {
            let (Some(from), Some(to)) = (
                pick_path(rng, plan, &[Shape::String, Shape::Number]),
                pick_path(rng, plan, &[Shape::String, Shape::Number]),
            ) else {
                return "nothing".into();
            };
            let v = plan.pointer(&from).cloned().unwrap();
            *pointer_mut(plan, &to).unwrap() = v;
            format!("copied {from} to {to}")
        }
        8 => {
            let Some(path) = pick_path(rng, plan, &[Shape::Object]) else {
                return "no object".into();
            };
            let key = if rng.chance(1, 2) {
                rng.pick(nasty).clone()
            } else {
                rng.pick(&[
                    "x\nerror[fake-code] /asn: INJECTED\u{1b}[31m",
                    "comunity",
                    "rack",
                    "ipv5",
                    "~1/",
                    "\u{202e}",
                ])
                .to_string()
            };
            let v = if rng.chance(1, 2) {
                wrong_type(rng)
            } else {
                Value::String(rng.pick(nasty).clone())
            };
            if let Some(Value::Object(map)) = pointer_mut(plan, &path) {
                map.insert(key, v);
            }
            format!("unknown key in {path}")
        }
        9 => {
            let Some(path) = pick_path(rng, plan, &[Shape::Object]) else {
                return "no object".into();
            };
            if let Some(Value::Object(map)) = pointer_mut(plan, &path) {
                if !map.is_empty() {
                    let key = map.keys().nth(rng.below(map.len())).unwrap().clone();
                    map.remove(&key);
                    return format!("removed {path}/{key}");
                }
            }
            format!("empty object at {path}")
        }
        10 => {
            if let Value::Object(map) = plan {
                map.insert("protection".into(), protection(rng));
            }
            "protection".into()
        }
        11 => {
            let Some(path) = pick_path(rng, plan, &[Shape::Object]) else {
                return "no object".into();
            };
            let target = pointer_mut(plan, &path).unwrap();
            let Value::Object(map) = target.clone() else {
                unreachable!()
            };
            *target = object_to_array(&map, rng);
            format!("object at {path:?} as an array")
        }
        12 => {
            // A list grown with copies of one item: the same name and addresses hundreds of
            // times, the collision checks' worst case.
            let list = *rng.pick(&LISTS);
            if let Some(Value::Array(items)) = plan.get_mut(list) {
                if let Some(first) = items.first().cloned() {
                    let n = rng.range(100, 400).min(copies_within_budget(&first));
                    items.extend(std::iter::repeat_n(first, n));
                    return format!("{n} copies in {list}");
                }
            }
            "empty list".into()
        }
        13 => {
            // Many ranges in one pool.
            let range = rng.pick(nasty).clone();
            let n = rng
                .range(100, 400)
                .min(copies_within_budget(&Value::String(range.clone())));
            if let Some(Value::Array(pools)) = plan.get_mut("pools") {
                if let Some(Value::Object(pool)) = pools.first_mut() {
                    pool.insert("ranges".into(), json!(vec![range; n]));
                    return format!("{n} identical ranges");
                }
            }
            "no pool".into()
        }
        _ => {
            if let Value::Object(map) = plan {
                map.insert("name".into(), Value::String(hostile_name(rng)));
            }
            "hostile name".into()
        }
    }
}

/// Characters that matter to a JSON reader.
const JSON_CHARS: &[&str] = &[
    "\"", "\\", "{", "}", "[", "]", ":", ",", "0", "9", "-", "+", "e", ".", " ", "\n", "\u{feff}",
    "\u{2028}", "é", "\0", "\u{7f}", "/", "t", "n",
];

fn char_boundary(text: &str, mut i: usize) -> usize {
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// One mutation of plan text; the result is still a `str` (the readers take text).
pub fn mutate_text(rng: &mut Rng, text: &mut String) -> String {
    let len = text.len();
    let at = char_boundary(text, rng.below(len + 1));
    match rng.below(11) {
        0 => {
            text.truncate(at);
            format!("cut at {at}")
        }
        1 => {
            let c = *rng.pick(JSON_CHARS);
            let end = text[at..]
                .chars()
                .next()
                .map_or(at, |ch| at + ch.len_utf8());
            text.replace_range(at..end, c);
            format!("replaced byte {at} with {c:?}")
        }
        2 => {
            // Flip one bit of an ASCII byte, keeping the text UTF-8.
            if let Some(b) = text.as_bytes().get(at).copied().filter(u8::is_ascii) {
                let flipped = b ^ (1 << rng.below(7));
                text.replace_range(at..at + 1, &char::from(flipped).to_string());
            }
            format!("flipped a bit of byte {at}")
        }
        3 => {
            text.insert(0, '\u{feff}');
            "BOM".into()
        }
        4 => {
            text.insert(at, '\u{feff}');
            format!("BOM at {at}")
        }
        5 => {
            let end = char_boundary(text, (at + rng.below(64)).min(len));
            text.replace_range(at..end, "");
            format!("deleted {at}..{end}")
        }
        6 => {
            let end = char_boundary(text, (at + rng.below(200)).min(len));
            let slice = text[at..end].to_string();
            text.insert_str(end, &slice);
            format!("doubled {at}..{end}")
        }
        7 => {
            // Deep nesting in an unknown field: the reader's recursion limit, through the
            // wrappers that note unknown fields and paths.
            let depth = *rng.pick(&[64usize, 126, 127, 128, 129, 500, 100_000]);
            let open = if rng.chance(1, 2) { "[" } else { "{\"a\":" };
            let close = if open == "[" { "]" } else { "}" };
            let deep = format!("\"deep\": {}1{}, ", open.repeat(depth), close.repeat(depth));
            if let Some(i) = text.find('{') {
                text.insert_str(i + 1, &deep);
            }
            format!("nesting {depth} deep")
        }
        8 => {
            let number = *rng.pick(&[
                "1e400",
                "-0",
                "00",
                "1.0",
                "18446744073709551616",
                "0x10",
                "NaN",
                "Infinity",
                "-1",
                "1e2",
            ]);
            let digits: Vec<usize> = text
                .char_indices()
                .filter(|(i, c)| {
                    c.is_ascii_digit() && (*i == 0 || !text.as_bytes()[i - 1].is_ascii_digit())
                })
                .map(|(i, _)| i)
                .collect();
            if digits.is_empty() {
                return "no number".into();
            }
            let start = *rng.pick(&digits);
            let end = text[start..]
                .find(|c: char| !c.is_ascii_digit())
                .map_or(text.len(), |n| start + n);
            text.replace_range(start..end, number);
            format!("number at {start} as {number}")
        }
        9 => {
            let key = *rng.pick(&[
                "\"asn\": 1, ",
                "\"version\": 1, ",
                "\"version\": 2, ",
                "\"name\": \"a\", ",
                "\"nodes\": [], ",
            ]);
            if let Some(i) = text.find('{') {
                text.insert_str(i + 1, key);
            }
            format!("inserted {key:?}")
        }
        _ => {
            let junk = *rng.pick(&[
                ",", "// x\n", "/* */", "]", "}", "\"", "\\u", "\\ud800", "\u{2028}",
            ]);
            text.insert_str(at, junk);
            format!("inserted {junk:?} at {at}")
        }
    }
}

/// The places of a plan where an object belongs; an array there is the sequence form of a
/// struct, which a plan file must not use.
pub fn arrays_where_objects_belong(plan: &Value) -> Vec<String> {
    let mut out = Vec::new();
    let object_at = |path: &str, out: &mut Vec<String>| {
        if plan.pointer(path).is_some_and(Value::is_array) {
            out.push(path.to_string());
        }
    };
    object_at("", &mut out);
    if !plan.is_object() {
        return out;
    }
    for field in ["/gateway", "/underlay", "/protection"] {
        object_at(field, &mut out);
    }
    for list in LISTS {
        if let Some(Value::Array(items)) = plan.get(list) {
            for i in 0..items.len() {
                object_at(&format!("/{list}/{i}"), &mut out);
            }
        }
    }
    out
}
