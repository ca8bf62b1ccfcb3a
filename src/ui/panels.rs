//! The panels beside the form: the notice bar, problems, the fabric at a glance, and the file
//! preview.

use super::{browser, use_ctx, Counts, Tone};
use crate::app::overview::{file_tree, overview, overview_html, TreeRow};
use crate::check::{Diagnostic, Severity};
use leptos::prelude::*;

/// Problems listed at most; the count above the list is always complete.
const MAX_LISTED: usize = 300;

#[component]
pub fn NoticeBar() -> impl IntoView {
    let ctx = use_ctx();
    move || {
        ctx.notice.get().map(|n| {
            let error = n.tone == Tone::Error;
            view! {
                <div
                    class="notice"
                    class:error=error
                    role=if error { "alert" } else { "status" }
                    data-testid="notice"
                >
                    <div class="notice-text">
                        <strong>{n.title}</strong>
                        {n.code.map(|c| view! { " " <code class="code" data-testid="notice-code">{c}</code> })}
                        {n.detail.map(|d| view! { <p data-testid="notice-detail">{d}</p> })}
                        {n.help.map(|h| view! { <p class="help">{h}</p> })}
                    </div>
                    <div class="notice-actions">
                        // The notice goes with either button; the focus goes where the work
                        // continues rather than to the page's start: to the toolbar's Undo
                        // (which now names the step before), or to the form's first field.
                        {n.undo.then(|| view! {
                            <button
                                type="button"
                                on:click=move |_| {
                                    ctx.undo();
                                    request_animation_frame(|| {
                                        if !browser::focus("undo-button") {
                                            browser::focus("field-name");
                                        }
                                    });
                                }
                                data-testid="notice-undo"
                            >
                                "Undo"
                            </button>
                        })}
                        <button
                            type="button"
                            class="quiet"
                            on:click=move |_| {
                                ctx.notice.set(None);
                                request_animation_frame(|| { browser::focus("field-name"); });
                            }
                            data-testid="notice-dismiss"
                        >
                            "Dismiss"
                        </button>
                    </div>
                </div>
            }
        })
    }
}

#[component]
pub fn ProblemsPanel() -> impl IntoView {
    let ctx = use_ctx();
    let diagnostics = Memo::new(move |_| ctx.report.with(|r| r.0.diagnostics.clone()));
    // Number fields holding non-digits: errors of the form, not of the plan.
    let drafts = Memo::new(move |_| ctx.drafts.with(|d| d.fields().collect::<Vec<_>>()));
    let summary = move || {
        let Counts { errors, warnings } = ctx.counts.get();
        let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
        format!(
            "{}, {}",
            plural(errors, "error"),
            plural(warnings, "warning")
        )
    };
    view! {
        <section id="problems" class="card problems-panel" aria-labelledby="problems-h" data-testid="problems" tabindex="-1">
            <h2 id="problems-h">"Problems"</h2>
            <p
                class="summary"
                data-state=move || match ctx.counts.get() {
                    Counts { errors: 0, warnings: 0 } => "clean",
                    Counts { errors: 0, .. } => "warnings",
                    _ => "errors",
                }
                data-testid="problem-count"
                aria-live="polite"
            >
                {summary}
            </p>
            <Show when=move || diagnostics.with(|d| d.is_empty()) && drafts.with(Vec::is_empty)>
                <p class="muted">"No problems: the bundle is ready to download."</p>
            </Show>
            // Rebuilt only when the diagnostics change (the memo compares them), which is
            // cheaper in code size than a keyed <For/> and fast enough for hundreds of rows.
            <ol class="diagnostics">
                {move || {
                    drafts
                        .get()
                        .into_iter()
                        .map(|field| {
                            view! {
                                <li class=Severity::Error.as_str()>
                                    <button
                                        type="button"
                                        class="diagnostic"
                                        data-testid="draft-error"
                                        on:click=move |_| ctx.focus(&field.into())
                                    >
                                        <span class="badge">{Severity::Error.as_str()}</span>
                                        <span class="message">{format!("{} is not a number", field.label())}</span>
                                        <span class="help">"Type digits only, such as 65000; until then the plan keeps the last valid number and the bundle cannot be downloaded."</span>
                                    </button>
                                </li>
                            }
                        })
                        .collect_view()
                }}
                {move || {
                    diagnostics
                        .get()
                        .into_iter()
                        .take(MAX_LISTED)
                        .map(|d| view! { <DiagnosticRow d /> })
                        .collect_view()
                }}
            </ol>
            <Show when=move || { diagnostics.with(|d| d.len() > MAX_LISTED) }>
                <p class="muted">{move || format!("and {} more", diagnostics.with(|d| d.len()) - MAX_LISTED)}</p>
            </Show>
        </section>
    }
}

#[component]
fn DiagnosticRow(d: Diagnostic) -> impl IntoView {
    let ctx = use_ctx();
    let place = d.place.clone();
    let path = d.place.to_string();
    let shown_path = if path.is_empty() {
        "(plan)".to_string()
    } else {
        path.clone()
    };
    view! {
        <li class=d.severity.as_str()>
            <button
                type="button"
                class="diagnostic"
                data-testid="diagnostic"
                data-code=d.code.as_str()
                data-path=path
                on:click=move |_| ctx.focus(&place)
            >
                <span class="badge">{d.severity.as_str()}</span>
                <span class="message">{d.message}</span>
                <span class="help">{d.help}</span>
                <span class="meta"><code>{d.code.as_str()}</code> " at " <code>{shown_path}</code></span>
            </button>
        </li>
    }
}

#[component]
pub fn Glance() -> impl IntoView {
    let ctx = use_ctx();
    // Compared as text: an edit that changes nothing here writes nothing to the page.
    let html = Memo::new(move |_| {
        ctx.plan
            .with(|p| ctx.report.with(|r| overview_html(&overview(p, &r.0))))
    });
    view! {
        <section class="card glance" aria-labelledby="glance-h" data-testid="glance">
            <h2 id="glance-h">"At a glance"</h2>
            <div inner_html=move || html.get()></div>
        </section>
    }
}

#[component]
pub fn Files() -> impl IntoView {
    let ctx = use_ctx();
    let paths = Memo::new(move |_| ctx.preview.with(|p| p.paths.to_vec()));
    // The selected file, or a node's frr.conf, or the first file.
    let current = Memo::new(move |_| {
        let selected = ctx.selected.get();
        paths.with(|p| {
            selected
                .filter(|s| p.contains(s))
                .or_else(|| p.iter().find(|x| x.starts_with("nodes/")).cloned())
                .or_else(|| p.first().cloned())
        })
    });
    view! {
        <section class="card files" aria-labelledby="files-h" data-testid="files">
            <h2 id="files-h">"Files"</h2>
            <Show when=move || ctx.preview.with(|p| p.stale && !p.paths.is_empty())>
                <p class="stale" data-testid="files-stale">
                    "The plan has errors: these files are from the last plan without errors."
                </p>
            </Show>
            <Show
                when=move || paths.with(|p| !p.is_empty())
                fallback=|| view! { <p class="muted">"Fix the errors to see the generated files."</p> }
            >
                <div class="files-body">
                    <FileTree paths current />
                    <FileViewer current />
                </div>
            </Show>
        </section>
    }
}

/// The bundle's folders and files; a click shows the file.
#[component]
fn FileTree(paths: Memo<Vec<String>>, current: Memo<Option<String>>) -> impl IntoView {
    let ctx = use_ctx();
    let rows = Memo::new(move |_| paths.with(|p| file_tree(p.iter().map(String::as_str))));
    let row_view = move |row: TreeRow| {
        let depth = format!("depth-{}", row.depth.min(3));
        let Some(path) = row.file else {
            return view! { <li class=format!("folder {depth}")>{row.label}"/"</li> }.into_any();
        };
        let p1 = path.clone();
        let p2 = path.clone();
        view! {
            <li class=depth>
                <button
                    type="button"
                    class="file"
                    data-testid="file"
                    data-path=path
                    aria-current=move || (current.get().as_ref() == Some(&p1)).then_some("true")
                    on:click=move |_| ctx.selected.set(Some(p2.clone()))
                >
                    {row.label}
                </button>
            </li>
        }
        .into_any()
    };
    view! {
        <nav aria-label="Bundle files">
            <ul class="tree" data-testid="file-tree">
                {move || rows.get().into_iter().map(row_view).collect_view()}
            </ul>
        </nav>
    }
}

/// The shown file, rendered when shown, with Copy and Download.
#[component]
fn FileViewer(current: Memo<Option<String>>) -> impl IntoView {
    let ctx = use_ctx();
    // The file's text, or why it cannot be shown (a TCP-MD5 password is missing).
    let shown = Memo::new(move |_| {
        let path = current.get();
        let file = ctx.secrets.with(|secrets| {
            ctx.preview
                .with(|p| browser::timed("render", || path.and_then(|path| p.file(secrets, &path))))
        });
        match file {
            Some(Ok(f)) => Ok(f.contents),
            Some(Err(e)) => Err(format!(
                "This file needs the TCP-MD5 password: {e}. Type it under Protection to see the file."
            )),
            None => Ok(String::new()),
        }
    });
    let text = Memo::new(move |_| shown.with(|s| s.clone().unwrap_or_default()));
    let blocked = Memo::new(move |_| shown.with(|s| s.as_ref().err().cloned()));
    // While the plan has errors the shown file is the last good plan's: it stays readable, but
    // Copy and Download refuse it, saying why next to them, so no stale file is handed out.
    let stale = Memo::new(move |_| ctx.preview.with(|p| p.stale));
    let unavailable = move || blocked.with(Option::is_some) || stale.get();
    let copied = RwSignal::new(None::<String>);
    // Long lines (Junos set lines, the VM table) scroll sideways unless wrapped.
    let wrap = RwSignal::new(false);
    let copy = move |_| {
        let contents = text.get_untracked();
        leptos::task::spawn_local(async move {
            let result = browser::copy(contents).await;
            copied.set(Some(match result {
                Ok(()) => "Copied".to_string(),
                Err(e) => e,
            }));
            set_timeout(move || copied.set(None), std::time::Duration::from_secs(2));
        });
    };
    let download = move |_| {
        let Some(path) = current.get_untracked() else {
            return;
        };
        let name = crate::app::overview::download_name(&path);
        if let Err(e) = browser::download(
            &name,
            "text/plain;charset=utf-8",
            text.get_untracked().as_bytes(),
        ) {
            ctx.notice.set(Some(super::Notice::error(
                "The file could not be downloaded.",
                e,
            )));
        }
    };
    view! {
        <div class="viewer">
            <div class="viewer-bar">
                <span class="path" data-testid="file-path">{move || current.get().unwrap_or_default()}</span>
                <span class="viewer-actions">
                    <span class="muted small" aria-live="polite">{move || copied.get()}</span>
                    <label class="wrap-toggle small">
                        <input type="checkbox" data-testid="wrap-lines" prop:checked=move || wrap.get() on:change=move |ev| wrap.set(event_target_checked(&ev)) />
                        "Wrap long lines"
                    </label>
                    <Show when=move || stale.get()>
                        <span class="stale-inline" id="file-stale-why" data-testid="file-stale-why">
                            "Fix the errors to copy or download: this file is from the last plan without errors."
                        </span>
                    </Show>
                    <button type="button" on:click=copy data-testid="copy-file" disabled=unavailable aria-describedby=move || stale.get().then_some("file-stale-why")>"Copy"</button>
                    <button type="button" on:click=download data-testid="download-file" disabled=unavailable aria-describedby=move || stale.get().then_some("file-stale-why")>"Download"</button>
                </span>
            </div>
            <Show
                when=move || blocked.with(Option::is_none)
                fallback=move || view! { <p class="stale" data-testid="file-blocked">{move || blocked.get()}</p> }
            >
                <pre class="code-view" class:wrap=move || wrap.get() tabindex="0" aria-label="File contents" data-testid="file-content"><code>{move || text.get()}</code></pre>
            </Show>
        </div>
    }
}
