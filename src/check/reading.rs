//! Reading a plan file before checking it: the findings of reading (`plan-unreadable`,
//! `version-unsupported`, `field-unknown`) in the same form as the checks' own.

use super::words::{one_line, quote};
use super::{check, Code, Diagnostic, Report};
use crate::plan::{Place, Plan};

/// Reads and checks a plan file: the report, with a `field-unknown` warning for every field the
/// format does not know; or, for a file that cannot be read, its one diagnostic.
pub fn check_text(text: &str) -> Result<Report, Diagnostic> {
    read_and_check(text).map(|(_, report)| report)
}

/// [`check_text`], keeping the plan that was read (for a bundle's plan.json).
pub fn read_and_check(text: &str) -> Result<(Plan, Report), Diagnostic> {
    let (plan, unknown) =
        crate::plan::read_plan_noting_unknown(text).map_err(|e| read_error_diagnostic(&e))?;
    let mut report = check(&plan);
    let mut diagnostics: Vec<Diagnostic> = unknown.iter().map(unknown_field).collect();
    diagnostics.append(&mut report.diagnostics);
    // Stable: the reading warnings stay first among the warnings.
    diagnostics.sort_by_key(|d| d.severity);
    report.diagnostics = diagnostics;
    Ok((plan, report))
}

/// The warning for a field that plan format v1 does not know.
pub fn unknown_field(place: &Place) -> Diagnostic {
    // The key as it appears in the pointer, escaped: what the user finds in the path.
    let pointer = place.to_string();
    let key = pointer.rsplit('/').next().unwrap_or(&pointer);
    Diagnostic::new(
        Code::FieldUnknown,
        place.clone(),
        format!(
            "{} is not a field of plan format v1 here; it is ignored",
            quote(key)
        ),
        "Check its spelling against docs/plan-format.md; saving the plan drops it.",
    )
}

/// The diagnostic for a plan file that could not be read: `plan-unreadable` or
/// `version-unsupported`.
pub fn read_error_diagnostic(error: &crate::plan::ReadError) -> Diagnostic {
    use crate::plan::ReadError;
    match error {
        // The path is the diagnostic's own field; the message carries the position.
        ReadError::Unreadable {
            message,
            line,
            column,
            path,
        } => Diagnostic::new(
            Code::PlanUnreadable,
            path.clone(),
            format!(
                "the plan cannot be read: {} (line {line}, column {column})",
                one_line(message)
            ),
            "Fix the JSON at that line and column (docs/plan-format.md shows every field); the plan was not changed.",
        ),
        ReadError::VersionUnsupported { .. } => Diagnostic::new(
            Code::VersionUnsupported,
            Place::Version,
            error.to_string(),
            "Set \"version\" to 1 and check the plan against docs/plan-format.md.",
        ),
    }
}
