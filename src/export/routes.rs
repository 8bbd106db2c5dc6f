//! The routes to a device beyond the Intune template and the `.mobileconfig` (SPEC §9):
//! Jamf Pro's Custom Configuration plist and the values typed into its Single Sign-On
//! Extensions payload, the Intune custom profile body, and Apple's declarative
//! configuration.

use std::fmt::Write as _;

use base64::Engine as _;
use plist::Value as Plist;
use serde_json::{Map, Value, json};

use super::mobileconfig::{extension_data, extension_payload_keys, mobileconfig};
use super::{
    ENTRA_EXTENSION_ID, ENTRA_URLS, ExportError, KERBEROS_EXTENSION_ID, KERBEROS_TEAM_ID, precheck,
};
use crate::draft::{Draft, ExtensionType, slug};
use crate::rules::escape_for_terminal;

/// `Type` of Apple's declarative configuration for extensible SSO.
pub const DECLARATION_TYPE: &str = "com.apple.configuration.extensible-sso";

/// The Jamf Pro Custom Configuration plist: exactly the `.mobileconfig`'s `ExtensionData`
/// (config pairs, the inferred `AppAllowList`, `sharedDeviceMode` when on; the Kerberos
/// keys for Kerberos), as an XML plist.
pub fn jamf_plist(draft: &Draft) -> Result<Vec<u8>, ExportError> {
    precheck(draft)?;
    let mut bytes = Vec::new();
    Plist::Dictionary(extension_data(draft))
        .to_writer_xml(&mut bytes)
        .map_err(|e| ExportError {
            problems: vec![format!("could not write the Jamf Pro plist: {e}")],
        })?;
    if bytes.last() != Some(&b'\n') {
        bytes.push(b'\n');
    }
    Ok(bytes)
}

/// The extension identifier, team identifier, sign-on type and URLs or realm and hosts of
/// the draft's type, as the SSO payload writes them.
struct Target<'a> {
    extension_id: &'a str,
    team_id: &'a str,
    sso_type: &'static str,
    urls: Vec<&'a str>,
    realm: &'a str,
    hosts: Vec<&'a str>,
}

fn target(draft: &Draft) -> Target<'_> {
    let ext = &draft.extension;
    fn strs(v: &[String]) -> Vec<&str> {
        v.iter().map(String::as_str).collect()
    }
    match ext.kind {
        ExtensionType::EntraId => Target {
            extension_id: ENTRA_EXTENSION_ID,
            team_id: "",
            sso_type: "Redirect",
            urls: ENTRA_URLS.to_vec(),
            realm: "",
            hosts: Vec::new(),
        },
        ExtensionType::Redirect => Target {
            extension_id: &ext.extension_id,
            team_id: &ext.team_id,
            sso_type: "Redirect",
            urls: strs(&ext.urls),
            realm: "",
            hosts: Vec::new(),
        },
        ExtensionType::Credential => Target {
            extension_id: &ext.extension_id,
            team_id: &ext.team_id,
            sso_type: "Credential",
            urls: Vec::new(),
            realm: &ext.realm,
            hosts: strs(&ext.domains),
        },
        ExtensionType::Kerberos => Target {
            extension_id: KERBEROS_EXTENSION_ID,
            team_id: KERBEROS_TEAM_ID,
            sso_type: "Credential",
            urls: Vec::new(),
            realm: &ext.realm,
            hosts: strs(&ext.domains),
        },
    }
}

/// What to type into Jamf Pro's Single Sign-On Extensions payload (Microsoft's "Jamf Pro"
/// tab of its iOS/iPadOS plug-in guide names these fields), and where the plist goes.
/// `plist_name` is the Custom Configuration file to upload. Outside text is escaped.
pub fn jamf_values(draft: &Draft, plist_name: &str) -> String {
    let t = target(draft);
    let mut out = String::new();
    let _ = writeln!(
        out,
        "Jamf Pro › Devices › Configuration Profiles › New › Single Sign-On Extensions › Add:"
    );
    let _ = writeln!(out, "  Payload Type:          SSO");
    let _ = writeln!(
        out,
        "  Extension Identifier:  {}",
        escape_for_terminal(t.extension_id)
    );
    let team = if t.team_id.is_empty() {
        "(leave blank)".to_string()
    } else {
        escape_for_terminal(t.team_id)
    };
    let _ = writeln!(out, "  Team Identifier:       {team}");
    let _ = writeln!(out, "  Sign-On Type:          {}", t.sso_type);
    if !t.urls.is_empty() {
        let _ = writeln!(out, "  URLs (one at a time):");
        for u in &t.urls {
            let _ = writeln!(out, "    {}", escape_for_terminal(u));
        }
    }
    if !t.realm.is_empty() {
        let _ = writeln!(
            out,
            "  Realm:                 {}",
            escape_for_terminal(t.realm)
        );
    }
    if !t.hosts.is_empty() {
        let _ = writeln!(out, "  Hosts (one at a time):");
        for h in &t.hosts {
            let _ = writeln!(out, "    {}", escape_for_terminal(h));
        }
    }
    let _ = writeln!(
        out,
        "  Custom Configuration:  upload {}",
        escape_for_terminal(plist_name)
    );
    let kept = extension_payload_keys(draft);
    if !kept.is_empty() {
        let _ = writeln!(
            out,
            "  Also set in the payload, where your Jamf Pro version offers it:"
        );
        for (key, value) in &kept {
            let _ = writeln!(
                out,
                "    {}: {}",
                escape_for_terminal(key),
                escape_for_terminal(&short_plist(value))
            );
        }
    }
    out
}

/// A plist value in one line, for instructions.
fn short_plist(value: &Plist) -> String {
    match value {
        Plist::String(s) => s.clone(),
        Plist::Array(items) => items.iter().map(short_plist).collect::<Vec<_>>().join(", "),
        Plist::Boolean(b) => b.to_string(),
        Plist::Integer(i) => i.to_string(),
        Plist::Real(r) => r.to_string(),
        Plist::Dictionary(d) => format!("({} keys)", d.len()),
        other => format!("{other:?}"),
    }
}

/// `JAMF.md` of the `all` folder: the Jamf Pro route step by step.
pub fn jamf_md(draft: &Draft, slug: &str) -> String {
    let plist = format!("{slug}.jamf.plist");
    let name = escape_for_terminal(&draft.profile.name);
    let mut md = String::new();
    let _ = write!(
        md,
        "# \"{name}\" in Jamf Pro

Microsoft's guide to the Enterprise SSO plug-in on iOS/iPadOS has a Jamf Pro tab; these are
its steps with this profile's values. Jamf Pro takes the extension's settings as a
*Custom Configuration* plist: `{plist}` in this folder.

1. In Jamf Pro, create an iOS/iPadOS configuration profile and give it the name above.
2. Add a **Single Sign-On Extensions** payload with these values:

```
{values}```

3. Scope the profile to the users or devices that should get it, and save.
",
        values = jamf_values(draft, &plist),
    );
    if draft.extension.kind == ExtensionType::EntraId {
        let _ = write!(
            md,
            "
Microsoft Authenticator hosts the plug-in on iOS/iPadOS: deploy it to the same devices
(Jamf Pro › Mobile Device Apps). Jamf Pro does not substitute Intune's
`{{{{DEVICEREGISTRATION}}}}` token, so JIT registration needs Intune's device features
template (see REQUESTS.md).
"
        );
    }
    md
}

/// The Intune custom profile body (`#microsoft.graph.iosCustomConfiguration`) carrying
/// the exact `.mobileconfig` bytes, for keys the device features template cannot carry.
pub fn graph_custom(draft: &Draft) -> Result<Value, ExportError> {
    let bytes = mobileconfig(draft)?;
    let profile = &draft.profile;
    Ok(json!({
        "@odata.type": "#microsoft.graph.iosCustomConfiguration",
        "displayName": profile.name,
        "description": profile.description,
        "roleScopeTagIds": profile.scope_tags,
        // What the admin center shows as "Custom configuration profile name".
        "payloadName": profile.name,
        "payloadFileName": format!("{}.mobileconfig", slug(&profile.name)),
        "payload": base64::engine::general_purpose::STANDARD.encode(&bytes),
    }))
}

/// Apple's declarative configuration `com.apple.configuration.extensible-sso` (iOS,
/// iPadOS and macOS 27): the `.mobileconfig` payload's settings with
/// `ExtensionComposedIdentifier` (on iOS the bundle ID alone), and a `ServerToken` that
/// changes exactly when the content does.
pub fn declaration(draft: &Draft) -> Result<Value, ExportError> {
    precheck(draft)?;
    let t = target(draft);
    let mut payload = Map::new();
    payload.insert("ExtensionComposedIdentifier".into(), t.extension_id.into());
    payload.insert("Type".into(), t.sso_type.into());
    if !t.urls.is_empty() {
        payload.insert("URLs".into(), json!(t.urls));
    }
    if !t.realm.is_empty() {
        payload.insert("Realm".into(), t.realm.into());
    }
    if !t.hosts.is_empty() {
        payload.insert("Hosts".into(), json!(t.hosts));
    }
    let data = extension_data(draft);
    if !data.is_empty() {
        payload.insert(
            "ExtensionData".into(),
            plist_to_json(&Plist::Dictionary(data)),
        );
    }
    // Of the payload's other keys, the declaration has these two (facts file); the rest
    // are named by X005 (rules/convert.rs).
    for (key, value) in extension_payload_keys(draft) {
        if DECLARATION_EXTRA_KEYS.contains(&key.as_str()) {
            payload.insert(key, plist_to_json(&value));
        }
    }
    let identifier = draft.profile.effective_identifier();
    let content = json!({
        "Type": DECLARATION_TYPE,
        "Identifier": identifier,
        "Payload": Value::Object(payload.clone()),
    });
    // A name-based UUID of the content: deterministic (re-exports are byte-identical) and
    // different for any change of type, identifier or payload.
    let token = uuid::Uuid::new_v5(
        &uuid::Uuid::NAMESPACE_OID,
        serde_json::to_string(&content)
            .expect("JSON value serialises")
            .as_bytes(),
    )
    .to_string();
    Ok(json!({
        "Type": DECLARATION_TYPE,
        "Identifier": identifier,
        "ServerToken": token,
        "Payload": Value::Object(payload),
    }))
}

/// Payload keys of the declaration besides the ones every SSO payload has (Apple's
/// `extensible-sso.yaml`; `PlatformSSO` and `WebAuthentication` are macOS-only).
pub const DECLARATION_EXTRA_KEYS: &[&str] = &["DeniedBundleIdentifiers", "ScreenLockedBehavior"];

/// A plist value as JSON (dates as their XML text).
fn plist_to_json(value: &Plist) -> Value {
    match value {
        Plist::String(s) => Value::String(s.clone()),
        Plist::Boolean(b) => Value::Bool(*b),
        Plist::Integer(i) => i
            .as_signed()
            .map_or_else(|| Value::String(i.to_string()), Value::from),
        Plist::Real(r) => serde_json::Number::from_f64(*r).map_or(Value::Null, Value::Number),
        Plist::Array(items) => Value::Array(items.iter().map(plist_to_json).collect()),
        Plist::Dictionary(d) => Value::Object(
            d.iter()
                .map(|(k, v)| (k.clone(), plist_to_json(v)))
                .collect(),
        ),
        Plist::Date(d) => Value::String(d.to_xml_format()),
        // Data and UIDs never come from a draft (import names them X005 and drops them).
        _ => Value::Null,
    }
}
