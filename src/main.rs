//! Command-line entry point: clap parsing and dispatch only.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{CommandFactory, Parser, Subcommand};
use clap_complete::Shell;
use sso_wizard::cli;
use sso_wizard::export::Format;

const EXAMPLES: &str = "\
Examples:
  sso-wizard                                   start the wizard (or resume a draft)
  sso-wizard edit jamf.mobileconfig            the wizard, pre-filled from a profile
  sso-wizard --plain                           the wizard as a line-by-line dialogue
  sso-wizard export --answers jit.toml --format mobileconfig
  sso-wizard export --answers jit.toml --format all --out ./intune
  sso-wizard export --answers jit.toml --format graph --out -   (to stdout)
  sso-wizard check jit.toml intune-export.json                 diagnostics
  sso-wizard completions bash > /etc/bash_completion.d/sso-wizard
  sso-wizard man | man -l -                                   the manual

Exit codes: 0 success (warnings allowed), 1 the input has errors (nothing written),
2 usage or I/O error (unreadable file, refused overwrite).";

/// Author the iOS/iPadOS Single sign-on app extension profile that enables Microsoft Entra
/// just-in-time registration, and export it for Intune or any MDM.
#[derive(Parser)]
#[command(name = "sso-wizard", version, after_help = EXAMPLES)]
struct Cli {
    /// Plain mode: the wizard as a line-by-line dialogue (no full screen, no colour, no
    /// escape sequences), for screen readers, dumb terminals and transcripts. Chosen
    /// automatically when TERM is unset or `dumb`.
    #[arg(long)]
    plain: bool,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Export a profile as a .mobileconfig, Graph request bodies, or all of them (also converts).
    #[command(after_help = "\
Examples:
  sso-wizard export --answers jit.toml --format mobileconfig        writes ./<name>.mobileconfig
  sso-wizard export --answers jit.toml --format graph --out -       prints the Graph body
  sso-wizard export --answers jit.toml --format all --out ./intune  a folder with REQUESTS.md

Without --out the file goes to the current directory, named after the profile.
An existing file is never overwritten without --force.")]
    Export {
        /// The profile: an answers file (.toml), a .mobileconfig or a Graph JSON body.
        #[arg(long, value_name = "FILE")]
        answers: PathBuf,
        /// What to produce.
        #[arg(long, value_enum)]
        format: Format,
        /// Output path; `-` writes to stdout (not for `all`); a directory receives the default name.
        #[arg(long, value_name = "PATH")]
        out: Option<PathBuf>,
        /// Replace an existing file, or an `all` folder sso-wizard made.
        #[arg(long)]
        force: bool,
        /// For a .mobileconfig with several SSO payloads: which one (1, 2, …; `check` lists them).
        #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
        payload: Option<u16>,
    },
    /// Open the wizard pre-filled from FILE (answers .toml, .mobileconfig or Graph .json).
    Edit {
        /// The file to start from; it is not changed (drafts are autosaved elsewhere).
        file: PathBuf,
        /// For a .mobileconfig with several SSO payloads: which one (1, 2, …).
        #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
        payload: Option<u16>,
        /// Plain mode: the wizard as a line-by-line dialogue (chosen automatically when TERM
        /// is unset or `dumb`).
        #[arg(long)]
        plain: bool,
    },
    /// List saved drafts (path, name, last change).
    Drafts,
    /// Diagnostics for answers files, .mobileconfig profiles or Graph JSON bodies.
    #[command(after_help = "\
Examples:
  sso-wizard check jit.toml
  sso-wizard check --strict profiles/*.mobileconfig     warnings fail too
  sso-wizard check --format json intune-export.json     a JSON array for scripts

Exit codes: 0 no errors (warnings allowed unless --strict), 1 errors found,
2 a file could not be read.")]
    Check {
        /// Files to check.
        #[arg(required = true, value_name = "FILE")]
        files: Vec<PathBuf>,
        /// human (compiler style) or json.
        #[arg(long, value_enum, default_value = "human")]
        format: CheckFormat,
        /// Fail (exit 1) on warnings too.
        #[arg(long)]
        strict: bool,
    },
    /// Print the man page (roff): `sso-wizard man | man -l -` to read it.
    #[command(after_help = "\
Install it for `man sso-wizard`:
  mkdir -p ~/.local/share/man/man1
  sso-wizard man > ~/.local/share/man/man1/sso-wizard.1")]
    Man,
    /// Print a shell completion script.
    Completions {
        /// bash, zsh, fish, elvish or powershell.
        #[arg(value_enum)]
        shell: Shell,
    },
}

#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum CheckFormat {
    Human,
    Json,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let plain = cli.plain || sso_wizard::plain::term_wants_plain();
    match cli.command {
        None if plain => sso_wizard::plain::run(None, Vec::new()),
        None => sso_wizard::tui::run(None),
        Some(Command::Edit {
            file,
            payload,
            plain: edit_plain,
        }) => cli::run_edit(&file, payload.map(usize::from), plain || edit_plain),
        Some(Command::Drafts) => cli::print_drafts(),
        Some(Command::Export {
            answers,
            format,
            out,
            force,
            payload,
        }) => cli::export(
            &answers,
            cli::ExportArgs {
                format,
                out: out.as_deref(),
                force,
                payload: payload.map(usize::from),
            },
        ),
        Some(Command::Check {
            files,
            format,
            strict,
        }) => cli::check(
            &files,
            format == CheckFormat::Json,
            strict,
            cli::color_stdout(),
        ),
        Some(Command::Man) => {
            let page = sso_wizard::man::render(Cli::command());
            cli::write_stdout(page.as_bytes())
                .err()
                .unwrap_or(ExitCode::SUCCESS)
        }
        Some(Command::Completions { shell }) => {
            let mut script = Vec::new();
            clap_complete::generate(shell, &mut Cli::command(), "sso-wizard", &mut script);
            cli::write_stdout(&script)
                .err()
                .unwrap_or(ExitCode::SUCCESS)
        }
    }
}
