//! SPEC §7 terminal figures, measured on the optimised binary in a pseudo-terminal (80×24,
//! `TERM=xterm-256color`, `NO_COLOR=1`, a temporary data dir, HOME and cwd), and in the same
//! run on Debian's `dialog`, so each figure can be read as a ratio to a widely used terminal
//! program on the same (possibly busy) machine:
//!
//! 1. start to the first complete frame;
//! 2. bytes written to the terminal per character typed into a text field;
//! 3. peak RSS (`VmHWM`) with 10,000 bundle IDs loaded;
//! 4. wall time of `export --format mobileconfig --out -` and `check` with 10,000 IDs.
//!
//! Run: `cargo bench --bench terminal`. Every wait has a timeout and every child is killed
//! when its session ends, so a misbehaving program makes a row say "error", never a hang.

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};
use std::time::{Duration, Instant};

use portable_pty::CommandBuilder;

#[path = "../tests/common/pty.rs"]
mod pty;
use pty::Pty;

const COLS: u16 = 80;
const ROWS: u16 = 24;
/// Output counts as finished once the terminal has been quiet this long.
const QUIET: Duration = Duration::from_millis(100);
/// Starts per program for the first-frame figure.
const STARTS: usize = 15;
/// Runs per command for the whole-command timings (after `CMD_WARMUP` unmeasured ones).
const CMD_RUNS: usize = 20;
const CMD_WARMUP: usize = 2;
/// Runs of the 10,000-ID RSS session (peak RSS barely varies; three guard against a fluke).
const RSS_RUNS: usize = 3;
/// Typed one character at a time into the text field.
const BUNDLE_ID: &str = "com.fabrikam.fieldservice";
/// Typed into step 3 of the 10,000-ID wizard before reading its peak RSS.
const FEW_CHARS: &str = "com.fab";
const BIG_IDS: usize = 10_000;

const FRAME_TIMEOUT: Duration = Duration::from_secs(5);
const KEY_TIMEOUT: Duration = Duration::from_secs(2);
const EXIT_TIMEOUT: Duration = Duration::from_secs(3);
const CMD_TIMEOUT: Duration = Duration::from_secs(10);

const CTRL_N: &[u8] = b"\x0e";
const CTRL_Q: &[u8] = b"\x11";

type Res<T> = Result<T, String>;

/// One program running in its own pseudo-terminal and temporary directories.
struct Session {
    pty: Pty,
    _dirs: tempfile::TempDir,
}

impl Session {
    fn spawn(program: &Path, args: &[OsString]) -> Res<Session> {
        let dirs = tempfile::tempdir().map_err(|e| format!("temp dir: {e}"))?;
        let cwd = dirs.path().join("cwd");
        std::fs::create_dir_all(&cwd).map_err(|e| format!("{}: {e}", cwd.display()))?;
        let mut cmd = CommandBuilder::new(program);
        cmd.args(args);
        cmd.cwd(&cwd);
        cmd.env_clear();
        cmd.env("PATH", std::env::var_os("PATH").unwrap_or_default());
        cmd.env("TERM", "xterm-256color");
        cmd.env("NO_COLOR", "1");
        cmd.env("LANG", "C.UTF-8");
        cmd.env("HOME", dirs.path());
        // An empty data dir: the wizard opens without the resume chooser.
        cmd.env("SSO_WIZARD_DATA_DIR", dirs.path().join("data"));
        Ok(Session {
            pty: Pty::spawn(cmd, COLS, ROWS)?,
            _dirs: dirs,
        })
    }

    fn bytes(&self) -> usize {
        self.pty.output().raw.len()
    }

    fn screen_text(&self) -> String {
        self.pty.screen_text()
    }

    fn exited(&mut self) -> bool {
        self.pty.exited()
    }

    /// Wait until `ready` holds for the screen, more than `after` bytes have arrived, and
    /// the output has then been quiet for `QUIET`. Returns the time of the last byte.
    fn settle(
        &mut self,
        after: usize,
        ready: &dyn Fn(&vt100::Screen) -> bool,
        timeout: Duration,
        what: &str,
    ) -> Res<Instant> {
        let start = Instant::now();
        loop {
            {
                let o = self.pty.output();
                if let Some(last) = o.last_byte
                    && o.raw.len() > after
                    && last.elapsed() >= QUIET
                    && ready(o.parser.screen())
                {
                    return Ok(last);
                }
            }
            if start.elapsed() > timeout {
                return Err(format!(
                    "timed out after {timeout:?} waiting for {what}; screen:\n{}",
                    self.screen_text()
                ));
            }
            if self.exited() {
                // Let the reader drain what the program wrote before it ended.
                std::thread::sleep(QUIET);
                return Err(format!(
                    "the program ended while waiting for {what}; screen:\n{}",
                    self.screen_text()
                ));
            }
            std::thread::sleep(Duration::from_millis(1));
        }
    }

    fn send(&mut self, bytes: &[u8]) -> Res<()> {
        self.pty.send(bytes)
    }

    /// Send `bytes`, wait for the redraw they cause to finish; the bytes it took.
    fn key(&mut self, bytes: &[u8], ready: &dyn Fn(&vt100::Screen) -> bool) -> Res<usize> {
        let before = self.bytes();
        self.send(bytes)?;
        self.settle(before, ready, KEY_TIMEOUT, "the redraw after a key")?;
        Ok(self.bytes() - before)
    }

    /// Peak resident set size so far, in KiB (`VmHWM` in /proc/<pid>/status).
    fn peak_rss_kib(&self) -> Res<u64> {
        let pid = self.pty.child.process_id().ok_or("no pid for the child")?;
        let path = format!("/proc/{pid}/status");
        let status = std::fs::read_to_string(&path).map_err(|e| format!("{path}: {e}"))?;
        status
            .lines()
            .find_map(|l| l.strip_prefix("VmHWM:"))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
            .ok_or_else(|| format!("no VmHWM in {path}"))
    }

    /// End the program: `quit` keys first when given, then SIGHUP/SIGKILL.
    fn finish(mut self, quit: Option<&[u8]>) {
        if let Some(keys) = quit
            && self.send(keys).is_ok()
        {
            let start = Instant::now();
            while start.elapsed() < EXIT_TIMEOUT && !self.exited() {
                std::thread::sleep(Duration::from_millis(5));
            }
        }
        // The pty's drop does the rest.
    }
}

/// Nanoseconds on a CPU and waiting in the run queue, summed over the threads of `pid`
/// (`/proc/PID/task/*/schedstat`). On a busy machine wall time mostly measures the wait;
/// the on-CPU time says what the program itself costs.
fn sched_ns(pid: u32) -> Option<(u64, u64)> {
    let tasks = std::fs::read_dir(format!("/proc/{pid}/task")).ok()?;
    let (mut cpu, mut wait) = (0, 0);
    for task in tasks.flatten() {
        let stat = std::fs::read_to_string(task.path().join("schedstat")).ok()?;
        let mut f = stat.split_whitespace().map(|v| v.parse::<u64>().ok());
        cpu += f.next()??;
        wait += f.next()??;
    }
    Some((cpu, wait))
}

/// The state letter of `pid` (`Z` once it has exited and is not yet reaped).
fn proc_state(pid: u32) -> Option<char> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    stat.rsplit_once(") ")?.1.chars().next()
}

/// A test of the screen: is what we wait for drawn?
type ScreenTest = fn(&vt100::Screen) -> bool;

/// A program under measurement and how to drive it.
struct Subject {
    name: &'static str,
    program: PathBuf,
    args: Vec<OsString>,
    /// The first frame is complete when this holds.
    ready: ScreenTest,
    /// Keys (each waited for, with the screen test after it) that reach the text field.
    to_text_field: Vec<(&'static [u8], ScreenTest)>,
    quit: Option<&'static [u8]>,
}

fn rows(s: &vt100::Screen) -> Vec<String> {
    s.rows(0, COLS).collect()
}

/// The wizard's frame: a step indicator (`n/7`) in the header and key hints in the footer.
fn wizard_ready(s: &vt100::Screen) -> bool {
    let r = rows(s);
    let header = r.first().is_some_and(|h| {
        h.as_bytes()
            .windows(3)
            .any(|w| w[0].is_ascii_digit() && w[1] == b'/' && w[2] == b'7')
    });
    let footer = r.last().is_some_and(|f| f.contains("Ctrl+N"));
    header && footer
}

fn on_step2(s: &vt100::Screen) -> bool {
    wizard_ready(s) && rows(s)[0].contains("2/7")
}

fn on_step3(s: &vt100::Screen) -> bool {
    wizard_ready(s) && rows(s)[0].contains("3/7")
}

/// `dialog --inputbox`: the prompt and both buttons drawn.
fn dialog_ready(s: &vt100::Screen) -> bool {
    let t = s.contents();
    t.contains("Bundle ID") && t.contains("OK") && t.contains("Cancel")
}

/// `dialog --menu` with the big list: the title, the first item and the buttons drawn.
fn dialog_menu_ready(s: &vt100::Screen) -> bool {
    let t = s.contents();
    t.contains("Bundle IDs") && t.contains(&big_id(0)) && t.contains("Cancel")
}

fn any_screen(_: &vt100::Screen) -> bool {
    true
}

fn big_id(i: usize) -> String {
    format!("com.contoso.app{i:05}")
}

/// Start `subject` and time its first complete frame: from spawn to the last byte of the
/// burst that completes it (the quiet wait after it is not counted).
/// Also the time the program had spent on a CPU and waiting for one by then (read after
/// the quiet wait, while it idles), when /proc tells.
fn first_frame(subject: &Subject) -> Res<(Duration, Option<(Duration, Duration)>)> {
    let mut s = Session::spawn(&subject.program, &subject.args)?;
    let last = s.settle(0, &subject.ready, FRAME_TIMEOUT, "the first frame")?;
    let took = last - s.pty.spawned;
    let cpu = s
        .pty
        .child
        .process_id()
        .and_then(sched_ns)
        .map(|(cpu, wait)| (Duration::from_nanos(cpu), Duration::from_nanos(wait)));
    s.finish(subject.quit);
    Ok((took, cpu))
}

/// Open `subject`, reach its text field, type `BUNDLE_ID` one character at a time; the
/// bytes each character caused, and the peak RSS afterwards.
fn typing(subject: &Subject) -> Res<(Vec<usize>, u64)> {
    let mut s = Session::spawn(&subject.program, &subject.args)?;
    s.settle(0, &subject.ready, FRAME_TIMEOUT, "the first frame")?;
    for (keys, ready) in &subject.to_text_field {
        s.key(keys, ready)?;
    }
    let mut per_char = Vec::with_capacity(BUNDLE_ID.len());
    for c in BUNDLE_ID.bytes() {
        per_char.push(s.key(&[c], &any_screen)?);
    }
    if !s.screen_text().contains(BUNDLE_ID) {
        return Err(format!(
            "{BUNDLE_ID} is not on the screen after typing it:\n{}",
            s.screen_text()
        ));
    }
    let rss = s.peak_rss_kib()?;
    s.finish(subject.quit);
    Ok((per_char, rss))
}

/// `sso-wizard edit big.toml`, step 3, a few characters typed: the peak RSS in KiB.
fn wizard_big_rss(wizard: &Path, big: &Path) -> Res<u64> {
    let mut s = Session::spawn(wizard, &["edit".into(), big.as_os_str().to_owned()])?;
    s.settle(0, &wizard_ready, FRAME_TIMEOUT, "the first frame")?;
    s.key(CTRL_N, &on_step2)?;
    s.key(CTRL_N, &|sc: &vt100::Screen| {
        on_step3(sc) && sc.contents().contains(&format!("({BIG_IDS})"))
    })?;
    for c in FEW_CHARS.bytes() {
        s.key(&[c], &any_screen)?;
    }
    if !s.screen_text().contains(FEW_CHARS) {
        return Err(format!("{FEW_CHARS} not shown:\n{}", s.screen_text()));
    }
    let rss = s.peak_rss_kib()?;
    s.finish(Some(CTRL_Q));
    Ok(rss)
}

/// `dialog --menu` holding the same 10,000 IDs, a few Down keys: the peak RSS in KiB.
fn dialog_big_rss(dialog: &Path) -> Res<u64> {
    let mut args: Vec<OsString> = vec![
        "--menu".into(),
        "Bundle IDs".into(),
        "20".into(),
        "70".into(),
        "12".into(),
    ];
    for i in 0..BIG_IDS {
        args.push(big_id(i).into());
        args.push("app".into());
    }
    let mut s = Session::spawn(dialog, &args)?;
    s.settle(0, &dialog_menu_ready, FRAME_TIMEOUT, "the menu")?;
    for _ in 0..FEW_CHARS.len() {
        // Application cursor mode (dialog turns on keypad): Down is `ESC O B`.
        s.key(b"\x1bOB", &any_screen)?;
    }
    let rss = s.peak_rss_kib()?;
    s.finish(None);
    Ok(rss)
}

/// One run of a command: wall time, on-CPU time (if /proc tells) and exit code.
struct Run {
    wall: Duration,
    cpu: Option<Duration>,
    code: i32,
}

/// Run `program args` (stdout and stderr discarded). The wall time ends when the process
/// turns zombie, which is also when its on-CPU time is read, before reaping it.
fn timed_run(program: &Path, args: &[&std::ffi::OsStr], cwd: &Path) -> Res<Run> {
    let start = Instant::now();
    let mut child = Command::new(program)
        .args(args)
        .current_dir(cwd)
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| format!("cannot start {}: {e}", program.display()))?;
    let pid = child.id();
    loop {
        let state = proc_state(pid);
        if state == Some('Z') || state.is_none() {
            let wall = start.elapsed();
            let cpu = sched_ns(pid).map(|(cpu, _)| Duration::from_nanos(cpu));
            let status = child.wait().map_err(|e| format!("wait: {e}"))?;
            return Ok(Run {
                wall,
                cpu,
                code: status.code().unwrap_or(-1),
            });
        }
        if start.elapsed() > CMD_TIMEOUT {
            let _ = child.kill();
            let _ = child.wait();
            return Err(format!("timed out after {CMD_TIMEOUT:?}"));
        }
        std::thread::sleep(Duration::from_micros(100));
    }
}

/// Wall and on-CPU times (ms) of a command over `CMD_RUNS`; fails on an unexpected exit code.
fn command_times(
    program: &Path,
    args: &[&std::ffi::OsStr],
    cwd: &Path,
    ok_codes: &[i32],
) -> Res<(Stats, Res<Stats>)> {
    let mut wall = Vec::with_capacity(CMD_RUNS);
    let mut cpu = Vec::with_capacity(CMD_RUNS);
    for i in 0..CMD_WARMUP + CMD_RUNS {
        let run = timed_run(program, args, cwd)?;
        if !ok_codes.contains(&run.code) {
            return Err(format!("exit code {}", run.code));
        }
        if i >= CMD_WARMUP {
            wall.push(ms(run.wall));
            cpu.extend(run.cpu.map(ms));
        }
    }
    let cpu = if cpu.len() == wall.len() {
        Ok(Stats::of(&cpu))
    } else {
        Err("no /proc/PID/schedstat".into())
    };
    Ok((Stats::of(&wall), cpu))
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// Median with the spread around it.
#[derive(Clone, Copy)]
struct Stats {
    median: f64,
    min: f64,
    max: f64,
    n: usize,
}

impl Stats {
    fn of(values: &[f64]) -> Stats {
        let mut v = values.to_vec();
        v.sort_by(f64::total_cmp);
        let n = v.len();
        let median = if n == 0 {
            f64::NAN
        } else if n % 2 == 1 {
            v[n / 2]
        } else {
            (v[n / 2 - 1] + v[n / 2]) / 2.0
        };
        Stats {
            median,
            min: v.first().copied().unwrap_or(f64::NAN),
            max: v.last().copied().unwrap_or(f64::NAN),
            n,
        }
    }

    fn show(&self, unit: &str, decimals: usize) -> String {
        format!(
            "{:.d$} {unit} ({:.d$}–{:.d$}, n={})",
            self.median,
            self.min,
            self.max,
            self.n,
            d = decimals
        )
    }
}

fn show_res(r: &Res<Stats>, unit: &str, decimals: usize) -> String {
    match r {
        Ok(s) => s.show(unit, decimals),
        Err(_) => "error (see above)".into(),
    }
}

fn ratio(a: &Res<Stats>, b: &Option<Res<Stats>>) -> String {
    match (a, b) {
        (Ok(a), Some(Ok(b))) if b.median > 0.0 => format!("{:.2}×", a.median / b.median),
        (_, None) => "—".into(),
        _ => "n/a".into(),
    }
}

fn find_on_path(name: &str) -> Option<PathBuf> {
    std::env::split_paths(&std::env::var_os("PATH")?)
        .map(|d| d.join(name))
        .find(|p| p.is_file())
}

fn report_err<T>(what: &str, r: &Res<T>) {
    if let Err(e) = r {
        eprintln!("error: {what}: {e}");
    }
}

fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|l| l.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_else(|_| "unknown".into())
}

/// This process's nice value (children inherit it): a run under `nice -n -20` on a shared
/// machine gives wall times close to an idle machine's, and the report should say so.
fn niceness() -> String {
    std::fs::read_to_string("/proc/self/stat")
        .ok()
        .and_then(|s| {
            let rest = s.rsplit_once(") ")?.1.to_string();
            // Fields after the command: state is field 3, nice is field 19.
            rest.split_whitespace().nth(16).map(str::to_string)
        })
        .unwrap_or_else(|| "unknown".into())
}

fn cpu_model() -> String {
    std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|c| {
            c.lines()
                .find_map(|l| l.strip_prefix("model name"))
                .map(|m| m.trim_start_matches([' ', '\t', ':']).to_string())
        })
        .unwrap_or_else(|| "unknown CPU".into())
}

fn kib_to_mb(s: Res<Stats>) -> Res<Stats> {
    s.map(|s| Stats {
        median: s.median / 1024.0,
        min: s.min / 1024.0,
        max: s.max / 1024.0,
        n: s.n,
    })
}

fn main() -> ExitCode {
    // `cargo test --benches` runs bench targets without `--bench`: nothing here is a test.
    if !std::env::args().any(|a| a == "--bench") {
        println!("terminal: a benchmark; run it with `cargo bench --bench terminal`");
        return ExitCode::SUCCESS;
    }
    let wizard = PathBuf::from(env!("CARGO_BIN_EXE_sso-wizard"));
    if !wizard.is_file() {
        eprintln!(
            "error: {} is missing; build it with `cargo bench --bench terminal` (or `cargo build --release`)",
            wizard.display()
        );
        return ExitCode::from(2);
    }
    let dialog = find_on_path("dialog");
    let cpus = std::thread::available_parallelism().map_or(0, |n| n.get());
    let load_start = load_average();
    let began = Instant::now();
    println!("sso-wizard terminal benchmark — {}", wizard.display());
    println!(
        "machine: {cpus} CPUs ({}), load average at start {load_start}, nice {}",
        cpu_model(),
        niceness()
    );
    if dialog.is_none() {
        println!(
            "dialog: not found on PATH — the comparison is skipped (Debian: apt-get install dialog)"
        );
    }

    // The 10,000-ID answers file, made by the crate itself so it is always the current format.
    let work = match tempfile::tempdir() {
        Ok(d) => d,
        Err(e) => {
            eprintln!("error: temp dir: {e}");
            return ExitCode::from(2);
        }
    };
    let big = work.path().join("big.toml");
    let mut draft = sso_wizard::Draft::new_jit();
    draft.profile.name = "Bench 10k".into();
    draft.extension.bundle_ids = (0..BIG_IDS).map(big_id).collect();
    if let Err(e) = std::fs::write(&big, draft.to_toml()) {
        eprintln!("error: {}: {e}", big.display());
        return ExitCode::from(2);
    }

    let wiz = Subject {
        name: "sso-wizard",
        program: wizard.clone(),
        args: vec![],
        ready: wizard_ready,
        to_text_field: vec![(CTRL_N, on_step2), (CTRL_N, on_step3)],
        quit: Some(CTRL_Q),
    };
    let dlg = dialog.as_ref().map(|p| Subject {
        name: "dialog",
        program: p.clone(),
        args: vec![
            "--inputbox".into(),
            "Bundle ID".into(),
            "10".into(),
            "60".into(),
        ],
        ready: dialog_ready,
        to_text_field: vec![],
        quit: None,
    });

    // 1. First frame: starts alternate between the two programs so both see the same load.
    println!("1/4 first frame: {STARTS} starts each …");
    let mut frames: [Vec<f64>; 2] = [Vec::new(), Vec::new()];
    let mut frame_cpu: [Vec<f64>; 2] = [Vec::new(), Vec::new()];
    let mut frame_wait: [Vec<f64>; 2] = [Vec::new(), Vec::new()];
    let mut frame_err: [Option<String>; 2] = [None, None];
    for _ in 0..STARTS {
        for (i, subject) in std::iter::once(&wiz).chain(dlg.as_ref()).enumerate() {
            if frame_err[i].is_some() {
                continue;
            }
            match first_frame(subject) {
                Ok((wall, cpu)) => {
                    frames[i].push(ms(wall));
                    frame_cpu[i].extend(cpu.map(|c| ms(c.0)));
                    frame_wait[i].extend(cpu.map(|c| ms(c.1)));
                }
                Err(e) => frame_err[i] = Some(format!("{}: {e}", subject.name)),
            }
        }
    }
    let frame_res = |i: usize, v: &[Vec<f64>; 2]| match &frame_err[i] {
        Some(e) => Err(e.clone()),
        None if v[i].len() == frames[i].len() => Ok(Stats::of(&v[i])),
        None => Err("no /proc/PID/schedstat".into()),
    };
    let wiz_frame = frame_res(0, &frames);
    let wiz_frame_cpu = frame_res(0, &frame_cpu);
    let dlg_frame = dlg.as_ref().map(|_| frame_res(1, &frames));
    let dlg_frame_cpu = dlg.as_ref().map(|_| frame_res(1, &frame_cpu));
    let wiz_frame_wait = frame_res(0, &frame_wait);
    let dlg_frame_wait = dlg.as_ref().map(|_| frame_res(1, &frame_wait));
    report_err("first frame", &wiz_frame);
    if let Some(r) = &dlg_frame {
        report_err("first frame (dialog)", r);
    }

    // 2. Bytes per typed character (and the peak RSS of that small session).
    println!("2/4 bytes per typed character: {BUNDLE_ID:?} …");
    let show_series = |name: &str, r: &Res<(Vec<usize>, u64)>| {
        if let Ok((v, _)) = r {
            println!("    {name}: bytes per character {v:?}");
        }
    };
    let as_stats = |r: Res<(Vec<usize>, u64)>| {
        r.map(|(v, rss)| {
            let v: Vec<f64> = v.into_iter().map(|b| b as f64).collect();
            (Stats::of(&v), Stats::of(&[rss as f64]))
        })
    };
    let wiz_typing = typing(&wiz);
    show_series("sso-wizard", &wiz_typing);
    let wiz_typing = as_stats(wiz_typing);
    report_err("typing", &wiz_typing);
    let dlg_typing = dlg.as_ref().map(|d| {
        let r = typing(d);
        show_series("dialog", &r);
        let r = as_stats(r);
        report_err("typing (dialog)", &r);
        r
    });
    let split = |r: &Res<(Stats, Stats)>| {
        (
            r.as_ref().map(|p| p.0).map_err(Clone::clone),
            kib_to_mb(r.as_ref().map(|p| p.1).map_err(Clone::clone)),
        )
    };
    let (wiz_bytes, wiz_small_rss) = split(&wiz_typing);
    let (dlg_bytes, dlg_small_rss) = match &dlg_typing {
        Some(r) => {
            let (a, b) = split(r);
            (Some(a), Some(b))
        }
        None => (None, None),
    };

    // 3. Peak RSS with 10,000 bundle IDs.
    println!("3/4 peak RSS with {BIG_IDS} bundle IDs: {RSS_RUNS} runs each …");
    let rss_runs = |f: &dyn Fn() -> Res<u64>| -> Res<Stats> {
        let mut v = Vec::new();
        for _ in 0..RSS_RUNS {
            v.push(f()? as f64);
        }
        kib_to_mb(Ok(Stats::of(&v)))
    };
    let wiz_big_rss = rss_runs(&|| wizard_big_rss(&wizard, &big));
    report_err("peak RSS, 10,000 IDs", &wiz_big_rss);
    let dlg_big_rss = dialog.as_ref().map(|d| {
        let r = rss_runs(&|| dialog_big_rss(d));
        report_err("peak RSS, dialog --menu with 10,000 items", &r);
        r
    });

    // 4. Whole commands with 10,000 IDs.
    println!("4/4 export and check with {BIG_IDS} bundle IDs: {CMD_RUNS} runs each …");
    let b = big.as_os_str();
    let export = command_times(
        &wizard,
        &[
            "export".as_ref(),
            "--answers".as_ref(),
            b,
            "--format".as_ref(),
            "mobileconfig".as_ref(),
            "--out".as_ref(),
            "-".as_ref(),
        ],
        work.path(),
        &[0],
    );
    report_err("export", &export);
    // `check` exits 1 when the input has errors; the timing is what is measured here.
    let check = command_times(&wizard, &["check".as_ref(), b], work.path(), &[0, 1]);
    report_err("check", &check);
    // The floor under both: starting the binary and exiting.
    let floor = command_times(&wizard, &["--version".as_ref()], work.path(), &[0]);
    report_err("--version", &floor);
    let wall = |r: &Res<(Stats, Res<Stats>)>| r.as_ref().map(|p| p.0).map_err(Clone::clone);
    let cpu = |r: &Res<(Stats, Res<Stats>)>| match r {
        Ok((_, c)) => c.clone(),
        Err(e) => Err(e.clone()),
    };

    let load_end = load_average();
    println!();
    println!(
        "Measured in {:.0} s on {cpus} CPUs at nice {}, load average {load_start} at start, {load_end} at end.",
        began.elapsed().as_secs_f64(),
        niceness()
    );
    println!("Values: median (min–max, n=runs or samples); ratio = sso-wizard ÷ dialog.");
    println!();
    let d = |r: &Option<Res<Stats>>, unit: &str, dec: usize| match r {
        None => "skipped (no dialog)".to_string(),
        Some(r) => show_res(r, unit, dec),
    };
    println!("| figure | SPEC §7 target | sso-wizard | dialog | ratio | how measured |");
    println!("|---|---|---|---|---|---|");
    println!(
        "| start to first complete frame | ≤ 20 ms median | {} | {} | {} | {STARTS} starts each, alternating; spawn → last byte of the first output burst after which the screen shows the step indicator and footer (dialog: prompt and buttons), then 100 ms quiet |",
        show_res(&wiz_frame, "ms", 1),
        d(&dlg_frame, "ms", 1),
        ratio(&wiz_frame, &dlg_frame),
    );
    println!(
        "| … of which on CPU | — | {} | {} | {} | the program's own CPU time (all threads, /proc/PID/task/*/schedstat) at that point; the rest of the wall time is exec, the run queue and the pty |",
        show_res(&wiz_frame_cpu, "ms", 1),
        d(&dlg_frame_cpu, "ms", 1),
        ratio(&wiz_frame_cpu, &dlg_frame_cpu),
    );
    println!(
        "| … and waiting for a CPU | — | {} | {} | {} | run-queue time from the same schedstat, summed over threads: what a busy machine adds (≈ wall − CPU) |",
        show_res(&wiz_frame_wait, "ms", 1),
        d(&dlg_frame_wait, "ms", 1),
        ratio(&wiz_frame_wait, &dlg_frame_wait),
    );
    println!(
        "| bytes per typed character | ≤ 100 median | {} | {} | {} | `{BUNDLE_ID}` typed one character at a time (wizard: step 3 input line; dialog: `--inputbox \"Bundle ID\" 10 60`), output counted until 100 ms quiet after each |",
        show_res(&wiz_bytes, "B", 0),
        d(&dlg_bytes, "B", 0),
        ratio(&wiz_bytes, &dlg_bytes),
    );
    println!(
        "| peak RSS, 10,000 bundle IDs | ≤ 20 MB | {} | {} | {} | VmHWM from /proc/PID/status; wizard: `edit big.toml`, step 3, `{FEW_CHARS}` typed; dialog: `--menu` with the same 10,000 IDs, {} Down keys; {RSS_RUNS} runs |",
        show_res(&wiz_big_rss, "MB", 1),
        d(&dlg_big_rss, "MB", 1),
        ratio(&wiz_big_rss, &dlg_big_rss),
        FEW_CHARS.len(),
    );
    println!(
        "| peak RSS, empty draft | — | {} | {} | {} | VmHWM after the typing above (dialog: `--inputbox`) |",
        show_res(&wiz_small_rss, "MB", 1),
        d(&dlg_small_rss, "MB", 1),
        ratio(&wiz_small_rss, &dlg_small_rss),
    );
    for (name, r, target) in [
        (
            "`export --format mobileconfig --out -`, 10,000 IDs",
            &export,
            "≤ 50 ms",
        ),
        ("`check big.toml`, 10,000 IDs", &check, "≤ 50 ms"),
        ("`--version` (process start floor)", &floor, "—"),
    ] {
        println!(
            "| {name} | {target} | {} wall; {} on CPU | — | — | spawn to exit (zombie), stdout to /dev/null, {CMD_RUNS} runs after {CMD_WARMUP} warm-up; on-CPU from /proc/PID/schedstat |",
            show_res(&wall(r), "ms", 1),
            show_res(&cpu(r), "ms", 1),
        );
    }
    let failed = [&wiz_frame, &wiz_bytes, &wiz_big_rss]
        .iter()
        .any(|r| r.is_err())
        || [&export, &check, &floor].iter().any(|r| r.is_err());
    if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}
