//! Golden files: every rendered file of every valid example plan, pinned byte for byte.
//! A change to a renderer shows up in review as a diff of real FRR, Junos, shell and Markdown
//! lines under tests/snapshots/.

mod common;

use common::{example, files, VALID};

#[test]
fn every_file_of_every_valid_example() {
    for name in VALID {
        let files = files(&example(name));
        let listing: Vec<&str> = files.iter().map(|f| f.path.as_str()).collect();
        insta::assert_snapshot!(format!("{name}__files"), listing.join("\n"));
        for file in &files {
            let snapshot = format!("{name}__{}", file.path.replace('/', "__"));
            insta::assert_snapshot!(snapshot, &file.contents);
        }
    }
}

/// With TCP-MD5 the password reaches both ends of the reflector <-> core sessions: pinned for a
/// Junos and an FRR core (the test password of tests/common).
#[test]
fn md5_session_configs() {
    for name in ["md5-timers-drop-excess", "md5-frr-core-default-timers"] {
        let (_, plan) = common::variations()
            .into_iter()
            .find(|(n, _)| n == name)
            .expect("a variation");
        for file in files(&plan) {
            if file.path.starts_with("core/") || file.path.ends_with("rr1/frr.conf") {
                let snapshot = format!("{name}__{}", file.path.replace('/', "__"));
                insta::assert_snapshot!(snapshot, &file.contents);
            }
        }
    }
}
