//! The bundle: deterministic bytes, the zip and the folder hold the same files, the layout of
//! the contract, and no user text can add a line to a generated file.

mod common;

use common::{example, files, scratch, variations, VALID};
use fabric_designer::bundle;
use fabric_designer::plan::read_plan;
use std::collections::BTreeMap;
use std::io::Read;

fn unzip(bytes: &[u8]) -> BTreeMap<String, (String, Option<u32>)> {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a zip archive");
    let mut out = BTreeMap::new();
    for i in 0..archive.len() {
        let mut entry = archive.by_index(i).unwrap();
        let mut text = String::new();
        entry.read_to_string(&mut text).unwrap();
        out.insert(entry.name().unwrap().to_string(), (text, entry.unix_mode()));
    }
    out
}

#[test]
fn rendering_twice_gives_identical_bytes() {
    for (name, plan) in variations() {
        let a = files(&plan);
        let b = files(&plan);
        assert_eq!(a, b, "{name}");
        let za = bundle::zip(&a).unwrap();
        let zb = bundle::zip(&b).unwrap();
        assert_eq!(za, zb, "{name}: zip bytes differ");
    }
}

#[test]
fn zip_holds_exactly_the_folders_files() {
    for name in VALID {
        let files = files(&example(name));
        let dir = scratch();
        bundle::write_dir(&files, dir.path()).unwrap();
        let mut on_disk = BTreeMap::new();
        for entry in walk(dir.path()) {
            let rel = entry
                .strip_prefix(dir.path())
                .unwrap()
                .to_string_lossy()
                .to_string();
            on_disk.insert(rel, std::fs::read_to_string(&entry).unwrap());
        }
        let zipped = unzip(&bundle::zip(&files).unwrap());
        let zipped_text: BTreeMap<String, String> = zipped
            .iter()
            .map(|(k, (t, _))| (k.clone(), t.clone()))
            .collect();
        assert_eq!(on_disk, zipped_text, "{name}");
        for (path, (_, mode)) in &zipped {
            let want = if path.ends_with(".sh") { 0o755 } else { 0o644 };
            assert_eq!(
                mode.map(|m| m & 0o777),
                Some(want),
                "{name}: mode of {path}"
            );
        }
    }
}

fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(walk(&path));
        } else {
            out.push(path);
        }
    }
    out
}

#[test]
fn layout_follows_the_contract() {
    let paths: Vec<String> = files(&example("dc1-dual-stack"))
        .into_iter()
        .map(|f| f.path)
        .collect();
    assert_eq!(
        paths,
        [
            "README.md",
            "core/mx1/junos.conf",
            "nodes/kvm1/frr.conf",
            "nodes/kvm2/frr.conf",
            "nodes/kvm3/frr.conf",
            "nodes/kvm4/frr.conf",
            "plan.json",
            "route-reflectors/rr1/frr.conf",
            "route-reflectors/rr1/route_reflector.sh",
            "route-reflectors/rr2/frr.conf",
            "route-reflectors/rr2/run-script.md",
            "topology.svg",
            "vmmanager/cluster-settings.md",
        ]
    );
}

#[test]
fn plan_json_reads_back_as_the_same_plan() {
    for (name, plan) in variations() {
        let files = files(&plan);
        let json = &files
            .iter()
            .find(|f| f.path == "plan.json")
            .unwrap()
            .contents;
        assert_eq!(read_plan(json).unwrap(), plan, "{name}");
    }
}

#[test]
fn zip_is_named_after_the_plan() {
    assert_eq!(
        bundle::zip_name(&example("dc1-dual-stack")),
        "fabric-dc1-dual-stack.zip"
    );
}

#[test]
fn a_hostile_plan_name_cannot_add_a_line_anywhere() {
    // The plan name is free text and appears in comments of every file; it must never break out
    // of its comment line.
    let mut plan = example("dc1-dual-stack");
    let clean = files(&plan);
    plan.name = "x\nrouter bgp 1\r\n\u{2028}neighbor 6.6.6.6 remote-as 1\n$(reboot)`id`'\"\nFABRIC_DESIGNER_FRR_CONF\nreboot".into();
    let hostile = files(&plan);
    assert_eq!(clean.len(), hostile.len());
    for (a, b) in clean.iter().zip(&hostile) {
        if a.path == "plan.json" {
            continue; // JSON escapes the text itself, checked by plan_json_reads_back_as_the_same_plan.
        }
        assert_eq!(
            a.contents.lines().count(),
            b.contents.lines().count(),
            "{}: the plan name added lines",
            a.path
        );
        for line in b.contents.lines() {
            assert!(
                !line.starts_with("neighbor 6.6.6.6")
                    && line != "reboot"
                    && line != "FABRIC_DESIGNER_FRR_CONF"
                    || a.contents.contains(line),
                "{}: injected line {line:?}",
                b.path
            );
        }
    }
}

/// The TCP-MD5 password appears in the configurations of both ends of the reflector <-> core
/// sessions (and the script that carries a reflector's) and in no other file: not in plan.json,
/// the runbook or the nodes' files. Without a password those files are not rendered at all.
#[test]
fn the_md5_password_reaches_exactly_the_session_configs() {
    use fabric_designer::render::{RenderError, Secrets};
    for name in ["md5-timers-drop-excess", "md5-frr-core-default-timers"] {
        let (_, plan) = common::variations()
            .into_iter()
            .find(|(n, _)| n == name)
            .expect("a variation");
        let fabric = common::fabric(&plan);
        assert_eq!(
            bundle::files(&plan, &fabric, &Secrets::default()),
            Err(RenderError::Md5KeyMissing),
            "{name}"
        );
        let mut carriers = Vec::new();
        for file in common::files(&plan) {
            if file.contents.contains(common::TEST_MD5_KEY) {
                carriers.push(file.path);
            }
        }
        let expected: Vec<String> = common::files(&plan)
            .into_iter()
            .map(|f| f.path)
            .filter(|p| p.starts_with("core/") || p.starts_with("route-reflectors/"))
            .filter(|p| !p.ends_with("run-script.md"))
            .collect();
        assert_eq!(carriers, expected, "{name}");
        assert!(plan.to_json().contains("\"md5\": true"));
    }
}

/// Every entry below `dir`, relative, with a `/` after folders and `@` after links.
fn tree(dir: &std::path::Path) -> Vec<String> {
    fn walk(base: &std::path::Path, dir: &std::path::Path, out: &mut Vec<String>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let entry = entry.unwrap();
            let rel = entry
                .path()
                .strip_prefix(base)
                .unwrap()
                .display()
                .to_string();
            let kind = entry.file_type().unwrap();
            if kind.is_symlink() {
                out.push(format!("{rel}@"));
            } else if kind.is_dir() {
                out.push(format!("{rel}/"));
                walk(base, &entry.path(), out);
            } else {
                out.push(rel);
            }
        }
    }
    let mut out = Vec::new();
    walk(dir, dir, &mut out);
    out.sort();
    out
}

#[test]
fn write_dir_replaces_an_earlier_bundle_and_drops_stale_files() {
    use std::os::unix::fs::PermissionsExt;
    let scratch = scratch();
    let dir = scratch.path().join("bundle");
    let mut plan = example("dc1-dual-stack");
    bundle::write_dir(&files(&plan), &dir).unwrap();
    assert!(dir.join("nodes/kvm4/frr.conf").is_file());
    plan.nodes.truncate(3);
    plan.vms.retain(|vm| vm.node != "kvm4");
    let again = files(&plan);
    bundle::write_dir(&again, &dir).unwrap();
    let expected: Vec<String> = again.iter().map(|f| f.path.clone()).collect();
    let on_disk: Vec<String> = tree(&dir)
        .into_iter()
        .filter(|p| !p.ends_with('/'))
        .collect();
    assert_eq!(on_disk, expected, "exactly the new bundle");
    for file in &again {
        let mode = std::fs::metadata(dir.join(&file.path))
            .unwrap()
            .permissions()
            .mode();
        let want = if file.is_executable() { 0o755 } else { 0o644 };
        assert_eq!(mode & 0o777, want, "{}", file.path);
    }
    assert_eq!(tree(scratch.path())[0], "bundle/", "nothing left beside it");
    assert_eq!(
        std::fs::read_dir(scratch.path()).unwrap().count(),
        1,
        "{:?}",
        tree(scratch.path())
    );
}

#[test]
fn write_dir_refuses_what_is_not_an_earlier_bundle_and_changes_nothing() {
    let files = files(&example("dc1-dual-stack"));
    type Setup = fn(&std::path::Path);
    let cases: [(&str, Setup, &str); 6] = [
        (
            "a git work tree",
            |d| std::fs::create_dir_all(d.join(".git")).unwrap(),
            ".git",
        ),
        (
            "nodes is a file",
            |d| std::fs::write(d.join("nodes"), "x").unwrap(),
            "nodes",
        ),
        (
            "a user's file inside a bundle",
            |d| {
                std::fs::write(
                    d.join("README.md"),
                    "# Runbook: x\n\nGenerated by fabric-designer from `plan.json`\n",
                )
                .unwrap();
                std::fs::write(d.join("plan.json"), "{}").unwrap();
                std::fs::create_dir_all(d.join("nodes/kvm1")).unwrap();
                std::fs::write(d.join("nodes/kvm1/notes.txt"), "mine").unwrap();
            },
            "nodes/kvm1/notes.txt",
        ),
        (
            "a README.md of someone else",
            |d| {
                std::fs::write(d.join("README.md"), "# My project\n").unwrap();
                std::fs::write(d.join("plan.json"), "{}").unwrap();
            },
            "README.md",
        ),
        (
            "no plan.json",
            |d| {
                std::fs::write(
                    d.join("README.md"),
                    "# Runbook: x\n\nGenerated by fabric-designer from `plan.json`\n",
                )
                .unwrap();
            },
            "plan.json",
        ),
        (
            "a link as README.md",
            |d| {
                std::fs::write(
                    d.parent().unwrap().join("other.md"),
                    "# Runbook: x\n\nGenerated by fabric-designer\n",
                )
                .unwrap();
                std::os::unix::fs::symlink("../other.md", d.join("README.md")).unwrap();
                std::fs::write(d.join("plan.json"), "{}").unwrap();
            },
            "README.md",
        ),
    ];
    for (name, setup, entry) in cases {
        let scratch = scratch();
        let dir = scratch.path().join("target");
        std::fs::create_dir(&dir).unwrap();
        setup(&dir);
        let before = tree(scratch.path());
        let error = bundle::write_dir(&files, &dir).expect_err(name).to_string();
        assert!(error.contains("not an earlier bundle"), "{name}: {error}");
        assert!(error.contains(entry), "{name}: {error}");
        assert_eq!(tree(scratch.path()), before, "{name}: nothing changed");
    }
}

#[test]
fn write_dir_never_follows_a_link() {
    use std::os::unix::fs::symlink;
    let files = files(&example("dc1-dual-stack"));
    let scratch = scratch();
    let outside = scratch.path().join("outside");
    std::fs::create_dir(&outside).unwrap();
    std::fs::write(outside.join("precious"), "keep me").unwrap();

    // The target itself is a link: refused.
    let link = scratch.path().join("link");
    symlink(&outside, &link).unwrap();
    let error = bundle::write_dir(&files, &link).unwrap_err().to_string();
    assert!(error.contains("symbolic link"), "{error}");
    assert_eq!(tree(&outside), ["precious"]);

    // Links inside an earlier bundle are removed with it, never written through.
    let dir = scratch.path().join("bundle");
    bundle::write_dir(&files, &dir).unwrap();
    std::fs::remove_file(dir.join("nodes/kvm1/frr.conf")).unwrap();
    symlink(outside.join("precious"), dir.join("nodes/kvm1/frr.conf")).unwrap();
    std::fs::remove_dir_all(dir.join("core")).unwrap();
    symlink(&outside, dir.join("core")).unwrap();
    bundle::write_dir(&files, &dir).unwrap();
    assert_eq!(tree(&outside), ["precious"]);
    assert_eq!(
        std::fs::read_to_string(outside.join("precious")).unwrap(),
        "keep me"
    );
    let meta = std::fs::symlink_metadata(dir.join("nodes/kvm1/frr.conf")).unwrap();
    assert!(meta.is_file(), "a file of its own");
    assert!(std::fs::symlink_metadata(dir.join("core"))
        .unwrap()
        .is_dir());
}

#[test]
fn write_dir_into_a_new_or_an_empty_folder() {
    let files = files(&example("lab-frr-core"));
    let scratch = scratch();
    for dir in [scratch.path().join("new"), scratch.path().join("empty")] {
        if dir.ends_with("empty") {
            std::fs::create_dir(&dir).unwrap();
        }
        bundle::write_dir(&files, &dir).unwrap();
        assert_eq!(
            tree(&dir).iter().filter(|p| !p.ends_with('/')).count(),
            files.len()
        );
    }
    let deep = scratch.path().join("not/yet/there");
    bundle::write_dir(&files, &deep).unwrap();
    assert!(
        deep.join("README.md").is_file(),
        "the folders above are made"
    );
    for no_name in [".", "..", "/"] {
        let error = bundle::write_dir(&files, std::path::Path::new(no_name))
            .unwrap_err()
            .to_string();
        assert!(
            error.contains("does not end in a folder name"),
            "{no_name}: {error}"
        );
    }
    let error = bundle::write_dir(&files, &scratch.path().join("new/README.md"))
        .unwrap_err()
        .to_string();
    assert!(error.contains("not a folder"), "{error}");
}
