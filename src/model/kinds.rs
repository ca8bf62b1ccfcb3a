//! The plan's choices that the checked fabric keeps as they are: a reflector's kind, a core's
//! platform, a node's virtualization, what a core does beyond its route limit. They are valid
//! by construction (reading refuses any other text), so the plan's serde structs and the
//! `Fabric` share them; `plan` re-exports them under their old paths.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum RrKind {
    /// A Linux server that gets route_reflector.sh.
    Server,
    /// A VM in VMmanager that runs the platform's "Route Reflector" script.
    VmmanagerVm,
}

impl RrKind {
    pub const ALL: [RrKind; 2] = [RrKind::Server, RrKind::VmmanagerVm];

    pub fn as_str(self) -> &'static str {
        match self {
            RrKind::Server => "server",
            RrKind::VmmanagerVm => "vmmanager-vm",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Platform {
    /// Juniper MX: Junos set-style configuration.
    Junos,
    /// A Linux router running FRR.
    Frr,
}

impl Platform {
    pub const ALL: [Platform; 2] = [Platform::Junos, Platform::Frr];

    pub fn as_str(self) -> &'static str {
        match self {
            Platform::Junos => "junos",
            Platform::Frr => "frr",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Virtualization {
    Kvm,
    Lxd,
}

impl Virtualization {
    pub const ALL: [Virtualization; 2] = [Virtualization::Kvm, Virtualization::Lxd];

    pub fn as_str(self) -> &'static str {
        match self {
            Virtualization::Kvm => "kvm",
            Virtualization::Lxd => "lxd",
        }
    }

    /// "KVM" or "LXD", for messages and documents. A constant rather than `to_uppercase()`,
    /// which would link Unicode case tables (about 7 KB gzipped) into the web app.
    pub fn label(self) -> &'static str {
        match self {
            Virtualization::Kvm => "KVM",
            Virtualization::Lxd => "LXD",
        }
    }

    /// The one OS VMmanager supports on IP-fabric nodes of this virtualization.
    pub fn required_os(self) -> &'static str {
        match self {
            Virtualization::Kvm => "almalinux-8",
            Virtualization::Lxd => "ubuntu-20.04",
        }
    }

    /// The required OS as people write it.
    pub fn required_os_label(self) -> &'static str {
        match self {
            Virtualization::Kvm => "AlmaLinux 8",
            Virtualization::Lxd => "Ubuntu 20.04",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum PrefixLimitAction {
    /// Close the session, and try again after 5 minutes.
    Teardown,
    /// Keep the session and drop the routes beyond the limit (Junos; FRR cores tear down).
    DropExcess,
}

impl PrefixLimitAction {
    pub const ALL: [PrefixLimitAction; 2] =
        [PrefixLimitAction::Teardown, PrefixLimitAction::DropExcess];

    pub fn as_str(self) -> &'static str {
        match self {
            PrefixLimitAction::Teardown => "teardown",
            PrefixLimitAction::DropExcess => "drop-excess",
        }
    }
}
