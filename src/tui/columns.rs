//! Terminal columns of outside text: cutting it to a width, and the window of a long text
//! input that keeps the cursor visible. Widths are measured per grapheme, the way ratatui
//! lays out cells, with control characters counted as the escapes the wizard shows for
//! them. Only what can be seen is measured: a 1 MB value costs a frame no more width
//! work than a short one (an admin pasting a whole file must not freeze the wizard).

use ratatui::buffer::CellWidth;
use unicode_segmentation::UnicodeSegmentation;

use super::input::{byte_at, escape_controls};
use crate::rules::{escape_for_terminal, needs_escape};

/// Columns a grapheme takes on screen. A control character (and a bidi or zero-width
/// format character) is shown as its escape (`\u{1b}`, `\n`), one column a character;
/// the rest of the grapheme as ratatui lays it out.
fn grapheme_width(g: &str) -> usize {
    if g.contains(needs_escape) {
        g.chars()
            .map(|c| {
                if needs_escape(c) {
                    escape_for_terminal(c.encode_utf8(&mut [0; 4])).len()
                } else {
                    usize::from(c.encode_utf8(&mut [0; 4]).cell_width())
                }
            })
            .sum()
    } else {
        usize::from(g.cell_width())
    }
}

/// Columns `s` takes on screen, control characters shown escaped.
pub fn width(s: &str) -> usize {
    s.graphemes(true).map(grapheme_width).sum()
}

/// `s` with control characters escaped, cut to at most `w` columns (ending in `…` when
/// cut). Stops measuring at the first grapheme that does not fit.
pub fn fit(s: &str, w: usize) -> String {
    let mut used = 0;
    // End of the longest prefix that leaves a column for the `…`.
    let mut cut = 0;
    for (i, g) in s.grapheme_indices(true) {
        used += grapheme_width(g);
        if used > w {
            if w == 0 {
                return String::new();
            }
            let mut out = escape_controls(&s[..cut]).into_owned();
            out.push('…');
            return out;
        }
        if used < w {
            cut = i + g.len();
        }
    }
    escape_controls(s).into_owned()
}

/// What a text input shows: its visible text and the cursor's column within it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Window {
    /// The visible part, control characters escaped, at most the window's width.
    pub text: String,
    /// The cursor's column, counted from the window's first column.
    pub cursor: usize,
    /// How many graphemes were measured to find it (a bound on the work per frame).
    pub measured: usize,
}

/// The part of the text input `s` that fits in `w` columns with the character cursor
/// `cursor` visible, and the character under it when there is room. Text cut on the left
/// or right shows `…` there: `{DEVICEREGISTRATION}}` scrolled by one brace must not look
/// complete.
pub fn window(s: &str, cursor: usize, w: usize) -> Window {
    let at = byte_at(s, cursor);
    let (head, tail) = s.split_at(at);
    let mut measured = 0;
    let mut measure = |g: &str| {
        measured += 1;
        grapheme_width(g)
    };
    // Columns before the cursor, counted only as far as the window is wide.
    let mut before = 0;
    for g in head.graphemes(true) {
        before += measure(g);
        if before >= w {
            break;
        }
    }
    // The cell under the cursor (one column at the end of the text) and, as far as the
    // window reaches, what follows it.
    let mut rest = tail.graphemes(true);
    let under = rest.next().map_or(0, &mut measure);
    let cell = under.max(1);
    let mut after = 0;
    let mut more = false;
    for g in rest {
        more = true;
        after += measure(g);
        if before + under + after > w {
            break;
        }
    }
    let fits = before + under + after <= w;
    let (lead, start, col) = if before + cell < w || (before + cell == w && fits) {
        ("", 0, before)
    } else {
        // The longest end of `head` that leaves room for `…`, the cursor's cell and, when
        // text follows, the `…` that says so.
        let room = w.saturating_sub(1 + cell + usize::from(more));
        let (mut start, mut used) = (at, 0);
        for (i, g) in head.grapheme_indices(true).rev() {
            let gw = measure(g);
            if used + gw > room {
                break;
            }
            used += gw;
            start = i;
        }
        ("…", start, 1 + used)
    };
    // After the cursor: up to the first grapheme past the right edge, so `fit` sees
    // whether the text goes on.
    let mut end = at;
    let mut x = col;
    for (i, g) in tail.grapheme_indices(true) {
        x += measure(g);
        end = at + i + g.len();
        if x > w {
            break;
        }
    }
    let text = if lead.is_empty() {
        fit(&s[..end], w)
    } else {
        fit(&format!("{lead}{}", &s[start..end]), w)
    };
    Window {
        text,
        cursor: col,
        measured,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What `window` shows, with `|` at the cursor's column (a test of both at once).
    fn shown(s: &str, cursor: usize, w: usize) -> String {
        let win = window(s, cursor, w);
        assert!(width(&win.text) <= w, "{win:?} wider than {w}");
        let mut out = String::new();
        let mut col = 0;
        for g in win.text.graphemes(true) {
            if col == win.cursor {
                out.push('|');
            }
            out.push_str(g);
            col += grapheme_width(g);
        }
        if col <= win.cursor {
            out.push_str(&" ".repeat(win.cursor - col));
            out.push('|');
        }
        out
    }

    #[test]
    fn short_text_shows_whole_with_the_cursor_where_it_is() {
        assert_eq!(shown("abc", 0, 10), "|abc");
        assert_eq!(shown("abc", 1, 10), "a|bc");
        assert_eq!(shown("abc", 3, 10), "abc|");
        assert_eq!(shown("abc", 99, 10), "abc|");
        assert_eq!(shown("", 0, 10), "|");
    }

    #[test]
    fn long_text_is_cut_on_the_side_away_from_the_cursor() {
        let s = "abcdefghijklmnopqrstuvwxyz";
        assert_eq!(shown(s, 0, 10), "|abcdefghi…");
        assert_eq!(shown(s, 5, 10), "abcde|fghi…");
        // At the end: `…` in the first column, the cursor in the last.
        assert_eq!(shown(s, 26, 10), "…stuvwxyz|");
        // In the middle: cut on both sides, the character under the cursor in view.
        assert_eq!(shown(s, 13, 10), "…ghijklm|n…");
        // Up to the last column but one nothing scrolls; then one character at a time.
        assert_eq!(shown(s, 8, 10), "abcdefgh|i…");
        assert_eq!(shown(s, 9, 10), "…cdefghi|j…");
        // Text that fits exactly does not scroll while the cursor is on it.
        assert_eq!(shown("abcdefghij", 9, 10), "abcdefghi|j");
        assert_eq!(shown("abcdefghij", 10, 10), "…cdefghij|");
    }

    #[test]
    fn wide_characters_take_two_columns() {
        let s = "日本語のテキストです";
        assert_eq!(shown(s, 0, 9), "|日本語の…");
        assert_eq!(window(s, 2, 9).cursor, 4);
        let end = window(s, 10, 9);
        assert_eq!((end.text.as_str(), end.cursor), ("…トです", 7));
        // A wide character never straddles the right edge.
        assert_eq!(shown(s, 0, 4), "|日…");
    }

    #[test]
    fn combining_marks_and_emoji_sequences_are_one_column_group() {
        // `e` + U+0301 is one cell; a ZWJ sequence is one wide cell.
        let s = "cafe\u{301} 👩\u{200d}🔬!";
        assert_eq!(width(s), 4 + 1 + 2 + 1);
        let w = window(s, s.chars().count(), 20);
        assert_eq!((w.text.as_str(), w.cursor), (s, 8));
    }

    #[test]
    fn bidi_overrides_show_escaped_and_count_as_their_escape() {
        let s = "a\u{202e}b";
        assert_eq!(width(s), 1 + "\\u{202e}".len() + 1);
        let w = window(s, 3, 20);
        assert_eq!((w.text.as_str(), w.cursor), ("a\\u{202e}b", 10));
    }

    #[test]
    fn control_characters_show_escaped_and_count_as_their_escape() {
        let s = "a\x1bb";
        assert_eq!(shown(s, 3, 20), "a\\u{1b}b|");
        assert_eq!(window(s, 2, 20).cursor, 7);
        // Cut inside an escape: it goes whole or not at all.
        assert_eq!(fit(s, 5), "a…");
        assert_eq!(shown("x\ty\r\nz", 6, 20), "x\\ty\\r\\nz|");
    }

    #[test]
    fn fit_cuts_with_an_ellipsis_only_when_needed() {
        assert_eq!(fit("abcd", 4), "abcd");
        assert_eq!(fit("abcde", 4), "abc…");
        assert_eq!(fit("abcde", 1), "…");
        assert_eq!(fit("abcde", 0), "");
        assert_eq!(fit("日本", 3), "日…");
    }

    #[test]
    fn a_megabyte_costs_no_more_measuring_than_a_screen() {
        let s = "ab日\u{1b}".repeat(250_000);
        let n = s.chars().count();
        for cursor in [0, 1, n / 2, n - 1, n] {
            let win = window(&s, cursor, 60);
            assert!(
                win.measured <= 3 * 60,
                "{cursor}: {} measured",
                win.measured
            );
            assert!(win.cursor < 60);
            assert!(width(&win.text) <= 60);
        }
    }
}
