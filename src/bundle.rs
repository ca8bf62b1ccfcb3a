//! The bundle as a zip archive (browser and command line) or a folder (command line), byte for
//! byte the same for the same plan: fixed timestamps, sorted entries, fixed permissions.

use crate::model::{file_slug, Fabric};
use crate::render::File;
use std::io::{Cursor, Write};
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipWriter};

/// The zip file name for a fabric: `fabric-<plan name as a slug>.zip`.
pub fn zip_name(fabric: &Fabric) -> String {
    format!("fabric-{}.zip", file_slug(&fabric.plan.name))
}

/// Packs the files into a zip archive. Writing into memory cannot fail for I/O reasons; an
/// error here would be a bug in the zip writer, and is returned rather than hidden.
pub fn zip(files: &[File]) -> Result<Vec<u8>, zip::result::ZipError> {
    let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
    for file in files {
        let options = SimpleFileOptions::default()
            .compression_method(CompressionMethod::Deflated)
            .last_modified_time(DateTime::default())
            .unix_permissions(if file.is_executable() { 0o755 } else { 0o644 });
        zip.start_file(file.path.as_str(), options)?;
        zip.write_all(file.contents.as_bytes())?;
    }
    Ok(zip.finish()?.into_inner())
}

/// Writes the files below `dir`, creating folders as needed; scripts are made executable.
#[cfg(not(target_arch = "wasm32"))]
pub fn write_dir(files: &[File], dir: &std::path::Path) -> std::io::Result<()> {
    for file in files {
        let path = dir.join(&file.path);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(&path, &file.contents)?;
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = if file.is_executable() { 0o755 } else { 0o644 };
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(mode))?;
        }
    }
    Ok(())
}
