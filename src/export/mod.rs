//! Exporters (SPEC §5): `.mobileconfig`, the Graph profile body, the two assign bodies
//! and the `all` folder. Pure: they return bytes; the caller decides where they go.

use std::fmt;
use std::path::PathBuf;

use crate::draft::Draft;

/// What `export --format` can produce.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, clap::ValueEnum)]
pub enum Format {
    /// Apple configuration profile (XML plist).
    Mobileconfig,
    /// Graph profile create body.
    Graph,
    /// Graph assign body for the profile.
    GraphAssign,
    /// Graph assign body making Microsoft Authenticator a required app.
    AuthenticatorAssign,
    /// A folder with every file above plus REQUESTS.md.
    All,
}

/// One file an export produces, relative to the output location.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputFile {
    /// Relative path (for `all`: inside the folder; otherwise the default file name).
    pub path: PathBuf,
    /// The exact bytes to write.
    pub bytes: Vec<u8>,
}

/// A draft that cannot make a valid document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportError {
    /// One line per problem, each saying what is wrong and how to fix it.
    pub problems: Vec<String>,
}

impl fmt::Display for ExportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.problems.join("\n"))
    }
}

impl std::error::Error for ExportError {}

/// The file(s) `format` produces for `draft`, with their default relative paths
/// (single formats: `<slug>.<ext>`; `all`: paths inside the `<slug>/` folder, without
/// the folder itself). Refuses a draft that cannot make a valid document.
pub fn render(_draft: &Draft, _format: Format) -> Result<Vec<OutputFile>, ExportError> {
    todo!("exporters: issue 2")
}
