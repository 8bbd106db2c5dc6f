//! Import speed with 10 / 1,000 / 10,000 bundle IDs (and 100,000 in an XML profile) (SPEC §7: `check` and `export` of a
//! 10,000-ID draft within 50 ms, so import must be a small part of that).
//! Run: `cargo bench --bench import`.

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use std::hint::black_box;

use sso_wizard::import::import;

fn ids(n: usize) -> Vec<String> {
    (0..n).map(|i| format!("com.example.app{i}")).collect()
}

/// An entra-id profile shaped like SPEC §5.1, built here so the bench does not depend
/// on the exporters.
fn mobileconfig(n: usize) -> Vec<u8> {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
<plist version="1.0">
<dict>
	<key>PayloadContent</key>
	<array>
		<dict>
			<key>PayloadType</key><string>com.apple.extensiblesso</string>
			<key>PayloadVersion</key><integer>1</integer>
			<key>PayloadIdentifier</key><string>com.example.sso.extensiblesso</string>
			<key>PayloadUUID</key><string>6F1C8E52-3B0A-4E7D-9C51-2A9D4B7E8F10</string>
			<key>PayloadDisplayName</key><string>Microsoft Enterprise SSO plug-in</string>
			<key>ExtensionIdentifier</key><string>com.microsoft.azureauthenticator.ssoextension</string>
			<key>Type</key><string>Redirect</string>
			<key>URLs</key>
			<array>
				<string>https://login.microsoftonline.com</string>
				<string>https://login.microsoft.com</string>
				<string>https://sts.windows.net</string>
				<string>https://login.partner.microsoftonline.cn</string>
				<string>https://login.chinacloudapi.cn</string>
				<string>https://login.microsoftonline.us</string>
				<string>https://login-us.microsoftonline.com</string>
			</array>
			<key>ExtensionData</key>
			<dict>
				<key>device_registration</key><string>{{{{DEVICEREGISTRATION}}}}</string>
				<key>browser_sso_interaction_enabled</key><integer>1</integer>
				<key>AppAllowList</key><string>{}</string>
			</dict>
		</dict>
	</array>
	<key>PayloadDisplayName</key><string>Bench</string>
	<key>PayloadIdentifier</key><string>com.example.sso</string>
	<key>PayloadType</key><string>Configuration</string>
	<key>PayloadUUID</key><string>0B9A2E77-5C4D-4F21-8E36-7D1F3A6C9B42</string>
	<key>PayloadVersion</key><integer>1</integer>
	<key>TargetDeviceType</key><integer>1</integer>
</dict>
</plist>
"#,
        ids(n).join(",")
    )
    .into_bytes()
}

/// The same profile as a binary plist.
fn binary(n: usize) -> Vec<u8> {
    let value = plist::Value::from_reader_xml(&mobileconfig(n)[..]).expect("valid XML plist");
    let mut out = Vec::new();
    plist::to_writer_binary(&mut out, &value).expect("serialisable");
    out
}

/// A Graph create body as SPEC §5.2.
fn graph(n: usize) -> Vec<u8> {
    let body = serde_json::json!({
        "@odata.type": "#microsoft.graph.iosDeviceFeaturesConfiguration",
        "displayName": "Bench",
        "description": "",
        "roleScopeTagIds": ["0"],
        "iosSingleSignOnExtension": {
            "@odata.type": "#microsoft.graph.iosAzureAdSingleSignOnExtension",
            "enableSharedDeviceMode": false,
            "bundleIdAccessControlList": ids(n),
            "configurations": [
                {"@odata.type": "#microsoft.graph.keyStringValuePair", "key": "device_registration", "value": "{{DEVICEREGISTRATION}}"},
                {"@odata.type": "#microsoft.graph.keyIntegerValuePair", "key": "browser_sso_interaction_enabled", "value": 1}
            ]
        }
    });
    serde_json::to_vec_pretty(&body).expect("serialisable")
}

fn bench(c: &mut Criterion) {
    let mut group = c.benchmark_group("import");
    for n in [10usize, 1_000, 10_000] {
        for (kind, input) in [
            ("mobileconfig-xml", mobileconfig(n)),
            ("mobileconfig-binary", binary(n)),
            ("graph", graph(n)),
        ] {
            assert_eq!(
                import(&input)
                    .expect("bench input imports")
                    .draft
                    .extension
                    .bundle_ids
                    .len(),
                n
            );
            group.throughput(Throughput::Bytes(input.len() as u64));
            group.bench_with_input(BenchmarkId::new(kind, n), &input, |b, input| {
                b.iter(|| import(black_box(input)).expect("imports"))
            });
        }
    }
    // The profile of tests/import.rs `a_hundred_thousand_bundle_ids_import_from_a_mobileconfig`
    // (an `AppAllowList` of 100,000 IDs): import stays linear in the list.
    let n = 100_000;
    let input = mobileconfig(n);
    let imported = import(&input).expect("bench input imports");
    assert_eq!(imported.draft.extension.bundle_ids, ids(n));
    group.throughput(Throughput::Bytes(input.len() as u64));
    group.sample_size(10);
    group.bench_with_input(
        BenchmarkId::new("mobileconfig-xml", n),
        &input,
        |b, input| b.iter(|| import(black_box(input)).expect("imports")),
    );
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
