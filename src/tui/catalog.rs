//! The data the wizard's side panel and key picker show, and the fix hooks. Kept behind
//! these few functions so the source (the rules branch's `known.rs` and `Fix`) can be
//! swapped in one place.

use crate::draft::{ConfigPair, Draft, RawValue, ValueType};
use crate::rules::Fix;

/// One entry of the key picker.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PickerKey {
    /// The exact plug-in key.
    pub name: &'static str,
    /// The row type the wizard proposes.
    pub value_type: ValueType,
    /// Type as people read it (`integer`, `boolean or integer`).
    pub type_label: &'static str,
    /// Documented default.
    pub default: &'static str,
    /// One sentence: what it does.
    pub meaning: &'static str,
    /// The value a new row starts with.
    pub initial: RawValue,
}

/// Microsoft apps that get the extension automatically: (bundle ID, name).
pub fn microsoft_apps() -> Vec<(&'static str, &'static str)> {
    vec![
        ("com.microsoft.skype.teams", "Microsoft Teams"),
        ("com.microsoft.Office.Outlook", "Microsoft Outlook"),
        ("com.microsoft.msedge", "Microsoft Edge"),
        ("com.microsoft.Office.Word", "Microsoft Word"),
        ("com.microsoft.Office.Excel", "Microsoft Excel"),
        ("com.microsoft.Office.Powerpoint", "Microsoft PowerPoint"),
        ("com.microsoft.skydrive", "Microsoft OneDrive"),
        ("com.microsoft.onenote", "Microsoft OneNote"),
        ("com.microsoft.sharepoint", "Microsoft SharePoint"),
        ("com.microsoft.msapps", "Power Apps"),
        ("com.microsoft.officemobile", "Microsoft 365 (Office)"),
    ]
}

/// Every known plug-in key, in picker order.
pub fn known_keys() -> Vec<PickerKey> {
    let k = |name, value_type, type_label, default, meaning, initial| PickerKey {
        name,
        value_type,
        type_label,
        default,
        meaning,
        initial,
    };
    use RawValue::{Integer as I, String as S};
    use ValueType::{Integer, String};
    vec![
        k(
            "device_registration",
            String,
            "string",
            "absent",
            "Enables Microsoft Entra just-in-time device registration with Intune.",
            S("{{DEVICEREGISTRATION}}".into()),
        ),
        k(
            "browser_sso_interaction_enabled",
            Integer,
            "integer",
            "1",
            "Lets non-MSAL apps and Safari do the first sign-in and get the shared credential.",
            I(1),
        ),
        k(
            "AppPrefixAllowList",
            String,
            "string",
            "com.apple.",
            "Apps whose bundle ID starts with a listed prefix may use SSO; replaces the default.",
            S("com.apple.".into()),
        ),
        k(
            "disable_explicit_app_prompt",
            Integer,
            "integer",
            "1",
            "For non-MSAL apps: show the account picker instead of forced prompts.",
            I(1),
        ),
    ]
}

/// A short label for a fix, for `fix (Ctrl+F): <label>`.
pub fn fix_label(fix: &Fix) -> String {
    match fix {
        Fix::TrimBundleId(_) => "trim the spaces".into(),
        Fix::RemoveBundleId(_) => "remove it".into(),
        Fix::DedupBundleIds => "remove the duplicates".into(),
        Fix::RemoveMicrosoftApps => "remove all Microsoft apps".into(),
        Fix::TrimConfig(_) => "trim key and value".into(),
        Fix::RetypeConfig(_, t) => format!("make it {}", t.as_str()),
    }
}

/// Apply a fix to the draft.
pub fn apply_fix(fix: &Fix, draft: &mut Draft) {
    let ids = &mut draft.extension.bundle_ids;
    match fix {
        Fix::TrimBundleId(i) => {
            if let Some(id) = ids.get_mut(*i) {
                *id = id.trim().to_string();
            }
        }
        Fix::RemoveBundleId(i) => {
            if *i < ids.len() {
                ids.remove(*i);
            }
        }
        Fix::DedupBundleIds => {
            let mut seen = std::collections::HashSet::new();
            ids.retain(|id| seen.insert(id.to_ascii_lowercase()));
        }
        Fix::RemoveMicrosoftApps => {
            ids.retain(|id| !id.to_ascii_lowercase().starts_with("com.microsoft."));
        }
        Fix::TrimConfig(i) => {
            if let Some(p) = draft.extension.config.get_mut(*i) {
                p.key = p.key.trim().to_string();
                if let RawValue::String(s) = &mut p.value {
                    *s = s.trim().to_string();
                }
            }
        }
        Fix::RetypeConfig(i, t) => {
            if let Some(p) = draft.extension.config.get_mut(*i) {
                let text = p.value.to_string();
                *p = ConfigPair {
                    key: p.key.clone(),
                    kind: *t,
                    value: parse_value(*t, &text),
                };
            }
        }
    }
}

/// A value typed in the wizard, stored as its declared type when it reads as one and as
/// the string written otherwise (so the rules can report it rather than lose it).
pub fn parse_value(kind: ValueType, text: &str) -> RawValue {
    match kind {
        ValueType::String => RawValue::String(text.to_string()),
        ValueType::Integer => text
            .parse::<i64>()
            .map_or_else(|_| RawValue::String(text.to_string()), RawValue::Integer),
        ValueType::Boolean if text.eq_ignore_ascii_case("true") => RawValue::Boolean(true),
        ValueType::Boolean if text.eq_ignore_ascii_case("false") => RawValue::Boolean(false),
        ValueType::Boolean => RawValue::String(text.to_string()),
    }
}
