//! SPEC §7 "linear in the input": whole-process wall time and peak RSS of the release
//! binary on the inputs that were quadratic or unbounded before (issue 8):
//!
//! 1. `check` and `export` of an answers file with 10,000 findings on one source line
//!    (10,000 `com.microsoft.*` IDs in one `bundle_ids = [ … ]`, as the wizard's drafts
//!    store a list): target ≤ 1 s and ≤ 150 MB each.
//! 2. `drafts` with a 2 GB (sparse) `*.toml` among the drafts: skipped by its size before
//!    it is read, so time and memory do not depend on it.
//!
//! Run: `cargo bench --bench big_inputs`. Prints a table; exits non-zero only when a run
//! fails (the figures are reported, not asserted).

use std::fs;
use std::path::Path;
use std::process::{Command, ExitCode, Stdio};
use std::time::{Duration, Instant};

const RUNS: usize = 5;

/// One run: wall time, peak RSS (KiB, from `wait4`), exit code.
fn run(
    program: &Path,
    args: &[&str],
    cwd: &Path,
    data_dir: &Path,
) -> Result<(Duration, i64, i32), String> {
    let start = Instant::now();
    let child = Command::new(program)
        .args(args)
        .current_dir(cwd)
        .env("NO_COLOR", "1")
        .env("SSO_WIZARD_DATA_DIR", data_dir)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| format!("cannot start {}: {e}", program.display()))?;
    let pid = child.id() as libc::pid_t;
    let mut status = 0;
    // SAFETY: an all-zero rusage is a valid value for wait4 to fill in.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: `pid` is our child, not yet reaped; both pointers are to live locals.
    let got = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    let wall = start.elapsed();
    if got != pid {
        return Err(format!("wait4: {}", std::io::Error::last_os_error()));
    }
    let code = if libc::WIFEXITED(status) {
        libc::WEXITSTATUS(status)
    } else {
        -1
    };
    Ok((wall, usage.ru_maxrss, code))
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

fn measure(
    label: &str,
    program: &Path,
    args: &[&str],
    cwd: &Path,
    data_dir: &Path,
    ok: &[i32],
) -> Result<(), String> {
    let mut walls = Vec::new();
    let mut rss = Vec::new();
    for _ in 0..RUNS {
        let (wall, kib, code) = run(program, args, cwd, data_dir)?;
        if !ok.contains(&code) {
            return Err(format!("{label}: exit code {code}"));
        }
        walls.push(wall.as_secs_f64() * 1000.0);
        rss.push(kib as f64 / 1024.0);
    }
    println!(
        "| {label} | {:.1} ms | {:.1} MB |",
        median(walls),
        median(rss)
    );
    Ok(())
}

fn main() -> ExitCode {
    let program = Path::new(env!("CARGO_BIN_EXE_sso-wizard"));
    let work = tempfile::tempdir().expect("a temporary folder");
    let data = work.path().join("data");
    fs::create_dir_all(data.join("drafts")).expect("a data folder");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        for dir in [data.clone(), data.join("drafts")] {
            fs::set_permissions(&dir, fs::Permissions::from_mode(0o700)).expect("chmod");
        }
    }
    let ids: Vec<String> = (0..10_000)
        .map(|i| format!("\"com.microsoft.app{i}\""))
        .collect();
    let big = format!(
        "format = 1\n[profile]\nname = \"Big\"\n[extension]\nbundle_ids = [{}]\n",
        ids.join(", ")
    );
    fs::write(work.path().join("big.toml"), big).expect("write big.toml");
    // A sparse 2 GB draft: costs no disk, but a reader that reads it whole pays for all of it.
    let huge = fs::File::create(data.join("drafts").join("draft-huge.toml")).expect("huge draft");
    huge.set_len(2 * 1024 * 1024 * 1024).expect("sparse length");
    println!("| input (release binary, median of {RUNS}) | wall | peak RSS |");
    println!("|---|---|---|");
    let results = [
        measure(
            "`check big.toml` (10,000 findings on one line)",
            program,
            &["check", "big.toml"],
            work.path(),
            &data,
            &[0, 1],
        ),
        measure(
            "`check --format json big.toml`",
            program,
            &["check", "--format", "json", "big.toml"],
            work.path(),
            &data,
            &[0, 1],
        ),
        measure(
            "`export --format mobileconfig --out -` of it",
            program,
            &[
                "export",
                "--answers",
                "big.toml",
                "--format",
                "mobileconfig",
                "--out",
                "-",
            ],
            work.path(),
            &data,
            &[0, 1],
        ),
        measure(
            "`drafts` with a 2 GB draft among them",
            program,
            &["drafts"],
            work.path(),
            &data,
            &[0, 1, 2],
        ),
    ];
    let mut failed = false;
    for r in results {
        if let Err(e) = r {
            eprintln!("error: {e}");
            failed = true;
        }
    }
    if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}
