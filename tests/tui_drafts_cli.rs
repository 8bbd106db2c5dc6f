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
