//! Single-line text editing on a `String` owned elsewhere (usually the `Draft`), so the
//! wizard never keeps a second copy of what the admin typed. Only the cursor is ours.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// Characters that may be inserted: anything but control characters (SPEC §4: control
/// characters typed or pasted are never inserted).
pub fn insertable(c: char) -> bool {
    !c.is_control()
}

/// Byte offset of the `cursor`-th character (clamped to the end).
pub fn byte_at(s: &str, cursor: usize) -> usize {
    s.char_indices().nth(cursor).map_or(s.len(), |(i, _)| i)
}

/// Insert `text` at the cursor, dropping control characters; returns whether `s` changed.
pub fn insert_str(s: &mut String, cursor: &mut usize, text: &str) -> bool {
    let clean: String = text.chars().filter(|c| insertable(*c)).collect();
    if clean.is_empty() {
        return false;
    }
    *cursor = (*cursor).min(s.chars().count());
    let at = byte_at(s, *cursor);
    s.insert_str(at, &clean);
    *cursor += clean.chars().count();
    true
}

/// What a key did to a text field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Edit {
    /// The text changed.
    Changed,
    /// Only the cursor moved.
    Moved,
    /// The key is not a text-editing key.
    NotMine,
}

/// Apply one text-editing key to `s` (SPEC §4: Home/End, Ctrl+A/Ctrl+E, Left/Right,
/// Backspace, printable characters; and Delete, Ctrl+W, Ctrl+U, Ctrl+K, Ctrl+Left/Right and
/// Alt+B/Alt+F as in a shell). Keys the keymap binds (Delete in a list) never get here.
///
/// Moving and deleting are `tui-input`'s: it steps whole graphemes (an accent typed as its
/// own character goes with its letter) and finds words by Unicode's word boundaries (a
/// bundle ID or host name is one word, as in a shell). Inserting stays ours, for the control
/// character filter and because `tui-input` inserts one character at a time (a paste would
/// be quadratic).
pub fn edit(s: &mut String, cursor: &mut usize, key: KeyEvent) -> Edit {
    use tui_input::InputRequest as R;
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    let alt = key.modifiers.contains(KeyModifiers::ALT);
    let request = match key.code {
        // Some terminals (PuTTY's default, some `stty erase ^H` setups) send ^H for Backspace.
        KeyCode::Backspace => R::DeletePrevChar,
        KeyCode::Char('h') if ctrl => R::DeletePrevChar,
        KeyCode::Delete => R::DeleteNextChar,
        KeyCode::Left if ctrl => R::GoToPrevWord,
        KeyCode::Right if ctrl => R::GoToNextWord,
        KeyCode::Left => R::GoToPrevChar,
        KeyCode::Right => R::GoToNextChar,
        KeyCode::Home => R::GoToStart,
        KeyCode::End => R::GoToEnd,
        KeyCode::Char('a') if ctrl => R::GoToStart,
        KeyCode::Char('e') if ctrl => R::GoToEnd,
        KeyCode::Char('w') if ctrl => R::DeletePrevWord,
        KeyCode::Char('u') if ctrl => R::DeleteFromStart,
        KeyCode::Char('k') if ctrl => R::DeleteTillEnd,
        KeyCode::Char('b') if alt && !ctrl => R::GoToPrevWord,
        KeyCode::Char('f') if alt && !ctrl => R::GoToNextWord,
        KeyCode::Char(c) if !ctrl && !alt => {
            let mut buf = [0u8; 4];
            return if insert_str(s, cursor, c.encode_utf8(&mut buf)) {
                Edit::Changed
            } else {
                Edit::Moved
            };
        }
        _ => return Edit::NotMine,
    };
    // The text moves into the engine and back: no copy, and the `Draft` keeps the only one.
    let before = s.len();
    let mut input = tui_input::Input::new(std::mem::take(s)).with_cursor(*cursor);
    input.handle(request);
    *cursor = input.cursor();
    *s = input.into();
    // Every request above either deletes or only moves, so the length tells which it was
    // (`tui-input` reports Ctrl+K at the end as a change).
    if s.len() == before {
        Edit::Moved
    } else {
        Edit::Changed
    }
}

/// Split a paste of many list entries: newlines (`\r\n`, `\r`, `\n`), commas, spaces and
/// tabs all separate entries; empty pieces are dropped and other control characters removed.
pub fn split_paste(text: &str) -> Vec<String> {
    text.split(|c: char| c == ',' || c.is_whitespace())
        .map(|piece| piece.chars().filter(|c| insertable(*c)).collect::<String>())
        .filter(|piece| !piece.is_empty())
        .collect()
}

/// `s` with control characters and bidi/zero-width characters shown escaped (`\u{1b}`),
/// for text loaded from files: the one escaper of [`crate::rules::escape_for_terminal`],
/// borrowing when there is nothing to escape (the common case, on every frame).
pub fn escape_controls(s: &str) -> std::borrow::Cow<'_, str> {
    if !s.chars().any(crate::rules::needs_escape) {
        return std::borrow::Cow::Borrowed(s);
    }
    std::borrow::Cow::Owned(crate::rules::escape_for_terminal(s))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paste_splits_on_every_separator() {
        assert_eq!(
            split_paste("a.b\r\nc.d\re.f\ng.h,i.j k.l\tm.n,, \x07o.p"),
            vec!["a.b", "c.d", "e.f", "g.h", "i.j", "k.l", "m.n", "o.p"]
        );
    }

    #[test]
    fn control_characters_are_never_inserted() {
        let mut s = String::from("ab");
        let mut c = 1;
        assert!(insert_str(&mut s, &mut c, "\x1b[31mX\u{7f}"));
        assert_eq!(s, "a[31mXb");
        assert_eq!(escape_controls("a\x1bb"), "a\\u{1b}b");
        assert_eq!(escape_controls("a\u{202e}b"), "a\\u{202e}b");
    }

    #[test]
    fn editing_handles_multibyte_characters() {
        let mut s = String::from("äö");
        let mut c = 2;
        let bs = KeyEvent::new(KeyCode::Backspace, KeyModifiers::NONE);
        assert_eq!(edit(&mut s, &mut c, bs), Edit::Changed);
        assert_eq!((s.as_str(), c), ("ä", 1));
        let ctrl_h = KeyEvent::new(KeyCode::Char('h'), KeyModifiers::CONTROL);
        assert_eq!(edit(&mut s, &mut c, ctrl_h), Edit::Changed);
        assert_eq!((s.as_str(), c), ("", 0));
    }

    fn key(s: &mut String, c: &mut usize, code: KeyCode, m: KeyModifiers) -> Edit {
        edit(s, c, KeyEvent::new(code, m))
    }

    const NONE: KeyModifiers = KeyModifiers::NONE;
    const CTRL: KeyModifiers = KeyModifiers::CONTROL;
    const ALT: KeyModifiers = KeyModifiers::ALT;

    #[test]
    fn delete_removes_the_character_under_the_cursor() {
        let mut s = String::from("aäb");
        let mut c = 1;
        assert_eq!(key(&mut s, &mut c, KeyCode::Delete, NONE), Edit::Changed);
        assert_eq!((s.as_str(), c), ("ab", 1));
        c = 2;
        assert_eq!(key(&mut s, &mut c, KeyCode::Delete, NONE), Edit::Moved);
        assert_eq!((s.as_str(), c), ("ab", 2));
    }

    #[test]
    fn ctrl_w_deletes_the_word_before_the_cursor() {
        let mut s = String::from("https://login.contoso.com");
        let mut c = 25;
        assert_eq!(key(&mut s, &mut c, KeyCode::Char('w'), CTRL), Edit::Changed);
        assert_eq!((s.as_str(), c), ("https://", 8));
        let mut s = String::from("Contoso SSO  ");
        let mut c = 13;
        assert_eq!(key(&mut s, &mut c, KeyCode::Char('w'), CTRL), Edit::Changed);
        assert_eq!((s.as_str(), c), ("Contoso ", 8));
        c = 0;
        assert_eq!(key(&mut s, &mut c, KeyCode::Char('w'), CTRL), Edit::Moved);
        assert_eq!(s, "Contoso ");
    }

    #[test]
    fn ctrl_u_deletes_to_the_start_and_ctrl_k_to_the_end() {
        let mut s = String::from("日本語 name");
        let mut c = 4;
        assert_eq!(key(&mut s, &mut c, KeyCode::Char('k'), CTRL), Edit::Changed);
        assert_eq!((s.as_str(), c), ("日本語 ", 4));
        assert_eq!(key(&mut s, &mut c, KeyCode::Char('k'), CTRL), Edit::Moved);
        c = 2;
        assert_eq!(key(&mut s, &mut c, KeyCode::Char('u'), CTRL), Edit::Changed);
        assert_eq!((s.as_str(), c), ("語 ", 0));
        assert_eq!(key(&mut s, &mut c, KeyCode::Char('u'), CTRL), Edit::Moved);
    }

    #[test]
    fn word_moves_with_ctrl_arrows_and_alt_b_f() {
        let mut s = String::from("Contoso SSO, com.contoso.app");
        let mut c = 28;
        for (code, m, to) in [
            (KeyCode::Left, CTRL, 13),
            (KeyCode::Char('b'), ALT, 8),
            (KeyCode::Left, CTRL, 0),
            (KeyCode::Left, CTRL, 0),
            (KeyCode::Right, CTRL, 8),
            (KeyCode::Char('f'), ALT, 13),
            (KeyCode::Right, CTRL, 28),
        ] {
            assert_eq!(key(&mut s, &mut c, code, m), Edit::Moved);
            assert_eq!(c, to, "{code:?} {m:?}");
        }
        assert_eq!(s, "Contoso SSO, com.contoso.app");
    }

    #[test]
    fn left_right_and_backspace_step_whole_graphemes() {
        // "é" typed as e + combining acute: one character on screen, two chars.
        let mut s = String::from("ae\u{301}b");
        let mut c = 1;
        assert_eq!(key(&mut s, &mut c, KeyCode::Right, NONE), Edit::Moved);
        assert_eq!(c, 3);
        assert_eq!(key(&mut s, &mut c, KeyCode::Backspace, NONE), Edit::Changed);
        assert_eq!((s.as_str(), c), ("ab", 1));
    }
}
