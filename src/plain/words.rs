//! Plain mode's own words (the field labels, step titles and help are the wizard's).

use crate::rules::Diagnostic;
use crate::tui::state::Step;
use crate::tui::text;

/// Printed once at the start: how to answer.
pub const BANNER: &str = "sso-wizard, plain mode. Each question shows its current value in \
[brackets]: Enter keeps it. At any question: ? help, < previous step, > next step, q quit \
(the draft is saved; Ctrl+D too). A single - clears a text; \\ before an answer takes it as \
typed (\\q is the letter q).";

/// After help: how this mode is answered (the help files name the full-screen keys).
pub const ANSWERING: &str = "In plain mode: Enter keeps the value in [brackets]; lists take one \
entry a line, -N removes entry N, an empty line ends; ? help, < previous step, > next step, \
q quit.";

/// Typed alone at a text question: empty the field.
pub const CLEAR: &str = "-";

/// After the chosen option of a numbered list.
pub const CURRENT: &str = " (current)";

/// How a list is answered.
pub const LIST_HOW: &str = "One entry a line (a paste of many lines, or entries separated by \
spaces or commas, adds them all); -N removes entry N; an empty line ends the list.";

/// How a group list is answered.
pub const LIST_GROUPS_HOW: &str = "One group a line: <group id> <display name>; -N removes \
entry N; an empty line ends the list.";

/// How the configuration table is answered.
pub const TABLE_HOW: &str = "Add a row as: key type value (type: string, integer or boolean); \
-N removes row N; an empty line keeps the table as it is.";

/// The configuration table's input prompt.
pub const TABLE_PROMPT: &str = "row> ";

/// Review's question.
pub const REVIEW_PROMPT: &str = "Enter goes on to export (< goes back to change something): ";

/// Review with nothing to report.
pub const NO_PROBLEMS: &str = "No problems found.";

/// Export blocked by errors.
pub const BLOCKED_PROMPT: &str = "< goes back to fix them; Enter or q quits (the draft is saved): ";

/// After an export.
pub const ANOTHER_EXPORT: &str = "Export another format?";

/// The resume question.
pub const RESUME_PROMPT: &str = "Resume which draft [0]: ";

/// What a yes/no question accepts.
pub const YES_NO: &str = "Answer y or n (Enter keeps the value in brackets).";

/// `Step 3/7 · App bundle IDs`.
pub fn step_header(step: Step) -> String {
    format!("Step {}/7 · {}", step.number(), text::step_title(step))
}

/// A diagnostic in `check`'s words: `severity[CODE]: message`, then `help:` (and the fix).
pub fn diagnostic(d: &Diagnostic) -> String {
    let mut help = d.help.clone();
    if let Some(fix) = &d.fix {
        help = format!("{help} (fix: {})", fix.label());
    }
    format!(
        "{}[{}]: {}\n  help: {help}",
        d.severity.as_str(),
        d.code,
        d.message
    )
}

/// The fix offered as a question.
pub fn fix_question(label: &str) -> String {
    format!("Apply the fix ({label})?")
}

/// `[y/N]` or `[Y/n]`.
pub fn yn(default: bool) -> &'static str {
    if default { "[Y/n]" } else { "[y/N]" }
}

/// A yes/no value as its answer letter.
pub fn yn_value(v: bool) -> &'static str {
    if v { "y" } else { "n" }
}

/// `y`, `yes`, `n`, `no` (any case).
pub fn parse_yes_no(t: &str) -> Option<bool> {
    match t.trim().to_ascii_lowercase().as_str() {
        "y" | "yes" => Some(true),
        "n" | "no" => Some(false),
        _ => None,
    }
}

/// `-N`: remove entry N (1-based).
pub fn removal(t: &str) -> Option<usize> {
    t.trim().strip_prefix('-')?.trim().parse().ok()
}

/// A number out of range.
pub fn no_entry(n: usize) -> String {
    format!("There is no entry {n}.")
}

/// A choice answered with something else than one of its numbers.
pub fn choose_between(n: usize) -> String {
    if n == 1 {
        "Answer 1, or Enter to keep it.".to_string()
    } else {
        format!("Answer a number from 1 to {n}, or Enter to keep the current one.")
    }
}
