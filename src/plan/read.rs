//! Reading a plan file: JSON text to [`Plan`], with errors that say where the problem is.

use super::{Place, Plan, PLAN_VERSION};
use serde_path_to_error::Segment;
use std::fmt;

/// Why a plan file could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReadError {
    /// Not JSON, not an object, or a field of the wrong type (`plan-unreadable`).
    Unreadable {
        /// What serde said, without its own " at line L column C" suffix.
        message: String,
        /// 1-based line and column of the problem; 0 when unknown.
        line: usize,
        column: usize,
        /// Where the bad field is; the plan for the file as a whole.
        path: Place,
    },
    /// The `version` field is missing or not 1 (`version-unsupported`).
    VersionUnsupported { found: String },
}

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ReadError::Unreadable {
                message,
                line,
                column,
                path,
            } => {
                write!(f, "{message}")?;
                if *path != Place::Plan {
                    write!(f, " at {path}")?;
                }
                if *line > 0 {
                    write!(f, " (line {line}, column {column})")?;
                }
                Ok(())
            }
            ReadError::VersionUnsupported { found } => {
                write!(
                    f,
                    "plan version {found} is not supported; this tool reads version {PLAN_VERSION}"
                )
            }
        }
    }
}

/// Reads a plan file. Only the shape is checked here; `check` finds every other problem.
pub fn read_plan(text: &str) -> Result<Plan, ReadError> {
    read_plan_noting_unknown(text).map(|(plan, _)| plan)
}

/// Reads a plan file and also returns the JSON Pointers of fields that format v1 does not know
/// (a misspelt `"comunity"`, a field of a later version). They are ignored, so whoever reads the
/// file must be told: saving the plan again would drop them.
pub fn read_plan_noting_unknown(text: &str) -> Result<(Plan, Vec<Place>), ReadError> {
    // Editors on Windows start UTF-8 files with a byte-order mark; it is not part of the JSON.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.trim_matches([' ', '\t', '\n', '\r']).is_empty() {
        return Err(ReadError::Unreadable {
            message: "the file is empty".to_string(),
            line: 1,
            column: 1,
            path: Place::Plan,
        });
    }
    // One pass on the text itself, so that errors keep their line and column, with the path of
    // the field that serde was reading when it failed.
    let mut de = serde_json::Deserializer::from_str(text);
    let typed = serde_path_to_error::deserialize::<_, Plan>(objects::Objects(&mut de))
        .map_err(|e| (place(e.path()), e.into_inner()));
    // Trailing characters after the object are an error too, as in serde_json::from_str.
    let typed = typed.and_then(|plan| de.end().map(|_| plan).map_err(|e| (Place::Plan, e)));
    match typed {
        Ok(plan) if plan.version == PLAN_VERSION => Ok((plan, unknown::fields(text))),
        Ok(plan) => Err(ReadError::VersionUnsupported {
            found: plan.version.to_string(),
        }),
        // The version decides before the shape: a future v2 file must be refused as such, not
        // as a type error, so look at it before reporting the shape error.
        Err((path, e)) => Err(version_error(text).unwrap_or_else(|| unreadable(&e, &path))),
    }
}

/// The fields of a plan file that format v1 does not have.
mod unknown;

/// For text that did not read as a plan: the reason when it is JSON but not an object, or an
/// object whose `version` is missing or not 1.
fn version_error(text: &str) -> Option<ReadError> {
    let value: serde_json::Value = serde_json::from_str(text).ok()?;
    let Some(object) = value.as_object() else {
        return Some(ReadError::Unreadable {
            message: "a plan must be a JSON object".to_string(),
            line: 1,
            column: 1,
            path: Place::Plan,
        });
    };
    match object.get("version") {
        Some(v) if v.as_u64() == Some(PLAN_VERSION) => None,
        Some(v) => Some(ReadError::VersionUnsupported {
            found: crate::text::one_line(&v.to_string(), 40),
        }),
        None => Some(ReadError::VersionUnsupported {
            found: "(missing)".to_string(),
        }),
    }
}

fn unreadable(e: &serde_json::Error, path: &Place) -> ReadError {
    // serde_json appends " at line L column C" to its messages; keep the position as numbers.
    let full = e.to_string();
    let message = match full.rfind(" at line ") {
        Some(i) if e.line() > 0 => full[..i].to_string(),
        _ => full,
    };
    ReadError::Unreadable {
        message,
        line: e.line(),
        // serde_json says column 0 at the start of a line (the end of a file that ends with a
        // line break); editors count from 1.
        column: if e.line() > 0 { e.column().max(1) } else { 0 },
        path: path.clone(),
    }
}

/// Refuses arrays where the plan has objects (see the module's own documentation).
mod objects;

/// The place of serde_path_to_error's path.
fn place(path: &serde_path_to_error::Path) -> Place {
    let tokens = path
        .iter()
        .filter_map(|segment| match segment {
            Segment::Seq { index } => Some(index.to_string()),
            Segment::Map { key } => Some(key.clone()),
            Segment::Enum { variant } => Some(variant.clone()),
            Segment::Unknown => None,
        })
        .collect();
    Place::from_tokens(tokens)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The message, line, column and the place as its pointer.
    fn unreadable_at(text: &str) -> (String, usize, usize, String) {
        match read_plan(text) {
            Err(ReadError::Unreadable {
                message,
                line,
                column,
                path,
            }) => (message, line, column, path.to_string()),
            other => panic!("expected unreadable, got {other:?}"),
        }
    }

    #[test]
    fn syntax_error_names_line_and_column() {
        let (message, line, column, path) =
            unreadable_at("{\n  \"version\": 1,\n  \"asn\": 65000,,\n}");
        assert_eq!((line, column, path.as_str()), (3, 16, ""));
        assert_eq!(message, "key must be a string");
    }

    #[test]
    fn wrong_type_names_the_field_path() {
        let text = r#"{"version": 1, "name": "x", "asn": 65000,
            "nodes": [{"name": "a", "virtualization": "kvm", "os": "almalinux-8"},
                      {"name": "b", "virtualization": "xen", "os": "almalinux-8"}]}"#;
        let (message, line, _, path) = unreadable_at(text);
        assert_eq!(path, "/nodes/1/virtualization");
        assert_eq!(line, 3);
        assert!(message.contains("unknown variant `xen`"), "{message}");
    }

    #[test]
    fn asn_as_string_is_a_type_error() {
        let (_, _, _, path) = unreadable_at(r#"{"version": 1, "asn": "65000"}"#);
        assert_eq!(path, "/asn");
    }

    #[test]
    fn version_other_than_one_is_unsupported() {
        assert_eq!(
            read_plan(r#"{"version": 2, "whatever": []}"#),
            Err(ReadError::VersionUnsupported {
                found: "2".to_string()
            })
        );
        assert!(matches!(
            read_plan(r#"{"asn": 1}"#),
            Err(ReadError::VersionUnsupported { .. })
        ));
    }

    /// The version as written in the file is echoed in the message: escaped and bounded, so a
    /// line or paragraph separator (or NEL) cannot break the message the page shows.
    #[test]
    fn an_odd_version_is_echoed_on_one_line() {
        for (version, shown) in [
            ("\\u2028", "\"\\u{2028}\""),
            ("\\u2029", "\"\\u{2029}\""),
            ("\\u0085", "\"\\u{85}\""),
            ("\\u202e1", "\"\\u{202e}1\""),
        ] {
            let text = format!(r#"{{"version": "{version}"}}"#);
            let Err(e) = read_plan(&text) else {
                panic!("{text} reads")
            };
            assert_eq!(
                e,
                ReadError::VersionUnsupported {
                    found: shown.to_string()
                }
            );
            assert!(
                !e.to_string().chars().any(crate::text::is_hidden_char),
                "{e}"
            );
        }
        let long = format!(r#"{{"version": "{}"}}"#, "9".repeat(500));
        let Err(ReadError::VersionUnsupported { found }) = read_plan(&long) else {
            panic!("a long version reads")
        };
        assert_eq!(found.chars().count(), 41, "{found}");
    }

    #[test]
    fn unknown_fields_are_noted_with_their_paths() {
        let text = r#"{"version": 1, "asn": 65000, "comunity": "65000:1",
            "nodes": [{"name": "a", "virtualization": "kvm", "os": "almalinux-8", "rack": 7}]}"#;
        let (plan, unknown) = read_plan_noting_unknown(text).unwrap();
        let unknown: Vec<String> = unknown.iter().map(Place::to_string).collect();
        assert_eq!(unknown, ["/comunity", "/nodes/0/rack"]);
        assert_eq!(plan.community, None);
        assert!(read_plan_noting_unknown(crate::plan::EXAMPLES[0].1)
            .unwrap()
            .1
            .is_empty());
    }

    #[test]
    fn trailing_text_is_unreadable() {
        let (message, line, ..) = unreadable_at("{\"version\": 1, \"asn\": 1}\n}");
        assert_eq!((message.as_str(), line), ("trailing characters", 2));
    }

    #[test]
    fn future_version_wins_over_shape_errors() {
        assert_eq!(
            read_plan(r#"{"version": 2, "asn": "x"}"#),
            Err(ReadError::VersionUnsupported {
                found: "2".to_string()
            })
        );
    }

    #[test]
    fn non_object_is_unreadable() {
        let (message, ..) = unreadable_at("[1, 2]");
        assert_eq!(message, "a plan must be a JSON object");
    }

    #[test]
    fn examples_read_and_round_trip() {
        for (name, text) in super::super::EXAMPLES {
            let plan = read_plan(text).unwrap_or_else(|e| panic!("{name}: {e}"));
            let again = read_plan(&plan.to_json()).expect("own output reads back");
            assert_eq!(plan, again, "{name}");
        }
    }

    #[test]
    fn an_array_is_never_an_object() {
        let (message, line, column, path) = unreadable_at(
            "{\"version\": 1, \"asn\": 65000,\n \"gateway\": [\"10.0.0.1\", \"fd00::1\"]}",
        );
        assert_eq!(path, "/gateway");
        assert_eq!(message, "invalid type: sequence, expected an object");
        assert_eq!((line, column), (2, 12));
        let (message, _, _, path) = unreadable_at(
            r#"{"version": 1, "asn": 65000, "nodes": [["kvm1", "kvm", "almalinux-8"]]}"#,
        );
        assert_eq!(
            (message.as_str(), path.as_str()),
            ("invalid type: sequence, expected an object", "/nodes/0")
        );
        let (_, _, _, path) = unreadable_at(r#"{"version": 1, "asn": 65000, "protection": [9]}"#);
        assert_eq!(path, "/protection");
        let (message, _, _, path) = unreadable_at(r#"[1, "x", 65000]"#);
        assert_eq!(
            (message.as_str(), path.as_str()),
            ("a plan must be a JSON object", "")
        );
        // Other shape errors keep serde's own wording.
        let (message, ..) = unreadable_at(r#"{"version": 1, "asn": 65000, "gateway": "10.0.0.1"}"#);
        assert_eq!(
            message,
            "invalid type: string \"10.0.0.1\", expected an object"
        );
        let (message, ..) = unreadable_at(r#"{"version": 1, "asn": 65000, "pools": {}}"#);
        assert_eq!(message, "invalid type: map, expected a sequence");
    }

    #[test]
    fn a_byte_order_mark_is_not_part_of_the_plan() {
        let text = crate::plan::EXAMPLES[0].1;
        assert_eq!(read_plan(&format!("\u{feff}{text}")), read_plan(text));
        // Positions are those of the text after the mark, as editors show them.
        let (_, line, column, _) = unreadable_at("\u{feff}{\"version\": 1,,}");
        assert_eq!((line, column), (1, 15));
    }

    #[test]
    fn an_empty_file_says_so_at_line_1_column_1() {
        for text in ["", "\u{feff}", " \n\t\r\n"] {
            let (message, line, column, path) = unreadable_at(text);
            assert_eq!(
                (message.as_str(), line, column, path.as_str()),
                ("the file is empty", 1, 1, "")
            );
        }
        let (_, line, column, _) = unreadable_at("{\n");
        assert_eq!((line, column), (2, 1));
    }

    #[test]
    fn unknown_keys_are_escaped_in_their_pointer() {
        let text = r#"{"version": 1, "asn": 65000, "a/b~c": {"d/": 1}}"#;
        let (_, unknown) = read_plan_noting_unknown(text).unwrap();
        assert_eq!(unknown.len(), 1);
        assert_eq!(unknown[0].to_string(), "/a~1b~0c");
        assert_eq!(unknown[0], Place::Other(vec!["a/b~c".into()]));
    }
}
