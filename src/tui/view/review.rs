//! Step 6: the summary of what was chosen and the problems found.

use crate::draft::{Assignments, Authenticator, Draft, ExtensionType, Target};
use crate::rules::Diagnostic;
use crate::tui::fields::{self, Value};
use crate::tui::state::{State, Step, locate};
use crate::tui::text;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::{ListItem, Paragraph};

use super::form::field_label;
use super::scroll::tall_list;
use super::widgets::*;

pub(super) fn blank_or(v: &str) -> String {
    if v.is_empty() {
        text::BLANK.to_string()
    } else {
        esc(v)
    }
}

/// Entries joined for the full summary, escaped, or `(none)`.
fn list(v: &[String]) -> String {
    if v.is_empty() {
        text::NONE.to_string()
    } else {
        let v: Vec<String> = v.iter().map(|x| esc(x)).collect();
        v.join(text::SUMMARY_LIST_SEP)
    }
}

/// The Kerberos line: the switches that are on, the texts, the realms.
fn kerberos_line(d: &Draft) -> String {
    let k = &d.extension.kerberos;
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
    text::summary_kerberos(
        &yes,
        [
            &blank_or(&k.principal_name),
            &blank_or(&k.site_code),
            &blank_or(&k.cache_name),
            &blank_or(&k.sign_in_help_text),
        ],
        &list(&k.domain_realms),
    )
}

/// A value of one of the extension type's own fields, as the summary shows it.
enum Shown {
    Text(String),
    List(Vec<String>),
}

/// The extension type's own fields, walked from the field table (the Kerberos switches
/// and texts have a line of their own).
fn own_fields(s: &State) -> Vec<(&'static str, Shown)> {
    let d = s.draft();
    fields::fields(Step::Extension, d)
        .into_iter()
        .filter(|f| f.spec().only != fields::KERBEROS)
        .filter_map(|f| match f.spec().value {
            Value::Text(t) => Some((field_label(f, s), Shown::Text(blank_or((t.get)(d))))),
            Value::List(l) => Some((field_label(f, s), Shown::List(l.entries.shown(d)))),
            _ => None,
        })
        .collect()
}

/// The full summary (help and the plain mode), one line per part, nothing cut.
pub(super) fn summary(s: &State) -> Vec<String> {
    let d = s.draft();
    let e = &d.extension;
    let mut out = profile_lines(d);
    let own: Vec<String> = own_fields(s)
        .into_iter()
        .map(|(label, value)| match value {
            Shown::Text(v) => text::summary_item(label, &v),
            Shown::List(v) => text::summary_item(label, &list(&v)),
        })
        .collect();
    if !own.is_empty() {
        out.push(own.join(text::SUMMARY_SEP));
    }
    if e.kind == ExtensionType::Kerberos {
        out.push(kerberos_line(d));
    }
    let bundle_ids = text::summary_counted(text::BUNDLE_IDS, e.bundle_ids.len());
    out.push(text::summary_item(&bundle_ids, &list(&e.bundle_ids)));
    let rows: Vec<String> = e
        .config
        .iter()
        .map(|p| text::summary_config_row(&esc(&p.key), &esc(&p.value.to_string())))
        .collect();
    out.push(text::summary_item(
        text::SUMMARY_CONFIG,
        &rows.join(text::SUMMARY_LIST_SEP),
    ));
    out.push(assignments_line(&d.assignments));
    out.push(text::summary_item(
        text::SCOPE_TAGS,
        &list(&d.profile.scope_tags),
    ));
    out.push(authenticator_line(&d.authenticator));
    out
}

/// Name and identifier; organization and description when either is set; the type.
fn profile_lines(d: &Draft) -> Vec<String> {
    let p = &d.profile;
    let e = &d.extension;
    let mut out = vec![
        [
            text::summary_item(text::NAME, &blank_or(&p.name)),
            text::summary_item(text::IDENTIFIER, &esc(&p.effective_identifier())),
        ]
        .join(text::SUMMARY_SEP),
    ];
    if !p.organization.is_empty() || !p.description.is_empty() {
        out.push(
            [
                text::summary_item(text::ORGANIZATION, &blank_or(&p.organization)),
                text::summary_item(text::DESCRIPTION, &blank_or(&p.description)),
            ]
            .join(text::SUMMARY_SEP),
        );
    }
    out.push(text::summary_item(
        text::SUMMARY_TYPE,
        text::ext_type_short(e.kind),
    ));
    if e.kind == ExtensionType::EntraId {
        // On the second line, as the summary has always shown it.
        let sdm = text::summary_item(text::SHARED_DEVICE_MODE, text::yes_no(e.shared_device_mode));
        out[1] = [out[1].as_str(), sdm.as_str()].join(text::SUMMARY_SEP);
    }
    out
}

/// Who gets the profile: the target (with its groups), exclusions, the filter.
fn assignments_line(a: &Assignments) -> String {
    let mut parts = vec![text::summary_item(text::TARGET, text::target(a.target))];
    if a.target == Target::Groups {
        let head = text::summary_counted(&parts[0], a.include_groups.len());
        parts[0] = text::summary_item(&head, &list(&group_names(&a.include_groups)));
    }
    if !a.exclude_groups.is_empty() {
        parts.push(text::summary_item(
            text::EXCLUDE_GROUPS,
            &list(&group_names(&a.exclude_groups)),
        ));
    }
    if let Some(filter) = &a.filter {
        parts.push(text::summary_filter(&esc(&filter.id), filter.mode.as_str()));
    }
    parts.join(text::SUMMARY_SEP)
}

/// Whether Authenticator is a required app, its app id, its licence type.
fn authenticator_line(au: &Authenticator) -> String {
    [
        text::summary_item(text::AUTH_REQUIRED, text::yes_no(au.required)),
        text::summary_item(text::AUTH_APP_ID, &blank_or(&au.app_id)),
        text::license(au.license).to_string(),
    ]
    .join(text::SUMMARY_SEP)
}

/// The groups as the admin knows them: the display name, else the id.
fn group_names(groups: &[crate::draft::Group]) -> Vec<String> {
    groups
        .iter()
        .map(|g| {
            if g.name.is_empty() {
                g.id.clone()
            } else {
                g.name.clone()
            }
        })
        .collect()
}

/// `s` in at most `w` columns, cut after a whole word (an id without spaces is cut in the
/// middle: it has no words to keep).
fn cut_words(s: &str, w: usize) -> String {
    if width(s) <= w {
        return s.to_string();
    }
    let mut kept = String::new();
    for word in s.split(' ') {
        let next = if kept.is_empty() {
            word.to_string()
        } else {
            format!("{kept} {word}")
        };
        if width(&next) + 1 > w {
            break;
        }
        kept = next;
    }
    if kept.is_empty() {
        fit(s, w)
    } else {
        format!("{}…", kept.trim_end_matches([',', ' ']))
    }
}

/// `head: a, b, c` in `w` columns: the entries that fit whole, then how many more.
fn items_line(head: &str, items: &[String], w: usize) -> String {
    let items: Vec<String> = items.iter().map(|x| esc(x)).collect();
    if items.is_empty() {
        return text::summary_item(head, text::NONE);
    }
    let all = text::summary_item(head, &items.join(text::SUMMARY_LIST_SEP));
    if width(&all) <= w {
        return all;
    }
    // The first `k` entries and how many more, for the largest `k` that fits.
    let first = |k: usize| {
        let mut shown = items[..k].to_vec();
        shown.push(text::summary_more(items.len() - k));
        shown.join(text::SUMMARY_LIST_SEP)
    };
    if let Some(line) = (1..items.len())
        .rev()
        .map(|k| text::summary_item(head, &first(k)))
        .find(|line| width(line) <= w)
    {
        return line;
    }
    // Not even one entry whole: the first cut after a word.
    let more = if items.len() > 1 {
        format!(
            "{}{}",
            text::SUMMARY_LIST_SEP,
            text::summary_more(items.len() - 1)
        )
    } else {
        String::new()
    };
    let room = w.saturating_sub(width(&text::summary_item(head, "")) + width(&more));
    text::summary_item(head, &format!("{}{more}", cut_words(&items[0], room)))
}

/// Parts joined with ` · `, a new line where the next part does not fit.
fn flow(out: &mut Vec<String>, parts: Vec<String>, w: usize) {
    let mut line = String::new();
    for part in parts {
        let part = cut_words(&part, w);
        if !line.is_empty() && width(&line) + width(text::SUMMARY_SEP) + width(&part) > w {
            out.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push_str(text::SUMMARY_SEP);
        }
        line.push_str(&part);
    }
    if !line.is_empty() {
        out.push(line);
    }
}

/// The review page's summary, every line at most `w` columns: one area per line (a line
/// more where an area's parts do not fit), lists cut after whole entries.
pub(super) fn page_summary(s: &State, w: usize) -> Vec<String> {
    let d = s.draft();
    let e = &d.extension;
    let mut out = Vec::new();
    flow(&mut out, page_profile(d, w), w);
    let own: Vec<String> = own_fields(s)
        .into_iter()
        .map(|(label, value)| match value {
            Shown::Text(v) => text::summary_item(label, &v),
            Shown::List(v) => items_line(label, &v, w),
        })
        .collect();
    flow(&mut out, own, w);
    if e.kind == ExtensionType::Kerberos {
        out.push(cut_words(&kerberos_line(d), w));
    }
    let bundle_ids = text::summary_counted(text::BUNDLE_IDS, e.bundle_ids.len());
    out.push(items_line(&bundle_ids, &e.bundle_ids, w));
    let rows: Vec<String> = e
        .config
        .iter()
        .map(|p| text::summary_config_row(&p.key, &p.value.to_string()))
        .collect();
    let config = text::summary_counted(text::SUMMARY_CONFIG, rows.len());
    out.push(items_line(&config, &rows, w));
    flow(&mut out, page_assignments(&d.assignments, w), w);
    let au = &d.authenticator;
    let auth = vec![
        text::summary_item(
            text::SUMMARY_AUTHENTICATOR,
            text::summary_required(au.required),
        ),
        text::license(au.license).to_string(),
        text::summary_item(text::AUTH_APP_ID, &blank_or(&au.app_id)),
    ];
    flow(&mut out, auth, w);
    out
}

/// The profile's parts on the page: name, type (and shared device mode), scope tags.
fn page_profile(d: &Draft, w: usize) -> Vec<String> {
    let e = &d.extension;
    let mut parts = vec![
        text::summary_item(text::NAME, &blank_or(&d.profile.name)),
        text::summary_item(text::SUMMARY_TYPE, text::ext_type_short(e.kind)),
    ];
    if e.kind == ExtensionType::EntraId {
        parts.push(text::summary_item(
            text::SHARED_DEVICE_MODE,
            text::yes_no(e.shared_device_mode),
        ));
    }
    parts.push(items_line(text::SCOPE_TAGS, &d.profile.scope_tags, w));
    parts
}

/// The assignments' parts on the page: the groups (or the target), exclusions, the filter.
fn page_assignments(a: &Assignments, w: usize) -> Vec<String> {
    let mut parts = vec![if a.target == Target::Groups {
        items_line(text::INCLUDE_GROUPS, &group_names(&a.include_groups), w)
    } else {
        text::summary_item(text::TARGET, text::target(a.target))
    }];
    if !a.exclude_groups.is_empty() {
        parts.push(items_line(
            text::EXCLUDE_GROUPS,
            &group_names(&a.exclude_groups),
            w,
        ));
    }
    if let Some(filter) = &a.filter {
        let filter = text::filter_with_mode(&esc(&filter.id), filter.mode.as_str());
        parts.push(text::summary_item(text::FILTER_ID, &filter));
    }
    parts
}

pub(super) fn draw_review(f: &mut Frame, area: Rect, s: &State, t: Theme) {
    // Everything chosen, one area a line, then the problems (wrapped, never cut mid-word)
    // in a box that takes the rest and scrolls. On a small screen the box keeps room for
    // one problem and the summary's last line says F1 shows it all.
    let w = area.width.saturating_sub(4) as usize;
    let problems = problem_items(s, &s.review_diags(), w, t);
    let selected = s.review_selected.min(problems.len().saturating_sub(1));
    let summary = page_summary(s, w);
    let sum_h = summary_height(&summary, &problems, selected, area.height as usize);
    let [top, bottom] =
        Layout::vertical([Constraint::Length(sum_h as u16), Constraint::Min(3)]).areas(area);
    let cut = summary.len() > sum_h;
    let mut shown: Vec<Line> = summary
        .into_iter()
        .take(sum_h)
        .map(|l| Line::from(format!(" {l}")))
        .collect();
    if cut && let Some(last) = shown.last_mut() {
        *last = Line::from(format!(" {}", text::REVIEW_MORE));
    }
    f.render_widget(Paragraph::new(shown), top);
    let bottom = Rect {
        x: bottom.x + 1,
        width: bottom.width.saturating_sub(2),
        ..bottom
    };
    draw_problems(f, bottom, s, problems, selected);
}

/// The summary's share of `height`: all of it when every problem fits below, else what
/// leaves the box room for the selected problem in full (and at least five lines); the
/// box never gets less than three.
fn summary_height(
    summary: &[String],
    problems: &[Vec<Line>],
    selected: usize,
    height: usize,
) -> usize {
    let box_need = problems.iter().map(Vec::len).sum::<usize>().max(1) + 2;
    let sel_need = problems.get(selected).map_or(1, Vec::len) + 2;
    summary
        .len()
        .min(height.saturating_sub(box_need.min(sel_need.max(5))))
        .min(height.saturating_sub(3))
}

/// The problems box: a list that keeps the selected problem in view, and on its border
/// how many problems are scrolled out of it.
fn draw_problems(
    f: &mut Frame,
    area: Rect,
    s: &State,
    problems: Vec<Vec<Line<'static>>>,
    selected: usize,
) {
    let title = format!("{} ({})", text::REVIEW_PROBLEMS, problems.len());
    let mut block = boxed(&[&title], area.width);
    let inner = block.inner(area);
    if problems.is_empty() {
        f.render_widget(block, area);
        f.render_widget(Paragraph::new(format!(" {}", text::NO_PROBLEMS)), inner);
        return;
    }
    let total = problems.len();
    // A problem taller than the box shows its first lines rather than nothing.
    let h = (inner.height as usize).max(1);
    let items: Vec<ListItem> = problems
        .into_iter()
        .map(|mut lines| {
            lines.truncate(h);
            ListItem::new(lines)
        })
        .collect();
    let shown = tall_list(f, inner, items, selected, &s.scroll.problems);
    // The title's count must never disagree silently with what is listed.
    let hidden = total - shown.len();
    if hidden > 0 {
        block = block.title_bottom(format!(" {} ", text::review_hidden(hidden)));
    }
    // After the list: the border only draws the frame and its titles.
    f.render_widget(block, area);
}

/// The review's problems, `w` columns wide, one item each: the step's heading before the
/// first problem of each step, then the problem.
pub(super) fn problem_items(
    s: &State,
    diags: &[&Diagnostic],
    w: usize,
    t: Theme,
) -> Vec<Vec<Line<'static>>> {
    let mut last_step = None;
    let mut items = Vec::new();
    for (i, d) in diags.iter().enumerate() {
        let mut lines = Vec::new();
        let step = locate(d.field, s.draft()).0;
        if last_step != Some(step) {
            last_step = Some(step);
            lines.push(Line::styled(
                format!(" {}/7  {}", step.number(), text::step_title(step)),
                t.title(),
            ));
        }
        let selected = i == s.review_selected && s.popup.is_none();
        lines.extend(problem_lines(d, w, selected, t));
        items.push(lines);
    }
    items
}

/// One problem: mark, code and message, wrapped at word boundaries under the message's
/// first column; the selection's bar runs the box's width.
fn problem_lines(d: &Diagnostic, w: usize, selected: bool, t: Theme) -> Vec<Line<'static>> {
    let style = if selected {
        t.selected()
    } else {
        t.severity(d.severity)
    };
    let head = format!("   {} {} ", mark(d.severity), d.code);
    let indent = " ".repeat(width(&head));
    wrap(&esc(&d.message), w.saturating_sub(width(&head)))
        .into_iter()
        .enumerate()
        .map(|(n, l)| {
            let l = format!("{}{l}", if n == 0 { &head } else { &indent });
            let pad = if selected {
                w.saturating_sub(width(&l))
            } else {
                0
            };
            Line::styled(format!("{l}{}", " ".repeat(pad)), style)
        })
        .collect()
}
