//! Graph JSON → [`Draft`]: the reverse of SPEC §5.2.
//!
//! Accepts the create body sso-wizard writes and what Intune returns from
//! `GET …/deviceConfigurations/{id}` (or a one-profile list): server-managed properties,
//! `…@odata.type` annotations and `null`/empty properties of the wider
//! `iosDeviceFeaturesConfiguration` are tolerated silently; anything with a value the
//! draft cannot carry is reported in a note.

use serde_json::{Map, Value};

use super::{ImportError, Imported, Log, SourceKind};
use crate::draft::{
    ConfigPair, Draft, Extension, ExtensionType, FORMAT_VERSION, Filter, FilterMode, Group,
    Kerberos, Profile, RawValue, Target, ValueType,
};
use crate::rules::{Severity, escape_for_terminal, quote};

const PROFILE_TYPE: &str = "microsoft.graph.iosDeviceFeaturesConfiguration";

type Object = Map<String, Value>;

/// `#microsoft.graph.X` → `X`, tolerating a missing `#` and any case (Graph itself is
/// case-insensitive about type names on input).
fn short_type(v: Option<&Value>) -> Option<String> {
    let t = v?.as_str()?;
    let t = t.strip_prefix('#').unwrap_or(t);
    let lower = t.to_ascii_lowercase();
    Some(
        lower
            .strip_prefix("microsoft.graph.")
            .unwrap_or(&lower)
            .to_string(),
    )
}

/// A property that carries nothing: `null`, `[]`, `{}`, `""`, `false`, `"notConfigured"`
/// (how a GET shows every property the admin never touched).
fn is_blank(v: &Value) -> bool {
    match v {
        Value::Null => true,
        Value::Bool(b) => !b,
        Value::String(s) => s.is_empty() || s == "notConfigured",
        Value::Array(a) => a.is_empty(),
        Value::Object(o) => o.is_empty(),
        Value::Number(_) => false,
    }
}

/// Properties Graph manages itself, or that describe the response, not the profile.
fn is_server_noise(key: &str) -> bool {
    key.contains('@')
        || matches!(
            key,
            "id" | "createdDateTime" | "lastModifiedDateTime" | "version" | "supportsScopeTags"
        )
}

/// Import a JSON document.
pub(super) fn import_json(text: &str) -> Result<Imported, ImportError> {
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    // serde_json stops at 128 levels of nesting with an error, so hostile depth is safe.
    let root: Value = serde_json::from_str::<Unique>(text)
        .map(|u| u.0)
        .map_err(|e| {
            let (line, column) = (e.line(), e.column());
            let message = strip_position(&e.to_string());
            let err = match message.strip_prefix(DUPLICATE) {
                // Source: RFC 8259 §4 (names SHOULD be unique; readers differ on duplicates).
                Some(key) => ImportError::x002(
                    format!(
                        "the key {} appears twice in one JSON object: readers differ on which \
                         one they keep (or refuse the file), so what you see is not \
                         necessarily what Intune gets",
                        quote(key)
                    ),
                    "delete the copy you do not mean, then import again",
                ),
                None => ImportError::x002(
                    format!("the JSON is malformed: {}", escape_for_terminal(&message)),
                    "fix the JSON at that position, or export the profile from Graph again",
                ),
            };
            // serde_json reports line 0 only for errors without a position (I/O, which a
            // string cannot raise): cargo-mutants' `>=` here is equivalent in practice.
            if line > 0 { err.at(line, column) } else { err }
        })?;
    // A bare array of profiles reads like a Graph list's `value`.
    let root = match root {
        Value::Array(items) => {
            let mut list = Map::new();
            list.insert("value".into(), Value::Array(items));
            Value::Object(list)
        }
        other => other,
    };
    let Value::Object(obj) = root else {
        return Err(ImportError::x002(
            "the JSON is not an object",
            "import the JSON of an Intune iOS device features profile (the Graph create body or a GET response)",
        ));
    };
    let mut notes = Log::default();
    // A bare `iosSingleSignOnExtension` object (what some scripts keep): wrap it in the
    // profile it came from.
    let obj = if is_extension_object(&obj) {
        notes.push(
            "this is a bare Graph iosSingleSignOnExtension object, not a whole profile: give the \
             profile a name"
                .into(),
        );
        let mut wrapper = Map::new();
        wrapper.insert(
            "@odata.type".into(),
            Value::String(format!("#{PROFILE_TYPE}")),
        );
        wrapper.insert("iosSingleSignOnExtension".into(), Value::Object(obj));
        wrapper
    } else {
        obj
    };
    let obj = unwrap_list(&obj, &mut notes)?;
    let mut draft = import_profile(obj, &mut notes)?;
    let mut imported_assignments = false;
    if let Some(list) = obj.get("assignments").filter(|v| !is_blank(v)) {
        imported_assignments = assignments(list, &mut draft, &mut notes);
    }
    let mut imported = notes.into_imported(draft, SourceKind::Graph, 1);
    imported.carries_assignments = imported_assignments;
    Ok(imported)
}

/// A Settings catalog policy, as Graph returns it (`technologies` and `platforms`, the
/// `deviceManagementConfigurationPolicy` type) or as IntuneManagement exports it (a `name`
/// and a `settings` array of `settingInstance`s, often with `assignments`).
fn is_settings_catalog(obj: &Object) -> bool {
    let typed = short_type(obj.get("@odata.type"))
        .is_some_and(|t| t.starts_with("devicemanagementconfigurationpolic"));
    let settings = obj
        .get("settings")
        .and_then(Value::as_array)
        .is_some_and(|items| {
            items.iter().any(|i| {
                i.get("settingInstance").is_some() || i.get("settingDefinitionId").is_some()
            })
        });
    typed || settings || (obj.contains_key("technologies") && obj.contains_key("platforms"))
}

/// One of the four iOS SSO extension types as a JSON object of its own.
fn is_extension_object(obj: &Object) -> bool {
    matches!(
        short_type(obj.get("@odata.type")).as_deref(),
        Some(
            "iosazureadsinglesignonextension"
                | "iosredirectsinglesignonextension"
                | "ioscredentialsinglesignonextension"
                | "ioskerberossinglesignonextension"
        )
    )
}

/// `assignments` of a `GET …?$expand=assignments` answer into the draft's assignments.
/// Returns whether they were read (so the assign bodies use them, not the defaults).
fn assignments(list: &Value, draft: &mut Draft, notes: &mut Log) -> bool {
    let Value::Array(items) = list else {
        notes.lost(
            Severity::Warning,
            &format!("assignments ({})", json_kind(list)),
            "Graph returns assignments as an array",
        );
        return false;
    };
    let a = &mut draft.assignments;
    a.target = Target::None;
    a.include_groups.clear();
    a.exclude_groups.clear();
    a.filter = None;
    for (i, item) in items.iter().enumerate() {
        let target = item.get("target").and_then(Value::as_object);
        let Some(target) = target else {
            notes.lost(
                Severity::Warning,
                &format!("assignments[{i}]"),
                "it has no target",
            );
            continue;
        };
        let group = || Group {
            id: target
                .get("groupId")
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_string(),
            name: String::new(),
        };
        let include = match short_type(target.get("@odata.type")).as_deref() {
            Some("alllicensedusersassignmenttarget") => {
                a.target = Target::AllUsers;
                true
            }
            Some("alldevicesassignmenttarget") => {
                a.target = Target::AllDevices;
                true
            }
            Some("groupassignmenttarget") => {
                if a.target == Target::None {
                    a.target = Target::Groups;
                }
                a.include_groups.push(group());
                true
            }
            Some("exclusiongroupassignmenttarget") => {
                a.exclude_groups.push(group());
                false
            }
            _ => {
                notes.lost(
                    Severity::Warning,
                    &format!(
                        "assignments[{i}] with target {}",
                        json_shown(target.get("@odata.type").unwrap_or(&Value::Null))
                    ),
                    "sso-wizard assigns to all users, all devices or groups",
                );
                continue;
            }
        };
        let filter_id = target
            .get("deviceAndAppManagementAssignmentFilterId")
            .and_then(Value::as_str)
            .filter(|f| !f.is_empty());
        if let (true, Some(id)) = (include, filter_id) {
            let mode = match target
                .get("deviceAndAppManagementAssignmentFilterType")
                .and_then(Value::as_str)
            {
                Some("exclude") => FilterMode::Exclude,
                _ => FilterMode::Include,
            };
            a.filter = Some(Filter {
                id: id.to_string(),
                mode,
            });
        }
    }
    notes.push(format!(
        "read {} assignment(s) from the profile ($expand=assignments); group names are not in \
         Graph's answer, only their ids",
        items.len()
    ));
    true
}

/// The start of the error [`Unique`] raises; the key follows it.
const DUPLICATE: &str = "duplicate key: ";

/// A JSON value read like `serde_json::Value`, except that an object naming a key twice is
/// an error: `Value` keeps the last silently, so a hidden first `bundleIdAccessControlList`
/// would pass unseen (SPEC §6 X002). The error carries serde_json's line and column.
struct Unique(Value);

impl<'de> serde::Deserialize<'de> for Unique {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(UniqueVisitor).map(Unique)
    }
}

struct UniqueVisitor;

impl<'de> serde::de::Visitor<'de> for UniqueVisitor {
    type Value = Value;

    // Only shown when a visitor refuses a value; this one takes every JSON value, so
    // nothing shows it (cargo-mutants' empty `expecting` is equivalent).
    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a JSON value")
    }
    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(Value::from(v))
    }
    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        Ok(Value::from(v))
    }
    fn visit_f64<E>(self, v: f64) -> Result<Value, E> {
        Ok(serde_json::Number::from_f64(v).map_or(Value::Null, Value::Number))
    }
    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(v.to_string()))
    }
    // serde_json's `from_str` hands strings to `visit_str`/`visit_borrowed_str` and null to
    // `visit_unit`; `Value::default()` is `Null`: cargo-mutants' `Ok(Default::default())`
    // for `visit_string`, `visit_unit` and `visit_none` changes nothing observable.
    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(v))
    }
    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::new();
        while let Some(Unique(v)) = seq.next_element()? {
            items.push(v);
        }
        Ok(Value::Array(items))
    }
    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut obj = Map::new();
        while let Some(key) = map.next_key::<String>()? {
            if obj.contains_key(&key) {
                return Err(serde::de::Error::custom(format!("{DUPLICATE}{key}")));
            }
            let Unique(v) = map.next_value()?;
            obj.insert(key, v);
        }
        Ok(Value::Object(obj))
    }
}

/// serde_json appends " at line L column C"; we report those separately.
fn strip_position(msg: &str) -> String {
    match msg.rfind(" at line ") {
        Some(i) => msg[..i].to_string(),
        None => msg.to_string(),
    }
}

/// A `GET …/deviceConfigurations?$filter=…` answer is `{"value": [ … ]}`: take the iOS
/// device features profile(s) out of it.
fn unwrap_list<'a>(obj: &'a Object, notes: &mut Log) -> Result<&'a Object, ImportError> {
    if is_settings_catalog(obj) {
        return Err(ImportError::x002(
            "this is a Settings catalog policy (configurationPolicies), not a device features \
             profile: its settings are a different kind of Intune profile",
            "sso-wizard reads the iOS/iPadOS Device features template (deviceConfigurations): \
             GET …/beta/deviceManagement/deviceConfigurations/{id}",
        ));
    }
    let assign_body = obj.contains_key("assignments") || obj.contains_key("mobileAppAssignments");
    if assign_body
        && !obj.contains_key("displayName")
        && !obj.contains_key("iosSingleSignOnExtension")
    {
        return Err(ImportError::x002(
            "this is an assign body, not a profile",
            "import the profile itself (the create body, or GET …/deviceConfigurations/{id})",
        ));
    }
    // Source: Graph beta deviceManagementConfigurationPolicy (`platforms`, `technologies`).
    let Some(Value::Array(items)) = obj.get("value") else {
        return Ok(obj);
    };
    if obj.contains_key("displayName") {
        return Ok(obj);
    }
    let profiles: Vec<&Object> = items
        .iter()
        .filter_map(Value::as_object)
        .filter(|o| {
            short_type(o.get("@odata.type")).as_deref() == Some("iosdevicefeaturesconfiguration")
        })
        .collect();
    match profiles.as_slice() {
        [] => Err(ImportError::x002(
            "this Graph list holds no iOS device features profile",
            "import one profile: GET …/deviceConfigurations/{id}",
        )),
        [one] => {
            notes.push("this is a Graph list; imported its one iOS device features profile".into());
            Ok(one)
        }
        [first, ..] => {
            let names: Vec<String> = profiles
                .iter()
                .map(|p| {
                    p.get("displayName")
                        .and_then(Value::as_str)
                        .map_or_else(|| "(unnamed)".into(), quote)
                })
                .collect();
            notes.push(format!(
                "this Graph list holds {} iOS device features profiles ({}); imported the first",
                profiles.len(),
                names.join(", ")
            ));
            Ok(first)
        }
    }
}

fn import_profile(obj: &Object, notes: &mut Log) -> Result<Draft, ImportError> {
    match short_type(obj.get("@odata.type")) {
        Some(t) if t == "iosdevicefeaturesconfiguration" => {}
        Some(_) => {
            let shown = obj.get("@odata.type").and_then(Value::as_str).unwrap_or("");
            return Err(ImportError::x002(
                format!(
                    "this Graph profile is a {}, not an iOS/iPadOS device features profile (#{PROFILE_TYPE})",
                    quote(shown)
                ),
                "import an iOS/iPadOS device features profile with a Single sign-on app extension",
            ));
        }
        None => {
            if obj.get("iosSingleSignOnExtension").is_none()
                && obj.get("singleSignOnExtension").is_none()
            {
                return Err(ImportError::x002(
                    "this JSON is not a Graph profile: it has no @odata.type and no iosSingleSignOnExtension",
                    "import the Graph create body or the GET response of an iOS device features profile",
                ));
            }
            notes.push(format!(
                "the JSON has no @odata.type; read as #{PROFILE_TYPE}"
            ));
        }
    }

    let ext_value = match (
        obj.get("iosSingleSignOnExtension"),
        obj.get("singleSignOnExtension"),
    ) {
        (Some(v @ Value::Object(_)), _) => v,
        (_, Some(v @ Value::Object(_))) => {
            notes.push(
                "read the deprecated singleSignOnExtension property; the export writes iosSingleSignOnExtension".into(),
            );
            v
        }
        _ => {
            return Err(ImportError::x002(
                "this profile has no Single sign-on app extension (iosSingleSignOnExtension is null or missing)",
                "in Intune the SSO app extension type is \"Not configured\": choose a type there, or build the profile with `sso-wizard`",
            ));
        }
    };
    let Value::Object(ext_obj) = ext_value else {
        unreachable!("matched as an object above")
    };

    let mut profile = Profile {
        name: string_prop(obj, "displayName", notes),
        description: string_prop(obj, "description", notes),
        ..Profile::default()
    };
    match obj.get("roleScopeTagIds") {
        None | Some(Value::Null) => {}
        Some(v) => profile.scope_tags = string_list(v, "roleScopeTagIds", notes),
    }
    for (key, value) in obj {
        let known = matches!(
            key.as_str(),
            "displayName"
                | "description"
                | "roleScopeTagIds"
                | "iosSingleSignOnExtension"
                | "singleSignOnExtension"
        );
        if key.starts_with("deviceManagementApplicabilityRule") && !is_blank(value) {
            // Applicability rules narrow which devices get the profile: losing one widens
            // the audience, so it is named on its own.
            notes.lost(
                Severity::Warning,
                &format!(
                    "the applicability rule {} = {}",
                    escape_for_terminal(key),
                    json_shown(value)
                ),
                "sso-wizard's Graph body has no applicability rules; set it again on the new \
                 profile in Intune (Properties › Applicability rules)",
            );
            continue;
        }
        if key == "assignments" {
            continue;
        }
        if !known && !is_server_noise(key) && !is_blank(value) {
            notes.lost(
                Severity::Warning,
                &format!(
                    "the property {} = {}",
                    escape_for_terminal(key),
                    json_shown(value)
                ),
                "an sso-wizard profile carries only the SSO app extension; the Intune profile \
                 it came from keeps it",
            );
        }
    }

    let extension = import_extension(ext_obj, notes)?;
    let mut draft = Draft {
        format: FORMAT_VERSION,
        profile,
        extension,
        assignments: Default::default(),
        authenticator: Default::default(),
    };
    // Only the Entra ID plug-in lives in Authenticator (SPEC §8).
    draft.authenticator.required = draft.extension.kind == ExtensionType::EntraId;
    Ok(draft)
}

fn string_prop(obj: &Object, key: &str, notes: &mut Log) -> String {
    match obj.get(key) {
        None | Some(Value::Null) => String::new(),
        Some(Value::String(s)) => s.clone(),
        Some(other) => {
            notes.lost(
                Severity::Warning,
                &format!("{key} ({})", json_kind(other)),
                "Graph defines it as a string",
            );
            String::new()
        }
    }
}

fn bool_prop(obj: &Object, key: &str, notes: &mut Log) -> bool {
    match obj.get(key) {
        None | Some(Value::Null) => false,
        Some(Value::Bool(b)) => *b,
        Some(other) => {
            notes.lost(
                Severity::Warning,
                &format!("{key} ({})", json_kind(other)),
                "Graph defines it as a boolean",
            );
            false
        }
    }
}

fn string_list(v: &Value, key: &str, notes: &mut Log) -> Vec<String> {
    match v {
        Value::Null => Vec::new(),
        Value::Array(items) => {
            let mut out = Vec::with_capacity(items.len());
            for item in items {
                match item {
                    Value::String(s) => out.push(s.clone()),
                    other => notes.lost(
                        Severity::Warning,
                        &format!("{} in {key}", json_kind(other)),
                        "only strings are allowed there",
                    ),
                }
            }
            out
        }
        other => {
            notes.lost(
                Severity::Warning,
                &format!("{key} ({})", json_kind(other)),
                "Graph defines it as a list of strings",
            );
            Vec::new()
        }
    }
}

fn list_prop(obj: &Object, key: &str, notes: &mut Log) -> Vec<String> {
    obj.get(key)
        .map_or_else(Vec::new, |v| string_list(v, key, notes))
}

/// A JSON value, short, for a message.
fn json_shown(v: &Value) -> String {
    match v {
        Value::String(s) => quote(s),
        Value::Array(a) => format!("an array of {}", a.len()),
        Value::Object(o) => format!("an object of {} properties", o.len()),
        other => escape_for_terminal(&other.to_string()),
    }
}

fn json_kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

fn import_extension(obj: &Object, notes: &mut Log) -> Result<Extension, ImportError> {
    let t = short_type(obj.get("@odata.type"));
    let mut ext = Extension::default();
    let used: &[&str] = match t.as_deref() {
        Some("iosazureadsinglesignonextension") => {
            ext.kind = ExtensionType::EntraId;
            ext.bundle_ids = list_prop(obj, "bundleIdAccessControlList", notes);
            ext.shared_device_mode = bool_prop(obj, "enableSharedDeviceMode", notes);
            ext.config = configurations(obj, notes);
            &[
                "bundleIdAccessControlList",
                "enableSharedDeviceMode",
                "configurations",
            ]
        }
        Some("iosredirectsinglesignonextension" | "redirectsinglesignonextension") => {
            ext.kind = ExtensionType::Redirect;
            ext.extension_id = string_prop(obj, "extensionIdentifier", notes);
            ext.team_id = string_prop(obj, "teamIdentifier", notes);
            ext.urls = list_prop(obj, "urlPrefixes", notes);
            ext.config = configurations(obj, notes);
            &[
                "extensionIdentifier",
                "teamIdentifier",
                "urlPrefixes",
                "configurations",
            ]
        }
        Some("ioscredentialsinglesignonextension" | "credentialsinglesignonextension") => {
            ext.kind = ExtensionType::Credential;
            ext.extension_id = string_prop(obj, "extensionIdentifier", notes);
            ext.team_id = string_prop(obj, "teamIdentifier", notes);
            ext.realm = string_prop(obj, "realm", notes);
            ext.domains = list_prop(obj, "domains", notes);
            ext.config = configurations(obj, notes);
            &[
                "extensionIdentifier",
                "teamIdentifier",
                "realm",
                "domains",
                "configurations",
            ]
        }
        Some("ioskerberossinglesignonextension" | "kerberossinglesignonextension") => {
            ext.kind = ExtensionType::Kerberos;
            ext.realm = string_prop(obj, "realm", notes);
            ext.domains = list_prop(obj, "domains", notes);
            ext.bundle_ids = list_prop(obj, "credentialBundleIdAccessControlList", notes);
            ext.kerberos = Kerberos {
                block_keychain_usage: bool_prop(obj, "blockAutomaticLogin", notes),
                require_user_presence: bool_prop(obj, "requireUserPresence", notes),
                default_realm: bool_prop(obj, "isDefaultRealm", notes),
                block_autodiscover: bool_prop(obj, "blockActiveDirectorySiteAutoDiscovery", notes),
                managed_apps_only: bool_prop(obj, "managedAppsInBundleIdACLIncluded", notes),
                principal_name: string_prop(obj, "userPrincipalName", notes),
                site_code: string_prop(obj, "activeDirectorySiteCode", notes),
                cache_name: string_prop(obj, "cacheName", notes),
                sign_in_help_text: string_prop(obj, "signInHelpText", notes),
                domain_realms: list_prop(obj, "domainRealms", notes),
                apple_keys: Default::default(),
            };
            &[
                "realm",
                "domains",
                "credentialBundleIdAccessControlList",
                "blockAutomaticLogin",
                "requireUserPresence",
                "isDefaultRealm",
                "blockActiveDirectorySiteAutoDiscovery",
                "managedAppsInBundleIdACLIncluded",
                "userPrincipalName",
                "activeDirectorySiteCode",
                "cacheName",
                "signInHelpText",
                "domainRealms",
            ]
        }
        _ => {
            let shown = obj
                .get("@odata.type")
                .and_then(Value::as_str)
                .map_or_else(|| "missing".to_string(), quote);
            return Err(ImportError::x002(
                format!(
                    "iosSingleSignOnExtension has @odata.type {shown}; expected one of #microsoft.graph.iosAzureAdSingleSignOnExtension, \
                     …iosRedirectSingleSignOnExtension, …iosCredentialSingleSignOnExtension, …iosKerberosSingleSignOnExtension"
                ),
                "set the extension's @odata.type (macOS extension types are not for iOS profiles)",
            ));
        }
    };
    for (key, value) in obj {
        if key != "@odata.type"
            && !used.contains(&key.as_str())
            && !key.contains('@')
            && !is_blank(value)
        {
            notes.lost(
                Severity::Warning,
                &format!(
                    "the extension property {} = {}",
                    escape_for_terminal(key),
                    json_shown(value)
                ),
                "Intune's iOS template has no such setting for this extension type",
            );
        }
    }
    Ok(ext)
}

/// `configurations` as typed pairs, in order. The pair's `@odata.type` decides the type;
/// the value is kept as written (a string `"1"` in a keyIntegerValuePair stays a string
/// so `check` reports it). `keyRealValuePair` has no place in Intune's UI or the draft:
/// dropped with a note, as for plist reals.
fn configurations(obj: &Object, notes: &mut Log) -> Vec<ConfigPair> {
    let items = match obj.get("configurations") {
        None | Some(Value::Null) => return Vec::new(),
        Some(Value::Array(items)) => items,
        Some(other) => {
            notes.lost(
                Severity::Warning,
                &format!("configurations ({})", json_kind(other)),
                "Graph defines it as an array of key-value pairs",
            );
            return Vec::new();
        }
    };
    let mut out = Vec::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        let Some(pair) = item.as_object() else {
            notes.lost(
                Severity::Warning,
                &format!("configurations[{i}] ({})", json_kind(item)),
                "each configuration is an object with a key and a value",
            );
            continue;
        };
        let key = match pair.get("key") {
            Some(Value::String(k)) => k.clone(),
            _ => {
                notes.lost(
                    Severity::Warning,
                    &format!("configurations[{i}]"),
                    "it has no key",
                );
                continue;
            }
        };
        let value = pair.get("value").unwrap_or(&Value::Null);
        let declared = match short_type(pair.get("@odata.type")).as_deref() {
            Some("keystringvaluepair") => Some(ValueType::String),
            Some("keyintegervaluepair") => Some(ValueType::Integer),
            Some("keybooleanvaluepair") => Some(ValueType::Boolean),
            Some("keyrealvaluepair") => {
                notes.lost(
                    Severity::Warning,
                    &format!("the configuration {} (keyRealValuePair)", quote(&key)),
                    "Intune's Additional configuration has only string, integer and boolean",
                );
                continue;
            }
            Some(_) => {
                notes.lost(
                    Severity::Warning,
                    &format!(
                        "the configuration {} with @odata.type {}",
                        quote(&key),
                        pair.get("@odata.type")
                            .map_or_else(String::new, |t| escape_for_terminal(&t.to_string()))
                    ),
                    "it is not one of Graph's key-value pair types",
                );
                continue;
            }
            None => None,
        };
        let raw = match value {
            Value::String(s) => RawValue::String(s.clone()),
            Value::Bool(b) => RawValue::Boolean(*b),
            Value::Number(n) => match n.as_i64() {
                Some(v) => RawValue::Integer(v),
                // 1.5 or 1e30: keep the text so `check` reports it (K008).
                None => RawValue::String(n.to_string()),
            },
            other => {
                notes.lost(
                    Severity::Warning,
                    &format!("the configuration {} ({})", quote(&key), json_kind(other)),
                    "a value is a string, an integer or a boolean",
                );
                continue;
            }
        };
        let kind = match declared {
            Some(k) => k,
            None => {
                let guessed = match raw {
                    RawValue::String(_) => ValueType::String,
                    RawValue::Integer(_) => ValueType::Integer,
                    RawValue::Boolean(_) => ValueType::Boolean,
                };
                notes.push(format!(
                    "configuration {} has no @odata.type; typed {} from its value",
                    quote(&key),
                    guessed.as_str()
                ));
                guessed
            }
        };
        out.push(ConfigPair {
            key,
            kind,
            value: raw,
        });
    }
    out
}
