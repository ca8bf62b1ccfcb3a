//! The lab's contact with the system: commands, FRR daemons, and the registry of everything the
//! lab made, so that it can all be removed however the test ends (success, failure, panic,
//! SIGINT or SIGTERM).

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Mutex, MutexGuard, Once};
use std::time::{Duration, Instant};

/// Every namespace and run folder of the lab starts with this, so leftovers of an interrupted
/// run can be found and removed without touching anything else on the machine.
pub const PREFIX: &str = "fdlab-";

pub const FRR_DIR: &str = "/usr/lib/frr";
pub const VTYSH: &str = "/usr/bin/vtysh";

/// Prints at once, also while the test harness captures output: the lab's progress and timings
/// are its report, so they must show on a passing run too.
macro_rules! say {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stderr(), $($arg)*);
    }};
}
pub(crate) use say;

/// A daemon the lab started, as its own child (so its PID is known and it can be reaped).
struct Daemon {
    ns: String,
    name: String,
    child: Child,
}

/// What must be removed at the end: daemons first (a namespace lives on while a process is
/// inside it), then namespaces, then run folders.
struct Registry {
    daemons: Vec<Daemon>,
    namespaces: Vec<String>,
    dirs: Vec<PathBuf>,
    /// Set by the signal handler's teardown: from then on nothing new may be made, since the
    /// process is about to exit and nobody would remove it.
    closed: bool,
}

static REGISTRY: Mutex<Registry> = Mutex::new(Registry {
    daemons: Vec::new(),
    namespaces: Vec::new(),
    dirs: Vec::new(),
    closed: false,
});

/// The registry, also after a panic elsewhere poisoned the lock: teardown must still run.
fn registry() -> MutexGuard<'static, Registry> {
    REGISTRY.lock().unwrap_or_else(|e| e.into_inner())
}

/// Runs a command to completion; Ok(stdout) on exit 0, otherwise an error naming the command,
/// its exit status and its output.
pub fn run(program: &str, args: &[&str]) -> Result<String, String> {
    let out = Command::new(program)
        .args(args)
        .stdin(Stdio::null())
        .output()
        .map_err(|e| format!("cannot run {program}: {e}"))?;
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    if out.status.success() {
        Ok(stdout)
    } else {
        Err(format!(
            "`{program} {}` failed ({}): {}{}",
            args.join(" "),
            out.status,
            stdout.trim(),
            String::from_utf8_lossy(&out.stderr).trim()
        ))
    }
}

/// `ip ARGS`.
pub fn ip(args: &[&str]) -> Result<String, String> {
    run("ip", args)
}

/// The lab cannot run without root and FRR: fail loudly rather than pass without checking.
pub fn preflight() {
    // SAFETY: geteuid has no preconditions and cannot fail.
    let euid = unsafe { libc::geteuid() };
    assert!(
        euid == 0,
        "the FRR lab must run as root (it creates network namespaces and starts FRR daemons); \
         run `cargo test --test lab` as root"
    );
    for daemon in ["zebra", "bgpd", "staticd", "bfdd"] {
        let path = format!("{FRR_DIR}/{daemon}");
        assert!(
            Path::new(&path).exists(),
            "{path} is missing: install the Debian package frr (FRR 8.4) to run the lab"
        );
    }
    assert!(
        Path::new(VTYSH).exists(),
        "{VTYSH} is missing: install the Debian package frr (FRR 8.4) to run the lab"
    );
    assert!(
        frr_ids().is_some(),
        "user frr is missing: install the Debian package frr"
    );
    if let Err(e) = ip(&["netns", "list"]) {
        panic!("`ip netns` does not work, the lab needs it: {e}");
    }
}

/// Holds an exclusive lock for the life of the returned file: a second lab run on the machine
/// waits for the first. The kernel releases it when the process ends, however it ends.
pub fn lock() -> std::fs::File {
    let path = "/run/fdlab.lock";
    let file = std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(path)
        .unwrap_or_else(|e| panic!("cannot open {path}: {e}"));
    let fd = std::os::unix::io::AsRawFd::as_raw_fd(&file);
    // SAFETY: flock(2) on a descriptor we own for as long as `file` lives.
    if unsafe { libc::flock(fd, libc::LOCK_EX | libc::LOCK_NB) } != 0 {
        say!("lab: another lab run holds {path}; waiting for it to finish");
        // SAFETY: as above, now blocking.
        if unsafe { libc::flock(fd, libc::LOCK_EX) } != 0 {
            panic!("cannot lock {path}: {}", std::io::Error::last_os_error());
        }
    }
    file
}

/// uid and gid of user frr, from /etc/passwd.
pub fn frr_ids() -> Option<(u32, u32)> {
    let passwd = std::fs::read_to_string("/etc/passwd").ok()?;
    passwd.lines().find_map(|line| {
        let fields: Vec<&str> = line.split(':').collect();
        if fields.len() > 3 && fields[0] == "frr" {
            Some((fields[2].parse().ok()?, fields[3].parse().ok()?))
        } else {
            None
        }
    })
}

/// Installs the SIGINT/SIGTERM handler once: it tears the lab down and exits, since an
/// interrupted process runs no Drop.
pub fn install_signal_handler() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let result = ctrlc::set_handler(|| {
            say!("lab: interrupted, tearing down");
            registry().closed = true;
            teardown();
            std::process::exit(130);
        });
        if let Err(e) = result {
            panic!("cannot install the lab's signal handler: {e}");
        }
    });
}

/// Removes what an earlier, interrupted run left: namespaces named with [`PREFIX`] (after
/// killing, by PID, the processes inside them) and run folders of the same prefix.
pub fn remove_leftovers() {
    let list = ip(&["netns", "list"]).unwrap_or_default();
    let names: Vec<String> = list
        .lines()
        .filter_map(|l| l.split_whitespace().next())
        .filter(|n| n.starts_with(PREFIX))
        .map(str::to_string)
        .collect();
    for ns in &names {
        let pids = ip(&["netns", "pids", ns]).unwrap_or_default();
        for pid in pids
            .split_whitespace()
            .filter_map(|p| p.parse::<i32>().ok())
        {
            // SAFETY: plain kill(2) on a PID found inside one of the lab's own namespaces.
            unsafe { libc::kill(pid, libc::SIGKILL) };
        }
    }
    if !names.is_empty() {
        // Give the killed processes a moment to leave their namespaces.
        std::thread::sleep(Duration::from_millis(300));
        say!(
            "lab: removing leftovers of an earlier run: {}",
            names.join(" ")
        );
    }
    for ns in &names {
        let _ = ip(&["netns", "del", ns]);
    }
    if let Ok(entries) = std::fs::read_dir(std::env::temp_dir()) {
        for entry in entries.flatten() {
            if entry.file_name().to_string_lossy().starts_with(PREFIX) {
                let _ = std::fs::remove_dir_all(entry.path());
            }
        }
    }
}

/// Runs vtysh inside a namespace against the daemons of one run folder (`--config_dir` too:
/// without it `write memory` would write the machine's /etc/frr). Returns whether it exited 0,
/// and what it printed (standard output and error).
pub fn vtysh_in(ns: &str, dir: &Path, args: &[&str]) -> Result<(bool, String), String> {
    let dir = dir.display().to_string();
    let out = Command::new("ip")
        .args([
            "netns",
            "exec",
            ns,
            VTYSH,
            "--config_dir",
            &dir,
            "--vty_socket",
            &dir,
        ])
        .args(args)
        .stdin(Stdio::null())
        .output()
        .map_err(|e| format!("cannot run vtysh: {e}"))?;
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    Ok((out.status.success(), text))
}

/// Creates a namespace (with its loopback up) and registers it for teardown.
pub fn add_namespace(ns: &str) -> Result<(), String> {
    {
        // Registered before it exists, so that a failure halfway is still cleaned up.
        let mut reg = registry();
        if reg.closed {
            return Err("the lab is shutting down".to_string());
        }
        reg.namespaces.push(ns.to_string());
    }
    ip(&["netns", "add", ns])?;
    ip(&["-n", ns, "link", "set", "lo", "up"])?;
    Ok(())
}

/// Creates a run folder and registers it for teardown.
pub fn add_dir(dir: &Path) -> Result<(), String> {
    registry().dirs.push(dir.to_path_buf());
    std::fs::create_dir_all(dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))
}

/// Starts an FRR daemon in the foreground inside a namespace, as a child of this process, with
/// its private run folder (pid file, zebra socket, vty sockets) and `extra` arguments of its
/// own. `-P 0`: no TCP vty.
pub fn start_daemon(ns: &str, dir: &Path, name: &str, extra: &[String]) -> Result<(), String> {
    let d = dir.display();
    let conf = dir.join(format!("{name}.conf"));
    // Each daemon gets an empty config file of its own; the real config is loaded by vtysh.
    std::fs::write(&conf, "").map_err(|e| format!("cannot write {}: {e}", conf.display()))?;
    chown_frr(&conf)?;
    let log = std::fs::File::create(dir.join(format!("{name}.out")))
        .map_err(|e| format!("cannot create the output file of {name}: {e}"))?;
    let log2 = log.try_clone().map_err(|e| e.to_string())?;
    let mut args = vec![
        "netns".to_string(),
        "exec".to_string(),
        ns.to_string(),
        format!("{FRR_DIR}/{name}"),
        "-F".to_string(),
        "traditional".to_string(),
        "-P".to_string(),
        "0".to_string(),
        "-f".to_string(),
        conf.display().to_string(),
        "-i".to_string(),
        format!("{d}/{name}.pid"),
        // zebra listens here; the other daemons must talk to this zebra, not the system's.
        "-z".to_string(),
        format!("{d}/zserv.api"),
        "--vty_socket".to_string(),
        d.to_string(),
        "--log".to_string(),
        format!("file:{d}/{name}.log"),
    ];
    args.extend_from_slice(extra);
    // Spawned and registered under the lock, so that a signal's teardown cannot miss it.
    let mut reg = registry();
    if reg.closed {
        return Err("the lab is shutting down".to_string());
    }
    // `ip netns exec` execs the daemon in place, so the child's PID is the daemon's.
    let child = Command::new("ip")
        .args(&args)
        .stdin(Stdio::null())
        .stdout(log)
        .stderr(log2)
        .spawn()
        .map_err(|e| format!("cannot start {name} in {ns}: {e}"))?;
    reg.daemons.push(Daemon {
        ns: ns.to_string(),
        name: name.to_string(),
        child,
    });
    Ok(())
}

/// Whether all daemons of a namespace still run; Err names the ones that exited.
pub fn daemons_alive(ns: &str) -> Result<(), String> {
    let mut reg = registry();
    let mut dead = Vec::new();
    for d in reg.daemons.iter_mut().filter(|d| d.ns == ns) {
        if let Ok(Some(status)) = d.child.try_wait() {
            dead.push(format!("{} ({status})", d.name));
        }
    }
    if dead.is_empty() {
        Ok(())
    } else {
        Err(format!(
            "in {ns}, these daemons exited: {}",
            dead.join(", ")
        ))
    }
}

/// Stops the daemons of one namespace (or all with `None`): SIGTERM by PID, so that bgpd closes
/// its sessions as a stopped router does; SIGKILL for any still running after a grace period.
/// The registry stays locked throughout, so a signal's teardown waits for this one to finish
/// rather than miss the daemons it is stopping.
pub fn stop_daemons(ns: Option<&str>) {
    let mut reg = registry();
    let (mut stopping, keep): (Vec<Daemon>, Vec<Daemon>) = reg
        .daemons
        .drain(..)
        .partition(|d| ns.is_none_or(|n| d.ns == n));
    reg.daemons = keep;
    for d in &stopping {
        // SAFETY: kill(2) on the PID of our own child, not yet reaped (so not reused).
        unsafe { libc::kill(d.child.id() as i32, libc::SIGTERM) };
    }
    let deadline = Instant::now() + Duration::from_secs(3);
    while Instant::now() < deadline {
        stopping.retain_mut(|d| !matches!(d.child.try_wait(), Ok(Some(_))));
        if stopping.is_empty() {
            return;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    for d in &mut stopping {
        let _ = d.child.kill();
        let _ = d.child.wait();
    }
}

/// Removes everything the lab made: daemons, namespaces (which removes their links and the
/// bridge), run folders. Never panics: it runs from Drop and from the signal handler.
pub fn teardown() {
    stop_daemons(None);
    let (namespaces, dirs) = {
        let mut reg = registry();
        (
            std::mem::take(&mut reg.namespaces),
            std::mem::take(&mut reg.dirs),
        )
    };
    for ns in namespaces.iter().rev() {
        // Kill, by PID, anything else still inside (a vtysh that hung), then delete.
        let pids = ip(&["netns", "pids", ns]).unwrap_or_default();
        for pid in pids
            .split_whitespace()
            .filter_map(|p| p.parse::<i32>().ok())
        {
            // SAFETY: kill(2) on a PID inside a namespace this run created.
            unsafe { libc::kill(pid, libc::SIGKILL) };
        }
        if let Err(e) = ip(&["netns", "del", ns]) {
            let _ = writeln!(std::io::stderr(), "lab: {e}");
        }
    }
    for dir in dirs {
        let _ = std::fs::remove_dir_all(dir);
    }
}

/// Makes a file or folder belong to user frr: the daemons drop privileges to it and must write
/// their pid files and sockets.
pub fn chown_frr(path: &Path) -> Result<(), String> {
    let (uid, gid) = frr_ids().ok_or("user frr is missing")?;
    std::os::unix::fs::chown(path, Some(uid), Some(gid))
        .map_err(|e| format!("cannot chown {}: {e}", path.display()))
}

/// Waits until `ready` returns true or the timeout passes; returns whether it became ready.
pub fn wait_until(timeout: Duration, mut ready: impl FnMut() -> bool) -> bool {
    let deadline = Instant::now() + timeout;
    loop {
        if ready() {
            return true;
        }
        if Instant::now() >= deadline {
            return false;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
}
