//! A field's value as text: what its input shows ([`Field::get`]) and storing what was typed
//! ([`Field::set`]), which refuses what the plan cannot hold ([`FieldError`]) and leaves the plan
//! as it was.

use super::{Field, Guard};
use crate::model::Family;
use crate::plan::{CoreDetection, Plan, Platform, PrefixLimitAction, RrKind, Virtualization};
use std::fmt;

/// Why typed text could not be stored in the plan. The plan stays as it was.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FieldError {
    /// A numeric field got something other than digits, or a number beyond u64.
    NotANumber,
    /// Digits, but more than any AS number (4294967294).
    TooLarge,
    /// A choice field got a value outside its options (cannot happen through the form's selects).
    UnknownChoice(String),
    /// The field's item no longer exists (it was removed).
    Gone,
}

impl fmt::Display for FieldError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FieldError::NotANumber => f.write_str(
                "type digits only, such as 65000; the plan keeps the last valid number",
            ),
            FieldError::TooLarge => f.write_str(
                "the number is too large (an AS number is at most 4294967294); the plan keeps the last valid number",
            ),
            FieldError::UnknownChoice(v) => write!(
                f,
                "\"{}\" is not one of the options",
                crate::text::terminal_safe(v)
            ),
            FieldError::Gone => f.write_str("this item no longer exists"),
        }
    }
}

fn opt(s: &Option<String>) -> String {
    s.clone().unwrap_or_default()
}

/// Renames node `i`, taking its VMs along when that cannot mix them up with another node's:
/// only while both the old and the new name belong to this node alone. `None` when there is no
/// node `i`.
fn rename_node(plan: &mut Plan, i: usize, name: &str) -> Option<()> {
    let old = plan.nodes.get(i)?.name.clone();
    let others = |n: &str| {
        plan.nodes
            .iter()
            .enumerate()
            .any(|(j, node)| j != i && node.name == n)
    };
    let follow = !old.is_empty() && !others(&old) && !others(name);
    if follow {
        for vm in plan.vms.iter_mut().filter(|vm| vm.node == old) {
            vm.node = name.to_string();
        }
    }
    plan.nodes.get_mut(i)?.name = name.to_string();
    Some(())
}

/// Sets an optional text field: addresses, prefixes, the community and the FRR version, none of
/// which has spaces at its ends, so pasted white space is dropped rather than saved in the plan.
fn set_opt(slot: &mut Option<String>, value: &str) {
    let value = value.trim();
    *slot = if value.is_empty() {
        None
    } else {
        Some(value.to_string())
    };
}

/// An AS number as typed: digits only (surrounding spaces allowed).
pub fn parse_number(value: &str) -> Result<u64, FieldError> {
    let v = value.trim();
    if v.is_empty() || !v.bytes().all(|b| b.is_ascii_digit()) {
        return Err(FieldError::NotANumber);
    }
    v.parse().map_err(|_| FieldError::TooLarge)
}

fn choice<T: Copy>(
    all: &[T],
    name: impl Fn(T) -> &'static str,
    value: &str,
) -> Result<T, FieldError> {
    all.iter()
        .copied()
        .find(|x| name(*x) == value)
        .ok_or_else(|| FieldError::UnknownChoice(value.to_string()))
}

impl Field {
    /// The field's value as the text its input shows; `None` when its item does not exist.
    /// Flags read as "true" / "false".
    pub fn get(self, plan: &Plan) -> Option<String> {
        Some(match self {
            Field::Name => plan.name.clone(),
            Field::Id => opt(&plan.id),
            Field::Asn => plan.asn.to_string(),
            Field::Community => opt(&plan.community),
            Field::Gateway(Family::V4) => opt(&plan.gateway.ipv4),
            Field::Gateway(Family::V6) => opt(&plan.gateway.ipv6),
            Field::Underlay(Family::V4) => opt(&plan.underlay.ipv4),
            Field::Underlay(Family::V6) => opt(&plan.underlay.ipv6),
            Field::Vxlan => plan.vxlan.to_string(),
            Field::FrrVersion => opt(&plan.frr_version),
            Field::PoolName(i) => plan.pools.get(i)?.name.clone(),
            Field::PoolRange(i, j) => plan.pools.get(i)?.ranges.get(j)?.clone(),
            Field::RrName(i) => plan.route_reflectors.get(i)?.name.clone(),
            Field::RrKind(i) => plan.route_reflectors.get(i)?.kind.as_str().into(),
            Field::RrAddr(i, f) => {
                let d = plan.route_reflectors.get(i)?;
                opt(if f == Family::V4 { &d.ipv4 } else { &d.ipv6 })
            }
            Field::CoreName(i) => plan.core_gateways.get(i)?.name.clone(),
            Field::CorePlatform(i) => plan.core_gateways.get(i)?.platform.as_str().into(),
            Field::CoreAsn(i) => plan.core_gateways.get(i)?.asn.to_string(),
            Field::CoreAddr(i, f) => {
                let d = plan.core_gateways.get(i)?;
                opt(if f == Family::V4 { &d.ipv4 } else { &d.ipv6 })
            }
            Field::NodeName(i) => plan.nodes.get(i)?.name.clone(),
            Field::NodeVirtualization(i) => plan.nodes.get(i)?.virtualization.as_str().into(),
            Field::NodeOs(i) => plan.nodes.get(i)?.os.clone(),
            Field::NodeAddr(i, f) => {
                let d = plan.nodes.get(i)?;
                opt(if f == Family::V4 { &d.ipv4 } else { &d.ipv6 })
            }
            Field::VmName(i) => plan.vms.get(i)?.name.clone(),
            Field::VmNode(i) => plan.vms.get(i)?.node.clone(),
            Field::VmAddr(i, f) => {
                let d = plan.vms.get(i)?;
                opt(if f == Family::V4 { &d.ipv4 } else { &d.ipv6 })
            }
            Field::Protection(g) => {
                let p = &plan.protection;
                match g {
                    Guard::NodeHoldTime => p.node_hold_time.to_string(),
                    Guard::CoreDetection => p.core_detection.as_str().into(),
                    Guard::CoreHoldTime => p.core_hold_time.to_string(),
                    Guard::BfdInterval => p.bfd_interval.to_string(),
                    Guard::BfdMultiplier => p.bfd_multiplier.to_string(),
                    Guard::MaxVmsPerNode => p.max_vms_per_node.to_string(),
                    Guard::PrefixLimit => p.prefix_limit.as_str().into(),
                    Guard::Md5 => p.md5.to_string(),
                }
            }
        })
    }

    /// Stores typed text in the plan. On error the plan is unchanged.
    pub fn set(self, plan: &mut Plan, value: &str) -> Result<(), FieldError> {
        let gone = FieldError::Gone;
        match self {
            Field::Name => plan.name = value.to_string(),
            Field::Id => set_opt(&mut plan.id, value),
            Field::Asn => plan.asn = parse_number(value)?,
            Field::Community => set_opt(&mut plan.community, value),
            Field::Gateway(f) => {
                let g = &mut plan.gateway;
                set_opt(g.text_mut(f), value)
            }
            Field::Underlay(f) => {
                let u = &mut plan.underlay;
                set_opt(u.text_mut(f), value)
            }
            Field::Vxlan => plan.vxlan = value == "true",
            Field::FrrVersion => set_opt(&mut plan.frr_version, value),
            Field::PoolName(i) => plan.pools.get_mut(i).ok_or(gone)?.name = value.to_string(),
            Field::PoolRange(i, j) => {
                *plan
                    .pools
                    .get_mut(i)
                    .and_then(|p| p.ranges.get_mut(j))
                    .ok_or(gone)? = value.to_string()
            }
            Field::RrName(i) => {
                plan.route_reflectors.get_mut(i).ok_or(gone)?.name = value.to_string()
            }
            Field::RrKind(i) => {
                let kind = choice(&RrKind::ALL, RrKind::as_str, value)?;
                plan.route_reflectors.get_mut(i).ok_or(gone)?.kind = kind
            }
            Field::RrAddr(i, f) => {
                let d = plan.route_reflectors.get_mut(i).ok_or(gone)?;
                set_opt(d.text_mut(f), value)
            }
            Field::CoreName(i) => {
                plan.core_gateways.get_mut(i).ok_or(gone)?.name = value.to_string()
            }
            Field::CorePlatform(i) => {
                let platform = choice(&Platform::ALL, Platform::as_str, value)?;
                plan.core_gateways.get_mut(i).ok_or(gone)?.platform = platform
            }
            Field::CoreAsn(i) => {
                let asn = parse_number(value)?;
                plan.core_gateways.get_mut(i).ok_or(gone)?.asn = asn
            }
            Field::CoreAddr(i, f) => {
                let d = plan.core_gateways.get_mut(i).ok_or(gone)?;
                set_opt(d.text_mut(f), value)
            }
            Field::NodeName(i) => rename_node(plan, i, value).ok_or(gone)?,
            Field::NodeVirtualization(i) => {
                let v = choice(&Virtualization::ALL, Virtualization::as_str, value)?;
                let node = plan.nodes.get_mut(i).ok_or(gone)?;
                // The OS that went with the old virtualization follows to the new one's; any
                // other OS is the user's to change (and check reports it).
                if node.os == node.virtualization.required_os() {
                    node.os = v.required_os().to_string();
                }
                node.virtualization = v
            }
            Field::NodeOs(i) => plan.nodes.get_mut(i).ok_or(gone)?.os = value.to_string(),
            Field::NodeAddr(i, f) => {
                let d = plan.nodes.get_mut(i).ok_or(gone)?;
                set_opt(d.text_mut(f), value)
            }
            Field::VmName(i) => plan.vms.get_mut(i).ok_or(gone)?.name = value.to_string(),
            Field::VmNode(i) => plan.vms.get_mut(i).ok_or(gone)?.node = value.to_string(),
            Field::VmAddr(i, f) => {
                let d = plan.vms.get_mut(i).ok_or(gone)?;
                set_opt(d.text_mut(f), value)
            }
            Field::Protection(g) => {
                let p = &mut plan.protection;
                match g {
                    Guard::NodeHoldTime => p.node_hold_time = parse_number(value)?,
                    Guard::CoreDetection => {
                        p.core_detection =
                            choice(&CoreDetection::ALL, CoreDetection::as_str, value)?
                    }
                    Guard::CoreHoldTime => p.core_hold_time = parse_number(value)?,
                    Guard::BfdInterval => p.bfd_interval = parse_number(value)?,
                    Guard::BfdMultiplier => p.bfd_multiplier = parse_number(value)?,
                    Guard::MaxVmsPerNode => p.max_vms_per_node = parse_number(value)?,
                    Guard::PrefixLimit => {
                        p.prefix_limit =
                            choice(&PrefixLimitAction::ALL, PrefixLimitAction::as_str, value)?
                    }
                    Guard::Md5 => p.md5 = value == "true",
                }
            }
        }
        Ok(())
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
    fn set_then_get_gives_the_text_back() {
        let mut plan = example();
        for (field, text) in [
            (Field::Name, "Lab"),
            (Field::Community, "65000:7"),
            (Field::Gateway(Family::V6), "fd00::9"),
            (Field::PoolRange(0, 0), "203.0.113.0/26"),
            (Field::RrKind(0), "vmmanager-vm"),
            (Field::CorePlatform(0), "frr"),
            (Field::NodeVirtualization(1), "lxd"),
            (Field::NodeOs(1), "debian-12"),
            (Field::VmNode(0), "kvm2"),
            (Field::CoreAsn(0), "65001"),
            (Field::Vxlan, "true"),
            (Field::Protection(Guard::NodeHoldTime), "30"),
            (Field::Protection(Guard::CoreDetection), "timers"),
            (Field::Protection(Guard::CoreHoldTime), "12"),
            (Field::Protection(Guard::BfdInterval), "150"),
            (Field::Protection(Guard::BfdMultiplier), "5"),
            (Field::Protection(Guard::MaxVmsPerNode), "250"),
            (Field::Protection(Guard::PrefixLimit), "drop-excess"),
            (Field::Protection(Guard::Md5), "true"),
        ] {
            field.set(&mut plan, text).expect("set");
            assert_eq!(field.get(&plan).as_deref(), Some(text));
        }
        assert_eq!(plan.core_gateways[0].asn, 65001);
        assert!(plan.vxlan);
        assert_eq!(plan.protection.core_detection, CoreDetection::Timers);
        assert!(plan.protection.md5);
        // The plan file carries the changed protection; the password is no part of it.
        assert!(plan.to_json().contains("\"max_vms_per_node\": 250"));
        assert_eq!(
            Field::Protection(Guard::BfdInterval).set(&mut plan, "3x"),
            Err(FieldError::NotANumber)
        );
        assert_eq!(plan.protection.bfd_interval, 150);
    }

    #[test]
    fn empty_optional_text_removes_the_field() {
        let mut plan = example();
        Field::Gateway(Family::V6).set(&mut plan, "").unwrap();
        Field::Community.set(&mut plan, "").unwrap();
        assert_eq!(plan.gateway.ipv6, None);
        assert_eq!(plan.community, None);
        assert!(!plan.to_json().contains("community"));
    }

    #[test]
    fn renaming_a_node_takes_its_vms_along() {
        let mut plan = example();
        // dc1: sea_gold and web01 are on kvm1.
        Field::NodeName(0).set(&mut plan, "hv-a").unwrap();
        let on: Vec<&str> = plan.vms.iter().map(|v| v.node.as_str()).collect();
        assert_eq!(on, ["hv-a", "hv-a", "kvm2", "kvm3", "kvm4"]);
        // Typing another node's name would merge them: the VMs stay where they were.
        Field::NodeName(0).set(&mut plan, "kvm2").unwrap();
        assert_eq!(plan.vms[0].node, "hv-a");
        assert_eq!(plan.vms[2].node, "kvm2");
    }

    #[test]
    fn changing_virtualization_brings_the_matching_os() {
        let mut plan = example();
        Field::NodeVirtualization(0).set(&mut plan, "lxd").unwrap();
        assert_eq!(plan.nodes[0].os, "ubuntu-20.04");
        plan.nodes[1].os = "almalinux-9".into();
        Field::NodeVirtualization(1).set(&mut plan, "lxd").unwrap();
        assert_eq!(plan.nodes[1].os, "almalinux-9", "a custom OS is left alone");
    }

    #[test]
    fn pasted_addresses_lose_surrounding_white_space() {
        let mut plan = example();
        Field::Gateway(Family::V4)
            .set(&mut plan, " 10.0.0.9\t")
            .unwrap();
        assert_eq!(plan.gateway.ipv4.as_deref(), Some("10.0.0.9"));
        Field::Gateway(Family::V4).set(&mut plan, "   ").unwrap();
        assert_eq!(plan.gateway.ipv4, None);
    }

    #[test]
    fn non_digits_in_a_number_leave_the_plan_unchanged() {
        let mut plan = example();
        let before = plan.clone();
        for bad in ["65a00", "", "-1", "6 5"] {
            assert_eq!(Field::Asn.set(&mut plan, bad), Err(FieldError::NotANumber));
            assert_eq!(
                Field::CoreAsn(0).set(&mut plan, bad),
                Err(FieldError::NotANumber)
            );
        }
        // All digits, but beyond any number the plan can hold: said as such.
        let huge = "99999999999999999999999";
        assert_eq!(Field::Asn.set(&mut plan, huge), Err(FieldError::TooLarge));
        assert_eq!(
            Field::CoreAsn(0).set(&mut plan, huge),
            Err(FieldError::TooLarge)
        );
        assert_eq!(plan, before);
        Field::Asn.set(&mut plan, " 4200000000 ").unwrap();
        assert_eq!(plan.asn, 4_200_000_000);
    }

    #[test]
    fn fields_of_a_removed_item_are_gone() {
        let mut plan = example();
        assert_eq!(Field::VmName(99).get(&plan), None);
        assert_eq!(Field::VmName(99).set(&mut plan, "x"), Err(FieldError::Gone));
        assert_eq!(
            Field::RrKind(0).set(&mut plan, "router"),
            Err(FieldError::UnknownChoice("router".into()))
        );
    }
}
