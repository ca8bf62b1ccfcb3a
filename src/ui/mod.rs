//! The web app. This is the only module that knows Leptos and the browser.
//!
//! State: one `RwSignal<Plan>` with what the user typed, and memos derived from it (the check
//! report, diagnostics by path, the rendered files, the overview). Everything that is not view
//! code lives in plain modules with native tests: `edit` (fields, paths, list operations),
//! `session` (undo history, number drafts), `share` (links), `overview` (at a glance, file tree).

mod browser;
mod compare;
mod form;
mod guard;
mod lists;
mod panels;
mod toolbar;
mod topology;

use crate::app::edit::{self, Field, Kind, List, Place};
use crate::app::session::{Drafts, History};
use crate::app::share;
use crate::bundle;
use crate::check::{check, read_error_diagnostic, unknown_field, Diagnostic, Report, Severity};
use crate::model::Md5Key;
use crate::plan::{read_plan, read_plan_noting_unknown, Plan, EXAMPLES};
use crate::render::{File, RenderError, Secrets};
use gloo_timers::callback::Timeout;
use leptos::prelude::*;
use std::collections::HashMap;
use std::sync::Arc;

/// Rows of a list shown at once: long lists (2,000 VMs) are paged so that every keystroke
/// stays cheap.
pub(crate) const PAGE: usize = 50;

/// The example loaded when there is no saved plan.
const DEFAULT_EXAMPLE: &str = "dc1-dual-stack";

/// The check report of the current plan. Compared by identity: every check is a new report.
#[derive(Clone, Debug)]
pub(crate) struct Checked(pub Arc<Report>);

impl PartialEq for Checked {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
}

/// The rendered bundle. While the plan has errors it keeps the last files without errors,
/// marked stale, so the preview does not vanish at every half-typed address.
#[derive(Clone, Debug, PartialEq, Default)]
pub(crate) struct Preview {
    /// The last check without errors. Files are rendered from its fabric when shown: a
    /// keystroke lists the bundle's paths but renders only the file on screen.
    pub source: Option<Checked>,
    /// The plan of that check, for plan.json.
    pub plan: Option<Arc<Plan>>,
    pub paths: Arc<Vec<String>>,
    pub zip_name: String,
    pub stale: bool,
    /// The `Ctx::generation` the files belong to.
    pub generation: u64,
}

impl Preview {
    /// One file of the previewed bundle, rendered now; an error when it needs a password that
    /// was not given.
    pub fn file(&self, secrets: &Secrets, path: &str) -> Option<Result<File, RenderError>> {
        let fabric = self.source.as_ref()?.0.fabric.as_ref()?;
        bundle::file(self.plan.as_ref()?, fabric, secrets, path)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Tone {
    Info,
    Error,
}

/// A message above the form: what just happened, with Undo where it can be undone.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Notice {
    pub tone: Tone,
    pub title: String,
    pub detail: Option<String>,
    pub code: Option<String>,
    pub help: Option<String>,
    pub undo: bool,
    /// A file the notice offers to download (the plan kept when the page stopped).
    pub offer: Option<Offer>,
}

/// A text file a notice offers: its button's label, the file's name and its text.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Offer {
    pub label: String,
    pub name: String,
    pub text: String,
}

impl Notice {
    pub(crate) fn info(title: impl Into<String>, undo: bool) -> Notice {
        Notice {
            tone: Tone::Info,
            title: title.into(),
            detail: None,
            code: None,
            help: None,
            undo,
            offer: None,
        }
    }

    pub(crate) fn error(title: impl Into<String>, detail: impl Into<String>) -> Notice {
        Notice {
            tone: Tone::Error,
            title: title.into(),
            detail: Some(detail.into()),
            code: None,
            help: None,
            undo: false,
            offer: None,
        }
    }

    fn diagnostic(title: impl Into<String>, d: &Diagnostic) -> Notice {
        Notice {
            tone: Tone::Error,
            title: title.into(),
            // The path names the field when the message does not (a value of the wrong type).
            // Text from a file or a link: shown with its invisible characters escaped, so a
            // bidi override cannot reorder what the notice says.
            detail: Some(
                crate::text::terminal_safe(&match d.place.to_string() {
                    path if path.is_empty() || d.message.contains(&path) => d.message.clone(),
                    path => format!("{} at {path}", d.message),
                })
                .into_owned(),
            ),
            code: Some(d.code.as_str().to_string()),
            help: Some(d.help.clone()),
            undo: false,
            offer: None,
        }
    }
}

/// How many problems the plan has, as the header and the problems panel count them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub(crate) struct Counts {
    /// The check's errors plus the number fields whose text is not a number: those are errors
    /// of the form, not of the plan (the plan still has the old number), and block the bundle
    /// all the same.
    pub errors: usize,
    pub warnings: usize,
}

/// The app's state, shared through context. Every member is a cheap `Copy` handle.
#[derive(Clone, Copy)]
pub(crate) struct Ctx {
    pub plan: RwSignal<Plan>,
    pub report: Memo<Checked>,
    pub problems: Memo<Arc<HashMap<Place, Vec<Diagnostic>>>>,
    pub preview: Memo<Preview>,
    pub history: RwSignal<History<Plan>>,
    pub drafts: RwSignal<Drafts>,
    pub counts: Memo<Counts>,
    pub pages: RwSignal<[usize; 5]>,
    pub notice: RwSignal<Option<Notice>>,
    pub selected: RwSignal<Option<String>>,
    /// Counts whole-plan replacements; the preview keeps stale files only within one.
    pub generation: RwSignal<u64>,
    /// The plan text last saved to (or loaded from) local storage.
    pub saved: StoredValue<String>,
    /// The TCP-MD5 password as typed. Never part of the plan, a link or a diagnostic; kept in
    /// local storage only while `remember_md5` is on.
    pub md5: RwSignal<String>,
    pub remember_md5: RwSignal<bool>,
    /// What the renderers get: the password when it is a valid one.
    pub secrets: Memo<Secrets>,
    /// Whether the compare view is open (its diff is computed only then).
    pub compare: RwSignal<bool>,
    /// The cores in the fabric's AS when the current typing step began.
    pub ibgp_at_start: StoredValue<Vec<usize>>,
    /// A field just added for the user to fill in (a new pool range): its problems wait until
    /// it is typed in or left.
    pub fresh: RwSignal<Option<Field>>,
}

pub(crate) fn use_ctx() -> Ctx {
    expect_context::<Ctx>()
}

fn list_slot(list: List) -> usize {
    List::ALL.iter().position(|l| *l == list).unwrap_or(0)
}

impl Ctx {
    fn new(initial: Plan) -> Ctx {
        let initial_json = initial.to_json();
        let plan = RwSignal::new(initial);
        let report = Memo::new(move |_| {
            Checked(Arc::new(
                plan.with(|p| browser::timed("check", || check(p))),
            ))
        });
        let problems = Memo::new(move |_| {
            let mut by_place: HashMap<Place, Vec<Diagnostic>> = HashMap::new();
            report.with(|r| {
                for d in &r.0.diagnostics {
                    by_place.entry(d.place.clone()).or_default().push(d.clone());
                }
            });
            Arc::new(by_place)
        });
        let drafts = RwSignal::new(Drafts::default());
        let counts = Memo::new(move |_| Counts {
            errors: report.with(|r| r.0.count(Severity::Error)) + drafts.with(Drafts::len),
            warnings: report.with(|r| r.0.count(Severity::Warning)),
        });
        let generation = RwSignal::new(0u64);
        let preview = Memo::new(move |previous: Option<&Preview>| {
            let current = generation.get();
            report.with(|r| match &r.0.fabric {
                Some(fabric) => Preview {
                    source: Some(r.clone()),
                    plan: Some(Arc::new(plan.get())),
                    paths: Arc::new(browser::timed("render", || bundle::paths(fabric))),
                    zip_name: plan.with(bundle::zip_name),
                    stale: false,
                    generation: current,
                },
                None => previous
                    .filter(|p| p.generation == current)
                    .map(|p| Preview {
                        stale: true,
                        ..p.clone()
                    })
                    .unwrap_or_default(),
            })
        });
        let remembered = browser::load_md5();
        let remember_md5 = RwSignal::new(remembered.is_some());
        let md5 = RwSignal::new(remembered.unwrap_or_default());
        let secrets = Memo::new(move |_| Secrets {
            md5: md5.with(|t| t.parse::<Md5Key>().ok()),
        });
        Ctx {
            plan,
            report,
            problems,
            preview,
            md5,
            remember_md5,
            secrets,
            history: RwSignal::new(History::new()),
            drafts,
            counts,
            pages: RwSignal::new([0; 5]),
            notice: RwSignal::new(None),
            selected: RwSignal::new(None),
            generation,
            saved: StoredValue::new(initial_json),
            compare: RwSignal::new(false),
            ibgp_at_start: StoredValue::new(Vec::new()),
            fresh: RwSignal::new(None),
        }
    }

    pub fn page(self, list: List) -> usize {
        self.pages
            .with(|p| p.get(list_slot(list)).copied().unwrap_or(0))
    }

    pub fn set_page(self, list: List, page: usize) {
        self.pages.update(|p| {
            if let Some(slot) = p.get_mut(list_slot(list)) {
                *slot = page;
            }
        });
    }

    /// Typed text into a field. Number fields keep non-digits as a local draft with its own
    /// error, and the plan unchanged.
    pub fn edit(self, field: Field, text: &str) {
        if field.kind() == Kind::Number {
            if edit::parse_number(text).is_err() {
                self.drafts.update(|d| d.set(field, text));
                return;
            }
            if self.drafts.with_untracked(|d| d.get(field).is_some()) {
                self.drafts.update(|d| d.clear(field));
            }
        }
        let Some(current) = self.plan.with_untracked(|p| field.get(p)) else {
            return;
        };
        if current == text {
            return;
        }
        let label = format!("edit {}", field.label().to_ascii_lowercase());
        if self.fresh.get_untracked() == Some(field) {
            self.fresh.set(None);
        }
        // What an AS edit is judged by is the plan as it was when the edit began, not at each
        // keystroke ("6501" is on the way to "65010").
        let as_field = matches!(field, Field::Asn | Field::CoreAsn(_));
        if as_field && !self.history.with_untracked(|h| h.is_open(field)) {
            let cores = self.plan.with_untracked(ibgp_cores);
            self.ibgp_at_start.set_value(cores);
        }
        self.plan
            .with_untracked(|p| self.history.update(|h| h.record(p, &label, Some(field))));
        self.retire_notice_undo();
        self.plan.update(|p| {
            let _ = field.set(p, text);
            // A core that spoke iBGP with the fabric keeps doing so: it follows the fabric's AS.
            if field == Field::Asn {
                self.ibgp_at_start.with_value(|followers| {
                    for &i in followers {
                        if let Some(core) = p.core_gateways.get_mut(i) {
                            core.asn = p.asn;
                        }
                    }
                });
            }
        });
        if let Field::CoreAsn(i) = field {
            self.say_if_now_ebgp(i);
        }
    }

    /// A core that spoke iBGP when the edit of its AS began and now is in another AS: the
    /// reflectors will speak eBGP to it, which changes how routes reach it. Said at once, as a
    /// notice, not only as the check's note.
    fn say_if_now_ebgp(self, core: usize) {
        let was_ibgp = self.ibgp_at_start.with_value(|cores| cores.contains(&core));
        let now = self.plan.with_untracked(|p| {
            p.core_gateways
                .get(core)
                .filter(|c| c.asn != p.asn)
                .map(|c| (c.name.clone(), c.asn, p.asn))
        });
        match now {
            Some((name, asn, fabric)) if was_ibgp => {
                self.notice.set(Some(Notice {
                    detail: Some(
                        "The route reflectors will speak eBGP to it, not iBGP: check the core's configuration in the preview. Undo (Ctrl+Z) takes the change back."
                            .to_string(),
                    ),
                    ..Notice::info(
                        format!("Core gateway \"{name}\" is now in AS {asn}, not the fabric's AS {fabric}."),
                        false,
                    )
                }));
            }
            _ => {}
        }
    }

    /// Ends the typing step of the field that lost focus.
    pub fn seal(self) {
        self.history.update(|h| h.seal());
    }

    /// A structural change (add, remove, duplicate): one undo step.
    pub fn change(self, label: &str, f: impl FnOnce(&mut Plan)) {
        self.plan
            .with_untracked(|p| self.history.update(|h| h.record(p, label, None)));
        self.retire_notice_undo();
        self.plan.update(f);
    }

    /// A step was recorded after the one the notice names: its Undo would now take back the new
    /// step instead, so the notice keeps its message and loses its Undo (the toolbar's Undo,
    /// which names its step, remains).
    fn retire_notice_undo(self) {
        if self
            .notice
            .with_untracked(|n| n.as_ref().is_some_and(|n| n.undo))
        {
            self.notice.update(|n| {
                if let Some(n) = n {
                    n.undo = false;
                }
            });
        }
    }

    /// Replaces the whole plan (new, example, open, link): one undo step, with a notice.
    pub fn replace(self, label: &str, plan: Plan, notice: Notice) {
        self.plan.with_untracked(|p| {
            self.history.update(|h| h.record(p, label, None));
            // Undo lives in memory; the replaced plan also goes to storage so that a reload
            // does not lose it (see `App`, which offers it as the first undo step).
            if let Err(e) = browser::save_replaced(label, &p.to_json()) {
                self.notice.set(Some(Notice::error(
                    "The plan being replaced could not be kept in this browser.",
                    e,
                )));
            }
        });
        // The files of the old plan are not the new plan's, even as stale ones.
        self.generation.update(|g| *g += 1);
        self.drafts.update(|d| d.clear_all());
        self.pages.set([0; 5]);
        guard::drawing(label);
        self.plan.set(plan);
        self.notice.set(Some(notice));
    }

    pub fn undo(self) {
        let current = self.plan.get_untracked();
        if let Some(Some(previous)) = self.history.try_update(|h| h.undo(&current)) {
            self.drafts.update(|d| d.clear_all());
            self.plan.set(previous);
            self.notice.set(None);
        }
    }

    pub fn redo(self) {
        let current = self.plan.get_untracked();
        if let Some(Some(next)) = self.history.try_update(|h| h.redo(&current)) {
            self.drafts.update(|d| d.clear_all());
            self.plan.set(next);
        }
    }

    /// Opens plan text from a file or a link; an unreadable one changes nothing and says why.
    /// Returns whether the plan was opened.
    pub fn open_text(self, source: &str, text: &str) -> bool {
        match read_plan_noting_unknown(text) {
            Ok((plan, unknown)) => {
                let notice = if let [first, rest @ ..] = unknown.as_slice() {
                    // Fields format v1 does not know are dropped: say which, so a misspelt
                    // one ("comunity") does not go unnoticed.
                    let d = unknown_field(first);
                    let more = if rest.is_empty() {
                        String::new()
                    } else {
                        let rest: Vec<String> = rest.iter().map(Place::to_string).collect();
                        format!(" (and {} more: {})", rest.len(), rest.join(", "))
                    };
                    Notice {
                        tone: Tone::Error,
                        title: format!("Opened {source}, without fields it does not know."),
                        detail: Some(format!("{} at {}{more}", d.message, d.place)),
                        code: Some(d.code.as_str().to_string()),
                        help: Some(d.help),
                        undo: true,
                        offer: None,
                    }
                } else {
                    Notice::info(format!("Opened {source}."), true)
                };
                self.replace(&format!("open {source}"), plan, notice);
                true
            }
            Err(e) => {
                self.notice.set(Some(Notice::diagnostic(
                    format!("{source} was not opened; your plan is unchanged."),
                    &read_error_diagnostic(&e),
                )));
                false
            }
        }
    }

    /// Opens the plan a share link carries, if the fragment is one.
    fn open_fragment(self, fragment: &str) {
        if !share::is_plan_link(fragment) {
            return;
        }
        match share::decode(fragment) {
            Ok(text) => {
                if self.open_text("the shared link", &text) {
                    browser::clear_fragment();
                }
            }
            // A damaged link stays in the address bar, so it can be corrected and tried again.
            Err(e) => self.notice.set(Some(Notice::error(
                "The shared link was not opened; your plan is unchanged.",
                e.to_string(),
            ))),
        }
    }

    /// Takes the user to the field a diagnostic points at.
    pub fn focus(self, place: &Place) {
        let target = edit::target(place);
        if let Some((list, index)) = target.item {
            if self.page(list) != index / PAGE {
                self.set_page(list, index / PAGE);
            }
        }
        // The page may have to render first.
        request_animation_frame(move || {
            browser::focus(&target.id);
        });
    }

    /// Saves the plan if it changed since it was loaded or last saved: a tab that only looked
    /// must not overwrite what another tab saved meanwhile.
    fn save_now(self) {
        let text = self.plan.with_untracked(|p| p.to_json());
        if self.saved.with_value(|s| *s == text) {
            return;
        }
        self.saved.set_value(text.clone());
        if let Err(e) = browser::save(&text) {
            self.notice.set(Some(Notice::error(
                "Your changes could not be saved in this browser.",
                e,
            )));
        }
    }
}

/// The core gateways in the fabric's own AS (iBGP), by index.
fn ibgp_cores(plan: &Plan) -> Vec<usize> {
    plan.core_gateways
        .iter()
        .enumerate()
        .filter(|(_, c)| c.asn == plan.asn)
        .map(|(i, _)| i)
        .collect()
}

/// The example plan by name.
pub(crate) fn example(name: &str) -> Option<Plan> {
    EXAMPLES
        .iter()
        .find(|(n, _)| *n == name)
        .and_then(|(_, text)| read_plan(text).ok())
}

/// How the page starts.
struct Start {
    plan: Plan,
    notice: Option<Notice>,
    /// The page stopped while drawing last time (see `guard`): it starts with the example and
    /// opens nothing by itself, neither a share link nor the replaced plan as an undo step.
    after_stop: bool,
}

/// The plan to start with: the saved one, else the default example. A saved plan that cannot
/// be read is kept aside under another key rather than overwritten; so is the saved plan when
/// the page stopped while drawing last time.
fn start() -> Start {
    if guard::stopped_last_time() {
        return Start {
            plan: example(DEFAULT_EXAMPLE).unwrap_or_else(Plan::empty),
            notice: Some(after_a_stop(browser::load_saved())),
            after_stop: true,
        };
    }
    let (plan, notice) = initial_plan();
    Start {
        plan,
        notice,
        after_stop: false,
    }
}

/// What the page says when it starts again after it stopped: the saved plan is kept aside (the
/// example it starts with is saved over the usual key at the next change) and offered as a file.
fn after_a_stop(saved: Option<String>) -> Notice {
    let offer = saved.map(|text| {
        // Kept aside for good measure; the notice holds the text, so its download works even
        // where storage is full.
        let _ = browser::save_key(browser::STOPPED_KEY, &text);
        let name = read_plan(&text)
            .map(|p| bundle::plan_file_name(&p))
            .unwrap_or_else(|_| "fabric.json".to_string());
        Offer {
            label: format!("Download {name}"),
            name,
            text,
        }
    });
    let mut detail = match offer {
        Some(_) => "The plan saved in this browser was kept: download it to keep it as a file, then open it again with Open… if you wish.".to_string(),
        None => "No plan was saved in this browser.".to_string(),
    };
    if share::is_plan_link(&browser::fragment()) {
        detail.push_str(" The shared link in the address bar was not opened again.");
    }
    Notice {
        tone: Tone::Error,
        title: "The page stopped while drawing a plan, so it started again with the example."
            .to_string(),
        detail: Some(detail),
        code: None,
        help: Some("If a plan stops the page again, please report it with the plan file: the page must draw every plan, however wrong.".to_string()),
        undo: false,
        offer,
    }
}

/// The saved plan, else the default example (a first visit says so).
fn initial_plan() -> (Plan, Option<Notice>) {
    let fallback = || example(DEFAULT_EXAMPLE).unwrap_or_else(Plan::empty);
    match browser::load_saved() {
        // A first visit: say what the page is and that what it shows is an example.
        None => (
            fallback(),
            Some(Notice {
                detail: Some(
                    "Describe a VMmanager IP-fabric cluster, see every problem as you type, and download the configuration of every device. An example plan (DC1 dual-stack) is loaded to show a complete fabric; New plan starts an empty one."
                        .to_string(),
                ),
                ..Notice::info("Welcome to fabric-designer.", false)
            }),
        ),
        Some(text) => match read_plan(&text) {
            Ok(plan) => (plan, None),
            Err(e) => {
                let _ = browser::save_aside(&text);
                let d = read_error_diagnostic(&e);
                (
                    fallback(),
                    Some(Notice::diagnostic(
                        "The plan saved in this browser could not be read; it was kept aside and the example was loaded.",
                        &d,
                    )),
                )
            }
        },
    }
}

/// Keeps the plan in storage and the page in step with the window (keys, link, leaving).
fn persist_and_listen(ctx: Ctx, after_stop: bool) {
    // The plan that the last New plan, Load example, Open or link replaced, kept in storage:
    // the first undo step, so that a reload does not make that replacement final.
    if let Some((label, text)) = browser::load_replaced().filter(|_| !after_stop) {
        if let Ok(replaced) = read_plan(&text) {
            if ctx.plan.with_untracked(|p| *p != replaced) {
                ctx.history.update(|h| h.record(&replaced, &label, None));
            }
        }
    }
    if !after_stop {
        ctx.open_fragment(&browser::fragment());
    }
    save_when_typing_pauses(ctx);
    listen_to_window(ctx);
    remember_md5(ctx);
    Effect::new(move |_| browser::mark_ready());
}

/// Every change is saved once typing pauses for 400 ms, and at once when the page goes away
/// (see `listen_to_window`): saving a large plan costs a few milliseconds, which must not land
/// on keystrokes.
fn save_when_typing_pauses(ctx: Ctx) {
    // The one pending save. A change replaces it, and dropping a gloo `Timeout` cancels it, so
    // a burst of keystrokes ends in one save.
    let pending = StoredValue::new_local(None::<Timeout>);
    Effect::new(move |_| {
        ctx.plan.track();
        pending.set_value(Some(Timeout::new(400, move || ctx.save_now())));
    });
}

/// Undo and redo keys, a share link pasted into the address bar, and the save when the page
/// goes away.
fn listen_to_window(ctx: Ctx) {
    let on_hide = window_event_listener_untyped("pagehide", move |_| ctx.save_now());
    let on_hash = window_event_listener_untyped("hashchange", move |_| {
        ctx.open_fragment(&browser::fragment())
    });
    let on_key = window_event_listener(leptos::ev::keydown, move |ev| {
        let command = ev.ctrl_key() || ev.meta_key();
        let key = ev.key();
        let z = key.eq_ignore_ascii_case("z");
        if command && z && !ev.shift_key() {
            ev.prevent_default();
            ctx.undo();
        } else if command && (key.eq_ignore_ascii_case("y") || (z && ev.shift_key())) {
            ev.prevent_default();
            ctx.redo();
        }
    });
    on_cleanup(move || {
        on_hide.remove();
        on_hash.remove();
        on_key.remove();
    });
}

/// The password stays in storage only while "remember" is on; turning it off forgets it.
fn remember_md5(ctx: Ctx) {
    Effect::new(move |_| {
        let remember = ctx.remember_md5.get();
        let result = ctx.md5.with(|text| {
            browser::save_md5(remember.then_some(text.as_str()).filter(|t| !t.is_empty()))
        });
        // Forgetting fails only where storage is off, and then nothing was kept anyway.
        if let (true, Err(e)) = (remember, result) {
            ctx.notice.set(Some(Notice::error(
                "The password could not be kept in this browser.",
                e,
            )));
        }
    });
}

/// Installs the panic hook that marks a stop and shows the page's failure message.
pub fn install_panic_hook() {
    guard::install_panic_hook();
}

#[component]
pub fn App() -> impl IntoView {
    let start = start();
    guard::drawing(if start.after_stop {
        "the example, after a stop"
    } else {
        "the plan at load"
    });
    guard::fail_if_a_test_asks();
    let ctx = Ctx::new(start.plan);
    provide_context(ctx);
    ctx.notice.set(start.notice);
    persist_and_listen(ctx, start.after_stop);

    let dragging = RwSignal::new(false);
    let on_drop = move |ev: leptos::ev::DragEvent| {
        ev.prevent_default();
        dragging.set(false);
        let file = ev
            .data_transfer()
            .and_then(|dt| dt.files())
            .and_then(|files| files.get(0));
        if let Some(file) = file {
            toolbar::open_file(ctx, file);
        }
    };

    view! {
        <div
            class="app"
            class:dragging=move || dragging.get()
            on:dragover=move |ev| {
                ev.prevent_default();
                dragging.set(true);
            }
            on:dragleave=move |_| dragging.set(false)
            on:drop=on_drop
        >
            <a class="skip" href="#problems">"Skip to problems"</a>
            <toolbar::Header />
            <panels::NoticeBar />
            <compare::Compare />
            <main class="layout">
                // The side column stays in view while the form scrolls, within this block
                // only: below it the files take the page's width.
                <div class="designer">
                    <div class="col-form">
                        <form::Editor />
                    </div>
                    <div class="col-side">
                        <panels::ProblemsPanel />
                        <topology::Diagram />
                    </div>
                </div>
                <panels::Files />
            </main>
            <div class="drop-hint" aria-hidden="true">"Drop a plan.json to open it"</div>
            <footer class="footer">
                "fabric-designer runs entirely in your browser: plans stay on this device; share links carry the plan after the # and are never sent to a server."
            </footer>
        </div>
    }
}
