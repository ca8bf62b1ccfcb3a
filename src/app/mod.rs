//! What only the web app uses: editing the plan field by field (`edit`), undo and redo
//! (`session`), share links (`share`) and the fabric at a glance (`overview`). Plain Rust beside
//! the pipeline, tested natively; `ui` binds it to the page.

pub mod compare;
pub mod diagram;
pub mod edit;
pub mod overview;
pub mod problems;
pub mod session;
pub mod share;
