//! Names: each pool, device and VM name follows the naming rule and is unique among its kind
//! (devices of every role share one namespace), and a VM's interface name fits Linux.

use super::checker::{Checker, ErrorCode, Reported};
use super::devices::Role;
use super::words::quote;
use super::Code;
use crate::model::{describe_char, Name, PerFamily};
use crate::plan::{self, Field, List};
use std::borrow::Cow;
use std::collections::HashMap;

/// A pool or VM of the plan with its name as far as it parsed.
pub(super) struct Named<'p, T> {
    pub(super) item: &'p T,
    pub(super) name: Result<Name, Reported>,
}

/// A device of the plan with its name as far as it parsed.
pub(super) struct NamedDevice<'p> {
    pub(super) role: Role,
    /// Its index in the plan's list of its role.
    pub(super) index: usize,
    pub(super) raw_name: &'p str,
    pub(super) name: Result<Name, Reported>,
    /// The text of its address in each family, when the plan gives one.
    pub(super) texts: PerFamily<Option<&'p str>>,
}

/// A device's name and the text of its address in each family, as the plan gives them.
type DeviceTexts<'p> = (&'p str, PerFamily<Option<&'p str>>);

/// Every named item of the plan, in plan order, for the checks that go on with it.
pub(super) struct Names<'p> {
    pub(super) pools: Vec<Named<'p, plan::Pool>>,
    pub(super) devices: Vec<NamedDevice<'p>>,
    pub(super) vms: Vec<Named<'p, plan::Vm>>,
}

impl<'a> Checker<'a> {
    /// Parses the name of item `index` of `list`.
    fn name(&mut self, text: &str, list: List, index: usize, what: &str) -> Result<Name, Reported> {
        text.parse::<Name>().map_err(|e| {
            self.refuse(
                ErrorCode::NAME_INVALID,
                list.name(index),
                format!("{what} name {} {e}", quote(text)),
                "Use 1 to 63 characters of A-Z a-z 0-9 . _ -, starting with a letter or digit.",
            )
        })
    }

    pub(super) fn names(&mut self) -> Names<'a> {
        let plan = self.plan;
        // Pools among pools.
        let mut seen = HashMap::new();
        let mut pools = Vec::with_capacity(plan.pools.len());
        for (i, pool) in plan.pools.iter().enumerate() {
            let name = self.name(&pool.name, List::Pools, i, "pool");
            self.duplicate(&mut seen, &pool.name, List::Pools.name(i), "pool");
            pools.push(Named { item: pool, name });
        }
        // Devices of every kind share one namespace: they are hostnames and file folders.
        let mut seen = HashMap::new();
        let mut devices = Vec::new();
        // Each device's name and address texts, carried along so that the address checks need
        // not look the device up again by its index.
        let device = |name: &'a str, ipv4: &'a Option<String>, ipv6: &'a Option<String>| {
            let texts = PerFamily {
                v4: ipv4.as_deref(),
                v6: ipv6.as_deref(),
            };
            (name, texts)
        };
        let lists: [(Role, Vec<DeviceTexts<'a>>); 3] = [
            (
                Role::Rr,
                plan.route_reflectors
                    .iter()
                    .map(|d| device(&d.name, &d.ipv4, &d.ipv6))
                    .collect(),
            ),
            (
                Role::Core,
                plan.core_gateways
                    .iter()
                    .map(|d| device(&d.name, &d.ipv4, &d.ipv6))
                    .collect(),
            ),
            (
                Role::Node,
                plan.nodes
                    .iter()
                    .map(|d| device(&d.name, &d.ipv4, &d.ipv6))
                    .collect(),
            ),
        ];
        for (role, items) in lists {
            for (i, (raw, texts)) in items.into_iter().enumerate() {
                let name = self.name(raw, role.list(), i, role.label());
                self.duplicate(&mut seen, raw, role.list().name(i), "device");
                devices.push(NamedDevice {
                    role,
                    index: i,
                    raw_name: raw,
                    name,
                    texts,
                });
            }
        }
        // Sized up front: growing a table of thousands of names rehashes it a dozen times.
        let mut seen = HashMap::with_capacity(plan.vms.len());
        let mut vms = Vec::with_capacity(plan.vms.len());
        for (i, vm) in plan.vms.iter().enumerate() {
            let name = self.name(&vm.name, List::Vms, i, "VM");
            self.duplicate(&mut seen, &vm.name, Field::VmName(i), "VM");
            self.interface_name(vm, i);
            vms.push(Named { item: vm, name });
        }
        Names {
            pools,
            devices,
            vms,
        }
    }

    /// VMmanager names a VM's interface `<name>_net0`, which Linux must accept.
    fn interface_name(&mut self, vm: &plan::Vm, i: usize) {
        let interface_len = vm.name.len() + "_net0".len();
        let problem = if interface_len > 15 {
            Some(format!(
                "is {interface_len} bytes, more than the 15 Linux allows"
            ))
        } else {
            vm.name
                .chars()
                .find(|ch| *ch == '/' || *ch == ':' || ch.is_whitespace())
                .map(|ch| format!("would contain {}", describe_char(ch)))
        };
        if let Some(problem) = problem {
            self.push(
                Code::VmNameInvalid,
                Field::VmName(i),
                format!("interface name {} of VM {} {problem}", quote(&format!("{}_net0", vm.name)), quote(&vm.name)),
                "VMmanager names the VM's interface <name>_net0: keep VM names to 10 bytes without '/', ':' or spaces.",
            );
        }
    }

    /// Reports a name seen before; `at` is this one's name field, and `seen` remembers the
    /// first name field of each name. Names that differ only in letter case are the same name: they
    /// are host names (case-insensitive in DNS) and folders of the bundle, which overwrite each
    /// other on a case-insensitive file system (macOS, Windows, a zip unpacked there).
    fn duplicate<'p>(
        &mut self,
        seen: &mut HashMap<Cow<'p, str>, (Field, &'p str)>,
        raw: &'p str,
        at: Field,
        what: &str,
    ) {
        if raw.is_empty() {
            return;
        }
        // Lower-cased only when needed: this runs for every VM on every keystroke.
        let key = if raw.bytes().any(|b| b.is_ascii_uppercase()) {
            Cow::Owned(raw.to_ascii_lowercase())
        } else {
            Cow::Borrowed(raw)
        };
        if let Some(&(first_at, first)) = seen.get(&key) {
            let case = if first == raw {
                String::new()
            } else {
                format!(" as {}, which differs only in letter case", quote(first))
            };
            self.push(
                Code::NameDuplicate,
                at,
                format!(
                    "{what} name {} is already used at {first_at}{case}",
                    quote(raw)
                ),
                format!("Give every {what} its own name; names that differ only in letter case count as the same."),
            );
        } else {
            seen.insert(key, (at, raw));
        }
    }
}
