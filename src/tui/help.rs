//! Help texts, compiled in from `assets/help/` (one Markdown file per step, one `## key`
//! section per field).

use super::state::{FieldId, Step};

fn file(step: Step) -> &'static str {
    match step {
        Step::Basics => include_str!("../../assets/help/basics.md"),
        Step::Extension => include_str!("../../assets/help/extension.md"),
        Step::BundleIds => include_str!("../../assets/help/bundle-ids.md"),
        Step::Config => include_str!("../../assets/help/config.md"),
        Step::Assignments => include_str!("../../assets/help/assignments.md"),
        Step::Review => include_str!("../../assets/help/review.md"),
        Step::Export => include_str!("../../assets/help/export.md"),
    }
}

/// The help text for a step and its focused field: the step's introduction, then the
/// field's section. Lines are plain text (Markdown headings lose their `#`).
pub fn text(step: Step, field: FieldId, title: &str) -> Vec<String> {
    let src = file(step);
    let mut intro = Vec::new();
    let mut section = Vec::new();
    let mut current: Option<&str> = None;
    for line in src.lines() {
        if let Some(name) = line.strip_prefix("## ") {
            current = Some(name.trim());
            continue;
        }
        match current {
            None => intro.push(line.trim_start_matches("# ").to_string()),
            Some(name) if name == field.help_key() => section.push(line.to_string()),
            Some(_) => {}
        }
    }
    if !section.is_empty() {
        intro.push(String::new());
        intro.push(format!("▸ {title}"));
        intro.extend(section);
    }
    reflow(intro)
}

/// Join the hard-wrapped lines of each Markdown paragraph (and list item) into one line,
/// so the popup can wrap them to its own width; drop `**` emphasis markers.
fn reflow(lines: Vec<String>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut open = false;
    for line in lines {
        let line = line.replace("**", "");
        let t = line.trim();
        if t.is_empty() {
            if out.last().is_some_and(|l| !l.is_empty()) {
                out.push(String::new());
            }
            open = false;
        } else if open && !t.starts_with("- ") && !t.starts_with('▸') {
            if let Some(last) = out.last_mut() {
                last.push(' ');
                last.push_str(t);
            }
        } else {
            out.push(line.trim_end().to_string());
            open = !t.starts_with('▸') && !line.starts_with("Step ");
        }
    }
    while out.last().is_some_and(|l| l.is_empty()) {
        out.pop();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::draft::Draft;
    use crate::tui::state::fields;

    #[test]
    fn every_field_has_help() {
        let mut d = Draft::new_jit();
        for kind in crate::draft::ExtensionType::ALL {
            d.extension.kind = kind;
            for step in Step::ALL {
                for f in fields(step, &d) {
                    let t = text(step, f, "field");
                    assert!(
                        t.iter().any(|l| l.starts_with('▸')),
                        "no help section for {f:?} in step {step:?}"
                    );
                }
            }
        }
    }
}
