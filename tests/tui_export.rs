//! The wizard's export effect: what it writes, and that it never overwrites unasked.

use sso_wizard::draft::Draft;
use sso_wizard::export::Format;
use sso_wizard::tui::terminal::write_export;
use sso_wizard::tui::update::WriteFailure;

fn draft() -> Draft {
    let mut d = Draft::new_jit();
    d.profile.name = "Fabrikam iPhone SSO".into();
    d.extension.bundle_ids = vec!["com.contoso.lobapp".into()];
    d
}

#[test]
fn single_file_is_written_once_then_needs_overwrite() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("x.mobileconfig");
    let d = draft();
    assert_eq!(
        write_export(&d, Format::Mobileconfig, &path, false),
        Ok(vec![path.clone()])
    );
    let first = std::fs::read(&path).unwrap();
    let expected = sso_wizard::export::render(&d, Format::Mobileconfig).unwrap();
    assert_eq!(first, expected[0].bytes);
    std::fs::write(&path, b"keep me").unwrap();
    assert_eq!(
        write_export(&d, Format::Mobileconfig, &path, false),
        Err(WriteFailure::Exists(path.clone()))
    );
    assert_eq!(std::fs::read(&path).unwrap(), b"keep me");
    write_export(&d, Format::Mobileconfig, &path, true).unwrap();
    assert_eq!(std::fs::read(&path).unwrap(), first);
}

#[test]
fn all_writes_a_folder_and_asks_before_replacing_it() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("fabrikam-iphone-sso");
    let written = write_export(&draft(), Format::All, &folder, false).unwrap();
    assert!(written.len() >= 5, "{written:?}");
    assert!(
        written
            .iter()
            .all(|p| p.starts_with(&folder) && p.is_file())
    );
    assert!(folder.join("REQUESTS.md").is_file());
    assert_eq!(
        write_export(&draft(), Format::All, &folder, false),
        Err(WriteFailure::Exists(folder.clone()))
    );
    // Overwriting writes every file again: change the draft and spoil one file, and each
    // file must hold the new export afterwards (not the old one, and not nothing).
    let mine = folder.join("fabrikam-iphone-sso.mobileconfig");
    assert!(written.contains(&mine), "{written:?}");
    std::fs::write(&mine, b"stale").unwrap();
    let mut changed = draft();
    changed
        .extension
        .bundle_ids
        .push("com.contoso.second".into());
    let again = write_export(&changed, Format::All, &folder, true).unwrap();
    assert_eq!(again, written, "the same files, reported as written");
    let expected = sso_wizard::export::render(&changed, Format::All).unwrap();
    assert_eq!(expected.len(), again.len());
    for f in &expected {
        let on_disk = std::fs::read(folder.join(&f.path)).unwrap();
        assert_eq!(on_disk, f.bytes, "{} after overwrite", f.path.display());
    }
    assert!(
        String::from_utf8(std::fs::read(&mine).unwrap())
            .unwrap()
            .contains("com.contoso.second")
    );
}

#[test]
fn all_never_replaces_a_folder_the_wizard_did_not_write() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("profiles");
    std::fs::create_dir_all(folder.join("graph")).unwrap();
    std::fs::write(folder.join("corp-wifi.mobileconfig"), "wifi").unwrap();
    std::fs::write(folder.join("graph/c.json"), "{}").unwrap();
    match write_export(&draft(), Format::All, &folder, true) {
        Err(WriteFailure::Other(e)) => assert!(e.contains("not an sso-wizard export"), "{e}"),
        other => panic!("{other:?}"),
    }
    assert_eq!(
        std::fs::read(folder.join("corp-wifi.mobileconfig")).unwrap(),
        b"wifi"
    );
    assert_eq!(std::fs::read(folder.join("graph/c.json")).unwrap(), b"{}");
}
