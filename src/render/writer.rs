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
    /// user text that reaches a writer passed a validated type, and this assertion guards that.
    pub fn line(&mut self, text: impl AsRef<str>) {
        let text = text.as_ref();
        debug_assert!(
            !text.contains(['\n', '\r']),
            "a generated line must not contain a line break: {text:?}"
        );
        if !text.is_empty() {
            for _ in 0..self.depth {
                self.out.push_str(self.unit);
            }
            self.out.push_str(text);
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
        debug_assert!(
            !self.out[body..].contains(['\n', '\r']),
            "a generated line must not contain a line break: {:?}",
            &self.out[body..]
        );
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
}
