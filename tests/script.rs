//! route_reflector.sh run for real, not only linted: inside a private mount namespace where
//! /etc/frr and /etc/sysctl.d are the test's own folders, with FRR's real `vtysh -C` checking
//! the configuration and stand-ins for the commands that would touch the machine (systemctl,
//! sysctl, sleep, and `vtysh -c`, which needs running daemons). It shows that the script backs
//! up and replaces the configuration, enables bgpd, restarts FRR once, does nothing on a re-run,
//! and leaves everything as it was when vtysh rejects the new configuration.
//!
//! Needs root (a mount namespace) and the Debian package frr; fails, never skips, without them.

mod common;

use common::{example, files, scratch};
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// A machine as the script sees it: the two folders it writes, the stand-ins and their log.
struct Target {
    _dir: tempfile::TempDir,
    etc_frr: PathBuf,
    sysctl_d: PathBuf,
    bin: PathBuf,
    log: PathBuf,
    script: PathBuf,
}

const DAEMONS: &str =
    "# daemons of the packaged FRR, trimmed\nzebra=yes\nbgpd=no\nospfd=no\nstaticd=no\n";

fn stand_in(bin: &Path, name: &str, body: &str) {
    let path = bin.join(name);
    fs::write(&path, format!("#!/bin/sh\n{body}\n")).unwrap();
    Command::new("chmod")
        .arg("755")
        .arg(&path)
        .status()
        .unwrap();
}

impl Target {
    fn new(script: &str) -> Target {
        assert!(
            running_as_root(),
            "tests/script.rs needs root for a private mount namespace: run scripts/test.sh as root"
        );
        assert!(
            Path::new("/usr/bin/vtysh").exists(),
            "vtysh is not installed: run scripts/test.sh, which installs the Debian package frr"
        );
        let dir = scratch();
        let etc_frr = dir.path().join("etc-frr");
        let sysctl_d = dir.path().join("sysctl.d");
        let bin = dir.path().join("bin");
        for d in [&etc_frr, &sysctl_d, &bin] {
            fs::create_dir_all(d).unwrap();
        }
        fs::write(etc_frr.join("daemons"), DAEMONS).unwrap();
        fs::write(etc_frr.join("frr.conf"), "hostname old\n").unwrap();
        let log = dir.path().join("calls.log");
        let active = dir.path().join("frr-active");
        let log_s = log.display();
        let active_s = active.display();
        // systemctl: logs every call; FRR counts as running once it was restarted.
        stand_in(
            &bin,
            "systemctl",
            &format!(
                "echo \"systemctl $*\" >> {log_s}\n\
                 case \"$*\" in\n\
                   *is-active*) [ -f {active_s} ] ;;\n\
                   restart*) touch {active_s} ;;\n\
                 esac"
            ),
        );
        stand_in(&bin, "sysctl", &format!("echo \"sysctl $*\" >> {log_s}"));
        stand_in(&bin, "sleep", ":");
        // vtysh: the real one checks files (-C); a summary needs daemons, so it is made up.
        stand_in(
            &bin,
            "vtysh",
            &format!(
                "case \"$1\" in\n\
                   -c) echo \"vtysh $*\" >> {log_s}; echo 'BGP summary (stand-in)' ;;\n\
                   *) exec /usr/bin/vtysh \"$@\" ;;\n\
                 esac"
            ),
        );
        let script_path = dir.path().join("route_reflector.sh");
        fs::write(&script_path, script).unwrap();
        Target {
            _dir: dir,
            etc_frr,
            sysctl_d,
            bin,
            log,
            script: script_path,
        }
    }

    /// Runs the script with the test's folders mounted over /etc/frr and /etc/sysctl.d in a
    /// mount namespace of its own, so nothing outside the test changes.
    fn run(&self, args: &[&str]) -> Output {
        let inner = format!(
            "mount --make-rprivate / && mount --bind {} /etc/frr && mount --bind {} /etc/sysctl.d && exec sh {} {}",
            self.etc_frr.display(),
            self.sysctl_d.display(),
            self.script.display(),
            args.join(" ")
        );
        Command::new("unshare")
            .args(["--mount", "sh", "-c", &inner])
            .env(
                "PATH",
                format!("{}:/usr/sbin:/usr/bin:/sbin:/bin", self.bin.display()),
            )
            .output()
            .expect("unshare runs")
    }

    fn conf(&self) -> String {
        fs::read_to_string(self.etc_frr.join("frr.conf")).unwrap()
    }

    fn backups(&self) -> Vec<String> {
        let mut names: Vec<String> = fs::read_dir(&self.etc_frr)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.starts_with("frr.conf.") && n.ends_with(".bak"))
            .collect();
        names.sort();
        names
    }

    fn calls(&self) -> String {
        fs::read_to_string(&self.log).unwrap_or_default()
    }
}

fn running_as_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
        .unwrap_or(false)
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn reflector_files() -> (String, String) {
    let files = files(&example("lab-frr-core"));
    let get = |path: &str| {
        files
            .iter()
            .find(|f| f.path == path)
            .unwrap_or_else(|| panic!("no {path}"))
            .contents
            .clone()
    };
    (
        get("route-reflectors/rr1/route_reflector.sh"),
        get("route-reflectors/rr1/frr.conf"),
    )
}

#[test]
fn installs_then_does_nothing_on_a_rerun() {
    let (script, conf) = reflector_files();
    let target = Target::new(&script);

    let first = target.run(&[]);
    assert!(
        first.status.success(),
        "first run failed:\n{}{}",
        text(&first.stdout),
        text(&first.stderr)
    );
    assert_eq!(target.conf(), conf, "/etc/frr/frr.conf is the rendered one");
    let backups = target.backups();
    assert_eq!(backups.len(), 1, "one backup of the old configuration");
    assert_eq!(
        fs::read_to_string(target.etc_frr.join(&backups[0])).unwrap(),
        "hostname old\n"
    );
    let daemons = fs::read_to_string(target.etc_frr.join("daemons")).unwrap();
    assert!(daemons.contains("\nbgpd=yes\n"), "{daemons}");
    assert!(daemons.contains("\nospfd=no\n"), "other daemons untouched");
    let sysctl = fs::read_to_string(target.sysctl_d.join("90-fabric-designer.conf")).unwrap();
    assert!(sysctl.contains("net.ipv4.ip_forward = 1"));
    assert!(sysctl.contains("net.ipv6.conf.all.forwarding = 1"));
    let calls = target.calls();
    assert_eq!(calls.matches("systemctl restart frr").count(), 1, "{calls}");
    assert!(calls.contains("vtysh -c show bgp summary"), "{calls}");

    // A second run changes nothing and restarts nothing.
    fs::remove_file(&target.log).unwrap();
    let second = target.run(&[]);
    assert!(second.status.success(), "{}", text(&second.stderr));
    assert!(
        text(&second.stdout).contains("is already up to date"),
        "{}",
        text(&second.stdout)
    );
    assert_eq!(target.conf(), conf);
    assert_eq!(target.backups(), backups, "no second backup");
    let calls = target.calls();
    assert!(!calls.contains("restart"), "{calls}");
    assert!(!calls.contains("reload"), "{calls}");
}

#[test]
fn a_configuration_vtysh_rejects_changes_nothing() {
    let (script, _) = reflector_files();
    // A typo in one command of the embedded configuration.
    let broken = script.replacen("log syslog informational", "log syslogg informational", 1);
    assert_ne!(broken, script);
    let target = Target::new(&broken);
    let out = target.run(&[]);
    assert!(!out.status.success(), "the run must fail");
    assert!(
        text(&out.stderr).contains("vtysh rejects the new configuration"),
        "{}",
        text(&out.stderr)
    );
    assert_eq!(target.conf(), "hostname old\n", "old configuration kept");
    assert_nothing_else_changed(&target);
    let leftovers: Vec<_> = fs::read_dir(&target.etc_frr)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains(".new."))
        .collect();
    assert!(leftovers.is_empty(), "temporary file left: {leftovers:?}");
}

/// Daemons, sysctls, backups and services as they were before the run.
fn assert_nothing_else_changed(target: &Target) {
    assert!(target.backups().is_empty());
    assert_eq!(
        fs::read_to_string(target.etc_frr.join("daemons")).unwrap(),
        DAEMONS
    );
    assert!(fs::read_dir(&target.sysctl_d).unwrap().next().is_none());
    let calls = target.calls();
    assert!(
        !calls.contains("restart") && !calls.contains("sysctl"),
        "{calls}"
    );
}

#[test]
fn an_frr_older_than_the_plan_wants_stops_before_any_change() {
    // The machine has FRR 8.4; a plan written for FRR 9.1 must not be applied to it.
    let mut plan = example("lab-frr-core");
    plan.frr_version = Some("9.1".into());
    let script = files(&plan)
        .into_iter()
        .find(|f| f.path == "route-reflectors/rr1/route_reflector.sh")
        .unwrap()
        .contents;
    let target = Target::new(&script);
    let out = target.run(&[]);
    assert!(!out.status.success(), "the run must fail");
    let stderr = text(&out.stderr);
    assert!(stderr.contains("is older than 9.1"), "{stderr}");
    assert!(stderr.contains("nothing else was changed"), "{stderr}");
    assert_eq!(target.conf(), "hostname old\n");
    assert_nothing_else_changed(&target);
}

#[test]
fn dry_run_touches_nothing() {
    let (script, conf) = reflector_files();
    let target = Target::new(&script);
    let out = target.run(&["--dry-run"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(text(&out.stdout), conf);
    assert_eq!(target.conf(), "hostname old\n");
    assert_eq!(
        fs::read_to_string(target.etc_frr.join("daemons")).unwrap(),
        DAEMONS
    );
    assert!(fs::read_dir(&target.sysctl_d).unwrap().next().is_none());
    assert_eq!(target.calls(), "");
}
