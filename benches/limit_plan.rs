//! Prints the plan at the 32-session limit that the benchmarks use (30 IPv4 nodes, 2 route
//! reflectors, 1 core, 8 pools, 2,000 VMs), for timing the command line end to end:
//! `cargo run --release --example limit-plan > limit.json`.

fn main() {
    print!(
        "{}",
        fabric_designer::plan::generate::ipv4_fabric(30, 2000).to_json()
    );
}
