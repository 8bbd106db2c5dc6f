//! Exporters (SPEC §5): `.mobileconfig`, the Graph profile body, the two assign bodies
//! and the `all` folder. Pure: they return bytes; the caller decides where they go.
//!
//! Public helpers for import and tests: [`mobileconfig`], [`graph_profile`],
//! [`graph_assign`], [`authenticator_assign`], [`requests_md`], [`precheck`],
//! [`profile_uuid`], [`payload_uuid`].

use std::fmt;
use std::path::PathBuf;

use crate::draft::{Draft, ExtensionType, slug};
use crate::rules::Field;

mod folder;
mod graph;
mod mobileconfig;
mod routes;
mod send;

pub use folder::requests_md;
pub use graph::{authenticator_assign, graph_assign, graph_profile};
pub(crate) use mobileconfig::display_name;
pub use mobileconfig::mobileconfig;
pub use routes::{
    DECLARATION_EXTRA_KEYS, DECLARATION_TYPE, declaration, graph_custom, jamf_md, jamf_plist,
    jamf_values,
};

/// `ExtensionIdentifier` of the Microsoft Enterprise SSO plug-in (inside Authenticator).
pub const ENTRA_EXTENSION_ID: &str = "com.microsoft.azureauthenticator.ssoextension";

/// `ExtensionIdentifier` of Apple's built-in Kerberos extension.
pub const KERBEROS_EXTENSION_ID: &str = "com.apple.AppSSOKerberos.KerberosExtension";

/// `TeamIdentifier` Apple's schema fixes for the Kerberos extension.
pub const KERBEROS_TEAM_ID: &str = "apple";

/// The seven current Microsoft sign-in URLs (public, China, US Government clouds), in the
/// order Microsoft lists them (entra-sso-plugin-keys.md §2).
pub const ENTRA_URLS: [&str; 7] = [
    "https://login.microsoftonline.com",
    "https://login.microsoft.com",
    "https://sts.windows.net",
    "https://login.partner.microsoftonline.cn",
    "https://login.chinacloudapi.cn",
    "https://login.microsoftonline.us",
    "https://login-us.microsoftonline.com",
];

/// What `export --format` can produce.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, clap::ValueEnum)]
pub enum Format {
    /// Apple configuration profile (XML plist).
    Mobileconfig,
    /// Graph profile create body.
    Graph,
    /// Graph assign body for the profile.
    GraphAssign,
    /// Graph assign body making Microsoft Authenticator a required app.
    AuthenticatorAssign,
    /// Jamf Pro's Custom Configuration plist (the ExtensionData dictionary); the values
    /// to type into Jamf Pro's Single Sign-On Extensions payload are printed.
    Jamf,
    /// Intune custom profile body (`iosCustomConfiguration`) carrying the `.mobileconfig`.
    GraphCustom,
    /// Apple declarative configuration `com.apple.configuration.extensible-sso` (27+).
    Declaration,
    /// A folder with every file above plus REQUESTS.md, JAMF.md and send.sh.
    All,
    // Not in SPEC §2's list: converting a profile into something to edit is what import
    // is for. Written even when the draft has errors, since fixing them is the point.
    /// The answers file (TOML): turns a .mobileconfig or Graph body into a draft to edit;
    /// written even when it has errors.
    Answers,
}

/// One file an export produces, relative to the output location.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputFile {
    /// Relative path (for `all`: inside the folder; otherwise the default file name).
    pub path: PathBuf,
    /// The exact bytes to write.
    pub bytes: Vec<u8>,
    /// A program to run (`send.sh`): written with the execute bits (mode 0777 less the
    /// umask instead of 0666 less the umask).
    pub executable: bool,
}

/// A draft that cannot make a valid document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportError {
    /// One line per problem, each saying what is wrong and how to fix it.
    pub problems: Vec<String>,
}

impl fmt::Display for ExportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.problems.join("\n"))
    }
}

impl std::error::Error for ExportError {}

/// The file(s) `format` produces for `draft`, with their default relative paths
/// (single formats: `<slug>.<ext>`; `all`: paths inside the `<slug>/` folder, without
/// the folder itself). Refuses a draft that cannot make a valid document.
///
/// Every format runs [`precheck`], the assign bodies too: they only make sense together
/// with the profile they assign, so a draft that cannot make the profile exports nothing.
pub fn render(draft: &Draft, format: Format) -> Result<Vec<OutputFile>, ExportError> {
    let slug = slug(&draft.profile.name);
    if format == Format::All {
        // Each document of the folder is refused by its own exporter's precheck.
        return folder::all(draft, &slug);
    }
    let bytes = match format {
        Format::Mobileconfig => mobileconfig(draft)?,
        Format::Graph => json_bytes(&graph_profile(draft)?),
        Format::GraphAssign => {
            precheck(draft)?;
            json_bytes(&graph_assign(draft))
        }
        Format::AuthenticatorAssign => {
            precheck(draft)?;
            json_bytes(&authenticator_assign(draft))
        }
        Format::Jamf => jamf_plist(draft)?,
        Format::GraphCustom => json_bytes(&graph_custom(draft)?),
        Format::Declaration => json_bytes(&declaration(draft)?),
        Format::Answers => draft.to_toml().into_bytes(),
        Format::All => unreachable!("handled above"),
    };
    Ok(vec![OutputFile {
        path: PathBuf::from(default_file_name(&slug, format)),
        bytes,
        executable: false,
    }])
}

/// The file (or, for `all`, folder) name an export of a profile whose slug is `slug` gets
/// by default: the one naming rule for `export` and the wizard's path field.
pub fn default_file_name(slug: &str, format: Format) -> String {
    match format {
        Format::Mobileconfig => format!("{slug}.mobileconfig"),
        Format::Graph => format!("{slug}.graph.json"),
        Format::GraphAssign => format!("{slug}.assign.json"),
        Format::AuthenticatorAssign => format!("{slug}.authenticator-assign.json"),
        Format::Jamf => format!("{slug}.jamf.plist"),
        Format::GraphCustom => format!("{slug}.graph-custom.json"),
        Format::Declaration => format!("{slug}.declaration.json"),
        Format::Answers => format!("{slug}.toml"),
        Format::All => slug.to_string(),
    }
}

/// Pretty JSON (2-space indent, keys in insertion order) with a trailing newline, so the
/// files diff cleanly and `cat` leaves the prompt on its own line.
pub(crate) fn json_bytes(value: &serde_json::Value) -> Vec<u8> {
    // Serialising a serde_json::Value into a Vec cannot fail.
    let mut bytes = serde_json::to_vec_pretty(value).expect("JSON value serialises");
    bytes.push(b'\n');
    bytes
}

/// UUID v5 (DNS namespace) of `name`, upper-case hyphenated: stable across re-exports.
fn uuid_v5(name: &str) -> String {
    uuid::Uuid::new_v5(&uuid::Uuid::NAMESPACE_DNS, name.as_bytes())
        .hyphenated()
        .encode_upper(&mut uuid::Uuid::encode_buffer())
        .to_string()
}

/// The top-level `PayloadUUID`: `profile.uuid` if given, else v5 of the identifier.
pub fn profile_uuid(draft: &Draft) -> String {
    match &draft.profile.uuid {
        Some(u) if !u.trim().is_empty() => u.clone(),
        _ => uuid_v5(&draft.profile.effective_identifier()),
    }
}

/// The inner payload's `PayloadIdentifier`: `<identifier>.extensiblesso`.
pub fn payload_identifier(draft: &Draft) -> String {
    match &draft.extension.payload_identifier {
        Some(id) if !id.trim().is_empty() => id.clone(),
        _ => format!("{}.extensiblesso", draft.profile.effective_identifier()),
    }
}

/// The inner payload's `PayloadUUID`: `extension.payload_uuid` if given, else v5 of
/// [`payload_identifier`].
pub fn payload_uuid(draft: &Draft) -> String {
    match &draft.extension.payload_uuid {
        Some(u) if !u.trim().is_empty() => u.clone(),
        _ => uuid_v5(&payload_identifier(draft)),
    }
}

/// Whether `kind`'s exports carry the "Additional configuration" rows. Kerberos does not:
/// neither Intune's Kerberos template nor `iosKerberosSingleSignOnExtension` has them,
/// and Apple's Kerberos `ExtensionData` is a closed set of keys.
pub(crate) fn exports_config(kind: ExtensionType) -> bool {
    kind != ExtensionType::Kerberos
}

/// Refuses a draft that has errors (SPEC §6: errors block export), listing each as
/// `CODE field: message`. The rules are [`crate::rules::validate`]'s and nobody else's: a
/// second set of checks here could only drift from them (issue 11, "one rulebook").
pub fn precheck(draft: &Draft) -> Result<(), ExportError> {
    let problems: Vec<String> = crate::rules::validate(draft)
        .into_iter()
        .filter(|d| d.severity == crate::rules::Severity::Error)
        .map(|d| format!("{} {}: {}", d.code, d.field, d.message))
        .collect();
    if problems.is_empty() {
        Ok(())
    } else {
        Err(ExportError { problems })
    }
}

/// Whether XML 1.0 allows `c` in text: C0 controls other than tab, LF and CR are illegal
/// (the plist crate would write them raw and Apple's parser would reject the file).
pub(crate) fn xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r') || !(c < ' ' || c == '\u{FFFE}' || c == '\u{FFFF}')
}

/// Every free-text field the exports carry, with its field path. Rule X004 walks the same
/// list, so `check` and `export` cannot disagree about which texts are exported.
pub(crate) fn text_fields(draft: &Draft) -> Vec<(Field, &str)> {
    let p = &draft.profile;
    let e = &draft.extension;
    let k = &e.kerberos;
    let mut out: Vec<(Field, &str)> = vec![
        (Field::Name, p.name.as_str()),
        (Field::Description, &p.description),
        (Field::Organization, &p.organization),
        (Field::Identifier, p.identifier.as_deref().unwrap_or("")),
        (Field::ProfileUuid, p.uuid.as_deref().unwrap_or("")),
        (Field::ExtensionId, &e.extension_id),
        (Field::TeamId, &e.team_id),
        (Field::Realm, &e.realm),
        (Field::PayloadUuid, e.payload_uuid.as_deref().unwrap_or("")),
        (Field::Kerberos("principal_name"), &k.principal_name),
        (Field::Kerberos("site_code"), &k.site_code),
        (Field::Kerberos("cache_name"), &k.cache_name),
        (Field::Kerberos("sign_in_help_text"), &k.sign_in_help_text),
    ];
    out.extend(
        p.scope_tags
            .iter()
            .enumerate()
            .map(|(i, v)| (Field::ScopeTag(i), v.as_str())),
    );
    out.extend(
        e.bundle_ids
            .iter()
            .enumerate()
            .map(|(i, v)| (Field::BundleId(i), v.as_str())),
    );
    out.extend(
        e.urls
            .iter()
            .enumerate()
            .map(|(i, v)| (Field::Url(i), v.as_str())),
    );
    out.extend(
        e.domains
            .iter()
            .enumerate()
            .map(|(i, v)| (Field::Domain(i), v.as_str())),
    );
    out.extend(
        k.domain_realms
            .iter()
            .map(|v| (Field::Kerberos("domain_realms"), v.as_str())),
    );
    for (i, pair) in e.config.iter().enumerate() {
        out.push((Field::ConfigKey(i), &pair.key));
        if let crate::draft::RawValue::String(v) = &pair.value {
            out.push((Field::ConfigValue(i), v));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::draft::{ConfigPair, Filter, Group, License, RawValue, Target, ValueType};

    fn jit() -> Draft {
        let mut d = Draft::new_jit();
        d.profile.name = "JIT".into();
        d
    }

    fn extension_data(draft: &Draft) -> Option<plist::Dictionary> {
        let bytes = mobileconfig(draft).unwrap();
        let root = plist::Value::from_reader_xml(bytes.as_slice()).unwrap();
        let payload = root.as_dictionary().unwrap()["PayloadContent"]
            .as_array()
            .unwrap()[0]
            .as_dictionary()
            .unwrap()
            .clone();
        payload
            .get("ExtensionData")
            .map(|d| d.as_dictionary().unwrap().clone())
    }

    fn problems(draft: &Draft) -> Vec<String> {
        precheck(draft).unwrap_err().problems
    }

    #[test]
    fn render_names_files_after_the_profile() {
        let mut d = jit();
        d.profile.name = "iOS - Entra ID SSO (JIT registration)".into();
        let name = |f: Format| render(&d, f).unwrap()[0].path.clone();
        let slug = "ios-entra-id-sso-jit-registration";
        assert_eq!(
            name(Format::Mobileconfig),
            PathBuf::from(format!("{slug}.mobileconfig"))
        );
        assert_eq!(
            name(Format::Graph),
            PathBuf::from(format!("{slug}.graph.json"))
        );
        assert_eq!(
            name(Format::GraphAssign),
            PathBuf::from(format!("{slug}.assign.json"))
        );
        assert_eq!(
            name(Format::AuthenticatorAssign),
            PathBuf::from(format!("{slug}.authenticator-assign.json"))
        );
        let all: Vec<PathBuf> = render(&d, Format::All)
            .unwrap()
            .into_iter()
            .map(|f| f.path)
            .collect();
        assert_eq!(
            all,
            [
                format!("{slug}.mobileconfig"),
                "graph/profile.json".into(),
                "graph/assign.json".into(),
                "graph/authenticator-assign.json".into(),
                "graph/custom.json".into(),
                format!("{slug}.jamf.plist"),
                "JAMF.md".into(),
                "declaration.json".into(),
                "REQUESTS.md".into(),
                "send.sh".into(),
            ]
            .map(PathBuf::from)
        );
        for (format, file) in [
            (Format::Jamf, format!("{slug}.jamf.plist")),
            (Format::GraphCustom, format!("{slug}.graph-custom.json")),
            (Format::Declaration, format!("{slug}.declaration.json")),
        ] {
            assert_eq!(name(format), PathBuf::from(file));
        }
    }

    #[test]
    fn authenticator_assign_format_ignores_required_but_all_honours_it() {
        let mut d = jit();
        d.authenticator.required = false;
        assert_eq!(render(&d, Format::AuthenticatorAssign).unwrap().len(), 1);
        let all = render(&d, Format::All).unwrap();
        assert!(
            !all.iter()
                .any(|f| f.path.ends_with("authenticator-assign.json"))
        );
        let md = &all
            .iter()
            .find(|f| f.path.ends_with("REQUESTS.md"))
            .unwrap()
            .bytes;
        assert!(String::from_utf8_lossy(md).contains("Not requested"));
    }

    /// The codes of the errors an export is refused for.
    fn codes(draft: &Draft) -> Vec<String> {
        problems(draft)
            .iter()
            .map(|p| p.split(' ').next().unwrap().to_string())
            .collect()
    }

    #[test]
    fn precheck_refuses_exactly_the_rules_errors_naming_code_and_field() {
        let mut d = jit();
        d.profile.name = " ".into();
        d.extension.config.push(ConfigPair::integer("", 1));
        d.extension
            .config
            .push(ConfigPair::string("device_registration", "x"));
        let mut bad = ConfigPair::integer("browser_sso_interaction_enabled", 0);
        bad.value = RawValue::String("one".into());
        d.extension.config[1] = bad;
        d.assignments.filter = Some(Filter::default());
        let p = problems(&d);
        let errors: Vec<String> = crate::rules::validate(&d)
            .into_iter()
            .filter(|x| x.severity == crate::rules::Severity::Error)
            .map(|x| format!("{} {}: {}", x.code, x.field, x.message))
            .collect();
        assert_eq!(p, errors);
        for expected in [
            "P001 profile.name:",
            "K008 extension.config[1].value:",
            "K012 extension.config[2].key:",
            "K006 extension.config[3].key:",
            "A007 assignments.filter:",
        ] {
            assert!(
                p.iter().any(|x| x.starts_with(expected)),
                "{expected}: {p:#?}"
            );
        }
        assert!(render(&d, Format::GraphAssign).is_err());
        // Warnings never refuse.
        let mut warned = jit();
        warned.extension.bundle_ids = vec!["com.microsoft.skype.teams".into()];
        assert_eq!(precheck(&warned), Ok(()));
    }

    #[test]
    fn precheck_requires_each_types_essentials() {
        let mut d = jit();
        d.extension.kind = ExtensionType::Redirect;
        assert!(
            codes(&d).contains(&"E004".to_string()),
            "{:?}",
            problems(&d)
        );
        assert!(
            codes(&d).contains(&"E002".to_string()),
            "{:?}",
            problems(&d)
        );
        d.extension.kind = ExtensionType::Credential;
        assert!(
            codes(&d).contains(&"E004".to_string()),
            "{:?}",
            problems(&d)
        );
        assert!(
            codes(&d).contains(&"E003".to_string()),
            "{:?}",
            problems(&d)
        );
        d.extension.kind = ExtensionType::Kerberos;
        d.extension
            .config
            .push(ConfigPair::string("", "ignored for kerberos"));
        // Kerberos rows are not exported, so an empty key there is no error.
        assert_eq!(codes(&d), ["E003", "E003"], "{:?}", problems(&d));
    }

    #[test]
    fn app_allow_list_row_merges_with_bundle_ids_in_place() {
        let mut d = jit();
        d.extension.config.insert(
            1,
            ConfigPair::string("AppAllowList", "com.a.one ,com.a.two,"),
        );
        d.extension.bundle_ids = vec!["com.a.two".into(), "com.a.three".into()];
        let data = extension_data(&d).unwrap();
        let keys: Vec<&str> = data.keys().map(String::as_str).collect();
        assert_eq!(
            keys,
            [
                "device_registration",
                "AppAllowList",
                "browser_sso_interaction_enabled"
            ]
        );
        assert_eq!(
            data["AppAllowList"].as_string(),
            Some("com.a.one,com.a.two,com.a.three")
        );
        // Graph carries the row verbatim: Intune adds the bundle IDs itself.
        let body = graph_profile(&d).unwrap();
        assert_eq!(
            body["iosSingleSignOnExtension"]["configurations"][1]["value"],
            "com.a.one ,com.a.two,"
        );
        d.extension.config[1].kind = ValueType::Integer;
        d.extension.config[1].value = RawValue::Integer(1);
        assert!(
            problems(&d)[0].starts_with("K004 extension.config[1].type"),
            "{:?}",
            problems(&d)
        );
    }

    #[test]
    fn shared_device_mode_and_empty_extension_data() {
        let mut d = jit();
        d.extension.config.clear();
        assert_eq!(
            extension_data(&d),
            None,
            "no rows, no bundle IDs: no ExtensionData"
        );
        d.extension.shared_device_mode = true;
        let data = extension_data(&d).unwrap();
        assert_eq!(data["sharedDeviceMode"].as_boolean(), Some(true));
        assert_eq!(
            graph_profile(&d).unwrap()["iosSingleSignOnExtension"]["enableSharedDeviceMode"],
            true
        );
    }

    #[test]
    fn kerberos_exports_only_kerberos_keys() {
        let mut d = jit();
        d.extension.kind = ExtensionType::Kerberos;
        d.extension.realm = "CONTOSO.COM".into();
        d.extension.domains = vec![".contoso.com".into()];
        assert_eq!(
            extension_data(&d),
            None,
            "config rows are not exported for kerberos"
        );
        let ext = &graph_profile(&d).unwrap()["iosSingleSignOnExtension"];
        assert!(ext.get("configurations").is_none());
        assert_eq!(ext["blockAutomaticLogin"], false);
        assert_eq!(ext["domainRealms"], json!([]));
        assert!(ext.get("userPrincipalName").is_none());
    }

    #[test]
    fn typed_values_reach_graph_as_json_types() {
        let mut d = jit();
        d.extension.config[1].value = RawValue::String("1".into());
        d.extension.config.push(ConfigPair {
            key: "flag".into(),
            kind: ValueType::Boolean,
            value: RawValue::String("False".into()),
        });
        let c = &graph_profile(&d).unwrap()["iosSingleSignOnExtension"]["configurations"];
        assert_eq!(c[1]["value"], 1);
        assert_eq!(c[2]["@odata.type"], "#microsoft.graph.keyBooleanValuePair");
        assert_eq!(c[2]["value"], false);
    }

    #[test]
    fn uuids_are_v5_unless_given() {
        let mut d = jit();
        d.profile.identifier = Some("com.contoso.sso.jit".into());
        assert_eq!(profile_uuid(&d), "D4622FAB-C866-53A7-BB56-DEA21CACF6D7");
        assert_eq!(payload_uuid(&d), "844A1B27-9671-5C5F-9B14-6DABF7667AAC");
        d.profile.uuid = Some("A".into());
        d.extension.payload_uuid = Some("B".into());
        assert_eq!(
            (profile_uuid(&d), payload_uuid(&d)),
            ("A".into(), "B".into())
        );
    }

    #[test]
    fn assignments_follow_target_filter_and_exclusions() {
        let mut d = jit();
        let g = |id: &str| Group {
            id: id.into(),
            name: String::new(),
        };
        d.assignments.target = Target::None;
        d.assignments.exclude_groups = vec![g("x")];
        assert_eq!(
            graph_assign(&d)["assignments"][0]["target"],
            json!({"@odata.type": "#microsoft.graph.exclusionGroupAssignmentTarget", "groupId": "x"})
        );
        assert_eq!(
            authenticator_assign(&d),
            json!({"mobileAppAssignments": []})
        );
        d.assignments.exclude_groups.clear();
        assert_eq!(graph_assign(&d), json!({"assignments": []}));

        d.assignments.target = Target::Groups;
        d.assignments.include_groups = vec![g("a"), g("b")];
        d.assignments.exclude_groups = vec![g("x")];
        d.assignments.filter = Some(Filter {
            id: "f".into(),
            mode: crate::draft::FilterMode::Exclude,
        });
        let a = graph_assign(&d);
        assert_eq!(a["assignments"].as_array().unwrap().len(), 3);
        assert_eq!(
            a["assignments"][1]["target"]["deviceAndAppManagementAssignmentFilterType"],
            "exclude"
        );
        assert!(
            a["assignments"][2]["target"]
                .get("deviceAndAppManagementAssignmentFilterId")
                .is_none()
        );
        let m = authenticator_assign(&d);
        assert_eq!(m["mobileAppAssignments"].as_array().unwrap().len(), 2);
        assert!(m["mobileAppAssignments"][0].get("settings").is_none());
        d.authenticator.license = License::VppUser;
        assert_eq!(
            authenticator_assign(&d)["mobileAppAssignments"][1]["settings"]["useDeviceLicensing"],
            false
        );
    }

    #[test]
    fn requests_md_fills_in_the_app_id() {
        let mut d = jit();
        let md = requests_md(&d, "jit");
        assert!(md.contains("/mobileApps/{app_id}/assign"));
        assert!(md.contains("Replace `{app_id}`"));
        d.authenticator.app_id = " 0f9e8d7c-6b5a-4f3e-9d2c-1b0a99887766 ".into();
        let md = requests_md(&d, "jit");
        assert!(md.contains("/mobileApps/0f9e8d7c-6b5a-4f3e-9d2c-1b0a99887766/assign"));
        assert!(!md.contains("{app_id}"));
    }

    #[test]
    fn precheck_refuses_characters_xml_cannot_carry() {
        let mut d = jit();
        d.profile.name = "tab\tand\u{7f} are fine".into();
        assert_eq!(precheck(&d), Ok(()));
        // Bundle IDs are B001's (their characters are checked whole); other texts X004's.
        d.extension.bundle_ids = vec!["ok.app".into(), "com.a\u{1}b".into()];
        assert_eq!(codes(&d), ["B001"], "{:?}", problems(&d));
        d.extension.bundle_ids.clear();
        d.profile.description = "a\u{1}b".into();
        assert_eq!(codes(&d), ["X004"], "{:?}", problems(&d));
    }
}
