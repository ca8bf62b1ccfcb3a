//! One fabric in network namespaces: a namespace per route reflector, core and node, all joined
//! by a Linux bridge that lives in a namespace of its own. Nothing is added to the root
//! namespace: every veth pair is created with both ends already inside lab namespaces.

use crate::sys::{self, ip, PREFIX};
use fabric_designer::model::{Fabric, Family, PerFamily};
use ipnet::IpNet;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};
use std::path::PathBuf;
use std::time::Duration;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    Reflector,
    Core,
    Node,
    /// The core's eBGP neighbour outside the fabric (a transit provider): not in the plan, part
    /// of the core router's own configuration that the fabric's fragment must leave alone.
    Upstream,
    /// A device taken out of the fabric by a change: its daemons are stopped and the checks
    /// leave it out.
    Retired,
}

impl Role {
    pub fn label(self) -> &'static str {
        match self {
            Role::Reflector => "route reflector",
            Role::Core => "core",
            Role::Node => "node",
            Role::Upstream => "upstream router",
            Role::Retired => "retired device",
        }
    }

    /// The FRR daemons a host of this role runs. bfdd runs where the rendered configs have a
    /// `bfd` block (reflectors and cores); without it `neighbor ... bfd` is silently inert.
    pub fn daemons(self) -> &'static [&'static str] {
        match self {
            Role::Reflector | Role::Core => &["zebra", "bgpd", "staticd", "bfdd"],
            Role::Node | Role::Upstream => &["zebra", "bgpd", "staticd"],
            Role::Retired => &[],
        }
    }
}

/// How a node routes to its VMs, i.e. how the VM's host route comes to exist on the node.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Wiring {
    /// The gateway address as a /32 (/128) on `<vm>_net0` and a static route per VM, the
    /// `ip route <vm>/32 <vm>_net0` lines of the node's frr.conf: the route is a static one.
    Static,
    /// As VMmanager does it: `ip addr add GATEWAY peer VM/32 dev <vm>_net0` (and /128), and no
    /// static route: the host route is a connected one.
    PointToPoint,
}

impl Wiring {
    pub fn label(self) -> &'static str {
        match self {
            Wiring::Static => "static routes",
            Wiring::PointToPoint => "point-to-point links: connected routes",
        }
    }
}

/// One emulated device.
pub struct Host {
    pub name: String,
    pub role: Role,
    pub ns: String,
    /// Private run folder: daemon sockets, pid files, frr.conf.
    pub dir: PathBuf,
    pub ipv4: Option<Ipv4Addr>,
    pub ipv6: Option<Ipv6Addr>,
    /// The frr.conf this host boots with: rendered for reflectors and nodes, the router's own
    /// configuration for cores and the upstream router.
    pub config: String,
    /// What is merged into the running configuration after boot with `vtysh -f`: a core's
    /// rendered fragment (for a Junos core, its FRR stand-in).
    pub fragment: Option<String>,
    /// The host's port on the lab's bridge: setting it down cuts the host off, as a pulled
    /// cable does, without the host itself noticing anything but a lost carrier.
    pub port: String,
    /// The IPv6 link-local address of eth0, once the link is up.
    pub link_local: Option<Ipv6Addr>,
}

impl Host {
    pub fn addr(&self, family: Family) -> Option<IpAddr> {
        match family {
            Family::V4 => self.ipv4.map(IpAddr::V4),
            Family::V6 => self.ipv6.map(IpAddr::V6),
        }
    }

    pub fn has(&self, family: Family) -> bool {
        self.addr(family).is_some()
    }
}

/// A VM as the platform creates it on its node: the interface `<vm>_net0`.
pub struct VmPort {
    pub vm: String,
    /// Index into `Lab::hosts`.
    pub node: usize,
    pub interface: String,
    pub ipv4: Option<Ipv4Addr>,
    pub ipv6: Option<Ipv6Addr>,
}

/// The running lab. Dropping it tears everything down (daemons by PID, namespaces, folders).
pub struct Lab {
    pub hosts: Vec<Host>,
    pub vms: Vec<VmPort>,
    pub wiring: Wiring,
    /// The underlay subnet of each family as configured on eth0.
    net_v4: Option<IpNet>,
    net_v6: Option<IpNet>,
    gateway: PerFamily<Option<IpAddr>>,
    bridge_ns: String,
    veth_count: usize,
}

impl Drop for Lab {
    fn drop(&mut self) {
        sys::teardown();
    }
}

/// One host to build: its addresses on the lab's LAN, the frr.conf it boots with and, for a core,
/// the fragment merged afterwards. The lab keeps the order given.
#[derive(Clone)]
pub struct HostConfig {
    pub name: String,
    pub role: Role,
    pub ipv4: Option<Ipv4Addr>,
    pub ipv6: Option<Ipv6Addr>,
    pub config: String,
    pub fragment: Option<String>,
}

impl Lab {
    /// Builds the namespaces, the bridge and the links, and gives every host its addresses. No
    /// daemon runs yet.
    pub fn build(fabric: &Fabric, configs: Vec<HostConfig>, wiring: Wiring) -> Result<Lab, String> {
        let base = run_dir();
        let mut lab = Lab {
            hosts: Vec::new(),
            vms: Vec::new(),
            wiring,
            net_v4: subnet(fabric, Family::V4),
            net_v6: subnet(fabric, Family::V6),
            gateway: fabric.gateway,
            bridge_ns: format!("{PREFIX}bridge"),
            veth_count: 0,
        };
        sys::add_dir(&base)?;
        // The daemons run as user frr and must reach their folders below this one.
        std::fs::set_permissions(&base, std::os::unix::fs::PermissionsExt::from_mode(0o755))
            .map_err(|e| e.to_string())?;

        let br = lab.bridge_ns.clone();
        sys::add_namespace(&br)?;
        // STP off: ports forward at once, no listening/learning delay.
        ip(&[
            "-n",
            &br,
            "link",
            "add",
            "br0",
            "type",
            "bridge",
            "stp_state",
            "0",
        ])?;
        ip(&["-n", &br, "link", "set", "br0", "up"])?;

        for hc in configs {
            lab.add_host(&base, hc)?;
        }
        for host in &mut lab.hosts {
            host.link_local = link_local(&host.ns)?;
        }
        for vm in &fabric.vms {
            let node_name = fabric.nodes[vm.node].device.name.as_str();
            let node = lab
                .host_index(node_name)
                .ok_or_else(|| format!("node {node_name} of VM {} is not in the lab", vm.name))?;
            lab.vms.push(VmPort {
                vm: vm.name.to_string(),
                node,
                interface: vm.interface().to_string(),
                ipv4: vm.ipv4,
                ipv6: vm.ipv6,
            });
        }
        Ok(lab)
    }

    /// One host: its namespace and run folder, its port on the bridge, its addresses on eth0,
    /// its frr.conf.
    fn add_host(&mut self, base: &std::path::Path, hc: HostConfig) -> Result<(), String> {
        // Device names are unique across all kinds, and `h-` keeps them apart from the
        // bridge's namespace.
        let ns = format!("{PREFIX}h-{}", hc.name);
        let dir = base.join(&hc.name);
        sys::add_dir(&dir)?;
        sys::chown_frr(&dir)?;
        sys::add_namespace(&ns)?;
        // Forwarding as on a real router; no duplicate address detection, so that the
        // link-local addresses BGP uses for IPv6 next hops are usable at once.
        sys::run(
            "ip",
            &[
                "netns",
                "exec",
                &ns,
                "sysctl",
                "-qw",
                "net.ipv4.ip_forward=1",
                "net.ipv6.conf.all.forwarding=1",
                "net.ipv6.conf.all.accept_dad=0",
                "net.ipv6.conf.default.accept_dad=0",
            ],
        )?;
        let br = self.bridge_ns.clone();
        let port = format!("p{}", self.hosts.len());
        ip(&[
            "-n", &br, "link", "add", &port, "type", "veth", "peer", "name", "eth0", "netns", &ns,
        ])?;
        ip(&["-n", &br, "link", "set", &port, "master", "br0", "up"])?;
        let v4 = hc.ipv4.map(IpAddr::V4).zip(self.net_v4);
        let v6 = hc.ipv6.map(IpAddr::V6).zip(self.net_v6);
        for (a, net) in v4.into_iter().chain(v6) {
            if !net.contains(&a) {
                return Err(format!("{} {a} is outside the lab's LAN {net}", hc.name));
            }
            let cidr = format!("{a}/{}", net.prefix_len());
            let mut args = vec!["-n", ns.as_str(), "addr", "add", &cidr, "dev", "eth0"];
            // Duplicate address detection would hold an IPv6 address back for a while.
            if a.is_ipv6() {
                args.push("nodad");
            }
            ip(&args)?;
        }
        ip(&["-n", &ns, "link", "set", "eth0", "up"])?;
        std::fs::write(dir.join("frr.conf"), &hc.config).map_err(|e| e.to_string())?;
        // vtysh -b reads it too; empty, it only stops a warning.
        std::fs::write(dir.join("vtysh.conf"), "").map_err(|e| e.to_string())?;
        if let Some(fragment) = &hc.fragment {
            std::fs::write(dir.join("fragment.conf"), fragment).map_err(|e| e.to_string())?;
        }
        self.hosts.push(Host {
            name: hc.name,
            role: hc.role,
            ns,
            dir,
            ipv4: hc.ipv4,
            ipv6: hc.ipv6,
            config: hc.config,
            fragment: hc.fragment,
            port,
            link_local: None,
        });
        Ok(())
    }

    /// Adds a device to the running lab, as when one is installed: its namespace, port and
    /// addresses, its daemons started and its frr.conf loaded. Returns its index.
    pub fn add_device(&mut self, hc: HostConfig) -> Result<usize, String> {
        self.add_host(&run_dir(), hc)?;
        let h = self.hosts.len() - 1;
        self.hosts[h].link_local = link_local(&self.hosts[h].ns)?;
        self.start(h)?;
        self.wait_ready(h)?;
        self.load(h)?;
        Ok(h)
    }

    /// Takes a device out of the fabric: its daemons stopped (SIGTERM, so its sessions close as
    /// on a switched-off router) and the checks told to leave it out.
    pub fn retire(&mut self, host: usize) {
        self.stop(host);
        self.hosts[host].role = Role::Retired;
    }

    /// Applies vtysh input (a change file) to a host's running configuration with `vtysh -f`,
    /// as CHANGE.md tells an engineer to; any output is an error, as with `load`.
    pub fn apply(&self, host: usize, name: &str, text: &str) -> Result<(), String> {
        let file = self.hosts[host].dir.join(name);
        std::fs::write(&file, text).map_err(|e| format!("cannot write {}: {e}", file.display()))?;
        sys::chown_frr(&file)?;
        self.vtysh_quiet(host, &["-f", &file.display().to_string()], name)
    }

    pub fn host_index(&self, name: &str) -> Option<usize> {
        self.hosts.iter().position(|h| h.name == name)
    }

    pub fn indexes(&self, role: Role) -> Vec<usize> {
        (0..self.hosts.len())
            .filter(|i| self.hosts[*i].role == role)
            .collect()
    }

    /// Starts zebra, then the other daemons of the host's role; `wait_ready` waits for them.
    pub fn start(&self, host: usize) -> Result<(), String> {
        let h = &self.hosts[host];
        // A stopped daemon may leave its sockets behind; waiting for them must see new ones.
        let _ = std::fs::remove_file(h.dir.join("zserv.api"));
        for d in h.role.daemons() {
            let _ = std::fs::remove_file(h.dir.join(format!("{d}.vty")));
        }
        sys::start_daemon(&h.ns, &h.dir, "zebra", &[])?;
        let zserv = h.dir.join("zserv.api");
        if !sys::wait_until(Duration::from_secs(10), || zserv.exists()) {
            return Err(format!("zebra on {} did not open its socket", h.name));
        }
        for d in h.role.daemons().iter().filter(|d| **d != "zebra") {
            let extra = if *d == "bfdd" {
                // bfdd's control socket defaults to one path for the whole machine; each host's
                // bfdd needs its own. bgpd does not use it: it reaches bfdd through zebra.
                vec![
                    "--bfdctl".to_string(),
                    h.dir.join("bfdd.sock").display().to_string(),
                ]
            } else {
                Vec::new()
            };
            sys::start_daemon(&h.ns, &h.dir, d, &extra)?;
        }
        Ok(())
    }

    /// Waits for the vty sockets of all daemons of a host.
    pub fn wait_ready(&self, host: usize) -> Result<(), String> {
        let h = &self.hosts[host];
        let ready = sys::wait_until(Duration::from_secs(10), || {
            h.role
                .daemons()
                .iter()
                .all(|d| h.dir.join(format!("{d}.vty")).exists())
        });
        sys::daemons_alive(&h.ns)?;
        if ready {
            Ok(())
        } else {
            Err(format!("the FRR daemons of {} did not start", h.name))
        }
    }

    /// Loads the host's frr.conf into its running daemons with `vtysh -b`. Every line FRR
    /// rejects (or warns about) is an error: a correct config loads silently.
    pub fn load(&self, host: usize) -> Result<(), String> {
        self.vtysh_quiet(host, &["-b"], "its frr.conf")
    }

    /// Merges the host's fragment (fragment.conf) into its running configuration with
    /// `vtysh -f`, as the runbook tells an engineer to do on a core: it only adds, so
    /// everything else the router runs stays. Any output is an error, as with `load`.
    pub fn merge(&self, host: usize) -> Result<(), String> {
        let file = self.hosts[host].dir.join("fragment.conf");
        self.vtysh_quiet(host, &["-f", &file.display().to_string()], "the fragment")
    }

    /// Runs vtysh in the host's namespace with its folders and `args`; it must succeed and
    /// print nothing.
    fn vtysh_quiet(&self, host: usize, args: &[&str], what: &str) -> Result<(), String> {
        let h = &self.hosts[host];
        let (success, text) = sys::vtysh_in(&h.ns, &h.dir, args)?;
        let lines: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).collect();
        if success && lines.is_empty() {
            Ok(())
        } else {
            Err(format!(
                "{} {}: FRR rejected {what} ({}):\n    {}",
                h.role.label(),
                h.name,
                if success { "exit 0" } else { "failed" },
                lines.join("\n    ")
            ))
        }
    }

    /// Restarts a host's daemons and loads `config` as its frr.conf (the host's `config` field
    /// keeps the one it was built with, to go back to).
    pub fn restart_with(&self, host: usize, config: &str) -> Result<(), String> {
        self.stop(host);
        self.start(host)?;
        self.wait_ready(host)?;
        std::fs::write(self.hosts[host].dir.join("frr.conf"), config).map_err(|e| e.to_string())?;
        self.load(host)
    }

    /// Stops a host's daemons (SIGTERM by PID), as when the device is switched off.
    pub fn stop(&self, host: usize) {
        sys::stop_daemons(Some(&self.hosts[host].ns));
    }

    /// Runs vtysh commands on a host; Ok(output) only when vtysh succeeded and printed no error.
    /// `--config_dir` too: without it `write memory` would write the machine's /etc/frr.
    pub fn vtysh(&self, host: usize, commands: &[&str]) -> Result<String, String> {
        let dir = self.hosts[host].dir.display().to_string();
        let mut args = vec!["--config_dir", dir.as_str(), "--vty_socket", dir.as_str()];
        for c in commands {
            args.push("-c");
            args.push(c);
        }
        let out = sys::run(sys::VTYSH, &args)
            .map_err(|e| format!("on {}: {e}", self.hosts[host].name))?;
        if out.trim_start().starts_with('%') {
            return Err(format!(
                "on {}: `{}`: {}",
                self.hosts[host].name,
                commands.join("; "),
                out.trim()
            ));
        }
        Ok(out)
    }

    pub fn vtysh_json(&self, host: usize, command: &str) -> Result<serde_json::Value, String> {
        let out = self.vtysh(host, &[command])?;
        serde_json::from_str(&out).map_err(|e| {
            format!(
                "on {}: `{command}` gave no JSON ({e}): {}",
                self.hosts[host].name,
                out.chars().take(200).collect::<String>()
            )
        })
    }

    /// `ip -n <host's namespace> ARGS`.
    pub fn ip_on(&self, host: usize, args: &[&str]) -> Result<String, String> {
        let mut full = vec!["-n", self.hosts[host].ns.as_str()];
        full.extend_from_slice(args);
        ip(&full)
    }

    /// Creates a VM's interface on its node as the platform does: `<vm>_net0`, up, carrying the
    /// VM gateway addresses, wired as `self.wiring` says. This kernel has no dummy links, so it
    /// is one end of a veth pair whose other end (the VM's side) stays in the node's namespace;
    /// that end must be up too, or the link has no carrier and zebra has no connected route.
    pub fn create_vm(&mut self, vm: usize) -> Result<(), String> {
        let (node, iface) = (self.vms[vm].node, self.vms[vm].interface.clone());
        self.veth_count += 1;
        let peer = format!("vmp{}", self.veth_count);
        self.ip_on(
            node,
            &["link", "add", &iface, "type", "veth", "peer", "name", &peer],
        )?;
        let v = &self.vms[vm];
        let families = [
            (self.gateway.v4, v.ipv4.map(IpAddr::V4)),
            (self.gateway.v6, v.ipv6.map(IpAddr::V6)),
        ];
        for (gateway, vm_addr) in families {
            let Some(gw) = gateway else { continue };
            let len = if gw.is_ipv4() { 32 } else { 128 };
            let mut args = match (self.wiring, vm_addr) {
                (Wiring::Static, _) => {
                    vec!["addr".to_string(), "add".to_string(), format!("{gw}/{len}")]
                }
                (Wiring::PointToPoint, Some(a)) => vec![
                    "addr".to_string(),
                    "add".to_string(),
                    gw.to_string(),
                    "peer".to_string(),
                    format!("{a}/{len}"),
                ],
                // Point-to-point: no address of a family the VM does not have.
                (Wiring::PointToPoint, None) => continue,
            };
            args.extend(["dev".to_string(), iface.clone()]);
            // Duplicate address detection would hold an IPv6 address (and its route) back.
            if gw.is_ipv6() {
                args.push("nodad".to_string());
            }
            let args: Vec<&str> = args.iter().map(String::as_str).collect();
            self.ip_on(node, &args)?;
        }
        self.ip_on(node, &["link", "set", &peer, "up"])?;
        self.ip_on(node, &["link", "set", &iface, "up"])?;
        Ok(())
    }

    /// Deletes a VM's interface (both veth ends go), as when the VM is deleted.
    pub fn remove_vm(&self, vm: usize) -> Result<(), String> {
        let v = &self.vms[vm];
        self.ip_on(v.node, &["link", "del", &v.interface])?;
        Ok(())
    }

    /// Sets a host's port on the bridge down (a cut cable) or up again.
    pub fn set_link(&self, host: usize, up: bool) -> Result<(), String> {
        let state = if up { "up" } else { "down" };
        ip(&[
            "-n",
            &self.bridge_ns,
            "link",
            "set",
            &self.hosts[host].port,
            state,
        ])?;
        Ok(())
    }

    fn logs_dir(plan: &str) -> PathBuf {
        PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
            .join("lab-logs")
            .join(plan)
    }

    /// Removes the logs an earlier failed run kept for this plan: they no longer apply.
    pub fn drop_kept_logs(&self, plan: &str) {
        let _ = std::fs::remove_dir_all(Lab::logs_dir(plan));
    }

    /// Keeps a failed plan's run folder (configs and daemon logs) for a post-mortem, under the
    /// target folder, before teardown removes it.
    pub fn keep_logs(&self, plan: &str) -> Option<PathBuf> {
        let dest = Lab::logs_dir(plan);
        let _ = std::fs::remove_dir_all(&dest);
        std::fs::create_dir_all(&dest).ok()?;
        for h in &self.hosts {
            let to = dest.join(&h.name);
            std::fs::create_dir_all(&to).ok()?;
            for entry in std::fs::read_dir(&h.dir).ok()?.flatten() {
                let name = entry.file_name().to_string_lossy().into_owned();
                if name.ends_with(".conf") || name.ends_with(".log") || name.ends_with(".out") {
                    let _ = std::fs::copy(entry.path(), to.join(&name));
                }
            }
        }
        Some(dest)
    }
}

/// All device addresses of both families.
pub fn device_addrs(fabric: &Fabric) -> Vec<IpAddr> {
    let devices = fabric
        .route_reflectors
        .iter()
        .map(|r| &r.device)
        .chain(fabric.core_gateways.iter().map(|c| &c.device))
        .chain(fabric.nodes.iter().map(|n| &n.device));
    devices
        .flat_map(|d| {
            [d.ipv4.map(IpAddr::V4), d.ipv6.map(IpAddr::V6)]
                .into_iter()
                .flatten()
        })
        .collect()
}

/// The subnet every device of a family sits in, as on one LAN: the plan's underlay when it
/// holds every device address, otherwise the smallest prefix that does (a plan may omit the
/// underlay).
pub fn subnet(fabric: &Fabric, family: Family) -> Option<IpNet> {
    let addrs: Vec<IpAddr> = device_addrs(fabric)
        .into_iter()
        .filter(|a| a.is_ipv4() == (family == Family::V4))
        .collect();
    let first = *addrs.first()?;
    if let Some(u) = fabric.underlay[family] {
        if addrs.iter().all(|a| u.contains(a)) {
            return Some(u);
        }
    }
    (0..=family.host_len())
        .rev()
        .filter_map(|len| IpNet::new(first, len).ok().map(|n| n.trunc()))
        .find(|net| addrs.iter().all(|a| net.contains(a)))
}

/// The link-local address of eth0 in a namespace (None when IPv6 gave it none).
/// The run folder of this lab process: one folder per host below it.
fn run_dir() -> PathBuf {
    std::env::temp_dir().join(format!("{PREFIX}run-{}", std::process::id()))
}

fn link_local(ns: &str) -> Result<Option<Ipv6Addr>, String> {
    let out = ip(&[
        "-n", ns, "-j", "-6", "addr", "show", "dev", "eth0", "scope", "link",
    ])?;
    let json: serde_json::Value =
        serde_json::from_str(&out).map_err(|e| format!("ip -j gave no JSON: {e}"))?;
    let found = json
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|link| link["addr_info"].as_array().cloned().unwrap_or_default())
        .find_map(|a| a["local"].as_str().and_then(|s| s.parse().ok()));
    Ok(found)
}

/// Whether an address lies in one of the prefixes.
pub fn in_any(addr: IpAddr, prefixes: &[IpNet]) -> bool {
    prefixes.iter().any(|p| p.contains(&addr))
}
