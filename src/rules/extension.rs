//! Extension-type rules: E001–E006 (type, extension and team id, URLs, realm, domains).

use std::collections::HashMap;

use super::profile::reverse_dns_problem;
use super::{Diagnostic, Field, Fix, Severity, quote};
use crate::draft::{Draft, ExtensionType};
use crate::known::{FxBuild, ascii_lower};

pub(super) fn check(d: &Draft, out: &mut Vec<Diagnostic>) {
    let ext = &d.extension;
    if ext.kind == ExtensionType::Redirect
        && ext
            .extension_id
            .trim()
            .eq_ignore_ascii_case(PLUGIN_EXTENSION_ID)
    {
        // Source: memdocs intune/configuration/ios-device-features-settings.md, "Single
        // sign-on app extension" (the Entra ID type uses the Enterprise SSO plug-in, a
        // redirect-type extension) and use-enterprise-sso-plug-in-ios-ipados-with-intune.md,
        // "Other MDMs" tab (Redirect + this extension ID is how other MDMs configure it).
        // JIT: memdocs intune/enrollment/set-up-just-in-time-registration.md step 3.
        out.push(
            Diagnostic::new(
                "E001",
                Severity::Warning,
                Field::ExtensionType,
                format!(
                    "this Redirect extension names {}, Microsoft's Enterprise SSO plug-in: it is \
                     the same plug-in the Microsoft Entra ID type delivers, but Microsoft \
                     documents JIT registration in Intune only with the Microsoft Entra ID type",
                    quote(&ext.extension_id)
                ),
                "Switch the type to Microsoft Entra ID (the fix does it; Intune then fills in the \
                 extension ID and URLs, and your rows are kept).",
            )
            .with_fix(Fix::SwitchToEntraId),
        );
    } else if ext.kind != ExtensionType::EntraId {
        // Source: memdocs intune/enrollment/set-up-just-in-time-registration.md, "Set up JIT
        // registration" step 3 (type Microsoft Entra ID) — the only type documented for JIT.
        out.push(Diagnostic::new(
            "E001",
            Severity::Warning,
            Field::ExtensionType,
            format!(
                "the extension type is {}, not Microsoft Entra ID: Microsoft documents \
                 just-in-time registration only with the Microsoft Entra ID type",
                ext.kind.as_str()
            ),
            "Choose Microsoft Entra ID if this profile is meant to turn on JIT registration.",
        ));
    }
    match ext.kind {
        ExtensionType::EntraId => {}
        ExtensionType::Redirect => {
            ids(d, out);
            urls(d, out);
        }
        ExtensionType::Credential => {
            ids(d, out);
            realm(d, false, out);
            domains(d, out);
        }
        ExtensionType::Kerberos => {
            realm(d, true, out);
            domains(d, out);
        }
    }
}

/// The Enterprise SSO plug-in's extension ID on iOS (entra-docs
/// identity-platform/apple-sso-plugin.md, "Manual configuration for other MDM services").
const PLUGIN_EXTENSION_ID: &str = "com.microsoft.azureauthenticator.ssoextension";

/// E004: redirect and credential name their extension themselves.
fn ids(d: &Draft, out: &mut Vec<Diagnostic>) {
    let ext = &d.extension;
    if ext.extension_id.is_empty() {
        out.push(Diagnostic::new(
            "E004",
            Severity::Error,
            Field::ExtensionId,
            "no extension ID: the device needs the bundle ID of the SSO app extension to know \
             which extension handles sign-in",
            "Enter the extension's bundle ID from its vendor's documentation, e.g. \
             `com.vendor.app.ssoextension`.",
        ));
    } else if let Some(problem) = reverse_dns_problem(&ext.extension_id) {
        out.push(Diagnostic::new(
            "E004",
            Severity::Error,
            Field::ExtensionId,
            format!(
                "the extension ID {} is not a bundle ID ({problem}): the device will not find the extension",
                quote(&ext.extension_id)
            ),
            "Enter the extension's exact bundle ID (letters, digits and `-` in labels joined by dots).",
        ));
    }
    // Team ID is optional (Apple ignores it on iOS). Source for the format: memdocs
    // intune/configuration/ios-device-features-settings.md, "Single sign-on app extension" ›
    // "Team ID" (10 alphanumeric characters, not required). Intune is not documented to
    // reject other values, so the message only says the ID looks mistyped.
    let team = &ext.team_id;
    let well_formed = team.len() == 10 && team.bytes().all(|b| b.is_ascii_alphanumeric());
    if !team.is_empty() && !well_formed {
        out.push(Diagnostic::new(
            "E004",
            Severity::Error,
            Field::TeamId,
            format!(
                "the team ID {} is not 10 letters and digits: Apple team IDs are (Intune's \
                 setting describes the same format), so this one is probably mistyped",
                quote(team)
            ),
            "Copy the vendor's 10-character team ID (e.g. `ABCDE12345`), or leave it empty: iOS ignores it.",
        ));
    }
}

/// E002, E006 for the redirect URLs.
fn urls(d: &Draft, out: &mut Vec<Diagnostic>) {
    let urls = &d.extension.urls;
    // Source: apple/device-management `com.apple.extensiblesso.yaml`, key URLs (required for
    // Redirect; `http://` or `https://` prefixes, no query or fragment, unique on the device)
    // and memdocs intune/configuration/ios-device-features-settings.md, "Single sign-on app
    // extension" › "URLs". Space, host name and host characters: our decision (a URL prefix
    // names a host).
    if urls.is_empty() {
        out.push(Diagnostic::new(
            "E002",
            Severity::Error,
            Field::Urls,
            "a redirect extension has no URLs: it only handles sign-ins to the URLs listed, so \
             without any it does nothing (Apple requires at least one)",
            "Add the sign-in URLs of your identity provider, e.g. `https://login.contoso.com`.",
        ));
        return;
    }
    let mut seen: HashMap<String, usize, FxBuild> = HashMap::default();
    for (i, url) in urls.iter().enumerate() {
        if let Some(problem) = url_problem(url) {
            out.push(Diagnostic::new(
                "E002",
                Severity::Error,
                Field::Url(i),
                format!(
                    "the URL {} {problem}: Apple's SSO payload takes `http(s)://` URL prefixes \
                     without query or fragment, so the device may reject the profile",
                    quote(url)
                ),
                "Write it as `https://host` or `https://host/path`, without `?query` or `#fragment`.",
            ));
        }
        if let Some(&first) = seen.get(&url_key(url)) {
            out.push(duplicate(Field::Url(i), "URL", url, first));
        } else {
            seen.insert(url_key(url), i);
        }
    }
}

/// Why `url` is not an `http(s)://host…` URL without query or fragment.
fn url_problem(url: &str) -> Option<&'static str> {
    let lower = ascii_lower(url);
    let Some(rest) = lower
        .strip_prefix("https://")
        .or_else(|| lower.strip_prefix("http://"))
    else {
        return Some("does not start with `http://` or `https://`");
    };
    if url.chars().any(char::is_whitespace) {
        return Some("contains a space");
    }
    if url.contains('?') {
        return Some("has a query (`?…`)");
    }
    if url.contains('#') {
        return Some("has a fragment (`#…`)");
    }
    let host = rest.split('/').next().unwrap_or("");
    if host.is_empty() {
        return Some("has no host name");
    }
    if host.contains('*') {
        // Apple documents no wildcard for these prefixes; Intune's `*` note belongs to its
        // older "Single sign-on" (com.apple.sso) section.
        return Some("contains a wildcard, which Apple does not document for extensible SSO URLs");
    }
    if !host
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '.' | ':' | '[' | ']'))
    {
        return Some("has a host name with characters other than letters, digits, `-` and `.`");
    }
    None
}

/// Apple compares scheme and host case-insensitively; the path stays case-sensitive.
/// A trailing `/` does not make a different prefix.
fn url_key(url: &str) -> String {
    let url = url.trim().trim_end_matches('/');
    match url.find("://") {
        Some(p) => {
            let host_end = url[p + 3..].find('/').map_or(url.len(), |e| p + 3 + e);
            format!(
                "{}{}",
                url[..host_end].to_ascii_lowercase(),
                &url[host_end..]
            )
        }
        None => url.to_string(),
    }
}

/// E003, E005 for the realm.
fn realm(d: &Draft, required: bool, out: &mut Vec<Diagnostic>) {
    let realm = &d.extension.realm;
    if realm.trim().is_empty() {
        // Decision: Apple makes Realm optional for Credential extensions, so only Kerberos
        // (where Intune requires it) is an error. Source: `com.apple.extensiblesso(kerberos)
        // .yaml`, key Realm (required: the realm where the user logs in).
        if required {
            out.push(Diagnostic::new(
                "E003",
                Severity::Error,
                Field::Realm,
                "no Kerberos realm: Apple's Kerberos extension requires one (the realm users sign in to)",
                "Enter your Active Directory realm in upper case, e.g. `CONTOSO.COM`.",
            ));
        }
        return;
    }
    // Source: Apple's Realm key ("use proper capitalization"), ios-device-features-settings.md
    // › "Realm" (capitalized, e.g. `CONTOSO.COM`) and Graph iosKerberosSingleSignOnExtension
    // `realm` ("case-sensitive").
    if *realm != realm.to_uppercase() {
        out.push(Diagnostic::new(
            "E005",
            Severity::Warning,
            Field::Realm,
            format!(
                "the realm {} is not upper case: Kerberos realms are case-sensitive and are \
                 conventionally upper case, so a lower-case realm usually does not match the domain's",
                quote(realm)
            ),
            format!("Write it as {}.", quote(&realm.to_uppercase())),
        ));
    }
}

/// E003, E006 for credential/kerberos domains.
fn domains(d: &Draft, out: &mut Vec<Diagnostic>) {
    let domains = &d.extension.domains;
    // Source: `com.apple.extensiblesso.yaml`, key Hosts (required for Credential; a leading
    // `.` is a suffix wildcard, otherwise an exact host; unique on the device) and
    // ios-device-features-settings.md, "Single sign-on app extension" › "Domains" (must begin
    // with `.`, unique, not case-sensitive).
    if domains.is_empty() {
        out.push(Diagnostic::new(
            "E003",
            Severity::Error,
            Field::Domains,
            "no domains: a credential or Kerberos extension only handles the hosts and domains \
             listed, so without any it does nothing (Apple requires at least one)",
            "Add the domains, each starting with `.`, e.g. `.contoso.com`.",
        ));
        return;
    }
    let mut seen: HashMap<String, usize, FxBuild> = HashMap::default();
    for (i, dom) in domains.iter().enumerate() {
        let t = dom.trim();
        if t.is_empty() {
            out.push(Diagnostic::new(
                "E003",
                Severity::Error,
                Field::Domain(i),
                "an empty domain: each entry must be a host or domain name, and an empty one matches nothing",
                "Remove the empty entry or type the domain, e.g. `.contoso.com`.",
            ));
            continue;
        }
        if !t.starts_with('.') {
            // SPEC §6 E003: Intune's template requires the leading dot; Apple's schema
            // (com.apple.extensiblesso.yaml, Hosts) allows exact host names, and Microsoft's
            // Kerberos samples list both `.contoso.com` and `contoso.com`. So the fix removes
            // a bare entry whose dotted form is already listed instead of making a duplicate.
            let dotted = format!(".{t}");
            let listed = domains
                .iter()
                .any(|d| d.trim().eq_ignore_ascii_case(&dotted));
            let (help, fix) = if listed {
                (
                    format!(
                        "{} is already listed: for Intune, remove this entry; for another MDM \
                         it may stay as an exact host name.",
                        quote(&dotted)
                    ),
                    Fix::RemoveDomain(i),
                )
            } else {
                (
                    format!(
                        "For Intune, write it as {}; in a .mobileconfig for another MDM an exact \
                         host name is fine.",
                        quote(&dotted)
                    ),
                    Fix::DotDomain(i),
                )
            };
            out.push(
                Diagnostic::new(
                    "E003",
                    Severity::Warning,
                    Field::Domain(i),
                    format!(
                        "the domain {} does not start with `.`: Intune's template requires the \
                         leading dot (which covers every host below the domain), while Apple \
                         also allows exact host names in a .mobileconfig",
                        quote(dom)
                    ),
                    help,
                )
                .with_fix(fix),
            );
        }
        let key = t.to_lowercase();
        if let Some(&first) = seen.get(&key) {
            out.push(duplicate(Field::Domain(i), "domain", dom, first));
        } else {
            seen.insert(key, i);
        }
    }
}

/// E006. Source: Apple's URLs and Hosts keys (unique across installed Extensible SSO
/// payloads, scheme and host case-insensitive) and Intune's "URLs" and "Domains" (unique).
fn duplicate(field: Field, what: &str, value: &str, first: usize) -> Diagnostic {
    Diagnostic::new(
        "E006",
        Severity::Error,
        field,
        format!(
            "the {what} {} is listed twice (same as entry {}): Apple and \
             Intune require every {what} to be unique among a device's SSO extensions, and a \
             duplicate within one profile breaks that",
            quote(value),
            first + 1
        ),
        format!("Remove the second {what}."),
    )
}
