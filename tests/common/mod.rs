//! Helpers shared by the integration tests.
#![allow(dead_code)]

use fabric_designer::bundle;
use fabric_designer::check::check;
use fabric_designer::model::Fabric;
use fabric_designer::plan::{read_plan, Plan, EXAMPLES};
use fabric_designer::render::{File, Secrets};

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

/// The whole bundle of a plan without errors, plan.json included.
pub fn files(plan: &Plan) -> Vec<File> {
    bundle::files(plan, &fabric(plan), &secrets()).expect("the test password is given")
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
    one_ipv6_only_reflector(&mut p);
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

/// Strings that break naive code: line breaks of every kind, invisible and reordering
/// characters, terminal escapes, shell and router syntax, quotes, and the values the checks
/// treat specially (addresses at the edges, ranges, communities, versions). Free text with the
/// marker `INJECTED` lets a test find it again in generated files.
pub fn nasty_strings() -> Vec<String> {
    let mut out: Vec<String> = [
        "",
        " ",
        "\n",
        "a\nb",
        "\r",
        "\r\n",
        "\0",
        "\t",
        "\u{7f}",
        "\u{85}",
        "\u{2028}",
        "\u{2029}",
        "\u{202e}",
        "\u{200b}",
        "\u{feff}",
        "\u{1b}[31m",
        "\u{1b}]0;title\u{7}",
        "é",
        "日本",
        "🙂",
        "; rm -rf /",
        "\"; rm -rf /",
        "$(reboot)",
        "`id`",
        "!",
        "#",
        "exit",
        "end",
        "router bgp 1",
        "set protocols bgp",
        "delete",
        "'",
        "\"",
        "\\",
        "\\n",
        "%s%n",
        "{}",
        "-",
        ":",
        "/",
        "~1",
        "~0",
        "10.0.",
        "::g",
        "1.2.3.4/33",
        "1.2.3.4/",
        " 10.10.0.11 ",
        // Many words: wrapped into a picture's few lines of text, it once left none for the rest.
        "2001:db8::1 2001:db8::2 2001:db8::3 2001:db8::4 2001:db8::5 2001:db8::6",
        "a b c d e f g h i j k l m n o p q r s t u v w x y z",
        "0.0.0.0",
        "255.255.255.255",
        "127.0.0.1",
        "::",
        "::1",
        "::ffff:10.10.0.11",
        "fe80::1",
        "fe80::1%eth0",
        "ff02::1",
        "169.254.0.1",
        "0.0.0.0/0",
        "::/0",
        "203.0.113.0/25",
        "203.0.113.0/24",
        "2001:db8:100::/64",
        "10.10.0.0/24",
        "10.10.0.0/16",
        "10.0.0.1-10.0.0.0",
        "10.0.0.1-::1",
        "::-ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff",
        "::1-ffff:ffff:ffff:ffff:ffff:ffff:ffff:fffe",
        "0.0.0.0-255.255.255.255",
        "0.0.0.1-255.255.255.254",
        "203.0.113.1-203.0.113.254",
        "1.2.3.4-",
        "-1.2.3.4",
        "65535:65535",
        "0:0",
        "65000:100",
        "99999999999999999999:1",
        "+1:+2",
        "8.",
        "8.4",
        "8.4.4.4",
        "0.0",
        "7.5",
        "99999.1",
        "9999.9999.9999",
        "almalinux-8",
        "ubuntu-20.04",
        "kvm",
        "lxd",
        "server",
        "vmmanager-vm",
        "junos",
        "frr",
        "kvm1",
        "KVM1",
        "rr1",
        "mx1",
        "a.b",
        "_x",
        ".x",
        "x_net0",
        "abcdefghijk",
        "INJECTED\nrouter bgp 1",
        "x\r\nINJECTED exit",
        "\u{2028}INJECTED",
        "INJECTED\u{85}set protocols bgp",
        "\u{202e}INJECTED\u{200b}",
        "\u{feff}INJECTED",
        "\u{1b}[31mINJECTED\u{1b}[0m",
        "!INJECTED !",
        "# INJECTED",
        "INJECTED\"; rm -rf /",
        "'INJECTED'\\",
        "INJECTED\n!\nexit\nrouter bgp 1\n neighbor 6.6.6.6 remote-as 1",
        "INJECTED\nset protocols bgp group x neighbor 6.6.6.6",
        "INJECTED\n```\nreboot\n```",
        "INJECTED\nFABRIC_DESIGNER_FRR_CONF\nreboot",
        "$(INJECTED)",
        "`INJECTED`",
        "a\tINJECTED",
        "INJECTED ",
        "*/ INJECTED /*",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    out.push("a".repeat(10_000));
    out.push("1.".repeat(300));
    out.push(format!("INJECTED {}\nrouter bgp 1", "x".repeat(100)));
    out.push("INJECTED ".repeat(2_000));
    out.push("\u{202e}".repeat(500));
    out.push("a".repeat(63));
    out.push("a".repeat(64));
    out
}

/// The dc1 example with `nodes` nodes and `vms` VMs placed on a node that does not exist.
pub fn vms_on_a_missing_node(nodes: usize, vms: u32) -> Plan {
    use fabric_designer::plan::{Node, Virtualization, Vm};
    let mut plan = example("dc1-dual-stack");
    plan.nodes = (0..nodes)
        .map(|i| Node {
            name: format!("kvm{i}"),
            virtualization: Virtualization::Kvm,
            os: "almalinux-8".to_string(),
            ipv4: Some(format!("10.10.{}.{}", 1 + i / 250, 1 + i % 250)),
            ipv6: None,
        })
        .collect();
    plan.underlay.ipv4 = Some("10.10.0.0/16".to_string());
    plan.vms = (0..vms)
        .map(|i| Vm {
            name: format!("v{i}"),
            node: "nowhere".to_string(),
            ipv4: Some(std::net::Ipv4Addr::from(0xcb00_7100 + (i % 128)).to_string()),
            ipv6: None,
        })
        .collect();
    plan
}

/// Keeps one route reflector, IPv6 only, with the IPv6 pool and the VMs that have an IPv6
/// address (lab-frr-core's "v6" pool): the renderers' IPv6-only branches.
pub fn one_ipv6_only_reflector(p: &mut Plan) {
    p.route_reflectors.truncate(1);
    p.route_reflectors[0].ipv4 = None;
    p.pools.retain(|pool| pool.name == "v6");
    p.gateway.ipv4 = None;
    p.vms.retain(|vm| vm.ipv6.is_some());
    for vm in &mut p.vms {
        vm.ipv4 = None;
    }
}

/// Checks a file with FRR's own parser (`vtysh -C -f`): Err(what vtysh said) when it refuses
/// it or warns. vtysh must be installed (the test command installs it); a test fails, never
/// skips, without it.
pub fn vtysh_check(path: &std::path::Path) -> Result<(), String> {
    let vtysh = "/usr/bin/vtysh";
    assert!(
        std::path::Path::new(vtysh).exists(),
        "vtysh is not installed: run scripts/test.sh, which installs it (Debian package frr)"
    );
    let out = std::process::Command::new(vtysh)
        .arg("-C")
        .arg("-f")
        .arg(path)
        .output()
        .expect("vtysh runs");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    if out.status.success() && !text.contains('%') {
        Ok(())
    } else {
        Err(text)
    }
}

/// Writes a generated file into `dir` (named after `label` and its path) and checks it with
/// [`vtysh_check`].
pub fn vtysh_check_file(dir: &std::path::Path, label: &str, file: &File) -> Result<(), String> {
    let path = dir.join(format!("{label}-{}", file.path.replace('/', "-")));
    std::fs::write(&path, &file.contents).expect("the scratch folder is writable");
    vtysh_check(&path)
}

/// Runs the command line from the project's folder.
pub fn cli(args: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_fabric-designer"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("the binary runs")
}

/// Output bytes as text.
pub fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}
