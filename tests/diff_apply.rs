//! The FRR change files applied to running FRR: for every everyday change (tests/diff/
//! scenarios.rs) and every FRR device it changes (route reflectors, an FRR core), FRR is
//! started in a network namespace of this test with OLD's frr.conf, the change's vtysh files
//! are applied with `vtysh -f` in their order (no restart), and the running configuration must
//! then be exactly what the same FRR shows when started with NEW's frr.conf. A change marked
//! disruptive that is left to the operator (an FRR core's own AS) is checked to say so instead.
//!
//! Needs root and FRR (Debian package frr); fails, never skips, without them. Daemons are
//! stopped by PID and the namespaces and folders removed however the test ends (the lab's
//! tests/lab/sys.rs does it).

mod common;
#[path = "diff/scenarios.rs"]
mod scenarios;
#[path = "lab/sys.rs"]
mod sys;

use fabric_designer::diff::{Role, Work};
use scenarios::{change, file_as_diff_renders};
use std::path::PathBuf;
use std::time::{Duration, Instant};
use sys::say;

const DAEMONS: [&str; 4] = ["zebra", "bgpd", "staticd", "bfdd"];

/// One namespace with FRR's daemons, started empty.
struct Router {
    ns: String,
    dir: PathBuf,
}

impl Router {
    fn start(n: usize) -> Result<Router, String> {
        let ns = format!("{}diff-{n}", sys::PREFIX);
        let dir =
            std::env::temp_dir().join(format!("{}diff-{}-{n}", sys::PREFIX, std::process::id()));
        sys::add_namespace(&ns)?;
        sys::add_dir(&dir)?;
        sys::chown_frr(&dir)?;
        // vtysh -b reads it too; empty, it only stops a warning.
        std::fs::write(dir.join("vtysh.conf"), "").map_err(|e| e.to_string())?;
        let router = Router { ns, dir };
        router.boot()?;
        Ok(router)
    }

    fn boot(&self) -> Result<(), String> {
        sys::start_daemon(&self.ns, &self.dir, "zebra", &[])?;
        let zserv = self.dir.join("zserv.api");
        if !sys::wait_until(Duration::from_secs(10), || zserv.exists()) {
            return Err("zebra did not open its socket".to_string());
        }
        for d in &DAEMONS[1..] {
            let extra = if *d == "bfdd" {
                vec![
                    "--bfdctl".to_string(),
                    self.dir.join("bfdd.sock").display().to_string(),
                ]
            } else {
                Vec::new()
            };
            sys::start_daemon(&self.ns, &self.dir, d, &extra)?;
        }
        let ready = sys::wait_until(Duration::from_secs(10), || {
            DAEMONS
                .iter()
                .all(|d| self.dir.join(format!("{d}.vty")).exists())
        });
        sys::daemons_alive(&self.ns)?;
        ready
            .then_some(())
            .ok_or_else(|| "the FRR daemons did not start".to_string())
    }

    /// Stops the daemons and starts them again, empty.
    fn restart(&self) -> Result<(), String> {
        sys::stop_daemons(Some(&self.ns));
        for d in DAEMONS {
            let _ = std::fs::remove_file(self.dir.join(format!("{d}.vty")));
        }
        let _ = std::fs::remove_file(self.dir.join("zserv.api"));
        self.boot()
    }

    /// Runs vtysh in the namespace; it must succeed and, with `quiet`, print nothing.
    fn vtysh(&self, args: &[&str], quiet: bool) -> Result<String, String> {
        let (success, out) = sys::vtysh_in(&self.ns, &self.dir, args)?;
        if !success || (quiet && !out.trim().is_empty()) {
            return Err(format!("vtysh {}: {}", args.join(" "), out.trim()));
        }
        Ok(out)
    }

    /// Loads a whole frr.conf into the empty daemons, as at boot.
    fn load(&self, config: &str) -> Result<(), String> {
        std::fs::write(self.dir.join("frr.conf"), config).map_err(|e| e.to_string())?;
        self.vtysh(&["-b"], true).map(|_| ())
    }

    /// Applies a vtysh file to the running daemons, as CHANGE.md says.
    fn apply(&self, name: &str, text: &str) -> Result<(), String> {
        let path = self.dir.join(name);
        std::fs::write(&path, text).map_err(|e| e.to_string())?;
        sys::chown_frr(&path)?;
        self.vtysh(&["-f", &path.display().to_string()], true)
            .map(|_| ())
    }

    /// The running configuration without the lines that say when and by what it was shown.
    fn running(&self) -> Result<String, String> {
        let out = self.vtysh(&["-c", "show running-config"], false)?;
        Ok(out
            .lines()
            .filter(|l| {
                !l.starts_with("Building configuration") && !l.starts_with("Current configuration")
            })
            .filter(|l| !l.trim().is_empty() && l.trim() != "!")
            .map(|l| format!("{l}\n"))
            .collect())
    }
}

/// A running configuration as its top-level stanzas (a line at the left margin with the
/// indented lines and the `exit` under it), sorted: FRR shows route-maps in the order they
/// were made, which a change cannot keep, and which means nothing.
fn stanzas(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for line in text.lines() {
        let continues = line.starts_with(' ') || line == "exit" || line == "exit-vrf";
        match out.last_mut() {
            Some(last) if continues => {
                last.push_str(line);
                last.push('\n');
            }
            _ => out.push(format!("{line}\n")),
        }
    }
    out.sort();
    out
}

fn run() -> Result<Vec<String>, String> {
    let router = Router::start(0)?;
    let mut done = Vec::new();
    let mut first = true;
    for (name, old, new) in scenarios::all_changes() {
        let name = name.as_str();
        let change = change(name, &old, &new);
        for d in &change.devices {
            let Work::Frr { change: frr, conf } = &d.work else {
                continue;
            };
            if d.role == Role::Core && frr.disruptive.is_some() {
                // The core's own AS: left to the operator, and said so.
                assert!(
                    frr.before.is_empty() && frr.after.is_empty(),
                    "{name}: {}",
                    d.device
                );
                done.push(format!(
                    "{name} {}: left to the operator, as marked",
                    d.device
                ));
                continue;
            }
            let started = Instant::now();
            if !first {
                router.restart()?;
            }
            first = false;
            let path = format!("{}/frr.conf", d.device);
            router
                .load(&file_as_diff_renders(&old, &path))
                .map_err(|e| format!("{name} {path} OLD: {e}"))?;
            for (file, text) in [
                ("1-before.vtysh", &frr.before),
                ("3-after.vtysh", &frr.after),
            ] {
                if !text.is_empty() {
                    router
                        .apply(file, text)
                        .map_err(|e| format!("{name} {}: {file}: {e}\n{text}", d.device))?;
                }
            }
            let changed = router.running()?;
            router.restart()?;
            router
                .load(conf)
                .map_err(|e| format!("{name} {path} NEW: {e}"))?;
            let fresh = router.running()?;
            if stanzas(&changed) != stanzas(&fresh) {
                let diff =
                    fabric_designer::diff::unified("running-config", Some(&fresh), Some(&changed));
                return Err(format!(
                    "{name} {}: after the change the running configuration differs from NEW's (- NEW, + changed):\n{diff}",
                    d.device
                ));
            }
            done.push(format!(
                "{name} {}: {} ms",
                d.device,
                started.elapsed().as_millis()
            ));
        }
    }
    Ok(done)
}

#[test]
fn frr_changes_turn_a_running_old_configuration_into_new() {
    sys::preflight();
    let _lock = sys::lock();
    sys::install_signal_handler();
    sys::remove_leftovers();
    let started = Instant::now();
    let result = std::panic::catch_unwind(run);
    sys::teardown();
    match result {
        Ok(Ok(done)) => {
            for line in &done {
                say!("diff apply: {line}");
            }
            say!(
                "diff apply: {} device changes in {} s",
                done.len(),
                started.elapsed().as_secs()
            );
            assert!(
                done.len() >= 12,
                "only {} device changes applied",
                done.len()
            );
        }
        Ok(Err(e)) => panic!("{e}"),
        Err(panic) => std::panic::resume_unwind(panic),
    }
}
