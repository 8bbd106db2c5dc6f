//! Draft → answers TOML → draft is the identity, for generated drafts: a draft the wizard
//! autosaves is exactly the draft it resumes. Default 64 cases; `PROPTEST_CASES` for more.

use proptest::prelude::*;
use sso_wizard::draft::*;

fn text() -> impl Strategy<Value = String> {
    // Any Unicode, including control characters and quotes: TOML must escape them all.
    prop_oneof![
        3 => "[a-zA-Z0-9 ._{}-]{0,24}",
        1 => any::<String>(),
    ]
}

fn texts() -> impl Strategy<Value = Vec<String>> {
    prop::collection::vec(text(), 0..5)
}

fn raw_value() -> impl Strategy<Value = RawValue> {
    prop_oneof![
        text().prop_map(RawValue::String),
        any::<i64>().prop_map(RawValue::Integer),
        any::<bool>().prop_map(RawValue::Boolean),
    ]
}

fn pair() -> impl Strategy<Value = ConfigPair> {
    (
        text(),
        prop_oneof![
            Just(ValueType::String),
            Just(ValueType::Integer),
            Just(ValueType::Boolean)
        ],
        raw_value(),
    )
        .prop_map(|(key, kind, value)| ConfigPair { key, kind, value })
}

fn group() -> impl Strategy<Value = Group> {
    (text(), text()).prop_map(|(id, name)| Group { id, name })
}

fn kerberos() -> impl Strategy<Value = Kerberos> {
    (
        any::<[bool; 5]>(),
        (text(), text(), text(), text()),
        texts(),
    )
        .prop_map(|(b, (p, s, c, h), domain_realms)| Kerberos {
            block_keychain_usage: b[0],
            require_user_presence: b[1],
            default_realm: b[2],
            block_autodiscover: b[3],
            managed_apps_only: b[4],
            principal_name: p,
            site_code: s,
            cache_name: c,
            sign_in_help_text: h,
            domain_realms,
            apple_keys: Kept::default(),
        })
        .prop_flat_map(|k| {
            kept().prop_map(move |apple_keys| Kerberos {
                apple_keys,
                ..k.clone()
            })
        })
}

/// Apple keys kept from an import: every TOML kind a plist value maps to.
fn kept() -> impl Strategy<Value = Kept> {
    let leaf = prop_oneof![
        text().prop_map(toml::Value::String),
        any::<i64>().prop_map(toml::Value::Integer),
        (-1.0e9f64..1.0e9).prop_map(toml::Value::Float),
        any::<bool>().prop_map(toml::Value::Boolean),
        Just(toml::Value::Datetime(
            "2026-11-28T12:00:00Z".parse().unwrap()
        )),
    ];
    let value = leaf.prop_recursive(2, 8, 3, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..3).prop_map(toml::Value::Array),
            prop::collection::btree_map("[A-Za-z]{1,8}", inner, 0..3)
                .prop_map(|m| toml::Value::Table(m.into_iter().collect())),
        ]
    });
    prop::collection::btree_map("[A-Z][A-Za-z]{0,12}", value, 0..3)
        .prop_map(|m| Kept(m.into_iter().collect()))
}

fn draft() -> impl Strategy<Value = Draft> {
    let profile = (
        text(),
        text(),
        text(),
        prop::option::of(text()),
        texts(),
        prop::option::of(text()),
    )
        .prop_map(
            |(name, description, organization, identifier, scope_tags, uuid)| Profile {
                name,
                description,
                organization,
                identifier,
                scope_tags,
                uuid,
                apple_keys: Kept::default(),
            },
        )
        .prop_flat_map(|p| {
            kept().prop_map(move |apple_keys| Profile {
                apple_keys,
                ..p.clone()
            })
        });
    let extension = (
        prop::sample::select(ExtensionType::ALL.to_vec()),
        texts(),
        any::<bool>(),
        (text(), text(), texts(), text(), texts()),
        (
            prop::option::of(text()),
            prop::option::of(text()),
            prop::option::of(text()),
            prop::option::of(text()),
            prop::option::of(text()),
        ),
        kerberos(),
        prop::collection::vec(pair(), 0..6),
        kept(),
    )
        .prop_map(
            |(
                kind,
                bundle_ids,
                shared_device_mode,
                (extension_id, team_id, urls, realm, domains),
                (
                    payload_uuid,
                    payload_identifier,
                    payload_display_name,
                    payload_organization,
                    payload_description,
                ),
                kerberos,
                config,
                apple_keys,
            )| Extension {
                kind,
                bundle_ids,
                shared_device_mode,
                extension_id,
                team_id,
                urls,
                realm,
                domains,
                payload_uuid,
                payload_identifier,
                payload_display_name,
                payload_organization,
                payload_description,
                apple_keys,
                kerberos,
                config,
            },
        );
    let assignments = (
        prop::sample::select(vec![
            Target::AllUsers,
            Target::AllDevices,
            Target::Groups,
            Target::None,
        ]),
        prop::collection::vec(group(), 0..3),
        prop::collection::vec(group(), 0..3),
        prop::option::of((text(), any::<bool>())),
    )
        .prop_map(
            |(target, include_groups, exclude_groups, filter)| Assignments {
                target,
                include_groups,
                exclude_groups,
                filter: filter.map(|(id, ex)| Filter {
                    id,
                    mode: if ex {
                        FilterMode::Exclude
                    } else {
                        FilterMode::Include
                    },
                }),
            },
        );
    let authenticator = (
        any::<bool>(),
        text(),
        prop::sample::select(vec![License::Store, License::VppDevice, License::VppUser]),
    )
        .prop_map(|(required, app_id, license)| Authenticator {
            required,
            app_id,
            license,
        });
    (profile, extension, assignments, authenticator).prop_map(
        |(profile, extension, assignments, authenticator)| Draft {
            format: FORMAT_VERSION,
            profile,
            extension,
            assignments,
            authenticator,
        },
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(
        std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(64)
    ))]

    #[test]
    fn draft_toml_draft_is_identity(d in draft()) {
        let text = d.to_toml();
        let back = Draft::from_toml(&text).map_err(|e| TestCaseError::fail(format!("{e}\n{text}")))?;
        prop_assert_eq!(back, d);
    }
}

#[test]
fn new_draft_is_the_jit_recipe() {
    let d = Draft::new_jit();
    assert_eq!(d.extension.kind, ExtensionType::EntraId);
    assert_eq!(
        d.extension.config,
        vec![
            ConfigPair::string("device_registration", "{{DEVICEREGISTRATION}}"),
            ConfigPair::integer("browser_sso_interaction_enabled", 1),
        ]
    );
    assert_eq!(d.assignments.target, Target::AllUsers);
    assert!(d.authenticator.required);
    assert_eq!(Draft::from_toml(&d.to_toml()).unwrap(), d);
}

#[test]
fn missing_optional_keys_take_the_defaults() {
    let d = Draft::from_toml("format = 1\n[profile]\nname = \"x\"\n").unwrap();
    assert_eq!(d.profile.scope_tags, vec!["0".to_string()]);
    assert_eq!(d.profile.effective_identifier(), "sso-wizard.x");
    assert_eq!(d.extension.kind, ExtensionType::EntraId);
    assert_eq!(d.assignments.target, Target::AllUsers);
    assert!(d.authenticator.required);
    assert_eq!(d.authenticator.license, License::Store);
    assert!(d.extension.config.is_empty());
}

#[test]
fn values_are_kept_as_written() {
    let d = Draft::from_toml(
        "format = 1\n[[extension.config]]\nkey = \"browser_sso_interaction_enabled\"\ntype = \"integer\"\nvalue = \"1\"\n",
    )
    .unwrap();
    assert_eq!(
        d.extension.config[0].value,
        RawValue::String("1".to_string())
    );
    assert!(d.to_toml().contains("value = \"1\""));
}

#[test]
fn errors_carry_line_and_column() {
    let cases = [
        ("format = 1\n[profile]\nnme = \"x\"\n", 3, 1, "nme"),
        ("format = 2\n", 1, 10, "format"),
        (
            "format = 1\n[[extension.config]]\nkey = \"a\"\ntype = \"integer\"\nvalue = 1.5\n",
            5,
            9,
            "1.5",
        ),
        ("format = 1\n[extension]\ntype = \"x\"\n", 3, 8, "entra-id"),
        (
            "format = 1\n[assignments]\ntarget = 3\n",
            3,
            10,
            "expected a string",
        ),
    ];
    for (text, line, column, word) in cases {
        let e = Draft::from_toml(text).unwrap_err();
        assert_eq!(
            (e.line, e.column),
            (Some(line), Some(column)),
            "{text}: {e}"
        );
        assert!(e.message.contains(word), "{text}: {e}");
    }
    let e = Draft::from_toml("[profile]\nname = \"x\"\n").unwrap_err();
    assert!(e.message.contains("format = 1"), "{e}");
}
