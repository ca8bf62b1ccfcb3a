//! The change for people: the steps of each device, the order of work, the text report, and
//! the change bundle (CHANGE.md and the files that apply the change).

use super::{Change, DeviceChange, Role, Status, Work, PASSWORD_PLACEHOLDER};
use crate::render::File;

/// The change bundle's files: the steps of one phase of one device.
const BEFORE: &str = "1-before";
const AFTER: &str = "3-after";

/// The file of one route reflector's sessions moving to another group on a Junos core: after
/// `1-before` and before VMmanager's step, and in name order after it.
fn move_file(reflector: &str) -> String {
    format!("1-move-{reflector}.set")
}

/// How to apply a vtysh file: checked first, then merged into the running configuration and
/// saved.
fn vtysh_step(phase: &str, device: &str, file: &str) -> String {
    format!(
        "{phase}: on {device}, check `vtysh --dryrun -f {file}`, apply `vtysh -f {file}`, then \
         `vtysh -c 'write memory'`."
    )
}

/// How to apply a Junos file: one commit, confirmed, named in the commit history. `configure
/// exclusive`, not `private`: most platforms refuse `commit confirmed` in private mode, and the
/// lock keeps another session's edits out of this commit. The checks run inside the 5 minutes
/// after which Junos rolls the commit back by itself.
fn junos_step(phase: &str, device: &str, file: &str, label: &str) -> String {
    let stem = file.trim_end_matches(".set");
    format!(
        "{phase}: on {device}, `configure exclusive`, `load set terminal` and paste {file}, then \
         `show | compare`, `commit check`, `commit confirmed 5 comment \"{label} {stem}\"`, the \
         checks (\"After each step\") within those 5 minutes, and `commit`."
    )
}

const PHASE_1: &str = "1. Before VMmanager";
const PHASE_2: &str = "2. In VMmanager";
const PHASE_3: &str = "3. After VMmanager";

/// The steps of one device, each naming its phase; `label` names the fabric in Junos commit
/// comments.
pub(super) fn steps(d: &DeviceChange, label: &str) -> Vec<String> {
    let name = d.name();
    let mut out = Vec::new();
    match &d.work {
        Work::None => {}
        Work::Frr { change, .. } => {
            if !change.before.is_empty() {
                out.push(vtysh_step(PHASE_1, name, &format!("{BEFORE}.vtysh")));
            }
            if !change.after.is_empty() {
                out.push(vtysh_step(PHASE_3, name, &format!("{AFTER}.vtysh")));
            }
            if let Some(header) = &change.renumber {
                // The core's own AS: not in a file, but a step of the order all the same.
                out.push(format!(
                    "{PHASE_1}: on {name}, in the maintenance window: renumber the router's BGP \
                     instance as a whole to `{header}` (FRR cannot change `router bgp` in place, \
                     and the instance holds the router's own sessions), then merge the new \
                     frr.conf with `vtysh -f frr.conf`; the route reflectors' steps follow at once."
                ));
            } else if change.before.is_empty() && change.after.is_empty() {
                out.push(format!(
                    "Nothing to apply on {name}: only comments of frr.conf change; keep the new \
                     frr.conf as the reference."
                ));
            }
        }
        Work::Junos(change) => {
            if !change.before.is_empty() {
                out.push(junos_step(PHASE_1, name, &format!("{BEFORE}.set"), label));
            }
            let others = if change.moves.len() > 1 {
                " (the other reflectors carry the routes meanwhile)"
            } else {
                ""
            };
            for m in &change.moves {
                out.push(format!(
                    "{} Its sessions with route reflector {} move to the new group and restart{others}; \
                     before the next step, check that they are Established again and that the core \
                     holds every VM route from {} (`show route receive-protocol bgp <address>`).",
                    junos_step(PHASE_1, name, &move_file(&m.reflector), label),
                    m.reflector,
                    m.reflector
                ));
            }
            if !change.after.is_empty() {
                out.push(junos_step(PHASE_3, name, &format!("{AFTER}.set"), label));
            }
        }
        Work::Node { .. } => out.push(format!(
            "{PHASE_2}: VMmanager rewrites the FRR configuration of {name} when the cluster's \
             settings change; then compare /etc/frr/frr.conf on {name} with frr.conf."
        )),
        Work::Install(_) => out.push(match d.role {
            Role::Node => format!(
                "{PHASE_2}: add the node {name}; VMmanager configures its FRR; then compare \
                 /etc/frr/frr.conf with frr.conf."
            ),
            Role::RouteReflector => format!(
                "{PHASE_1}: install the route reflector {name} with its files, as for a new \
                 fabric (README.md of the full bundle), and check its sessions."
            ),
            Role::Core => format!(
                "{PHASE_1}: load the fabric's configuration on the core gateway {name}, as for a \
                 new fabric (README.md of the full bundle)."
            ),
        }),
        Work::Retire => out.push(match d.role {
            Role::Node => format!(
                "{PHASE_2}: remove the node {name} from the cluster (move or delete its VMs first)."
            ),
            Role::RouteReflector => format!(
                "{PHASE_3}: once no node and no core gateway peers with {name}, stop FRR on it \
                 and take it out of service."
            ),
            Role::Core => format!(
                "{PHASE_3}: remove the fabric's configuration from the core gateway {name}."
            ),
        }),
    }
    if let Some(why) = &d.disruptive {
        out.push(format!(
            "Disruptive: {why}. Do it in a maintenance window, one device at a time."
        ));
    }
    out
}

/// The order of work: the three phases, each listing its devices in the order to take them.
pub(super) fn order(devices: &[DeviceChange], vmmanager: &[String]) -> Vec<String> {
    let names = |filter: &dyn Fn(&DeviceChange) -> bool| -> Vec<String> {
        devices
            .iter()
            .filter(|d| filter(d))
            .map(|d| d.device.clone())
            .collect()
    };
    let has = |d: &DeviceChange, phase: &str| d.steps.iter().any(|s| s.starts_with(phase));
    let mut out = Vec::new();
    // Widening: the core first (it drops what it does not know), then the reflectors.
    let mut before = names(&|d| d.role == Role::Core && has(d, PHASE_1));
    before.extend(names(&|d| {
        d.role == Role::RouteReflector && has(d, PHASE_1)
    }));
    if !before.is_empty() {
        out.push(format!(
            "{PHASE_1}, one device at a time, checking after each: {}.",
            before.join(", ")
        ));
    }
    let nodes = names(&|d| d.role == Role::Node && has(d, PHASE_2));
    if !vmmanager.is_empty() || !nodes.is_empty() {
        let mut step = format!("{PHASE_2}: change the settings listed under VMmanager");
        if !nodes.is_empty() {
            step.push_str(&format!("; nodes concerned: {}", nodes.join(", ")));
        }
        step.push('.');
        out.push(step);
    }
    // Narrowing: the reflectors first, then the core; devices that go, last.
    let mut after = names(&|d| {
        d.role == Role::RouteReflector && has(d, PHASE_3) && d.status != Status::Removed
    });
    after.extend(names(&|d| {
        d.role == Role::Core && has(d, PHASE_3) && d.status != Status::Removed
    }));
    after.extend(names(&|d| {
        d.status == Status::Removed && d.role != Role::Node
    }));
    if !after.is_empty() {
        out.push(format!(
            "{PHASE_3}, one device at a time, checking after each: {}.",
            after.join(", ")
        ));
    }
    out
}

/// The checks after each step; `community`, the name of the fabric's community on the core
/// (NEW's), when it has one.
fn checks(community: Option<&str>) -> String {
    let routes = match community {
        Some(name) => format!("`show route community-name {name} terse`"),
        None => "`show route protocol bgp terse`".to_string(),
    };
    format!(
        "\
After each step, before the next:

- on each route reflector: `vtysh -c 'show bgp summary'`: every session Established, the
  prefix counts as before the step (or as the step intends);
- on a Junos core: `show bgp summary` and {routes}:
  the VM host routes present;
- on an FRR core: `vtysh -c 'show bgp ipv4 unicast'` and `... ipv6 unicast`: the VM host
  routes present, learned from every reflector;
- a VM of each pool still answers from outside the fabric.
"
    )
}

/// The change bundle: CHANGE.md and, per device that changes, the files that apply it.
pub fn change_bundle(change: &Change) -> Vec<File> {
    let mut files = vec![File {
        path: "CHANGE.md".to_string(),
        contents: change_md(change),
    }];
    for d in &change.devices {
        let file = |name: &str, contents: &str| File {
            path: format!("{}/{name}", d.device),
            contents: contents.to_string(),
        };
        match &d.work {
            Work::None | Work::Retire => {}
            Work::Frr { change, conf } => {
                if !change.before.is_empty() {
                    files.push(file(&format!("{BEFORE}.vtysh"), &change.before));
                }
                if !change.after.is_empty() {
                    files.push(file(&format!("{AFTER}.vtysh"), &change.after));
                }
                files.push(file("frr.conf", conf));
            }
            Work::Junos(change) => {
                if !change.before.is_empty() {
                    files.push(file(&format!("{BEFORE}.set"), &change.before));
                }
                for m in &change.moves {
                    files.push(file(&move_file(&m.reflector), &m.lines));
                }
                if !change.after.is_empty() {
                    files.push(file(&format!("{AFTER}.set"), &change.after));
                }
            }
            Work::Node { conf } => files.push(file("frr.conf", conf)),
            Work::Install(new_files) => files.extend(new_files.iter().cloned()),
        }
    }
    files.sort_by(|a, b| a.path.cmp(&b.path));
    files
}

fn change_md(change: &Change) -> String {
    let mut out = String::from("# Change\n\n");
    if change.is_empty() {
        out.push_str("The two plans give the same configuration: nothing to do.\n");
        return out;
    }
    out.push_str(
        "How to take the running fabric from the old plan to the new one without losing a\n\
         route. Each device's folder holds the files of its steps. Rollback is the change from\n\
         the new plan to the old one: `fabric-designer diff NEW OLD --out DIR`.\n\n## Order of work\n\n",
    );
    for step in &change.order {
        out.push_str(&format!("- {step}\n"));
    }
    out.push('\n');
    out.push_str(&checks(change.core_community.as_deref()));
    if !change.vmmanager.is_empty() {
        out.push_str("\n## VMmanager\n\n");
        for s in &change.vmmanager {
            out.push_str(&format!("- {s}\n"));
        }
    }
    out.push_str("\n## Devices\n");
    for d in &change.devices {
        if d.status == Status::Unchanged {
            continue;
        }
        out.push_str(&format!("\n### {} ({})\n\n", d.device, d.status.as_str()));
        for s in &d.steps {
            out.push_str(&format!("- {s}\n"));
        }
    }
    let unchanged = change.unchanged();
    if !unchanged.is_empty() {
        out.push_str(&format!("\nUnchanged: {}.\n", unchanged.join(", ")));
    }
    if change
        .devices
        .iter()
        .any(|d| device_text(d).contains(PASSWORD_PLACEHOLDER))
    {
        out.push_str(&format!(
            "\nThe TCP-MD5 password is written as {PASSWORD_PLACEHOLDER} in these files: put the \
             password in its place on the device, never in the files.\n"
        ));
    }
    out
}

/// Every text of a device's change files.
fn device_text(d: &DeviceChange) -> String {
    match &d.work {
        Work::Frr { change, .. } => format!("{}{}", change.before, change.after),
        Work::Junos(change) => {
            let moves: String = change.moves.iter().map(|m| m.lines.as_str()).collect();
            format!("{}{moves}{}", change.before, change.after)
        }
        Work::Install(files) => files.iter().map(|f| f.contents.as_str()).collect(),
        Work::None | Work::Retire | Work::Node { .. } => String::new(),
    }
}

/// The change for people: the order of work, VMmanager's settings, then per device its status,
/// steps and the diff of each file.
pub fn text_report(change: &Change) -> String {
    let mut out = String::new();
    if change.is_empty() {
        out.push_str("no changes\n");
    }
    for step in &change.order {
        out.push_str(&format!("{step}\n"));
    }
    for s in &change.vmmanager {
        out.push_str(&format!("vmmanager: {s}\n"));
    }
    for d in &change.devices {
        out.push_str(&format!("{}: {}\n", d.device, d.status.as_str()));
        for s in &d.steps {
            out.push_str(&format!("  {s}\n"));
        }
        for f in &d.files {
            out.push_str(&f.diff);
        }
    }
    for f in &change.files {
        out.push_str(&format!("{}: {}\n", f.path, f.status.as_str()));
        out.push_str(&f.diff);
    }
    out
}
