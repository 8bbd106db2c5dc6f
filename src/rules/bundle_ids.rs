//! App bundle ID rules: B001–B009.
//!
//! Per type: for entra-id the list is the plug-in's allow list (`AppAllowList`), so every
//! rule applies. For kerberos it is the credential bundle-ID ACL (apps allowed to use the
//! Kerberos ticket): the syntax rules (B001, B002, B005, B006, B009) and the wrong-platform
//! rule (B008) still apply, but Microsoft apps (B003, B004) and Apple apps (B007) are
//! legitimate members of a Kerberos ACL (Outlook or Safari fetching tickets), so those are
//! not checked. Redirect and credential profiles do not export the list at all.
//!
//! Runs on every keystroke with up to 10,000 IDs: one catalogue probe and one set insert per
//! ID, allocation only for mixed-case IDs and for findings.

use std::collections::HashMap;
use std::collections::hash_map::Entry;

use super::{Diagnostic, Field, Fix, Severity, quote};
use crate::draft::{Draft, ExtensionType, RawValue};
use crate::known::{self, AUTHENTICATOR, DEFENDER, FxBuild, IdBuild};

pub(super) fn check(d: &Draft, out: &mut Vec<Diagnostic>) {
    let ids = &d.extension.bundle_ids;
    let entra = match d.extension.kind {
        ExtensionType::EntraId => true,
        ExtensionType::Kerberos => false,
        ExtensionType::Redirect | ExtensionType::Credential => return,
    };
    let apple = AppleScope::of(d);
    // Duplicates (B005): first index by the case-insensitive hash, which the catalogue
    // look-up needs anyway. Equal hashes are confirmed by comparing the IDs; a true 64-bit
    // collision between different IDs falls back to a map of lower-cased strings.
    let mut seen: HashMap<u64, usize, IdBuild> =
        HashMap::with_capacity_and_hasher(ids.len(), IdBuild::default());
    let mut collided: HashMap<String, usize, FxBuild> = HashMap::default();
    for (i, raw) in ids.iter().enumerate() {
        let field = Field::BundleId(i);
        let t = raw.trim();
        // B001, B002, B009 source: Apple's developer glossary, "bundle ID" (only `A-Z a-z 0-9
        // - .`, reverse-DNS format, case-insensitive). Exact wording of what follows: ours.
        if t.is_empty() {
            out.push(
                Diagnostic::new(
                    "B001",
                    Severity::Error,
                    field,
                    "an empty bundle ID: it matches no app",
                    "Remove the empty entry.",
                )
                .with_fix(Fix::RemoveBundleId(i)),
            );
            continue;
        }
        if t.len() != raw.len() {
            out.push(
                Diagnostic::new(
                    "B002",
                    Severity::Warning,
                    field,
                    format!(
                        "the bundle ID {} has spaces around it: a bundle ID has no spaces (Apple \
                     allows letters, digits, `-` and `.`), so with them it may match no app",
                        quote(raw)
                    ),
                    "Trim the spaces.",
                )
                .with_fix(Fix::TrimBundleId(i)),
            );
        }
        // A wildcard or prefix is reported as B006 only: its `*` or trailing dot would also
        // fail B001, but "use AppPrefixAllowList" is the useful advice. Source: entra-docs
        // identity-platform/apple-sso-plugin.md, "Enable SSO for specific apps" (AppAllowList:
        // bundle IDs) and "… with a specific bundle ID prefix" (prefixes: AppPrefixAllowList);
        // Apple's credentialBundleIdACL (Kerberos) also lists bundle IDs, no patterns.
        let shape = Shape::of(t);
        if shape.star || t.ends_with('.') {
            out.push(Diagnostic::new(
                "B006",
                Severity::Error,
                field,
                format!(
                    "{} is a wildcard or prefix: this list takes exact bundle IDs only, and a \
                     pattern in it is not documented to match any app",
                    quote(t)
                ),
                "List each app's exact bundle ID, or (Entra ID) add an `AppPrefixAllowList` \
                 row in Additional configuration with the prefix, e.g. `com.contoso.`.",
            ));
            continue;
        }
        if shape.invalid
            && let Some(problem) = syntax_problem(t)
        {
            out.push(Diagnostic::new(
                "B001",
                Severity::Error,
                field,
                format!(
                    "{} is not a valid bundle ID ({problem}): it cannot match any app",
                    quote(t)
                ),
                "Copy the app's bundle ID exactly (Intune: Apps › All apps › Columns › App identifier); \
                 it uses only letters, digits, `-` and `.`.",
            ));
            continue;
        }
        let hash = known::hash_lower(t);
        let info = known::bundle_info_hashed(t, hash);
        if entra {
            microsoft(i, t, info.microsoft, out);
            if let Some(name) = info.apple
                && let Some(d) = apple_builtin(i, t, name, &apple)
            {
                out.push(d);
            }
        }
        // Source: entra-docs apple-sso-plugin.md, "Enable SSO for specific apps" (Safari is
        // `com.apple.mobilesafari` on iOS, `com.apple.Safari` on macOS); the other IDs and
        // their sources: assets/known/macos-only-bundle-ids.tsv.
        if let Some(name) = info.macos {
            out.push(Diagnostic::new(
                "B008",
                Severity::Warning,
                field,
                format!(
                    "{} is {name}, a macOS-only bundle ID: this is an iOS/iPadOS profile, so it matches no app",
                    quote(t)
                ),
                "Use the iOS app's bundle ID (e.g. Safari on iOS is `com.apple.mobilesafari`), or remove it.",
            ).with_fix(Fix::RemoveBundleId(i)));
        }
        // Decision: a known Microsoft app with one label (Viva Engage is `wefwef`) is reported
        // by B003 only; saying "not reverse-DNS" about a real app ID would mislead. Apple's
        // glossary says bundle IDs "should" be reverse-DNS, so B009 is a warning.
        if !shape.dotted && info.microsoft.is_none() {
            out.push(Diagnostic::new(
                "B009",
                Severity::Warning,
                field,
                format!(
                    "{} has a single label: bundle IDs are almost always reverse-DNS \
                     (`com.company.app`), so this is probably incomplete",
                    quote(t)
                ),
                "Check the app's full bundle ID in Intune (Apps › All apps › App identifier).",
            ));
        }
        let first = match seen.entry(hash) {
            Entry::Vacant(v) => {
                v.insert(i);
                None
            }
            // Equal hashes of different IDs (a 64-bit collision no test can find) fall
            // through to the exact map below; cargo-mutants' "guard always true" is
            // therefore only observable with such a collision.
            Entry::Occupied(o) if ids[*o.get()].trim().eq_ignore_ascii_case(t) => Some(*o.get()),
            Entry::Occupied(_) => match collided.entry(t.to_ascii_lowercase()) {
                Entry::Vacant(v) => {
                    v.insert(i);
                    None
                }
                Entry::Occupied(o) => Some(*o.get()),
            },
        };
        // Our decision: a duplicate adds nothing. Compared ignoring case because Apple's
        // glossary calls bundle IDs case-insensitive.
        if let Some(first) = first {
            out.push(
                Diagnostic::new(
                    "B005",
                    Severity::Warning,
                    field,
                    format!(
                        "{} is listed twice (same as entry {}, ignoring case): a duplicate adds \
                         nothing and makes the list harder to review",
                        quote(t),
                        // Entries are counted from 1, as the admin counts the list's lines.
                        first + 1,
                    ),
                    "Remove the duplicates (the first of each is kept).",
                )
                .with_fix(Fix::DedupBundleIds),
            );
        }
    }
}

/// B004 and B003 for one trimmed ID of an Entra ID list.
fn microsoft(i: usize, t: &str, catalogued: Option<&str>, out: &mut Vec<Diagnostic>) {
    let field = Field::BundleId(i);
    if t.eq_ignore_ascii_case(AUTHENTICATOR) {
        // Source: memdocs intune/enrollment/set-up-just-in-time-registration.md, "Best
        // practices for SSO configuration" and "Set up JIT registration" step 4: Authenticator
        // is a Microsoft app the extension already works with, and it is assigned later
        // through an app policy (step 11).
        out.push(
            Diagnostic::new(
                "B004",
                Severity::Error,
                field,
                "Microsoft Authenticator must not be in this list: Microsoft's JIT article says \
                 the extension already works with it as a Microsoft app, and that it is assigned \
                 separately as a required app",
                "Remove it; assign Authenticator as a required app instead (Assignments step).",
            )
            .with_fix(Fix::RemoveBundleId(i)),
        );
    } else if t.eq_ignore_ascii_case(DEFENDER) {
        // Source: defender-docs defender-endpoint/ios-install.md, "User Enrollment setup" ›
        // Admin › "Set up SSO Plugin": Defender's guide lists com.microsoft.scmx in App bundle
        // IDs next to device_registration. So: an info, and RemoveMicrosoftApps keeps it.
        out.push(Diagnostic::new(
            "B003",
            Severity::Info,
            field,
            format!(
                "{} is Microsoft Defender: unlike other Microsoft apps, Defender's iOS install \
                 guide asks for it in App bundle IDs (with `device_registration`), so keep it if \
                 you deploy Defender",
                quote(t)
            ),
            "Nothing to do if you follow Defender's guide (Deploy Microsoft Defender for Endpoint on iOS).",
        ));
    } else if let Some(name) = catalogued {
        // Source: memdocs intune/enrollment/set-up-just-in-time-registration.md, "Best
        // practices for SSO configuration" (don't add Microsoft apps, to avoid authentication
        // problems); entra-docs identity-platform/apple-sso-plugin.md, "Enable SSO for apps that
        // don't use MSAL" (MSAL apps take part by default; most Microsoft apps use MSAL).
        out.push(
            Diagnostic::new(
                "B003",
                Severity::Warning,
                field,
                format!(
                    "{} ({name}) is a Microsoft app: Microsoft advises not listing them in the JIT \
                     article, because apps that use MSAL get single sign-on automatically and \
                     listing them can cause authentication problems",
                    quote(t)
                ),
                "List only the apps that need it; the fix removes the catalogued Microsoft apps \
                 (and Authenticator), never Microsoft Defender.",
            )
            .with_fix(Fix::RemoveMicrosoftApps),
        );
    } else if is_microsoft_prefix(t) {
        // Source: memdocs intune/includes/apple-enterprise-sso-intro-boilerplate.md (a
        // Microsoft app without MSAL needs its ID, or `com.microsoft.` in AppPrefixAllowList)
        // and intune/configuration/ios-device-features-settings.md, "Single sign-on app
        // extension" › "App bundle IDs" (apps without current Microsoft libraries must be
        // listed). We cannot tell which kind an uncatalogued ID is: an info.
        out.push(Diagnostic::new(
            "B003",
            Severity::Info,
            field,
            format!(
                "{} starts with `com.microsoft.` but is not in our catalogue of Microsoft apps: \
                 if it uses MSAL it gets single sign-on without being listed; if it does not, \
                 Intune's guidance is to list it (or add `com.microsoft.` to AppPrefixAllowList)",
                quote(t)
            ),
            "Keep it if the app does not use MSAL; otherwise you can remove it.",
        ));
    }
}

/// Which Apple built-in apps the plug-in already allows, per the draft's configuration rows.
struct AppleScope {
    /// The effective AppPrefixAllowList holds `com.apple.` (true when the row is absent: it
    /// is the iOS default).
    prefix: bool,
    /// Lower-cased entries of AppBlockList.
    blocked: Vec<String>,
}

impl AppleScope {
    fn of(d: &Draft) -> AppleScope {
        let list = |key: &str| -> Option<Vec<String>> {
            d.extension
                .config
                .iter()
                .find(|p| p.key.trim() == key)
                .and_then(|p| match &p.value {
                    RawValue::String(v) => Some(
                        v.split(',')
                            .map(|e| e.trim().to_ascii_lowercase())
                            .filter(|e| !e.is_empty())
                            .collect(),
                    ),
                    _ => None,
                })
        };
        AppleScope {
            prefix: list("AppPrefixAllowList").is_none_or(|l| l.iter().any(|e| e == "com.apple.")),
            blocked: list("AppBlockList").unwrap_or_default(),
        }
    }
}

/// B007 for an Apple built-in app, or `None` when listing it does matter.
fn apple_builtin(i: usize, t: &str, name: &str, scope: &AppleScope) -> Option<Diagnostic> {
    let lower = t.to_ascii_lowercase();
    let why = if SAFARI.contains(&lower.as_str()) {
        // Source: entra-docs identity-platform/apple-sso-plugin.md, "Enable SSO for specific
        // apps" (note) and "Disable SSO for specific apps": Safari and Safari View Service
        // take part by default unless AppBlockList names them.
        if scope.blocked.contains(&lower) {
            return None;
        }
        "Safari and Safari View Service may use single sign-on by default (unless \
         AppBlockList names them)"
    } else {
        // Source: entra-docs identity-platform/apple-sso-plugin.md, "Enable SSO for all apps
        // with a specific bundle ID prefix": the iOS default AppPrefixAllowList is
        // `com.apple.`, and setting the key replaces it. Without it, listing does matter.
        if !scope.prefix {
            return None;
        }
        "the plug-in's AppPrefixAllowList (`com.apple.` by default on iOS) already allows \
         Apple's apps"
    };
    Some(
        Diagnostic::new(
            "B007",
            Severity::Info,
            Field::BundleId(i),
            format!(
                "{} is Apple's built-in {name} app: {why}, so listing it changes nothing",
                quote(t)
            ),
            "You can remove it.",
        )
        .with_fix(Fix::RemoveBundleId(i)),
    )
}

/// Safari and Safari View Service on iOS, lower case.
const SAFARI: [&str; 2] = ["com.apple.mobilesafari", "com.apple.safariviewservice"];

/// What one pass over a trimmed ID finds (the common, clean case costs one scan).
struct Shape {
    /// Contains `*`.
    star: bool,
    /// A character outside `A-Za-z0-9-.`, or an empty label: [`syntax_problem`] says which.
    invalid: bool,
    /// Contains a `.` (more than one label).
    dotted: bool,
}

// Byte classes for the one-pass scan: a table look-up and an OR per byte instead of a
// chain of comparisons, since this runs for every ID on every keystroke.
const OK: u8 = 0;
const DOT: u8 = 2;
const STAR: u8 = 4;
const BAD: u8 = 8;

const CLASS: [u8; 256] = {
    let mut t = [BAD; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        t[b] = match c {
            b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'-' => OK,
            b'.' => DOT,
            b'*' => STAR | BAD,
            _ => BAD,
        };
        b += 1;
    }
    t
};

impl Shape {
    /// `invalid` only decides whether `syntax_problem` is asked (it has the last word), so
    /// a scan that says "invalid" too often is only slower: cargo-mutants' mutants that
    /// widen it (an `&` made `|` or `^` in the empty-label test, the letters' arm deleted,
    /// `STAR | BAD` made `STAR ^ BAD`, the same value) change no diagnostic, and the one
    /// way they narrow it (labels of dots only) ends in `.`, which is B006 before this.
    fn of(t: &str) -> Shape {
        let mut seen = 0u8;
        // An empty label is a dot at the start or right after another dot.
        let mut empty_label = false;
        let mut prev = DOT;
        for &b in t.as_bytes() {
            let class = CLASS[usize::from(b)];
            empty_label |= (class & prev & DOT) != 0;
            seen |= class;
            prev = class;
        }
        Shape {
            star: seen & STAR != 0,
            invalid: seen & BAD != 0 || empty_label,
            dotted: seen & DOT != 0,
        }
    }
}

/// Why a trimmed, non-empty, wildcard-free ID is not a bundle ID; `None` when it is.
fn syntax_problem(t: &str) -> Option<&'static str> {
    if let Some(c) = t
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || *c == '-' || *c == '.'))
    {
        return Some(if c.is_whitespace() {
            "it contains a space"
        } else if c == ',' {
            "it contains a comma: add one ID per entry"
        } else {
            "it contains a character other than letters, digits, `-` and `.`"
        });
    }
    if t.split('.').any(str::is_empty) {
        return Some("it has an empty label: a leading or double dot");
    }
    None
}

fn is_microsoft_prefix(id: &str) -> bool {
    const PREFIX: &str = "com.microsoft.";
    id.len() >= PREFIX.len()
        && id.as_bytes()[..PREFIX.len()].eq_ignore_ascii_case(PREFIX.as_bytes())
}

/// Whether the B003 fix removes `id` (as stored): a catalogued Microsoft app or
/// Authenticator, never Defender (its guide asks for it) and never an uncatalogued
/// `com.microsoft.` ID (it may be a non-MSAL app that needs listing).
pub(super) fn is_removable_microsoft(id: &str) -> bool {
    let id = id.trim();
    !id.eq_ignore_ascii_case(DEFENDER) && known::microsoft_app(id).is_some()
}
