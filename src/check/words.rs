//! The wording of messages: user text quoted on one line, and "and N others" counts.

/// Quotes user text for a one-line message: bounded, with control characters escaped.
pub(super) fn quote(text: &str) -> String {
    let mut out: String = text.chars().take(60).flat_map(char::escape_debug).collect();
    if text.chars().count() > 60 {
        out.push('…');
    }
    format!("'{out}'")
}

/// " and N other ..." for a finding that names the first of several, or nothing; `what` is
/// the singular and the plural.
pub(super) fn others(n: usize, what: (&str, &str)) -> String {
    match n {
        0 => String::new(),
        1 => format!(" and 1 other {}", what.0),
        n => format!(" and {n} other {}", what.1),
    }
}

/// Escapes control characters of text that is not ours (serde echoes an unknown enum value as
/// it was typed, line breaks included), so a message stays on one line.
pub(super) fn one_line(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for ch in text.chars() {
        if ch.is_control() || matches!(ch, '\u{2028}' | '\u{2029}') {
            out.extend(ch.escape_debug());
        } else {
            out.push(ch);
        }
    }
    out
}
