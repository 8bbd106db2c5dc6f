//! Step 6: the summary of what was chosen and the problems found.

use crate::draft::{ExtensionType, Target};
use crate::rules::Diagnostic;
use crate::tui::state::State;
use crate::tui::text;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

use super::widgets::*;

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
            "(none)".to_string()
        } else {
            v.iter().map(|x| esc(x)).collect::<Vec<_>>().join(", ")
        }
    };
    let mut out = vec![
        format!(
            "Name: {} · Identifier: {}",
            if d.profile.name.is_empty() {
                text::BLANK.to_string()
            } else {
                esc(&d.profile.name)
            },
            esc(&d.profile.effective_identifier())
        ),
        format!("Type: {}", text::ext_type_short(e.kind)),
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
    match e.kind {
        ExtensionType::EntraId => {
            out[1].push_str(&format!(
                " · {}: {}",
                text::SHARED_DEVICE_MODE,
                text::yes_no(e.shared_device_mode)
            ));
        }
        ExtensionType::Redirect => out.push(format!(
            "{}: {} · {}: {} · {}: {}",
            text::EXTENSION_ID,
            esc(&e.extension_id),
            text::TEAM_ID,
            blank_or(&e.team_id),
            text::URLS,
            list(&e.urls)
        )),
        ExtensionType::Credential => out.push(format!(
            "{}: {} · {}: {} · {}: {} · {}: {}",
            text::EXTENSION_ID,
            esc(&e.extension_id),
            text::TEAM_ID,
            blank_or(&e.team_id),
            text::REALM,
            esc(&e.realm),
            text::DOMAINS,
            list(&e.domains)
        )),
        ExtensionType::Kerberos => {
            let k = &e.kerberos;
            out.push(format!(
                "{}: {} · {}: {}",
                text::REALM,
                esc(&e.realm),
                text::DOMAINS,
                list(&e.domains)
            ));
            let yes: Vec<&str> = [
                (k.block_keychain_usage, "block keychain usage"),
                (k.require_user_presence, "require Face ID/Touch ID/passcode"),
                (k.default_realm, "default realm"),
                (k.block_autodiscover, "block Autodiscover"),
                (k.managed_apps_only, "managed apps only"),
            ]
            .into_iter()
            .filter_map(|(on, label)| on.then_some(label))
            .collect();
            out.push(format!(
                "Kerberos: {} · principal {} · site code {} · cache {} · sign-in text {} · domain realms {}",
                if yes.is_empty() { "(no switches on)".to_string() } else { yes.join(", ") },
                blank_or(&k.principal_name),
                blank_or(&k.site_code),
                blank_or(&k.cache_name),
                blank_or(&k.sign_in_help_text),
                list(&k.domain_realms)
            ));
        }
    }
    out.push(format!(
        "{} ({}): {}",
        text::BUNDLE_IDS,
        e.bundle_ids.len(),
        list(&e.bundle_ids)
    ));
    out.push(format!(
        "Configuration: {}",
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
            " · filter {} ({})",
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
