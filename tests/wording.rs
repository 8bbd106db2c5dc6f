//! Claims the wizard makes outside diagnostics (help pages, step texts, the key and app
//! catalogues), pinned to what Microsoft's pages say (issue 13). Diagnostic wording is pinned
//! by the `assert:` lines of `tests/fixtures/check/`.

use sso_wizard::draft::ExtensionType;
use sso_wizard::known;
use sso_wizard::tui::catalog;
use sso_wizard::tui::state::Step;
use sso_wizard::tui::text;

const EXTENSION_HELP: &str = include_str!("../assets/help/extension.md");
const BUNDLE_HELP: &str = include_str!("../assets/help/bundle-ids.md");
const CONFIG_HELP: &str = include_str!("../assets/help/config.md");
const EXPORT_HELP: &str = include_str!("../assets/help/export.md");

/// Text with its line breaks folded to spaces, so a phrase may span a wrapped line.
fn flat(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn shared_device_mode_names_both_minimum_versions() {
    // Intune's settings page: iOS/iPadOS 13.5; Entra's shared device mode page: iOS 14.
    let help = flat(EXTENSION_HELP);
    assert!(help.contains("13.5 and newer"), "{help}");
    assert!(help.contains("iOS 14 or higher"), "{help}");
    assert!(!help.contains("iOS 13.5+"), "{help}");
}

#[test]
fn other_types_are_undocumented_for_jit_not_incapable() {
    let help = flat(EXTENSION_HELP);
    assert!(!help.contains("None of those three can do JIT"), "{help}");
    assert!(
        help.contains("Microsoft documents JIT registration only with the Microsoft Entra ID type")
    );
    assert!(help.contains("com.microsoft.azureauthenticator.ssoextension"));
    for kind in [
        ExtensionType::Redirect,
        ExtensionType::Credential,
        ExtensionType::Kerberos,
    ] {
        let why = text::no_jit(kind).expect("a note for every non-Entra type");
        assert!(
            why.contains(
                "Microsoft documents JIT registration only with the Microsoft Entra ID type"
            ),
            "{why}"
        );
        assert!(
            !why.contains("will not work") && !why.contains("never sees"),
            "{why}"
        );
    }
    assert!(
        text::no_jit(ExtensionType::Redirect)
            .unwrap()
            .contains("com.microsoft.azureauthenticator.ssoextension")
    );
}

#[test]
fn bundle_id_help_follows_microsofts_reasons() {
    let help = flat(BUNDLE_HELP);
    // B003: MSAL apps, a "can cause", non-MSAL Microsoft apps, Defender.
    assert!(help.contains("Microsoft apps that use MSAL get single sign-on automatically"));
    assert!(help.contains("can cause authentication problems"));
    assert!(help.contains("doesn't use MSAL may need listing"));
    assert!(help.contains("com.microsoft.scmx"));
    // B004: the JIT article's reason, not "it hosts the extension".
    assert!(!help.contains("it hosts the extension"), "{help}");
    assert!(help.contains("the extension already works with it"));
    // The Kerberos ACL: Apple does not say what an empty list means.
    assert!(help.contains("does not say what an empty list allows"));
    let intro = text::step_intro(Step::BundleIds, ExtensionType::Kerberos);
    assert!(!intro.contains("Leave empty to allow every app"), "{intro}");
}

#[test]
fn config_and_export_help_claim_no_substitution_details() {
    let config = flat(CONFIG_HELP);
    assert!(!config.contains("registration data"), "{config}");
    assert!(config.contains("plug-in's default is also 1"), "{config}");
    let export = flat(EXPORT_HELP);
    assert!(!export.contains("Only Intune replaces"), "{export}");
    assert!(export.contains(
        "Microsoft documents JIT registration only through Intune's device features template"
    ));
}

#[test]
fn app_cookie_sso_allow_list_states_its_limits() {
    let k = known::key("AppCookieSSOAllowList").expect("documented key");
    for phrase in [
        "iOS only",
        "must also be in AppPrefixAllowList",
        "not compatible with Conditional Access",
        "one account only",
    ] {
        assert!(k.meaning.contains(phrase), "{phrase}: {}", k.meaning);
    }
}

#[test]
fn admin_debug_mode_claims_no_default() {
    // Entra's page gives no default for admin_debug_mode_enabled.
    let k = known::key("admin_debug_mode_enabled").expect("documented key");
    assert_eq!(k.default, "unstated");
}

#[test]
fn covered_panel_names_the_new_microsoft_apps_but_not_defender_or_authenticator() {
    let apps = catalog::microsoft_apps();
    let names: Vec<&str> = apps.iter().map(|(_, n)| *n).collect();
    for name in [
        "Microsoft Lists",
        "Microsoft Whiteboard",
        "Power Automate",
        "Dynamics 365 Sales",
        "Skype for Business",
        "Microsoft Shifts",
        "Microsoft Lens",
        "Microsoft Visio",
        "Microsoft Kaizala",
        "Dynamics 365 Remote Assist",
        "Azure Information Protection",
        "Work Folders",
    ] {
        assert!(names.contains(&name), "{name} missing from {names:?}");
    }
    assert!(
        apps.iter()
            .all(|(id, _)| *id != known::DEFENDER && *id != known::AUTHENTICATOR)
    );
    assert_eq!(
        known::microsoft_app("com.microsoft.scmx"),
        Some("Microsoft Defender")
    );
}

/// Product text speaks the admin's language: sources named as admins know them
/// ("Microsoft's JIT registration article"), never the project's own names for its
/// inputs, a SPEC section or an issue number.
#[test]
fn no_internal_words_in_product_text() {
    let help = [
        include_str!("../assets/help/basics.md"),
        include_str!("../assets/help/extension.md"),
        include_str!("../assets/help/bundle-ids.md"),
        include_str!("../assets/help/config.md"),
        include_str!("../assets/help/assignments.md"),
        include_str!("../assets/help/review.md"),
        include_str!("../assets/help/export.md"),
    ];
    // text.rs's strings, without its comments.
    let strings: String = include_str!("../src/tui/text.rs")
        .lines()
        .filter(|l| !l.trim_start().starts_with("//"))
        .collect::<Vec<_>>()
        .join("\n");
    for (i, t) in help.iter().chain([&strings.as_str()]).enumerate() {
        let t = flat(t).to_lowercase();
        for word in ["seed", "recipe", "spec §", "spec.md", "issue ", "wt-"] {
            assert!(!t.contains(word), "text {i} says {word:?}");
        }
    }
}
