//! The command line as a pipeline sees it: exit codes, output formats, files written.

mod common;

use common::scratch;
use std::path::PathBuf;
use std::process::{Command, Output};

use common::{cli as run, text};

#[test]
fn validate_valid_examples_exits_zero() {
    for name in common::VALID {
        let out = run(&["validate", &format!("examples/{name}.json")]);
        assert_eq!(out.status.code(), Some(0), "{name}: {}", text(&out.stdout));
        assert!(text(&out.stdout).contains("0 errors"), "{name}");
    }
}

#[test]
fn validate_mistakes_lists_each_with_code_path_and_fix() {
    let out = run(&["validate", "examples/mistakes.json"]);
    assert_eq!(out.status.code(), Some(1));
    let stdout = text(&out.stdout);
    for (code, path) in [
        ("community-invalid", "/community"),
        ("gateway-not-private", "/gateway/ipv4"),
        ("gateway-missing", "/gateway/ipv6"),
        ("rr-missing-ipv6", "/route_reflectors"),
        ("rr-not-redundant", "/route_reflectors"),
        ("node-os-unsupported", "/nodes/1/os"),
        ("vm-name-invalid", "/vms/0/name"),
        ("vm-address-outside-pool", "/vms/1/ipv4"),
    ] {
        assert!(
            stdout.contains(&format!("[{code}] {path}: ")),
            "missing {code} at {path} in:\n{stdout}"
        );
    }
    assert_eq!(
        stdout.matches("\n  help: ").count() + usize::from(stdout.starts_with("  help: ")),
        stdout.lines().filter(|l| l.contains("] /")).count(),
        "every diagnostic has a help line"
    );
    assert!(stdout.contains("7 errors, 2 warnings"), "{stdout}");
}

/// Five fields, and `cause` for a consequence: the path of a finding listed before it, or of
/// a plan item that exists.
#[test]
fn validate_json_is_an_array_of_five_field_objects_and_a_cause() {
    let out = run(&["validate", "examples/mistakes.json", "--format", "json"]);
    assert_eq!(out.status.code(), Some(1));
    let value: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON output");
    let items = value.as_array().expect("an array");
    assert!(items.len() >= 8);
    let plan: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string("examples/mistakes.json").unwrap()).unwrap();
    let mut causes = 0;
    for item in items {
        let obj = item.as_object().unwrap();
        let mut keys: Vec<&str> = obj.keys().map(String::as_str).collect();
        keys.sort();
        if let Some(cause) = obj.get("cause") {
            causes += 1;
            let cause = cause.as_str().expect("a JSON Pointer");
            assert!(plan.pointer(cause).is_some(), "{cause} is in the plan");
            assert_ne!(cause, obj["path"], "a finding is not its own cause");
            assert_eq!(
                keys,
                ["cause", "code", "help", "message", "path", "severity"]
            );
        } else {
            assert_eq!(keys, ["code", "help", "message", "path", "severity"]);
        }
    }
    assert!(causes > 0, "mistakes.json has a consequence");
    assert_eq!(items[0]["severity"], "error");
}

#[test]
fn unreadable_plan_exits_two_with_line_and_column() {
    let dir = scratch();
    let path = dir.path().join("broken.json");
    std::fs::write(
        &path,
        "{\n  \"version\": 1,\n  \"asn\": 65000,\n  \"nodes\": [\n}\n",
    )
    .unwrap();
    let p = path.to_str().unwrap();
    let out = run(&["validate", p]);
    assert_eq!(out.status.code(), Some(2));
    let stdout = text(&out.stdout);
    assert!(stdout.contains("error[plan-unreadable]"), "{stdout}");
    assert!(stdout.contains("line 5, column 1"), "{stdout}");

    let out = run(&["validate", p, "--format", "json"]);
    assert_eq!(out.status.code(), Some(2));
    let value: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(value[0]["code"], "plan-unreadable");

    let out = run(&[
        "render",
        p,
        "--out",
        dir.path().join("out").to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(!dir.path().join("out").exists());
}

#[test]
fn missing_file_exits_two() {
    let out = run(&["validate", "no/such/plan.json"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("cannot read"));
}

#[test]
fn render_refuses_a_plan_with_errors_and_writes_nothing() {
    let dir = scratch();
    let out_dir = dir.path().join("bundle");
    let out = run(&[
        "render",
        "examples/mistakes.json",
        "--out",
        out_dir.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = text(&out.stderr);
    assert!(stderr.contains("error[community-invalid]"), "{stderr}");
    assert!(stderr.contains("nothing was written"), "{stderr}");
    assert!(!out_dir.exists());
}

#[test]
fn render_writes_the_folder_and_the_zip() {
    let dir = scratch();
    let out_dir = dir.path().join("bundle");
    let zip = dir.path().join("bundle.zip");
    let out = run(&[
        "render",
        "examples/dc1-dual-stack.json",
        "--out",
        out_dir.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(text(&out.stderr).contains("wrote 13 files"));
    let node: PathBuf = out_dir.join("nodes/kvm1/frr.conf");
    assert!(std::fs::read_to_string(node)
        .unwrap()
        .contains("router bgp 65000"));
    let out = run(&[
        "render",
        "examples/dc1-dual-stack.json",
        "--zip",
        zip.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(&std::fs::read(&zip).unwrap()[..2], b"PK");
}

#[test]
fn render_needs_exactly_one_target() {
    let out = run(&["render", "examples/dc1-dual-stack.json"]);
    assert_eq!(out.status.code(), Some(2));
    let out = run(&[
        "render",
        "examples/dc1-dual-stack.json",
        "--out",
        "a",
        "--zip",
        "b",
    ]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn validate_reads_standard_input() {
    use std::io::Write;
    let mut child = Command::new(env!("CARGO_BIN_EXE_fabric-designer"))
        .args(["validate", "-"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let plan = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/examples/lab-frr-core.json"
    ))
    .unwrap();
    child.stdin.take().unwrap().write_all(&plan).unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0));
}

/// A plan with `protection.md5`, written to a scratch folder.
fn md5_plan(dir: &std::path::Path) -> PathBuf {
    let mut plan = common::example("dc1-dual-stack");
    plan.protection.md5 = true;
    let path = dir.join("md5.json");
    std::fs::write(&path, plan.to_json()).expect("write the plan");
    path
}

fn render_md5(
    plan: &std::path::Path,
    out: &std::path::Path,
    extra: &[&str],
    env: Option<&str>,
) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_fabric-designer"));
    cmd.args([
        "render",
        plan.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ])
    .args(extra)
    .env_remove("FABRIC_DESIGNER_MD5_PASSWORD");
    if let Some(value) = env {
        cmd.env("FABRIC_DESIGNER_MD5_PASSWORD", value);
    }
    cmd.output().expect("the binary runs")
}

#[test]
fn render_asks_for_the_md5_password_and_writes_nothing_without_it() {
    let dir = scratch();
    let plan = md5_plan(dir.path());
    let out = dir.path().join("bundle");
    let result = render_md5(&plan, &out, &[], None);
    assert_eq!(result.status.code(), Some(2));
    let stderr = text(&result.stderr);
    assert!(stderr.contains("--md5-password-file"), "{stderr}");
    assert!(stderr.contains("FABRIC_DESIGNER_MD5_PASSWORD"), "{stderr}");
    assert!(!out.exists(), "nothing is written");
}

#[test]
fn render_takes_the_md5_password_from_a_file_or_the_environment() {
    let dir = scratch();
    let plan = md5_plan(dir.path());
    let key_file = dir.path().join("md5.key");
    std::fs::write(&key_file, "From-a-file.9\n").unwrap();
    for (i, (extra, env, password)) in [
        (
            vec!["--md5-password-file", key_file.to_str().unwrap()],
            None,
            "From-a-file.9",
        ),
        (vec![], Some("From-the-env.7"), "From-the-env.7"),
    ]
    .into_iter()
    .enumerate()
    {
        let out = dir.path().join(format!("bundle-{i}"));
        let result = render_md5(&plan, &out, &extra, env);
        assert_eq!(result.status.code(), Some(0), "{}", text(&result.stderr));
        let junos = std::fs::read_to_string(out.join("core/mx1/junos.conf")).unwrap();
        assert!(junos.contains(&format!("authentication-key \"{password}\"")));
        let rr = std::fs::read_to_string(out.join("route-reflectors/rr1/frr.conf")).unwrap();
        assert!(rr.contains(&format!("neighbor 10.10.0.1 password {password}")));
        let plan_json = std::fs::read_to_string(out.join("plan.json")).unwrap();
        assert!(!plan_json.contains(password));
        assert!(!text(&result.stderr).contains(password));
    }
}

#[test]
fn a_bad_md5_password_is_refused_without_being_echoed() {
    let dir = scratch();
    let plan = md5_plan(dir.path());
    let out = dir.path().join("bundle");
    let result = render_md5(&plan, &out, &[], Some("secret word\"; rm"));
    assert_eq!(result.status.code(), Some(2));
    let stderr = text(&result.stderr);
    assert!(
        stderr.contains("character 7 of the TCP-MD5 password"),
        "{stderr}"
    );
    assert!(!stderr.contains("secret"), "{stderr}");
    assert!(!out.exists());
}

/// Standard output or error on a full disk.
fn dev_full() -> std::process::Stdio {
    std::fs::OpenOptions::new()
        .write(true)
        .open("/dev/full")
        .expect("/dev/full")
        .into()
}

#[test]
fn validate_on_a_full_disk_exits_two_and_says_why() {
    for format in ["text", "json"] {
        let out = Command::new(env!("CARGO_BIN_EXE_fabric-designer"))
            .args([
                "validate",
                "examples/dc1-dual-stack.json",
                "--format",
                format,
            ])
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .stdout(dev_full())
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{format}: {out:?}");
        let stderr = text(&out.stderr);
        assert!(
            stderr.starts_with("fabric-designer: cannot write to standard output: "),
            "{format}: {stderr}"
        );
        assert!(!stderr.contains("panicked"), "{stderr}");
    }
    let out = Command::new(env!("CARGO_BIN_EXE_fabric-designer"))
        .arg("--help")
        .stdout(dev_full())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{out:?}");
}

/// A plan with one warning per unknown field: megabytes of output, more than a pipe holds.
fn noisy_plan(dir: &std::path::Path) -> PathBuf {
    let fields: String = (0..20_000).map(|i| format!(", \"extra{i}\": 0")).collect();
    let path = dir.join("noisy.json");
    std::fs::write(&path, format!("{{\"version\": 1, \"asn\": 65000{fields}}}")).unwrap();
    path
}

#[test]
fn validate_into_a_closed_pipe_ends_quietly_with_its_verdict() {
    let dir = scratch();
    let plan = noisy_plan(dir.path());
    for format in ["text", "json"] {
        let args = ["validate", plan.to_str().unwrap(), "--format", format];
        let full = run(&args);
        assert!(full.stdout.len() > 1 << 20, "{format}: enough output");
        let mut child = Command::new(env!("CARGO_BIN_EXE_fabric-designer"))
            .args(args)
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        // The reader goes away, as `| head -1` does after its line.
        drop(child.stdout.take());
        let out = child.wait_with_output().unwrap();
        assert_eq!(out.status.code(), full.status.code(), "{format}: {out:?}");
        assert_eq!(text(&out.stderr), "", "{format}: quietly");
    }
}

#[test]
fn render_with_standard_error_on_a_full_disk_exits_two() {
    let dir = scratch();
    let zip = dir.path().join("ok.zip");
    let out = Command::new(env!("CARGO_BIN_EXE_fabric-designer"))
        .args(["render", "examples/mistakes.json", "--zip"])
        .arg(&zip)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .stderr(dev_full())
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(2),
        "errors that cannot be shown: {out:?}"
    );
    assert!(!zip.exists());
    let out = Command::new(env!("CARGO_BIN_EXE_fabric-designer"))
        .args(["render", "examples/dc1-dual-stack.json", "--zip"])
        .arg(&zip)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .stderr(dev_full())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    assert_eq!(
        &std::fs::read(&zip).unwrap()[..2],
        b"PK",
        "the zip is written"
    );
}

#[test]
fn render_refuses_a_folder_that_is_not_a_bundle_and_changes_nothing() {
    let dir = scratch();
    let out_dir = dir.path().join("repo");
    std::fs::create_dir_all(out_dir.join(".git")).unwrap();
    std::fs::write(out_dir.join("nodes"), "a file where a folder belongs").unwrap();
    let out = run(&[
        "render",
        "examples/dc1-dual-stack.json",
        "--out",
        out_dir.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = text(&out.stderr);
    assert!(stderr.contains("not an earlier bundle"), "{stderr}");
    let mut left: Vec<_> = std::fs::read_dir(&out_dir)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    left.sort();
    assert_eq!(left, [".git", "nodes"], "nothing was written");
    assert_eq!(
        std::fs::read_dir(dir.path()).unwrap().count(),
        1,
        "no temporary folder is left beside it"
    );
}

#[test]
fn render_replaces_an_earlier_bundle() {
    let dir = scratch();
    let out_dir = dir.path().join("bundle");
    let mut plan = common::example("dc1-dual-stack");
    let plan_path = dir.path().join("plan.json");
    for nodes in [4, 3] {
        plan.nodes.truncate(nodes);
        plan.vms.retain(|vm| vm.node != "kvm4");
        std::fs::write(&plan_path, plan.to_json()).unwrap();
        let out = run(&[
            "render",
            plan_path.to_str().unwrap(),
            "--out",
            out_dir.to_str().unwrap(),
        ]);
        assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    }
    assert!(out_dir.join("nodes/kvm3/frr.conf").is_file());
    assert!(!out_dir.join("nodes/kvm4").exists(), "no stale node");
    let mut beside: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    beside.sort();
    assert_eq!(beside, ["bundle", "plan.json"]);
}
