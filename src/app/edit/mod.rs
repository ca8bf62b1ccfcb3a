//! Editing a plan field by field, as the web form does: every editable field has a JSON Pointer
//! path (the same paths the diagnostics use), text in and text out, and list operations (add,
//! remove, duplicate) that keep names and addresses unique where they can.
//!
//! This is plain Rust with native tests; the `ui` module only binds these functions to inputs.
//! `field`: which field and its path, element id and focus target; `value`: a field's text in and
//! out; `form`: labels, kinds, placeholders and options; `list`: adding, removing and
//! duplicating items; `paste`: rows pasted into the nodes or VMs table, and adding N items.

mod field;
mod form;
mod list;
pub mod paste;
mod value;

pub use crate::plan::{Field, Guard, List, Place, Section};
pub use field::{target, Target};
pub use form::{Kind, OS_OPTIONS};
pub use list::{add_range, next_addr, next_name, remove_range};
pub use value::{parse_number, FieldError};
