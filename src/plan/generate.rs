//! Generated plans of any size, for benchmarks, the lab's variations and performance budgets.

use super::{
    CoreGateway, FamilyAddresses, Node, Plan, Platform, Pool, RouteReflector, RrKind,
    Virtualization, Vm, PLAN_VERSION,
};

/// An IPv4 KVM fabric with `nodes` nodes, two server route reflectors, one Junos core, 8 pools
/// of /24 and `vms` VMs spread over the nodes. With 30 nodes each reflector has 31 sessions, just
/// under the limit of 32.
pub fn ipv4_fabric(nodes: usize, vms: usize) -> Plan {
    let pools: Vec<Pool> = (0..8)
        .map(|p| Pool {
            name: format!("pool{p}"),
            ranges: vec![format!("100.{}.{p}.0/24", 64 + p)],
        })
        .collect();
    let node_list: Vec<Node> = (0..nodes)
        .map(|n| Node {
            name: format!("kvm{n}"),
            virtualization: Virtualization::Kvm,
            os: "almalinux-8".to_string(),
            ipv4: Some(format!("10.10.{}.{}", n / 200, 10 + n % 200)),
            ipv6: None,
        })
        .collect();
    let vm_list: Vec<Vm> = (0..vms)
        .map(|v| Vm {
            name: format!("vm{v}"),
            node: format!("kvm{}", v % nodes.max(1)),
            ipv4: Some(format!(
                "100.{}.{}.{}",
                64 + (v / 256) % 8,
                (v / 256) % 8,
                v % 256
            )),
            ipv6: None,
        })
        .collect();
    Plan {
        version: PLAN_VERSION,
        name: format!("Generated: {nodes} nodes, {vms} VMs"),
        id: Some("gen".to_string()),
        asn: 65000,
        community: Some("65000:100".to_string()),
        gateway: FamilyAddresses {
            ipv4: Some("192.168.255.1".to_string()),
            ipv6: None,
        },
        underlay: FamilyAddresses {
            ipv4: Some("10.10.0.0/16".to_string()),
            ipv6: None,
        },
        vxlan: false,
        frr_version: None,
        pools,
        route_reflectors: vec![
            RouteReflector {
                name: "rr1".to_string(),
                kind: RrKind::Server,
                ipv4: Some("10.10.255.2".to_string()),
                ipv6: None,
            },
            RouteReflector {
                name: "rr2".to_string(),
                kind: RrKind::Server,
                ipv4: Some("10.10.255.3".to_string()),
                ipv6: None,
            },
        ],
        core_gateways: vec![CoreGateway {
            name: "mx1".to_string(),
            platform: Platform::Junos,
            asn: 65000,
            ipv4: Some("10.10.255.1".to_string()),
            ipv6: None,
        }],
        nodes: node_list,
        vms: vm_list,
        protection: Default::default(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::check;

    #[test]
    fn the_limit_plan_is_valid_and_at_31_sessions() {
        let plan = ipv4_fabric(30, 2000);
        let report = check(&plan);
        assert!(!report.has_errors(), "{:#?}", report.diagnostics);
        assert_eq!(
            report
                .sessions
                .iter()
                .map(|s| s.total())
                .collect::<Vec<_>>(),
            [31, 31]
        );
    }
}
