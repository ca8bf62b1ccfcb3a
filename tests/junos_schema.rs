//! Junos: every rendered `set` line proven against Juniper's published configuration schema
//! (Junos 24.4R1, tests/data/junos/), offline.
//!
//! The walker (tests/junos/walker.rs) follows each line through the schema and checks each
//! value's type; the semantic checks (tests/junos/semantics.rs) add what the schema cannot
//! express: references, community members, hold-time, addresses and prefixes, BGP groups.
//! A `commit check` on a real router remains the final proof.

mod common;
#[path = "junos/semantics.rs"]
mod semantics;
#[path = "junos/walker.rs"]
mod walker;

use std::path::Path;
use std::sync::OnceLock;
use std::time::Instant;

use common::example;
use fabric_designer::check::check;
use fabric_designer::model::Fabric;
use fabric_designer::plan::{generate, CoreDetection, Plan, Platform, PrefixLimitAction, EXAMPLES};
use fabric_designer::render::{render, File, Secrets};
use walker::{Schema, Statement};

/// The schema, parsed once for all tests of this file.
fn schema() -> &'static Schema {
    static SCHEMA: OnceLock<Schema> = OnceLock::new();
    SCHEMA.get_or_init(|| {
        let started = Instant::now();
        let path = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/data/junos/schema-24.4R1-bgp-policy.json.gz");
        let schema = Schema::load(&path);
        eprintln!(
            "Junos schema {} loaded in {} ms",
            schema.release,
            started.elapsed().as_millis()
        );
        schema
    })
}

/// Walks every line of a file, then runs the semantic checks over the accepted statements.
/// Returns every problem, each naming its line.
/// Walks every line of a file (the walker rejects `#` comment lines: junos.conf is pasted into
/// `load set terminal` and holds set lines only), then the whole-file checks.
fn check_file(text: &str) -> Result<Vec<Statement>, Vec<String>> {
    let mut statements = Vec::new();
    let mut problems = Vec::new();
    for (number, line) in text.lines().enumerate() {
        match schema().check_line(line) {
            Ok(Some(statement)) => statements.push(statement),
            Ok(None) => {}
            Err(e) => problems.push(format!("line {}: `{line}`: {e}", number + 1)),
        }
    }
    problems.extend(semantics::check(&statements));
    if problems.is_empty() {
        Ok(statements)
    } else {
        Err(problems)
    }
}

/// The bundle's junos.conf files. Every plan is rendered with a TCP-MD5 password, which only
/// plans with `protection.md5` use.
fn junos_files(fabric: &Fabric) -> Vec<File> {
    let secrets = Secrets {
        md5: Some("s3cret-Key".parse().expect("a valid password")),
    };
    render(fabric, &secrets)
        .expect("renders")
        .into_iter()
        .filter(|f| f.path.ends_with("junos.conf"))
        .collect()
}

/// Plans whose Junos output is proven: every example that checks without errors, and variations
/// that reach the renderer's other branches (eBGP, IPv4 only, IPv6 only, no community, each
/// protection setting, many route filters). Each variation must check without errors and have a Junos core.
fn plans() -> Vec<(String, Plan)> {
    let mut out: Vec<(String, Plan)> = EXAMPLES
        .iter()
        .map(|(name, _)| (name.to_string(), example(name)))
        .filter(|(_, plan)| check(plan).fabric.is_some())
        .collect();

    let mut variations = Vec::new();

    let mut p = example("dc1-dual-stack");
    p.core_gateways[0].asn = 64496;
    variations.push(("dc1-ebgp-core", p));

    let mut p = example("dc1-dual-stack");
    p.community = None;
    variations.push(("dc1-no-community", p));

    let mut p = example("dc1-dual-stack");
    p.protection.core_detection = CoreDetection::Timers;
    p.protection.md5 = true;
    variations.push(("dc1-timers-md5", p));

    let mut p = example("dc1-dual-stack");
    p.protection.core_detection = CoreDetection::None;
    p.protection.prefix_limit = PrefixLimitAction::DropExcess;
    variations.push(("dc1-default-timers-drop-excess", p));

    let mut p = example("dc1-dual-stack");
    p.gateway.ipv6 = None;
    p.underlay.ipv6 = None;
    p.pools.retain(|pool| pool.name != "public-v6");
    for rr in &mut p.route_reflectors {
        rr.ipv6 = None;
    }
    for core in &mut p.core_gateways {
        core.ipv6 = None;
    }
    for node in &mut p.nodes {
        node.ipv6 = None;
    }
    p.vms.retain(|vm| vm.ipv4.is_some());
    for vm in &mut p.vms {
        vm.ipv6 = None;
    }
    variations.push(("dc1-ipv4-only", p));

    // The FRR lab plan with a Junos core instead, and with one IPv6-only reflector.
    let mut p = example("lab-frr-core");
    p.core_gateways[0].platform = Platform::Junos;
    variations.push(("lab-junos-core", p.clone()));
    common::one_ipv6_only_reflector(&mut p);
    variations.push(("lab-junos-core-ipv6-only-reflector", p));

    variations.push(("limit-30-nodes", generate::ipv4_fabric(30, 2000)));

    for (name, plan) in variations {
        let report = check(&plan);
        assert!(
            report.fabric.is_some(),
            "variation {name} has errors: {:#?}",
            report.diagnostics
        );
        assert!(
            plan.core_gateways
                .iter()
                .any(|c| c.platform == Platform::Junos),
            "variation {name} has no Junos core"
        );
        out.push((name.to_string(), plan));
    }
    out
}

#[test]
fn every_rendered_junos_line_is_in_the_schema() {
    let started = Instant::now();
    let mut problems = Vec::new();
    let mut files = 0;
    let mut lines = 0;
    for (name, plan) in plans() {
        let fabric = check(&plan).fabric.expect("checked in plans()");
        for file in junos_files(&fabric) {
            files += 1;
            match check_file(&file.contents) {
                Ok(statements) => lines += statements.len(),
                Err(found) => {
                    for problem in found {
                        problems.push(format!("{name}: {}: {problem}", file.path));
                    }
                }
            }
        }
    }
    assert!(
        problems.is_empty(),
        "{} problem(s) in rendered junos.conf:\n{}",
        problems.len(),
        problems.join("\n")
    );
    // Every variation has a Junos core, so there are at least as many files; a renderer that
    // stopped writing them must not make this test pass vacuously.
    assert!(
        files >= 6 && lines > 100,
        "only {files} junos.conf files, {lines} lines"
    );
    eprintln!(
        "{files} junos.conf files, {lines} set lines proven in {} ms",
        started.elapsed().as_millis()
    );
}

/// Lines the generator is about to emit, proven before they appear.
const ABOUT_TO_EMIT: &[&str] = &[
    "set protocols bgp group VM bfd-liveness-detection minimum-interval 300",
    "set protocols bgp group VM bfd-liveness-detection multiplier 3",
    "set protocols bgp group VM hold-time 9",
    "set protocols bgp group VM family inet unicast prefix-limit maximum 1280",
    "set protocols bgp group VM family inet unicast prefix-limit teardown",
    "set protocols bgp group VM family inet unicast prefix-limit teardown idle-timeout 5",
    "set protocols bgp group VM family inet unicast prefix-limit drop-excess",
    "set protocols bgp group VM-V6 family inet6 unicast prefix-limit maximum 100",
    r#"set protocols bgp group VM authentication-key "s3cret-Key""#,
    "set policy-options community NO-EXPORT members no-export",
    "set policy-options policy-statement VM term isp-ipv4 then community add NO-EXPORT",
    "set routing-options static route 203.0.113.0/24 discard",
    "set routing-options rib inet6.0 static route 2001:db8:100::/64 discard",
    "delete protocols bgp group VM neighbor 10.0.0.5",
    "delete policy-options policy-statement VM term isp-ipv4 from route-filter 203.0.113.0/24 prefix-length-range /32-/32",
    "delete policy-options community VM-COMMUNITY members 65000:100",
];

#[test]
fn lines_about_to_be_emitted_are_in_the_schema() {
    let mut problems = Vec::new();
    for line in ABOUT_TO_EMIT {
        if let Err(e) = schema().check_line(line) {
            problems.push(format!("`{line}`: {e}"));
        }
    }
    assert!(problems.is_empty(), "refused:\n{}", problems.join("\n"));

    // Added to today's dual-stack junos.conf they also pass the semantic checks (the policy,
    // groups and community they name exist there or among them).
    let fabric = check(&example("dc1-dual-stack"))
        .fabric
        .expect("a valid example");
    let today = junos_files(&fabric)
        .pop()
        .expect("dc1-dual-stack has a Junos core");
    let combined = format!("{}\n{}", today.contents, ABOUT_TO_EMIT.join("\n"));
    if let Err(found) = check_file(&combined) {
        panic!("semantic problems:\n{}", found.join("\n"));
    }
}

#[test]
fn words_keep_quoted_strings_whole() {
    assert_eq!(
        walker::words(r#"set a "b c"  d"e f"g "" "#).unwrap(),
        ["set", "a", "b c", "de fg", ""]
    );
    assert_eq!(walker::words("   ").unwrap(), Vec::<String>::new());
    let walked = schema()
        .check_line(r#"set protocols bgp group VM neighbor 10.0.0.5 description "rr 1 (rack 4)""#)
        .unwrap()
        .unwrap();
    assert_eq!(
        walked.steps.last().unwrap().value.as_deref(),
        Some("rr 1 (rack 4)")
    );
    assert!(schema().check_line("").unwrap().is_none());
}

#[test]
fn values_written_without_keyword_are_walked() {
    // The AS number, the idle timeout and the route filter's match are `nokw` values or keys.
    for line in [
        "set routing-options autonomous-system 65000",
        "set routing-options autonomous-system 65000.100",
        "set protocols bgp group VM family inet unicast prefix-limit teardown 80",
        "set policy-options policy-statement VM term t from route-filter 10.0.0.0/8 upto /24",
        "set policy-options policy-statement VM term t from route-filter 10.0.0.0/8 orlonger",
        "set policy-options policy-statement VM term t then community delete OLD",
    ] {
        if let Err(e) = schema().check_line(line) {
            panic!("`{line}`: {e}");
        }
    }
    let walked = schema()
        .check_line("set routing-options autonomous-system 65000")
        .unwrap()
        .unwrap();
    assert_eq!(walked.steps[2].name, "as-number");
}

/// Each line must be rejected, with a message containing the expected text.
const BROKEN: &[(&str, &str)] = &[
    // unknown keyword
    (
        "set protocols bgp group VM frobnicate yes",
        "word 6 `frobnicate`: not a keyword under `protocols bgp group VM`",
    ),
    // misspelled keyword: the message suggests the right one first
    (
        "set protocols bgp grup VM type internal",
        "word 4 `grup`: not a keyword under `protocols bgp`; expected one of: group",
    ),
    ("set protocol bgp group VM type internal", "`protocol`"),
    // enum value not in the enum
    (
        "set protocols bgp group VM type interior",
        "`interior` is not one of: internal, external",
    ),
    (
        "set policy-options policy-statement VM term t from route-filter 10.0.0.0/8 upto-ish /24",
        "`upto-ish` is not one of: exact, longer",
    ),
    (
        "set policy-options policy-statement VM term t then community append C",
        "`append` is not one of",
    ),
    // numbers out of range, or not numbers
    (
        "set protocols bgp group VM bfd-liveness-detection multiplier 0",
        "`0` is not a <wildcard> or $variable or a uint32 in 1..=255",
    ),
    (
        "set protocols bgp group VM hold-time 65536",
        "`65536` is not a <wildcard> or $variable or a uint32 in 0..=65535",
    ),
    ("set protocols bgp group VM hold-time -1", "`-1` is not"),
    ("set protocols bgp group VM hold-time +9", "`+9` is not"),
    ("set protocols bgp group VM hold-time nine", "`nine` is not"),
    ("set protocols bgp group VM peer-as 65000x", "`65000x` is not"),
    // missing value
    (
        "set protocols bgp group VM peer-as",
        "`peer-as` needs a value",
    ),
    ("set protocols bgp group", "`group` needs its name"),
    (
        "set policy-options policy-statement VM term t from route-filter 10.0.0.0/8",
        "`route-filter` needs its choice-ident",
    ),
    (
        "set policy-options policy-statement VM term isp-ipv4 from route-filter 1.2.3.0/24 prefix-length-range",
        "`prefix-length-range` needs a value",
    ),
    // extra trailing words
    (
        "set protocols bgp group VM type internal external",
        "word 8 `external`: unexpected word after `protocols bgp group VM type internal`",
    ),
    (
        "set protocols bgp group VM peer-as 65000 65001",
        "unexpected word",
    ),
    ("set policy-options policy-statement VM then accept reject", "unexpected word"),
    (
        "set policy-options policy-statement VM term t from route-filter 10.0.0.0/8 exact /32",
        "word 11 `/32`: not a keyword",
    ),
    // a flag takes no value
    (
        "set policy-options policy-statement VM then accept yes",
        "unexpected word",
    ),
    // not a set or delete line
    ("# a comment", "comment line"),
    ("   #indented comment", "comment line"),
    ("show protocols bgp", "must start with `set` or `delete`"),
    ("edit protocols bgp", "must start with `set` or `delete`"),
    ("set", "nothing after `set`"),
    ("delete", "nothing after `delete`"),
    // unbalanced quote
    (
        r#"set protocols bgp group VM description "rr 1"#,
        "unbalanced quote",
    ),
    // a delete must still name existing statements and complete keys
    ("delete protocols bgp grop VM", "`grop`"),
    (
        "delete policy-options policy-statement VM term t from route-filter",
        "`route-filter` needs its address",
    ),
];

#[test]
fn broken_lines_are_rejected() {
    let mut problems = Vec::new();
    for (line, expected) in BROKEN {
        match schema().check_line(line) {
            Ok(_) => problems.push(format!("accepted: `{line}`")),
            Err(e) if !e.contains(expected) => problems.push(format!(
                "`{line}`: message does not contain `{expected}`:\n    {e}"
            )),
            Err(e) => eprintln!("rejected `{line}`:\n    {e}"),
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// Each file passes the schema but must fail the semantic checks with a message containing the
/// expected text.
const SEMANTICALLY_BROKEN: &[(&str, &str, &str)] = &[
    (
        "discard route for a host prefix",
        "set routing-options static route 198.51.100.40/32 discard",
        "would win over the BGP route of a VM",
    ),
    (
        "discard route for an IPv6 host prefix",
        "set routing-options rib inet6.0 static route 2001:db8::5/128 discard",
        "would win over the BGP route of a VM",
    ),
    (
        "undefined policy",
        "set protocols bgp group VM type internal\n\
         set protocols bgp group VM import VM\n\
         set protocols bgp group VM neighbor 10.0.0.2",
        "policy `VM` is never defined",
    ),
    (
        "undefined policy in a family",
        "set policy-options policy-statement VM then accept\n\
         set protocols bgp group VM family inet unicast export OUT",
        "policy `OUT` is never defined",
    ),
    (
        "undefined community in from",
        "set policy-options policy-statement VM term t from community VM-COMMUNITY\n\
         set policy-options policy-statement VM term t then accept",
        "community `VM-COMMUNITY` is never defined",
    ),
    (
        "undefined community in then",
        "set policy-options community C members 65000:1\n\
         set policy-options policy-statement VM term t then community add NO-EXPORT",
        "community `NO-EXPORT` is never defined",
    ),
    (
        "community half above 65535",
        "set policy-options community C members 70000:1",
        "member `70000:1` is not AS:value with both halves in 0..65535",
    ),
    (
        "community without a colon",
        "set policy-options community C members 65000",
        "member `65000` is not AS:value",
    ),
    (
        "hold-time 2",
        "set protocols bgp group VM hold-time 2",
        "hold-time 2: BGP allows 0 or 3",
    ),
    (
        "host bits in a route filter",
        "set policy-options policy-statement VM term t from route-filter 10.0.0.1/24 exact",
        "`10.0.0.1/24` has host bits set (the prefix is 10.0.0.0/24)",
    ),
    (
        "host bits in a static route",
        "set routing-options static route 10.0.0.1/24 discard",
        "`10.0.0.1/24` has host bits set",
    ),
    (
        "IPv6 route in inet.0",
        "set routing-options static route 2001:db8::/64 discard",
        "static route 2001:db8::/64 does not belong in inet.0",
    ),
    (
        "not a prefix",
        "set policy-options policy-statement VM term t from route-filter 10.0.0.300/24 exact",
        "`10.0.0.300/24` is not a prefix",
    ),
    (
        "length range outside the prefix",
        "set policy-options policy-statement VM term t from route-filter 10.0.0.0/24 prefix-length-range /16-/33",
        "lengths must lie in /24-/32",
    ),
    (
        "not an address",
        "set protocols bgp group VM type internal\n\
         set protocols bgp group VM neighbor rr1",
        "neighbor `rr1` is not an IPv4 or IPv6 address",
    ),
    (
        "group without type",
        "set protocols bgp group VM neighbor 10.0.0.2",
        "group `VM` has neighbors but no `type`",
    ),
    (
        "external group without peer-as",
        "set protocols bgp group VM type external\n\
         set protocols bgp group VM neighbor 10.0.0.2\n\
         set protocols bgp group VM neighbor 10.0.0.3 peer-as 65001",
        "external group `VM`: neighbor 10.0.0.2 has no peer-as",
    ),
    (
        "families mixed in a group",
        "set protocols bgp group VM type internal\n\
         set protocols bgp group VM local-address 10.0.0.1\n\
         set protocols bgp group VM neighbor 2001:db8::2",
        "neighbor 2001:db8::2 and local-address 10.0.0.1 are of different families",
    ),
    (
        "neighbor in two groups",
        "set protocols bgp group A type internal\n\
         set protocols bgp group A neighbor 10.0.0.2\n\
         set protocols bgp group B type internal\n\
         set protocols bgp group B neighbor 10.0.0.2",
        "neighbor 10.0.0.2 is already in group `A`",
    ),
];

#[test]
fn semantic_mistakes_are_rejected() {
    let mut problems = Vec::new();
    for (what, file, expected) in SEMANTICALLY_BROKEN {
        match check_file(file) {
            Ok(_) => problems.push(format!("{what}: accepted")),
            Err(found) if !found.iter().any(|m| m.contains(expected)) => problems.push(format!(
                "{what}: no message contains `{expected}`:\n    {}",
                found.join("\n    ")
            )),
            Err(found) => eprintln!("{what}:\n    {}", found.join("\n    ")),
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn a_consistent_file_passes_the_semantic_checks() {
    // The same kinds of statements, right: defined references, external group with peer-as,
    // one family per group, prefixes without host bits, well-known and numeric communities.
    let file = "\
set policy-options community C members 65535:0
set policy-options community N members no-export
set policy-options policy-statement IN term t from community C
set policy-options policy-statement IN term t from route-filter 10.0.0.0/24 prefix-length-range /32-/32
set policy-options policy-statement IN term t then community add N
set policy-options policy-statement IN term t then accept
set policy-options policy-statement IN then reject
set protocols bgp group E type external
set protocols bgp group E peer-as 65001
set protocols bgp group E local-address 2001:db8::1
set protocols bgp group E hold-time 0
set protocols bgp group E import IN
set protocols bgp group E neighbor 2001:db8::2
set routing-options static route 10.0.0.0/24 discard
set routing-options rib inet6.0 static route 2001:db8:1::/48 discard
";
    if let Err(found) = check_file(file) {
        panic!("{}", found.join("\n"));
    }
}
