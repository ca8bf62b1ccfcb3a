//! The fabric's picture in the page: the layout the library computes (`render::topology`) and
//! the same SVG pieces the bundle's topology.svg is written from, set as one piece of markup
//! (`app::diagram::Drawn`, every piece of plan text escaped) and redrawn only when what it
//! shows changes. Each device is a focusable button: click, Enter or Space takes the user to
//! its fields; keyboard focus is put back on the same device after a redraw. Problems are
//! marked by shape and glyph as well as colour, and named on hover and focus.
//!
//! Why markup and not a view per device and line: as Leptos views the picture cost the page
//! about 20 KB gzipped, and one memo of a new type about 1 KB (docs/performance.md).

use super::{browser, use_ctx};
use crate::app::diagram::{self, Drawn};
use crate::app::overview::{overview, pools_html};
use leptos::prelude::*;

#[component]
pub fn Diagram() -> impl IntoView {
    let ctx = use_ctx();
    let drawn = Memo::new(move |previous: Option<&Drawn>| {
        ctx.report.with(|r| {
            Drawn::new(&r.0.topology, &r.0.diagnostics, previous)
                .or_else(|| previous.cloned())
                .unwrap_or_default()
        })
    });
    // Per pool its size and VMs; compared as text, so it is written only when it changes.
    let pools = Memo::new(move |_| ctx.plan.with(|p| pools_html(&overview(p))));
    // The id of the device that has keyboard focus.
    let focused: RwSignal<Option<String>> = RwSignal::new(None);
    Effect::new(move |_| {
        drawn.track();
        if let Some(id) = focused.get_untracked() {
            request_animation_frame(move || {
                if browser::focus_lost() {
                    browser::focus(&id);
                }
            });
        }
    });
    let go = move |ev: &web_sys::Event| {
        let id = browser::target_attribute(ev, ".device", "id");
        if let Some((tier, index)) = id.as_deref().and_then(diagram::parse_device_id) {
            focused.set(None);
            ctx.focus(&diagram::list_of(tier).name(index).into());
        }
    };
    view! {
        <section class="card diagram" id="diagram" aria-labelledby="diagram-h" data-testid="diagram">
            <h2 id="diagram-h">"Topology"</h2>
            <div class="diagram-scroll">
                <svg
                    class="topology"
                    viewBox=move || drawn.with(|d| d.view_box.clone())
                    role="group"
                    aria-label=move || drawn.with(|d| format!("Fabric diagram: {}", d.status(None)))
                    on:click=move |ev| go(&ev)
                    on:keydown=move |ev| {
                        if ev.key() == "Enter" || ev.key() == " " {
                            ev.prevent_default();
                            go(&ev);
                        }
                    }
                    on:focusin=move |ev| focused.set(browser::target_attribute(&ev, ".device", "id"))
                    // Focus that moves elsewhere clears it; focus lost because the device's
                    // element was drawn again (no related target) is put back by the effect.
                    on:focusout=move |ev| {
                        if ev.related_target().is_some() {
                            focused.set(None);
                        }
                    }
                    inner_html=move || drawn.with(|d| d.svg.clone())
                ></svg>
            </div>
            <p class="diagram-status" aria-live="polite" data-testid="diagram-status">
                {move || drawn.with(|d| focused.with(|f| d.status(f.as_deref())))}
            </p>
            <details class="diagram-list" data-testid="diagram-list">
                <summary>"The fabric as a list, with the pools"</summary>
                <div inner_html=move || drawn.with(|d| d.list.clone())></div>
                <div inner_html=move || pools.get()></div>
            </details>
        </section>
    }
}
