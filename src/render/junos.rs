//! core/<name>/junos.conf: Junos set-style configuration for a Juniper MX core gateway, in the
//! shape of the VMmanager guide (policy-statement VM, reject-all, group VM), every object named
//! after the fabric's id when the plan has one (`fra-VM`), so that fabrics sharing a core never
//! share an object. The file holds
//! `set` lines only, so that it pastes unchanged into `load set terminal`; what to know before
//! loading it and the commit procedure are in the runbook.

use super::writer::Writer;
use crate::model::{
    is_host_prefix, CoreGateway, CoreLiveness, Fabric, Family, Md5Key, PerFamily,
    PrefixLimitAction, LIMIT_RESTART_MINUTES,
};

/// The term of policy-statement VM that accepts a family's VM routes.
const TERM: PerFamily<&str> = PerFamily::new("isp-ipv4", "isp-ipv6");

/// The core's BGP group per family: see [`groups`].
const GROUP: PerFamily<&str> = PerFamily::new("VM", "VM-V6");

/// The family's name in Junos.
const INET: PerFamily<&str> = PerFamily::new("inet", "inet6");

/// Where a family's static routes are set.
const STATIC_ROUTES: PerFamily<&str> = PerFamily::new(
    "set routing-options static route",
    "set routing-options rib inet6.0 static route",
);

/// A BGP group of the core: its sessions with the route reflectors in one family.
#[derive(Debug, Clone)]
pub(super) struct Group {
    pub family: Family,
    pub name: String,
}

/// The core's BGP groups, one per family it shares with a route reflector, IPv4 first: what
/// the configuration sets up and the runbook checks. IPv4 sessions live in group VM (as in the
/// guide); IPv6 ones in VM-V6, because a neighbour with its own `family` inherits nothing from
/// its group and Junos wants one local-address per family.
pub(super) fn groups(fabric: &Fabric, core: &CoreGateway) -> Vec<Group> {
    core.device
        .families()
        .into_iter()
        .filter(|f| fabric.route_reflectors.iter().any(|rr| rr.device.has(*f)))
        .map(|family| Group {
            family,
            name: fabric.core_name(GROUP[family]),
        })
        .collect()
}

/// The names of the objects the fabric creates on a Junos core: VMmanager's guide's names,
/// after the fabric's id when it has one (see `Fabric::core_name`).
pub(super) struct Names {
    pub community: String,
    pub no_export: String,
    pub import: String,
    pub export: String,
    pub terms: PerFamily<String>,
}

impl Names {
    pub(super) fn of(fabric: &Fabric) -> Names {
        Names {
            community: fabric.core_name("VM-COMMUNITY"),
            no_export: fabric.core_name("NO-EXPORT"),
            import: fabric.core_name("VM"),
            export: fabric.core_name("reject-all"),
            terms: PerFamily::new(fabric.core_name(TERM.v4), fabric.core_name(TERM.v6)),
        }
    }
}

/// The objects junos.conf creates, as `show configuration` arguments: what the runbook proves
/// free before the file is loaded, and what the change to new names deletes.
pub(super) fn objects(fabric: &Fabric, core: &CoreGateway) -> Vec<String> {
    let names = Names::of(fabric);
    let mut out = Vec::new();
    if fabric.community.is_some() {
        out.push(format!("policy-options community {}", names.community));
    }
    out.push(format!("policy-options community {}", names.no_export));
    out.push(format!("policy-options policy-statement {}", names.import));
    out.push(format!("policy-options policy-statement {}", names.export));
    for group in groups(fabric, core) {
        out.push(format!("protocols bgp group {}", group.name));
    }
    out
}

pub fn core(fabric: &Fabric, core: &CoreGateway, key: Option<&Md5Key>) -> String {
    let mut w = Writer::new("  ");
    let groups = groups(fabric, core);
    let names = Names::of(fabric);
    if let Some(c) = fabric.community {
        w.line_args(format_args!(
            "set policy-options community {} members {c}",
            names.community
        ));
    }
    // Host routes must never leave the core: tag them with the well-known no-export.
    w.line_args(format_args!(
        "set policy-options community {} members no-export",
        names.no_export
    ));
    let vm = format!("set policy-options policy-statement {}", names.import);
    for &Group { family, .. } in &groups {
        if !fabric.has_pools(family) {
            continue;
        }
        let t = format!("{vm} term {}", names.terms[family]);
        let len = family.host_len();
        w.line_args(format_args!("{t} from protocol bgp"));
        if fabric.community.is_some() {
            w.line_args(format_args!("{t} from community {}", names.community));
        }
        // Host routes only: the guide's `orlonger` would also accept the pool aggregate and
        // anything between it and the host routes.
        for prefix in &fabric.prefixes[family] {
            if is_host_prefix(prefix) {
                w.line_args(format_args!("{t} from route-filter {prefix} exact"));
            } else {
                w.line_args(format_args!(
                    "{t} from route-filter {prefix} prefix-length-range /{len}-/{len}"
                ));
            }
        }
        w.line_args(format_args!("{t} then community add {}", names.no_export));
        w.line_args(format_args!("{t} then accept"));
    }
    w.line_args(format_args!("{vm} then reject"));
    w.line_args(format_args!(
        "set policy-options policy-statement {} then reject",
        names.export
    ));
    // Pool addresses that no VM holds are dropped here instead of looping back upstream; the
    // host routes from the fabric are longer and win.
    for &Group { family, .. } in &groups {
        for prefix in fabric.discard_prefixes(family) {
            w.line_args(format_args!("{} {prefix} discard", STATIC_ROUTES[family]));
        }
    }
    for group in &groups {
        bgp_group(&mut w, fabric, core, group, &names, key);
    }
    w.finish()
}

/// The `set protocols bgp group` lines of one group: the sessions with every route reflector
/// that has an address in the group's family.
fn bgp_group(
    w: &mut Writer,
    fabric: &Fabric,
    core: &CoreGateway,
    &Group { family, ref name }: &Group,
    names: &Names,
    key: Option<&Md5Key>,
) {
    let me = &core.device;
    let internal = core.asn == fabric.asn;
    let g = format!("set protocols bgp group {name}");
    w.line_args(format_args!(
        "{g} type {}",
        if internal { "internal" } else { "external" }
    ));
    if let Some(own) = me.addr(family) {
        w.line_args(format_args!("{g} local-address {own}"));
    }
    // Explicit, so that families set globally under `protocols bgp` (on a PE, often only
    // VPN families) do not decide what this group carries.
    let unicast = format!("{g} family {} unicast", INET[family]);
    w.line(unicast.clone());
    // prefix-limit counts every route received, before the import policy.
    w.line_args(format_args!(
        "{unicast} prefix-limit maximum {}",
        fabric.core_route_limit(family)
    ));
    match fabric.protection.prefix_limit {
        PrefixLimitAction::Teardown => w.line_args(format_args!(
            "{unicast} prefix-limit teardown idle-timeout {LIMIT_RESTART_MINUTES}"
        )),
        PrefixLimitAction::DropExcess => {
            w.line_args(format_args!("{unicast} prefix-limit drop-excess"))
        }
    }
    w.line_args(format_args!("{g} import {}", names.import));
    w.line_args(format_args!("{g} export {}", names.export));
    w.line_args(format_args!("{g} peer-as {}", fabric.asn));
    match fabric.protection.core {
        CoreLiveness::Bfd {
            interval,
            multiplier,
        } => {
            w.line_args(format_args!(
                "{g} bfd-liveness-detection minimum-interval {interval}"
            ));
            w.line_args(format_args!(
                "{g} bfd-liveness-detection multiplier {multiplier}"
            ));
        }
        CoreLiveness::Timers(t) => w.line_args(format_args!("{g} hold-time {}", t.hold)),
        CoreLiveness::Default => {}
    }
    if let Some(key) = key {
        w.line_args(format_args!("{g} authentication-key \"{}\"", key.reveal()));
    }
    for rr in &fabric.route_reflectors {
        if let Some(addr) = rr.device.addr(family) {
            w.line_args(format_args!(
                "{g} neighbor {addr} description {}",
                rr.device.name
            ));
        }
    }
}
