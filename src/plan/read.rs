//! Reading a plan file: JSON text to [`Plan`], with errors that say where the problem is.

use super::{Plan, PLAN_VERSION};
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
        /// JSON Pointer of the bad field; "" for the file as a whole.
        path: String,
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
                if !path.is_empty() {
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
pub fn read_plan_noting_unknown(text: &str) -> Result<(Plan, Vec<String>), ReadError> {
    // One pass on the text itself, so that errors keep their line and column, with the path of
    // the field that serde was reading when it failed.
    let mut unknown = Vec::new();
    let mut de = serde_json::Deserializer::from_str(text);
    let mut note = |path: serde_ignored::Path| unknown.push(ignored_pointer(&path));
    let noting = serde_ignored::Deserializer::new(&mut de, &mut note);
    let typed = serde_path_to_error::deserialize::<_, Plan>(noting)
        .map_err(|e| (pointer(e.path()), e.into_inner()));
    // Trailing characters after the object are an error too, as in serde_json::from_str.
    let typed = typed.and_then(|plan| de.end().map(|_| plan).map_err(|e| (String::new(), e)));
    match typed {
        Ok(plan) if plan.version == PLAN_VERSION => Ok((plan, unknown)),
        Ok(plan) => Err(ReadError::VersionUnsupported {
            found: plan.version.to_string(),
        }),
        // The version decides before the shape: a future v2 file must be refused as such, not
        // as a type error, so look at it before reporting the shape error.
        Err((path, e)) => Err(version_error(text).unwrap_or_else(|| unreadable(&e, &path))),
    }
}

/// Converts serde_ignored's path into an RFC 6901 JSON Pointer.
fn ignored_pointer(path: &serde_ignored::Path) -> String {
    use serde_ignored::Path;
    match path {
        Path::Root => String::new(),
        Path::Seq { parent, index } => format!("{}/{index}", ignored_pointer(parent)),
        Path::Map { parent, key } => format!("{}/{}", ignored_pointer(parent), escape_pointer(key)),
        Path::Some { parent }
        | Path::NewtypeStruct { parent }
        | Path::NewtypeVariant { parent } => ignored_pointer(parent),
    }
}

/// For text that did not read as a plan: the reason when it is JSON but not an object, or an
/// object whose `version` is missing or not 1.
fn version_error(text: &str) -> Option<ReadError> {
    let value: serde_json::Value = serde_json::from_str(text).ok()?;
    let Some(object) = value.as_object() else {
        return Some(ReadError::Unreadable {
            message: "a plan must be a JSON object".to_string(),
            line: 1,
            column: 1,
            path: String::new(),
        });
    };
    match object.get("version") {
        Some(v) if v.as_u64() == Some(PLAN_VERSION) => None,
        Some(v) => Some(ReadError::VersionUnsupported {
            found: short(&v.to_string()),
        }),
        None => Some(ReadError::VersionUnsupported {
            found: "(missing)".to_string(),
        }),
    }
}

fn unreadable(e: &serde_json::Error, path: &str) -> ReadError {
    // serde_json appends " at line L column C" to its messages; keep the position as numbers.
    let full = e.to_string();
    let message = match full.rfind(" at line ") {
        Some(i) if e.line() > 0 => full[..i].to_string(),
        _ => full,
    };
    ReadError::Unreadable {
        message,
        line: e.line(),
        column: e.column(),
        path: path.to_string(),
    }
}

/// Converts serde_path_to_error's path into an RFC 6901 JSON Pointer.
fn pointer(path: &serde_path_to_error::Path) -> String {
    let mut out = String::new();
    for segment in path.iter() {
        match segment {
            Segment::Seq { index } => {
                out.push('/');
                out.push_str(&index.to_string());
            }
            Segment::Map { key } => {
                out.push('/');
                out.push_str(&escape_pointer(key));
            }
            Segment::Enum { variant } => {
                out.push('/');
                out.push_str(&escape_pointer(variant));
            }
            Segment::Unknown => {}
        }
    }
    out
}

/// Escapes one JSON Pointer reference token (RFC 6901 section 3).
pub fn escape_pointer(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
}

/// Keeps a quoted value short enough for a one-line message.
fn short(s: &str) -> String {
    if s.chars().count() > 40 {
        let head: String = s.chars().take(40).collect();
        format!("{head}…")
    } else {
        s.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unreadable_at(text: &str) -> (String, usize, usize, String) {
        match read_plan(text) {
            Err(ReadError::Unreadable {
                message,
                line,
                column,
                path,
            }) => (message, line, column, path),
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

    #[test]
    fn unknown_fields_are_noted_with_their_paths() {
        let text = r#"{"version": 1, "asn": 65000, "comunity": "65000:1",
            "nodes": [{"name": "a", "virtualization": "kvm", "os": "almalinux-8", "rack": 7}]}"#;
        let (plan, unknown) = read_plan_noting_unknown(text).unwrap();
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
    fn pointer_escapes_tilde_and_slash() {
        assert_eq!(escape_pointer("a/b~c"), "a~1b~0c");
    }
}
