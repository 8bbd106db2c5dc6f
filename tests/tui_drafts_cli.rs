//! `sso-wizard drafts`: one line per draft (path, name, last change), newest first; an
//! unreadable draft is listed as such, not hidden.

use std::process::Command;

#[test]
fn drafts_lists_path_name_and_time() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    let dir = data.join("drafts");
    let mut d = sso_wizard::Draft::new_jit();
    d.profile.name = "Fabrikam iPhone SSO".into();
    let good = dir.join("draft-1.toml");
    sso_wizard::store::save_draft(&good, &d).unwrap();
    std::fs::write(dir.join("broken.toml"), "format = 1\n[profile\n").unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_sso-wizard"))
        .arg("drafts")
        .env("SSO_WIZARD_DATA_DIR", &data)
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 2, "{text}");
    let line = lines.iter().find(|l| l.contains("draft-1.toml")).unwrap();
    let cols: Vec<&str> = line.split('\t').collect();
    assert_eq!(cols[0], good.display().to_string());
    assert_eq!(cols[1], "Fabrikam iPhone SSO");
    assert!(cols[2].ends_with(" UTC"), "{line}");
    assert!(text.contains("broken.toml\t(unreadable: "), "{text}");
}

#[test]
fn no_drafts_is_not_an_error() {
    let tmp = tempfile::tempdir().unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_sso-wizard"))
        .arg("drafts")
        .env("SSO_WIZARD_DATA_DIR", tmp.path())
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(out.stdout.is_empty());
    assert!(String::from_utf8_lossy(&out.stderr).contains("No drafts"));
}

fn drafts_cmd(data: &std::path::Path) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_sso-wizard"))
        .arg("drafts")
        .env("SSO_WIZARD_DATA_DIR", data)
        .output()
        .unwrap()
}

#[cfg(unix)]
#[test]
fn a_symlinked_drafts_folder_is_refused_and_left_alone() {
    let tmp = tempfile::tempdir().unwrap();
    let victim = tmp.path().join("project");
    std::fs::create_dir(&victim).unwrap();
    std::fs::write(victim.join("Cargo.toml"), "[package]\n").unwrap();
    let data = tmp.path().join("data");
    std::fs::create_dir(&data).unwrap();
    std::os::unix::fs::symlink(&victim, data.join("drafts")).unwrap();
    let out = drafts_cmd(&data);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("is a symbolic link"), "{err}");
    assert!(err.contains("SSO_WIZARD_DATA_DIR"), "{err}");
    assert!(
        out.stdout.is_empty(),
        "nothing listed from the link's target"
    );
}

#[cfg(unix)]
#[test]
fn a_data_or_drafts_folder_writable_by_others_is_refused() {
    use std::os::unix::fs::PermissionsExt;
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("shared");
    std::fs::create_dir(&data).unwrap();
    std::fs::set_permissions(&data, std::fs::Permissions::from_mode(0o777)).unwrap();
    let out = drafts_cmd(&data);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("is writable by all users (mode 777)"), "{err}");
    assert!(err.contains("chmod go-w"), "{err}");
}

#[cfg(unix)]
#[test]
fn a_data_folder_owned_by_another_user_is_refused() {
    use std::os::unix::fs::MetadataExt;
    let tmp = tempfile::tempdir().unwrap();
    let mine = std::fs::metadata(tmp.path()).unwrap().uid();
    let data = if mine == 0 {
        // As root, make one: hand a fresh folder to `nobody`.
        let data = tmp.path().join("theirs");
        std::fs::create_dir(&data).unwrap();
        std::os::unix::fs::chown(&data, Some(65534), Some(65534)).unwrap();
        data
    } else {
        // Anyone else: the root folder is root's.
        std::path::PathBuf::from("/")
    };
    let out = drafts_cmd(&data);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("is owned by another user"), "{err}");
}

#[cfg(unix)]
#[test]
fn a_symlinked_draft_is_not_read() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    let dir = data.join("drafts");
    let mut d = sso_wizard::Draft::new_jit();
    d.profile.name = "Someone Else's".into();
    let elsewhere = tmp.path().join("elsewhere.toml");
    std::fs::write(&elsewhere, d.to_toml()).unwrap();
    sso_wizard::store::save_draft(&dir.join("draft-1.toml"), &sso_wizard::Draft::new_jit())
        .unwrap();
    std::os::unix::fs::symlink(&elsewhere, dir.join("draft-2.toml")).unwrap();
    let out = drafts_cmd(&data);
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(!text.contains("Someone Else"), "{text}");
    assert!(
        text.contains("draft-2.toml\t(skipped: it is a symbolic link"),
        "{text}"
    );
}

#[test]
fn a_draft_over_16_mib_is_listed_as_skipped() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    let dir = data.join("drafts");
    sso_wizard::store::save_draft(&dir.join("draft-1.toml"), &sso_wizard::Draft::new_jit())
        .unwrap();
    let big = std::fs::File::create(dir.join("draft-2.toml")).unwrap();
    big.set_len(2 * 1024 * 1024 * 1024).unwrap();
    drop(big);
    let out = drafts_cmd(&data);
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("draft-2.toml\t(skipped: it is larger than 16 MiB (2048 MiB)"),
        "{text}"
    );
    assert!(text.contains("draft-1.toml\t"), "{text}");
}

/// Two drafts, listed newest first by their last change, whatever their names: the newer
/// one here sorts last by name, so neither name order nor directory order passes by luck.
#[test]
fn drafts_are_listed_newest_first() {
    use std::time::{Duration, SystemTime};
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    let dir = data.join("drafts");
    let day = Duration::from_secs(24 * 3600);
    let now = SystemTime::now();
    for (file, name, age) in [
        ("draft-1.toml", "Older", day * 30),
        ("draft-2.toml", "Newer", day),
        ("draft-0.toml", "Oldest", day * 300),
    ] {
        let mut d = sso_wizard::Draft::new_jit();
        d.profile.name = name.into();
        let path = dir.join(file);
        sso_wizard::store::save_draft(&path, &d).unwrap();
        let f = std::fs::File::options().write(true).open(&path).unwrap();
        f.set_modified(now - age).unwrap();
    }
    let out = drafts_cmd(&data);
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    let names: Vec<&str> = text
        .lines()
        .map(|l| l.split('\t').nth(1).unwrap())
        .collect();
    assert_eq!(names, ["Newer", "Older", "Oldest"], "{text}");
}

/// A draft notes the wizard's step in a comment (`# sso-wizard step: 4`): the resume
/// chooser reads it, while `export` reads the same answers as without it, byte for byte,
/// and a `format = 1` file without the line reads as before (no step noted).
#[test]
fn a_draft_notes_its_step_in_a_comment_that_export_ignores() {
    use sso_wizard::store;
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("drafts");
    let mut d = sso_wizard::Draft::new_jit();
    d.profile.name = "Fabrikam iPhone SSO".into();
    let with = dir.join("draft-1.toml");
    store::save_draft_at_step(&with, &d, Some(4)).unwrap();
    let text = std::fs::read_to_string(&with).unwrap();
    assert!(
        text.starts_with("# sso-wizard step: 4\nformat = 1\n"),
        "{text}"
    );
    assert_eq!(store::draft_step(&text), Some(4));
    assert_eq!(store::read_draft(&with).unwrap(), d);
    let found = store::scan_drafts(&dir).unwrap();
    assert_eq!(found[0].step, Some(4));
    let plain = tmp.path().join("plain.toml");
    std::fs::write(&plain, d.to_toml()).unwrap();
    assert_eq!(store::draft_step(&d.to_toml()), None);
    let export = |answers: &std::path::Path| {
        let out = Command::new(env!("CARGO_BIN_EXE_sso-wizard"))
            .args([
                "export",
                "--format",
                "mobileconfig",
                "--out",
                "-",
                "--answers",
            ])
            .arg(answers)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        out.stdout
    };
    assert_eq!(export(&with), export(&plain));
}

/// A new draft's file name is `draft-<date>-<time>-<pid>.toml`; when that file exists (a
/// copy made in the same second) the next free `-1`, `-2`, … is taken, never an existing one.
#[test]
fn new_draft_names_take_the_next_free_number() {
    use sso_wizard::store::new_draft_path;
    let dir = tempfile::tempdir().unwrap();
    let name = |p: &std::path::Path| p.file_name().unwrap().to_string_lossy().into_owned();
    // A second boundary between the calls changes the stem: try again then.
    for _ in 0..5 {
        let first = new_draft_path(dir.path());
        let stem = name(&first).trim_end_matches(".toml").to_string();
        let pid = std::process::id().to_string();
        assert!(stem.starts_with("draft-") && stem.ends_with(&pid), "{stem}");
        std::fs::write(&first, "").unwrap();
        std::fs::write(dir.path().join(format!("{stem}-1.toml")), "").unwrap();
        let next = new_draft_path(dir.path());
        if !name(&next).starts_with(&stem) {
            continue;
        }
        assert_eq!(name(&next), format!("{stem}-2.toml"));
        assert!(!next.exists());
        return;
    }
    panic!("five second boundaries in a row");
}

/// A draft open in one wizard is locked: a second lock is refused while the first is
/// held, and the draft shows as in use; let go, it can be locked again.
#[test]
fn a_draft_lock_is_held_until_dropped() {
    use sso_wizard::store::{draft_in_use, lock_draft};
    let dir = tempfile::tempdir().unwrap();
    let draft = dir.path().join("drafts/draft-20261128-120000-1.toml");
    let held = lock_draft(&draft).unwrap().expect("the first lock is ours");
    assert!(draft_in_use(&draft));
    assert!(
        lock_draft(&draft).unwrap().is_none(),
        "a second lock is refused"
    );
    drop(held);
    assert!(!draft_in_use(&draft));
    assert!(lock_draft(&draft).unwrap().is_some());
}

/// Reading a draft: never through a symbolic link, up to exactly 16 MiB, and a bad one
/// says why (the reason is what `drafts` and the resume offer print).
#[test]
fn drafts_are_read_by_their_rules_and_a_refusal_says_why() {
    use sso_wizard::store::{read_draft, scan_drafts};
    let dir = tempfile::tempdir().unwrap();
    let real = dir.path().join("real.toml");
    let text = sso_wizard::Draft::new_jit().to_toml();
    std::fs::write(&real, &text).unwrap();
    assert!(read_draft(&real).is_ok());
    #[cfg(unix)]
    {
        let link = dir.path().join("link.toml");
        std::os::unix::fs::symlink(&real, &link).unwrap();
        let err = read_draft(&link).unwrap_err();
        assert!(err.to_string().contains("cannot be opened"), "{err}");
    }
    // Exactly the limit is read; a byte more is skipped, with the size said.
    const CAP: usize = 16 * 1024 * 1024;
    let big = dir.path().join("big.toml");
    let mut padded = text.clone().into_bytes();
    padded.extend(b"# ");
    padded.resize(CAP - 1, b'x');
    padded.push(b'\n');
    std::fs::write(&big, &padded).unwrap();
    assert!(read_draft(&big).is_ok(), "exactly 16 MiB is read");
    padded.insert(0, b'\n');
    std::fs::write(&big, &padded).unwrap();
    let err = read_draft(&big).unwrap_err();
    assert!(err.to_string().contains("larger than 16 MiB"), "{err}");
    // Not UTF-8: corrupt, and the reason is in the message.
    let bad = dir.path().join("bad.toml");
    std::fs::write(&bad, b"name = \"\xff\"").unwrap();
    assert!(
        read_draft(&bad)
            .unwrap_err()
            .to_string()
            .contains("not UTF-8")
    );
    // A drafts "folder" that is a file cannot be listed: an error, not an empty list.
    assert!(scan_drafts(&real).is_err());
    assert!(scan_drafts(&dir.path().join("missing")).unwrap().is_empty());
}
