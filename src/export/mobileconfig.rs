//! The `.mobileconfig` (SPEC §5.1): an XML plist with keys in a fixed order, so that
//! re-exports of the same draft are byte-identical and diff cleanly.

use plist::{Dictionary, Value};

use super::{
    ENTRA_EXTENSION_ID, ENTRA_URLS, ExportError, KERBEROS_EXTENSION_ID, KERBEROS_TEAM_ID,
    payload_identifier, payload_uuid, precheck, profile_uuid,
};
use crate::draft::{Draft, ExtensionType, Kept, TypedValue};

/// The Apple configuration profile for `draft`, as the bytes of an XML plist ending in a
/// newline. Refuses a draft [`precheck`] refuses.
pub fn mobileconfig(draft: &Draft) -> Result<Vec<u8>, ExportError> {
    precheck(draft)?;
    let profile = &draft.profile;

    let mut top = Dictionary::new();
    top.insert(
        "PayloadContent".into(),
        Value::Array(vec![Value::Dictionary(payload(draft))]),
    );
    if !profile.description.is_empty() {
        top.insert("PayloadDescription".into(), s(&profile.description));
    }
    top.insert("PayloadDisplayName".into(), s(&profile.name));
    top.insert(
        "PayloadIdentifier".into(),
        s(&profile.effective_identifier()),
    );
    if !profile.organization.is_empty() {
        top.insert("PayloadOrganization".into(), s(&profile.organization));
    }
    top.insert("PayloadType".into(), s("Configuration"));
    top.insert("PayloadUUID".into(), s(&profile_uuid(draft)));
    top.insert("PayloadVersion".into(), int(1));
    // 1 = iPhone/iPad: keeps a manual install from offering the profile to a Mac.
    top.insert("TargetDeviceType".into(), int(1));
    kept(&mut top, &profile.apple_keys);

    let mut bytes = Vec::with_capacity(4096 + 64 * draft.extension.bundle_ids.len());
    Value::Dictionary(top)
        .to_writer_xml(&mut bytes)
        .map_err(|e| ExportError {
            problems: vec![format!("could not write the .mobileconfig: {e}")],
        })?;
    // The plist crate ends at `</plist>`; POSIX text files end with a newline.
    if bytes.last() != Some(&b'\n') {
        bytes.push(b'\n');
    }
    Ok(bytes)
}

/// The `com.apple.extensiblesso` payload dictionary.
fn payload(draft: &Draft) -> Dictionary {
    let ext = &draft.extension;
    let mut p = Dictionary::new();
    p.insert("PayloadType".into(), s("com.apple.extensiblesso"));
    p.insert("PayloadVersion".into(), int(1));
    p.insert("PayloadIdentifier".into(), s(&payload_identifier(draft)));
    p.insert("PayloadUUID".into(), s(&payload_uuid(draft)));
    p.insert(
        "PayloadDisplayName".into(),
        s(ext
            .payload_display_name
            .as_deref()
            .unwrap_or(display_name(ext.kind))),
    );
    if let Some(org) = &ext.payload_organization {
        p.insert("PayloadOrganization".into(), s(org));
    }
    if let Some(description) = &ext.payload_description {
        p.insert("PayloadDescription".into(), s(description));
    }

    match ext.kind {
        ExtensionType::EntraId => {
            p.insert("ExtensionIdentifier".into(), s(ENTRA_EXTENSION_ID));
            // No TeamIdentifier: Apple ignores it on iOS and Microsoft no longer documents it.
            p.insert("Type".into(), s("Redirect"));
            p.insert("URLs".into(), strings(ENTRA_URLS));
            insert_nonempty(&mut p, "ExtensionData", extension_data(draft));
        }
        ExtensionType::Redirect => {
            p.insert("ExtensionIdentifier".into(), s(&ext.extension_id));
            if !ext.team_id.is_empty() {
                p.insert("TeamIdentifier".into(), s(&ext.team_id));
            }
            p.insert("Type".into(), s("Redirect"));
            p.insert("URLs".into(), strings(&ext.urls));
            insert_nonempty(&mut p, "ExtensionData", extension_data(draft));
        }
        ExtensionType::Credential => {
            p.insert("ExtensionIdentifier".into(), s(&ext.extension_id));
            if !ext.team_id.is_empty() {
                p.insert("TeamIdentifier".into(), s(&ext.team_id));
            }
            p.insert("Type".into(), s("Credential"));
            if !ext.realm.is_empty() {
                p.insert("Realm".into(), s(&ext.realm));
            }
            p.insert("Hosts".into(), strings(&ext.domains));
            insert_nonempty(&mut p, "ExtensionData", extension_data(draft));
        }
        ExtensionType::Kerberos => {
            p.insert("ExtensionIdentifier".into(), s(KERBEROS_EXTENSION_ID));
            p.insert("TeamIdentifier".into(), s(KERBEROS_TEAM_ID));
            p.insert("Type".into(), s("Credential"));
            p.insert("Realm".into(), s(&ext.realm));
            p.insert("Hosts".into(), strings(&ext.domains));
            insert_nonempty(&mut p, "ExtensionData", extension_data(draft));
        }
    }
    kept(&mut p, &ext.apple_keys);
    p
}

/// The payload's `ExtensionData` for the draft's type: the same dictionary the Jamf Pro
/// plist and the declaration carry.
pub(super) fn extension_data(draft: &Draft) -> Dictionary {
    match draft.extension.kind {
        ExtensionType::EntraId => entra_data(draft),
        ExtensionType::Redirect | ExtensionType::Credential => config_data(draft),
        ExtensionType::Kerberos => kerberos_data(draft),
    }
}

/// The SSO payload's kept Apple keys (`DeniedBundleIdentifiers`, …) as plist values.
pub(super) fn extension_payload_keys(draft: &Draft) -> Vec<(String, Value)> {
    draft
        .extension
        .apple_keys
        .0
        .iter()
        .map(|(k, v)| (k.clone(), plist_value(v)))
        .collect()
}

/// Apple keys kept from an import (SPEC §8), after the ones sso-wizard writes; a kept key
/// never replaces one of those (an answers file may name one by hand).
fn kept(dict: &mut Dictionary, keys: &Kept) {
    for (key, value) in &keys.0 {
        if !dict.contains_key(key) {
            dict.insert(key.clone(), plist_value(value));
        }
    }
}

/// A kept TOML value as the plist value it was read from.
fn plist_value(value: &toml::Value) -> Value {
    match value {
        toml::Value::String(v) => s(v),
        toml::Value::Integer(i) => int(*i),
        toml::Value::Float(f) => Value::Real(*f),
        toml::Value::Boolean(b) => Value::Boolean(*b),
        toml::Value::Datetime(d) => plist::Date::from_xml_format(&d.to_string())
            .map_or_else(|_| s(&d.to_string()), Value::Date),
        toml::Value::Array(items) => Value::Array(items.iter().map(plist_value).collect()),
        toml::Value::Table(t) => {
            Value::Dictionary(t.iter().map(|(k, v)| (k.clone(), plist_value(v))).collect())
        }
    }
}

/// The inner `PayloadDisplayName`, fixed per type: it names the extension, while the
/// profile's own name is already the top-level `PayloadDisplayName`.
pub(crate) fn display_name(kind: ExtensionType) -> &'static str {
    match kind {
        ExtensionType::EntraId => "Microsoft Enterprise SSO plug-in",
        ExtensionType::Redirect => "Redirect SSO app extension",
        ExtensionType::Credential => "Credential SSO app extension",
        ExtensionType::Kerberos => "Kerberos SSO extension",
    }
}

/// `ExtensionData` is optional in Apple's schema; an empty `<dict/>` says nothing, so it is
/// left out (and an import of the file then reads back the same empty config).
fn insert_nonempty(p: &mut Dictionary, key: &str, data: Dictionary) {
    if !data.is_empty() {
        p.insert(key.into(), Value::Dictionary(data));
    }
}

/// The "Additional configuration" rows, typed, in order. [`precheck`] has already
/// refused untyped values and duplicate keys.
fn config_data(draft: &Draft) -> Dictionary {
    let mut data = Dictionary::new();
    for pair in &draft.extension.config {
        let value = match pair.typed() {
            Ok(TypedValue::String(v)) => Value::String(v),
            Ok(TypedValue::Integer(i)) => int(i64::from(i)),
            Ok(TypedValue::Boolean(b)) => Value::Boolean(b),
            Err(_) => continue,
        };
        data.insert(pair.key.clone(), value);
    }
    data
}

/// entra-id: the rows, then the two *inferred* mappings of Intune's switches (SPEC §5.1):
/// App bundle IDs → `AppAllowList` (comma list), shared device mode → `sharedDeviceMode`.
fn entra_data(draft: &Draft) -> Dictionary {
    let ext = &draft.extension;
    let mut data = config_data(draft);
    if !ext.bundle_ids.is_empty() {
        let merged = match data.get("AppAllowList").and_then(Value::as_string) {
            // An AppAllowList row and bundle IDs both given (K014 warns): the device reads
            // one key, so merge them in the row's position — its entries first, then the
            // bundle IDs it does not already list. Entries are trimmed (the plug-in splits on
            // "," only, so a stray space would make an entry never match).
            Some(row) => {
                let mut entries: Vec<&str> = row
                    .split(',')
                    .map(str::trim)
                    .filter(|e| !e.is_empty())
                    .collect();
                for id in &ext.bundle_ids {
                    if !entries.contains(&id.as_str()) {
                        entries.push(id);
                    }
                }
                entries.join(",")
            }
            None => ext.bundle_ids.join(","),
        };
        // Dictionary::insert keeps an existing key's position.
        data.insert("AppAllowList".into(), Value::String(merged));
    }
    if ext.shared_device_mode {
        // The switch wins over a `sharedDeviceMode` row, as Intune's switch would.
        data.insert("sharedDeviceMode".into(), Value::Boolean(true));
    }
    data
}

/// kerberos: Apple's Kerberos keys mapped from the Intune fields, each only when set, in
/// the order of Intune's form. Config rows are not exported (see `exports_config`).
fn kerberos_data(draft: &Draft) -> Dictionary {
    let ext = &draft.extension;
    let k = &ext.kerberos;
    let mut data = Dictionary::new();
    if k.block_keychain_usage {
        data.insert("allowAutomaticLogin".into(), Value::Boolean(false));
    }
    if k.require_user_presence {
        data.insert("requireUserPresence".into(), Value::Boolean(true));
    }
    if k.default_realm {
        data.insert("isDefaultRealm".into(), Value::Boolean(true));
    }
    if k.block_autodiscover {
        data.insert("useSiteAutoDiscovery".into(), Value::Boolean(false));
    }
    if k.managed_apps_only {
        data.insert(
            "includeManagedAppsInBundleIdACL".into(),
            Value::Boolean(true),
        );
    }
    for (key, value) in [
        ("principalName", &k.principal_name),
        ("siteCode", &k.site_code),
        ("cacheName", &k.cache_name),
        ("helpText", &k.sign_in_help_text),
    ] {
        if !value.is_empty() {
            data.insert(key.into(), s(value));
        }
    }
    if !ext.bundle_ids.is_empty() {
        data.insert("credentialBundleIdACL".into(), strings(&ext.bundle_ids));
    }
    if !k.domain_realms.is_empty() {
        let mut mapping = Dictionary::new();
        mapping.insert(ext.realm.clone(), strings(&k.domain_realms));
        data.insert("domainRealmMapping".into(), Value::Dictionary(mapping));
    }
    kept(&mut data, &k.apple_keys);
    data
}

fn s(v: &str) -> Value {
    Value::String(v.to_string())
}

fn int(i: i64) -> Value {
    Value::Integer(i.into())
}

fn strings<S: AsRef<str>>(items: impl IntoIterator<Item = S>) -> Value {
    Value::Array(items.into_iter().map(|v| s(v.as_ref())).collect())
}
