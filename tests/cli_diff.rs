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
