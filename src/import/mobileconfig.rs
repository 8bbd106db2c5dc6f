//! `.mobileconfig` (XML or binary plist) → [`Draft`]: the reverse of SPEC §5.1.
//!
//! The plist is read through `plist`'s event readers into a small tree of our own
//! rather than `plist::Value`, for three reasons: a duplicate key in any dictionary is
//! seen and refused (X002) instead of one copy silently winning, nesting
//! depth is capped (dropping a deeply nested `Value` recurses and can overflow the
//! stack), and the total amount of data is capped (a binary plist can reference one
//! object many times, the binary cousin of billion laughs).

use std::collections::HashSet;
use std::io::Cursor;

use plist::stream::{BinaryReader, Event, XmlReader};

use super::{ImportError, Imported, Log, SourceKind, split_comma_list};
use crate::draft::{
    ConfigPair, Draft, Extension, ExtensionType, FORMAT_VERSION, Kerberos, Profile, RawValue,
    ValueType, line_col,
};
use crate::export::{
    ENTRA_EXTENSION_ID, ENTRA_URLS, KERBEROS_EXTENSION_ID, KERBEROS_TEAM_ID, display_name, xml_char,
};
use crate::known::{self, KeyLevel};
use crate::rules::{Diagnostic, Field, Severity, escape_for_terminal, quote};

/// Deeper than any real profile (about 5 levels) by a wide margin.
const MAX_DEPTH: usize = 32;
/// Plist values (events): a real profile has a few hundred, 100,000 bundle IDs in a
/// Kerberos ACL about as many; this bounds the tree to tens of megabytes. (XML is also
/// capped earlier by its separator count; this one is what stops binary plists.)
const MAX_EVENTS: usize = 1_000_000;
/// Total string and data bytes: 4× the input cap, so shared binary objects cannot expand.
const MAX_PAYLOAD_BYTES: usize = 64 * 1024 * 1024;

/// A dictionary's entries, in document order.
type Entries = [(String, Node)];

/// A plist value, with dictionaries as ordered key lists (keys unique: see [`build`]).
#[derive(Debug, Clone, PartialEq)]
enum Node {
    Array(Vec<Node>),
    Dict(Vec<(String, Node)>),
    Bool(bool),
    /// Only the length is kept: no importable field is data.
    Data(usize),
    Date(String),
    Integer(plist::Integer),
    Real(f64),
    String(String),
    Uid(u64),
}

impl Node {
    /// The plist type with its article ("an array", "a real"), for messages.
    fn type_name(&self) -> &'static str {
        match self {
            Node::Array(_) => "an array",
            Node::Dict(_) => "a dictionary",
            Node::Bool(_) => "a boolean",
            Node::Data(_) => "a data",
            Node::Date(_) => "a date",
            Node::Integer(_) => "an integer",
            Node::Real(_) => "a real",
            Node::String(_) => "a string",
            Node::Uid(_) => "a UID",
        }
    }

    fn as_str(&self) -> Option<&str> {
        match self {
            Node::String(s) => Some(s),
            _ => None,
        }
    }

    fn as_dict(&self) -> Option<&[(String, Node)]> {
        match self {
            Node::Dict(d) => Some(d),
            _ => None,
        }
    }
}

/// The value of `key` in a dictionary (keys are unique: [`build`] refuses duplicates).
fn get<'a>(dict: &'a [(String, Node)], key: &str) -> Option<&'a Node> {
    dict.iter().find(|(k, _)| k == key).map(|(_, v)| v)
}

fn malformed(e: impl std::fmt::Display) -> ImportError {
    ImportError::x002(
        format!(
            "the .mobileconfig is not a valid property list: {}",
            escape_for_terminal(&e.to_string())
        ),
        "check the file with `plutil -lint FILE` (macOS) or re-export it from your MDM",
    )
}

/// A `plist` error, with its byte offset turned into line and column for XML.
fn plist_error(e: &plist::Error, text: Option<&str>) -> ImportError {
    let shown = e.to_string();
    // `plist` writes "Kind (offset N)"; the position is not otherwise public.
    let parsed = shown.strip_suffix(')').and_then(|s| {
        let (kind, offset) = s.rsplit_once(" (offset ")?;
        Some((kind.to_string(), offset.parse::<usize>().ok()?))
    });
    match (parsed, text) {
        (Some((kind, offset)), Some(text)) => {
            let (line, column) = line_col(text, offset);
            malformed(kind).at(line, column)
        }
        (Some((kind, offset)), None) => malformed(format!("{kind} at byte {offset}")),
        (None, _) => malformed(shown),
    }
}

/// A collection being read: an array, or a dictionary and the key waiting for its value.
enum Open {
    Array(Vec<Node>),
    Dict(Vec<(String, Node)>, Option<String>),
}

impl Open {
    /// Where the value being read sits in this collection, for messages: `.Key` or `[i]`.
    fn segment(&self) -> Option<String> {
        match self {
            Open::Array(items) => Some(format!("[{}]", items.len())),
            Open::Dict(_, Some(key)) => Some(format!(".{key}")),
            Open::Dict(_, None) => None,
        }
    }
}

/// Build a [`Node`] from plist events with the limits above.
fn build<'a, I>(events: I, text: Option<&str>) -> Result<Node, ImportError>
where
    I: Iterator<Item = Result<Event<'a>, plist::Error>>,
{
    let too_big = || {
        ImportError::x003(
            "the property list expands to far more data than a profile holds",
            "this file is not a Single sign-on app extension profile: check that it is the right file",
        )
    };
    let mut stack: Vec<Open> = Vec::new();
    let mut root: Option<Node> = None;
    let mut count = 0usize;
    let mut payload = 0usize;
    for event in events {
        let event = event.map_err(|e| plist_error(&e, text))?;
        count += 1;
        if count > MAX_EVENTS {
            return Err(too_big());
        }
        let value = match event {
            Event::StartArray(_) | Event::StartDictionary(_) => {
                // The length hint is ignored: it comes from the file and may be a lie.
                if stack.len() >= MAX_DEPTH {
                    return Err(ImportError::x002(
                        format!("the property list nests deeper than {MAX_DEPTH} levels"),
                        "a profile nests about 5 levels: check that this is the right file",
                    ));
                }
                stack.push(if matches!(event, Event::StartArray(_)) {
                    Open::Array(Vec::new())
                } else {
                    Open::Dict(Vec::new(), None)
                });
                continue;
            }
            Event::EndCollection => match stack.pop() {
                Some(Open::Array(items)) => Node::Array(items),
                Some(Open::Dict(entries, None)) => {
                    refuse_duplicate_keys(&entries, &stack)?;
                    Node::Dict(entries)
                }
                Some(Open::Dict(_, Some(_))) | None => {
                    return Err(malformed("a collection ends where a value was expected"));
                }
            },
            Event::Boolean(b) => Node::Bool(b),
            Event::Data(d) => {
                payload += d.len();
                Node::Data(d.len())
            }
            Event::Date(d) => Node::Date(d.to_xml_format()),
            Event::Integer(i) => Node::Integer(i),
            Event::Real(r) => Node::Real(r),
            Event::String(s) => {
                payload += s.len();
                Node::String(s.into_owned())
            }
            Event::Uid(u) => Node::Uid(u.get()),
            _ => return Err(malformed("an unsupported kind of value")),
        };
        if payload > MAX_PAYLOAD_BYTES {
            return Err(too_big());
        }
        match stack.last_mut() {
            None if root.is_none() => root = Some(value),
            None => return Err(malformed("more than one top-level value")),
            Some(Open::Array(items)) => items.push(value),
            Some(Open::Dict(entries, key)) => match key.take() {
                Some(k) => entries.push((k, value)),
                None => match value {
                    Node::String(k) => *key = Some(k),
                    other => {
                        return Err(malformed(format!(
                            "a dictionary key is {}, not a string",
                            other.type_name()
                        )));
                    }
                },
            },
        }
    }
    if !stack.is_empty() {
        return Err(malformed("the file ends inside an array or dictionary"));
    }
    root.ok_or_else(|| malformed("the file holds no value"))
}

/// A dictionary that names a key twice is ambiguous: which value a device uses is not
/// defined, and an importer that keeps one silently can hide the other (a second
/// `ExtensionData` holding Microsoft Authenticator). SPEC §6 X002: refused, with the key
/// and where it is.
fn refuse_duplicate_keys(entries: &[(String, Node)], parents: &[Open]) -> Result<(), ImportError> {
    let mut seen: HashSet<&str> = HashSet::with_capacity(entries.len());
    for (key, _) in entries {
        if !seen.insert(key.as_str()) {
            let path: String = parents.iter().filter_map(Open::segment).collect();
            let path = match path.strip_prefix('.') {
                Some(p) => p.to_string(),
                None if path.is_empty() => "the top level".to_string(),
                None => path,
            };
            return Err(ImportError::x002(
                format!(
                    "the key {} appears twice in one dictionary (at {}): a dictionary holds \
                     each key once, and Apple does not say which copy a device would use",
                    quote(key),
                    escape_for_terminal(&path)
                ),
                "delete the copy you do not mean (look for both with a text editor or \
                 `plutil -p FILE`), then import again",
            ));
        }
    }
    Ok(())
}

/// Import a binary plist (`bplist00…`); `pick` chooses among several SSO payloads (1-based).
pub(super) fn import_binary(bytes: &[u8], pick: Option<usize>) -> Result<Imported, ImportError> {
    let root = build(BinaryReader::new(Cursor::new(bytes)), None)?;
    import_root(&root, pick)
}

/// Import an XML plist. Entity definitions are refused before parsing.
pub(super) fn import_xml(text: &str, pick: Option<usize>) -> Result<Imported, ImportError> {
    refuse_entities(text)?;
    let root = build(XmlReader::new(Cursor::new(text.as_bytes())), Some(text))?;
    import_root(&root, pick)
}

/// Apple's plists have a DOCTYPE without an internal subset. Entity definitions can only
/// be there to expand (billion laughs) or to read files (XXE): refuse them, whatever the
/// XML parser would have done with them.
fn refuse_entities(text: &str) -> Result<(), ImportError> {
    let lower_has = |needle: &str| {
        text.as_bytes()
            .windows(needle.len())
            .position(|w| w.eq_ignore_ascii_case(needle.as_bytes()))
    };
    if let Some(i) = lower_has("<!ENTITY") {
        let (line, column) = line_col(text, i);
        return Err(ImportError::x002(
            "the .mobileconfig defines XML entities (<!ENTITY …>); profiles never do, and they can expand to gigabytes",
            "re-export the profile from your MDM, or remove the DOCTYPE's [ … ] section",
        )
        .at(line, column));
    }
    Ok(())
}

/// The profile keys the draft has fields for (the rest are kept, dropped or refused by
/// [`other_key`]).
const PROFILE_MAPPED: &[&str] = &[
    "PayloadContent",
    "PayloadDescription",
    "PayloadDisplayName",
    "PayloadIdentifier",
    "PayloadOrganization",
    "PayloadType",
    "PayloadUUID",
    "PayloadVersion",
    "TargetDeviceType",
];

/// Apple's `TargetDeviceType` for a Mac (TopLevel.yaml: 5 = macOS).
const TARGET_MACOS: i64 = 5;

/// Macs' SSO extensions: a profile naming one is a macOS profile (X006).
const MACOS_EXTENSIONS: &[&str] = &["com.microsoft.CompanyPortalMac.ssoextension"];

fn import_root(root: &Node, pick: Option<usize>) -> Result<Imported, ImportError> {
    let top = root.as_dict().ok_or_else(|| {
        ImportError::x002(
            format!(
                "the .mobileconfig's top level is {}, not a dictionary",
                root.type_name()
            ),
            "a configuration profile is a <dict> with PayloadContent: check that this is the right file",
        )
    })?;
    let mut log = Log::default();
    let mut macos: Vec<String> = Vec::new();

    // A ProfileCreator / ProfileManifests manifest describes a payload's keys (`pfm_domain`,
    // `pfm_subkeys`, …); it is not a profile, and would otherwise read as ExtensionData.
    if top.iter().any(|(k, _)| k.starts_with("pfm_")) {
        return Err(ImportError::x002(
            "this is a ProfileCreator manifest (it describes a payload's keys with pfm_… \
             entries), not a configuration profile",
            "import the .mobileconfig itself: ProfileCreator and iMazing Profile Editor export \
             one from the manifest",
        ));
    }
    let top_type = get(top, "PayloadType").and_then(Node::as_str);
    // Jamf Pro's Custom Configuration takes the plug-in's ExtensionData dictionary alone
    // (Microsoft's Jamf sample): no PayloadType, no PayloadContent, no ExtensionIdentifier.
    if top_type.is_none()
        && get(top, "PayloadContent").is_none()
        && get(top, "ExtensionIdentifier").is_none()
    {
        return Ok(extension_data_only(top, log));
    }
    // A bare com.apple.extensiblesso payload (what some tools export for a single payload)
    // is accepted too: it has everything the draft needs but the profile metadata.
    // `at`: the payload's path in the file, for X005 messages ("" for a bare payload).
    let (payload, outer, count, at) = if top_type == Some("com.apple.extensiblesso") {
        log.push(
            "this is a bare com.apple.extensiblesso payload, not a whole profile: profile name, identifier and UUID are taken from it".into(),
        );
        (top, None, 1, String::new())
    } else {
        match top_type {
            Some("Configuration") => {}
            // Source: Apple TopLevel.yaml, PayloadType (only "Configuration").
            Some(other) => {
                return Err(ImportError::x002(
                    format!(
                        "PayloadType is {}, not Configuration: this is not a configuration profile",
                        quote(other)
                    ),
                    "import a .mobileconfig whose top-level PayloadType is Configuration",
                ));
            }
            None => {
                log.push("the profile has no PayloadType; read as a Configuration profile".into())
            }
        }
        let (payload, count, index) = find_sso_payload(top, pick, &mut log)?;
        (
            payload,
            Some(top),
            count,
            format!("PayloadContent[{index}]."),
        )
    };

    let meta = outer.unwrap_or(payload);
    let text = |d: &[(String, Node)], k: &str| get(d, k).and_then(Node::as_str).map(str::to_string);
    let mut draft = Draft {
        format: FORMAT_VERSION,
        profile: Profile {
            name: text(meta, "PayloadDisplayName").unwrap_or_default(),
            description: text(meta, "PayloadDescription").unwrap_or_default(),
            organization: text(meta, "PayloadOrganization").unwrap_or_default(),
            identifier: text(meta, "PayloadIdentifier"),
            // A bare payload's UUID becomes the profile's, as its identifier does.
            uuid: text(meta, "PayloadUUID"),
            ..Profile::default()
        },
        extension: Extension::default(),
        assignments: Default::default(),
        authenticator: Default::default(),
    };
    if let Some(outer) = outer {
        for (key, value) in outer {
            if key == "TargetDeviceType" {
                match value {
                    Node::Integer(i) if i.as_signed() == Some(TARGET_MACOS) => {
                        macos.push("TargetDeviceType is 5 (macOS)".into());
                    }
                    Node::Integer(i) if i.as_signed() == Some(1) => {}
                    other => log.lost(
                        Severity::Info,
                        &format!("TargetDeviceType = {}", shown(other)),
                        "the export writes 1 (iPhone and iPad), the platform sso-wizard authors for",
                    ),
                }
            } else if matches!(key.as_str(), "PayloadDescription" | "PayloadOrganization")
                && *value == Node::String(String::new())
            {
                // The draft's empty text means "leave the key out"; this one is there, empty
                // (Jamf Pro and Microsoft's samples write `<string/>`), so it is kept as is.
                draft
                    .profile
                    .apple_keys
                    .0
                    .insert(key.clone(), toml::Value::String(String::new()));
            } else if PROFILE_MAPPED.contains(&key.as_str()) {
                mapped_key("", key, value, &mut log);
            } else {
                let kept = other_key(KeyLevel::Profile, "", key, value, &mut log, &mut macos);
                if let Some(v) = kept {
                    draft.profile.apple_keys.0.insert(key.clone(), v);
                }
            }
        }
    }
    draft.extension = read_extension(payload, &at, outer.is_some(), &mut log, &mut macos)?;
    if outer.is_some() {
        let expected = format!("{}.extensiblesso", draft.profile.effective_identifier());
        if let Some(inner_id) = text(payload, "PayloadIdentifier")
            && inner_id != expected
        {
            draft.extension.payload_identifier = Some(inner_id);
        }
    }
    // Only the Entra ID plug-in lives in Authenticator: another type must not make it a
    // required app for everybody (SPEC §8).
    draft.authenticator.required = draft.extension.kind == ExtensionType::EntraId;
    if !macos.is_empty() {
        log.finding(macos_profile(&macos));
    }
    Ok(log.into_imported(draft, SourceKind::Mobileconfig, count))
}

/// X005 for a key the draft has a field for whose value the export cannot write back: a
/// `PayloadVersion` other than 1, or a `Payload…` text that is not a string.
fn mapped_key(at: &str, key: &str, value: &Node, log: &mut Log) {
    let what = || {
        format!(
            "{}{} = {}",
            escape_for_terminal(at),
            escape_for_terminal(key),
            shown(value)
        )
    };
    match (key, value) {
        ("PayloadVersion", Node::Integer(i)) if i.as_signed() == Some(1) => {}
        // Source: Apple TopLevel.yaml and CommonPayloadKeys.yaml, PayloadVersion (1).
        ("PayloadVersion", _) => log.lost(
            Severity::Info,
            &what(),
            "the export writes 1, the only version Apple documents",
        ),
        (
            "PayloadDescription"
            | "PayloadDisplayName"
            | "PayloadIdentifier"
            | "PayloadOrganization"
            | "PayloadUUID",
            Node::String(_),
        ) => {}
        (
            "PayloadDescription"
            | "PayloadDisplayName"
            | "PayloadIdentifier"
            | "PayloadOrganization"
            | "PayloadUUID",
            _,
        ) => log.lost(
            Severity::Warning,
            &what(),
            "Apple's schema wants a string here",
        ),
        _ => {}
    }
}

/// X006, listing what made the input a macOS profile.
fn macos_profile(reasons: &[String]) -> Diagnostic {
    Diagnostic::new(
        "X006",
        Severity::Error,
        Field::File,
        format!(
            "this is a macOS profile ({}): sso-wizard authors iOS/iPadOS profiles, and an iOS \
             export of it would do nothing on a Mac",
            reasons.join("; ")
        ),
        "configure it with a macOS tool (Intune's macOS settings catalog or your MDM's macOS \
         payload); `--format answers` still writes what was read, to inspect it",
    )
}

/// A key of `level` the draft has no field for: kept (its value, for the draft's
/// `apple_keys`) when Apple documents it for iOS; recorded in `macos` when Apple documents
/// it for macOS only; X005 when it is not Apple's (or is `PayloadScope`).
fn other_key(
    level: KeyLevel,
    at: &str,
    key: &str,
    value: &Node,
    log: &mut Log,
    macos: &mut Vec<String>,
) -> Option<toml::Value> {
    let prefix = match level {
        KeyLevel::Kerberos => "ExtensionData.",
        _ => "",
    };
    let what = format!(
        "{}{prefix}{} = {}",
        escape_for_terminal(at),
        escape_for_terminal(key),
        shown(value)
    );
    match known::apple_key(level, key) {
        // PayloadScope picks the user or system keychain on a Mac; iOS has one scope.
        _ if key == "PayloadScope" => {
            log.lost(
                Severity::Info,
                &what,
                "Apple documents PayloadScope for macOS; iOS has no user or system scope",
            );
            None
        }
        Some(k) if k.ios => match to_toml(value) {
            Ok(v) => Some(v),
            Err(why) => {
                log.lost(Severity::Warning, &what, &why);
                None
            }
        },
        // Every key in Apple's table works on iOS or on macOS (`known`'s tests hold the
        // table to that), so one that is not for iOS is for macOS only.
        Some(_) => {
            macos.push(format!("{} is a macOS-only key", escape_for_terminal(key)));
            None
        }
        // Profile Manager and some MDMs write PayloadEnabled; Apple does not document it.
        None if key == "PayloadEnabled" => {
            log.lost(
                Severity::Info,
                &what,
                "Apple does not document PayloadEnabled; devices ignore it",
            );
            None
        }
        None => {
            log.lost(
                Severity::Warning,
                &what,
                "it is not a key Apple documents here",
            );
            None
        }
    }
}

/// A plist value as TOML, for the draft's `apple_keys`.
fn to_toml(value: &Node) -> Result<toml::Value, String> {
    Ok(match value {
        Node::String(s) if s.chars().all(xml_char) => toml::Value::String(s.clone()),
        Node::String(_) => {
            return Err("it holds a control character, which a .mobileconfig cannot carry".into());
        }
        Node::Bool(b) => toml::Value::Boolean(*b),
        Node::Integer(i) => match i.as_signed() {
            Some(v) => toml::Value::Integer(v),
            None => return Err("an integer beyond 64 bits has no place in an answers file".into()),
        },
        Node::Real(r) if r.is_finite() => toml::Value::Float(*r),
        Node::Date(d) => toml::Value::Datetime(
            d.parse()
                .map_err(|_| format!("the date {} cannot be read", quote(d)))?,
        ),
        Node::Array(items) => {
            toml::Value::Array(items.iter().map(to_toml).collect::<Result<Vec<_>, _>>()?)
        }
        Node::Dict(entries) => {
            let mut table = toml::Table::new();
            for (k, v) in entries {
                table.insert(k.clone(), to_toml(v)?);
            }
            toml::Value::Table(table)
        }
        other => {
            return Err(format!(
                "{} value has no place in an answers file",
                other.type_name()
            ));
        }
    })
}

/// A value, short, for a message: a quoted string, a number, or its kind and size.
fn shown(value: &Node) -> String {
    match value {
        Node::String(s) => quote(s),
        Node::Bool(b) => b.to_string(),
        Node::Integer(i) => i.to_string(),
        Node::Real(r) => r.to_string(),
        Node::Date(d) => escape_for_terminal(d),
        Node::Array(items) => format!("an array of {}", items.len()),
        Node::Dict(entries) => format!("a dictionary of {} keys", entries.len()),
        Node::Data(n) => format!("{n} bytes of data"),
        Node::Uid(_) => "a UID".into(),
    }
}

/// Jamf Pro's Custom Configuration plist: the plug-in's ExtensionData alone. It can only be
/// the Microsoft Enterprise SSO plug-in, so it becomes an Entra ID draft with those pairs.
fn extension_data_only(data: &[(String, Node)], mut log: Log) -> Imported {
    log.push(
        "this is an ExtensionData dictionary alone (what Jamf Pro's Custom Configuration \
         takes): read as the Microsoft Entra ID plug-in's configuration; the type was assumed"
            .into(),
    );
    // The default type is Entra ID.
    let mut ext = Extension::default();
    read_entra_data(data, &mut ext, &mut log);
    let draft = Draft {
        format: FORMAT_VERSION,
        profile: Profile::default(),
        extension: ext,
        assignments: Default::default(),
        authenticator: Default::default(),
    };
    log.into_imported(draft, SourceKind::Mobileconfig, 1)
}

/// The SSO payload to import and how many there are. Several without `pick`: the first,
/// with an X007; with `pick`, that one, and the others named as not carried.
fn find_sso_payload<'a>(
    top: &'a [(String, Node)],
    pick: Option<usize>,
    log: &mut Log,
) -> Result<(&'a Entries, usize, usize), ImportError> {
    let content = match get(top, "PayloadContent") {
        Some(Node::Array(items)) => items,
        Some(other) => {
            return Err(ImportError::x002(
                format!("PayloadContent is {}, not an array", other.type_name()),
                "re-export the profile from your MDM",
            ));
        }
        None => {
            return Err(ImportError::x002(
                "the profile has no PayloadContent, so no Single sign-on app extension payload",
                "import a profile with a com.apple.extensiblesso payload",
            ));
        }
    };
    let mut found: Vec<(usize, &[(String, Node)])> = Vec::new();
    let mut others: Vec<String> = Vec::new();
    for (i, item) in content.iter().enumerate() {
        let Some(dict) = item.as_dict() else {
            others.push(format!("PayloadContent[{i}] ({})", item.type_name()));
            continue;
        };
        match get(dict, "PayloadType").and_then(Node::as_str) {
            Some("com.apple.extensiblesso") => found.push((i, dict)),
            Some(t) => others.push(format!("PayloadContent[{i}] ({})", quote(t))),
            None => others.push(format!("PayloadContent[{i}] (without PayloadType)")),
        }
    }
    if found.is_empty() {
        let has = if others.is_empty() {
            "it has no payloads".to_string()
        } else {
            format!("it has: {}", others.join(", "))
        };
        return Err(ImportError::x002(
            format!(
                "no Single sign-on app extension payload (PayloadType com.apple.extensiblesso) in this profile; {has}"
            ),
            "import the profile that configures the SSO app extension",
        ));
    }
    let id = |d: &[(String, Node)]| {
        get(d, "ExtensionIdentifier")
            .and_then(Node::as_str)
            .map_or_else(|| "(no ExtensionIdentifier)".to_string(), quote)
    };
    let count = found.len();
    let chosen = match pick {
        Some(n) if n >= 1 && n <= count => n - 1,
        Some(n) => {
            return Err(ImportError::x002(
                format!("--payload {n}: the profile has {count} SSO payload(s)"),
                format!("give --payload 1 to {count}; `sso-wizard check FILE` lists them"),
            ));
        }
        None => 0,
    };
    if count > 1 {
        let listed: Vec<String> = found
            .iter()
            .enumerate()
            .map(|(i, (_, d))| format!("{} {}", i + 1, id(d)))
            .collect();
        if pick.is_none() {
            log.finding(Diagnostic::new(
                "X007",
                Severity::Error,
                Field::File,
                format!(
                    "the profile has {count} SSO app extension payloads ({}): an export carries \
                     one; this reads the first",
                    listed.join(", ")
                ),
                format!(
                    "choose one with `--payload N` (1 to {count}); `sso-wizard check` checks each"
                ),
            ));
        } else {
            for (i, (index, d)) in found.iter().enumerate().filter(|(i, _)| *i != chosen) {
                log.lost(
                    Severity::Warning,
                    &format!("PayloadContent[{index}] (SSO payload {}, {})", i + 1, id(d)),
                    "--payload chose another one; export each with its own --payload",
                );
            }
        }
    }
    for other in others {
        log.lost(
            Severity::Warning,
            &format!("the payload {other}"),
            "an sso-wizard profile carries only the SSO app extension; deploy it separately",
        );
    }
    Ok((found[chosen].1, count, found[chosen].0))
}

fn strings(node: &Node, what: &str, log: &mut Log) -> Vec<String> {
    match node {
        Node::Array(items) => {
            let mut out = Vec::with_capacity(items.len());
            for (i, item) in items.iter().enumerate() {
                match item {
                    Node::String(s) => out.push(s.clone()),
                    other => log.lost(
                        Severity::Warning,
                        &format!("{what}[{i}] = {}", shown(other)),
                        "only strings are allowed there",
                    ),
                }
            }
            out
        }
        Node::String(s) => {
            log.push(format!(
                "{what} is a single string, not an array; read as a one-entry list"
            ));
            vec![s.clone()]
        }
        other => {
            log.lost(
                Severity::Warning,
                &format!("{what} = {}", shown(other)),
                "it should be an array of strings",
            );
            Vec::new()
        }
    }
}

/// The payload keys each type maps to draft fields (beyond the common ones).
const PAYLOAD_COMMON: &[&str] = &[
    "PayloadType",
    "PayloadVersion",
    "PayloadIdentifier",
    "PayloadUUID",
    "PayloadDisplayName",
    "PayloadDescription",
    "PayloadOrganization",
    "ExtensionIdentifier",
    "Type",
    "ExtensionData",
];

fn read_extension(
    payload: &[(String, Node)],
    at: &str,
    has_outer: bool,
    log: &mut Log,
    macos: &mut Vec<String>,
) -> Result<Extension, ImportError> {
    let text = |k: &str| get(payload, k).and_then(Node::as_str);
    let ext_id = text("ExtensionIdentifier").unwrap_or_default();
    let sso_type = text("Type");
    let mut ext = Extension {
        payload_uuid: if has_outer {
            text("PayloadUUID").map(str::to_string)
        } else {
            None
        },
        ..Extension::default()
    };
    if MACOS_EXTENSIONS
        .iter()
        .any(|m| ext_id.eq_ignore_ascii_case(m))
    {
        macos.push(format!(
            "the extension {} is the Mac Company Portal's",
            quote(ext_id)
        ));
    }
    let data: &[(String, Node)] = match get(payload, "ExtensionData") {
        None => &[],
        Some(Node::Dict(d)) => d,
        Some(other) => {
            log.lost(
                Severity::Warning,
                &format!("ExtensionData = {}", shown(other)),
                "it must be a dictionary",
            );
            &[]
        }
    };

    let used: &[&str] = if ext_id.eq_ignore_ascii_case(ENTRA_EXTENSION_ID) {
        ext.kind = ExtensionType::EntraId;
        if sso_type != Some("Redirect") {
            log.push(format!(
                "the Microsoft Enterprise SSO plug-in payload has Type {}; it is re-exported as Redirect",
                sso_type.map_or_else(|| "(none)".to_string(), quote)
            ));
        }
        if let Some(Node::Array(urls)) = get(payload, "URLs") {
            let urls: Vec<&str> = urls.iter().filter_map(Node::as_str).collect();
            let missing: Vec<&str> = ENTRA_URLS
                .iter()
                .copied()
                .filter(|u| !urls.contains(u))
                .collect();
            for extra in urls.iter().filter(|u| !ENTRA_URLS.contains(u)) {
                log.lost(
                    Severity::Warning,
                    &format!("URLs entry {}", quote(extra)),
                    "the export writes Microsoft's seven current sign-in URLs for the plug-in",
                );
            }
            if !missing.is_empty() {
                log.push(format!(
                    "the profile's URLs lack some of Microsoft's current sign-in URLs; the export adds {}",
                    missing.iter().map(|u| quote(u)).collect::<Vec<_>>().join(", ")
                ));
            }
        }
        if let Some(team) = get(payload, "TeamIdentifier") {
            log.lost(
                Severity::Info,
                &format!("{at}TeamIdentifier = {}", shown(team)),
                "Apple documents it as ignored on iOS, and Microsoft no longer documents it for the plug-in",
            );
        }
        read_entra_data(data, &mut ext, log);
        &["URLs", "TeamIdentifier"]
    } else if ext_id.eq_ignore_ascii_case(KERBEROS_EXTENSION_ID) {
        ext.kind = ExtensionType::Kerberos;
        ext.realm = text("Realm").unwrap_or_default().to_string();
        if let Some(hosts) = get(payload, "Hosts") {
            ext.domains = strings(hosts, "Hosts", log);
        }
        if let Some(team) = get(payload, "TeamIdentifier")
            && team.as_str() != Some(KERBEROS_TEAM_ID)
        {
            log.lost(
                Severity::Info,
                &format!("{at}TeamIdentifier = {}", shown(team)),
                "Apple documents it as ignored on iOS; the export writes Apple's `apple`",
            );
        }
        read_kerberos_data(data, &mut ext, log, macos);
        &["Realm", "Hosts", "TeamIdentifier"]
    } else {
        // Source: com.apple.extensiblesso.yaml, ExtensionIdentifier (required).
        if ext_id.is_empty() {
            return Err(ImportError::x002(
                "the SSO payload has no ExtensionIdentifier",
                "set ExtensionIdentifier to the bundle ID of the SSO app extension",
            ));
        }
        ext.extension_id = ext_id.to_string();
        ext.team_id = text("TeamIdentifier").unwrap_or_default().to_string();
        // The draft's empty team id means "leave the key out".
        if let Some(team) = get(payload, "TeamIdentifier")
            && ext.team_id.is_empty()
        {
            log.lost(
                Severity::Info,
                &format!("{at}TeamIdentifier = {}", shown(team)),
                "Apple documents it as ignored on iOS, and an empty one says nothing",
            );
        }
        ext.config = config_pairs(data, log);
        match sso_type {
            Some("Redirect") => {
                ext.kind = ExtensionType::Redirect;
                if let Some(urls) = get(payload, "URLs") {
                    ext.urls = strings(urls, "URLs", log);
                }
                &["URLs", "TeamIdentifier"]
            }
            Some("Credential") => {
                ext.kind = ExtensionType::Credential;
                ext.realm = text("Realm").unwrap_or_default().to_string();
                if let Some(hosts) = get(payload, "Hosts") {
                    ext.domains = strings(hosts, "Hosts", log);
                }
                &["Realm", "Hosts", "TeamIdentifier"]
            }
            // Source: com.apple.extensiblesso.yaml, Type (Credential or Redirect).
            other => {
                return Err(ImportError::x002(
                    format!(
                        "the SSO payload's Type is {}; it must be Redirect or Credential",
                        other.map_or_else(|| "missing".to_string(), quote)
                    ),
                    "set Type to Redirect (with URLs) or Credential (with Realm and Hosts)",
                ));
            }
        }
    };
    if has_outer {
        let own = |k: &str| text(k).map(str::to_string);
        ext.payload_display_name =
            own("PayloadDisplayName").filter(|n| n != display_name(ext.kind));
        ext.payload_organization = own("PayloadOrganization");
        ext.payload_description = own("PayloadDescription");
    }
    for (key, value) in payload {
        if PAYLOAD_COMMON.contains(&key.as_str()) {
            mapped_key(at, key, value, log);
            continue;
        }
        if used.contains(&key.as_str()) {
            continue;
        }
        if let Some(v) = other_key(KeyLevel::Payload, at, key, value, log, macos) {
            ext.apple_keys.0.insert(key.clone(), v);
        }
    }
    Ok(ext)
}

fn read_entra_data(data: &[(String, Node)], ext: &mut Extension, log: &mut Log) {
    let mut rest: Vec<(String, Node)> = Vec::with_capacity(data.len());
    for (key, value) in data {
        match (key.as_str(), value) {
            ("AppAllowList", Node::String(list)) => {
                let (ids, changed) = split_comma_list(list);
                if changed && !ids.is_empty() {
                    log.push(
                        "AppAllowList had spaces or empty entries around its commas; the bundle IDs were trimmed".into(),
                    );
                }
                ext.bundle_ids = ids;
            }
            ("AppAllowList", Node::Array(_)) => {
                log.push(
                    "AppAllowList is an array; the plug-in reads a comma-separated string, which the export writes".into(),
                );
                for s in strings(value, "ExtensionData.AppAllowList", log) {
                    ext.bundle_ids.extend(split_comma_list(&s).0);
                }
            }
            ("sharedDeviceMode", Node::Bool(on)) => {
                ext.shared_device_mode = *on;
                if !on {
                    log.lost(
                        Severity::Info,
                        "ExtensionData.sharedDeviceMode = false",
                        "it is the plug-in's default, the same as leaving it out; the export omits it",
                    );
                }
            }
            _ => rest.push((key.clone(), value.clone())),
        }
    }
    ext.config = config_pairs(&rest, log);
}

/// The Kerberos keys Intune's template has fields for (mapped in [`read_kerberos_data`]).
const KERBEROS_MAPPED: &[&str] = &[
    "allowAutomaticLogin",
    "useSiteAutoDiscovery",
    "includeManagedAppsInBundleIdACL",
    "requireUserPresence",
    "isDefaultRealm",
    "principalName",
    "siteCode",
    "cacheName",
    "helpText",
    "credentialBundleIdACL",
    "domainRealmMapping",
];

fn read_kerberos_data(
    data: &[(String, Node)],
    ext: &mut Extension,
    log: &mut Log,
    macos: &mut Vec<String>,
) {
    let mut k = Kerberos::default();
    for (key, value) in data {
        if !KERBEROS_MAPPED.contains(&key.as_str()) {
            if let Some(v) = other_key(KeyLevel::Kerberos, "", key, value, log, macos) {
                k.apple_keys.0.insert(key.clone(), v);
            }
            continue;
        }
        let what = format!(
            "ExtensionData.{} = {}",
            escape_for_terminal(key),
            shown(value)
        );
        let wrong = |log: &mut Log, want: &str| {
            log.lost(
                Severity::Warning,
                &what,
                &format!("Apple's schema wants a {want} here"),
            );
        };
        let string = |target: &mut String, log: &mut Log| match value {
            Node::String(s) => *target = s.clone(),
            _ => wrong(log, "string"),
        };
        match (key.as_str(), value) {
            ("allowAutomaticLogin", Node::Bool(b)) => k.block_keychain_usage = !b,
            ("useSiteAutoDiscovery", Node::Bool(b)) => k.block_autodiscover = !b,
            ("includeManagedAppsInBundleIdACL", Node::Bool(b)) => k.managed_apps_only = *b,
            ("requireUserPresence", Node::Bool(b)) => k.require_user_presence = *b,
            ("isDefaultRealm", Node::Bool(b)) => k.default_realm = *b,
            (
                "allowAutomaticLogin"
                | "useSiteAutoDiscovery"
                | "includeManagedAppsInBundleIdACL"
                | "requireUserPresence"
                | "isDefaultRealm",
                _,
            ) => wrong(log, "boolean"),
            ("principalName", _) => string(&mut k.principal_name, log),
            ("siteCode", _) => string(&mut k.site_code, log),
            ("cacheName", _) => string(&mut k.cache_name, log),
            ("helpText", _) => string(&mut k.sign_in_help_text, log),
            ("credentialBundleIdACL", v) => {
                ext.bundle_ids = strings(v, "credentialBundleIdACL", log)
            }
            ("domainRealmMapping", Node::Dict(map)) => {
                // Intune has one list of suffixes, mapped to the profile's realm: take the
                // realm's entry (or the only one); other realms' entries are not carried.
                let pick = map
                    .iter()
                    .position(|(realm, _)| *realm == ext.realm)
                    .unwrap_or(0);
                if let Some((realm, suffixes)) = map.get(pick) {
                    k.domain_realms = strings(suffixes, "domainRealmMapping", log);
                    if *realm != ext.realm {
                        log.lost(
                            Severity::Warning,
                            &format!(
                                "ExtensionData.domainRealmMapping.{} = {}",
                                escape_for_terminal(realm),
                                shown(suffixes)
                            ),
                            &format!(
                                "Intune's template maps suffixes to the profile's realm, so the \
                                 export maps these to {} instead",
                                quote(&ext.realm)
                            ),
                        );
                    }
                }
                for (i, (realm, suffixes)) in map.iter().enumerate() {
                    if i != pick {
                        log.lost(
                            Severity::Warning,
                            &format!(
                                "domainRealmMapping.{} = {}",
                                escape_for_terminal(realm),
                                shown(suffixes)
                            ),
                            "Intune's template maps suffixes to one realm only",
                        );
                    }
                }
            }
            _ => wrong(log, "dictionary"),
        }
        // The export writes these keys only when they differ from Intune's defaults; one
        // set to the default is kept as read, so a re-export still has it.
        let unwritten = match (key.as_str(), value) {
            ("allowAutomaticLogin" | "useSiteAutoDiscovery", Node::Bool(b)) => *b,
            (
                "includeManagedAppsInBundleIdACL" | "requireUserPresence" | "isDefaultRealm",
                Node::Bool(b),
            ) => !b,
            ("principalName" | "siteCode" | "cacheName" | "helpText", Node::String(s)) => {
                s.is_empty()
            }
            ("credentialBundleIdACL", Node::Array(items)) => items.is_empty(),
            ("domainRealmMapping", Node::Dict(_)) => k.domain_realms.is_empty(),
            _ => false,
        };
        if unwritten && let Ok(v) = to_toml(value) {
            k.apple_keys.0.insert(key.clone(), v);
        }
    }
    ext.kerberos = k;
}

/// `ExtensionData` entries as typed config pairs, in document order. Types the draft (and
/// Intune's "Additional configuration") cannot hold are dropped with an X005, not an
/// error: a Jamf profile with one exotic key should still convert, and the X005 says
/// exactly what was lost.
fn config_pairs(data: &[(String, Node)], log: &mut Log) -> Vec<ConfigPair> {
    let mut out = Vec::with_capacity(data.len());
    for (key, value) in data {
        let (kind, raw) = match value {
            Node::String(s) => (ValueType::String, RawValue::String(s.clone())),
            Node::Bool(b) => (ValueType::Boolean, RawValue::Boolean(*b)),
            Node::Integer(i) => match i.as_signed() {
                Some(v) => (ValueType::Integer, RawValue::Integer(v)),
                // Beyond i64: keep the digits so `check` reports it out of range (K008).
                None => (ValueType::Integer, RawValue::String(i.to_string())),
            },
            other => {
                log.lost(
                    Severity::Warning,
                    &format!(
                        "ExtensionData.{} = {}",
                        escape_for_terminal(key),
                        shown(other)
                    ),
                    "Additional configuration holds only strings, integers and booleans",
                );
                continue;
            }
        };
        out.push(ConfigPair {
            key: key.clone(),
            kind,
            value: raw,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builder_refuses_duplicate_keys_naming_where() {
        let xml = "<plist><dict><key>a</key><array><dict><key>b</key><integer>1</integer>\
                   <key>b</key><true/></dict></array></dict></plist>";
        let err = build(XmlReader::new(Cursor::new(xml.as_bytes())), None).unwrap_err();
        assert_eq!(err.code, super::super::ImportCode::X002);
        assert!(err.message.contains("`b` appears twice"), "{}", err.message);
        assert!(err.message.contains("(at a[0])"), "{}", err.message);
    }

    /// An array of `len` values made by `value`, as a plist reader's events.
    fn array_events<'a>(
        len: usize,
        value: impl FnMut() -> Event<'a>,
    ) -> impl Iterator<Item = Result<Event<'a>, plist::Error>> {
        std::iter::once(Event::StartArray(None))
            .chain(std::iter::repeat_with(value).take(len))
            .chain(std::iter::once(Event::EndCollection))
            .map(Ok)
    }

    fn array_len(node: Result<Node, ImportError>) -> usize {
        match node {
            Ok(Node::Array(items)) => items.len(),
            other => panic!("expected an array, got {other:?}"),
        }
    }

    fn assert_too_big(node: Result<Node, ImportError>) {
        let err = node.expect_err("over the limit");
        assert_eq!(err.code, super::super::ImportCode::X003);
        assert!(err.message.contains("expands"), "{}", err.message);
    }

    #[test]
    fn builder_takes_exactly_max_events_and_refuses_one_more() {
        // The array's start and end are two of the events.
        let one = || Event::Integer(1.into());
        assert_eq!(
            array_len(build(array_events(MAX_EVENTS - 2, one), None)),
            MAX_EVENTS - 2
        );
        assert_too_big(build(array_events(MAX_EVENTS - 1, one), None));
    }

    #[test]
    fn builder_takes_exactly_max_payload_bytes_of_data_and_refuses_one_more() {
        // Data is counted by length only; a borrowed chunk costs nothing to repeat.
        let mib = vec![0u8; 1 << 20];
        let mib: &[u8] = &mib;
        let chunks = MAX_PAYLOAD_BYTES >> 20;
        let data = |extra: usize| {
            let mut n = 0;
            array_events(chunks + 1, move || {
                n += 1;
                let bytes = if n > chunks { &mib[..extra] } else { mib };
                Event::Data(std::borrow::Cow::Borrowed(bytes))
            })
        };
        assert_eq!(array_len(build(data(0), None)), chunks + 1);
        assert_too_big(build(data(1), None));
    }

    #[test]
    fn builder_keeps_uids_and_refuses_a_second_top_level_value() {
        let uid = [Ok(Event::Uid(plist::Uid::new(7)))];
        assert_eq!(build(uid.into_iter(), None).unwrap(), Node::Uid(7));
        let two = [Ok(Event::Boolean(true)), Ok(Event::Boolean(false))];
        let err = build(two.into_iter(), None).unwrap_err();
        assert_eq!(err.code, super::super::ImportCode::X002);
        assert!(err.message.contains("more than one top-level value"));
    }

    #[test]
    fn a_dictionary_key_that_is_not_a_string_is_named_by_its_type() {
        let events = [
            Event::StartDictionary(None),
            Event::Integer(3.into()),
            Event::Boolean(true),
            Event::EndCollection,
        ];
        let err = build(events.into_iter().map(Ok), None).unwrap_err();
        assert!(
            err.message
                .contains("a dictionary key is an integer, not a string"),
            "{}",
            err.message
        );
    }

    #[test]
    fn builder_caps_depth() {
        let xml = format!(
            "<plist>{}{}</plist>",
            "<array>".repeat(100),
            "</array>".repeat(100)
        );
        let err = build(XmlReader::new(Cursor::new(xml.as_bytes())), None).unwrap_err();
        assert_eq!(err.code, super::super::ImportCode::X002);
        assert!(err.message.contains("nests deeper"));
    }
}
