//! Import (the reverse of the exporters): an answers file, a `.mobileconfig` (XML or
//! binary plist) or an Intune Graph JSON profile becomes a [`Draft`].
//!
//! The kind is sniffed from the content, never from the file name: admins rename
//! downloads, and a `.mobileconfig` from Jamf may well be binary. Everything here treats
//! the input as hostile: size is capped before reading, entity definitions are refused
//! before an XML parser sees them, nesting and expansion are bounded, and no input
//! panics.

mod graph;
mod mobileconfig;

use std::fmt;
use std::fs::File;
use std::io::Read;
use std::path::Path;

use crate::draft::{AnswersError, Draft, line_col};
use crate::rules::{Diagnostic, Field, Severity, escape_for_terminal, not_carried};

/// Largest input accepted (16 MiB). A real profile is a few kilobytes; anything near
/// this is a mistake or an attack, and refusing it early bounds memory and time.
pub const MAX_INPUT_BYTES: u64 = 16 * 1024 * 1024;

/// Most separators (`,` `[` `{` `<` `=` `:` and line breaks) a text input may have. Each
/// parsed value costs the TOML and JSON parsers 50–150 bytes and up to a microsecond or
/// two, so 16 MiB of `0,0,0,…` would take a gigabyte and many seconds; a real profile has
/// a few hundred, and 100,000 bundle IDs (two separators each at most) fit.
const MAX_SEPARATORS: usize = 500_000;

/// What the imported file turned out to be.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SourceKind {
    /// An sso-wizard answers file (TOML, SPEC §3).
    Answers,
    /// An Apple configuration profile (XML or binary plist).
    Mobileconfig,
    /// A Microsoft Graph `iosDeviceFeaturesConfiguration` (create body or GET response).
    Graph,
}

impl SourceKind {
    /// A short human name (`answers file`, `.mobileconfig`, `Graph JSON`).
    pub fn as_str(self) -> &'static str {
        match self {
            SourceKind::Answers => "answers file",
            SourceKind::Mobileconfig => ".mobileconfig",
            SourceKind::Graph => "Graph JSON",
        }
    }
}

/// A successfully imported file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Imported {
    /// The profile as a draft, ready for `validate`, the wizard or an exporter.
    pub draft: Draft,
    /// What the input was.
    pub kind: SourceKind,
    /// Non-fatal remarks: what was normalised or guessed. Safe to print (control
    /// characters escaped).
    pub notes: Vec<String>,
    /// What the input holds that the draft does not (X005), a macOS profile (X006), several
    /// SSO payloads (X007): diagnostics on the file, added to `validate`'s by `check`,
    /// `export` and the wizard, so `--format json` and `--strict` see them.
    pub findings: Vec<Diagnostic>,
    /// How many SSO payloads the input has (a `.mobileconfig` may have several; X007).
    pub sso_payloads: usize,
    /// Whether the input said who gets the profile (an answers file, or a Graph GET with
    /// `$expand=assignments`), so the assign bodies use that instead of the defaults.
    pub carries_assignments: bool,
}

/// What an importer collects besides the draft: notes and findings.
#[derive(Debug, Default)]
pub(crate) struct Log {
    notes: Vec<String>,
    findings: Vec<Diagnostic>,
}

impl Log {
    /// A remark that loses nothing (a guess, a normalisation), already escaped.
    pub(crate) fn push(&mut self, note: String) {
        self.notes.push(note);
    }

    /// X005: `what` (a path and value, already escaped and quoted) of the input is not in
    /// the draft, `why`. Info when it has no effect on an iOS/iPadOS device (`PayloadScope`,
    /// `TeamIdentifier`, `PayloadEnabled`, …), as SPEC §6 says.
    pub(crate) fn lost(&mut self, severity: Severity, what: &str, why: &str) {
        let help = match severity {
            Severity::Info => "nothing to do: it has no effect on iOS/iPadOS devices",
            _ => {
                "if the device needs it, keep deploying the original profile, or add it to the \
                 exported .mobileconfig yourself"
            }
        };
        self.findings
            .push(not_carried(severity, Field::File, what, why, help));
    }

    /// Any other finding on the file (X006, X007).
    pub(crate) fn finding(&mut self, d: Diagnostic) {
        self.findings.push(d);
    }

    fn into_imported(self, draft: Draft, kind: SourceKind, sso_payloads: usize) -> Imported {
        Imported {
            draft,
            kind,
            notes: self.notes,
            findings: self.findings,
            sso_payloads,
            carries_assignments: kind == SourceKind::Answers,
        }
    }
}

/// The diagnostic code of an import failure (SPEC §6).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ImportCode {
    /// Unreadable or malformed content: answers-file errors, a profile without an SSO
    /// payload, malformed plist or JSON, an assign body instead of a profile.
    X002,
    /// Refused outright: a signed (CMS) profile, binary garbage, or more than 16 MiB.
    X003,
}

impl ImportCode {
    /// `X002` | `X003`.
    pub fn as_str(self) -> &'static str {
        match self {
            ImportCode::X002 => "X002",
            ImportCode::X003 => "X003",
        }
    }
}

/// Why a file could not be imported. Print as `error[{code}]: {message}` plus `help: {help}`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportError {
    /// X002 or X003.
    pub code: ImportCode,
    /// What is wrong, one sentence, control characters escaped.
    pub message: String,
    /// How to fix it.
    pub help: String,
    /// 1-based line, where known.
    pub line: Option<usize>,
    /// 1-based column in characters, where known.
    pub column: Option<usize>,
    /// True when the file could not be read at all (I/O): exit code 2, not 1.
    pub io: bool,
}

impl ImportError {
    fn new(code: ImportCode, message: impl Into<String>, help: impl Into<String>) -> Self {
        ImportError {
            code,
            message: message.into(),
            help: help.into(),
            line: None,
            column: None,
            io: false,
        }
    }

    // X002/X003: our decisions (SPEC §6); a site that applies an outside format rule cites it.
    fn x002(message: impl Into<String>, help: impl Into<String>) -> Self {
        ImportError::new(ImportCode::X002, message, help)
    }

    fn x003(message: impl Into<String>, help: impl Into<String>) -> Self {
        ImportError::new(ImportCode::X003, message, help)
    }

    fn at(mut self, line: usize, column: usize) -> Self {
        self.line = Some(line);
        self.column = Some(column);
        self
    }

    /// The code as printed (`X002`, `X003`).
    pub fn code_str(&self) -> &'static str {
        self.code.as_str()
    }

    /// The same failure as a [`Diagnostic`] on the file, for `check` output.
    pub fn to_diagnostic(&self) -> Diagnostic {
        let message = match (self.line, self.column) {
            (Some(l), Some(c)) => format!("line {l}, column {c}: {}", self.message),
            _ => self.message.clone(),
        };
        Diagnostic {
            code: self.code.as_str(),
            severity: Severity::Error,
            field: Field::File,
            message,
            help: self.help.clone(),
            fix: None,
        }
    }
}

impl fmt::Display for ImportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.line, self.column) {
            (Some(l), Some(c)) => write!(f, "line {l}, column {c}: {}", self.message),
            _ => f.write_str(&self.message),
        }
    }
}

impl std::error::Error for ImportError {}

const SIGNED_HELP: &str = "signed profile: export the unsigned profile from your MDM, or strip \
the signature with `openssl smime -verify -noverify -inform DER -in signed.mobileconfig -out \
unsigned.mobileconfig` (or on macOS `security cms -D -i signed.mobileconfig -o \
unsigned.mobileconfig`), then import unsigned.mobileconfig";

/// Import a file: refuse it by its kind and size before reading it whole, then
/// [`import_reader`].
pub fn import_path(path: &Path) -> Result<Imported, ImportError> {
    import_path_payload(path, None)
}

/// [`import_path`], picking SSO payload `pick` (1-based) of a profile that has several.
pub fn import_path_payload(path: &Path, pick: Option<usize>) -> Result<Imported, ImportError> {
    import_payload(&read_input(path)?, pick)
}

/// The bytes of an input file: [`open_input`]'s checks, then at most one byte past
/// [`MAX_INPUT_BYTES`] (so [`import`] can say it is too large without holding all of it).
/// Read once: a file that is replaced meanwhile cannot be read twice differently.
pub fn read_input(path: &Path) -> Result<Vec<u8>, ImportError> {
    read_bounded(open_input(path)?).map_err(|e| {
        let shown = escape_for_terminal(&path.display().to_string());
        io_error(format!("cannot read {shown}: {e}"))
    })
}

fn read_bounded(reader: impl Read) -> std::io::Result<Vec<u8>> {
    let mut bytes = Vec::new();
    reader.take(MAX_INPUT_BYTES + 1).read_to_end(&mut bytes)?;
    Ok(bytes)
}

/// Open a file to import: only a regular file of at most [`MAX_INPUT_BYTES`]. Opening never
/// blocks (a named pipe with no writer would wait forever), and the kind is read from the
/// opened file itself, so it cannot be swapped between the check and the read.
pub fn open_input(path: &Path) -> Result<File, ImportError> {
    let shown = escape_for_terminal(&path.display().to_string());
    let io_error = |e: std::io::Error| io_error(format!("cannot read {shown}: {e}"));
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK);
    }
    let file = options.open(path).map_err(io_error)?;
    let meta = file.metadata().map_err(io_error)?;
    let kind = if meta.is_dir() {
        Some("a folder")
    } else if !meta.is_file() {
        Some(special_kind(&meta))
    } else {
        None
    };
    if let Some(kind) = kind {
        return Err(ImportError {
            io: true,
            ..ImportError::x002(
                format!("{shown} is {kind}, not a regular file"),
                "give an answers file (.toml), a .mobileconfig or a Graph .json; to read what \
                 a command prints, save it to a file first",
            )
        });
    }
    if meta.len() > MAX_INPUT_BYTES {
        return Err(too_large(meta.len()));
    }
    Ok(file)
}

fn special_kind(meta: &std::fs::Metadata) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        let t = meta.file_type();
        if t.is_fifo() {
            return "a named pipe";
        }
        if t.is_socket() {
            return "a socket";
        }
        if t.is_char_device() || t.is_block_device() {
            return "a device";
        }
    }
    let _ = meta;
    "not a file"
}

/// Import from a reader (a file, standard input): reads at most [`MAX_INPUT_BYTES`] + 1
/// bytes, so memory stays bounded whatever the source, then [`import`]s them.
pub fn import_reader(reader: impl Read) -> Result<Imported, ImportError> {
    let bytes =
        read_bounded(reader).map_err(|e| io_error(format!("cannot read the input: {e}")))?;
    import(&bytes)
}

fn io_error(message: String) -> ImportError {
    ImportError {
        io: true,
        ..ImportError::x002(message, "check the path and that you may read the file")
    }
}

// Our decision: 16 MiB is far above any SSO profile and bounds memory.
fn too_large(len: u64) -> ImportError {
    ImportError::x003(
        format!(
            "the file is {} MiB; profiles over 16 MiB are refused",
            len.div_ceil(1024 * 1024)
        ),
        "a Single sign-on app extension profile is a few kilobytes: check that this is the right file",
    )
}

/// Import the bytes of an answers file, a `.mobileconfig` or a Graph JSON profile,
/// sniffing the kind from the content. A profile with several SSO payloads reads the first
/// (with an X007 finding); [`import_payload`] picks one.
pub fn import(bytes: &[u8]) -> Result<Imported, ImportError> {
    import_payload(bytes, None)
}

/// [`import`], reading SSO payload `pick` (1-based) of a `.mobileconfig` that has several
/// (`--payload N`). Other inputs have one profile and ignore `pick` unless it is above 1.
pub fn import_payload(bytes: &[u8], pick: Option<usize>) -> Result<Imported, ImportError> {
    let imported = import_sniffed(bytes, pick)?;
    if let Some(n) = pick
        && n > imported.sso_payloads
    {
        return Err(ImportError::x002(
            format!(
                "--payload {n}: the input has {} SSO payload(s)",
                imported.sso_payloads
            ),
            "leave --payload out, or give a number `sso-wizard check FILE` lists",
        ));
    }
    Ok(imported)
}

fn import_sniffed(bytes: &[u8], pick: Option<usize>) -> Result<Imported, ImportError> {
    if bytes.len() as u64 > MAX_INPUT_BYTES {
        return Err(too_large(bytes.len() as u64));
    }
    if bytes.starts_with(b"bplist") {
        return mobileconfig::import_binary(bytes, pick);
    }
    // Our decision: we do not verify or strip signatures (Apple's profiles may be signed
    // with CMS, RFC 5652), so a signed file is refused rather than read past its signature.
    if is_signed_cms(bytes) {
        return Err(ImportError::x003(
            "this is a signed (CMS/PKCS #7) profile; sso-wizard reads unsigned profiles only",
            SIGNED_HELP,
        ));
    }
    if skip_bom_and_space(bytes).starts_with(b"-----BEGIN PKCS7-----")
        || skip_bom_and_space(bytes).starts_with(b"-----BEGIN CMS-----")
    {
        return Err(ImportError::x003(
            "this is a signed (CMS/PKCS #7, PEM) profile; sso-wizard reads unsigned profiles only",
            SIGNED_HELP.replace("-inform DER", "-inform PEM"),
        ));
    }
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return Err(ImportError::x002(
            "the file is UTF-16 encoded",
            "save it as UTF-8 (for a profile: `plutil -convert xml1 FILE` on macOS) and import it again",
        ));
    }
    let body = skip_bom_and_space(bytes);
    if body.is_empty() {
        return Err(ImportError::x002(
            "the file is empty",
            "import an answers file (.toml), a .mobileconfig or the JSON of an Intune profile",
        ));
    }
    if let Some(err) = too_many_values(body) {
        return Err(err);
    }
    // Garbage that happens to start with `<` or `{` is still garbage (X003), not a
    // malformed document (X002).
    if looks_binary(bytes) {
        return Err(ImportError::x003(
            "this is a binary file, not an answers file, a .mobileconfig or Graph JSON",
            "import an answers file (.toml), an unsigned .mobileconfig (XML or binary plist) \
             or the JSON of an Intune iOS device features profile",
        ));
    }
    match body.first() {
        Some(b'<') => {
            let text = text_of(bytes, SourceKind::Mobileconfig)?;
            mobileconfig::import_xml(text, pick)
        }
        Some(b'{') => {
            let text = text_of(bytes, SourceKind::Graph)?;
            graph::import_json(text)
        }
        // `[profile]` or `[[extension.config]]` is TOML; `[{` (or `[]`) is a JSON array,
        // as some Intune backup tools write a list of profiles.
        Some(b'[') if matches!(skip_bom_and_space(&body[1..]).first(), Some(b'{' | b']')) => {
            let text = text_of(bytes, SourceKind::Graph)?;
            graph::import_json(text)
        }
        _ => {
            let text = text_of(bytes, SourceKind::Answers)?;
            import_answers(text)
        }
    }
}

fn import_answers(text: &str) -> Result<Imported, ImportError> {
    // Draft::from_toml expects no BOM; editors on Windows like to add one.
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    match Draft::from_toml(text) {
        Ok(draft) => Ok(Log::default().into_imported(draft, SourceKind::Answers, 1)),
        Err(AnswersError {
            message,
            line,
            column,
        }) => Err(ImportError {
            line,
            column,
            ..ImportError::x002(
                format!("answers file: {}", escape_for_terminal(&message)),
                "fix the answers file (it starts with `format = 1`; a draft the wizard saved is \
                 a complete example), or start over with `sso-wizard`",
            )
        }),
    }
}

/// X003 when the text has more separators than any profile could: checked on the raw bytes
/// (strings included, so it over-counts), before a parser allocates per value.
fn too_many_values(bytes: &[u8]) -> Option<ImportError> {
    let count = bytes
        .iter()
        .filter(|b| matches!(b, b',' | b'[' | b'{' | b'<' | b'=' | b':' | b'\n'))
        .count();
    (count > MAX_SEPARATORS).then(|| {
        ImportError::x003(
            format!(
                "the file has {count} separators (values, entries, lines); a profile has a few hundred, and more than {MAX_SEPARATORS} are refused"
            ),
            "a Single sign-on app extension profile is a few kilobytes: check that this is the right file",
        )
    })
}

/// The pkcs7-signedData OID 1.2.840.113549.1.7.2, DER encoded with its tag and length.
const SIGNED_DATA_OID: [u8; 11] = [
    0x06, 0x09, 0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x07, 0x02,
];

/// A DER/BER `ContentInfo` whose content type is signedData: a SEQUENCE (0x30) with the
/// OID within the first few bytes (after the SEQUENCE's length octets).
fn is_signed_cms(bytes: &[u8]) -> bool {
    if bytes.first() != Some(&0x30) {
        return false;
    }
    let head = &bytes[..bytes.len().min(32)];
    head.windows(SIGNED_DATA_OID.len())
        .any(|w| w == SIGNED_DATA_OID)
}

fn skip_bom_and_space(bytes: &[u8]) -> &[u8] {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let start = bytes
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(bytes.len());
    &bytes[start..]
}

/// Binary, as opposed to text in some encoding: more than 10% of the first 8000 bytes are
/// control characters (NUL included) or not UTF-8. A text file with a stray NUL or a
/// Latin-1 "é" is not binary: it gets X002 with the position instead.
fn looks_binary(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(8000)];
    let mut bad = 0usize;
    let mut rest = head;
    while !rest.is_empty() {
        match std::str::from_utf8(rest) {
            Ok(s) => {
                bad += s.chars().filter(|c| is_odd_control(*c)).count();
                break;
            }
            Err(e) => {
                let (good, tail) = rest.split_at(e.valid_up_to());
                // `good` is valid UTF-8 by construction.
                bad += std::str::from_utf8(good)
                    .map_or(0, |s| s.chars().filter(|c| is_odd_control(*c)).count());
                // A sequence cut off by the 8000-byte window is not evidence of binary.
                let Some(skip) = e.error_len() else { break };
                bad += skip;
                rest = &tail[skip..];
            }
        }
    }
    bad * 10 > head.len()
}

fn is_odd_control(c: char) -> bool {
    c.is_control() && !matches!(c, '\n' | '\r' | '\t')
}

/// The input as text, or X002 pointing at the first invalid UTF-8 sequence or NUL.
fn text_of(bytes: &[u8], kind: SourceKind) -> Result<&str, ImportError> {
    let what = kind.as_str();
    let text = match std::str::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            let valid = &bytes[..e.valid_up_to()];
            // `valid` is UTF-8 by construction, so this cannot fail.
            let before = std::str::from_utf8(valid).unwrap_or("");
            let (line, column) = line_col(before, before.len());
            return Err(ImportError::x002(
                format!(
                    "the {what} is not valid UTF-8 (byte 0x{:02X})",
                    bytes[e.valid_up_to()]
                ),
                "save the file as UTF-8 and import it again",
            )
            .at(line, column));
        }
    };
    if let Some(i) = text.find('\0') {
        let (line, column) = line_col(text, i);
        return Err(ImportError::x002(
            format!("the {what} contains a NUL byte"),
            "remove the NUL byte (the file may be truncated or corrupted)",
        )
        .at(line, column));
    }
    Ok(text)
}

/// Split a comma list (`AppAllowList`) into entries: trim every kind of Unicode space
/// (U+202F from copied Microsoft examples, NBSP, zero-width space, BOM) and drop empty
/// entries. Returns the entries and whether anything had to be trimmed or dropped.
pub(crate) fn split_comma_list(s: &str) -> (Vec<String>, bool) {
    let mut changed = false;
    let mut out = Vec::new();
    for part in s.split(',') {
        let trimmed = part.trim_matches(|c: char| c.is_whitespace() || is_invisible(c));
        if trimmed.len() != part.len() {
            changed = true;
        }
        if trimmed.is_empty() {
            changed = true;
        } else {
            out.push(trimmed.to_string());
        }
    }
    (out, changed)
}

fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}'
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comma_lists_lose_spaces_invisible_characters_and_empty_entries() {
        let (entries, changed) = split_comma_list("com.a,\u{200B}com.b\u{FEFF}, ,\u{202F}com.c");
        assert_eq!(entries, ["com.a", "com.b", "com.c"]);
        assert!(changed);
        assert_eq!(
            split_comma_list("com.a,com.b"),
            (vec!["com.a".into(), "com.b".into()], false)
        );
    }

    #[test]
    fn escapes_controls_but_not_text() {
        assert_eq!(
            escape_for_terminal("a\u{1b}[31mb\nc\u{202E}é"),
            "a\\u{1b}[31mb\\nc\\u{202e}é"
        );
    }

    #[test]
    fn comma_lists_trim_unicode_space() {
        let (ids, changed) = split_comma_list("com.a,\u{202F}com.b , ,\u{00A0}com.c,");
        assert_eq!(ids, ["com.a", "com.b", "com.c"]);
        assert!(changed);
        assert_eq!(
            split_comma_list("com.a,com.b"),
            (vec!["com.a".into(), "com.b".into()], false)
        );
        assert_eq!(split_comma_list(""), (vec![], true));
    }

    #[test]
    fn cms_needs_the_oid() {
        let mut signed = vec![0x30, 0x80];
        signed.extend_from_slice(&SIGNED_DATA_OID);
        assert!(is_signed_cms(&signed));
        let mut signed = vec![0x30, 0x82, 0x12, 0x34];
        signed.extend_from_slice(&SIGNED_DATA_OID);
        assert!(is_signed_cms(&signed));
        assert!(!is_signed_cms(b"0 = not cms"));
    }

    #[test]
    fn binary_heuristic() {
        assert!(looks_binary(b"abc\0def"));
        assert!(!looks_binary(b"format = 1\n[profile]\nname = \"a\0b\"\n"));
        assert!(looks_binary(&[0x80, 0x81, 0x82, 0x83, b'a']));
        assert!(!looks_binary("format = 1\nname = \"Société\"\n".as_bytes()));
        assert!(!looks_binary(
            b"format = 1\nname = \"Soci\xe9t\xe9 and much more text here\"\n"
        ));
    }
}
