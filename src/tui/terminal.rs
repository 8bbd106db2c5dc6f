//! The driver: owns the terminal, turns events into `Msg`s, runs effects, autosaves, and
//! restores everything on the way out (quit, SIGHUP/SIGTERM/SIGINT/SIGQUIT, panic).

use std::io::{self, Write};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, AtomicI32, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use crossterm::event::{self, DisableBracketedPaste, EnableBracketedPaste, Event, KeyEventKind};
use crossterm::terminal::{self, EnterAlternateScreen, LeaveAlternateScreen};
use crossterm::{cursor, execute};
use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;
use signal_hook::consts::{
    SIGALRM, SIGHUP, SIGINT, SIGPROF, SIGQUIT, SIGTERM, SIGUSR1, SIGUSR2, SIGVTALRM, SIGXCPU,
    SIGXFSZ,
};
use signal_hook::iterator::Signals;

use super::autosave::Autosave;
use super::state::{Resume, ResumeEntry, State, Step};
use super::update::{Effect, Msg, WriteFailure, update};
use super::view;
use crate::draft::Draft;
use crate::export::{self, Format};
use crate::store;

/// How many recent drafts the start-up chooser offers.
const RESUME_MAX: usize = 9;

/// Set once the terminal has been restored.
static RESTORED: AtomicBool = AtomicBool::new(false);

/// Every signal whose default is to end the process and that can be caught: each ends the
/// wizard the same way (save, restore, say where), so none can cut a save short and leave
/// a temporary file behind (SIGKILL and the CPU faults cannot be caught).
const ENDING_SIGNALS: [i32; 11] = [
    SIGHUP, SIGINT, SIGQUIT, SIGTERM, SIGUSR1, SIGUSR2, SIGALRM, SIGVTALRM, SIGPROF, SIGXCPU,
    SIGXFSZ,
];

/// The first ending signal received (0: none). Set before the signal thread waits for the
/// state, so the event loop lets go of it at the next event or frame.
static SIGNALLED: AtomicI32 = AtomicI32::new(0);

fn signalled() -> bool {
    SIGNALLED.load(Ordering::SeqCst) != 0
}

/// `EIO`: what a write to or read from a terminal that has been hung up fails with.
const EIO: i32 = 5;

/// Undo every terminal mode the wizard set (once; later calls do nothing). Errors are ignored
/// because the terminal may already be gone (SSH dropped).
pub fn restore_terminal() {
    // Once only: leaving the alternate screen a second time makes many terminals restore
    // the cursor saved on entry, and what is printed next lands over older output.
    if RESTORED.swap(true, Ordering::SeqCst) {
        return;
    }
    let mut out = io::stdout();
    let _ = execute!(
        out,
        DisableBracketedPaste,
        cursor::Show,
        LeaveAlternateScreen
    );
    let _ = terminal::disable_raw_mode();
    let _ = out.flush();
}

/// Restores the terminal when dropped, whatever path leaves the wizard.
struct Guard;

impl Drop for Guard {
    fn drop(&mut self) {
        restore_terminal();
    }
}

/// Run the wizard. `start`: a draft to edit (from `edit FILE`), or `None` for a new draft
/// with the offer to resume a recent one.
pub fn run(start: Option<Draft>) -> ExitCode {
    run_with_notes(start, Vec::new())
}

/// The drafts folder of a session (the wizard or plain mode): where drafts go, why not
/// (a folder that is not safe is neither read nor written: the admin still works), the
/// drafts to offer to resume, and what to tell the admin about them.
pub struct DraftsFolder {
    /// The drafts folder.
    pub dir: std::path::PathBuf,
    /// Why it is not used, when it is not.
    pub refused: Option<String>,
    /// Recent drafts to offer (none when a draft to edit was given, or refused).
    pub entries: Vec<ResumeEntry>,
    /// Warnings: a refused folder, drafts that could not be read or were skipped.
    pub notes: Vec<String>,
}

/// Find and check the drafts folder, and (with `offer_resume`) the drafts to offer; exit
/// code 2 with a message when there is no folder for drafts at all.
pub fn open_drafts(offer_resume: bool) -> Result<DraftsFolder, ExitCode> {
    let dir = store::drafts_dir().map_err(|e| {
        eprintln!("error: cannot find a folder for drafts: {e}");
        ExitCode::from(2)
    })?;
    let refused = store::check_drafts_dir(&dir).err();
    let mut notes = Vec::new();
    if let Some(why) = &refused {
        notes.push(super::text::drafts_refused(why));
    }
    let mut entries = Vec::new();
    if offer_resume && refused.is_none() {
        scan_for_resume(&dir, &mut entries, &mut notes);
    }
    Ok(DraftsFolder {
        dir,
        refused,
        entries,
        notes,
    })
}

/// [`run`], showing what an import left out (help opens on them at start).
pub fn run_with_notes(start: Option<Draft>, import_notes: Vec<String>) -> ExitCode {
    let DraftsFolder {
        dir,
        refused,
        entries,
        notes,
    } = match open_drafts(start.is_none()) {
        Ok(f) => f,
        Err(code) => return code,
    };
    let mut state = match start {
        Some(d) => State::new(d),
        None => {
            let mut s = State::new(Draft::new_jit());
            if !entries.is_empty() || !notes.is_empty() {
                s.resume = Some(Resume {
                    entries,
                    selected: 0,
                    notes: notes.clone(),
                });
            }
            s
        }
    };
    for n in &notes {
        say(&format!(
            "warning: {}",
            crate::rules::escape_for_terminal(n)
        ));
    }
    state.color = crate::cli::colour_allowed();
    match refused {
        None => state.draft_path = Some(store::new_draft_path(&dir)),
        Some(why) => {
            state.status = Some(super::text::drafts_refused(&why));
            state.drafts_off = Some(why);
        }
    }
    if !import_notes.is_empty() {
        // Printed notes vanish behind the alternate screen: show them in the wizard.
        state.status = Some(super::text::import_notes_status(import_notes.len()));
        state.popup = Some(super::state::Popup::Help { scroll: 0 });
        state.import_notes = import_notes;
    }
    run_state(state)
}

/// The drafts the start-up chooser offers (newest first), and notes on the files it does
/// not: a corrupt draft is set aside, anything else is left as it is.
pub fn scan_for_resume(dir: &Path, entries: &mut Vec<ResumeEntry>, notes: &mut Vec<String>) {
    let shown = |p: &Path| crate::rules::escape_for_terminal(&p.display().to_string());
    let found = match store::scan_drafts(dir) {
        Ok(found) => found,
        Err(e) => {
            notes.push(format!("cannot read {}: {e}", shown(dir)));
            return;
        }
    };
    for info in found {
        match info.draft {
            Ok(draft) if entries.len() < RESUME_MAX => entries.push(ResumeEntry {
                draft,
                when: store::format_time(info.modified),
                in_use: store::draft_in_use(&info.path),
                step: Step::ALL
                    .into_iter()
                    .find(|s| Some(s.number() as u8) == info.step)
                    .unwrap_or(Step::Basics),
                path: info.path,
            }),
            Ok(_) => {}
            Err(store::DraftError::Corrupt(e)) if !named_like_draft(&info.path) => {
                notes.push(format!(
                    "{} could not be read ({e}); it is not named like a draft, so it was left \
                     as it is",
                    shown(&info.path)
                ));
            }
            Err(store::DraftError::Corrupt(e)) => notes.push(match store::set_aside(&info.path) {
                Ok(p) => format!(
                    "{} could not be read ({e}); kept as {}",
                    shown(&info.path),
                    shown(&p)
                ),
                Err(err) => format!(
                    "{} could not be read ({e}) nor set aside ({err})",
                    shown(&info.path)
                ),
            }),
            Err(store::DraftError::Skipped(why)) => {
                notes.push(format!("{} was not opened: {why}", shown(&info.path)));
            }
        }
    }
}

fn named_like_draft(path: &Path) -> bool {
    path.file_name()
        .and_then(|n| n.to_str())
        .is_some_and(store::is_draft_name)
}

/// The state and what of it is on disk, shared with the signal thread.
struct Live {
    state: State,
    /// The lock of the draft at `state.draft_path`, while this wizard holds it.
    draft_lock: Option<store::DraftLock>,
    /// The final save has begun (on the main thread or the signal thread): from here on,
    /// signals and keys change nothing.
    finishing: bool,
}

/// Hold the lock of the draft being edited (SPEC §4). When another wizard holds it, go on
/// with a copy (a new draft file, written by the next autosave) and say so: true then.
fn hold_draft_lock(l: &mut Live) -> bool {
    let want = l.state.draft_path.clone();
    if l.draft_lock.as_ref().map(store::DraftLock::draft) == want.as_deref() {
        return false;
    }
    l.draft_lock = None;
    let Some(path) = want else { return false };
    match store::lock_draft(&path) {
        Ok(Some(held)) => l.draft_lock = Some(held),
        Ok(None) => {
            let copy = store::new_draft_path(path.parent().unwrap_or(Path::new(".")));
            l.state.status = Some(super::text::working_on_copy(&path));
            l.draft_lock = store::lock_draft(&copy).ok().flatten();
            l.state.draft_path = Some(copy);
            // Unsaved on purpose: the copy is written by the next autosave or on the way out.
            l.state.mark_unsaved();
            return true;
        }
        Err(e) => l.state.status = Some(super::text::draft_not_locked(&e.to_string())),
    }
    false
}

/// Claim the way out: false when it is already taken.
fn begin_finish(l: &mut Live) -> bool {
    !std::mem::replace(&mut l.finishing, true)
}

/// Save what is unsaved (the wizard adds what a list's input line holds first), before
/// the terminal is restored so nothing can stop it, then let go of the draft's lock. Keys
/// handled since the last check may have opened a draft that another wizard holds: never
/// save into it.
fn final_save(l: &mut Live, panicked: bool) -> FinalSave {
    let _ = hold_draft_lock(l);
    // After a panic the draft is saved as it stands: closing would add the list's pending
    // line, which re-runs the rules, and a second panic there would lose the draft.
    let save = if panicked {
        l.state.unsaved()
    } else {
        update(&mut l.state, Msg::Closing).contains(&Effect::SaveDraft)
    };
    let saved = match &l.state.draft_path {
        None => FinalSave::NoPath,
        Some(path) => match save.then(|| write_draft(&l.state)).transpose() {
            Err(e) => FinalSave::Failed(path.clone(), e),
            Ok(_) => FinalSave::Done(path.clone()),
        },
    };
    l.draft_lock = None;
    saved
}

/// Write the draft where it is autosaved, noting the step it is at (it reopens there).
fn write_draft(state: &State) -> Result<(), String> {
    let Some(path) = &state.draft_path else {
        return Ok(());
    };
    store::save_draft_at_step(path, state.draft(), Some(state.step.number() as u8))
        .map_err(|e| e.to_string())
}

fn lock(live: &Mutex<Live>) -> MutexGuard<'_, Live> {
    // A panic while drawing poisons the lock; the draft inside is still worth saving.
    live.lock().unwrap_or_else(|e| e.into_inner())
}

/// Run the wizard on a prepared state (its `draft_path` is where autosaves go).
pub fn run_state(state: State) -> ExitCode {
    let mut live = Live {
        state,
        draft_lock: None,
        finishing: false,
    };
    let _ = hold_draft_lock(&mut live);
    let live = Arc::new(Mutex::new(live));
    SIGNALLED.store(0, Ordering::SeqCst);
    // Signals are handled on their own thread, so the event loop can block without a
    // timeout (no wake-ups while idle). The loop holds the lock only while handling
    // events and drawing, and lets go as soon as it sees a signal, so the thread never
    // writes into the middle of a frame and never waits for a burst to be handled.
    match Signals::new(ENDING_SIGNALS) {
        Ok(mut signals) => {
            let live = Arc::clone(&live);
            std::thread::spawn(move || {
                for sig in signals.forever() {
                    let _ = SIGNALLED.compare_exchange(0, sig, Ordering::SeqCst, Ordering::SeqCst);
                    // Save first: after a hang-up every write to the terminal fails, and
                    // nothing below may stop the process from ending (a thread that died
                    // here left the wizard spinning in crossterm's read of a dead tty).
                    let ours = catch_unwind(AssertUnwindSafe(|| {
                        let mut l = lock(&live);
                        if !begin_finish(&mut l) {
                            // The main thread is already saving and restoring: a second
                            // Ctrl+C or a SIGQUIT during quit changes nothing.
                            return false;
                        }
                        let saved = final_save(&mut l, false);
                        restore_terminal();
                        report_final(&saved, &l.state);
                        true
                    }));
                    if ours.unwrap_or(true) {
                        std::process::exit(128 + sig);
                    }
                }
            });
        }
        Err(e) => eprintln!("warning: cannot watch SIGHUP/SIGTERM/SIGINT/SIGQUIT: {e}"),
    }
    let prev_hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        restore_terminal();
        prev_hook(info);
    }));

    let guard = match setup() {
        Ok(g) => g,
        Err(e) => {
            restore_terminal();
            eprintln!("error: cannot set up the terminal: {e}");
            return ExitCode::from(2);
        }
    };
    let outcome = catch_unwind(AssertUnwindSafe(|| event_loop(&live)));
    // The final save comes before the terminal is restored: once the admin has their
    // shell back they may close the window, and a save cut short loses the draft.
    let mut l = lock(&live);
    if !begin_finish(&mut l) {
        // The signal thread is ending the process (it holds the state until then).
        drop(l);
        loop {
            std::thread::park();
        }
    }
    let signal = SIGNALLED.load(Ordering::SeqCst);
    let saved = final_save(&mut l, outcome.is_err());
    drop(guard);
    let code = match &outcome {
        // A signal seen between events ends the loop; say so as the signal thread would.
        _ if signal != 0 => ExitCode::from(128 + signal as u8),
        Ok(Ok(())) => ExitCode::SUCCESS,
        // The terminal was hung up and the loop noticed before SIGHUP arrived.
        Ok(Err(e)) if e.raw_os_error() == Some(EIO) => ExitCode::from(128 + SIGHUP as u8),
        Ok(Err(e)) => {
            say(&format!("error: terminal: {e}"));
            ExitCode::from(2)
        }
        Err(_) => ExitCode::from(101),
    };
    report_final(&saved, &l.state);
    code
}

/// Print to stderr, ignoring failure: after a hang-up there is no terminal to print to,
/// and `eprintln!` would panic.
fn say(line: &str) {
    let _ = writeln!(io::stderr(), "{line}");
}

fn setup() -> io::Result<Guard> {
    RESTORED.store(false, Ordering::SeqCst);
    terminal::enable_raw_mode()?;
    let guard = Guard;
    execute!(io::stdout(), EnterAlternateScreen, EnableBracketedPaste)?;
    Ok(guard)
}

/// What the last save on the way out did.
enum FinalSave {
    /// No drafts folder (nothing to save to).
    NoPath,
    /// The draft is on disk (saved now or by an earlier autosave), or was never changed.
    Done(std::path::PathBuf),
    /// Saving failed: the message, and the draft is printed instead.
    Failed(std::path::PathBuf, String),
}

/// Say where the draft is (after the terminal is restored).
fn report_final(saved: &FinalSave, state: &State) {
    match saved {
        FinalSave::NoPath => {
            if let Some(why) = &state.drafts_off
                && state.revision() != 0
            {
                say(&super::text::not_saved_on_exit(why));
                say(&state.draft().to_toml());
            }
        }
        FinalSave::Failed(path, e) => {
            say(&format!(
                "error: could not save the draft to {}: {e}",
                path.display()
            ));
            say(&state.draft().to_toml());
        }
        FinalSave::Done(path) if path.exists() => {
            say(&format!("Draft saved: {}", path.display()));
        }
        FinalSave::Done(_) => say("Nothing was changed; no draft saved."),
    }
}

fn to_msg(ev: Event) -> Option<Msg> {
    match ev {
        Event::Key(k) if k.kind == KeyEventKind::Press => Some(Msg::Key(k)),
        Event::Paste(p) => Some(Msg::Paste(p)),
        Event::Resize(w, h) => Some(Msg::Resize(w, h)),
        _ => None,
    }
}

/// Events read in one go, then handled and drawn once.
const BURST_MAX: usize = 256;

/// Wait for input (with a save pending, only until it is due; otherwise block: nothing
/// happens on a timer), then take what is already queued behind it: a burst (paste, key
/// repeat, resize drag) is drawn once. The state is not locked here: on a hung-up terminal
/// crossterm's read and poll never return, and the signal thread must still get the state
/// to save it (holding the lock across a poll here left a closed terminal's wizard
/// running, now and then).
fn next_burst(save_due: Option<Instant>) -> io::Result<Vec<Event>> {
    let mut burst = Vec::new();
    let ready = match save_due {
        Some(due) => event::poll(due.saturating_duration_since(Instant::now()))?,
        None => true,
    };
    if ready {
        burst.push(event::read()?);
        while burst.len() < BURST_MAX && !signalled() && event::poll(Duration::ZERO)? {
            burst.push(event::read()?);
        }
    }
    Ok(burst)
}

/// Handle a burst of events: (something changed, the wizard quits). A signal stops it
/// between events: the signal thread must get the state now, not after the burst.
fn handle(l: &mut Live, burst: Vec<Event>, autosave: &mut Autosave) -> (bool, bool) {
    let mut dirty = false;
    for ev in burst {
        if signalled() {
            return (dirty, true);
        }
        if let Some(msg) = to_msg(ev) {
            dirty = true;
            if run_effects(&mut l.state, msg, autosave) {
                return (dirty, true);
            }
        }
    }
    (dirty, signalled())
}

fn event_loop(live: &Mutex<Live>) -> io::Result<()> {
    let mut term = Terminal::new(CrosstermBackend::new(io::stdout()))?;
    {
        let mut l = lock(live);
        let size = term.size()?;
        update(&mut l.state, Msg::Resize(size.width, size.height));
        term.draw(|f| view::draw(f, &l.state))?;
    }
    let mut autosave = Autosave::default();
    loop {
        let burst = next_burst(autosave.due())?;
        let mut l = lock(live);
        let (mut dirty, quit) = handle(&mut l, burst, &mut autosave);
        if quit {
            return Ok(());
        }
        if hold_draft_lock(&mut l) {
            // A copy of a draft another wizard holds: written after the usual delay.
            autosave.arm(Instant::now());
        }
        if autosave.fire(Instant::now()) {
            let status = l.state.status.clone();
            run_effects(&mut l.state, Msg::SaveDue, &mut autosave);
            dirty |= l.state.status != status;
        }
        if dirty && !signalled() {
            term.draw(|f| view::draw(f, &l.state))?;
        }
    }
}

/// Hand `msg` to the wizard and run what it asks for (results go back to it as
/// messages). True when the wizard quits.
fn run_effects(state: &mut State, msg: Msg, autosave: &mut Autosave) -> bool {
    let mut queue = std::collections::VecDeque::from([msg]);
    while let Some(msg) = queue.pop_front() {
        for effect in update(state, msg) {
            match run_effect(state, effect, autosave) {
                Ran::Quit => return true,
                Ran::Answer(m) => queue.push_back(m),
                Ran::Done => {}
            }
        }
    }
    false
}

/// What running an effect led to.
enum Ran {
    /// Nothing more to do.
    Done,
    /// A result to hand back to the wizard.
    Answer(Msg),
    /// The wizard quits.
    Quit,
}

/// Run one effect; its result (if any) is a message for the wizard.
fn run_effect(state: &State, effect: Effect, autosave: &mut Autosave) -> Ran {
    let msg = match effect {
        Effect::Quit => return Ran::Quit,
        Effect::ScheduleSave => {
            autosave.arm(Instant::now());
            return Ran::Done;
        }
        Effect::SaveDraft => Msg::DraftSaved(write_draft(state)),
        Effect::SaveAs { path, overwrite } => {
            let path = store::expand_home(&path.to_string_lossy());
            let r = store::write_atomic(&path, state.draft().to_toml().as_bytes(), overwrite)
                .map(|()| path.clone())
                .map_err(|e| failure(&path, e));
            Msg::Saved(r)
        }
        Effect::Export {
            format,
            path,
            overwrite,
        } => {
            let path = store::expand_home(&path.to_string_lossy());
            Msg::Exported(write_export(state.draft(), format, &path, overwrite))
        }
    };
    Ran::Answer(msg)
}

fn failure(path: &Path, e: io::Error) -> WriteFailure {
    if e.kind() == io::ErrorKind::AlreadyExists {
        WriteFailure::Exists(path.to_path_buf())
    } else {
        WriteFailure::Other(format!("{}: {e}", path.display()))
    }
}

/// Render and write an export; `all` writes a folder at `path`.
pub fn write_export(
    draft: &Draft,
    format: Format,
    path: &Path,
    overwrite: bool,
) -> Result<Vec<PathBuf>, WriteFailure> {
    let files = export::render(draft, format).map_err(|e| WriteFailure::Other(e.to_string()))?;
    if format == Format::All {
        store::write_folder(path, &files, overwrite).map_err(|e| failure(path, e))?;
        return Ok(files.iter().map(|f| path.join(&f.path)).collect());
    }
    let Some(file) = files.into_iter().next() else {
        return Err(WriteFailure::Other("nothing to write".into()));
    };
    store::write_atomic(path, &file.bytes, overwrite).map_err(|e| failure(path, e))?;
    Ok(vec![path.to_path_buf()])
}
