//! The `set`/`delete` lines that turn a Junos configuration loaded from OLD's junos.conf into
//! NEW's, for `load set terminal`.
//!
//! Junos merges a `set` into the candidate configuration: a plain value (`local-address`,
//! `peer-as`) is replaced, but a list value (`members`, `import`, `export`, `from community`)
//! gains a member. A changed list is therefore deleted and set again whole, in NEW's order (two
//! `members` of one community must BOTH match, and a policy chain's order matters). What NEW
//! lacks is deleted at the shortest statement that only OLD has, so a removed neighbor or term
//! goes whole instead of leaving an empty entry behind. A commit applies all of a file at once.

use super::Phase;
use std::collections::BTreeSet;

/// Statements whose value is a list in Junos: the keyword before the value.
fn is_list(words: &[&str]) -> bool {
    matches!(
        words,
        [.., "members" | "import" | "export", _] | [.., "from", "community", _]
    )
}

/// The words of a `set` line after `set`.
fn words(line: &str) -> Option<Vec<&str>> {
    line.strip_prefix("set ")
        .map(|rest| rest.split(' ').collect())
}

/// What changes on one Junos core, per phase: `set`/`delete` lines, one commit each.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct JunosChange {
    pub before: String,
    /// Sessions that move from one BGP group to another (a peer address sits in one group
    /// only), one route reflector per commit, after `before` and before VMmanager's step: the
    /// moving session restarts while the other reflectors carry every route.
    pub moves: Vec<Move>,
    pub after: String,
    /// Why the change restarts BGP sessions, when it does.
    pub disruptive: Option<String>,
}

/// The sessions of one route reflector that move to another group, as one commit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Move {
    /// The reflector, as its neighbours' `description` names it (else its address).
    pub reflector: String,
    pub lines: String,
}

/// `protocols bgp group G neighbor A ...`: the group and the neighbour's address.
fn neighbor<'a>(w: &[&'a str]) -> Option<(&'a str, &'a str)> {
    match w {
        ["protocols", "bgp", "group", group, "neighbor", addr, ..] => Some((group, addr)),
        _ => None,
    }
}

/// The neighbours whose group changes: address, OLD's group, NEW's group.
fn moved_neighbors<'a>(old: &[&'a str], new: &[&'a str]) -> Vec<(&'a str, &'a str, &'a str)> {
    let groups = |lines: &[&'a str]| -> Vec<(&'a str, &'a str)> {
        let mut out: Vec<(&'a str, &'a str)> = Vec::new();
        for line in lines {
            if let Some((group, addr)) = words(line).as_deref().and_then(neighbor) {
                if !out.iter().any(|(_, a)| *a == addr) {
                    out.push((group, addr));
                }
            }
        }
        out
    };
    let old_groups = groups(old);
    groups(new)
        .into_iter()
        .filter_map(|(new_group, addr)| {
            let (old_group, _) = old_groups.iter().find(|(_, a)| *a == addr)?;
            (*old_group != new_group).then_some((addr, *old_group, new_group))
        })
        .collect()
}

/// The statements of our files that take one value (`set` replaces it); lists are
/// [`is_list`].
const VALUE_LEAVES: [&str; 10] = [
    "type",
    "local-address",
    "peer-as",
    "minimum-interval",
    "multiplier",
    "hold-time",
    "authentication-key",
    "description",
    "maximum",
    "idle-timeout",
];

/// A group's settings whose change makes Junos restart the group's sessions.
const SESSION_SETTINGS: [&str; 4] = ["type", "peer-as", "local-address", "local-as"];

/// The community list name the staged change uses beside the fabric's own.
pub const NEXT_COMMUNITY_SUFFIX: &str = "-NEXT";

/// The change from `old` to `new`, two junos.conf files of the same core.
pub fn change(old: &str, new: &str) -> JunosChange {
    let old_lines: Vec<&str> = old.lines().filter(|l| l.starts_with("set ")).collect();
    let new_lines: Vec<&str> = new.lines().filter(|l| l.starts_with("set ")).collect();
    let old_set: BTreeSet<&str> = old_lines.iter().copied().collect();
    let new_set: BTreeSet<&str> = new_lines.iter().copied().collect();
    // Every statement path (each prefix of each line's words) that NEW has.
    let mut new_paths: BTreeSet<Vec<&str>> = BTreeSet::new();
    for line in &new_lines {
        if let Some(w) = words(line) {
            let mut path = Vec::with_capacity(w.len());
            for word in w {
                path.push(word);
                new_paths.insert(path.clone());
            }
        }
    }
    let mut before = Vec::new();
    let mut after = Vec::new();

    // Lists whose members change: the list path (the words before the value).
    let mut changed_lists: Vec<Vec<&str>> = Vec::new();
    for line in old_lines.iter().chain(&new_lines) {
        let in_both = old_set.contains(line) && new_set.contains(line);
        let Some(w) = words(line) else { continue };
        if !in_both && is_list(&w) {
            let Some((_, list)) = w.split_last() else {
                continue;
            };
            if !changed_lists.iter().any(|l| l == list) {
                changed_lists.push(list.to_vec());
            }
        }
    }
    let community = staged_community(&old_lines, &new_lines);
    let staged_list = community.as_ref().map(|c| c.members_path.clone());
    let moved = moved_neighbors(&old_lines, &new_lines);
    let is_moved = |w: &[&str], in_new: bool| {
        neighbor(w).is_some_and(|(group, addr)| {
            moved
                .iter()
                .any(|(a, old, new)| *a == addr && group == if in_new { *new } else { *old })
        })
    };

    // What NEW lacks, deleted at the shortest path only OLD has. Lists are handled whole.
    let mut deleted: Vec<Vec<&str>> = Vec::new();
    let mut restarting: Vec<String> = Vec::new();
    for line in &old_lines {
        if new_set.contains(line) {
            continue;
        }
        let Some(w) = words(line) else { continue };
        // A moving session leaves its old group in its own commit (see `moves`).
        if is_moved(&w, false) {
            continue;
        }
        // `words` gives one word at least (`split` does): there is always a last.
        let Some((_, list)) = w.split_last() else {
            continue;
        };
        if is_list(&w) && new_paths.contains(list) {
            continue;
        }
        let Some(path) = (1..=w.len())
            .filter_map(|n| w.get(..n))
            .find(|path| !new_paths.contains(*path))
        else {
            continue;
        };
        // A plain value that NEW sets differently is replaced by NEW's `set` alone. Only for
        // the statements our files give a value: elsewhere the last word is a keyword (a flag
        // such as `drop-excess`, a route filter's `exact`) that must be deleted by name.
        // `statement` is the line without its value, when NEW has it.
        let replaced_statement = match path.split_last() {
            Some((_, statement @ [.., leaf]))
                if path.len() == w.len()
                    && new_paths.contains(statement)
                    && VALUE_LEAVES.contains(leaf) =>
            {
                Some(statement)
            }
            _ => None,
        };
        let replaced = replaced_statement.is_some();
        if let Some(statement @ [_, .., leaf]) = replaced_statement {
            if SESSION_SETTINGS.contains(leaf) {
                let setting = statement.join(" ");
                if !restarting.contains(&setting) {
                    restarting.push(setting);
                }
            }
        }
        let path = path.to_vec();
        if replaced || deleted.iter().any(|d| path.starts_with(d)) {
            continue;
        }
        let phase = if widens(&path) {
            Phase::Before
        } else {
            Phase::After
        };
        push(
            phase,
            &mut before,
            &mut after,
            format!("delete {}", path.join(" ")),
        );
        deleted.push(path);
    }
    // Changed lists: deleted and set again whole, in NEW's order.
    for list in &changed_lists {
        if Some(list) == staged_list.as_ref() || !new_paths.contains(list) {
            continue;
        }
        let in_old = old_lines
            .iter()
            .any(|l| words(l).is_some_and(|w| w.starts_with(list)));
        // A term that gains a community match accepts less: after VMmanager tags the routes.
        // A list that is new with its statement (a new policy's term) is part of what the
        // statement does from the start.
        let phase = if in_old && list.ends_with(&["from", "community"]) {
            Phase::After
        } else {
            Phase::Before
        };
        let out = if phase == Phase::Before {
            &mut before
        } else {
            &mut after
        };
        if in_old {
            out.push(format!("delete {}", list.join(" ")));
        }
        for line in &new_lines {
            if words(line).is_some_and(|w| w.len() == list.len() + 1 && w.starts_with(list)) {
                out.push(line.to_string());
            }
        }
    }
    // What OLD lacks. List members were written above; the sessions that move go in moves.
    let mut moves: Vec<(String, Vec<String>)> = Vec::new();
    for line in &new_lines {
        if old_set.contains(line) {
            continue;
        }
        let Some(w) = words(line) else { continue };
        if is_list(&w) {
            continue;
        }
        if let Some((_, addr)) = neighbor(&w).filter(|_| is_moved(&w, true)) {
            let reflector = description(&new_lines, addr).unwrap_or(addr).to_string();
            let at = match moves.iter().position(|(r, _)| *r == reflector) {
                Some(at) => at,
                None => {
                    moves.push((reflector, Vec::new()));
                    moves.len() - 1
                }
            };
            if let Some((_, out)) = moves.get_mut(at) {
                if let Some((_, from, _)) = moved.iter().find(|(a, ..)| *a == addr) {
                    let leave = format!("delete protocols bgp group {from} neighbor {addr}");
                    if !out.contains(&leave) {
                        out.push(leave);
                    }
                }
                out.push(line.to_string());
            }
            continue;
        }
        // A lower route limit waits until VMmanager is done (a node that leaves still sends
        // its routes while its VMs migrate); a raised one comes first.
        if lowered_limit(&old_lines, &w) {
            after.push(line.to_string());
            continue;
        }
        before.push(line.to_string());
    }
    // Each commit of a move deletes the neighbour from its old group first: reorder so that
    // every delete comes before the sets of that commit.
    for (_, out) in &mut moves {
        out.sort_by_key(|l| !l.starts_with("delete "));
    }
    let mut reasons: Vec<String> = Vec::new();
    if !restarting.is_empty() {
        reasons.push(format!(
            "the BGP sessions restart when these change: {}",
            restarting.join("; ")
        ));
    }
    if moves.len() == 1 {
        reasons.push(
            "the only route reflector's sessions move to a new group, and the core has no VM route until they are back"
                .to_string(),
        );
    }
    if let Some(why) = renamed_community_changes(&old_lines, &new_lines) {
        reasons.push(why);
    }
    if let Some(c) = community {
        c.write(&new_lines, &mut before, &mut after);
    }
    JunosChange {
        before: lines(&before),
        moves: moves
            .into_iter()
            .map(|(reflector, out)| Move {
                reflector,
                lines: lines(&out),
            })
            .collect(),
        after: lines(&after),
        disruptive: (!reasons.is_empty()).then(|| reasons.join("; ")),
    }
}

/// Whether `new` (a line's words) sets a lower `prefix-limit maximum` than OLD sets at the
/// same statement.
fn lowered_limit(old: &[&str], new: &[&str]) -> bool {
    let Some((value, statement)) = new.split_last() else {
        return false;
    };
    if !statement.ends_with(&["prefix-limit", "maximum"]) {
        return false;
    }
    let Ok(new_value) = value.parse::<u64>() else {
        return false;
    };
    old.iter().any(|l| {
        words(l).is_some_and(|w| {
            w.split_last().is_some_and(|(v, s)| {
                s == statement
                    && v.parse::<u64>()
                        .is_ok_and(|old_value| new_value < old_value)
            })
        })
    })
}

/// The `description` NEW gives the neighbour `addr`: the reflector's name.
fn description<'a>(new: &[&'a str], addr: &str) -> Option<&'a str> {
    new.iter().find_map(|l| match words(l)?.as_slice() {
        ["protocols", "bgp", "group", _, "neighbor", a, "description", name] if *a == addr => {
            Some(*name)
        }
        _ => None,
    })
}

/// The fabric's community (the one that is not NO-EXPORT) under another name in NEW with
/// another value: a new id and a new community at once, which cannot be staged (the new
/// policy would need the new value before VMmanager tags routes with it).
fn renamed_community_changes(old: &[&str], new: &[&str]) -> Option<String> {
    let (old_name, old_value) = fabric_community(old)?;
    let (new_name, new_value) = fabric_community(new)?;
    (old_name != new_name && old_value != new_value).then(|| {
        "the fabric's id and its community change together, and the core would refuse the VM routes until VMmanager tags them with the new community: change the id first, then the community, as two changes".to_string()
    })
}

/// Deleting a term's `from community` match lets more through: done before VMmanager stops
/// tagging. Any other deletion narrows what the core accepts: after.
fn widens(path: &[&str]) -> bool {
    path.windows(2).any(|w| w == ["from", "community"])
}

fn push(phase: Phase, before: &mut Vec<String>, after: &mut Vec<String>, line: String) {
    match phase {
        Phase::Before => before.push(line),
        Phase::After => after.push(line),
    }
}

fn lines(lines: &[String]) -> String {
    lines.iter().map(|l| format!("{l}\n")).collect()
}

/// The fabric's community changing from one value to another on a core.
struct StagedCommunity<'a> {
    /// `policy-options community NAME members`.
    members_path: Vec<&'a str>,
    name: &'a str,
    value: &'a str,
}

/// The fabric's own community in a junos.conf: the one a term matches (NO-EXPORT is only
/// added), as its name and value.
fn fabric_community<'a>(lines: &[&'a str]) -> Option<(&'a str, &'a str)> {
    lines.iter().find_map(|l| match words(l)?.as_slice() {
        ["policy-options", "community", name, "members", value] if !name.ends_with("NO-EXPORT") => {
            Some((*name, *value))
        }
        _ => None,
    })
}

fn staged_community<'a>(old: &[&'a str], new: &[&'a str]) -> Option<StagedCommunity<'a>> {
    let (name, old_value) = fabric_community(old)?;
    let new_value = new.iter().find_map(|l| match words(l)?.as_slice() {
        ["policy-options", "community", n, "members", value] if *n == name => Some(*value),
        _ => None,
    })?;
    (old_value != new_value).then(|| StagedCommunity {
        members_path: vec!["policy-options", "community", name, "members"],
        name,
        value: new_value,
    })
}

impl StagedCommunity<'_> {
    /// Before: a second community with the new value, matched beside the old one by every term
    /// that matches the fabric's community (a term's `from community` list matches either).
    /// After: the fabric's community takes the new value and the second one goes.
    fn write(&self, new: &[&str], before: &mut Vec<String>, after: &mut Vec<String>) {
        let next = format!("{}{NEXT_COMMUNITY_SUFFIX}", self.name);
        before.push(format!(
            "set policy-options community {next} members {}",
            self.value
        ));
        let matching: Vec<String> = new
            .iter()
            .filter_map(|l| {
                let w = words(l)?;
                let (_, path) = w.split_last()?;
                (w.ends_with(&["from", "community", self.name])).then(|| path.join(" "))
            })
            .collect();
        for path in &matching {
            before.push(format!("set {path} {next}"));
        }
        after.push(format!("delete {}", self.members_path.join(" ")));
        after.push(format!(
            "set {} {}",
            self.members_path.join(" "),
            self.value
        ));
        for path in &matching {
            after.push(format!("delete {path} {next}"));
        }
        after.push(format!("delete policy-options community {next}"));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A route limit that falls waits until VMmanager has moved the VMs of a node that
    /// leaves; one that rises comes first.
    #[test]
    fn a_lower_limit_comes_after_vmmanager_and_a_higher_one_before() {
        let at = |n: u32| {
            format!("set protocols bgp group G family inet unicast prefix-limit maximum {n}\n")
        };
        let lower = change(&at(200), &at(150));
        assert_eq!((lower.before.as_str(), lower.after), ("", at(150)));
        let higher = change(&at(150), &at(200));
        assert_eq!((higher.before, higher.after.as_str()), (at(200), ""));
    }

    #[test]
    fn a_flag_that_goes_is_deleted_by_name_and_a_value_is_replaced() {
        let old = "set protocols bgp group G prefix-limit drop-excess\nset protocols bgp group G local-address 10.0.0.1\n";
        let new = "set protocols bgp group G prefix-limit teardown idle-timeout 5\nset protocols bgp group G local-address 10.0.0.2\n";
        let c = change(old, new);
        assert_eq!(
            c.before,
            "set protocols bgp group G prefix-limit teardown idle-timeout 5\nset protocols bgp group G local-address 10.0.0.2\n"
        );
        assert_eq!(
            c.after,
            "delete protocols bgp group G prefix-limit drop-excess\n"
        );
        assert!(c.disruptive.is_some_and(|d| d.contains("local-address")));
    }
}
