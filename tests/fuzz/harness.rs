//! Runs one fuzz target: a fixed number of seeded iterations, each generated and checked under
//! `catch_unwind`, failures reported with the seed and iteration that reproduce them and the
//! input saved where it can be copied into tests/corpus/.

use super::known;
use super::rng::{Config, Rng};
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::panic::{catch_unwind, AssertUnwindSafe};

/// A broken property: which one (a short stable name, see `known.rs`) and what was seen.
#[derive(Debug, Clone)]
pub struct Failure {
    pub property: &'static str,
    pub detail: String,
}

pub type Checked = Result<(), Failure>;

pub fn fail(property: &'static str, detail: impl Into<String>) -> Failure {
    Failure {
        property,
        detail: detail.into(),
    }
}

/// `ensure!(condition, "property", "detail {x}")`: returns a [`Failure`] when false.
macro_rules! ensure {
    ($cond:expr, $property:expr, $($detail:tt)+) => {
        if !$cond {
            return Err($crate::harness::fail($property, format!($($detail)+)));
        }
    };
}
pub(crate) use ensure;

/// An input that can be shown in a report and saved as a corpus file.
pub trait Case {
    /// The input as the text of a corpus file (plan JSON, a link, or a description).
    fn text(&self) -> String;
    /// The corpus file extension for it: "json", "link" or "txt".
    fn extension(&self) -> &'static str;
}

impl Case for String {
    fn text(&self) -> String {
        self.clone()
    }
    fn extension(&self) -> &'static str {
        "json"
    }
}

/// Counters and maxima a target reports at the end, to show what it really exercised and to
/// calibrate the linearity constants.
#[derive(Debug, Default)]
pub struct Stats {
    pub counts: BTreeMap<String, u64>,
    pub maxima: BTreeMap<String, f64>,
    /// Known failures seen (see `known.rs`): property -> the first detail.
    pub known: BTreeMap<&'static str, String>,
}

impl Stats {
    /// A failure of a known-failing property is noted and the case goes on; any other is
    /// returned. For checks in the middle of a case whose later steps are worth checking.
    pub fn soft(&mut self, failure: Failure) -> Checked {
        match known::property(failure.property) {
            Some(why) => {
                self.count(&format!("known failure: {}", failure.property));
                self.known
                    .entry(failure.property)
                    .or_insert_with(|| format!("{} ({why})", failure.detail));
                Ok(())
            }
            None => Err(failure),
        }
    }

    pub fn count(&mut self, what: &str) {
        *self.counts.entry(what.to_string()).or_default() += 1;
    }

    pub fn max(&mut self, what: &str, value: f64) {
        let slot = self.maxima.entry(what.to_string()).or_insert(value);
        if value > *slot {
            *slot = value;
        }
    }

    pub fn get(&self, what: &str) -> u64 {
        self.counts.get(what).copied().unwrap_or(0)
    }
}

/// A panic payload as text.
pub fn panic_text(payload: &(dyn std::any::Any + Send)) -> String {
    if let Some(s) = payload.downcast_ref::<&str>() {
        s.to_string()
    } else if let Some(s) = payload.downcast_ref::<String>() {
        s.clone()
    } else {
        "(a panic without a message)".to_string()
    }
}

/// Runs `check` under `catch_unwind`; a panic is a failure of the property "no-panic".
pub fn guarded<T>(f: impl FnOnce() -> Result<T, Failure>) -> Result<T, Failure> {
    match catch_unwind(AssertUnwindSafe(f)) {
        Ok(result) => result,
        Err(payload) => Err(fail("no-panic", panic_text(&*payload))),
    }
}

/// Shortens text for a report.
pub fn clip(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return format!("{text:?}");
    }
    let head: String = text.chars().take(max).collect();
    format!("{head:?}… ({} bytes in all)", text.len())
}

/// Saves a failing input under the target folder and returns where.
fn save(target: &str, seed: u64, iteration: u64, case: &dyn Case) -> String {
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("fuzz-failures");
    let path = dir.join(format!(
        "{target}-{seed:#x}-{iteration}.{}",
        case.extension()
    ));
    let written = std::fs::create_dir_all(&dir).and_then(|_| std::fs::write(&path, case.text()));
    match written {
        Ok(()) => path.display().to_string(),
        Err(e) => format!("(not saved: {e})"),
    }
}

/// Whether a run is at least the default one, so that its coverage can be asserted (a run of
/// one iteration, `FUZZ_ONLY`, reaches what that iteration reaches).
pub fn full_run(default_iterations: u64) -> bool {
    let config = Config::from_env();
    config.only.is_none() && config.iterations.is_none_or(|n| n >= default_iterations)
}

/// Runs a target: `generate` makes the input of one iteration from its generator, `check` holds
/// the properties. Panics at the end when a property that is not a known failure broke.
pub fn run<I: Case>(
    target: &str,
    test_name: &str,
    default_iterations: u64,
    generate: impl Fn(&mut Rng) -> I,
    check: impl Fn(&I, &mut Stats) -> Checked,
) -> Stats {
    let config = Config::from_env();
    let iterations = config.iterations.unwrap_or(default_iterations);
    let range = match config.only {
        Some(i) => i..i + 1,
        None => 0..iterations,
    };
    let mut stats = Stats::default();
    let mut report = String::new();
    let mut failures = 0;
    for iteration in range {
        let mut rng = Rng::for_iteration(config.seed, target, iteration);
        let input = match guarded(|| Ok(generate(&mut rng))) {
            Ok(input) => input,
            Err(f) => {
                failures += 1;
                let _ = writeln!(
                    report,
                    "[{target}] FUZZ_SEED={:#x} FUZZ_ONLY={iteration}: panic while generating the input: {}",
                    config.seed, f.detail
                );
                continue;
            }
        };
        stats.count("cases");
        let t0 = std::time::Instant::now();
        let outcome = guarded(|| check(&input, &mut stats));
        if std::env::var("FUZZ_PROFILE").is_ok() && t0.elapsed().as_millis() > 20 {
            println!(
                "[{target}] slow {iteration}: {:?} {} bytes",
                t0.elapsed(),
                input.text().len()
            );
        }
        let Err(mut failure) = outcome else { continue };
        if known::property(failure.property).is_some() {
            failure.detail = format!("at FUZZ_ONLY={iteration}: {}", failure.detail);
            let _ = stats.soft(failure);
            continue;
        }
        failures += 1;
        let saved = save(target, config.seed, iteration, &input);
        let _ = writeln!(
            report,
            "[{target}] property {} broke at FUZZ_SEED={:#x} FUZZ_ONLY={iteration}\n  {}\n  input: {}\n  saved: {saved}\n  reproduce: FUZZ_SEED={:#x} FUZZ_ONLY={iteration} cargo test --test fuzz {test_name} -- --nocapture",
            failure.property,
            config.seed,
            clip(&failure.detail, 500),
            clip(&input.text(), 300),
            config.seed,
        );
        if failures >= 8 {
            let _ = writeln!(report, "[{target}] stopped after {failures} failures");
            break;
        }
    }
    println!(
        "[{target}] seed {:#x}, {} cases; counts {:?}; maxima {:?}",
        config.seed,
        stats.get("cases"),
        stats.counts,
        stats.maxima
    );
    for (property, detail) in &stats.known {
        println!(
            "[{target}] KNOWN FAILURE (not failing the test) {property}: {}",
            clip(detail, 400)
        );
    }
    assert!(failures == 0, "{report}");
    stats
}
