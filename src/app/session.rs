//! The editing session around a plan: undo and redo, and the text of number fields that is not
//! (yet) a number. Plain Rust: the web app keeps one [`History`] and one [`Drafts`] in signals.

use crate::app::edit::Field;

/// How many steps back undo can go. A step of a plan at the session limit (2,000 VMs) is a few
/// hundred KB, so this bounds the memory to tens of MB.
pub const MAX_STEPS: usize = 100;

/// One step that can be undone: the state before it and what it was, for the undo button.
#[derive(Debug, Clone, PartialEq)]
struct Step<T> {
    state: T,
    label: String,
}

/// Undo/redo history of whole states. Typing in one field makes one step, not one per key:
/// consecutive edits with the same coalescing key merge into the step that began them.
#[derive(Debug, Clone, PartialEq)]
pub struct History<T> {
    past: Vec<Step<T>>,
    future: Vec<Step<T>>,
    /// The key of the last recorded edit, while it can still be merged into.
    open: Option<Field>,
}

impl<T> Default for History<T> {
    fn default() -> Self {
        History {
            past: Vec::new(),
            future: Vec::new(),
            open: None,
        }
    }
}

impl<T: Clone> History<T> {
    pub fn new() -> Self {
        Self::default()
    }

    /// Records that `before` is about to be changed by an edit named `label`. An edit with the
    /// same `key` as the previous one (typing on in the same field) merges into its step;
    /// `key: None` (add, remove, load…) always makes a step of its own. Recording clears redo.
    pub fn record(&mut self, before: &T, label: &str, key: Option<Field>) {
        self.future.clear();
        if key.is_some() && key == self.open {
            return;
        }
        self.past.push(Step {
            state: before.clone(),
            label: label.to_string(),
        });
        if self.past.len() > MAX_STEPS {
            self.past.remove(0);
        }
        self.open = key;
    }

    /// Whether typing in `key` would merge into the open step (so the edit is not the first of
    /// its step).
    pub fn is_open(&self, key: Field) -> bool {
        self.open == Some(key)
    }

    /// Ends the open typing step, so the next edit of the same field makes a new step (called
    /// when a field loses focus).
    pub fn seal(&mut self) {
        self.open = None;
    }

    /// Undoes the last step: returns the state to restore, given the current one.
    pub fn undo(&mut self, current: &T) -> Option<T> {
        let step = self.past.pop()?;
        self.open = None;
        self.future.push(Step {
            state: current.clone(),
            label: step.label.clone(),
        });
        Some(step.state)
    }

    /// Redoes the last undone step.
    pub fn redo(&mut self, current: &T) -> Option<T> {
        let step = self.future.pop()?;
        self.open = None;
        self.past.push(Step {
            state: current.clone(),
            label: step.label.clone(),
        });
        Some(step.state)
    }

    /// What undo would undo, for its button ("Undo load example").
    pub fn undo_label(&self) -> Option<&str> {
        self.past.last().map(|s| s.label.as_str())
    }

    pub fn redo_label(&self) -> Option<&str> {
        self.future.last().map(|s| s.label.as_str())
    }
}

/// Text typed into number fields that is not a valid number. While a draft exists its field
/// shows the draft and a local error; the plan keeps the last valid number.
/// A plain list: there are a handful of number fields, and a map would add code to the wasm.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Drafts(Vec<(Field, String)>);

impl Drafts {
    pub fn get(&self, field: Field) -> Option<&str> {
        self.0
            .iter()
            .find(|(f, _)| *f == field)
            .map(|(_, text)| text.as_str())
    }

    pub fn set(&mut self, field: Field, text: &str) {
        self.clear(field);
        self.0.push((field, text.to_string()));
    }

    pub fn clear(&mut self, field: Field) {
        self.0.retain(|(f, _)| *f != field);
    }

    /// Forgets every draft: the plan was replaced (undo, open, load), so they belong to nothing.
    pub fn clear_all(&mut self) {
        self.0.clear();
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// How many number fields hold text that is not a number: each is an error the plan does
    /// not show, so export waits for it too.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// The fields that hold a draft, in the order they got it.
    pub fn fields(&self) -> impl Iterator<Item = Field> + '_ {
        self.0.iter().map(|(f, _)| *f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typing_in_one_field_is_one_step() {
        let mut h = History::new();
        let mut state = String::new();
        for c in "65001".chars() {
            h.record(&state, "edit AS number", Some(Field::Asn));
            state.push(c);
        }
        let empty = String::new();
        assert_eq!(h.undo(&state), Some(empty.clone()));
        assert_eq!(h.undo(&empty), None);
        assert_eq!(h.redo(&empty), Some("65001".to_string()));
    }

    #[test]
    fn another_field_or_a_seal_starts_a_new_step() {
        let mut h = History::new();
        h.record(&0, "a", Some(Field::Asn));
        h.record(&1, "a", Some(Field::Asn));
        h.record(&2, "b", Some(Field::Community));
        h.seal();
        h.record(&3, "b", Some(Field::Community));
        h.record(&4, "add node", None);
        h.record(&5, "remove node", None);
        let mut current = 6;
        let mut seen = vec![];
        while let Some(s) = h.undo(&current) {
            seen.push(s);
            current = s;
        }
        assert_eq!(seen, [5, 4, 3, 2, 0]);
    }

    #[test]
    fn undo_then_redo_and_labels() {
        let mut h = History::new();
        assert_eq!(h.undo_label(), None);
        h.record(&"old".to_string(), "load example", None);
        assert_eq!(h.undo_label(), Some("load example"));
        let back = h.undo(&"new".to_string()).unwrap();
        assert_eq!(back, "old");
        assert_eq!(h.redo_label(), Some("load example"));
        assert_eq!(h.redo(&back).as_deref(), Some("new"));
        // A new edit after an undo drops what could have been redone.
        h.undo(&"new".to_string());
        h.record(&"old".to_string(), "edit", None);
        assert_eq!(h.redo_label(), None);
    }

    #[test]
    fn history_is_bounded() {
        let mut h = History::new();
        for i in 0..MAX_STEPS + 50 {
            h.record(&i, "edit", None);
        }
        let mut n = 0;
        let mut current = 0;
        while let Some(s) = h.undo(&current) {
            current = s;
            n += 1;
        }
        assert_eq!(n, MAX_STEPS);
        assert_eq!(current, 50);
    }

    #[test]
    fn drafts_hold_bad_numbers_until_cleared() {
        let mut d = Drafts::default();
        d.set(Field::Asn, "65x");
        d.set(Field::Asn, "65y");
        assert_eq!(d.get(Field::Asn), Some("65y"));
        assert_eq!(d.get(Field::CoreAsn(0)), None);
        d.clear(Field::Asn);
        assert!(d.is_empty());
        d.set(Field::CoreAsn(1), "x");
        d.clear_all();
        assert!(d.is_empty());
    }
}
