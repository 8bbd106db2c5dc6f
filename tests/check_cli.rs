//! `sso-wizard check` on the mistakes admins really make. Each fixture under
//! `tests/fixtures/check/` declares the findings it must raise (`# expect: warning[B003]
//! error[B004]`) and the exit status of `check` and `check --strict` (`# exit: 1, strict:
//! 1`), and may pin wording with `# assert: CODE severity phrase` lines (in XML:
//! `<!-- assert: … -->`).

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn check(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_sso-wizard"))
        .arg("check")
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .expect("the binary runs")
}

fn fixtures() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/check");
    let mut files: Vec<_> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file() && p.extension().is_some_and(|e| e != "md"))
        .collect();
    files.sort();
    files
}

/// The findings a fixture declares, as `severity[CODE]` pairs: `# expect: warning[B003]
/// error[B004]` (TOML) or `expect: …` anywhere in the first lines of other formats;
/// `(clean)` means none. Declared, not derived: a rule whose severity flips fails here.
fn expected(path: &Path) -> Vec<String> {
    let line = header(path, "expect:");
    let mut found: Vec<String> = line
        .split(|c: char| c.is_whitespace() || c == '"' || c == ',')
        .filter(|w| {
            let Some((severity, code)) = w.strip_suffix(']').and_then(|w| w.split_once('[')) else {
                return false;
            };
            let b = code.as_bytes();
            ["error", "warning", "info"].contains(&severity)
                && b.len() == 4
                && b[0].is_ascii_uppercase()
                && b[1..].iter().all(u8::is_ascii_digit)
        })
        .map(str::to_string)
        .collect();
    found.sort();
    if found.is_empty() {
        assert!(
            line.contains("(clean)"),
            "{}: no findings and not `(clean)`",
            path.display()
        );
    }
    found
}

/// The exit statuses a fixture declares: `exit: 1, strict: 1` (plain `check`, then
/// `check --strict`).
fn declared_exit(path: &Path) -> (i32, i32) {
    let line = header(path, "exit:");
    let number = |key: &str| -> i32 {
        let rest = line.split_once(key).map_or("", |(_, rest)| rest);
        let digits: String = rest
            .trim_start()
            .chars()
            .take_while(char::is_ascii_digit)
            .collect();
        digits
            .parse()
            .unwrap_or_else(|_| panic!("{}: no `{key} N` in {line:?}", path.display()))
    };
    (number("exit:"), number("strict:"))
}

/// The first of a fixture's first six lines that contains `key`.
fn header(path: &Path, key: &str) -> String {
    let text = String::from_utf8_lossy(&fs::read(path).unwrap()).into_owned();
    text.lines()
        .take(6)
        .find(|l| l.contains(key))
        .unwrap_or_else(|| panic!("{} has no `{key}` line", path.display()))
        .to_string()
}

/// The distinct `severity[CODE]` pairs of a `check --format json` run.
fn findings(output: &Output) -> Vec<String> {
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON array");
    let mut found: Vec<String> = json
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            format!(
                "{}[{}]",
                d["severity"].as_str().unwrap(),
                d["code"].as_str().unwrap()
            )
        })
        .collect();
    found.sort();
    found.dedup();
    found
}

#[test]
fn every_fixture_raises_exactly_its_findings_and_exit_status() {
    let files = fixtures();
    assert!(files.len() >= 10, "corpus present");
    for path in files {
        let p = path.to_str().unwrap();
        let (exit, strict_exit) = declared_exit(&path);
        let o = check(&["--format", "json", p]);
        assert_eq!(findings(&o), expected(&path), "{p}");
        assert_eq!(o.status.code(), Some(exit), "{p}");
        let strict = check(&["--strict", "--format", "json", p]);
        assert_eq!(findings(&strict), expected(&path), "{p} --strict");
        assert_eq!(strict.status.code(), Some(strict_exit), "{p} --strict");
    }
}

/// The corpus covers each exit status `check` has for a readable input: clean, warnings
/// only (failing only under `--strict`), and errors.
#[test]
fn the_corpus_declares_every_exit_status() {
    let declared: Vec<(i32, i32)> = fixtures().iter().map(|p| declared_exit(p)).collect();
    for pair in [(0, 0), (0, 1), (1, 1)] {
        assert!(declared.contains(&pair), "no fixture declares {pair:?}");
    }
}

/// The `assert:` lines of a fixture: (code, severity, phrase).
fn assertions(path: &Path) -> Vec<(String, String, String)> {
    let text = String::from_utf8_lossy(&fs::read(path).unwrap()).into_owned();
    text.lines()
        .filter_map(|l| l.split_once("assert:").map(|(_, rest)| rest))
        .map(|rest| {
            let rest = rest.trim().trim_end_matches("-->").trim();
            let mut parts = rest.splitn(3, ' ');
            let code = parts.next().unwrap_or_default().to_string();
            let severity = parts.next().unwrap_or_default().to_string();
            let phrase = parts.next().unwrap_or_default().trim().to_string();
            assert!(
                !phrase.is_empty(),
                "{}: bad assert line {rest:?}",
                path.display()
            );
            (code, severity, phrase)
        })
        .collect()
}

/// Wording is part of the contract (issue 13: say only what Microsoft and Apple say): each
/// `assert:` line needs a diagnostic with that code and severity whose message, help or fix
/// contains the phrase.
#[test]
fn every_fixture_assertion_finds_its_code_severity_and_phrase() {
    let mut checked = 0;
    for path in fixtures() {
        let wanted = assertions(&path);
        if wanted.is_empty() {
            continue;
        }
        let p = path.to_str().unwrap();
        let o = check(&["--format", "json", p]);
        let json: serde_json::Value = serde_json::from_slice(&o.stdout).expect("JSON array");
        let diags = json.as_array().unwrap();
        for (code, severity, phrase) in wanted {
            let hit = diags.iter().any(|d| {
                let text = format!(
                    "{} {} {}",
                    d["message"].as_str().unwrap_or(""),
                    d["help"].as_str().unwrap_or(""),
                    d["fix"].as_str().unwrap_or("")
                );
                d["code"] == code.as_str()
                    && d["severity"] == severity.as_str()
                    && text.contains(&phrase)
            });
            assert!(
                hit,
                "{p}: no {severity} {code} saying {phrase:?} in {diags:#?}"
            );
            checked += 1;
        }
    }
    assert!(checked >= 20, "assertions present ({checked})");
}

#[test]
fn human_output_is_compiler_style_with_the_source_line_and_a_fix() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/check");
    let file = dir.join("teams-and-authenticator.toml");
    let o = check(&[file.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    let out = String::from_utf8(o.stdout).unwrap();
    assert!(out.contains("warning[B003]:"), "{out}");
    assert!(out.contains("error[B004]:"), "{out}");
    assert!(out.contains("teams-and-authenticator.toml:13:37"), "{out}");
    assert!(out.contains("bundle_ids = ["), "source line shown: {out}");
    assert!(out.contains("extension.bundle_ids[2]"), "{out}");
    assert!(out.contains("help:"), "{out}");
    assert!(out.contains("remove catalogued Microsoft apps"), "{out}");
    assert!(!out.contains('\u{1b}'), "NO_COLOR: no escape sequences");
    let err = String::from_utf8(o.stderr).unwrap();
    assert!(err.contains("1 error(s), 1 warning(s)"), "{err}");
}

#[test]
fn clean_profile_passes() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/check");
    let o = check(&[dir.join("clean-jit.toml").to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0));
    assert!(
        o.stdout.is_empty(),
        "{}",
        String::from_utf8_lossy(&o.stdout)
    );
}

#[test]
fn several_files_and_an_unreadable_one() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/check");
    let clean = dir.join("clean-jit.toml");
    let o = check(&[clean.to_str().unwrap(), "/nonexistent/x.toml"]);
    assert_eq!(o.status.code(), Some(2));
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(
        out.contains("/nonexistent/x.toml") && out.contains("X002"),
        "{out}"
    );
}

#[test]
fn control_characters_in_input_never_reach_the_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("evil.toml");
    fs::write(
        &path,
        "format = 1\n[profile]\nname = \"x\"\n[extension]\nbundle_ids = [\"com.evil.\\u001b[2Japp\"]\n",
    )
    .unwrap();
    let o = check(&[path.to_str().unwrap()]);
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(out.contains("B001"), "{out}");
    assert!(!out.contains('\u{1b}'), "{out:?}");
}
