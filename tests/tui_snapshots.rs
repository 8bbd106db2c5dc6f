//! Whole-screen snapshots of every step at 80×24 (and the too-small screen), drawn on
//! ratatui's `TestBackend`. No paths or times appear on these screens, so they are stable.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::style::{Color, Modifier};
use sso_wizard::draft::{Draft, ExtensionType, Group, RawValue, Target};
use sso_wizard::tui::state::{Resume, ResumeEntry};
use sso_wizard::tui::{Msg, State, Step, update, view};

/// The screen as a user sees it: the text grid, then every styled run (what is reversed,
/// bold, underlined or coloured) and where the cursor is. A run is one row's cells of one
/// style: `row first-last  style  "text"`. Spaces at a run's ends are left out unless the
/// style shows on a space (reverse, underline, a background).
fn screen(s: &State, w: u16, h: u16) -> String {
    let mut term = Terminal::new(TestBackend::new(w, h)).unwrap();
    term.draw(|f| view::draw(f, s)).unwrap();
    let backend = term.backend();
    let buf = backend.buffer();
    let mut out = String::new();
    for y in 0..h {
        let mut line = String::new();
        for x in 0..w {
            line.push_str(buf[(x, y)].symbol());
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out.push_str("── styles: row first-last ──\n");
    for y in 0..h {
        let mut x = 0;
        while x < w {
            let style = cell_style(&buf[(x, y)]);
            let start = x;
            while x < w && cell_style(&buf[(x, y)]) == style {
                x += 1;
            }
            if style == (Color::Reset, Color::Reset, Modifier::empty()) {
                continue;
            }
            let shows_on_space = style.1 != Color::Reset
                || style
                    .2
                    .intersects(Modifier::REVERSED | Modifier::UNDERLINED);
            let (mut first, mut last) = (start, x - 1);
            if !shows_on_space {
                while first <= last && buf[(first, y)].symbol() == " " {
                    first += 1;
                }
                while last > first && buf[(last, y)].symbol() == " " {
                    last -= 1;
                }
                if first > last {
                    continue;
                }
            }
            let text: String = (first..=last).map(|x| buf[(x, y)].symbol()).collect();
            let text = if text.chars().count() > 40 {
                format!("{}…", text.chars().take(39).collect::<String>())
            } else {
                text
            };
            out.push_str(&format!(
                "{y:>2} {first:>2}-{last:<2} {}  {text:?}\n",
                style_name(style)
            ));
        }
    }
    if backend.cursor_visible() {
        let p = backend.cursor_position();
        out.push_str(&format!("cursor: row {} col {}\n", p.y, p.x));
    } else {
        out.push_str("cursor: hidden\n");
    }
    out
}

/// Only the text grid (for assertions about words on the screen).
fn text(s: &State, w: u16, h: u16) -> String {
    let full = screen(s, w, h);
    full[..full.find("── styles").unwrap()].to_string()
}

type CellStyle = (Color, Color, Modifier);

fn cell_style(c: &ratatui::buffer::Cell) -> CellStyle {
    (c.fg, c.bg, c.modifier)
}

fn style_name((fg, bg, m): CellStyle) -> String {
    let mut parts: Vec<String> = Vec::new();
    for (flag, name) in [
        (Modifier::REVERSED, "reverse"),
        (Modifier::BOLD, "bold"),
        (Modifier::DIM, "dim"),
        (Modifier::ITALIC, "italic"),
        (Modifier::UNDERLINED, "underline"),
    ] {
        if m.contains(flag) {
            parts.push(name.into());
        }
    }
    let rest = m
        - (Modifier::REVERSED
            | Modifier::BOLD
            | Modifier::DIM
            | Modifier::ITALIC
            | Modifier::UNDERLINED);
    if !rest.is_empty() {
        parts.push(format!("{rest:?}"));
    }
    if fg != Color::Reset {
        parts.push(format!("fg={fg:?}"));
    }
    if bg != Color::Reset {
        parts.push(format!("bg={bg:?}"));
    }
    parts.join(" ")
}

fn key(s: &mut State, code: KeyCode) {
    update(s, Msg::Key(KeyEvent::new(code, KeyModifiers::NONE)));
}

fn fabrikam() -> State {
    let mut d = Draft::new_jit();
    d.profile.name = "Fabrikam iPhone SSO".into();
    let mut s = State::new(d);
    update(&mut s, Msg::Resize(80, 24));
    s
}

fn at(step: Step) -> State {
    let mut s = fabrikam();
    sso_wizard::tui::update::go_to(&mut s, step);
    s
}

#[test]
fn step1_basics() {
    let mut s = fabrikam();
    s.edit(|d| {
        d.profile.organization = "Fabrikam".into();
    });
    key(&mut s, KeyCode::Tab);
    insta::assert_snapshot!(screen(&s, 80, 24));
}

#[test]
fn step1_scope_tags_being_added() {
    let mut s = fabrikam();
    for _ in 0..4 {
        key(&mut s, KeyCode::Tab);
    }
    for c in "12".chars() {
        key(&mut s, KeyCode::Char(c));
    }
    insta::assert_snapshot!(screen(&s, 80, 24));
}

#[test]
fn step1_basics_empty_name_error() {
    let mut s = State::new(Draft::new_jit());
    update(&mut s, Msg::Resize(80, 24));
    insta::assert_snapshot!(screen(&s, 80, 24));
}

#[test]
fn step2_entra() {
    insta::assert_snapshot!(screen(&at(Step::Extension), 80, 24));
}

#[test]
fn step2_redirect_explains_no_jit() {
    let mut s = at(Step::Extension);
    key(&mut s, KeyCode::Down);
    insta::assert_snapshot!(screen(&s, 80, 24));
}

#[test]
fn step2_credential() {
    let mut s = at(Step::Extension);
    s.edit(|d| {
        d.extension.kind = ExtensionType::Credential;
        d.extension.extension_id = "com.example.sso.ext".into();
        d.extension.realm = "contoso.com".into();
        d.extension.domains = vec![".contoso.com".into(), "contoso.net".into()];
    });
    key(&mut s, KeyCode::Tab);
    insta::assert_snapshot!(screen(&s, 80, 24));
}

#[test]
fn step2_kerberos_scrolls_to_focus() {
    let mut s = at(Step::Extension);
    s.edit(|d| {
        d.extension.kind = ExtensionType::Kerberos;
        d.extension.realm = "CONTOSO.COM".into();
        d.extension.domains = vec![".contoso.com".into()];
    });
    for _ in 0..11 {
        key(&mut s, KeyCode::Tab);
    }
    insta::assert_snapshot!(screen(&s, 80, 24));
}

/// The README's illustration of step 3.
fn step3_state() -> State {
    let mut s = at(Step::BundleIds);
    update(
        &mut s,
        Msg::Paste(
            "com.contoso.lobapp\ncom.microsoft.skype.teams\ncom.microsoft.azureauthenticator"
                .into(),
        ),
    );
    for c in "com.fabrikam.".chars() {
        key(&mut s, KeyCode::Char(c));
    }
    s
}

#[test]
fn step3_bundle_ids_with_diagnostics() {
    insta::assert_snapshot!(screen(&step3_state(), 80, 24));
}

#[test]
fn step3_warning_selected() {
    let mut s = step3_state();
    key(&mut s, KeyCode::Up);
    insta::assert_snapshot!(screen(&s, 80, 24));
}

#[test]
fn step4_config() {
    insta::assert_snapshot!(screen(&at(Step::Config), 80, 24));
}

#[test]
fn step4_config_editing_with_warning() {
    let mut s = at(Step::Config);
    s.edit(|d| {
        d.extension.config[1].value = RawValue::String("1 ".into());
    });
    key(&mut s, KeyCode::Down);
    // Enter opens the value cell.
    key(&mut s, KeyCode::Enter);
    insta::assert_snapshot!(screen(&s, 80, 24));
}

#[test]
fn step4_picker() {
    let mut s = at(Step::Config);
    key(&mut s, KeyCode::Down);
    key(&mut s, KeyCode::Down);
    key(&mut s, KeyCode::Down);
    key(&mut s, KeyCode::Enter);
    key(&mut s, KeyCode::Down);
    insta::assert_snapshot!(screen(&s, 80, 24));
}

#[test]
fn step5_assignments() {
    let mut s = at(Step::Assignments);
    s.edit(|d| {
        d.assignments.target = Target::Groups;
        d.assignments.include_groups = vec![Group {
            id: "0b7c2d1e-1111-4222-8333-444455556666".into(),
            name: "iOS pilot users".into(),
        }];
    });
    for _ in 0..6 {
        key(&mut s, KeyCode::Tab);
    }
    insta::assert_snapshot!(screen(&s, 80, 24));
}

#[test]
fn step6_review() {
    let mut s = step3_state();
    sso_wizard::tui::update::go_to(&mut s, Step::Review);
    insta::assert_snapshot!(screen(&s, 80, 24));
}

#[test]
fn step6_review_clean() {
    let mut s = at(Step::Review);
    s.edit(|d| {
        d.authenticator.app_id = "1a2b3c4d-5e6f-4a0b-8c1d-2e3f4a5b6c7d".into();
        d.extension.bundle_ids = vec!["com.contoso.lobapp".into()];
    });
    insta::assert_snapshot!(screen(&s, 80, 24));
}

/// The JIT task's draft: two named groups, an exclusion, a filter, Authenticator with a
/// VPP device licence and its app id, scope tags, and problems to fix.
fn review_jit_state() -> State {
    let mut s = step3_state();
    s.edit(|d| {
        let a = &mut d.assignments;
        a.target = Target::Groups;
        a.include_groups = vec![
            Group {
                id: "0b7c2d1e-1111-4222-8333-444455556666".into(),
                name: "iOS pilot users".into(),
            },
            Group {
                id: "1c8d3e2f-2222-4333-8444-555566667777".into(),
                name: "Finance iPhones".into(),
            },
        ];
        a.exclude_groups = vec![Group {
            id: "2d9e4f30-3333-4444-8555-666677778888".into(),
            name: "Contractors".into(),
        }];
        a.filter = Some(sso_wizard::draft::Filter {
            id: "3eaf5041-4444-4555-8666-777788889999".into(),
            mode: sso_wizard::draft::FilterMode::Include,
        });
        d.authenticator.license = sso_wizard::draft::License::VppDevice;
        d.authenticator.app_id = "1a2b3c4d-5e6f-4a0b-8c1d-2e3f4a5b6c7d".into();
        d.profile.scope_tags = vec!["0".into(), "5".into()];
    });
    sso_wizard::tui::update::go_to(&mut s, Step::Review);
    s
}

/// Review + create at 80×24 shows on the page what the JIT task chose: group names,
/// the exclusion, the filter, the Authenticator licence and app id, scope tags.
#[test]
fn step6_review_jit_on_the_page() {
    let s = review_jit_state();
    let shown = text(&s, 80, 24);
    for want in [
        "iOS pilot users, Finance iPhones",
        "Contractors",
        "Filter id: 3eaf5041-4444-4555-8666-777788889999",
        "Filter mode: include",
        "VPP, device licensing",
        "1a2b3c4d-5e6f-4a0b-8c1d-2e3f4a5b6c7d",
        "Scope tags (2): 0, 5",
    ] {
        assert!(shown.contains(want), "{want}:\n{shown}");
    }
    insta::assert_snapshot!(screen(&s, 80, 24));
}

/// Scrolled to the last problem, the box still shows whole problems.
#[test]
fn step6_review_jit_scrolled() {
    let mut s = review_jit_state();
    for _ in 0..10 {
        key(&mut s, KeyCode::Down);
    }
    insta::assert_snapshot!(screen(&s, 80, 24));
}

/// No diagnostic is cut mid-word on the review page: every word of every message shown
/// is whole, and no line ends in `…`.
#[test]
fn review_never_cuts_a_diagnostic_mid_word() {
    let base = review_jit_state();
    for (w, h) in [(60, 16), (80, 24), (100, 40)] {
        let mut s = base.clone();
        update(&mut s, Msg::Resize(w, h));
        let n = s.review_diags().len();
        for sel in 0..n {
            let shown = text(&s, w, h);
            let d = s.review_diags()[sel].clone();
            let words: Vec<&str> = d.message.split_whitespace().collect();
            // The selected problem's lines, from its code to the next problem or border.
            let lines: Vec<&str> = shown.lines().collect();
            let start = lines
                .iter()
                .position(|l| l.contains(&format!(" {} ", d.code)) && l.contains(words[0]))
                .unwrap_or_else(|| panic!("{w}x{h} {}:\n{shown}", d.code));
            let mut got: Vec<String> = Vec::new();
            for (k, l) in lines[start..].iter().enumerate() {
                let body = l.trim_start_matches(' ').trim_start_matches('│');
                let body = body.trim_end().trim_end_matches('│').trim_end();
                if k > 0 && !body.starts_with("        ") {
                    break;
                }
                assert!(!body.ends_with('…'), "{w}x{h}: cut: {body}\n{shown}");
                got.extend(body.split_whitespace().map(String::from));
            }
            let got: Vec<&str> = got.iter().skip(2).map(String::as_str).collect();
            assert_eq!(got, words, "{w}x{h}:\n{shown}");
            key(&mut s, KeyCode::Down);
        }
    }
}

#[test]
fn step7_export_blocked() {
    let mut s = step3_state();
    sso_wizard::tui::update::go_to(&mut s, Step::Export);
    insta::assert_snapshot!(screen(&s, 80, 24));
}

#[test]
fn step7_export_written() {
    let mut s = at(Step::Export);
    update(
        &mut s,
        Msg::Exported(Ok(vec!["fabrikam-iphone-sso.mobileconfig".into()])),
    );
    key(&mut s, KeyCode::Tab);
    insta::assert_snapshot!(screen(&s, 80, 24));
}

/// JIT's next steps (Authenticator, enrollment, compliance) are for Entra ID only.
#[test]
fn step7_export_written_for_kerberos_has_no_jit_next_steps() {
    let mut s = at(Step::Export);
    s.edit(|d| {
        d.extension.kind = ExtensionType::Kerberos;
        d.extension.realm = "CONTOSO.COM".into();
        d.extension.domains = vec![".contoso.com".into()];
    });
    update(
        &mut s,
        Msg::Exported(Ok(vec!["fabrikam-iphone-sso.mobileconfig".into()])),
    );
    let shown = text(&s, 80, 24);
    assert!(!shown.contains("JIT"), "{shown}");
    assert!(!shown.contains("Microsoft Authenticator"), "{shown}");
    assert!(shown.contains("Next: assign the profile"), "{shown}");
    let mut e = at(Step::Export);
    update(
        &mut e,
        Msg::Exported(Ok(vec!["fabrikam-iphone-sso.mobileconfig".into()])),
    );
    assert!(text(&e, 80, 24).contains("JIT compliance"));
}

#[test]
fn help_popup() {
    let mut s = at(Step::BundleIds);
    key(&mut s, KeyCode::F(1));
    insta::assert_snapshot!(screen(&s, 80, 24));
}

#[test]
fn too_small() {
    let mut s = fabrikam();
    update(&mut s, Msg::Resize(59, 16));
    insta::assert_snapshot!(screen(&s, 59, 16));
}

#[test]
fn minimum_size_still_draws_the_step() {
    let s = step3_state();
    let mut s = s;
    update(&mut s, Msg::Resize(60, 16));
    insta::assert_snapshot!(screen(&s, 60, 16));
}

#[test]
fn resume_chooser() {
    let mut s = fabrikam();
    let mut d = Draft::new_jit();
    d.profile.name = "Contoso \x1b[31mred".into();
    s.resume = Some(Resume {
        entries: vec![ResumeEntry {
            path: "draft-1.toml".into(),
            draft: d,
            when: "2026-11-26 13:40 UTC".into(),
            in_use: false,
            step: Step::Basics,
        }],
        selected: 0,
        notes: vec!["broken.toml could not be read; kept as broken.toml.corrupt".into()],
    });
    insta::assert_snapshot!(screen(&s, 80, 24));
}

#[test]
fn resume_chooser_marks_a_draft_open_in_another_wizard() {
    let mut s = fabrikam();
    let entry = |name: &str, file: &str, in_use| {
        let mut d = Draft::new_jit();
        d.profile.name = name.into();
        ResumeEntry {
            path: file.into(),
            draft: d,
            when: "2026-11-26 13:40 UTC".into(),
            in_use,
            step: Step::Basics,
        }
    };
    s.resume = Some(Resume {
        entries: vec![
            entry("Shared", "draft-20261126-134000-41.toml", true),
            entry("Mine", "draft-20261126-120000-7.toml", false),
        ],
        selected: 0,
        notes: vec![],
    });
    insta::assert_snapshot!(screen(&s, 80, 24));
}

#[test]
fn every_step_draws_at_every_size_without_panicking() {
    let base = step3_state();
    for step in Step::ALL {
        for (w, h) in [
            (1, 1),
            (20, 5),
            (59, 16),
            (60, 16),
            (61, 17),
            (80, 24),
            (300, 100),
        ] {
            let mut s = base.clone();
            sso_wizard::tui::update::go_to(&mut s, step);
            update(&mut s, Msg::Resize(w, h));
            let shown = text(&s, w, h);
            if w >= 60 && h >= 16 {
                assert!(
                    shown.contains(&format!("{}/7", step.number())),
                    "{step:?} {w}x{h}"
                );
            }
        }
    }
}

#[test]
fn step3_redirect_says_the_list_is_not_exported() {
    let mut s = at(Step::BundleIds);
    s.edit(|d| {
        d.extension.kind = ExtensionType::Redirect;
        d.extension.bundle_ids = vec!["com.contoso.lobapp".into()];
    });
    insta::assert_snapshot!(screen(&s, 80, 24));
}

#[test]
fn help_popup_shows_the_selected_problem_in_full() {
    let mut s = step3_state();
    key(&mut s, KeyCode::F(1));
    insta::assert_snapshot!(screen(&s, 80, 24));
}

#[test]
fn step7_export_ready_shows_the_x001_note_in_full() {
    let mut s = at(Step::Export);
    s.edit(|d| {
        d.authenticator.app_id = "1a2b3c4d-5e6f-4a0b-8c1d-2e3f4a5b6c7d".into();
    });
    let screen = screen(&s, 80, 24);
    // The note's last words must be on screen, not cut at the right edge.
    assert!(screen.contains("do not include this one"), "{screen}");
    insta::assert_snapshot!(screen);
}

#[test]
fn step1_identifier_being_edited_shows_its_default() {
    let mut s = fabrikam();
    for _ in 0..3 {
        key(&mut s, KeyCode::Tab);
    }
    let screen = screen(&s, 80, 24);
    assert!(
        screen.contains("sso-wizard.fabrikam-iphone-sso (default)"),
        "{screen}"
    );
    insta::assert_snapshot!(screen);
}

/// A long default gives way to the word that says it is one: "(default)" is never cut.
#[test]
fn the_identifiers_default_mark_is_never_cut() {
    let mut s = fabrikam();
    s.edit(|d| {
        d.profile.name = "Fabrikam iPhone SSO for the frontline stores".into();
    });
    for _ in 0..3 {
        key(&mut s, KeyCode::Tab);
    }
    for (w, h) in [(60, 16), (80, 24)] {
        update(&mut s, Msg::Resize(w, h));
        let shown = text(&s, w, h);
        let line = shown
            .lines()
            .find(|l| l.starts_with("▸ Identifier"))
            .unwrap();
        assert!(line.ends_with("(default)"), "{w}x{h}: {line}");
        assert!(line.contains("sso-wizard."), "{w}x{h}: {line}");
    }
}

#[test]
fn help_lists_what_an_import_left_out() {
    let mut s = fabrikam();
    s.import_notes =
        vec!["ignored key ScreenLockedBehavior: Intune's template has no such field".into()];
    s.popup = Some(sso_wizard::tui::state::Popup::Help { scroll: 0 });
    let screen = text(&s, 80, 24);
    assert!(screen.contains("left out"), "{screen}");
    assert!(screen.contains("ScreenLockedBehavior"), "{screen}");
}

#[test]
fn a_field_scrolled_sideways_says_so() {
    let mut s = fabrikam();
    s.edit(|d| {
        d.profile.name = format!("{}{{DEVICEREGISTRATION}}}}", "x".repeat(60));
    });
    s.cursor = usize::MAX;
    let screen = text(&s, 80, 24);
    let line = screen.lines().find(|l| l.starts_with("▸ Name")).unwrap();
    assert!(line.contains("  …"), "{line}");
    assert!(line.contains("{DEVICEREGISTRATION}}"), "{line}");
}

#[test]
fn step7_all_export_written_keeps_the_next_steps_on_screen() {
    let mut s = at(Step::Export);
    s.format = sso_wizard::export::Format::All;
    s.export_path = "fabrikam-iphone-sso".into();
    let files: Vec<std::path::PathBuf> = [
        "fabrikam-iphone-sso.mobileconfig",
        "graph/profile.json",
        "graph/assign.json",
        "graph/authenticator-assign.json",
        "REQUESTS.md",
    ]
    .iter()
    .map(|f| std::path::Path::new("fabrikam-iphone-sso").join(f))
    .collect();
    update(&mut s, Msg::Exported(Ok(files)));
    key(&mut s, KeyCode::Tab);
    let screen = screen(&s, 80, 24);
    assert!(screen.contains("fabrikam-iphone-sso/ (5 files"), "{screen}");
    assert!(
        screen.contains("(Teams)"),
        "the last next step is visible:\n{screen}"
    );
    insta::assert_snapshot!(screen);
}

#[test]
fn config_values_get_the_room_codes_do_not_need() {
    let mut s = at(Step::Config);
    s.edit(|d| {
        d.extension
            .config
            .push(sso_wizard::draft::ConfigPair::string(
                "vendor_setting",
                "https://sso.contoso.com/t/0b7c",
            ))
    });
    let screen = text(&s, 80, 24);
    assert!(
        screen.contains("https://sso.contoso.com/t/0b7c"),
        "{screen}"
    );
}

/// One boundary for the screen and for the keys: below `MIN_SIZE` (60×15, 59×16) the
/// screen says "too small" and no key but quit is acted on; at 60×16 the step is shown and
/// keys work. The too-small message names the same size.
#[test]
fn keys_are_acted_on_exactly_when_the_step_is_shown() {
    use sso_wizard::tui::state::MIN_SIZE;
    use sso_wizard::tui::text::TOO_SMALL;
    assert_eq!(MIN_SIZE, (60, 16));
    assert!(TOO_SMALL.ends_with(&format!("{}×{}", MIN_SIZE.0, MIN_SIZE.1)));
    let ctrl_n = KeyEvent::new(KeyCode::Char('n'), KeyModifiers::CONTROL);
    for (w, h, small) in [
        (60, 15, true),
        (59, 16, true),
        (59, 15, true),
        (60, 16, false),
        (61, 17, false),
    ] {
        let mut s = fabrikam();
        update(&mut s, Msg::Resize(w, h));
        let shown = text(&s, w, h);
        assert_eq!(shown.contains(TOO_SMALL), small, "{w}x{h}:\n{shown}");
        assert_eq!(shown.contains("1/7  Basics"), !small, "{w}x{h}:\n{shown}");
        key(&mut s, KeyCode::Char('x'));
        update(&mut s, Msg::Paste("y".into()));
        let name = s.draft().profile.name.clone();
        update(&mut s, Msg::Key(ctrl_n));
        let step = s.step;
        key(&mut s, KeyCode::F(1));
        if small {
            assert_eq!(name, "Fabrikam iPhone SSO", "{w}x{h}");
            assert_eq!((step, &s.popup), (Step::Basics, &None), "{w}x{h}");
            assert_eq!(s.revision(), 0, "{w}x{h}");
        } else {
            assert_eq!(name, "Fabrikam iPhone SSOxy", "{w}x{h}");
            assert_eq!(step, Step::Extension, "{w}x{h}");
            assert!(s.popup.is_some(), "{w}x{h}");
        }
        let quit = KeyEvent::new(KeyCode::Char('q'), KeyModifiers::CONTROL);
        assert_eq!(
            update(&mut s, Msg::Key(quit)),
            [sso_wizard::tui::Effect::Quit]
        );
    }
}

fn ctrl(s: &mut State, c: char) {
    update(
        s,
        Msg::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL)),
    );
}

fn save_as_state() -> State {
    let mut s = at(Step::Assignments);
    ctrl(&mut s, 's');
    s
}

fn overwrite_state() -> State {
    let mut s = at(Step::Export);
    update(
        &mut s,
        Msg::Exported(Err(sso_wizard::tui::update::WriteFailure::Exists(
            "fabrikam-iphone-sso.mobileconfig".into(),
        ))),
    );
    s
}

fn picker_state() -> State {
    let mut s = at(Step::Config);
    for _ in 0..3 {
        key(&mut s, KeyCode::Down);
    }
    key(&mut s, KeyCode::Enter);
    key(&mut s, KeyCode::Down);
    s
}

#[test]
fn save_as_popup() {
    insta::assert_snapshot!(screen(&save_as_state(), 80, 24));
}

#[test]
fn overwrite_prompt() {
    insta::assert_snapshot!(screen(&overwrite_state(), 80, 24));
}

#[test]
fn step3_warning_selected_in_colour() {
    let mut s = step3_state();
    key(&mut s, KeyCode::Up);
    s.color = true;
    insta::assert_snapshot!(screen(&s, 80, 24));
}

#[test]
fn step4_config_editing_in_colour() {
    let mut s = at(Step::Config);
    s.edit(|d| {
        d.extension.config[1].value = RawValue::String("1 ".into());
    });
    key(&mut s, KeyCode::Down);
    key(&mut s, KeyCode::Enter);
    key(&mut s, KeyCode::BackTab);
    s.color = true;
    insta::assert_snapshot!(screen(&s, 80, 24));
}

/// Screens with a focus, a selection, a popup or a diagnostic on them.
fn gallery() -> Vec<(&'static str, State)> {
    let mut v = vec![
        ("basics", fabrikam()),
        ("empty name", {
            let mut s = State::new(Draft::new_jit());
            update(&mut s, Msg::Resize(80, 24));
            s
        }),
        ("entra", at(Step::Extension)),
        ("step3", step3_state()),
        ("step3 warning", {
            let mut s = step3_state();
            key(&mut s, KeyCode::Up);
            s
        }),
        ("config", at(Step::Config)),
        ("picker", picker_state()),
        ("review", {
            let mut s = step3_state();
            sso_wizard::tui::update::go_to(&mut s, Step::Review);
            s
        }),
        ("export blocked", {
            let mut s = step3_state();
            sso_wizard::tui::update::go_to(&mut s, Step::Export);
            s
        }),
        ("save as", save_as_state()),
        ("overwrite", overwrite_state()),
        ("help", {
            let mut s = step3_state();
            key(&mut s, KeyCode::F(1));
            s
        }),
        ("too small", {
            let mut s = fabrikam();
            update(&mut s, Msg::Resize(59, 16));
            s
        }),
    ];
    let mut editing = at(Step::Config);
    key(&mut editing, KeyCode::Enter);
    v.push(("config editing", editing));
    v
}

fn cells(s: &State, w: u16, h: u16) -> Vec<ratatui::buffer::Cell> {
    let mut term = Terminal::new(TestBackend::new(w, h)).unwrap();
    term.draw(|f| view::draw(f, s)).unwrap();
    term.backend().buffer().content().to_vec()
}

/// `NO_COLOR` takes the colours away and nothing else: every cell keeps its reverse, bold
/// and underline, so focus, selection and severity still show.
#[test]
fn no_color_keeps_every_emphasis_and_drops_every_colour() {
    for (name, mut s) in gallery() {
        s.color = true;
        let coloured = cells(&s, 80, 24);
        s.color = false;
        let plain = cells(&s, 80, 24);
        assert!(
            coloured.iter().any(|c| c.fg != Color::Reset),
            "{name}: no colour even with colour on"
        );
        for (i, (c, p)) in coloured.iter().zip(&plain).enumerate() {
            let at = (i % 80, i / 80);
            assert_eq!(c.symbol(), p.symbol(), "{name} at {at:?}");
            assert_eq!(c.modifier, p.modifier, "{name} at {at:?}");
            assert_eq!(
                (p.fg, p.bg),
                (Color::Reset, Color::Reset),
                "{name} at {at:?}"
            );
        }
        // Something on every one of these screens is emphasised without colour.
        assert!(
            plain
                .iter()
                .any(|c| c.modifier.intersects(Modifier::REVERSED | Modifier::BOLD)),
            "{name}"
        );
    }
}

/// No box title runs into its corner: a `─` is always left before `┐`, at every size.
#[test]
fn box_titles_never_reach_their_corner() {
    let mut states = gallery();
    states.push(("assignments", {
        let mut s = at(Step::Assignments);
        s.edit(|d| {
            d.assignments.target = Target::Groups;
        });
        s
    }));
    for (name, s) in states {
        for (w, h) in [(60, 16), (61, 17), (70, 20), (80, 24), (120, 40)] {
            let mut s = s.clone();
            update(&mut s, Msg::Resize(w, h));
            let shown = text(&s, w, h);
            for line in shown.lines() {
                let chars: Vec<char> = line.chars().collect();
                for (i, c) in chars.iter().enumerate() {
                    if *c == '┐' {
                        assert!(
                            i > 0 && chars[i - 1] == '─',
                            "{name} at {w}x{h}: {line}\n{shown}"
                        );
                    }
                }
            }
        }
    }
}

/// The review's count is what it lists: every problem is in the box, or the box's border
/// says how many are out of view.
#[test]
fn review_lists_every_problem_or_says_how_many_are_hidden() {
    let mut base = step3_state();
    base.edit(|d| d.extension.config[1].value = RawValue::String("1 ".into()));
    sso_wizard::tui::update::go_to(&mut base, Step::Review);
    let total = base.review_diags().len();
    assert!(total >= 5, "{total}");
    for (w, h) in [(60, 16), (80, 24), (100, 40)] {
        let mut s = base.clone();
        update(&mut s, Msg::Resize(w, h));
        let shown = text(&s, w, h);
        assert!(shown.contains(&format!("Problems ({total})")), "{shown}");
        let listed = shown
            .lines()
            .filter(|l| {
                let l = l.trim_start_matches(' ').trim_start_matches('│');
                l.starts_with("   x ") || l.starts_with("   ! ") || l.starts_with("   i ")
            })
            .count();
        let hidden = shown
            .lines()
            .find_map(|l| {
                let i = l.find(" more: Up/Down")?;
                l[..i].rsplit(' ').next()?.parse::<usize>().ok()
            })
            .unwrap_or(0);
        assert_eq!(listed + hidden, total, "{w}x{h}:\n{shown}");
        if h >= 40 {
            assert_eq!(hidden, 0, "{w}x{h}: all fit:\n{shown}");
        }
    }
}

/// A group's display name is shown in full on its own line when it does not fit beside
/// the id, never cut to a letter.
#[test]
fn a_group_name_is_never_cut_to_a_letter() {
    let mut s = at(Step::Assignments);
    s.edit(|d| {
        d.assignments.target = Target::Groups;
        d.assignments.include_groups = vec![Group {
            id: "0b7c2d1e-1111-4222-8333-444455556666".into(),
            name: "iOS pilot users".into(),
        }];
    });
    for (w, h) in [(60, 16), (80, 24), (120, 30)] {
        update(&mut s, Msg::Resize(w, h));
        let shown = text(&s, w, h);
        assert!(shown.contains("iOS pilot users"), "{w}x{h}:\n{shown}");
    }
}

/// The selection is shown in reverse video, which survives `NO_COLOR`: in a list, the
/// table, the picker, the review, a focused choice and the resume chooser.
#[test]
fn the_selection_is_reversed_without_colour() {
    let wanted = [
        "step3",
        "step3 warning",
        "config",
        "picker",
        "review",
        "export blocked",
        "entra",
    ];
    for (name, s) in gallery() {
        if !wanted.contains(&name) {
            continue;
        }
        assert!(!s.color);
        let reversed = cells(&s, 80, 24)
            .iter()
            .filter(|c| c.modifier.contains(Modifier::REVERSED) && c.symbol() != " ")
            .count();
        assert!(
            reversed > 0,
            "{name}: nothing selected shows without colour"
        );
    }
    let mut s = fabrikam();
    s.resume = Some(Resume {
        entries: vec![],
        selected: 0,
        notes: vec![],
    });
    assert!(
        cells(&s, 80, 24)
            .iter()
            .any(|c| c.modifier.contains(Modifier::REVERSED) && c.symbol() != " "),
        "resume chooser"
    );
}

/// At the smallest size the footer still offers help and step 4 still shows how to add a
/// known key: every step, and the config table with its rows.
#[test]
fn at_60x16_f1_and_the_known_key_row_are_on_screen() {
    let base = step3_state();
    for step in Step::ALL {
        let mut s = base.clone();
        sso_wizard::tui::update::go_to(&mut s, step);
        update(&mut s, Msg::Resize(60, 16));
        let shown = text(&s, 60, 16);
        let footer = shown.lines().nth(15).unwrap_or("");
        assert!(footer.contains("F1 help"), "{step:?}:\n{shown}");
        if step == Step::Config {
            assert!(shown.contains("+ known key…"), "{shown}");
        }
    }
}

/// Step 4 at 60×16 with "+ known key…" selected: both add rows share the last line.
#[test]
fn step4_at_60x16_keeps_known_key_on_screen() {
    let mut s = at(Step::Config);
    update(&mut s, Msg::Resize(60, 16));
    for _ in 0..3 {
        key(&mut s, KeyCode::Down);
    }
    insta::assert_snapshot!(screen(&s, 60, 16));
}

/// A long list scrolls like a list: moving the selection within the visible rows moves
/// the bar, not the rows (the view remembers where it was scrolled to between frames).
#[test]
fn step3_long_list_keeps_its_rows_while_the_selection_moves_within_them() {
    let mut s = at(Step::BundleIds);
    let ids: Vec<String> = (0..40).map(|i| format!("com.contoso.app{i:02}")).collect();
    update(&mut s, Msg::Paste(ids.join("\n")));
    let first_row = |s: &State| {
        let shown = text(s, 80, 24);
        let row = shown.lines().find(|l| l.contains("com.contoso.app"));
        row.unwrap().split_whitespace().nth(1).unwrap().to_string()
    };
    key(&mut s, KeyCode::Up);
    let top = first_row(&s);
    assert_ne!(top, "com.contoso.app00", "the list is scrolled to its end");
    for _ in 0..3 {
        key(&mut s, KeyCode::Up);
        assert_eq!(
            first_row(&s),
            top,
            "Up within the visible rows does not scroll"
        );
    }
    for _ in 0..40 {
        key(&mut s, KeyCode::Up);
        first_row(&s);
    }
    assert_eq!(first_row(&s), "com.contoso.app00");
    for _ in 0..3 {
        key(&mut s, KeyCode::Down);
        assert_eq!(first_row(&s), "com.contoso.app00", "nor does Down");
    }
}

/// The same for the review's problems: moving back up inside the box keeps its rows.
#[test]
fn step6_problems_keep_their_rows_while_the_selection_moves_within_them() {
    let mut s = at(Step::BundleIds);
    let ids: Vec<String> = (0..12).map(|i| format!("com.contoso.app{i}*")).collect();
    update(&mut s, Msg::Paste(ids.join("\n")));
    sso_wizard::tui::update::go_to(&mut s, Step::Review);
    update(&mut s, Msg::Resize(80, 40));
    let box_rows = |s: &State| -> Vec<String> {
        let shown = text(s, 80, 40);
        let rows = shown.lines().skip_while(|l| !l.contains("Problems ("));
        rows.take_while(|l| !l.contains("└"))
            .map(String::from)
            .collect()
    };
    let n = s.review_diags().len();
    for _ in 0..n {
        key(&mut s, KeyCode::Down);
        box_rows(&s);
    }
    let before = box_rows(&s);
    key(&mut s, KeyCode::Up);
    assert_eq!(before, box_rows(&s), "Up within the box moves only the bar");
}

/// At 60×16 the configuration rows scroll above the add line like a list too.
#[test]
fn step4_rows_keep_their_place_while_the_selection_moves_within_them() {
    let mut s = at(Step::Config);
    s.edit(|d| {
        for i in 0..12 {
            let row = sso_wizard::draft::ConfigPair::string(&format!("key{i:02}"), "v");
            d.extension.config.push(row);
        }
    });
    update(&mut s, Msg::Resize(60, 16));
    let first_key = |s: &State| {
        let shown = text(s, 60, 16);
        let row = shown
            .lines()
            .find(|l| l.contains("key") && !l.contains("Key"));
        row.map(|r| r.split_whitespace().nth(1).unwrap().to_string())
    };
    for _ in 0..14 {
        key(&mut s, KeyCode::Down);
        first_key(&s);
    }
    let top = first_key(&s);
    assert!(
        top.as_deref().is_some_and(|k| k.starts_with("key")),
        "{top:?}"
    );
    key(&mut s, KeyCode::Up);
    assert_eq!(
        first_key(&s),
        top,
        "Up within the visible rows does not scroll"
    );
}
