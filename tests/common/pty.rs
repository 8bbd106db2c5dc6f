//! The pseudo-terminal harness of the pty tests and the terminal bench (included by both,
//! so they drive programs the same way): a program in its own pty, with a thread reading
//! all it writes into a byte log and a vt100 screen of the pty's size.

// Each test binary and the bench use a part of it.
#![allow(dead_code)]

use std::io::{Read, Write};
use std::num::NonZeroU16;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use portable_pty::{Child, CommandBuilder, MasterPty, PtySize, native_pty_system};

/// What the reader thread has seen of the program's output.
pub struct Output {
    /// Every byte, in order.
    pub raw: Vec<u8>,
    /// When the last bytes arrived.
    pub last_byte: Option<Instant>,
    /// The screen those bytes draw.
    pub parser: vt100::Parser,
}

/// One program running in a pseudo-terminal.
pub struct Pty {
    pub child: Box<dyn Child + Send + Sync>,
    writer: Box<dyn Write + Send>,
    out: Arc<Mutex<Output>>,
    master: Option<Box<dyn MasterPty + Send>>,
    /// Asks the reader thread to drop its copy of the master after its next read.
    stop_reading: Arc<AtomicBool>,
    reader: Option<JoinHandle<()>>,
    /// Just before the program was started.
    pub spawned: Instant,
}

impl Pty {
    /// Run `cmd` in a new `cols`×`rows` pseudo-terminal.
    pub fn spawn(cmd: CommandBuilder, cols: u16, rows: u16) -> Result<Pty, String> {
        let program = cmd.get_argv().first().cloned().unwrap_or_default();
        let pty = native_pty_system()
            .openpty(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .map_err(|e| format!("openpty: {e}"))?;
        let mut reader = pty
            .master
            .try_clone_reader()
            .map_err(|e| format!("pty reader: {e}"))?;
        let writer = pty
            .master
            .take_writer()
            .map_err(|e| format!("pty writer: {e}"))?;
        let size = |n| NonZeroU16::new(n).ok_or("an empty pty");
        let out = Arc::new(Mutex::new(Output {
            raw: Vec::new(),
            last_byte: None,
            parser: vt100::Parser::new(size(rows)?, size(cols)?, 0),
        }));
        let seen = Arc::clone(&out);
        let stop_reading = Arc::new(AtomicBool::new(false));
        let stop = Arc::clone(&stop_reading);
        let reader = std::thread::spawn(move || {
            let mut buf = [0u8; 16384];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 {
                    break;
                }
                let now = Instant::now();
                let mut o = lock(&seen);
                o.raw.extend_from_slice(&buf[..n]);
                o.last_byte = Some(now);
                o.parser.process(&buf[..n]);
                drop(o);
                if stop.load(Ordering::SeqCst) {
                    break;
                }
            }
        });
        let spawned = Instant::now();
        let child = pty
            .slave
            .spawn_command(cmd)
            .map_err(|e| format!("cannot start {}: {e}", program.display()))?;
        drop(pty.slave);
        Ok(Pty {
            child,
            writer,
            out,
            master: Some(pty.master),
            stop_reading,
            reader: Some(reader),
            spawned,
        })
    }

    /// What has arrived so far.
    pub fn output(&self) -> MutexGuard<'_, Output> {
        lock(&self.out)
    }

    /// The screen's text.
    pub fn screen_text(&self) -> String {
        self.output().parser.screen().contents()
    }

    /// Every byte so far, as text.
    pub fn raw_text(&self) -> String {
        String::from_utf8_lossy(&self.output().raw).into_owned()
    }

    /// Type `bytes`.
    pub fn send(&mut self, bytes: &[u8]) -> Result<(), String> {
        self.writer
            .write_all(bytes)
            .and_then(|()| self.writer.flush())
            .map_err(|e| format!("write to the pty: {e}"))
    }

    /// The exit code, once the program has ended.
    pub fn exit_code(&mut self) -> Option<u32> {
        self.child
            .try_wait()
            .expect("the child's status")
            .map(|s| s.exit_code())
    }

    /// Whether the program has ended (or cannot be asked).
    pub fn exited(&mut self) -> bool {
        !matches!(self.child.try_wait(), Ok(None))
    }

    /// Poll `test` on what has arrived until it holds (true) or `timeout` passes (false).
    pub fn wait_until(&self, timeout: Duration, test: impl Fn(&Output) -> bool) -> bool {
        let start = Instant::now();
        while start.elapsed() < timeout {
            if test(&self.output()) {
                return true;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        false
    }

    /// Wait up to `timeout` for the program to end; its exit code.
    pub fn wait_exit(&mut self, timeout: Duration) -> Option<u32> {
        let start = Instant::now();
        while start.elapsed() < timeout {
            if let Some(code) = self.exit_code() {
                return Some(code);
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        None
    }

    /// All output, once the reader has drained it (it stopped growing, or `timeout`).
    pub fn drained(&self, timeout: Duration) -> Vec<u8> {
        let start = Instant::now();
        let mut last = usize::MAX;
        loop {
            std::thread::sleep(Duration::from_millis(50));
            let n = self.output().raw.len();
            if n == last || start.elapsed() > timeout {
                return self.output().raw.clone();
            }
            last = n;
        }
    }

    /// Close the terminal, as when an SSH connection drops or the tmux pane is killed: the
    /// kernel hangs up the tty and sends SIGHUP; every later write to it fails. The program
    /// must write once more after `wake` is typed, so the reader thread lets its copy of
    /// the master go.
    pub fn hang_up(&mut self, wake: &[u8]) {
        self.stop_reading.store(true, Ordering::SeqCst);
        self.send(wake).expect("the pty is still open");
        if let Some(reader) = self.reader.take() {
            reader.join().expect("the reader thread");
        }
        self.writer = Box::new(std::io::sink());
        self.master = None;
    }
}

impl Drop for Pty {
    // A program left running (a failed test, a misbehaving one measured) would spin on
    // its dead terminal.
    fn drop(&mut self) {
        if !self.exited() {
            // portable-pty: SIGHUP, a short grace period, then SIGKILL.
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

fn lock(out: &Mutex<Output>) -> MutexGuard<'_, Output> {
    out.lock().unwrap_or_else(|e| e.into_inner())
}
