//! The non-interactive commands (`export`, …): the same core calls the wizard makes,
//! with messages on stderr and the exit codes of SPEC §2.

use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use crate::draft::slug;
use crate::export::{self, Format};
use crate::import::{self, Imported, SourceKind};
use crate::report::{self, Located, SourceMap};
use crate::rules::{self, Diagnostic, Severity};
use crate::store;

/// Exit code: the input has errors; nothing was written.
pub const EXIT_INPUT: u8 = 1;
/// Exit code: usage or I/O error (unreadable file, refused overwrite).
pub const EXIT_USAGE: u8 = 2;

/// Why a command stopped: the message is printed as is, the code is the exit status.
#[derive(Debug)]
pub struct Failure {
    /// Exit status (1 or 2).
    pub code: u8,
    /// What went wrong and how to fix it (may span several lines).
    pub message: String,
}

impl Failure {
    fn usage(message: String) -> Self {
        Failure {
            code: EXIT_USAGE,
            message,
        }
    }
}

/// A file read for `export` or `check`: the draft and where it came from.
pub struct Input {
    /// The path as the user wrote it.
    pub name: String,
    /// The draft, the kind of file and what import had to leave out.
    pub imported: Imported,
    /// For answers files: the text, so diagnostics can show their source line.
    text: Option<String>,
}

impl Input {
    /// Attach file positions (answers files) to diagnostics of this input.
    pub fn locate(&self, diagnostics: Vec<Diagnostic>) -> Vec<Located> {
        match &self.text {
            Some(text) => {
                let map = SourceMap::new(text);
                diagnostics
                    .into_iter()
                    .map(|d| map.locate(&self.name, d))
                    .collect()
            }
            None => diagnostics
                .into_iter()
                .map(|d| report::unlocated(&self.name, d, None))
                .collect(),
        }
    }

    /// Whether the file said who gets the profile: only answers files do; a `.mobileconfig`
    /// or Graph profile body has no assignments or Authenticator settings.
    pub fn carries_assignments(&self) -> bool {
        self.imported.carries_assignments
    }

    /// [`rules::validate`], less the assignment rules (A…) for a file that carries no
    /// assignments: warning about defaults it never set would only be noise.
    pub fn validate(&self) -> Vec<Diagnostic> {
        let mut diagnostics = rules::validate(&self.imported.draft);
        if !self.carries_assignments() {
            diagnostics.retain(|d| !d.code.starts_with('A'));
        }
        // What the import could not carry (X005), a macOS profile (X006), several SSO
        // payloads (X007): findings like any other, so JSON and --strict see them.
        diagnostics.splice(0..0, self.imported.findings.iter().cloned());
        // A .mobileconfig already is the export X001 is about.
        if self.imported.kind == SourceKind::Mobileconfig {
            diagnostics.extend(rules::export_notes(
                &self.imported.draft,
                Format::Mobileconfig,
            ));
        }
        diagnostics
    }

    /// Print import's notes (what a `.mobileconfig` or Graph body held that the draft cannot).
    fn print_notes(&self) {
        for note in &self.imported.notes {
            eprintln!("note: {}: {}", shown(&self.name), shown(note));
        }
    }
}

/// Read an answers file, `.mobileconfig` (XML or binary) or Graph JSON, detected by content;
/// `payload` picks one SSO payload of a profile that has several (`--payload N`).
/// On failure: the X002/X003 diagnostic, and whether it was an I/O error (exit 2).
pub fn read_input(path: &Path, payload: Option<usize>) -> Result<Input, (Box<Located>, bool)> {
    let name = path.display().to_string();
    // Read once: the text is kept for the answers file's source lines.
    let bytes = import::read_input(path).map_err(|e| {
        let io = e.io;
        let diagnostic = Diagnostic {
            message: e.message.clone(),
            ..e.to_diagnostic()
        };
        (Box::new(report::unlocated(&name, diagnostic, None)), io)
    })?;
    let text = std::str::from_utf8(&bytes).ok();
    match import::import_payload(&bytes, payload) {
        Ok(imported) => {
            let text = match imported.kind {
                SourceKind::Answers => text.map(str::to_string),
                _ => None,
            };
            Ok(Input {
                name,
                imported,
                text,
            })
        }
        Err(e) => {
            let diagnostic = Diagnostic {
                message: e.message.clone(),
                ..e.to_diagnostic()
            };
            let located = match (e.line, e.column, text) {
                (Some(line), Some(column), Some(text)) => {
                    SourceMap::new(text).locate_at(&name, diagnostic, line, column)
                }
                (Some(line), Some(column), None) => {
                    report::unlocated(&name, diagnostic, Some((line, column)))
                }
                _ => report::unlocated(&name, diagnostic, None),
            };
            Err((Box::new(located), e.io))
        }
    }
}

/// What `export` was asked for, beyond the input file.
#[derive(Debug, Clone, Copy)]
pub struct ExportArgs<'a> {
    /// The output format.
    pub format: Format,
    /// `--out`: a file, a folder, or `-` for stdout.
    pub out: Option<&'a Path>,
    /// `--force`: replace an existing file (or an `all` folder sso-wizard made).
    pub force: bool,
    /// `--payload N`: which SSO payload of a profile with several (1-based).
    pub payload: Option<usize>,
}

/// `sso-wizard export`.
pub fn export(answers: &Path, args: ExportArgs<'_>) -> ExitCode {
    finish(run_export(answers, args))
}

fn run_export(answers: &Path, args: ExportArgs<'_>) -> Result<(), Failure> {
    let ExportArgs {
        format,
        out,
        force,
        payload,
    } = args;
    if format == Format::All && out == Some(Path::new("-")) {
        return Err(Failure::usage(
            "error: `--format all` writes a folder and cannot go to stdout; give `--out FOLDER`"
                .to_string(),
        ));
    }
    let color = color_stderr();
    let input = read_input(answers, payload).map_err(|(located, io)| Failure {
        code: if io { EXIT_USAGE } else { EXIT_INPUT },
        message: report::render_human(&[*located], color)
            .trim_end()
            .to_string(),
    })?;
    input.print_notes();
    let draft = &input.imported.draft;
    let mut diagnostics = input.validate();
    diagnostics.extend(rules::export_notes(draft, format));
    if !input.carries_assignments()
        && matches!(
            format,
            Format::GraphAssign | Format::AuthenticatorAssign | Format::All
        )
    {
        eprintln!(
            "note: {} carries no assignments: the assign bodies use the defaults (all users; \
             Authenticator required, app id blank). To choose, export `--format answers`, \
             edit [assignments] and [authenticator], and export that file",
            shown(&input.name)
        );
    }
    let located = input.locate(diagnostics);
    eprint!("{}", report::render_human(&located, color));
    let errors = located
        .iter()
        .filter(|l| l.diagnostic.severity == Severity::Error)
        .count();
    if errors > 0 && format != Format::Answers {
        return Err(Failure {
            code: EXIT_INPUT,
            message: format!(
                "nothing was written: {errors} error(s) above; fix them (`sso-wizard check {}` shows them again) and run again",
                shown_path(answers)
            ),
        });
    }
    let files = export::render(draft, format).map_err(|e| Failure {
        code: EXIT_INPUT,
        message: e
            .problems
            .iter()
            .map(|p| format!("error: {}", shown(p)))
            .chain(std::iter::once(format!(
                "nothing was written: fix {} and run again",
                shown_path(answers)
            )))
            .collect::<Vec<_>>()
            .join("\n"),
    })?;

    if out == Some(Path::new("-")) {
        for f in &files {
            if let Err(code) = write_stdout(&f.bytes) {
                return if code == ExitCode::SUCCESS {
                    Ok(())
                } else {
                    Err(Failure::usage(String::new()))
                };
            }
        }
        return Ok(());
    }

    if format == Format::All {
        let dir = out
            .map(Path::to_path_buf)
            .unwrap_or_else(|| PathBuf::from(slug(&draft.profile.name)));
        store::write_folder(&dir, &files, force).map_err(|e| write_failure(&dir, e))?;
        for f in &files {
            eprintln!("wrote {}", shown_path(&dir.join(&f.path)));
        }
        return Ok(());
    }

    for f in &files {
        let path = match out {
            Some(p) if p.is_dir() => p.join(&f.path),
            Some(p) => p.to_path_buf(),
            None => f.path.clone(),
        };
        store::write_atomic(&path, &f.bytes, force).map_err(|e| write_failure(&path, e))?;
        eprintln!("wrote {}", shown_path(&path));
        if format == Format::Jamf {
            let name = path.file_name().map_or_else(
                || path.display().to_string(),
                |n| n.to_string_lossy().into_owned(),
            );
            eprint!("\n{}", export::jamf_values(draft, &name));
        }
    }
    Ok(())
}

/// Outside text (a file name, a value) as it may be printed: escaped.
fn shown(text: &str) -> String {
    rules::escape_for_terminal(text)
}

/// A path as it may be printed: escaped.
pub fn shown_path(path: &Path) -> String {
    shown(&path.display().to_string())
}

fn write_failure(path: &Path, e: io::Error) -> Failure {
    if e.kind() == io::ErrorKind::AlreadyExists {
        Failure::usage(format!(
            "error: {} already exists; it was left untouched. Pass --force to replace it, or choose another --out",
            shown_path(path)
        ))
    } else {
        Failure::usage(format!(
            "error: cannot write {}: {}",
            shown_path(path),
            shown(&e.to_string())
        ))
    }
}

/// Write requested output to stdout. A closed pipe (`… | head`) is not an error worth a
/// message: stop quietly, as other command-line tools do.
pub fn write_stdout(bytes: &[u8]) -> Result<(), ExitCode> {
    let mut stdout = io::stdout().lock();
    match stdout.write_all(bytes).and_then(|()| stdout.flush()) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Err(ExitCode::SUCCESS),
        Err(e) => {
            eprintln!("error: cannot write to stdout: {e}");
            Err(ExitCode::from(EXIT_USAGE))
        }
    }
}

/// Whether colour is allowed at all: `NO_COLOR` unset or empty (no-color.org). The one
/// place this is decided; the wizard and each output stream ask here.
pub fn colour_allowed() -> bool {
    std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}

/// Whether stderr gets colour: colour allowed, and stderr a terminal.
pub fn color_stderr() -> bool {
    use std::io::IsTerminal;
    colour_allowed() && io::stderr().is_terminal()
}

/// Whether stdout gets colour: colour allowed, and stdout a terminal.
pub fn color_stdout() -> bool {
    use std::io::IsTerminal;
    colour_allowed() && io::stdout().is_terminal()
}

/// Print a failure and turn the result into the process exit status.
pub fn finish(result: Result<(), Failure>) -> ExitCode {
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(f) => {
            if !f.message.is_empty() {
                eprintln!("{}", f.message);
            }
            ExitCode::from(f.code)
        }
    }
}

/// `sso-wizard check FILE...`: diagnostics for each file, on stdout; exit 1 on errors
/// (or, with `strict`, on warnings), 2 when a file cannot be read at all.
pub fn check(files: &[PathBuf], json: bool, strict: bool, color: bool) -> ExitCode {
    let mut items = Vec::new();
    let mut unreadable = false;
    let mut notes = 0;
    for path in files {
        match read_input(path, None) {
            // Several SSO payloads: check each one, labelled, instead of the first with X007.
            Ok(input) if input.imported.sso_payloads > 1 => {
                let count = input.imported.sso_payloads;
                for n in 1..=count {
                    match read_input(path, Some(n)) {
                        Ok(mut one) => {
                            one.name = format!("{} [payload {n} of {count}]", one.name);
                            one.print_notes();
                            notes += one.imported.notes.len();
                            items.extend(one.locate(one.validate()));
                        }
                        Err((located, io)) => {
                            unreadable |= io;
                            items.push(*located);
                        }
                    }
                }
            }
            Ok(input) => {
                input.print_notes();
                notes += input.imported.notes.len();
                items.extend(input.locate(input.validate()));
            }
            Err((located, io)) => {
                unreadable |= io;
                items.push(*located);
            }
        }
    }
    let out = if json {
        report::render_json(&items)
    } else {
        report::render_human(&items, color)
    };
    // A closed pipe still gets the exit status the findings deserve.
    if let Err(code) = write_stdout(out.as_bytes())
        && code != ExitCode::SUCCESS
    {
        return code;
    }
    let count = |s: Severity| items.iter().filter(|i| i.diagnostic.severity == s).count();
    let (errors, warnings) = (count(Severity::Error), count(Severity::Warning));
    if !json {
        eprintln!(
            "{} file(s) checked: {errors} error(s), {warnings} warning(s), {} info(s), {notes} import note(s)",
            files.len(),
            count(Severity::Info)
        );
    }
    if unreadable {
        ExitCode::from(EXIT_USAGE)
    } else if errors > 0 || (strict && warnings > 0) {
        ExitCode::from(EXIT_INPUT)
    } else {
        ExitCode::SUCCESS
    }
}

/// `sso-wizard drafts`: one line per draft (path, name, last change), newest first.
pub fn print_drafts() -> ExitCode {
    let dir = match store::drafts_dir() {
        Ok(d) => d,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    if let Err(why) = store::check_drafts_dir(&dir) {
        eprintln!("error: {why}");
        return ExitCode::from(2);
    }
    let found = match store::scan_drafts(&dir) {
        Ok(f) => f,
        Err(e) => {
            eprintln!("error: cannot read {}: {e}", shown_path(&dir));
            return ExitCode::from(2);
        }
    };
    if found.is_empty() {
        eprintln!("No drafts in {}.", shown_path(&dir));
        return ExitCode::SUCCESS;
    }
    let mut out = io::stdout().lock();
    for info in found {
        let name = match &info.draft {
            Ok(d) if d.profile.name.is_empty() => crate::tui::text::UNNAMED.to_string(),
            Ok(d) => rules::escape_for_terminal(&d.profile.name),
            Err(store::DraftError::Corrupt(e)) => {
                format!(
                    "(unreadable: {})",
                    rules::escape_for_terminal(&e.to_string())
                )
            }
            Err(store::DraftError::Skipped(why)) => format!("(skipped: {why})"),
        };
        let _ = writeln!(
            out,
            "{}\t{}\t{}",
            shown_path(&info.path),
            name,
            store::format_time(info.modified)
        );
    }
    ExitCode::SUCCESS
}

/// `sso-wizard edit FILE`: the wizard pre-filled from an answers file, a `.mobileconfig`
/// or a Graph JSON body. FILE itself is never changed; edits go to a new draft. `plain`:
/// the line-by-line dialogue instead of the full screen.
pub fn run_edit(file: &Path, payload: Option<usize>, plain: bool) -> ExitCode {
    match crate::import::import_path_payload(file, payload) {
        Ok(imported) => {
            // What the import did not carry (X005–X007) is shown with the notes, in the
            // words `check` uses.
            let mut notes: Vec<String> = imported
                .findings
                .iter()
                .map(|d| format!("{}[{}]: {}", d.severity.as_str(), d.code, d.message))
                .collect();
            notes.extend(imported.notes);
            if plain {
                crate::plain::run(Some(imported.draft), notes)
            } else {
                crate::tui::run_with_notes(Some(imported.draft), notes)
            }
        }
        Err(e) => {
            let shown = rules::escape_for_terminal(&file.display().to_string());
            let msg = e.to_string();
            if msg.contains(&shown) {
                eprintln!("error[{}]: {msg}", e.code_str());
            } else {
                eprintln!("error[{}]: {shown}: {msg}", e.code_str());
            }
            if !e.help.is_empty() {
                eprintln!("  help: {}", e.help);
            }
            ExitCode::from(if e.io { 2 } else { 1 })
        }
    }
}
