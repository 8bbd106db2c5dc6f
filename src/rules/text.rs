//! Quoting user text inside diagnostic messages: never write control characters raw to a
//! terminal (an `ESC` in a pasted bundle ID must not repaint the admin's screen).

use std::fmt::Write;

/// `s` with control characters (C0, DEL, C1) and invisible bidi/zero-width format characters
/// escaped as `\n`, `\t`, `\r` or `\u{1b}`; everything else unchanged. Use it whenever text
/// from a file or the keyboard is printed.
pub fn escape_for_terminal(s: &str) -> String {
    if !s.chars().any(needs_escape) {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if needs_escape(c) => {
                // Writing to a String cannot fail.
                let _ = write!(out, "\\u{{{:x}}}", c as u32);
            }
            c => out.push(c),
        }
    }
    out
}

/// Whether [`escape_for_terminal`] escapes `c`. Bidi overrides and zero-width characters
/// are not control characters, but they make the quoted text look like something it is not
/// (Trojan-Source style), so they are shown too.
///
/// The zero-width (non-)joiners U+200C and U+200D are left alone: emoji sequences and
/// several scripts (Devanagari, Persian) need them, and they cannot reorder text.
pub fn needs_escape(c: char) -> bool {
    c.is_control()
        || matches!(c,
            '\u{200B}'
            | '\u{200E}'..='\u{200F}'
            | '\u{202A}'..='\u{202E}'
            | '\u{2060}'..='\u{2064}'
            | '\u{2066}'..='\u{2069}'
            | '\u{FEFF}')
}

/// Longest quoted text in a message, in characters: a pasted megabyte must not become a
/// megabyte-long diagnostic.
const QUOTE_MAX: usize = 80;

/// `s` escaped and shortened for a message, in backticks: `` `com.contoso.app` ``.
pub(crate) fn quote(s: &str) -> String {
    let mut shown: String = s.chars().take(QUOTE_MAX).collect();
    if s.chars().nth(QUOTE_MAX).is_some() {
        shown.push('…');
    }
    format!("`{}`", escape_for_terminal(&shown))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_controls_and_bidi() {
        assert_eq!(escape_for_terminal("a\u{1b}[2Jb"), "a\\u{1b}[2Jb");
        assert_eq!(escape_for_terminal("x\ny\u{202e}"), "x\\ny\\u{202e}");
        assert_eq!(escape_for_terminal("com.contoso.é"), "com.contoso.é");
        assert_eq!(escape_for_terminal("\u{9b}"), "\\u{9b}");
    }

    #[test]
    fn quote_truncates() {
        let long = "a".repeat(200);
        let q = quote(&long);
        assert_eq!(q.chars().count(), QUOTE_MAX + 3);
        assert!(q.ends_with("…`"));
    }
}
