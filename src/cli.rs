//! The non-interactive commands (`export`, …): the same core calls the wizard makes,
//! with messages on stderr and the exit codes of SPEC §2.

use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use crate::draft::{Draft, slug};
use crate::export::{self, Format, OutputFile};
use crate::report;
use crate::rules::{self, Diagnostic, Field, Severity};
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

/// Read an answers file into a draft.
pub fn load(path: &Path) -> Result<Draft, Failure> {
    let bytes = fs::read(path)
        .map_err(|e| Failure::usage(format!("error: cannot read {}: {e}", path.display())))?;
    let text = String::from_utf8(bytes).map_err(|_| Failure {
        code: EXIT_INPUT,
        message: format!(
            "error[X002]: {} is not UTF-8 text; an answers file is TOML (UTF-8)",
            path.display()
        ),
    })?;
    Draft::from_toml(&text).map_err(|e| {
        let at = match (e.line, e.column) {
            (Some(l), Some(c)) => format!("{}:{l}:{c}", path.display()),
            _ => path.display().to_string(),
        };
        let shown = match (e.line, e.column) {
            (Some(l), Some(c)) => snippet(&text, l, c),
            _ => String::new(),
        };
        Failure {
            code: EXIT_INPUT,
            message: format!(
                "error[X002]: {}\n  --> {at}\n{shown}  help: fix the answers file (its format is in the README) and run again",
                e.message
            ),
        }
    })
}

/// The source line under a compiler-style location, with a caret at the column.
/// Control characters are escaped so a hostile file cannot drive the terminal.
fn snippet(text: &str, line: usize, column: usize) -> String {
    let Some(src) = text.lines().nth(line - 1) else {
        return String::new();
    };
    let src: String = src
        .chars()
        .map(|c| {
            if c.is_control() {
                c.escape_default().to_string()
            } else {
                c.to_string()
            }
        })
        .collect();
    let gutter = " ".repeat(line.to_string().len());
    format!(
        "{gutter} |\n{line} | {src}\n{gutter} | {}^\n",
        " ".repeat(column.saturating_sub(1))
    )
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
    let draft = load(answers)?;
    let files = export::render(&draft, format).map_err(|e| Failure {
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
        write_folder(&dir, &files, force).map_err(|e| write_failure(&dir, e))?;
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

/// Write a folder of files so that the target is either the old folder or the complete new
/// one, never a mix: build it beside the target, then swap it in with renames.
fn write_folder(dir: &Path, files: &[OutputFile], force: bool) -> io::Result<()> {
    if !force && fs::symlink_metadata(dir).is_ok() {
        return Err(io::Error::new(io::ErrorKind::AlreadyExists, "exists"));
    }
    let parent = match dir.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let staging = tempfile::Builder::new()
        .prefix(".sso-wizard-")
        .tempdir_in(parent)?;
    for f in files {
        let path = staging.path().join(&f.path);
        if let Some(p) = path.parent() {
            fs::create_dir_all(p)?;
        }
        fs::write(&path, &f.bytes)?;
    }
    if fs::symlink_metadata(dir).is_ok() {
        // --force: move the old one aside first so a failed swap can be undone.
        let aside = tempfile::Builder::new()
            .prefix(".sso-wizard-old-")
            .tempdir_in(parent)?;
        let old = aside.path().join("old");
        fs::rename(dir, &old)?;
        if let Err(e) = fs::rename(staging.path(), dir) {
            let _ = fs::rename(&old, dir);
            return Err(e);
        }
        // `aside` removes the old copy when dropped.
    } else {
        fs::rename(staging.path(), dir)?;
    }
    // The staging path no longer exists; dropping the guard is a no-op.
    Ok(())
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
        let name = path.display().to_string();
        let bytes = match fs::read(path) {
            Ok(b) => b,
            Err(e) => {
                eprintln!("error: cannot read {name}: {e}");
                unreadable = true;
                continue;
            }
        };
        items.extend(check_one(&name, &bytes));
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

fn check_one(name: &str, bytes: &[u8]) -> Vec<report::Located> {
    let Ok(text) = std::str::from_utf8(bytes) else {
        return vec![report::unlocated(
            name,
            x002("the file is not UTF-8 text; an answers file is TOML (UTF-8)".into()),
            None,
        )];
    };
    match Draft::from_toml(text) {
        Ok(draft) => {
            let map = report::SourceMap::new(text);
            rules::validate(&draft)
                .into_iter()
                .map(|d| map.locate(name, d))
                .collect()
        }
        Err(e) => {
            let position = e.line.zip(e.column);
            vec![report::unlocated(name, x002(e.message), position)]
        }
    }
}

fn x002(message: String) -> Diagnostic {
    Diagnostic {
        code: "X002",
        severity: Severity::Error,
        field: Field::File,
        message,
        help: "fix the answers file (its format is in the README) and run again".into(),
        fix: None,
    }
}
