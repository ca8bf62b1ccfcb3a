//! The command line: glue between files and the library. See `fabric-designer --help`.

#[cfg(target_arch = "wasm32")]
fn main() {}

#[cfg(not(target_arch = "wasm32"))]
fn main() -> std::process::ExitCode {
    cli::main()
}

#[cfg(not(target_arch = "wasm32"))]
mod cli {
    use clap::{Args, Parser, Subcommand, ValueEnum};
    use fabric_designer::check::{
        read_and_check, read_error_diagnostic, Diagnostic, Report, Severity,
    };
    use fabric_designer::model::{plural, Md5Key};
    use fabric_designer::plan::{Place, Plan, ReadError};
    use fabric_designer::{bundle, diff, render, text};
    use std::io::{self, Read, Write};
    use std::path::{Path, PathBuf};
    use std::process::ExitCode;

    /// The most a plan file may hold. A plan at the session limit with thousands of VMs is a few
    /// hundred KiB; the bound keeps `validate /dev/zero` from reading until memory runs out.
    const MAX_PLAN_BYTES: u64 = 64 * 1024 * 1024;

    /// Check an IP-fabric plan and render its FRR, Junos and VMmanager configuration.
    #[derive(Parser)]
    #[command(name = "fabric-designer", version, about)]
    struct Cli {
        #[command(subcommand)]
        command: Command,
    }

    #[derive(Subcommand)]
    enum Command {
        /// Print every diagnostic of a plan. Exit 0: no errors; 1: errors; 2: unreadable.
        Validate {
            /// The plan file (JSON, version 1); `-` reads standard input.
            plan: PathBuf,
            #[arg(long, value_enum, default_value_t = Format::Text)]
            format: Format,
        },
        /// Write the bundle of a plan without errors to a folder or a zip file.
        Render {
            /// The plan file (JSON, version 1); `-` reads standard input.
            plan: PathBuf,
            #[command(flatten)]
            target: Target,
            /// For a plan with `protection.md5`: a file holding the TCP-MD5 password of the
            /// route reflector <-> core sessions (one line). The environment variable
            /// FABRIC_DESIGNER_MD5_PASSWORD may give it instead.
            #[arg(long, value_name = "FILE")]
            md5_password_file: Option<PathBuf>,
        },
        /// Compare two plans of one fabric: what changes on each device, and the steps that
        /// change a running cluster. Exit 0: both plans without errors; 1: errors in either
        /// (or, with --exit-code, any change); 2: either unreadable.
        Diff {
            /// The plan the running fabric was built from, or its bundle as it was rendered (the
            /// folder, or the zip), which may come from an earlier release; `-` reads standard
            /// input.
            old: PathBuf,
            /// The plan to change it to; `-` reads standard input.
            new: PathBuf,
            #[arg(long, value_enum, default_value_t = Format::Text)]
            format: Format,
            /// Also write the change bundle (CHANGE.md and, per device that changes, the files
            /// that apply the change) to this folder, which must be missing or empty.
            #[arg(long, value_name = "DIR")]
            out: Option<PathBuf>,
            /// Exit 1 when anything changes, as `git diff --exit-code` does.
            #[arg(long)]
            exit_code: bool,
        },
    }

    #[derive(Args)]
    #[group(required = true, multiple = false)]
    struct Target {
        /// Write the bundle's files below this folder.
        #[arg(long, value_name = "DIR")]
        out: Option<PathBuf>,
        /// Write the bundle as one zip file.
        #[arg(long, value_name = "FILE")]
        zip: Option<PathBuf>,
    }

    #[derive(Clone, Copy, ValueEnum)]
    enum Format {
        Text,
        Json,
    }

    /// What a command has to say and how it ends. Output is written only at the end, by
    /// [`finish`], which owns every write error: nothing here prints, so nothing can panic on a
    /// full disk or a closed pipe.
    struct Outcome {
        code: u8,
        stdout: Vec<u8>,
        stderr: String,
    }

    impl Outcome {
        fn new() -> Outcome {
            Outcome {
                code: 0,
                stdout: Vec::new(),
                stderr: String::new(),
            }
        }

        /// A message of ours on standard error; user text in it (a file name, a path inside an
        /// error) is made terminal-safe.
        fn say(&mut self, message: &str) {
            self.stderr.push_str("fabric-designer: ");
            self.stderr.push_str(&text::terminal_safe(message));
            self.stderr.push('\n');
        }

        fn say_and_end(mut self, message: &str, code: u8) -> Outcome {
            self.say(message);
            self.ends(code)
        }

        fn ends(mut self, code: u8) -> Outcome {
            self.code = code;
            self
        }
    }

    pub fn main() -> ExitCode {
        let outcome = match Cli::try_parse() {
            Ok(cli) => match cli.command {
                Command::Validate { plan, format } => validate(&plan, format),
                Command::Render {
                    plan,
                    target,
                    md5_password_file,
                } => render_to(&plan, &target, md5_password_file.as_deref()),
                Command::Diff {
                    old,
                    new,
                    format,
                    out,
                    exit_code,
                } => diff_plans(&old, &new, format, out.as_deref(), exit_code),
            },
            Err(e) => clap_outcome(&e),
        };
        finish(outcome)
    }

    /// Help, the version, or a usage error, as clap words them (without colours). A usage
    /// error may quote an argument, so its lines are made terminal-safe.
    fn clap_outcome(e: &clap::Error) -> Outcome {
        let mut outcome = Outcome::new();
        let text = e.render().to_string();
        if e.use_stderr() {
            let safe: Vec<String> = text
                .split('\n')
                .map(|line| text::terminal_safe(line).into_owned())
                .collect();
            outcome.stderr = safe.join("\n");
        } else {
            outcome.stdout = text.into_bytes();
        }
        outcome.ends(u8::try_from(e.exit_code()).unwrap_or(2))
    }

    /// Writes the outcome and gives the exit code. A reader that went away (`validate ... |
    /// head -1`: a closed pipe) ends the program quietly with the code it would have had, as the
    /// verdict is still true. Any other failure to write (a full disk) is exit 2, said on
    /// standard error while that can still be written.
    fn finish(outcome: Outcome) -> ExitCode {
        let Outcome {
            mut code,
            stdout,
            mut stderr,
        } = outcome;
        if !stdout.is_empty() {
            match write_out(&mut io::stdout().lock(), &stdout) {
                Ok(()) => {}
                Err(e) if e.kind() == io::ErrorKind::BrokenPipe => {}
                Err(e) => {
                    code = 2;
                    stderr.push_str(&format!(
                        "fabric-designer: cannot write to standard output: {e}\n"
                    ));
                }
            }
        }
        if !stderr.is_empty() {
            match write_out(&mut io::stderr().lock(), stderr.as_bytes()) {
                Ok(()) => {}
                Err(e) if e.kind() == io::ErrorKind::BrokenPipe => {}
                Err(_) => code = 2,
            }
        }
        ExitCode::from(code)
    }

    fn write_out(out: &mut impl Write, bytes: &[u8]) -> io::Result<()> {
        out.write_all(bytes)?;
        out.flush()
    }

    /// How a plan path is named in messages.
    fn shown(path: &Path) -> String {
        if path.as_os_str() == "-" {
            "standard input".to_string()
        } else {
            path.display().to_string()
        }
    }

    /// The bytes of the plan file or standard input: at most [`MAX_PLAN_BYTES`].
    fn read_input(path: &Path) -> Result<Vec<u8>, String> {
        let mut bytes = Vec::new();
        let read = if path.as_os_str() == "-" {
            io::stdin()
                .lock()
                .take(MAX_PLAN_BYTES + 1)
                .read_to_end(&mut bytes)
        } else {
            std::fs::File::open(path)
                .and_then(|file| file.take(MAX_PLAN_BYTES + 1).read_to_end(&mut bytes))
        };
        if let Err(e) = read {
            return Err(format!("cannot read {}: {e}", shown(path)));
        }
        if bytes.len() as u64 > MAX_PLAN_BYTES {
            return Err(format!(
                "cannot read {}: it is larger than 64 MiB, more than any plan",
                shown(path)
            ));
        }
        Ok(bytes)
    }

    /// Plan text from the file's bytes: a UTF-8 byte-order mark is dropped (editors on Windows
    /// write one), and bytes that are not UTF-8 are a reading error at their line and column
    /// (counted in bytes, as serde_json counts).
    fn plan_text(mut bytes: Vec<u8>) -> Result<String, ReadError> {
        if bytes.starts_with(b"\xef\xbb\xbf") {
            bytes.drain(..3);
        }
        String::from_utf8(bytes).map_err(|e| {
            let bytes = e.as_bytes();
            let at = e.utf8_error().valid_up_to();
            let before = &bytes[..at];
            let line_start = before
                .iter()
                .rposition(|&b| b == b'\n')
                .map_or(0, |i| i + 1);
            let message = match e.utf8_error().error_len() {
                Some(_) => format!(
                    "the file is not UTF-8 text: byte 0x{:02X} cannot be part of a character here",
                    bytes[at]
                ),
                None => "the file is not UTF-8 text: it ends inside a character".to_string(),
            };
            ReadError::Unreadable {
                message,
                line: 1 + before.iter().filter(|&&b| b == b'\n').count(),
                column: 1 + at - line_start,
                path: Place::Plan,
            }
        })
    }

    /// Reads and checks the plan, and keeps it; when it cannot be read, the outcome says why
    /// (its diagnostic on standard error for `render`) with exit code 2.
    fn load(path: &Path, format: Format, to_stderr: bool) -> Result<(Plan, Report), Outcome> {
        let mut outcome = Outcome::new();
        let bytes = match read_input(path) {
            Ok(bytes) => bytes,
            Err(message) => {
                outcome.say(&message);
                return Err(outcome.ends(2));
            }
        };
        let checked = plan_text(bytes)
            .map_err(|e| read_error_diagnostic(&e))
            .and_then(|text| read_and_check(&text));
        checked.map_err(|d| {
            print_diagnostics(&mut outcome, &[d], format, to_stderr);
            outcome.ends(2)
        })
    }

    fn validate(path: &Path, format: Format) -> Outcome {
        let report = match load(path, format, false) {
            Ok((_, r)) => r,
            Err(outcome) => return outcome,
        };
        let mut outcome = Outcome::new();
        print_diagnostics(&mut outcome, &report.diagnostics, format, false);
        if let Format::Text = format {
            outcome
                .stdout
                .extend_from_slice(summary(&report).as_bytes());
            outcome.stdout.push(b'\n');
        }
        outcome.ends(if report.has_errors() { 1 } else { 0 })
    }

    /// The environment variable that may hold the TCP-MD5 password.
    const MD5_ENV: &str = "FABRIC_DESIGNER_MD5_PASSWORD";

    /// The secrets of a bundle: the TCP-MD5 password from `--md5-password-file` or the
    /// environment (never from the command line, where `ps` would show it to every user).
    fn secrets(md5_file: Option<&Path>) -> Result<render::Secrets, String> {
        let text = match md5_file {
            Some(file) => {
                let text = std::fs::read_to_string(file)
                    .map_err(|e| format!("cannot read {}: {e}", file.display()))?;
                // One line; the line break an editor adds is not part of the password.
                Some(text.trim_end_matches(['\n', '\r']).to_string())
            }
            None => std::env::var(MD5_ENV).ok(),
        };
        let md5 = text
            .map(|t| t.parse::<Md5Key>().map_err(|e| e.to_string()))
            .transpose()?;
        Ok(render::Secrets { md5 })
    }

    fn render_to(path: &Path, target: &Target, md5_file: Option<&Path>) -> Outcome {
        let (plan, report) = match load(path, Format::Text, true) {
            Ok(loaded) => loaded,
            Err(outcome) => return outcome,
        };
        let mut outcome = Outcome::new();
        let Some(fabric) = &report.fabric else {
            print_diagnostics(&mut outcome, &report.diagnostics, Format::Text, true);
            outcome.stderr.push_str(&summary(&report));
            outcome.stderr.push_str("; nothing was written\n");
            return outcome.ends(1);
        };
        let files = match secrets(md5_file).and_then(|s| {
            bundle::files(&plan, fabric, &s).map_err(|e| {
                format!("{e}: give it in a file with --md5-password-file FILE or in the environment variable {MD5_ENV}")
            })
        }) {
            Ok(files) => files,
            Err(e) => {
                outcome.say(&format!("{e}; nothing was written"));
                return outcome.ends(2);
            }
        };
        let written = if let Some(dir) = &target.out {
            match bundle::write_dir(&files, dir) {
                Ok(()) => Ok(dir.display().to_string()),
                // The new bundle is in place; only the earlier one's removal failed.
                Err(e @ bundle::WriteDirError::OldKept { .. }) => Err(e.to_string()),
                Err(e) => Err(format!("cannot write the bundle: {e}")),
            }
        } else if let Some(zip_path) = &target.zip {
            bundle::zip(&files)
                .map_err(std::io::Error::other)
                .and_then(|bytes| std::fs::write(zip_path, bytes))
                .map(|_| zip_path.display().to_string())
                .map_err(|e| format!("cannot write the bundle: {e}"))
        } else {
            unreachable!("clap requires --out or --zip")
        };
        match written {
            Ok(to) => {
                // Warnings do not block rendering, but nobody should miss them.
                print_diagnostics(&mut outcome, &report.diagnostics, Format::Text, true);
                let to = text::terminal_safe(&to).into_owned();
                outcome
                    .stderr
                    .push_str(&format!("wrote {} files to {to}\n", files.len()));
                outcome
            }
            Err(e) => {
                outcome.say(&e);
                outcome.ends(2)
            }
        }
    }

    /// Loads one side of a diff; its messages are marked with `side` ("old" or "new").
    fn load_side(path: &Path, side: &str) -> Result<(Plan, Report), Outcome> {
        load(path, Format::Text, true).map_err(|mut outcome| {
            outcome.stderr = mark(&outcome.stderr, side);
            outcome
        })
    }

    /// What OLD names: a plan file, or an earlier bundle (a folder, or a zip) with the files as
    /// they were rendered and its plan.json.
    type OldSide = (Plan, Report, Option<Vec<render::File>>);

    fn load_old(path: &Path) -> Result<OldSide, Outcome> {
        let refuse = |why: String| {
            let mut outcome = Outcome::new();
            outcome.say(&format!(
                "old: cannot read the bundle {}: {}",
                shown(path),
                text::terminal_safe(&why)
            ));
            outcome.ends(2)
        };
        let files = if path.as_os_str() != "-" && path.is_dir() {
            Some(bundle::read_dir(path).map_err(refuse)?)
        } else {
            let bytes = read_input(path).map_err(|message| {
                let mut outcome = Outcome::new();
                outcome.say(&format!("old: {message}"));
                outcome.ends(2)
            })?;
            if bytes.starts_with(b"PK\x03\x04") {
                Some(bundle::files_from_zip(&bytes).map_err(refuse)?)
            } else {
                let checked = plan_text(bytes)
                    .map_err(|e| read_error_diagnostic(&e))
                    .and_then(|text| read_and_check(&text));
                return match checked {
                    Ok((plan, report)) => Ok((plan, report, None)),
                    Err(d) => {
                        let mut outcome = Outcome::new();
                        print_diagnostics(&mut outcome, &[d], Format::Text, true);
                        outcome.stderr = mark(&outcome.stderr, "old");
                        outcome.stderr.push_str(
                            "old: expected a plan file (JSON), the folder of an earlier bundle, or its zip\n",
                        );
                        Err(outcome.ends(2))
                    }
                };
            }
        };
        let files = files.unwrap_or_default();
        let plan_json = files
            .iter()
            .find(|f| f.path == bundle::PLAN_JSON)
            .map(|f| f.contents.as_str())
            .unwrap_or_default();
        match read_and_check(plan_json) {
            Ok((plan, report)) => Ok((plan, report, Some(files))),
            Err(d) => {
                let mut outcome = Outcome::new();
                print_diagnostics(&mut outcome, &[d], Format::Text, true);
                outcome.stderr = mark(&outcome.stderr, "old: plan.json");
                Err(outcome.ends(2))
            }
        }
    }

    /// Each line of `text` prefixed with `side: `.
    fn mark(text: &str, side: &str) -> String {
        text.lines()
            .map(|line| format!("{side}: {line}\n"))
            .collect()
    }

    fn diff_plans(
        old_path: &Path,
        new_path: &Path,
        format: Format,
        out: Option<&Path>,
        exit_code: bool,
    ) -> Outcome {
        if old_path.as_os_str() == "-" && new_path.as_os_str() == "-" {
            return Outcome::new()
                .say_and_end("only one of the plans can be read from standard input", 2);
        }
        let (old, new) = match (load_old(old_path), load_side(new_path, "new")) {
            (Ok(old), Ok(new)) => (old, new),
            (old, new) => {
                let mut outcome = Outcome::new();
                for side in [old.err(), new.err()].into_iter().flatten() {
                    outcome.stderr.push_str(&side.stderr);
                }
                return outcome.ends(2);
            }
        };
        let mut outcome = Outcome::new();
        let (Some(old_fabric), Some(new_fabric)) = (&old.1.fabric, &new.1.fabric) else {
            for (report, side) in [(&old.1, "old"), (&new.1, "new")] {
                if report.has_errors() {
                    let mut text = Outcome::new();
                    print_diagnostics(&mut text, &report.diagnostics, Format::Text, true);
                    text.stderr.push_str(&summary(report));
                    text.stderr.push('\n');
                    outcome.stderr.push_str(&mark(&text.stderr, side));
                }
            }
            outcome
                .stderr
                .push_str("fabric-designer: no comparison: a plan has errors\n");
            return outcome.ends(1);
        };
        let (old_side, new_side) = (
            diff::Side {
                plan: &old.0,
                fabric: old_fabric,
            },
            diff::Side {
                plan: &new.0,
                fabric: new_fabric,
            },
        );
        let change = match &old.2 {
            Some(files) => diff::diff_from_bundle(files, old_side, new_side),
            None => diff::diff(old_side, new_side),
        };
        let report = match format {
            Format::Text => diff::text_report(&change),
            Format::Json => change.to_json(),
        };
        outcome.stdout = report.into_bytes();
        if let Some(dir) = out {
            let files = diff::change_bundle(&change);
            match bundle::write_dir(&files, dir) {
                Ok(()) => {
                    let to = text::terminal_safe(&dir.display().to_string()).into_owned();
                    outcome
                        .stderr
                        .push_str(&format!("wrote {} files to {to}\n", files.len()));
                }
                Err(e) => {
                    outcome.say(&format!("cannot write the change bundle: {e}"));
                    return outcome.ends(2);
                }
            }
        }
        outcome.ends(if exit_code && !change.is_empty() {
            1
        } else {
            0
        })
    }

    fn summary(report: &Report) -> String {
        let n = |s| report.count(s);
        format!(
            "{}, {}, {}",
            plural(n(Severity::Error), "error"),
            plural(n(Severity::Warning), "warning"),
            plural(n(Severity::Info), "note")
        )
    }

    fn print_diagnostics(
        outcome: &mut Outcome,
        diagnostics: &[Diagnostic],
        format: Format,
        to_stderr: bool,
    ) {
        let text = match format {
            Format::Json => json(diagnostics),
            // Display makes the user text in each diagnostic terminal-safe.
            Format::Text => diagnostics.iter().map(|d| format!("{d}\n")).collect(),
        };
        if to_stderr {
            outcome.stderr.push_str(&text);
        } else {
            outcome.stdout.extend_from_slice(text.as_bytes());
        }
    }

    /// The diagnostics as pretty-printed JSON, hidden characters written as `\uXXXX` (see
    /// `text::json_pretty`), so the JSON is the same for a program and safe to `cat`.
    fn json(diagnostics: &[Diagnostic]) -> String {
        let mut out = text::json_pretty(diagnostics);
        out.push('\n');
        out
    }
}
