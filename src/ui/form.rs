//! The plan form: one input per field, with its label and its diagnostics; the lists are in
//! `lists.rs`. Element ids come from the `Place` of what they show (`Place::element_id`), the
//! same type the diagnostics carry, so a diagnostic can take the user to its field.

use super::lists::ListSection;
use super::use_ctx;
use crate::app::edit::{self, Field, Guard, Kind, List, Place, Section};
use crate::check::{Diagnostic, Severity};
use crate::model::{Family, Md5Key};
use leptos::prelude::*;

/// Where an input reads its text and its diagnostics. Top-level fields read the plan and the
/// diagnostics directly; the fields of a list item read their item's memos, so that a keystroke
/// wakes one item's inputs instead of every input on the page.
#[derive(Clone, Copy)]
pub(super) struct Source {
    pub value: Signal<String>,
    pub problems: Signal<Option<Vec<Diagnostic>>>,
}

/// The source of a top-level field.
fn plan_value(field: Field) -> Source {
    let ctx = use_ctx();
    Source {
        value: Signal::derive(move || ctx.plan.with(|p| field.get(p).unwrap_or_default())),
        problems: Signal::derive(move || ctx.problems.with(|m| m.get(&field.into()).cloned())),
    }
}

#[component]
pub fn Editor() -> impl IntoView {
    view! {
        <form class="editor" aria-label="Plan" on:submit=|ev| ev.prevent_default()>
            <section id=Place::Plan.element_id() tabindex="-1" class="card" aria-labelledby="fabric-h">
                <h2 id="fabric-h">"Fabric"</h2>
                <div class="grid">
                    <FieldInput field=Field::Name source=plan_value(Field::Name) />
                    <FieldInput field=Field::Id source=plan_value(Field::Id) />
                    <FieldInput field=Field::Asn source=plan_value(Field::Asn) />
                    <FieldInput field=Field::Community source=plan_value(Field::Community) />
                    <FieldInput field=Field::FrrVersion source=plan_value(Field::FrrVersion) />
                </div>
                <Checkbox field=Field::Vxlan source=plan_value(Field::Vxlan) />
                <fieldset id=Place::Section(Section::Gateway).element_id() tabindex="-1" class="group">
                    <legend>"VM gateway (private, on every node's VM interfaces)"</legend>
                    <div class="grid">
                        <FieldInput field=Field::Gateway(Family::V4) source=plan_value(Field::Gateway(Family::V4)) />
                        <FieldInput field=Field::Gateway(Family::V6) source=plan_value(Field::Gateway(Family::V6)) />
                    </div>
                    <BlockProblems place=Section::Gateway />
                </fieldset>
                <fieldset id=Place::Section(Section::Underlay).element_id() tabindex="-1" class="group">
                    <legend>"Underlay (the nodes' private network)"</legend>
                    <div class="grid">
                        <FieldInput field=Field::Underlay(Family::V4) source=plan_value(Field::Underlay(Family::V4)) />
                        <FieldInput field=Field::Underlay(Family::V6) source=plan_value(Field::Underlay(Family::V6)) />
                    </div>
                    <BlockProblems place=Section::Underlay />
                </fieldset>
                <BlockProblems place=Place::Plan />
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
        <section id=Place::Section(Section::Protection).element_id() tabindex="-1" class="card" aria-labelledby="protection-h">
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
            <BlockProblems place=Section::Protection />
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
pub(super) fn BlockProblems(#[prop(into)] place: Place) -> impl IntoView {
    let ctx = use_ctx();
    let problems = Memo::new(move |_| ctx.problems.with(|m| m.get(&place).cloned()));
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
    // In the form's words (see app::problems), read from the plan as it is now.
    let ctx = super::use_ctx();
    let (message, help) = ctx.plan.with_untracked(|p| {
        (
            crate::app::problems::in_form_terms(p, &d.message),
            crate::app::problems::in_form_terms(p, &d.help),
        )
    });
    view! {
        <li class=d.severity.as_str()>
            <span class="message">{message}</span>
            " "
            <span class="help">{help}</span>
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
    // A field just added for the user to fill in shows no problem until it is typed in or
    // left: its emptiness is not a mistake yet. The problems panel lists it all the same.
    let problems = Memo::new(move |_| {
        if ctx.fresh.get() == Some(field) {
            None
        } else {
            source.problems.get()
        }
    });
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
pub(super) fn FieldInput(field: Field, source: Source) -> impl IntoView {
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
                // "e.g." so that an example never reads as a value already there.
                placeholder=match field.placeholder() {
                    "" => String::new(),
                    example => format!("e.g. {example}"),
                }
                prop:value=shown
                aria-invalid=move || flagged().then_some("true")
                aria-describedby=move || described_by().then(|| described.clone())
                on:input:target=move |ev| ctx.edit(field, &ev.target().value())
                on:blur=move |_| {
                    ctx.seal();
                    if ctx.fresh.get_untracked() == Some(field) {
                        ctx.fresh.set(None);
                    }
                }
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

pub(super) fn field_view(field: Field, source: Source) -> AnyView {
    match field.kind() {
        Kind::Choice => view! { <Select field source /> }.into_any(),
        Kind::Flag => view! { <Checkbox field source /> }.into_any(),
        _ => view! { <FieldInput field source /> }.into_any(),
    }
}
