// The plan at the 32-session limit, as src/plan/generate.rs `ipv4_fabric(nodes, vms)` builds it
// (30 nodes and 2,000 VMs: 31 sessions per route reflector). The budget test checks the
// session count in the app, so a drift from the Rust generator shows up there.
export function ipv4Fabric(nodes: number, vms: number) {
  const pools = Array.from({ length: 8 }, (_, p) => ({
    name: `pool${p}`,
    ranges: [`100.${64 + p}.${p}.0/24`],
  }));
  const nodeList = Array.from({ length: nodes }, (_, n) => ({
    name: `kvm${n}`,
    virtualization: "kvm",
    os: "almalinux-8",
    ipv4: `10.10.${Math.floor(n / 200)}.${10 + (n % 200)}`,
  }));
  const vmList = Array.from({ length: vms }, (_, v) => ({
    name: `vm${v}`,
    node: `kvm${v % Math.max(nodes, 1)}`,
    ipv4: `100.${64 + (Math.floor(v / 256) % 8)}.${Math.floor(v / 256) % 8}.${v % 256}`,
  }));
  return {
    version: 1,
    name: `Generated: ${nodes} nodes, ${vms} VMs`,
    id: "gen",
    asn: 65000,
    community: "65000:100",
    gateway: { ipv4: "192.168.255.1" },
    underlay: { ipv4: "10.10.0.0/16" },
    vxlan: false,
    pools,
    route_reflectors: [
      { name: "rr1", kind: "server", ipv4: "10.10.255.2" },
      { name: "rr2", kind: "server", ipv4: "10.10.255.3" },
    ],
    core_gateways: [{ name: "mx1", platform: "junos", asn: 65000, ipv4: "10.10.255.1" }],
    nodes: nodeList,
    vms: vmList,
  };
}
