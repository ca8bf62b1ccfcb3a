//! The bundle as a zip archive (browser and command line) or a folder (command line), byte for
//! byte the same for the same plan: fixed timestamps, sorted entries, fixed permissions.

use crate::model::{file_slug, Fabric};
use crate::plan::Plan;
use crate::render::{self, File, RenderError, Secrets};

/// The path of the plan in a bundle. The plan is copied as it was checked, not rendered from the
/// fabric, so it is added here and the renderers never see a `Plan`.
pub const PLAN_JSON: &str = "plan.json";

/// Every file of the bundle, sorted by path: what `render` makes of the fabric and plan.json.
/// `fabric` is what `check` built from `plan`.
pub fn files(plan: &Plan, fabric: &Fabric, secrets: &Secrets) -> Result<Vec<File>, RenderError> {
    let mut files = render::render(fabric, secrets)?;
    let at = files.partition_point(|f| f.path.as_str() < PLAN_JSON);
    files.insert(at, plan_json(plan));
    Ok(files)
}

/// The paths of the bundle's files, sorted, without rendering them.
pub fn paths(fabric: &Fabric) -> Vec<String> {
    let mut paths = render::paths(fabric);
    let at = paths.partition_point(|p| p.as_str() < PLAN_JSON);
    paths.insert(at, PLAN_JSON.to_string());
    paths
}

/// One file of the bundle, made alone; `None` when the bundle has no such path. `fabric` is
/// what `check` built from `plan`.
pub fn file(
    plan: &Plan,
    fabric: &Fabric,
    secrets: &Secrets,
    path: &str,
) -> Option<Result<File, RenderError>> {
    if path == PLAN_JSON {
        return Some(Ok(plan_json(plan)));
    }
    render::render_path(fabric, secrets, path)
}

fn plan_json(plan: &Plan) -> File {
    File {
        path: PLAN_JSON.to_string(),
        contents: plan.to_json(),
    }
}

/// The zip file name for a plan: `fabric-<plan name as a slug>.zip`.
pub fn zip_name(plan: &Plan) -> String {
    format!("fabric-{}.zip", file_slug(&plan.name))
}

/// The file name a plan is saved under: `<plan name as a slug>.json`, so that two saved plans
/// do not overwrite each other as `plan.json` in a downloads folder.
pub fn plan_file_name(plan: &Plan) -> String {
    format!("{}.json", file_slug(&plan.name))
}

/// The zip file name of a change bundle towards a plan: `change-<plan name as a slug>.zip`.
pub fn change_zip_name(plan: &Plan) -> String {
    format!("change-{}.zip", file_slug(&plan.name))
}

/// Packs the files into a zip archive (fixed timestamps; scripts 0755, the rest 0644).
pub fn zip(files: &[File]) -> Result<Vec<u8>, crate::zip::TooLarge> {
    let entries: Vec<crate::zip::Entry> = files
        .iter()
        .map(|file| crate::zip::Entry {
            path: &file.path,
            bytes: file.contents.as_bytes(),
            mode: if file.is_executable() { 0o755 } else { 0o644 },
        })
        .collect();
    crate::zip::write(&entries)
}

/// The most bytes of files an earlier bundle may hold when it is read back (a bundle at the
/// session limit is a few MiB).
pub const MAX_BUNDLE_BYTES: usize = 64 * 1024 * 1024;

/// The files of an earlier bundle from its zip, as they were rendered: every entry must be
/// UTF-8 text, and the bundle must hold its plan.json.
pub fn files_from_zip(archive: &[u8]) -> Result<Vec<File>, String> {
    let entries = crate::zip::read(archive, MAX_BUNDLE_BYTES).map_err(|e| e.to_string())?;
    let mut files = Vec::with_capacity(entries.len());
    for (path, bytes) in entries {
        let contents = String::from_utf8(bytes).map_err(|_| format!("{path} is not UTF-8 text"))?;
        files.push(File { path, contents });
    }
    bundle_with_plan(files)
}

/// The files sorted by path, if they hold a plan.json: a bundle's.
fn bundle_with_plan(mut files: Vec<File>) -> Result<Vec<File>, String> {
    if !files.iter().any(|f| f.path == PLAN_JSON) {
        return Err(format!("it holds no {PLAN_JSON}, so it is not a bundle"));
    }
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(files)
}

#[cfg(not(target_arch = "wasm32"))]
pub use folder::{read_dir, write_dir, WriteDirError};

/// The bundle as a folder (command line only: the browser has no file system).
#[cfg(not(target_arch = "wasm32"))]
mod folder {
    use crate::model::Name;
    use crate::render::File;
    use std::collections::HashSet;
    use std::fmt;
    use std::fs;
    use std::io::{self, Read, Write};
    use std::path::{Component, Path, PathBuf};

    /// Every file a bundle can hold, a device's folder written as `*`: what an earlier bundle
    /// may contain besides the files being written now (a reflector that changed kind, a core
    /// that changed platform). Keep in step with [`super::files`].
    const LAYOUT: [&str; 10] = [
        "README.md",
        super::PLAN_JSON,
        "topology.svg",
        "vmmanager/cluster-settings.md",
        "route-reflectors/*/frr.conf",
        "route-reflectors/*/route_reflector.sh",
        "route-reflectors/*/run-script.md",
        "nodes/*/frr.conf",
        "core/*/junos.conf",
        "core/*/frr.conf",
    ];

    /// How the runbook (README.md) of every bundle begins; its third line says who wrote it.
    const RUNBOOK_TITLE: &str = "# Runbook: ";
    const RUNBOOK_WRITER: &str = "Generated by fabric-designer";

    /// Why a bundle was not written to a folder. Except for [`WriteDirError::OldKept`] the
    /// target is as it was.
    #[derive(Debug)]
    pub enum WriteDirError {
        /// The path does not end in a folder name (`.`, `..`, `/`).
        NoName(PathBuf),
        /// The target is a symbolic link: links are never followed.
        Link(PathBuf),
        /// The target exists and is not a folder.
        NotAFolder(PathBuf),
        /// The target is a non-empty folder that is not an earlier bundle: `entry` (relative to
        /// it) is the first thing found that a bundle does not hold, or a file it lacks.
        NotABundle {
            dir: PathBuf,
            entry: String,
            reason: &'static str,
        },
        /// A file's path is not a plain relative path (`..`, absolute): a bug of the caller.
        BadPath(String),
        /// Reading, creating, writing or renaming failed; what was made is removed again.
        Io {
            action: &'static str,
            path: PathBuf,
            source: io::Error,
        },
        /// The new bundle could not be put in place, nor the earlier one moved back.
        Stranded {
            dir: PathBuf,
            old: PathBuf,
            source: io::Error,
        },
        /// The new bundle is in place; the earlier one, moved aside, could not be removed.
        OldKept {
            dir: PathBuf,
            old: PathBuf,
            source: io::Error,
        },
    }

    impl fmt::Display for WriteDirError {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            match self {
                WriteDirError::NoName(dir) => write!(
                    f,
                    "{} does not end in a folder name; give one, such as bundle/",
                    dir.display()
                ),
                WriteDirError::Link(dir) => write!(
                    f,
                    "{} is a symbolic link, and links are never followed; give the folder itself",
                    dir.display()
                ),
                WriteDirError::NotAFolder(dir) => {
                    write!(f, "{} exists and is not a folder", dir.display())
                }
                WriteDirError::NotABundle { dir, entry, reason } => write!(
                    f,
                    "{} is not empty and not an earlier bundle: {entry} {reason}; give a new or \
                     empty folder, or one that fabric-designer wrote",
                    dir.display()
                ),
                WriteDirError::BadPath(path) => {
                    write!(f, "{path} is not a relative path inside the bundle")
                }
                WriteDirError::Io {
                    action,
                    path,
                    source,
                } => write!(f, "cannot {action} {}: {source}", path.display()),
                WriteDirError::Stranded { dir, old, source } => write!(
                    f,
                    "cannot move the new bundle to {} ({source}), nor the earlier one back: it is \
                     in {}",
                    dir.display(),
                    old.display()
                ),
                WriteDirError::OldKept { dir, old, source } => write!(
                    f,
                    "the bundle is in {}, but the earlier one, moved to {}, could not be removed: \
                     {source}",
                    dir.display(),
                    old.display()
                ),
            }
        }
    }

    impl std::error::Error for WriteDirError {
        fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
            match self {
                WriteDirError::Io { source, .. }
                | WriteDirError::Stranded { source, .. }
                | WriteDirError::OldKept { source, .. } => Some(source),
                _ => None,
            }
        }
    }

    fn io_error(action: &'static str, path: &Path) -> impl FnOnce(io::Error) -> WriteDirError {
        let path = path.to_path_buf();
        move |source| WriteDirError::Io {
            action,
            path,
            source,
        }
    }

    /// What is at the target now.
    enum Target {
        Missing,
        Empty,
        Bundle,
    }

    /// The files of an earlier bundle in the folder `dir`, as they were rendered: regular files
    /// only (a link is refused, never followed), UTF-8 text, at most
    /// [`super::MAX_BUNDLE_BYTES`] in all, and a plan.json among them.
    pub fn read_dir(dir: &Path) -> Result<Vec<File>, String> {
        let mut files = Vec::new();
        let mut total: u64 = 0;
        let mut stack = vec![(dir.to_path_buf(), String::new())];
        while let Some((folder, prefix)) = stack.pop() {
            let entries = fs::read_dir(&folder)
                .map_err(|e| format!("cannot read {}: {e}", folder.display()))?;
            for entry in entries {
                let entry = entry.map_err(|e| format!("cannot read {}: {e}", folder.display()))?;
                let name = entry.file_name();
                let name = name
                    .to_str()
                    .ok_or_else(|| format!("{prefix}{name:?} is not a UTF-8 name"))?;
                let path = format!("{prefix}{name}");
                let kind = entry
                    .file_type()
                    .map_err(|e| format!("cannot inspect {path}: {e}"))?;
                if kind.is_symlink() {
                    return Err(format!("{path} is a link, which is never followed"));
                } else if kind.is_dir() {
                    stack.push((entry.path(), format!("{path}/")));
                } else if kind.is_file() {
                    let mut bytes = Vec::new();
                    let room = (super::MAX_BUNDLE_BYTES as u64).saturating_sub(total);
                    fs::File::open(entry.path())
                        .and_then(|f| f.take(room + 1).read_to_end(&mut bytes))
                        .map_err(|e| format!("cannot read {path}: {e}"))?;
                    total += bytes.len() as u64;
                    if total > super::MAX_BUNDLE_BYTES as u64 {
                        return Err(format!(
                            "its files hold more than {} bytes",
                            super::MAX_BUNDLE_BYTES
                        ));
                    }
                    let contents = String::from_utf8(bytes)
                        .map_err(|_| format!("{path} is not UTF-8 text"))?;
                    files.push(File { path, contents });
                } else {
                    return Err(format!("{path} is not a regular file"));
                }
            }
        }
        super::bundle_with_plan(files)
    }

    /// Writes the bundle as the folder `dir`, all or nothing, and never through a link.
    ///
    /// The files are written into a new folder beside `dir` (same parent, so that renaming is
    /// atomic), which then takes its place. `dir` may be missing, an empty folder, or an earlier
    /// bundle: a folder holding a fabric-designer README.md (its first line starts with
    /// `# Runbook: `, its third with `Generated by fabric-designer`) and a plan.json, both
    /// regular files, and otherwise only entries of a bundle's layout (see `LAYOUT`, device
    /// folders named by the naming rule), links included. An earlier bundle is renamed aside,
    /// and removed (its links as links) once the new one is in place, so no stale file of a
    /// removed device survives. Anything else is refused before anything is written, and on
    /// any failure what was made is removed again. Each folder is created once, each file
    /// created new (never opened through a link), with mode 0644, scripts 0755.
    pub fn write_dir(files: &[File], dir: &Path) -> Result<(), WriteDirError> {
        let Some(name) = dir.file_name() else {
            return Err(WriteDirError::NoName(dir.to_path_buf()));
        };
        let parent = match dir.parent() {
            Some(p) if !p.as_os_str().is_empty() => p,
            _ => Path::new("."),
        };
        let target = inspect(dir, files)?;
        if let Target::Missing = target {
            // The folders above the bundle are the user's choice, made as they are asked for.
            fs::create_dir_all(parent).map_err(io_error("create the folder", parent))?;
        }
        let temp = make_temp(parent, name)?;
        if let Err(e) = fill(&temp, files) {
            let _ = fs::remove_dir_all(&temp);
            return Err(e);
        }
        match target {
            // rename(2) replaces an empty folder in one step.
            Target::Missing | Target::Empty => fs::rename(&temp, dir).map_err(|e| {
                let _ = fs::remove_dir_all(&temp);
                io_error("move the new bundle to", dir)(e)
            }),
            Target::Bundle => {
                let old = aside_path(&temp);
                if let Err(e) = fs::rename(dir, &old) {
                    let _ = fs::remove_dir_all(&temp);
                    return Err(io_error("move the earlier bundle aside from", dir)(e));
                }
                if let Err(source) = fs::rename(&temp, dir) {
                    let _ = fs::remove_dir_all(&temp);
                    return match fs::rename(&old, dir) {
                        Ok(()) => Err(io_error("move the new bundle to", dir)(source)),
                        Err(_) => Err(WriteDirError::Stranded {
                            dir: dir.to_path_buf(),
                            old,
                            source,
                        }),
                    };
                }
                // remove_dir_all removes links themselves and never follows them.
                fs::remove_dir_all(&old).map_err(|source| WriteDirError::OldKept {
                    dir: dir.to_path_buf(),
                    old,
                    source,
                })
            }
        }
    }

    /// Whether `dir` may become the bundle, without following any link.
    fn inspect(dir: &Path, files: &[File]) -> Result<Target, WriteDirError> {
        let meta = match fs::symlink_metadata(dir) {
            Ok(meta) => meta,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Target::Missing),
            Err(e) => return Err(io_error("inspect", dir)(e)),
        };
        if meta.file_type().is_symlink() {
            return Err(WriteDirError::Link(dir.to_path_buf()));
        }
        if !meta.is_dir() {
            return Err(WriteDirError::NotAFolder(dir.to_path_buf()));
        }
        let mut entries = fs::read_dir(dir).map_err(io_error("read", dir))?.peekable();
        if entries.peek().is_none() {
            return Ok(Target::Empty);
        }
        let refuse = |entry: &str, reason| WriteDirError::NotABundle {
            dir: dir.to_path_buf(),
            entry: entry.to_string(),
            reason,
        };
        let mut patterns: Vec<Vec<&str>> = LAYOUT.iter().map(|p| p.split('/').collect()).collect();
        for file in files {
            let mut parts: Vec<&str> = file.path.split('/').collect();
            if let [_, name, _] = parts.as_mut_slice() {
                *name = "*";
            }
            patterns.push(parts);
        }
        check_entries(dir, &mut Vec::new(), &patterns).map_err(|e| match e {
            Refusal::Entry(entry, reason) => refuse(&entry, reason),
            Refusal::Io(e) => e,
        })?;
        for file in ["README.md", super::PLAN_JSON] {
            match fs::symlink_metadata(dir.join(file)) {
                Ok(meta) if meta.is_file() => {}
                Ok(_) => return Err(refuse(file, "is not a regular file")),
                Err(e) if e.kind() == io::ErrorKind::NotFound => {
                    return Err(refuse(file, "is missing"))
                }
                Err(e) => return Err(io_error("inspect", &dir.join(file))(e)),
            }
        }
        if !written_by_us(&dir.join("README.md"))? {
            return Err(refuse("README.md", "was not written by fabric-designer"));
        }
        Ok(Target::Bundle)
    }

    /// The start of README.md says whether fabric-designer wrote it.
    fn written_by_us(readme: &Path) -> Result<bool, WriteDirError> {
        let mut head = Vec::new();
        fs::File::open(readme)
            .and_then(|f| f.take(4096).read_to_end(&mut head))
            .map_err(io_error("read", readme))?;
        let head = String::from_utf8_lossy(&head);
        let mut lines = head.lines();
        Ok(lines.next().is_some_and(|l| l.starts_with(RUNBOOK_TITLE))
            && lines.nth(1).is_some_and(|l| l.starts_with(RUNBOOK_WRITER)))
    }

    enum Refusal {
        Entry(String, &'static str),
        Io(WriteDirError),
    }

    /// Whether the path `rel` fits a layout pattern: all of it (a file), or its start (a folder).
    fn fits(rel: &[String], pattern: &[&str]) -> bool {
        rel.len() <= pattern.len()
            && rel.iter().zip(pattern).all(|(part, want)| {
                if *want == "*" {
                    part.parse::<Name>().is_ok()
                } else {
                    part == want
                }
            })
    }

    /// Walks the folder `rel` below `dir`: every entry must fit the layout, folders are walked,
    /// links are taken as they are (never followed).
    fn check_entries(
        dir: &Path,
        rel: &mut Vec<String>,
        patterns: &[Vec<&str>],
    ) -> Result<(), Refusal> {
        let here: PathBuf = rel.iter().fold(dir.to_path_buf(), |p, part| p.join(part));
        let mut entries = fs::read_dir(&here)
            .and_then(|entries| entries.collect::<io::Result<Vec<_>>>())
            .map_err(|e| Refusal::Io(io_error("read", &here)(e)))?;
        // In name order, so that the entry a refusal names does not depend on the file system.
        entries.sort_by_key(|entry| entry.file_name());
        for entry in entries {
            let kind = entry
                .file_type()
                .map_err(|e| Refusal::Io(io_error("inspect", &entry.path())(e)))?;
            // A name that is not UTF-8 fits no pattern: U+FFFD is no part of a device name.
            rel.push(entry.file_name().to_string_lossy().into_owned());
            let as_file = patterns
                .iter()
                .any(|p| p.len() == rel.len() && fits(rel, p));
            let as_folder = patterns.iter().any(|p| p.len() > rel.len() && fits(rel, p));
            let result = if kind.is_dir() && as_folder {
                check_entries(dir, rel, patterns)
            } else if (kind.is_symlink() && (as_file || as_folder)) || (kind.is_file() && as_file) {
                Ok(())
            } else {
                let reason = if as_folder {
                    "is not a folder"
                } else if as_file {
                    "is not a regular file"
                } else {
                    "is not part of a bundle"
                };
                Err(Refusal::Entry(rel.join("/"), reason))
            };
            rel.pop();
            result?;
        }
        Ok(())
    }

    /// A new, empty folder beside the target: `.<name>.fabric-designer-<pid>-<n>`.
    fn make_temp(parent: &Path, name: &std::ffi::OsStr) -> Result<PathBuf, WriteDirError> {
        let stem: String = name.to_string_lossy().chars().take(64).collect();
        let pid = std::process::id();
        let mut n = 0u32;
        loop {
            let temp = parent.join(format!(".{stem}.fabric-designer-{pid}-{n}"));
            match fs::create_dir(&temp) {
                Ok(()) => return Ok(temp),
                Err(e) if e.kind() == io::ErrorKind::AlreadyExists && n < 1000 => n += 1,
                Err(e) => return Err(io_error("create the folder", &temp)(e)),
            }
        }
    }

    /// Where the earlier bundle waits while the new one takes its place.
    fn aside_path(temp: &Path) -> PathBuf {
        let mut name = temp.file_name().unwrap_or_default().to_os_string();
        name.push(".old");
        temp.with_file_name(name)
    }

    /// Writes the files below the new folder `root`, creating each folder once.
    fn fill(root: &Path, files: &[File]) -> Result<(), WriteDirError> {
        let mut made: HashSet<&str> = HashSet::new();
        for file in files {
            let plain = !file.path.is_empty()
                && Path::new(&file.path)
                    .components()
                    .all(|c| matches!(c, Component::Normal(_)));
            if !plain {
                return Err(WriteDirError::BadPath(file.path.clone()));
            }
            for (i, _) in file.path.match_indices('/') {
                let folder = &file.path[..i];
                if made.insert(folder) {
                    let path = root.join(folder);
                    fs::create_dir(&path).map_err(io_error("create the folder", &path))?;
                }
            }
            let path = root.join(&file.path);
            write_new(&path, file).map_err(io_error("write", &path))?;
        }
        Ok(())
    }

    /// Creates the file (never an existing one, never through a link) with its exact mode.
    fn write_new(path: &Path, file: &File) -> io::Result<()> {
        let mut options = fs::OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        let mode = if file.is_executable() { 0o755 } else { 0o644 };
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            options.mode(mode);
        }
        let mut out = options.open(path)?;
        out.write_all(file.contents.as_bytes())?;
        // The umask may have taken bits away; the bundle's modes are part of its contract.
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            out.set_permissions(fs::Permissions::from_mode(mode))?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::check;
    use crate::plan::{read_plan, EXAMPLES};

    #[test]
    fn file_names_follow_the_plan_name() {
        let mut plan = Plan::empty();
        plan.name = "DC1 dual-stack".to_string();
        assert_eq!(plan_file_name(&plan), "dc1-dual-stack.json");
        assert_eq!(zip_name(&plan), "fabric-dc1-dual-stack.zip");
        assert_eq!(change_zip_name(&plan), "change-dc1-dual-stack.zip");
        plan.name = String::new();
        assert_eq!(plan_file_name(&plan), "fabric.json");
    }

    #[test]
    fn plan_json_joins_the_rendered_files_in_its_sorted_place() {
        for (name, text) in EXAMPLES {
            let plan = read_plan(text).unwrap();
            let Some(fabric) = check(&plan).fabric else {
                continue;
            };
            let secrets = Secrets::default();
            let all = files(&plan, &fabric, &secrets).unwrap();
            let listed: Vec<String> = all.iter().map(|f| f.path.clone()).collect();
            assert_eq!(paths(&fabric), listed, "{name}");
            assert!(listed.windows(2).all(|w| w[0] < w[1]), "{name}");
            let rendered = render::render(&fabric, &secrets).unwrap();
            assert_eq!(all.len(), rendered.len() + 1, "{name}");
            for f in &all {
                assert_eq!(
                    file(&plan, &fabric, &secrets, &f.path),
                    Some(Ok(f.clone())),
                    "{name}"
                );
                if f.path == PLAN_JSON {
                    assert_eq!(f.contents, plan.to_json(), "{name}");
                } else {
                    assert!(rendered.contains(f), "{name}: {}", f.path);
                }
            }
            assert_eq!(file(&plan, &fabric, &secrets, "nodes/nope/frr.conf"), None);
        }
    }
}
