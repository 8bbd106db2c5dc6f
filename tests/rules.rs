//! Diagnostics (SPEC §6): for every code an input that raises it and a near miss that does
//! not; the mistakes the seed document warns about, by name; fixes remove what they fix.

use proptest::prelude::*;
use sso_wizard::draft::{
    ConfigPair, Draft, ExtensionType, Filter, FilterMode, Group, RawValue, Target, ValueType,
};
use sso_wizard::export::Format;
use sso_wizard::rules::{
    Diagnostic, Field, Fix, Severity, escape_for_terminal, export_notes, validate,
};

const GUID_A: &str = "6f1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d";
const GUID_B: &str = "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d";

/// SPEC §3's example with the Authenticator app id filled in: a clean JIT profile.
fn base() -> Draft {
    let mut d = Draft::from_toml(include_str!("fixtures/answers/spec-example.toml"))
        .expect("the SPEC example parses");
    d.authenticator.app_id = GUID_B.to_string();
    d
}

fn with(f: impl FnOnce(&mut Draft)) -> Draft {
    let mut d = base();
    f(&mut d);
    d
}

fn redirect(d: &mut Draft) {
    d.extension.kind = ExtensionType::Redirect;
    d.extension.extension_id = "com.vendor.app.ssoextension".into();
    d.extension.urls = vec!["https://login.contoso.com".into()];
}

fn kerberos(d: &mut Draft) {
    d.extension.kind = ExtensionType::Kerberos;
    d.extension.realm = "CONTOSO.COM".into();
    d.extension.domains = vec![".contoso.com".into()];
}

fn credential(d: &mut Draft) {
    d.extension.kind = ExtensionType::Credential;
    d.extension.extension_id = "com.vendor.app.ssoextension".into();
    d.extension.domains = vec![".contoso.com".into()];
}

fn push(d: &mut Draft, p: ConfigPair) {
    d.extension.config.push(p);
}

fn ids(d: &mut Draft, list: &[&str]) {
    d.extension.bundle_ids = list.iter().map(|s| s.to_string()).collect();
}

fn find<'a>(diags: &'a [Diagnostic], code: &str) -> Vec<&'a Diagnostic> {
    diags.iter().filter(|d| d.code == code).collect()
}

/// One row of the table: `hit` raises `code` with `severity` on `field` (and the fix, if
/// given); `miss` is a near miss that raises no `code` at all.
struct Case {
    code: &'static str,
    severity: Severity,
    field: Field,
    fix: Option<Fix>,
    hit: Draft,
    miss: Draft,
}

fn case(code: &'static str, severity: Severity, field: Field, hit: Draft, miss: Draft) -> Case {
    Case {
        code,
        severity,
        field,
        fix: None,
        hit,
        miss,
    }
}

impl Case {
    fn fix(mut self, fix: Fix) -> Self {
        self.fix = Some(fix);
        self
    }
}

fn cases() -> Vec<Case> {
    use Severity::{Error, Info, Warning};
    let s = ConfigPair::string;
    let n = ConfigPair::integer;
    vec![
        // --- profile ---
        case(
            "P001",
            Error,
            Field::Name,
            with(|d| d.profile.name = "  ".into()),
            with(|d| d.profile.name = "x".into()),
        ),
        case(
            "P002",
            Error,
            Field::Identifier,
            with(|d| d.profile.identifier = Some("com.contoso sso".into())),
            // The default identifier ("sso-wizard." + slug) is valid whatever the name.
            with(|d| {
                d.profile.identifier = None;
                d.profile.name = "Fabrikam: iPhone SSO!".into();
            }),
        ),
        case(
            "P002",
            Warning,
            Field::Identifier,
            with(|d| d.profile.identifier = Some("contoso".into())),
            with(|d| d.profile.identifier = Some("com.contoso-1.sso".into())),
        ),
        // A UUID, as Jamf Pro writes it, is accepted and kept (SPEC §8).
        case(
            "P002",
            Warning,
            Field::Identifier,
            with(|d| d.profile.identifier = Some("A1B2C3D4-0000-4000-8000".into())),
            with(|d| d.profile.identifier = Some("A1B2C3D4-0000-4000-8000-000000000001".into())),
        ),
        // --- extension ---
        case(
            "E001",
            Warning,
            Field::ExtensionType,
            with(redirect),
            base(),
        ),
        // A Redirect draft naming Authenticator's extension is the Entra ID plug-in: the fix
        // switches the type.
        case(
            "E001",
            Warning,
            Field::ExtensionType,
            with(|d| {
                redirect(d);
                d.extension.extension_id = "com.microsoft.azureauthenticator.ssoextension".into();
            }),
            base(),
        )
        .fix(Fix::SwitchToEntraId),
        case(
            "E002",
            Error,
            Field::Urls,
            with(|d| {
                redirect(d);
                d.extension.urls.clear()
            }),
            with(redirect),
        ),
        case(
            "E002",
            Error,
            Field::Url(0),
            with(|d| {
                redirect(d);
                d.extension.urls = vec!["https://login.contoso.com/sso?x=1".into()]
            }),
            with(|d| {
                redirect(d);
                d.extension.urls = vec!["HTTPS://login.contoso.com/sso".into()]
            }),
        ),
        case(
            "E002",
            Error,
            Field::Url(0),
            with(|d| {
                redirect(d);
                d.extension.urls = vec!["login.contoso.com".into()]
            }),
            with(redirect),
        ),
        case(
            "E003",
            Error,
            Field::Domains,
            with(|d| {
                kerberos(d);
                d.extension.domains.clear()
            }),
            with(kerberos),
        ),
        case(
            "E003",
            Error,
            Field::Realm,
            with(|d| {
                kerberos(d);
                d.extension.realm.clear()
            }),
            with(|d| {
                credential(d);
                d.extension.realm.clear()
            }),
        ),
        case(
            "E003",
            Warning,
            Field::Domain(0),
            with(|d| {
                credential(d);
                d.extension.domains = vec!["contoso.com".into()]
            }),
            with(credential),
        )
        .fix(Fix::DotDomain(0)),
        // Microsoft's Kerberos samples list both forms: the fix removes the bare one rather
        // than making a duplicate (E006), and both forms alone are no E006.
        case(
            "E003",
            Warning,
            Field::Domain(1),
            with(|d| {
                kerberos(d);
                d.extension.domains = vec![".contoso.com".into(), "contoso.com".into()]
            }),
            with(|d| {
                kerberos(d);
                d.extension.domains = vec![".contoso.com".into(), ".fabrikam.com".into()]
            }),
        )
        .fix(Fix::RemoveDomain(1)),
        case(
            "E004",
            Error,
            Field::ExtensionId,
            with(|d| {
                credential(d);
                d.extension.extension_id = "My Extension".into()
            }),
            with(credential),
        ),
        case(
            "E004",
            Error,
            Field::ExtensionId,
            with(|d| {
                redirect(d);
                d.extension.extension_id.clear()
            }),
            with(redirect),
        ),
        case(
            "E004",
            Error,
            Field::TeamId,
            with(|d| {
                redirect(d);
                d.extension.team_id = "ABCDE1234".into()
            }),
            with(|d| {
                redirect(d);
                d.extension.team_id = "ABCDE12345".into()
            }),
        ),
        case(
            "E005",
            Warning,
            Field::Realm,
            with(|d| {
                kerberos(d);
                d.extension.realm = "contoso.com".into()
            }),
            with(kerberos),
        ),
        case(
            "E006",
            Error,
            Field::Url(1),
            with(|d| {
                redirect(d);
                d.extension.urls.push("HTTPS://LOGIN.contoso.com/".into())
            }),
            with(|d| {
                redirect(d);
                d.extension
                    .urls
                    .push("https://login.contoso.com/other".into())
            }),
        ),
        case(
            "E006",
            Error,
            Field::Domain(1),
            with(|d| {
                kerberos(d);
                d.extension.domains.push(".Contoso.com".into())
            }),
            with(|d| {
                kerberos(d);
                d.extension.domains.push(".contoso.net".into())
            }),
        ),
        // --- bundle IDs (entra-id unless noted) ---
        case(
            "B001",
            Error,
            Field::BundleId(1),
            with(|d| ids(d, &["com.a.b", "com.contoso..app"])),
            with(|d| ids(d, &["com.a.b", "com.contoso-1.App"])),
        ),
        case(
            "B001",
            Error,
            Field::BundleId(0),
            with(|d| ids(d, &["com.contoso.app\u{1b}[31m"])),
            with(|d| ids(d, &["com.contoso.app"])),
        ),
        // A single label with a bad character: its scan sees nothing but that byte class
        // (cargo-mutants: `seen ^ BAD` in the scan's verdict went unnoticed).
        case(
            "B001",
            Error,
            Field::BundleId(0),
            with(|d| ids(d, &["lobapp!"])),
            with(|d| ids(d, &["lobapp"])),
        ),
        case(
            "B001",
            Error,
            Field::BundleId(0),
            with(|d| ids(d, &[""])),
            with(|d| ids(d, &[])),
        )
        .fix(Fix::RemoveBundleId(0)),
        case(
            "B002",
            Warning,
            Field::BundleId(0),
            with(|d| ids(d, &[" com.contoso.app\t"])),
            with(|d| ids(d, &["com.contoso.app"])),
        )
        .fix(Fix::TrimBundleId(0)),
        case(
            "B003",
            Warning,
            Field::BundleId(1),
            with(|d| ids(d, &["com.contoso.lobapp", "com.microsoft.skype.teams"])),
            with(|d| ids(d, &["com.contoso.lobapp", "com.contoso.microsoft.teams"])),
        )
        .fix(Fix::RemoveMicrosoftApps),
        // Not in the catalogue: it may be a non-MSAL Microsoft app that needs listing (info,
        // and the fix leaves it alone).
        case(
            "B003",
            Info,
            Field::BundleId(0),
            with(|d| ids(d, &["COM.Microsoft.NewApp"])),
            with(|d| ids(d, &["com.microsoftpartner.app"])),
        ),
        // Defender's own iOS guide asks for it in the list: an info, no fix.
        case(
            "B003",
            Info,
            Field::BundleId(0),
            with(|d| ids(d, &["com.microsoft.scmx"])),
            with(|d| ids(d, &["com.contoso.scmx"])),
        ),
        case(
            "B003",
            Warning,
            Field::BundleId(0),
            with(|d| ids(d, &["wefwef"])),
            with(|d| ids(d, &["com.wefwef"])),
        )
        .fix(Fix::RemoveMicrosoftApps),
        case(
            "B004",
            Error,
            Field::BundleId(0),
            with(|d| ids(d, &["com.microsoft.azureauthenticator"])),
            with(|d| ids(d, &["com.microsoft.azureauthenticator.ssoextension"])),
        )
        .fix(Fix::RemoveBundleId(0)),
        case(
            "B005",
            Warning,
            Field::BundleId(2),
            with(|d| ids(d, &["com.contoso.app", "com.b.c", "COM.Contoso.App"])),
            with(|d| ids(d, &["com.contoso.app", "com.contoso.app2"])),
        )
        .fix(Fix::DedupBundleIds),
        case(
            "B006",
            Error,
            Field::BundleId(0),
            with(|d| ids(d, &["com.contoso.*"])),
            with(|d| ids(d, &["com.contoso.app"])),
        ),
        case(
            "B006",
            Error,
            Field::BundleId(0),
            with(|d| ids(d, &["com.contoso."])),
            with(|d| ids(d, &["com.contoso"])),
        ),
        case(
            "B007",
            Info,
            Field::BundleId(0),
            with(|d| ids(d, &["com.apple.MobileSafari"])),
            with(|d| ids(d, &["com.contoso.safari"])),
        )
        .fix(Fix::RemoveBundleId(0)),
        // Safari stays allowed without `com.apple.` in AppPrefixAllowList; only AppBlockList
        // takes it away, and then listing it is no longer "changes nothing".
        case(
            "B007",
            Info,
            Field::BundleId(0),
            with(|d| {
                ids(d, &["com.apple.SafariViewService"]);
                push(d, s("AppPrefixAllowList", "com.contoso."));
            }),
            with(|d| {
                ids(d, &["com.apple.SafariViewService"]);
                push(d, s("AppBlockList", "com.apple.safariviewservice"));
            }),
        )
        .fix(Fix::RemoveBundleId(0)),
        // Other Apple apps: "changes nothing" only while `com.apple.` is in the effective
        // AppPrefixAllowList (absent row = the default `com.apple.`).
        case(
            "B007",
            Info,
            Field::BundleId(0),
            with(|d| {
                ids(d, &["com.apple.mobilecal"]);
                push(d, s("AppPrefixAllowList", "com.apple.,com.contoso."));
            }),
            with(|d| {
                ids(d, &["com.apple.mobilecal"]);
                push(d, s("AppPrefixAllowList", "com.contoso."));
            }),
        )
        .fix(Fix::RemoveBundleId(0)),
        case(
            "B008",
            Warning,
            Field::BundleId(0),
            with(|d| ids(d, &["com.apple.Safari"])),
            with(|d| ids(d, &["com.apple.mobilesafari"])),
        )
        .fix(Fix::RemoveBundleId(0)),
        case(
            "B008",
            Warning,
            Field::BundleId(0),
            with(|d| {
                kerberos(d);
                ids(d, &["com.microsoft.edgemac"])
            }),
            with(|d| {
                kerberos(d);
                ids(d, &["com.microsoft.msedge"])
            }),
        )
        .fix(Fix::RemoveBundleId(0)),
        case(
            "B009",
            Warning,
            Field::BundleId(0),
            with(|d| ids(d, &["lobapp"])),
            with(|d| ids(d, &["com.lobapp"])),
        ),
        // Kerberos: the list is the credential ACL, syntax rules still apply.
        case(
            "B002",
            Warning,
            Field::BundleId(0),
            with(|d| {
                kerberos(d);
                ids(d, &["com.contoso.app "])
            }),
            with(|d| {
                kerberos(d);
                ids(d, &["com.contoso.app"])
            }),
        )
        .fix(Fix::TrimBundleId(0)),
        // --- configuration (base rows: 0 device_registration, 1 browser_sso_interaction_enabled) ---
        case(
            "K001",
            Warning,
            Field::Config,
            with(|d| {
                d.extension.config.remove(0);
            }),
            base(),
        ),
        case(
            "K002",
            Error,
            Field::ConfigValue(0),
            with(|d| d.extension.config[0] = s("device_registration", "{{DeviceRegistration}}")),
            base(),
        )
        .fix(Fix::SetDeviceRegistration(0)),
        case(
            "K002",
            Error,
            Field::ConfigValue(0),
            with(|d| d.extension.config[0] = s("device_registration", "{{DEVICEREGISTRATION}} ")),
            base(),
        )
        .fix(Fix::SetDeviceRegistration(0)),
        case(
            "K002",
            Error,
            Field::ConfigValue(0),
            with(|d| d.extension.config[0] = s("device_registration", "{DEVICEREGISTRATION}")),
            base(),
        )
        .fix(Fix::SetDeviceRegistration(0)),
        case(
            "K002",
            Error,
            Field::ConfigType(0),
            with(|d| d.extension.config[0].kind = ValueType::Integer),
            base(),
        )
        .fix(Fix::SetDeviceRegistration(0)),
        case(
            "K003",
            Error,
            Field::ConfigKey(0),
            with(|d| d.extension.config[0].key = "device_registration ".into()),
            base(),
        )
        .fix(Fix::TrimConfig(0)),
        case(
            "K003",
            Error,
            Field::ConfigValue(2),
            with(|d| push(d, s("AppPrefixAllowList", "com.apple. "))),
            with(|d| push(d, s("AppPrefixAllowList", "com.apple."))),
        )
        .fix(Fix::TrimConfig(2)),
        case(
            "K003",
            Error,
            Field::ConfigKey(0),
            with(|d| {
                redirect(d);
                d.extension.config = vec![s(" vendor_key", "x")]
            }),
            with(|d| {
                redirect(d);
                d.extension.config = vec![s("vendor_key", "x")]
            }),
        )
        .fix(Fix::TrimConfig(0)),
        // Around an unknown key's value: a warning (a third-party extension may mean it).
        case(
            "K003",
            Warning,
            Field::ConfigValue(0),
            with(|d| {
                redirect(d);
                d.extension.config = vec![s("vendor_key", "x ")]
            }),
            with(|d| {
                redirect(d);
                d.extension.config = vec![s("vendor_key", "x")]
            }),
        )
        .fix(Fix::TrimConfig(0)),
        case(
            "K004",
            Error,
            Field::ConfigType(1),
            with(|d| d.extension.config[1] = s("browser_sso_interaction_enabled", "1")),
            base(),
        )
        .fix(Fix::RetypeConfig(1, ValueType::Integer)),
        case(
            "K004",
            Error,
            Field::ConfigType(2),
            with(|d| push(d, n("sharedDeviceMode", 1))),
            with(|d| push(d, n("use_most_secure_storage", 1))),
        )
        .fix(Fix::RetypeConfig(2, ValueType::Boolean)),
        case(
            "K005",
            Info,
            Field::Config,
            with(|d| {
                d.extension.config.remove(1);
            }),
            base(),
        ),
        case(
            "K005",
            Warning,
            Field::ConfigValue(1),
            with(|d| d.extension.config[1] = n("browser_sso_interaction_enabled", 0)),
            base(),
        ),
        case(
            "K006",
            Error,
            Field::ConfigKey(2),
            with(|d| push(d, n("browser_sso_interaction_enabled", 1))),
            with(|d| push(d, n("disable_explicit_app_prompt", 1))),
        )
        .fix(Fix::RemoveConfig(2)),
        case(
            "K006",
            Error,
            Field::ConfigKey(1),
            with(|d| {
                credential(d);
                d.extension.config = vec![s("k", "1"), s("k", "2")]
            }),
            with(|d| {
                credential(d);
                d.extension.config = vec![s("k", "1"), s("K", "2")]
            }),
        )
        .fix(Fix::RemoveConfig(1)),
        case(
            "K006",
            Error,
            Field::ConfigKey(2),
            with(|d| {
                d.extension.shared_device_mode = true;
                push(d, ConfigPair::boolean("sharedDeviceMode", true));
            }),
            with(|d| push(d, ConfigPair::boolean("sharedDeviceMode", true))),
        )
        .fix(Fix::RemoveConfig(2)),
        case(
            "K007",
            Warning,
            Field::ConfigKey(2),
            with(|d| push(d, n("Enable_SSO_On_All_ManagedApp", 1))),
            with(|d| push(d, n("Enable_SSO_On_All_ManagedApps", 1))),
        )
        .fix(Fix::RenameConfigKey(2, "Enable_SSO_On_All_ManagedApps")),
        case(
            "K007",
            Warning,
            Field::ConfigKey(2),
            with(|d| push(d, s("appallowlist", "com.a.b"))),
            with(|d| push(d, s("contoso_custom_setting", "x"))),
        )
        .fix(Fix::RenameConfigKey(2, "AppAllowList")),
        case(
            "K008",
            Error,
            Field::ConfigValue(2),
            with(|d| {
                push(
                    d,
                    ConfigPair {
                        key: "disable_inapp_sso_signin".into(),
                        kind: ValueType::Integer,
                        value: RawValue::String("one".into()),
                    },
                )
            }),
            with(|d| {
                push(
                    d,
                    ConfigPair {
                        key: "disable_inapp_sso_signin".into(),
                        kind: ValueType::Integer,
                        value: RawValue::String("1".into()),
                    },
                )
            }),
        ),
        case(
            "K008",
            Error,
            Field::ConfigValue(0),
            with(|d| {
                redirect(d);
                d.extension.config = vec![n("vendor_timeout", 1 << 40)]
            }),
            with(|d| {
                redirect(d);
                d.extension.config = vec![n("vendor_timeout", i64::from(i32::MAX))]
            }),
        ),
        case(
            "K008",
            Error,
            Field::ConfigValue(2),
            with(|d| {
                push(
                    d,
                    ConfigPair {
                        key: "sharedDeviceMode".into(),
                        kind: ValueType::Boolean,
                        value: RawValue::String("yes".into()),
                    },
                )
            }),
            with(|d| {
                push(
                    d,
                    ConfigPair {
                        key: "sharedDeviceMode".into(),
                        kind: ValueType::Boolean,
                        value: RawValue::String("True".into()),
                    },
                )
            }),
        ),
        case(
            "K009",
            Warning,
            Field::ConfigValue(2),
            with(|d| push(d, n("admin_debug_mode_enabled", 1))),
            with(|d| push(d, n("admin_debug_mode_enabled", 0))),
        )
        .fix(Fix::RemoveConfig(2)),
        case(
            "K010",
            Warning,
            Field::ConfigValue(2),
            with(|d| push(d, s("AppPrefixAllowList", "com.contoso."))),
            with(|d| push(d, s("AppPrefixAllowList", "com.apple.,com.contoso."))),
        ),
        case(
            "K011",
            Warning,
            Field::ConfigValue(2),
            with(|d| push(d, s("AppBlockList", "com.a.b,\u{202F}com.c.d"))),
            with(|d| push(d, s("AppBlockList", "com.a.b,com.c.d"))),
        )
        .fix(Fix::NormalizeCommaList(2)),
        case(
            "K011",
            Warning,
            Field::ConfigValue(2),
            with(|d| push(d, s("AppCookieSSOAllowList", "com.a., com.b."))),
            with(|d| push(d, s("contoso_list", "com.a., com.b."))),
        )
        .fix(Fix::NormalizeCommaList(2)),
        case(
            "K012",
            Error,
            Field::ConfigKey(2),
            with(|d| push(d, s(" ", "x"))),
            with(|d| push(d, s("contoso_custom_setting", "x"))),
        )
        .fix(Fix::RemoveConfig(2)),
        case(
            "K013",
            Error,
            Field::Config,
            with(|d| (0..499).for_each(|i| push(d, n(&format!("contoso_setting_{i}"), 1)))),
            with(|d| (0..498).for_each(|i| push(d, n(&format!("contoso_setting_{i}"), 1)))),
        ),
        case(
            "K014",
            Warning,
            Field::ConfigKey(2),
            with(|d| push(d, s("AppAllowList", "com.contoso.other"))),
            with(|d| {
                push(d, s("AppAllowList", "com.contoso.other"));
                ids(d, &[])
            }),
        ),
        case(
            "K015",
            Info,
            Field::ConfigKey(2),
            with(|d| push(d, n("browser_sso_disable_mfa", 0))),
            with(|d| push(d, n("disable_inapp_sso_signin", 0))),
        ),
        // --- assignments ---
        case(
            "A001",
            Error,
            Field::IncludeGroup(0),
            with(|d| {
                d.assignments.target = Target::Groups;
                d.assignments.include_groups = vec![Group {
                    id: "Sales".into(),
                    name: "Sales".into(),
                }]
            }),
            with(|d| {
                d.assignments.target = Target::Groups;
                d.assignments.include_groups = vec![Group {
                    id: GUID_A.to_uppercase(),
                    name: "Sales".into(),
                }]
            }),
        ),
        case(
            "A001",
            Error,
            Field::ExcludeGroup(0),
            with(|d| {
                d.assignments.exclude_groups = vec![Group {
                    id: format!("{{{GUID_A}}}"),
                    name: String::new(),
                }]
            }),
            with(|d| {
                d.assignments.exclude_groups = vec![Group {
                    id: GUID_A.into(),
                    name: String::new(),
                }]
            }),
        ),
        case(
            "A007",
            Error,
            Field::Filter,
            with(|d| {
                d.assignments.filter = Some(Filter {
                    id: "iPhones only".into(),
                    mode: FilterMode::Include,
                })
            }),
            with(|d| {
                d.assignments.filter = Some(Filter {
                    id: GUID_A.into(),
                    mode: FilterMode::Exclude,
                })
            }),
        ),
        case(
            "A002",
            Warning,
            Field::Target,
            with(|d| d.assignments.target = Target::None),
            base(),
        ),
        case(
            "A002",
            Warning,
            Field::Target,
            with(|d| d.assignments.target = Target::Groups),
            with(|d| {
                d.assignments.target = Target::Groups;
                d.assignments.include_groups = vec![Group {
                    id: GUID_A.into(),
                    name: String::new(),
                }]
            }),
        ),
        case(
            "A003",
            Error,
            Field::ExcludeGroup(0),
            with(|d| {
                d.assignments.target = Target::Groups;
                d.assignments.include_groups = vec![Group {
                    id: GUID_A.into(),
                    name: "Sales".into(),
                }];
                d.assignments.exclude_groups = vec![Group {
                    id: GUID_A.to_uppercase(),
                    name: String::new(),
                }];
            }),
            with(|d| {
                d.assignments.target = Target::Groups;
                d.assignments.include_groups = vec![Group {
                    id: GUID_A.into(),
                    name: "Sales".into(),
                }];
                d.assignments.exclude_groups = vec![Group {
                    id: GUID_B.into(),
                    name: String::new(),
                }];
            }),
        ),
        case(
            "A004",
            Info,
            Field::Target,
            with(|d| d.assignments.target = Target::AllDevices),
            with(|d| {
                d.assignments.target = Target::AllDevices;
                d.extension.config.remove(0);
            }),
        ),
        case(
            "A005",
            Info,
            Field::AuthenticatorRequired,
            with(|d| d.authenticator.required = false),
            base(),
        ),
        case(
            "A006",
            Warning,
            Field::AuthenticatorAppId,
            with(|d| d.authenticator.app_id = " ".into()),
            with(|d| {
                d.authenticator.required = false;
                d.authenticator.app_id.clear()
            }),
        ),
        case(
            "A007",
            Error,
            Field::AuthenticatorAppId,
            with(|d| d.authenticator.app_id = "../../deviceConfigurations/x".into()),
            with(|d| d.authenticator.app_id = GUID_A.to_uppercase()),
        ),
    ]
}

#[test]
fn every_case_raises_its_code_and_its_near_miss_does_not() {
    for c in cases() {
        let diags = validate(&c.hit);
        let found = find(&diags, c.code);
        let hit = found
            .iter()
            .find(|d| d.field == c.field)
            .unwrap_or_else(|| panic!("{} on {}: not raised; got {diags:#?}", c.code, c.field));
        assert_eq!(hit.severity, c.severity, "{} severity", c.code);
        assert_eq!(hit.fix, c.fix, "{} on {}: fix", c.code, c.field);
        assert!(!hit.message.is_empty() && !hit.help.is_empty());
        let miss = validate(&c.miss);
        assert!(
            find(&miss, c.code).is_empty(),
            "{} raised by its near miss: {miss:#?}",
            c.code
        );
    }
}

#[test]
fn every_code_of_spec_section_6_is_covered() {
    let covered: Vec<&str> = cases().iter().map(|c| c.code).collect();
    let spec = [
        "P001", "P002", "E001", "E002", "E003", "E004", "E005", "E006", "B001", "B002", "B003",
        "B004", "B005", "B006", "B007", "B008", "B009", "K001", "K002", "K003", "K004", "K005",
        "K006", "K007", "K008", "K009", "K010", "K011", "K012", "K013", "K014", "K015", "A001",
        "A002", "A003", "A004", "A005", "A006", "A007",
    ];
    for code in spec {
        assert!(covered.contains(&code), "{code} has no test case");
    }
}

#[test]
fn applied_fixes_remove_their_diagnostic() {
    for c in cases() {
        let Some(fix) = c.fix else { continue };
        let mut d = c.hit.clone();
        assert!(fix.apply(&mut d), "{} fix {fix:?} changed nothing", c.code);
        let after = validate(&d);
        assert!(
            find(&after, c.code).is_empty(),
            "{} still raised after `{}`: {after:#?}",
            c.code,
            fix.label()
        );
    }
}

#[test]
fn clean_jit_profile_has_no_errors_or_warnings() {
    let diags = validate(&base());
    assert!(
        diags.iter().all(|d| d.severity == Severity::Info),
        "{diags:#?}"
    );
    assert!(diags.is_empty(), "SPEC example has infos: {diags:#?}");
    // A new wizard draft only lacks a name (and the Authenticator app id).
    let codes: Vec<&str> = validate(&Draft::new_jit()).iter().map(|d| d.code).collect();
    assert_eq!(codes, ["P001", "A006"]);
}

// --- the mistakes the seed document warns about, by name ---

#[test]
fn microsoft_authenticator_in_bundle_ids_is_b004_error_with_remove_fix() {
    let d = with(|d| {
        ids(
            d,
            &["com.contoso.lobapp", "com.microsoft.azureauthenticator"],
        )
    });
    let diags = validate(&d);
    let b004 = find(&diags, "B004");
    assert_eq!(b004.len(), 1);
    assert_eq!(b004[0].severity, Severity::Error);
    assert_eq!(b004[0].field, Field::BundleId(1));
    assert_eq!(b004[0].fix, Some(Fix::RemoveBundleId(1)));
    assert_eq!(
        b004[0].fix.as_ref().map(Fix::label).as_deref(),
        Some("remove it")
    );
    assert!(
        find(&diags, "B003").is_empty(),
        "Authenticator is B004, not B003"
    );
}

#[test]
fn teams_and_outlook_are_b003_and_one_fix_removes_all_microsoft_apps() {
    let mut d = with(|d| {
        ids(
            d,
            &[
                "com.microsoft.skype.teams",
                "com.contoso.lobapp",
                "com.microsoft.office.outlook",
                "com.microsoft.azureauthenticator",
                "com.microsoft.scmx",
                "com.microsoft.notcatalogued",
            ],
        )
    });
    let diags = validate(&d);
    let b003 = find(&diags, "B003");
    let sev: Vec<Severity> = b003.iter().map(|d| d.severity).collect();
    assert_eq!(
        sev,
        [
            Severity::Warning,
            Severity::Warning,
            Severity::Info,
            Severity::Info
        ]
    );
    assert!(b003[0].message.contains("Microsoft Teams"));
    assert!(
        b003[0]
            .message
            .contains("Microsoft advises not listing them")
    );
    assert!(
        b003[0]
            .message
            .contains("can cause authentication problems")
    );
    assert!(b003[2].message.contains("Defender's iOS install guide"));
    assert_eq!(b003[2].fix, None);
    assert_eq!(b003[3].fix, None);
    assert_eq!(
        b003[0].fix.as_ref().map(Fix::label).as_deref(),
        Some("remove catalogued Microsoft apps")
    );
    // The fix never removes Defender, nor an uncatalogued com.microsoft. ID.
    assert!(Fix::RemoveMicrosoftApps.apply(&mut d));
    assert_eq!(
        d.extension.bundle_ids,
        [
            "com.contoso.lobapp",
            "com.microsoft.scmx",
            "com.microsoft.notcatalogued"
        ]
    );
    assert!(
        validate(&d)
            .iter()
            .all(|x| x.severity == Severity::Info && x.code == "B003")
    );
}

#[test]
fn device_registration_key_with_trailing_space_is_k003_with_trim() {
    let mut d = with(|d| d.extension.config[0].key = "device_registration ".into());
    let diags = validate(&d);
    let codes: Vec<&str> = diags.iter().map(|x| x.code).collect();
    // Reported once, as whitespace: not also as "missing device_registration" or "unknown key".
    assert_eq!(codes, ["K003"], "{diags:#?}");
    assert_eq!(diags[0].field, Field::ConfigKey(0));
    assert_eq!(diags[0].fix, Some(Fix::TrimConfig(0)));
    assert!(diags[0].message.contains("`device_registration `"));
    diags[0].fix.as_ref().unwrap().apply(&mut d);
    assert!(validate(&d).is_empty());
}

#[test]
fn device_registration_in_mixed_case_is_k002_error() {
    let d = with(|d| {
        d.extension.config[0] = ConfigPair::string("device_registration", "{{DeviceRegistration}}")
    });
    let diags = validate(&d);
    assert_eq!(diags.len(), 1, "{diags:#?}");
    assert_eq!(diags[0].code, "K002");
    assert_eq!(diags[0].severity, Severity::Error);
    assert!(diags[0].message.contains("case"));
    assert_eq!(
        diags[0].fix.as_ref().map(Fix::label).as_deref(),
        Some("set to {{DEVICEREGISTRATION}}")
    );
}

#[test]
fn browser_sso_as_string_is_k004_with_retype_to_integer() {
    let mut d = with(|d| {
        d.extension.config[1] = ConfigPair::string("browser_sso_interaction_enabled", "1")
    });
    let diags = validate(&d);
    assert_eq!(diags.len(), 1, "{diags:#?}");
    assert_eq!(diags[0].code, "K004");
    assert_eq!(diags[0].field, Field::ConfigType(1));
    let fix = diags[0].fix.clone().unwrap();
    assert_eq!(fix.label(), "retype as integer");
    fix.apply(&mut d);
    assert_eq!(
        d.extension.config[1],
        ConfigPair::integer("browser_sso_interaction_enabled", 1)
    );
    assert!(validate(&d).is_empty());
}

#[test]
fn misspelt_enable_sso_on_all_managed_apps_is_k007_did_you_mean() {
    let d = with(|d| push(d, ConfigPair::integer("Enable_SSO_On_All_ManagedApp", 1)));
    let diags = validate(&d);
    let k007 = find(&diags, "K007");
    assert_eq!(k007.len(), 1);
    assert_eq!(k007[0].severity, Severity::Warning);
    assert!(
        k007[0]
            .message
            .contains("did you mean `Enable_SSO_On_All_ManagedApps`?"),
        "{}",
        k007[0].message
    );
}

#[test]
fn macos_safari_in_ios_profile_is_b008() {
    let d = with(|d| ids(d, &["com.apple.Safari"]));
    let diags = validate(&d);
    assert_eq!(diags.len(), 1, "{diags:#?}");
    assert_eq!(
        (diags[0].code, diags[0].severity),
        ("B008", Severity::Warning)
    );
    assert!(diags[0].help.contains("com.apple.mobilesafari"));
}

#[test]
fn debug_mode_left_on_is_k009() {
    let d = with(|d| push(d, ConfigPair::integer("admin_debug_mode_enabled", 1)));
    let diags = validate(&d);
    assert_eq!(diags.len(), 1, "{diags:#?}");
    assert_eq!(
        (diags[0].code, diags[0].severity),
        ("K009", Severity::Warning)
    );
}

#[test]
fn kerberos_acl_may_hold_microsoft_and_apple_apps() {
    let d = with(|d| {
        kerberos(d);
        ids(
            d,
            &["com.microsoft.Office.Outlook", "com.apple.mobilesafari"],
        );
    });
    let diags = validate(&d);
    assert_eq!(
        diags.iter().map(|x| x.code).collect::<Vec<_>>(),
        ["E001"],
        "{diags:#?}"
    );
}

#[test]
fn generic_extensions_get_only_generic_key_rules() {
    // Keys of a third-party extension are unknown to us: no "did you mean", no K001/K005.
    let d = with(|d| {
        redirect(d);
        d.extension.config = vec![ConfigPair::string("appallowlist", "a, b")];
    });
    let codes: Vec<&str> = validate(&d).iter().map(|x| x.code).collect();
    assert_eq!(codes, ["E001"]);
}

#[test]
fn x001_only_for_mobileconfig_with_the_token() {
    let d = base();
    let x001 = |format| -> Vec<_> {
        export_notes(&d, format)
            .into_iter()
            .filter(|x| x.code == "X001")
            .collect()
    };
    let notes = x001(Format::Mobileconfig);
    assert_eq!(notes.len(), 1);
    assert_eq!(
        (notes[0].code, notes[0].severity, notes[0].field),
        ("X001", Severity::Info, Field::ConfigValue(0))
    );
    assert_eq!(x001(Format::All).len(), 1);
    assert!(x001(Format::Graph).is_empty());
    let without = with(|d| {
        d.extension.config.remove(0);
    });
    assert!(export_notes(&without, Format::Mobileconfig).is_empty());
}

#[test]
fn diagnostics_come_in_field_order() {
    let d = with(|d| {
        d.assignments.target = Target::None;
        d.extension.config[1] = ConfigPair::string("browser_sso_interaction_enabled", "1");
        ids(d, &["b", "com.microsoft.skype.teams", "a"]);
        d.profile.name.clear();
    });
    let got: Vec<String> = validate(&d)
        .iter()
        .map(|x| format!("{} {}", x.code, x.field))
        .collect();
    assert_eq!(
        got,
        [
            "P001 profile.name",
            "B009 extension.bundle_ids[0]",
            "B003 extension.bundle_ids[1]",
            "B009 extension.bundle_ids[2]",
            "K004 extension.config[1].type",
            "A002 assignments.target",
        ]
    );
}

#[test]
fn quoted_user_text_is_escaped() {
    let d = with(|d| ids(d, &["com.contoso.\u{1b}[2Japp"]));
    let diags = validate(&d);
    assert_eq!(diags[0].code, "B001");
    assert!(
        diags[0].message.contains("\\u{1b}[2J"),
        "{}",
        diags[0].message
    );
    assert!(!diags[0].message.contains('\u{1b}'));
    assert_eq!(escape_for_terminal("tab\there"), "tab\\there");
}

#[test]
fn stale_fixes_are_harmless() {
    let mut d = base();
    for fix in [
        Fix::TrimBundleId(99),
        Fix::RemoveBundleId(99),
        Fix::TrimConfig(99),
        Fix::RetypeConfig(99, ValueType::Boolean),
        Fix::RemoveConfig(99),
        Fix::SetDeviceRegistration(99),
        Fix::RenameConfigKey(99, "AppAllowList"),
        Fix::NormalizeCommaList(99),
        Fix::DedupBundleIds,
        Fix::RemoveMicrosoftApps,
    ] {
        assert!(!fix.apply(&mut d), "{fix:?}");
    }
    assert_eq!(d, base());
}

/// Correctness only: how fast is `benches/validate.rs` (`validate/10000-half-duplicates`,
/// the same draft), since a timed assertion fails on a busy machine (SPEC §7).
#[test]
fn ten_thousand_bundle_ids_find_all_duplicates() {
    let mut d = base();
    d.extension.bundle_ids = (0..10_000)
        .map(|i| format!("com.contoso.app{}", i % 5_000))
        .collect();
    let diags = validate(&d);
    let dups = find(&diags, "B005");
    assert_eq!(dups.len(), 5_000);
    // Each repeat is reported at its own position: the second half of the list.
    let mut at: Vec<usize> = dups
        .iter()
        .map(|d| match d.field {
            Field::BundleId(i) => i,
            ref other => panic!("{other:?}"),
        })
        .collect();
    at.sort_unstable();
    assert_eq!(at, (5_000..10_000).collect::<Vec<_>>());
}

// --- no panics on anything ---

fn any_text() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        "[\\x00-\\x1f\\x7f a-zA-Z0-9.*,\u{202f}-]{0,40}",
        Just("com.microsoft.azureauthenticator".to_string()),
        Just("{{DEVICEREGISTRATION}}".to_string()),
        Just("device_registration".to_string()),
        Just("AppPrefixAllowList".to_string()),
    ]
}

fn any_pair() -> impl Strategy<Value = ConfigPair> {
    (
        any_text(),
        prop_oneof![
            Just(ValueType::String),
            Just(ValueType::Integer),
            Just(ValueType::Boolean)
        ],
        prop_oneof![
            any_text().prop_map(RawValue::String),
            any::<i64>().prop_map(RawValue::Integer),
            any::<bool>().prop_map(RawValue::Boolean),
        ],
    )
        .prop_map(|(key, kind, value)| ConfigPair { key, kind, value })
}

fn any_group() -> impl Strategy<Value = Group> {
    (
        prop_oneof![any_text(), Just(GUID_A.to_string())],
        any_text(),
    )
        .prop_map(|(id, name)| Group { id, name })
}

fn any_draft() -> impl Strategy<Value = Draft> {
    (
        (any_text(), proptest::option::of(any_text())),
        (
            prop_oneof![
                Just(ExtensionType::EntraId),
                Just(ExtensionType::Redirect),
                Just(ExtensionType::Credential),
                Just(ExtensionType::Kerberos)
            ],
            prop::collection::vec(any_text(), 0..30),
            (any_text(), any_text(), any_text()),
            prop::collection::vec(any_text(), 0..5),
            prop::collection::vec(any_text(), 0..5),
            prop::collection::vec(any_pair(), 0..12),
        ),
        (
            prop_oneof![
                Just(Target::AllUsers),
                Just(Target::AllDevices),
                Just(Target::Groups),
                Just(Target::None)
            ],
            prop::collection::vec(any_group(), 0..4),
            prop::collection::vec(any_group(), 0..4),
            proptest::option::of(any_text()),
            any::<bool>(),
            any_text(),
        ),
    )
        .prop_map(|((name, identifier), ext, asg)| {
            let mut d = Draft::new_jit();
            d.profile.name = name;
            d.profile.identifier = identifier;
            let (kind, bundle_ids, (extension_id, team_id, realm), urls, domains, config) = ext;
            d.extension.kind = kind;
            d.extension.bundle_ids = bundle_ids;
            d.extension.extension_id = extension_id;
            d.extension.team_id = team_id;
            d.extension.realm = realm;
            d.extension.urls = urls;
            d.extension.domains = domains;
            d.extension.config = config;
            let (target, include, exclude, filter, required, app_id) = asg;
            d.assignments.target = target;
            d.assignments.include_groups = include;
            d.assignments.exclude_groups = exclude;
            d.assignments.filter = filter.map(|id| Filter {
                id,
                mode: FilterMode::Include,
            });
            d.authenticator.required = required;
            d.authenticator.app_id = app_id;
            d
        })
}

proptest! {
    #[test]
    fn validate_never_panics_and_never_echoes_control_characters(d in any_draft()) {
        let diags = validate(&d);
        for x in &diags {
            prop_assert!(!x.message.chars().any(char::is_control), "{}", x.message);
            prop_assert!(!x.help.chars().any(char::is_control), "{}", x.help);
            // Every fix applies without panicking and is never a no-op on the draft it came from.
            if let Some(fix) = &x.fix {
                let mut fixed = d.clone();
                prop_assert!(fix.apply(&mut fixed), "{} {:?} changed nothing", x.code, fix);
                let _ = validate(&fixed);
            }
        }
        let _ = export_notes(&d, Format::Mobileconfig);
        let mut sorted = diags.clone();
        sorted.sort_by_key(|x| x.field.sort_key());
        prop_assert_eq!(sorted, diags);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    #[test]
    fn huge_lists_do_not_panic(n in 0usize..12_000, seed in any_text()) {
        let mut d = Draft::new_jit();
        d.extension.bundle_ids = (0..n).map(|i| format!("{seed}{i}")).collect();
        d.extension.config = (0..(n / 20)).map(|i| ConfigPair::string(&format!("{seed}{i}"), &seed)).collect();
        let _ = validate(&d);
    }
}

#[test]
fn fields_map_to_wizard_steps_in_order() {
    let fields = [
        Field::Name,
        Field::ExtensionType,
        Field::Url(3),
        Field::BundleId(0),
        Field::ConfigValue(2),
        Field::Target,
        Field::AuthenticatorAppId,
    ];
    let steps: Vec<Option<u8>> = fields.iter().map(Field::step).collect();
    assert_eq!(
        steps,
        [
            Some(1),
            Some(2),
            Some(2),
            Some(3),
            Some(4),
            Some(5),
            Some(5)
        ]
    );
    assert!(fields.windows(2).all(|w| w[0].sort_key() < w[1].sort_key()));
    assert_eq!(Field::File.step(), None);
}

#[test]
fn x004_control_characters_in_exported_text() {
    let mut d = Draft::new_jit();
    d.profile.name = "JIT\u{7} profile".into();
    d.extension.config[0].key = "device_registration".into();
    d.extension
        .config
        .push(ConfigPair::string("AppBlockList", "a\u{1b}b"));
    let x: Vec<_> = validate(&d)
        .into_iter()
        .filter(|x| x.code == "X004")
        .collect();
    assert_eq!(
        x.iter().map(|x| (x.severity, x.field)).collect::<Vec<_>>(),
        vec![
            (Severity::Error, Field::Name),
            (Severity::Error, Field::ConfigValue(2))
        ]
    );
    assert!(x[0].message.contains("U+0007"), "{}", x[0].message);
    assert!(!x.iter().any(|x| x.message.chars().any(char::is_control)));
    // Every exported text, not only the ones an admin types: the UUIDs and scope tags an
    // import keeps go into every export too.
    let mut d = Draft::new_jit();
    d.profile.name = "JIT".into();
    d.profile.uuid = Some("9b1c\u{1}".into());
    d.extension.payload_uuid = Some("\u{1b}[2J".into());
    d.profile.scope_tags = vec!["0".into(), "1\u{0}".into()];
    d.extension.kerberos.domain_realms = vec!["\u{8}".into()];
    let fields: Vec<_> = validate(&d)
        .into_iter()
        .filter(|x| x.code == "X004")
        .map(|x| x.field)
        .collect();
    assert_eq!(
        fields,
        vec![
            Field::ProfileUuid,
            Field::ScopeTag(1),
            Field::PayloadUuid,
            Field::Kerberos("domain_realms")
        ]
    );
    // The two noncharacters XML 1.0 excludes besides controls.
    for bad in ['\u{FFFE}', '\u{FFFF}'] {
        let mut d = Draft::new_jit();
        d.profile.name = format!("JIT{bad}");
        assert!(
            validate(&d)
                .iter()
                .any(|x| x.code == "X004" && x.field == Field::Name),
            "{bad:?}"
        );
    }
    // Near miss: tabs and line breaks are text XML can carry.
    let mut ok = Draft::new_jit();
    ok.profile.name = "JIT".into();
    ok.profile.description = "line one\nline two\twith a tab".into();
    assert!(!validate(&ok).iter().any(|x| x.code == "X004"));
}

#[test]
fn the_leading_dot_fix_never_makes_a_duplicate() {
    // Microsoft's Kerberos samples: `.contoso.com` and `contoso.com`, both kept by Apple.
    let mut d = Draft::new_jit();
    d.profile.name = "Kerberos".into();
    d.extension.kind = ExtensionType::Kerberos;
    d.extension.realm = "CONTOSO.COM".into();
    d.extension.domains = vec![".contoso.com".into(), "contoso.com".into()];
    let before = validate(&d);
    assert!(!before.iter().any(|x| x.code == "E006"), "{before:#?}");
    let e003 = before.iter().find(|x| x.code == "E003").unwrap();
    assert_eq!(e003.severity, Severity::Warning);
    assert!(e003.message.contains("Intune's template requires"));
    assert!(e003.message.contains("Apple also allows exact host names"));
    assert!(e003.fix.as_ref().unwrap().apply(&mut d));
    assert_eq!(d.extension.domains, [".contoso.com"]);
    let after = validate(&d);
    assert!(
        !after.iter().any(|x| x.code == "E006" || x.code == "E003"),
        "{after:#?}"
    );
}

#[test]
fn x005_names_what_a_graph_body_cannot_carry() {
    let mut d = base();
    d.profile.organization = "Contoso".into();
    d.profile.uuid = Some("9B1C0000-0000-4000-8000-000000000001".into());
    d.extension.payload_display_name = Some("Contoso SSO".into());
    d.extension.apple_keys.0.insert(
        "ScreenLockedBehavior".into(),
        toml::Value::String("Cancel".into()),
    );
    let graph: Vec<_> = export_notes(&d, Format::Graph)
        .into_iter()
        .filter(|x| x.code == "X005")
        .map(|x| (x.severity, x.message))
        .collect();
    let find = |needle: &str| {
        graph
            .iter()
            .find(|(_, m)| m.contains(needle))
            .unwrap_or_else(|| panic!("no X005 for {needle}: {graph:#?}"))
            .0
    };
    assert_eq!(find("profile.organization = `Contoso`"), Severity::Info);
    assert_eq!(find("profile.uuid"), Severity::Info);
    assert_eq!(find("extension.payload_display_name"), Severity::Info);
    assert_eq!(
        find("extension.apple_keys.ScreenLockedBehavior = `Cancel`"),
        Severity::Warning
    );
    // A .mobileconfig carries all of them.
    assert!(
        !export_notes(&d, Format::Mobileconfig)
            .iter()
            .any(|x| x.code == "X005")
    );
    // …but not Intune's scope tags.
    d.profile.scope_tags = vec!["0".into(), "7".into()];
    let m = export_notes(&d, Format::Mobileconfig);
    assert!(
        m.iter()
            .any(|x| x.code == "X005" && x.message.contains("`7`")),
        "{m:#?}"
    );
}

/// K008 at the edges of Int32 (Graph `keyIntegerValuePair.value`): `i32::MIN` and
/// `i32::MAX` pass, one past either fails, whether the value is written as a number or as
/// text; the exports refuse exactly what K008 flags and write the edges exactly.
#[test]
fn integer_rows_are_checked_at_the_edges_of_int32() {
    let (min, max) = (i64::from(i32::MIN), i64::from(i32::MAX));
    let edges = [
        (min - 1, false),
        (min, true),
        (min + 1, true),
        (max - 1, true),
        (max, true),
        (max + 1, false),
    ];
    for (value, ok) in edges {
        for raw in [
            RawValue::Integer(value),
            RawValue::String(value.to_string()),
        ] {
            let d = with(|d| {
                redirect(d);
                d.extension.config = vec![ConfigPair {
                    key: "vendor_timeout".into(),
                    kind: ValueType::Integer,
                    value: raw.clone(),
                }];
            });
            let diags = validate(&d);
            let k008 = find(&diags, "K008");
            if ok {
                assert!(k008.is_empty(), "{raw:?}: {k008:?}");
            } else {
                assert_eq!(k008.len(), 1, "{raw:?}");
                assert_eq!(k008[0].severity, Severity::Error);
                assert_eq!(k008[0].field, Field::ConfigValue(0));
                assert!(
                    k008[0].message.contains("outside the Int32 range"),
                    "{}",
                    k008[0].message
                );
            }
            let graph = sso_wizard::export::render(&d, Format::Graph);
            assert_eq!(graph.is_ok(), ok, "{raw:?}");
            if let Ok(files) = graph {
                let body: serde_json::Value = serde_json::from_slice(&files[0].bytes).unwrap();
                let row = &body["iosSingleSignOnExtension"]["configurations"][0];
                assert_eq!(row["value"], serde_json::json!(value), "{raw:?}");
                assert_eq!(row["@odata.type"], "#microsoft.graph.keyIntegerValuePair");
            }
            let mobileconfig = sso_wizard::export::render(&d, Format::Mobileconfig);
            assert_eq!(mobileconfig.is_ok(), ok, "{raw:?}");
            if let Ok(files) = mobileconfig {
                let text = String::from_utf8(files[0].bytes.clone()).unwrap();
                assert!(
                    text.contains(&format!("<integer>{value}</integer>")),
                    "{raw:?}"
                );
            }
        }
    }
}

/// K002 says what is wrong with each near spelling of the token (the fix is the same, but
/// "spaces around it" and "another letter case" send the admin to different mistakes).
#[test]
fn k002_names_what_is_wrong_with_the_token() {
    for (value, kind, why) in [
        (
            RawValue::String(" {{DEVICEREGISTRATION}}".into()),
            ValueType::String,
            "has spaces around it (` {{DEVICEREGISTRATION}}`)",
        ),
        (
            RawValue::String("{{deviceregistration}}".into()),
            ValueType::String,
            "is `{{deviceregistration}}` (another letter case",
        ),
        (
            RawValue::String(" {{DeviceRegistration}} ".into()),
            ValueType::String,
            "(another letter case",
        ),
        (
            RawValue::String("{DEVICEREGISTRATION}".into()),
            ValueType::String,
            "value is `{DEVICEREGISTRATION}`: it must be",
        ),
        (
            RawValue::Integer(1),
            ValueType::Integer,
            "is declared integer, not string",
        ),
    ] {
        let d = with(|d| {
            d.extension.config[0] = ConfigPair {
                key: "device_registration".into(),
                kind,
                value: value.clone(),
            }
        });
        let diags = validate(&d);
        let k002 = find(&diags, "K002");
        assert_eq!(k002.len(), 1, "{value:?}");
        assert!(
            k002[0].message.contains(why),
            "{value:?}: {}",
            k002[0].message
        );
    }
}

/// K011 names the character it found in a comma list: a space by name, anything else by
/// code point. A full-width comma is junk; a non-ASCII letter is part of an entry.
#[test]
fn k011_names_the_character_between_entries() {
    for (list, found) in [
        ("com.contoso.a, com.contoso.b", Some("contains a space")),
        (
            "com.contoso.a,\u{202f}com.contoso.b",
            Some("contains the character U+202F"),
        ),
        (
            "com.contoso.a\u{ff0c}com.contoso.b",
            Some("contains the character U+FF0C"),
        ),
        ("com.contoso.caf\u{e9},com.contoso.b", None),
        ("com.contoso.a,com.contoso-b.c_d,com.apple.", None),
    ] {
        let d = with(|d| push(d, ConfigPair::string("AppBlockList", list)));
        let diags = validate(&d);
        let k011 = find(&diags, "K011");
        match found {
            Some(phrase) => {
                assert_eq!(k011.len(), 1, "{list:?}");
                assert!(k011[0].message.contains(phrase), "{}", k011[0].message);
            }
            None => assert!(k011.is_empty(), "{list:?}: {k011:?}"),
        }
    }
}

/// K007 suggests a documented key within two edits (Levenshtein) and nothing further away,
/// even when the key shares its length or its start or end with a documented one.
#[test]
fn k007_suggests_keys_within_two_edits_only() {
    for (key, suggestion) in [
        ("AppAllowLst", Some("AppAllowList")),   // one deletion
        ("AppAllowListt", Some("AppAllowList")), // one insertion
        ("xAppAllowLis", Some("AppAllowList")),  // one insertion, one deletion
        ("AppAlowLisst", Some("AppAllowList")),  // the same, inside
        ("appallowlist", Some("AppAllowList")),  // letter case only
        ("xAppAllowLiz", None),                  // three edits
        ("AppXXXXXXist", None),                  // same length, six substitutions
        ("zzzAllowList", None),                  // same length, three substitutions
        ("AppAllowXXLizt", None),                // two insertions and a substitution
    ] {
        let d = with(|d| push(d, ConfigPair::string(key, "com.contoso.app")));
        let diags = validate(&d);
        let k007 = find(&diags, "K007");
        match suggestion {
            Some(name) => {
                assert_eq!(k007.len(), 1, "{key}: {diags:?}");
                assert_eq!(k007[0].fix, Some(Fix::RenameConfigKey(2, name)), "{key}");
            }
            None => assert!(k007.is_empty(), "{key}: {k007:?}"),
        }
    }
}

#[test]
fn a002_says_which_way_the_profile_reaches_nobody() {
    let mut d = Draft::new_jit();
    d.profile.name = "JIT".into();
    d.assignments.target = Target::None;
    let none = validate(&d).into_iter().find(|x| x.code == "A002").unwrap();
    assert!(
        none.message.starts_with("the profile is not assigned"),
        "{}",
        none.message
    );
    d.assignments.target = Target::Groups;
    let groups = validate(&d).into_iter().find(|x| x.code == "A002").unwrap();
    assert!(
        groups
            .message
            .starts_with("\"selected groups\" is chosen but no group is included"),
        "{}",
        groups.message
    );
}

/// A duplicate names the earlier entry as the admin counts the list (from 1), not by a
/// field path of the answers file.
#[test]
fn a_duplicate_says_which_entry_it_repeats() {
    let mut d = base();
    d.extension.bundle_ids = vec![
        "com.contoso.a".into(),
        "com.contoso.b".into(),
        "COM.contoso.B".into(),
    ];
    let diags = validate(&d);
    let dup = find(&diags, "B005");
    assert_eq!(dup.len(), 1);
    assert!(
        dup[0]
            .message
            .starts_with("`COM.contoso.B` is listed twice (same as entry 2, ignoring case)"),
        "{}",
        dup[0].message
    );
    assert!(!dup[0].message.contains("extension."), "{}", dup[0].message);
}

/// B001 says what is wrong with the ID, so the admin knows what to correct.
#[test]
fn b001_says_why_the_id_is_not_a_bundle_id() {
    for (id, why) in [
        ("com.contoso app", "it contains a space"),
        ("com.contoso,app", "it contains a comma"),
        ("com.contoso!app", "a character other than letters"),
        ("com..contoso", "an empty label"),
        (".com.contoso", "an empty label"),
    ] {
        let diags = validate(&with(|d| ids(d, &[id])));
        let b001 = find(&diags, "B001");
        assert_eq!(b001.len(), 1, "{id}: {diags:?}");
        assert!(b001[0].message.contains(why), "{id}: {}", b001[0].message);
    }
}

/// URLs are duplicates when they differ only in the case of scheme and host, or a
/// trailing `/`; a path that differs in case is another URL (Apple compares paths exactly).
#[test]
fn e006_ignores_host_case_but_not_path_case() {
    let urls = |list: &[&str]| {
        with(|d| {
            redirect(d);
            d.extension.urls = list.iter().map(|u| u.to_string()).collect();
        })
    };
    for (a, b, duplicate) in [
        (
            "https://login.contoso.COM/sso",
            "https://login.contoso.com/sso",
            true,
        ),
        (
            "https://login.contoso.com/sso/",
            "https://LOGIN.contoso.com/sso",
            true,
        ),
        (
            "https://login.contoso.com/SSO",
            "https://login.contoso.com/sso",
            false,
        ),
        ("https://a.contoso.com/x", "https://b.contoso.com/x", false),
    ] {
        let diags = validate(&urls(&[a, b]));
        assert_eq!(
            !find(&diags, "E006").is_empty(),
            duplicate,
            "{a} {b}: {diags:?}"
        );
    }
}

/// A fix applied to an entry that is gone or already right changes nothing and says so
/// (the wizard and plain mode may hold a fix whose list has changed since).
#[test]
fn a_stale_or_settled_fix_changes_nothing() {
    let d = with(|d| {
        kerberos(d);
        d.extension.bundle_ids = vec!["com.contoso.app".into()];
        d.extension.domains = vec![".contoso.com".into(), " ".into()];
    });
    for fix in [
        Fix::TrimBundleId(0),
        Fix::TrimBundleId(1),
        Fix::RemoveBundleId(1),
        Fix::DotDomain(0),
        Fix::DotDomain(1),
        Fix::DotDomain(2),
        Fix::RemoveDomain(2),
    ] {
        let mut after = d.clone();
        assert!(!fix.apply(&mut after), "{fix:?}");
        assert_eq!(after, d, "{fix:?}");
    }
    // And the same fixes where they apply do change the draft.
    let mut after = with(|d| {
        kerberos(d);
        d.extension.bundle_ids = vec![" com.contoso.app".into()];
        d.extension.domains = vec!["contoso.com".into()];
    });
    assert!(Fix::TrimBundleId(0).apply(&mut after));
    assert!(Fix::DotDomain(0).apply(&mut after));
    assert!(Fix::RemoveBundleId(0).apply(&mut after));
    assert!(Fix::RemoveDomain(0).apply(&mut after));
    assert!(after.extension.bundle_ids.is_empty() && after.extension.domains.is_empty());
    // The configuration rows' fixes, likewise.
    let d = with(|d| {
        d.extension.config = vec![
            ConfigPair::string("AppPrefixAllowList", "com.a,com.b"),
            ConfigPair::string("device_registration", "{{DEVICEREGISTRATION}}"),
        ];
    });
    for fix in [
        Fix::RemoveConfig(2),
        Fix::TrimConfig(2),
        Fix::RenameConfigKey(0, "AppPrefixAllowList"),
        Fix::RenameConfigKey(2, "AppPrefixAllowList"),
        Fix::NormalizeCommaList(0),
        Fix::NormalizeCommaList(2),
        Fix::SetDeviceRegistration(1),
    ] {
        let mut after = d.clone();
        assert!(!fix.apply(&mut after), "{fix:?}");
        assert_eq!(after, d, "{fix:?}");
    }
}

/// The comma-list fix writes `a,b,c`: spaces, narrow no-break spaces and empty entries go,
/// the entries stay whole and in order.
#[test]
fn the_comma_list_fix_writes_the_entries_comma_separated() {
    let mut d = with(|d| {
        d.extension.config = vec![ConfigPair::string(
            "AppPrefixAllowList",
            "com.apple., com.contoso.\u{202F},,com.fabrikam.",
        )];
    });
    assert!(Fix::NormalizeCommaList(0).apply(&mut d));
    assert_eq!(
        d.extension.config[0].value,
        RawValue::String("com.apple.,com.contoso.,com.fabrikam.".into())
    );
}
