//! The wording of messages: user text quoted on one line, and "and N others" counts.

/// User text in a message goes through the one quoting, which escapes and shortens.
pub(super) use crate::text::quote;

/// " and N other ..." for a finding that names the first of several, or nothing; `what` is
/// the singular and the plural.
pub(super) fn others(n: usize, what: (&str, &str)) -> String {
    match n {
        0 => String::new(),
        1 => format!(" and 1 other {}", what.0),
        n => format!(" and {n} other {}", what.1),
    }
}

/// Text that is not ours (serde echoes an unknown enum value as it was typed, line breaks
/// included) on one line: hidden characters escaped, bounded.
pub(super) fn one_line(text: &str) -> String {
    crate::text::one_line(text, 4 * crate::text::QUOTE_CHARS)
}
