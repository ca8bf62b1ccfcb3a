//! VMs: each on a node of the plan, with addresses from the pools that no other VM has, on a
//! node that can announce them.

use super::addresses::Pools;
use super::checker::{Checker, ErrorCode, Reported};
use super::names::Named;
use super::words::{others, quote};
use super::Code;
use crate::model::{self, Family, PerFamily};
use crate::plan::{self, Field, List, Place};
use std::collections::{BTreeMap, HashMap};
use std::net::IpAddr;

/// Which node each VM names, resolved once for the node checks and the VM checks (both run per
/// VM on every keystroke, and a name look-up is a hash of the name).
pub(super) struct Placement {
    /// Per VM, the index of the first node with the name it gives; `None` when no node has it.
    pub(super) vm_node: Vec<Option<usize>>,
    /// Per node, the index of the first node with its name (itself, unless the name repeats).
    pub(super) first_node: Vec<usize>,
}

impl Placement {
    pub(super) fn of(plan: &plan::Plan) -> Placement {
        let mut index: HashMap<&str, usize> = HashMap::with_capacity(plan.nodes.len());
        let first_node = plan
            .nodes
            .iter()
            .enumerate()
            .map(|(i, node)| *index.entry(node.name.as_str()).or_insert(i))
            .collect();
        let vm_node = plan
            .vms
            .iter()
            .map(|vm| index.get(vm.node.as_str()).copied())
            .collect();
        Placement {
            vm_node,
            first_node,
        }
    }
}

impl Checker<'_> {
    /// Checks every VM (its node, its addresses, the pools they are in) and assembles it.
    pub(super) fn vms(
        &mut self,
        named: Vec<Named<'_, plan::Vm>>,
        pools: &Pools,
        placement: &Placement,
    ) -> Vec<Result<model::Vm, Reported>> {
        let plan = self.plan;
        // Address -> index of the first VM with it.
        let mut seen: HashMap<IpAddr, usize> = HashMap::with_capacity(2 * plan.vms.len());
        // The help of vm-unknown-node names the plan's nodes: built once, at the first finding.
        let unknown_node_help = std::cell::OnceCell::new();
        let unknown_node_help = || unknown_node_help.get_or_init(|| nodes_help(plan)).clone();
        // Per node that lacks a family its VMs use: the first such VM and how many there are.
        let mut missing: BTreeMap<(usize, Family), (usize, usize)> = BTreeMap::new();
        let mut vms = Vec::with_capacity(named.len());
        // One placement per VM of the plan, like `named`.
        let placed = named.into_iter().zip(&placement.vm_node);
        for (i, (Named { item: vm, name }, &node)) in placed.enumerate() {
            // Formatted only for a finding: this loop runs per VM on every keystroke.
            let whose = || format!("VM {}", quote(&vm.name));
            let node = node.ok_or_else(|| {
                let help = unknown_node_help();
                self.refuse(
                    ErrorCode::VM_UNKNOWN_NODE,
                    Field::VmNode(i),
                    format!(
                        "{} is placed on node {}, which is not in the plan",
                        whose(),
                        quote(&vm.node)
                    ),
                    help,
                )
            });
            if vm.ipv4.is_none() && vm.ipv6.is_none() {
                self.push(
                    Code::AddressMissing,
                    Place::Item(List::Vms, i),
                    format!("{} has no address", whose()),
                    "Give the VM an address from a pool in \"ipv4\", \"ipv6\" or both.",
                );
            }
            let texts = PerFamily::from_fn(|family| vm.text(family).as_deref());
            let field_of = |family| Field::VmAddr(i, family);
            let each = |me: &mut Self, family, addr, path| {
                if let Some(first) = seen.get(&addr) {
                    me.push(
                        Code::AddressDuplicate,
                        path,
                        format!(
                            "address {addr} of {} is already used at {}",
                            whose(),
                            Field::VmAddr(*first, family)
                        ),
                        "Every VM needs its own address: pick a free one from the pool.",
                    );
                } else {
                    seen.insert(addr, i);
                }
                if !pools.in_pool(addr) {
                    // A range refused for its host bits is the likely cause.
                    let cause = pools.refused_holding(addr);
                    let help = match cause {
                        Some(_) => "Correct the pool range this address lies in (refused for its host bits): the address is then in its pool.",
                        None => "Use an address from one of the plan's pools, or add a pool range that contains it: routes outside the pools are never announced.",
                    };
                    me.push_because(
                        cause,
                        Code::VmAddressOutsidePool,
                        path,
                        format!("address {addr} of {} is in no pool", whose()),
                        help,
                    );
                }
                if let Ok(n) = node {
                    // The placement's node indices are indices into the plan's nodes.
                    let lacks = plan
                        .nodes
                        .get(n)
                        .is_some_and(|on| on.text(family).is_none());
                    if lacks {
                        missing.entry((n, family)).or_insert((i, 0)).1 += 1;
                    }
                }
            };
            let (ipv4, ipv6, refused) = self.item_addrs(texts, field_of, whose, false, each);
            // Valid when no address was refused and the name and the node are.
            let assemble = || {
                Ok(model::Vm {
                    name: name?,
                    node: node?,
                    ipv4,
                    ipv6,
                })
            };
            vms.push(refused.map_or_else(assemble, Err));
        }
        self.node_missing_family(missing);
        vms
    }

    /// One finding per node and family, not per VM: `missing` holds, per node and family the
    /// node has no address in, the first VM of that family on it and how many there are.
    fn node_missing_family(&mut self, missing: BTreeMap<(usize, Family), (usize, usize)>) {
        let plan = self.plan;
        for ((n, family), (first, count)) in missing {
            // `n` indexes the plan's nodes and `first` its VMs (see `vms`): always found.
            let (Some(node), Some(vm)) = (plan.nodes.get(n), plan.vms.get(first)) else {
                continue;
            };
            self.push(
                Code::NodeMissingFamily,
                Field::NodeAddr(n, family),
                format!(
                    "node {} hosts VM {}{} with an {} address but has no {} address to announce it over",
                    quote(&node.name),
                    quote(&vm.name),
                    others(count - 1, ("VM", "VMs")),
                    family.label(),
                    family.label()
                ),
                format!("Give the node an {} address, or move the VM to a node that has one.", family.label()),
            );
        }
    }
}

/// The help of `vm-unknown-node`: the plan's nodes to choose from.
fn nodes_help(plan: &plan::Plan) -> String {
    if plan.nodes.is_empty() {
        return "Add the node first, then place the VM on it.".to_string();
    }
    // Quoted: a node name may itself be the broken part of the plan.
    let mut names: Vec<String> = Vec::new();
    for n in &plan.nodes {
        if names.len() == 8 {
            break;
        }
        let q = quote(&n.name);
        if !n.name.is_empty() && !names.contains(&q) {
            names.push(q);
        }
    }
    format!("Set node to one of the plan's nodes: {}.", names.join(", "))
}
