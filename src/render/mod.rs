//! Renderers: a checked [`Fabric`] in, the bundle's files out (all but plan.json, which
//! [`crate::bundle::files`] adds from the plan itself). They cannot fail — every precondition
//! was established by `check` and is carried by the types.

mod docs;
mod frr;
mod junos;
mod script;
pub mod topology;
pub mod writer;

use crate::model::{CoreGateway, Fabric, Md5Key, Node, Platform, RouteReflector, RrKind};
use std::fmt;

/// What is given when a bundle is made and never stored in the plan, its share links, the
/// browser's storage or a diagnostic: today the TCP-MD5 password of the reflector <-> core
/// sessions, for a plan with `protection.md5`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Secrets {
    pub md5: Option<Md5Key>,
}

/// Why a file cannot be rendered yet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RenderError {
    /// The plan uses TCP-MD5 and no password was given.
    Md5KeyMissing,
}

impl fmt::Display for RenderError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RenderError::Md5KeyMissing => f.write_str(
                "the plan protects the route reflector <-> core sessions with TCP-MD5 (protection.md5), but no password was given",
            ),
        }
    }
}

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

/// One file of the bundle before it is rendered: what it is, so that the web app can list every
/// path on each keystroke and render only the file it shows.
#[derive(Debug, Clone, Copy)]
enum Artifact<'a> {
    Runbook,
    ClusterSettings,
    Topology,
    ReflectorConf(&'a RouteReflector),
    ReflectorScript(&'a RouteReflector),
    ReflectorRunScript(&'a RouteReflector),
    /// A node with its index in `Fabric::nodes` (what its VMs name it by).
    NodeConf(usize, &'a Node),
    CoreConf(&'a CoreGateway),
}

/// Every artifact of the fabric with its path, sorted by path.
fn artifacts(fabric: &Fabric) -> Vec<(String, Artifact<'_>)> {
    let mut out = vec![
        ("README.md".to_string(), Artifact::Runbook),
        (
            "vmmanager/cluster-settings.md".to_string(),
            Artifact::ClusterSettings,
        ),
        ("topology.svg".to_string(), Artifact::Topology),
    ];
    for rr in &fabric.route_reflectors {
        let dir = format!("route-reflectors/{}", rr.device.name);
        out.push((format!("{dir}/frr.conf"), Artifact::ReflectorConf(rr)));
        out.push(match rr.kind {
            RrKind::Server => (
                format!("{dir}/route_reflector.sh"),
                Artifact::ReflectorScript(rr),
            ),
            RrKind::VmmanagerVm => (
                format!("{dir}/run-script.md"),
                Artifact::ReflectorRunScript(rr),
            ),
        });
    }
    for (i, node) in fabric.nodes.iter().enumerate() {
        out.push((
            format!("nodes/{}/frr.conf", node.device.name),
            Artifact::NodeConf(i, node),
        ));
    }
    for core in &fabric.core_gateways {
        let file = match core.platform {
            Platform::Junos => "junos.conf",
            Platform::Frr => "frr.conf",
        };
        out.push((
            format!("core/{}/{file}", core.device.name),
            Artifact::CoreConf(core),
        ));
    }
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out
}

impl Artifact<'_> {
    /// Whether the file carries the TCP-MD5 password (the configurations of both ends of a
    /// reflector <-> core session, and the script that holds a reflector's).
    fn needs_key(self) -> bool {
        matches!(
            self,
            Artifact::ReflectorConf(_) | Artifact::ReflectorScript(_) | Artifact::CoreConf(_)
        )
    }
}

fn render_artifact(
    fabric: &Fabric,
    secrets: &Secrets,
    artifact: Artifact,
) -> Result<String, RenderError> {
    let key = match (fabric.protection.md5 && artifact.needs_key(), &secrets.md5) {
        (false, _) => None,
        (true, Some(key)) => Some(key),
        (true, None) => return Err(RenderError::Md5KeyMissing),
    };
    Ok(match artifact {
        Artifact::Runbook => docs::runbook(fabric),
        Artifact::ClusterSettings => docs::cluster_settings(fabric),
        Artifact::Topology => topology::svg(&fabric.title, &fabric.topology),
        Artifact::ReflectorConf(rr) => frr::route_reflector(fabric, rr, key),
        Artifact::ReflectorScript(rr) => {
            script::route_reflector_sh(fabric, rr, &frr::route_reflector(fabric, rr, key))
        }
        Artifact::ReflectorRunScript(rr) => docs::run_script(fabric, rr),
        Artifact::NodeConf(i, node) => frr::node(fabric, i, node),
        Artifact::CoreConf(core) => match core.platform {
            Platform::Junos => junos::core(fabric, core, key),
            Platform::Frr => frr::core(fabric, core, key),
        },
    })
}

/// Every rendered file of the bundle, sorted by path.
pub fn render(fabric: &Fabric, secrets: &Secrets) -> Result<Vec<File>, RenderError> {
    let mut files: Vec<File> = Vec::new();
    for (path, artifact) in artifacts(fabric) {
        let contents = match artifact {
            // A script carries its reflector's frr.conf, which sorts right before it
            // (`frr.conf` < `route_reflector.sh`): reuse it rather than render it twice.
            Artifact::ReflectorScript(rr) => match files.last() {
                Some(conf)
                    if conf.path == format!("route-reflectors/{}/frr.conf", rr.device.name) =>
                {
                    script::route_reflector_sh(fabric, rr, &conf.contents)
                }
                _ => render_artifact(fabric, secrets, artifact)?,
            },
            _ => render_artifact(fabric, secrets, artifact)?,
        };
        files.push(File::new(path, contents));
    }
    Ok(files)
}

/// The paths of the rendered files, sorted, without rendering them.
pub fn paths(fabric: &Fabric) -> Vec<String> {
    artifacts(fabric)
        .into_iter()
        .map(|(path, _)| path)
        .collect()
}

/// One rendered file, alone; `None` when no rendered file has this path.
pub fn render_path(
    fabric: &Fabric,
    secrets: &Secrets,
    path: &str,
) -> Option<Result<File, RenderError>> {
    artifacts(fabric)
        .into_iter()
        .find(|(p, _)| p == path)
        .map(|(path, artifact)| {
            render_artifact(fabric, secrets, artifact).map(|text| File::new(path, text))
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::check;
    use crate::model::DASH;
    use crate::plan::{read_plan, EXAMPLES};

    #[test]
    fn paths_and_single_files_agree_with_the_whole_bundle() {
        for (name, text) in EXAMPLES {
            let Some(fabric) = check(&read_plan(text).unwrap()).fabric else {
                continue;
            };
            let all = render(&fabric, &Secrets::default()).unwrap();
            let listed: Vec<String> = all.iter().map(|f| f.path.clone()).collect();
            assert_eq!(paths(&fabric), listed, "{name}");
            for file in &all {
                assert_eq!(
                    render_path(&fabric, &Secrets::default(), &file.path),
                    Some(Ok(file.clone())),
                    "{name}"
                );
            }
            assert_eq!(
                render_path(&fabric, &Secrets::default(), "nodes/nope/frr.conf"),
                None
            );
        }
    }

    /// `check` builds a fabric whose indices hold, but its fields are public: a fabric put
    /// together otherwise, with VMs on a node it lacks and a diagram link to a device it lacks,
    /// still renders (a dash, the placeholder, the link left out) rather than panic.
    #[test]
    fn indices_out_of_range_render_without_a_panic() {
        let (_, text) = EXAMPLES[0];
        let mut fabric = check(&read_plan(text).unwrap()).fabric.unwrap();
        assert!(!fabric.vms.is_empty() && !fabric.topology.links.is_empty());
        let drawn = topology::layout(&fabric.topology).lines.len();
        let mut stray = fabric.topology.links[0];
        stray.peer = fabric.topology.devices.len();
        fabric.topology.links.push(stray);
        for vm in &mut fabric.vms {
            vm.node = fabric.nodes.len();
        }
        let files = render(&fabric, &Secrets::default()).unwrap();
        let file = |path: &str| &files.iter().find(|f| f.path == path).unwrap().contents;
        let vm = fabric.vms[0].name.as_str();
        assert!(file("README.md").contains("# on the VM's node:\n"));
        assert!(file("vmmanager/cluster-settings.md").contains(&format!("| {vm} | {DASH} |")));
        assert_eq!(topology::layout(&fabric.topology).lines.len(), drawn);
        assert_eq!(
            topology::link_title(&fabric.topology, &stray),
            crate::model::topology::Topology::sessions_text(&stray)
        );
    }
}
