//! Step 6: the summary of what was chosen and the problems found.

use crate::draft::{ExtensionType, Target};
use crate::rules::Diagnostic;
use crate::tui::state::State;
use crate::tui::text;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

use super::form::field_label;
use super::widgets::*;
use crate::tui::fields::{self, Value};
use crate::tui::state::Step;

pub(super) fn blank_or(v: &str) -> String {
    if v.is_empty() {
        text::BLANK.to_string()
    } else {
        esc(v)
    }
}

pub(super) fn summary(s: &State) -> Vec<String> {
    let d = &s.draft;
    let e = &d.extension;
    let list = |v: &[String]| {
        if v.is_empty() {
            text::NONE.to_string()
        } else {
            v.iter().map(|x| esc(x)).collect::<Vec<_>>().join(", ")
        }
    };
    let mut out = vec![
        format!(
            "{}: {} · {}: {}",
            text::NAME,
            if d.profile.name.is_empty() {
                text::BLANK.to_string()
            } else {
                esc(&d.profile.name)
            },
            text::IDENTIFIER,
            esc(&d.profile.effective_identifier())
        ),
        format!("{}: {}", text::SUMMARY_TYPE, text::ext_type_short(e.kind)),
    ];
    if !d.profile.organization.is_empty() || !d.profile.description.is_empty() {
        out.insert(
            1,
            format!(
                "{}: {} · {}: {}",
                text::ORGANIZATION,
                blank_or(&d.profile.organization),
                text::DESCRIPTION,
                blank_or(&d.profile.description)
            ),
        );
    }
    if e.kind == ExtensionType::EntraId {
        out[1].push_str(&format!(
            " · {}: {}",
            text::SHARED_DEVICE_MODE,
            text::yes_no(e.shared_device_mode)
        ));
    }
    // The type's own fields (the Kerberos switches and texts have a line of their own).
    let own: Vec<String> = fields::fields(Step::Extension, d)
        .into_iter()
        .filter(|f| f.spec().only != fields::KERBEROS)
        .filter_map(|f| match f.spec().value {
            Value::Text(t) => Some((field_label(f, s), blank_or((t.get)(d)))),
            Value::List(l) => Some((field_label(f, s), list(&l.entries.shown(d)))),
            _ => None,
        })
        .map(|(label, value)| format!("{label}: {value}"))
        .collect();
    if !own.is_empty() {
        out.push(own.join(" · "));
    }
    if e.kind == ExtensionType::Kerberos {
        let k = &e.kerberos;
        let yes: Vec<&str> = [
            (k.block_keychain_usage, text::SUMMARY_BLOCK_KEYCHAIN),
            (k.require_user_presence, text::SUMMARY_REQUIRE_PRESENCE),
            (k.default_realm, text::SUMMARY_DEFAULT_REALM),
            (k.block_autodiscover, text::SUMMARY_BLOCK_AUTODISCOVER),
            (k.managed_apps_only, text::SUMMARY_MANAGED_APPS_ONLY),
        ]
        .into_iter()
        .filter_map(|(on, label)| on.then_some(label))
        .collect();
        out.push(text::summary_kerberos(
            &yes,
            [
                &blank_or(&k.principal_name),
                &blank_or(&k.site_code),
                &blank_or(&k.cache_name),
                &blank_or(&k.sign_in_help_text),
            ],
            &list(&k.domain_realms),
        ));
    }
    out.push(format!(
        "{} ({}): {}",
        text::BUNDLE_IDS,
        e.bundle_ids.len(),
        list(&e.bundle_ids)
    ));
    out.push(format!(
        "{}: {}",
        text::SUMMARY_CONFIG,
        e.config
            .iter()
            .map(|p| format!("{} = {}", esc(&p.key), esc(&p.value.to_string())))
            .collect::<Vec<_>>()
            .join(", ")
    ));
    let a = &d.assignments;
    let mut assign = format!("{}: {}", text::TARGET, text::target(a.target));
    if a.target == Target::Groups {
        assign.push_str(&format!(" ({})", a.include_groups.len()));
    }
    if !a.exclude_groups.is_empty() {
        assign.push_str(&format!(
            " · {}: {}",
            text::EXCLUDE_GROUPS,
            a.exclude_groups.len()
        ));
    }
    if let Some(filter) = &a.filter {
        assign.push_str(&format!(
            " · {} {} ({})",
            text::SUMMARY_FILTER,
            esc(&filter.id),
            filter.mode.as_str()
        ));
    }
    out.push(assign);
    let au = &d.authenticator;
    out.push(format!(
        "{}: {} · {}: {} · {}",
        text::AUTH_REQUIRED,
        text::yes_no(au.required),
        text::AUTH_APP_ID,
        if au.app_id.is_empty() {
            text::BLANK.to_string()
        } else {
            esc(&au.app_id)
        },
        text::license(au.license)
    ));
    out
}

pub(super) fn draw_review(f: &mut Frame, area: Rect, s: &State, t: Theme) {
    // The problems come first: they are what the admin acts on. The box gets the lines it
    // needs and the summary the rest (at least three lines, wrapped, not cut; F1 shows all
    // of it).
    let w = area.width.saturating_sub(4) as usize;
    let mut wrapped: Vec<String> = Vec::new();
    for item in summary(s) {
        for (i, l) in wrap(&item, w).into_iter().enumerate() {
            wrapped.push(if i == 0 {
                format!(" {l}")
            } else {
                format!("   {l}")
            });
        }
    }
    let diags = s.review_diags();
    let lines = review_lines(s, &diags, area.width.saturating_sub(4) as usize, t);
    let box_h = lines.len().max(1) + 2;
    let height = area.height as usize;
    let sum_h = wrapped
        .len()
        .min(height.saturating_sub(box_h))
        .max(wrapped.len().min(3))
        .min(height.saturating_sub(3)) as u16;
    if wrapped.len() > sum_h as usize && sum_h > 0 {
        wrapped.truncate(sum_h as usize);
        if let Some(last) = wrapped.last_mut() {
            *last = format!(" {}", text::REVIEW_MORE);
        }
    }
    let [top, bottom] =
        Layout::vertical([Constraint::Length(sum_h), Constraint::Min(3)]).areas(area);
    let summary_lines: Vec<Line> = wrapped.into_iter().map(Line::from).collect();
    f.render_widget(Paragraph::new(summary_lines), top);
    let bottom = Rect {
        x: bottom.x + 1,
        width: bottom.width.saturating_sub(2),
        ..bottom
    };
    let title = format!("{} ({})", text::REVIEW_PROBLEMS, diags.len());
    let mut block = boxed(&[&title], bottom.width);
    let inner = block.inner(bottom);
    if diags.is_empty() {
        f.render_widget(block, bottom);
        f.render_widget(Paragraph::new(format!(" {}", text::NO_PROBLEMS)), inner);
        return;
    }
    let h = inner.height as usize;
    let sel_line = lines
        .iter()
        .position(|(_, i)| *i == Some(s.review_selected))
        .unwrap_or(0);
    let top = if sel_line >= h { sel_line + 1 - h } else { 0 };
    // Problems scrolled out of the box are counted on its border: the title's count must
    // never disagree silently with what is listed.
    let hidden = lines
        .iter()
        .enumerate()
        .filter(|(n, (_, i))| i.is_some() && (*n < top || *n >= top + h))
        .count();
    if hidden > 0 {
        block = block.title_bottom(format!(" {} ", text::review_hidden(hidden)));
    }
    f.render_widget(block, bottom);
    let shown: Vec<Line> = lines
        .into_iter()
        .skip(top)
        .take(h)
        .map(|(l, _)| l)
        .collect();
    f.render_widget(Paragraph::new(shown), inner);
}

/// The review's problem list, `w` columns wide: a heading per step, then its diagnostics
/// (each with its index in `diags`).
pub(super) fn review_lines(
    s: &State,
    diags: &[&Diagnostic],
    w: usize,
    t: Theme,
) -> Vec<(Line<'static>, Option<usize>)> {
    let mut lines: Vec<(Line, Option<usize>)> = Vec::new();
    let mut last_step = None;
    for (i, d) in diags.iter().enumerate() {
        let step = crate::tui::state::locate(d.field, &s.draft).0;
        if last_step != Some(step) {
            last_step = Some(step);
            lines.push((
                Line::styled(
                    format!(" {}/7  {}", step.number(), text::step_title(step)),
                    t.title(),
                ),
                None,
            ));
        }
        let sel = i == s.review_selected && s.popup.is_none();
        let txt = format!("   {} {} {}", mark(d.severity), d.code, esc(&d.message));
        lines.push((
            Line::styled(
                fit(&txt, w),
                if sel {
                    t.selected()
                } else {
                    t.severity(d.severity)
                },
            ),
            Some(i),
        ));
    }
    lines
}
