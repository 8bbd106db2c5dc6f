//! "Additional configuration" rules: K001–K015.
//!
//! Per type: entra-id rows are the Microsoft plug-in's `ExtensionData`, so every K rule
//! applies. Redirect and credential rows go to a third-party extension whose keys we don't
//! know, so only the generic rules apply (K003 whitespace, K006 duplicate, K008 type,
//! K012 empty key, K013 limit). Kerberos exports no configuration rows (Graph's Kerberos
//! type has no `configurations`), so none apply.

use std::collections::HashMap;

use super::{Diagnostic, Field, Fix, Severity, quote};
use crate::draft::{
    ConfigPair, DEVICE_REGISTRATION_TOKEN, Draft, ExtensionType, RawValue, ValueType,
};
use crate::known::{self, FxBuild, KnownKey};

/// Intune's limit on Additional configuration rows (Graph `configurations`).
pub const MAX_PAIRS: usize = 500;

const DEVICE_REGISTRATION: &str = "device_registration";
const BROWSER_SSO: &str = "browser_sso_interaction_enabled";

pub(super) fn check(d: &Draft, out: &mut Vec<Diagnostic>) {
    let ext = &d.extension;
    let entra = match ext.kind {
        ExtensionType::EntraId => true,
        ExtensionType::Redirect | ExtensionType::Credential => false,
        ExtensionType::Kerberos => return,
    };
    let pairs = &ext.config;
    // Source: microsoft-graph-docs-contrib api-reference/beta/resources/
    // intune-deviceconfig-iosazureadsinglesignonextension.md, `configurations` ("a maximum of
    // 500 elements"; the Redirect and Credential resources say the same).
    if pairs.len() > MAX_PAIRS {
        out.push(Diagnostic::new(
            "K013",
            Severity::Error,
            Field::Config,
            format!(
                "{} configuration rows: Intune accepts at most {MAX_PAIRS}, so the profile cannot be created",
                pairs.len()
            ),
            "Remove rows you don't need (each documented plug-in key is needed at most once).",
        ));
    }
    // Keys are compared trimmed everywhere below: a stray space is reported once, by K003,
    // instead of also as "missing device_registration" and "unknown key".
    if entra {
        required_pairs(pairs, out);
    }
    let mut seen: HashMap<&str, usize, FxBuild> = HashMap::default();
    for (i, p) in pairs.iter().enumerate() {
        let key = p.key.trim();
        // Our decision: the extension reads ExtensionData by key, so a row without one can
        // never be read.
        if key.is_empty() {
            out.push(Diagnostic::new(
                "K012",
                Severity::Error,
                Field::ConfigKey(i),
                "a configuration row has no key: the extension looks values up by key, so it could never use this row",
                "Type the key, or remove the row.",
            ).with_fix(Fix::RemoveConfig(i)));
            continue;
        }
        // Source: memdocs intune/enrollment/set-up-just-in-time-registration.md steps 5 and 6
        // (remove spaces before and after key and value, or JIT registration won't work).
        // SPEC §6 K003: an error around a key (Microsoft's JIT article: no leading or
        // trailing spaces in key or value, otherwise JIT registration won't work).
        if key.len() != p.key.len() {
            out.push(Diagnostic::new(
                "K003",
                Severity::Error,
                Field::ConfigKey(i),
                format!(
                    "the key {} has spaces around it: keys are matched exactly, so the extension \
                     ignores it (with `device_registration`, JIT registration silently fails)",
                    quote(&p.key)
                ),
                "Trim the spaces.",
            ).with_fix(Fix::TrimConfig(i)));
        }
        // Source: `com.apple.extensiblesso.yaml`, key ExtensionData (a dictionary: one value
        // per key).
        if let Some(&first) = seen.get(key) {
            out.push(Diagnostic::new(
                "K006",
                Severity::Error,
                Field::ConfigKey(i),
                format!(
                    "the key {} is set twice (first in extension.config[{first}]): a profile holds \
                     each key once, so one of the values would be lost",
                    quote(key)
                ),
                "Keep one row for the key and remove the other.",
            ).with_fix(Fix::RemoveConfig(i)));
        } else {
            seen.insert(key, i);
        }
        // Decision (SPEC silent): the shared device mode switch is exported as the
        // `sharedDeviceMode` key, so a row with that key sets it a second time.
        if entra && key == "sharedDeviceMode" && ext.shared_device_mode {
            out.push(
                Diagnostic::new(
                    "K006",
                    Severity::Error,
                    Field::ConfigKey(i),
                    "`sharedDeviceMode` is set here and by the shared device mode switch, which \
                     exports the same key: a profile holds each key once",
                    "Remove this row; the switch already turns shared device mode on.",
                )
                .with_fix(Fix::RemoveConfig(i)),
            );
        }
        let known = if entra { known::key(key) } else { None };
        if entra && known.is_none() {
            near_miss(i, key, out);
        }
        if entra && key == DEVICE_REGISTRATION {
            // K002 covers type, case, braces and spaces of this value, so K003/K004/K008 are
            // not repeated for it.
            device_registration(i, p, out);
            continue;
        }
        value_whitespace(i, p, known.is_some(), out);
        let retyped = match known {
            // Source: entra-docs identity-platform/apple-sso-plugin.md, "More configuration
            // options" (each key's documented Type), as catalogued in assets/known/plugin-keys.tsv.
            Some(k) if !k.value_type.accepts(p.kind) => {
                let to = k.value_type.preferred();
                out.push(Diagnostic::new(
                    "K004",
                    Severity::Error,
                    Field::ConfigType(i),
                    format!(
                        "{} is declared {} but Microsoft documents it as {}: the plug-in may ignore a value of another type",
                        quote(key),
                        p.kind.as_str(),
                        k.value_type.as_str()
                    ),
                    format!("Change the type to {} (value {}).", to.as_str(), k.allowed),
                ).with_fix(Fix::RetypeConfig(i, to)));
                true
            }
            _ => false,
        };
        // After a wrong type, whether the value reads as that wrong type is beside the point:
        // the retype fix converts it and K008 is checked again then. Source: memdocs
        // ios-device-features-settings.md, "Single sign-on app extension" › "Additional
        // configuration" (Boolean: True or False; Integer: a number) and Graph
        // keyIntegerValuePair (`value`: Int32).
        if !retyped && let Err(e) = p.typed() {
            out.push(Diagnostic::new(
                "K008",
                Severity::Error,
                Field::ConfigValue(i),
                format!(
                    "the value {} of {} {e}, but the row is declared {}: {}",
                    quote(&p.value.to_string()),
                    quote(&p.key),
                    p.kind.as_str(),
                    match p.kind {
                        ValueType::Integer => "Intune needs an Int32",
                        ValueType::Boolean => "Intune needs true or false",
                        ValueType::String => "a string row takes any text",
                    }
                ),
                match p.kind {
                    ValueType::Integer => "Enter a whole number (e.g. `1`), or change the type.",
                    ValueType::Boolean => "Enter `true` or `false`, or change the type.",
                    ValueType::String => "Change the type.",
                },
            ));
        }
        if let Some(k) = known {
            known_value(i, p, k, !ext.bundle_ids.is_empty(), out);
        }
    }
}

/// K001, K005: the two JIT rows.
fn required_pairs(pairs: &[ConfigPair], out: &mut Vec<Diagnostic>) {
    // Source: memdocs intune/enrollment/set-up-just-in-time-registration.md step 5 (the
    // required `device_registration` row).
    if !pairs.iter().any(|p| p.key.trim() == DEVICE_REGISTRATION) {
        out.push(Diagnostic::new(
            "K001",
            Severity::Warning,
            Field::Config,
            "no `device_registration` row: without it the plug-in does not register devices, so JIT registration will not work",
            "Add `device_registration` · string · `{{DEVICEREGISTRATION}}`.",
        ));
    }
    // Source: entra-docs identity-platform/apple-sso-plugin.md, "Allow users to sign in from
    // applications that don't use MSAL and the Safari browser" (the plug-in defaults the key
    // to 1), and memdocs intune/enrollment/set-up-just-in-time-registration.md step 6 (the
    // row is "Recommended"). So a missing row is advice; a value other than 1 turns it off.
    match pairs.iter().position(|p| p.key.trim() == BROWSER_SSO) {
        None => out.push(Diagnostic::new(
            "K005",
            Severity::Info,
            Field::Config,
            "no `browser_sso_interaction_enabled` row: the plug-in defaults it to 1, and \
             Microsoft's JIT article recommends adding the row with 1 so that Safari and \
             non-MSAL apps can do the first sign-in",
            "Add `browser_sso_interaction_enabled` · integer · `1` to follow the JIT article.",
        )),
        Some(i) if !pairs[i].value.reads_one() => out.push(Diagnostic::new(
            "K005",
            Severity::Warning,
            Field::ConfigValue(i),
            format!(
                "`browser_sso_interaction_enabled` is {}, not 1: this turns off what Microsoft \
                 recommends for JIT registration, so Safari and non-MSAL apps cannot do the \
                 first sign-in",
                quote(&pairs[i].value.to_string())
            ),
            "Set it to `1` unless you have a reason not to.",
        )),
        Some(_) => {}
    }
}

/// K002: `device_registration` must be the string `{{DEVICEREGISTRATION}}`, byte for byte.
// Source: memdocs intune/enrollment/set-up-just-in-time-registration.md step 5 (the value,
// no spaces around key or value) and intune/configuration/custom-settings-ios.md, "Custom
// configuration profile settings" (variables are case-sensitive). Other spellings are not
// documented either way, so insisting on the documented one is our conservative choice.
fn device_registration(i: usize, p: &ConfigPair, out: &mut Vec<Diagnostic>) {
    let (field, why) = match (&p.kind, &p.value) {
        (ValueType::String, RawValue::String(v)) if v == DEVICE_REGISTRATION_TOKEN => return,
        (ValueType::String, RawValue::String(v)) if v.trim() == DEVICE_REGISTRATION_TOKEN => (
            Field::ConfigValue(i),
            format!("has spaces around it ({})", quote(v)),
        ),
        (ValueType::String, RawValue::String(v))
            if v.trim().eq_ignore_ascii_case(DEVICE_REGISTRATION_TOKEN) =>
        {
            (
                Field::ConfigValue(i),
                format!(
                    "is {} (another letter case: Microsoft documents only the upper-case \
                     spelling, and Intune variables are case-sensitive; this check is \
                     conservative)",
                    quote(v)
                ),
            )
        }
        (ValueType::String, v) => (
            Field::ConfigValue(i),
            format!("is {}", quote(&v.to_string())),
        ),
        (kind, _) => (
            Field::ConfigType(i),
            format!("is declared {}, not string", kind.as_str()),
        ),
    };
    out.push(Diagnostic::new(
        "K002",
        Severity::Error,
        field,
        format!(
            "the `device_registration` value {why}: it must be exactly the string \
             `{{{{DEVICEREGISTRATION}}}}` (upper case, double braces, no spaces), or JIT registration silently fails"
        ),
        "Set it to the string `{{DEVICEREGISTRATION}}`.",
    ).with_fix(Fix::SetDeviceRegistration(i)));
}

/// K003 for the value. Source: set-up-just-in-time-registration.md steps 5 and 6.
/// An error around a documented key's value (the JIT article's
/// warning), a warning around an unknown key's (a third-party extension might mean it).
fn value_whitespace(i: usize, p: &ConfigPair, known: bool, out: &mut Vec<Diagnostic>) {
    if let RawValue::String(v) = &p.value
        && !v.is_empty()
        && v.trim().len() != v.len()
    {
        out.push(
            Diagnostic::new(
                "K003",
                if known {
                    Severity::Error
                } else {
                    Severity::Warning
                },
                Field::ConfigValue(i),
                format!(
                    "the value {} of {} has spaces around it: the extension reads values \
                     exactly, so it does not get what you meant (spaces are what silently break \
                     JIT registration)",
                    quote(v),
                    quote(&p.key)
                ),
                "Trim the spaces.",
            )
            .with_fix(Fix::TrimConfig(i)),
        );
    }
}

/// K009, K010, K011, K014, K015: rules about particular documented keys.
fn known_value(
    i: usize,
    p: &ConfigPair,
    k: &KnownKey,
    has_bundle_ids: bool,
    out: &mut Vec<Diagnostic>,
) {
    let text = match &p.value {
        RawValue::String(s) => Some(s.as_str()),
        _ => None,
    };
    // Source: entra-docs identity-platform/apple-sso-plugin.md, "Find app bundle identifiers
    // on iOS devices" (turn it on temporarily; Authenticator's logs then list bundle IDs).
    if k.name == "admin_debug_mode_enabled" && p.value.reads_one() {
        out.push(
            Diagnostic::new(
                "K009",
                Severity::Warning,
                Field::ConfigValue(i),
                "admin debug mode is on: Microsoft describes it as a temporary aid for finding \
             bundle IDs (Authenticator's logs then list the apps the extension sees), to turn \
             off afterwards",
                "Remove the row (or set it to 0) once you have the logs you need.",
            )
            .with_fix(Fix::RemoveConfig(i)),
        );
    }
    // Source: entra-docs identity-platform/apple-sso-plugin.md, "Enable SSO for all apps with
    // a specific bundle ID prefix" (iOS default `com.apple.`; setting the key overrides it)
    // and "Enable SSO for specific apps" (Safari and Safari View Service are allowed by
    // default, unless AppBlockList names them).
    if k.name == "AppPrefixAllowList"
        && let Some(list) = text
        && !list
            .split(',')
            .any(|e| e.trim().eq_ignore_ascii_case("com.apple."))
    {
        out.push(Diagnostic::new(
            "K010",
            Severity::Warning,
            Field::ConfigValue(i),
            "`AppPrefixAllowList` does not include `com.apple.`: setting it replaces the default \
             `com.apple.`, so Apple's apps lose single sign-on unless listed one by one \
             (Safari and Safari View Service keep it unless AppBlockList names them)",
            "Add `com.apple.` to the list, e.g. `com.apple.,com.contoso.`.",
        ));
    }
    // Source: entra-docs apple-sso-plugin.md, "More configuration options" (the lists are
    // "comma-delimited"; its examples' separator is not an ASCII space, and ProfileManifests'
    // copy of them, com.apple.extensiblesso.plist, has U+202F after each comma).
    if k.comma_list
        && let Some(list) = text
        && let Some(c) = list.chars().find(|&c| is_list_junk(c))
    {
        let which = if c == ' ' {
            "a space".to_string()
        } else {
            format!("the character U+{:04X}", c as u32)
        };
        out.push(
            Diagnostic::new(
                "K011",
                Severity::Warning,
                Field::ConfigValue(i),
                format!(
                    "the `{}` list contains {which}: the plug-in is documented as taking \
                     plain comma-separated entries, so that character may end up inside an \
                     entry and the app is not matched (Microsoft's published examples contain \
                     an invisible U+202F after each comma)",
                    k.name
                ),
                "Write the list as `a,b,c` with nothing but commas between entries.",
            )
            .with_fix(Fix::NormalizeCommaList(i)),
        );
    }
    // Source: memdocs ios-device-features-settings.md, "App bundle IDs" (the apps that may use
    // the plug-in) and entra-docs apple-sso-plugin.md, "Enable SSO for specific apps"
    // (AppAllowList). That Intune delivers the field as AppAllowList is not documented; our
    // .mobileconfig export merges the two (src/export/mobileconfig.rs).
    if k.name == "AppAllowList" && has_bundle_ids {
        out.push(Diagnostic::new(
            "K014",
            Severity::Warning,
            Field::ConfigKey(i),
            "`AppAllowList` is set here and App bundle IDs are also given: both list the apps the plug-in allows (the .mobileconfig export merges them into one `AppAllowList`), so this row is easy to overlook when editing the list",
            "Move these bundle IDs to the App bundle IDs step and remove this row.",
        ));
    }
    // Source: older versions of entra-docs apple-sso-plugin.md (browser_sso_disable_mfa) and
    // entra-docs identity/devices/troubleshoot-mac-sso-extension-plugin.md, "Feature flag
    // configuration" ("Now deprecated").
    if k.legacy {
        out.push(Diagnostic::new(
            "K015",
            Severity::Info,
            Field::ConfigKey(i),
            format!(
                "{} is a legacy key: Microsoft has removed it from the current plug-in documentation, so it may no longer have an effect",
                quote(k.name)
            ),
            "Remove it unless Microsoft support asked you to set it.",
        ));
    }
}

/// Characters K011 reports in a comma list, and that the normalise fix treats as separators:
/// any whitespace, and any non-ASCII character that is not a letter or digit (U+202F,
/// a full-width comma …).
pub(super) fn is_list_junk(c: char) -> bool {
    c.is_whitespace() || (!c.is_ascii() && !c.is_alphanumeric())
}

/// K007: an unknown key that is probably a misspelt documented one (case, or ≤ 2 edits).
fn near_miss(i: usize, key: &str, out: &mut Vec<Diagnostic>) {
    // Documented keys are at most ~50 characters: longer keys cannot be within 2 edits, and
    // skipping them keeps a pasted megabyte key from costing a quadratic edit distance.
    // A cost guard only: the length filter below already keeps every key of 51+ characters
    // from matching (the longest documented key has 48), so cargo-mutants' `>` → `>=` and
    // `>` → `==` here are equivalent mutants (same findings, only slower).
    if key.len() > 64 {
        return;
    }
    let lower = key.to_lowercase();
    let best = known::known_keys()
        .iter()
        .filter(|k| k.name.len().abs_diff(key.len()) <= 2)
        .map(|k| (strsim::levenshtein(&lower, &k.name.to_lowercase()), k.name))
        .filter(|(dist, _)| *dist <= 2)
        .min_by_key(|(dist, _)| *dist);
    // Source: entra-docs identity/devices/troubleshoot-mac-sso-extension-plugin.md, "Feature
    // flag configuration": the plug-in looks each flag up by name and logs an unset one as
    // null (default), so a misspelt key has no effect.
    if let Some((_, name)) = best {
        out.push(Diagnostic::new(
            "K007",
            Severity::Warning,
            Field::ConfigKey(i),
            format!(
                "unknown key {}: did you mean `{name}`? Keys are case-sensitive and the extension \
                 silently ignores a misspelt one",
                quote(key)
            ),
            format!("Rename it to `{name}` if that is what you meant."),
        ).with_fix(Fix::RenameConfigKey(i, name)));
    }
}
