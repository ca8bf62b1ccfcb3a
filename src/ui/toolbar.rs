//! The header: new plan, examples, open, save, share, undo/redo and the bundle download.

use super::{browser, example, use_ctx, Ctx, Notice};
use crate::app::share;
use crate::bundle;
use crate::plan::{Plan, EXAMPLES};
use leptos::prelude::*;

/// Reads a picked or dropped file and opens it; a broken file changes nothing.
pub fn open_file(ctx: Ctx, file: web_sys::File) {
    let name = file.name();
    leptos::task::spawn_local(async move {
        match browser::read_text(file).await {
            Ok(text) => {
                ctx.open_text(&format!("\"{name}\""), &text);
            }
            Err(e) => ctx.notice.set(Some(Notice::error(
                format!("\"{name}\" was not opened; your plan is unchanged."),
                e,
            ))),
        }
    });
}

/// A hidden input that picks a plan file (its `<label for=id>` is the visible button); the
/// input is emptied after each pick, so picking the same file again works.
#[component]
pub fn PlanFileInput(id: &'static str, on_file: impl Fn(web_sys::File) + 'static) -> impl IntoView {
    view! {
        <input
            id=id
            class="visually-hidden file-input"
            type="file"
            accept=".json,application/json"
            data-testid=id
            on:change:target=move |ev| {
                let input = ev.target();
                if let Some(file) = input.files().and_then(|f| f.get(0)) {
                    on_file(file);
                }
                input.set_value("");
            }
        />
    }
}

/// The header: the plan's title and the toolbar, and the share panel under them.
#[component]
pub fn Header() -> impl IntoView {
    let ctx = use_ctx();
    // The link of the last Share, shown until closed or until the plan changes.
    let share_url = RwSignal::new(None::<String>);
    // A link shows the plan as it was when Share was pressed: once the plan changes, the panel
    // closes rather than offer a link to an older plan.
    Effect::new(move |shared_plan: Option<()>| {
        ctx.plan.track();
        if shared_plan.is_some() {
            share_url.set(None);
        }
    });
    let share_status = RwSignal::new(None::<String>);
    view! {
        <header class="header">
            <Brand />
            <div class="toolbar" role="toolbar" aria-label="Plan">
                <PlanTools />
                <FileTools share_url share_status />
                <HistoryTools />
                <DownloadTools />
            </div>
            <SharePanel share_url share_status />
        </header>
    }
}

/// The app's name and the plan's.
#[component]
fn Brand() -> impl IntoView {
    let ctx = use_ctx();
    let title = move || {
        ctx.plan.with(|p| {
            if p.name.trim().is_empty() {
                "Untitled plan".to_string()
            } else {
                p.name.clone()
            }
        })
    };
    view! {
        <div class="brand">
            <span class="logo" aria-hidden="true"></span>
            <div>
                <h1>"fabric-designer"</h1>
                <p class="tagline muted small">"Design the BGP IP fabric of a VMmanager cluster: live checks, every device's configuration"</p>
                <p class="plan-title" data-testid="plan-title">{title}</p>
            </div>
        </div>
    }
}

/// New plan and the examples.
#[component]
fn PlanTools() -> impl IntoView {
    let ctx = use_ctx();
    let chosen = RwSignal::new(EXAMPLES[0].0.to_string());
    let load_example = move |_| {
        let name = chosen.get_untracked();
        if let Some(plan) = example(&name) {
            ctx.replace(
                &format!("load example {name}"),
                plan,
                Notice::info(format!("Loaded the example \"{name}\"."), true),
            );
        }
    };
    let new_plan = move |_| {
        // Any four characters will do: the id only has to differ from other fabrics' on the
        // same core, and the user is asked to make it their own.
        let plan = Plan::new_with_id((js_sys::Math::random() * 1_679_616.0) as u64);
        let id = plan.id.clone().unwrap_or_default();
        ctx.replace(
            "new plan",
            plan,
            Notice {
                detail: Some(format!(
                    "Its fabric ID is {id}: make it a short name of this fabric (it names the fabric's objects on the core routers)."
                )),
                ..Notice::info("Started a new, empty plan.", true)
            },
        )
    };
    view! {
        <div class="tool-group">
            <button type="button" on:click=new_plan data-testid="new-plan">"New plan"</button>
            <label class="inline-label" for="example-picker">"Example"</label>
            <select
                id="example-picker"
                data-testid="example-picker"
                on:change:target=move |ev| chosen.set(ev.target().value())
            >
                {EXAMPLES
                    .iter()
                    .map(|(name, _)| view! { <option value=*name>{*name}</option> })
                    .collect_view()}
            </select>
            <button type="button" on:click=load_example data-testid="load-example">"Load example"</button>
        </div>
    }
}

/// Open, save and share the plan file.
#[component]
fn FileTools(
    share_url: RwSignal<Option<String>>,
    share_status: RwSignal<Option<String>>,
) -> impl IntoView {
    let ctx = use_ctx();
    let save = move |_| {
        let (json, name) = ctx
            .plan
            .with_untracked(|p| (p.to_json(), bundle::plan_file_name(p)));
        if let Err(e) = browser::download(&name, "application/json", json.as_bytes()) {
            ctx.notice
                .set(Some(Notice::error("The plan could not be saved.", e)));
        }
    };
    let share = move |_| {
        let url = format!(
            "{}#{}",
            browser::page_url(),
            ctx.plan.with_untracked(|p| share::encode(&p.to_json()))
        );
        share_url.set(Some(url.clone()));
        leptos::task::spawn_local(async move {
            share_status.set(Some(match browser::copy(url).await {
                Ok(()) => "Link copied to the clipboard.".to_string(),
                Err(_) => "Select the link and copy it.".to_string(),
            }));
        });
        request_animation_frame(|| {
            browser::focus("share-url");
        });
    };
    view! {
        <div class="tool-group">
            <PlanFileInput id="open-file" on_file=move |file| open_file(ctx, file) />
            <label for="open-file" class="button">"Open…"</label>
            <button
                type="button"
                on:click=save
                title=move || ctx.plan.with(|p| format!("Saves {}", bundle::plan_file_name(p)))
                data-testid="save-plan"
            >
                "Save plan"
            </button>
            <button type="button" on:click=share data-testid="share">"Share link"</button>
            <button
                type="button"
                id="compare-open-button"
                on:click=move |_| ctx.compare.set(true)
                aria-expanded=move || ctx.compare.get().to_string()
                aria-controls="compare"
                data-testid="compare-open"
            >
                "Compare with…"
            </button>
        </div>
    }
}

/// Undo and redo, each naming the step it would take back or again.
#[component]
fn HistoryTools() -> impl IntoView {
    let ctx = use_ctx();
    let undo_label = move || ctx.history.with(|h| h.undo_label().map(str::to_string));
    let redo_label = move || ctx.history.with(|h| h.redo_label().map(str::to_string));
    view! {
        <div class="tool-group">
            <button
                type="button"
                id="undo-button"
                on:click=move |_| ctx.undo()
                disabled=move || undo_label().is_none()
                title=move || undo_label().map(|l| format!("Undo {l} (Ctrl+Z)"))
                data-testid="undo"
            >
                "Undo"
            </button>
            <button
                type="button"
                on:click=move |_| ctx.redo()
                disabled=move || redo_label().is_none()
                title=move || redo_label().map(|l| format!("Redo {l} (Ctrl+Shift+Z)"))
                data-testid="redo"
            >
                "Redo"
            </button>
        </div>
    }
}

/// Builds the bundle of the current plan and offers it as a zip.
fn download_bundle(ctx: Ctx) -> Result<(), String> {
    ctx.report.with_untracked(|r| {
        let fabric = r.0.fabric.as_ref().ok_or("the plan has errors")?;
        if !ctx.drafts.with_untracked(|d| d.is_empty()) {
            return Err("a number field holds text that is not a number".to_string());
        }
        let (files, name) = ctx.plan.with_untracked(|plan| {
            let files = ctx
                .secrets
                .with_untracked(|secrets| bundle::files(plan, fabric, secrets));
            (files, bundle::zip_name(plan))
        });
        let files = files.map_err(|e| format!("{e}: type it under Protection"))?;
        let bytes = bundle::zip(&files).map_err(|e| e.to_string())?;
        browser::download(&name, "application/zip", &bytes)?;
        // The baseline of "Compare with…": the running fabric is most likely this plan. Not
        // keeping it costs only that offer, so a full storage does not fail the download.
        let _ = ctx
            .plan
            .with_untracked(|plan| browser::save_downloaded(&plan.to_json()));
        Ok(())
    })
}

/// The bundle download, and why it is unavailable when it is.
#[component]
fn DownloadTools() -> impl IntoView {
    let ctx = use_ctx();
    let errors = Memo::new(move |_| ctx.counts.with(|c| c.errors));
    // The plan asks for TCP-MD5 and no valid password was typed.
    let needs_password = Memo::new(move |_| {
        ctx.plan.with(|p| p.protection.md5) && ctx.secrets.with(|s| s.md5.is_none())
    });
    let download = move |_| {
        if let Err(e) = download_bundle(ctx) {
            ctx.notice
                .set(Some(Notice::error("The bundle could not be built.", e)));
        }
    };
    view! {
        <div class="tool-group download">
            <button
                type="button"
                class="primary"
                on:click=download
                disabled=move || { errors.get() > 0 || needs_password.get() }
                aria-describedby="download-why"
                data-testid="download-bundle"
            >
                "Download bundle"
            </button>
            <span id="download-why" class="why" data-testid="download-why">
                {move || match errors.get() {
                    0 if needs_password.get() => "Unavailable: type the TCP-MD5 password under Protection".to_string(),
                    0 => ctx.preview.with(|p| p.zip_name.clone()),
                    1 => "Unavailable: fix the 1 error first".to_string(),
                    n => format!("Unavailable: fix the {n} errors first"),
                }}
            </span>
        </div>
    }
}

/// The link of the last Share, to select and copy by hand when the clipboard refused.
#[component]
fn SharePanel(
    share_url: RwSignal<Option<String>>,
    share_status: RwSignal<Option<String>>,
) -> impl IntoView {
    move || {
        share_url.get().map(|url| {
            view! {
                <div class="share" data-testid="share-panel">
                    <label for="share-url">"Share link (the plan travels in the link; nothing is sent to a server)"</label>
                    <div class="share-row">
                        <input
                            id="share-url"
                            type="text"
                            readonly
                            prop:value=url
                            data-testid="share-url"
                            on:focus:target=move |ev| ev.target().select()
                        />
                        <button type="button" class="quiet" on:click=move |_| share_url.set(None)>"Close"</button>
                    </div>
                    <p class="muted small" aria-live="polite">{move || share_status.get()}</p>
                </div>
            }
        })
    }
}
