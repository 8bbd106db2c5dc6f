//! Property test (SPEC §7): no sequence of keys, pastes and resizes, at any terminal size
//! from 1×1 to 300×100, makes the wizard panic in `update` or in drawing, and afterwards
//! the draft still round-trips through the answers file and nothing raw reaches the screen.
//!
//! The events are biased the way an admin uses the wizard (next/previous step, Tab, Enter,
//! Up/Down, typing; the picker's and save-as's keys; sizes mostly at least 60×16), cases
//! start from a new draft, the golden answers files, imported profiles or the resume
//! chooser, and the driver's side is played (a save or export finds the file there, so the
//! overwrite prompt comes up). The test asserts that the run reached every step and every
//! popup, so the generator cannot quietly stop exploring. 50 cases by default (5 per
//! start, a few seconds); `PROPTEST_CASES=2000 cargo test --test tui_props` for a longer run.

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::LazyLock;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use sso_wizard::draft::Draft;
use sso_wizard::tui::state::{Pending, Popup, Resume, ResumeEntry};
use sso_wizard::tui::update::WriteFailure;
use sso_wizard::tui::{Effect, Msg, State, Step, update, view};

/// One thing the admin does: a message, or a few keys that belong together.
#[derive(Debug, Clone)]
enum Ev {
    Msg(Msg),
    Keys(Vec<KeyEvent>),
}

fn press(c: KeyCode) -> KeyEvent {
    KeyEvent::new(c, KeyModifiers::NONE)
}

fn ctrl(c: char) -> KeyEvent {
    KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL)
}

fn keys(v: Vec<KeyEvent>) -> impl Strategy<Value = Ev> {
    prop::sample::select(v).prop_map(|k| Ev::Msg(Msg::Key(k)))
}

fn ev() -> impl Strategy<Value = Ev> {
    use KeyCode::*;
    prop_oneof![
        // Steps: forward more often than back, as in a real session.
        10 => keys(vec![ctrl('n'), press(PageDown)]),
        1 => keys(vec![ctrl('p'), press(PageUp), press(Esc)]),
        4 => keys(vec![press(Tab), press(BackTab)]),
        4 => Just(Ev::Msg(Msg::Key(press(Enter)))),
        4 => keys(vec![press(Up), press(Down), press(Char(' '))]),
        1 => Just(Ev::Msg(Msg::Key(press(Delete)))),
        2 => keys(vec![
            press(Home), press(End), press(Left), press(Right), press(Backspace),
            ctrl('a'), ctrl('e'), ctrl('h'),
        ]),
        4 => "[a-z0-9.\\- ]".prop_map(|c| Ev::Msg(Msg::Key(press(Char(c.chars().next().unwrap()))))),
        // Anything at all, with or without Ctrl (but not the quit keys: the driver stops
        // there, and the point is to keep exploring).
        1 => (any::<char>(), any::<bool>()).prop_map(|(c, with_ctrl)| {
            let with_ctrl = with_ctrl && !matches!(c, 'c' | 'q');
            let m = if with_ctrl { KeyModifiers::CONTROL } else { KeyModifiers::NONE };
            Ev::Msg(Msg::Key(KeyEvent::new(Char(c), m)))
        }),
        1 => keys(vec![
            ctrl('f'), ctrl('s'), press(Char('?')), press(Char('y')), press(Char('n')),
            press(PageDown), press(PageUp),
        ]),
        1 => Just(Ev::Msg(Msg::Key(press(F(1))))),
        // The table's last line is "+ known key…": Down to it and Enter opens the picker.
        3 => Just(Ev::Keys([vec![press(Down); 12], vec![press(Enter)]].concat())),
        // Save as, straight to the path offered (which exists: the prompt comes up).
        1 => Just(Ev::Keys(vec![ctrl('s'), press(Enter)])),
        // On the export step: Enter on the format moves to the path, Enter there exports.
        4 => Just(Ev::Keys(vec![press(Enter), press(Enter)])),
        1 => "[a-z.\\-\\r\\n,\\t \\x1b\\x07]{0,40}".prop_map(|p| Ev::Msg(Msg::Paste(p))),
        // Anything at all, and terminal escape sequences as an attacker would paste them.
        1 => any::<String>().prop_map(|p| Ev::Msg(Msg::Paste(p))),
        1 => prop::sample::select(vec![
            "\x1b[2J\x1b[H", "\x1b]0;pwned\x07", "\x1b[31mred\x1b[0m", "\x1bP+q\x1b\\", "\u{9b}31m",
        ])
        .prop_map(|p| Ev::Msg(Msg::Paste(p.to_string()))),
        // Mostly usable sizes (most of them ordinary, which also keeps the run fast); now
        // and then anything down to 1×1.
        1 => prop_oneof![
            6 => (60u16..=160, 16u16..=50),
            2 => (60u16..=300, 16u16..=100),
            1 => (1u16..=300, 1u16..=100),
        ]
        .prop_map(|(w, h)| Ev::Msg(Msg::Resize(w, h))),
    ]
}

/// Where a case starts: a new draft, each golden answers file, imported profiles, and the
/// resume chooser offering the golden drafts.
static STARTS: LazyLock<Vec<(&'static str, State)>> = LazyLock::new(|| {
    let answers = [
        (
            "spec-example",
            include_str!("fixtures/answers/spec-example.toml"),
        ),
        (
            "credential",
            include_str!("fixtures/answers/credential.toml"),
        ),
        ("kerberos", include_str!("fixtures/answers/kerberos.toml")),
        ("redirect", include_str!("fixtures/answers/redirect.toml")),
        (
            "entra-merge",
            include_str!("fixtures/answers/entra-merge.toml"),
        ),
    ];
    let imports: [(&str, &[u8]); 3] = [
        (
            "import entra mobileconfig",
            include_bytes!("fixtures/import/entra-id-jit-sample.mobileconfig"),
        ),
        (
            "import graph kerberos",
            include_bytes!("fixtures/import/graph-kerberos.json"),
        ),
        (
            "import redirect",
            include_bytes!("fixtures/import/redirect.mobileconfig"),
        ),
    ];
    let mut v = vec![("new", State::new(Draft::new_jit()))];
    let mut golden = Vec::new();
    for (name, text) in answers {
        let d = Draft::from_toml(text).unwrap_or_else(|e| panic!("{name}: {e}"));
        golden.push(d.clone());
        v.push((name, State::new(d)));
    }
    for (name, bytes) in imports {
        let imported = sso_wizard::import::import(bytes).unwrap_or_else(|e| panic!("{name}: {e}"));
        let mut s = State::new(imported.draft);
        s.import_notes = imported.notes;
        v.push((name, s));
    }
    let mut chooser = State::new(Draft::new_jit());
    chooser.resume = Some(Resume {
        entries: golden
            .into_iter()
            .enumerate()
            .map(|(i, draft)| ResumeEntry {
                path: PathBuf::from(format!("draft-{i}.toml")),
                draft,
                when: "2026-11-26 13:40 UTC".into(),
                in_use: i == 1,
                step: Step::Basics,
            })
            .collect(),
        selected: 0,
        notes: vec![],
    });
    v.push(("resume chooser", chooser));
    v
});

/// What one run showed: the steps and popups drawn at a usable size.
#[derive(Debug, Default)]
struct Reached {
    steps: BTreeMap<Step, usize>,
    popups: BTreeMap<&'static str, usize>,
}

impl Reached {
    fn note(&mut self, s: &State) {
        if s.too_small() {
            return;
        }
        let popup = match &s.popup {
            _ if s.resume.is_some() => "resume chooser",
            None => {
                *self.steps.entry(s.step).or_default() += 1;
                return;
            }
            Some(Popup::Help { .. }) => "help",
            Some(Popup::Picker { .. }) => "key picker",
            Some(Popup::SaveAs { .. }) => "save as",
            Some(Popup::Confirm(Pending::SaveAs(_))) => "overwrite (save as)",
            Some(Popup::Confirm(Pending::Export(..))) => "overwrite (export)",
        };
        *self.popups.entry(popup).or_default() += 1;
    }
}

const POPUPS: [&str; 6] = [
    "help",
    "key picker",
    "save as",
    "overwrite (save as)",
    "overwrite (export)",
    "resume chooser",
];

/// The driver's side: every save or export finds its file there (so the overwrite prompt
/// comes up), and an overwrite succeeds.
fn run_effects(s: &mut State, effects: Vec<Effect>) {
    for e in effects {
        let reply = match e {
            Effect::SaveAs { path, overwrite } => Msg::Saved(if overwrite {
                Ok(path)
            } else {
                Err(WriteFailure::Exists(path))
            }),
            Effect::Export {
                path, overwrite, ..
            } => Msg::Exported(if overwrite {
                Ok(vec![path])
            } else {
                Err(WriteFailure::Exists(path))
            }),
            Effect::SaveDraft => Msg::DraftSaved(Ok(())),
            Effect::Quit | Effect::ScheduleSave => continue,
        };
        let more = update(s, reply);
        assert!(more.is_empty(), "a write's result asked for more: {more:?}");
    }
}

fn run_case(start: usize, evs: &[Ev], reached: &mut Reached) -> Result<(), TestCaseError> {
    let mut s = STARTS[start].1.clone();
    let mut term = Terminal::new(TestBackend::new(80, 24)).unwrap();
    update(&mut s, Msg::Resize(80, 24));
    term.draw(|f| view::draw(f, &s)).unwrap();
    reached.note(&s);
    for ev in evs {
        let msgs = match ev {
            Ev::Msg(m) => vec![m.clone()],
            Ev::Keys(ks) => ks.iter().map(|k| Msg::Key(*k)).collect(),
        };
        for m in msgs {
            if let Msg::Resize(w, h) = m {
                term.backend_mut().resize(w, h);
                term.resize(ratatui::layout::Rect::new(0, 0, w, h)).unwrap();
            }
            let effects = update(&mut s, m);
            run_effects(&mut s, effects);
            term.draw(|f| view::draw(f, &s)).unwrap();
            reached.note(&s);
        }
    }
    let text = s.draft().to_toml();
    let back = Draft::from_toml(&text).map_err(|e| TestCaseError::fail(format!("{e}\n{text}")))?;
    prop_assert_eq!(back, s.draft().clone());
    assert_no_raw_controls(&mut term, &s);
    Ok(())
}

#[test]
fn any_event_sequence_is_safe_and_the_run_reaches_every_step_and_popup() {
    let cases: u32 = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(50);
    // Every start gets its share of the cases, so each is certainly explored.
    let per_start = cases.div_ceil(STARTS.len() as u32).max(1);
    // Per step and popup: in how many cases it was shown.
    let totals: RefCell<Reached> = RefCell::default();
    for (start, (name, _)) in STARTS.iter().enumerate() {
        let mut runner = TestRunner::new(Config {
            cases: per_start,
            source_file: Some(file!()),
            ..Config::default()
        });
        let result = runner.run(&prop::collection::vec(ev(), 10..120), |evs| {
            let mut reached = Reached::default();
            run_case(start, &evs, &mut reached)?;
            let mut t = totals.borrow_mut();
            for step in reached.steps.keys() {
                *t.steps.entry(*step).or_default() += 1;
            }
            for popup in reached.popups.keys() {
                *t.popups.entry(popup).or_default() += 1;
            }
            Ok(())
        });
        if let Err(e) = result {
            panic!("starting from {name}: {e}");
        }
    }
    let t = totals.into_inner();
    eprintln!("cases reaching each step: {:?}", t.steps);
    eprintln!("cases opening each popup: {:?}", t.popups);
    for step in Step::ALL {
        assert!(
            t.steps.get(&step).copied().unwrap_or(0) > 0,
            "no case reached {step:?} in {cases} cases: {t:?}"
        );
    }
    for popup in POPUPS {
        assert!(
            t.popups.get(popup).copied().unwrap_or(0) > 0,
            "no case opened the {popup} popup in {cases} cases: {t:?}"
        );
    }
}

/// Nothing pasted reaches the screen as a raw control character.
fn assert_no_raw_controls(term: &mut Terminal<TestBackend>, s: &State) {
    term.draw(|f| view::draw(f, s)).unwrap();
    let buf = term.backend().buffer();
    for cell in buf.content() {
        assert!(
            !cell.symbol().chars().any(char::is_control),
            "raw control character on screen: {:?}",
            cell.symbol()
        );
    }
}

/// A 1 MB paste (about 45,000 bundle IDs, with control characters and escape sequences
/// mixed in) into step 3 is taken in one go, draws, and round-trips.
#[test]
fn a_one_megabyte_paste_into_the_bundle_id_list() {
    let mut s = State::new(Draft::new_jit());
    let mut term = Terminal::new(TestBackend::new(80, 24)).unwrap();
    update(&mut s, Msg::Resize(80, 24));
    for _ in 0..2 {
        update(
            &mut s,
            Msg::Key(KeyEvent::new(KeyCode::Char('n'), KeyModifiers::CONTROL)),
        );
    }
    let mut paste = String::with_capacity(1 << 20);
    let mut i = 0;
    while paste.len() < (1 << 20) {
        match i % 7 {
            0 => paste.push_str("com.contoso.\x1b[2Japp"),
            1 => paste.push_str("\x1b]0;title\x07"),
            _ => paste.push_str("com.contoso.app"),
        }
        paste.push_str(&i.to_string());
        paste.push_str(if i % 3 == 0 { "\r\n" } else { "," });
        i += 1;
    }
    update(&mut s, Msg::Paste(paste));
    let ids = &s.draft().extension.bundle_ids;
    assert!(ids.len() > 40_000, "{} IDs added", ids.len());
    assert!(ids.iter().all(|id| !id.chars().any(char::is_control)));
    term.draw(|f| view::draw(f, &s)).unwrap();
    assert_no_raw_controls(&mut term, &s);
    assert_eq!(&Draft::from_toml(&s.draft().to_toml()).unwrap(), s.draft());
}
