//! Real-world profiles (SPEC §8, issue 9): the `.mobileconfig` files other tools write,
//! imitated in `tests/fixtures/real-world/` (see its README for the source of each shape).
//!
//! Every fixture goes through `check` (text, JSON, `--strict`) and `export` (mobileconfig,
//! graph, answers) with the exit codes of SPEC §2 declared here, never read from the output;
//! `.mobileconfig` → `.mobileconfig` must keep every key Apple documents for iOS, and a
//! property test over generated profiles checks that nothing is lost without an X005/X006.

use std::path::{Path, PathBuf};
use std::process::Command;

use plist::{Dictionary, Value};
use proptest::prelude::*;
use serde_json::Value as Json;
use sso_wizard::export::{self, ENTRA_URLS, Format};
use sso_wizard::import;

// ---- running the binary ----------------------------------------------------------------

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn run(args: &[&str]) -> Run {
    let out = Command::new(env!("CARGO_BIN_EXE_sso-wizard"))
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .expect("the binary runs");
    let run = Run {
        code: out.status.code().expect("exited, not killed by a signal"),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    };
    assert!(
        !run.stderr.contains("panicked"),
        "{args:?} panicked:\n{}",
        run.stderr
    );
    run
}

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/real-world")
        .join(name)
}

/// `check --format json` of a file: the diagnostics as JSON objects.
fn check_json(path: &Path) -> Vec<Json> {
    let r = run(&["check", "--format", "json", path.to_str().unwrap()]);
    match serde_json::from_str(&r.stdout) {
        Ok(Json::Array(items)) => items,
        other => panic!("check --format json did not print an array: {other:?}"),
    }
}

fn field<'a>(d: &'a Json, key: &str) -> &'a str {
    d[key].as_str().unwrap_or_default()
}

/// The diagnostics with `code`, as (severity, message, file).
fn with_code<'a>(items: &'a [Json], code: &str) -> Vec<(&'a str, &'a str, &'a str)> {
    items
        .iter()
        .filter(|d| field(d, "code") == code)
        .map(|d| (field(d, "severity"), field(d, "message"), field(d, "file")))
        .collect()
}

/// Exit codes SPEC §2 gives each command on a fixture: 0 success (warnings allowed), 1 the
/// input has errors (and, for `check --strict`, warnings).
struct Expect {
    file: &'static str,
    check: i32,
    strict: i32,
    mobileconfig: i32,
    graph: i32,
    /// `--format answers` is written even for a macOS profile (X006), so it can be inspected.
    answers: i32,
}

const FIXTURES: &[Expect] = &[
    // Only info findings (PayloadScope, PayloadEnabled, TeamIdentifier, X001): passes even
    // --strict; UUID identifiers raise nothing (P002 accepts them).
    Expect {
        file: "jamf-pro-entra-id.mobileconfig",
        check: 0,
        strict: 0,
        mobileconfig: 0,
        graph: 0,
        answers: 0,
    },
    // Every key is one Apple documents for iOS and is kept: nothing to report but X001.
    Expect {
        file: "kandji-entra-id-screen-locked.mobileconfig",
        check: 0,
        strict: 0,
        mobileconfig: 0,
        graph: 0,
        answers: 0,
    },
    // E001 (not Entra ID) and E003 (`contoso.com` without a dot) are warnings: --strict fails.
    Expect {
        file: "microsoft-kerberos-ios.mobileconfig",
        check: 0,
        strict: 1,
        mobileconfig: 0,
        graph: 0,
        answers: 0,
    },
    // macOS-only Kerberos keys: X006, an error.
    Expect {
        file: "microsoft-kerberos-macos-keys.mobileconfig",
        check: 1,
        strict: 1,
        mobileconfig: 1,
        graph: 1,
        answers: 0,
    },
    // `check` checks each payload (warnings only); export without --payload is X007.
    Expect {
        file: "two-sso-payloads.mobileconfig",
        check: 0,
        strict: 1,
        mobileconfig: 1,
        graph: 1,
        answers: 0,
    },
    Expect {
        file: "okta-platform-sso-macos.mobileconfig",
        check: 1,
        strict: 1,
        mobileconfig: 1,
        graph: 1,
        answers: 0,
    },
    Expect {
        file: "company-portal-mac.mobileconfig",
        check: 1,
        strict: 1,
        mobileconfig: 1,
        graph: 1,
        answers: 0,
    },
    // The ExtensionData dict alone has no profile name: P001 is an error until one is given
    // (the answers file is written, to add it).
    Expect {
        file: "jamf-custom-configuration.plist",
        check: 1,
        strict: 1,
        mobileconfig: 1,
        graph: 1,
        answers: 0,
    },
    Expect {
        file: "bare-extensiblesso-payload.plist",
        check: 0,
        strict: 0,
        mobileconfig: 0,
        graph: 0,
        answers: 0,
    },
];

/// The Jamf Pro export as a binary plist (what `plutil -convert binary1` or an MDM API
/// download gives), written next to the test's temporary files.
fn binary_jamf(dir: &Path) -> PathBuf {
    let value = Value::from_file(fixture("jamf-pro-entra-id.mobileconfig")).unwrap();
    let path = dir.join("jamf-pro-entra-id.binary.mobileconfig");
    value.to_file_binary(&path).unwrap();
    assert!(std::fs::read(&path).unwrap().starts_with(b"bplist00"));
    path
}

fn assert_exit_codes(path: &Path, e: &Expect) {
    let p = path.to_str().unwrap();
    let name = e.file;
    let check = run(&["check", p]);
    assert_eq!(check.code, e.check, "check {name}:\n{}", check.stdout);
    let json = run(&["check", "--format", "json", p]);
    assert_eq!(json.code, e.check, "check --format json {name}");
    assert!(
        serde_json::from_str::<Json>(&json.stdout).is_ok_and(|j| j.is_array()),
        "check --format json {name}: {}",
        json.stdout
    );
    let strict = run(&["check", "--strict", p]);
    assert_eq!(
        strict.code, e.strict,
        "check --strict {name}:\n{}",
        strict.stdout
    );
    for (format, want) in [
        ("mobileconfig", e.mobileconfig),
        ("graph", e.graph),
        ("answers", e.answers),
    ] {
        let r = run(&["export", "--answers", p, "--format", format, "--out", "-"]);
        assert_eq!(r.code, want, "export {format} {name}:\n{}", r.stderr);
        if want == 0 {
            assert!(!r.stdout.is_empty(), "export {format} {name} wrote nothing");
        } else {
            assert!(
                r.stdout.is_empty(),
                "export {format} {name} failed but wrote output"
            );
            assert!(r.stderr.contains("nothing was written"), "{}", r.stderr);
        }
    }
}

#[test]
fn every_fixture_has_the_exit_codes_of_spec_2_and_never_panics() {
    for e in FIXTURES {
        assert_exit_codes(&fixture(e.file), e);
    }
}

#[test]
fn a_binary_plist_behaves_like_its_xml() {
    let dir = tempfile::tempdir().unwrap();
    let binary = binary_jamf(dir.path());
    assert_exit_codes(&binary, &FIXTURES[0]);
    let strip = |items: Vec<Json>| -> Vec<(String, String)> {
        items
            .iter()
            .map(|d| (field(d, "code").into(), field(d, "message").into()))
            .collect()
    };
    assert_eq!(
        strip(check_json(&binary)),
        strip(check_json(&fixture(FIXTURES[0].file)))
    );
    assert_lossless(&binary, None);
}

#[test]
fn every_fixture_is_listed_in_the_readme_and_tested() {
    let dir = fixture("");
    let readme = std::fs::read_to_string(dir.join("README.md")).unwrap();
    for entry in std::fs::read_dir(&dir).unwrap() {
        let name = entry.unwrap().file_name().into_string().unwrap();
        if name == "README.md" {
            continue;
        }
        assert!(readme.contains(&format!("`{name}`")), "README lacks {name}");
        assert!(
            FIXTURES.iter().any(|e| e.file == name),
            "{name} has no expected exit codes"
        );
    }
}

// ---- what each fixture must report -----------------------------------------------------

#[test]
fn jamf_noise_is_info_and_uuid_identifiers_raise_nothing() {
    let items = check_json(&fixture("jamf-pro-entra-id.mobileconfig"));
    let x005 = with_code(&items, "X005");
    for needle in [
        "PayloadScope = `System`",
        "PayloadEnabled = true",
        "PayloadContent[0].PayloadEnabled = true",
        "PayloadContent[0].TeamIdentifier = `SGGM6D27TK`",
    ] {
        assert!(
            x005.iter()
                .any(|(sev, msg, _)| *sev == "info" && msg.starts_with(needle)),
            "no X005 info for {needle}: {x005:?}"
        );
    }
    assert_eq!(x005.len(), 4, "{x005:?}");
    assert!(with_code(&items, "P002").is_empty(), "{items:?}");
    let errors: Vec<_> = items
        .iter()
        .filter(|d| field(d, "severity") != "info")
        .collect();
    assert!(errors.is_empty(), "{errors:?}");
}

#[test]
fn kandji_profile_keeps_screen_lock_denied_apps_and_consent_text() {
    let path = fixture("kandji-entra-id-screen-locked.mobileconfig");
    let items = check_json(&path);
    assert!(with_code(&items, "X005").is_empty(), "{items:?}");
    let answers = run(&[
        "export",
        "--answers",
        path.to_str().unwrap(),
        "--format",
        "answers",
        "--out",
        "-",
    ]);
    let toml: toml::Table = answers.stdout.parse().unwrap();
    let ext = toml["extension"].as_table().unwrap();
    assert_eq!(
        ext["apple_keys"]["ScreenLockedBehavior"].as_str(),
        Some("DoNotHandle")
    );
    assert_eq!(
        ext["apple_keys"]["DeniedBundleIdentifiers"]
            .as_array()
            .map(Vec::len),
        Some(2)
    );
    let profile = toml["profile"].as_table().unwrap();
    assert_eq!(
        profile["apple_keys"]["PayloadRemovalDisallowed"].as_bool(),
        Some(true)
    );
    assert!(profile["apple_keys"]["ConsentText"].is_table());
    assert_eq!(toml["authenticator"]["required"].as_bool(), Some(true));
    assert_lossless(&path, None);
}

#[test]
fn microsoft_kerberos_sample_hosts_warn_e003_without_e006_and_keep_ios_keys() {
    let path = fixture("microsoft-kerberos-ios.mobileconfig");
    let items = check_json(&path);
    let e003 = with_code(&items, "E003");
    assert_eq!(e003.len(), 1, "{e003:?}");
    assert_eq!(e003[0].0, "warning");
    assert!(e003[0].1.contains("Intune") && e003[0].1.contains("Apple"));
    assert!(with_code(&items, "E006").is_empty(), "{items:?}");
    assert!(with_code(&items, "P002").is_empty(), "{items:?}");
    assert!(with_code(&items, "X006").is_empty(), "{items:?}");
    // `.contoso.com` is listed too: the fix removes `contoso.com` instead of making a second
    // `.contoso.com` (which would be E006).
    let e003 = items.iter().find(|d| field(d, "code") == "E003").unwrap();
    assert_eq!(field(e003, "field"), "extension.domains[1]");
    assert_eq!(field(e003, "fix"), "remove this entry");
    let answers = run(&[
        "export",
        "--answers",
        path.to_str().unwrap(),
        "--format",
        "answers",
        "--out",
        "-",
    ]);
    let toml: toml::Table = answers.stdout.parse().unwrap();
    let kept = toml["extension"]["kerberos"]["apple_keys"]
        .as_table()
        .unwrap();
    for key in [
        "preferredKDCs",
        "performKerberosOnly",
        "customUsernameLabel",
        "certificateUUID",
        "requireTLSForLDAP",
    ] {
        assert!(kept.contains_key(key), "{key} not kept: {kept:?}");
    }
    // Only the Entra ID plug-in lives in Authenticator.
    assert_eq!(toml["authenticator"]["required"].as_bool(), Some(false));
    assert_lossless(&path, None);
}

#[test]
fn macos_profiles_are_x006_and_still_written_as_answers() {
    for (file, reasons) in [
        (
            "microsoft-kerberos-macos-keys.mobileconfig",
            &["pwChangeURL", "syncLocalPassword"][..],
        ),
        (
            "okta-platform-sso-macos.mobileconfig",
            &["PlatformSSO", "AuthenticationMethod", "RegistrationToken"][..],
        ),
        (
            "company-portal-mac.mobileconfig",
            &[
                "TargetDeviceType is 5",
                "com.microsoft.CompanyPortalMac.ssoextension",
            ][..],
        ),
    ] {
        let path = fixture(file);
        let items = check_json(&path);
        let x006 = with_code(&items, "X006");
        assert_eq!(x006.len(), 1, "{file}: {items:?}");
        assert_eq!(x006[0].0, "error");
        for reason in reasons {
            assert!(x006[0].1.contains(reason), "{file}: {}", x006[0].1);
        }
        let p = path.to_str().unwrap();
        let refused = run(&[
            "export",
            "--answers",
            p,
            "--format",
            "mobileconfig",
            "--out",
            "-",
        ]);
        assert_eq!(refused.code, 1);
        assert!(refused.stderr.contains("error[X006]"), "{}", refused.stderr);
        let answers = run(&[
            "export",
            "--answers",
            p,
            "--format",
            "answers",
            "--out",
            "-",
        ]);
        assert_eq!(answers.code, 0);
        assert!(answers.stderr.contains("error[X006]"), "{}", answers.stderr);
        let toml: toml::Table = answers.stdout.parse().unwrap();
        assert_eq!(toml["format"].as_integer(), Some(1));
        // Not the Entra ID plug-in: no Authenticator for everybody.
        assert_eq!(
            toml["authenticator"]["required"].as_bool(),
            Some(false),
            "{file}"
        );
    }
}

#[test]
fn two_sso_payloads_are_x007_until_one_is_picked_and_check_labels_each() {
    let path = fixture("two-sso-payloads.mobileconfig");
    let p = path.to_str().unwrap();
    let items = check_json(&path);
    let files: Vec<&str> = items.iter().map(|d| field(d, "file")).collect();
    assert!(
        files.iter().any(|f| f.ends_with("[payload 1 of 2]")),
        "{files:?}"
    );
    assert!(
        files.iter().any(|f| f.ends_with("[payload 2 of 2]")),
        "{files:?}"
    );
    // Payload 2 is Kerberos: E001 is reported for it, labelled, and not for the Entra one.
    let e001 = with_code(&items, "E001");
    assert_eq!(e001.len(), 1);
    assert!(e001[0].2.ends_with("[payload 2 of 2]"));
    let text = run(&["check", p]);
    assert!(text.stdout.contains("[payload 1 of 2]"), "{}", text.stdout);
    assert!(text.stdout.contains("[payload 2 of 2]"), "{}", text.stdout);

    let unpicked = run(&[
        "export",
        "--answers",
        p,
        "--format",
        "mobileconfig",
        "--out",
        "-",
    ]);
    assert_eq!(unpicked.code, 1);
    assert!(
        unpicked.stderr.contains("error[X007]"),
        "{}",
        unpicked.stderr
    );

    for (n, other, other_id) in [
        (
            "1",
            "PayloadContent[1]",
            "com.apple.AppSSOKerberos.KerberosExtension",
        ),
        (
            "2",
            "PayloadContent[0]",
            "com.microsoft.azureauthenticator.ssoextension",
        ),
    ] {
        for format in ["mobileconfig", "graph", "answers"] {
            let r = run(&[
                "export",
                "--answers",
                p,
                "--payload",
                n,
                "--format",
                format,
                "--out",
                "-",
            ]);
            assert_eq!(r.code, 0, "--payload {n} {format}: {}", r.stderr);
            assert!(!r.stderr.contains("X007"), "{}", r.stderr);
            let named = r.stderr.lines().any(|l| {
                l.starts_with("warning[X005]: ") && l.contains(other) && l.contains(other_id)
            });
            assert!(
                named,
                "--payload {n}: the other payload is not named:\n{}",
                r.stderr
            );
        }
        let mut picked = import::import_path_payload(&path, Some(n.parse().unwrap())).unwrap();
        picked.findings.retain(|d| d.code == "X005");
        assert_eq!(picked.findings.len(), 1, "{:?}", picked.findings);
        assert_lossless(&path, Some(n.parse().unwrap()));
    }
    let too_far = run(&[
        "export",
        "--answers",
        p,
        "--payload",
        "3",
        "--format",
        "answers",
    ]);
    assert_eq!(too_far.code, 1, "{}", too_far.stderr);
}

#[test]
fn jamf_custom_configuration_reads_as_entra_id_with_a_note() {
    let path = fixture("jamf-custom-configuration.plist");
    let p = path.to_str().unwrap();
    let answers = run(&[
        "export",
        "--answers",
        p,
        "--format",
        "answers",
        "--out",
        "-",
    ]);
    assert!(
        answers.stderr.contains("note: ") && answers.stderr.contains("type was assumed"),
        "{}",
        answers.stderr
    );
    let toml: toml::Table = answers.stdout.parse().unwrap();
    let ext = toml["extension"].as_table().unwrap();
    assert_eq!(ext["type"].as_str(), Some("entra-id"));
    assert_eq!(
        ext["bundle_ids"].as_array().unwrap().len(),
        2,
        "AppAllowList becomes the bundle IDs"
    );
    let keys: Vec<&str> = ext["config"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["key"].as_str().unwrap())
        .collect();
    assert_eq!(
        keys,
        ["browser_sso_interaction_enabled", "device_registration"]
    );
    assert_eq!(toml["authenticator"]["required"].as_bool(), Some(true));
    // Nothing of the input is lost: no X005, and the only error is the missing name.
    let items = check_json(&path);
    assert!(with_code(&items, "X005").is_empty(), "{items:?}");
    let errors: Vec<&str> = items
        .iter()
        .filter(|d| field(d, "severity") == "error")
        .map(|d| field(d, "code"))
        .collect();
    assert_eq!(errors, ["P001"]);
}

#[test]
fn a_bare_payload_keeps_its_identifier_uuid_and_keys() {
    let path = fixture("bare-extensiblesso-payload.plist");
    let r = run(&[
        "export",
        "--answers",
        path.to_str().unwrap(),
        "--format",
        "mobileconfig",
        "--out",
        "-",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let out = Value::from_reader_xml(r.stdout.as_bytes()).unwrap();
    let out = out.as_dictionary().unwrap();
    assert_eq!(str_of(out, "PayloadIdentifier"), "com.contoso.sso.bare");
    assert_eq!(
        str_of(out, "PayloadUUID"),
        "AB12CD34-EF56-4789-8ABC-DEF012345678"
    );
    let input = Value::from_file(&path).unwrap();
    let payload = &out["PayloadContent"].as_array().unwrap()[0];
    assert_eq!(
        payload.as_dictionary().unwrap()["ExtensionData"],
        input.as_dictionary().unwrap()["ExtensionData"]
    );
}

fn str_of<'a>(d: &'a Dictionary, key: &str) -> &'a str {
    d.get(key).and_then(Value::as_string).unwrap_or_default()
}

// ---- lossless: .mobileconfig → .mobileconfig -------------------------------------------

/// Whether an X005/X006 message names `key` (as `…key = value`, `key is …`, or a part of
/// its value as `key.part = …` or `key[i] = …`), the way import names what it does not carry.
fn names(message: &str, key: &str) -> bool {
    message.match_indices(key).any(|(i, _)| {
        let before = message[..i].chars().next_back();
        let after = &message[i + key.len()..];
        !before.is_some_and(|c| c.is_alphanumeric() || c == '_')
            && (after.starts_with(' ') || after.starts_with('.') || after.starts_with('['))
    })
}

/// `.mobileconfig` → `export --format mobileconfig`: every key of the input (profile, the SSO
/// payload, its ExtensionData) is in the output with the same value and type, or is one the
/// export fixes (SPEC §5.1) and an X005 of `check --format json` names it. Key order may
/// differ; keys the export adds are fine.
fn assert_lossless(path: &Path, payload: Option<usize>) {
    let p = path.to_str().unwrap();
    let pick = payload.map(|n| n.to_string());
    let mut args = vec![
        "export",
        "--answers",
        p,
        "--format",
        "mobileconfig",
        "--out",
        "-",
    ];
    if let Some(n) = &pick {
        args.extend(["--payload", n]);
    }
    let r = run(&args);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let output = Value::from_reader_xml(r.stdout.as_bytes()).unwrap();
    let input = Value::from_file(path).unwrap();
    // The findings about this payload: `check` labels each payload of a multi-payload file.
    let label = payload.map(|n| format!("[payload {n} of "));
    let x005: Vec<String> = check_json(path)
        .iter()
        .filter(|d| field(d, "code") == "X005")
        .filter(|d| label.as_ref().is_none_or(|l| field(d, "file").contains(l)))
        .map(|d| field(d, "message").to_string())
        .collect();
    let named = |key: &str| x005.iter().any(|m| names(m, key));
    let problems = differences(
        input.as_dictionary().unwrap(),
        output.as_dictionary().unwrap(),
        payload.unwrap_or(1),
        &named,
    );
    assert!(
        problems.is_empty(),
        "{}: lost or changed without an X005:\n{}\nX005: {x005:#?}",
        path.display(),
        problems.join("\n")
    );
}

/// What the output lost or changed that `named` does not cover, as readable lines.
fn differences(
    input: &Dictionary,
    output: &Dictionary,
    sso_payload: usize,
    named: &dyn Fn(&str) -> bool,
) -> Vec<String> {
    let mut problems = Vec::new();
    let compare = |path: &str, key: &str, want: &Value, got: Option<&Value>| {
        (got != Some(want) && !named(key))
            .then(|| format!("{path}{key}: input {want:?}, output {got:?}"))
    };
    for (key, value) in input {
        if key != "PayloadContent" {
            problems.extend(compare("", key, value, output.get(key)));
        }
    }
    // TargetDeviceType and PayloadVersion are fixed by SPEC §5.1.
    assert_eq!(output.get("TargetDeviceType"), Some(&Value::from(1)));
    assert_eq!(output.get("PayloadVersion"), Some(&Value::from(1)));

    let Some(items) = input.get("PayloadContent").and_then(Value::as_array) else {
        return problems;
    };
    let sso: Vec<&Dictionary> = items
        .iter()
        .filter_map(Value::as_dictionary)
        .filter(|d| str_of(d, "PayloadType") == "com.apple.extensiblesso")
        .collect();
    let want = sso[sso_payload - 1];
    let out_items = output["PayloadContent"].as_array().unwrap();
    assert_eq!(out_items.len(), 1, "the export carries one payload");
    let got = out_items[0].as_dictionary().unwrap();
    let entra = str_of(want, "ExtensionIdentifier") == export::ENTRA_EXTENSION_ID;
    for (key, value) in want {
        match key.as_str() {
            "ExtensionData" => {}
            // The export writes Microsoft's seven URLs: each input URL among them or named.
            "URLs" if entra => {
                let out_urls = got["URLs"].as_array().unwrap();
                let seven: Vec<Value> = ENTRA_URLS.iter().map(|u| Value::from(*u)).collect();
                assert_eq!(out_urls, &seven);
                for url in value.as_array().unwrap() {
                    let u = url.as_string().unwrap();
                    if !out_urls.contains(url) && !named(&format!("`{u}`")) {
                        problems.push(format!("URLs entry {u} lost"));
                    }
                }
            }
            _ => problems.extend(compare("PayloadContent[…].", key, value, got.get(key))),
        }
    }
    let empty = Dictionary::new();
    let want_data = want
        .get("ExtensionData")
        .and_then(Value::as_dictionary)
        .unwrap_or(&empty);
    let got_data = got
        .get("ExtensionData")
        .and_then(Value::as_dictionary)
        .unwrap_or(&empty);
    for (key, value) in want_data {
        problems.extend(compare("ExtensionData.", key, value, got_data.get(key)));
    }
    problems
}

#[test]
fn names_matches_whole_keys_only() {
    assert!(names(
        "PayloadScope = `System` is not carried",
        "PayloadScope"
    ));
    assert!(names(
        "PayloadContent[0].PayloadEnabled = true is not carried",
        "PayloadEnabled"
    ));
    assert!(names("pwChangeURL is a macOS-only key", "pwChangeURL"));
    assert!(!names("PayloadType = `x`", "Type"));
    assert!(!names("UnkFoo = 1", "Unk"));
}

// ---- the property: nothing silent --------------------------------------------------------

/// Apple's keys per level, from the catalogue import uses (assets/known/apple-sso-keys.tsv).
struct AppleKey {
    level: &'static str,
    key: &'static str,
    ty: &'static str,
}

fn apple_keys() -> Vec<AppleKey> {
    include_str!("../assets/known/apple-sso-keys.tsv")
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| {
            let f: Vec<&'static str> = l.split('\t').collect();
            AppleKey {
                level: f[0],
                key: f[1],
                ty: f[2],
            }
        })
        .collect()
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Kind {
    Entra,
    Redirect,
    Credential,
    Kerberos,
}

/// Keys a generated profile sets itself (structure and what makes it exportable).
const STRUCTURAL: &[&str] = &[
    "PayloadContent",
    "PayloadType",
    "PayloadIdentifier",
    "PayloadUUID",
    "PayloadDisplayName",
    "ExtensionIdentifier",
    "Type",
    "ExtensionData",
    "URLs",
    "Hosts",
    "Realm",
];

/// The same for the SSO payload, whose display name may be anything.
const PAYLOAD_STRUCTURAL: &[&str] = &[
    "PayloadContent",
    "PayloadType",
    "PayloadIdentifier",
    "PayloadUUID",
    "ExtensionIdentifier",
    "Type",
    "ExtensionData",
    "URLs",
    "Hosts",
    "Realm",
];

fn text() -> impl Strategy<Value = String> {
    "[ -~]{0,12}"
}

fn token() -> impl Strategy<Value = String> {
    "[A-Za-z][A-Za-z0-9.-]{0,15}"
}

fn date() -> impl Strategy<Value = Value> {
    (0u64..4_000_000_000).prop_map(|s| {
        Value::Date((std::time::UNIX_EPOCH + std::time::Duration::from_secs(s)).into())
    })
}

/// A value of Apple's type `ty` (the TSV's names).
fn typed(ty: &str) -> BoxedStrategy<Value> {
    match ty {
        "string" => text().prop_map(Value::from).boxed(),
        "integer" => any::<i32>().prop_map(|i| Value::from(i64::from(i))).boxed(),
        "boolean" => any::<bool>().prop_map(Value::from).boxed(),
        "real" => (-1e6f64..1e6).prop_map(Value::Real).boxed(),
        "date" => date().boxed(),
        "data" => prop::collection::vec(any::<u8>(), 0..8)
            .prop_map(Value::Data)
            .boxed(),
        "array" => prop::collection::vec(token().prop_map(Value::from), 0..3)
            .prop_map(Value::Array)
            .boxed(),
        _ => prop::collection::btree_map("[a-z]{2}", text(), 0..3)
            .prop_map(|m| {
                Value::Dictionary(m.into_iter().map(|(k, v)| (k, Value::from(v))).collect())
            })
            .boxed(),
    }
}

/// Any plist value, for unknown keys.
fn any_value() -> BoxedStrategy<Value> {
    prop_oneof![
        typed("string"),
        typed("integer"),
        typed("boolean"),
        typed("real"),
        typed("date"),
        typed("data"),
        typed("array"),
        typed("dictionary"),
    ]
    .boxed()
}

/// A random subset of Apple's keys of `level` (less `skip`), each with a value of its type.
fn apple_subset(level: &'static str, skip: &'static [&'static str]) -> BoxedStrategy<Dictionary> {
    let keys: Vec<(&'static str, &'static str)> = apple_keys()
        .into_iter()
        .filter(|k| k.level == level && !skip.contains(&k.key))
        .map(|k| (k.key, k.ty))
        .collect();
    let n = keys.len();
    prop::sample::subsequence(keys, 0..=n.min(8))
        .prop_flat_map(|picked| {
            picked
                .into_iter()
                .map(|(k, ty)| {
                    let value = if k == "credentialBundleIdACL" {
                        // Bundle IDs the rules accept (B001): labels joined by single dots.
                        prop::collection::vec(
                            "[a-z][a-z0-9-]{0,5}(\\.[a-z][a-z0-9-]{0,5}){1,3}"
                                .prop_map(Value::from),
                            0..3,
                        )
                        .prop_map(Value::Array)
                        .boxed()
                    } else if k == "TeamIdentifier" {
                        // Apple team IDs are 10 letters and digits (E004 refuses others).
                        "[A-Z0-9]{10}".prop_map(Value::from).boxed()
                    } else if k == "domainRealmMapping" {
                        // Apple's type: realm → array of domain suffixes.
                        prop::collection::btree_map(
                            prop_oneof![Just("EXAMPLE.COM".to_string()), "[A-Z]{3,6}\\.COM"],
                            typed("array"),
                            1..3,
                        )
                        .prop_map(|m| Value::Dictionary(m.into_iter().collect()))
                        .boxed()
                    } else {
                        typed(ty)
                    };
                    value.prop_map(move |v| (k.to_string(), v))
                })
                .collect::<Vec<_>>()
        })
        .prop_map(|pairs| pairs.into_iter().collect())
        .boxed()
}

/// Unknown keys (`Unk…`) and noise MDMs write (`PayloadEnabled`, `PayloadScope`).
fn noise() -> BoxedStrategy<Dictionary> {
    (
        prop::collection::btree_map("Unk[A-Z][a-z]{3,6}", any_value(), 0..3),
        prop::option::of(any::<bool>()),
        prop::option::of(prop_oneof![Just("System"), Just("User")]),
    )
        .prop_map(|(unknown, enabled, scope)| {
            let mut d: Dictionary = unknown.into_iter().collect();
            if let Some(e) = enabled {
                d.insert("PayloadEnabled".into(), e.into());
            }
            if let Some(s) = scope {
                d.insert("PayloadScope".into(), s.into());
            }
            d
        })
        .boxed()
}

/// The SSO payload's ExtensionData for `kind`.
fn extension_data(kind: Kind) -> BoxedStrategy<Dictionary> {
    let unknown = prop::collection::btree_map("unk_[a-z]{3,6}", any_value(), 0..4);
    match kind {
        Kind::Kerberos => (apple_subset("kerberos", &[]), unknown)
            .prop_map(|(mut d, u)| {
                d.extend(u);
                d
            })
            .boxed(),
        Kind::Entra => (
            unknown,
            prop::option::of(prop::collection::vec("com\\.[a-z]{2,6}\\.[a-z]{2,6}", 1..3)),
            prop::option::of(any::<bool>()),
        )
            .prop_map(|(u, allow, shared)| {
                let mut d: Dictionary = u.into_iter().collect();
                if let Some(ids) = allow {
                    d.insert("AppAllowList".into(), ids.join(",").into());
                }
                if let Some(s) = shared {
                    d.insert("sharedDeviceMode".into(), s.into());
                }
                d
            })
            .boxed(),
        _ => unknown
            .prop_map(|u| u.into_iter().collect::<Dictionary>())
            .boxed(),
    }
}

fn sso_payload(kind: Kind) -> BoxedStrategy<Dictionary> {
    let urls = prop::collection::vec("https://[a-z]{3,8}\\.example\\.com", 1..3);
    let hosts = prop::collection::vec("\\.?[a-z]{3,8}\\.example\\.com", 1..3);
    let entra_urls = (
        prop::sample::subsequence(ENTRA_URLS.to_vec(), 0..=ENTRA_URLS.len()),
        prop::option::of(Just("https://login.windows.net")),
    );
    (
        apple_subset("payload", PAYLOAD_STRUCTURAL),
        noise(),
        extension_data(kind),
        token(),
        token(),
        urls,
        hosts,
        entra_urls,
        "[A-Z]{3,8}\\.COM",
    )
        .prop_map(
            move |(apple, noise, data, id, uuid, urls, hosts, (mut entra, extra), realm)| {
                let mut p = Dictionary::new();
                p.insert("PayloadType".into(), "com.apple.extensiblesso".into());
                p.insert("PayloadIdentifier".into(), id.into());
                p.insert("PayloadUUID".into(), uuid.into());
                let strings =
                    |v: Vec<String>| Value::Array(v.into_iter().map(Value::from).collect());
                match kind {
                    Kind::Entra => {
                        p.insert(
                            "ExtensionIdentifier".into(),
                            export::ENTRA_EXTENSION_ID.into(),
                        );
                        p.insert("Type".into(), "Redirect".into());
                        entra.extend(extra);
                        let entra = entra.into_iter().map(str::to_string).collect();
                        p.insert("URLs".into(), strings(entra));
                    }
                    Kind::Redirect => {
                        p.insert("ExtensionIdentifier".into(), "com.example.sso.ext".into());
                        p.insert("Type".into(), "Redirect".into());
                        p.insert("URLs".into(), strings(urls));
                    }
                    Kind::Credential => {
                        p.insert("ExtensionIdentifier".into(), "com.example.sso.ext".into());
                        p.insert("Type".into(), "Credential".into());
                        p.insert("Realm".into(), realm.into());
                        p.insert("Hosts".into(), strings(hosts));
                    }
                    Kind::Kerberos => {
                        p.insert(
                            "ExtensionIdentifier".into(),
                            export::KERBEROS_EXTENSION_ID.into(),
                        );
                        p.insert("Type".into(), "Credential".into());
                        p.insert("Realm".into(), realm.into());
                        p.insert("Hosts".into(), strings(hosts));
                    }
                }
                if !data.is_empty() {
                    p.insert("ExtensionData".into(), Value::Dictionary(data));
                }
                p.extend(apple);
                p.extend(noise);
                p
            },
        )
        .boxed()
}

/// A whole profile: one SSO payload of a random kind among 0–2 other payloads.
fn profile() -> BoxedStrategy<(Kind, Dictionary)> {
    let kind = prop_oneof![
        Just(Kind::Entra),
        Just(Kind::Redirect),
        Just(Kind::Credential),
        Just(Kind::Kerberos),
    ];
    let others = prop::collection::vec(
        (
            prop_oneof![
                Just("com.apple.wifi.managed"),
                Just("com.apple.security.root"),
                Just("com.apple.webcontent-filter"),
            ],
            token(),
        ),
        0..3,
    );
    (kind, others, any::<prop::sample::Index>())
        .prop_flat_map(|(kind, others, at)| {
            (
                Just(kind),
                Just(others),
                Just(at),
                sso_payload(kind),
                apple_subset("profile", STRUCTURAL),
                noise(),
                token(),
                token(),
                "[A-Za-z][A-Za-z0-9 ]{0,20}",
            )
        })
        .prop_map(|(kind, others, at, sso, apple, noise, id, uuid, name)| {
            let mut content: Vec<Value> = others
                .into_iter()
                .map(|(t, uuid)| {
                    let mut d = Dictionary::new();
                    d.insert("PayloadType".into(), t.into());
                    d.insert("PayloadUUID".into(), uuid.into());
                    Value::Dictionary(d)
                })
                .collect();
            let i = at.index(content.len() + 1);
            content.insert(i, Value::Dictionary(sso));
            let mut top = Dictionary::new();
            top.insert("PayloadContent".into(), Value::Array(content));
            top.insert("PayloadType".into(), "Configuration".into());
            top.insert("PayloadIdentifier".into(), id.into());
            top.insert("PayloadUUID".into(), uuid.into());
            top.insert("PayloadDisplayName".into(), name.into());
            top.extend(apple);
            top.extend(noise);
            (kind, top)
        })
        .boxed()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 32, ..ProptestConfig::default() })]

    /// SPEC §8 "Nothing silent": every key of a generated `.mobileconfig` is in the
    /// re-exported one with its value, or named by an X005/X006 finding of the import.
    #[test]
    fn every_input_key_is_kept_or_named((kind, top) in profile(), binary in any::<bool>()) {
        let mut bytes = Vec::new();
        let value = Value::Dictionary(top.clone());
        if binary {
            value.to_writer_binary(&mut bytes).unwrap();
        } else {
            value.to_writer_xml(&mut bytes).unwrap();
        }
        let imported = import::import(&bytes)
            .unwrap_or_else(|e| panic!("{kind:?} refused: {e:?}"));
        let named_by: Vec<&str> = imported
            .findings
            .iter()
            .filter(|d| d.code == "X005" || d.code == "X006")
            .map(|d| d.message.as_str())
            .collect();
        let named = |key: &str| named_by.iter().any(|m| names(m, key));
        let files = export::render(&imported.draft, Format::Mobileconfig)
            .unwrap_or_else(|e| panic!("{kind:?} not exportable: {e:?}"));
        let output = Value::from_reader_xml(&files[0].bytes[..]).unwrap();
        let problems = differences(&top, output.as_dictionary().unwrap(), 1, &named);
        prop_assert!(problems.is_empty(), "{:?}: {}\nfindings: {:#?}", kind, problems.join("\n"), named_by);
        // Every other payload is named by its path.
        let content = top["PayloadContent"].as_array().unwrap();
        for (i, item) in content.iter().enumerate() {
            let d = item.as_dictionary().unwrap();
            if str_of(d, "PayloadType") != "com.apple.extensiblesso" {
                let path = format!("PayloadContent[{i}]");
                prop_assert!(named_by.iter().any(|m| m.contains(&path)), "{} not named", path);
            }
        }
    }
}
