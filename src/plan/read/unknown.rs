//! The fields of a plan file that format v1 does not have, found after the plan has read:
//! the file's JSON is walked along the format's objects and every key an object does not have
//! is reported (not what is inside it). Serde's derived structs skip such keys silently; a
//! wrapping deserializer that notes them cost the page about 3.5 KB gzipped, the walk over
//! `serde_json::Value` (already in the page) little. Within each object the keys come in
//! sorted order (`Value`'s map), list items in their order.

use crate::plan::Place;
use serde_json::Value;

const PLAN: &[&str] = &[
    "version",
    "name",
    "id",
    "asn",
    "community",
    "gateway",
    "underlay",
    "vxlan",
    "frr_version",
    "pools",
    "route_reflectors",
    "core_gateways",
    "nodes",
    "vms",
    "protection",
];
const FAMILIES: &[&str] = &["ipv4", "ipv6"];
const PROTECTION: &[&str] = &[
    "node_hold_time",
    "core_detection",
    "core_hold_time",
    "bfd_interval",
    "bfd_multiplier",
    "max_vms_per_node",
    "prefix_limit",
    "md5",
];
const POOL: &[&str] = &["name", "ranges"];
const REFLECTOR: &[&str] = &["name", "kind", "ipv4", "ipv6"];
const CORE: &[&str] = &["name", "platform", "asn", "ipv4", "ipv6"];
const NODE: &[&str] = &["name", "virtualization", "os", "ipv4", "ipv6"];
const VM: &[&str] = &["name", "node", "ipv4", "ipv6"];

/// The keys of an object of the plan that a key of the plan holds: an object (`Some`), a list
/// of such objects, or a plain value (`None`).
fn shape(key: &str) -> Option<&'static [&'static str]> {
    Some(match key {
        "gateway" | "underlay" => FAMILIES,
        "protection" => PROTECTION,
        "pools" => POOL,
        "route_reflectors" => REFLECTOR,
        "core_gateways" => CORE,
        "nodes" => NODE,
        "vms" => VM,
        _ => return None,
    })
}

/// Every key of `text` (a plan that read) that format v1 does not have, as its place.
pub(super) fn fields(text: &str) -> Vec<Place> {
    let mut found = Vec::new();
    if let Ok(Value::Object(plan)) = serde_json::from_str::<Value>(text) {
        for (key, value) in &plan {
            if !PLAN.contains(&key.as_str()) {
                found.push(Place::from_tokens(vec![key.clone()]));
                continue;
            }
            let Some(keys) = shape(key) else { continue };
            match value {
                Value::Object(object) => note(&mut found, keys, object, &[key]),
                Value::Array(items) => {
                    for (i, item) in items.iter().enumerate() {
                        if let Value::Object(object) = item {
                            note(&mut found, keys, object, &[key, &i.to_string()]);
                        }
                    }
                }
                _ => {}
            }
        }
    }
    found
}

fn note(
    found: &mut Vec<Place>,
    keys: &[&str],
    object: &serde_json::Map<String, Value>,
    at: &[&str],
) {
    for key in object.keys() {
        if !keys.contains(&key.as_str()) {
            let mut tokens: Vec<String> = at.iter().map(|t| t.to_string()).collect();
            tokens.push(key.clone());
            found.push(Place::from_tokens(tokens));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::{read_plan, Plan, Protection, EXAMPLES};

    /// Every key the plan writes is known: a field added to the format without being added
    /// here fails this test.
    #[test]
    fn every_key_the_format_writes_is_known() {
        let mut plan: Plan = read_plan(EXAMPLES[0].1).unwrap();
        plan.frr_version = Some("9.1".into());
        plan.protection = Protection {
            md5: true,
            ..Protection::default()
        };
        plan.protection.node_hold_time = 3;
        let text = plan.to_json();
        assert!(text.contains("\"protection\"") && text.contains("\"frr_version\""));
        assert_eq!(fields(&text), Vec::<Place>::new());
        // Serde writes every key of the structs: all of them are in the lists above.
        let value: Value = serde_json::from_str(&text).unwrap();
        for key in value.as_object().unwrap().keys() {
            assert!(PLAN.contains(&key.as_str()), "{key}");
        }
        for key in value["protection"].as_object().unwrap().keys() {
            assert!(PROTECTION.contains(&key.as_str()), "{key}");
        }
    }

    #[test]
    fn unknown_keys_are_named_at_every_level_once() {
        let text = r#"{"version": 1, "asn": 65000, "colour": {"deep": 1},
            "gateway": {"ipv4": "10.0.0.1", "ipv5": "x"},
            "nodes": [{"name": "a", "virtualization": "kvm", "os": "almalinux-8", "rack": 4}],
            "protection": {"bfd": true}}"#;
        let found: Vec<String> = fields(text).iter().map(ToString::to_string).collect();
        assert_eq!(
            found,
            [
                "/colour",
                "/gateway/ipv5",
                "/nodes/0/rack",
                "/protection/bfd"
            ]
        );
    }
}
