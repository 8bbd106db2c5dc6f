//! SPEC §9 routes: the Jamf Pro plist round-trips, the Intune custom profile carries the
//! exact .mobileconfig, the declaration has exactly the keys Apple's schema gives it
//! (the facts are restated here from Apple's `extensible-sso.yaml`), and each route's
//! diagnostics say what the route cannot do.

use std::fs;
use std::path::PathBuf;

use base64::Engine as _;
use serde_json::Value;
use sso_wizard::Draft;
use sso_wizard::draft::ExtensionType;
use sso_wizard::export::{self, Format, declaration, graph_custom, jamf_plist, mobileconfig};
use sso_wizard::import::import;
use sso_wizard::rules::{Severity, export_notes};

/// (answers file in tests/fixtures/answers, its type).
const CASES: [&str; 5] = [
    "spec-example.toml",
    "entra-merge.toml",
    "redirect.toml",
    "credential.toml",
    "kerberos.toml",
];

fn load(file: &str) -> Draft {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/answers")
        .join(file);
    Draft::from_toml(&fs::read_to_string(&path).unwrap()).unwrap()
}

#[test]
fn the_jamf_plist_imports_back_to_the_same_pairs_and_bundle_ids() {
    for case in ["spec-example.toml", "entra-merge.toml"] {
        let d = load(case);
        assert_eq!(d.extension.kind, ExtensionType::EntraId);
        let back = import(&jamf_plist(&d).unwrap()).unwrap();
        assert!(
            back.notes.iter().any(|n| n.contains("type was assumed")),
            "{:?}",
            back.notes
        );
        let e = &back.draft.extension;
        assert_eq!(e.kind, ExtensionType::EntraId, "{case}");
        // Through the .mobileconfig the same draft reads back the same way.
        let via_profile = import(&mobileconfig(&d).unwrap()).unwrap().draft.extension;
        assert_eq!(e.config, via_profile.config, "{case}");
        assert_eq!(e.bundle_ids, via_profile.bundle_ids, "{case}");
        assert_eq!(
            e.shared_device_mode, d.extension.shared_device_mode,
            "{case}"
        );
        assert!(!e.bundle_ids.is_empty(), "{case}");
    }
}

#[test]
fn the_jamf_plist_is_exactly_the_profiles_extension_data() {
    for case in CASES {
        let d = load(case);
        let data = plist::Value::from_reader_xml(&jamf_plist(&d).unwrap()[..]).unwrap();
        let profile = plist::Value::from_reader_xml(&mobileconfig(&d).unwrap()[..]).unwrap();
        let payload = &profile.as_dictionary().unwrap()["PayloadContent"]
            .as_array()
            .unwrap()[0];
        let in_profile = payload
            .as_dictionary()
            .unwrap()
            .get("ExtensionData")
            .cloned()
            .unwrap_or(plist::Value::Dictionary(Default::default()));
        assert_eq!(data, in_profile, "{case}");
    }
}

#[test]
fn the_jamf_values_name_every_field_jamf_pro_asks_for() {
    let d = load("spec-example.toml");
    let v = export::jamf_values(&d, "x.jamf.plist");
    for line in [
        "Payload Type:          SSO",
        "Extension Identifier:  com.microsoft.azureauthenticator.ssoextension",
        "Team Identifier:       (leave blank)",
        "Sign-On Type:          Redirect",
        "    https://login.microsoftonline.com",
        "Custom Configuration:  upload x.jamf.plist",
    ] {
        assert!(v.contains(line), "{line:?} missing:\n{v}");
    }
    let k = export::jamf_values(&load("kerberos.toml"), "k.plist");
    assert!(k.contains("Sign-On Type:          Credential"), "{k}");
    assert!(k.contains("Realm:                 CONTOSO.COM"), "{k}");
    assert!(k.contains("Team Identifier:       apple"), "{k}");
}

#[test]
fn the_custom_profile_carries_the_exact_mobileconfig() {
    for case in CASES {
        let d = load(case);
        let body = graph_custom(&d).unwrap();
        assert_eq!(
            body["@odata.type"],
            "#microsoft.graph.iosCustomConfiguration"
        );
        assert_eq!(body["displayName"], d.profile.name.as_str());
        assert_eq!(body["payloadName"], d.profile.name.as_str());
        assert!(
            body["payloadFileName"]
                .as_str()
                .unwrap()
                .ends_with(".mobileconfig")
        );
        let bytes = base64::engine::general_purpose::STANDARD
            .decode(body["payload"].as_str().unwrap())
            .unwrap();
        assert_eq!(bytes, mobileconfig(&d).unwrap(), "{case}");
    }
}

/// Apple's `declarative/declarations/configurations/extensible-sso.yaml` (iOS 27): payload
/// keys, the required ones, and the macOS-only ones.
const DECLARATION_KEYS: [&str; 10] = [
    "ExtensionComposedIdentifier",
    "Type",
    "Realm",
    "ExtensionData",
    "URLs",
    "Hosts",
    "DeniedBundleIdentifiers",
    "ScreenLockedBehavior",
    "PlatformSSO",
    "WebAuthentication",
];
const MACOS_ONLY: [&str; 2] = ["PlatformSSO", "WebAuthentication"];

#[test]
fn every_declaration_has_the_keys_apple_gives_it_and_no_macos_key() {
    for case in CASES {
        let d = load(case);
        let decl = declaration(&d).unwrap();
        let top: Vec<&str> = decl
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        assert_eq!(
            top,
            ["Type", "Identifier", "ServerToken", "Payload"],
            "{case}"
        );
        assert_eq!(decl["Type"], "com.apple.configuration.extensible-sso");
        assert_eq!(
            decl["Identifier"],
            d.profile.effective_identifier().as_str()
        );
        let payload = decl["Payload"].as_object().unwrap();
        for key in payload.keys() {
            assert!(DECLARATION_KEYS.contains(&key.as_str()), "{case}: {key}");
            assert!(!MACOS_ONLY.contains(&key.as_str()), "{case}: {key}");
        }
        let ty = payload["Type"].as_str().unwrap();
        assert!(payload["ExtensionComposedIdentifier"].is_string());
        match ty {
            "Redirect" => assert!(!payload["URLs"].as_array().unwrap().is_empty(), "{case}"),
            "Credential" => assert!(!payload["Hosts"].as_array().unwrap().is_empty(), "{case}"),
            other => panic!("{case}: Type {other}"),
        }
        // On iOS the composed identifier is the bundle ID alone, never "id (team)".
        assert!(
            !payload["ExtensionComposedIdentifier"]
                .as_str()
                .unwrap()
                .contains(' ')
        );
    }
}

#[test]
fn the_server_token_changes_exactly_when_the_content_does() {
    let d = load("spec-example.toml");
    let token = |d: &Draft| declaration(d).unwrap()["ServerToken"].clone();
    assert_eq!(token(&d), token(&d.clone()));
    // What the declaration does not carry leaves it alone.
    let mut same = d.clone();
    same.profile.description = "another description".into();
    same.assignments.target = sso_wizard::draft::Target::AllDevices;
    assert_eq!(token(&same), token(&d));
    // Any change to what it carries changes it.
    let mut other = d.clone();
    other.extension.bundle_ids.push("com.contoso.second".into());
    assert_ne!(token(&other), token(&d));
    let mut renamed = d.clone();
    renamed.profile.identifier = Some("com.contoso.other".into());
    assert_ne!(token(&renamed), token(&d));
}

#[test]
fn kept_payload_keys_reach_the_declaration_and_the_rest_are_named() {
    let mut d = load("spec-example.toml");
    let keep = &mut d.extension.apple_keys.0;
    keep.insert(
        "ScreenLockedBehavior".into(),
        toml::Value::String("DoNotHandle".into()),
    );
    keep.insert(
        "DeniedBundleIdentifiers".into(),
        toml::Value::Array(vec![toml::Value::String("com.contoso.kiosk".into())]),
    );
    d.profile.apple_keys.0.insert(
        "PayloadRemovalDisallowed".into(),
        toml::Value::Boolean(true),
    );
    let decl = declaration(&d).unwrap();
    assert_eq!(decl["Payload"]["ScreenLockedBehavior"], "DoNotHandle");
    assert_eq!(
        decl["Payload"]["DeniedBundleIdentifiers"],
        serde_json::json!(["com.contoso.kiosk"])
    );
    let notes = export_notes(&d, Format::Declaration);
    assert!(
        notes
            .iter()
            .any(|n| n.code == "X005" && n.message.contains("PayloadRemovalDisallowed")),
        "{notes:#?}"
    );
    assert!(
        notes
            .iter()
            .any(|n| n.code == "X008" && n.severity == Severity::Info && n.message.contains("27")),
        "{notes:#?}"
    );
}

#[test]
fn the_device_registration_token_is_a_warning_only_on_the_custom_profile() {
    let d = load("spec-example.toml");
    let x001 = |format| -> Vec<Severity> {
        export_notes(&d, format)
            .into_iter()
            .filter(|n| n.code == "X001")
            .map(|n| n.severity)
            .collect()
    };
    assert_eq!(x001(Format::GraphCustom), [Severity::Warning]);
    for info in [
        Format::Mobileconfig,
        Format::Jamf,
        Format::Declaration,
        Format::All,
    ] {
        assert_eq!(x001(info), [Severity::Info], "{info:?}");
    }
    assert!(x001(Format::Graph).is_empty());
    let warning = export_notes(&d, Format::GraphCustom)
        .into_iter()
        .find(|n| n.code == "X001")
        .unwrap();
    assert!(
        warning.message.contains("custom profile"),
        "{}",
        warning.message
    );
    assert!(warning.help.contains("--format graph"), "{}", warning.help);
}

#[test]
fn template_losses_point_to_the_custom_profile_route() {
    let mut d = load("kerberos.toml");
    d.extension.kerberos.apple_keys.0.insert(
        "preferredKDCs".into(),
        toml::Value::Array(vec![toml::Value::String("kkdcp://kdc.contoso.com".into())]),
    );
    let notes = export_notes(&d, Format::Graph);
    let x005 = notes
        .iter()
        .find(|n| n.code == "X005" && n.message.contains("preferredKDCs"))
        .unwrap();
    assert_eq!(x005.severity, Severity::Warning);
    assert!(
        x005.message.contains("--format graph-custom"),
        "{}",
        x005.message
    );
    // The custom profile carries it: no X005 there.
    assert!(
        !export_notes(&d, Format::GraphCustom)
            .iter()
            .any(|n| n.code == "X005")
    );
    let body: Value = graph_custom(&d).unwrap();
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(body["payload"].as_str().unwrap())
        .unwrap();
    assert!(
        String::from_utf8(bytes)
            .unwrap()
            .contains("kkdcp://kdc.contoso.com")
    );
}

#[test]
fn export_jamf_prints_what_to_type_and_writes_the_plist() {
    let dir = tempfile::tempdir().unwrap();
    let answers =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/answers/spec-example.toml");
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_sso-wizard"))
        .args(["export", "--answers"])
        .arg(&answers)
        .args(["--format", "jamf"])
        .current_dir(dir.path())
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("Extension Identifier:  com.microsoft.azureauthenticator.ssoextension"),
        "{err}"
    );
    assert!(err.contains("info[X001]"), "{err}");
    let written = fs::read_dir(dir.path()).unwrap().count();
    assert_eq!(written, 1);
    assert!(
        dir.path()
            .join("ios-entra-id-sso-jit-registration.jamf.plist")
            .is_file()
    );
}

#[test]
fn export_notes_come_worst_first_and_descriptions_are_infos() {
    let mut d = load("kerberos.toml");
    d.profile.organization = "Contoso".into();
    d.profile.apple_keys.0.insert(
        "PayloadDescription".into(),
        toml::Value::String(String::new()),
    );
    d.extension.kerberos.apple_keys.0.insert(
        "preferredKDCs".into(),
        toml::Value::Array(vec![toml::Value::String("kkdcp://kdc.contoso.com".into())]),
    );
    let notes = export_notes(&d, Format::Graph);
    let severities: Vec<Severity> = notes.iter().map(|n| n.severity).collect();
    let mut sorted = severities.clone();
    sorted.sort();
    assert_eq!(severities, sorted, "{notes:#?}");
    assert_eq!(notes[0].severity, Severity::Warning);
    assert!(notes[0].message.contains("preferredKDCs"));
    let description = notes
        .iter()
        .find(|n| n.message.contains("PayloadDescription"))
        .unwrap();
    assert_eq!(description.severity, Severity::Info);
}

#[test]
fn a_jamf_export_names_the_profile_keys_its_plist_cannot_carry_and_nothing_else() {
    let mut d = load("spec-example.toml");
    d.profile.apple_keys.0.insert(
        "PayloadRemovalDisallowed".into(),
        toml::Value::Boolean(true),
    );
    let jamf: Vec<_> = export_notes(&d, Format::Jamf)
        .into_iter()
        .filter(|n| n.code == "X005")
        .collect();
    assert_eq!(jamf.len(), 1, "{jamf:#?}");
    assert!(
        jamf[0]
            .message
            .contains("profile.apple_keys.PayloadRemovalDisallowed")
    );
    assert!(jamf[0].message.contains("Jamf Pro"), "{}", jamf[0].message);
    // Other routes do not say "Jamf Pro" about it.
    for other in [Format::Mobileconfig, Format::GraphCustom] {
        assert!(
            !export_notes(&d, other)
                .iter()
                .any(|n| n.message.contains("Jamf Pro")),
            "{other:?}"
        );
    }
}

#[test]
fn a_declaration_names_exactly_the_payload_keys_it_has_no_place_for() {
    let mut d = load("redirect.toml");
    assert!(!d.extension.team_id.is_empty(), "the fixture has a team id");
    let keep = &mut d.extension.apple_keys.0;
    keep.insert(
        "ScreenLockedBehavior".into(),
        toml::Value::String("Cancel".into()),
    );
    keep.insert("UnknownPayloadKey".into(), toml::Value::Boolean(true));
    let notes = export_notes(&d, Format::Declaration);
    let x005: Vec<&str> = notes
        .iter()
        .filter(|n| n.code == "X005")
        .map(|n| n.message.as_str())
        .collect();
    // The declaration carries ScreenLockedBehavior; the unknown key and the team id are named.
    assert!(
        !x005.iter().any(|m| m.contains("ScreenLockedBehavior")),
        "{x005:#?}"
    );
    assert!(
        x005.iter()
            .any(|m| m.contains("extension.apple_keys.UnknownPayloadKey")),
        "{x005:#?}"
    );
    let team = notes
        .iter()
        .find(|n| n.message.contains("extension.team_id"))
        .unwrap_or_else(|| panic!("{notes:#?}"));
    assert_eq!(team.severity, Severity::Info);
    // Without a team id, nothing about it; and Entra and Kerberos never name one.
    d.extension.team_id.clear();
    assert!(
        !export_notes(&d, Format::Declaration)
            .iter()
            .any(|n| n.message.contains("team_id"))
    );
    let mut k = load("kerberos.toml");
    k.extension.team_id = "ABCDE12345".into();
    assert!(
        !export_notes(&k, Format::Declaration)
            .iter()
            .any(|n| n.message.contains("team_id"))
    );
}

#[test]
fn what_a_route_drops_says_whether_anything_needs_doing() {
    let mut d = load("kerberos.toml");
    d.profile.organization = "Contoso".into();
    d.extension.kerberos.apple_keys.0.insert(
        "preferredKDCs".into(),
        toml::Value::Array(vec![toml::Value::String("kkdcp://kdc.contoso.com".into())]),
    );
    let notes = export_notes(&d, Format::Graph);
    let info = notes
        .iter()
        .find(|n| n.message.contains("organization"))
        .unwrap();
    assert_eq!(info.severity, Severity::Info);
    assert!(info.help.starts_with("nothing to do"), "{}", info.help);
    let warning = notes
        .iter()
        .find(|n| n.message.contains("preferredKDCs"))
        .unwrap();
    assert_eq!(warning.severity, Severity::Warning);
    assert!(
        warning.help.contains("deploy the .mobileconfig"),
        "{}",
        warning.help
    );
}

#[test]
fn jamf_values_list_the_kept_payload_keys_with_their_values() {
    let mut d = load("spec-example.toml");
    let keep = &mut d.extension.apple_keys.0;
    keep.insert(
        "ScreenLockedBehavior".into(),
        toml::Value::String("DoNotHandle".into()),
    );
    keep.insert(
        "DeniedBundleIdentifiers".into(),
        toml::Value::Array(vec![
            toml::Value::String("com.contoso.kiosk".into()),
            toml::Value::String("com.contoso.games".into()),
        ]),
    );
    let v = export::jamf_values(&d, "x.jamf.plist");
    assert!(v.contains("Also set in the payload"), "{v}");
    assert!(v.contains("    ScreenLockedBehavior: DoNotHandle"), "{v}");
    assert!(
        v.contains("    DeniedBundleIdentifiers: com.contoso.kiosk, com.contoso.games"),
        "{v}"
    );
}

#[test]
fn every_plist_kind_reaches_the_declaration_as_json() {
    let mut d = load("kerberos.toml");
    let keep = &mut d.extension.kerberos.apple_keys.0;
    keep.insert("ratio".into(), toml::Value::Float(1.5));
    keep.insert(
        "since".into(),
        toml::Value::Datetime("2026-11-28T12:00:00Z".parse().unwrap()),
    );
    let decl = declaration(&d).unwrap();
    let data = &decl["Payload"]["ExtensionData"];
    assert_eq!(data["ratio"], serde_json::json!(1.5), "{data:#}");
    assert_eq!(data["since"], "2026-11-28T12:00:00Z", "{data:#}");
}

#[test]
fn requests_md_says_when_selected_groups_include_nobody() {
    let mut d = load("spec-example.toml");
    d.assignments.target = sso_wizard::draft::Target::Groups;
    d.assignments.include_groups.clear();
    let md = export::requests_md(&d, "x");
    assert!(md.contains("- no included group"), "{md}");
    d.assignments.include_groups = vec![sso_wizard::draft::Group {
        id: "0b7c2d1e-1111-4222-8333-444455556666".into(),
        name: "Pilot".into(),
    }];
    let md = export::requests_md(&d, "x");
    assert!(!md.contains("no included group"), "{md}");
    assert!(md.contains("group \"Pilot\""), "{md}");
}
