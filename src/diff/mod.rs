//! What changes between two plans of one fabric, device by device, and the steps that make the
//! change on a running cluster (`fabric-designer diff OLD NEW`).
//!
//! Both plans are rendered (with a placeholder for any secret, so a password never reaches a
//! diff) and their bundles compared file by file. Each device's folder is a device: its status
//! and the unified diff of each of its files. What to do on each device is derived from its
//! files: vtysh input for FRR (reflectors, an FRR core), `set`/`delete` lines for Junos, and
//! VMmanager's part for nodes, whose configuration VMmanager owns. The work is ordered in
//! [`Phase`]s around the one step in VMmanager, so that no route is lost on the way.

pub mod frr;
pub mod junos;
mod lines;
mod report;
mod settings;

pub use report::{change_bundle, text_report};

use crate::model::{Fabric, Md5Key};
use crate::plan::Plan;
use crate::render::{File, Secrets};
use crate::{bundle, text};
use serde::Serialize;

/// When a device's change is applied, relative to the change in VMmanager.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Phase {
    /// Before VMmanager: what widens what the routers accept (new pools, new neighbors, a new
    /// community beside the old one), so that nothing VMmanager starts is dropped.
    Before,
    /// After VMmanager: what narrows it (removed pools and neighbors, the old community).
    After,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Added,
    Removed,
    Changed,
    Unchanged,
}

impl Status {
    /// The word the JSON, the text report and the page use.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Added => "added",
            Status::Removed => "removed",
            Status::Changed => "changed",
            Status::Unchanged => "unchanged",
        }
    }
}

/// One file of a device or of the plan, and its unified diff (empty when unchanged).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FileChange {
    pub path: String,
    pub status: Status,
    pub diff: String,
}

/// What a device is, by its folder in the bundle.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Role {
    Node,
    RouteReflector,
    Core,
}

/// The files that apply one device's change, for the change bundle.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Work {
    /// Nothing to do.
    None,
    /// FRR: vtysh input per phase, and NEW's full frr.conf.
    Frr {
        change: frr::FrrChange,
        conf: String,
    },
    /// Junos: `set`/`delete` lines per phase.
    Junos(junos::JunosChange),
    /// A node: VMmanager writes its configuration; NEW's frr.conf is the reference.
    Node { conf: String },
    /// A new device: NEW's files, installed as for a new fabric.
    Install(Vec<File>),
    /// A device that goes: taken out of service after everything else.
    Retire,
}

impl DeviceChange {
    /// The device's name: the last part of its folder.
    pub fn name(&self) -> &str {
        self.device.rsplit('/').next().unwrap_or(&self.device)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DeviceChange {
    /// The device's folder in the bundle: `nodes/<n>`, `route-reflectors/<n>`, `core/<n>`.
    pub device: String,
    pub role: Role,
    pub status: Status,
    /// The device's files that differ, with their diffs; none when unchanged.
    pub files: Vec<FileChange>,
    /// What to do, in order, each step naming its phase.
    pub steps: Vec<String>,
    /// Why this change interrupts traffic, when it does.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub disruptive: Option<String>,
    #[serde(skip)]
    pub work: Work,
}

/// The whole change between two plans.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Change {
    /// Every device of either plan, in bundle order.
    pub devices: Vec<DeviceChange>,
    /// The plan's other files that differ (README.md, vmmanager/cluster-settings.md,
    /// plan.json).
    pub files: Vec<FileChange>,
    /// VMmanager's settings that change, one sentence each.
    pub vmmanager: Vec<String>,
    /// The order of work, one sentence per step.
    pub order: Vec<String>,
    /// The name of NEW's community on the core routers, for the checks; `None` without one.
    #[serde(skip)]
    pub core_community: Option<String>,
}

impl Change {
    /// Whether anything changes at all.
    pub fn is_empty(&self) -> bool {
        self.files.is_empty() && self.devices.iter().all(|d| d.status == Status::Unchanged)
    }

    /// The devices that do not change, by folder.
    pub fn unchanged(&self) -> Vec<&str> {
        self.devices
            .iter()
            .filter(|d| d.status == Status::Unchanged)
            .map(|d| d.device.as_str())
            .collect()
    }

    /// The change as pretty JSON (hidden characters escaped, see [`text::json_pretty`]).
    pub fn to_json(&self) -> String {
        let mut out = text::json_pretty(self);
        out.push('\n');
        out
    }
}

/// Stands in for a TCP-MD5 password in both bundles: the same on both sides, so a password
/// never shows as a change, and never the real one.
pub const PASSWORD_PLACEHOLDER: &str = "MD5-PASSWORD";

/// One side of the comparison: a plan and the fabric `check` built from it.
#[derive(Clone, Copy)]
pub struct Side<'a> {
    pub plan: &'a Plan,
    pub fabric: &'a Fabric,
}

fn files_of(side: Side) -> Vec<File> {
    let secrets = Secrets {
        md5: PASSWORD_PLACEHOLDER.parse::<Md5Key>().ok(),
    };
    // The placeholder is a valid password, so rendering cannot fail for want of one.
    bundle::files(side.plan, side.fabric, &secrets).unwrap_or_default()
}

/// The device folder of a bundle path, and its role; `None` for the plan's own files.
fn device_of(path: &str) -> Option<(&str, Role)> {
    let mut parts = path.splitn(3, '/');
    let (top, name, _) = (parts.next()?, parts.next()?, parts.next()?);
    let role = match top {
        "nodes" => Role::Node,
        "route-reflectors" => Role::RouteReflector,
        "core" => Role::Core,
        _ => return None,
    };
    Some((&path[..top.len() + 1 + name.len()], role))
}

/// Compares two plans of one fabric.
pub fn diff(old: Side, new: Side) -> Change {
    compare(files_of(old), old, new)
}

/// Compares an earlier bundle, as it was rendered (by this release or an earlier one), with a
/// plan: `old` is the bundle's own plan.json, checked. Its passwords are replaced by the
/// placeholder, as in a rendered side, so that a password never shows in a change.
pub fn diff_from_bundle(old_files: &[File], old: Side, new: Side) -> Change {
    let files = old_files
        .iter()
        .map(|f| File {
            path: f.path.clone(),
            contents: without_passwords(&f.contents),
        })
        .collect();
    compare(files, old, new)
}

/// The lines that carry the TCP-MD5 password (FRR's `neighbor A password P`, inside a
/// reflector's script too, and Junos's `authentication-key "P"`) with the placeholder instead.
fn without_passwords(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for line in text.split_inclusive('\n') {
        let body = line.trim_end_matches('\n');
        let words: Vec<&str> = body.split_whitespace().collect();
        let masked = if let ["neighbor", addr, "password", ..] = words.as_slice() {
            let indent = body.strip_suffix(body.trim_start()).unwrap_or("");
            Some(format!(
                "{indent}neighbor {addr} password {PASSWORD_PLACEHOLDER}"
            ))
        } else {
            body.find(" authentication-key \"")
                .and_then(|at| body.get(..at))
                .map(|head| format!("{head} authentication-key \"{PASSWORD_PLACEHOLDER}\""))
        };
        match masked {
            Some(m) => {
                out.push_str(&m);
                if line.ends_with('\n') {
                    out.push('\n');
                }
            }
            None => out.push_str(line),
        }
    }
    out
}

fn compare(old_files: Vec<File>, old: Side, new: Side) -> Change {
    let new_files = files_of(new);
    fn find<'a>(files: &'a [File], path: &str) -> Option<&'a str> {
        files
            .iter()
            .find(|f| f.path == path)
            .map(|f| f.contents.as_str())
    }
    // Every path of either bundle, in bundle order.
    let mut paths: Vec<&str> = old_files
        .iter()
        .chain(&new_files)
        .map(|f| f.path.as_str())
        .collect();
    paths.sort_unstable();
    paths.dedup();

    let mut devices: Vec<DeviceChange> = Vec::new();
    // Per device, whether OLD and NEW have any file of it.
    let mut sides: Vec<(bool, bool)> = Vec::new();
    let mut files = Vec::new();
    for path in &paths {
        let a = find(&old_files, path);
        let b = find(&new_files, path);
        let change = file_change(path, a, b);
        match device_of(path) {
            Some((device, role)) => {
                if devices.last().is_none_or(|d| d.device != device) {
                    devices.push(DeviceChange {
                        device: device.to_string(),
                        role,
                        status: Status::Unchanged,
                        files: Vec::new(),
                        steps: Vec::new(),
                        disruptive: None,
                        work: Work::None,
                    });
                    sides.push((false, false));
                }
                if let Some(side) = sides.last_mut() {
                    side.0 |= a.is_some();
                    side.1 |= b.is_some();
                }
                if let (Some(d), Some(change)) = (devices.last_mut(), change) {
                    d.files.push(change);
                }
            }
            None => files.extend(change),
        }
    }
    let label = new.fabric.commit_label();
    for (d, (in_old, in_new)) in devices.iter_mut().zip(sides) {
        d.status = match (in_old, in_new) {
            (false, _) => Status::Added,
            (_, false) => Status::Removed,
            _ if d.files.is_empty() => Status::Unchanged,
            _ => Status::Changed,
        };
        let file_of = |files: &[File], name: &str| {
            find(files, &format!("{}/{name}", d.device)).map(str::to_string)
        };
        let folder = format!("{}/", d.device);
        let new_device_files = || -> Vec<File> {
            new_files
                .iter()
                .filter(|f| f.path.starts_with(&folder))
                .cloned()
                .collect()
        };
        d.work = match d.status {
            Status::Unchanged => Work::None,
            Status::Removed => Work::Retire,
            Status::Added => Work::Install(new_device_files()),
            Status::Changed => match d.role {
                Role::Node => Work::Node {
                    conf: file_of(&new_files, "frr.conf").unwrap_or_default(),
                },
                Role::RouteReflector | Role::Core => {
                    if let (Some(a), Some(b)) = (
                        file_of(&old_files, "junos.conf"),
                        file_of(&new_files, "junos.conf"),
                    ) {
                        let change = junos::change(&a, &b);
                        d.disruptive = change.disruptive.clone();
                        Work::Junos(change)
                    } else if let (Some(a), Some(b)) = (
                        file_of(&old_files, "frr.conf"),
                        file_of(&new_files, "frr.conf"),
                    ) {
                        let instance = match d.role {
                            Role::Core => frr::Instance::Shared,
                            _ => frr::Instance::Fabric,
                        };
                        let change = frr::change(&a, &b, instance);
                        d.disruptive = change.disruptive.clone();
                        Work::Frr { change, conf: b }
                    } else {
                        // The core changes platform: a new configuration on another router.
                        d.disruptive = Some(
                            "the core gateway changes platform: its fabric configuration is \
                             removed from the old router and loaded on the new one"
                                .to_string(),
                        );
                        Work::Install(new_device_files())
                    }
                }
            },
        };
        d.steps = report::steps(d, &label);
    }
    let vmmanager = settings::changes(old.fabric, new.fabric);
    let order = report::order(&devices, &vmmanager);
    Change {
        devices,
        files,
        vmmanager,
        order,
        core_community: new
            .fabric
            .community
            .map(|_| new.fabric.core_name("VM-COMMUNITY")),
    }
}

/// The change of one file, `None` when it is the same on both sides.
fn file_change(path: &str, old: Option<&str>, new: Option<&str>) -> Option<FileChange> {
    let status = match (old, new) {
        (Some(a), Some(b)) if a == b => return None,
        (Some(_), Some(_)) => Status::Changed,
        (None, _) => Status::Added,
        (_, None) => Status::Removed,
    };
    Some(FileChange {
        path: path.to_string(),
        status,
        diff: unified(path, old, new),
    })
}

/// A unified diff with three lines of context, as `diff -u` writes it; `/dev/null` names the
/// missing side of an added or removed file.
pub fn unified(path: &str, old: Option<&str>, new: Option<&str>) -> String {
    let a = if old.is_some() {
        format!("a/{path}")
    } else {
        "/dev/null".to_string()
    };
    let b = if new.is_some() {
        format!("b/{path}")
    } else {
        "/dev/null".to_string()
    };
    lines::unified(&a, &b, old.unwrap_or(""), new.unwrap_or(""))
}
