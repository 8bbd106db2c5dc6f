//! Issue 8's hostile inputs, kept as tests: outside text never reaches the terminal or a
//! text file unescaped, findings on one huge line stay linear, special files are refused.

use std::fs;
use std::path::Path;
use std::process::{Command, Output};

use proptest::prelude::*;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use sso_wizard::draft::{ConfigPair, Draft, ExtensionType, Filter, FilterMode, Group, Target};
use sso_wizard::export::{self, Format};
use sso_wizard::report::{self, SourceMap};
use sso_wizard::rules::{needs_escape, validate};
use sso_wizard::tui::{Msg, State, Step, update, view};

fn run(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_sso-wizard"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .output()
        .expect("the binary runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// The first character a terminal would act on or that would disguise text (an ESC, a C1
/// control, a bidi override), ignoring line breaks (`keep_newlines`) a printer writes.
fn raw_control(s: &str, keep_newlines: bool) -> Option<char> {
    s.chars()
        .find(|&c| needs_escape(c) && !(keep_newlines && c == '\n'))
}

fn assert_clean(what: &str, s: &str) {
    if let Some(c) = raw_control(s, true) {
        panic!("{what} holds U+{:04X} raw:\n{s}", u32::from(c));
    }
}

/// A file name an attacker might plant: a title-setting OSC, a screen clear, a C1 CSI, a
/// bidi override, a carriage return, DEL (a file name cannot hold NUL or `/`).
const HOSTILE: &str = "a\u{1b}]0;pwned\u{7}\u{1b}[2J\u{9b}31m\u{202e}gpj.exe\u{2066}\r\u{7f}";

// ---- the command line ----------------------------------------------------------------

#[test]
fn hostile_file_names_are_escaped_in_every_message() {
    let dir = tempfile::tempdir().unwrap();
    let name = format!("{HOSTILE}.toml");
    let answers = "format = 1\n[profile]\nname = \"JIT\"\n[extension]\nbundle_ids = [\"com.microsoft.skype.teams\"]\n";
    fs::write(dir.path().join(&name), answers).unwrap();
    // `-->` and `note:` lines, the "nothing was written … check X" line.
    let check = run(dir.path(), &["check", &name]);
    assert_eq!(check.status.code(), Some(0), "{}", text(&check.stderr));
    assert!(text(&check.stdout).contains("\\u{1b}]0;pwned"));
    assert_clean("check stdout", &text(&check.stdout));
    assert_clean("check stderr", &text(&check.stderr));
    let json = run(dir.path(), &["check", "--format", "json", &name]);
    assert_clean("check --format json", &text(&json.stdout));
    let parsed: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(
        parsed[0]["file"],
        name.as_str(),
        "JSON keeps the name exactly"
    );
    // "wrote X" names the written file, escaped; the file itself has the real name.
    let out = format!("{HOSTILE}.json");
    let export = run(
        dir.path(),
        &[
            "export",
            "--answers",
            &name,
            "--format",
            "graph",
            "--out",
            &out,
        ],
    );
    assert_eq!(export.status.code(), Some(0), "{}", text(&export.stderr));
    assert!(text(&export.stderr).contains("wrote a\\u{1b}]0;pwned"));
    assert_clean("export stderr", &text(&export.stderr));
    assert!(dir.path().join(&out).is_file());
    // A refusal names the file escaped too.
    let again = run(
        dir.path(),
        &[
            "export",
            "--answers",
            &name,
            "--format",
            "graph",
            "--out",
            &out,
        ],
    );
    assert_eq!(again.status.code(), Some(2));
    assert_clean("refused export", &text(&again.stderr));
    let bad = format!("{HOSTILE}-bad.toml");
    fs::write(
        dir.path().join(&bad),
        "format = 1\n[profile]\nname = \"\"\n",
    )
    .unwrap();
    let refused = run(
        dir.path(),
        &[
            "export",
            "--answers",
            &bad,
            "--format",
            "graph",
            "--out",
            "-",
        ],
    );
    assert_eq!(refused.status.code(), Some(1));
    assert!(text(&refused.stderr).contains("nothing was written"));
    assert_clean("nothing was written", &text(&refused.stderr));
}

#[test]
fn control_characters_in_uuids_and_scope_tags_fail_check_as_they_fail_export() {
    let dir = tempfile::tempdir().unwrap();
    for (i, line) in [
        "[profile]\nname = \"JIT\"\nuuid = \"9B1C\\u0001\"\n",
        "[profile]\nname = \"JIT\"\nscope_tags = [\"0\", \"1\\u001b\"]\n",
        "[profile]\nname = \"JIT\"\n[extension]\npayload_uuid = \"\\u0008\"\n",
    ]
    .iter()
    .enumerate()
    {
        let file = format!("x{i}.toml");
        fs::write(dir.path().join(&file), format!("format = 1\n{line}")).unwrap();
        let check = run(dir.path(), &["check", &file]);
        assert_eq!(check.status.code(), Some(1), "{}", text(&check.stdout));
        assert!(text(&check.stdout).contains("error[X004]"));
        for format in ["mobileconfig", "graph"] {
            let export = run(
                dir.path(),
                &[
                    "export",
                    "--answers",
                    &file,
                    "--format",
                    format,
                    "--out",
                    "-",
                ],
            );
            assert_eq!(export.status.code(), Some(1));
            assert!(text(&export.stderr).contains("error[X004]"));
            assert!(export.stdout.is_empty());
        }
    }
}

#[cfg(unix)]
#[test]
fn a_named_pipe_without_a_writer_is_refused_not_waited_on() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("profile.mobileconfig");
    assert!(
        Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );
    // Without the fix these block forever: the test would hang, not pass.
    for args in [
        vec!["check", "profile.mobileconfig"],
        vec!["edit", "profile.mobileconfig"],
        vec![
            "export",
            "--answers",
            "profile.mobileconfig",
            "--format",
            "graph",
            "--out",
            "-",
        ],
    ] {
        let o = run(dir.path(), &args);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", text(&o.stderr));
        let all = text(&o.stdout) + &text(&o.stderr);
        assert!(all.contains("is a named pipe, not a regular file"), "{all}");
    }
    let folder = run(dir.path(), &["check", "."]);
    assert_eq!(folder.status.code(), Some(2));
    assert!(text(&folder.stdout).contains("is a folder"));
}

/// 10,000 Microsoft IDs on one line, as the wizard's drafts store a list.
fn ten_thousand_on_one_line() -> String {
    let ids: Vec<String> = (0..10_000)
        .map(|i| format!("\"com.microsoft.app{i}\""))
        .collect();
    format!(
        "format = 1\n[profile]\nname = \"Big\"\n[extension]\nbundle_ids = [{}]\n",
        ids.join(", ")
    )
}

#[test]
fn ten_thousand_findings_on_one_line_are_summed_up_for_people_and_all_listed_in_json() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("big.toml"), ten_thousand_on_one_line()).unwrap();
    let human = run(dir.path(), &["check", "big.toml"]);
    let out = text(&human.stdout);
    assert_eq!(out.matches("[B003]").count(), 10, "{out}");
    assert!(
        out.contains("… and 9,990 more B003 at extension.bundle_ids in big.toml"),
        "{out}"
    );
    // The long line is pointed at, not copied: the output stays small.
    assert!(
        out.contains("big.toml (extension.bundle_ids[9]):5:"),
        "{out}"
    );
    assert!(out.len() < 20_000, "{} bytes", out.len());
    let summary = text(&human.stderr);
    assert!(summary.contains("10001 info(s)"), "{summary}");
    let json = run(dir.path(), &["check", "--format", "json", "big.toml"]);
    let parsed: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    let b003: Vec<_> = parsed
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["code"] == "B003")
        .collect();
    assert_eq!(b003.len(), 10_000);
    // Columns are still exact on the line that was not copied.
    let last = b003.last().unwrap();
    let line = ten_thousand_on_one_line();
    let bundle_line = line.lines().nth(4).unwrap();
    let column = bundle_line.find("\"com.microsoft.app9999\"").unwrap() + 1;
    assert_eq!(
        (last["line"].as_u64(), last["column"].as_u64()),
        (Some(5), Some(column as u64))
    );
}

// ---- the property: nothing from any input reaches a terminal or text file raw --------

fn hostile_text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("\u{1b}[2J".to_string()),
        Just("\u{1b}]8;;http://x\u{7}".to_string()),
        Just("\u{9b}1m".to_string()),
        Just("\u{202e}".to_string()),
        Just("\u{2067}".to_string()),
        Just("\u{200b}".to_string()),
        Just("\u{feff}".to_string()),
        Just("\r".to_string()),
        Just("\n".to_string()),
        Just("\t".to_string()),
        Just("\u{7f}".to_string()),
        Just("\u{0}".to_string()),
        Just("com.microsoft.skype.teams".to_string()),
        Just("{{DEVICEREGISTRATION}}".to_string()),
        "[a-z.]{0,8}",
        any::<char>().prop_map(String::from),
    ];
    prop::collection::vec(piece, 0..5).prop_map(|v| v.concat())
}

fn hostile_draft() -> impl Strategy<Value = Draft> {
    (
        prop::collection::vec(hostile_text(), 16),
        0..4usize,
        any::<bool>(),
    )
        .prop_map(|(t, kind, groups)| {
            let mut d = Draft::new_jit();
            d.profile.name = t[0].clone();
            d.profile.description = t[1].clone();
            d.profile.organization = t[2].clone();
            d.profile.identifier = Some(t[3].clone());
            d.profile.uuid = Some(t[4].clone());
            d.profile.scope_tags = vec![t[5].clone()];
            d.extension.kind = [
                ExtensionType::EntraId,
                ExtensionType::Redirect,
                ExtensionType::Credential,
                ExtensionType::Kerberos,
            ][kind];
            d.extension.bundle_ids = vec![t[6].clone(), t[7].clone()];
            d.extension.extension_id = t[8].clone();
            d.extension.urls = vec![t[9].clone()];
            d.extension.domains = vec![t[9].clone()];
            d.extension.realm = t[10].clone();
            d.extension.kerberos.principal_name = t[10].clone();
            d.extension.config.push(ConfigPair::string(&t[11], &t[12]));
            if groups {
                d.assignments.target = Target::Groups;
            }
            d.assignments.include_groups = vec![Group {
                id: t[13].clone(),
                name: t[14].clone(),
            }];
            d.assignments.exclude_groups = d.assignments.include_groups.clone();
            d.assignments.filter = Some(Filter {
                id: t[15].clone(),
                mode: FilterMode::Include,
            });
            d.authenticator.app_id = t[15].clone();
            d
        })
}

/// Every line the wizard shows, cell by cell.
fn screen_text(s: &State) -> String {
    let mut term = Terminal::new(TestBackend::new(80, 24)).unwrap();
    term.draw(|f| view::draw(f, s)).unwrap();
    let buf = term.backend().buffer();
    let mut out = String::new();
    for y in 0..24 {
        for x in 0..80 {
            out.push_str(buf[(x, y)].symbol());
        }
        out.push('\n');
    }
    out
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn no_outside_text_reaches_a_terminal_or_text_file_raw(
        draft in hostile_draft(),
        file in hostile_text(),
    ) {
        let diagnostics = validate(&draft);
        for d in &diagnostics {
            prop_assert!(raw_control(&d.message, false).is_none(), "{} message: {:?}", d.code, d.message);
            prop_assert!(raw_control(&d.help, false).is_none(), "{} help: {:?}", d.code, d.help);
            if let Some(fix) = &d.fix {
                prop_assert!(raw_control(&fix.label(), false).is_none());
            }
        }
        // Findings as `check` prints them, pointing into the answers file and not.
        let answers = draft.to_toml();
        let map = SourceMap::new(&answers);
        let located: Vec<_> = diagnostics
            .iter()
            .cloned()
            .map(|d| map.locate(&file, d))
            .chain(diagnostics.iter().cloned().map(|d| report::unlocated(&file, d, Some((1, 1)))))
            .collect();
        let human = report::render_human(&located, false);
        prop_assert!(raw_control(&human, true).is_none(), "{human}");
        let styled = report::render_human(&located, true);
        // Colour is the renderer's own escapes; nothing else may be there.
        let disguised = styled.contains('\u{9b}') || styled.contains('\u{202e}');
        prop_assert!(!disguised, "{}", styled);
        let json = report::render_json(&located);
        prop_assert!(raw_control(&json, true).is_none(), "{json}");
        // REQUESTS.md, read with `cat` as often as in an editor.
        let md = export::requests_md(&draft, "x");
        prop_assert!(raw_control(&md, true).is_none(), "{md}");
        if let Ok(files) = export::render(&draft, Format::All) {
            // send.sh too: its messages quote the profile name.
            for f in files.iter().filter(|f| f.path.extension().is_some_and(|e| e == "md" || e == "sh")) {
                prop_assert!(raw_control(&text(&f.bytes), true).is_none());
            }
        }
        // The wizard's every step.
        let mut s = State::new(draft);
        update(&mut s, Msg::Resize(80, 24));
        for step in [Step::Basics, Step::Extension, Step::BundleIds, Step::Config, Step::Assignments, Step::Review, Step::Export] {
            sso_wizard::tui::update::go_to(&mut s, step);
            let shown = screen_text(&s);
            prop_assert!(raw_control(&shown, true).is_none(), "{step:?}:\n{shown}");
        }
    }
}

#[test]
fn drafts_lists_names_with_bidi_and_escapes_escaped() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    let mut d = Draft::new_jit();
    // A right-to-left override makes "SSO gpj.exe" read as "SSO exe.jpg"; an ESC could
    // repaint the screen.
    d.profile.name = "SSO \u{202e}gpj.exe \u{1b}[2J".into();
    sso_wizard::store::save_draft(&data.join("drafts").join("draft-1.toml"), &d).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_sso-wizard"))
        .arg("drafts")
        .env("SSO_WIZARD_DATA_DIR", &data)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", text(&out.stderr));
    let listed = text(&out.stdout);
    assert!(
        listed.contains("SSO \\u{202e}gpj.exe \\u{1b}[2J"),
        "{listed}"
    );
    // Tabs separate the columns; inside them, nothing raw.
    for column in listed.split('\t') {
        assert_clean("drafts", column);
    }
}
