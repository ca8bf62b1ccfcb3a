//! The vtysh input that turns a running FRR configuration made from OLD's frr.conf into NEW's,
//! without a restart.
//!
//! Both files are ours, so their shape is known: top-level lines, and blocks (`route-map`,
//! `bfd` with its `profile`, `router bgp` with its `address-family`) whose lines are indented
//! one space per level. Each file is read into a tree; the trees are compared block by block.
//! A line that NEW lacks gets a `no` line, a line that NEW adds is written as it is, and a line
//! whose setting NEW changes (`neighbor X maximum-prefix 90` to `... 120`) is written once with
//! its new value, since FRR replaces such a setting in place.
//!
//! Every change is given a phase (see [`Phase`]): what widens what the router accepts (a new
//! pool, a new neighbor, a dropped `match`) is applied before VMmanager changes anything; what
//! narrows it (a removed pool or neighbor, a new `match`, a lower route limit) after. A changed
//! community is staged: its new list (lists are named after their community) is matched by a
//! second route-map entry beside the old one first; after, each entry's match switches in
//! place, the second entry and the old list go.

use super::Phase;

/// One block of a configuration: its header line (empty for the file itself) and its items in
/// the file's order.
#[derive(Debug, Default)]
struct Block {
    header: String,
    lines: Vec<String>,
    blocks: Vec<Block>,
}

/// Lines that open a block in our files, also when the block is empty (`route-map X deny 10`
/// followed by `exit`).
const BLOCK_STARTS: [&str; 6] = [
    "route-map ",
    "router bgp",
    "address-family ",
    "bfd",
    "profile ",
    "interface ",
];

fn is_block_start(line: &str) -> bool {
    BLOCK_STARTS
        .iter()
        .any(|start| line == start.trim_end() || line.starts_with(start))
}

/// Reads one of our frr.conf files. Comments, `!` separators and the lines that close a block
/// are left out: the tree's shape says where a block ends. `frr version` and `frr defaults`
/// describe the file, not the running configuration, and cannot be changed by vtysh.
fn parse(text: &str) -> Block {
    let lines: Vec<(usize, &str)> = text
        .lines()
        .filter_map(|line| {
            let body = line.trim_start_matches(' ');
            let skip = body.is_empty()
                || body.starts_with('!')
                || matches!(body, "exit" | "exit-address-family" | "end")
                || body.starts_with("frr version")
                || body.starts_with("frr defaults");
            (!skip).then_some((line.len() - body.len(), body))
        })
        .collect();
    let mut at = 0;
    let mut root = Block::default();
    fill(&mut root, &lines, &mut at, 0);
    root
}

/// Adds the items at `depth` starting at `lines[*at]` to `block`, recursing into nested blocks.
fn fill(block: &mut Block, lines: &[(usize, &str)], at: &mut usize, depth: usize) {
    while let Some(&(indent, line)) = lines.get(*at) {
        if indent < depth {
            return;
        }
        *at += 1;
        let opens = is_block_start(line) || lines.get(*at).is_some_and(|&(next, _)| next > indent);
        if opens {
            let mut child = Block {
                header: line.to_string(),
                ..Block::default()
            };
            fill(&mut child, lines, at, indent + 1);
            block.blocks.push(child);
        } else {
            block.lines.push(line.to_string());
        }
    }
}

/// The part of a line that names what it sets: lines with the same key set the same thing, so
/// writing the new line replaces the old one. `None` for lines that are only added or removed
/// (a flag such as `neighbor X activate`, a `route-map` reference of a direction is keyed).
fn key(line: &str) -> Option<String> {
    let words: Vec<&str> = line.split(' ').collect();
    let take = |n: usize| {
        words
            .get(..n)
            .filter(|_| words.len() > n)
            .map(|head| head.join(" "))
    };
    match words.as_slice() {
        ["neighbor", _, "route-map", _, direction] => {
            Some(format!("{} route-map {direction}", take(2)?))
        }
        ["neighbor", _, "activate" | "route-reflector-client" | "next-hop-self", ..] => None,
        ["neighbor", _, "soft-reconfiguration", ..] => None,
        ["neighbor", ..] => take(3),
        ["ip" | "ipv6", "prefix-list", _, "seq", ..] => take(5),
        ["bgp", "community-list", _, _, "seq", ..] => take(6),
        ["bgp", "router-id", ..] | ["hostname", ..] => take(words.len() - 1),
        ["log", "syslog", ..] => take(2),
        ["detect-multiplier" | "receive-interval" | "transmit-interval", _] => take(1),
        // A route-map entry has one clause of each kind: `set community X additive` and
        // `match ip address prefix-list X` are replaced by a new value of the same clause.
        ["match", "ip" | "ipv6", ..] => take(3),
        ["match", ..] | ["set", ..] => take(2),
        _ => None,
    }
}

/// Whether `new` sets a lower `neighbor X maximum-prefix N` than `old` does.
fn lowered_limit(old: &str, new: &str) -> bool {
    let limit = |line: &str| -> Option<u64> {
        match line.split(' ').collect::<Vec<_>>()[..] {
            ["neighbor", _, "maximum-prefix", n, ..] => n.parse().ok(),
            _ => None,
        }
    };
    matches!((limit(old), limit(new)), (Some(a), Some(b)) if b < a)
}

/// A route-map entry's name and number (`route-map NAME permit|deny N`).
fn route_map_entry(header: &str) -> Option<(&str, &str)> {
    match header.split(' ').collect::<Vec<_>>()[..] {
        ["route-map", name, "permit" | "deny", seq] => Some((name, seq)),
        _ => None,
    }
}

/// The block of `other` that is the same route-map entry as `block` with the other type.
fn retyped<'a>(block: &Block, other: &'a Block) -> Option<&'a Block> {
    let entry = route_map_entry(&block.header)?;
    other
        .blocks
        .iter()
        .find(|b| b.header != block.header && route_map_entry(&b.header) == Some(entry))
}

/// The neighbor address a `neighbor X remote-as ...` line defines.
fn defined_neighbor(line: &str) -> Option<&str> {
    let mut words = line.split(' ');
    match (words.next(), words.next(), words.next()) {
        (Some("neighbor"), Some(addr), Some("remote-as" | "peer-group")) => Some(addr),
        _ => None,
    }
}

/// Whether a line is about neighbor `addr` (`neighbor X ...` or `no neighbor X ...`).
fn about_neighbor(line: &str, addr: &str) -> bool {
    let line = line.strip_prefix("no ").unwrap_or(line);
    line.strip_prefix("neighbor ")
        .and_then(|rest| rest.strip_prefix(addr))
        .is_some_and(|rest| rest.starts_with(' '))
}

/// The line that undoes `line`.
fn undo(line: &str) -> String {
    if let Some(positive) = line.strip_prefix("no ") {
        return positive.to_string();
    }
    // `neighbor X bfd profile P` turns BFD on with a profile; `no neighbor X bfd profile P`
    // would drop only the profile and leave BFD on (found by applying it to FRR).
    if let ["neighbor", addr, "bfd", "profile", _] = line.split(' ').collect::<Vec<_>>()[..] {
        return format!("no neighbor {addr} bfd");
    }
    format!("no {line}")
}

/// One vtysh line to write, inside a context (the headers of the blocks it is in).
#[derive(Debug, Clone, PartialEq, Eq)]
struct Op {
    phase: Phase,
    context: Vec<String>,
    line: String,
    /// The line opens a block that has nothing in it: it is closed right after.
    empty_block: bool,
}

/// What changes on one FRR device.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct FrrChange {
    /// vtysh input of each phase, empty when the phase has nothing to do.
    pub before: String,
    pub after: String,
    /// Why the change cannot be made without interrupting traffic, when it cannot.
    pub disruptive: Option<String>,
    /// On a core whose own AS changes: the new `router bgp` line. The files leave the instance
    /// alone; the operator renumbers the router, then merges the new frr.conf.
    pub renumber: Option<String>,
}

/// Whose the BGP instance of a device is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Instance {
    /// The fabric's alone (a route reflector, a node): when its AS changes, the instance is
    /// removed and created again (disruptive).
    Fabric,
    /// Shared with the router's own sessions (a core): never removed by us.
    Shared,
}

/// The change from `old` to `new`, two frr.conf files of the same device.
pub fn change(old: &str, new: &str, instance: Instance) -> FrrChange {
    let (old, new) = (parse(old), parse(new));
    let mut diff = Diff {
        instance,
        ..Diff::default()
    };
    diff.block(&old, &new, &mut Vec::new(), &[]);
    if diff.disruptive.is_none() && !diff.restarted.is_empty() {
        diff.disruptive = Some(format!(
            "the sessions with {} restart when their remote AS changes",
            diff.restarted.join(", ")
        ));
    }
    FrrChange {
        before: write(&diff.ops, Phase::Before),
        after: write(&diff.ops, Phase::After),
        disruptive: diff.disruptive,
        renumber: diff.renumber,
    }
}

struct Diff {
    instance: Instance,
    ops: Vec<Op>,
    disruptive: Option<String>,
    renumber: Option<String>,
    /// Neighbors whose remote AS changes: FRR restarts their sessions.
    restarted: Vec<String>,
}

impl Default for Diff {
    fn default() -> Diff {
        Diff {
            instance: Instance::Fabric,
            ops: Vec::new(),
            disruptive: None,
            renumber: None,
            restarted: Vec::new(),
        }
    }
}

impl Diff {
    fn push(&mut self, phase: Phase, context: &[String], line: String) {
        self.ops.push(Op {
            phase,
            context: context.to_vec(),
            line,
            empty_block: false,
        });
    }

    /// Compares two blocks with the same header. `gone` are neighbors removed as a whole
    /// further up (their lines here go with them).
    fn block(&mut self, old: &Block, new: &Block, context: &mut Vec<String>, gone: &[String]) {
        let mut gone = gone.to_vec();
        let added: Vec<&String> = new
            .lines
            .iter()
            .filter(|l| !old.lines.contains(l))
            .collect();
        let added_keys: Vec<Option<String>> = added.iter().map(|l| key(l)).collect();
        let removed: Vec<&String> = old
            .lines
            .iter()
            .filter(|l| !new.lines.contains(l))
            .collect();
        // Neighbors that NEW no longer defines: one `no neighbor X` removes all their lines.
        for line in &removed {
            if let Some(addr) = defined_neighbor(line) {
                let redefined = added.iter().any(|l| defined_neighbor(l) == Some(addr));
                if redefined {
                    self.restarted.push(addr.to_string());
                } else {
                    gone.push(addr.to_string());
                    self.push(Phase::After, context, format!("no neighbor {addr}"));
                }
            }
        }
        let in_existing_block = !context.is_empty();
        // A community list goes after the route-maps below have stopped matching it.
        let mut lists_gone: Vec<String> = Vec::new();
        for line in &removed {
            if gone.iter().any(|addr| about_neighbor(line, addr)) {
                continue;
            }
            let replaced = key(line).is_some_and(|k| added_keys.contains(&Some(k)));
            if !replaced && line.starts_with("bgp community-list ") {
                lists_gone.push(undo(line));
                continue;
            }
            if !replaced {
                // Dropping a `match` lets more through: before; any other removal narrows.
                let phase = if line.starts_with("match ") {
                    Phase::Before
                } else {
                    Phase::After
                };
                self.push(phase, context, undo(line));
            }
        }
        for (line, line_key) in added.iter().zip(&added_keys) {
            let replaces = line_key.as_ref().and_then(|k| {
                removed
                    .iter()
                    .find(|old_line| key(old_line).as_ref() == Some(k))
            });
            // A new `match` in a block that exists narrows what passes, and so does a lower
            // route limit (a node that leaves still sends its routes while VMmanager migrates
            // its VMs): after. A raised limit widens: before.
            let lowered = replaces.is_some_and(|old_line| lowered_limit(old_line, line));
            let phase = if (line.starts_with("match ") && in_existing_block) || lowered {
                Phase::After
            } else {
                Phase::Before
            };
            self.push(phase, context, line.to_string());
        }
        self.blocks(old, new, context, &gone);
        for line in lists_gone {
            self.push(Phase::After, context, line);
        }
    }

    fn blocks(&mut self, old: &Block, new: &Block, context: &mut Vec<String>, gone: &[String]) {
        let bgp_replaced = old
            .blocks
            .iter()
            .chain(&new.blocks)
            .filter(|b| b.header.starts_with("router bgp "))
            .map(|b| &b.header)
            .collect::<Vec<_>>();
        // The AS changes (one `router bgp` before, another after): the new header.
        let renumbered_to = match bgp_replaced.as_slice() {
            [old, new] if old != new => Some(*new),
            _ => None,
        };
        let renumbered = renumbered_to.is_some();
        for old_block in &old.blocks {
            if new.blocks.iter().any(|b| b.header == old_block.header)
                || retyped(old_block, new).is_some()
            {
                continue;
            }
            if let Some(new_header) =
                renumbered_to.filter(|_| old_block.header.starts_with("router bgp "))
            {
                match self.instance {
                    // `router bgp` cannot be renumbered in place: the fabric's own instance
                    // goes and comes back, in one phase, in that order.
                    Instance::Fabric => {
                        self.disruptive = Some(format!(
                            "`{}` becomes `{new_header}`: FRR cannot renumber `router bgp` in \
                             place, so the BGP instance is removed and created again and every \
                             session of this router restarts",
                            old_block.header
                        ));
                        self.push(Phase::Before, context, undo(&old_block.header));
                    }
                    // On a core the instance also holds the router's own sessions: removing
                    // it is not ours to do.
                    Instance::Shared => {
                        self.renumber = Some(new_header.to_string());
                        self.disruptive = Some(format!(
                            "the router's own AS changes (`{}` becomes `{new_header}`): FRR \
                             cannot renumber `router bgp` in place, and the instance holds every \
                             BGP session of the router, so renumber the router as a whole, then \
                             merge the new frr.conf",
                            old_block.header
                        ));
                    }
                }
            } else {
                self.remove_block(old_block, context, gone);
            }
        }
        for new_block in &new.blocks {
            if renumbered
                && new_block.header.starts_with("router bgp ")
                && self.instance == Instance::Shared
            {
                continue;
            }
            if let Some(old_block) = retyped(new_block, old) {
                // A route-map entry is its name and number: `permit 10` and `deny 10` are one
                // entry, so the old one goes and the new one comes, in one phase (before
                // VMmanager when it starts to permit, after when it starts to deny).
                let phase = if new_block.header.contains(" permit ") {
                    Phase::Before
                } else {
                    Phase::After
                };
                self.push(phase, context, undo(&old_block.header));
                self.add_block_in(phase, new_block, context);
                continue;
            }
            match old.blocks.iter().find(|b| b.header == new_block.header) {
                Some(old_block) => {
                    let beside = community_switch(old_block, new_block);
                    if let Some(header) = &beside {
                        // Before VMmanager: a second entry that lets the new community through
                        // beside the old one.
                        let copy = Block {
                            header: header.clone(),
                            lines: new_block.lines.clone(),
                            blocks: Vec::new(),
                        };
                        self.add_block_in(Phase::Before, &copy, context);
                    }
                    context.push(new_block.header.clone());
                    self.block(old_block, new_block, context, gone);
                    context.pop();
                    if let Some(header) = beside {
                        // After it: the entry's own match has switched (in place, above), so
                        // the second entry goes.
                        self.push(Phase::After, context, undo(&header));
                    }
                }
                None => self.add_block(new_block, context),
            }
        }
    }

    /// A block that NEW lacks: a whole route-map entry, profile or BGP instance is removed with
    /// one `no` line; an address family is emptied line by line (FRR has no `no
    /// address-family`).
    fn remove_block(&mut self, block: &Block, context: &mut Vec<String>, gone: &[String]) {
        if block.header.starts_with("address-family ") {
            context.push(block.header.clone());
            self.block(block, &Block::default(), context, gone);
            context.pop();
        } else {
            self.push(Phase::After, context, undo(&block.header));
        }
    }

    /// A block that OLD lacks, written whole.
    fn add_block(&mut self, block: &Block, context: &mut Vec<String>) {
        self.add_block_in(Phase::Before, block, context);
    }

    fn add_block_in(&mut self, phase: Phase, block: &Block, context: &mut Vec<String>) {
        if block.lines.is_empty() && block.blocks.is_empty() {
            self.ops.push(Op {
                phase,
                context: context.clone(),
                line: block.header.clone(),
                empty_block: true,
            });
            return;
        }
        context.push(block.header.clone());
        for line in &block.lines {
            self.push(phase, context, line.clone());
        }
        for child in &block.blocks {
            self.add_block_in(phase, child, context);
        }
        context.pop();
    }
}

/// When a route-map entry's `match community` changes (the fabric's community changed, and
/// with it the name of its list): the header of the entry that carries the new match beside
/// the old one while VMmanager switches the nodes (the same name, the number after), else
/// `None`. The switch itself is one line that FRR replaces in place, so no list is ever empty
/// or unused while a route-map matches it, whatever bgpd's route-map delay.
fn community_switch(old: &Block, new: &Block) -> Option<String> {
    let (name, seq) = route_map_entry(&new.header)?;
    let matched = |b: &Block| -> Option<String> {
        b.lines
            .iter()
            .find(|l| l.starts_with("match community "))
            .cloned()
    };
    match (matched(old), matched(new)) {
        (Some(a), Some(b)) if a != b && new.header.contains(" permit ") => {
            let seq: u32 = seq.parse().ok()?;
            Some(format!("route-map {name} permit {}", seq + 10))
        }
        _ => None,
    }
}

/// The vtysh input of one phase: each line in its blocks, entered and left explicitly.
fn write(ops: &[Op], phase: Phase) -> String {
    let mut out = String::new();
    let mut open: Vec<&str> = Vec::new();
    for op in ops.iter().filter(|op| op.phase == phase) {
        let shared = open
            .iter()
            .zip(&op.context)
            .take_while(|(a, b)| **a == b.as_str())
            .count();
        while open.len() > shared {
            close(&mut out, &mut open);
        }
        for header in op.context.iter().skip(shared) {
            indent(&mut out, open.len());
            out.push_str(header);
            out.push('\n');
            open.push(header);
        }
        indent(&mut out, open.len());
        out.push_str(&op.line);
        out.push('\n');
        if op.empty_block {
            indent(&mut out, open.len());
            out.push_str("exit\n");
        }
    }
    while !open.is_empty() {
        close(&mut out, &mut open);
    }
    out
}

fn close(out: &mut String, open: &mut Vec<&str>) {
    let header = open.pop().unwrap_or_default();
    indent(out, open.len());
    out.push_str(if header.starts_with("address-family ") {
        "exit-address-family\n"
    } else {
        "exit\n"
    });
}

fn indent(out: &mut String, depth: usize) {
    for _ in 0..depth {
        out.push(' ');
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const OLD: &str = "\
! comment
frr version 8.4
frr defaults traditional
hostname rr1
ip prefix-list P seq 5 permit 10.0.0.0/24 ge 32 le 32
bgp community-list standard C seq 5 permit 65000:1
!
route-map IN permit 10
 match ip address prefix-list P
exit
!
route-map OUT deny 10
exit
!
router bgp 65000
 neighbor 10.0.0.1 remote-as 65000
 neighbor 10.0.0.1 description node a
 neighbor 10.0.0.2 remote-as 65000
 !
 address-family ipv4 unicast
  neighbor 10.0.0.1 activate
  neighbor 10.0.0.1 maximum-prefix 10 restart 5
  neighbor 10.0.0.2 activate
 exit-address-family
exit
";

    #[test]
    fn identical_files_change_nothing() {
        assert_eq!(change(OLD, OLD, Instance::Fabric), FrrChange::default());
    }

    #[test]
    fn a_new_neighbor_and_pool_come_before_and_a_removed_neighbor_after() {
        let new = OLD
            .replace(
                "ip prefix-list P seq 5 permit 10.0.0.0/24 ge 32 le 32\n",
                "ip prefix-list P seq 5 permit 10.0.0.0/24 ge 32 le 32\nip prefix-list P seq 10 permit 10.0.1.0/24 ge 32 le 32\n",
            )
            .replace(" neighbor 10.0.0.2 remote-as 65000\n", " neighbor 10.0.0.3 remote-as 65000\n")
            .replace("  neighbor 10.0.0.2 activate\n", "  neighbor 10.0.0.3 activate\n")
            .replace("maximum-prefix 10 restart 5", "maximum-prefix 20 restart 5");
        let c = change(OLD, &new, Instance::Fabric);
        assert_eq!(
            c.before,
            "\
ip prefix-list P seq 10 permit 10.0.1.0/24 ge 32 le 32
router bgp 65000
 neighbor 10.0.0.3 remote-as 65000
 address-family ipv4 unicast
  neighbor 10.0.0.1 maximum-prefix 20 restart 5
  neighbor 10.0.0.3 activate
 exit-address-family
exit
"
        );
        assert_eq!(c.after, "router bgp 65000\n no neighbor 10.0.0.2\nexit\n");
        assert_eq!(c.disruptive, None);
    }

    /// The fabric's community changes and with it its list's name: before VMmanager the new
    /// list and a second route-map entry that matches it; after, the entry's own match
    /// switches in place, the second entry and the old list go. No list is ever emptied.
    #[test]
    fn a_changed_community_is_accepted_beside_the_old_one_first() {
        let old = "bgp community-list standard C-1 seq 5 permit 65000:1\nroute-map IN permit 10\n match ip address prefix-list P\n match community C-1\nexit\n";
        let new = old.replace("C-1", "C-2").replace("65000:1", "65000:2");
        let c = change(old, &new, Instance::Fabric);
        assert_eq!(
            c.before,
            "\
bgp community-list standard C-2 seq 5 permit 65000:2
route-map IN permit 20
 match ip address prefix-list P
 match community C-2
exit
"
        );
        assert_eq!(
            c.after,
            "\
route-map IN permit 10
 match community C-2
exit
no route-map IN permit 20
no bgp community-list standard C-1 seq 5 permit 65000:1
"
        );
    }

    #[test]
    fn a_new_match_narrows_after_and_a_dropped_one_widens_before() {
        let with_match = OLD.replace(
            " match ip address prefix-list P\n",
            " match ip address prefix-list P\n match community C\n",
        );
        let c = change(OLD, &with_match, Instance::Fabric);
        assert_eq!(
            (c.before.as_str(), c.after.as_str()),
            ("", "route-map IN permit 10\n match community C\nexit\n")
        );
        let c = change(&with_match, OLD, Instance::Fabric);
        assert_eq!(
            (c.before.as_str(), c.after.as_str()),
            ("route-map IN permit 10\n no match community C\nexit\n", "")
        );
    }

    #[test]
    fn a_route_map_clause_with_a_new_value_is_replaced_not_removed() {
        let old = "route-map OUT permit 10\n set community 65000:1 additive\nexit\n";
        let new = "route-map OUT permit 10\n set community 65000:2 additive\nexit\n";
        let c = change(old, new, Instance::Fabric);
        // A `no set community ...` after the new line would remove the new one as well.
        assert_eq!(
            c.before,
            "route-map OUT permit 10\n set community 65000:2 additive\nexit\n"
        );
        assert_eq!(c.after, "");
    }

    #[test]
    fn empty_and_removed_blocks() {
        let new = OLD.replace(
            "route-map OUT deny 10\nexit\n",
            "route-map OUT2 deny 10\nexit\n",
        );
        let c = change(OLD, &new, Instance::Fabric);
        assert_eq!(c.before, "route-map OUT2 deny 10\nexit\n");
        assert_eq!(c.after, "no route-map OUT deny 10\n");
    }

    #[test]
    fn a_lower_limit_comes_after_vmmanager_and_a_higher_one_before() {
        let conf = |n: u32| {
            format!(
                "router bgp 65000\n neighbor 10.0.0.2 remote-as 65000\n !\n address-family ipv4 unicast\n  neighbor 10.0.0.2 maximum-prefix {n} restart 5\n exit-address-family\nexit\n"
            )
        };
        let lower = change(&conf(200), &conf(150), Instance::Fabric);
        assert_eq!(lower.before, "");
        assert!(lower
            .after
            .contains("neighbor 10.0.0.2 maximum-prefix 150 restart 5"));
        let higher = change(&conf(150), &conf(200), Instance::Fabric);
        assert_eq!(higher.after, "");
        assert!(higher
            .before
            .contains("neighbor 10.0.0.2 maximum-prefix 200 restart 5"));
    }

    #[test]
    fn a_renumbered_bgp_instance_is_left_to_the_operator_on_a_core() {
        let new = OLD.replace("router bgp 65000", "router bgp 65001");
        let c = change(OLD, &new, Instance::Shared);
        // Never `no router bgp`: on a core the instance holds the router's other sessions too.
        assert_eq!((c.before.as_str(), c.after.as_str()), ("", ""));
        assert!(c
            .disruptive
            .is_some_and(|why| why.contains("renumber the router as a whole")));
        // On a reflector the instance is the fabric's: removed and created again, in order.
        let c = change(OLD, &new, Instance::Fabric);
        assert!(
            c.before
                .starts_with("no router bgp 65000\nrouter bgp 65001\n"),
            "{}",
            c.before
        );
        assert!(c.disruptive.is_some());
    }
}
