//! The plan form: one input per field, with its label and its diagnostics, and the lists with
//! add, remove and duplicate. Element ids come from `edit::element_id` (the field's JSON
//! Pointer), so a diagnostic can take the user to its field.

use super::{use_ctx, PAGE};
use crate::check::{Diagnostic, Severity};
use crate::edit::{self, element_id, Fam, Field, Guard, Kind, List};
use crate::model::Md5Key;
use leptos::prelude::*;

/// Where an input reads its text and its diagnostics. Top-level fields read the plan and the
/// diagnostics directly; the fields of a list item read their item's memos, so that a keystroke
/// wakes one item's inputs instead of every input on the page.
#[derive(Clone, Copy)]
struct Source {
    value: Signal<String>,
    problems: Signal<Option<Vec<Diagnostic>>>,
}

/// The source of a top-level field.
fn plan_value(field: Field) -> Source {
    let ctx = use_ctx();
    let path = field.path();
    Source {
        value: Signal::derive(move || ctx.plan.with(|p| field.get(p).unwrap_or_default())),
        problems: Signal::derive(move || ctx.problems.with(|m| m.get(&path).cloned())),
    }
}

#[component]
pub fn Editor() -> impl IntoView {
    view! {
        <form class="editor" aria-label="Plan" on:submit=|ev| ev.prevent_default()>
            <section id=element_id("") tabindex="-1" class="card" aria-labelledby="fabric-h">
                <h2 id="fabric-h">"Fabric"</h2>
                <div class="grid">
                    <FieldInput field=Field::Name source=plan_value(Field::Name) />
                    <FieldInput field=Field::Asn source=plan_value(Field::Asn) />
                    <FieldInput field=Field::Community source=plan_value(Field::Community) />
                    <FieldInput field=Field::FrrVersion source=plan_value(Field::FrrVersion) />
                </div>
                <Checkbox field=Field::Vxlan source=plan_value(Field::Vxlan) />
                <fieldset id=element_id("/gateway") tabindex="-1" class="group">
                    <legend>"VM gateway (private, on every node's VM interfaces)"</legend>
                    <div class="grid">
                        <FieldInput field=Field::Gateway(Fam::V4) source=plan_value(Field::Gateway(Fam::V4)) />
                        <FieldInput field=Field::Gateway(Fam::V6) source=plan_value(Field::Gateway(Fam::V6)) />
                    </div>
                    <BlockProblems path="/gateway" />
                </fieldset>
                <fieldset id=element_id("/underlay") tabindex="-1" class="group">
                    <legend>"Underlay (the nodes' private network)"</legend>
                    <div class="grid">
                        <FieldInput field=Field::Underlay(Fam::V4) source=plan_value(Field::Underlay(Fam::V4)) />
                        <FieldInput field=Field::Underlay(Fam::V6) source=plan_value(Field::Underlay(Fam::V6)) />
                    </div>
                    <BlockProblems path="/underlay" />
                </fieldset>
                <BlockProblems path="" />
            </section>
            <ProtectionSection />
            {List::ALL.into_iter().map(|list| view! { <ListSection list /> }).collect_view()}
        </form>
    }
}

/// Failure detection, route limits and TCP-MD5: every field has a safe default.
#[component]
fn ProtectionSection() -> impl IntoView {
    let ctx = use_ctx();
    let md5 = Field::Protection(Guard::Md5);
    let md5_on = Memo::new(move |_| ctx.plan.with(|p| p.protection.md5));
    view! {
        <section id=element_id("/protection") tabindex="-1" class="card" aria-labelledby="protection-h">
            <h2 id="protection-h">"Protection"</h2>
            <p class="muted small">
                "Safe defaults for a production fabric: short hold times towards the nodes, BFD towards the core, route limits from the pools."
            </p>
            <div class="grid">
                {Guard::ALL
                    .into_iter()
                    .filter(|g| *g != Guard::Md5)
                    .map(|g| field_view(Field::Protection(g), plan_value(Field::Protection(g))))
                    .collect_view()}
            </div>
            <Checkbox field=md5 source=plan_value(md5) />
            <Show when=move || md5_on.get()>
                <Md5Password />
            </Show>
            <BlockProblems path="/protection" />
        </section>
    }
}

/// The TCP-MD5 password: typed here, kept out of the plan; remembered in this browser only on
/// request (see `App`).
#[component]
fn Md5Password() -> impl IntoView {
    let ctx = use_ctx();
    let problem = Memo::new(move |_| {
        ctx.md5.with(|text| {
            if text.is_empty() {
                Some("type the password: the route reflectors' and the core's configurations need it".to_string())
            } else {
                text.parse::<Md5Key>().err().map(|e| e.to_string())
            }
        })
    });
    view! {
        <div class="grid">
            <div class="field" data-severity=move || problem.with(|p| p.as_ref().map(|_| Severity::Error.as_str()))>
                <label for="md5-password">"TCP-MD5 password (never stored in the plan)"</label>
                <input
                    id="md5-password"
                    type="password"
                    autocomplete="new-password"
                    spellcheck="false"
                    prop:value=move || ctx.md5.get()
                    aria-invalid=move || problem.with(Option::is_some).then_some("true")
                    aria-describedby="md5-password-problems"
                    on:input:target=move |ev| ctx.md5.set(ev.target().value())
                />
                {move || {
                    problem.get().map(|why| view! {
                        <ul class="problems" id="md5-password-problems">
                            <li class=Severity::Error.as_str()><span class="message">{why}</span></li>
                        </ul>
                    })
                }}
            </div>
            <div class="field check">
                <input
                    id="md5-remember"
                    type="checkbox"
                    prop:checked=move || ctx.remember_md5.get()
                    on:change:target=move |ev| ctx.remember_md5.set(ev.target().checked())
                />
                <label for="md5-remember">"Remember the password in this browser"</label>
            </div>
        </div>
    }
}

/// Diagnostics that point at a whole object or list rather than one input.
#[component]
fn BlockProblems(#[prop(into)] path: String) -> impl IntoView {
    let ctx = use_ctx();
    let problems = Memo::new(move |_| ctx.problems.with(|m| m.get(&path).cloned()));
    move || {
        problems.get().map(|list| {
            view! {
                <ul class="problems block">
                    {list.into_iter().map(problem_item).collect_view()}
                </ul>
            }
        })
    }
}

fn problem_item(d: Diagnostic) -> impl IntoView {
    view! {
        <li class=d.severity.as_str()>
            <span class="message">{d.message}</span>
            " "
            <span class="help">{d.help}</span>
            " "
            <code class="code">{d.code.as_str()}</code>
        </li>
    }
}

/// The diagnostics of one field, plus its local error (a number that is not one). Only number
/// fields watch the drafts.
fn use_field_problems(
    field: Field,
    source: Source,
) -> (Memo<Option<Vec<Diagnostic>>>, Signal<Option<String>>) {
    let ctx = use_ctx();
    let problems = Memo::new(move |_| source.problems.get());
    let draft = if field.kind() == Kind::Number {
        Memo::new(move |_| ctx.drafts.with(|d| d.get(field).map(str::to_string))).into()
    } else {
        Signal::stored(None)
    };
    (problems, draft)
}

fn field_problems(
    id: String,
    problems: Memo<Option<Vec<Diagnostic>>>,
    draft: Signal<Option<String>>,
) -> impl IntoView {
    move || {
        let local = draft.with(|d| {
            d.as_deref().map(|text| {
                let why = edit::parse_number(text)
                    .err()
                    .unwrap_or(edit::FieldError::NotANumber);
                view! {
                    <li class=Severity::Error.as_str()>
                        <span class="message">{why.to_string()}</span>
                    </li>
                }
            })
        });
        let list = problems.get();
        (local.is_some() || list.is_some()).then(|| {
            view! {
                <ul class="problems" id=id.clone()>
                    {local}
                    {list.unwrap_or_default().into_iter().map(problem_item).collect_view()}
                </ul>
            }
        })
    }
}

/// The worst severity among a field's problems: a number draft counts as an error.
fn field_severity(
    problems: Memo<Option<Vec<Diagnostic>>>,
    draft: Signal<Option<String>>,
) -> Option<Severity> {
    if draft.with(Option::is_some) {
        return Some(Severity::Error);
    }
    problems.with(|p| p.as_ref()?.iter().map(|d| d.severity).min())
}

/// A note (info) describes a field but does not make it invalid.
fn is_invalid(severity: Option<Severity>) -> bool {
    matches!(severity, Some(Severity::Error | Severity::Warning))
}

#[component]
fn FieldInput(field: Field, source: Source) -> impl IntoView {
    let ctx = use_ctx();
    let value = source.value;
    let id = field.id();
    let problems_id = format!("{id}-problems");
    let (problems, draft) = use_field_problems(field, source);
    let severity = move || field_severity(problems, draft);
    let described_by = move || problems.with(Option::is_some) || draft.with(Option::is_some);
    let flagged = move || is_invalid(severity());
    let shown = move || draft.get().unwrap_or_else(|| value.get());
    let described = problems_id.clone();
    let numeric = field.kind() == Kind::Number;
    let list = matches!(field, Field::VmNode(_)).then_some("node-names");
    view! {
        <div class="field" data-severity=move || severity().map(Severity::as_str)>
            <label for=id.clone()>{field.label()}</label>
            <input
                id=id
                type="text"
                autocomplete="off"
                spellcheck="false"
                autocapitalize="off"
                inputmode=numeric.then_some("numeric")
                list=list
                placeholder=field.placeholder()
                prop:value=shown
                aria-invalid=move || flagged().then_some("true")
                aria-describedby=move || described_by().then(|| described.clone())
                on:input:target=move |ev| ctx.edit(field, &ev.target().value())
                on:blur=move |_| ctx.seal()
            />
            {field_problems(problems_id, problems, draft)}
        </div>
    }
}

#[component]
fn Checkbox(field: Field, source: Source) -> impl IntoView {
    let ctx = use_ctx();
    let value = source.value;
    let id = field.id();
    view! {
        <div class="field check">
            <input
                id=id.clone()
                type="checkbox"
                prop:checked=move || value.with(|v| v == "true")
                on:change:target=move |ev| {
                    ctx.edit(field, if ev.target().checked() { "true" } else { "false" })
                }
            />
            <label for=id>{field.label()}</label>
        </div>
    }
}

#[component]
fn Select(field: Field, source: Source) -> impl IntoView {
    let ctx = use_ctx();
    let value = source.value;
    let id = field.id();
    let problems_id = format!("{id}-problems");
    let (problems, draft) = use_field_problems(field, source);
    let severity = move || field_severity(problems, draft);
    let flagged = move || is_invalid(severity());
    let options = Memo::new(move |_| value.with(|v| field.options(v)));
    let described = problems_id.clone();
    view! {
        <div class="field" data-severity=move || severity().map(Severity::as_str)>
            <label for=id.clone()>{field.label()}</label>
            <select
                id=id
                prop:value=move || value.get()
                aria-invalid=move || flagged().then_some("true")
                aria-describedby=move || problems.with(Option::is_some).then(|| described.clone())
                on:change:target=move |ev| ctx.edit(field, &ev.target().value())
            >
                {move || {
                    options
                        .get()
                        .into_iter()
                        .map(|o| {
                            let selected = value.with_untracked(|v| *v == o);
                            view! {
                                <option value=o.clone() selected=selected>
                                    {o.clone()}
                                </option>
                            }
                        })
                        .collect_view()
                }}
            </select>
            {field_problems(problems_id, problems, draft)}
        </div>
    }
}

fn field_view(field: Field, source: Source) -> AnyView {
    match field.kind() {
        Kind::Choice => view! { <Select field source /> }.into_any(),
        Kind::Flag => view! { <Checkbox field source /> }.into_any(),
        _ => view! { <FieldInput field source /> }.into_any(),
    }
}

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
                        m.get(&field.path()).cloned()
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
fn ListSection(list: List) -> impl IntoView {
    let ctx = use_ctx();
    let len = Memo::new(move |_| ctx.plan.with(|p| list.len(p)));
    let range = Memo::new(move |_| {
        let len = len.get();
        let last_page = len.saturating_sub(1) / PAGE;
        let start = ctx.page(list).min(last_page) * PAGE;
        start..(start + PAGE).min(len)
    });
    let heading = format!("{}-h", list.key());
    let add = move |_| {
        let mut index = 0;
        ctx.change(&format!("add {}", list.noun()), |p| index = list.append(p));
        ctx.set_page(list, index / PAGE);
        let first = list.fields(index)[0];
        request_animation_frame(move || {
            super::browser::focus(&first.id());
        });
    };
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
    view! {
        <section
            id=element_id(&format!("/{}", list.key()))
            tabindex="-1"
            class="card list"
            aria-labelledby=heading.clone()
            data-testid=format!("list-{}", list.key())
        >
            <h2 id=heading.clone()>
                {list.title()}
                " "
                <span class="count">{move || len.get()}</span>
            </h2>
            <BlockProblems path=format!("/{}", list.key()) />
            {datalist}
            <For each=move || range.get() key=|i| *i let:index>
                <Item list index />
            </For>
            <Pager list len />
            <button type="button" class="add" on:click=add data-testid=format!("add-{}", list.key())>
                {format!("+ Add {}", list.noun())}
            </button>
        </section>
    }
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
        ctx.set_page(list, copy / PAGE);
        let first = list.fields(copy)[0];
        request_animation_frame(move || {
            super::browser::focus(&first.id());
        });
    };
    let remove = move |_| {
        ctx.change(&format!("remove {noun}"), |p| list.remove(p, index));
        // Keep the keyboard in the list: focus the section after the item is gone.
        let section = element_id(&format!("/{}", list.key()));
        request_animation_frame(move || {
            super::browser::focus(&section);
        });
    };
    let ranges = (list == List::Pools).then(|| view! { <Ranges pool=index state /> });
    let fields = list.fields(index);
    view! {
        <fieldset
            class="item"
            id=element_id(&format!("/{}/{index}", list.key()))
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
            <BlockProblems path=format!("/{}/{index}", list.key()) />
        </fieldset>
    }
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
            request_animation_frame(move || {
                super::browser::focus(&Field::PoolRange(pool, j).id());
            });
        }
    };
    view! {
        <div class="ranges" id=element_id(&format!("/pools/{pool}/ranges")) tabindex="-1">
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
                                    on:click=move |_| {
                                        ctx.change("remove range", |p| edit::remove_range(p, pool, range));
                                        // Keyboard focus goes to the range now in its place (or
                                        // the one before, or the list), not to the page.
                                        let left = ctx.plan.with_untracked(|p| {
                                            p.pools.get(pool).map_or(0, |x| x.ranges.len())
                                        });
                                        let target = match left {
                                            0 => element_id(&format!("/pools/{pool}/ranges")),
                                            n => Field::PoolRange(pool, range.min(n - 1)).id(),
                                        };
                                        request_animation_frame(move || {
                                            super::browser::focus(&target);
                                        });
                                    }
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
            <BlockProblems path=format!("/pools/{pool}/ranges") />
        </div>
    }
}
