//! Property test (SPEC §7): no sequence of keys, pastes and resizes, at any terminal size
//! from 1×1 to 300×100, makes the wizard panic in `update` or in drawing.

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
        1 => (1u16..=300, 1u16..=100).prop_map(|(w, h)| Msg::Resize(w, h)),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 32, ..ProptestConfig::default() })]
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
    }
}
