//! Renderers: a checked [`Fabric`] in, the bundle's files out. They cannot fail — every
//! precondition was established by `check` and is carried by the types.

mod docs;
mod frr;
mod junos;
mod script;
pub mod writer;

pub use docs::session_count;

use crate::model::Fabric;
use crate::plan::{Platform, RrKind};

/// One file of the bundle.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct File {
    /// Relative path with `/` separators, as in the bundle layout of docs/plan-format.md.
    pub path: String,
    pub contents: String,
}

impl File {
    fn new(path: String, contents: String) -> File {
        File { path, contents }
    }

    /// Whether the file should be executable (the install scripts).
    pub fn is_executable(&self) -> bool {
        self.path.ends_with(".sh")
    }
}

/// Every file of the bundle, sorted by path.
pub fn render(fabric: &Fabric) -> Vec<File> {
    let mut files = vec![
        File::new("README.md".into(), docs::runbook(fabric)),
        File::new("plan.json".into(), fabric.plan.to_json()),
        File::new(
            "vmmanager/cluster-settings.md".into(),
            docs::cluster_settings(fabric),
        ),
    ];
    for rr in &fabric.route_reflectors {
        let dir = format!("route-reflectors/{}", rr.device.name);
        let conf = frr::route_reflector(fabric, rr);
        match rr.kind {
            RrKind::Server => files.push(File::new(
                format!("{dir}/route_reflector.sh"),
                script::route_reflector_sh(fabric, rr, &conf),
            )),
            RrKind::VmmanagerVm => files.push(File::new(
                format!("{dir}/run-script.md"),
                docs::run_script(fabric, rr),
            )),
        }
        files.push(File::new(format!("{dir}/frr.conf"), conf));
    }
    for (i, node) in fabric.nodes.iter().enumerate() {
        files.push(File::new(
            format!("nodes/{}/frr.conf", node.device.name),
            frr::node(fabric, i),
        ));
    }
    for core in &fabric.core_gateways {
        let dir = format!("core/{}", core.device.name);
        files.push(match core.platform {
            Platform::Junos => File::new(format!("{dir}/junos.conf"), junos::core(fabric, core)),
            Platform::Frr => File::new(format!("{dir}/frr.conf"), frr::core(fabric, core)),
        });
    }
    files.sort_by(|a, b| a.path.cmp(&b.path));
    files
}
