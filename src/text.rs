//! Text from a plan file or a link that is shown to people or written into a file: which
//! characters can make a reader see something other than what is there, and how such text is
//! written safely (escaped for a terminal, `\u` escapes in JSON, dropped from comments).

use serde::Serialize;
use std::borrow::Cow;
use std::io::{self, Write};

/// Characters that show nothing but change how text around them is shown or read: Unicode's
/// format characters (bidi overrides and isolates, zero-width spaces and joiners, the
/// byte-order mark, tags), variation selectors and the blank fillers. In a comment they would
/// make a reviewer read something other than what is there.
pub fn is_invisible(c: char) -> bool {
    matches!(c,
        '\u{00AD}' | '\u{034F}' | '\u{061C}' | '\u{115F}' | '\u{1160}' | '\u{17B4}' | '\u{17B5}'
        | '\u{180B}'..='\u{180F}' | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}'
        | '\u{2060}'..='\u{206F}' | '\u{2800}' | '\u{3164}' | '\u{FE00}'..='\u{FE0F}'
        | '\u{FEFF}' | '\u{FFA0}' | '\u{FFF0}'..='\u{FFFB}' | '\u{0600}'..='\u{0605}'
        | '\u{06DD}' | '\u{070F}' | '\u{0890}' | '\u{0891}' | '\u{08E2}' | '\u{110BD}' | '\u{110CD}'
        | '\u{13430}'..='\u{1343F}' | '\u{1BCA0}'..='\u{1BCA3}' | '\u{1D173}'..='\u{1D17A}'
        | '\u{E0000}'..='\u{E0FFF}')
}

/// Text for markup (HTML or SVG): a text node or a double-quoted attribute value. The five
/// characters with a meaning there become references (`&#39;` for the apostrophe, which HTML
/// and XML both read), so nothing from a plan can become markup.
pub fn markup_escape(text: &str) -> Cow<'_, str> {
    if !text.contains(['&', '<', '>', '"', '\'']) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for ch in text.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            ch => out.push(ch),
        }
    }
    Cow::Owned(out)
}

/// Whether a character must not reach a terminal, a log or a reviewer's eyes as it is: control
/// characters (C0, DEL and C1, such as ESC and NEL), the line and paragraph separators U+2028
/// and U+2029, and the [invisible](is_invisible) ones, among them the bidi marks, embeddings,
/// overrides and isolates that reorder what a reader sees.
pub fn is_hidden_char(ch: char) -> bool {
    ch.is_control() || matches!(ch, '\u{2028}' | '\u{2029}') || is_invisible(ch)
}

/// The most characters of one piece of user text a message quotes.
pub const QUOTE_CHARS: usize = 60;

/// User text quoted for a one-line message (a diagnostic, a notice): in single quotes, at most
/// [`QUOTE_CHARS`] characters and then "…", every [hidden](is_hidden_char) character escaped
/// (`\n`, `\u{2028}`, `\u{202e}`) and so are the quotes and the backslash, so the message stays
/// one line, reads as what is there and shows where the quoted text ends.
pub fn quote(text: &str) -> String {
    let mut out = String::with_capacity(text.len().min(4 * QUOTE_CHARS) + 2);
    out.push('\'');
    push_escaped(&mut out, text, QUOTE_CHARS);
    out.push('\'');
    out
}

/// Text that is not ours inside a message without quotes (serde's words, which echo a value
/// as typed; a JSON value as written): every hidden character escaped, at most `max`
/// characters and then "…".
pub fn one_line(text: &str, max: usize) -> String {
    let mut out = String::with_capacity(text.len().min(4 * max));
    for (n, ch) in text.chars().enumerate() {
        if n == max {
            out.push('…');
            break;
        }
        push_hidden_escaped(&mut out, ch);
    }
    out
}

/// `text`'s first `max` characters, each through `char::escape_debug` (quotes and backslash
/// escaped) unless hidden, and "…" when cut.
fn push_escaped(out: &mut String, text: &str, max: usize) {
    for (n, ch) in text.chars().enumerate() {
        if n == max {
            out.push('…');
            return;
        }
        if is_hidden_char(ch) {
            push_hidden_escaped(out, ch);
        } else {
            out.extend(ch.escape_debug());
        }
    }
}

/// A hidden character as an escape (`\n`, `\r`, `\t`, else `\u{202e}`); any other as it is.
fn push_hidden_escaped(out: &mut String, ch: char) {
    match ch {
        '\n' => out.push_str("\\n"),
        '\r' => out.push_str("\\r"),
        '\t' => out.push_str("\\t"),
        ch if is_hidden_char(ch) => out.extend(ch.escape_unicode()),
        ch => out.push(ch),
    }
}

/// Text for a terminal: every [hidden](is_hidden_char) character written as an escape (`\n`,
/// `\r`, `\t`, else `\u{202e}`), everything else as it is. Text without such characters comes
/// back unchanged and unallocated.
pub fn terminal_safe(text: &str) -> Cow<'_, str> {
    if text.bytes().all(|b| (b' '..=b'~').contains(&b)) || !text.chars().any(is_hidden_char) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    for ch in text.chars() {
        push_hidden_escaped(&mut out, ch);
    }
    Cow::Owned(out)
}

/// Pretty JSON in which every [hidden](is_hidden_char) character of a string is a `\uXXXX`
/// escape. serde_json escapes the C0 controls itself; the others (DEL, C1, U+2028, bidi
/// overrides...) would otherwise be written as they are. The value reads back the same, and
/// the text is safe to `cat` or to review: what is shown is what is there.
pub fn json_pretty<T: Serialize + ?Sized>(value: &T) -> String {
    let mut out = Vec::new();
    let mut ser = serde_json::Serializer::with_formatter(&mut out, SafeJson::default());
    // Serialising plain data into memory cannot fail: no maps with non-string keys, no I/O.
    let _ = value.serialize(&mut ser);
    String::from_utf8(out).unwrap_or_default()
}

/// serde_json's pretty layout (two spaces per level, `": "` between key and value), written
/// with one write per line break and indentation rather than one per level: plan.json is the
/// largest file of a bundle.
#[derive(Default)]
struct SafeJson {
    depth: usize,
    /// Whether the innermost open array or object has a value yet (`[]` and `{}` stay empty).
    has_value: bool,
}

/// Enough spaces for the plan's deepest nesting in one slice; deeper levels take more writes.
const INDENT: &[u8] = b"\n                                ";

impl SafeJson {
    fn line_break<W: ?Sized + Write>(&self, w: &mut W) -> io::Result<()> {
        let mut spaces = 2 * self.depth;
        // The line break and the spaces INDENT holds after it in one write, the rest a slice of
        // those spaces at a time (n is at most the spaces INDENT holds: the ranges are in it).
        let first = spaces.min(INDENT.len() - 1);
        w.write_all(INDENT.get(..1 + first).unwrap_or_default())?;
        spaces -= first;
        while spaces > 0 {
            let n = spaces.min(INDENT.len() - 1);
            w.write_all(INDENT.get(1..1 + n).unwrap_or_default())?;
            spaces -= n;
        }
        Ok(())
    }

    fn open<W: ?Sized + Write>(&mut self, w: &mut W, bracket: &[u8]) -> io::Result<()> {
        self.depth += 1;
        self.has_value = false;
        w.write_all(bracket)
    }

    fn close<W: ?Sized + Write>(&mut self, w: &mut W, bracket: &[u8]) -> io::Result<()> {
        self.depth -= 1;
        if self.has_value {
            self.line_break(w)?;
        }
        w.write_all(bracket)
    }

    fn item<W: ?Sized + Write>(&mut self, w: &mut W, first: bool) -> io::Result<()> {
        if !first {
            w.write_all(b",")?;
        }
        self.line_break(w)
    }
}

impl serde_json::ser::Formatter for SafeJson {
    fn begin_array<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.open(w, b"[")
    }

    fn end_array<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.close(w, b"]")
    }

    fn begin_array_value<W: ?Sized + Write>(&mut self, w: &mut W, first: bool) -> io::Result<()> {
        self.item(w, first)
    }

    fn end_array_value<W: ?Sized + Write>(&mut self, _w: &mut W) -> io::Result<()> {
        self.has_value = true;
        Ok(())
    }

    fn begin_object<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.open(w, b"{")
    }

    fn end_object<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.close(w, b"}")
    }

    fn begin_object_key<W: ?Sized + Write>(&mut self, w: &mut W, first: bool) -> io::Result<()> {
        self.item(w, first)
    }

    fn begin_object_value<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        w.write_all(b": ")
    }

    fn end_object_value<W: ?Sized + Write>(&mut self, _w: &mut W) -> io::Result<()> {
        self.has_value = true;
        Ok(())
    }

    fn write_string_fragment<W: ?Sized + Write>(
        &mut self,
        w: &mut W,
        fragment: &str,
    ) -> io::Result<()> {
        // Printable ASCII, nearly all of a plan, holds no hidden character: write it at once.
        if fragment.bytes().all(|b| (b' '..=b'~').contains(&b)) {
            return w.write_all(fragment.as_bytes());
        }
        // Each piece ends with the hidden character that ends it, but the last may have none.
        for piece in fragment.split_inclusive(is_hidden_char) {
            let mut chars = piece.chars();
            match chars.next_back() {
                Some(ch) if is_hidden_char(ch) => {
                    w.write_all(chars.as_str().as_bytes())?;
                    for unit in ch.encode_utf16(&mut [0; 2]) {
                        write!(w, "\\u{unit:04x}")?;
                    }
                }
                _ => w.write_all(piece.as_bytes())?,
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_escapes_hidden_characters_and_reads_back_the_same() {
        let value = vec![
            "DC1\u{202e} live\u{200b}\u{feff}".to_string(),
            "ü ok".to_string(),
        ];
        let text = json_pretty(&value);
        assert_eq!(
            text,
            "[\n  \"DC1\\u202e live\\u200b\\ufeff\",\n  \"ü ok\"\n]"
        );
        let back: Vec<String> = serde_json::from_str(&text).unwrap();
        assert_eq!(back, value);
        // Without hidden characters it is serde_json's own pretty output.
        let plain = vec!["a", "b"];
        assert_eq!(
            json_pretty(&plain),
            serde_json::to_string_pretty(&plain).unwrap()
        );
        // The layout is serde_json's: empty and nested arrays and objects, and nesting deeper
        // than one write of indentation covers.
        let mut deep = serde_json::json!({"leaf": [1, {}, [], {"k": [[], [null]]}]});
        for level in 0..40 {
            deep = serde_json::json!({"level": level, "inner": [deep, {"x": []}], "e": {}});
        }
        let example = include_str!("../examples/dc1-dual-stack.json");
        let example: serde_json::Value = serde_json::from_str(example).unwrap();
        for value in [deep, example, serde_json::json!([]), serde_json::json!({})] {
            assert_eq!(
                json_pretty(&value),
                serde_json::to_string_pretty(&value).unwrap()
            );
        }
    }
}
