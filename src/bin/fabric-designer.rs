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
    use fabric_designer::check::{check_text, Diagnostic, Report, Severity};
    use fabric_designer::model::Md5Key;
    use fabric_designer::{bundle, render};
    use std::io::{Read, Write};
    use std::path::{Path, PathBuf};
    use std::process::ExitCode;

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

    pub fn main() -> ExitCode {
        let cli = Cli::parse();
        match cli.command {
            Command::Validate { plan, format } => validate(&plan, format),
            Command::Render {
                plan,
                target,
                md5_password_file,
            } => render_to(&plan, &target, md5_password_file.as_deref()),
        }
    }

    /// Reads and checks the plan; when it cannot be read, prints its diagnostic (to standard
    /// error for `render`) and gives the exit code.
    fn load(path: &PathBuf, format: Format, to_stderr: bool) -> Result<Report, ExitCode> {
        let mut text = String::new();
        let read = if path.as_os_str() == "-" {
            std::io::stdin().read_to_string(&mut text).map(|_| ())
        } else {
            std::fs::read_to_string(path).map(|t| text = t)
        };
        if let Err(e) = read {
            eprintln!("fabric-designer: cannot read {}: {e}", path.display());
            return Err(ExitCode::from(2));
        }
        check_text(&text).map_err(|d| {
            print_diagnostics(&[d], format, to_stderr);
            ExitCode::from(2)
        })
    }

    fn validate(path: &PathBuf, format: Format) -> ExitCode {
        let report = match load(path, format, false) {
            Ok(r) => r,
            Err(code) => return code,
        };
        print_diagnostics(&report.diagnostics, format, false);
        if let Format::Text = format {
            println!("{}", summary(&report));
        }
        ExitCode::from(if report.has_errors() { 1 } else { 0 })
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

    fn render_to(path: &PathBuf, target: &Target, md5_file: Option<&Path>) -> ExitCode {
        let report = match load(path, Format::Text, true) {
            Ok(r) => r,
            Err(code) => return code,
        };
        let Some(fabric) = &report.fabric else {
            print_diagnostics(&report.diagnostics, Format::Text, true);
            eprintln!("{}; nothing was written", summary(&report));
            return ExitCode::from(1);
        };
        let files = match secrets(md5_file).and_then(|s| {
            render::render(fabric, &s).map_err(|e| {
                format!("{e}: give it in a file with --md5-password-file FILE or in the environment variable {MD5_ENV}")
            })
        }) {
            Ok(files) => files,
            Err(e) => {
                eprintln!("fabric-designer: {e}; nothing was written");
                return ExitCode::from(2);
            }
        };
        let written = if let Some(dir) = &target.out {
            bundle::write_dir(&files, dir).map(|_| dir.display().to_string())
        } else if let Some(zip_path) = &target.zip {
            bundle::zip(&files)
                .map_err(std::io::Error::other)
                .and_then(|bytes| std::fs::write(zip_path, bytes))
                .map(|_| zip_path.display().to_string())
        } else {
            unreachable!("clap requires --out or --zip")
        };
        match written {
            Ok(to) => {
                // Warnings do not block rendering, but nobody should miss them.
                print_diagnostics(&report.diagnostics, Format::Text, true);
                eprintln!("wrote {} files to {to}", files.len());
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("fabric-designer: cannot write the bundle: {e}");
                ExitCode::from(2)
            }
        }
    }

    fn summary(report: &Report) -> String {
        let n = |s| report.count(s);
        let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
        format!(
            "{}, {}, {}",
            plural(n(Severity::Error), "error"),
            plural(n(Severity::Warning), "warning"),
            plural(n(Severity::Info), "note")
        )
    }

    fn print_diagnostics(diagnostics: &[Diagnostic], format: Format, to_stderr: bool) {
        let text = match format {
            Format::Json => {
                let mut t = serde_json::to_string_pretty(diagnostics).unwrap_or_default();
                t.push('\n');
                t
            }
            Format::Text => diagnostics.iter().map(|d| format!("{d}\n")).collect(),
        };
        let result = if to_stderr {
            std::io::stderr().write_all(text.as_bytes())
        } else {
            std::io::stdout().write_all(text.as_bytes())
        };
        // A closed pipe (validate ... | head) is not an error worth a panic.
        let _ = result;
    }
}
