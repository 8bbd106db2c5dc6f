//! Plain mode (SPEC §10): the wizard's seven steps as a line-by-line dialogue on any
//! `BufRead`/`Write` pair. No cursor addressing, no colour, no escape sequences: every line
//! that carries outside text goes through [`rules::escape_for_terminal`]. It walks the same
//! field table as the full-screen wizard ([`fields::FIELDS`]) and keeps its profile in the
//! same [`State`], so a new field appears in both views. The driver for the real terminal
//! (drafts, locking, signals) is in [`driver`].

use std::io::{self, BufRead, Write};

use crate::draft::{ConfigPair, Draft, RawValue, ValueType};
use crate::rules::{Diagnostic, escape_for_terminal};
use crate::tui::fields::{self, Entries, FieldId, Value};
use crate::tui::state::{ResumeEntry, State, Step};
use crate::tui::terminal::write_export;
use crate::tui::update::{FORMATS, WriteFailure, default_export_name};
use crate::tui::{catalog, help, input, text};

pub mod driver;
mod words;

pub use driver::{run, term_wants_plain};

/// How the dialogue ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum End {
    /// `q` at a question.
    Quit,
    /// End of input (Ctrl+D).
    Eof,
    /// The export step was done and no other export was wanted.
    Finished,
}

/// One line of input, read as an answer or a command.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Reply {
    /// Text typed (control characters dropped); a leading `\` is removed, so `\q` is "q".
    Text(String),
    /// `?`: help for the step and field.
    Help,
    /// `<`: the previous step.
    Back,
    /// `>`: the next step.
    Next,
    /// `q`: quit.
    Quit,
    /// End of input.
    Eof,
}

/// Where the walk goes after a question.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Flow {
    /// The next question.
    On,
    /// The previous step.
    Back,
    /// The next step.
    Next,
    /// The step again from its first question (another export).
    Again,
    /// The dialogue is over.
    End(End),
}

/// What runs after each change of the draft: given the draft and the step of the change.
type OnChange<'a> = Box<dyn FnMut(&Draft, Step) + 'a>;

/// The dialogue: the wizard's state, an input and an output, and what to do after each
/// change of the draft (the driver autosaves).
pub struct Dialogue<'a, R, W> {
    input: R,
    out: W,
    /// The wizard's state: the draft (the truth), its diagnostics, the export choices.
    pub state: State,
    /// After every change: the draft and the step it was made at (the draft reopens there).
    on_change: OnChange<'a>,
}

impl<'a, R: BufRead, W: Write> Dialogue<'a, R, W> {
    /// A dialogue on `draft`; `on_change` runs after every answer that changed it.
    pub fn new(input: R, out: W, draft: Draft, on_change: impl FnMut(&Draft, Step) + 'a) -> Self {
        Dialogue {
            input,
            out,
            state: State::new(draft),
            on_change: Box::new(on_change),
        }
    }

    /// Write lines of text, each escaped (outside text never reaches the terminal raw).
    fn say(&mut self, text: &str) -> io::Result<()> {
        for line in text.split('\n') {
            writeln!(self.out, "{}", escape_for_terminal(line))?;
        }
        Ok(())
    }

    /// Ask: the prompt on its own line's start, the answer typed after it.
    fn ask(&mut self, prompt: &str) -> io::Result<Reply> {
        write!(self.out, "{}", escape_for_terminal(prompt))?;
        self.out.flush()?;
        let mut line = String::new();
        if self.input.read_line(&mut line)? == 0 {
            // What follows goes on a line of its own, not after the prompt.
            writeln!(self.out)?;
            return Ok(Reply::Eof);
        }
        let line: String = line
            .trim_end_matches(['\n', '\r'])
            .chars()
            .filter(|c| input::insertable(*c))
            .collect();
        Ok(match line.trim() {
            "?" => Reply::Help,
            "<" => Reply::Back,
            ">" => Reply::Next,
            "q" => Reply::Quit,
            _ => match line.strip_prefix('\\') {
                Some(literal) => Reply::Text(literal.to_string()),
                None => Reply::Text(line),
            },
        })
    }

    /// Ask until the reply is not `?` (help is printed and the question asked again);
    /// navigation and quitting come back as a [`Flow`].
    fn answer(&mut self, f: FieldId, prompt: &str) -> io::Result<Result<String, Flow>> {
        loop {
            match self.ask(prompt)? {
                Reply::Text(t) => return Ok(Ok(t)),
                Reply::Help => self.help(f)?,
                Reply::Back => return Ok(Err(Flow::Back)),
                Reply::Next => return Ok(Err(Flow::Next)),
                Reply::Quit => return Ok(Err(Flow::End(End::Quit))),
                Reply::Eof => return Ok(Err(Flow::End(End::Eof))),
            }
        }
    }

    fn help(&mut self, f: FieldId) -> io::Result<()> {
        let title = (f.spec().label)(self.state.draft());
        let lines = help::text(self.state.step, f, title);
        self.say(&lines.join("\n"))?;
        // The help files name the full-screen keys; say how this mode answers.
        self.say(&format!("\n{}", words::ANSWERING))
    }

    /// Run the dialogue to its end (from step 1).
    pub fn run(&mut self) -> io::Result<End> {
        self.say(words::BANNER)?;
        let mut step = Step::Basics;
        loop {
            match self.walk(step)? {
                Flow::On | Flow::Next if step == Step::Export => return Ok(End::Finished),
                Flow::On | Flow::Next => step = step.next(),
                Flow::Back => step = step.prev(),
                Flow::Again => {}
                Flow::End(end) => return Ok(end),
            }
        }
    }

    /// One step: its header and introduction, then each of its fields in table order (the
    /// list is read again after each answer: the extension type changes step 2's fields).
    fn walk(&mut self, step: Step) -> io::Result<Flow> {
        self.state.step = step;
        self.say(&format!(
            "\n{}\n{}",
            words::step_header(step),
            text::step_intro(step, self.state.draft().extension.kind)
        ))?;
        let mut i = 0;
        loop {
            let fields = fields::fields(step, self.state.draft());
            let Some(&f) = fields.get(i) else {
                return Ok(Flow::On);
            };
            match self.field(f)? {
                Flow::On => i += 1,
                Flow::Again => i = 0,
                other => return Ok(other),
            }
        }
    }

    /// Ask one field, by what it reads and writes.
    fn field(&mut self, f: FieldId) -> io::Result<Flow> {
        match f.spec().value {
            Value::Text(t) => self.text(f, t),
            Value::Bool(b) => self.boolean(f, b),
            Value::Choice(c) => self.choice(f, c),
            Value::List(l) => self.list(f, l),
            Value::Table => self.table(f),
            Value::Review => self.review(f),
            Value::ExportFormat => self.export_format(f),
            Value::ExportPath => self.export_path(f),
        }
    }

    fn label(&self, f: FieldId) -> &'static str {
        (f.spec().label)(self.state.draft())
    }

    /// Change the draft, save it, and print what the change brought: the field's problems
    /// and any new one elsewhere, in `check`'s words, each fix offered as a question.
    fn change(&mut self, f: FieldId, edit: impl FnOnce(&mut Draft)) -> io::Result<Flow> {
        let before = self.state.diags().to_vec();
        self.state.edit(edit);
        (self.on_change)(self.state.draft(), self.state.step);
        let whole_field = !matches!(f.spec().value, Value::List(_) | Value::Table);
        let shown: Vec<Diagnostic> = self
            .state
            .diags()
            .iter()
            .filter(|d| {
                !before.contains(d)
                    || (whole_field && fields::owner(d.field).is_some_and(|(s, _)| s.id == f))
            })
            .cloned()
            .collect();
        self.problems(&shown)
    }

    /// Print diagnostics; offer each distinct fix among them.
    fn problems(&mut self, shown: &[Diagnostic]) -> io::Result<Flow> {
        for d in shown {
            self.say(&words::diagnostic(d))?;
        }
        let mut offered = Vec::new();
        for d in shown {
            let Some(fix) = &d.fix else { continue };
            // A fix applied before may have settled this one (or moved its indices).
            let still = self
                .state
                .diags()
                .iter()
                .any(|x| x.code == d.code && x.field == d.field && x.fix.as_ref() == Some(fix));
            if offered.contains(fix) || !still {
                continue;
            }
            offered.push(fix.clone());
            match self.yes_no(&words::fix_question(&fix.label()), false)? {
                Ok(true) => {
                    let before = self.state.draft().clone();
                    self.state.edit(|d| catalog::apply_fix(fix, d));
                    (self.on_change)(self.state.draft(), self.state.step);
                    // The same words the wizard's status line uses: what changed.
                    self.say(&text::fix_done(fix, &before, self.state.draft()))?;
                }
                Ok(false) => {}
                Err(flow) => return Ok(flow),
            }
        }
        Ok(Flow::On)
    }

    /// A y/n question; Enter takes `default`.
    fn yes_no(&mut self, prompt: &str, default: bool) -> io::Result<Result<bool, Flow>> {
        let prompt = format!("{prompt} {} ", words::yn(default));
        loop {
            let t = match self.ask(&prompt)? {
                Reply::Text(t) => t,
                Reply::Back => return Ok(Err(Flow::Back)),
                Reply::Next => return Ok(Err(Flow::Next)),
                Reply::Quit => return Ok(Err(Flow::End(End::Quit))),
                Reply::Eof => return Ok(Err(Flow::End(End::Eof))),
                Reply::Help => {
                    self.say(words::YES_NO)?;
                    continue;
                }
            };
            match words::parse_yes_no(&t) {
                Some(b) => return Ok(Ok(b)),
                None if t.trim().is_empty() => return Ok(Ok(default)),
                None => self.say(words::YES_NO)?,
            }
        }
    }

    fn text(&mut self, f: FieldId, t: fields::Text) -> io::Result<Flow> {
        let d = self.state.draft();
        let value = (t.get)(d);
        let shown = match (value.is_empty(), t.default) {
            (false, _) => value.to_string(),
            (true, Some(default)) => format!("{} {}", default(d), text::DEFAULT_SUFFIX),
            (true, None) => text::BLANK.to_string(),
        };
        let prompt = format!("{} [{shown}]: ", self.label(f));
        let typed = match self.answer(f, &prompt)? {
            Ok(typed) => typed,
            Err(flow) => return Ok(flow),
        };
        let new = match typed.as_str() {
            "" => return Ok(Flow::On),
            words::CLEAR => String::new(),
            _ => typed,
        };
        self.change(f, |d| (t.set)(d, new))
    }

    fn boolean(&mut self, f: FieldId, b: fields::Bool) -> io::Result<Flow> {
        let current = (b.get)(self.state.draft());
        let prompt = format!("{} (y/n) [{}]: ", self.label(f), words::yn_value(current));
        loop {
            let typed = match self.answer(f, &prompt)? {
                Ok(t) => t,
                Err(flow) => return Ok(flow),
            };
            if typed.trim().is_empty() {
                return Ok(Flow::On);
            }
            match words::parse_yes_no(&typed) {
                Some(v) => return self.change(f, |d| (b.set)(d, v)),
                None => self.say(words::YES_NO)?,
            }
        }
    }

    /// Numbered options; the answer is a number (Enter keeps the current one).
    fn numbered(
        &mut self,
        f: FieldId,
        options: &[String],
        current: usize,
    ) -> io::Result<Result<Option<usize>, Flow>> {
        self.say(&format!("{}:", self.label(f)))?;
        for (i, o) in options.iter().enumerate() {
            let mark = if i == current { words::CURRENT } else { "" };
            self.say(&format!("  {}. {o}{mark}", i + 1))?;
        }
        let prompt = format!("{} [{}]: ", self.label(f), current + 1);
        loop {
            let typed = match self.answer(f, &prompt)? {
                Ok(t) => t,
                Err(flow) => return Ok(Err(flow)),
            };
            let typed = typed.trim();
            if typed.is_empty() {
                return Ok(Ok(None));
            }
            match typed.parse::<usize>() {
                Ok(n) if (1..=options.len()).contains(&n) => return Ok(Ok(Some(n - 1))),
                _ => self.say(&words::choose_between(options.len()))?,
            }
        }
    }

    fn choice(&mut self, f: FieldId, c: fields::Choice) -> io::Result<Flow> {
        let options = choice_options(self.state.draft(), c);
        if options.is_empty() {
            // Nothing to choose now (the filter mode without a filter): say why.
            let mut probe = self.state.draft().clone();
            if let Err(why) = (c.step)(&mut probe, true) {
                self.say(&format!("{}: {} ({why})", self.label(f), (c.show)(&probe)))?;
            }
            return Ok(Flow::On);
        }
        // The chosen one: by its mark where the options are listed (their text may be
        // longer than what the field shows), else by what the field shows.
        let d = self.state.draft();
        let current = match c.options {
            Some(marked) => marked(d).iter().position(|(_, on)| *on),
            None => options.iter().position(|o| *o == (c.show)(d)),
        }
        .unwrap_or(0);
        let options: Vec<String> = options.iter().map(|o| o.to_string()).collect();
        let flow = match self.numbered(f, &options, current)? {
            Ok(Some(i)) if i != current => self.change(f, |d| choose(d, c, current, i))?,
            Ok(_) => {
                // Enter keeps it; its problems are still worth saying.
                let here: Vec<Diagnostic> = self.field_diags(f);
                self.problems(&here)?
            }
            Err(flow) => return Ok(flow),
        };
        if let Some(note) = c.note.and_then(|n| n(self.state.draft())) {
            self.say(note)?;
        }
        Ok(flow)
    }

    fn field_diags(&self, f: FieldId) -> Vec<Diagnostic> {
        self.state.diags_at(f, None).into_iter().cloned().collect()
    }

    fn list(&mut self, f: FieldId, l: fields::List) -> io::Result<Flow> {
        self.show_list(f, l.entries)?;
        self.say(if l.entries.groups() {
            words::LIST_GROUPS_HOW
        } else {
            words::LIST_HOW
        })?;
        loop {
            let typed = match self.answer(f, text::ADD_PROMPT)? {
                Ok(t) => t,
                Err(flow) => return Ok(flow),
            };
            if typed.trim().is_empty() {
                return Ok(Flow::On);
            }
            if let Some(n) = words::removal(&typed) {
                let n_entries = l.entries.len(self.state.draft());
                if n == 0 || n > n_entries {
                    self.say(&words::no_entry(n))?;
                    continue;
                }
                let mut removed = None;
                let flow = self.change(f, |d| removed = l.entries.remove(d, n - 1))?;
                if let Some(r) = removed {
                    self.say(&text::removed(&r))?;
                }
                self.show_list(f, l.entries)?;
                if flow != Flow::On {
                    return Ok(flow);
                }
                continue;
            }
            let entries = if l.entries.groups() {
                vec![typed]
            } else {
                input::split_paste(&typed)
            };
            let mut note = None;
            let flow = self.change(f, |d| {
                l.entries.add(d, entries);
                note = l.on_add.and_then(|on_add| on_add(d));
            })?;
            if let Some(note) = note {
                self.say(note)?;
            }
            if flow != Flow::On {
                return Ok(flow);
            }
        }
    }

    fn show_list(&mut self, f: FieldId, entries: Entries) -> io::Result<()> {
        let shown = entries.shown(self.state.draft());
        if shown.is_empty() {
            return self.say(&format!("{}: {}", self.label(f), text::NONE));
        }
        self.say(&format!("{} ({}):", self.label(f), shown.len()))?;
        for (i, e) in shown.iter().enumerate() {
            self.say(&format!("  {}. {e}", i + 1))?;
        }
        Ok(())
    }

    fn show_table(&mut self, f: FieldId) -> io::Result<()> {
        let rows = &self.state.draft().extension.config;
        if rows.is_empty() {
            return self.say(&format!("{}: {}", self.label(f), text::NONE));
        }
        let lines: Vec<String> = rows
            .iter()
            .enumerate()
            .map(|(i, r)| {
                format!(
                    "  {}. {} · {} · {}",
                    i + 1,
                    r.key,
                    text::value_type(r.kind),
                    r.value
                )
            })
            .collect();
        self.say(&format!("{} ({}):", self.label(f), lines.len()))?;
        self.say(&lines.join("\n"))
    }

    fn table(&mut self, f: FieldId) -> io::Result<Flow> {
        self.show_table(f)?;
        self.say(words::TABLE_HOW)?;
        loop {
            let typed = match self.answer(f, words::TABLE_PROMPT)? {
                Ok(t) => t,
                Err(flow) => return Ok(flow),
            };
            if typed.trim().is_empty() {
                return Ok(Flow::On);
            }
            let flow = if let Some(n) = words::removal(&typed) {
                if n == 0 || n > self.state.draft().extension.config.len() {
                    self.say(&words::no_entry(n))?;
                    continue;
                }
                let key = self.state.draft().extension.config[n - 1].key.clone();
                let flow = self.change(f, |d| {
                    d.extension.config.remove(n - 1);
                })?;
                self.say(&text::removed(&key))?;
                flow
            } else {
                let Some(row) = parse_row(&typed) else {
                    self.say(words::TABLE_HOW)?;
                    continue;
                };
                self.change(f, |d| d.extension.config.push(row))?
            };
            self.show_table(f)?;
            if flow != Flow::On {
                return Ok(flow);
            }
        }
    }

    fn review(&mut self, f: FieldId) -> io::Result<Flow> {
        self.say(&format!("{}:", text::REVIEW_SUMMARY))?;
        let summary = crate::tui::view::review_summary(&self.state);
        for line in summary {
            self.say(&format!("  {line}"))?;
        }
        let all: Vec<Diagnostic> = self.state.review_diags().into_iter().cloned().collect();
        if all.is_empty() {
            self.say(words::NO_PROBLEMS)?;
        } else {
            self.say(&format!("{} ({}):", text::REVIEW_PROBLEMS, all.len()))?;
            let mut last = None;
            for d in &all {
                let step = crate::tui::state::locate(d.field, self.state.draft()).0;
                if last != Some(step) {
                    self.say(&words::step_header(step))?;
                    last = Some(step);
                }
                self.say(&words::diagnostic(d))?;
            }
        }
        match self.answer(f, words::REVIEW_PROMPT)? {
            Ok(_) => Ok(Flow::On),
            Err(flow) => Ok(flow),
        }
    }

    fn export_format(&mut self, f: FieldId) -> io::Result<Flow> {
        let errors = self.state.errors().len();
        if errors > 0 {
            self.say(&text::export_blocked(errors))?;
            return match self.answer(f, words::BLOCKED_PROMPT)? {
                Ok(_) => Ok(Flow::End(End::Finished)),
                Err(flow) => Ok(flow),
            };
        }
        let options: Vec<String> = FORMATS
            .iter()
            .map(|f| text::format(*f).to_string())
            .collect();
        let current = FORMATS
            .iter()
            .position(|x| *x == self.state.format)
            .unwrap_or(0);
        match self.numbered(f, &options, current)? {
            Ok(Some(i)) => {
                self.state.format = FORMATS[i];
                self.state.written = None;
            }
            Ok(None) => {}
            Err(flow) => return Ok(flow),
        }
        Ok(Flow::On)
    }

    fn export_path(&mut self, f: FieldId) -> io::Result<Flow> {
        let format = self.state.format;
        let default = default_export_name(self.state.draft(), format);
        let typed = match self.answer(f, &format!("{} [{default}]: ", self.label(f)))? {
            Ok(t) => t,
            Err(flow) => return Ok(flow),
        };
        let path = if typed.trim().is_empty() {
            default
        } else {
            typed
        };
        self.state.export_path = path.clone();
        let path = crate::store::expand_home(&path);
        let mut result = write_export(self.state.draft(), format, &path, false);
        if let Err(WriteFailure::Exists(p)) = &result {
            let question = format!(
                "{} {}",
                text::exists(&p.display().to_string()),
                text::OVERWRITE_TITLE
            );
            match self.yes_no(&question, false)? {
                Ok(true) => result = write_export(self.state.draft(), format, &path, true),
                Ok(false) => {
                    self.say(text::NOT_OVERWRITTEN)?;
                    return Ok(Flow::Again);
                }
                Err(flow) => return Ok(flow),
            }
        }
        match result {
            Ok(files) => {
                self.say(text::WRITTEN)?;
                for file in &files {
                    self.say(&format!("  {}", file.display()))?;
                }
                self.say(&text::NEXT_STEPS.join("\n"))?;
                self.state.written = Some(crate::tui::state::Written { files });
            }
            Err(WriteFailure::Exists(p)) => {
                self.say(&text::write_failed(&p.display().to_string()))?;
                return Ok(Flow::Again);
            }
            Err(WriteFailure::Other(e)) => {
                self.say(&text::write_failed(&e))?;
                return Ok(Flow::Again);
            }
        }
        match self.yes_no(words::ANOTHER_EXPORT, false)? {
            Ok(true) => Ok(Flow::Again),
            Ok(false) => Ok(Flow::End(End::Finished)),
            Err(flow) => Ok(flow),
        }
    }

    /// Offer recent drafts (newest first); the index chosen, or `None` for a new draft.
    pub fn pick_resume(
        &mut self,
        entries: &[ResumeEntry],
    ) -> io::Result<Result<Option<usize>, End>> {
        self.say(text::RESUME_TITLE)?;
        self.say(&format!("  0. {}", text::RESUME_NEW))?;
        for (i, e) in entries.iter().enumerate() {
            let name = if e.draft.profile.name.is_empty() {
                text::UNNAMED.to_string()
            } else {
                e.draft.profile.name.clone()
            };
            let in_use = if e.in_use {
                format!(" ({})", text::IN_USE)
            } else {
                String::new()
            };
            self.say(&format!("  {}. {name} · {}{in_use}", i + 1, e.when))?;
        }
        loop {
            match self.ask(words::RESUME_PROMPT)? {
                Reply::Text(t) if t.trim().is_empty() || t.trim() == "0" => return Ok(Ok(None)),
                Reply::Text(t) => match t.trim().parse::<usize>() {
                    Ok(n) if (1..=entries.len()).contains(&n) => return Ok(Ok(Some(n - 1))),
                    _ => self.say(&words::choose_between(entries.len()))?,
                },
                Reply::Quit => return Ok(Err(End::Quit)),
                Reply::Eof => return Ok(Err(End::Eof)),
                _ => self.say(&words::choose_between(entries.len()))?,
            }
        }
    }
}

/// Every value of a choice as shown, in the order Down steps through them, found by
/// stepping a copy of the draft (the table says how a choice moves, not what it holds).
/// Empty when the choice cannot move now.
fn choice_options(d: &Draft, c: fields::Choice) -> Vec<&'static str> {
    if let Some(options) = c.options {
        return options(d).into_iter().map(|(o, _)| o).collect();
    }
    let mut probe = d.clone();
    let mut seen = vec![(c.show)(&probe)];
    // Up to the first value (or, for a two-value flip, round to one seen already).
    for _ in 0..32 {
        if (c.step)(&mut probe, false).is_err() {
            return Vec::new();
        }
        let shown = (c.show)(&probe);
        if seen.contains(&shown) {
            break;
        }
        seen.push(shown);
    }
    let mut all = vec![(c.show)(&probe)];
    for _ in 0..32 {
        let _ = (c.step)(&mut probe, true);
        let shown = (c.show)(&probe);
        if all.contains(&shown) {
            break;
        }
        all.push(shown);
    }
    all
}

/// Step the draft's choice from option `from` to option `to` (positions in the order of
/// [`choice_options`], which is the order Down steps through them).
fn choose(d: &mut Draft, c: fields::Choice, from: usize, to: usize) {
    for _ in 0..from.abs_diff(to) {
        if (c.step)(d, to > from) != Ok(true) {
            break;
        }
    }
}

/// `key type value`: a configuration row as typed (the value as written, for the rules to
/// judge: see [`RawValue::from_cell`]).
fn parse_row(line: &str) -> Option<ConfigPair> {
    let line = line.trim_start();
    let (key, rest) = line.split_once(' ')?;
    let rest = rest.trim_start();
    let (kind, value) = rest.split_once(' ').unwrap_or((rest, ""));
    let kind = match kind.to_ascii_lowercase().as_str() {
        "s" | "string" => ValueType::String,
        "i" | "integer" | "int" => ValueType::Integer,
        "b" | "boolean" | "bool" => ValueType::Boolean,
        _ => return None,
    };
    Some(ConfigPair {
        key: key.to_string(),
        kind,
        value: RawValue::from_cell(kind, value),
    })
}

#[cfg(test)]
mod tests;
