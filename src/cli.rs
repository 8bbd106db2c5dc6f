//! The non-interactive commands (`export`, …): the same core calls the wizard makes,
//! with messages on stderr and the exit codes of SPEC §2.

use std::fs;
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

    /// Print import's notes (what a `.mobileconfig` or Graph body held that the draft cannot).
    fn print_notes(&self) {
        for note in &self.imported.notes {
            eprintln!("note: {}: {note}", self.name);
        }
    }
}

/// Read an answers file, `.mobileconfig` (XML or binary) or Graph JSON, detected by content.
/// On failure: the X002/X003 diagnostic, and whether it was an I/O error (exit 2).
pub fn read_input(path: &Path) -> Result<Input, (Box<Located>, bool)> {
    let name = path.display().to_string();
    match import::import_path(path) {
        Ok(imported) => {
            let text = match imported.kind {
                SourceKind::Answers => fs::read_to_string(path).ok(),
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
            let located = match (e.line, e.column) {
                (Some(line), Some(column)) => match fs::read_to_string(path) {
                    Ok(text) => SourceMap::new(&text).locate_at(&name, diagnostic, line, column),
                    Err(_) => report::unlocated(&name, diagnostic, Some((line, column))),
                },
                _ => report::unlocated(&name, diagnostic, None),
            };
            Err((Box::new(located), e.io))
        }
    }
}

/// `sso-wizard export`.
pub fn export(answers: &Path, format: Format, out: Option<&Path>, force: bool) -> ExitCode {
    finish(run_export(answers, format, out, force))
}

fn run_export(
    answers: &Path,
    format: Format,
    out: Option<&Path>,
    force: bool,
) -> Result<(), Failure> {
    let color = color_stderr();
    let input = read_input(answers).map_err(|(located, io)| Failure {
        code: if io { EXIT_USAGE } else { EXIT_INPUT },
        message: report::render_human(&[*located], color)
            .trim_end()
            .to_string(),
    })?;
    input.print_notes();
    let draft = &input.imported.draft;
    let mut diagnostics = rules::validate(draft);
    diagnostics.extend(rules::export_notes(draft, format));
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
                answers.display()
            ),
        });
    }
    let files = export::render(draft, format).map_err(|e| Failure {
        code: EXIT_INPUT,
        message: e
            .problems
            .iter()
            .map(|p| format!("error: {p}"))
            .chain(std::iter::once(format!(
                "nothing was written: fix {} and run again",
                answers.display()
            )))
            .collect::<Vec<_>>()
            .join("\n"),
    })?;

    if out == Some(Path::new("-")) {
        if format == Format::All {
            return Err(Failure::usage(
                "error: `--format all` writes a folder and cannot go to stdout; give `--out FOLDER`"
                    .to_string(),
            ));
        }
        let mut stdout = io::stdout().lock();
        for f in &files {
            stdout
                .write_all(&f.bytes)
                .and_then(|()| stdout.flush())
                .map_err(|e| Failure::usage(format!("error: cannot write to stdout: {e}")))?;
        }
        return Ok(());
    }

    if format == Format::All {
        let dir = out
            .map(Path::to_path_buf)
            .unwrap_or_else(|| PathBuf::from(slug(&draft.profile.name)));
        store::write_folder(&dir, &files, force).map_err(|e| write_failure(&dir, e))?;
        for f in &files {
            eprintln!("wrote {}", dir.join(&f.path).display());
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
        eprintln!("wrote {}", path.display());
    }
    Ok(())
}

fn write_failure(path: &Path, e: io::Error) -> Failure {
    if e.kind() == io::ErrorKind::AlreadyExists {
        Failure::usage(format!(
            "error: {} already exists; it was left untouched. Pass --force to replace it, or choose another --out",
            path.display()
        ))
    } else {
        Failure::usage(format!("error: cannot write {}: {e}", path.display()))
    }
}

/// Whether stderr gets colour: a terminal, and `NO_COLOR` unset or empty.
pub fn color_stderr() -> bool {
    use std::io::IsTerminal;
    std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()) && io::stderr().is_terminal()
}

/// Whether stdout gets colour: a terminal, and `NO_COLOR` unset or empty.
pub fn color_stdout() -> bool {
    use std::io::IsTerminal;
    std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()) && io::stdout().is_terminal()
}

/// Print a failure and turn the result into the process exit status.
pub fn finish(result: Result<(), Failure>) -> ExitCode {
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(f) => {
            eprintln!("{}", f.message);
            ExitCode::from(f.code)
        }
    }
}

/// `sso-wizard check FILE...`: diagnostics for each file, on stdout; exit 1 on errors
/// (or, with `strict`, on warnings), 2 when a file cannot be read at all.
pub fn check(files: &[PathBuf], json: bool, strict: bool, color: bool) -> ExitCode {
    let mut items = Vec::new();
    let mut unreadable = false;
    for path in files {
        match read_input(path) {
            Ok(input) => {
                input.print_notes();
                let diagnostics = rules::validate(&input.imported.draft);
                items.extend(input.locate(diagnostics));
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
    print!("{out}");
    let count = |s: Severity| items.iter().filter(|i| i.diagnostic.severity == s).count();
    let (errors, warnings) = (count(Severity::Error), count(Severity::Warning));
    if !json {
        eprintln!(
            "{} file(s) checked: {errors} error(s), {warnings} warning(s), {} note(s)",
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
