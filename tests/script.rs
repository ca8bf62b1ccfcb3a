//! route_reflector.sh run for real, not only linted: inside a private mount namespace where
//! /etc/frr, /etc/sysctl.d, /usr/lib/frr and /etc/os-release are the test's own, with FRR's real
//! `vtysh -C` checking the configuration and stand-ins for everything that would touch the
//! machine or needs running daemons: systemctl, sysctl, sleep, `vtysh -c`, apt-get, apt-cache,
//! dnf, ip, firewall-cmd, ufw and frr-reload.py. The stand-ins keep a small machine state
//! (is FRR running, which configuration it runs, forwarding, firewall rules) and log every call.
//!
//! The frr-reload.py stand-in answers `--test` as FRR 8.4's does for a configuration it runs,
//! including the lines it reports even then (checked against real daemons: see the script's
//! `frr_differences`), plus one real difference while the running configuration is not the file.
//!
//! Needs root (a mount namespace) and the Debian package frr; fails, never skips, without them.

mod common;

use common::{example, files, scratch};
use fabric_designer::plan::{CoreDetection, Plan};
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// A machine as the script sees it: the folders it writes, the stand-ins, their state and log.
struct Target {
    _dir: tempfile::TempDir,
    etc_frr: PathBuf,
    sysctl_d: PathBuf,
    lib_frr: PathBuf,
    os_release: PathBuf,
    state: PathBuf,
    bin: PathBuf,
    log: PathBuf,
    script: PathBuf,
}

const DAEMONS: &str =
    "# daemons of the packaged FRR, trimmed\nzebra=yes\nbgpd=no\nospfd=no\nbfdd=no\nstaticd=no\n";

const DEBIAN: &str =
    "PRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\nID=debian\nVERSION_ID=\"12\"\n";
const ALMALINUX: &str =
    "NAME=\"AlmaLinux\"\nID=\"almalinux\"\nID_LIKE=\"rhel centos fedora\"\nVERSION_ID=\"8.10\"\n";

/// What Debian 12's apt offers: FRR 8.4.4.
const DEBIAN_CANDIDATE: &str = "8.4.4-1.1~deb12u2";

fn stand_in(bin: &Path, name: &str, body: &str) {
    let path = bin.join(name);
    fs::write(&path, format!("#!/bin/sh\n{body}\n")).unwrap();
    Command::new("chmod")
        .arg("755")
        .arg(&path)
        .status()
        .unwrap();
}

/// The sections FRR 8.4's `frr-reload.py --test` prints for a configuration FRR runs: what
/// show running-config shows differently from the file without being a difference.
fn frr84_noise(conf: &str) -> (String, String) {
    let mut delete = String::from("no hostname testhost\nip forwarding\nipv6 forwarding\n");
    let asn = conf
        .lines()
        .find_map(|l| l.strip_prefix("router bgp "))
        .expect("router bgp");
    for line in conf.lines() {
        if let Some(rest) = line.strip_prefix(" neighbor ") {
            if rest.contains(" bfd profile ") {
                let addr = rest.split(' ').next().unwrap();
                delete.push_str(&format!("router bgp {asn}\n no neighbor {addr} bfd\n"));
            }
        }
    }
    let mut add = String::new();
    for default in [
        "  detect-multiplier 3",
        "  receive-interval 300",
        "  transmit-interval 300",
    ] {
        if conf.lines().any(|l| l == default) {
            add.push_str(&format!("bfd\n profile fabric-core\n{default}\n"));
        }
    }
    let version = conf
        .lines()
        .find(|l| l.starts_with("frr version "))
        .unwrap();
    let host = conf.lines().find(|l| l.starts_with("hostname ")).unwrap();
    add.push_str(&format!(
        "{version}\n{host}\nservice integrated-vtysh-config\n"
    ));
    (delete, add)
}

impl Target {
    /// A Debian server with FRR 8.4.4 and frr-reload.py installed, FRR not running, forwarding
    /// off, no firewall active.
    fn new(script: &str, conf: &str) -> Target {
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
        let lib_frr = dir.path().join("lib-frr");
        let state = dir.path().join("state");
        let bin = dir.path().join("bin");
        for d in [&etc_frr, &sysctl_d, &lib_frr, &state, &bin] {
            fs::create_dir_all(d).unwrap();
        }
        fs::create_dir_all(state.join("sysctl")).unwrap();
        fs::write(etc_frr.join("daemons"), DAEMONS).unwrap();
        fs::write(etc_frr.join("frr.conf"), "hostname old\n").unwrap();
        let os_release = dir.path().join("os-release");
        fs::write(&os_release, DEBIAN).unwrap();
        fs::write(state.join("candidate"), DEBIAN_CANDIDATE).unwrap();
        for key in ["net.ipv4.ip_forward", "net.ipv6.conf.all.forwarding"] {
            fs::write(state.join("sysctl").join(key), "0\n").unwrap();
        }
        let (delete, add) = frr84_noise(conf);
        fs::write(state.join("noise-delete"), delete).unwrap();
        fs::write(state.join("noise-add"), add).unwrap();
        for rules in ["rules-permanent", "rules-runtime", "ufw-rules"] {
            fs::write(state.join(rules), "").unwrap();
        }

        let log = dir.path().join("calls.log");
        let l = log.display();
        let s = state.display();
        // systemctl: FRR runs the file it was last restarted or reloaded with. Like FRR 8.4's
        // frr-reload.py, a reload switches forwarding on where the kernel has it off.
        stand_in(
            &bin,
            "systemctl",
            &format!(
                "echo \"systemctl $*\" >> {l}\n\
                 case \"$1\" in\n\
                   is-active) [ -f {s}/active ] ;;\n\
                   restart)\n\
                     [ ! -f {s}/restart-fails ] || exit 1\n\
                     touch {s}/active; cp /etc/frr/frr.conf {s}/running.conf ;;\n\
                   reload)\n\
                     [ -f {s}/active ] || exit 1\n\
                     echo 1 > {s}/sysctl/net.ipv4.ip_forward\n\
                     echo 1 > {s}/sysctl/net.ipv6.conf.all.forwarding\n\
                     if [ -f {s}/reload-fails ] && grep -qF -f {s}/reload-fails /etc/frr/frr.conf; then exit 1; fi\n\
                     cp /etc/frr/frr.conf {s}/running.conf\n\
                     [ ! -f {s}/reload-errs ] || exit 1 ;;\n\
                 esac"
            ),
        );
        stand_in(
            &bin,
            "sysctl",
            &format!(
                "echo \"sysctl $*\" >> {l}\n\
                 case \"$1\" in\n\
                   -n) cat {s}/sysctl/\"$2\" ;;\n\
                   -q) echo \"${{3#*=}}\" > {s}/sysctl/\"${{3%%=*}}\" ;;\n\
                   *) exit 1 ;;\n\
                 esac"
            ),
        );
        stand_in(&bin, "sleep", ":");
        // vtysh: the real one checks files (-C); a summary needs daemons, so it is made up.
        stand_in(
            &bin,
            "vtysh",
            &format!(
                "case \"$1\" in\n\
                   -c) echo \"vtysh $*\" >> {l}; echo 'BGP summary (stand-in)' ;;\n\
                   *) exec /usr/bin/vtysh \"$@\" ;;\n\
                 esac"
            ),
        );
        // Package managers: they log; apt-get installs the frr-reload.py stand-in with
        // frr-pythontools; installing or upgrading frr changes nothing (FRR stays 8.4.4).
        let reload_py = state.join("frr-reload.py");
        stand_in(
            &bin,
            "apt-get",
            &format!(
                "echo \"apt-get $*\" >> {l}\n\
                 case \" $* \" in\n\
                   *\" install \"*\" frr-pythontools \"*) cp {} {}/frr-reload.py ;;\n\
                 esac",
                reload_py.display(),
                lib_frr.display()
            ),
        );
        stand_in(
            &bin,
            "apt-cache",
            &format!(
                "echo \"apt-cache $*\" >> {l}\n\
                 printf 'frr:\\n  Installed: 8.4.4-1.1~deb12u2\\n  Candidate: %s\\n  Version table:\\n' \"$(cat {s}/candidate)\""
            ),
        );
        stand_in(
            &bin,
            "dnf",
            &format!(
                "echo \"dnf $*\" >> {l}\n\
                 case \"$*\" in\n\
                   *info*) printf 'Installed Packages\\nName         : frr\\nVersion      : 8.4.4\\nRelease      : 1.el8\\n\\nAvailable Packages\\nName         : frr\\nVersion      : %s\\nRelease      : 1.el8\\n' \"$(cat {s}/candidate)\" ;;\n\
                 esac"
            ),
        );
        // ip: every address of the reflector is on eth1.
        stand_in(
            &bin,
            "ip",
            &format!(
                "echo \"ip $*\" >> {l}\n\
                 case \"$5\" in\n\
                   *:*) echo \"3: eth1    inet6 $5/64 scope global \\\\       valid_lft forever preferred_lft forever\" ;;\n\
                   *) echo \"3: eth1    inet $5/24 brd 192.0.2.255 scope global eth1\\\\       valid_lft forever preferred_lft forever\" ;;\n\
                 esac"
            ),
        );
        // firewalld, running when state/firewalld exists: eth1 is in zone internal, the default
        // zone is public; rules are kept as "ZONE RULE" lines, permanent and runtime apart.
        stand_in(
            &bin,
            "firewall-cmd",
            &format!(
                "echo \"firewall-cmd $*\" >> {l}\n\
                 [ -f {s}/firewalld ] || {{ echo 'not running'; exit 252; }}\n\
                 scope=runtime; zone=public\n\
                 for a; do case \"$a\" in --permanent) scope=permanent ;; --zone=*) zone=${{a#--zone=}} ;; esac; done\n\
                 for a; do case \"$a\" in\n\
                   --state) echo running ;;\n\
                   --get-zone-of-interface=eth1) echo internal ;;\n\
                   --get-zone-of-interface=*) echo no zone; exit 2 ;;\n\
                   --get-default-zone) echo public ;;\n\
                   --query-rich-rule=*) grep -qxF \"$zone ${{a#*=}}\" {s}/rules-$scope; exit ;;\n\
                   --add-rich-rule=*) echo \"$zone ${{a#*=}}\" >> {s}/rules-$scope; echo success ;;\n\
                   --query-port=*) grep -qxF \"$zone port ${{a#*=}}\" {s}/rules-$scope; exit ;;\n\
                 esac; done"
            ),
        );
        // ufw, active when state/ufw exists; it skips a rule it has, as the real one does.
        stand_in(
            &bin,
            "ufw",
            &format!(
                "echo \"ufw $*\" >> {l}\n\
                 [ -f {s}/ufw ] || {{ echo 'Status: inactive'; exit 0; }}\n\
                 case \"$1\" in\n\
                   status) printf 'Status: active\\n\\nTo                         Action      From\\n--                         ------      ----\\n'; cat {s}/ufw-rules ;;\n\
                   allow)\n\
                     if grep -qxF \"$*\" {s}/ufw-rules; then echo 'Skipping adding existing rule'\n\
                     else echo \"$*\" >> {s}/ufw-rules; echo 'Rule added'; fi ;;\n\
                 esac"
            ),
        );
        // frr-reload.py: `--test` prints FRR 8.4's sections for a running configuration, plus
        // a real difference while FRR does not run the file it is given.
        fs::write(
            &reload_py,
            format!(
                "#!/bin/sh\n\
                 echo \"frr-reload.py $*\" >> {l}\n\
                 [ \"$1\" != --help ] || exit 0\n\
                 for a; do file=$a; done\n\
                 printf '\\nLines To Delete\\n===============\\n'\n\
                 cat {s}/noise-delete\n\
                 printf '\\nLines To Add\\n============\\n'\n\
                 cat {s}/noise-add\n\
                 if ! cmp -s \"$file\" {s}/running.conf; then\n\
                   printf 'router bgp 65010\\n neighbor 10.20.0.11 remote-as 65010\\n'\n\
                 fi\n"
            ),
        )
        .unwrap();
        Command::new("chmod")
            .arg("755")
            .arg(&reload_py)
            .status()
            .unwrap();
        fs::copy(&reload_py, lib_frr.join("frr-reload.py")).unwrap();

        let script_path = dir.path().join("route_reflector.sh");
        fs::write(&script_path, script).unwrap();
        Target {
            _dir: dir,
            etc_frr,
            sysctl_d,
            lib_frr,
            os_release,
            state,
            bin,
            log,
            script: script_path,
        }
    }

    /// Runs the script with the test's folders and files mounted over the real ones in a mount
    /// namespace of its own, so nothing outside the test changes.
    fn run(&self, args: &[&str]) -> Output {
        let inner = format!(
            "mount --make-rprivate / && mount --bind {} /etc/frr && mount --bind {} /etc/sysctl.d && mount --bind {} /usr/lib/frr && mount --bind {} /etc/os-release && exec sh {} {}",
            self.etc_frr.display(),
            self.sysctl_d.display(),
            self.lib_frr.display(),
            self.os_release.display(),
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

    /// Runs the script and fails the test unless it succeeds; returns its standard output.
    fn run_ok(&self) -> String {
        let out = self.run(&[]);
        assert!(
            out.status.success(),
            "the run failed:\n{}{}",
            text(&out.stdout),
            text(&out.stderr)
        );
        text(&out.stdout)
    }

    /// Runs the script and fails the test if it succeeds; returns its standard error.
    fn run_fails(&self) -> String {
        let out = self.run(&[]);
        assert!(
            !out.status.success(),
            "the run must fail:\n{}{}",
            text(&out.stdout),
            text(&out.stderr)
        );
        text(&out.stderr)
    }

    fn set(&self, name: &str, contents: &str) {
        fs::write(self.state.join(name), contents).unwrap();
    }

    fn state(&self, name: &str) -> String {
        fs::read_to_string(self.state.join(name)).unwrap_or_default()
    }

    /// FRR runs, with this configuration, and the daemons file already enables what it needs:
    /// the next run reloads rather than restarts.
    fn frr_running(&self, running: &str) {
        self.set("active", "");
        self.set("running.conf", running);
        fs::write(
            self.etc_frr.join("daemons"),
            DAEMONS
                .replace("bgpd=no", "bgpd=yes")
                .replace("bfdd=no", "bfdd=yes"),
        )
        .unwrap();
    }

    fn conf(&self) -> String {
        fs::read_to_string(self.etc_frr.join("frr.conf")).unwrap()
    }

    fn daemons(&self) -> String {
        fs::read_to_string(self.etc_frr.join("daemons")).unwrap()
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

    fn clear_calls(&self) {
        let _ = fs::remove_file(&self.log);
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

/// rr1's route_reflector.sh and frr.conf.
fn reflector_files_of(plan: &Plan) -> (String, String) {
    let files = files(plan);
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

/// lab-frr-core: rr1 has IPv4 and IPv6, three nodes and one core gateway, BFD to the core.
fn reflector_files() -> (String, String) {
    reflector_files_of(&example("lab-frr-core"))
}

fn target() -> (Target, String) {
    let (script, conf) = reflector_files();
    (Target::new(&script, &conf), conf)
}

/// One generated variable of the script, e.g. `BGP_PEERS`.
fn variable(script: &str, name: &str) -> String {
    let prefix = format!("{name}=");
    script
        .lines()
        .find_map(|l| l.strip_prefix(&prefix))
        .unwrap_or_else(|| panic!("no {name}"))
        .trim_matches('"')
        .to_string()
}

/// Daemons, sysctls, backups, firewall and services as they were before the run.
fn assert_nothing_else_changed(target: &Target) {
    assert_eq!(target.conf(), "hostname old\n", "old configuration kept");
    assert!(target.backups().is_empty());
    assert_eq!(target.daemons(), DAEMONS);
    assert!(fs::read_dir(&target.sysctl_d).unwrap().next().is_none());
    let calls = target.calls();
    for forbidden in [
        "systemctl restart",
        "systemctl reload",
        "sysctl -q",
        "firewall-cmd",
        "ufw",
    ] {
        assert!(!calls.contains(forbidden), "{forbidden} called:\n{calls}");
    }
}

/// A plan for FRR 9.1: the machine's FRR (8.4.4) is too old for it.
fn plan_for_frr_9_1() -> Plan {
    let mut plan = example("lab-frr-core");
    plan.frr_version = Some("9.1".into());
    plan
}

#[test]
fn installs_then_does_nothing_on_a_rerun() {
    let (target, conf) = target();

    let first = target.run_ok();
    assert_eq!(target.conf(), conf, "/etc/frr/frr.conf is the rendered one");
    let backups = target.backups();
    assert_eq!(backups.len(), 1, "one backup of the old configuration");
    assert_eq!(
        fs::read_to_string(target.etc_frr.join(&backups[0])).unwrap(),
        "hostname old\n"
    );
    let daemons = target.daemons();
    assert!(daemons.contains("\nbgpd=yes\n"), "{daemons}");
    assert!(daemons.contains("\nospfd=no\n"), "other daemons untouched");
    let calls = target.calls();
    assert_eq!(calls.matches("systemctl restart frr").count(), 1, "{calls}");
    assert!(calls.contains("vtysh -c show bgp summary"), "{calls}");
    // FRR 8.4.4 and frr-reload.py are there: no package manager is asked anything.
    assert!(!calls.contains("apt-"), "{calls}");
    // After the restart, FRR is asked whether it runs the file; it does (only FRR 8.4's
    // usual lines differ).
    assert!(
        calls.contains("frr-reload.py --test --stdout /etc/frr/frr.conf"),
        "{calls}"
    );
    assert!(first.contains("FRR runs /etc/frr/frr.conf"), "{first}");

    // A second run changes nothing and restarts nothing.
    target.clear_calls();
    let second = target.run_ok();
    assert!(second.contains("is already up to date"), "{second}");
    assert_eq!(target.conf(), conf);
    assert_eq!(target.backups(), backups, "no second backup");
    let calls = target.calls();
    assert!(!calls.contains("restart"), "{calls}");
    assert!(!calls.contains("reload frr"), "{calls}");
}

#[test]
fn an_old_candidate_frr_stops_before_anything_is_installed() {
    // Installed: FRR 8.4.4; apt offers 8.4.4 too; the plan wants 9.1.
    let (script, conf) = reflector_files_of(&plan_for_frr_9_1());
    let target = Target::new(&script, &conf);
    let stderr = target.run_fails();
    assert!(
        stderr.contains("the package manager offers FRR 8.4.4, older than 9.1"),
        "{stderr}"
    );
    assert!(stderr.contains("https://deb.frrouting.org"), "{stderr}");
    assert!(
        stderr.contains("nothing was installed or changed"),
        "{stderr}"
    );
    let calls = target.calls();
    assert!(calls.contains("apt-get -q update"), "{calls}");
    assert!(calls.contains("apt-cache policy frr"), "{calls}");
    assert!(!calls.contains("install"), "{calls}");
    assert_nothing_else_changed(&target);
}

#[test]
fn an_old_candidate_frr_on_the_rhel_family_stops_before_anything_is_installed() {
    let (script, conf) = reflector_files_of(&plan_for_frr_9_1());
    let target = Target::new(&script, &conf);
    fs::write(&target.os_release, ALMALINUX).unwrap();
    target.set("candidate", "7.5.1");
    let stderr = target.run_fails();
    // dnf lists the installed 8.4.4 and an available 7.5.1: 8.4.4 is what it would leave.
    assert!(
        stderr.contains("the package manager offers FRR 8.4.4, older than 9.1"),
        "{stderr}"
    );
    assert!(stderr.contains("https://rpm.frrouting.org"), "{stderr}");
    let calls = target.calls();
    assert!(calls.contains("dnf -q info frr"), "{calls}");
    assert!(!calls.contains("dnf install") && !calls.contains("dnf upgrade"));
    assert!(!calls.contains("apt-"), "{calls}");
    assert_nothing_else_changed(&target);
}

#[test]
fn a_new_enough_candidate_is_installed_and_the_result_checked_again() {
    // apt offers 9.1 (FRR's own repository): the script installs it, and checks the version
    // again afterwards. Here the stand-in leaves 8.4.4 in place, so that check stops it.
    let (script, conf) = reflector_files_of(&plan_for_frr_9_1());
    let target = Target::new(&script, &conf);
    target.set("candidate", "9.1.2-0~deb12u1");
    let stderr = target.run_fails();
    let calls = target.calls();
    assert!(
        calls.contains("apt-get install -y --no-install-recommends frr frr-pythontools"),
        "{calls}"
    );
    assert!(
        stderr.contains("FRR 8.4.4 is installed, older than 9.1"),
        "{stderr}"
    );
    assert!(stderr.contains("nothing else was changed"), "{stderr}");
    assert_nothing_else_changed(&target);
}

#[test]
fn frr_pythontools_is_installed_when_frr_reload_is_missing() {
    let (target, conf) = target();
    fs::remove_file(target.lib_frr.join("frr-reload.py")).unwrap();
    target.run_ok();
    let calls = target.calls();
    let update = calls.find("apt-get -q update").expect("apt-get update");
    let install = calls
        .find("apt-get install -y --no-install-recommends frr-pythontools\n")
        .unwrap_or_else(|| panic!("frr-pythontools not installed:\n{calls}"));
    assert!(update < install, "{calls}");
    // Only what was missing: FRR itself is new enough.
    assert_eq!(calls.matches("apt-get install").count(), 1, "{calls}");
    assert!(!calls.contains("apt-cache"), "{calls}");
    assert!(target.lib_frr.join("frr-reload.py").exists());
    assert_eq!(target.conf(), conf);
}

#[test]
fn without_frr_reload_on_the_rhel_family_it_stops() {
    let (target, _) = target();
    fs::write(&target.os_release, ALMALINUX).unwrap();
    fs::remove_file(target.lib_frr.join("frr-reload.py")).unwrap();
    let stderr = target.run_fails();
    assert!(stderr.contains("frr-reload.py"), "{stderr}");
    assert!(stderr.contains("is missing"), "{stderr}");
    assert_nothing_else_changed(&target);
}

#[test]
fn bfdd_runs_exactly_when_the_configuration_uses_bfd() {
    // lab-frr-core: BFD to the core (the default protection).
    let (script, conf) = reflector_files();
    assert!(conf.lines().any(|l| l == "bfd"));
    assert_eq!(variable(&script, "FRR_BFDD"), "yes");
    let target = Target::new(&script, &conf);
    target.run_ok();
    let daemons = target.daemons();
    assert!(daemons.contains("\nbfdd=yes\n"), "{daemons}");
    assert!(daemons.contains("\nbgpd=yes\n"), "{daemons}");

    // The same plan with BGP timers instead: no bfd block, bfdd left as it was.
    let mut plan = example("lab-frr-core");
    plan.protection.core_detection = CoreDetection::Timers;
    let (script, conf) = reflector_files_of(&plan);
    assert!(!conf.lines().any(|l| l == "bfd"));
    assert_eq!(variable(&script, "FRR_BFDD"), "no");
    assert_eq!(variable(&script, "BFD_PEERS"), "");
    let target = Target::new(&script, &conf);
    target.run_ok();
    let daemons = target.daemons();
    assert!(daemons.contains("\nbfdd=no\n"), "{daemons}");
    assert!(daemons.contains("\nbgpd=yes\n"), "{daemons}");
}

#[test]
fn a_failed_reload_restores_the_backup_and_fails() {
    let (target, _) = target();
    target.frr_running("hostname old\n");
    // FRR refuses every configuration with a router bgp block: the new one, not the old one.
    target.set("reload-fails", "router bgp");
    let stderr = target.run_fails();
    assert!(
        stderr.contains("FRR did not take the new configuration (systemctl reload frr failed)"),
        "{stderr}"
    );
    assert!(stderr.contains("is the previous one again"), "{stderr}");
    assert_eq!(target.conf(), "hostname old\n", "the backup is back");
    assert_eq!(target.backups().len(), 1, "and kept");
    assert_eq!(target.state("running.conf"), "hostname old\n");
    let calls = target.calls();
    assert_eq!(calls.matches("systemctl reload frr").count(), 2, "{calls}");
    assert!(!calls.contains("restart"), "{calls}");
    // The reloads switched forwarding on; it is off again.
    assert!(
        calls.contains("sysctl -q -w net.ipv4.ip_forward=0"),
        "{calls}"
    );
    assert_eq!(target.state("sysctl/net.ipv4.ip_forward").trim(), "0");
    assert_eq!(
        target.state("sysctl/net.ipv6.conf.all.forwarding").trim(),
        "0"
    );
}

#[test]
fn a_reload_that_reports_an_error_but_arrives_counts() {
    // FRR 8.4's frr-reload.py exits 1 on steps it recovers from; what counts is what FRR runs.
    let (target, conf) = target();
    target.frr_running("hostname old\n");
    target.set("reload-errs", "");
    let out = target.run(&[]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        text(&out.stderr).contains("reported an error, yet FRR runs /etc/frr/frr.conf exactly"),
        "{}",
        text(&out.stderr)
    );
    assert_eq!(target.conf(), conf);
    assert_eq!(target.calls().matches("systemctl reload frr").count(), 1);
}

#[test]
fn a_failed_restart_without_recovery_says_so() {
    let (target, _) = target();
    target.set("restart-fails", "");
    let stderr = target.run_fails();
    assert!(
        stderr.contains("FRR did not take the new configuration (systemctl restart frr failed)"),
        "{stderr}"
    );
    assert!(stderr.contains("FRR does not run it either"), "{stderr}");
    assert_eq!(target.conf(), "hostname old\n", "the backup is back");
}

#[test]
fn a_rerun_repairs_a_configuration_frr_does_not_run() {
    let (target, conf) = target();
    target.run_ok();
    // The file is right, but FRR runs something else (an apply that failed half-way, or
    // changes made in vtysh).
    target.set("running.conf", "hostname old\n");
    target.clear_calls();
    let out = target.run_ok();
    assert!(!out.contains("is already up to date"), "{out}");
    assert!(
        out.contains("FRR's running configuration differs from /etc/frr/frr.conf"),
        "{out}"
    );
    // Only the real difference is shown, not FRR 8.4's usual lines.
    assert!(
        out.contains("+  neighbor 10.20.0.11 remote-as 65010"),
        "{out}"
    );
    assert!(!out.contains("ip forwarding"), "{out}");
    assert!(!out.contains("detect-multiplier"), "{out}");
    assert!(out.contains("FRR runs /etc/frr/frr.conf"), "{out}");
    let calls = target.calls();
    assert_eq!(calls.matches("systemctl reload frr").count(), 1, "{calls}");
    assert!(!calls.contains("restart"), "{calls}");
    assert_eq!(target.state("running.conf"), conf);
    assert_eq!(
        target.backups().len(),
        1,
        "the file did not change: no new backup"
    );
    // The reload switched forwarding on; it is off again.
    assert_eq!(target.state("sysctl/net.ipv4.ip_forward").trim(), "0");
    assert!(
        calls.contains("sysctl -q -w net.ipv6.conf.all.forwarding=0"),
        "{calls}"
    );
}

#[test]
fn firewalld_allows_each_peer_once_over_two_runs() {
    let (script, conf) = reflector_files();
    let bgp: Vec<String> = variable(&script, "BGP_PEERS")
        .split(' ')
        .map(String::from)
        .collect();
    let bfd: Vec<String> = variable(&script, "BFD_PEERS")
        .split(' ')
        .map(String::from)
        .collect();
    // Exactly the reflector's BGP neighbours (three nodes, two of them with IPv6, and the
    // core); BFD from the core's two addresses.
    let mut neighbors: Vec<&str> = conf
        .lines()
        .filter_map(|l| l.strip_prefix(" neighbor "))
        .filter_map(|l| l.strip_suffix(" remote-as 65010"))
        .collect();
    neighbors.sort();
    let mut sorted: Vec<&str> = bgp.iter().map(String::as_str).collect();
    sorted.sort();
    assert_eq!(sorted, neighbors);
    assert_eq!(bgp.len(), 7, "{bgp:?}");
    assert_eq!(bfd, ["10.20.0.1", "2001:db8:20::1"]);
    let target = Target::new(&script, &conf);
    target.set("firewalld", "");
    let first = target.run_ok();
    let expected = bgp.len() + 2 * bfd.len();
    for scope in ["rules-permanent", "rules-runtime"] {
        let rules = target.state(scope);
        assert_eq!(rules.lines().count(), expected, "{scope}:\n{rules}");
        // In the zone of eth1, which holds the reflector's addresses.
        assert!(
            rules.lines().all(|r| r.starts_with("internal rule ")),
            "{rules}"
        );
        for rule in [
            r#"internal rule family="ipv4" source address="10.20.0.11/32" port port="179" protocol="tcp" accept"#,
            r#"internal rule family="ipv6" source address="2001:db8:20::11/128" port port="179" protocol="tcp" accept"#,
            r#"internal rule family="ipv4" source address="10.20.0.1/32" port port="179" protocol="tcp" accept"#,
            r#"internal rule family="ipv4" source address="10.20.0.1/32" port port="3784" protocol="udp" accept"#,
            r#"internal rule family="ipv6" source address="2001:db8:20::1/128" port port="4784" protocol="udp" accept"#,
        ] {
            assert!(
                rules.lines().any(|r| r == rule),
                "{scope} lacks {rule}:\n{rules}"
            );
        }
        // BFD from the core only.
        assert!(
            !rules.contains(r#"10.20.0.11/32" port port="3784""#),
            "{rules}"
        );
    }
    assert!(
        first.contains(&format!("{expected} rules added, 0 already there")),
        "{first}"
    );
    let calls = target.calls();
    assert!(calls.contains("ip -o addr show to 10.20.0.2"), "{calls}");
    assert!(calls.contains("--get-zone-of-interface=eth1"), "{calls}");
    assert!(
        !calls.contains("--reload"),
        "runtime rules of others survive: {calls}"
    );
    assert!(!calls.contains("--add-port"), "{calls}");

    target.clear_calls();
    let second = target.run_ok();
    assert!(
        !target.calls().contains("--add-rich-rule"),
        "{}",
        target.calls()
    );
    assert!(
        second.contains(&format!("0 rules added, {expected} already there")),
        "{second}"
    );
    for scope in ["rules-permanent", "rules-runtime"] {
        assert_eq!(target.state(scope).lines().count(), expected);
    }
}

#[test]
fn ufw_allows_each_peer_once_over_two_runs() {
    let (script, conf) = reflector_files();
    let target = Target::new(&script, &conf);
    target.set("ufw", "");
    // What earlier versions of the script added: BGP from everyone.
    target.set(
        "ufw-rules",
        "179/tcp                    ALLOW       Anywhere\n",
    );
    let out = target.run(&[]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("ufw also lets TCP port 179 in from every address"),
        "{stderr}"
    );
    let rules = target.state("ufw-rules");
    for rule in [
        "allow proto tcp from 10.20.0.11 to any port 179",
        "allow proto tcp from 2001:db8:20::12 to any port 179",
        "allow proto tcp from 10.20.0.1 to any port 179",
        "allow proto udp from 10.20.0.1 to any port 3784",
        "allow proto udp from 2001:db8:20::1 to any port 4784",
    ] {
        assert_eq!(rules.lines().filter(|r| *r == rule).count(), 1, "{rules}");
    }
    // 7 BGP peers, BFD from the core's 2 addresses on 2 ports, and the old rule.
    assert_eq!(rules.lines().count(), 7 + 4 + 1, "{rules}");
    target.clear_calls();
    let second = target.run_ok();
    assert_eq!(target.state("ufw-rules"), rules, "no rule twice");
    assert!(
        second.contains("0 rules added, 11 already there"),
        "{second}"
    );
}

#[test]
fn no_forwarding_is_configured_and_the_old_sysctl_file_goes() {
    let (target, _) = target();
    let old = "net.ipv4.ip_forward = 1\nnet.ipv6.conf.all.forwarding = 1\n";
    fs::write(target.sysctl_d.join("90-fabric-designer.conf"), old).unwrap();
    let out = target.run_ok();
    assert!(
        fs::read_dir(&target.sysctl_d).unwrap().next().is_none(),
        "no sysctl file left"
    );
    assert!(
        out.contains("removing /etc/sysctl.d/90-fabric-designer.conf"),
        "{out}"
    );
    assert!(
        out.contains("    net.ipv4.ip_forward = 1"),
        "it shows what it held: {out}"
    );
    assert!(out.contains("the running values stay"), "{out}");
    let calls = target.calls();
    // The running values are read, never set: the restart did not change them.
    assert!(!calls.contains("sysctl -p"), "{calls}");
    assert!(!calls.contains("sysctl -q -w"), "{calls}");
    assert!(!calls.contains("=1"), "{calls}");
    assert_eq!(target.state("sysctl/net.ipv4.ip_forward").trim(), "0");
    assert_eq!(
        target.state("sysctl/net.ipv6.conf.all.forwarding").trim(),
        "0"
    );
}

#[test]
fn a_configuration_vtysh_rejects_changes_nothing() {
    let (script, conf) = reflector_files();
    // A typo in one command of the embedded configuration.
    let broken = script.replacen("log syslog informational", "log syslogg informational", 1);
    assert_ne!(broken, script);
    let target = Target::new(&broken, &conf);
    let stderr = target.run_fails();
    assert!(
        stderr.contains("vtysh rejects the new configuration"),
        "{stderr}"
    );
    assert_nothing_else_changed(&target);
    let leftovers: Vec<_> = fs::read_dir(&target.etc_frr)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains(".new."))
        .collect();
    assert!(leftovers.is_empty(), "temporary file left: {leftovers:?}");
}

#[test]
fn dry_run_touches_nothing() {
    let (target, conf) = target();
    let out = target.run(&["--dry-run"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(text(&out.stdout), conf);
    assert_eq!(target.conf(), "hostname old\n");
    assert_eq!(target.daemons(), DAEMONS);
    assert!(fs::read_dir(&target.sysctl_d).unwrap().next().is_none());
    assert_eq!(target.calls(), "");
}
