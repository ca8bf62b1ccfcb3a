//! The properties every input must keep, from plan text to rendered files. Each returns a
//! [`Failure`] naming the property instead of panicking, so the harness can report known
//! failures without failing and keep going after the first finding.

use crate::harness::{clip, ensure, fail, Checked, Failure, Stats};
use fabric_designer::app::overview::{download_name, file_tree, overview};
use fabric_designer::app::problems::problems_html;
use fabric_designer::bundle;
use fabric_designer::check::{check, check_text, read_error_diagnostic, Code, Diagnostic, Report};
use fabric_designer::model::Fabric;
use fabric_designer::plan::{read_plan, read_plan_noting_unknown, Place, Plan};
use fabric_designer::render::{File, RenderError, Secrets};
use serde_json::Value;

/// Put into free text by the mutators, always together with a character no validated type
/// accepts (a space, a line break, a control or format character): so wherever it shows up in a
/// generated file, it came through the one free-text path, the plan's name, and must be inside
/// a comment.
pub const MARKER: &str = "INJECTED";

/// The TCP-MD5 password the fuzz renders with (valid per `Md5Key`).
pub const MD5_KEY: &str = "Fuzz-md5.key+7";

/// Linearity, counted rather than timed. A plan's size here is its items and ranges (pools,
/// ranges, route reflectors, core gateways, nodes, VMs). Each item can be wrong in a bounded
/// number of ways and collisions are reported once per item, never per pair, so a report has at
/// most `DIAGNOSTICS_PER_ITEM` findings per item plus `DIAGNOSTICS_PER_PLAN` for the plan's own
/// fields (AS number, community, gateways, underlays, FRR version, the eight protection
/// settings, the missing-this-or-that findings). Measured (3 seeds x 1,500 iterations of every
/// random target, ~105,000 reports): at most 3.9 findings per item, and never more than 3
/// beyond 4 per item; a plan with every plan-level field wrong gives 13 (see
/// `corpus::large`). The constants are twice that. A pairwise report of 300 copies of one item
/// (which the mutators make) would give ~45,000 findings and fail at once.
pub const DIAGNOSTICS_PER_ITEM: usize = 8;
pub const DIAGNOSTICS_PER_PLAN: usize = 32;

/// The same bound for each code on its own, so that a finding reported per pair of items
/// (20 eBGP cores x 30 nodes once gave 600 `core-ebgp-unreachable`) fails even where the
/// report as a whole stays under the bound above. An item is wrong in a code's way at most
/// once per address family, plus the plan's own fields; measured (see `FUZZ_CALIBRATE`): at
/// most 2 per item beyond 4 for the plan. The constants are about twice that.
pub const ONE_CODE_PER_ITEM: usize = 4;
pub const ONE_CODE_PER_PLAN: usize = 8;

/// Bytes of any one rendered file per byte of the plan's compact JSON, plus a fixed allowance
/// (a reflector's script is ~25 KB on its own). One file is what the page renders on a
/// keystroke. The bundle as a whole is not bounded this way on purpose: every route
/// reflector's frr.conf and script list every pool prefix, so the bundle is reflectors times
/// prefixes by design (each reflector needs its filters). Measured over the same runs as the
/// diagnostics (2,200 bundles): the whole bundle at most 137 bytes per plan byte beyond 100
/// KB, so one file stays well within twice that.
pub const RENDERED_BYTES_PER_PLAN_BYTE: usize = 300;
pub const RENDERED_FIXED_BYTES: usize = 100_000;

pub fn secrets() -> Secrets {
    Secrets {
        md5: Some(MD5_KEY.parse().expect("a valid fuzz password")),
    }
}

/// What a piece of plan text gave, for the corpus' own expectations.
#[derive(Debug)]
pub struct TextOutcome {
    /// The plan, or the one diagnostic of a file that cannot be read.
    pub read: Result<Plan, Diagnostic>,
    /// Every diagnostic of `check_text` (field-unknown warnings included).
    pub diagnostics: Vec<Diagnostic>,
    /// The rendered bundle, when there is a fabric.
    pub files: Option<Vec<File>>,
}

/// The size of a plan in items and ranges.
pub fn units(plan: &Plan) -> usize {
    plan.pools.len()
        + plan.pools.iter().map(|p| p.ranges.len()).sum::<usize>()
        + plan.route_reflectors.len()
        + plan.core_gateways.len()
        + plan.nodes.len()
        + plan.vms.len()
}

/// With `FUZZ_CALIBRATE=<file>`, appends one line of measurements to the file (to re-derive the
/// linearity constants after the renderers or checks change).
fn calibration(line: String) {
    if let Ok(path) = std::env::var("FUZZ_CALIBRATE") {
        use std::io::Write;
        let file = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(path);
        if let Ok(mut file) = file {
            // One write per line, so that the test threads do not interleave.
            let _ = file.write_all(format!("{line}\n").as_bytes());
        }
    }
}

fn is_break_or_control(c: char) -> bool {
    c.is_control() || matches!(c, '\u{2028}' | '\u{2029}')
}

/// Characters that show nothing but change how text is shown: bidi embeddings, overrides and
/// isolates, zero-width characters, the byte-order mark, the soft hyphen. (Our own list, not the
/// crate's, so the test does not trust what it tests.)
pub fn is_invisible(c: char) -> bool {
    matches!(c,
        '\u{00AD}' | '\u{061C}' | '\u{180E}' | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}'
        | '\u{2060}'..='\u{206F}' | '\u{FEFF}' | '\u{FFF9}'..='\u{FFFB}')
}

/// The diagnostic reads as one line in a terminal, a table cell or a JSON pipeline.
pub fn well_formed(d: &Diagnostic) -> Checked {
    let p = "diagnostic-well-formed";
    ensure!(d.severity == d.code.severity(), p, "severity: {d:?}");
    ensure!(!d.message.trim().is_empty(), p, "empty message: {d:?}");
    ensure!(!d.help.trim().is_empty(), p, "empty help: {d:?}");
    ensure!(
        !d.message.chars().any(is_break_or_control),
        p,
        "message is not one line: {d:?}"
    );
    ensure!(
        !d.help.chars().any(is_break_or_control),
        p,
        "help is not one line: {d:?}"
    );
    // Nor does it hide anything: text from the plan is quoted with its invisible characters
    // escaped, so a bidi override cannot reorder what the message says.
    ensure!(
        !d.message.chars().chain(d.help.chars()).any(is_invisible),
        p,
        "invisible character in the message or help: {d:?}"
    );
    ensure!(
        !d.message.ends_with('.'),
        p,
        "message ends with a period: {d:?}"
    );
    ensure!(d.help.ends_with('.'), p, "help is not a sentence: {d:?}");
    ensure!(
        d.place.to_string().parse::<Place>().as_ref() == Ok(&d.place),
        p,
        "the place does not round-trip its JSON Pointer: {d:?}"
    );
    Ok(())
}

/// The command line prints `Display`: "severity[code] path: message\n  help: help", and for a
/// consequence "\n  because of: path", so exactly one line break (two with a cause) and no
/// other control, line-separator or invisible character (terminal escapes, bidi overrides),
/// wherever the text came from (a key is its own JSON Pointer).
pub fn display_is_two_lines(d: &Diagnostic) -> Checked {
    let text = d.to_string();
    let breaks = if d.cause.is_some() { 2 } else { 1 };
    ensure!(
        text.matches('\n').count() == breaks
            && (d.cause.is_none()
                || text
                    .lines()
                    .last()
                    .is_some_and(|l| l.starts_with("  because of: /")))
            && !text
                .chars()
                .any(|c| c != '\n' && (is_break_or_control(c) || is_invisible(c))),
        "diagnostic-display-two-lines",
        "Display adds lines, control or invisible characters: {text:?}"
    );
    Ok(())
}

/// The path names something in `value`, or an absent field of an object in it; a cause names
/// something in `value` that is not the finding's own place.
pub fn points_into(value: &Value, d: &Diagnostic) -> Checked {
    if let Some(cause) = &d.cause {
        let text = cause.to_string();
        ensure!(
            value.pointer(&text).is_some()
                && fabric_designer::plan::Place::Field(*cause) != d.place,
            "diagnostic-cause-points-into-plan",
            "cause {text:?} of {d:?}"
        );
    }
    let path = d.place.to_string();
    if value.pointer(&path).is_some() {
        return Ok(());
    }
    let parent = path.rsplit_once('/').map_or("", |(head, _)| head);
    ensure!(
        value.pointer(parent).is_some_and(Value::is_object),
        "diagnostic-path-points-into-plan",
        "{path:?} points nowhere in the plan: {d:?}"
    );
    Ok(())
}

/// Plan text through reading, `check_text`, checking and rendering.
pub fn plan_text(text: &str, stats: &mut Stats) -> Result<TextOutcome, Failure> {
    let read = read_plan_noting_unknown(text);
    let checked = check_text(text);
    match (read, checked) {
        (Err(e), Err(d)) => {
            stats.count("unreadable");
            well_formed(&d)?;
            display_is_two_lines(&d)?;
            ensure!(
                matches!(d.code, Code::PlanUnreadable | Code::VersionUnsupported),
                "read-error-code",
                "{d:?}"
            );
            ensure!(
                d == read_error_diagnostic(&e),
                "check-text-agrees-with-read-plan",
                "{d:?} vs {e:?}"
            );
            ensure!(
                read_plan(text).is_err(),
                "read-plan-agrees-with-noting-unknown",
                "read_plan accepts what read_plan_noting_unknown refuses"
            );
            Ok(TextOutcome {
                read: Err(d),
                diagnostics: Vec::new(),
                files: None,
            })
        }
        (Ok((plan, unknown)), Ok(report)) => {
            stats.count("readable");
            let json = text.strip_prefix('\u{feff}').unwrap_or(text);
            let raw: Option<Value> = serde_json::from_str(json).ok();
            let unknowns: Vec<&Diagnostic> = report
                .diagnostics
                .iter()
                .filter(|d| d.code == Code::FieldUnknown)
                .collect();
            ensure!(
                unknowns.len() == unknown.len()
                    && unknowns.iter().zip(&unknown).all(|(d, p)| d.place == *p),
                "field-unknown-per-unknown-field",
                "noted {unknown:?}, reported {unknowns:?}"
            );
            if !unknown.is_empty() {
                stats.count("with unknown fields");
            }
            for d in &unknowns {
                well_formed(d)?;
                display_is_two_lines(d)?;
                if let Some(raw) = &raw {
                    points_into(raw, d)?;
                }
            }
            let files = report_of(&plan, &report, true, stats)?;
            Ok(TextOutcome {
                read: Ok(plan),
                diagnostics: report.diagnostics,
                files,
            })
        }
        (read, checked) => Err(fail(
            "check-text-agrees-with-read-plan",
            format!(
                "read: {:?}; check_text: {:?}",
                read.map(|_| "a plan"),
                checked.map(|_| "a report")
            ),
        )),
    }
}

/// The properties of a report of `plan` (from `check` or `check_text`); with `render`, those of
/// its bundle too.
pub fn report_of(
    plan: &Plan,
    report: &Report,
    render: bool,
    stats: &mut Stats,
) -> Result<Option<Vec<File>>, Failure> {
    let has_error = report.diagnostics.iter().any(Diagnostic::is_error);
    ensure!(
        report.fabric.is_some() != has_error,
        "fabric-exactly-without-errors",
        "fabric: {}, errors: {has_error}; {:?}",
        report.fabric.is_some(),
        report.diagnostics.iter().take(5).collect::<Vec<_>>()
    );
    ensure!(
        report
            .diagnostics
            .windows(2)
            .all(|w| w[0].severity <= w[1].severity),
        "errors-then-warnings-then-notes",
        "{:?}",
        report
            .diagnostics
            .iter()
            .map(|d| d.severity)
            .collect::<Vec<_>>()
    );
    let value = serde_json::to_value(plan).map_err(|e| fail("plan-serialises", e.to_string()))?;
    let mut own: usize = 0;
    for d in &report.diagnostics {
        well_formed(d)?;
        display_is_two_lines(d)?;
        if d.code != Code::FieldUnknown {
            points_into(&value, d)?;
            own += 1;
        }
    }
    // Same plan, same report: nothing may depend on a hash map's order.
    let again = check(plan);
    ensure!(
        again.diagnostics == report.diagnostics
            || report
                .diagnostics
                .iter()
                .any(|d| d.code == Code::FieldUnknown),
        "check-deterministic",
        "two checks of one plan differ"
    );
    // The pools' overview works on plans with errors too.
    let o = overview(plan);
    ensure!(
        o.pools.len() == plan.pools.len() && o.vms_outside <= plan.vms.len(),
        "overview-fits-the-plan",
        "{} pools, {} VMs outside",
        o.pools.len(),
        o.vms_outside
    );
    // So does the diagram: every device drawn once, as a focusable group, whatever the text.
    let t = &report.topology;
    let devices = plan.route_reflectors.len() + plan.core_gateways.len() + plan.nodes.len();
    let drawn =
        fabric_designer::app::diagram::Drawn::new(t, &report.diagnostics, None).unwrap_or_default();
    ensure!(
        t.devices.len() == devices
            && drawn.svg.matches(r#" tabindex="0" role="button""#).count() == devices
            && !drawn.svg.contains("<script"),
        "diagram-draws-every-device",
        "{} devices in the plan, {} drawn",
        devices,
        t.devices.len()
    );
    // A saved plan reads back as itself.
    let saved = plan.to_json();
    let back = read_plan(&saved);
    ensure!(
        back.as_ref() == Ok(plan),
        "saved-plan-reads-back",
        "{:?}",
        back.as_ref().err()
    );
    let items = units(plan);
    let mut by_code: std::collections::BTreeMap<&str, usize> = std::collections::BTreeMap::new();
    for d in report
        .diagnostics
        .iter()
        .filter(|d| d.code != Code::FieldUnknown)
    {
        *by_code.entry(d.code.as_str()).or_default() += 1;
    }
    for (code, n) in &by_code {
        stats.max(
            "one code's findings per item beyond 4",
            n.saturating_sub(4) as f64 / items.max(1) as f64,
        );
        calibration(format!("code {code} {items} {n}"));
        ensure!(
            *n <= ONE_CODE_PER_ITEM * items + ONE_CODE_PER_PLAN,
            "one-code-linear-in-plan-size",
            "{n} {code} findings for {items} items and ranges (limit {ONE_CODE_PER_ITEM} per \
             item and {ONE_CODE_PER_PLAN} for the plan)"
        );
    }
    // The problems panel, as the page writes it: every group once, no markup from the plan.
    let html = problems_html(plan, &report.diagnostics, &[], usize::MAX);
    let rows = html.matches(r#" data-testid="diagnostic" "#).count();
    ensure!(
        rows == report.diagnostics.len() && !html.contains("<script"),
        "problems-panel-lists-every-finding",
        "{} findings, {rows} rows: {}",
        report.diagnostics.len(),
        clip(&html, 200)
    );
    stats.max(
        "diagnostics per item beyond the plan's own",
        own.saturating_sub(DIAGNOSTICS_PER_PLAN) as f64 / items.max(1) as f64,
    );
    calibration(format!("diagnostics {items} {own}"));
    ensure!(
        own <= DIAGNOSTICS_PER_ITEM * items + DIAGNOSTICS_PER_PLAN,
        "diagnostics-linear-in-plan-size",
        "{own} diagnostics for {items} items and ranges (limit {DIAGNOSTICS_PER_ITEM} per item \
         and {DIAGNOSTICS_PER_PLAN} for the plan)"
    );
    match &report.fabric {
        None => Ok(None),
        Some(_) if !render => {
            stats.count("fabric (not rendered)");
            Ok(None)
        }
        Some(fabric) => {
            stats.count("fabric");
            rendered(plan, fabric, stats).map(Some)
        }
    }
}

/// Where a line holding the marker may be in a generated file: inside a comment.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Syntax {
    Frr,
    Junos,
    Shell,
    Markdown,
    /// topology.svg: the plan's name is the text of the picture's title, XML-escaped.
    Svg,
}

fn syntax(path: &str) -> Option<Syntax> {
    if path.ends_with("junos.conf") {
        Some(Syntax::Junos)
    } else if path.ends_with(".conf") {
        Some(Syntax::Frr)
    } else if path.ends_with(".sh") {
        Some(Syntax::Shell)
    } else if path.ends_with(".md") {
        Some(Syntax::Markdown)
    } else if path.ends_with(".svg") {
        Some(Syntax::Svg)
    } else {
        None
    }
}

/// Every line that holds the marker is a comment: `!` or `#` in FRR, `#` in Junos and shell
/// (FRR's in the configuration a script carries in a quoted here-document), a `#` heading
/// outside code blocks in Markdown, the text of the title element in SVG.
pub fn marker_only_in_comments(file: &File) -> Checked {
    let Some(syntax) = syntax(&file.path) else {
        return Err(fail(
            "marker-only-in-comments",
            format!("{}: a file of unknown syntax carries user text", file.path),
        ));
    };
    let mut heredoc: Option<String> = None;
    let mut fence = false;
    for (n, line) in file.contents.lines().enumerate() {
        let t = line.trim_start();
        if syntax == Syntax::Shell {
            if let Some(end) = &heredoc {
                if line.trim() == end {
                    heredoc = None;
                    continue;
                }
            }
        }
        if line.contains(MARKER) {
            let comment = match syntax {
                // FRR reads `!` and `#` lines as comments.
                Syntax::Frr => t.starts_with('!') || t.starts_with('#'),
                Syntax::Junos => t.starts_with('#') || t.starts_with("/*"),
                Syntax::Shell if heredoc.is_some() => t.starts_with('!') || t.starts_with('#'),
                Syntax::Shell => t.starts_with('#') && !t.starts_with("#!"),
                Syntax::Markdown => !fence && t.starts_with('#'),
                Syntax::Svg => t
                    .strip_prefix(r#"<title id="title">"#)
                    .and_then(|rest| rest.strip_suffix("</title>"))
                    .is_some_and(|text| !text.contains(['<', '>', '"'])),
            };
            ensure!(
                comment,
                "marker-only-in-comments",
                "{} line {}: user text outside a comment: {line:?}",
                file.path,
                n + 1
            );
        }
        match syntax {
            Syntax::Shell if heredoc.is_none() => {
                if let Some(i) = line.find("<<'") {
                    heredoc = line[i + 3..].split('\'').next().map(str::to_string);
                }
            }
            Syntax::Markdown if t.starts_with("```") => fence = !fence,
            _ => {}
        }
    }
    Ok(())
}

/// The properties of a bundle: rendering is deterministic and needs the password exactly when
/// the plan asks for it; paths are sorted, unique and plain; every file ends in one newline,
/// has no control or invisible character, and carries user text only in comments; plan.json
/// reads back as the plan; the password reaches only the reflector <-> core configurations; a
/// different plan name adds or removes no line; and the bytes are linear in the plan's size.
pub fn rendered(plan: &Plan, fabric: &Fabric, stats: &mut Stats) -> Result<Vec<File>, Failure> {
    let files = bundle::files(plan, fabric, &secrets())
        .map_err(|e| fail("render-with-password", e.to_string()))?;
    let again = bundle::files(plan, fabric, &secrets())
        .map_err(|e| fail("render-with-password", e.to_string()))?;
    if files != again {
        let path = files
            .iter()
            .zip(&again)
            .find(|(a, b)| a != b)
            .map(|(a, _)| a.path.clone());
        return Err(fail(
            "render-deterministic",
            format!("two renders differ at {path:?}"),
        ));
    }
    // The thorough checks (another two renders) on every fourth bundle.
    let thorough = stats.get("fabric") % 4 == 1;
    match bundle::files(plan, fabric, &Secrets::default()) {
        _ if !thorough => {}
        Err(RenderError::Md5KeyMissing) => ensure!(
            plan.protection.md5,
            "password-needed-exactly-with-md5",
            "no password asked for a plan without md5"
        ),
        Ok(without) => ensure!(
            !plan.protection.md5 && without == files,
            "password-needed-exactly-with-md5",
            "md5: {}; rendered without a password",
            plan.protection.md5
        ),
    }
    let zip = bundle::zip_name(plan);
    ensure!(
        zip.starts_with("fabric")
            && zip.ends_with(".zip")
            && zip
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'.'),
        "zip-name-plain",
        "{zip:?}"
    );
    for w in files.windows(2) {
        ensure!(
            w[0].path < w[1].path,
            "bundle-paths-sorted-and-unique",
            "{:?} then {:?}",
            w[0].path,
            w[1].path
        );
    }
    let paths = bundle::paths(fabric);
    ensure!(
        paths.iter().eq(files.iter().map(|f| &f.path)),
        "paths-list-the-bundle",
        "{paths:?}"
    );
    if thorough {
        // One file rendered alone is the bundle's file (the web app renders only the one shown).
        let file = &files[stats.get("fabric") as usize % files.len()];
        let alone = bundle::file(plan, fabric, &secrets(), &file.path);
        ensure!(
            alone.as_ref() == Some(&Ok(file.clone())),
            "one-file-rendered-alone-is-the-bundles",
            "{}",
            file.path
        );
    }
    let rows = file_tree(files.iter().map(|f| f.path.as_str()));
    let listed: Vec<&str> = rows.iter().filter_map(|r| r.file.as_deref()).collect();
    ensure!(
        listed == files.iter().map(|f| f.path.as_str()).collect::<Vec<_>>(),
        "file-tree-lists-every-file-once",
        "{listed:?}"
    );
    let mut bytes = 0;
    let mut largest = 0;
    for file in &files {
        let download = download_name(&file.path);
        ensure!(
            !download.is_empty() && !download.contains('/'),
            "download-name-plain",
            "{} downloads as {download:?}",
            file.path
        );
        bytes += file.contents.len();
        largest = largest.max(file.contents.len());
        let plain_path = !file.path.is_empty()
            && file
                .path
                .split('/')
                .all(|s| !s.is_empty() && s != "." && s != "..")
            && file
                .path
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"._-/".contains(&b));
        ensure!(plain_path, "bundle-paths-plain", "{:?}", file.path);
        ensure!(
            file.contents.ends_with('\n') && !file.contents.ends_with("\n\n"),
            "one-trailing-newline",
            "{} ends with {}",
            file.path,
            clip(&file.contents[file.contents.len().saturating_sub(20)..], 40)
        );
        if file.path == "plan.json" {
            let back = read_plan(&file.contents);
            ensure!(
                back.as_ref() == Ok(plan),
                "plan-json-reads-back",
                "plan.json reads back as {:?}",
                back.map(|_| "another plan")
            );
            continue;
        }
        if let Some((n, line)) = file
            .contents
            .lines()
            .enumerate()
            .find(|(_, l)| l.chars().any(|c| is_break_or_control(c) || is_invisible(c)))
        {
            return Err(fail(
                "rendered-text-visible",
                format!(
                    "{} line {}: control or invisible character in {line:?}",
                    file.path,
                    n + 1
                ),
            ));
        }
        marker_only_in_comments(file)?;
        if file.contents.contains(MD5_KEY) {
            let carrier = plan.protection.md5
                && (file.path.starts_with("core/") || file.path.starts_with("route-reflectors/"))
                && !file.path.ends_with(".md");
            ensure!(
                carrier,
                "password-only-in-session-configs",
                "{} carries the password (md5: {})",
                file.path,
                plan.protection.md5
            );
        }
    }
    // The name must not decide anything but comments: another name, the same lines.
    if thorough && plan.name.chars().any(|c| !c.is_ascii_alphanumeric()) {
        stats.count("fabric with an odd name");
        let mut plain = plan.clone();
        plain.name = "plain".to_string();
        let Some(other) = check(&plain).fabric else {
            return Err(fail(
                "plan-name-decides-nothing",
                "the plan has a fabric with its name but none with the name \"plain\"",
            ));
        };
        let others = bundle::files(&plain, &other, &secrets())
            .map_err(|e| fail("render-with-password", e.to_string()))?;
        ensure!(
            others.len() == files.len(),
            "plan-name-decides-nothing",
            "{} files, {} with another name",
            files.len(),
            others.len()
        );
        for (a, b) in files.iter().zip(&others) {
            ensure!(
                a.path == b.path
                    && (a.path == "plan.json"
                        || a.contents.lines().count() == b.contents.lines().count()),
                "plan-name-decides-nothing",
                "{}: the plan name changes the lines of the file",
                a.path
            );
        }
    }
    let plan_bytes = serde_json::to_string(plan).map(|s| s.len()).unwrap_or(0);
    stats.max(
        "largest file's bytes per plan byte beyond the fixed allowance",
        largest.saturating_sub(RENDERED_FIXED_BYTES) as f64 / plan_bytes.max(1) as f64,
    );
    stats.max("rendered bytes", bytes as f64);
    calibration(format!("bytes {plan_bytes} {bytes} {largest}"));
    ensure!(
        largest <= RENDERED_BYTES_PER_PLAN_BYTE * plan_bytes + RENDERED_FIXED_BYTES,
        "rendered-file-linear-in-plan-size",
        "a file of {largest} bytes for a plan of {plan_bytes} bytes"
    );
    Ok(files)
}
