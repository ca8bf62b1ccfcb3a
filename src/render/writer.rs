//! A small text writer that owns indentation and closes its own blocks, so every generated file
//! has exact, reviewable white space and ends in exactly one newline.

/// Builds one generated file, line by line.
#[derive(Debug)]
pub struct Writer {
    out: String,
    depth: usize,
    unit: &'static str,
}

impl Writer {
    /// `unit` is one level of indentation: one space for FRR (as FRR writes its own
    /// configuration), two for shell scripts.
    pub fn new(unit: &'static str) -> Writer {
        Writer {
            out: String::new(),
            depth: 0,
            unit,
        }
    }

    /// Writes one line at the current depth. A line never contains a line break: every piece of
    /// user text that reaches a writer passed a validated type, and every line is checked
    /// for one (see `one_line`).
    pub fn line(&mut self, text: impl AsRef<str>) {
        let text = text.as_ref();
        if !text.is_empty() {
            for _ in 0..self.depth {
                self.out.push_str(self.unit);
            }
            let body = self.out.len();
            self.out.push_str(text);
            one_line(&mut self.out, body);
        }
        self.out.push('\n');
    }

    /// Writes one line made of `parts`, at the current depth: [`Writer::line`] without
    /// formatting, for the bundle's longest tables (thousands of VM rows).
    pub fn line_parts(&mut self, parts: &[&str]) {
        let start = self.out.len();
        for _ in 0..self.depth {
            self.out.push_str(self.unit);
        }
        let body = self.out.len();
        for part in parts {
            self.out.push_str(part);
        }
        one_line(&mut self.out, body);
        if self.out.len() == body {
            self.out.truncate(start);
        }
        self.out.push('\n');
    }

    /// Writes one formatted line at the current depth, formatting straight into the file
    /// rather than through a `String` per line (most of a bundle is such lines). Same rules
    /// as [`Writer::line`]: an empty line gets no indentation, and no line break may appear.
    pub fn line_args(&mut self, args: std::fmt::Arguments) {
        if let Some(text) = args.as_str() {
            self.line(text);
            return;
        }
        let start = self.out.len();
        for _ in 0..self.depth {
            self.out.push_str(self.unit);
        }
        let body = self.out.len();
        // Writing into a String cannot fail.
        let _ = std::fmt::Write::write_fmt(&mut self.out, args);
        one_line(&mut self.out, body);
        if self.out.len() == body {
            self.out.truncate(start);
        }
        self.out.push('\n');
    }

    /// Writes an empty line.
    pub fn blank(&mut self) {
        self.out.push('\n');
    }

    /// Writes several lines at the current depth.
    pub fn lines<I, S>(&mut self, lines: I)
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        for l in lines {
            self.line(l);
        }
    }

    /// Writes `header`, the body one level deeper, then `closer` at the header's depth.
    pub fn block(&mut self, header: impl AsRef<str>, closer: &str, body: impl FnOnce(&mut Writer)) {
        self.line(header);
        self.depth += 1;
        body(self);
        self.depth -= 1;
        self.line(closer);
    }

    /// Writes the body one level deeper, without a header or closer of its own.
    pub fn indent(&mut self, body: impl FnOnce(&mut Writer)) {
        self.depth += 1;
        body(self);
        self.depth -= 1;
    }

    /// Writes raw text that is already a sequence of complete lines (a heredoc body, for
    /// example) without indenting it.
    pub fn verbatim(&mut self, text: &str) {
        self.out.push_str(text);
        if !text.is_empty() && !text.ends_with('\n') {
            self.out.push('\n');
        }
    }

    /// The text, with exactly one trailing newline.
    pub fn finish(self) -> String {
        let mut out = self.out;
        while out.ends_with("\n\n") {
            out.pop();
        }
        if !out.ends_with('\n') {
            out.push('\n');
        }
        out
    }
}

/// The guard of every line: `out[body..]`, the line just written, must hold no line break. One
/// that does is a bug (a piece of text that bypassed its validated type), so debug and test
/// builds stop there; a release build, the web app's included, must not panic in front of a
/// user, and must never let the text start a line of its own (`router bgp 1` in a comment's
/// place): there each line break becomes a space, and the line stays one line.
fn one_line(out: &mut String, body: usize) {
    // memchr scans a word at a time: this runs for every line of every file.
    // (body is where the line began, so within out.)
    let line = out.as_bytes().get(body..).unwrap_or_default();
    if memchr::memchr2(b'\n', b'\r', line).is_none() {
        return;
    }
    debug_assert!(
        false,
        "a generated line must not contain a line break: {:?}",
        &out[body..]
    );
    neutralise_line_breaks(out, body);
}

/// Replaces every line break in `out[body..]` by a space: what [`one_line`] does in a release
/// build.
fn neutralise_line_breaks(out: &mut String, body: usize) {
    let line = out[body..].replace(['\n', '\r'], " ");
    out.truncate(body);
    out.push_str(&line);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_indent_and_close() {
        let mut w = Writer::new(" ");
        w.block("router bgp 65000", "exit", |w| {
            w.line("no bgp default ipv4-unicast");
            w.block("address-family ipv4 unicast", "exit-address-family", |w| {
                w.line("neighbor 10.0.0.2 activate");
            });
        });
        w.blank();
        w.blank();
        assert_eq!(
            w.finish(),
            "router bgp 65000\n no bgp default ipv4-unicast\n address-family ipv4 unicast\n  neighbor 10.0.0.2 activate\n exit-address-family\nexit\n"
        );
    }

    #[test]
    fn formatted_lines_are_written_like_text_lines() {
        let mut a = Writer::new("  ");
        let mut b = Writer::new("  ");
        a.block("x", "end", |w| {
            w.line(format!("set {} {}", 1, "y"));
            w.line(String::new());
        });
        b.block("x", "end", |w| {
            w.line_args(format_args!("set {} {}", 1, "y"));
            w.line_args(format_args!("{}", ""));
        });
        assert_eq!(a.finish(), b.finish());
    }

    #[test]
    #[should_panic(expected = "line break")]
    #[cfg(debug_assertions)]
    fn refuses_line_breaks() {
        Writer::new(" ").line("hostname a\nrouter bgp 1");
    }

    #[test]
    #[should_panic(expected = "line break")]
    #[cfg(debug_assertions)]
    fn refuses_line_breaks_in_formatted_lines() {
        Writer::new(" ").line_args(format_args!("hostname {}", "a\r\nrouter bgp 1"));
    }

    /// What a release build does with a line break in a line: the line stays one line, the text
    /// before it (the depth's indentation, earlier lines) untouched.
    #[test]
    fn a_release_build_keeps_a_broken_line_on_one_line() {
        let mut out = "exit\n  ".to_string();
        let body = out.len();
        out.push_str("! plan \"a\nrouter bgp 1\r\n neighbor 6.6.6.6\"");
        neutralise_line_breaks(&mut out, body);
        assert_eq!(out, "exit\n  ! plan \"a router bgp 1   neighbor 6.6.6.6\"");
        let mut clean = "  hostname a".to_string();
        neutralise_line_breaks(&mut clean, 2);
        assert_eq!(clean, "  hostname a");
    }

    /// The whole writer in a release build (`cargo test --release`).
    #[test]
    #[cfg(not(debug_assertions))]
    fn release_builds_neutralise_line_breaks() {
        let mut w = Writer::new(" ");
        w.block("router bgp 1", "exit", |w| {
            w.line("a\nb");
            w.line_args(format_args!("c{}d", "\r\n"));
        });
        assert_eq!(w.finish(), "router bgp 1\n a b\n c  d\nexit\n");
    }
}
