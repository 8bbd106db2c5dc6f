//! Views: functions of the state that draw a frame. Nothing here changes state.

use crate::tui::catalog;
use crate::tui::keymap;
use crate::tui::state::{State, Step};
use crate::tui::text;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Wrap};

mod bundle_ids;
mod config;
mod form;
mod popup;
mod resume;
mod review;
mod scroll;
mod widgets;

use bundle_ids::draw_bundle_ids;
use config::draw_config;
use form::draw_form;
use popup::draw_popup;
pub use popup::help_max_scroll;
use resume::draw_resume;
use review::draw_review;
pub use scroll::ScrollMemory;
use widgets::*;
pub use widgets::{Theme, mark};

/// The review's summary of everything chosen, one line per part (the plain mode prints it).
pub fn review_summary(s: &State) -> Vec<String> {
    review::summary(s)
}

/// Draw the whole wizard.
pub fn draw(f: &mut Frame, s: &State) {
    let area = f.area();
    let t = Theme { color: s.color };
    if s.too_small() || crate::tui::state::too_small(area.width, area.height) {
        draw_too_small(f, area, t);
        return;
    }
    if s.resume.is_some() {
        draw_resume(f, area, s, t);
        return;
    }
    // The intro takes the lines it needs (at 60 columns a two-line intro wraps to three,
    // and its last words are the warning), borrowing the gap line below it if needed.
    let intro_text = text::step_intro(s.step, s.draft().extension.kind);
    let intro_h =
        (wrap(intro_text, area.width.saturating_sub(2) as usize).len() as u16).clamp(1, 4);
    let gap_h = u16::from(intro_h <= 2);
    // The review wraps every problem in its box: below it, only the selected one's fix.
    let diag_h = if s.step == Step::Review { 1 } else { 3 };
    let [header, rule1, intro, _gap, body, diag, rule2, footer] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Length(intro_h),
        Constraint::Length(gap_h),
        Constraint::Min(1),
        Constraint::Length(diag_h),
        Constraint::Length(1),
        Constraint::Length(1),
    ])
    .areas(area);
    draw_header(f, header, s, t);
    let rule = "─".repeat(area.width.saturating_sub(2) as usize);
    f.render_widget(Paragraph::new(format!(" {rule}")).style(t.dim()), rule1);
    f.render_widget(Paragraph::new(format!(" {rule}")).style(t.dim()), rule2);
    f.render_widget(
        Paragraph::new(wrap(intro_text, area.width.saturating_sub(2) as usize).join("\n"))
            .block(Block::new().padding(ratatui::widgets::Padding::horizontal(1))),
        intro,
    );
    let mut cursor = None;
    match s.step {
        Step::BundleIds => draw_bundle_ids(f, body, s, t, &mut cursor),
        Step::Config => draw_config(f, body, s, t, &mut cursor),
        Step::Review => draw_review(f, body, s, t),
        _ => draw_form(f, body, s, t, &mut cursor),
    }
    draw_diag(f, diag, s, t);
    draw_footer(f, footer, s, t);
    if let Some(p) = &s.popup {
        cursor = None;
        draw_popup(f, area, s, p, t, &mut cursor);
    }
    if let Some(c) = cursor {
        f.set_cursor_position(c);
    }
}

fn draw_too_small(f: &mut Frame, area: Rect, t: Theme) {
    let lines = vec![
        Line::styled(text::TOO_SMALL, t.title()),
        Line::from(text::TOO_SMALL_QUIT),
    ];
    let y = area.height.saturating_sub(2) / 2;
    let r = Rect::new(
        area.x,
        area.y + y,
        area.width,
        area.height.saturating_sub(y),
    );
    f.render_widget(
        Paragraph::new(lines).wrap(Wrap { trim: true }).centered(),
        r,
    );
}

fn draw_header(f: &mut Frame, r: Rect, s: &State, t: Theme) {
    let name = if s.draft().profile.name.is_empty() {
        text::UNNAMED.to_string()
    } else {
        esc(&s.draft().profile.name)
    };
    let right = format!("{}/7  {} ", s.step.number(), text::step_title(s.step));
    let left_w = (r.width as usize).saturating_sub(width(&right) + 2);
    let left = match s.drafts_off {
        None => format!(" {} · {}", text::APP, name),
        Some(_) => format!(" {} · {} · {}", text::APP, text::NOT_SAVING, name),
    };
    let left = fit(&left, left_w);
    let pad = (r.width as usize).saturating_sub(width(&left) + width(&right));
    f.render_widget(
        Paragraph::new(Line::from(vec![
            Span::styled(left, t.title()),
            Span::raw(" ".repeat(pad)),
            Span::styled(right, t.title()),
        ])),
        r,
    );
}

fn draw_diag(f: &mut Frame, area: Rect, s: &State, t: Theme) {
    let w = area.width.saturating_sub(3) as usize;
    if let Some(status) = &s.status {
        f.render_widget(
            Paragraph::new(format!(" {}", fit(status, w))).style(t.title()),
            area,
        );
        return;
    }
    let Some(d) = s.selected_diag() else { return };
    let fix_line = match &d.fix {
        Some(fix) => format!("   {}", text::fix_offer(&catalog::fix_label(fix))),
        None if !d.help.is_empty() => format!("   {}", text::help_offer(&esc(&d.help))),
        None => String::new(),
    };
    if area.height < 3 {
        f.render_widget(
            Paragraph::new(Line::styled(
                fit(&fix_line, w + 2),
                t.label(d.fix.is_some()),
            )),
            area,
        );
        return;
    }
    let head = format!("{}[{}] ", d.severity.as_str(), d.code);
    let body = wrap(&format!("{head}{}", esc(&d.message)), w);
    let mut lines: Vec<Line> = Vec::new();
    for (i, l) in body.iter().take(2).enumerate() {
        if i == 0 {
            let rest = l.strip_prefix(&head).unwrap_or(l);
            lines.push(Line::from(vec![
                Span::raw(" "),
                Span::styled(head.clone(), t.severity(d.severity)),
                Span::raw(rest.to_string()),
            ]));
        } else {
            let more = body.len() > 2;
            let l = if more {
                fit(&format!("{l} …"), w)
            } else {
                l.clone()
            };
            lines.push(Line::from(format!("   {l}")));
        }
    }
    let last = fix_line;
    while lines.len() < 2 {
        lines.push(Line::from(""));
    }
    lines.push(Line::styled(fit(&last, w + 2), t.label(d.fix.is_some())));
    f.render_widget(Paragraph::new(lines), area);
}

/// The footer's key hints, from the keymap: what the focused component can do.
pub fn hints(s: &State) -> Vec<(String, &'static str)> {
    keymap::hints(s)
}

fn draw_footer(f: &mut Frame, area: Rect, s: &State, t: Theme) {
    let w = area.width.saturating_sub(1) as usize;
    let mut spans = vec![Span::raw(" ")];
    let mut used = 1;
    let all = hints(s);
    let len = |i: usize, (k, a): &(String, &str)| {
        width(if i == 0 { "" } else { " · " }) + width(k) + 1 + width(a)
    };
    // Help is how a first-time admin finds every other key: when the hints do not all
    // fit (60 columns), the ones before it give way, never F1 itself.
    let help = all.iter().position(|(_, a)| *a == text::hint::HELP);
    let fits_all = all
        .iter()
        .enumerate()
        .map(|(i, h)| len(i, h))
        .sum::<usize>()
        < w;
    let keep_help = help.filter(|_| !fits_all).map(|i| (i, len(1, &all[i])));
    let mut shown: Vec<&(String, &str)> = Vec::new();
    for (i, h) in all.iter().enumerate() {
        if Some(i) == keep_help.map(|(i, _)| i) {
            continue;
        }
        let reserve = keep_help.map_or(0, |(_, l)| l);
        if used + len(shown.len(), h) + reserve > w {
            break;
        }
        used += len(shown.len(), h);
        shown.push(h);
    }
    if let Some((i, _)) = keep_help {
        // In its place: after the keys that come before it.
        let at = shown
            .iter()
            .position(|h| all.iter().position(|x| x == *h) > Some(i))
            .unwrap_or(shown.len());
        shown.insert(at, &all[i]);
    }
    for (i, (k, a)) in shown.into_iter().enumerate() {
        let sep = if i == 0 { "" } else { " · " };
        spans.push(Span::styled(sep, t.dim()));
        spans.push(Span::styled(
            k.clone(),
            Style::new().add_modifier(Modifier::BOLD),
        ));
        spans.push(Span::raw(format!(" {a}")));
    }
    f.render_widget(Paragraph::new(Line::from(spans)), area);
}
