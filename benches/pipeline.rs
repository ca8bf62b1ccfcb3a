//! check + render of a plan at the 32-session limit: 30 IPv4 nodes, 2 route reflectors, 1 core,
//! 8 pools, 2,000 VMs. Results are recorded in docs/performance.md.

use fabric_designer::check::check;
use fabric_designer::plan::{generate, read_plan};
use fabric_designer::{bundle, render};

fn main() {
    divan::main();
}

fn limit_plan_json() -> String {
    generate::ipv4_fabric(30, 2000).to_json()
}

#[divan::bench]
fn read(bencher: divan::Bencher) {
    let text = limit_plan_json();
    bencher.bench(|| read_plan(divan::black_box(&text)));
}

#[divan::bench]
fn check_only(bencher: divan::Bencher) {
    let plan = generate::ipv4_fabric(30, 2000);
    bencher.bench(|| check(divan::black_box(&plan)));
}

#[divan::bench]
fn check_and_render(bencher: divan::Bencher) {
    let plan = generate::ipv4_fabric(30, 2000);
    bencher.bench(|| {
        let report = check(divan::black_box(&plan));
        // The whole bundle, plan.json included, as the command line and Download make it.
        bundle::files(
            &plan,
            report.fabric.as_ref().expect("valid plan"),
            &render::Secrets::default(),
        )
    });
}

#[divan::bench]
fn read_check_render_zip(bencher: divan::Bencher) {
    let text = limit_plan_json();
    bencher.bench(|| {
        let plan = read_plan(divan::black_box(&text)).expect("readable");
        let report = check(&plan);
        let files = bundle::files(
            &plan,
            report.fabric.as_ref().expect("valid plan"),
            &render::Secrets::default(),
        )
        .expect("no password needed");
        bundle::zip(&files).expect("zip")
    });
}

/// Each file of the bundle alone, to see where rendering goes.
#[divan::bench(args = ["plan.json", "vmmanager/cluster-settings.md", "nodes/kvm0/frr.conf", "route-reflectors/rr1/frr.conf", "route-reflectors/rr1/route_reflector.sh", "README.md", "topology.svg"])]
fn one_file(bencher: divan::Bencher, path: &str) {
    let plan = generate::ipv4_fabric(30, 2000);
    let report = check(&plan);
    let fabric = report.fabric.as_ref().expect("valid plan");
    let secrets = render::Secrets::default();
    bencher.bench(|| bundle::file(&plan, fabric, &secrets, divan::black_box(path)));
}

/// `diff` of two plans at the session limit: the limit plan against itself with the last node
/// moved to a new address (every reflector, the core and the settings change).
#[divan::bench]
fn diff_at_the_limit(bencher: divan::Bencher) {
    let old = generate::ipv4_fabric(30, 2000);
    let mut new = old.clone();
    let last = new.nodes.len() - 1;
    new.nodes[last].ipv4 = Some("10.10.1.250".to_string());
    let (a, b) = (check(&old), check(&new));
    let (fa, fb) = (a.fabric.expect("valid"), b.fabric.expect("valid"));
    bencher.bench(|| {
        fabric_designer::diff::diff(
            fabric_designer::diff::Side {
                plan: divan::black_box(&old),
                fabric: &fa,
            },
            fabric_designer::diff::Side {
                plan: &new,
                fabric: &fb,
            },
        )
    });
}
