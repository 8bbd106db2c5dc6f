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

/// Apply one text-editing key (SPEC §4: Home/End, Ctrl+A/Ctrl+E, Left/Right, Backspace,
/// printable characters) to `s`.
pub fn edit(s: &mut String, cursor: &mut usize, key: KeyEvent) -> Edit {
    let len = s.chars().count();
    if *cursor > len {
        *cursor = len;
    }
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    // Some terminals (PuTTY's default, some `stty erase ^H` setups) send ^H for Backspace.
    let code = match key.code {
        KeyCode::Char('h') if ctrl => KeyCode::Backspace,
        c => c,
    };
    match code {
        KeyCode::Left if *cursor > 0 => {
            *cursor -= 1;
            Edit::Moved
        }
        KeyCode::Right if *cursor < len => {
            *cursor += 1;
            Edit::Moved
        }
        KeyCode::Left | KeyCode::Right => Edit::Moved,
        KeyCode::Home => {
            *cursor = 0;
            Edit::Moved
        }
        KeyCode::End => {
            *cursor = len;
            Edit::Moved
        }
        KeyCode::Char('a') if ctrl => {
            *cursor = 0;
            Edit::Moved
        }
        KeyCode::Char('e') if ctrl => {
            *cursor = len;
            Edit::Moved
        }
        KeyCode::Backspace if *cursor > 0 => {
            let at = byte_at(s, *cursor - 1);
            s.remove(at);
            *cursor -= 1;
            Edit::Changed
        }
        KeyCode::Backspace => Edit::Moved,
        KeyCode::Char(c) if !ctrl && !key.modifiers.contains(KeyModifiers::ALT) => {
            let mut buf = [0u8; 4];
            if insert_str(s, cursor, c.encode_utf8(&mut buf)) {
                Edit::Changed
            } else {
                Edit::Moved
            }
        }
        _ => Edit::NotMine,
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
}
