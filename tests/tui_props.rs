//! Property test (SPEC §7): no sequence of keys, pastes and resizes, at any terminal size
//! from 1×1 to 300×100, makes the wizard panic in `update` or in drawing, and afterwards
//! the draft still round-trips through the answers file. 32 cases by default (fast);
//! `PROPTEST_CASES=2000 cargo test --test tui_props` for a longer run.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use proptest::prelude::*;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use sso_wizard::draft::Draft;
use sso_wizard::tui::{Msg, State, update, view};

fn key_code() -> impl Strategy<Value = KeyCode> {
    prop_oneof![
        any::<char>().prop_map(KeyCode::Char),
        Just(KeyCode::Enter),
        Just(KeyCode::Tab),
        Just(KeyCode::BackTab),
        Just(KeyCode::Esc),
        Just(KeyCode::Up),
        Just(KeyCode::Down),
        Just(KeyCode::Left),
        Just(KeyCode::Right),
        Just(KeyCode::Home),
        Just(KeyCode::End),
        Just(KeyCode::Backspace),
        Just(KeyCode::Delete),
        Just(KeyCode::PageUp),
        Just(KeyCode::PageDown),
        Just(KeyCode::F(1)),
    ]
}

fn msg() -> impl Strategy<Value = Msg> {
    prop_oneof![
        6 => (key_code(), any::<bool>()).prop_map(|(c, ctrl)| {
            // Ctrl+C/Ctrl+Q quit; the driver stops there, so keep exploring instead.
            let ctrl = ctrl && !matches!(c, KeyCode::Char('c' | 'q'));
            let m = if ctrl { KeyModifiers::CONTROL } else { KeyModifiers::NONE };
            Msg::Key(KeyEvent::new(c, m))
        }),
        // Ctrl+N/P/F/S, the wizard's own chords.
        2 => prop::sample::select(vec!['n', 'p', 'f', 's'])
            .prop_map(|c| Msg::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL))),
        1 => "[a-z.\\-\\r\\n,\\t \\x1b\\x07]{0,40}".prop_map(Msg::Paste),
        // Anything at all, and terminal escape sequences as an attacker would paste them.
        1 => any::<String>().prop_map(Msg::Paste),
        1 => prop::sample::select(vec![
            "\x1b[2J\x1b[H", "\x1b]0;pwned\x07", "\x1b[31mred\x1b[0m", "\x1bP+q\x1b\\", "\u{9b}31m",
        ])
        .prop_map(|s| Msg::Paste(s.to_string())),
        1 => (1u16..=300, 1u16..=100).prop_map(|(w, h)| Msg::Resize(w, h)),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(
        std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(32)
    ))]
    #[test]
    fn no_panic_for_any_event_sequence(msgs in prop::collection::vec(msg(), 1..80)) {
        let mut s = State::new(Draft::new_jit());
        let mut term = Terminal::new(TestBackend::new(80, 24)).unwrap();
        for m in msgs {
            if let Msg::Resize(w, h) = m {
                term.backend_mut().resize(w, h);
                term.resize(ratatui::layout::Rect::new(0, 0, w, h)).unwrap();
            }
            update(&mut s, m);
            term.draw(|f| view::draw(f, &s)).unwrap();
        }
        let text = s.draft.to_toml();
        let back = Draft::from_toml(&text).map_err(|e| TestCaseError::fail(format!("{e}\n{text}")))?;
        prop_assert_eq!(back, s.draft.clone());
        assert_no_raw_controls(&mut term, &s);
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
    let ids = &s.draft.extension.bundle_ids;
    assert!(ids.len() > 40_000, "{} IDs added", ids.len());
    assert!(ids.iter().all(|id| !id.chars().any(char::is_control)));
    term.draw(|f| view::draw(f, &s)).unwrap();
    assert_no_raw_controls(&mut term, &s);
    assert_eq!(Draft::from_toml(&s.draft.to_toml()).unwrap(), s.draft);
}
