//! The docs contract: docs/diagnostics.md documents exactly the codes that exist, in their
//! order, each with its severity and the text the command line prints for its first case.

#[path = "diagnostics/cases.rs"]
mod cases;
#[path = "diagnostics/support.rs"]
mod support;

use cases::cases;
use fabric_designer::check::Code;
use support::expect;

const DOC: &str = include_str!("../docs/diagnostics.md");

/// The sections of docs/diagnostics.md: (heading, body) for every `## ` heading.
fn doc_sections() -> Vec<(&'static str, &'static str)> {
    let mut sections = Vec::new();
    let mut rest = DOC;
    while let Some(start) = rest.find("\n## ") {
        let after = &rest[start + 4..];
        let end_of_heading = after.find('\n').unwrap_or(after.len());
        let heading = after[..end_of_heading].trim();
        let body_and_more = &after[end_of_heading..];
        let end = body_and_more.find("\n## ").unwrap_or(body_and_more.len());
        sections.push((heading, &body_and_more[..end]));
        rest = body_and_more;
    }
    sections
}

#[test]
fn docs_have_a_section_per_code_in_order() {
    let headings: Vec<&str> = doc_sections().iter().map(|(h, _)| *h).collect();
    let codes: Vec<&str> = Code::ALL.iter().map(|c| c.as_str()).collect();
    let unknown: Vec<&&str> = headings.iter().filter(|h| !codes.contains(h)).collect();
    assert!(
        unknown.is_empty(),
        "docs/diagnostics.md has sections for codes that do not exist: {unknown:?}"
    );
    let missing: Vec<&&str> = codes.iter().filter(|c| !headings.contains(c)).collect();
    assert!(
        missing.is_empty(),
        "docs/diagnostics.md lacks a `## <code>` section for: {missing:?}"
    );
    assert_eq!(headings, codes, "sections follow the order of Code::ALL");
}

#[test]
fn docs_give_each_codes_severity_and_the_text_the_cli_prints() {
    let sections = doc_sections();
    for code in Code::ALL {
        let Some((_, body)) = sections.iter().find(|(h, _)| *h == code.as_str()) else {
            continue; // docs_have_a_section_per_code_in_order names it.
        };
        let severity = format!("Severity: **{}**", code.severity());
        assert!(body.contains(&severity), "## {code}: no `{severity}`");
        let first = cases()
            .into_iter()
            .find(|c| c.code == *code)
            .unwrap_or_else(|| panic!("no case for {code}"));
        let shown = expect(first.input, first.code, first.path).to_string();
        assert!(
            body.contains(&shown),
            "## {code}: the example output is stale; the command line now prints\n{shown}"
        );
    }
}
