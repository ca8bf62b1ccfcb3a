//! Hostile plan files through the command line, as a fuzzer feeds them: text that tries to add
//! lines or terminal escapes to the output, arrays where objects belong, byte-order marks, empty,
//! endless and non-UTF-8 input. Each case spawns the binary as a pipeline would.

mod common;

use common::scratch;
use fabric_designer::check::{check_text, Diagnostic};
use fabric_designer::plan::Place;
use serde_json::Value;
use std::path::Path;
use std::process::{Command, Output, Stdio};

const DC1: &str = include_str!("../examples/dc1-dual-stack.json");

fn bin() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_fabric-designer"));
    cmd.current_dir(env!("CARGO_MANIFEST_DIR"));
    cmd
}

/// `validate` of plan file bytes, with extra arguments.
fn validate(bytes: &[u8], extra: &[&str]) -> Output {
    let dir = scratch();
    let path = dir.path().join("plan.json");
    std::fs::write(&path, bytes).unwrap();
    bin()
        .arg("validate")
        .arg(&path)
        .args(extra)
        .output()
        .expect("the binary runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8(bytes.to_vec()).expect("the output is UTF-8")
}

/// Characters that must never reach a terminal as they are: controls (C0, DEL, C1), the line
/// and paragraph separators, and the invisible format characters, bidi overrides among them.
fn hidden(ch: char) -> bool {
    ch.is_control()
        || matches!(ch,
            '\u{2028}' | '\u{2029}' | '\u{00ad}' | '\u{061c}' | '\u{180e}'
            | '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2060}'..='\u{206f}'
            | '\u{feff}' | '\u{fff9}'..='\u{fffb}' | '\u{e0000}'..='\u{e007f}')
}

/// Text output: no hidden character but the line breaks between lines, and every line is a
/// diagnostic's first line, its help line, or the summary.
fn assert_terminal_safe(out: &str) {
    for ch in out.chars() {
        assert!(
            ch == '\n' || !hidden(ch),
            "U+{:04X} reached the output:\n{out}",
            ch as u32
        );
    }
}

fn assert_lines_are_diagnostics(out: &str) {
    let lines: Vec<&str> = out.lines().collect();
    let (summary, body) = lines.split_last().expect("a summary line");
    assert!(
        summary.contains(" errors") || summary.contains(" error,"),
        "{out}"
    );
    for pair in body.chunks(2) {
        assert!(
            ["error[", "warning[", "info["]
                .iter()
                .any(|p| pair[0].starts_with(p)),
            "{out}"
        );
        assert!(
            pair.get(1).is_some_and(|l| l.starts_with("  help: ")),
            "{out}"
        );
    }
}

const INJECTED_KEY: &str = "x\nerror[fake-code] /asn: INJECTED\u{1b}[31m";

#[test]
fn an_injected_key_adds_no_line_and_no_escape_to_text_output() {
    let plan = format!(
        r#"{{"version": 1, "asn": 65000, {}: 1}}"#,
        serde_json::to_string(INJECTED_KEY).unwrap()
    );
    let out = validate(plan.as_bytes(), &[]);
    let stdout = text(&out.stdout);
    assert_terminal_safe(&stdout);
    assert_lines_are_diagnostics(&stdout);
    assert!(
        !stdout.lines().any(|l| l.starts_with("error[fake-code]")),
        "{stdout}"
    );
    assert!(
        stdout.contains(r"warning[field-unknown] /x\nerror[fake-code] ~1asn: INJECTED\u{1b}[31m: "),
        "{stdout}"
    );

    // JSON keeps the key as it is, escaped by JSON itself.
    let out = validate(plan.as_bytes(), &["--format", "json"]);
    assert_terminal_safe(&text(&out.stdout));
    let value: Value = serde_json::from_slice(&out.stdout).expect("JSON output");
    let paths: Vec<&str> = value
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["code"] == "field-unknown")
        .map(|d| d["path"].as_str().unwrap())
        .collect();
    assert_eq!(paths, ["/x\nerror[fake-code] ~1asn: INJECTED\u{1b}[31m"]);
}

/// What the fuzzer found passing through: separators, C1 controls and bidi overrides.
const SNEAKY: &str =
    "a\u{2028}b\u{2029}c\u{85}d\u{202e}e\u{2066}f\u{2069}g\u{200e}h\u{200f}i\u{9b}j\u{7f}k";

#[test]
fn reading_errors_escape_separators_c1_controls_and_bidi() {
    let sneaky = serde_json::to_string(SNEAKY).unwrap();
    let version = format!(r#"{{"version": {sneaky}, "asn": 65000}}"#);
    let kind = format!(
        r#"{{"version": 1, "asn": 65000, "route_reflectors": [{{"name": "rr1", "kind": {sneaky}}}]}}"#
    );
    let key = format!(r#"{{"version": 1, "asn": 65000, {sneaky}: 1}}"#);
    for (plan, code, exit) in [
        (&version, "version-unsupported", 2),
        (&kind, "plan-unreadable", 2),
        (&key, "field-unknown", 1),
    ] {
        let out = validate(plan.as_bytes(), &[]);
        assert_eq!(out.status.code(), Some(exit), "{code}");
        let stdout = text(&out.stdout);
        assert!(stdout.contains(&format!("[{code}]")), "{stdout}");
        assert_terminal_safe(&stdout);
        assert!(stdout.contains(r"\u{202e}"), "{stdout}");
        assert!(stdout.contains(r"\u{2028}"), "{stdout}");

        // JSON output carries the same text, escaped as JSON, and stays valid.
        let out = validate(plan.as_bytes(), &["--format", "json"]);
        let stdout = text(&out.stdout);
        assert_terminal_safe(&stdout);
        let value: Value = serde_json::from_str(&stdout).expect("valid JSON");
        let item = value
            .as_array()
            .unwrap()
            .iter()
            .find(|d| d["code"] == code)
            .expect("the diagnostic");
        // The message shows hidden characters as visible escapes, wherever it is shown; a path
        // keeps a key as it is, since it must point into the file.
        let message = item["message"].as_str().unwrap();
        let path = item["path"].as_str().unwrap();
        assert!(
            !message.chars().any(fabric_designer::text::is_hidden_char),
            "{message:?}"
        );
        assert!(
            message.contains(r"\u{202e}") || path.contains('\u{202e}'),
            "{message:?} {path:?}"
        );
    }
}

#[test]
fn a_file_name_with_an_escape_is_printed_escaped() {
    let out = bin()
        .args(["validate", "no-such-\u{1b}[31m-\u{202e}.json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = text(&out.stderr);
    assert_terminal_safe(&stderr);
    assert!(
        stderr.contains(r"no-such-\u{1b}[31m-\u{202e}.json"),
        "{stderr}"
    );
}

/// Escaping changes nothing for ordinary plans: the text is the fields laid out, the JSON is
/// serde's pretty printing.
#[test]
fn ordinary_output_is_unchanged() {
    for name in ["mistakes", "dc1-dual-stack", "lxd-ipv4-vxlan"] {
        let path = format!("examples/{name}.json");
        let plan =
            std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(&path)).unwrap();
        let report = check_text(&plan).unwrap();
        let out = bin().args(["validate", &path]).output().unwrap();
        let expected: String = report
            .diagnostics
            .iter()
            .map(|d: &Diagnostic| {
                let path = match &d.place {
                    Place::Plan => "(plan)".to_string(),
                    place => place.to_string(),
                };
                let cause = d
                    .cause
                    .as_ref()
                    .map(|c| format!("  because of: {c}\n"))
                    .unwrap_or_default();
                format!(
                    "{}[{}] {path}: {}\n  help: {}\n{cause}",
                    d.severity, d.code, d.message, d.help
                )
            })
            .collect();
        let stdout = text(&out.stdout);
        assert!(stdout.starts_with(&expected), "{name}:\n{stdout}");
        assert_eq!(
            stdout.lines().count(),
            expected.lines().count() + 1,
            "{name}"
        );

        let out = bin()
            .args(["validate", &path, "--format", "json"])
            .output()
            .unwrap();
        let mut json = serde_json::to_string_pretty(&report.diagnostics).unwrap();
        json.push('\n');
        assert_eq!(text(&out.stdout), json, "{name}");
    }
}

/// A JSON value with every object turned into an array of its values, in the order written:
/// what serde's derived structs would accept as a "sequence form" of the plan. With
/// `keep_root`, the outermost object stays an object and only what is in it is converted.
fn positional(text: &str, keep_root: bool) -> String {
    struct Positional(Value);
    struct V;
    impl<'de> serde::de::Visitor<'de> for V {
        type Value = Positional;
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("JSON")
        }
        fn visit_bool<E>(self, v: bool) -> Result<Positional, E> {
            Ok(Positional(v.into()))
        }
        fn visit_u64<E>(self, v: u64) -> Result<Positional, E> {
            Ok(Positional(v.into()))
        }
        fn visit_i64<E>(self, v: i64) -> Result<Positional, E> {
            Ok(Positional(v.into()))
        }
        fn visit_str<E>(self, v: &str) -> Result<Positional, E> {
            Ok(Positional(v.into()))
        }
        fn visit_unit<E>(self) -> Result<Positional, E> {
            Ok(Positional(Value::Null))
        }
        fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut a: A) -> Result<Positional, A::Error> {
            let mut out = Vec::new();
            while let Some(Positional(v)) = a.next_element()? {
                out.push(v);
            }
            Ok(Positional(Value::Array(out)))
        }
        fn visit_map<A: serde::de::MapAccess<'de>>(self, mut a: A) -> Result<Positional, A::Error> {
            let mut out = Vec::new();
            while let Some((_, Positional(v))) = a.next_entry::<String, Positional>()? {
                out.push(v);
            }
            Ok(Positional(Value::Array(out)))
        }
    }
    impl<'de> serde::Deserialize<'de> for Positional {
        fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            d.deserialize_any(V)
        }
    }
    if !keep_root {
        return serde_json::from_str::<Positional>(text)
            .unwrap()
            .0
            .to_string();
    }
    let fields: Vec<(String, Positional)> = serde_json::from_str::<OrderedMap>(text).unwrap().0;
    let inner: Vec<String> = fields
        .into_iter()
        .map(|(k, Positional(v))| format!("{}: {v}", Value::String(k)))
        .collect();
    return format!("{{{}}}", inner.join(", "));

    struct OrderedMap(Vec<(String, Positional)>);
    impl<'de> serde::Deserialize<'de> for OrderedMap {
        fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            struct M;
            impl<'de> serde::de::Visitor<'de> for M {
                type Value = OrderedMap;
                fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                    f.write_str("an object")
                }
                fn visit_map<A: serde::de::MapAccess<'de>>(
                    self,
                    mut a: A,
                ) -> Result<OrderedMap, A::Error> {
                    let mut out = Vec::new();
                    while let Some(entry) = a.next_entry()? {
                        out.push(entry);
                    }
                    Ok(OrderedMap(out))
                }
            }
            d.deserialize_map(M)
        }
    }
}

/// dc1 written with every field, in declaration order, so that its positional form lines up.
fn dc1_in_full() -> String {
    let mut plan = fabric_designer::plan::read_plan(DC1).unwrap();
    plan.frr_version = Some("8.4".into());
    plan.protection.node_hold_time = 12;
    // A missing field other than the last would shift the others.
    plan.vms.retain(|vm| vm.ipv4.is_some());
    plan.to_json()
}

#[test]
fn arrays_are_not_objects() {
    let full = dc1_in_full();
    let all_positional = positional(&full, false);
    let nested = positional(&full, true);
    // serde's derived structs take these as they are: the sequence form is a real way in.
    type Plan = fabric_designer::plan::Plan;
    assert!(serde_json::from_str::<Plan>(&all_positional).is_ok());
    assert!(serde_json::from_str::<Plan>(&nested).is_ok());
    let gateway = DC1.replace(
        r#""gateway": { "ipv4": "10.0.0.1", "ipv6": "fd00::1" }"#,
        r#""gateway": ["10.0.0.1", "fd00::1"]"#,
    );
    assert_ne!(gateway, DC1);
    let node = DC1.replace(
        r#"{ "name": "kvm2", "virtualization": "kvm", "os": "almalinux-8", "ipv4": "10.10.0.12", "ipv6": "2001:db8:ffff::12" }"#,
        r#"["kvm2", "kvm", "almalinux-8", "10.10.0.12", "2001:db8:ffff::12"]"#,
    );
    assert_ne!(node, DC1);
    for (name, plan, path, message) in [
        (
            "root",
            r#"[1, "x", 65000]"#.to_string(),
            "(plan)",
            "a plan must be a JSON object",
        ),
        (
            "dc1 positional",
            all_positional,
            "(plan)",
            "a plan must be a JSON object",
        ),
        (
            "dc1 nested positional",
            nested,
            "/gateway",
            "expected an object",
        ),
        (
            "gateway",
            gateway,
            "/gateway",
            "expected an object (line 7, column 13)",
        ),
        (
            "node",
            node,
            "/nodes/1",
            "expected an object (line 23, column 4)",
        ),
    ] {
        let out = validate(plan.as_bytes(), &[]);
        let stdout = text(&out.stdout);
        assert_eq!(out.status.code(), Some(2), "{name}: {stdout}");
        assert!(
            stdout.starts_with(&format!("error[plan-unreadable] {path}: ")),
            "{name}: {stdout}"
        );
        assert!(stdout.contains(message), "{name}: {stdout}");
    }
}

#[test]
fn a_byte_order_mark_is_accepted() {
    let with_bom = format!("\u{feff}{DC1}");
    let out = validate(with_bom.as_bytes(), &[]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stdout));
    assert!(fabric_designer::plan::read_plan(&with_bom).is_ok());

    use std::io::Write;
    let mut child = bin()
        .args(["validate", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(with_bom.as_bytes())
        .unwrap();
    assert_eq!(child.wait_with_output().unwrap().status.code(), Some(0));
}

#[test]
fn an_empty_file_is_named_as_such_at_line_1_column_1() {
    for (input, position) in [
        ("", "(line 1, column 1)"),
        ("  \n\n", "(line 1, column 1)"),
        ("{\n", "(line 2, column 1)"),
    ] {
        let out = validate(input.as_bytes(), &[]);
        assert_eq!(out.status.code(), Some(2));
        let stdout = text(&out.stdout);
        assert!(stdout.contains("[plan-unreadable]"), "{input:?}: {stdout}");
        assert!(stdout.contains(position), "{input:?}: {stdout}");
        assert!(!stdout.contains("column 0"), "{input:?}: {stdout}");
        if input.trim().is_empty() {
            assert!(stdout.contains("the file is empty"), "{stdout}");
        }
    }
}

/// Runs the binary with at most 1 GiB of address space, so that a reader without a bound fails
/// here rather than taking the machine's memory.
fn bounded(args: &str, stdin: Stdio) -> Output {
    Command::new("sh")
        .arg("-c")
        .arg(format!("ulimit -v 1048576 && exec \"$0\" {args}"))
        .arg(env!("CARGO_BIN_EXE_fabric-designer"))
        .stdin(stdin)
        .output()
        .unwrap()
}

#[test]
fn input_beyond_64_mib_is_refused() {
    for (args, stdin) in [
        ("validate /dev/zero", Stdio::null()),
        (
            "validate - --format json",
            Stdio::from(std::fs::File::open("/dev/zero").unwrap()),
        ),
        ("render /dev/zero --zip /dev/null", Stdio::null()),
    ] {
        let out = bounded(args, stdin);
        assert_eq!(out.status.code(), Some(2), "{args}: {out:?}");
        let stderr = text(&out.stderr);
        assert!(stderr.contains("larger than 64 MiB"), "{args}: {stderr}");
        assert!(out.stdout.is_empty());
    }
}

#[test]
fn non_utf8_input_is_refused_with_its_position() {
    let plan = b"{\"version\": 1,\n \"name\": \"caf\xe9\", \"asn\": 65000}";
    let out = validate(plan, &[]);
    assert_eq!(out.status.code(), Some(2));
    let stdout = text(&out.stdout);
    assert!(
        stdout.starts_with("error[plan-unreadable] (plan): "),
        "{stdout}"
    );
    assert!(stdout.contains("not UTF-8"), "{stdout}");
    assert!(stdout.contains("(line 2, column 14)"), "{stdout}");

    let out = validate(plan, &["--format", "json"]);
    assert_eq!(out.status.code(), Some(2));
    let value: Value = serde_json::from_slice(&out.stdout).expect("JSON output");
    assert_eq!(value[0]["code"], "plan-unreadable");
}
