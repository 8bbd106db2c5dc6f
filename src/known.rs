//! Catalogues compiled in from `assets/known/` (sources and licences in
//! `assets/known/README.md`): the Enterprise SSO plug-in's keys, Microsoft iOS apps, Apple
//! built-in iOS apps and macOS-only bundle IDs.
//!
//! Parsed once on first use; bundle-ID look-ups are one hash probe on the ASCII-lower-cased
//! ID, because `validate` runs on every keystroke with up to 10,000 bundle IDs.

use std::borrow::Cow;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::OnceLock;

use rustc_hash::FxHasher;

use crate::draft::ValueType;

const PLUGIN_KEYS: &str = include_str!("../assets/known/plugin-keys.tsv");
const MICROSOFT_APPS: &str = include_str!("../assets/known/microsoft-ios-apps.tsv");
const APPLE_APPS: &str = include_str!("../assets/known/apple-builtin-ios-apps.tsv");
const MACOS_ONLY: &str = include_str!("../assets/known/macos-only-bundle-ids.tsv");
const APPLE_KEYS: &str = include_str!("../assets/known/apple-sso-keys.tsv");

/// Bundle ID of Microsoft Authenticator, the app that hosts the Enterprise SSO plug-in.
pub const AUTHENTICATOR: &str = "com.microsoft.azureauthenticator";

/// Bundle ID of Microsoft Defender for iOS. Defender's own iOS install guide (defender-docs
/// `defender-endpoint/ios-install.md`, "User Enrollment setup" › "Set up SSO Plugin") asks
/// admins to list it in App bundle IDs, so B003 only notes it and no fix removes it.
pub const DEFENDER: &str = "com.microsoft.scmx";

/// The type a known plug-in key expects.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum KeyType {
    /// A plist string.
    String,
    /// A plist integer.
    Integer,
    /// A plist boolean.
    Boolean,
    /// Either a boolean or an integer (`use_most_secure_storage`).
    BooleanOrInteger,
}

impl KeyType {
    /// Whether a row declared as `t` has the type this key expects.
    pub fn accepts(self, t: ValueType) -> bool {
        match self {
            KeyType::String => t == ValueType::String,
            KeyType::Integer => t == ValueType::Integer,
            KeyType::Boolean => t == ValueType::Boolean,
            KeyType::BooleanOrInteger => matches!(t, ValueType::Boolean | ValueType::Integer),
        }
    }

    /// The row type the wizard proposes for this key (and a retype fix converts to).
    pub fn preferred(self) -> ValueType {
        match self {
            KeyType::String => ValueType::String,
            KeyType::Integer => ValueType::Integer,
            KeyType::Boolean | KeyType::BooleanOrInteger => ValueType::Boolean,
        }
    }

    /// Human-readable name (`integer`, `boolean or integer`).
    pub fn as_str(self) -> &'static str {
        match self {
            KeyType::String => "string",
            KeyType::Integer => "integer",
            KeyType::Boolean => "boolean",
            KeyType::BooleanOrInteger => "boolean or integer",
        }
    }
}

/// One documented `ExtensionData` key of the Microsoft Enterprise SSO plug-in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KnownKey {
    /// The exact, case-sensitive key.
    pub name: &'static str,
    /// The type it expects.
    pub value_type: KeyType,
    /// Allowed values, for people (`0, 1`, `comma list of bundle IDs`).
    pub allowed: &'static str,
    /// Default per Microsoft's documentation (`absent` when unset).
    pub default: &'static str,
    /// One sentence: what it does.
    pub meaning: &'static str,
    /// Removed from Microsoft's current documentation (offer only as "legacy").
    pub legacy: bool,
    /// Its value is a comma list of bundle IDs or prefixes.
    pub comma_list: bool,
}

/// A catalogue entry: a bundle ID (as published) and the app's name.
pub type App = (&'static str, &'static str);

/// What the catalogues know about one lower-cased bundle ID.
#[derive(Debug, Clone, Copy, Default)]
struct Entry {
    microsoft: Option<usize>,
    apple: Option<usize>,
    macos: Option<usize>,
}

struct Catalogue {
    keys: Vec<KnownKey>,
    keys_by_name: HashMap<&'static str, usize, FxBuild>,
    microsoft: Vec<App>,
    apple: Vec<App>,
    macos: Vec<App>,
    /// Keyed by [`hash_lower`] of the ID, so a caller hashes each ID once and reuses the
    /// hash (bundle-ID rules also use it for duplicate detection).
    by_id: HashMap<u64, (String, Entry), IdBuild>,
}

fn catalogue() -> &'static Catalogue {
    static CATALOGUE: OnceLock<Catalogue> = OnceLock::new();
    CATALOGUE.get_or_init(|| {
        let keys: Vec<KnownKey> = rows(PLUGIN_KEYS).map(parse_key).collect();
        let keys_by_name = keys.iter().enumerate().map(|(i, k)| (k.name, i)).collect();
        let microsoft: Vec<App> = rows(MICROSOFT_APPS).map(parse_app).collect();
        let apple: Vec<App> = rows(APPLE_APPS).map(parse_app).collect();
        let macos: Vec<App> = rows(MACOS_ONLY).map(parse_app).collect();
        let mut by_id: HashMap<u64, (String, Entry), IdBuild> = HashMap::default();
        for (i, (id, _)) in microsoft.iter().enumerate() {
            slot(&mut by_id, id).microsoft = Some(i);
        }
        for (i, (id, _)) in apple.iter().enumerate() {
            slot(&mut by_id, id).apple = Some(i);
        }
        for (i, (id, _)) in macos.iter().enumerate() {
            slot(&mut by_id, id).macos = Some(i);
        }
        Catalogue {
            keys,
            keys_by_name,
            microsoft,
            apple,
            macos,
            by_id,
        }
    })
}

fn slot<'m>(by_id: &'m mut HashMap<u64, (String, Entry), IdBuild>, id: &str) -> &'m mut Entry {
    let lower = id.to_ascii_lowercase();
    let (stored, e) = by_id
        .entry(hash_lower(id))
        .or_insert_with(|| (lower.clone(), Entry::default()));
    // Two catalogue IDs with one 64-bit hash would make look-ups ambiguous; with ~100 IDs
    // it does not happen, and the unit tests would catch it on first use if it ever did.
    assert_eq!(*stored, lower, "bundle-ID catalogue hash collision");
    e
}

/// Data lines of a TSV asset: comments and blank lines skipped.
fn rows(text: &'static str) -> impl Iterator<Item = Vec<&'static str>> {
    text.lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|l| l.split('\t').collect())
}

// The assets are compiled in and covered by tests, so a malformed row is a build mistake:
// failing loudly on first use is better than silently dropping a key.
fn parse_key(cols: Vec<&'static str>) -> KnownKey {
    assert!(cols.len() == 6, "plugin-keys.tsv: bad row {cols:?}");
    let value_type = match cols[1] {
        "string" => KeyType::String,
        "integer" => KeyType::Integer,
        "boolean" => KeyType::Boolean,
        "boolean-or-integer" => KeyType::BooleanOrInteger,
        other => panic!("plugin-keys.tsv: unknown type {other}"),
    };
    let flags: Vec<&str> = cols[4].split(',').map(str::trim).collect();
    KnownKey {
        name: cols[0],
        value_type,
        allowed: cols[2],
        default: cols[3],
        meaning: cols[5],
        legacy: flags.contains(&"legacy"),
        comma_list: flags.contains(&"list"),
    }
}

fn parse_app(cols: Vec<&'static str>) -> App {
    assert!(cols.len() == 2, "bundle-ID list: bad row {cols:?}");
    (cols[0], cols[1])
}

/// ASCII-lower-case `s`, borrowing when it already is (most bundle IDs are).
pub(crate) fn ascii_lower(s: &str) -> Cow<'_, str> {
    if s.bytes().any(|b| b.is_ascii_uppercase()) {
        Cow::Owned(s.to_ascii_lowercase())
    } else {
        Cow::Borrowed(s)
    }
}

fn entry(id: &str) -> Option<Entry> {
    entry_hashed(id, hash_lower(id))
}

fn entry_hashed(id: &str, hash: u64) -> Option<Entry> {
    match catalogue().by_id.get(&hash) {
        Some((lower, e)) if lower.eq_ignore_ascii_case(id) => Some(*e),
        _ => None,
    }
}

/// Every documented plug-in key, in the order the wizard's picker lists them.
pub fn known_keys() -> &'static [KnownKey] {
    &catalogue().keys
}

/// The documented key named exactly `name` (keys are case-sensitive).
pub fn key(name: &str) -> Option<&'static KnownKey> {
    let c = catalogue();
    c.keys_by_name.get(name).map(|&i| &c.keys[i])
}

/// The Microsoft iOS app with this bundle ID (any case): its name.
pub fn microsoft_app(id: &str) -> Option<&'static str> {
    entry(id)
        .and_then(|e| e.microsoft)
        .map(|i| catalogue().microsoft[i].1)
}

/// Every known Microsoft iOS app (bundle ID, name), in catalogue order; Authenticator first.
pub fn microsoft_apps() -> &'static [App] {
    &catalogue().microsoft
}

/// The Apple built-in iOS app with this bundle ID (any case): its name.
pub fn apple_builtin_app(id: &str) -> Option<&'static str> {
    entry(id)
        .and_then(|e| e.apple)
        .map(|i| catalogue().apple[i].1)
}

/// Every known Apple built-in iOS app (bundle ID, name).
pub fn apple_builtin_apps() -> &'static [App] {
    &catalogue().apple
}

/// The macOS-only app with this bundle ID (any case): its name.
pub fn macos_only_app(id: &str) -> Option<&'static str> {
    entry(id)
        .and_then(|e| e.macos)
        .map(|i| catalogue().macos[i].1)
}

/// Every known macOS-only bundle ID (bundle ID, name).
pub fn macos_only_apps() -> &'static [App] {
    &catalogue().macos
}

/// Everything the catalogues say about one bundle ID, from a single look-up.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct BundleInfo {
    /// Name of the Microsoft iOS app, if it is one.
    pub microsoft: Option<&'static str>,
    /// Name of the Apple built-in iOS app, if it is one.
    pub apple: Option<&'static str>,
    /// Name of the macOS-only app, if it is one.
    pub macos: Option<&'static str>,
}

/// All catalogue facts about `id` (any case) in one hash probe.
pub fn bundle_info(id: &str) -> BundleInfo {
    bundle_info_hashed(id, hash_lower(id))
}

/// [`bundle_info`] with `hash` = [`hash_lower`]`(id)` already computed by the caller.
pub(crate) fn bundle_info_hashed(id: &str, hash: u64) -> BundleInfo {
    let c = catalogue();
    match entry_hashed(id, hash) {
        None => BundleInfo::default(),
        Some(e) => BundleInfo {
            microsoft: e.microsoft.map(|i| c.microsoft[i].1),
            apple: e.apple.map(|i| c.apple[i].1),
            macos: e.macos.map(|i| c.macos[i].1),
        },
    }
}

/// FxHash of the ASCII-lower-cased bytes of `s`, without allocating the lower-case copy.
/// Equal, ignoring ASCII case, implies equal hashes. The lower-casing stays ours, eight
/// bytes at a time in the same pass: `rustc-hash` only hashes, and a lower-cased copy per
/// ID would allocate 10,000 times per keystroke.
pub(crate) fn hash_lower(s: &str) -> u64 {
    let mut h = FxHasher::default();
    let bytes = s.as_bytes();
    let mut chunks = bytes.chunks_exact(8);
    for c in &mut chunks {
        h.write_u64(lower_word(u64::from_le_bytes(
            c.try_into().expect("8-byte chunk"),
        )));
    }
    let rest = chunks.remainder();
    let mut w = [0u8; 8];
    w[..rest.len()].copy_from_slice(rest);
    // The length goes in last so "a" and "a\0" differ.
    h.write_u64(lower_word(u64::from_le_bytes(w)) ^ ((bytes.len() as u64) << 56));
    h.finish()
}

/// ASCII-lower-case eight bytes at once (SWAR; the same trick as std's
/// `to_ascii_lowercase` fast path). Bytes ≥ 0x80 are left alone.
#[inline]
fn lower_word(w: u64) -> u64 {
    const HI: u64 = 0x8080_8080_8080_8080;
    let low7 = w & !HI;
    let ge_a = low7.wrapping_add(0x3f3f_3f3f_3f3f_3f3f); // high bit set where byte >= 'A'
    let gt_z = low7.wrapping_add(0x2525_2525_2525_2525); // high bit set where byte > 'Z'
    let upper = (ge_a & !gt_z) & !w & HI;
    w | (upper >> 2)
}

/// A `Hasher` for keys that already are good 64-bit hashes (from [`hash_lower`]).
#[derive(Default, Clone, Copy)]
pub(crate) struct IdHasher(u64);

impl Hasher for IdHasher {
    fn write(&mut self, bytes: &[u8]) {
        // Only u64 keys are hashed with it; fall back to Fx for anything else.
        let mut fx = FxHasher::default();
        fx.write_u64(self.0);
        fx.write(bytes);
        self.0 = fx.finish();
    }

    #[inline]
    fn write_u64(&mut self, i: u64) {
        self.0 = i;
    }

    #[inline]
    fn finish(&self) -> u64 {
        self.0
    }
}

/// `BuildHasher` for [`IdHasher`].
pub(crate) type IdBuild = BuildHasherDefault<IdHasher>;

/// FxHash (rustc's hasher, from `rustc-hash`): the catalogue keys are our own constants and
/// the probes are short strings, so HashDoS resistance buys nothing while SipHash would
/// cost a large share of the per-keystroke budget with 10,000 bundle IDs.
pub(crate) type FxBuild = rustc_hash::FxBuildHasher;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn catalogues_parse_and_look_up_any_case() {
        assert_eq!(known_keys().len(), 16);
        assert_eq!(
            key("browser_sso_interaction_enabled").map(|k| k.value_type),
            Some(KeyType::Integer)
        );
        assert!(key("Browser_sso_interaction_enabled").is_none());
        assert!(key("browser_sso_disable_mfa").is_some_and(|k| k.legacy));
        assert!(key("AppAllowList").is_some_and(|k| k.comma_list));
        assert_eq!(
            microsoft_app("COM.MICROSOFT.SKYPE.TEAMS"),
            Some("Microsoft Teams")
        );
        assert_eq!(microsoft_apps()[0].0, AUTHENTICATOR);
        assert_eq!(microsoft_app(DEFENDER), Some("Microsoft Defender"));
        assert_eq!(
            microsoft_app("com.microsoft.splists"),
            Some("Microsoft Lists")
        );
        assert_eq!(apple_builtin_app("com.apple.MOBILESAFARI"), Some("Safari"));
        assert_eq!(macos_only_app("com.apple.safari"), Some("Safari for Mac"));
        assert_eq!(bundle_info("com.contoso.app"), BundleInfo::default());
    }

    #[test]
    fn every_documented_apple_key_works_on_ios_or_macos() {
        // The importer reads a key that is not for iOS as macOS-only (X006).
        let keys: Vec<_> = rows(APPLE_KEYS).collect();
        assert!(keys.len() > 60, "{}", keys.len());
        for cols in keys {
            let level = match cols[0] {
                "profile" => KeyLevel::Profile,
                "payload" => KeyLevel::Payload,
                _ => KeyLevel::Kerberos,
            };
            let k = apple_key(level, cols[1]).expect(cols[1]);
            assert!(k.ios || k.macos, "{cols:?}");
        }
        assert_eq!(
            apple_key(KeyLevel::Kerberos, "pwChangeURL"),
            Some(AppleKey {
                ios: false,
                macos: true
            })
        );
    }

    #[test]
    fn hash_lower_ignores_ascii_case_only() {
        let all: String = (0u8..=127).map(char::from).collect();
        assert_eq!(
            hash_lower(&all.to_ascii_uppercase()),
            hash_lower(&all.to_ascii_lowercase())
        );
        assert_eq!(
            hash_lower("COM.Microsoft.Skype.TEAMS"),
            hash_lower("com.microsoft.skype.teams")
        );
        assert_ne!(hash_lower("com.a@"), hash_lower("com.a`"));
        assert_ne!(hash_lower("É"), hash_lower("é"));
        assert_ne!(hash_lower("a"), hash_lower("a\0"));
    }
}

/// Where a key sits in an SSO app extension profile, for [`apple_key`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyLevel {
    /// The profile's top level (`TopLevel.yaml`).
    Profile,
    /// The `com.apple.extensiblesso` payload (`CommonPayloadKeys.yaml` and its own keys).
    Payload,
    /// The Kerberos extension's `ExtensionData`.
    Kerberos,
}

/// What Apple's schema says of a key: the platforms it works on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AppleKey {
    /// Documented for iOS/iPadOS.
    pub ios: bool,
    /// Documented for macOS.
    pub macos: bool,
}

/// A key Apple documents at `level`, with its platforms; `None` for a key Apple does not
/// document there.
pub fn apple_key(level: KeyLevel, key: &str) -> Option<AppleKey> {
    static KEYS: OnceLock<Vec<(KeyLevel, &'static str, AppleKey)>> = OnceLock::new();
    let keys = KEYS.get_or_init(|| {
        rows(APPLE_KEYS)
            .filter_map(|cols| {
                let level = match cols.first().copied()? {
                    "profile" => KeyLevel::Profile,
                    "payload" => KeyLevel::Payload,
                    "kerberos" => KeyLevel::Kerberos,
                    _ => return None,
                };
                let yes = |i: usize| cols.get(i).copied() == Some("yes");
                Some((
                    level,
                    *cols.get(1)?,
                    AppleKey {
                        ios: yes(3),
                        macos: yes(4),
                    },
                ))
            })
            .collect()
    });
    keys.iter()
        .find(|(l, k, _)| *l == level && *k == key)
        .map(|(_, _, a)| *a)
}
