//! Long text in a text field, as drawn (SPEC §7: a paste of up to 1 MB into any field
//! leaves the wizard responsive). What the admin sees: the part around the cursor, `…`
//! where text is cut, wide characters whole, control characters escaped, and the
//! terminal cursor on the right cell. How fast is measured by `benches/keystroke.rs`.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::layout::Position;
use sso_wizard::draft::Draft;
use sso_wizard::tui::{Msg, State, update, view};

const ROW_OF_NAME: u16 = 5;
/// The name's value starts after the label column (27) and the leads around it, and is
/// 42 columns wide at 80 columns (the marks and codes come after it).
const VALUE_X: u16 = 31;
const VALUE_W: u16 = 42;

fn key(s: &mut State, code: KeyCode) {
    update(s, Msg::Key(KeyEvent::new(code, KeyModifiers::NONE)));
}

/// Draw at 80×24; the name's value as shown (the cells of its columns, those hidden
/// behind a wide character left out, trailing blanks dropped) and the terminal cursor.
fn draw(s: &mut State) -> (String, Position) {
    update(s, Msg::Resize(80, 24));
    let mut term = Terminal::new(TestBackend::new(80, 24)).unwrap();
    term.draw(|f| view::draw(f, s)).unwrap();
    let buf = term.backend().buffer();
    let mut value = String::new();
    let mut x = VALUE_X;
    while x < VALUE_X + VALUE_W {
        let symbol = buf[(x, ROW_OF_NAME)].symbol();
        value.push_str(symbol);
        x += if "日本語".contains(symbol) { 2 } else { 1 };
    }
    let cursor = term.get_cursor_position().unwrap();
    (value.trim_end().to_string(), cursor)
}

/// Columns `shown` takes (the test texts' wide characters are 日, 本 and 語).
fn columns(shown: &str) -> u16 {
    shown
        .chars()
        .map(|c| if "日本語".contains(c) { 2 } else { 1 })
        .sum()
}

#[test]
fn a_megabyte_paste_shows_its_end_with_the_cursor_after_it() {
    let mut s = State::new(Draft::new_jit());
    let paste: String = "0123456789".repeat(100_000) + "THE-END";
    update(&mut s, Msg::Paste(paste));
    assert_eq!(s.draft().profile.name.len(), 1_000_007);
    let (shown, cursor) = draw(&mut s);
    assert!(shown.starts_with('…'), "{shown}");
    assert!(shown.ends_with("THE-END"), "{shown}");
    assert_eq!(cursor.y, ROW_OF_NAME);
    assert_eq!(
        cursor.x,
        VALUE_X + columns(&shown),
        "the cursor stands right after the last character: {shown}"
    );
    assert!(cursor.x < VALUE_X + VALUE_W);
    // One more key goes at the cursor, and the end stays in view.
    key(&mut s, KeyCode::Char('!'));
    assert!(s.draft().profile.name.ends_with("THE-END!"));
    let (shown, _) = draw(&mut s);
    assert!(shown.ends_with("THE-END!"), "{shown}");
}

#[test]
fn home_shows_the_start_and_moving_right_scrolls_one_character_at_a_time() {
    let mut s = State::new(Draft::new_jit());
    update(
        &mut s,
        Msg::Paste("abcdefghijklmnopqrstuvwxyz".repeat(4_000)),
    );
    key(&mut s, KeyCode::Home);
    let (shown, cursor) = draw(&mut s);
    assert_eq!(shown, "abcdefghijklmnopqrstuvwxyzabcdefghijklmno…");
    assert_eq!(cursor, Position::new(VALUE_X, ROW_OF_NAME));
    // Up to the column before the `…` nothing moves but the cursor.
    for _ in 0..VALUE_W - 2 {
        key(&mut s, KeyCode::Right);
    }
    let (same, cursor) = draw(&mut s);
    assert_eq!(same, shown);
    assert_eq!(cursor.x, VALUE_X + VALUE_W - 2);
    // One more: the text scrolls by one, `…` on the left says so, and the character under
    // the cursor stays in view.
    key(&mut s, KeyCode::Right);
    let (shown, cursor) = draw(&mut s);
    assert_eq!(shown, "…cdefghijklmnopqrstuvwxyzabcdefghijklmnop…");
    assert_eq!(cursor.x, VALUE_X + VALUE_W - 2);
    assert_eq!(s.draft().profile.name.chars().nth(s.cursor), Some('p'));
}

#[test]
fn wide_characters_are_never_split_and_the_cursor_counts_two_columns_for_them() {
    let mut s = State::new(Draft::new_jit());
    update(&mut s, Msg::Paste("日本語".repeat(50_000)));
    let (shown, cursor) = draw(&mut s);
    // Every visible character is whole, and the window leaves the last column free.
    assert_eq!(shown, format!("…本語{}", "日本語".repeat(6)));
    assert_eq!(cursor.x, VALUE_X + columns(&shown));
    // Two columns left per character.
    key(&mut s, KeyCode::Home);
    key(&mut s, KeyCode::Right);
    key(&mut s, KeyCode::Right);
    let (_, cursor) = draw(&mut s);
    assert_eq!(cursor.x, VALUE_X + 4);
}

#[test]
fn control_characters_from_a_loaded_draft_show_escaped_and_count_as_their_escape() {
    let mut d = Draft::new_jit();
    d.profile.name = format!("{}\x1b[31m{}", "x".repeat(300_000), "tail");
    let mut s = State::new(d);
    s.cursor = usize::MAX;
    let (shown, cursor) = draw(&mut s);
    assert_eq!(shown, format!("…{}\\u{{1b}}[31mtail", "x".repeat(26)));
    assert_eq!(cursor.x, VALUE_X + columns(&shown));
    // The cursor just after the escape character: the escape is whole, left of it.
    for _ in 0.."[31mtail".len() {
        key(&mut s, KeyCode::Left);
    }
    let (shown, cursor) = draw(&mut s);
    let left: String = shown.chars().take((cursor.x - VALUE_X) as usize).collect();
    assert!(left.ends_with("x\\u{1b}"), "{shown}");
    // And just before it: the escape is whole, right of it.
    key(&mut s, KeyCode::Left);
    let (shown, cursor) = draw(&mut s);
    let right: String = shown.chars().skip((cursor.x - VALUE_X) as usize).collect();
    assert!(right.starts_with("\\u{1b}"), "{shown}");
}
