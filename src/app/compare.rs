//! The compare view's report as HTML: the order of work, VMmanager's part, and per device that
//! changes its steps and the diff of each file. Built as text rather than as Leptos views: it is
//! static once computed, and as views it cost the page about 20 KB gzipped. Every piece of
//! text is escaped, so nothing from a plan can become markup.

use crate::diff::{Change, DeviceChange, FileChange, Status};
use crate::text::markup_escape as escape;

/// Lines of one file's diff shown; the change bundle has them all.
pub const DIFF_LINES: usize = 400;

/// "0 added, 7 changed, 0 removed, 0 unchanged".
pub fn summary(change: &Change) -> String {
    let count = |s: Status| change.devices.iter().filter(|d| d.status == s).count();
    format!(
        "{} added, {} changed, {} removed, {} unchanged",
        count(Status::Added),
        count(Status::Changed),
        count(Status::Removed),
        count(Status::Unchanged)
    )
}

/// A sentence written for CHANGE.md, for the page: escaped, its `code` spans as `<code>`.
fn sentence(text: &str) -> String {
    let mut out = String::new();
    for (i, part) in escape(text).split('`').enumerate() {
        if i % 2 == 1 {
            out.push_str("<code>");
            out.push_str(part);
            out.push_str("</code>");
        } else {
            out.push_str(part);
        }
    }
    out
}

/// A list of sentences; unnumbered, as the phases carry their own numbers.
fn list(out: &mut String, class: &str, items: &[String]) {
    out.push_str(&format!("<ul class=\"{class}\" data-testid=\"{class}\">"));
    for item in items {
        out.push_str(&format!("<li>{}</li>", sentence(item)));
    }
    out.push_str("</ul>");
}

/// The report of a change that is not empty.
pub fn change_html(change: &Change) -> String {
    let mut out = String::new();
    out.push_str("<h3>Order of work</h3>");
    list(&mut out, "compare-order", &change.order);
    if !change.vmmanager.is_empty() {
        out.push_str("<h3>VMmanager</h3>");
        list(&mut out, "compare-vmmanager", &change.vmmanager);
    }
    out.push_str("<h3>Devices that change</h3><ul class=\"compare-devices\">");
    for d in change
        .devices
        .iter()
        .filter(|d| d.status != Status::Unchanged)
    {
        device(&mut out, d);
    }
    out.push_str("</ul>");
    let unchanged = change.unchanged();
    if !unchanged.is_empty() {
        out.push_str(&format!(
            "<p class=\"muted small\">Unchanged: {}</p>",
            escape(&unchanged.join(", "))
        ));
    }
    if !change.files.is_empty() {
        out.push_str(&format!(
            "<details class=\"compare-files\"><summary>The plan's other files that change ({})</summary>",
            change.files.len()
        ));
        for f in &change.files {
            file(&mut out, f);
        }
        out.push_str("</details>");
    }
    out
}

fn device(out: &mut String, d: &DeviceChange) {
    let status = d.status.as_str();
    let name = escape(&d.device);
    out.push_str(&format!(
        "<li class=\"compare-device {status}\" data-testid=\"compare-device\" data-device=\"{name}\"><details><summary><span class=\"badge\" data-testid=\"compare-status\">{status}</span> <span class=\"path\">{name}</span>"
    ));
    if let Some(why) = &d.disruptive {
        out.push_str(&format!(
            " <span class=\"badge disruptive\" title=\"{}\">disruptive</span>",
            escape(why)
        ));
    }
    out.push_str("</summary>");
    list(out, "compare-steps", &d.steps);
    for f in &d.files {
        file(out, f);
    }
    out.push_str("</details></li>");
}

/// One file's unified diff; each line keeps its `+`, `-` or space, so a change does not rest
/// on colour alone.
fn file(out: &mut String, f: &FileChange) {
    let path = escape(&f.path);
    out.push_str(&format!(
        "<div class=\"compare-file\"><p class=\"path\">{path} ({})</p><pre class=\"diff-view\" tabindex=\"0\" aria-label=\"Changes of {path}\" data-testid=\"compare-diff\"><code>",
        f.status.as_str()
    ));
    for line in f.diff.lines().take(DIFF_LINES) {
        let class = if line.starts_with("+++") || line.starts_with("---") {
            "meta"
        } else if line.starts_with('+') {
            "add"
        } else if line.starts_with('-') {
            "del"
        } else if line.starts_with("@@") {
            "hunk"
        } else {
            "same"
        };
        out.push_str(&format!(
            "<span class=\"{class}\">{}\n</span>",
            escape(line)
        ));
    }
    out.push_str("</code></pre>");
    let more = f.diff.lines().count().saturating_sub(DIFF_LINES);
    if more > 0 {
        out.push_str(&format!(
            "<p class=\"muted small\">{more} more lines: download the change bundle to see them all.</p>"
        ));
    }
    out.push_str("</div>");
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diff::{Role, Work};

    #[test]
    fn plan_text_never_becomes_markup() {
        let hostile = "<img src=x onerror=alert(1)> & \"quoted\" 'single'";
        let change = Change {
            devices: vec![DeviceChange {
                device: format!("nodes/{hostile}"),
                role: Role::Node,
                status: Status::Changed,
                files: vec![FileChange {
                    path: format!("nodes/{hostile}/frr.conf"),
                    status: Status::Changed,
                    diff: format!("--- a\n+++ b\n@@ -1 +1 @@\n-{hostile}\n+{hostile}\n"),
                }],
                steps: vec![hostile.to_string()],
                disruptive: Some(hostile.to_string()),
                work: Work::None,
            }],
            files: vec![],
            vmmanager: vec![hostile.to_string()],
            order: vec![hostile.to_string()],
            core_community: None,
        };
        let html = change_html(&change);
        assert!(!html.contains("<img"), "{html}");
        assert!(!html.contains("'single'") && !html.contains("\"quoted\""));
        assert!(html.contains(
            "&lt;img src=x onerror=alert(1)&gt; &amp; &quot;quoted&quot; &#39;single&#39;"
        ));
        // Every tag in the report is one of ours.
        let tags: std::collections::BTreeSet<&str> = html
            .split('<')
            .skip(1)
            .map(|t| t.split([' ', '>']).next().unwrap_or(""))
            .collect();
        let ours = [
            "/code", "/details", "/div", "/li", "/ol", "/p", "/pre", "/span", "/summary", "/ul",
            "code", "details", "div", "h3", "/h3", "li", "ol", "p", "pre", "span", "summary", "ul",
            "/code",
        ];
        for tag in tags {
            assert!(ours.contains(&tag), "unexpected tag {tag}");
        }
    }

    #[test]
    fn code_spans_of_a_sentence_become_code() {
        assert_eq!(
            sentence("set `a<b>` and `c`, not `d"),
            "set <code>a&lt;b&gt;</code> and <code>c</code>, not <code>d</code>"
        );
    }

    #[test]
    fn long_diffs_are_cut_with_a_pointer_to_the_bundle() {
        let diff: String = (0..DIFF_LINES + 10).map(|i| format!("+{i}\n")).collect();
        let mut out = String::new();
        file(
            &mut out,
            &FileChange {
                path: "plan.json".into(),
                status: Status::Changed,
                diff,
            },
        );
        assert_eq!(out.matches("<span class=\"add\">").count(), DIFF_LINES);
        assert!(out.contains("10 more lines"));
    }
}
