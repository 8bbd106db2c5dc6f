//! X004: a control character in a text the exports carry. Not in SPEC §6's table (added
//! here, see the README): XML 1.0 cannot hold C0 controls other than tab and line
//! breaks, so a `.mobileconfig` with one is refused by Apple's parser, and in any format
//! such a character is almost always pasted by accident. Bundle IDs are left to B001.
//! Every text the exports carry is checked, UUIDs and scope tags included.

use super::{Diagnostic, Field, Severity};
use crate::draft::Draft;
// The exporter's own test and list of texts, so the rule and the refusal cannot drift apart.
use crate::export::{text_fields, xml_char};

// Source: W3C XML 1.0 (Fifth Edition), §2.2 "Characters" (the Char production excludes C0
// controls other than tab, LF and CR, and U+FFFE/U+FFFF); the rest is our decision.
pub(super) fn check(d: &Draft, out: &mut Vec<Diagnostic>) {
    for (field, text) in text_fields(d) {
        if matches!(field, Field::BundleId(_)) {
            continue;
        }
        if let Some(c) = text.chars().find(|&c| !xml_char(c)) {
            out.push(Diagnostic::new(
                "X004",
                Severity::Error,
                field,
                format!(
                    "{field} contains the control character U+{:04X}: no export can carry it \
                     (XML forbids it, and sso-wizard refuses it in Graph JSON too), and it is \
                     almost always pasted by accident",
                    u32::from(c)
                ),
                "Retype the text without it.",
            ));
        }
    }
}
