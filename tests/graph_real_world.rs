//! Issue 9, the Graph side: what Intune and the tools around it write, read as an admin
//! migrating profiles would expect (tests/fixtures/graph-real-world/README.md names each
//! fixture's format source). Exit codes are declared per case, never derived from output.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use sso_wizard::draft::{ExtensionType, FilterMode, Target};
use sso_wizard::import::import_path;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/graph-real-world")
        .join(name)
}

fn run(args: &[&str]) -> Output {
    let o = Command::new(env!("CARGO_BIN_EXE_sso-wizard"))
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .expect("the binary runs");
    assert!(
        !String::from_utf8_lossy(&o.stderr).contains("panicked"),
        "{args:?} panicked"
    );
    o
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn json_findings(file: &Path) -> Vec<serde_json::Value> {
    let o = run(&["check", "--format", "json", file.to_str().unwrap()]);
    serde_json::from_slice::<serde_json::Value>(&o.stdout)
        .unwrap()
        .as_array()
        .unwrap()
        .clone()
}

#[test]
fn a_get_with_expanded_assignments_keeps_who_gets_the_profile() {
    let file = fixture("get-expand-assignments.json");
    let imported = import_path(&file).unwrap();
    let a = &imported.draft.assignments;
    assert!(imported.carries_assignments);
    assert_eq!(a.target, Target::Groups);
    assert_eq!(
        a.include_groups[0].id,
        "0b7c2d1e-1111-4222-8333-444455556666"
    );
    assert_eq!(
        a.exclude_groups[0].id,
        "5d6e7f80-2222-4333-8444-555566667777"
    );
    let filter = a.filter.as_ref().unwrap();
    assert_eq!(
        (filter.id.as_str(), filter.mode),
        ("9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d", FilterMode::Include)
    );
    assert!(imported.draft.authenticator.required);
    // The assign body is the tenant's, not the defaults (and no "carries no assignments").
    let o = run(&[
        "export",
        "--answers",
        file.to_str().unwrap(),
        "--format",
        "graph-assign",
        "--out",
        "-",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    let body: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let targets: Vec<&str> = body["assignments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["target"]["@odata.type"].as_str().unwrap())
        .collect();
    assert_eq!(
        targets,
        [
            "#microsoft.graph.groupAssignmentTarget",
            "#microsoft.graph.exclusionGroupAssignmentTarget"
        ]
    );
    assert!(!text(&o.stderr).contains("carries no assignments"));
}

#[test]
fn an_applicability_rule_is_named_not_dropped_silently() {
    let file = fixture("get-expand-assignments.json");
    let findings = json_findings(&file);
    let rule = findings
        .iter()
        .find(|d| {
            d["code"] == "X005"
                && d["message"]
                    .as_str()
                    .unwrap()
                    .contains("deviceManagementApplicabilityRuleOsVersion")
        })
        .unwrap_or_else(|| panic!("no X005 for the rule: {findings:#?}"));
    assert_eq!(rule["severity"], "warning");
    // Null rules and untouched template properties stay silent.
    assert!(
        !findings
            .iter()
            .any(|d| d["message"].as_str().unwrap().contains("OsEdition")
                || d["message"].as_str().unwrap().contains("wallpaper")),
        "{findings:#?}"
    );
    // --strict fails on it; plain check does not.
    let f = file.to_str().unwrap();
    assert_eq!(run(&["check", f]).status.code(), Some(0));
    assert_eq!(run(&["check", "--strict", f]).status.code(), Some(1));
}

#[test]
fn a_bare_extension_object_imports_without_requesting_authenticator() {
    let file = fixture("bare-kerberos-extension.json");
    let imported = import_path(&file).unwrap();
    let d = &imported.draft;
    assert_eq!(d.extension.kind, ExtensionType::Kerberos);
    assert_eq!(d.extension.realm, "CONTOSO.COM");
    assert_eq!(d.extension.bundle_ids, ["com.contoso.intranet"]);
    assert!(d.extension.kerberos.require_user_presence);
    // Only the Entra ID plug-in lives in Authenticator.
    assert!(!d.authenticator.required);
    assert!(imported.notes.iter().any(|n| n.contains("bare Graph")));
    // It has no name, so it is refused for export until given one (P001, exit 1)…
    let f = file.to_str().unwrap();
    let o = run(&["export", "--answers", f, "--format", "graph", "--out", "-"]);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o.stderr));
    assert!(text(&o.stderr).contains("error[P001]"));
    // …but converts to an answers file to finish it.
    let o = run(&[
        "export",
        "--answers",
        f,
        "--format",
        "answers",
        "--out",
        "-",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    assert!(text(&o.stdout).contains("type = \"kerberos\""));
    assert!(text(&o.stdout).contains("required = false"));
}

#[test]
fn settings_catalog_policies_are_named_as_such_in_both_shapes() {
    for name in [
        "intunemanagement-settings-catalog.json",
        "graph-settings-catalog.json",
    ] {
        let f = fixture(name);
        let o = run(&["check", f.to_str().unwrap()]);
        assert_eq!(o.status.code(), Some(1), "{name}");
        let out = text(&o.stdout);
        assert!(out.contains("error[X002]"), "{name}: {out}");
        assert!(out.contains("Settings catalog policy"), "{name}: {out}");
        assert!(!out.contains("assign body"), "{name}: {out}");
    }
}

#[test]
fn a_profilecreator_manifest_is_named_as_such() {
    let f = fixture("profilecreator-manifest.plist");
    let o = run(&["check", f.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        text(&o.stdout).contains("ProfileCreator manifest"),
        "{}",
        text(&o.stdout)
    );
}

#[test]
fn graph_export_names_the_apple_keys_the_template_cannot_carry() {
    // A Kerberos .mobileconfig with Apple keys Intune's template has no field for.
    let dir = tempfile::tempdir().unwrap();
    let profile = dir.path().join("kerberos.mobileconfig");
    std::fs::write(
        &profile,
        r#"<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
<plist version="1.0"><dict>
<key>PayloadContent</key><array><dict>
<key>ExtensionData</key><dict>
<key>preferredKDCs</key><array><string>kkdcp://login.microsoftonline.com/contoso.com/kerberos</string></array>
<key>performKerberosOnly</key><true/>
</dict>
<key>ExtensionIdentifier</key><string>com.apple.AppSSOKerberos.KerberosExtension</string>
<key>Hosts</key><array><string>.contoso.com</string></array>
<key>PayloadIdentifier</key><string>5E0D9B7A-1C2B-4D3E-8F40-112233445566</string>
<key>PayloadType</key><string>com.apple.extensiblesso</string>
<key>PayloadUUID</key><string>5E0D9B7A-1C2B-4D3E-8F40-112233445566</string>
<key>PayloadVersion</key><integer>1</integer>
<key>Realm</key><string>KERBEROS.MICROSOFTONLINE.COM</string>
<key>TeamIdentifier</key><string>apple</string>
<key>Type</key><string>Credential</string>
</dict></array>
<key>PayloadDisplayName</key><string>Cloud Kerberos</string>
<key>PayloadIdentifier</key><string>7A6B5C4D-0000-4000-8000-0000000000AA</string>
<key>PayloadType</key><string>Configuration</string>
<key>PayloadUUID</key><string>7A6B5C4D-0000-4000-8000-0000000000AA</string>
<key>PayloadVersion</key><integer>1</integer>
</dict></plist>"#,
    )
    .unwrap();
    let f = profile.to_str().unwrap();
    // The .mobileconfig round trip keeps them: nothing to name, and no P002 for the UUIDs.
    let check = run(&["check", "--format", "json", f]);
    let findings: serde_json::Value = serde_json::from_slice(&check.stdout).unwrap();
    assert!(
        !findings
            .as_array()
            .unwrap()
            .iter()
            .any(|d| d["code"] == "X005" || d["code"] == "P002"),
        "{findings:#}"
    );
    let o = run(&[
        "export",
        "--answers",
        f,
        "--format",
        "mobileconfig",
        "--out",
        "-",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    assert!(text(&o.stdout).contains("kkdcp://login.microsoftonline.com/contoso.com/kerberos"));
    // The Graph body cannot: each is an X005 warning, and the export still succeeds.
    let o = run(&["export", "--answers", f, "--format", "graph", "--out", "-"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    let err = text(&o.stderr);
    for key in ["preferredKDCs", "performKerberosOnly"] {
        assert!(
            err.contains(&format!(
                "warning[X005]: extension.kerberos.apple_keys.{key}"
            )),
            "{err}"
        );
    }
    assert!(!text(&o.stdout).contains("kkdcp"));
}

/// A Graph GET response as Intune returns it, built around the golden create body.
fn get_response(extra: serde_json::Value) -> serde_json::Value {
    let golden = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/golden/spec-example/ios-entra-id-sso-jit-registration.graph.json");
    let mut body: serde_json::Value =
        serde_json::from_slice(&std::fs::read(golden).unwrap()).unwrap();
    let obj = body.as_object_mut().unwrap();
    obj.insert(
        "@odata.context".into(),
        "https://graph.microsoft.com/beta/$metadata#deviceManagement/deviceConfigurations/$entity"
            .into(),
    );
    obj.insert("id".into(), "4f0b9a52-1c33-4a21-9e50-7d0c6b3f2a11".into());
    obj.insert("createdDateTime".into(), "2026-11-20T09:12:44Z".into());
    obj.insert("lastModifiedDateTime".into(), "2026-11-21T10:00:00Z".into());
    obj.insert("version".into(), 3.into());
    obj.insert("supportsScopeTags".into(), true.into());
    for (k, v) in extra.as_object().unwrap() {
        obj.insert(k.clone(), v.clone());
    }
    body
}

fn import_json(body: &serde_json::Value) -> sso_wizard::import::Imported {
    sso_wizard::import::import(body.to_string().as_bytes()).expect("imports")
}

/// What Graph manages itself (`id`, times, `version`, `@odata.*`) is dropped without a word;
/// a property of the profile this conversion cannot carry is named (X005).
#[test]
fn server_properties_are_dropped_quietly_and_profile_properties_are_named() {
    let quiet = import_json(&get_response(serde_json::json!({})));
    assert!(
        !quiet.findings.iter().any(|d| d.code == "X005"),
        "{:#?}",
        quiet.findings
    );
    let named = import_json(&get_response(
        serde_json::json!({ "deviceSettingStateSummaries": [{"x": 1}] }),
    ));
    let x005: Vec<_> = named.findings.iter().filter(|d| d.code == "X005").collect();
    assert_eq!(x005.len(), 1, "{x005:#?}");
    assert!(
        x005[0].message.contains("deviceSettingStateSummaries"),
        "{}",
        x005[0].message
    );
    assert!(
        x005[0].message.contains("an array of 1"),
        "{}",
        x005[0].message
    );
}

/// A device features profile that happens to carry a `platforms` property is still that
/// profile: a Settings catalog policy has both `technologies` and `platforms`.
#[test]
fn one_settings_catalog_property_does_not_make_a_settings_catalog_policy() {
    let imported = import_json(&get_response(serde_json::json!({ "platforms": "iOS" })));
    assert_eq!(imported.draft.extension.kind, ExtensionType::EntraId);
}

/// `$expand=assignments` with an all-users or all-devices target is read as that target.
#[test]
fn expanded_all_users_and_all_devices_targets_are_read() {
    for (odata, want) in [
        (
            "#microsoft.graph.allLicensedUsersAssignmentTarget",
            Target::AllUsers,
        ),
        (
            "#microsoft.graph.allDevicesAssignmentTarget",
            Target::AllDevices,
        ),
    ] {
        let body = get_response(serde_json::json!({
            "assignments": [{
                "id": "x_1",
                "target": { "@odata.type": odata }
            }]
        }));
        let imported = import_json(&body);
        assert!(imported.carries_assignments, "{odata}");
        assert_eq!(imported.draft.assignments.target, want, "{odata}");
    }
}

/// An expanded group assignment's filter keeps its mode: `exclude` is read as exclude.
#[test]
fn an_expanded_exclude_filter_stays_exclude() {
    for (mode, want) in [
        ("exclude", FilterMode::Exclude),
        ("include", FilterMode::Include),
    ] {
        let body = get_response(serde_json::json!({
            "assignments": [{
                "id": "x_1",
                "target": {
                    "@odata.type": "#microsoft.graph.groupAssignmentTarget",
                    "groupId": "0b7c2d1e-1111-4222-8333-444455556666",
                    "deviceAndAppManagementAssignmentFilterId": "3eaf5041-4444-4555-8666-777788889999",
                    "deviceAndAppManagementAssignmentFilterType": mode
                }
            }]
        }));
        let filter = import_json(&body)
            .draft
            .assignments
            .filter
            .expect("filter kept");
        assert_eq!(filter.mode, want, "{mode}");
    }
}

/// A number Graph would refuse for an integer pair (1.5) is kept as written, so K008 can
/// name it, not read as something else.
#[test]
fn a_fractional_integer_value_is_kept_as_written() {
    let mut body = get_response(serde_json::json!({}));
    body["iosSingleSignOnExtension"]["configurations"][1]["value"] = serde_json::json!(1.5);
    let d = import_json(&body).draft;
    assert_eq!(d.extension.config[1].value.to_string(), "1.5");
    let k008: Vec<_> = sso_wizard::rules::validate(&d)
        .into_iter()
        .filter(|x| x.code == "K008")
        .collect();
    assert_eq!(k008.len(), 1, "{k008:#?}");
}

/// A property of the wrong JSON type is named with what it was, and not imported.
#[test]
fn a_property_of_the_wrong_type_is_named_with_its_kind() {
    let mut body = get_response(serde_json::json!({}));
    let ext = &mut body["iosSingleSignOnExtension"];
    ext["enableSharedDeviceMode"] = serde_json::json!("yes");
    ext["bundleIdAccessControlList"] = serde_json::json!(["com.contoso.app", 7]);
    let imported = import_json(&body);
    let said: Vec<&str> = imported
        .findings
        .iter()
        .map(|d| d.message.as_str())
        .collect();
    assert!(
        said.iter()
            .any(|m| m.contains("enableSharedDeviceMode (a string)")),
        "{said:#?}"
    );
    assert!(
        said.iter()
            .any(|m| m.contains("a number in bundleIdAccessControlList")),
        "{said:#?}"
    );
    assert_eq!(imported.draft.extension.bundle_ids, ["com.contoso.app"]);
}

/// Without `@odata.type`, a body with the SSO extension property is read as the device
/// features profile; the deprecated `singleSignOnExtension` is read too, and said so.
#[test]
fn an_untyped_body_and_the_deprecated_property_are_read() {
    let mut body = get_response(serde_json::json!({}));
    body.as_object_mut().unwrap().remove("@odata.type");
    let imported = import_json(&body);
    assert_eq!(imported.draft.extension.kind, ExtensionType::EntraId);
    assert!(
        imported.notes.iter().any(|n| n.contains("no @odata.type")),
        "{:?}",
        imported.notes
    );
    let obj = body.as_object_mut().unwrap();
    let ext = obj.remove("iosSingleSignOnExtension").unwrap();
    obj.insert("singleSignOnExtension".into(), ext);
    let imported = import_json(&body);
    assert_eq!(imported.draft.extension.bundle_ids, ["com.contoso.lobapp"]);
    assert!(
        imported
            .notes
            .iter()
            .any(|n| n.contains("deprecated singleSignOnExtension")),
        "{:?}",
        imported.notes
    );
}

/// An extension property Intune's template does not have for the type is named (X005).
#[test]
fn an_unknown_extension_property_is_named() {
    let mut body = get_response(serde_json::json!({}));
    body["iosSingleSignOnExtension"]["screenLockedBehavior"] = serde_json::json!("cancel");
    let imported = import_json(&body);
    let x005: Vec<&str> = imported
        .findings
        .iter()
        .filter(|d| d.code == "X005")
        .map(|d| d.message.as_str())
        .collect();
    assert_eq!(x005.len(), 1, "{x005:#?}");
    assert!(x005[0].contains("screenLockedBehavior"), "{}", x005[0]);
}
