//! Plain mode on the real stdin/stdout: the same drafts as the full-screen wizard (saved
//! after each answer, locked while open, resumable), and the same end on a signal: save,
//! say where, exit 128 + the signal number.

use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::{Arc, Mutex, MutexGuard};

use signal_hook::consts::{SIGHUP, SIGINT, SIGQUIT, SIGTERM};
use signal_hook::iterator::Signals;

use super::{Dialogue, End};
use crate::draft::Draft;
use crate::rules::escape_for_terminal;
use crate::store;
use crate::tui::state::Step;
use crate::tui::terminal::{DraftsFolder, open_drafts};
use crate::tui::text;

/// Signals that end plain mode (saved first). The wizard's other ending signals keep their
/// default here: there is no terminal mode to restore, and the draft is saved after every
/// answer anyway.
const ENDING_SIGNALS: [i32; 4] = [SIGHUP, SIGINT, SIGQUIT, SIGTERM];

/// `EIO`: a read from or write to a hung-up terminal.
const EIO: i32 = 5;

/// Whether `TERM` asks for plain mode: unset, empty or `dumb` (SPEC §10).
pub fn term_wants_plain() -> bool {
    std::env::var_os("TERM").is_none_or(|t| t.is_empty() || t == "dumb")
}

/// What is on disk, shared with the signal thread.
struct Shared {
    draft: Draft,
    path: Option<PathBuf>,
    /// Changed since start (so there is a draft worth naming).
    changed: bool,
    /// The last save failed: save again on the way out.
    unsaved: bool,
    /// The step of the last change, noted in the draft (the wizard reopens it there).
    step: Option<u8>,
    lock: Option<store::DraftLock>,
    /// Why the drafts folder is not used, if it is not.
    drafts_off: Option<String>,
    /// The way out is taken (by the main thread or the signal thread).
    finishing: bool,
}

fn lock(shared: &Mutex<Shared>) -> MutexGuard<'_, Shared> {
    shared.lock().unwrap_or_else(|e| e.into_inner())
}

/// Print to stdout, ignoring failure (after a hang-up there is nowhere to print).
fn say(line: &str) {
    let mut out = io::stdout().lock();
    for line in line.split('\n') {
        let _ = writeln!(out, "{}", escape_for_terminal(line));
    }
    let _ = out.flush();
}

/// Run plain mode: on `start` (from `edit FILE`), or a new draft with the offer to resume
/// a recent one. `notes`: what an import left out.
pub fn run(start: Option<Draft>, notes: Vec<String>) -> ExitCode {
    // The same folder, checks and resume offer as the full-screen wizard.
    let DraftsFolder {
        dir,
        refused,
        mut entries,
        notes: warnings,
    } = match open_drafts(start.is_none()) {
        Ok(f) => f,
        Err(code) => return code,
    };
    for w in &warnings {
        say(&format!("warning: {w}"));
    }
    for n in &notes {
        say(&format!("note: {n}"));
    }
    let stdin = io::stdin();
    let mut dialogue = Dialogue::new(stdin.lock(), io::stdout(), Draft::new_jit(), |_, _| {});
    let mut path = refused.is_none().then(|| store::new_draft_path(&dir));
    match start {
        Some(d) => dialogue.state = crate::tui::State::new(d),
        None if !entries.is_empty() => match dialogue.pick_resume(&entries) {
            Ok(Ok(Some(i))) => {
                let e = entries.swap_remove(i);
                dialogue.state = crate::tui::State::new(e.draft);
                path = Some(e.path);
            }
            Ok(Ok(None)) => {}
            Ok(Err(_)) | Err(_) => return ExitCode::SUCCESS,
        },
        None => {}
    }
    // The draft's lock: another wizard holding it means working on a copy (written on the
    // way out or at the next answer).
    let mut held = None;
    let mut copy = false;
    if let Some(p) = path.clone() {
        match store::lock_draft(&p) {
            Ok(Some(l)) => held = Some(l),
            Ok(None) => {
                let other = store::new_draft_path(p.parent().unwrap_or(Path::new(".")));
                say(&text::working_on_copy(&p));
                held = store::lock_draft(&other).ok().flatten();
                path = Some(other);
                copy = true;
            }
            Err(e) => say(&text::draft_not_locked(&e.to_string())),
        }
    }
    let shared = Arc::new(Mutex::new(Shared {
        draft: dialogue.state.draft().clone(),
        path,
        changed: copy,
        unsaved: copy,
        step: None,
        drafts_off: refused,
        lock: held,
        finishing: false,
    }));
    watch_signals(&shared);
    let saver = Arc::clone(&shared);
    dialogue.on_change = Box::new(move |d: &Draft, step: Step| autosave(&saver, d, step));
    let outcome = dialogue.run();
    drop(dialogue);
    let mut l = lock(&shared);
    if std::mem::replace(&mut l.finishing, true) {
        // The signal thread is saving and ending the process.
        drop(l);
        loop {
            std::thread::park();
        }
    }
    let said = final_save(&mut l);
    say(&said);
    match outcome {
        Ok(End::Quit | End::Eof | End::Finished) => ExitCode::SUCCESS,
        Err(e) if e.raw_os_error() == Some(EIO) => ExitCode::from(128 + SIGHUP as u8),
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(2)
        }
    }
}

/// Save after an answer. Holding the shared lock while saving keeps a signal from ending
/// the process halfway (no temporary file is left behind).
fn autosave(shared: &Mutex<Shared>, draft: &Draft, step: Step) {
    let mut l = lock(shared);
    if l.finishing {
        return;
    }
    l.draft = draft.clone();
    l.changed = true;
    l.step = Some(step.number() as u8);
    if let Some(p) = l.path.clone() {
        match store::save_draft_at_step(&p, draft, l.step) {
            Ok(()) => l.unsaved = false,
            Err(e) => {
                l.unsaved = true;
                say(&text::draft_not_saved(&e.to_string()));
            }
        }
    }
}

/// The last save and what to tell the admin.
fn final_save(l: &mut Shared) -> String {
    let said = match l.path.clone() {
        None if l.changed => format!(
            "{}\n{}",
            text::not_saved_on_exit(l.drafts_off.as_deref().unwrap_or_default()),
            l.draft.to_toml()
        ),
        None => "Nothing was changed; no draft saved.".to_string(),
        Some(p) => {
            let failed = if l.unsaved {
                store::save_draft_at_step(&p, &l.draft, l.step).err()
            } else {
                None
            };
            match failed {
                Some(e) => format!(
                    "error: could not save the draft to {}: {e}\n{}",
                    p.display(),
                    l.draft.to_toml()
                ),
                None if p.exists() => format!("Draft saved: {}", p.display()),
                None => "Nothing was changed; no draft saved.".to_string(),
            }
        }
    };
    l.lock = None;
    said
}

/// On SIGHUP, SIGINT, SIGTERM or SIGQUIT: save, say where, exit 128 + n.
fn watch_signals(shared: &Arc<Mutex<Shared>>) {
    match Signals::new(ENDING_SIGNALS) {
        Ok(mut signals) => {
            let shared = Arc::clone(shared);
            std::thread::spawn(move || {
                for sig in signals.forever() {
                    let mut l = lock(&shared);
                    if std::mem::replace(&mut l.finishing, true) {
                        continue;
                    }
                    let said = final_save(&mut l);
                    say("");
                    say(&said);
                    std::process::exit(128 + sig);
                }
            });
        }
        Err(e) => eprintln!("warning: cannot watch SIGHUP/SIGTERM/SIGINT/SIGQUIT: {e}"),
    }
}
