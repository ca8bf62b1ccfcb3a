//! Rows pasted into the nodes or VMs table (from a spreadsheet: tab-separated, or CSV without
//! quotes), and "add N nodes": every row becomes an item, in one step, or nothing changes.
//!
//! A pasted row is checked as the plan would check it: each cell is stored as the form stores
//! a typed value (a choice outside its options is refused), and then the plan with the new
//! rows is checked, so that a bad address, a duplicate name or a VM on an unknown node is
//! reported at its row and column before anything is applied.

use super::List;
use crate::app::problems::in_form_terms;
use crate::check::check;
use crate::plan::{Place, Plan};
use std::ops::Range;

/// The most rows one paste adds, and the most nodes one "add N" adds.
pub const MAX_ROWS: usize = 5000;
pub const MAX_ADD: usize = 100;

/// What is wrong with one cell (or, without a column, a whole row).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CellError {
    /// The line of the pasted text, from 1.
    pub line: usize,
    /// The column's label, as the form shows it.
    pub column: Option<String>,
    pub message: String,
}

impl std::fmt::Display for CellError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.column {
            Some(column) => write!(f, "line {}, {column}: {}", self.line, self.message),
            None => write!(f, "line {}: {}", self.line, self.message),
        }
    }
}

/// The columns of a list's rows, in order: the item's fields as the form labels them.
pub fn columns(list: List) -> Vec<String> {
    list.fields(0).into_iter().map(|f| f.label()).collect()
}

/// Adds `n` items to the end of `list`, each after the last one's model with the next free name
/// and addresses; the indices of the new items.
pub fn add_many(plan: &mut Plan, list: List, n: usize) -> Range<usize> {
    let start = list.len(plan);
    for _ in 0..n.min(MAX_ADD) {
        list.append(plan);
    }
    start..list.len(plan)
}

/// The plan with the pasted rows added at the end of `list` (nodes or VMs) and the indices of
/// the new items; or every bad cell, and the plan is not touched.
pub fn paste(plan: &Plan, list: List, text: &str) -> Result<(Plan, Range<usize>), Vec<CellError>> {
    let row_error = |line: usize, message: String| CellError {
        line,
        column: None,
        message,
    };
    if !matches!(list, List::Nodes | List::Vms) {
        return Err(vec![row_error(
            0,
            format!("rows cannot be pasted into {}", list.title()),
        )]);
    }
    let separator = if text.contains('\t') { '\t' } else { ',' };
    let mut rows: Vec<(usize, Vec<&str>)> = text
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(n, l)| (n + 1, l.split(separator).map(str::trim).collect()))
        .collect();
    // A header row, as a spreadsheet has it, names its first column.
    let header = rows
        .first()
        .and_then(|(_, cells)| cells.first())
        .is_some_and(|cell| cell.eq_ignore_ascii_case("name"));
    if header {
        rows.remove(0);
    }
    let columns = columns(list);
    if rows.is_empty() {
        return Err(vec![row_error(
            0,
            format!(
                "nothing to add: paste one row per {}, with the columns {}",
                list.noun(),
                columns.join(", ")
            ),
        )]);
    }
    if rows.len() > MAX_ROWS {
        return Err(vec![row_error(
            0,
            format!("{} rows are more than {MAX_ROWS} at once", rows.len()),
        )]);
    }
    let mut errors = Vec::new();
    let mut draft = plan.clone();
    let start = list.len(&draft);
    let mut lines = Vec::with_capacity(rows.len());
    for (line, cells) in &rows {
        if cells.len() > columns.len() {
            errors.push(row_error(
                *line,
                format!(
                    "{} cells, but a {} has {}: {}",
                    cells.len(),
                    list.noun(),
                    columns.len(),
                    columns.join(", ")
                ),
            ));
            continue;
        }
        // The new item starts as a copy of the last with the next free name and addresses;
        // every cell given replaces its value (an empty cell empties an address).
        let i = list.append(&mut draft);
        lines.push((i, *line));
        for (field, cell) in list.fields(i).into_iter().zip(cells) {
            if let Err(e) = field.set(&mut draft, cell) {
                errors.push(CellError {
                    line: *line,
                    column: Some(field.label()),
                    message: e.to_string(),
                });
            }
        }
    }
    if errors.is_empty() {
        for d in check(&draft).diagnostics.iter().filter(|d| d.is_error()) {
            let Some((l, i)) = d.place.item() else {
                continue;
            };
            let Some(&(_, line)) = lines.iter().find(|(j, _)| l == list && *j == i) else {
                continue;
            };
            let column = match d.place {
                Place::Field(field) => Some(field.label()),
                _ => None,
            };
            errors.push(CellError {
                line,
                column,
                message: in_form_terms(&draft, &d.message),
            });
        }
    }
    if errors.is_empty() {
        let end = list.len(&draft);
        Ok((draft, start..end))
    } else {
        Err(errors)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::{read_plan, EXAMPLES};

    fn dc1() -> Plan {
        read_plan(EXAMPLES[0].1).unwrap()
    }

    #[test]
    fn add_many_fills_names_and_the_next_free_addresses() {
        let mut plan = dc1();
        let added = add_many(&mut plan, List::Nodes, 3);
        assert_eq!(added, 4..7);
        let names: Vec<&str> = plan.nodes[4..].iter().map(|n| n.name.as_str()).collect();
        assert_eq!(names, ["kvm5", "kvm6", "kvm7"]);
        let report = check(&plan);
        assert!(report.fabric.is_some(), "{:#?}", report.diagnostics);
        assert_eq!(add_many(&mut plan, List::Nodes, 1000).len(), MAX_ADD);
    }

    #[test]
    fn pasted_rows_are_added_in_one_piece() {
        let plan = dc1();
        let text = "name\tvirtualization\tos\tipv4\tipv6\nkvm5\tkvm\talmalinux-8\t10.10.0.15\t\nkvm6\tkvm\talmalinux-8\t10.10.0.16\t2001:db8:ffff::16\n";
        let (after, added) = paste(&plan, List::Nodes, text).unwrap();
        assert_eq!(added, 4..6);
        assert_eq!(after.nodes[4].name, "kvm5");
        assert_eq!(after.nodes[4].ipv6, None);
        assert_eq!(after.nodes[5].ipv6.as_deref(), Some("2001:db8:ffff::16"));
        // CSV works too, and a row may stop early (the rest as the row before).
        let (after, _) = paste(&plan, List::Vms, "vm9,kvm2,203.0.113.30\n").unwrap();
        let vm = after.vms.last().unwrap();
        assert_eq!((vm.name.as_str(), vm.node.as_str()), ("vm9", "kvm2"));
        assert_eq!(vm.ipv4.as_deref(), Some("203.0.113.30"));
    }

    #[test]
    fn every_bad_cell_is_reported_and_nothing_is_applied() {
        let plan = dc1();
        let text = "kvm5,kvm,almalinux-8,10.10.0.999\nkvm6,xen\nkvm1,kvm,almalinux-8,10.10.0.17\nkvm8,kvm,almalinux-8,10.10.0.18,,extra\n";
        let errors = paste(&plan, List::Nodes, text).unwrap_err();
        let shown: Vec<String> = errors.iter().map(ToString::to_string).collect();
        assert!(
            shown
                .iter()
                .any(|e| e.starts_with("line 2, Virtualization: ")),
            "{shown:?}"
        );
        assert!(
            shown
                .iter()
                .any(|e| e.starts_with("line 4: 6 cells, but a node has 5")),
            "{shown:?}"
        );
        // Choice errors come first; once the choices are right, the check speaks.
        let errors = paste(
            &plan,
            List::Nodes,
            "kvm5,kvm,almalinux-8,10.10.0.999\nkvm1,kvm,almalinux-8,10.10.0.17\n",
        )
        .unwrap_err();
        let shown: Vec<String> = errors.iter().map(ToString::to_string).collect();
        assert!(
            shown
                .iter()
                .any(|e| e.starts_with("line 1, IPv4: ") && e.contains("10.10.0.999")),
            "{shown:?}"
        );
        assert!(
            shown
                .iter()
                .any(|e| e.starts_with("line 2, Name: ") && e.contains("already used")),
            "{shown:?}"
        );
        let errors = paste(&plan, List::Vms, "vm9,nope,203.0.113.31\n").unwrap_err();
        assert!(
            errors[0].to_string().starts_with("line 1, Node: "),
            "{errors:?}"
        );
        assert!(paste(&plan, List::Nodes, "\n\n").is_err());
        assert!(paste(&plan, List::Pools, "x").is_err());
    }
}
