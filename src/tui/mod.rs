//! The interactive wizard (SPEC §4): a pure state machine (`update`), views that are
//! functions of the state, and a small driver that owns the terminal.

pub mod autosave;
pub mod catalog;
pub mod columns;
pub mod fields;
pub mod help;
pub mod input;
pub mod keymap;
pub mod state;
pub mod summary;
pub mod terminal;
pub mod text;
pub mod update;
pub mod view;

pub use state::{State, Step};
pub use terminal::{run, run_with_notes};
pub use update::{Effect, Msg, update};
