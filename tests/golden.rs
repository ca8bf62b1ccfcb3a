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
