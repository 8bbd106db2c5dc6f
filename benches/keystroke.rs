//! SPEC §7: one keystroke in the wizard — `update` (which re-validates) plus a full
//! render — with 10 / 1,000 / 10,000 bundle IDs, on step 3 where they are shown, and on
//! step 6 (Review), which summarises them and lists their problems.
//! And SPEC §7's big paste: 1 MB pasted into the name field, then one keystroke, each
//! with its render (the text is drawn around the cursor, so neither grows with the paste).
//! Run: `cargo bench --bench keystroke` (`-- paste` for the paste figures only).

use std::hint::black_box;

use criterion::{BatchSize, BenchmarkId, Criterion, criterion_group, criterion_main};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use sso_wizard::Draft;
use sso_wizard::tui::{Msg, State, Step, update, view};

fn state(n: usize) -> State {
    state_at(n, Step::BundleIds)
}

fn state_at(n: usize, step: Step) -> State {
    let mut d = Draft::new_jit();
    d.profile.name = "Bench".into();
    d.extension.bundle_ids = (0..n)
        .map(|i| match i % 100 {
            0 => "com.microsoft.skype.teams".to_string(),
            _ => format!("com.contoso.app{i}"),
        })
        .collect();
    let mut s = State::new(d);
    sso_wizard::tui::update::go_to(&mut s, step);
    s
}

fn bench(c: &mut Criterion) {
    let mut group = c.benchmark_group("keystroke");
    for n in [10usize, 1_000, 10_000] {
        let mut s = state(n);
        let mut term = Terminal::new(TestBackend::new(80, 24)).unwrap();
        group.bench_function(BenchmarkId::new("type-in-input-line", n), |b| {
            // Type into the step-3 input line, then take it out again, so the state stays
            // the same size across iterations. Per iteration: two keystrokes, two frames.
            b.iter(|| {
                for code in [KeyCode::Char('x'), KeyCode::Backspace] {
                    update(&mut s, Msg::Key(KeyEvent::new(code, KeyModifiers::NONE)));
                    term.draw(|f| view::draw(f, black_box(&s))).unwrap();
                }
            })
        });
        let mut s = state(n);
        group.bench_function(BenchmarkId::new("add-and-delete-entry", n), |b| {
            // Two draft changes (each re-validates every bundle ID) and two frames.
            b.iter(|| {
                update(&mut s, Msg::Paste("com.fabrikam.bench".into()));
                term.draw(|f| view::draw(f, black_box(&s))).unwrap();
                update(
                    &mut s,
                    Msg::Key(KeyEvent::new(KeyCode::Delete, KeyModifiers::NONE)),
                );
                term.draw(|f| view::draw(f, black_box(&s))).unwrap();
            })
        });
        let mut s = state_at(n, Step::Review);
        group.bench_function(BenchmarkId::new("review-move-between-problems", n), |b| {
            // Step 6 summarises every bundle ID and lists every problem (one per 100 IDs):
            // down and up again, two frames.
            b.iter(|| {
                for code in [KeyCode::Down, KeyCode::Up] {
                    update(&mut s, Msg::Key(KeyEvent::new(code, KeyModifiers::NONE)));
                    term.draw(|f| view::draw(f, black_box(&s))).unwrap();
                }
            })
        });
    }
    group.finish();
}

/// 1 MB of text with wide characters and characters that are not pasted (controls).
fn megabyte() -> String {
    let unit = "com.contoso.日本語-app\x1b[31m;";
    unit.repeat((1 << 20) / unit.len())
}

fn paste(c: &mut Criterion) {
    let mut group = c.benchmark_group("paste-1MB");
    group.sample_size(20);
    let text = megabyte();
    let fresh = || {
        let mut s = State::new(Draft::new_jit());
        update(&mut s, Msg::Resize(80, 24));
        s
    };
    let mut term = Terminal::new(TestBackend::new(80, 24)).unwrap();
    group.bench_function("paste-into-name+render", |b| {
        b.iter_batched(
            || (fresh(), text.clone()),
            |(mut s, text)| {
                update(&mut s, Msg::Paste(text));
                term.draw(|f| view::draw(f, black_box(&s))).unwrap();
                s
            },
            BatchSize::LargeInput,
        )
    });
    let mut s = fresh();
    update(&mut s, Msg::Paste(text.clone()));
    group.bench_function("then-keystroke+render", |b| {
        // Type at the end of the 1 MB name and take it out again: two keys, two frames.
        b.iter(|| {
            for code in [KeyCode::Char('x'), KeyCode::Backspace] {
                update(&mut s, Msg::Key(KeyEvent::new(code, KeyModifiers::NONE)));
                term.draw(|f| view::draw(f, black_box(&s))).unwrap();
            }
        })
    });
    group.finish();
}

criterion_group!(benches, bench, paste);
criterion_main!(benches);
