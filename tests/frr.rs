//! Real tools on real output: every rendered frr.conf passes FRR's own parser (`vtysh -C -f`),
//! every route_reflector.sh passes shellcheck, and its `--dry-run` prints exactly the frr.conf
//! beside it. The tools are installed by the project's test command; if one is missing, these
//! tests fail and say so rather than pass without checking.

mod common;

use common::{files, scratch, variations};
use std::path::Path;
use std::process::Command;

fn tool(name: &str) -> String {
    for dir in ["/usr/bin", "/bin", "/usr/local/bin"] {
        let path = format!("{dir}/{name}");
        if Path::new(&path).exists() {
            return path;
        }
    }
    panic!("{name} is not installed: run scripts/test.sh, which installs it (Debian packages frr and shellcheck)");
}

#[test]
fn every_frr_conf_loads_in_frr() {
    let dir = scratch();
    let mut checked = 0;
    for (name, plan) in variations() {
        for file in files(&plan) {
            if !file.path.ends_with("frr.conf") {
                continue;
            }
            if let Err(said) = common::vtysh_check_file(dir.path(), &name, &file) {
                panic!("{name}: {} is refused by vtysh -C:\n{said}", file.path);
            }
            checked += 1;
        }
    }
    // 3 examples (10 + 7 + 6 configs) and the variations: make sure the loop saw them.
    assert!(checked >= 60, "only {checked} frr.conf files checked");
}

#[test]
fn every_script_passes_shellcheck_and_dry_run_prints_its_frr_conf() {
    let shellcheck = tool("shellcheck");
    let dir = scratch();
    let mut checked = 0;
    for (name, plan) in variations() {
        let files = files(&plan);
        for file in files
            .iter()
            .filter(|f| f.path.ends_with("route_reflector.sh"))
        {
            let path = dir
                .path()
                .join(format!("{name}-{}", file.path.replace('/', "-")));
            std::fs::write(&path, &file.contents).unwrap();
            let out = Command::new(&shellcheck)
                .args(["--shell=sh", "--severity=style"])
                .arg(&path)
                .output()
                .unwrap();
            assert!(
                out.status.success(),
                "{name}: {} fails shellcheck:\n{}",
                file.path,
                String::from_utf8_lossy(&out.stdout)
            );
            let conf_path = file.path.replace("route_reflector.sh", "frr.conf");
            let conf = files
                .iter()
                .find(|f| f.path == conf_path)
                .expect("frr.conf beside the script");
            let out = Command::new("sh")
                .arg(&path)
                .arg("--dry-run")
                .output()
                .unwrap();
            assert!(
                out.status.success(),
                "{name}: {} --dry-run failed:\n{}",
                file.path,
                String::from_utf8_lossy(&out.stderr)
            );
            assert_eq!(
                String::from_utf8_lossy(&out.stdout),
                conf.contents,
                "{name}: --dry-run of {} does not print {conf_path}",
                file.path
            );
            assert!(
                String::from_utf8_lossy(&out.stderr).contains("vtysh accepts the configuration"),
                "{name}: --dry-run did not validate with vtysh"
            );
            checked += 1;
        }
    }
    assert!(checked >= 8, "only {checked} scripts checked");
}

#[test]
fn dry_run_refuses_unknown_options() {
    let plan = common::example("lab-frr-core");
    let script = files(&plan)
        .into_iter()
        .find(|f| f.path.ends_with("route_reflector.sh"))
        .unwrap();
    let dir = scratch();
    let path = dir.path().join("route_reflector.sh");
    std::fs::write(&path, &script.contents).unwrap();
    let out = Command::new("sh")
        .arg(&path)
        .arg("--bogus")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty(), "nothing on stdout for a usage error");
}
