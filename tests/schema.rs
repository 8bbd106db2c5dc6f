//! Schema conformance of every golden export (SPEC §7): each `.mobileconfig` against
//! Apple's device-management YAML schemas, each Graph body against the Graph schema
//! excerpt. Both schemas are copied into `tests/schemas/` (sources and licences there).
//! The golden test guarantees the golden files are exactly what the exporters write; the
//! `variants` module exports drafts of every type and option, so a property the goldens do
//! not reach (or that was renamed in exporter, importer and goldens alike) fails too.

use std::fs;
use std::path::{Path, PathBuf};

use plist::Value as P;
use serde_json::Value as J;
use serde_yaml_ng::Value as Y;

fn tests_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests")
}

/// A schema file, parsed once per test run (the variant test checks hundreds of bodies).
fn yaml(rel: &str) -> Y {
    use std::collections::HashMap;
    use std::sync::{Mutex, OnceLock};
    static CACHE: OnceLock<Mutex<HashMap<String, Y>>> = OnceLock::new();
    let mut cache = CACHE
        .get_or_init(Default::default)
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    cache
        .entry(rel.to_string())
        .or_insert_with(|| {
            let path = tests_dir().join("schemas").join(rel);
            let text =
                fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            serde_yaml_ng::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        })
        .clone()
}

/// Every golden file whose name ends with `suffix`.
fn golden_files(suffix: &str) -> Vec<PathBuf> {
    fn walk(dir: &Path, suffix: &str, out: &mut Vec<PathBuf>) {
        for entry in fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(&path, suffix, out);
            } else if path.to_string_lossy().ends_with(suffix) {
                out.push(path);
            }
        }
    }
    let mut out = Vec::new();
    walk(&tests_dir().join("golden"), suffix, &mut out);
    out.sort();
    assert!(!out.is_empty(), "no golden *{suffix} files");
    out
}

// ---------------------------------------------------------------- Apple

/// Keys Apple marks "n/a" on iOS that we still emit on purpose: `TeamIdentifier` is an
/// Intune field for redirect/credential ("ignored elsewhere" per Apple, so harmless).
const IOS_NA_ALLOWED: [&str; 1] = ["TeamIdentifier"];

/// Dictionaries whose single subkey names a placeholder rather than a literal key
/// (Apple's YAML uses `ANY` for most; `domainRealmMapping` names it `Realm`).
const PLACEHOLDER_DICTS: [&str; 1] = ["domainRealmMapping"];

fn str_of<'a>(y: &'a Y, key: &str) -> Option<&'a str> {
    y.get(key).and_then(Y::as_str)
}

fn check_dict(dict: &plist::Dictionary, specs: &[Y], path: &str, errs: &mut Vec<String>) {
    let placeholder = specs.len() == 1
        && (str_of(&specs[0], "key") == Some("ANY")
            || PLACEHOLDER_DICTS.iter().any(|d| path.ends_with(d)));
    for (key, value) in dict {
        let at = format!("{path}.{key}");
        let spec = if placeholder {
            Some(&specs[0])
        } else {
            specs
                .iter()
                .find(|s| str_of(s, "key") == Some(key.as_str()))
        };
        match spec {
            Some(spec) => check_value(value, spec, &at, errs),
            None => errs.push(format!("{at}: not in Apple's schema at this level")),
        }
    }
    if !placeholder {
        for spec in specs {
            let key = str_of(spec, "key").unwrap();
            if str_of(spec, "presence") == Some("required") && !dict.contains_key(key) {
                errs.push(format!("{path}: required key {key} missing"));
            }
        }
    }
}

fn check_value(value: &P, spec: &Y, path: &str, errs: &mut Vec<String>) {
    let ty = str_of(spec, "type").unwrap_or("<any>");
    let ok = match ty {
        "<string>" => value.as_string().is_some(),
        "<integer>" => value.as_signed_integer().is_some(),
        "<boolean>" => value.as_boolean().is_some(),
        "<real>" => value.as_real().is_some(),
        "<data>" => value.as_data().is_some(),
        "<date>" => value.as_date().is_some(),
        "<dictionary>" => value.as_dictionary().is_some(),
        "<array>" => value.as_array().is_some(),
        "<any>" => true,
        other => panic!("{path}: unknown schema type {other}"),
    };
    if !ok {
        errs.push(format!("{path}: not of type {ty}"));
        return;
    }
    if let Some(range) = spec.get("rangelist").and_then(Y::as_sequence) {
        let allowed = range.iter().any(|r| match (r, value) {
            (Y::String(r), P::String(v)) => r == v,
            (Y::Number(r), P::Integer(v)) => r.as_i64() == v.as_signed(),
            _ => false,
        });
        if !allowed {
            errs.push(format!("{path}: {value:?} not in the rangelist {range:?}"));
        }
    }
    let ios = spec.get("supportedOS").and_then(|s| s.get("iOS"));
    if ios.and_then(|i| str_of(i, "introduced")) == Some("n/a") {
        let key = str_of(spec, "key").unwrap_or("");
        if !IOS_NA_ALLOWED.contains(&key) {
            errs.push(format!("{path}: not available on iOS"));
        }
    }
    let subkeys = spec.get("subkeys").and_then(Y::as_sequence);
    match (value, subkeys) {
        (P::Dictionary(d), Some(sub)) => check_dict(d, sub, path, errs),
        (P::Array(items), Some(sub)) => {
            assert_eq!(sub.len(), 1, "{path}: array schema with several item types");
            for (i, item) in items.iter().enumerate() {
                check_value(item, &sub[0], &format!("{path}[{i}]"), errs);
            }
        }
        _ => {}
    }
}

fn payload_keys(schema: &Y) -> Vec<Y> {
    schema["payloadkeys"].as_sequence().unwrap().clone()
}

/// Apple's schema errors in one `.mobileconfig` (empty when it conforms).
fn apple_errors(bytes: &[u8]) -> Vec<String> {
    let top_level = yaml("apple/TopLevel.yaml");
    let common = yaml("apple/CommonPayloadKeys.yaml");
    let generic = yaml("apple/com.apple.extensiblesso.yaml");
    let kerberos = yaml("apple/com.apple.extensiblesso(kerberos).yaml");

    let mut errs = Vec::new();
    let root = P::from_reader_xml(bytes).expect("a .mobileconfig parses as an XML plist");
    let top = root.as_dictionary().expect("the root is a dictionary");
    check_dict(top, &payload_keys(&top_level), "", &mut errs);
    if top.get("TargetDeviceType").and_then(P::as_signed_integer) != Some(1) {
        errs.push("TargetDeviceType: not 1 (iPhone/iPad)".into());
    }
    check_uuid(top, "", &mut errs);

    let content = top["PayloadContent"].as_array().unwrap();
    if content.len() != 1 {
        errs.push(format!(
            "PayloadContent: {} payloads, want 1",
            content.len()
        ));
    }
    for (i, item) in content.iter().enumerate() {
        let path = format!(".PayloadContent[{i}]");
        let Some(p) = item.as_dictionary() else {
            errs.push(format!("{path}: not a dictionary"));
            continue;
        };
        let is_kerberos = p.get("ExtensionIdentifier").and_then(P::as_string)
            == Some("com.apple.AppSSOKerberos.KerberosExtension");
        let schema = if is_kerberos { &kerberos } else { &generic };
        let mut specs = payload_keys(schema);
        specs.extend(payload_keys(&common));
        check_dict(p, &specs, &path, &mut errs);
        let payload_type = schema["payload"]["payloadtype"].as_str().unwrap();
        if p.get("PayloadType").and_then(P::as_string) != Some(payload_type) {
            errs.push(format!("{path}.PayloadType: not {payload_type}"));
        }
        check_uuid(p, &path, &mut errs);
        // The schema's prose: URLs are required for Redirect, Hosts for Credential.
        let needed = match p.get("Type").and_then(P::as_string) {
            Some("Redirect") => "URLs",
            _ => "Hosts",
        };
        if p.get(needed)
            .and_then(P::as_array)
            .is_none_or(Vec::is_empty)
        {
            errs.push(format!("{path}: {needed} missing or empty"));
        }
    }
    errs
}

fn check_uuid(dict: &plist::Dictionary, path: &str, errs: &mut Vec<String>) {
    let uuid = dict.get("PayloadUUID").and_then(P::as_string).unwrap_or("");
    if uuid::Uuid::parse_str(uuid).is_err() {
        errs.push(format!("{path}.PayloadUUID: {uuid:?} is not a UUID"));
    }
}

#[test]
fn every_mobileconfig_conforms_to_apples_schema() {
    for path in golden_files(".mobileconfig") {
        let errs = apple_errors(&fs::read(&path).unwrap());
        assert!(errs.is_empty(), "{}:\n{}", path.display(), errs.join("\n"));
    }
}

#[test]
fn the_apple_checker_catches_what_it_should() {
    let good = fs::read(&golden_files(".mobileconfig")[0]).unwrap();
    assert!(apple_errors(&good).is_empty());
    let text = String::from_utf8(good).unwrap();
    for (from, to, want) in [
        (
            "<string>Configuration</string>",
            "<string>Config</string>",
            "rangelist",
        ),
        (
            "<key>TargetDeviceType</key>",
            "<key>TargetDevice</key>",
            "not in Apple's schema",
        ),
        (
            "<key>PayloadVersion</key>\n\t<integer>1</integer>",
            "<key>PayloadVersion</key>\n\t<string>1</string>",
            "not of type <integer>",
        ),
        (
            "<key>ExtensionIdentifier</key>",
            "<key>Extension</key>",
            "required key",
        ),
    ] {
        assert!(text.contains(from), "{from}");
        let broken = text.replacen(from, to, 1);
        let errs = apple_errors(broken.as_bytes());
        assert!(errs.iter().any(|e| e.contains(want)), "{want}: {errs:?}");
    }
}

#[test]
fn kerberos_mobileconfig_uses_apples_fixed_identity() {
    let path = golden_files(".mobileconfig")
        .into_iter()
        .find(|p| p.starts_with(tests_dir().join("golden/kerberos")))
        .expect("a kerberos golden");
    let root = P::from_reader_xml(fs::File::open(path).unwrap()).unwrap();
    let p = root.as_dictionary().unwrap()["PayloadContent"]
        .as_array()
        .unwrap()[0]
        .as_dictionary()
        .unwrap()
        .clone();
    assert_eq!(p["TeamIdentifier"].as_string(), Some("apple"));
    // A wrong Team ID must trip the Kerberos schema's rangelist.
    let mut broken = p.clone();
    broken.insert("TeamIdentifier".into(), P::String("ABCDE12345".into()));
    let mut errs = Vec::new();
    let mut specs = payload_keys(&yaml("apple/com.apple.extensiblesso(kerberos).yaml"));
    specs.extend(payload_keys(&yaml("apple/CommonPayloadKeys.yaml")));
    check_dict(&broken, &specs, "", &mut errs);
    assert!(
        errs.iter().any(|e| e.contains("TeamIdentifier")),
        "{errs:?}"
    );
}

/// SPEC §5.1 with the SPEC §3 example: exactly these keys, in this order.
#[test]
fn spec_example_has_exactly_the_keys_of_spec_5_1() {
    let text = fs::read_to_string(tests_dir().join("fixtures/answers/spec-example.toml")).unwrap();
    let draft = sso_wizard::Draft::from_toml(&text).unwrap();
    let bytes = sso_wizard::export::mobileconfig(&draft).unwrap();
    let root = P::from_reader_xml(bytes.as_slice()).unwrap();
    let top = root.as_dictionary().unwrap();
    let keys: Vec<&str> = top.keys().map(String::as_str).collect();
    assert_eq!(
        keys,
        [
            "PayloadContent",
            "PayloadDisplayName",
            "PayloadIdentifier",
            "PayloadOrganization",
            "PayloadType",
            "PayloadUUID",
            "PayloadVersion",
            "TargetDeviceType",
        ]
    );
    assert_eq!(
        top["PayloadDisplayName"].as_string(),
        Some("iOS - Entra ID SSO (JIT registration)")
    );
    assert_eq!(
        top["PayloadIdentifier"].as_string(),
        Some("com.contoso.sso.jit")
    );
    assert_eq!(top["PayloadOrganization"].as_string(), Some("Contoso"));
    let v5 = |name: &str| {
        uuid::Uuid::new_v5(&uuid::Uuid::NAMESPACE_DNS, name.as_bytes())
            .to_string()
            .to_uppercase()
    };
    assert_eq!(
        top["PayloadUUID"].as_string(),
        Some(v5("com.contoso.sso.jit").as_str())
    );

    let content = top["PayloadContent"].as_array().unwrap();
    assert_eq!(content.len(), 1);
    let p = content[0].as_dictionary().unwrap();
    let keys: Vec<&str> = p.keys().map(String::as_str).collect();
    assert_eq!(
        keys,
        [
            "PayloadType",
            "PayloadVersion",
            "PayloadIdentifier",
            "PayloadUUID",
            "PayloadDisplayName",
            "ExtensionIdentifier",
            "Type",
            "URLs",
            "ExtensionData",
        ]
    );
    assert_eq!(
        p["PayloadType"].as_string(),
        Some("com.apple.extensiblesso")
    );
    assert_eq!(
        p["PayloadIdentifier"].as_string(),
        Some("com.contoso.sso.jit.extensiblesso")
    );
    assert_eq!(
        p["PayloadUUID"].as_string(),
        Some(v5("com.contoso.sso.jit.extensiblesso").as_str())
    );
    assert_eq!(
        p["ExtensionIdentifier"].as_string(),
        Some("com.microsoft.azureauthenticator.ssoextension")
    );
    assert_eq!(p["Type"].as_string(), Some("Redirect"));
    let urls: Vec<&str> = p["URLs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u.as_string().unwrap())
        .collect();
    assert_eq!(urls, sso_wizard::export::ENTRA_URLS);
    let data = p["ExtensionData"].as_dictionary().unwrap();
    let keys: Vec<&str> = data.keys().map(String::as_str).collect();
    assert_eq!(
        keys,
        [
            "device_registration",
            "browser_sso_interaction_enabled",
            "AppAllowList"
        ]
    );
    assert_eq!(
        data["device_registration"].as_string(),
        Some("{{DEVICEREGISTRATION}}")
    );
    assert_eq!(
        data["browser_sso_interaction_enabled"].as_signed_integer(),
        Some(1)
    );
    assert_eq!(data["AppAllowList"].as_string(), Some("com.contoso.lobapp"));
}

// ---------------------------------------------------------------- Graph

/// Properties the service sets; a create or assign body must never carry them.
const SERVER_MANAGED: [&str; 13] = [
    "id",
    "createdDateTime",
    "lastModifiedDateTime",
    "version",
    "supportsScopeTags",
    "source",
    "sourceId",
    "isAssigned",
    "dependentAppCount",
    "supersededAppCount",
    "supersedingAppCount",
    "uploadState",
    "publishingState",
];

struct Graph {
    beta: Y,
}

impl Graph {
    fn load() -> Self {
        let all = yaml("graph/intune-ios-sso-extension-graph-schema.yaml");
        Graph {
            beta: all["beta"].clone(),
        }
    }

    fn ty(&self, name: &str) -> Option<&Y> {
        self.beta.get(name)
    }

    /// `name` and its base types, most derived first.
    fn chain(&self, name: &str) -> Vec<String> {
        let mut out = vec![name.to_string()];
        let mut current = name.to_string();
        while let Some(base) = self.ty(&current).and_then(|t| str_of(t, "base")) {
            out.push(base.to_string());
            current = base.to_string();
        }
        out
    }

    fn property(&self, ty: &str, prop: &str) -> Option<&Y> {
        self.chain(ty)
            .iter()
            .find_map(|t| self.ty(t)?.get("properties")?.get(prop))
    }

    fn check_object(
        &self,
        obj: &serde_json::Map<String, J>,
        expected: &str,
        path: &str,
        errs: &mut Vec<String>,
    ) {
        let actual = match obj.get("@odata.type") {
            Some(J::String(t)) => match t.strip_prefix("#microsoft.graph.") {
                Some(name) => name.to_string(),
                None => {
                    errs.push(format!(
                        "{path}.@odata.type: {t:?} lacks \"#microsoft.graph.\""
                    ));
                    return;
                }
            },
            Some(other) => {
                errs.push(format!("{path}.@odata.type: {other} is not a string"));
                return;
            }
            None => expected.to_string(),
        };
        let Some(spec) = self.ty(&actual) else {
            errs.push(format!("{path}: type {actual} not in Graph beta"));
            return;
        };
        if spec.get("abstract").and_then(Y::as_bool) == Some(true) {
            errs.push(format!(
                "{path}: type {actual} is abstract; name a concrete type"
            ));
        }
        if !self.chain(&actual).iter().any(|t| t == expected) {
            errs.push(format!("{path}: {actual} is not a {expected}"));
        }
        for (key, value) in obj {
            if key == "@odata.type" {
                continue;
            }
            let at = format!("{path}.{key}");
            if SERVER_MANAGED.contains(&key.as_str()) {
                errs.push(format!("{at}: server-managed property"));
                continue;
            }
            let Some(prop) = self.property(&actual, key) else {
                errs.push(format!("{at}: no such property on {actual}"));
                continue;
            };
            if prop.get("navigation").and_then(Y::as_bool) == Some(true) {
                errs.push(format!("{at}: navigation property"));
                continue;
            }
            self.check_value(value, str_of(prop, "type").unwrap(), &at, errs);
        }
    }

    fn check_value(&self, value: &J, ty: &str, path: &str, errs: &mut Vec<String>) {
        if value.is_null() {
            errs.push(format!("{path}: null"));
            return;
        }
        if let Some(item) = ty
            .strip_prefix("Collection(")
            .and_then(|t| t.strip_suffix(')'))
        {
            match value.as_array() {
                Some(items) => {
                    for (i, v) in items.iter().enumerate() {
                        self.check_value(v, item, &format!("{path}[{i}]"), errs);
                    }
                }
                None => errs.push(format!("{path}: not an array ({ty})")),
            }
            return;
        }
        let ok = match ty {
            "Edm.String" => value.is_string(),
            "Edm.Boolean" => value.is_boolean(),
            "Edm.Int32" => value.as_i64().is_some_and(|i| i32::try_from(i).is_ok()),
            // OData JSON writes Edm.Binary as base64 (RFC 4648, with padding).
            "Edm.Binary" => value.as_str().is_some_and(|v| {
                v.len() % 4 == 0
                    && v.bytes()
                        .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'/' | b'='))
            }),
            _ => {
                let name = ty.strip_prefix("microsoft.graph.").unwrap_or(ty);
                let Some(spec) = self.ty(name) else {
                    errs.push(format!("{path}: type {ty} not in the schema excerpt"));
                    return;
                };
                if str_of(spec, "kind") == Some("enum") {
                    let members = spec["members"].as_sequence().unwrap();
                    value
                        .as_str()
                        .is_some_and(|v| members.iter().any(|m| m.as_str() == Some(v)))
                } else {
                    match value.as_object() {
                        Some(obj) => {
                            self.check_object(obj, name, path, errs);
                            true
                        }
                        None => false,
                    }
                }
            }
        };
        if !ok {
            errs.push(format!("{path}: {value} is not a valid {ty}"));
        }
    }

    /// A body of the action `action` (`deviceConfiguration.assign`, `mobileApp.assign`).
    fn check_action(&self, body: &J, action: &str, errs: &mut Vec<String>) {
        let params = &self.beta["_actions"][action]["parameters"];
        let obj = body.as_object().expect("a JSON object");
        for (key, value) in obj {
            match str_of(params, key) {
                Some(ty) => self.check_value(value, ty, key, errs),
                None => errs.push(format!("{key}: not a parameter of {action}")),
            }
        }
    }
}

fn json(path: &Path) -> J {
    serde_json::from_slice(&fs::read(path).unwrap())
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn profile_errors(graph: &Graph, body: &J) -> Vec<String> {
    let mut errs = Vec::new();
    let obj = body.as_object().expect("a JSON object");
    if obj.get("@odata.type").and_then(J::as_str)
        != Some("#microsoft.graph.iosDeviceFeaturesConfiguration")
    {
        errs.push("@odata.type: not #microsoft.graph.iosDeviceFeaturesConfiguration".into());
    }
    // Deprecated: the admin center reads iosSingleSignOnExtension.
    if obj.contains_key("singleSignOnExtension") {
        errs.push("singleSignOnExtension: deprecated, use iosSingleSignOnExtension".into());
    }
    if !obj.contains_key("iosSingleSignOnExtension") {
        errs.push("iosSingleSignOnExtension: missing".into());
    }
    graph.check_object(obj, "iosDeviceFeaturesConfiguration", "", &mut errs);
    errs
}

#[test]
fn every_graph_profile_body_conforms_to_the_graph_schema() {
    let graph = Graph::load();
    let mut files = golden_files(".graph.json");
    files.extend(golden_files("graph/profile.json"));
    for path in files {
        let errs = profile_errors(&graph, &json(&path));
        assert!(errs.is_empty(), "{}:\n{}", path.display(), errs.join("\n"));
    }
}

/// Graph's and Apple's schema errors in one Intune custom profile body (empty when it
/// conforms): the body itself, then the `.mobileconfig` it carries.
fn custom_errors(graph: &Graph, body: &J) -> Vec<String> {
    let obj = body.as_object().expect("a JSON object");
    let mut errs = Vec::new();
    if obj.get("@odata.type").and_then(J::as_str) != Some("#microsoft.graph.iosCustomConfiguration")
    {
        errs.push("@odata.type: not #microsoft.graph.iosCustomConfiguration".to_string());
    }
    for required in ["displayName", "payloadName", "payload"] {
        if !obj.contains_key(required) {
            errs.push(format!("{required}: missing"));
        }
    }
    graph.check_object(obj, "iosCustomConfiguration", "", &mut errs);
    // The payload is a profile that itself conforms to Apple's schema.
    match obj.get("payload").and_then(J::as_str) {
        Some(payload) => errs.extend(apple_errors(&base64_decode(payload))),
        None => errs.push("payload: not a string".to_string()),
    }
    errs
}

#[test]
fn every_custom_profile_body_conforms_to_the_graph_schema() {
    let graph = Graph::load();
    let mut files = golden_files(".graph-custom.json");
    files.extend(golden_files("graph/custom.json"));
    assert!(files.len() >= 10, "{files:?}");
    for path in files {
        let errs = custom_errors(&graph, &json(&path));
        assert!(errs.is_empty(), "{}:\n{}", path.display(), errs.join("\n"));
    }
}

/// RFC 4648 base64 (the checker's own, so it does not share the exporter's crate).
fn base64_decode(s: &str) -> Vec<u8> {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = Vec::new();
    let (mut acc, mut bits) = (0u32, 0u32);
    for b in s.bytes().filter(|&b| b != b'=') {
        let v = ALPHABET
            .iter()
            .position(|&a| a == b)
            .expect("base64 character") as u32;
        acc = (acc << 6) | v;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    out
}

#[test]
fn every_assign_body_conforms_to_the_graph_schema() {
    let graph = Graph::load();
    for (suffixes, action) in [
        (
            [".assign.json", "graph/assign.json"],
            "deviceConfiguration.assign",
        ),
        (
            [
                ".authenticator-assign.json",
                "graph/authenticator-assign.json",
            ],
            "mobileApp.assign",
        ),
    ] {
        for suffix in suffixes {
            for path in golden_files(suffix) {
                let mut errs = Vec::new();
                graph.check_action(&json(&path), action, &mut errs);
                assert!(errs.is_empty(), "{}:\n{}", path.display(), errs.join("\n"));
            }
        }
    }
}

#[test]
fn the_graph_checker_catches_what_it_should() {
    let graph = Graph::load();
    let good =
        json(&tests_dir().join("golden/spec-example/ios-entra-id-sso-jit-registration.graph.json"));
    assert!(profile_errors(&graph, &good).is_empty());
    let cases: [(&str, J, &str); 6] = [
        ("/id", J::from("x"), "server-managed"),
        ("/singleSignOnExtension", J::from(1), "deprecated"),
        (
            "/iosSingleSignOnExtension/enableSharedDeviceMode",
            J::from("no"),
            "not a valid Edm.Boolean",
        ),
        (
            "/iosSingleSignOnExtension/unknownThing",
            J::from(1),
            "no such property",
        ),
        (
            "/iosSingleSignOnExtension/@odata.type",
            J::from("#microsoft.graph.iosSingleSignOnExtension"),
            "abstract",
        ),
        ("/assignments", J::from(1), "navigation"),
    ];
    for (pointer, value, want) in cases {
        let mut broken = good.clone();
        let (parent, key) = pointer.rsplit_once('/').unwrap();
        broken
            .pointer_mut(parent)
            .unwrap()
            .as_object_mut()
            .unwrap()
            .insert(key.to_string(), value);
        let errs = profile_errors(&graph, &broken);
        assert!(errs.iter().any(|e| e.contains(want)), "{pointer}: {errs:?}");
    }
    let mut errs = Vec::new();
    let out_of_range = serde_json::json!({"@odata.type": "#microsoft.graph.keyIntegerValuePair", "key": "k", "value": 1_i64 << 40});
    graph.check_value(
        &out_of_range,
        "microsoft.graph.keyTypedValuePair",
        "c",
        &mut errs,
    );
    assert!(errs.iter().any(|e| e.contains("Edm.Int32")), "{errs:?}");
}

// ---------------------------------------------------------------- every variant

/// Drafts of every extension type and option (SPEC §3), each exported in every format that
/// has a schema and checked against it: a property renamed in an exporter fails here even
/// when the importer and the golden files were changed to match. Deterministic and
/// exhaustive where it is cheap (every combination of the Kerberos switches, every target
/// with every filter mode), cyclic elsewhere, so each option appears in some draft.
mod variants {
    use super::*;
    use sso_wizard::draft::{
        ConfigPair, Draft, ExtensionType, Filter, FilterMode, Group, Kept, License, RawValue,
        Target, ValueType,
    };
    use sso_wizard::export::{Format, render};
    use std::collections::{BTreeMap, BTreeSet};

    const TEAM: &str = "UBF8T346G9";

    fn ids(n: usize) -> Vec<String> {
        ["com.contoso.lob", "com.fabrikam.app", "com.example.mail"][..n]
            .iter()
            .map(|s| s.to_string())
            .collect()
    }

    fn kept(pairs: &[(&str, toml::Value)]) -> Kept {
        Kept(
            pairs
                .iter()
                .map(|(k, v)| (k.to_string(), v.clone()))
                .collect(),
        )
    }

    /// The "Additional configuration" sets: none, the JIT pairs, every declared type (and
    /// values written as strings for an integer and a boolean row), an `AppAllowList` row.
    fn config_sets() -> Vec<Vec<ConfigPair>> {
        let raw = |key: &str, kind, value: &str| ConfigPair {
            key: key.into(),
            kind,
            value: RawValue::String(value.into()),
        };
        vec![
            vec![],
            Draft::new_jit().extension.config,
            vec![
                ConfigPair::string("device_registration", "{{DEVICEREGISTRATION}}"),
                ConfigPair::integer("browser_sso_interaction_enabled", 1),
                ConfigPair::boolean("vendor_flag", true),
                ConfigPair::integer("max_value", i64::from(i32::MAX)),
                ConfigPair::integer("min_value", i64::from(i32::MIN)),
                raw("as_string_integer", ValueType::Integer, "-5"),
                raw("as_string_boolean", ValueType::Boolean, "False"),
            ],
            vec![
                ConfigPair::string("AppAllowList", "com.contoso.one, com.contoso.two"),
                ConfigPair::boolean("vendor_switch", false),
            ],
        ]
    }

    fn entra() -> Vec<Draft> {
        let mut out = Vec::new();
        for shared in [false, true] {
            for n in [0, 1, 3] {
                for config in config_sets() {
                    let mut d = Draft::new_jit();
                    d.extension.shared_device_mode = shared;
                    d.extension.bundle_ids = ids(n);
                    d.extension.config = config;
                    out.push(d);
                }
            }
        }
        out
    }

    fn redirect() -> Vec<Draft> {
        let mut out = Vec::new();
        for team in ["", TEAM] {
            for n in [1, 2] {
                for config in config_sets() {
                    let mut d = Draft::new_jit();
                    d.extension.kind = ExtensionType::Redirect;
                    d.extension.extension_id = "com.contoso.sso.redirect".into();
                    d.extension.team_id = team.into();
                    d.extension.urls =
                        ["https://sso.contoso.com", "https://login.contoso.com/auth"][..n]
                            .iter()
                            .map(|s| s.to_string())
                            .collect();
                    d.extension.config = config;
                    out.push(d);
                }
            }
        }
        out
    }

    fn credential() -> Vec<Draft> {
        let mut out = Vec::new();
        for team in ["", TEAM] {
            for realm in ["", "CONTOSO.COM"] {
                for n in [1, 2] {
                    for config in config_sets() {
                        let mut d = Draft::new_jit();
                        d.extension.kind = ExtensionType::Credential;
                        d.extension.extension_id = "com.contoso.sso.credential".into();
                        d.extension.team_id = team.into();
                        d.extension.realm = realm.into();
                        d.extension.domains = [".contoso.com", "fabrikam.com"][..n]
                            .iter()
                            .map(|s| s.to_string())
                            .collect();
                        d.extension.config = config;
                        out.push(d);
                    }
                }
            }
        }
        out
    }

    /// Every combination of the five Kerberos switches, each with one pattern of the four
    /// text fields (all 16 patterns appear), bundle IDs and domain-realm mappings on and off.
    fn kerberos() -> Vec<Draft> {
        let mut out = Vec::new();
        for switches in 0u32..32 {
            for texts in [switches % 16, 15 - switches % 16] {
                let mut d = Draft::new_jit();
                let ext = &mut d.extension;
                ext.kind = ExtensionType::Kerberos;
                ext.realm = "CONTOSO.COM".into();
                ext.domains = vec![".contoso.com".into(), "contoso.com".into()];
                ext.config = Vec::new();
                ext.bundle_ids = ids((switches % 3) as usize);
                let k = &mut ext.kerberos;
                k.block_keychain_usage = switches & 1 != 0;
                k.require_user_presence = switches & 2 != 0;
                k.default_realm = switches & 4 != 0;
                k.block_autodiscover = switches & 8 != 0;
                k.managed_apps_only = switches & 16 != 0;
                let text = |bit: u32, value: &str| {
                    if texts & bit != 0 {
                        value.to_string()
                    } else {
                        String::new()
                    }
                };
                k.principal_name = text(1, "alex@contoso.com");
                k.site_code = text(2, "Default-First-Site-Name");
                k.cache_name = text(4, "contoso-cache");
                k.sign_in_help_text = text(8, "Use your Contoso account.");
                if texts % 2 == 0 {
                    k.domain_realms = vec![".contoso.com".into(), ".corp.contoso.com".into()];
                }
                if switches == 31 {
                    k.apple_keys = kept(&[("customUsernameLabel", "Contoso ID".into())]);
                }
                out.push(d);
            }
        }
        out
    }

    /// Every target with no, one and several groups excluded and every filter mode; groups
    /// with one and several included.
    fn assignment_sets() -> Vec<sso_wizard::draft::Assignments> {
        let group = |i: usize| Group {
            id: format!("0b1c2d3e-0000-4000-8000-00000000000{i}"),
            name: format!("Group {i}"),
        };
        let mut out = Vec::new();
        for target in [
            Target::AllUsers,
            Target::AllDevices,
            Target::Groups,
            Target::None,
        ] {
            for excluded in [0, 1, 2] {
                for filter in [None, Some(FilterMode::Include), Some(FilterMode::Exclude)] {
                    let mut a = sso_wizard::draft::Assignments {
                        target,
                        ..Default::default()
                    };
                    if target == Target::Groups {
                        a.include_groups = (1..=1 + excluded % 2 * 2).map(group).collect();
                    }
                    a.exclude_groups = (4..4 + excluded).map(group).collect();
                    a.filter = filter.map(|mode| Filter {
                        id: "9a8b7c6d-0000-4000-8000-000000000001".into(),
                        mode,
                    });
                    out.push(a);
                }
            }
        }
        out
    }

    /// The profile's own options: minimal, and everything set (kept Apple keys too).
    fn profile_variant(d: &mut Draft, i: usize) {
        let p = &mut d.profile;
        p.name = format!("Variant {i}");
        if i % 2 == 1 {
            p.description = "Single sign-on for Contoso".into();
            p.organization = "Contoso".into();
            p.identifier = Some(format!("com.contoso.sso.variant{i}"));
            p.scope_tags = vec!["0".into(), "7".into()];
            p.uuid = Some("6A0E2A7C-3D8E-4F6B-9C1A-2B3C4D5E6F70".into());
            p.apple_keys = kept(&[("PayloadRemovalDisallowed", true.into())]);
            let e = &mut d.extension;
            e.payload_identifier = Some(format!("com.contoso.sso.variant{i}.payload"));
            e.payload_uuid = Some("7B1F3B8D-4E9F-4A7C-8D2B-3C4D5E6F7081".into());
            e.payload_display_name = Some("Contoso SSO".into());
            e.payload_organization = Some("Contoso IT".into());
            e.payload_description = Some("The SSO app extension".into());
            // Apple's Kerberos variant has no payload keys besides its own.
            if e.kind != ExtensionType::Kerberos {
                e.apple_keys = kept(&[
                    ("ScreenLockedBehavior", "DoNotHandle".into()),
                    (
                        "DeniedBundleIdentifiers",
                        toml::Value::Array(vec!["com.contoso.legacy".into()]),
                    ),
                ]);
            }
        }
    }

    fn all_drafts() -> Vec<Draft> {
        let mut drafts: Vec<Draft> = [entra(), redirect(), credential(), kerberos()].concat();
        let assignments = assignment_sets();
        let licenses = [License::Store, License::VppDevice, License::VppUser];
        let n = drafts.len().max(assignments.len());
        while drafts.len() < n {
            let again = drafts[drafts.len() % 24].clone();
            drafts.push(again);
        }
        for (i, d) in drafts.iter_mut().enumerate() {
            profile_variant(d, i);
            d.assignments = assignments[i % assignments.len()].clone();
            d.authenticator.license = licenses[i % licenses.len()];
            d.authenticator.app_id = "f1e2d3c4-0000-4000-8000-000000000001".into();
        }
        drafts
    }

    fn export(d: &Draft, format: Format) -> Vec<u8> {
        let mut files = render(d, format)
            .unwrap_or_else(|e| panic!("{} does not export as {format:?}: {e}", d.to_toml()));
        assert_eq!(files.len(), 1);
        files.remove(0).bytes
    }

    /// Every key path (`type.property`) of a Graph body, to show what the drafts reached.
    fn keys_of(value: &J, ty: &str, out: &mut BTreeSet<String>) {
        match value {
            J::Object(obj) => {
                let ty = obj
                    .get("@odata.type")
                    .and_then(J::as_str)
                    .map_or(ty, |t| t.trim_start_matches("#microsoft.graph."));
                for (k, v) in obj {
                    out.insert(format!("{ty}.{k}"));
                    keys_of(v, k, out);
                }
            }
            J::Array(items) => items.iter().for_each(|v| keys_of(v, ty, out)),
            other => {
                out.insert(format!("{ty}={other}"));
            }
        }
    }

    #[test]
    fn every_variant_conforms_to_apples_and_graphs_schemas() {
        let graph = Graph::load();
        let drafts = all_drafts();
        assert!(drafts.len() >= 100, "{}", drafts.len());
        let mut seen = BTreeSet::new();
        let mut failures = BTreeMap::new();
        for d in &drafts {
            let mut errs = apple_errors(&export(d, Format::Mobileconfig));
            let profile: J = serde_json::from_slice(&export(d, Format::Graph)).unwrap();
            errs.extend(profile_errors(&graph, &profile));
            keys_of(&profile, "", &mut seen);
            let custom: J = serde_json::from_slice(&export(d, Format::GraphCustom)).unwrap();
            errs.extend(custom_errors(&graph, &custom));
            for (format, action) in [
                (Format::GraphAssign, "deviceConfiguration.assign"),
                (Format::AuthenticatorAssign, "mobileApp.assign"),
            ] {
                let body: J = serde_json::from_slice(&export(d, format)).unwrap();
                graph.check_action(&body, action, &mut errs);
                keys_of(&body, "", &mut seen);
            }
            if !errs.is_empty() {
                failures.insert(d.profile.name.clone(), (d.to_toml(), errs));
            }
        }
        assert!(failures.is_empty(), "{failures:#?}");
        // The drafts reached every property the exporters can write.
        let mut missing = Vec::new();
        for ty in [
            "iosAzureAdSingleSignOnExtension",
            "iosRedirectSingleSignOnExtension",
            "iosCredentialSingleSignOnExtension",
            "iosKerberosSingleSignOnExtension",
        ] {
            let props = graph.ty(ty).unwrap()["properties"].as_mapping().unwrap();
            for prop in props.keys().map(|k| k.as_str().unwrap()) {
                // Intune's iOS Kerberos template has no password settings (macOS only).
                if prop.starts_with("password") {
                    continue;
                }
                missing.push(format!("{ty}.{prop}"));
            }
        }
        for other in [
            "keyStringValuePair.value",
            "keyIntegerValuePair.value",
            "keyBooleanValuePair.value",
            "allLicensedUsersAssignmentTarget.deviceAndAppManagementAssignmentFilterType",
            "allDevicesAssignmentTarget.deviceAndAppManagementAssignmentFilterId",
            "groupAssignmentTarget.groupId",
            "exclusionGroupAssignmentTarget.groupId",
            "deviceAndAppManagementAssignmentFilterType=\"include\"",
            "deviceAndAppManagementAssignmentFilterType=\"exclude\"",
            "iosVppAppAssignmentSettings.useDeviceLicensing",
            "useDeviceLicensing=true",
            "useDeviceLicensing=false",
            "enableSharedDeviceMode=true",
            "enableSharedDeviceMode=false",
            "mobileAppAssignment.intent",
        ] {
            missing.push(other.to_string());
        }
        missing.retain(|k| !seen.contains(k));
        assert!(
            missing.is_empty(),
            "never exported: {missing:?}\nseen: {seen:#?}"
        );
    }
}
