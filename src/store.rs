//! Files on disk: atomic writes that never leave a half-written or clobbered file, and the
//! wizard's drafts folder.

use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use time::format_description::BorrowedFormatItem;
use time::macros::format_description;
use time::{OffsetDateTime, PrimitiveDateTime};

use crate::draft::{AnswersError, Draft};
use crate::export::OutputFile;

/// Write `bytes` to `path` atomically: a temporary file in the same directory, flushed,
/// then renamed over the target. With `overwrite == false` an existing file is left
/// untouched and `AlreadyExists` is returned (checked again at rename time via a
/// no-clobber persist, so a file that appears meanwhile is not replaced either).
/// The file gets the permissions of an ordinary new file (0666 less the umask): an
/// exported profile is meant to be uploaded or shared.
pub fn write_atomic(path: &Path, bytes: &[u8], overwrite: bool) -> io::Result<()> {
    write_atomic_mode(path, bytes, overwrite, 0o666)
}

/// [`write_atomic`] for a file only its owner may read (drafts: mode 0600 from creation,
/// so there is no moment when another user could open it).
pub fn write_atomic_private(path: &Path, bytes: &[u8], overwrite: bool) -> io::Result<()> {
    write_atomic_mode(path, bytes, overwrite, 0o600)
}

fn write_atomic_mode(path: &Path, bytes: &[u8], overwrite: bool, mode: u32) -> io::Result<()> {
    // A bare file name's parent is "" (as good as "." for joining: cargo-mutants' "guard
    // always true" is equivalent); what matters is that the temporary file is made beside
    // the target, never in the current directory (tests/cli.rs runs an export from /proc).
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    if let Ok(meta) = std::fs::symlink_metadata(path) {
        // Renaming over a device, pipe or folder would replace it with a plain file
        // (`--out /dev/null --force` would delete /dev/null): never do that, and say so
        // before asking whether to overwrite.
        if !meta.is_file() && !meta.file_type().is_symlink() {
            return Err(io::Error::other(
                "it is not a regular file, so it is not replaced (use `--out -` to write to stdout)",
            ));
        }
        if !overwrite {
            return Err(io::Error::new(
                io::ErrorKind::AlreadyExists,
                format!("{} already exists", path.display()),
            ));
        }
    }
    let mut builder = tempfile::Builder::new();
    builder.prefix(".sso-wizard-").suffix(".tmp");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        // The mode is passed to open(2), so the umask still applies.
        builder.permissions(std::fs::Permissions::from_mode(mode));
    }
    #[cfg(not(unix))]
    let _ = mode;
    let mut tmp = builder.tempfile_in(dir)?;
    tmp.write_all(bytes)?;
    tmp.as_file().sync_all()?;
    if overwrite {
        tmp.persist(path).map_err(|e| e.error)?;
    } else {
        tmp.persist_noclobber(path).map_err(|e| e.error)?;
    }
    Ok(())
}

/// The file every `all` folder gets, listing the files that export wrote. `--force`
/// replaces only a folder that holds it, so a folder of the admin's own `.mobileconfig`
/// files or `graph/*.json` bodies is never taken for an export.
pub const EXPORT_MARKER: &str = ".sso-wizard-export";
/// First line of [`EXPORT_MARKER`]; a file without it is not our marker.
const MARKER_HEADER: &str = "# sso-wizard export";
/// A marker longer than this is not ours (ours lists five short paths).
const MARKER_MAX: u64 = 64 * 1024;

/// Write a folder of files so that the target is either the old folder or the complete new
/// one, never a mix: build it beside the target, then swap it in with renames. The folder
/// also gets [`EXPORT_MARKER`], listing `files`.
///
/// An existing target is replaced only with `force`, and only when it is a folder an
/// earlier export made (it holds the marker) and holds nothing but the regular files the
/// marker lists. Anything else in it (a file the admin added, a symbolic link, a folder) makes
/// the replace fail with a message naming it, rather than being kept or deleted: the folder
/// is replaced as a whole (that is what keeps the swap atomic), keeping a foreign file would
/// mix it into a fresh export that REQUESTS.md does not describe, and deleting it would lose
/// the admin's work. Moving one file out is an easy fix once the message names it.
pub fn write_folder(dir: &Path, files: &[OutputFile], force: bool) -> io::Result<()> {
    // Our decision: an existing EMPTY folder (a real one, not a link) is used as the
    // folder, without `--force`: it holds nothing to lose, and `mkdir intune && export
    // --out intune` is what an admin types. Anything else that exists is replaced only
    // with `--force`, and only if it is one of our exports.
    let empty = is_empty_dir(dir);
    if !empty && std::fs::symlink_metadata(dir).is_ok() {
        if !force {
            return Err(io::Error::new(io::ErrorKind::AlreadyExists, "exists"));
        }
        check_replaceable(dir).map_err(io::Error::other)?;
    }
    // As in `write_atomic_mode`: "" joins like "." (the guard's "always true" mutant is
    // equivalent); the folder is built beside the target, never in the current directory.
    let parent = match dir.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let mut builder = tempfile::Builder::new();
    builder.prefix(".sso-wizard-");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        // An ordinary folder once swapped in (0777 less the umask), not tempdir's 0700.
        builder.permissions(std::fs::Permissions::from_mode(0o777));
    }
    let staging = builder.tempdir_in(parent)?;
    for f in files {
        let path = staging.path().join(&f.path);
        if let Some(p) = path.parent() {
            std::fs::create_dir_all(p)?;
        }
        write_new(&path, f)?;
    }
    std::fs::write(staging.path().join(EXPORT_MARKER), marker_text(files))?;
    if empty {
        // `remove_dir` fails if something was put in it meanwhile: then nothing is lost.
        std::fs::remove_dir(dir)?;
        std::fs::rename(staging.path(), dir)?;
    } else if std::fs::symlink_metadata(dir).is_ok() {
        // --force: move the old one aside first so a failed swap can be undone.
        let aside = tempfile::Builder::new()
            .prefix(".sso-wizard-old-")
            .tempdir_in(parent)?;
        let old = aside.path().join("old");
        std::fs::rename(dir, &old)?;
        // Checked again where nobody else writes: a file added since the first check
        // would otherwise be deleted with the old copy.
        let failed = match check_replaceable(&old) {
            Err(why) => Some(why),
            Ok(()) => std::fs::rename(staging.path(), dir)
                .err()
                .map(|e| e.to_string()),
        };
        if let Some(why) = failed {
            if let Err(e) = std::fs::rename(&old, dir) {
                // Never let the guard delete the old folder that could not be put back.
                let kept = aside.keep().join("old");
                return Err(io::Error::other(format!(
                    "{why}; the old folder could not be moved back ({e}) and is now {}",
                    crate::rules::escape_for_terminal(&kept.display().to_string())
                )));
            }
            return Err(io::Error::other(why));
        }
        // `aside` removes the old copy when dropped.
    } else {
        std::fs::rename(staging.path(), dir)?;
    }
    // The staging path no longer exists; dropping the guard is a no-op.
    Ok(())
}

/// Whether `dir` is a folder (not a link to one) with nothing in it.
fn is_empty_dir(dir: &Path) -> bool {
    std::fs::symlink_metadata(dir).is_ok_and(|m| m.is_dir())
        && std::fs::read_dir(dir).is_ok_and(|mut entries| entries.next().is_none())
}

/// Create `path` (in the fresh staging folder) with `f`'s bytes: mode 0666, or 0777 for an
/// executable, less the umask (passed to open(2)), like any program's new file or script.
fn write_new(path: &Path, f: &OutputFile) -> io::Result<()> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(if f.executable { 0o777 } else { 0o666 });
    }
    options.open(path)?.write_all(&f.bytes)
}

/// The marker's text: a header saying what it is for, then one written path per line.
fn marker_text(files: &[OutputFile]) -> String {
    let mut text = format!(
        "{MARKER_HEADER}: `sso-wizard export --format all --force` replaces this folder \
         only while it holds nothing but the files listed below.\n"
    );
    for f in files {
        text.push_str(&slash_path(&f.path));
        text.push('\n');
    }
    text
}

/// `graph/profile.json` on every platform.
fn slash_path(p: &Path) -> String {
    p.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// Whether `--force` may replace `dir`: Ok for an earlier `all` export that holds only the
/// regular files its marker lists; otherwise what is wrong and what to do, for the admin.
fn check_replaceable(dir: &Path) -> Result<(), String> {
    let not_ours = format!(
        "it is not an sso-wizard export (it has no {EXPORT_MARKER} file), so --force does not \
         replace it; give a new folder with --out"
    );
    let meta = std::fs::symlink_metadata(dir).map_err(|e| e.to_string())?;
    if !meta.is_dir() {
        return Err(not_ours);
    }
    let listed = read_marker(&dir.join(EXPORT_MARKER)).ok_or(not_ours)?;
    match foreign_entry(dir, "", &listed) {
        None => Ok(()),
        Some(why) => Err(why),
    }
}

/// The paths a marker lists, or None when `path` is not a marker this tool wrote (missing,
/// not a regular file, too long, no header).
fn read_marker(path: &Path) -> Option<std::collections::BTreeSet<String>> {
    use std::io::Read;
    if !std::fs::symlink_metadata(path).ok()?.is_file() {
        return None;
    }
    let mut text = String::new();
    std::fs::File::open(path)
        .ok()?
        .take(MARKER_MAX + 1)
        .read_to_string(&mut text)
        .ok()?;
    if text.len() as u64 > MARKER_MAX || !text.starts_with(MARKER_HEADER) {
        return None;
    }
    Some(
        text.lines()
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .map(str::to_string)
            .collect(),
    )
}

/// What under `dir` (whose path inside the export folder is `rel`) the marker does not
/// account for, as a message for the admin; None when the marker accounts for everything.
/// Symbolic links are never followed; only folders on the way to a listed file are entered.
fn foreign_entry(
    dir: &Path,
    rel: &str,
    listed: &std::collections::BTreeSet<String>,
) -> Option<String> {
    let shown = |p: &str| crate::rules::escape_for_terminal(p);
    let unreadable = |p: &str, e: io::Error| {
        Some(format!(
            "`{}` in it cannot be read ({e}), so --force does not replace the folder",
            shown(p)
        ))
    };
    let rd = match std::fs::read_dir(dir) {
        Ok(rd) => rd,
        Err(e) => return unreadable(rel, e),
    };
    for entry in rd {
        let entry = match entry {
            Ok(entry) => entry,
            Err(e) => return unreadable(rel, e),
        };
        let name = entry.file_name().to_string_lossy().into_owned();
        let path = if rel.is_empty() {
            name
        } else {
            format!("{rel}/{name}")
        };
        let kind = match entry.file_type() {
            Ok(kind) => kind,
            Err(e) => return unreadable(&path, e),
        };
        if kind.is_file() && (listed.contains(&path) || path == EXPORT_MARKER) {
            continue;
        }
        if kind.is_dir() && listed.iter().any(|l| l.starts_with(&format!("{path}/"))) {
            match foreign_entry(&entry.path(), &path, listed) {
                None => continue,
                found => return found,
            }
        }
        let what = if kind.is_symlink() {
            "a symbolic link"
        } else if kind.is_dir() {
            "a folder"
        } else if kind.is_file() {
            "a file"
        } else {
            "a special file"
        };
        return Some(format!(
            "it holds {what} `{}` that sso-wizard did not write, so --force does not replace \
             the folder (that would delete it); move it out of the folder, or give a new \
             folder with --out",
            shown(&path)
        ));
    }
    None
}

/// `~/…` as the shell would expand it (paths typed into the wizard do not pass a shell).
/// An empty HOME is no home: `~` then stays as typed (never the empty path or `/`).
pub fn expand_home(path: &str) -> PathBuf {
    let home = std::env::var_os("HOME").filter(|h| !h.is_empty());
    match (path.strip_prefix("~/"), home) {
        (Some(rest), Some(home)) => PathBuf::from(home).join(rest),
        (None, Some(home)) if path == "~" => PathBuf::from(home),
        _ => PathBuf::from(path),
    }
}

// ---- Drafts directory (the wizard's autosaves) ----------------------------------------

/// Environment variable that replaces the platform data directory (tests, portable use).
pub const DATA_DIR_ENV: &str = "SSO_WIZARD_DATA_DIR";

/// Where drafts live: `$SSO_WIZARD_DATA_DIR/drafts` when set (and non-empty), else the
/// platform data directory's `drafts` folder (e.g. `~/.local/share/sso-wizard/drafts`).
pub fn drafts_dir() -> io::Result<PathBuf> {
    if let Some(dir) = std::env::var_os(DATA_DIR_ENV).filter(|v| !v.is_empty()) {
        return Ok(PathBuf::from(dir).join("drafts"));
    }
    directories::ProjectDirs::from("", "", "sso-wizard")
        .map(|p| p.data_dir().join("drafts"))
        .ok_or_else(|| {
            io::Error::new(
                io::ErrorKind::NotFound,
                format!("no home directory found; set {DATA_DIR_ENV}"),
            )
        })
}

/// Whether the drafts folder `dir` and the data folder holding it are safe to read drafts
/// from and save them to; if not, what is wrong and how to fix it, for the admin.
///
/// Refused: a drafts folder that is a symbolic link (a link planted in a shared data folder
/// would make the wizard read, set aside and chmod the files it points to), and either folder
/// owned by another user or writable by group or others (someone else could plant one).
/// The data folder may itself be a link (dotfile setups); what it points to is checked.
/// Folders that do not exist yet are fine: [`save_draft`] creates them, private.
pub fn check_drafts_dir(dir: &Path) -> Result<(), String> {
    let shown = |p: &Path| crate::rules::escape_for_terminal(&p.display().to_string());
    let elsewhere = format!("or set {DATA_DIR_ENV} to a folder of your own");
    if let Some(data) = dir.parent().filter(|p| !p.as_os_str().is_empty())
        && let Ok(meta) = std::fs::metadata(data)
    {
        if !meta.is_dir() {
            return Err(format!(
                "{} is not a folder, so drafts cannot be kept in it: remove it, {elsewhere}",
                shown(data)
            ));
        }
        check_owner(&meta).map_err(|why| {
            format!(
                "{} {why}, so drafts are neither read from nor saved in it: {}, {elsewhere}",
                shown(data),
                owner_fix(&meta, data)
            )
        })?;
    }
    let meta = match std::fs::symlink_metadata(dir) {
        Ok(meta) => meta,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(format!("cannot read {}: {e}", shown(dir))),
    };
    if meta.file_type().is_symlink() {
        return Err(format!(
            "{} is a symbolic link, and drafts are never read or saved through one: remove the \
             link (the wizard then makes a private folder), {elsewhere}",
            shown(dir)
        ));
    }
    if !meta.is_dir() {
        return Err(format!(
            "{} is not a folder, so drafts cannot be kept in it: remove it, {elsewhere}",
            shown(dir)
        ));
    }
    check_owner(&meta).map_err(|why| {
        format!(
            "{} {why}, so drafts are neither read from nor saved in it: {}, {elsewhere}",
            shown(dir),
            owner_fix(&meta, dir)
        )
    })
}

/// Ok when the current user owns the folder and nobody else may write in it.
#[cfg(unix)]
fn check_owner(meta: &std::fs::Metadata) -> Result<(), String> {
    use std::os::unix::fs::MetadataExt;
    // SAFETY: geteuid has no preconditions and cannot fail.
    let me = unsafe { libc::geteuid() };
    if meta.uid() != me {
        return Err(format!("is owned by another user (uid {})", meta.uid()));
    }
    let mode = meta.mode() & 0o777;
    if mode & 0o002 != 0 {
        return Err(format!("is writable by all users (mode {mode:o})"));
    }
    if mode & 0o020 != 0 {
        return Err(format!("is writable by its group (mode {mode:o})"));
    }
    Ok(())
}

#[cfg(not(unix))]
fn check_owner(_meta: &std::fs::Metadata) -> Result<(), String> {
    Ok(())
}

/// How to fix what [`check_owner`] refused.
fn owner_fix(meta: &std::fs::Metadata, dir: &Path) -> String {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        // SAFETY: as in check_owner.
        if meta.uid() == unsafe { libc::geteuid() } {
            return format!(
                "run `chmod go-w {}`",
                crate::rules::escape_for_terminal(&dir.display().to_string())
            );
        }
    }
    let _ = (meta, dir);
    "use a folder you own".to_string()
}

/// Create the drafts folder `dir` if needed (0700, parents too) after [`check_drafts_dir`]
/// allows it, and make it private (0700) again if it was not: never through a link.
fn prepare_drafts_dir(dir: &Path) -> io::Result<()> {
    check_drafts_dir(dir).map_err(io::Error::other)?;
    if std::fs::symlink_metadata(dir).is_err() {
        let mut b = std::fs::DirBuilder::new();
        b.recursive(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::DirBuilderExt;
            b.mode(0o700);
        }
        b.create(dir)?;
        // Checked again: what is there now is what gets chmod-ed.
        check_drafts_dir(dir).map_err(io::Error::other)?;
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700))?;
    }
    Ok(())
}

/// A fresh draft file name in `dir`: `draft-YYYYMMDD-HHMMSS-<pid>.toml` (UTC), with `-1`,
/// `-2`, … before `.toml` when that file exists (a copy made in the same second).
pub fn new_draft_path(dir: &Path) -> PathBuf {
    let now = in_utc(
        SystemTime::now(),
        format_description!("[year][month][day]-[hour][minute][second]"),
    );
    let stem = format!("draft-{now}-{}", std::process::id());
    let mut path = dir.join(format!("{stem}.toml"));
    let mut n = 0;
    // The bound only stops a folder full of copies from looping for ever (1000 or 1001
    // tries: the same).
    while std::fs::symlink_metadata(&path).is_ok() && n < 1000 {
        n += 1;
        path = dir.join(format!("{stem}-{n}.toml"));
    }
    path
}

/// Whether `name` is named like the drafts [`new_draft_path`] makes (`draft-` digits and
/// dashes `.toml`): the only files the wizard ever renames.
pub fn is_draft_name(name: &str) -> bool {
    name.strip_prefix("draft-")
        .and_then(|rest| rest.strip_suffix(".toml"))
        .is_some_and(|mid| !mid.is_empty() && mid.bytes().all(|b| b.is_ascii_digit() || b == b'-'))
}

/// Save a draft as an answers file: atomically, mode 0600, in a 0700 folder that
/// [`check_drafts_dir`] allows.
pub fn save_draft(path: &Path, draft: &Draft) -> io::Result<()> {
    save_draft_at_step(path, draft, None)
}

/// Where the wizard was when a draft was saved: a comment line at the top of the draft,
/// `# sso-wizard step: 4`, so a resumed draft opens at the step where it was left.
///
/// Our decision: a comment, not a key. The answers-file reader skips comments, so what
/// `export` and `check` read is unchanged, a `format = 1` file without the line reads as
/// before (and opens at step 1), and the draft stays a valid answers file for any build.
/// Only the wizard's own drafts carry it; Ctrl+S and exports do not.
pub const STEP_COMMENT: &str = "# sso-wizard step: ";

/// Save a draft as [`save_draft`] does, noting the wizard's step (1–7) when given.
pub fn save_draft_at_step(path: &Path, draft: &Draft, step: Option<u8>) -> io::Result<()> {
    if let Some(dir) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        prepare_drafts_dir(dir)?;
    }
    let text = match step {
        Some(n) => format!("{STEP_COMMENT}{n}\n{}", draft.to_toml()),
        None => draft.to_toml(),
    };
    write_atomic_private(path, text.as_bytes(), true)
}

/// The step noted by [`save_draft_at_step`] in a draft's leading comments, if any (1–7).
pub fn draft_step(text: &str) -> Option<u8> {
    text.lines()
        .take_while(|l| l.starts_with('#'))
        .find_map(|l| l.strip_prefix(STEP_COMMENT)?.trim().parse::<u8>().ok())
        .filter(|n| (1..=7).contains(n))
}

/// The lock of a draft open in a wizard: while one wizard holds it, another does not write
/// that draft (it works on a copy). An advisory lock (`flock`) on `.<draft name>.lock` beside
/// the draft, not on the draft itself, which every save replaces by a rename. The system
/// drops the lock when the process ends, however it ends, so a crash never leaves a draft
/// locked; dropping this value removes the lock file, then releases the lock.
#[derive(Debug)]
pub struct DraftLock {
    draft: PathBuf,
    lock_path: PathBuf,
    _file: std::fs::File,
}

impl DraftLock {
    /// The draft this lock is for.
    pub fn draft(&self) -> &Path {
        &self.draft
    }
}

impl Drop for DraftLock {
    fn drop(&mut self) {
        // Removed while still locked: whoever opens the file next either finds it gone or
        // sees (in lock_draft) that it is no longer the file at this path.
        let _ = std::fs::remove_file(&self.lock_path);
    }
}

/// `.<draft file name>.lock` beside `draft`.
fn lock_path(draft: &Path) -> PathBuf {
    let name = draft.file_name().unwrap_or_default().to_string_lossy();
    draft.with_file_name(format!(".{name}.lock"))
}

/// Open a draft's lock file without following a link; created (0600) when `create`.
fn open_lock_file(path: &Path, create: bool) -> io::Result<std::fs::File> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true).write(true).create(create);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600).custom_flags(libc::O_NOFOLLOW);
    }
    options.open(path)
}

/// Lock `draft` for this wizard: `Ok(None)` when another wizard holds it. Creates the
/// drafts folder if needed (as [`save_draft`] does).
pub fn lock_draft(draft: &Path) -> io::Result<Option<DraftLock>> {
    if let Some(dir) = draft.parent().filter(|p| !p.as_os_str().is_empty()) {
        prepare_drafts_dir(dir)?;
    }
    let lock_path = lock_path(draft);
    for _ in 0..100 {
        let file = open_lock_file(&lock_path, true)?;
        match file.try_lock() {
            Ok(()) => {}
            Err(std::fs::TryLockError::WouldBlock) => return Ok(None),
            Err(std::fs::TryLockError::Error(e)) => return Err(e),
        }
        // The wizard that held it may have removed the file between our open and our lock;
        // a lock on a removed file guards nothing, so start again. (Only that race tells a
        // `same_file` that always says yes, or compares device *or* inode, from this one:
        // cargo-mutants' survivors here need two processes racing, which no test stages.)
        if same_file(&file, &lock_path) {
            return Ok(Some(DraftLock {
                draft: draft.to_path_buf(),
                lock_path,
                _file: file,
            }));
        }
    }
    Err(io::Error::other("its lock file keeps being replaced"))
}

/// Whether another wizard holds `draft`'s lock now (for the start-up chooser's mark).
pub fn draft_in_use(draft: &Path) -> bool {
    open_lock_file(&lock_path(draft), false)
        .is_ok_and(|f| matches!(f.try_lock(), Err(std::fs::TryLockError::WouldBlock)))
}

#[cfg(unix)]
fn same_file(file: &std::fs::File, path: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (file.metadata(), std::fs::symlink_metadata(path)) {
        (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
        _ => false,
    }
}

// Not compiled on Linux, where the tests and cargo-mutants run: its mutants survive there.
#[cfg(not(unix))]
fn same_file(_file: &std::fs::File, path: &Path) -> bool {
    std::fs::symlink_metadata(path).is_ok()
}

/// Why a file in the drafts folder is not offered.
#[derive(Debug)]
pub enum DraftError {
    /// It is not a valid answers file: it is set aside (when named like a draft).
    Corrupt(AnswersError),
    /// It was not read (too large, a symbolic link, not a regular file, unreadable): it is
    /// left as it is.
    Skipped(String),
}

impl std::fmt::Display for DraftError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            DraftError::Corrupt(e) => write!(f, "{e}"),
            DraftError::Skipped(why) => f.write_str(why),
        }
    }
}

/// One file in the drafts folder.
#[derive(Debug)]
pub struct DraftInfo {
    /// Where it is.
    pub path: PathBuf,
    /// Last change.
    pub modified: SystemTime,
    /// Its content, or why it could not be read.
    pub draft: Result<Draft, DraftError>,
    /// The wizard's step when it was saved ([`draft_step`]).
    pub step: Option<u8>,
}

/// Every `*.toml` draft in `dir`, newest first. A missing folder is an empty list. Call
/// [`check_drafts_dir`] first: this reads the folder as it is.
pub fn scan_drafts(dir: &Path) -> io::Result<Vec<DraftInfo>> {
    let rd = match std::fs::read_dir(dir) {
        Ok(rd) => rd,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(e),
    };
    let mut out = Vec::new();
    for entry in rd {
        let entry = entry?;
        let path = entry.path();
        if path.extension().and_then(|e| e.to_str()) != Some("toml") {
            continue;
        }
        // Neither call follows a symbolic link.
        let kind = entry.file_type()?;
        if kind.is_dir() {
            continue;
        }
        let modified = std::fs::symlink_metadata(&path)
            .and_then(|m| m.modified())
            .unwrap_or(SystemTime::UNIX_EPOCH);
        let read = if kind.is_symlink() {
            Err(DraftError::Skipped(
                "it is a symbolic link, and drafts are never read through one; it was left as \
                 it is"
                    .into(),
            ))
        } else {
            read_draft_and_step(&path)
        };
        let step = read.as_ref().ok().and_then(|(_, step)| *step);
        out.push(DraftInfo {
            path,
            modified,
            draft: read.map(|(draft, _)| draft),
            step,
        });
    }
    out.sort_by(|a, b| b.modified.cmp(&a.modified).then(a.path.cmp(&b.path)));
    Ok(out)
}

/// Read one draft: never through a symbolic link, never a device or pipe (which could
/// block), never more than the 16 MiB imports accept (a real draft is a few KiB).
pub fn read_draft(path: &Path) -> Result<Draft, DraftError> {
    read_draft_and_step(path).map(|(draft, _)| draft)
}

/// [`read_draft`], with the step the wizard noted in it.
fn read_draft_and_step(path: &Path) -> Result<(Draft, Option<u8>), DraftError> {
    use std::io::Read;
    let cap = crate::import::MAX_INPUT_BYTES;
    let too_large = |len: u64| {
        DraftError::Skipped(format!(
            "it is larger than 16 MiB ({} MiB), and a draft is a few KiB; it was skipped and \
             left as it is",
            len.div_ceil(1024 * 1024)
        ))
    };
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        // O_NONBLOCK: opening a FIFO with no writer would wait forever. (The two flags are
        // separate bits: cargo-mutants' `^` for `|` is the same value.)
        options.custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK);
    }
    let file = options
        .open(path)
        .map_err(|e| DraftError::Skipped(format!("it cannot be opened ({e}); left as it is")))?;
    let meta = file
        .metadata()
        .map_err(|e| DraftError::Skipped(format!("it cannot be read ({e}); left as it is")))?;
    if !meta.is_file() {
        return Err(DraftError::Skipped(
            "it is not a regular file; it was left as it is".into(),
        ));
    }
    if meta.len() > cap {
        return Err(too_large(meta.len()));
    }
    let mut bytes = Vec::new();
    file.take(cap + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| DraftError::Skipped(format!("it cannot be read ({e}); left as it is")))?;
    if bytes.len() as u64 > cap {
        // It grew after the size check. (Only a file growing between the two reads tells a
        // smaller `take` from this one; cargo-mutants' `cap - 1` / `cap * 1` survive for
        // that reason alone.)
        return Err(too_large(bytes.len() as u64));
    }
    let text = String::from_utf8(bytes).map_err(|_| {
        DraftError::Corrupt(AnswersError {
            message: "not UTF-8 text".into(),
            line: None,
            column: None,
        })
    })?;
    let draft = Draft::from_toml(&text).map_err(DraftError::Corrupt)?;
    Ok((draft, draft_step(&text)))
}

/// Keep a draft that cannot be read out of the way without losing it: rename it to
/// `<name>.corrupt` (`.corrupt.1`, … if taken). Returns the new path. Only a regular file
/// named like a draft ([`is_draft_name`]) is renamed; anything else is refused and stays.
pub fn set_aside(path: &Path) -> io::Result<PathBuf> {
    let named_like_draft = path
        .file_name()
        .and_then(|n| n.to_str())
        .is_some_and(is_draft_name);
    if !named_like_draft {
        return Err(io::Error::other(
            "it is not named like a draft (draft-….toml), so it was left as it is",
        ));
    }
    if !std::fs::symlink_metadata(path)?.is_file() {
        return Err(io::Error::other(
            "it is not a regular file, so it was left as it is",
        ));
    }
    let base = path.as_os_str().to_owned();
    for n in 0..1000 {
        let mut target = base.clone();
        target.push(if n == 0 {
            ".corrupt".to_string()
        } else {
            format!(".corrupt.{n}")
        });
        let target = PathBuf::from(target);
        if std::fs::symlink_metadata(&target).is_err() {
            std::fs::rename(path, &target)?;
            return Ok(target);
        }
    }
    Err(io::Error::new(
        io::ErrorKind::AlreadyExists,
        "too many set-aside drafts",
    ))
}

/// `YYYY-MM-DD HH:MM UTC`.
pub fn format_time(t: SystemTime) -> String {
    in_utc(
        t,
        format_description!("[year]-[month]-[day] [hour]:[minute] UTC"),
    )
}

/// `t` in UTC, written as `format` says. Before 1970 reads as 1970 and past 9999 as the end
/// of 9999 (a file time that far off is a broken clock; the `time` crate's calendar ends
/// there).
fn in_utc(t: SystemTime, format: &[BorrowedFormatItem<'_>]) -> String {
    let secs = t
        .duration_since(SystemTime::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    i64::try_from(secs)
        .ok()
        .and_then(|s| OffsetDateTime::from_unix_timestamp(s).ok())
        .unwrap_or(PrimitiveDateTime::MAX.assume_utc())
        .format(format)
        .expect("a UTC date and time has every part the formats name")
}

#[cfg(test)]
mod drafts_tests {
    use super::*;

    #[test]
    fn civil_dates() {
        let t = SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(1_795_700_000);
        assert_eq!(format_time(t), "2026-11-26 13:33 UTC");
        assert_eq!(format_time(SystemTime::UNIX_EPOCH), "1970-01-01 00:00 UTC");
        let far = SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(1 << 40);
        assert_eq!(format_time(far), "9999-12-31 23:59 UTC");
    }

    #[test]
    fn a_draft_is_locked_once_and_a_dropped_lock_frees_it() {
        let tmp = tempfile::tempdir().unwrap();
        let draft = tmp.path().join("drafts").join("draft-1.toml");
        let held = lock_draft(&draft).unwrap().expect("free");
        assert_eq!(held.draft(), draft);
        assert!(draft_in_use(&draft));
        assert!(lock_draft(&draft).unwrap().is_none(), "held elsewhere");
        drop(held);
        assert!(!draft_in_use(&draft));
        assert!(!tmp.path().join("drafts/.draft-1.toml.lock").exists());
        // A lock file left by a process that died locks nothing.
        std::fs::write(tmp.path().join("drafts/.draft-1.toml.lock"), "").unwrap();
        assert!(!draft_in_use(&draft));
        assert!(lock_draft(&draft).unwrap().is_some());
    }

    #[test]
    fn draft_names() {
        assert!(is_draft_name("draft-20261126-133300-4242.toml"));
        assert!(is_draft_name("draft-1.toml"));
        for name in [
            "Cargo.toml",
            "draft-.toml",
            "draft-1.toml.corrupt",
            "draft-1a.toml",
            "mydraft-1.toml",
        ] {
            assert!(!is_draft_name(name), "{name}");
        }
    }

    #[test]
    fn a_new_draft_is_named_by_utc_date_time_and_process() {
        let tmp = tempfile::tempdir().unwrap();
        let p = new_draft_path(tmp.path());
        let name = p.file_name().unwrap().to_str().unwrap();
        let rest = name.strip_prefix("draft-").unwrap();
        let (date_time, pid) = rest.split_at(15);
        assert_eq!(pid, format!("-{}.toml", std::process::id()));
        let shape: String = date_time
            .chars()
            .map(|c| if c.is_ascii_digit() { '9' } else { c })
            .collect();
        assert_eq!(shape, "99999999-999999");
        assert!(is_draft_name(name));
    }

    #[test]
    fn drafts_are_private_and_corrupt_ones_set_aside() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("data").join("drafts");
        let p = new_draft_path(&dir);
        let mut d = Draft::new_jit();
        d.profile.name = "Fabrikam".into();
        save_draft(&p, &d).unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode(&p), 0o600);
            assert_eq!(mode(&dir), 0o700);
        }
        let bad = dir.join("draft-20260101-120000-7.toml");
        std::fs::write(&bad, "format = 1\n[profile\n").unwrap();
        let found = scan_drafts(&dir).unwrap();
        assert_eq!(found.len(), 2);
        let broken = found.iter().find(|i| i.draft.is_err()).unwrap();
        let aside = set_aside(&broken.path).unwrap();
        assert!(
            aside
                .to_string_lossy()
                .ends_with("draft-20260101-120000-7.toml.corrupt")
        );
        assert!(aside.exists() && !bad.exists());
        let found = scan_drafts(&dir).unwrap();
        assert_eq!(found.len(), 1);
        // Only files named like drafts are ever renamed.
        let other = dir.join("Cargo.toml");
        std::fs::write(&other, "[package]\n").unwrap();
        assert!(set_aside(&other).is_err());
        assert!(other.exists());
        assert_eq!(found[0].draft.as_ref().unwrap().profile.name, "Fabrikam");
    }
}
