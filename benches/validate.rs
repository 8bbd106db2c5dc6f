//! SPEC §7: `validate` runs on every keystroke in the wizard (budget for update + validate +
//! render: 2 ms median with 10,000 bundle IDs). Run: `cargo bench --bench validate`.

use std::hint::black_box;

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use sso_wizard::Draft;
use sso_wizard::rules::validate;

/// A JIT draft with `n` bundle IDs: mostly clean, with a realistic sprinkling of mistakes
/// (a Microsoft app, mixed case, a duplicate) so the finding paths are measured too.
fn draft(n: usize) -> Draft {
    let mut d = Draft::new_jit();
    d.profile.name = "Bench".into();
    d.authenticator.app_id = "6f1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d".into();
    d.extension.bundle_ids = (0..n)
        .map(|i| match i % 100 {
            0 => "com.microsoft.skype.teams".to_string(),
            1 => format!("com.Contoso.App{i}"),
            2 => "com.contoso.app3".to_string(),
            _ => format!("com.contoso.app{i}"),
        })
        .collect();
    d
}

fn bench(c: &mut Criterion) {
    let mut group = c.benchmark_group("validate");
    for n in [10usize, 1_000, 10_000] {
        let d = draft(n);
        group.bench_with_input(BenchmarkId::from_parameter(n), &d, |b, d| {
            b.iter(|| validate(black_box(d)))
        });
    }
    // The draft of tests/rules.rs `ten_thousand_bundle_ids_find_all_duplicates`: every ID
    // in the second half repeats one in the first, so 5,000 B005 findings (an O(n²)
    // duplicate search shows here, not as a timed test).
    let mut d = draft(0);
    d.extension.bundle_ids = (0..10_000)
        .map(|i| format!("com.contoso.app{}", i % 5_000))
        .collect();
    group.bench_with_input(
        BenchmarkId::from_parameter("10000-half-duplicates"),
        &d,
        |b, d| b.iter(|| validate(black_box(d))),
    );
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
