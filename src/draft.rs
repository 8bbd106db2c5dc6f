//! The `Draft`: one profile as the admin describes it, and its answers-file form (SPEC §3).
//!
//! The same TOML is the wizard's draft format and `export --answers` input. Fields that
//! belong to other extension types are kept (not cleared) so switching type in the
//! wizard never loses what was typed; the exporters read only the fields of the chosen
//! type.

use std::fmt;

use serde::de::{self, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// The only answers-file format version this build reads and writes.
pub const FORMAT_VERSION: i64 = 1;

/// Placeholder Intune replaces with the device-registration token.
pub const DEVICE_REGISTRATION_TOKEN: &str = "{{DEVICEREGISTRATION}}";

/// One SSO app extension profile: the single source of truth for wizard, export and check.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Draft {
    /// Answers-file format version; always [`FORMAT_VERSION`] once parsed.
    pub format: i64,
    /// Profile-level metadata.
    #[serde(default)]
    pub profile: Profile,
    /// The SSO app extension itself.
    #[serde(default)]
    pub extension: Extension,
    /// Who receives the profile.
    #[serde(default)]
    pub assignments: Assignments,
    /// The Microsoft Authenticator required-app assignment.
    #[serde(default)]
    pub authenticator: Authenticator,
}

/// `[profile]`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Profile {
    /// Graph `displayName`, `PayloadDisplayName`. Required.
    #[serde(default)]
    pub name: String,
    /// Graph `description`, `PayloadDescription`.
    #[serde(default)]
    pub description: String,
    /// `PayloadOrganization` (mobileconfig only).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub organization: String,
    /// `PayloadIdentifier`; `None` means "sso-wizard." + slug(name).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub identifier: Option<String>,
    /// Graph `roleScopeTagIds`.
    #[serde(default = "default_scope_tags")]
    pub scope_tags: Vec<String>,
    /// Top-level `PayloadUUID`; `None` means UUID v5 of the identifier.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub uuid: Option<String>,
    /// Other top-level keys of an imported profile that Apple documents for iOS
    /// (`PayloadRemovalDisallowed`, `ConsentText`, …), kept with their values (SPEC §8).
    #[serde(default, skip_serializing_if = "Kept::is_empty")]
    pub apple_keys: Kept,
}

/// Apple keys sso-wizard has no field of its own for, kept from an imported profile under
/// their Apple names with their values, so a `.mobileconfig` → `.mobileconfig` conversion
/// loses nothing Apple documents for iOS (SPEC §8). In an answers file:
/// `[extension.apple_keys] ScreenLockedBehavior = "Cancel"`. Plist types map to TOML's:
/// string, integer, real (float), boolean, date (datetime), array, dictionary (table).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Kept(pub toml::Table);

// A TOML float may be NaN, which is never equal to itself; a kept key never holds one
// (plist reals from a profile are finite), and equality is only used to compare drafts.
impl Eq for Kept {}

impl Kept {
    /// Whether nothing is kept.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

fn default_scope_tags() -> Vec<String> {
    vec!["0".to_string()]
}

impl Default for Profile {
    fn default() -> Self {
        Profile {
            name: String::new(),
            description: String::new(),
            organization: String::new(),
            identifier: None,
            scope_tags: default_scope_tags(),
            uuid: None,
            apple_keys: Kept::default(),
        }
    }
}

impl Profile {
    /// The identifier the exports use: the one given, or "sso-wizard." + slug(name).
    pub fn effective_identifier(&self) -> String {
        match &self.identifier {
            Some(id) => id.clone(),
            None => format!("sso-wizard.{}", slug(&self.name)),
        }
    }
}

/// The four SSO app extension types Intune offers for iOS/iPadOS.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(try_from = "String", rename_all = "kebab-case")]
pub enum ExtensionType {
    /// Microsoft Entra ID (the Enterprise SSO plug-in); the only type that enables JIT.
    #[default]
    EntraId,
    /// A generic redirect extension.
    Redirect,
    /// A generic credential extension.
    Credential,
    /// Apple's built-in Kerberos extension.
    Kerberos,
}

impl ExtensionType {
    /// Every type, in the order the wizard offers them.
    pub const ALL: [ExtensionType; 4] = [
        ExtensionType::EntraId,
        ExtensionType::Redirect,
        ExtensionType::Credential,
        ExtensionType::Kerberos,
    ];

    /// The answers-file spelling (`entra-id`, …).
    pub fn as_str(self) -> &'static str {
        match self {
            ExtensionType::EntraId => "entra-id",
            ExtensionType::Redirect => "redirect",
            ExtensionType::Credential => "credential",
            ExtensionType::Kerberos => "kerberos",
        }
    }
}

/// `[extension]`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Extension {
    /// Which extension type this profile configures.
    #[serde(rename = "type", default)]
    pub kind: ExtensionType,
    /// entra-id: App bundle IDs (`AppAllowList`); kerberos: credential bundle ID ACL.
    #[serde(default)]
    pub bundle_ids: Vec<String>,
    /// entra-id only: Microsoft Entra shared device mode.
    #[serde(default)]
    pub shared_device_mode: bool,
    /// redirect, credential: `ExtensionIdentifier`.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub extension_id: String,
    /// redirect, credential: `TeamIdentifier` (10 characters; ignored on iOS).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub team_id: String,
    /// redirect: `URLs` / Graph `urlPrefixes`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub urls: Vec<String>,
    /// credential, kerberos: `Realm`.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub realm: String,
    /// credential, kerberos: `Hosts` / Graph `domains`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub domains: Vec<String>,
    /// Inner payload's `PayloadUUID`; `None` means UUID v5 of `<identifier>.extensiblesso`.
    /// (Not in SPEC §3's example; added so an imported profile keeps its UUIDs.)
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payload_uuid: Option<String>,
    /// Inner payload's `PayloadIdentifier`; `None` means `<identifier>.extensiblesso`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payload_identifier: Option<String>,
    /// Inner payload's `PayloadDisplayName`; `None` means the type's name (e.g. "Microsoft
    /// Enterprise SSO plug-in").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payload_display_name: Option<String>,
    /// Inner payload's `PayloadOrganization` (not written when `None`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payload_organization: Option<String>,
    /// Inner payload's `PayloadDescription` (not written when `None`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payload_description: Option<String>,
    /// Other keys of the SSO payload that Apple documents for iOS
    /// (`DeniedBundleIdentifiers`, `ScreenLockedBehavior`), kept from an import.
    #[serde(default, skip_serializing_if = "Kept::is_empty")]
    pub apple_keys: Kept,
    /// kerberos-only fields.
    #[serde(default, skip_serializing_if = "Kerberos::is_default")]
    pub kerberos: Kerberos,
    /// "Additional configuration" (`ExtensionData` / Graph `configurations`), in order.
    #[serde(default)]
    pub config: Vec<ConfigPair>,
}

impl Default for Extension {
    fn default() -> Self {
        Extension {
            kind: ExtensionType::EntraId,
            bundle_ids: Vec::new(),
            shared_device_mode: false,
            extension_id: String::new(),
            team_id: String::new(),
            urls: Vec::new(),
            realm: String::new(),
            domains: Vec::new(),
            payload_uuid: None,
            payload_identifier: None,
            payload_display_name: None,
            payload_organization: None,
            payload_description: None,
            apple_keys: Kept::default(),
            kerberos: Kerberos::default(),
            config: Vec::new(),
        }
    }
}

/// `[extension.kerberos]`: the Intune Kerberos fields for iOS, named after the Intune labels.
/// `false` / empty means "Not configured".
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Kerberos {
    /// "Block keychain usage" → `allowAutomaticLogin = false`.
    #[serde(default)]
    pub block_keychain_usage: bool,
    /// "Require Face ID, Touch ID, or passcode" → `requireUserPresence`.
    #[serde(default)]
    pub require_user_presence: bool,
    /// "Set as default realm" → `isDefaultRealm`.
    #[serde(default)]
    pub default_realm: bool,
    /// "Block Autodiscover" → `useSiteAutoDiscovery = false`.
    #[serde(default)]
    pub block_autodiscover: bool,
    /// "Allow only managed apps" → `includeManagedAppsInBundleIdACL`.
    #[serde(default)]
    pub managed_apps_only: bool,
    /// "Principal name" → `principalName`.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub principal_name: String,
    /// "Active Directory site code" → `siteCode`.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub site_code: String,
    /// "Cache name" → `cacheName`.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub cache_name: String,
    /// "Sign in window text" → `helpText`.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub sign_in_help_text: String,
    /// "Domain realm mapping" → `domainRealmMapping = { <realm> = [...] }`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub domain_realms: Vec<String>,
    /// Other Kerberos `ExtensionData` keys Apple documents for iOS (`preferredKDCs`,
    /// `performKerberosOnly`, `customUsernameLabel`, `certificateUUID`, …), kept from an
    /// import; Intune's template has no field for them.
    #[serde(default, skip_serializing_if = "Kept::is_empty")]
    pub apple_keys: Kept,
}

impl Kerberos {
    fn is_default(&self) -> bool {
        *self == Kerberos::default()
    }
}

/// The declared type of an "Additional configuration" row.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", rename_all = "lowercase")]
pub enum ValueType {
    /// plist `<string>` / `keyStringValuePair`.
    String,
    /// plist `<integer>` / `keyIntegerValuePair` (Int32).
    Integer,
    /// plist `<true/>`/`<false/>` / `keyBooleanValuePair`.
    Boolean,
}

impl ValueType {
    /// The answers-file spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            ValueType::String => "string",
            ValueType::Integer => "integer",
            ValueType::Boolean => "boolean",
        }
    }
}

/// A value exactly as written in the answers file. Kept as written (a string `"1"` for an
/// integer row stays a string) so `check` can report it instead of silently coercing it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RawValue {
    /// A TOML string.
    String(String),
    /// A TOML integer (any i64; Int32 range is checked when typing).
    Integer(i64),
    /// A TOML boolean.
    Boolean(bool),
}

/// The one place a configuration value's type is read. Four readers need four rules, because
/// each answers a different question; each is written once, here:
///
/// | method | who asks | rule |
/// |---|---|---|
/// | [`RawValue::typed`] | exporters, K004/K008 | strict: exactly `1`, `true`/`false` any case, Int32 |
/// | [`RawValue::from_cell`] | the wizard's value cell, plain mode | canonical spelling only |
/// | [`RawValue::converted`] | the fix that retypes a row | lenient: trims, `1`/`0` ⇄ booleans |
/// | [`RawValue::reads_one`] | K005, K009 (intent) | means 1 whatever the type |
impl RawValue {
    /// The value read as `kind`, for the exporters (and the rules that judge what they
    /// would write). Strict, because what is exported is what the device gets: a string is
    /// parsed exactly (no trimming), so `" 1"` is not an integer and a stray space is
    /// reported rather than hidden; an integer must fit Int32 (Graph's `Edm.Int32`).
    /// Booleans accept `true`/`false` in any case (Intune's UI writes `True`/`False`), but
    /// not `0`/`1`: a number where a boolean is declared is reported, not guessed.
    pub fn typed(&self, kind: ValueType) -> Result<TypedValue, TypeError> {
        match (kind, self) {
            (ValueType::String, v) => Ok(TypedValue::String(v.to_string())),
            (ValueType::Integer, RawValue::Integer(i)) => i32::try_from(*i)
                .map(TypedValue::Integer)
                .map_err(|_| TypeError::OutOfInt32),
            (ValueType::Integer, RawValue::String(s)) => match s.parse::<i64>() {
                Ok(i) => i32::try_from(i)
                    .map(TypedValue::Integer)
                    .map_err(|_| TypeError::OutOfInt32),
                Err(_) => Err(TypeError::NotAnInteger),
            },
            (ValueType::Integer, RawValue::Boolean(_)) => Err(TypeError::NotAnInteger),
            (ValueType::Boolean, RawValue::Boolean(b)) => Ok(TypedValue::Boolean(*b)),
            (ValueType::Boolean, RawValue::String(s)) if s.eq_ignore_ascii_case("true") => {
                Ok(TypedValue::Boolean(true))
            }
            (ValueType::Boolean, RawValue::String(s)) if s.eq_ignore_ascii_case("false") => {
                Ok(TypedValue::Boolean(false))
            }
            (ValueType::Boolean, _) => Err(TypeError::NotABoolean),
        }
    }

    /// A value typed into a `kind` cell (the wizard's table, plain mode's `key type value`),
    /// stored as its declared type when it reads as one and as the string written otherwise,
    /// so the rules can report it rather than lose it. Only the canonical spelling becomes
    /// a number or boolean: the cell is re-read on every keystroke, and `00`, `+1` or `TRUE`
    /// must stay as typed while the admin types (reading `00` as 0 would turn the cell into
    /// `0` under their cursor). No Int32 check: an out-of-range number is kept as a number
    /// for K004 to report.
    pub fn from_cell(kind: ValueType, text: &str) -> RawValue {
        match kind {
            ValueType::String => RawValue::String(text.to_string()),
            ValueType::Integer => match text.parse::<i64>() {
                Ok(i) if i.to_string() == text => RawValue::Integer(i),
                _ => RawValue::String(text.to_string()),
            },
            ValueType::Boolean if text == "true" => RawValue::Boolean(true),
            ValueType::Boolean if text == "false" => RawValue::Boolean(false),
            ValueType::Boolean => RawValue::String(text.to_string()),
        }
    }

    /// The value converted to `to` where it reads unambiguously, for the fix that retypes a
    /// row (K008's Ctrl+F). Lenient, because the admin asked for the conversion: surrounding
    /// spaces are trimmed, `true`/`false` any case and `1`/`0` move between booleans and
    /// integers. What does not read is kept as written so K008 can report it (never silently
    /// replaced by a default); the Int32 range is left to K004.
    pub fn converted(&self, to: ValueType) -> RawValue {
        match (to, self) {
            (ValueType::String, v) => RawValue::String(v.to_string()),
            (ValueType::Integer, RawValue::String(s)) => match s.trim().parse::<i64>() {
                Ok(n) => RawValue::Integer(n),
                Err(_) => self.clone(),
            },
            (ValueType::Integer, RawValue::Boolean(b)) => RawValue::Integer(i64::from(*b)),
            (ValueType::Boolean, RawValue::String(s)) => {
                match s.trim().to_ascii_lowercase().as_str() {
                    "true" | "1" => RawValue::Boolean(true),
                    "false" | "0" => RawValue::Boolean(false),
                    _ => self.clone(),
                }
            }
            (ValueType::Boolean, RawValue::Integer(n @ (0 | 1))) => RawValue::Boolean(*n == 1),
            (_, v) => v.clone(),
        }
    }

    /// Whether the value means 1 whatever its declared type: `1`, `true`, or a string that
    /// trims to `1` or `true` (any case). For rules that judge intent (K005: the admin turned
    /// browser SSO off; K009: debug mode is on); K004 and K008 report the type separately, so
    /// a mistyped switch is not also misjudged as off.
    pub fn reads_one(&self) -> bool {
        match self {
            RawValue::Integer(n) => *n == 1,
            RawValue::Boolean(b) => *b,
            RawValue::String(s) => s.trim() == "1" || s.trim().eq_ignore_ascii_case("true"),
        }
    }
}

impl fmt::Display for RawValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RawValue::String(s) => f.write_str(s),
            RawValue::Integer(i) => write!(f, "{i}"),
            RawValue::Boolean(b) => write!(f, "{b}"),
        }
    }
}

impl Serialize for RawValue {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            RawValue::String(v) => s.serialize_str(v),
            RawValue::Integer(v) => s.serialize_i64(*v),
            RawValue::Boolean(v) => s.serialize_bool(*v),
        }
    }
}

impl<'de> Deserialize<'de> for RawValue {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = RawValue;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string, an integer or a boolean")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<RawValue, E> {
                Ok(RawValue::String(v.to_string()))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<RawValue, E> {
                Ok(RawValue::String(v))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<RawValue, E> {
                Ok(RawValue::Integer(v))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<RawValue, E> {
                i64::try_from(v)
                    .map(RawValue::Integer)
                    .map_err(|_| E::custom("integer too large"))
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<RawValue, E> {
                Ok(RawValue::Boolean(v))
            }
        }
        d.deserialize_any(V)
    }
}

/// A value converted to its declared type, ready for an exporter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TypedValue {
    /// A string value.
    String(String),
    /// An Int32 value.
    Integer(i32),
    /// A boolean value.
    Boolean(bool),
}

/// Why a row's value cannot be read as its declared type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TypeError {
    /// Not a number at all.
    NotAnInteger,
    /// A number outside Int32 (Graph `Edm.Int32`).
    OutOfInt32,
    /// Not `true`/`false`.
    NotABoolean,
}

impl fmt::Display for TypeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            TypeError::NotAnInteger => "is not a whole number",
            TypeError::OutOfInt32 => "is outside the Int32 range (-2147483648 to 2147483647)",
            TypeError::NotABoolean => "is not true or false",
        })
    }
}

/// One "Additional configuration" row: key · type · value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConfigPair {
    /// The `ExtensionData` key, as typed (never trimmed silently).
    pub key: String,
    /// The declared type.
    #[serde(rename = "type")]
    pub kind: ValueType,
    /// The value as written.
    pub value: RawValue,
}

impl ConfigPair {
    /// A string row.
    pub fn string(key: &str, value: &str) -> Self {
        ConfigPair {
            key: key.to_string(),
            kind: ValueType::String,
            value: RawValue::String(value.to_string()),
        }
    }

    /// An integer row.
    pub fn integer(key: &str, value: i64) -> Self {
        ConfigPair {
            key: key.to_string(),
            kind: ValueType::Integer,
            value: RawValue::Integer(value),
        }
    }

    /// A boolean row.
    pub fn boolean(key: &str, value: bool) -> Self {
        ConfigPair {
            key: key.to_string(),
            kind: ValueType::Boolean,
            value: RawValue::Boolean(value),
        }
    }

    /// The value read as its declared type, for the exporters: see [`RawValue::typed`].
    pub fn typed(&self) -> Result<TypedValue, TypeError> {
        self.value.typed(self.kind)
    }
}

/// `[assignments] target`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(try_from = "String", rename_all = "kebab-case")]
pub enum Target {
    /// All users (`allLicensedUsersAssignmentTarget`).
    #[default]
    AllUsers,
    /// All devices (`allDevicesAssignmentTarget`).
    AllDevices,
    /// The groups in `include_groups`.
    Groups,
    /// Not assigned.
    None,
}

impl Target {
    /// The answers-file spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            Target::AllUsers => "all-users",
            Target::AllDevices => "all-devices",
            Target::Groups => "groups",
            Target::None => "none",
        }
    }
}

/// An Entra group: object id plus a display name for humans.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Group {
    /// Entra group object id (a GUID).
    pub id: String,
    /// Display name (for the admin; not sent to Graph).
    #[serde(default)]
    pub name: String,
}

/// Include or exclude devices matching an assignment filter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(try_from = "String", rename_all = "lowercase")]
pub enum FilterMode {
    /// Only devices matching the filter.
    #[default]
    Include,
    /// All but devices matching the filter.
    Exclude,
}

impl FilterMode {
    /// The answers-file and Graph spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            FilterMode::Include => "include",
            FilterMode::Exclude => "exclude",
        }
    }
}

/// An Intune assignment filter.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Filter {
    /// The filter's id.
    pub id: String,
    /// include | exclude.
    #[serde(default)]
    pub mode: FilterMode,
}

/// `[assignments]`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Assignments {
    /// Who the profile is for.
    #[serde(default)]
    pub target: Target,
    /// Included groups (used when `target = "groups"`).
    #[serde(default)]
    pub include_groups: Vec<Group>,
    /// Excluded groups (with any target).
    #[serde(default)]
    pub exclude_groups: Vec<Group>,
    /// Optional assignment filter on the include targets.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub filter: Option<Filter>,
}

/// Licence type of the Authenticator app in Intune.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(try_from = "String", rename_all = "kebab-case")]
pub enum License {
    /// App Store app: no assignment settings.
    #[default]
    Store,
    /// VPP, device licensing.
    VppDevice,
    /// VPP, user licensing.
    VppUser,
}

impl License {
    /// The answers-file spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            License::Store => "store",
            License::VppDevice => "vpp-device",
            License::VppUser => "vpp-user",
        }
    }
}

/// `[authenticator]`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Authenticator {
    /// Also produce the required-app assignment for Authenticator.
    #[serde(default = "yes")]
    pub required: bool,
    /// Intune mobileApp id of Authenticator (tenant specific); may be blank.
    #[serde(default)]
    pub app_id: String,
    /// store | vpp-device | vpp-user.
    #[serde(default)]
    pub license: License,
}

fn yes() -> bool {
    true
}

impl Default for Authenticator {
    fn default() -> Self {
        Authenticator {
            required: true,
            app_id: String::new(),
            license: License::Store,
        }
    }
}

impl Draft {
    /// A new draft as the wizard starts it: Entra ID, the two JIT pairs, all users.
    pub fn new_jit() -> Self {
        Draft {
            format: FORMAT_VERSION,
            profile: Profile::default(),
            extension: Extension {
                config: vec![
                    ConfigPair::string("device_registration", DEVICE_REGISTRATION_TOKEN),
                    ConfigPair::integer("browser_sso_interaction_enabled", 1),
                ],
                ..Extension::default()
            },
            assignments: Assignments::default(),
            authenticator: Authenticator::default(),
        }
    }

    /// Parse an answers file. Errors carry line and column (see [`AnswersError`]).
    pub fn from_toml(text: &str) -> Result<Draft, AnswersError> {
        // Read the version first so a future format gets "unsupported version", not a
        // confusing unknown-key error about whatever that version added.
        #[derive(Deserialize)]
        struct Version {
            format: Option<toml::Spanned<toml::Value>>,
        }
        let version: Version =
            toml::from_str(text).map_err(|e| AnswersError::from_toml(text, e))?;
        match version.format {
            None => {
                return Err(AnswersError {
                    message: format!(
                        "missing `format = {FORMAT_VERSION}` at the top of the answers file"
                    ),
                    line: None,
                    column: None,
                });
            }
            Some(v) if v.get_ref().as_integer() != Some(FORMAT_VERSION) => {
                let (line, column) = line_col(text, v.span().start);
                return Err(AnswersError {
                    message: format!(
                        "unsupported answers-file format {}: this sso-wizard reads format = {FORMAT_VERSION}",
                        v.get_ref()
                    ),
                    line: Some(line),
                    column: Some(column),
                });
            }
            Some(_) => {}
        }
        toml::from_str(text).map_err(|e| AnswersError::from_toml(text, e))
    }

    /// Write the draft as an answers file (format 1).
    pub fn to_toml(&self) -> String {
        // Serialising plain data with string keys cannot fail.
        toml::to_string(self).expect("a Draft always serialises to TOML")
    }
}

/// An answers file that could not be read (X002), with its position when known.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AnswersError {
    /// What is wrong, in one sentence.
    pub message: String,
    /// 1-based line.
    pub line: Option<usize>,
    /// 1-based column (in characters).
    pub column: Option<usize>,
}

impl AnswersError {
    fn from_toml(text: &str, e: toml::de::Error) -> Self {
        let (line, column) = match e.span() {
            Some(span) => {
                let (l, c) = line_col(text, span.start);
                (Some(l), Some(c))
            }
            None => (None, None),
        };
        AnswersError {
            message: e.message().trim().to_string(),
            line,
            column,
        }
    }
}

impl fmt::Display for AnswersError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.line, self.column) {
            (Some(l), Some(c)) => write!(f, "line {l}, column {c}: {}", self.message),
            _ => f.write_str(&self.message),
        }
    }
}

impl std::error::Error for AnswersError {}

/// 1-based line and column (in characters) of a byte offset: the one definition of where a
/// byte is, for import errors and `check`'s findings alike (`report::SourceMap::position`
/// counts its columns with it). An offset inside a character points at that character;
/// one past the end, at the end.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let before = &text[..floor_char_boundary(text, offset)];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before[line_start..].chars().count() + 1;
    (line, column)
}

/// The largest character boundary at or before `i` (`i` at most `s.len()`).
pub(crate) fn floor_char_boundary(s: &str, mut i: usize) -> usize {
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// Answers-file enums: parsed from their spelling with an error that lists the choices
/// (serde's own message for a wrong TOML type is only "wanted string or table").
macro_rules! spelled_enum {
    ($t:ty, $what:literal, [$($v:expr),+]) => {
        impl $t {
            /// Every value, in the order offered to the admin.
            pub const CHOICES: &'static [$t] = &[$($v),+];
        }
        impl std::str::FromStr for $t {
            type Err = String;
            fn from_str(s: &str) -> Result<Self, String> {
                Self::CHOICES.iter().copied().find(|v| v.as_str() == s).ok_or_else(|| {
                    let names: Vec<String> =
                        Self::CHOICES.iter().map(|v| format!("\"{}\"", v.as_str())).collect();
                    format!("unknown {} \"{}\": expected one of {}", $what, s, names.join(", "))
                })
            }
        }
        impl TryFrom<String> for $t {
            type Error = String;
            fn try_from(s: String) -> Result<Self, String> {
                s.parse()
            }
        }
    };
}

spelled_enum!(
    ExtensionType,
    "extension type",
    [
        ExtensionType::EntraId,
        ExtensionType::Redirect,
        ExtensionType::Credential,
        ExtensionType::Kerberos
    ]
);
spelled_enum!(
    ValueType,
    "value type",
    [ValueType::String, ValueType::Integer, ValueType::Boolean]
);
spelled_enum!(
    Target,
    "assignment target",
    [
        Target::AllUsers,
        Target::AllDevices,
        Target::Groups,
        Target::None
    ]
);
spelled_enum!(
    FilterMode,
    "filter mode",
    [FilterMode::Include, FilterMode::Exclude]
);
spelled_enum!(
    License,
    "licence type",
    [License::Store, License::VppDevice, License::VppUser]
);

/// A file-name and identifier friendly form of a profile name: lower-case ASCII letters
/// and digits, other runs collapsed to one `-`. Never empty ("profile").
pub fn slug(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut dash = false;
    for c in name.chars() {
        if c.is_ascii_alphanumeric() {
            if dash && !out.is_empty() {
                out.push('-');
            }
            dash = false;
            out.push(c.to_ascii_lowercase());
        } else {
            dash = true;
        }
    }
    if out.is_empty() {
        out.push_str("profile");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slug_collapses_and_lowercases() {
        assert_eq!(
            slug("iOS - Entra ID SSO (JIT registration)"),
            "ios-entra-id-sso-jit-registration"
        );
        assert_eq!(slug("  "), "profile");
        assert_eq!(slug("Ünïcode ok"), "n-code-ok");
    }

    #[test]
    fn typed_values_are_strict() {
        assert_eq!(
            ConfigPair::string("k", "1").typed(),
            Ok(TypedValue::String("1".into()))
        );
        let mut p = ConfigPair::integer("k", 1);
        p.value = RawValue::String(" 1".into());
        assert_eq!(p.typed(), Err(TypeError::NotAnInteger));
        p.value = RawValue::Integer(1 << 40);
        assert_eq!(p.typed(), Err(TypeError::OutOfInt32));
        let mut b = ConfigPair::boolean("k", true);
        b.value = RawValue::String("False".into());
        assert_eq!(b.typed(), Ok(TypedValue::Boolean(false)));
        b.value = RawValue::Integer(1);
        assert_eq!(b.typed(), Err(TypeError::NotABoolean));
    }

    #[test]
    fn typed_reads_int32_bounds_and_no_numbers_as_booleans() {
        let int = |v: RawValue| v.typed(ValueType::Integer);
        assert_eq!(
            int(RawValue::String("1".into())),
            Ok(TypedValue::Integer(1))
        );
        assert_eq!(
            int(RawValue::Integer(i64::from(i32::MAX))),
            Ok(TypedValue::Integer(i32::MAX))
        );
        assert_eq!(
            int(RawValue::String("-2147483648".into())),
            Ok(TypedValue::Integer(i32::MIN))
        );
        assert_eq!(
            int(RawValue::Integer(i64::from(i32::MAX) + 1)),
            Err(TypeError::OutOfInt32)
        );
        assert_eq!(
            int(RawValue::String("-2147483649".into())),
            Err(TypeError::OutOfInt32)
        );
        assert_eq!(
            int(RawValue::String(" 1 ".into())),
            Err(TypeError::NotAnInteger)
        );
        // Rust's parser takes a leading `+` and leading zeros: the exporter writes 1.
        assert_eq!(
            int(RawValue::String("+1".into())),
            Ok(TypedValue::Integer(1))
        );
        assert_eq!(
            int(RawValue::String("00".into())),
            Ok(TypedValue::Integer(0))
        );
        assert_eq!(int(RawValue::Boolean(true)), Err(TypeError::NotAnInteger));
        let boolean = |v: RawValue| v.typed(ValueType::Boolean);
        assert_eq!(
            boolean(RawValue::String("TRUE".into())),
            Ok(TypedValue::Boolean(true))
        );
        assert_eq!(boolean(RawValue::Integer(0)), Err(TypeError::NotABoolean));
        assert_eq!(
            boolean(RawValue::String("1".into())),
            Err(TypeError::NotABoolean)
        );
        assert_eq!(
            boolean(RawValue::String(" true".into())),
            Err(TypeError::NotABoolean)
        );
        assert_eq!(
            RawValue::Integer(7).typed(ValueType::String),
            Ok(TypedValue::String("7".into()))
        );
    }

    #[test]
    fn from_cell_keeps_all_but_the_canonical_spelling_as_typed() {
        let s = |t: &str| RawValue::String(t.into());
        let int = |t: &str| RawValue::from_cell(ValueType::Integer, t);
        assert_eq!(int("1"), RawValue::Integer(1));
        assert_eq!(int("-5"), RawValue::Integer(-5));
        assert_eq!(int("00"), s("00"));
        assert_eq!(int("+1"), s("+1"));
        assert_eq!(int(" 1 "), s(" 1 "));
        assert_eq!(int("-"), s("-"));
        assert_eq!(int(""), s(""));
        // No Int32 check while typing: K004 reports the range.
        assert_eq!(int("2147483648"), RawValue::Integer(2_147_483_648));
        let boolean = |t: &str| RawValue::from_cell(ValueType::Boolean, t);
        assert_eq!(boolean("true"), RawValue::Boolean(true));
        assert_eq!(boolean("false"), RawValue::Boolean(false));
        assert_eq!(boolean("TRUE"), s("TRUE"));
        assert_eq!(boolean("1"), s("1"));
        assert_eq!(boolean("0"), s("0"));
        assert_eq!(RawValue::from_cell(ValueType::String, " 1 "), s(" 1 "));
    }

    #[test]
    fn converted_trims_and_moves_zero_and_one_between_booleans_and_integers() {
        let s = |t: &str| RawValue::String(t.into());
        assert_eq!(s(" 1 ").converted(ValueType::Integer), RawValue::Integer(1));
        assert_eq!(s("+1").converted(ValueType::Integer), RawValue::Integer(1));
        assert_eq!(s("00").converted(ValueType::Integer), RawValue::Integer(0));
        assert_eq!(s("one").converted(ValueType::Integer), s("one"));
        // The range is K004's to report, not the fix's to refuse.
        assert_eq!(
            s("4294967296").converted(ValueType::Integer),
            RawValue::Integer(1 << 32)
        );
        assert_eq!(
            RawValue::Boolean(true).converted(ValueType::Integer),
            RawValue::Integer(1)
        );
        assert_eq!(
            RawValue::Boolean(false).converted(ValueType::Integer),
            RawValue::Integer(0)
        );
        assert_eq!(
            s(" TRUE ").converted(ValueType::Boolean),
            RawValue::Boolean(true)
        );
        assert_eq!(
            s("False").converted(ValueType::Boolean),
            RawValue::Boolean(false)
        );
        assert_eq!(
            s(" 1").converted(ValueType::Boolean),
            RawValue::Boolean(true)
        );
        assert_eq!(
            s("0").converted(ValueType::Boolean),
            RawValue::Boolean(false)
        );
        assert_eq!(s("yes").converted(ValueType::Boolean), s("yes"));
        assert_eq!(
            RawValue::Integer(1).converted(ValueType::Boolean),
            RawValue::Boolean(true)
        );
        assert_eq!(
            RawValue::Integer(0).converted(ValueType::Boolean),
            RawValue::Boolean(false)
        );
        assert_eq!(
            RawValue::Integer(2).converted(ValueType::Boolean),
            RawValue::Integer(2)
        );
        assert_eq!(
            RawValue::Boolean(true).converted(ValueType::String),
            s("true")
        );
        assert_eq!(RawValue::Integer(-3).converted(ValueType::String), s("-3"));
    }

    #[test]
    fn reads_one_judges_intent_whatever_the_type() {
        let s = |t: &str| RawValue::String(t.into());
        assert!(RawValue::Integer(1).reads_one());
        assert!(RawValue::Boolean(true).reads_one());
        assert!(s(" 1 ").reads_one());
        assert!(s("TRUE").reads_one());
        assert!(s(" True\t").reads_one());
        assert!(!RawValue::Integer(0).reads_one());
        assert!(!RawValue::Integer(2).reads_one());
        assert!(!RawValue::Boolean(false).reads_one());
        assert!(!s("01").reads_one());
        assert!(!s("+1").reads_one());
        assert!(!s("yes").reads_one());
        assert!(!s("").reads_one());
    }

    #[test]
    fn line_col_counts_characters() {
        assert_eq!(line_col("a\nbé c", 5), (2, 3));
    }
}
