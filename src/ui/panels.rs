//! The panels beside the form: the notice bar, problems, the fabric at a glance, and the file
//! preview.

use super::{browser, use_ctx, Counts, Tone};
use crate::app::overview::{file_tree, file_tree_html};
use crate::app::problems::problems_html;
use crate::model::plural;
use leptos::prelude::*;

/// Groups of problems listed at most; the count above the list is always complete.
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
                        {n.offer.map(|offer| {
                            let label = offer.label.clone();
                            view! {
                                <button
                                    type="button"
                                    on:click=move |_| {
                                        // A failed download keeps the offer to try again.
                                        if let Err(e) = browser::download(&offer.name, "application/json", offer.text.as_bytes()) {
                                            ctx.notice.update(|n| {
                                                if let Some(n) = n {
                                                    n.detail = Some(format!("The download failed: {e}"));
                                                }
                                            });
                                        }
                                    }
                                    data-testid="notice-offer"
                                >
                                    {label}
                                </button>
                            }
                        })}
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
    // Compared as text, so the list is written to the page only when what it says changes
    // (names of items appear in it, so the plan is read too).
    let html = Memo::new(move |_| {
        ctx.plan
            .with(|p| diagnostics.with(|d| drafts.with(|f| problems_html(p, d, f, MAX_LISTED))))
    });
    let summary = move || {
        let Counts { errors, warnings } = ctx.counts.get();
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
            // Built as escaped HTML (app::problems) when the findings or the plan change; one
            // click handler takes the user to the place of the button clicked (its data-path).
            <ol
                class="diagnostics"
                on:click=move |ev| {
                    let path = browser::target_attribute(&ev, "button[data-path]", "data-path");
                    if let Some(place) = path.and_then(|p| p.parse::<crate::plan::Place>().ok()) {
                        ctx.focus(&place);
                    }
                }
                inner_html=move || html.get()
            ></ol>
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
    let html = Memo::new(move |_| {
        let rows = paths.with(|p| file_tree(p.iter().map(String::as_str)));
        current.with(|c| file_tree_html(&rows, c.as_deref()))
    });
    // The tree is written anew to mark the current file: the keyboard goes back to the button
    // that was pressed once the new tree is on the page.
    let refocus: StoredValue<Option<String>> = StoredValue::new(None);
    Effect::new(move |_| {
        html.track();
        if let Some(id) = refocus.try_update_value(Option::take).flatten() {
            request_animation_frame(move || {
                browser::focus(&id);
            });
        }
    });
    view! {
        <nav aria-label="Bundle files">
            <ul
                class="tree"
                data-testid="file-tree"
                on:click=move |ev| {
                    if let Some(path) = browser::target_attribute(&ev, "button[data-path]", "data-path") {
                        refocus.set_value(Some(format!("file-{path}")));
                        ctx.selected.set(Some(path));
                    }
                }
                inner_html=move || html.get()
            ></ul>
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
