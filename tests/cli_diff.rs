//! `fabric-designer diff` as a pipeline sees it: exit codes, the JSON contract, the change
//! bundle written.

mod common;

use common::scratch;
use serde_json::Value;
use std::path::{Path, PathBuf};

use common::{cli as run, text};

const DC1: &str = "examples/dc1-dual-stack.json";

/// dc1 with a fifth node, written into `dir`.
fn with_node(dir: &Path) -> PathBuf {
    let mut plan: Value = serde_json::from_str(
        &std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(DC1)).unwrap(),
    )
    .unwrap();
    plan["nodes"]
        .as_array_mut()
        .unwrap()
        .push(serde_json::json!({
            "name": "kvm5", "virtualization": "kvm", "os": "almalinux-8",
            "ipv4": "10.10.0.15", "ipv6": "2001:db8:ffff::15"
        }));
    let path = dir.join("new.json");
    std::fs::write(&path, plan.to_string()).unwrap();
    path
}

#[test]
fn identical_plans_exit_zero_also_with_exit_code() {
    for args in [&["diff", DC1, DC1][..], &["diff", DC1, DC1, "--exit-code"]] {
        let out = run(args);
        assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
        let stdout = text(&out.stdout);
        assert!(stdout.starts_with("no changes\n"), "{stdout}");
        assert!(
            stdout.lines().skip(1).all(|l| l.ends_with(": unchanged")),
            "{stdout}"
        );
    }
}

#[test]
fn json_lists_every_device_with_its_status_files_and_steps() {
    let dir = scratch();
    let new = with_node(dir.path());
    let out = run(&["diff", DC1, new.to_str().unwrap(), "--format", "json"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let json: Value = serde_json::from_slice(&out.stdout).expect("one JSON object");
    let devices = json["devices"].as_array().expect("devices");
    let status = |device: &str| {
        devices
            .iter()
            .find(|d| d["device"] == device)
            .unwrap_or_else(|| panic!("{device} listed"))["status"]
            .clone()
    };
    assert_eq!(status("nodes/kvm5"), "added");
    assert_eq!(status("nodes/kvm1"), "unchanged");
    assert_eq!(status("route-reflectors/rr1"), "changed");
    assert_eq!(status("core/mx1"), "changed");
    assert_eq!(devices.len(), 8, "4 + 1 nodes, 2 reflectors, 1 core");
    let kvm5 = devices
        .iter()
        .find(|d| d["device"] == "nodes/kvm5")
        .unwrap();
    assert_eq!(kvm5["files"][0]["path"], "nodes/kvm5/frr.conf");
    assert_eq!(kvm5["files"][0]["status"], "added");
    assert!(kvm5["files"][0]["diff"]
        .as_str()
        .unwrap()
        .starts_with("--- /dev/null\n+++ b/nodes/kvm5/frr.conf\n"));
    assert!(!kvm5["steps"].as_array().unwrap().is_empty());
    let rr1 = devices
        .iter()
        .find(|d| d["device"] == "route-reflectors/rr1")
        .unwrap();
    assert!(rr1["steps"][0].as_str().unwrap().contains("1-before.vtysh"));
    assert!(json["order"].as_array().is_some_and(|o| o.len() == 2));
    assert!(json["vmmanager"][0].as_str().unwrap().contains("kvm5"));
}

#[test]
fn exit_code_reports_a_change_and_out_writes_the_change_bundle() {
    let dir = scratch();
    let new = with_node(dir.path());
    let bundle = dir.path().join("change");
    let out = run(&[
        "diff",
        DC1,
        new.to_str().unwrap(),
        "--exit-code",
        "--out",
        bundle.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("nodes/kvm5: added"));
    for file in [
        "CHANGE.md",
        "core/mx1/1-before.set",
        "route-reflectors/rr1/1-before.vtysh",
        "route-reflectors/rr1/frr.conf",
        "nodes/kvm5/frr.conf",
    ] {
        assert!(bundle.join(file).is_file(), "{file} written");
    }
    // Unchanged devices get no files.
    assert!(!bundle.join("nodes/kvm1").exists());
    assert!(text(&out.stderr).starts_with("wrote "));
}

#[test]
fn errors_in_either_plan_exit_one_marked_by_side() {
    let out = run(&["diff", DC1, "examples/mistakes.json"]);
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert!(err.lines().any(|l| l.starts_with("new: error[")), "{err}");
    assert!(!err.lines().any(|l| l.starts_with("old: error[")), "{err}");
    assert!(out.stdout.is_empty());
}

#[test]
fn an_unreadable_plan_exits_two_marked_by_side() {
    let dir = scratch();
    let broken = dir.path().join("broken.json");
    std::fs::write(&broken, "{ not json").unwrap();
    let out = run(&["diff", broken.to_str().unwrap(), DC1]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).starts_with("old: "),
        "{}",
        text(&out.stderr)
    );
    let out = run(&["diff", DC1, "no-such-plan.json"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).starts_with("new: "),
        "{}",
        text(&out.stderr)
    );
}

/// dc1 without its id, as deployed before ids, written into `dir`.
fn without_id(dir: &Path) -> PathBuf {
    let mut plan: Value = serde_json::from_str(
        &std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(DC1)).unwrap(),
    )
    .unwrap();
    plan.as_object_mut().unwrap().remove("id");
    let path = dir.join("deployed.json");
    std::fs::write(&path, plan.to_string()).unwrap();
    path
}

/// Every file below `dir`, by path relative to it.
fn tree(dir: &Path) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                let rel = p.strip_prefix(dir).unwrap().to_string_lossy().to_string();
                out.push((rel, std::fs::read_to_string(&p).unwrap()));
            }
        }
    }
    out.sort();
    out
}

/// An earlier bundle, as a folder or as its zip, gives the same change as the plan it was
/// rendered from; edited (as an earlier release would have rendered it), the change follows
/// the files, not the plan.
#[test]
fn an_earlier_bundle_is_compared_as_it_was_rendered() {
    let dir = scratch();
    let deployed = without_id(dir.path());
    let d = |p: &Path| p.to_str().unwrap().to_string();
    let folder = dir.path().join("bundle");
    let zip = dir.path().join("bundle.zip");
    for args in [
        vec![
            "render".to_string(),
            d(&deployed),
            "--out".into(),
            d(&folder),
        ],
        vec!["render".to_string(), d(&deployed), "--zip".into(), d(&zip)],
    ] {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        assert_eq!(run(&args).status.code(), Some(0));
    }
    let change = |old: &Path, out: &str| {
        let to = dir.path().join(out);
        let result = run(&["diff", &d(old), DC1, "--out", &d(&to)]);
        assert_eq!(result.status.code(), Some(0), "{}", text(&result.stderr));
        (text(&result.stdout), tree(&to))
    };
    let from_plan = change(&deployed, "from-plan");
    assert!(
        from_plan
            .1
            .iter()
            .any(|(p, _)| p.ends_with("1-move-rr2.set")),
        "{:?}",
        from_plan.1
    );
    assert_eq!(change(&folder, "from-folder"), from_plan);
    assert_eq!(change(&zip, "from-zip"), from_plan);

    // The same plan's bundle, as an earlier release rendered it with one limit lower: the
    // change takes the core from what it runs, not from what the plan would render today.
    let current = dir.path().join("current");
    assert_eq!(
        run(&["render", DC1, "--out", &d(&current)]).status.code(),
        Some(0)
    );
    let same = run(&["diff", &d(&current), DC1, "--exit-code"]);
    assert_eq!(same.status.code(), Some(0), "{}", text(&same.stdout));
    let junos = current.join("core/mx1/junos.conf");
    let old = std::fs::read_to_string(&junos).unwrap();
    let edited = old.replace("prefix-limit maximum 208", "prefix-limit maximum 200");
    assert_ne!(edited, old);
    std::fs::write(&junos, edited).unwrap();
    let (_, files) = change(&current, "from-edited");
    let before = files
        .iter()
        .find(|(p, _)| p.ends_with("1-before.set"))
        .map(|(_, t)| t.as_str())
        .unwrap_or_default();
    assert_eq!(
        before,
        "set protocols bgp group dc1-VM family inet unicast prefix-limit maximum 208\n"
    );
}

/// The password of an earlier bundle never reaches a change: it is the placeholder there, as
/// in a rendered side.
#[test]
fn an_earlier_bundles_password_never_shows() {
    let dir = scratch();
    let d = |p: &Path| p.to_str().unwrap().to_string();
    let mut plan: Value = serde_json::from_str(
        &std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(DC1)).unwrap(),
    )
    .unwrap();
    plan["protection"] = serde_json::json!({ "md5": true });
    let new = dir.path().join("md5.json");
    std::fs::write(&new, plan.to_string()).unwrap();
    let key = dir.path().join("key");
    std::fs::write(&key, "Earlier-secret-42\n").unwrap();
    let folder = dir.path().join("bundle");
    let out = run(&[
        "render",
        &d(&new),
        "--out",
        &d(&folder),
        "--md5-password-file",
        &d(&key),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let to = dir.path().join("change");
    let out = run(&[
        "diff",
        &d(&folder),
        &d(&new),
        "--out",
        &d(&to),
        "--exit-code",
    ]);
    // Nothing changes: the password in the bundle is not a change.
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stdout));
    assert!(!text(&out.stdout).contains("Earlier-secret-42"));
    assert!(tree(&to)
        .iter()
        .all(|(_, t)| !t.contains("Earlier-secret-42")));
}

/// OLD that is neither a plan nor a bundle is refused, saying what was expected.
#[test]
fn an_old_side_that_is_neither_plan_nor_bundle_exits_two() {
    let dir = scratch();
    let d = |p: &Path| p.to_str().unwrap().to_string();
    let junk = dir.path().join("notes.txt");
    std::fs::write(&junk, "not a plan").unwrap();
    let out = run(&["diff", &d(&junk), DC1]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr)
            .contains("expected a plan file (JSON), the folder of an earlier bundle, or its zip"),
        "{}",
        text(&out.stderr)
    );
    let empty = dir.path().join("empty");
    std::fs::create_dir(&empty).unwrap();
    let out = run(&["diff", &d(&empty), DC1]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("it holds no plan.json"),
        "{}",
        text(&out.stderr)
    );
    let zip = dir.path().join("broken.zip");
    std::fs::write(&zip, b"PK\x03\x04 and then nothing").unwrap();
    let out = run(&["diff", &d(&zip), DC1]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("not a zip archive"),
        "{}",
        text(&out.stderr)
    );
}
