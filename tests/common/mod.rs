//! Helpers shared by the integration tests.
#![allow(dead_code)]

use fabric_designer::check::check;
use fabric_designer::model::Fabric;
use fabric_designer::plan::{read_plan, Plan, EXAMPLES};
use fabric_designer::render::{render, File, Secrets};

/// The example plans that must be valid, by name.
pub const VALID: [&str; 3] = ["dc1-dual-stack", "lab-frr-core", "lxd-ipv4-vxlan"];

pub fn example(name: &str) -> Plan {
    let (_, text) = EXAMPLES
        .iter()
        .find(|(n, _)| *n == name)
        .unwrap_or_else(|| panic!("no example {name}"));
    read_plan(text).unwrap_or_else(|e| panic!("{name}: {e}"))
}

pub fn fabric(plan: &Plan) -> Fabric {
    let report = check(plan);
    match report.fabric {
        Some(f) => f,
        None => panic!("plan has errors: {:#?}", report.diagnostics),
    }
}

/// The TCP-MD5 password the tests give for plans with `protection.md5` (ignored otherwise).
pub const TEST_MD5_KEY: &str = "Test-md5.key+1";

pub fn secrets() -> Secrets {
    Secrets {
        md5: Some(TEST_MD5_KEY.parse().expect("a valid test password")),
    }
}

pub fn files(plan: &Plan) -> Vec<File> {
    render(&fabric(plan), &secrets()).expect("the test password is given")
}

/// A scratch folder removed when dropped.
pub fn scratch() -> tempfile::TempDir {
    tempfile::tempdir().expect("temporary folder")
}

/// Valid plans beyond the examples, so that every branch of the renderers is exercised: eBGP
/// cores on both platforms, no community, IPv6-only devices, ranges, VxLAN, one reflector, and
/// a plan at the session limit.
pub fn variations() -> Vec<(String, Plan)> {
    use fabric_designer::plan::{generate, CoreDetection, Platform, PrefixLimitAction};
    let mut out = Vec::new();
    for name in VALID {
        out.push((name.to_string(), example(name)));
    }

    let mut p = example("dc1-dual-stack");
    p.core_gateways[0].asn = 64496;
    p.core_gateways[0].platform = Platform::Frr;
    out.push(("dual-stack-ebgp-frr-core".into(), p));

    let mut p = example("dc1-dual-stack");
    p.community = None;
    p.vxlan = true;
    p.frr_version = Some("9.1".into());
    out.push(("no-community-vxlan-frr9".into(), p));

    let mut p = example("lab-frr-core");
    p.route_reflectors.truncate(1);
    p.route_reflectors[0].ipv4 = None;
    p.pools.retain(|pool| pool.name == "v6");
    p.gateway.ipv4 = None;
    p.vms.retain(|vm| vm.ipv6.is_some());
    for vm in &mut p.vms {
        vm.ipv4 = None;
    }
    out.push(("one-ipv6-only-reflector".into(), p));

    let mut p = example("lxd-ipv4-vxlan");
    p.pools[0].ranges = vec![
        "198.51.100.0/25".into(),
        "198.51.100.200-198.51.100.250".into(),
    ];
    p.core_gateways[0].platform = Platform::Frr;
    out.push(("ranges-ebgp-frr-core".into(), p));

    let mut p = example("dc1-dual-stack");
    p.protection.md5 = true;
    p.protection.core_detection = CoreDetection::Timers;
    p.protection.prefix_limit = PrefixLimitAction::DropExcess;
    out.push(("md5-timers-drop-excess".into(), p));

    let mut p = example("lab-frr-core");
    p.protection.md5 = true;
    p.protection.core_detection = CoreDetection::None;
    p.protection.node_hold_time = 0;
    out.push(("md5-frr-core-default-timers".into(), p));

    out.push(("limit-30-nodes".into(), generate::ipv4_fabric(30, 2000)));
    out
}
