//! Step 6: the summary of what was chosen and the problems found.

use crate::rules::Diagnostic;
use crate::tui::state::{State, locate};
use crate::tui::summary::{self, Part, Shown};
use crate::tui::text;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::{ListItem, Paragraph};

use super::scroll::tall_list;
use super::widgets::*;

/// Entries joined for the full summary, or `(none)` (they are escaped already).
fn list(v: &[String]) -> String {
    if v.is_empty() {
        text::NONE.to_string()
    } else {
        v.join(text::SUMMARY_LIST_SEP)
    }
}

/// One part as the full summary shows it: `label: value`, every entry of a list.
fn full_part(p: &Part) -> String {
    match &p.shown {
        Shown::Text(v) => text::summary_item(&p.label, v),
        Shown::Items(v) => text::summary_item(&p.label, &list(v)),
        Shown::Flag => p.label.clone(),
    }
}

/// The full summary (help and the plain mode): a line per step, its fields' parts in Tab
/// order, nothing cut.
pub(super) fn summary(s: &State) -> Vec<String> {
    summary::areas(s.draft())
        .iter()
        .map(|a| {
            let parts: Vec<String> = a.parts.iter().map(full_part).collect();
            parts.join(text::SUMMARY_SEP)
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
/// Linear in the entries shown: the widths are added up front to back (10,000 bundle IDs
/// must not cost a join per candidate count on every frame).
fn items_line(head: &str, items: &[String], w: usize) -> String {
    if items.is_empty() {
        return text::summary_item(head, text::NONE);
    }
    let sep = width(text::SUMMARY_LIST_SEP);
    let with_more = |k: usize| {
        let mut shown = items[..k].join(text::SUMMARY_LIST_SEP);
        if k < items.len() {
            shown.push_str(text::SUMMARY_LIST_SEP);
            shown.push_str(&text::summary_more(items.len() - k));
        }
        text::summary_item(head, &shown)
    };
    // `used`: the width of `head: ` and the first `k` entries; it only grows, so the walk
    // stops at the first entry that does not fit.
    let mut used = width(&text::summary_item(head, ""));
    let mut best = None;
    for (i, item) in items.iter().enumerate() {
        used += width(item) + if i > 0 { sep } else { 0 };
        if used > w {
            break;
        }
        let k = i + 1;
        let rest = items.len() - k;
        if rest == 0 || used + sep + width(&text::summary_more(rest)) <= w {
            best = Some(k);
        }
    }
    // Widths add up the same joined or apart, except where an entry starts with a
    // combining mark: measured once more, and one entry fewer while it does not fit.
    let mut k = best.unwrap_or(0);
    while k > 0 {
        let line = with_more(k);
        if width(&line) <= w {
            return line;
        }
        k -= 1;
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

/// The review page's summary, every line at most `w` columns: a step's parts on a line
/// (a line more where they do not fit), lists cut after whole entries.
pub(super) fn page_summary(s: &State, w: usize) -> Vec<String> {
    let mut out = Vec::new();
    for area in summary::areas(s.draft()) {
        let parts = area
            .parts
            .iter()
            .filter(|p| p.page)
            .map(|p| match &p.shown {
                Shown::Items(v) => items_line(&p.label, v, w),
                _ => full_part(p),
            })
            .collect();
        flow(&mut out, parts, w);
    }
    out
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

#[cfg(test)]
mod tests {
    use super::items_line;

    #[test]
    fn a_list_shows_the_entries_that_fit_whole_then_how_many_more() {
        let items: Vec<String> = ["com.a", "com.bb", "com.cccc"].map(String::from).into();
        let all = "IDs (3): com.a, com.bb, com.cccc";
        assert_eq!(items_line("IDs (3)", &items, all.len()), all);
        // Short of all three: as many whole entries as fit with how many more.
        let two = "IDs (3): com.a, com.bb, +1 more";
        let one = "IDs (3): com.a, +2 more";
        assert_eq!(items_line("IDs (3)", &items, all.len() - 1), two);
        assert_eq!(items_line("IDs (3)", &items, two.len() - 1), one);
        assert_eq!(items_line("IDs (3)", &items, one.len()), one);
        assert_eq!(items_line("IDs (0)", &[], 40), "IDs (0): (none)");
        // 10,000 entries: the first ones, and the count of the rest.
        let many: Vec<String> = (0..10_000).map(|i| format!("com.app{i}")).collect();
        assert_eq!(
            items_line("IDs (10000)", &many, 60),
            "IDs (10000): com.app0, com.app1, com.app2, +9997 more"
        );
    }
}
