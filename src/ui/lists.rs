//! The plan's lists in the form: each a section of paged items with add, remove and
//! duplicate, and a pool's ranges. An item reads the plan through its own memos, so that a
//! keystroke wakes one item's inputs instead of every input on the page.

use super::form::{field_view, BlockProblems, FieldInput, Source};
use super::{browser, use_ctx, Ctx, PAGE};
use crate::app::edit::{self, paste, Field, List, Place};
use crate::check::Diagnostic;
use leptos::prelude::*;

/// The memos of one shown list item: its field texts (see `List::values`) and their
/// diagnostics, in the same order.
#[derive(Clone, Copy)]
struct ItemState {
    values: Memo<Vec<String>>,
    problems: Memo<Vec<Option<Vec<Diagnostic>>>>,
}

impl ItemState {
    fn new(list: List, index: usize) -> ItemState {
        let ctx = use_ctx();
        let values = Memo::new(move |_| ctx.plan.with(|p| list.values(p, index)));
        let problems = Memo::new(move |_| {
            let n = values.with(Vec::len);
            ctx.problems.with(|m| {
                (0..n)
                    .map(|k| {
                        let field = list.field_at(index, k)?;
                        m.get(&field.into()).cloned()
                    })
                    .collect()
            })
        });
        ItemState { values, problems }
    }

    /// The source of the item's field at position `k`.
    fn source(self, k: usize) -> Source {
        let ItemState { values, problems } = self;
        Source {
            value: Signal::derive(move || values.with(|v| v.get(k).cloned().unwrap_or_default())),
            problems: Signal::derive(move || problems.with(|p| p.get(k).cloned().flatten())),
        }
    }
}

#[component]
pub(super) fn ListSection(list: List) -> impl IntoView {
    let ctx = use_ctx();
    let len = Memo::new(move |_| ctx.plan.with(|p| list.len(p)));
    let range = Memo::new(move |_| {
        let len = len.get();
        let last_page = len.saturating_sub(1) / PAGE;
        let start = ctx.page(list).min(last_page) * PAGE;
        start..(start + PAGE).min(len)
    });
    let heading = format!("{}-h", list.key());
    // Nodes are added several at once ("add N nodes"), each with the next free name and
    // addresses; one undo step.
    let count = RwSignal::new(1usize);
    let add = move |_| {
        let mut index = 0;
        let n = count.get_untracked().max(1);
        ctx.change(&format!("add {}", list.noun()), |p| {
            index = paste::add_many(p, list, n).start
        });
        go_to_item(ctx, list, index);
    };
    let add_label = move || match count.get() {
        0 | 1 => format!("+ Add {}", list.noun()),
        n => format!("+ Add {n} {}s", list.noun()),
    };
    let count_input = (list == List::Nodes).then(|| {
        view! {
            <label class="add-count small">
                "How many"
                <input
                    type="number"
                    min="1"
                    max=paste::MAX_ADD
                    data-testid="add-count"
                    prop:value=move || count.get().to_string()
                    on:input=move |ev| {
                        let n = event_target_value(&ev).parse::<usize>().unwrap_or(1);
                        count.set(n.clamp(1, paste::MAX_ADD));
                    }
                />
            </label>
        }
    });
    let compact = matches!(list, List::Nodes | List::Vms);
    let head = compact.then(|| {
        view! {
            <div class="row-head" aria-hidden="true">
                <div>{paste::columns(list).into_iter().map(|c| view! { <span>{c}</span> }).collect_view()}</div>
            </div>
        }
    });
    let node_names = Memo::new(move |_| {
        if list != List::Vms {
            return Vec::new();
        }
        ctx.plan
            .with(|p| p.nodes.iter().map(|n| n.name.clone()).collect::<Vec<_>>())
    });
    let datalist = (list == List::Vms).then(|| {
        view! {
            <datalist id="node-names">
                {move || {
                    node_names
                        .get()
                        .into_iter()
                        .map(|n| view! { <option value=n></option> })
                        .collect_view()
                }}
            </datalist>
        }
    });
    // Rows copied from a spreadsheet (or CSV lines) and pasted anywhere in the table are added
    // as new items, all or none; a paste without a line break or tab goes into the cell.
    let on_paste = move |ev: leptos::ev::ClipboardEvent| {
        if !compact {
            return;
        }
        let Some(text) = ev.clipboard_data().and_then(|d| d.get_data("text").ok()) else {
            return;
        };
        if !text.trim_end().contains(['\n', '\t']) && !text.trim_end().contains(',') {
            return;
        }
        ev.prevent_default();
        let pasted = ctx.plan.with_untracked(|p| paste::paste(p, list, &text));
        match pasted {
            Ok((after, added)) => {
                let n = added.len();
                ctx.change(&format!("paste {n} {}s", list.noun()), |p| *p = after);
                ctx.notice.set(Some(super::Notice::info(
                    format!("Added {n} pasted row(s) to {}.", list.title()),
                    true,
                )));
                go_to_item(ctx, list, added.start);
            }
            Err(errors) => {
                let lines: Vec<String> = errors.iter().map(ToString::to_string).collect();
                ctx.notice.set(Some(super::Notice::error(
                    format!(
                        "The pasted rows were not added to {}: nothing changed.",
                        list.title()
                    ),
                    lines.join("\n"),
                )));
            }
        }
    };
    view! {
        <section
            id=Place::List(list).element_id()
            tabindex="-1"
            class="card list"
            class:compact=compact
            on:paste=on_paste
            aria-labelledby=heading.clone()
            data-testid=format!("list-{}", list.key())
        >
            <h2 id=heading.clone()>
                {list.title()}
                " "
                <span class="count">{move || len.get()}</span>
            </h2>
            <BlockProblems place=list />
            {datalist}
            {head}
            <For each=move || range.get() key=|i| *i let:index>
                <Item list index />
            </For>
            <Pager list len />
            <div class="add-row">
                {count_input}
                <button type="button" class="add" on:click=add data-testid=format!("add-{}", list.key())>
                    {add_label}
                </button>
            </div>
        </section>
    }
}

/// Shows item `index` of `list` (its page) and puts the keyboard on its first field.
fn go_to_item(ctx: Ctx, list: List, index: usize) {
    ctx.set_page(list, index / PAGE);
    let Some(&first) = list.fields(index).first() else {
        return;
    };
    request_animation_frame(move || {
        browser::focus(&first.id());
    });
}

#[component]
fn Pager(list: List, len: Memo<usize>) -> impl IntoView {
    let ctx = use_ctx();
    let pages = move || len.get().div_ceil(PAGE);
    let page = move || ctx.page(list).min(pages().saturating_sub(1));
    move || {
        (pages() > 1).then(|| {
            let start = page() * PAGE;
            let end = (start + PAGE).min(len.get());
            view! {
                <nav class="pager" aria-label=format!("{} pages", list.title())>
                    <button
                        type="button"
                        disabled=move || page() == 0
                        on:click=move |_| ctx.set_page(list, page().saturating_sub(1))
                    >
                        "Previous"
                    </button>
                    <span>{format!("{}–{} of {}", start + 1, end, len.get())}</span>
                    <button
                        type="button"
                        disabled=move || { page() + 1 >= pages() }
                        on:click=move |_| ctx.set_page(list, page() + 1)
                    >
                        "Next"
                    </button>
                </nav>
            }
        })
    }
}

#[component]
fn Item(list: List, index: usize) -> impl IntoView {
    let ctx = use_ctx();
    // The one subscription of this item to the plan; its inputs read from here.
    let state = ItemState::new(list, index);
    let name = Memo::new(move |_| {
        state
            .values
            .with(|v| v.first().cloned().unwrap_or_default())
    });
    let noun = list.noun();
    let title = move || {
        let n = name.get();
        if n.is_empty() {
            format!("{noun} {}", index + 1)
        } else {
            format!("{noun} {}: {n}", index + 1)
        }
    };
    let duplicate = move |_| {
        let mut copy = index;
        ctx.change(&format!("duplicate {noun}"), |p| {
            copy = list.duplicate(p, index)
        });
        go_to_item(ctx, list, copy);
    };
    let remove = move |_| {
        ctx.change(&format!("remove {noun}"), |p| list.remove(p, index));
        // Keep the keyboard in the list: focus the section after the item is gone.
        let section = Place::List(list).element_id();
        request_animation_frame(move || {
            browser::focus(&section);
        });
    };
    let ranges = (list == List::Pools).then(|| view! { <Ranges pool=index state /> });
    let fields = list.fields(index);
    view! {
        <fieldset
            class="item"
            id=Place::Item(list, index).element_id()
            tabindex="-1"
            data-testid=format!("{}-item", list.key())
        >
            <legend>{title}</legend>
            <div class="item-actions">
                <button
                    type="button"
                    aria-label=move || format!("Duplicate {}", title())
                    on:click=duplicate
                >
                    "Duplicate"
                </button>
                <button
                    type="button"
                    class="danger"
                    aria-label=move || format!("Remove {}", title())
                    on:click=remove
                >
                    "Remove"
                </button>
            </div>
            <div class="grid">
                {fields
                    .into_iter()
                    .enumerate()
                    .map(|(k, field)| field_view(field, state.source(k)))
                    .collect_view()}
            </div>
            {ranges}
            <BlockProblems place=Place::Item(list, index) />
        </fieldset>
    }
}

/// Removes a pool's range. Keyboard focus goes to the range now in its place (or the one
/// before, or the list), not to the page.
fn remove_range(ctx: Ctx, pool: usize, range: usize) {
    ctx.change("remove range", |p| edit::remove_range(p, pool, range));
    let left = ctx
        .plan
        .with_untracked(|p| p.pools.get(pool).map_or(0, |x| x.ranges.len()));
    let target = match left {
        0 => Place::Ranges(pool).element_id(),
        n => Field::PoolRange(pool, range.min(n - 1)).id(),
    };
    request_animation_frame(move || {
        browser::focus(&target);
    });
}

/// A pool's ranges: its values memo holds the pool's name, then the ranges.
#[component]
fn Ranges(pool: usize, state: ItemState) -> impl IntoView {
    let ctx = use_ctx();
    let count = Memo::new(move |_| state.values.with(|v| v.len().saturating_sub(1)));
    let add = move |_| {
        let mut index = None;
        ctx.change("add range", |p| index = edit::add_range(p, pool));
        if let Some(j) = index {
            ctx.fresh.set(Some(Field::PoolRange(pool, j)));
            request_animation_frame(move || {
                browser::focus(&Field::PoolRange(pool, j).id());
            });
        }
    };
    view! {
        <div class="ranges" id=Place::Ranges(pool).element_id() tabindex="-1">
            // Rebuilt when the number of ranges changes; each input reads its own value.
            {move || {
                (0..count.get())
                    .map(|range| {
                        view! {
                            <div class="range-row">
                                <FieldInput field=Field::PoolRange(pool, range) source=state.source(range + 1) />
                                <button
                                    type="button"
                                    class="icon danger"
                                    aria-label=format!("Remove range {} of pool {}", range + 1, pool + 1)
                                    on:click=move |_| remove_range(ctx, pool, range)
                                >
                                    "✕"
                                </button>
                            </div>
                        }
                    })
                    .collect_view()
            }}
            <button type="button" class="add small" on:click=add>
                "+ Add range"
            </button>
            <BlockProblems place=Place::Ranges(pool) />
        </div>
    }
}
