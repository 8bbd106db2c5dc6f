//! X004: a control character in a text the exports carry. Not in SPEC §6's table (added
//! here, see the README): XML 1.0 cannot hold C0 controls other than tab and line
//! breaks, so a `.mobileconfig` with one is refused by Apple's parser, and in any format
//! such a character is almost always pasted by accident. Bundle IDs are left to B001.

use super::{Diagnostic, Field, Severity};
use crate::draft::Draft;
// The exporter's own test, so the rule and the refusal cannot drift apart.
use crate::export::xml_char;

pub(super) fn check(d: &Draft, out: &mut Vec<Diagnostic>) {
    let p = &d.profile;
    let e = &d.extension;
    let k = &e.kerberos;
    let mut fields: Vec<(Field, &str)> = vec![
        (Field::Name, &p.name),
        (Field::Description, &p.description),
        (Field::Organization, &p.organization),
        (Field::Identifier, p.identifier.as_deref().unwrap_or("")),
        (Field::ExtensionId, &e.extension_id),
        (Field::TeamId, &e.team_id),
        (Field::Realm, &e.realm),
        (Field::Kerberos("principal_name"), &k.principal_name),
        (Field::Kerberos("site_code"), &k.site_code),
        (Field::Kerberos("cache_name"), &k.cache_name),
        (Field::Kerberos("sign_in_help_text"), &k.sign_in_help_text),
    ];
    fields.extend(
        e.urls
            .iter()
            .enumerate()
            .map(|(i, u)| (Field::Url(i), u.as_str())),
    );
    fields.extend(
        e.domains
            .iter()
            .enumerate()
            .map(|(i, u)| (Field::Domain(i), u.as_str())),
    );
    for (i, pair) in e.config.iter().enumerate() {
        fields.push((Field::ConfigKey(i), &pair.key));
        if let crate::draft::RawValue::String(v) = &pair.value {
            fields.push((Field::ConfigValue(i), v));
        }
    }
    for (field, text) in fields {
        if let Some(c) = text.chars().find(|&c| !xml_char(c)) {
            out.push(Diagnostic::new(
                "X004",
                Severity::Error,
                field,
                format!(
                    "{field} contains the control character U+{:04X}: a .mobileconfig (XML) \
                     cannot carry it, and it is almost always pasted by accident",
                    u32::from(c)
                ),
                "Retype the text without it.",
            ));
        }
    }
}
