//! `sso-wizard man`: a roff man page generated from the clap definition `--help` uses
//! (clap_mangen for the header, synopsis and global options; each command's arguments,
//! possible values and examples walked from the same definition), plus the sections clap
//! has no place for: exit status, environment, files.

use std::fmt::Write as _;

use clap::Command;

/// The whole man page (section 1) for `cmd`, the program's clap command.
pub fn render(mut cmd: Command) -> String {
    // Built, so each argument knows whether it takes a value.
    cmd.build();
    let man = clap_mangen::Man::new(cmd.clone()).manual("sso-wizard manual");
    let mut out = Vec::new();
    // Writing into a Vec cannot fail.
    let _ = man.render_title(&mut out);
    let _ = man.render_name_section(&mut out);
    let _ = man.render_synopsis_section(&mut out);
    let _ = man.render_description_section(&mut out);
    let _ = man.render_options_section(&mut out);
    let mut page = String::from_utf8_lossy(&out).into_owned();
    page.push_str(".SH COMMANDS\n");
    let name = cmd.get_name().to_string();
    for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()) {
        command(&mut page, &name, sub);
    }
    page.push_str(SECTIONS);
    page
}

/// One subcommand: its usage, what it does, its arguments with their values, its examples.
fn command(page: &mut String, program: &str, sub: &Command) {
    let mut usage = format!("{program} {}", sub.get_name());
    for arg in sub.get_arguments().filter(|a| !a.is_hide_set()) {
        if arg.is_positional() {
            let value = arg
                .get_value_names()
                .and_then(|v| v.first().map(ToString::to_string))
                .unwrap_or_else(|| arg.get_id().to_string().to_uppercase());
            usage.push_str(&format!(" {value}"));
        }
    }
    let _ = writeln!(page, ".SS \"{}\"", escape(&usage));
    if let Some(about) = sub.get_long_about().or_else(|| sub.get_about()) {
        let _ = writeln!(page, "{}", escape(&about.to_string()));
    }
    for arg in sub.get_arguments().filter(|a| !a.is_hide_set()) {
        let id = arg.get_id().as_str();
        if id == "help" || id == "version" {
            continue;
        }
        let value = arg
            .get_value_names()
            .and_then(|v| v.first().map(ToString::to_string))
            .unwrap_or_else(|| id.to_uppercase());
        let takes_value = arg.get_action().takes_values();
        let term = match arg.get_long() {
            Some(long) if takes_value => {
                format!("\\fB\\-\\-{}\\fR \\fI{}\\fR", long, escape(&value))
            }
            Some(long) => format!("\\fB\\-\\-{long}\\fR"),
            None => format!("\\fI{}\\fR", escape(&value)),
        };
        let _ = writeln!(page, ".TP\n{term}");
        if let Some(help) = arg.get_long_help().or_else(|| arg.get_help()) {
            let _ = writeln!(page, "{}", escape(&help.to_string()));
        }
        let values: Vec<_> = if takes_value {
            arg.get_possible_values()
                .into_iter()
                .filter(|v| !v.is_hide_set())
                .collect()
        } else {
            Vec::new()
        };
        if !values.is_empty() {
            page.push_str(".RS\n");
            for v in values {
                let _ = writeln!(page, ".TP\n\\fB{}\\fR", escape(v.get_name()));
                if let Some(help) = v.get_help() {
                    let _ = writeln!(page, "{}", escape(&help.to_string()));
                }
            }
            page.push_str(".RE\n");
        }
    }
    if let Some(after) = sub.get_after_long_help().or_else(|| sub.get_after_help()) {
        let _ = writeln!(page, ".PP\n.nf\n{}\n.fi", escape(&after.to_string()));
    }
}

/// Text for roff: backslashes and hyphens escaped, no line starting with a control
/// character (`.` or `'`).
fn escape(text: &str) -> String {
    text.lines()
        .map(|line| {
            let line = line.replace('\\', "\\e").replace('-', "\\-");
            if line.starts_with('.') || line.starts_with('\'') {
                format!("\\&{line}")
            } else {
                line
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Exit status, environment and files: what clap has no place for.
const SECTIONS: &str = r#".SH "EXIT STATUS"
.TP
\fB0\fR
Success (warnings allowed; with \fBcheck \-\-strict\fR, no warnings either).
.TP
\fB1\fR
The input has errors: nothing was written.
.TP
\fB2\fR
Usage or I/O error: an unreadable file, a named pipe or device instead of a file, a
refused overwrite.
.PP
When the wizard is ended by a signal (SIGHUP when the SSH connection drops, SIGTERM,
SIGQUIT, \&...) it saves the draft, restores the terminal and exits with 128 + the
signal number.
.SH ENVIRONMENT
.TP
\fBNO_COLOR\fR
When set and not empty, no colour anywhere: the wizard keeps its emphasis with bold and
reverse video, \fBcheck\fR prints plain text.
.TP
\fBSSO_WIZARD_DATA_DIR\fR
The folder that holds \fIdrafts/\fR instead of the platform data directory. It must be
owned by you and not writable by others, or drafts are not saved there.
.TP
\fBTERM\fR
The terminal the wizard draws its full\-screen interface on (at least 60\(mu16 cells).
Unset, empty or \fBdumb\fR: the wizard runs in plain mode, as with \fB\-\-plain\fR.
.SH "PLAIN MODE"
\fB\-\-plain\fR (also \fBedit\fR \fIFILE\fR \fB\-\-plain\fR) asks the same seven steps
one question a line, for screen readers, dumb terminals and transcripts: no cursor
movement, no colour, no escape sequences. The current value is in brackets; Enter keeps
it. Choices are numbered; yes/no questions take \fBy\fR or \fBn\fR. Lists take one entry
a line (a paste of many lines works), \fB\-\fR\fIN\fR removes entry \fIN\fR and an empty
line ends the list; the configuration table takes \fIkey type value\fR rows the same way.
A single \fB\-\fR clears a text. At any question \fB?\fR prints help, \fB<\fR goes
back a step, \fB>\fR on to the next, and \fBq\fR or Ctrl+D quits with the draft saved;
a leading \fB\e\fR takes an answer as typed (\fB\eq\fR is the letter q). Each answer's
problems are printed as \fBcheck\fR prints them, and a fix is offered as a yes/no
question. An export never replaces a file without a \fBy\fR.
.SH FILES
.TP
\fI~/.local/share/sso\-wizard/drafts/draft\-*.toml\fR
The wizard's drafts on Linux (the platform data directory elsewhere): answers files, mode
0600 in a 0700 folder, saved about half a second after each change. A draft open in one
wizard is locked (\fI.draft\-*.toml.lock\fR beside it); an unreadable one is renamed
\fI*.corrupt\fR; one over 16 MiB is skipped.
.TP
\fI<folder>/.sso\-wizard\-export\fR
Written into every \fBexport \-\-format all\fR folder: the list of files sso\-wizard wrote
there. \fB\-\-force\fR replaces only a folder that has it.
.SH "SEE ALSO"
The README of sso\-wizard (routes to a device, the answers file, every diagnostic code).
"#;
