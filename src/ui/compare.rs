//! "Compare with…": the plan being edited against a baseline (a plan file, or the plan of the
//! last bundle download, which the page keeps), device by device, with each changed file's
//! diff, the order of work, and the change bundle to download. The diff is computed only while
//! the view is open: when it opens, when the baseline changes, and when typing pauses.

use super::toolbar::PlanFileInput;
use super::{browser, use_ctx, Checked};
use crate::app::compare as report;
use crate::bundle;
use crate::check::{check, read_error_diagnostic, Severity};
use crate::diff::{self, Change, Side};
use crate::plan::{read_plan, Plan};
use gloo_timers::callback::Timeout;
use leptos::prelude::*;
use std::sync::Arc;

/// The plan compared with, and where it came from.
#[derive(Clone, Debug, PartialEq)]
struct Baseline {
    source: String,
    plan: Arc<Plan>,
}

/// A computed change, compared by identity: every computation is a new one.
#[derive(Clone, Debug)]
struct Compared(Arc<Change>);

impl PartialEq for Compared {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
}

/// Why there is no comparison to show.
fn blocked(baseline: &Checked, current: &Checked) -> Option<String> {
    let errors = |c: &Checked| c.0.count(Severity::Error);
    match (errors(baseline), errors(current)) {
        (0, 0) => None,
        (n, _) if n > 0 => Some(format!(
            "The baseline plan has {n} error{}: compare needs two plans without errors.",
            if n == 1 { "" } else { "s" }
        )),
        (_, n) => Some(format!(
            "The plan has {n} error{}: fix {} to compare.",
            if n == 1 { "" } else { "s" },
            if n == 1 { "it" } else { "them" }
        )),
    }
}

#[component]
pub fn Compare() -> impl IntoView {
    let ctx = use_ctx();
    let baseline = RwSignal::new(None::<Baseline>);
    let message = RwSignal::new(None::<String>);
    let checked_baseline = Memo::new(move |_| {
        baseline.with(|b| {
            b.as_ref()
                .map(|b| (b.plan.clone(), Checked(Arc::new(check(&b.plan)))))
        })
    });
    // Typing while the view is open recomputes the comparison once typing pauses (300 ms), not
    // on every keystroke: a diff renders both bundles, which at the session limit would
    // take a keystroke past its budget.
    let typed = RwSignal::new(0u64);
    let pending = StoredValue::new_local(None::<Timeout>);
    Effect::new(move |_| {
        ctx.plan.track();
        if ctx.compare.get_untracked() {
            pending.set_value(Some(Timeout::new(300, move || typed.update(|t| *t += 1))));
        }
    });
    let result = Memo::new(move |_| -> Option<Result<Compared, String>> {
        if !ctx.compare.get() {
            return None;
        }
        typed.track();
        let (old_plan, old) = checked_baseline.get()?;
        let current = ctx.report.get_untracked();
        if let Some(why) = blocked(&old, &current) {
            return Some(Err(why));
        }
        let (Some(old_fabric), Some(new_fabric)) = (&old.0.fabric, &current.0.fabric) else {
            return Some(Err("No comparison: a plan has errors.".to_string()));
        };
        let change = ctx.plan.with_untracked(|plan| {
            browser::timed("diff", || {
                diff::diff(
                    Side {
                        plan: &old_plan,
                        fabric: old_fabric,
                    },
                    Side {
                        plan,
                        fabric: new_fabric,
                    },
                )
            })
        });
        Some(Ok(Compared(Arc::new(change))))
    });
    let use_text = move |source: String, text: &str| match read_plan(text) {
        Ok(plan) => {
            baseline.set(Some(Baseline {
                source,
                plan: Arc::new(plan),
            }));
            message.set(None);
        }
        Err(e) => {
            let d = read_error_diagnostic(&e);
            message.set(Some(format!(
                "{source} was not used as the baseline: {} (the baseline is unchanged).",
                crate::text::terminal_safe(&d.message)
            )));
        }
    };
    let use_download = move |_| match browser::load_downloaded() {
        Some(text) => use_text("The plan of the last download".to_string(), &text),
        None => message.set(Some(
            "No bundle was downloaded from this browser yet: open the baseline plan file instead."
                .to_string(),
        )),
    };
    let download = move |_| {
        let Some(Ok(Compared(change))) = result.get_untracked() else {
            return;
        };
        let name = ctx.plan.with_untracked(bundle::change_zip_name);
        let outcome = bundle::zip(&diff::change_bundle(&change))
            .map_err(|e| e.to_string())
            .and_then(|bytes| browser::download(&name, "application/zip", &bytes));
        if let Err(e) = outcome {
            message.set(Some(format!("The change bundle could not be built: {e}")));
        }
    };
    let close = move |_| {
        ctx.compare.set(false);
        request_animation_frame(|| {
            browser::focus("compare-open-button");
        });
    };
    // Opening the view takes the focus to it.
    Effect::new(move |was_open: Option<bool>| {
        let open = ctx.compare.get();
        if open && was_open == Some(false) {
            request_animation_frame(|| {
                browser::focus("compare-h");
            });
        }
        open
    });
    view! {
        <Show when=move || ctx.compare.get()>
            <section id="compare" class="card compare" aria-labelledby="compare-h" data-testid="compare">
                <div class="compare-head">
                    <h2 id="compare-h" tabindex="-1">"Compare with a running fabric's plan"</h2>
                    <button type="button" class="quiet" on:click=close data-testid="compare-close">"Close"</button>
                </div>
                <p class="muted small">
                    "What changes, device by device, from the baseline (the plan the running fabric was built from) to this plan, and the steps that change a running cluster without losing a route."
                </p>
                <div class="compare-sources">
                    <button type="button" on:click=use_download data-testid="compare-last-download">"The plan of the last download"</button>
                    <PlanFileInput
                        id="compare-file"
                        on_file=move |file: web_sys::File| {
                            let name = file.name();
                            leptos::task::spawn_local(async move {
                                match browser::read_text(file).await {
                                    Ok(text) => use_text(format!("\"{name}\""), &text),
                                    Err(e) => message.set(Some(format!("\"{name}\" could not be read: {e}"))),
                                }
                            });
                        }
                    />
                    <label for="compare-file" class="button">"Open a baseline plan…"</label>
                    <span class="muted small" data-testid="compare-baseline">
                        {move || baseline.with(|b| match b {
                            Some(b) => format!("Baseline: {}", b.source),
                            None => "No baseline yet.".to_string(),
                        })}
                    </span>
                </div>
                <p class="stale" role="alert" data-testid="compare-message" hidden=move || message.with(Option::is_none)>
                    {move || message.get()}
                </p>
                {move || match result.get() {
                    None => ().into_any(),
                    Some(Err(why)) => view! { <p class="stale" data-testid="compare-blocked">{why}</p> }.into_any(),
                    Some(Ok(Compared(change))) => view! { <ChangeView change download /> }.into_any(),
                }}
            </section>
        </Show>
    }
}

/// The change: its summary and download, then the report (built as escaped HTML by
/// `app::compare`).
#[component]
fn ChangeView(
    change: Arc<Change>,
    download: impl Fn(leptos::ev::MouseEvent) + 'static,
) -> impl IntoView {
    if change.is_empty() {
        return view! {
            <p data-testid="compare-nothing">"No change: the two plans give the same configuration."</p>
        }
        .into_any();
    }
    let summary = report::summary(&change);
    let html = report::change_html(&change);
    view! {
        <div class="compare-summary">
            <p data-testid="compare-summary"><strong>"Devices: "</strong>{summary}</p>
            <button type="button" class="primary" on:click=download data-testid="compare-download">"Download change bundle"</button>
        </div>
        <div class="compare-body" inner_html=html></div>
    }
    .into_any()
}
