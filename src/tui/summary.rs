//! The Review summary, walked from the field table: each field of steps 1–5 as a
//! `label: value` part, in Tab order, grouped by step. The review page, its help and the
//! plain mode only lay the parts out; none of them names a field.

use super::fields::{Entries, FIELDS, InSummary, Value};
use super::input::escape_controls;
use super::state::Step;
use super::text;
use crate::draft::Draft;

/// What a part shows after its label.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Shown {
    /// One value (already escaped).
    Text(String),
    /// The entries of a list (already escaped); the label carries their count.
    Items(Vec<String>),
    /// Nothing: the label says it all (a switch that is on).
    Flag,
}

/// One field's part of the summary.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Part {
    /// The field's label (with the count, for a list).
    pub label: String,
    /// Its value.
    pub shown: Shown,
    /// Whether the review page shows it too (else only the full summary in help).
    pub page: bool,
}

/// The parts of one step.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Area {
    /// The step the fields are on.
    pub step: Step,
    /// Its fields' parts, in Tab order.
    pub parts: Vec<Part>,
}

/// Every summarised field of the draft, step by step (steps without one are left out).
pub fn areas(d: &Draft) -> Vec<Area> {
    let mut out: Vec<Area> = Vec::new();
    for spec in FIELDS.iter().filter(|f| f.shown(d)) {
        let Some(part) = part(spec, d) else { continue };
        match out.last_mut() {
            Some(area) if area.step == spec.step => area.parts.push(part),
            _ => out.push(Area {
                step: spec.step,
                parts: vec![part],
            }),
        }
    }
    out
}

fn esc(s: &str) -> String {
    escape_controls(s).into_owned()
}

/// A field's part, or `None` when it is not summarised (or, for one summarised only when
/// set, not set).
fn part(spec: &super::fields::Spec, d: &Draft) -> Option<Part> {
    let label = spec.summary_label.unwrap_or((spec.label)(d));
    let when = spec.summary;
    let (label, shown, set) = match spec.value {
        Value::Text(t) => {
            let v = (t.get)(d);
            let shown = match (v.is_empty(), t.default) {
                (false, _) => esc(v),
                (true, Some(default)) => esc(&default(d)),
                (true, None) => text::BLANK.to_string(),
            };
            (label.to_string(), Shown::Text(shown), !v.is_empty())
        }
        Value::Bool(b) if when == InSummary::IfSet => (label.to_string(), Shown::Flag, (b.get)(d)),
        Value::Bool(b) => (
            label.to_string(),
            Shown::Text(text::yes_no((b.get)(d)).to_string()),
            true,
        ),
        Value::Choice(c) => {
            let v = (c.show)(d);
            (
                label.to_string(),
                Shown::Text(v.to_string()),
                v != text::BLANK,
            )
        }
        Value::List(l) => {
            let items = names(&l.entries, d);
            let set = !items.is_empty();
            (
                text::summary_counted(label, items.len()),
                Shown::Items(items),
                set,
            )
        }
        Value::Table => {
            let rows: Vec<String> = d
                .extension
                .config
                .iter()
                .map(|p| text::summary_config_row(&esc(&p.key), &esc(&p.value.to_string())))
                .collect();
            (
                text::summary_counted(label, rows.len()),
                Shown::Items(rows),
                true,
            )
        }
        Value::Review | Value::ExportFormat | Value::ExportPath => return None,
    };
    match when {
        InSummary::Always | InSummary::NotOnPage => {}
        InSummary::IfSet if set => {}
        InSummary::IfSet | InSummary::Never => return None,
    }
    let page = when != InSummary::NotOnPage;
    Some(Part { label, shown, page })
}

/// A list's entries as the admin knows them: a group by its display name (else its id).
fn names(entries: &Entries, d: &Draft) -> Vec<String> {
    match entries {
        Entries::Groups(get, _) => get(d)
            .iter()
            .map(|g| esc(if g.name.is_empty() { &g.id } else { &g.name }))
            .collect(),
        Entries::Strings(get, _) => get(d).iter().map(|x| esc(x)).collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::draft::{ExtensionType, Group, Target};

    fn flat(d: &Draft) -> Vec<(Step, String)> {
        areas(d)
            .into_iter()
            .flat_map(|a| {
                a.parts.into_iter().map(move |p| {
                    let v = match p.shown {
                        Shown::Text(t) => format!("{}: {t}", p.label),
                        Shown::Items(i) => format!("{}: {}", p.label, i.join(", ")),
                        Shown::Flag => p.label,
                    };
                    (a.step, v)
                })
            })
            .collect()
    }

    #[test]
    fn the_jit_draft_is_summarised_field_by_field() {
        let mut d = Draft::new_jit();
        d.profile.name = "Fabrikam \u{1b}[2J".into();
        d.extension.bundle_ids = vec!["com.contoso.app".into()];
        d.assignments.target = Target::Groups;
        d.assignments.include_groups = vec![Group {
            id: "0b7c2d1e-1111-4222-8333-444455556666".into(),
            name: "iOS pilot users".into(),
        }];
        let got: Vec<String> = flat(&d).into_iter().map(|(_, v)| v).collect();
        assert_eq!(
            got,
            [
                "Name: Fabrikam \\u{1b}[2J",
                &format!("Identifier: {}", d.profile.effective_identifier()),
                "Scope tags (1): 0",
                "Type: Microsoft Entra ID",
                "Shared device mode: Not configured",
                "Bundle IDs (1): com.contoso.app",
                "Configuration (2): device_registration = {{DEVICEREGISTRATION}}, \
                 browser_sso_interaction_enabled = 1",
                "Assign to: Selected groups",
                "Groups (1): iOS pilot users",
                "Authenticator required: Yes",
                "App id: (blank)",
                "Licence: App Store",
            ]
            .map(String::from)
        );
    }

    #[test]
    fn switches_show_by_name_while_on_and_empty_optional_fields_are_left_out() {
        let mut d = Draft::new_jit();
        d.extension.kind = ExtensionType::Kerberos;
        d.extension.kerberos.require_user_presence = true;
        d.profile.organization = "Contoso".into();
        let got = flat(&d);
        let ext: Vec<&str> = got
            .iter()
            .filter(|(s, _)| *s == Step::Extension)
            .map(|(_, v)| v.as_str())
            .collect();
        assert!(ext.contains(&super::text::K_REQUIRE_PRESENCE), "{ext:?}");
        assert!(!ext.contains(&super::text::K_BLOCK_KEYCHAIN), "{ext:?}");
        let all: Vec<&str> = got.iter().map(|(_, v)| v.as_str()).collect();
        assert!(all.contains(&"Organization: Contoso"), "{all:?}");
        assert!(!all.iter().any(|v| v.starts_with("Description")), "{all:?}");
        assert!(
            !all.iter().any(|v| v.starts_with("Excluded groups")),
            "{all:?}"
        );
        assert!(!all.iter().any(|v| v.starts_with("Filter")), "{all:?}");
    }
}
