//! The corpus: every input that once broke something (tests/corpus/*.json plan files and
//! *.link share-link fragments), run through every property on every `cargo test`, each with
//! its own expectation where it has one; and the plans too big for the corpus, generated.

use crate::harness::{clip, ensure, fail, guarded, Checked, Stats};
use crate::props::{self, TextOutcome};
use crate::{known, mutate};
use fabric_designer::app::share::decode;
use fabric_designer::bundle;
use fabric_designer::check::{check, Code};
use fabric_designer::plan::{
    read_plan, CoreGateway, Node, Plan, Platform, Virtualization, EXAMPLES,
};
use serde_json::Value;
use std::path::PathBuf;

const DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/corpus");

/// The stack of a wasm32-unknown-unknown build (rustc's default), and less than a test thread's.
const WASM_STACK: usize = 1 << 20;

fn count(outcome: &TextOutcome, code: Code) -> usize {
    outcome
        .diagnostics
        .iter()
        .filter(|d| d.code == code)
        .count()
}

fn codes(outcome: &TextOutcome) -> String {
    match &outcome.read {
        Err(d) => format!("unreadable: {d}"),
        Ok(_) => {
            let codes: Vec<&str> = outcome
                .diagnostics
                .iter()
                .map(|d| d.code.as_str())
                .collect();
            clip(&codes.join(" "), 300)
        }
    }
}

/// What a corpus file must give beyond the common properties, by file name.
fn expectation(name: &str, o: &TextOutcome) -> Checked {
    let p = "corpus-expectation";
    match name {
        "a-4000-identical-ranges.link" => {
            let n = count(o, Code::PoolOverlap);
            ensure!(
                (1..=4000).contains(&n),
                p,
                "{n} pool-overlap findings for 4,000 ranges"
            );
        }
        "b-400-pools-400-nodes.link" => {
            let n = count(o, Code::PoolConflict);
            ensure!(
                (1..=400).contains(&n),
                p,
                "{n} pool-conflict findings for 400 ranges"
            );
        }
        "c-unknown-key-with-line-break.json" => {
            ensure!(count(o, Code::FieldUnknown) == 1, p, "{}", codes(o));
        }
        "d-plan-as-array.json" | "d-gateway-as-array.json" | "d-node-as-array.json" => {
            ensure!(
                matches!(&o.read, Err(d) if d.code == Code::PlanUnreadable),
                p,
                "an array where an object belongs must be plan-unreadable; got {}",
                codes(o)
            );
        }
        "e-names-equal-but-for-case.json" => {
            ensure!(count(o, Code::NameDuplicate) >= 1, p, "{}", codes(o));
        }
        "f-invisible-characters-in-plan-name.json" => {
            // The common properties hold that no rendered file but plan.json has them.
            ensure!(o.files.is_some(), p, "no bundle: {}", codes(o));
        }
        "fuzz-reflectors-times-ranges.link" => {
            let Ok(plan) = &o.read else {
                return Err(fail(p, codes(o)));
            };
            ensure!(o.files.is_some(), p, "no bundle: {}", codes(o));
            reflectors_times_ranges(plan)?;
        }
        "fuzz-invisible-characters-in-plan-json.json" => {
            let Some(files) = &o.files else {
                return Err(fail(p, format!("no bundle: {}", codes(o))));
            };
            let json = files.iter().find(|f| f.path == "plan.json");
            let raw = json.and_then(|f| f.contents.chars().find(|c| props::is_invisible(*c)));
            ensure!(
                raw.is_none(),
                p,
                "plan.json carries U+{:04X} as it is (JSON could write it as an escape and still \
                 read back the same plan)",
                raw.map_or(0, |c| c as u32)
            );
        }
        "h-gateway-of-many-words.json" => {
            // The common properties draw the diagram (its side column once ran out of lines).
            ensure!(
                count(o, Code::AddressInvalid) == 1,
                p,
                "the gateway of several words is one address-invalid: {}",
                codes(o)
            );
        }
        "i-version-with-line-separators.json" => {
            ensure!(
                matches!(&o.read, Err(d) if d.code == Code::VersionUnsupported
                    && d.message.contains(r"\u{2028}\u{2029}\u{85}")),
                p,
                "the version is echoed with its separators escaped: {}",
                codes(o)
            );
        }
        "j-20-ebgp-cores-30-nodes.json" => {
            // Once per node (naming the first core and counting the others), not per pair.
            let n = count(o, Code::CoreEbgpUnreachable);
            ensure!(
                n == 30,
                p,
                "{n} core-ebgp-unreachable for 30 nodes and 20 cores"
            );
        }
        "g-utf8-bom.json" => {
            ensure!(
                o.files.is_some(),
                p,
                "a plan with a byte-order mark must read: {}",
                codes(o)
            );
        }
        _ => {}
    }
    Ok(())
}

/// Files that have an expectation above; each must exist.
const EXPECTED: &[&str] = &[
    "a-4000-identical-ranges.link",
    "b-400-pools-400-nodes.link",
    "c-unknown-key-with-line-break.json",
    "d-plan-as-array.json",
    "d-gateway-as-array.json",
    "d-node-as-array.json",
    "e-names-equal-but-for-case.json",
    "f-invisible-characters-in-plan-name.json",
    "g-utf8-bom.json",
    "h-gateway-of-many-words.json",
    "i-version-with-line-separators.json",
    "j-20-ebgp-cores-30-nodes.json",
    "fuzz-reflectors-times-ranges.link",
    "fuzz-invisible-characters-in-plan-json.json",
];

fn run_file(name: &str, bytes: &[u8], stats: &mut Stats) -> Checked {
    let Ok(text) = std::str::from_utf8(bytes) else {
        return Err(fail("corpus-is-text", format!("{name} is not UTF-8")));
    };
    let plan_text = if name.ends_with(".link") {
        match decode(text.trim_end_matches('\n')) {
            Ok(t) => t,
            Err(e) => return Err(fail("corpus-link-decodes", format!("{name}: {e}"))),
        }
    } else {
        text.to_string()
    };
    let outcome = props::plan_text(&plan_text, stats)?;
    if let Ok(value) = serde_json::from_str::<Value>(&plan_text) {
        let arrays = mutate::arrays_where_objects_belong(&value);
        ensure!(
            arrays.is_empty() || outcome.read.is_err(),
            "array-where-object-belongs-is-unreadable",
            "read a plan with arrays at {arrays:?}"
        );
    }
    let rest = plan_text
        .strip_prefix('\u{feff}')
        .filter(|r| !r.starts_with('\u{feff}'));
    if let Some(rest) = rest {
        if let Ok(plan) = read_plan(rest) {
            ensure!(
                outcome.read.as_ref().ok() == Some(&plan),
                "utf8-bom-is-ignored",
                "the plan reads without its BOM but not with it: {}",
                codes(&outcome)
            );
        }
    }
    expectation(name, &outcome)
}

pub fn run() {
    let mut files: Vec<PathBuf> = std::fs::read_dir(DIR)
        .expect("tests/corpus exists")
        .map(|e| e.expect("a directory entry").path())
        .filter(|p| {
            matches!(
                p.extension().and_then(|e| e.to_str()),
                Some("json" | "link")
            )
        })
        .collect();
    files.sort();
    let names: Vec<String> = files
        .iter()
        .map(|p| p.file_name().unwrap().to_string_lossy().to_string())
        .collect();
    for listed in EXPECTED
        .iter()
        .copied()
        .chain(known::KNOWN_FAILING_CORPUS.iter().map(|(f, _)| *f))
    {
        assert!(
            names.iter().any(|n| n == listed),
            "tests/corpus/{listed} is named in the fuzz test but does not exist"
        );
    }
    let mut stats = Stats::default();
    let mut failures = Vec::new();
    for (path, name) in files.iter().zip(&names) {
        let bytes = std::fs::read(path).expect("corpus file reads");
        // On a thread with the stack of a WebAssembly build (1 MiB), which the web app reads
        // shared links and dropped files with: deep nesting must stop at the reader's limit,
        // not at the end of the stack.
        let result = std::thread::scope(|scope| {
            std::thread::Builder::new()
                .name(name.clone())
                .stack_size(WASM_STACK)
                .spawn_scoped(scope, || guarded(|| run_file(name, &bytes, &mut stats)))
                .expect("a thread")
                .join()
                .expect("panics are caught inside")
        });
        match (result, known::corpus(name)) {
            (Ok(()), None) => {}
            (Ok(()), Some(_)) => println!(
                "[corpus] {name} PASSES NOW: remove it from KNOWN_FAILING_CORPUS in tests/fuzz/known.rs"
            ),
            (Err(f), Some(why)) => println!(
                "[corpus] KNOWN FAILURE (not failing the test) {name}: {} {} ({why})",
                f.property,
                clip(&f.detail, 300)
            ),
            (Err(f), None) => failures.push(format!("{name}: {} {}", f.property, f.detail)),
        }
    }
    println!(
        "[corpus] {} files; counts {:?}; maxima {:?}",
        files.len(),
        stats.counts,
        stats.maxima
    );
    assert!(files.len() >= EXPECTED.len());
    assert!(
        failures.is_empty(),
        "corpus failures:\n{}",
        failures.join("\n")
    );
}

fn dc1() -> Plan {
    read_plan(EXAMPLES[0].1).expect("dc1 reads")
}

/// dc1 with `vms` copies of one VM whose address is in no pool, and `ranges` copies of one
/// range: the overview looks for each VM in every range.
pub fn vms_outside_many_ranges(vms: usize, ranges: usize) -> Plan {
    let mut plan = dc1();
    plan.pools[0].ranges = vec!["203.0.113.0/24".to_string(); ranges];
    let mut vm = plan.vms[1].clone();
    vm.ipv4 = Some("192.0.2.1".to_string());
    plan.vms = vec![vm; vms];
    plan
}

/// The plan with its first `rrs` route reflectors and `ranges` of the grown ranges.
fn cut(plan: &Plan, rrs: usize, ranges: usize) -> Plan {
    let mut plan = plan.clone();
    plan.route_reflectors.truncate(rrs);
    plan.pools[0].ranges.truncate(2 + ranges);
    plan
}

/// The bundle is reflectors times pool prefixes by design (every reflector's frr.conf and
/// script carry the pool filters), but no single file may be: a reflector's file must not grow
/// with the number of other reflectors, or the page, which renders one file per keystroke,
/// would do quadratic work. Halving the reflectors keeps the largest file within 1 %.
fn reflectors_times_ranges(plan: &Plan) -> Checked {
    let n = plan.route_reflectors.len();
    let h = n / 2;
    let ranges = plan.pools[0].ranges.len() - 2;
    let full = largest_file(plan);
    let half = largest_file(&cut(plan, h, ranges));
    ensure!(
        full.abs_diff(half) <= full / 100,
        "rendered-file-no-reflectors-times-ranges",
        "the largest file has {full} bytes with {n} reflectors and {half} with {h}: one file grows \
         with reflectors times ranges"
    );
    Ok(())
}

/// The largest file of one device. The fabric's own files (README.md with its table and
/// diagram of every device, topology.svg with a line per session) list every reflector, so
/// they grow with the reflectors by design (at most 32 sessions each); the bundle's
/// linear-size property covers them.
fn largest_file(plan: &Plan) -> usize {
    let fabric = check(plan)
        .fabric
        .unwrap_or_else(|| panic!("expected a fabric"));
    bundle::files(plan, &fabric, &props::secrets())
        .expect("the password is given")
        .iter()
        .filter(|f| f.path.contains('/') && !f.path.starts_with("vmmanager/"))
        .map(|f| f.contents.len())
        .max()
        .unwrap_or(0)
}

/// The cost of doubling: at most `limit` times as much output for twice the input.
fn doubling(what: &str, small: usize, large: usize, limit: f64) {
    let ratio = large as f64 / small.max(1) as f64;
    println!("[large] {what}: {small} -> {large} for twice the plan (x{ratio:.2})");
    assert!(
        ratio <= limit,
        "{what} grows x{ratio:.2} when the plan doubles ({small} -> {large}): not linear"
    );
}

/// A plan without items whose every own field is wrong: the most findings the plan itself
/// can give.
fn everything_wrong_but_no_items() -> Plan {
    let mut plan = Plan::empty();
    plan.asn = 23456;
    plan.community = Some("x".into());
    plan.gateway.ipv4 = Some("8.8.8.8".into());
    plan.gateway.ipv6 = Some("x".into());
    plan.underlay.ipv4 = Some("10.0.0.0/33".into());
    plan.underlay.ipv6 = Some("x".into());
    plan.frr_version = Some("x".into());
    let p = &mut plan.protection;
    p.node_hold_time = 1;
    p.core_detection = fabric_designer::plan::CoreDetection::Timers;
    p.core_hold_time = 1;
    p.bfd_interval = 1;
    p.bfd_multiplier = 1;
    p.max_vms_per_node = 0;
    p.prefix_limit = fabric_designer::plan::PrefixLimitAction::DropExcess;
    p.md5 = true;
    plan
}

/// `cores` eBGP core gateways outside the underlay and `nodes` nodes in it: every core is out
/// of reach of every node.
fn ebgp_cores_and_nodes(cores: usize, nodes: usize) -> Plan {
    let mut plan = Plan::empty();
    plan.asn = 65000;
    plan.underlay.ipv4 = Some("10.0.0.0/8".into());
    plan.core_gateways = (0..cores)
        .map(|i| CoreGateway {
            name: format!("mx{i}"),
            platform: Platform::Junos,
            asn: 64512 + (i as u64 % 100),
            ipv4: Some(format!("172.16.{}.{}", i / 250, i % 250 + 1)),
            ipv6: None,
        })
        .collect();
    plan.nodes = (0..nodes)
        .map(|i| Node {
            name: format!("kvm{i}"),
            virtualization: Virtualization::Kvm,
            os: "almalinux-8".into(),
            ipv4: Some(format!("10.1.{}.{}", i / 250, i % 250 + 1)),
            ipv6: None,
        })
        .collect();
    plan
}

pub fn large() {
    let mut stats = Stats::default();
    // Two lists multiplied: one core-ebgp-unreachable per node, however many cores.
    for (cores, nodes) in [(100, 300), (200, 600)] {
        let plan = ebgp_cores_and_nodes(cores, nodes);
        let report = check(&plan);
        let n = report
            .diagnostics
            .iter()
            .filter(|d| d.code == Code::CoreEbgpUnreachable)
            .count();
        assert_eq!(n, nodes, "{cores} cores, {nodes} nodes");
        props::report_of(&plan, &report, false, &mut stats).unwrap_or_else(|f| panic!("{f:?}"));
    }
    let worst = check(&everything_wrong_but_no_items()).diagnostics;
    println!(
        "[large] a plan with every own field wrong and no items: {} findings ({})",
        worst.len(),
        worst
            .iter()
            .map(|d| d.code.as_str())
            .collect::<Vec<_>>()
            .join(" ")
    );
    assert!(
        worst.len() * 2 <= props::DIAGNOSTICS_PER_PLAN,
        "{} findings: raise DIAGNOSTICS_PER_PLAN",
        worst.len()
    );
    // (h) scaled down from 1,000 nodes and 100,000 VMs for a debug build: one finding per VM.
    let plan = crate::common::vms_on_a_missing_node(200, 20_000);
    let report = check(&plan);
    let unknown = report
        .diagnostics
        .iter()
        .filter(|d| d.code == Code::VmUnknownNode)
        .count();
    assert_eq!(unknown, 20_000);
    props::report_of(&plan, &report, true, &mut stats).unwrap_or_else(|f| panic!("{f:?}"));
    let half = check(&crate::common::vms_on_a_missing_node(100, 10_000))
        .diagnostics
        .len();
    doubling(
        "diagnostics of VMs on a missing node",
        half,
        report.diagnostics.len(),
        2.05,
    );
}
