//! SPEC §7: `export --format mobileconfig` with 10,000 bundle IDs must stay well under
//! 50 ms. Measures `render` (build + serialise) for the `.mobileconfig` and the Graph
//! profile body with 10, 1,000 and 10,000 bundle IDs.
//!
//! Run: `cargo bench --bench export` (add `-- --quick` for a short run).

use std::hint::black_box;

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use sso_wizard::Draft;
use sso_wizard::export::{Format, render};

/// The wizard's JIT draft with `n` distinct third-party bundle IDs.
fn draft(n: usize) -> Draft {
    let mut d = Draft::new_jit();
    d.profile.name = "Bench profile".into();
    d.extension.bundle_ids = (0..n).map(|i| format!("com.contoso.app{i:05}")).collect();
    d
}

fn export(c: &mut Criterion) {
    let mut group = c.benchmark_group("export");
    for n in [10, 1_000, 10_000] {
        let d = draft(n);
        for (name, format) in [
            ("mobileconfig", Format::Mobileconfig),
            ("graph", Format::Graph),
        ] {
            group.bench_with_input(BenchmarkId::new(name, n), &d, |b, d| {
                b.iter(|| render(black_box(d), format).expect("bench draft exports"))
            });
        }
    }
    group.finish();
}

criterion_group!(benches, export);
criterion_main!(benches);
