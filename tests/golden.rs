//! Golden exports: every answers file in `CASES`, in every format (the `all` folder in
//! `all/`), compared byte for byte with `tests/golden/<case>/`. `UPDATE_GOLDEN=1 cargo test
//! --test golden` rewrites them; review the diff before committing.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use sso_wizard::Draft;
use sso_wizard::export::{Format, render};

/// (case directory, answers file in tests/fixtures/answers).
const CASES: [(&str, &str); 5] = [
    ("spec-example", "spec-example.toml"),
    ("entra-merge", "entra-merge.toml"),
    ("redirect", "redirect.toml"),
    ("credential", "credential.toml"),
    ("kerberos", "kerberos.toml"),
];

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests")
}

fn load(file: &str) -> Draft {
    let path = root().join("fixtures/answers").join(file);
    let text = fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    Draft::from_toml(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Every file the exporters produce for `draft`, keyed by its path in the golden folder.
fn exports(draft: &Draft) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut out = BTreeMap::new();
    for format in [
        Format::Mobileconfig,
        Format::Graph,
        Format::GraphAssign,
        Format::AuthenticatorAssign,
        Format::Jamf,
        Format::GraphCustom,
        Format::Declaration,
        Format::All,
    ] {
        let prefix = if format == Format::All { "all" } else { "" };
        for f in render(draft, format).expect("golden fixtures export") {
            assert!(f.path.is_relative(), "{}", f.path.display());
            assert!(
                out.insert(Path::new(prefix).join(&f.path), f.bytes)
                    .is_none(),
                "two formats wrote {}",
                f.path.display()
            );
        }
    }
    out
}

fn files_under(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    fn walk(base: &Path, dir: &Path, out: &mut BTreeMap<PathBuf, Vec<u8>>) {
        let Ok(entries) = fs::read_dir(dir) else {
            return;
        };
        for entry in entries {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(base, &path, out);
            } else {
                let rel = path.strip_prefix(base).unwrap().to_path_buf();
                out.insert(rel, fs::read(&path).unwrap());
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(dir, dir, &mut out);
    out
}

#[test]
fn exports_match_golden_files() {
    let update = std::env::var_os("UPDATE_GOLDEN").is_some_and(|v| v == "1");
    let mut failures = Vec::new();
    for (case, fixture) in CASES {
        let dir = root().join("golden").join(case);
        let actual = exports(&load(fixture));
        if update {
            let _ = fs::remove_dir_all(&dir);
            for (path, bytes) in &actual {
                let full = dir.join(path);
                fs::create_dir_all(full.parent().unwrap()).unwrap();
                fs::write(&full, bytes).unwrap();
            }
            continue;
        }
        let expected = files_under(&dir);
        for (path, bytes) in &actual {
            match expected.get(path) {
                None => failures.push(format!("{case}/{}: no golden file", path.display())),
                Some(e) if e != bytes => failures.push(format!(
                    "{case}/{}: differs from the golden file\n--- actual ---\n{}",
                    path.display(),
                    String::from_utf8_lossy(bytes)
                )),
                Some(_) => {}
            }
        }
        for path in expected.keys().filter(|p| !actual.contains_key(*p)) {
            failures.push(format!(
                "{case}/{}: golden file no longer produced",
                path.display()
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{}\n\nIf the change is intended: UPDATE_GOLDEN=1 cargo test --test golden, then review the diff.",
        failures.join("\n\n")
    );
}

#[test]
fn re_exports_are_byte_identical() {
    for (_, fixture) in CASES {
        let draft = load(fixture);
        // Deterministic: no random UUIDs, no timestamps, no map-order accidents.
        assert_eq!(exports(&draft), exports(&draft.clone()));
        // Through the answers file and back: the draft format loses nothing the exports use.
        let again = Draft::from_toml(&draft.to_toml()).unwrap();
        assert_eq!(exports(&draft), exports(&again), "{fixture}");
    }
}

#[test]
fn all_folder_repeats_the_single_formats() {
    for (case, fixture) in CASES {
        let files = exports(&load(fixture));
        let slug = sso_wizard::draft::slug(&load(fixture).profile.name);
        for (single, in_all) in [
            (
                format!("{slug}.mobileconfig"),
                format!("all/{slug}.mobileconfig"),
            ),
            (
                format!("{slug}.graph.json"),
                "all/graph/profile.json".to_string(),
            ),
            (
                format!("{slug}.assign.json"),
                "all/graph/assign.json".to_string(),
            ),
        ] {
            assert_eq!(
                files.get(Path::new(&single)),
                files.get(Path::new(&in_all)),
                "{case}: {single} vs {in_all}"
            );
        }
        let auth_single = files.get(Path::new(&format!("{slug}.authenticator-assign.json")));
        let auth_all = files.get(Path::new("all/graph/authenticator-assign.json"));
        if load(fixture).authenticator.required {
            assert_eq!(auth_single, auth_all, "{case}");
        } else {
            assert!(auth_single.is_some() && auth_all.is_none(), "{case}");
            let requests = String::from_utf8(files[Path::new("all/REQUESTS.md")].clone()).unwrap();
            assert!(requests.contains("Not requested"), "{case}");
        }
    }
}

#[test]
fn every_text_export_ends_with_one_newline() {
    for (case, fixture) in CASES {
        for (path, bytes) in exports(&load(fixture)) {
            assert!(
                bytes.ends_with(b"\n") && !bytes.ends_with(b"\n\n"),
                "{case}/{}",
                path.display()
            );
        }
    }
}

/// The identifiers and UUIDs an import keeps are used as they are; a blank one (an
/// answers file with `uuid = " "`) stands for "not given", so the stable derived value is
/// written instead of an empty key.
#[test]
fn kept_identifiers_are_used_and_blank_ones_fall_back_to_the_derived_ones() {
    use sso_wizard::export::{payload_identifier, payload_uuid, profile_uuid};
    let plain = load("spec-example.toml");
    let derived = (
        profile_uuid(&plain),
        payload_identifier(&plain),
        payload_uuid(&plain),
    );
    assert!(derived.1.ends_with(".extensiblesso"), "{derived:?}");
    let mut blank = plain.clone();
    blank.profile.uuid = Some(" ".into());
    blank.extension.payload_identifier = Some(" ".into());
    blank.extension.payload_uuid = Some("".into());
    assert_eq!(
        (
            profile_uuid(&blank),
            payload_identifier(&blank),
            payload_uuid(&blank)
        ),
        derived
    );
    let mut kept = plain.clone();
    kept.profile.uuid = Some("6F1E3A8C-0D2B-4C5E-9A7F-1B2C3D4E5F60".into());
    kept.extension.payload_identifier = Some("com.jamf.payload.B1A2".into());
    kept.extension.payload_uuid = Some("0A1B2C3D-4E5F-4061-8293-A4B5C6D7E8F9".into());
    assert_eq!(
        (
            profile_uuid(&kept),
            payload_identifier(&kept),
            payload_uuid(&kept)
        ),
        (
            "6F1E3A8C-0D2B-4C5E-9A7F-1B2C3D4E5F60".to_string(),
            "com.jamf.payload.B1A2".to_string(),
            "0A1B2C3D-4E5F-4061-8293-A4B5C6D7E8F9".to_string()
        )
    );
    // A kept payload identifier, without a kept UUID: the UUID derives from it.
    let mut id_only = plain.clone();
    id_only.extension.payload_identifier = Some("com.jamf.payload.B1A2".into());
    assert_ne!(payload_uuid(&id_only), derived.2);
}
