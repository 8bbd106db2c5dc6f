//! Plain mode (SPEC §10) end to end: the real binary in a pseudo-terminal, answered from a
//! script, with a temporary data directory and working directory. Waits have a timeout;
//! no fixed sleep is an assertion.

use std::path::{Path, PathBuf};
use std::time::Duration;

use portable_pty::CommandBuilder;

mod common;
use common::pty::Pty;

const TIMEOUT: Duration = Duration::from_secs(20);

struct Session {
    pty: Pty,
    _dirs: tempfile::TempDir,
    data: PathBuf,
    cwd: PathBuf,
}

impl Session {
    /// `sso-wizard ARGS` with `TERM` set to `term` (or unset).
    fn start(args: &[&str], term: Option<&str>) -> Session {
        let dirs = tempfile::tempdir().unwrap();
        let data = dirs.path().join("data");
        let cwd = dirs.path().join("cwd");
        std::fs::create_dir_all(&cwd).unwrap();
        let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_sso-wizard"));
        cmd.args(args);
        cmd.cwd(&cwd);
        match term {
            Some(t) => cmd.env("TERM", t),
            None => cmd.env_remove("TERM"),
        }
        cmd.env_remove("NO_COLOR");
        cmd.env("HOME", dirs.path());
        cmd.env("SSO_WIZARD_DATA_DIR", &data);
        Session {
            pty: Pty::spawn(cmd, 80, 24).unwrap(),
            _dirs: dirs,
            data,
            cwd,
        }
    }

    fn text(&self) -> String {
        self.pty.raw_text()
    }

    /// Wait until the output holds `text`.
    fn wait_for(&self, text: &str) {
        if !self
            .pty
            .wait_until(TIMEOUT, |o| String::from_utf8_lossy(&o.raw).contains(text))
        {
            panic!("timed out waiting for {text:?}; output:\n{}", self.text());
        }
    }

    fn send(&mut self, text: &str) {
        self.pty.send(text.as_bytes()).unwrap();
    }

    fn wait_exit(&mut self) -> u32 {
        match self.pty.wait_exit(TIMEOUT) {
            Some(code) => code,
            None => panic!("plain mode did not exit; output:\n{}", self.text()),
        }
    }

    /// All output, once the reader has drained it.
    fn output(&self) -> Vec<u8> {
        self.pty.drained(TIMEOUT)
    }

    fn drafts(&self) -> Vec<PathBuf> {
        let mut v: Vec<PathBuf> = std::fs::read_dir(self.data.join("drafts"))
            .map(|rd| rd.filter_map(|e| e.ok()).map(|e| e.path()).collect())
            .unwrap_or_default();
        v.retain(|p| p.extension().is_some_and(|e| e == "toml"));
        v
    }
}

/// Nothing but text: no byte below 0x20 but line ends (so no ESC), no DEL.
fn assert_plain_text(out: &[u8]) {
    if let Some(i) = out
        .iter()
        .position(|&b| (b < 0x20 && b != b'\n' && b != b'\r') || b == 0x7f)
    {
        panic!(
            "byte {:#04x} at {i} in: {:?}",
            out[i],
            String::from_utf8_lossy(&out[i.saturating_sub(40)..(i + 40).min(out.len())])
        );
    }
}

fn export_cli(answers: &Path, cwd: &Path) -> Vec<u8> {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_sso-wizard"))
        .args(["export", "--answers"])
        .arg(answers)
        .args(["--format", "mobileconfig", "--out", "-"])
        .current_dir(cwd)
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

/// The full-screen walk test's profile (tests/pty_wizard.rs), answered line by line.
#[test]
fn plain_jit_walk_exports_the_same_mobileconfig_as_the_cli() {
    let mut s = Session::start(&["--plain"], Some("xterm-256color"));
    s.wait_for("Name [(blank)]: ");
    // Name; description, organization, identifier and scope tags kept.
    s.send("Fabrikam iPhone SSO\n\n\n\n\n");
    s.wait_for("Extension type [1]: ");
    // Entra ID kept; shared device mode kept.
    s.send("\n\n");
    s.wait_for("add> ");
    s.send("com.contoso.lobapp\n");
    // A paste of several IDs, one of them a Microsoft app: its warning and fix follow.
    s.send("com.contoso.travel\ncom.microsoft.skype.teams\n");
    s.wait_for("Apply the fix (remove catalogued Microsoft apps)? [y/N] ");
    s.send("y\n");
    s.wait_for("Removed com.microsoft.skype.teams");
    s.send("\n"); // the list ends
    s.wait_for("row> ");
    s.send("\n"); // the two JIT rows kept
    s.wait_for("Assign to [1]: ");
    // Target, groups, exclusions, filter id, Authenticator required, app id, licence.
    s.send("\n\n\n\n\n\n\n");
    s.wait_for("Enter goes on to export");
    assert!(
        s.text()
            .contains("Bundle IDs (2): com.contoso.lobapp, com.contoso.travel")
    );
    s.send("\n");
    s.wait_for("Format [1]: ");
    s.send("\n");
    s.wait_for("Path [fabrikam-iphone-sso.mobileconfig]: ");
    s.send("\n");
    s.wait_for("Export another format? [y/N] ");
    s.send("\n");
    assert_eq!(s.wait_exit(), 0);
    let out = s.output();
    assert_plain_text(&out);
    let text = String::from_utf8_lossy(&out).into_owned();
    assert!(text.contains("warning[B003]: "), "{text}");
    assert!(text.contains("Draft saved: "), "{text}");
    let drafts = s.drafts();
    assert_eq!(drafts.len(), 1, "one draft file");
    let exported = std::fs::read(s.cwd.join("fabrikam-iphone-sso.mobileconfig")).unwrap();
    assert_eq!(
        String::from_utf8_lossy(&exported),
        String::from_utf8_lossy(&export_cli(&drafts[0], &s.cwd)),
        "plain mode's export and `export --answers <draft>` differ"
    );
    // The same answers as a hand-written answers file export the same bytes.
    let answers = s.cwd.join("answers.toml");
    std::fs::write(
        &answers,
        "format = 1\n[profile]\nname = \"Fabrikam iPhone SSO\"\n[extension]\ntype = \"entra-id\"\n\
         bundle_ids = [\"com.contoso.lobapp\", \"com.contoso.travel\"]\n\
         [[extension.config]]\nkey = \"device_registration\"\ntype = \"string\"\n\
         value = \"{{DEVICEREGISTRATION}}\"\n\
         [[extension.config]]\nkey = \"browser_sso_interaction_enabled\"\ntype = \"integer\"\n\
         value = 1\n",
    )
    .unwrap();
    assert_eq!(
        String::from_utf8_lossy(&exported),
        String::from_utf8_lossy(&export_cli(&answers, &s.cwd)),
    );
}

#[test]
fn term_dumb_picks_plain_mode() {
    for term in [Some("dumb"), None] {
        let mut s = Session::start(&[], term);
        s.wait_for("plain mode");
        s.wait_for("Name [(blank)]: ");
        s.send("q\n");
        assert_eq!(s.wait_exit(), 0, "TERM={term:?}");
        let out = s.output();
        assert_plain_text(&out);
        let text = String::from_utf8_lossy(&out).into_owned();
        assert!(
            text.contains("Nothing was changed; no draft saved."),
            "{text}"
        );
    }
}

#[test]
fn ctrl_d_quits_with_the_draft_saved_and_its_path_printed() {
    let mut s = Session::start(&["--plain"], Some("xterm-256color"));
    s.wait_for("Name [(blank)]: ");
    s.send("Ended By EOF\n");
    s.wait_for("Description [(blank)]: ");
    s.send("\x04");
    assert_eq!(s.wait_exit(), 0);
    let text = String::from_utf8_lossy(&s.output()).into_owned();
    let drafts = s.drafts();
    assert_eq!(drafts.len(), 1);
    assert!(
        text.contains(&format!("Draft saved: {}", drafts[0].display())),
        "{text}"
    );
    let saved = std::fs::read_to_string(&drafts[0]).unwrap();
    assert!(saved.contains("name = \"Ended By EOF\""), "{saved}");
}

#[test]
fn a_hang_up_mid_dialogue_saves_the_draft() {
    let mut s = Session::start(&["--plain"], Some("xterm-256color"));
    s.wait_for("Name [(blank)]: ");
    // Name; description, organization, identifier, scope tags, type, shared device mode.
    s.send("Hung Up\n\n\n\n\n\n\n");
    s.wait_for("add> ");
    s.send("com.contoso.before\n");
    s.wait_for("add> com.contoso.before");
    // The answer was saved when it was given; the hang-up saves again and says where.
    let pid = s.pty.child.process_id().expect("child pid");
    let sent = std::process::Command::new("kill")
        .args(["-HUP", &pid.to_string()])
        .status()
        .unwrap();
    assert!(sent.success());
    assert_eq!(s.wait_exit(), 129, "128 + SIGHUP");
    let drafts = s.drafts();
    assert_eq!(drafts.len(), 1, "the draft was saved");
    let text = std::fs::read_to_string(&drafts[0]).unwrap();
    assert!(text.contains("name = \"Hung Up\""), "{text}");
    assert!(text.contains("\"com.contoso.before\""), "{text}");
    // Saved at the bundle IDs' step, where the full-screen wizard reopens it.
    assert!(text.starts_with("# sso-wizard step: 3\n"), "{text}");
    let names: Vec<_> = std::fs::read_dir(s.data.join("drafts"))
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| !n.ends_with(".toml"))
        .collect();
    assert!(names.is_empty(), "nothing left behind: {names:?}");
}

#[test]
fn edit_plain_starts_from_the_file() {
    let fixture = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/import/entra-id-jit-sample.mobileconfig"
    );
    let mut s = Session::start(&["edit", fixture, "--plain"], Some("xterm-256color"));
    s.wait_for("(JIT registration)]: ");
    s.send("q\n");
    assert_eq!(s.wait_exit(), 0);
    assert_plain_text(&s.output());
}
