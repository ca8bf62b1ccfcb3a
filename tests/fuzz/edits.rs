//! Random sequences of the web form's edits: fields set to random text, items added, removed and
//! duplicated at any index (out of range too), ranges added and removed, undo and redo, and the
//! targets of diagnostics and of random paths.

use crate::harness::{clip, ensure, fail, Case, Checked, Failure, Stats};
use crate::mutate::nasty_strings;
use crate::props;
use crate::rng::Rng;
use fabric_designer::app::edit::{
    add_range, remove_range, target, Field, Guard, Kind, List, Place,
};
use fabric_designer::app::session::History;
use fabric_designer::check::check as check_plan;
use fabric_designer::plan::{read_plan, Plan, EXAMPLES};

/// One step. Indexes and texts are raw random numbers, resolved against the plan as it is when
/// the step runs, so a sequence replays exactly from its own description.
#[derive(Debug, Clone)]
pub enum Op {
    Set {
        field: u64,
        text: u64,
    },
    /// A value the field accepts, on the fields that cannot break a valid plan (the name,
    /// protection, VxLAN, community, FRR version): keeps sequences valid long enough to render.
    SetValid {
        field: u64,
        text: u64,
    },
    Append(List),
    Remove(List, u64),
    Duplicate(List, u64),
    AddRange(u64),
    RemoveRange(u64, u64),
    Undo,
    Redo,
    UndoRedo,
    Seal,
    Target(u64),
}

#[derive(Debug)]
pub struct EditCase {
    pub example: usize,
    pub ops: Vec<Op>,
}

impl Case for EditCase {
    fn text(&self) -> String {
        format!(
            "example {}\n{}\n",
            EXAMPLES[self.example].0,
            self.ops
                .iter()
                .map(|op| format!("{op:?}"))
                .collect::<Vec<_>>()
                .join("\n")
        )
    }
    fn extension(&self) -> &'static str {
        "txt"
    }
}

pub fn generate(rng: &mut Rng) -> EditCase {
    let example = rng.below(EXAMPLES.len());
    let n = rng.range(5, 40);
    if rng.chance(1, 3) {
        // Gentle: the sequence mostly keeps a valid plan valid.
        let ops = (0..n)
            .map(|_| {
                let list = *rng.pick(&[List::RouteReflectors, List::Nodes, List::Vms]);
                match rng.below(10) {
                    0..=4 => Op::SetValid {
                        field: rng.next_u64(),
                        text: rng.next_u64(),
                    },
                    5 | 6 => Op::Duplicate(list, rng.next_u64()),
                    7 => Op::Remove(List::Vms, rng.next_u64()),
                    8 => rng.pick(&[Op::Undo, Op::Redo, Op::UndoRedo]).clone(),
                    _ => Op::Target(rng.next_u64()),
                }
            })
            .collect();
        return EditCase { example, ops };
    }
    let ops = (0..n)
        .map(|_| {
            let list = *rng.pick(&List::ALL);
            match rng.below(20) {
                0..=8 => Op::Set {
                    field: rng.next_u64(),
                    text: rng.next_u64(),
                },
                9 | 10 => Op::Append(list),
                11 => Op::Remove(list, rng.next_u64()),
                12 | 13 => Op::Duplicate(list, rng.next_u64()),
                14 => Op::AddRange(rng.next_u64()),
                15 => Op::RemoveRange(rng.next_u64(), rng.next_u64()),
                16 => Op::Undo,
                17 => rng.pick(&[Op::Redo, Op::UndoRedo, Op::Seal]).clone(),
                _ => Op::Target(rng.next_u64()),
            }
        })
        .collect();
    EditCase { example, ops }
}

/// An index for a list of `len`: mostly in range, sometimes just past it, rarely anywhere.
fn index(raw: u64, len: usize) -> usize {
    match raw % 8 {
        0 => len,
        1 => (raw >> 3) as usize,
        _ => ((raw >> 3) % (len.max(1) as u64)) as usize,
    }
}

/// Every field of the plan as it is, plus those of one item past the end of each list.
fn fields(plan: &Plan) -> Vec<Field> {
    let mut out = Field::PLAN.to_vec();
    out.extend(Guard::ALL.map(Field::Protection));
    for list in List::ALL {
        for i in 0..=list.len(plan) {
            out.extend(list.fields(i));
        }
    }
    for (i, pool) in plan.pools.iter().enumerate() {
        for j in 0..=pool.ranges.len() {
            out.push(Field::PoolRange(i, j));
        }
    }
    out
}

/// Text for a field: a nasty string, something that fits its kind, or another field's value.
fn text_for(field: Field, raw: u64, plan: &Plan) -> String {
    let mut rng = Rng::new(raw);
    let current = field.get(plan).unwrap_or_default();
    match rng.below(6) {
        0 => rng.pick(nasty_strings()).clone(),
        1 => {
            let all = fields(plan);
            let other = *rng.pick(&all);
            other.get(plan).unwrap_or_default()
        }
        _ => match field.kind() {
            Kind::Number => rng
                .pick(&[
                    "0",
                    "1",
                    "3",
                    "9",
                    "10",
                    "255",
                    "300",
                    "1000",
                    "23456",
                    "60000",
                    "65000",
                    "65001",
                    "65535",
                    "1000000",
                    "4294967294",
                    "4294967295",
                    "18446744073709551615",
                    "18446744073709551616",
                    " 65001 ",
                    "007",
                    "",
                    "-1",
                    "1e3",
                ])
                .to_string(),
            Kind::Flag => rng.pick(&["true", "false", "TRUE", "1", ""]).to_string(),
            Kind::Choice => {
                let mut options = field.options(&current);
                options.push("bogus".into());
                options.push(String::new());
                rng.pick(&options).clone()
            }
            Kind::Text | Kind::Optional => {
                let n = rng.below(300);
                rng.pick(&[
                    format!("10.10.0.{n}"),
                    format!("2001:db8:ffff::{n:x}"),
                    format!("203.0.113.{n}"),
                    format!("2001:db8:100::{n:x}"),
                    format!("kvm{n}"),
                    format!("n{n}"),
                    format!("203.0.113.{n}/32"),
                    format!("198.51.100.{}-198.51.100.{}", n % 256, (n + 7) % 256),
                    format!("{current}{n}"),
                    current.clone(),
                ])
                .clone()
            }
        },
    }
}

/// Paths to aim `target` and `element_id` at: the diagnostics' own, and garbage.
fn path_for(raw: u64, plan: &Plan) -> String {
    let mut rng = Rng::new(raw);
    let report = check_plan(plan);
    if !report.diagnostics.is_empty() && rng.chance(1, 2) {
        return rng.pick(&report.diagnostics).place.to_string();
    }
    let tokens = [
        "",
        "nodes",
        "vms",
        "pools",
        "ranges",
        "0",
        "1",
        "99",
        "01",
        "-1",
        "x",
        "ipv4",
        "ipv6",
        "name",
        "gateway",
        "underlay",
        "protection",
        "md5",
        "~0",
        "~1",
        "é",
        "\n",
        "18446744073709551616",
    ];
    let n = rng.below(5);
    let mut path: String = (0..n).map(|_| format!("/{}", rng.pick(&tokens))).collect();
    if rng.chance(1, 8) {
        path = rng.pick(nasty_strings()).clone();
    }
    path
}

/// A plain CSS identifier: what `element_id` promises.
fn plain_id(id: &str) -> bool {
    id.starts_with("field")
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_')
}

/// Runs one step; returns what it did, for the report.
fn apply(
    op: &Op,
    plan: &mut Plan,
    history: &mut History<Plan>,
    undo_to: &mut Option<Plan>,
    stats: &mut Stats,
) -> Result<String, Failure> {
    let before = plan.clone();
    let expect_undo = undo_to.take();
    Ok(match op {
        Op::Set { field, text } => {
            let all = fields(plan);
            let f = all[(*field % all.len() as u64) as usize];
            let text = text_for(f, *text, plan);
            history.record(plan, "edit", Some(f));
            let result = f.set(plan, &text);
            match &result {
                Err(e) => {
                    ensure!(
                        *plan == before,
                        "failed-set-leaves-the-plan",
                        "{f:?} = {text:?} failed ({e}) but changed the plan"
                    );
                    // The form shows the error under the input: one line, like a diagnostic.
                    let shown = e.to_string();
                    if shown
                        .chars()
                        .any(|c| c.is_control() || props::is_invisible(c))
                    {
                        stats.soft(fail(
                            "field-error-one-line",
                            format!("{f:?} set to {text:?} shows {shown:?}"),
                        ))?;
                    }
                }
                Ok(()) => {
                    // (An item that does not exist is `Gone`: reading it gives None, which
                    // matches no expected text below.)
                    let got = f.get(plan);
                    let expected = match f.kind() {
                        Kind::Text => Some(text.clone()),
                        Kind::Optional => Some(text.trim().to_string()),
                        Kind::Number => text.trim().parse::<u64>().ok().map(|n| n.to_string()),
                        Kind::Flag => Some((text == "true").to_string()),
                        Kind::Choice => Some(text.clone()),
                    };
                    ensure!(
                        got == expected,
                        "set-then-get",
                        "{f:?} set to {text:?} reads {got:?}"
                    );
                }
            }
            format!("set {} = {} -> {:?}", f, clip(&text, 40), result)
        }
        Op::SetValid { field, text } => {
            let safe = [
                Field::Name,
                Field::Vxlan,
                Field::Community,
                Field::FrrVersion,
                Field::Protection(Guard::NodeHoldTime),
                Field::Protection(Guard::CoreDetection),
                Field::Protection(Guard::CoreHoldTime),
                Field::Protection(Guard::BfdInterval),
                Field::Protection(Guard::BfdMultiplier),
                Field::Protection(Guard::MaxVmsPerNode),
                Field::Protection(Guard::PrefixLimit),
                Field::Protection(Guard::Md5),
            ];
            let f = safe[(*field % safe.len() as u64) as usize];
            let mut rng = Rng::new(*text);
            let text = match f {
                Field::Name => crate::mutate::hostile_name(&mut rng),
                Field::Vxlan | Field::Protection(Guard::Md5) => {
                    rng.pick(&["true", "false"]).to_string()
                }
                Field::Community => rng.pick(&["65000:1", "64512:65535", "1:0"]).to_string(),
                Field::FrrVersion => rng.pick(&["8.4", "9.1", "10.0.1", ""]).to_string(),
                Field::Protection(Guard::NodeHoldTime) => {
                    rng.pick(&["0", "3", "9", "65535"]).to_string()
                }
                Field::Protection(Guard::CoreHoldTime) => {
                    rng.pick(&["3", "9", "65535"]).to_string()
                }
                Field::Protection(Guard::BfdInterval) => {
                    rng.pick(&["10", "300", "60000"]).to_string()
                }
                Field::Protection(Guard::BfdMultiplier) => rng.pick(&["2", "3", "255"]).to_string(),
                Field::Protection(Guard::MaxVmsPerNode) => {
                    rng.pick(&["1", "1000", "1000000"]).to_string()
                }
                _ => rng.pick(&f.options("")).clone(),
            };
            history.record(plan, "edit", Some(f));
            let result = f.set(plan, &text);
            ensure!(
                result.is_ok() && f.get(plan).as_deref() == Some(text.as_str()),
                "set-then-get",
                "{f:?} set to {text:?}: {result:?}, reads {:?}",
                f.get(plan)
            );
            format!("set {} = {}", f, clip(&text, 40))
        }
        Op::Append(list) => {
            history.record(plan, "add", None);
            let i = list.append(plan);
            ensure!(
                i + 1 == list.len(plan) && list.len(plan) == list.len(&before) + 1,
                "append-adds-one-at-the-end",
                "{list:?}: index {i}, {} -> {}",
                list.len(&before),
                list.len(plan)
            );
            *undo_to = Some(before);
            format!("append {} -> {i}", list.key())
        }
        Op::Remove(list, raw) => {
            let i = index(*raw, list.len(plan));
            history.record(plan, "remove", None);
            list.remove(plan, i);
            let expected = list.len(&before) - usize::from(i < list.len(&before));
            ensure!(
                list.len(plan) == expected,
                "remove-removes-one",
                "{list:?} {i}: {} -> {}",
                list.len(&before),
                list.len(plan)
            );
            *undo_to = Some(before);
            format!("remove {} {i}", list.key())
        }
        Op::Duplicate(list, raw) => {
            let i = index(*raw, list.len(plan));
            history.record(plan, "duplicate", None);
            let j = list.duplicate(plan, i);
            if i < list.len(&before) {
                ensure!(
                    j == i + 1 && list.len(plan) == list.len(&before) + 1,
                    "duplicate-inserts-after",
                    "{list:?} {i} -> {j}"
                );
                // The copy keeps names unique where the original's was.
                let names = |p: &Plan| -> Vec<String> {
                    (0..list.len(p))
                        .map(|k| list.fields(k)[0].get(p).unwrap_or_default())
                        .collect()
                };
                let old = names(&before);
                let new = names(plan);
                ensure!(
                    !old.contains(&new[j]) || new[j].ends_with("-copy"),
                    "duplicate-picks-a-free-name",
                    "{list:?} {i}: the copy is named {:?}, which the list had",
                    new[j]
                );
            } else {
                ensure!(
                    j == i && *plan == before,
                    "duplicate-out-of-range-does-nothing",
                    "{list:?} {i}"
                );
            }
            *undo_to = Some(before);
            format!("duplicate {} {i} -> {j}", list.key())
        }
        Op::AddRange(raw) => {
            let p = index(*raw, plan.pools.len());
            history.record(plan, "add range", None);
            let r = add_range(plan, p);
            ensure!(
                r.is_some() == (p < before.pools.len()),
                "add-range-exactly-to-a-pool",
                "pool {p}: {r:?}"
            );
            *undo_to = Some(before);
            format!("add range to pool {p} -> {r:?}")
        }
        Op::RemoveRange(raw_p, raw_r) => {
            let p = index(*raw_p, plan.pools.len());
            let r = index(
                *raw_r,
                plan.pools.get(p).map_or(0, |pool| pool.ranges.len()),
            );
            history.record(plan, "remove range", None);
            remove_range(plan, p, r);
            *undo_to = Some(before);
            format!("remove range {r} of pool {p}")
        }
        Op::Undo => {
            if let Some(previous) = history.undo(plan) {
                if let Some(expected) = expect_undo {
                    ensure!(
                        previous == expected,
                        "undo-restores-the-step",
                        "undo after an add/remove/duplicate gave another plan"
                    );
                }
                *plan = previous;
                "undo".into()
            } else {
                "undo (nothing)".into()
            }
        }
        Op::Redo => match history.redo(plan) {
            Some(next) => {
                *plan = next;
                "redo".into()
            }
            None => "redo (nothing)".into(),
        },
        Op::UndoRedo => match history.undo(plan) {
            Some(previous) => {
                let again = history.redo(&previous);
                ensure!(
                    again.as_ref() == Some(&before),
                    "undo-then-redo-is-identity",
                    "redo right after undo gave {}",
                    if again.is_some() {
                        "another plan"
                    } else {
                        "nothing"
                    }
                );
                *plan = before;
                "undo+redo".into()
            }
            None => "undo+redo (nothing)".into(),
        },
        Op::Seal => {
            history.seal();
            "seal".into()
        }
        Op::Target(raw) => {
            let path = path_for(*raw, plan);
            let Ok(place) = path.parse::<Place>() else {
                return Ok(format!("target {} (not a pointer)", clip(&path, 40)));
            };
            ensure!(
                place.to_string() == path,
                "pointers-round-trip",
                "{path:?} -> {place:?} -> {:?}",
                place.to_string()
            );
            let t = target(&place);
            let id = place.element_id();
            ensure!(
                plain_id(&t.id) && plain_id(&id),
                "element-ids-are-plain",
                "{path:?} -> {:?} / {id:?}",
                t.id
            );
            format!("target {}", clip(&path, 40))
        }
    })
}

/// After every step: the report's properties, field paths that parse back, item values that
/// agree with their fields, diagnostics whose targets exist.
fn after_step(plan: &Plan, render: bool, stats: &mut Stats) -> Checked {
    let report = check_plan(plan);
    props::report_of(plan, &report, render, stats)?;
    for f in fields(plan) {
        if f.get(plan).is_some() {
            let parsed = f.to_string().parse::<Place>();
            ensure!(
                parsed == Ok(Place::Field(f)),
                "field-path-parses-back",
                "{f:?} -> {f} -> {parsed:?}"
            );
            ensure!(
                target(&f.into()).id == f.id() && plain_id(&f.id()),
                "field-target-is-its-input",
                "{f:?}"
            );
        }
    }
    for list in List::ALL {
        for i in 0..list.len(plan) {
            let values = list.values(plan, i);
            for (k, v) in values.iter().enumerate() {
                let f = list.field_at(i, k);
                ensure!(
                    f.and_then(|f| f.get(plan)).as_ref() == Some(v),
                    "item-values-follow-fields",
                    "{list:?} {i} value {k}: {v:?} vs {f:?}"
                );
            }
        }
    }
    for d in &report.diagnostics {
        let t = target(&d.place);
        ensure!(plain_id(&t.id), "element-ids-are-plain", "{}", d.place);
        if let Some((list, i)) = t.item {
            ensure!(
                i < list.len(plan),
                "diagnostic-target-exists",
                "{} points at {list:?} {i} of {}",
                d.place,
                list.len(plan)
            );
        }
    }
    Ok(())
}

pub fn check(case: &EditCase, stats: &mut Stats) -> Checked {
    let mut plan = read_plan(EXAMPLES[case.example].1).expect("examples read");
    let mut history = History::new();
    let mut undo_to = None;
    let mut trace: Vec<String> = Vec::new();
    let last = case.ops.len() - 1;
    for (n, op) in case.ops.iter().enumerate() {
        let step = apply(op, &mut plan, &mut history, &mut undo_to, stats).and_then(|what| {
            trace.push(what);
            after_step(&plan, n == last, stats)
        });
        if let Err(mut f) = step {
            let tail = trace.len().saturating_sub(6);
            f.detail = format!("{} (step {n}; last steps: {:?})", f.detail, &trace[tail..]);
            return Err(f);
        }
        stats.count("steps");
    }
    if plan.vms.len() > 10_000 {
        return Err(fail("edits-bounded", "a sequence grew past 10,000 VMs"));
    }
    Ok(())
}
