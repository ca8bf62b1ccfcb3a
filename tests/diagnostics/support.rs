//! Helpers shared by the diagnostics tests: the base plan every case edits, the shape of a
//! case, and the invariants every report keeps.
#![allow(dead_code)]

use fabric_designer::check::{
    check, check_text, read_error_diagnostic, Code, Diagnostic, Report, Severity,
};
use fabric_designer::plan::{read_plan, Node, Place, Plan, Virtualization};
use serde_json::Value;

pub const DC1: &str = include_str!("../../examples/dc1-dual-stack.json");
pub const LAB: &str = include_str!("../../examples/lab-frr-core.json");
pub const LXD: &str = include_str!("../../examples/lxd-ipv4-vxlan.json");
pub const MISTAKES: &str = include_str!("../../examples/mistakes.json");

pub fn read(text: &str) -> Plan {
    read_plan(text).unwrap_or_else(|e| panic!("example does not read: {e}"))
}

/// The base of every case: a valid dual-stack plan with two reflectors, one core, four nodes.
pub fn dc1() -> Plan {
    read(DC1)
}

pub fn some(s: &str) -> Option<String> {
    Some(s.to_string())
}

pub fn kvm(name: &str, ipv4: Option<&str>, ipv6: Option<&str>) -> Node {
    Node {
        name: name.to_string(),
        virtualization: Virtualization::Kvm,
        os: "almalinux-8".to_string(),
        ipv4: ipv4.map(str::to_string),
        ipv6: ipv6.map(str::to_string),
    }
}

/// Adds dual-stack nodes kvm5, kvm6, ... until the plan has `total` nodes.
pub fn grow_nodes(plan: &mut Plan, total: usize) {
    for n in plan.nodes.len() + 1..=total {
        let host = 10 + n;
        plan.nodes.push(kvm(
            &format!("kvm{n}"),
            Some(&format!("10.10.0.{host}")),
            Some(&format!("2001:db8:ffff::{host}")),
        ));
    }
}

/// What a case feeds in: plan file text (for the codes of reading), or an edit of dc1.
#[derive(Clone, Copy)]
pub enum Input {
    Text(&'static str),
    Edit(fn(&mut Plan)),
}

/// One triggering case: the input, and the diagnostic it must produce.
pub struct Case {
    pub code: Code,
    pub severity: Severity,
    pub path: &'static str,
    pub input: Input,
}

pub const fn case(code: Code, severity: Severity, path: &'static str, input: Input) -> Case {
    Case {
        code,
        severity,
        path,
        input,
    }
}

use Input::{Edit, Text};

/// The plan a case checks, or the diagnostic of reading its text.
pub fn plan_of(input: Input) -> Result<Plan, Diagnostic> {
    match input {
        Text(text) => read_plan(text).map_err(|e| read_error_diagnostic(&e)),
        Edit(edit) => {
            let mut plan = dc1();
            edit(&mut plan);
            Ok(plan)
        }
    }
}

/// Every diagnostic of an input, each checked for form.
pub fn diagnostics_of(input: Input) -> Vec<Diagnostic> {
    let diagnostics = match input {
        // Files go through the same reading and checking as the command line.
        Text(text) => match check_text(text) {
            Ok(report) => report.diagnostics,
            Err(d) => vec![d],
        },
        Edit(_) => match plan_of(input) {
            Err(d) => vec![d],
            Ok(plan) => checked(&plan).diagnostics,
        },
    };
    diagnostics.iter().for_each(assert_well_formed);
    diagnostics
}

/// Checks a plan and the invariants every report keeps.
pub fn checked(plan: &Plan) -> Report {
    let report = check(plan);
    let has_error = report.diagnostics.iter().any(Diagnostic::is_error);
    assert_eq!(
        report.fabric.is_some(),
        !has_error,
        "a fabric exactly when there is no error: {:#?}",
        report.diagnostics
    );
    assert!(
        report
            .diagnostics
            .windows(2)
            .all(|w| w[0].severity <= w[1].severity),
        "errors, then warnings, then infos: {:#?}",
        report.diagnostics
    );
    let json = serde_json::to_value(plan).expect("a plan serialises");
    for d in &report.diagnostics {
        assert_well_formed(d);
        assert_points_into(&json, d);
    }
    report
}

/// `check(input, expect)`: the input yields a diagnostic of `code` at `path`; returns it.
pub fn expect(input: Input, code: Code, path: &str) -> Diagnostic {
    let diagnostics = diagnostics_of(input);
    diagnostics
        .iter()
        .find(|d| d.code == code && d.place.to_string() == path)
        .cloned()
        .unwrap_or_else(|| {
            let got: Vec<String> = diagnostics.iter().map(|d| d.to_string()).collect();
            panic!(
                "expected {code} at {path:?}, got:\n{}",
                if got.is_empty() {
                    "(nothing)".to_string()
                } else {
                    got.join("\n")
                }
            )
        })
}

pub fn is_line_break(c: char) -> bool {
    c.is_control() || matches!(c, '\u{2028}' | '\u{2029}')
}

/// A diagnostic a person can read in a terminal, a table cell or a JSON pipeline.
pub fn assert_well_formed(d: &Diagnostic) {
    assert_eq!(d.severity, d.code.severity(), "{d:?}");
    assert!(!d.message.trim().is_empty(), "empty message: {d:?}");
    assert!(
        !d.message.chars().any(is_line_break),
        "message is not one line: {d:?}"
    );
    assert!(
        !d.message.ends_with('.'),
        "message ends with a period: {d:?}"
    );
    assert!(!d.help.trim().is_empty(), "empty help: {d:?}");
    assert!(
        !d.help.chars().any(is_line_break),
        "help is not one line: {d:?}"
    );
    assert!(d.help.ends_with('.'), "help is not a sentence: {d:?}");
    assert_eq!(
        d.place.to_string().parse::<Place>().as_ref(),
        Ok(&d.place),
        "the place does not round-trip its JSON Pointer: {d:?}"
    );
}

/// The path names something in the plan, or an absent field of something in it (a missing
/// gateway, a node's missing address, the default frr_version).
pub fn assert_points_into(plan: &Value, d: &Diagnostic) {
    let path = d.place.to_string();
    if plan.pointer(&path).is_some() {
        return;
    }
    let parent = path.rsplit_once('/').map_or("", |(head, _)| head);
    assert!(
        plan.pointer(parent).is_some_and(Value::is_object),
        "{path} points nowhere in the plan: {d:?}"
    );
}
