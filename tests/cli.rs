//! The command line as an admin uses it: exit codes, messages, files on disk.

use std::fs;
use std::path::Path;
use std::process::{Command, Output};

const SPEC_EXAMPLE: &str = include_str!("fixtures/answers/spec-example.toml");
const SLUG: &str = "ios-entra-id-sso-jit-registration";

fn run(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_sso-wizard"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .output()
        .expect("the binary runs")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn workdir() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("jit.toml"), SPEC_EXAMPLE).unwrap();
    dir
}

#[test]
fn export_writes_default_file_name_in_current_directory() {
    let dir = workdir();
    let o = run(
        dir.path(),
        &[
            "export",
            "--answers",
            "jit.toml",
            "--format",
            "mobileconfig",
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let path = dir.path().join(format!("{SLUG}.mobileconfig"));
    let bytes = fs::read(&path).expect("default file written");
    plist::Value::from_reader_xml(&bytes[..]).expect("a real plist");
    assert!(stderr(&o).contains(&format!("wrote {SLUG}.mobileconfig")));
    assert!(o.stdout.is_empty(), "only requested output goes to stdout");
}

#[test]
fn out_dash_writes_to_stdout_and_nothing_to_disk() {
    let dir = workdir();
    let o = run(
        dir.path(),
        &[
            "export",
            "--answers",
            "jit.toml",
            "--format",
            "graph",
            "--out",
            "-",
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let body: serde_json::Value = serde_json::from_slice(&o.stdout).expect("JSON on stdout");
    assert_eq!(
        body["@odata.type"],
        "#microsoft.graph.iosDeviceFeaturesConfiguration"
    );
    let entries: Vec<_> = fs::read_dir(dir.path()).unwrap().collect();
    assert_eq!(entries.len(), 1, "only jit.toml is in the directory");
}

#[test]
fn every_single_format_goes_to_stdout_identically_to_the_file() {
    for format in [
        "mobileconfig",
        "graph",
        "graph-assign",
        "authenticator-assign",
    ] {
        let dir = workdir();
        let o = run(
            dir.path(),
            &[
                "export",
                "--answers",
                "jit.toml",
                "--format",
                format,
                "--out",
                "-",
            ],
        );
        assert_eq!(o.status.code(), Some(0), "{format}: {}", stderr(&o));
        let f = run(
            dir.path(),
            &[
                "export",
                "--answers",
                "jit.toml",
                "--format",
                format,
                "--out",
                "x",
            ],
        );
        assert_eq!(f.status.code(), Some(0), "{format}: {}", stderr(&f));
        assert_eq!(
            fs::read(dir.path().join("x")).unwrap(),
            o.stdout,
            "{format}"
        );
    }
}

#[test]
fn existing_file_is_untouched_without_force() {
    let dir = workdir();
    let target = dir.path().join("out.mobileconfig");
    fs::write(&target, "precious").unwrap();
    let args = [
        "export",
        "--answers",
        "jit.toml",
        "--format",
        "mobileconfig",
        "--out",
        "out.mobileconfig",
    ];
    let o = run(dir.path(), &args);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("already exists"), "{}", stderr(&o));
    assert!(stderr(&o).contains("--force"));
    assert_eq!(fs::read_to_string(&target).unwrap(), "precious");

    let mut forced = args.to_vec();
    forced.push("--force");
    let o = run(dir.path(), &forced);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(fs::read_to_string(&target).unwrap().starts_with("<?xml"));
    let leftovers: Vec<_> = fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".sso-wizard"))
        .collect();
    assert!(leftovers.is_empty(), "temp files left: {leftovers:?}");
}

#[test]
fn out_directory_receives_the_default_name() {
    let dir = workdir();
    fs::create_dir(dir.path().join("exports")).unwrap();
    let o = run(
        dir.path(),
        &[
            "export",
            "--answers",
            "jit.toml",
            "--format",
            "graph",
            "--out",
            "exports",
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        dir.path()
            .join("exports")
            .join(format!("{SLUG}.graph.json"))
            .is_file()
    );
}

#[test]
fn all_writes_a_folder_and_refuses_to_replace_it_without_force() {
    let dir = workdir();
    let o = run(
        dir.path(),
        &["export", "--answers", "jit.toml", "--format", "all"],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let folder = dir.path().join(SLUG);
    for f in [
        format!("{SLUG}.mobileconfig"),
        "graph/profile.json".to_string(),
        "graph/assign.json".to_string(),
        "graph/authenticator-assign.json".to_string(),
        "REQUESTS.md".to_string(),
    ] {
        assert!(folder.join(&f).is_file(), "missing {f}");
    }
    fs::write(folder.join("REQUESTS.md"), "edited").unwrap();
    let o = run(
        dir.path(),
        &["export", "--answers", "jit.toml", "--format", "all"],
    );
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        fs::read_to_string(folder.join("REQUESTS.md")).unwrap(),
        "edited"
    );
    let o = run(
        dir.path(),
        &[
            "export",
            "--answers",
            "jit.toml",
            "--format",
            "all",
            "--force",
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_ne!(
        fs::read_to_string(folder.join("REQUESTS.md")).unwrap(),
        "edited"
    );
}

/// `--out DIR` for `all` with an existing empty folder: the folder is used as the export
/// folder (no `--force`: it holds nothing to lose); a folder with something in it is not.
#[test]
fn all_uses_an_existing_empty_folder_as_is() {
    let dir = workdir();
    fs::create_dir(dir.path().join("intune")).unwrap();
    let args = [
        "export",
        "--answers",
        "jit.toml",
        "--format",
        "all",
        "--out",
        "intune",
    ];
    let o = run(dir.path(), &args);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let folder = dir.path().join("intune");
    assert!(folder.join(format!("{SLUG}.mobileconfig")).is_file());
    assert!(folder.join("REQUESTS.md").is_file());
    assert!(!folder.join(SLUG).exists(), "not a folder inside it");
    // Now it holds an export: replaced only with --force.
    let o = run(dir.path(), &args);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    // A folder holding something else is left alone.
    fs::create_dir(dir.path().join("mine")).unwrap();
    fs::write(dir.path().join("mine/notes.txt"), "keep").unwrap();
    let o = run(
        dir.path(),
        &[
            "export",
            "--answers",
            "jit.toml",
            "--format",
            "all",
            "--out",
            "mine",
        ],
    );
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert_eq!(
        fs::read_to_string(dir.path().join("mine/notes.txt")).unwrap(),
        "keep"
    );
    assert!(!dir.path().join("mine/REQUESTS.md").exists());
}

#[test]
fn all_cannot_go_to_stdout() {
    let dir = workdir();
    let o = run(
        dir.path(),
        &[
            "export",
            "--answers",
            "jit.toml",
            "--format",
            "all",
            "--out",
            "-",
        ],
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("folder"));
    assert!(o.stdout.is_empty());
}

#[test]
fn unknown_key_is_reported_with_its_line_and_nothing_is_written() {
    let dir = workdir();
    let text = SPEC_EXAMPLE.replace("shared_device_mode = false", "shared_devce_mode = false");
    fs::write(dir.path().join("bad.toml"), &text).unwrap();
    let line = text
        .lines()
        .position(|l| l.starts_with("shared_devce_mode"))
        .unwrap()
        + 1;
    let o = run(
        dir.path(),
        &[
            "export",
            "--answers",
            "bad.toml",
            "--format",
            "mobileconfig",
        ],
    );
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(err.contains("X002"), "{err}");
    assert!(err.contains("shared_devce_mode"), "{err}");
    assert!(err.contains(&format!("bad.toml:{line}:1")), "{err}");
    assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 2);
}

#[test]
fn wrong_format_version_is_an_input_error() {
    let dir = workdir();
    fs::write(
        dir.path().join("v2.toml"),
        SPEC_EXAMPLE.replace("format = 1", "format = 2"),
    )
    .unwrap();
    let o = run(
        dir.path(),
        &[
            "export",
            "--answers",
            "v2.toml",
            "--format",
            "graph",
            "--out",
            "-",
        ],
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("format"), "{}", stderr(&o));
}

#[test]
fn draft_that_cannot_make_a_document_is_refused_with_exit_1() {
    let dir = workdir();
    fs::write(
        dir.path().join("noname.toml"),
        SPEC_EXAMPLE.replace(
            "name = \"iOS - Entra ID SSO (JIT registration)\"",
            "name = \"\"",
        ),
    )
    .unwrap();
    let o = run(
        dir.path(),
        &[
            "export",
            "--answers",
            "noname.toml",
            "--format",
            "mobileconfig",
        ],
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("name"), "{}", stderr(&o));
    assert_eq!(
        fs::read_dir(dir.path()).unwrap().count(),
        2,
        "nothing written"
    );
}

#[test]
fn unreadable_answers_file_is_exit_2() {
    let dir = workdir();
    let o = run(
        dir.path(),
        &["export", "--answers", "missing.toml", "--format", "graph"],
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("missing.toml"));
}

#[test]
fn usage_errors_are_exit_2() {
    let dir = workdir();
    let o = run(
        dir.path(),
        &["export", "--answers", "jit.toml", "--format", "pdf"],
    );
    assert_eq!(o.status.code(), Some(2));
    let o = run(dir.path(), &["frobnicate"]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn help_shows_examples() {
    let dir = workdir();
    let o = run(dir.path(), &["export", "--help"]);
    assert_eq!(o.status.code(), Some(0));
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(out.contains("Examples:"), "{out}");
    assert!(out.contains("--format all"), "{out}");
}

#[test]
fn completions_print_a_script() {
    let dir = workdir();
    let o = run(dir.path(), &["completions", "bash"]);
    assert_eq!(o.status.code(), Some(0));
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(out.contains("complete -F _sso__wizard"), "{out}");
    assert!(out.contains("export"));
}

/// A profile made by another tool converts between the three formats without loss: the
/// same draft comes out whichever way it travels.
#[test]
fn a_foreign_profile_converts_losslessly_between_the_three_formats() {
    let dir = tempfile::tempdir().unwrap();
    let sample = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/import/entra-id-jit-sample.mobileconfig");
    fs::copy(&sample, dir.path().join("jamf.mobileconfig")).unwrap();
    let export = |input: &str, format: &str, out: &str| {
        let o = run(
            dir.path(),
            &[
                "export",
                "--answers",
                input,
                "--format",
                format,
                "--out",
                out,
            ],
        );
        assert_eq!(
            o.status.code(),
            Some(0),
            "{input} → {format}: {}",
            stderr(&o)
        );
        fs::read(dir.path().join(out)).unwrap()
    };
    // mobileconfig → answers → mobileconfig, and mobileconfig → mobileconfig directly.
    export("jamf.mobileconfig", "answers", "jamf.toml");
    let via_answers = export("jamf.toml", "mobileconfig", "a.mobileconfig");
    let direct = export("jamf.mobileconfig", "mobileconfig", "b.mobileconfig");
    assert_eq!(via_answers, direct);
    // The identity the devices know is kept from the source profile.
    let text = String::from_utf8(direct).unwrap();
    assert!(
        text.contains("<string>com.example.sso.entra</string>"),
        "{text}"
    );
    assert!(
        text.contains("0B9A2E77-5C4D-4F21-8E36-7D1F3A6C9B42"),
        "{text}"
    );
    assert!(text.contains("<string>com.example.fieldapp</string>"));
    // mobileconfig → Graph, answers → Graph, Graph → answers → Graph: one body.
    let g1 = export("jamf.mobileconfig", "graph", "g1.json");
    let g2 = export("jamf.toml", "graph", "g2.json");
    assert_eq!(g1, g2);
    export("g1.json", "answers", "from-graph.toml");
    let g3 = export("from-graph.toml", "graph", "g3.json");
    assert_eq!(g1, g3);
    let body: serde_json::Value = serde_json::from_slice(&g1).unwrap();
    assert_eq!(
        body["iosSingleSignOnExtension"]["bundleIdAccessControlList"][0],
        "com.example.fieldapp"
    );
}

#[test]
fn export_refuses_a_draft_with_errors_and_lists_them() {
    let dir = workdir();
    fs::write(
        dir.path().join("bad.toml"),
        SPEC_EXAMPLE.replace(
            "bundle_ids = [\"com.contoso.lobapp\"]",
            "bundle_ids = [\"com.contoso.lobapp\", \"com.microsoft.azureauthenticator\"]",
        ),
    )
    .unwrap();
    let o = run(
        dir.path(),
        &[
            "export",
            "--answers",
            "bad.toml",
            "--format",
            "mobileconfig",
        ],
    );
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(err.contains("error[B004]"), "{err}");
    assert!(err.contains("nothing was written"), "{err}");
    assert_eq!(
        fs::read_dir(dir.path()).unwrap().count(),
        2,
        "nothing written"
    );
    // The answers format is how such a file gets fixed, so it is still written.
    let o = run(
        dir.path(),
        &[
            "export",
            "--answers",
            "bad.toml",
            "--format",
            "answers",
            "--out",
            "-",
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(String::from_utf8_lossy(&o.stdout).contains("com.microsoft.azureauthenticator"));
}

#[test]
fn export_prints_warnings_and_the_x001_note_but_writes() {
    let dir = workdir();
    let o = run(
        dir.path(),
        &[
            "export",
            "--answers",
            "jit.toml",
            "--format",
            "mobileconfig",
            "--out",
            "-",
        ],
    );
    assert_eq!(o.status.code(), Some(0));
    let err = stderr(&o);
    assert!(err.contains("X001"), "{err}");
    assert!(err.contains("A006"), "{err}");
    assert!(String::from_utf8_lossy(&o.stdout).starts_with("<?xml"));
}

#[cfg(unix)]
#[test]
fn exports_get_ordinary_file_permissions() {
    use std::os::unix::fs::PermissionsExt;
    let dir = workdir();
    let o = run(
        dir.path(),
        &["export", "--answers", "jit.toml", "--format", "graph"],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let o = run(
        dir.path(),
        &["export", "--answers", "jit.toml", "--format", "all"],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    // What any program's new file gets here (0666 less the umask), not tempfile's 0600.
    let probe = dir.path().join("probe");
    fs::File::create(&probe).unwrap();
    let mode = |p: &Path| fs::metadata(p).unwrap().permissions().mode() & 0o777;
    let expected = mode(&probe);
    assert_eq!(
        mode(&dir.path().join(format!("{SLUG}.graph.json"))),
        expected
    );
    assert_eq!(mode(&dir.path().join(SLUG).join("REQUESTS.md")), expected);
    fs::create_dir(dir.path().join("probe-dir")).unwrap();
    assert_eq!(
        mode(&dir.path().join(SLUG)),
        mode(&dir.path().join("probe-dir"))
    );
}

#[test]
fn force_never_replaces_a_folder_that_is_not_an_export() {
    let dir = workdir();
    let docs = dir.path().join("Documents");
    fs::create_dir(&docs).unwrap();
    fs::write(docs.join("thesis.txt"), "precious").unwrap();
    for out in ["Documents", "."] {
        let o = run(
            dir.path(),
            &[
                "export",
                "--answers",
                "jit.toml",
                "--format",
                "all",
                "--out",
                out,
                "--force",
            ],
        );
        assert_eq!(o.status.code(), Some(2), "{out}: {}", stderr(&o));
        assert!(
            stderr(&o).contains("not an sso-wizard export"),
            "{}",
            stderr(&o)
        );
    }
    assert_eq!(
        fs::read_to_string(docs.join("thesis.txt")).unwrap(),
        "precious"
    );
    assert_eq!(fs::read_dir(&docs).unwrap().count(), 1);
}

fn export_all(dir: &Path, answers: &str, out: &str, force: bool) -> Output {
    let mut args = vec![
        "export",
        "--answers",
        answers,
        "--format",
        "all",
        "--out",
        out,
    ];
    if force {
        args.push("--force");
    }
    run(dir, &args)
}

#[test]
fn force_keeps_the_admins_own_profiles_in_a_folder_without_the_marker() {
    // The issue's repro: a folder of the admin's own profiles and Graph bodies, which have
    // the names an export uses but were not written by sso-wizard.
    let dir = workdir();
    let p = dir.path().join("p");
    fs::create_dir_all(p.join("graph")).unwrap();
    fs::write(p.join("corp-wifi.mobileconfig"), "wifi").unwrap();
    fs::write(p.join("graph/c.json"), "{}").unwrap();
    let o = export_all(dir.path(), "jit.toml", "p", true);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(err.contains("not an sso-wizard export"), "{err}");
    assert!(err.contains(".sso-wizard-export"), "{err}");
    assert!(err.contains("give a new folder with --out"), "{err}");
    assert_eq!(
        fs::read_to_string(p.join("corp-wifi.mobileconfig")).unwrap(),
        "wifi"
    );
    assert_eq!(fs::read_to_string(p.join("graph/c.json")).unwrap(), "{}");
    assert_eq!(fs::read_dir(&p).unwrap().count(), 2, "nothing added");
    assert_eq!(fs::read_dir(p.join("graph")).unwrap().count(), 1);
}

#[test]
fn an_all_folder_carries_a_marker_listing_what_it_wrote() {
    let dir = workdir();
    let o = export_all(dir.path(), "jit.toml", "out", false);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let marker = fs::read_to_string(dir.path().join("out/.sso-wizard-export")).unwrap();
    let listed: Vec<&str> = marker.lines().filter(|l| !l.starts_with('#')).collect();
    assert_eq!(
        listed,
        [
            format!("{SLUG}.mobileconfig").as_str(),
            "graph/profile.json",
            "graph/assign.json",
            "graph/authenticator-assign.json",
            "graph/custom.json",
            format!("{SLUG}.jamf.plist").as_str(),
            "JAMF.md",
            "declaration.json",
            "REQUESTS.md",
            "send.sh",
        ]
    );
    // A renamed profile replaces the old export whole: its old .mobileconfig was ours.
    let renamed = SPEC_EXAMPLE.replacen(
        "name = \"iOS - Entra ID SSO (JIT registration)\"",
        "name = \"Renamed\"",
        1,
    );
    assert_ne!(renamed, SPEC_EXAMPLE, "the fixture's name changed");
    fs::write(dir.path().join("renamed.toml"), renamed).unwrap();
    let o = export_all(dir.path(), "renamed.toml", "out", true);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(dir.path().join("out/renamed.mobileconfig").is_file());
    assert!(!dir.path().join(format!("out/{SLUG}.mobileconfig")).exists());
}

#[test]
fn force_names_a_file_the_admin_added_to_an_export_and_keeps_everything() {
    let dir = workdir();
    let out = dir.path().join("out");
    let o = export_all(dir.path(), "jit.toml", "out", false);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let before = fs::read(out.join("REQUESTS.md")).unwrap();
    fs::write(out.join("graph/notes.txt"), "sent on Monday").unwrap();
    let o = export_all(dir.path(), "jit.toml", "out", true);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(err.contains("a file `graph/notes.txt`"), "{err}");
    assert!(err.contains("move it out of the folder"), "{err}");
    assert_eq!(
        fs::read_to_string(out.join("graph/notes.txt")).unwrap(),
        "sent on Monday"
    );
    assert_eq!(fs::read(out.join("REQUESTS.md")).unwrap(), before);
    fs::remove_file(out.join("graph/notes.txt")).unwrap();
    let o = export_all(dir.path(), "jit.toml", "out", true);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
}

#[cfg(unix)]
#[test]
fn force_never_replaces_a_symlink_or_folder_in_place_of_an_exported_file() {
    let dir = workdir();
    let out = dir.path().join("out");
    let o = export_all(dir.path(), "jit.toml", "out", false);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let outside = dir.path().join("keep.json");
    fs::write(&outside, "mine").unwrap();
    fs::remove_file(out.join("graph/assign.json")).unwrap();
    std::os::unix::fs::symlink(&outside, out.join("graph/assign.json")).unwrap();
    let o = export_all(dir.path(), "jit.toml", "out", true);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("a symbolic link `graph/assign.json`"),
        "{}",
        stderr(&o)
    );
    assert!(out.join("graph/assign.json").is_symlink());
    assert_eq!(fs::read_to_string(&outside).unwrap(), "mine");
    fs::remove_file(out.join("graph/assign.json")).unwrap();
    fs::remove_file(out.join("REQUESTS.md")).unwrap();
    fs::create_dir(out.join("REQUESTS.md")).unwrap();
    fs::write(out.join("REQUESTS.md/mine.txt"), "mine").unwrap();
    let o = export_all(dir.path(), "jit.toml", "out", true);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("a folder `REQUESTS.md`"),
        "{}",
        stderr(&o)
    );
    assert!(out.join("REQUESTS.md/mine.txt").is_file());
}

#[cfg(unix)]
#[test]
fn force_never_turns_a_device_or_pipe_into_a_file() {
    use std::os::unix::fs::FileTypeExt;
    let dir = workdir();
    let fifo = dir.path().join("pipe");
    let made = Command::new("mkfifo").arg(&fifo).status().unwrap();
    assert!(made.success());
    let o = run(
        dir.path(),
        &[
            "export",
            "--answers",
            "jit.toml",
            "--format",
            "graph",
            "--out",
            "pipe",
            "--force",
        ],
    );
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("not a regular file"), "{}", stderr(&o));
    assert!(fs::symlink_metadata(&fifo).unwrap().file_type().is_fifo());
}

/// A reader that went away (`sso-wizard … | head -c0`) is not an error: exit 0, and stderr
/// holds exactly what the same run with a reader prints there (nothing, or the run's own
/// notes), no I/O error. The read end is closed before the child starts, so every write
/// meets a closed pipe, whatever the timing.
#[test]
fn a_closed_pipe_on_stdout_is_a_quiet_exit() {
    use std::process::Stdio;
    let dir = workdir();
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/check");
    let clean = fixtures.join("clean-jit.toml");
    let clean = clean.to_str().unwrap();
    let warned = fixtures.join("debug-mode-on.toml");
    let warned = warned.to_str().unwrap();
    let export = |format| {
        vec![
            "export",
            "--answers",
            clean,
            "--format",
            format,
            "--out",
            "-",
        ]
    };
    for (args, quiet) in [
        (vec!["completions", "bash"], true),
        (vec!["completions", "zsh"], true),
        (export("mobileconfig"), false),
        (export("authenticator-assign"), true),
        (export("graph"), false),
        (export("graph-assign"), true),
        (vec!["check", "--format", "json", warned], true),
        (vec!["check", warned], false),
    ] {
        let with_reader = run(dir.path(), &args);
        assert_eq!(with_reader.status.code(), Some(0), "{args:?}");
        assert!(!with_reader.stdout.is_empty(), "{args:?} writes to stdout");
        assert_eq!(stderr(&with_reader).is_empty(), quiet, "{args:?}");
        let (reader, writer) = std::io::pipe().unwrap();
        drop(reader);
        let o = Command::new(env!("CARGO_BIN_EXE_sso-wizard"))
            .args(&args)
            .current_dir(dir.path())
            .env("NO_COLOR", "1")
            .stdin(Stdio::null())
            .stdout(Stdio::from(writer))
            .stderr(Stdio::piped())
            .output()
            .unwrap();
        assert_eq!(o.status.code(), Some(0), "{args:?}: {}", stderr(&o));
        assert_eq!(stderr(&o), stderr(&with_reader), "{args:?}");
    }
}

#[test]
fn all_to_stdout_is_a_usage_error_even_for_a_broken_input() {
    let dir = workdir();
    fs::write(
        dir.path().join("bad.toml"),
        "format = 1\n[profile]\nname = \"\"\n",
    )
    .unwrap();
    let o = run(
        dir.path(),
        &[
            "export",
            "--answers",
            "bad.toml",
            "--format",
            "all",
            "--out",
            "-",
        ],
    );
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
}

#[test]
fn a_profile_without_assignments_is_not_blamed_for_them() {
    let dir = tempfile::tempdir().unwrap();
    let sample = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/import/entra-id-jit-sample.mobileconfig");
    let o = Command::new(env!("CARGO_BIN_EXE_sso-wizard"))
        .args(["check", "--strict", "--format", "json"])
        .arg(&sample)
        .output()
        .unwrap();
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stdout)
    );
    let o = run(
        dir.path(),
        &[
            "export",
            "--answers",
            sample.to_str().unwrap(),
            "--format",
            "graph-assign",
            "--out",
            "-",
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("carries no assignments"),
        "{}",
        stderr(&o)
    );
}

/// Set in the child runs of [`save_paths_expand_the_home_directory`]: the HOME it was given
/// (empty: none).
const CHILD_HOME: &str = "SSO_WIZARD_TEST_CHILD_HOME";

#[test]
fn save_paths_expand_the_home_directory() {
    // Paths typed into the wizard do not pass through a shell. `expand_home` reads HOME,
    // which a test cannot set safely beside other threads: the test re-runs itself in child
    // processes, once with a HOME of its choosing and once with none, so it never depends
    // on (or silently skips for) the environment it was started in.
    use sso_wizard::store::expand_home;
    if let Some(home) = std::env::var_os(CHILD_HOME) {
        if home.is_empty() || home == "(set but empty)" {
            // No HOME, or an empty one: nothing to expand to (never the root folder).
            assert_eq!(
                std::env::var_os("HOME").filter(|h| !h.is_empty()),
                None,
                "the parent removed or emptied HOME"
            );
            assert_eq!(expand_home("~/x.toml"), Path::new("~/x.toml"));
            assert_eq!(expand_home("~"), Path::new("~"));
        } else {
            assert_eq!(std::env::var_os("HOME").as_ref(), Some(&home));
            assert_eq!(expand_home("~/x.toml"), Path::new(&home).join("x.toml"));
            assert_eq!(expand_home("~"), Path::new(&home));
        }
        assert_eq!(expand_home("./~/x"), Path::new("./~/x"));
        assert_eq!(expand_home("~x/y"), Path::new("~x/y"));
        assert_eq!(expand_home("/abs/~/x"), Path::new("/abs/~/x"));
        return;
    }
    for home in ["/home/admin", "", "(set but empty)"] {
        let mut cmd = Command::new(std::env::current_exe().unwrap());
        cmd.args([
            "save_paths_expand_the_home_directory",
            "--exact",
            "--test-threads=1",
        ])
        .env(CHILD_HOME, home);
        if home.is_empty() {
            cmd.env_remove("HOME");
        } else if home == "(set but empty)" {
            cmd.env("HOME", "");
        } else {
            cmd.env("HOME", home);
        }
        let o = cmd.output().unwrap();
        let out = String::from_utf8_lossy(&o.stdout);
        assert!(o.status.success(), "HOME={home:?}: {out}{}", stderr(&o));
        assert!(out.contains("1 passed"), "the child ran the test: {out}");
    }
}

/// `drafts` lists the newest first, whatever the file names say; equal times fall back to
/// the path, so the order is stable.
#[test]
fn drafts_are_listed_newest_first() {
    use std::time::{Duration, SystemTime};
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    let dir = data.join("drafts");
    let at = |secs: u64| SystemTime::UNIX_EPOCH + Duration::from_secs(secs);
    // a.toml: 2020-01-01, b.toml: 2024-03-01, c.toml: 2022-06-15, d.toml: also 2022-06-15.
    let drafts = [
        ("a.toml", "Oldest", 1_577_836_800),
        ("b.toml", "Newest", 1_709_251_200),
        ("c.toml", "Middle C", 1_655_251_200),
        ("d.toml", "Middle D", 1_655_251_200),
    ];
    for (file, name, secs) in drafts {
        let mut d = sso_wizard::Draft::new_jit();
        d.profile.name = name.into();
        let path = dir.join(file);
        sso_wizard::store::save_draft(&path, &d).unwrap();
        fs::File::options()
            .write(true)
            .open(&path)
            .unwrap()
            .set_modified(at(secs))
            .unwrap();
    }
    let o = Command::new(env!("CARGO_BIN_EXE_sso-wizard"))
        .arg("drafts")
        .env("SSO_WIZARD_DATA_DIR", &data)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let text = String::from_utf8(o.stdout).unwrap();
    let rows: Vec<Vec<&str>> = text.lines().map(|l| l.split('\t').collect()).collect();
    let shown: Vec<(&str, &str)> = rows.iter().map(|r| (r[1], r[2])).collect();
    assert_eq!(
        shown,
        [
            ("Newest", "2024-03-01 00:00 UTC"),
            ("Middle C", "2022-06-15 00:00 UTC"),
            ("Middle D", "2022-06-15 00:00 UTC"),
            ("Oldest", "2020-01-01 00:00 UTC"),
        ],
        "{text}"
    );
    assert!(rows[0][0].ends_with("b.toml"), "{text}");
}

/// `edit` on a file it cannot use ends before the terminal is touched: nothing on stdout
/// (no alternate screen), the reason on stderr, and the exit code of SPEC §2: 2 for a file
/// that cannot be read, 1 for one that is read but is not a profile it can import.
#[test]
fn edit_exit_codes_for_files_it_cannot_use() {
    let dir = workdir();
    let p = dir.path();
    fs::write(p.join("bad.toml"), "format = 1\n[profile\n").unwrap();
    fs::write(p.join("bad.mobileconfig"), "<plist><dict><key>a</key>").unwrap();
    fs::write(
        p.join("other.json"),
        r##"{"@odata.type": "#microsoft.graph.windows10GeneralConfiguration"}"##,
    )
    .unwrap();
    fs::create_dir(p.join("folder.toml")).unwrap();
    fs::write(p.join("plain-file"), "x").unwrap();
    let mut cases = vec![
        ("missing.toml", 2, "No such file"),
        ("folder.toml", 2, "is a folder"),
        ("plain-file/inside.toml", 2, "cannot read"),
        ("bad.toml", 1, "unclosed table"),
        ("bad.mobileconfig", 1, "not a valid property list"),
        ("other.json", 1, "windows10GeneralConfiguration"),
    ];
    #[cfg(unix)]
    {
        let made = Command::new("mkfifo").arg(p.join("fifo.toml")).status();
        assert!(made.unwrap().success());
        cases.push(("fifo.toml", 2, "named pipe"));
        // Permissions do not stop root; then the folder and the pipe stand for them.
        use std::os::unix::fs::PermissionsExt;
        fs::write(p.join("private.toml"), SPEC_EXAMPLE).unwrap();
        fs::set_permissions(p.join("private.toml"), fs::Permissions::from_mode(0o000)).unwrap();
        if fs::read(p.join("private.toml")).is_err() {
            cases.push(("private.toml", 2, "Permission denied"));
        }
    }
    for (file, code, phrase) in cases {
        let o = Command::new(env!("CARGO_BIN_EXE_sso-wizard"))
            .args(["edit", file])
            .current_dir(p)
            .env("NO_COLOR", "1")
            .env("SSO_WIZARD_DATA_DIR", p.join("data"))
            .stdin(std::process::Stdio::null())
            .output()
            .unwrap();
        let err = stderr(&o);
        assert_eq!(o.status.code(), Some(code), "{file}: {err}");
        assert!(err.starts_with("error[X002]: "), "{file}: {err}");
        assert!(err.contains(phrase), "{file}: {err}");
        assert!(o.stdout.is_empty(), "{file}: the terminal was not opened");
    }
}

/// The temporary file of an atomic write is made beside the target (a rename cannot cross
/// file systems), never in the current directory: run from a directory where nothing can
/// be created, the export still succeeds.
#[cfg(target_os = "linux")]
#[test]
fn writes_never_use_the_current_directory() {
    let dir = workdir();
    let answers = dir.path().join("jit.toml");
    for (format, out) in [("mobileconfig", "one.mobileconfig"), ("all", "folder")] {
        let out = dir.path().join(out);
        let o = run(
            Path::new("/proc"),
            &[
                "export",
                "--answers",
                answers.to_str().unwrap(),
                "--format",
                format,
                "--out",
                out.to_str().unwrap(),
            ],
        );
        assert_eq!(o.status.code(), Some(0), "{format}: {}", stderr(&o));
        assert!(out.exists(), "{format}");
    }
}

/// `--force` takes a folder for an earlier export by its marker file, read up to 64 KiB:
/// a marker of exactly that size (comment lines added) is still ours, one byte more is not.
#[test]
fn the_export_marker_is_read_up_to_its_limit() {
    const MARKER_MAX: usize = 64 * 1024;
    let dir = workdir();
    let export = |force: bool| export_all_to_out(dir.path(), force);
    assert_eq!(export(false).status.code(), Some(0));
    let marker = dir.path().join("out/.sso-wizard-export");
    let text = fs::read_to_string(&marker).unwrap();
    let pad = |to: usize| {
        let mut t = text.clone();
        t.push('#');
        while t.len() < to - 1 {
            t.push('x');
        }
        t.push('\n');
        assert_eq!(t.len(), to);
        t
    };
    fs::write(&marker, pad(MARKER_MAX)).unwrap();
    let o = export(true);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    fs::write(&marker, pad(MARKER_MAX + 1)).unwrap();
    let o = export(true);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("not an sso-wizard export"),
        "{}",
        stderr(&o)
    );
}

/// A drafts folder that cannot be looked at (here: a symbolic link loop on the way) is
/// refused with the reason, not taken for one that does not exist yet.
#[cfg(unix)]
#[test]
fn an_unreadable_drafts_folder_is_refused_not_taken_for_missing() {
    use sso_wizard::store::check_drafts_dir;
    let tmp = tempfile::tempdir().unwrap();
    let looped = tmp.path().join("loop");
    std::os::unix::fs::symlink(&looped, &looped).unwrap();
    let err = check_drafts_dir(&looped.join("drafts")).unwrap_err();
    assert!(err.contains("cannot read"), "{err}");
    assert_eq!(check_drafts_dir(&tmp.path().join("new/drafts")), Ok(()));
}

/// `--force` reads the marker's file list only: its comment lines list nothing, so a file
/// named like one is the admin's and the folder is not replaced.
#[test]
fn a_comment_line_in_the_marker_lists_no_file() {
    let dir = workdir();
    let export = |force: bool| export_all_to_out(dir.path(), force);
    assert_eq!(export(false).status.code(), Some(0));
    let marker = dir.path().join("out/.sso-wizard-export");
    let mut text = fs::read_to_string(&marker).unwrap();
    text.push_str("#notes.txt\n");
    fs::write(&marker, text).unwrap();
    fs::write(dir.path().join("out/#notes.txt"), "mine").unwrap();
    let o = export(true);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(dir.path().join("out/#notes.txt").exists());
}

/// `export --answers jit.toml --format all --out out`, with `--force` or not.
fn export_all_to_out(dir: &Path, force: bool) -> Output {
    let mut args = vec![
        "export",
        "--answers",
        "jit.toml",
        "--format",
        "all",
        "--out",
        "out",
    ];
    if force {
        args.push("--force");
    }
    run(dir, &args)
}
