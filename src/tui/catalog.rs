//! The data the wizard's side panel and key picker show, and the fix hooks. Kept behind
//! these few functions so the source (the rules branch's `known.rs` and `Fix`) can be
//! swapped in one place.

use crate::draft::{DEVICE_REGISTRATION_TOKEN, Draft, RawValue, ValueType};
use crate::known;
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
    /// The value a new row starts with: Microsoft's recommended value, else the one that
    /// changes something (never the plug-in's default).
    pub initial: RawValue,
    /// Removed from Microsoft's current documentation.
    pub legacy: bool,
}

/// Microsoft apps that get the extension automatically: (bundle ID, name), without
/// Authenticator (it hosts the extension and is never in this list's sense "covered") and
/// without Defender (its own iOS guide asks for it in the list; see `known::DEFENDER`).
pub fn microsoft_apps() -> Vec<(&'static str, &'static str)> {
    let mut seen = std::collections::HashSet::new();
    let mut apps: Vec<(&'static str, &'static str)> = known::microsoft_apps()
        .iter()
        .filter(|(id, _)| {
            !id.eq_ignore_ascii_case(known::AUTHENTICATOR)
                && !id.eq_ignore_ascii_case(known::DEFENDER)
        })
        // The catalogue lists some apps twice (App Store and Intune spelling).
        .filter(|(_, name)| seen.insert(*name))
        .map(|(id, name)| (*id, *name))
        .collect();
    // The apps admins know best first; Teams leads because Microsoft recommends it for the
    // first sign-in after enrollment. The rest keep the catalogue's order.
    const FIRST: [&str; 3] = ["Microsoft Teams", "Microsoft Outlook", "Microsoft Edge"];
    apps.sort_by_key(|(_, name)| FIRST.iter().position(|f| f == name).unwrap_or(FIRST.len()));
    apps
}

/// Every known plug-in key, in picker order (legacy keys last, marked).
pub fn known_keys() -> Vec<PickerKey> {
    let mut v: Vec<PickerKey> = known::known_keys()
        .iter()
        .map(|k| {
            let value_type = k.value_type.preferred();
            let initial =
                recommended(k.name).unwrap_or_else(|| initial_value(value_type, k.default));
            PickerKey {
                name: k.name,
                value_type,
                type_label: k.value_type.as_str(),
                default: k.default,
                meaning: k.meaning,
                initial,
                legacy: k.legacy,
            }
        })
        .collect();
    v.sort_by_key(|k| k.legacy);
    v
}

/// Microsoft's recommended value for a key, where Microsoft recommends one: the JIT
/// article's two rows and the "common iOS set" of Microsoft's SSO plug-in article
/// (`AppPrefixAllowList=com.apple.`, `disable_explicit_app_prompt=1`). Starting from
/// `com.apple.` keeps Apple's apps working when the admin appends their own prefixes.
fn recommended(name: &str) -> Option<RawValue> {
    Some(match name {
        "device_registration" => RawValue::String(DEVICE_REGISTRATION_TOKEN.into()),
        "browser_sso_interaction_enabled" | "disable_explicit_app_prompt" => RawValue::Integer(1),
        "AppPrefixAllowList" => RawValue::String("com.apple.".into()),
        _ => return None,
    })
}

/// A new row's value where Microsoft recommends none: the one that changes something, the
/// opposite of the plug-in's default (a switch that is off by default, or whose default is
/// unstated, starts on). A row left at the default would do nothing. A text key starts
/// empty, with its value cell open for typing.
fn initial_value(t: ValueType, default: &str) -> RawValue {
    match (t, RawValue::from_cell(t, default)) {
        (ValueType::Integer, RawValue::Integer(1)) => RawValue::Integer(0),
        (ValueType::Integer, _) => RawValue::Integer(1),
        (ValueType::Boolean, RawValue::Boolean(true)) => RawValue::Boolean(false),
        (ValueType::Boolean, _) => RawValue::Boolean(true),
        (ValueType::String, _) => RawValue::String(String::new()),
    }
}

/// A short label for a fix, for `fix (Ctrl+F): <label>`.
pub fn fix_label(fix: &Fix) -> String {
    fix.label()
}

/// Apply a fix to the draft.
pub fn apply_fix(fix: &Fix, draft: &mut Draft) {
    fix.apply(draft);
}
