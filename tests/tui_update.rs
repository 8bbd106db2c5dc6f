//! Transition tests of the wizard's pure state machine: no terminal, no I/O.

use std::path::PathBuf;

use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};
use sso_wizard::draft::{
    ConfigPair, Draft, ExtensionType, FilterMode, License, RawValue, Target, ValueType,
};
use sso_wizard::export::Format;
use sso_wizard::rules::{Field, Severity};
use sso_wizard::tui::state::{FieldId, Popup, Resume, ResumeEntry};
use sso_wizard::tui::update::WriteFailure;
use sso_wizard::tui::{Effect, Msg, State, Step, update};

fn k(code: KeyCode) -> Msg {
    Msg::Key(KeyEvent::new(code, KeyModifiers::NONE))
}
fn ctrl(c: char) -> Msg {
    Msg::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL))
}
fn typed(s: &mut State, text: &str) {
    for c in text.chars() {
        assert!(update(s, k(KeyCode::Char(c))).is_empty());
    }
}
fn press(s: &mut State, codes: &[KeyCode]) -> Vec<Effect> {
    codes.iter().flat_map(|c| update(s, k(*c))).collect()
}
fn wizard() -> State {
    State::new(Draft::new_jit())
}
fn at_step(step: Step) -> State {
    let mut s = wizard();
    s.edit(|d| {
        d.profile.name = "Fabrikam iPhone SSO".into();
    });
    while s.step != step {
        update(&mut s, ctrl('n'));
    }
    s
}
fn codes(s: &State) -> Vec<&'static str> {
    s.diags().iter().map(|d| d.code).collect()
}

#[test]
fn typing_edits_the_draft_itself_and_drops_control_characters() {
    let mut s = wizard();
    assert_eq!(s.focused(), FieldId::Name);
    typed(&mut s, "Fabrikam");
    assert_eq!(s.draft().profile.name, "Fabrikam");
    assert!(s.revision() > 0);
    update(&mut s, Msg::Paste("\x1b[31m iPhone\r\n".into()));
    assert_eq!(s.draft().profile.name, "Fabrikam[31m iPhone");
    // Home, Ctrl+E, Left, Backspace, Ctrl+A.
    press(&mut s, &[KeyCode::Home]);
    typed(&mut s, ">");
    update(&mut s, ctrl('e'));
    press(&mut s, &[KeyCode::Left, KeyCode::Backspace]);
    assert_eq!(s.draft().profile.name, ">Fabrikam[31m iPhoe");
    update(&mut s, ctrl('a'));
    press(&mut s, &[KeyCode::Right, KeyCode::Backspace]);
    assert_eq!(s.draft().profile.name, "Fabrikam[31m iPhoe");
}

#[test]
fn key_releases_are_ignored() {
    let mut s = wizard();
    let mut ev = KeyEvent::new(KeyCode::Char('x'), KeyModifiers::NONE);
    ev.kind = KeyEventKind::Release;
    update(&mut s, Msg::Key(ev));
    assert_eq!(s.draft().profile.name, "");
}

#[test]
fn tab_and_enter_move_between_fields() {
    let mut s = wizard();
    press(&mut s, &[KeyCode::Tab]);
    assert_eq!(s.focused(), FieldId::Description);
    press(&mut s, &[KeyCode::Enter]);
    assert_eq!(s.focused(), FieldId::Organization);
    press(&mut s, &[KeyCode::BackTab, KeyCode::BackTab]);
    assert_eq!(s.focused(), FieldId::Name);
    press(&mut s, &[KeyCode::BackTab]);
    assert_eq!(s.focused(), FieldId::ScopeTags, "Shift+Tab wraps");
    press(&mut s, &[KeyCode::BackTab]);
    assert_eq!(s.focused(), FieldId::Identifier);
    typed(&mut s, "com.contoso.sso");
    assert_eq!(
        s.draft().profile.identifier.as_deref(),
        Some("com.contoso.sso")
    );
    for _ in 0..15 {
        press(&mut s, &[KeyCode::Backspace]);
    }
    assert_eq!(
        s.draft().profile.identifier,
        None,
        "blank identifier = default"
    );
}

#[test]
fn next_and_previous_step_keys_are_never_blocked() {
    let mut s = wizard();
    assert!(codes(&s).contains(&"P001"), "empty name is an error");
    update(&mut s, ctrl('n'));
    assert_eq!(s.step, Step::Extension);
    press(&mut s, &[KeyCode::PageDown]);
    assert_eq!(s.step, Step::BundleIds);
    for _ in 0..10 {
        update(&mut s, ctrl('n'));
    }
    assert_eq!(s.step, Step::Export);
    update(&mut s, ctrl('p'));
    assert_eq!(s.step, Step::Review);
    press(&mut s, &[KeyCode::PageUp]);
    assert_eq!(s.step, Step::Assignments);
    for _ in 0..10 {
        press(&mut s, &[KeyCode::PageUp]);
    }
    assert_eq!(s.step, Step::Basics);
}

#[test]
fn esc_goes_back_or_closes_and_never_discards() {
    let mut s = wizard();
    typed(&mut s, "Keep me");
    update(&mut s, ctrl('n'));
    update(&mut s, ctrl('n'));
    typed(&mut s, "com.contoso.half");
    press(&mut s, &[KeyCode::Esc]);
    assert_eq!(s.step, Step::Extension);
    assert_eq!(
        s.draft().extension.bundle_ids,
        ["com.contoso.half"],
        "typed text kept"
    );
    press(&mut s, &[KeyCode::F(1)]);
    assert!(matches!(s.popup, Some(Popup::Help { .. })));
    press(&mut s, &[KeyCode::Esc]);
    assert_eq!(s.popup, None);
    assert_eq!(
        s.step,
        Step::Extension,
        "Esc closing a popup does not also go back"
    );
    press(&mut s, &[KeyCode::Esc, KeyCode::Esc, KeyCode::Esc]);
    assert_eq!(s.step, Step::Basics);
    assert_eq!(s.draft().profile.name, "Keep me");
}

#[test]
fn help_opens_with_f1_anywhere_and_question_mark_outside_text() {
    let mut s = wizard();
    typed(&mut s, "Why?");
    assert_eq!(
        s.draft().profile.name,
        "Why?",
        "? is a character in a text field"
    );
    assert_eq!(s.popup, None);
    update(&mut s, ctrl('n'));
    assert_eq!(s.focused(), FieldId::ExtType);
    typed(&mut s, "?");
    assert!(matches!(s.popup, Some(Popup::Help { .. })));
    press(&mut s, &[KeyCode::Down, KeyCode::Esc]);
    assert_eq!(s.popup, None);
}

#[test]
fn extension_type_choice_shows_that_types_fields() {
    let mut s = at_step(Step::Extension);
    assert_eq!(s.fields(), [FieldId::ExtType, FieldId::SharedDeviceMode]);
    press(&mut s, &[KeyCode::Tab, KeyCode::Down]);
    assert!(s.draft().extension.shared_device_mode);
    press(&mut s, &[KeyCode::BackTab, KeyCode::Down]);
    assert_eq!(s.draft().extension.kind, ExtensionType::Redirect);
    assert!(codes(&s).contains(&"E001"), "non-Entra type: JIT warning");
    assert_eq!(
        s.fields(),
        [
            FieldId::ExtType,
            FieldId::ExtensionId,
            FieldId::TeamId,
            FieldId::Urls
        ]
    );
    press(&mut s, &[KeyCode::Tab]);
    typed(&mut s, "com.example.sso");
    press(&mut s, &[KeyCode::Tab]);
    typed(&mut s, "ABCDE12345");
    press(&mut s, &[KeyCode::Tab]);
    update(
        &mut s,
        Msg::Paste("https://a.example.com\nhttps://b.example.com".into()),
    );
    assert_eq!(s.draft().extension.extension_id, "com.example.sso");
    assert_eq!(s.draft().extension.team_id, "ABCDE12345");
    assert_eq!(s.draft().extension.urls.len(), 2);
    press(&mut s, &[KeyCode::Up, KeyCode::Delete]);
    assert_eq!(s.draft().extension.urls, ["https://b.example.com"]);
    // Kerberos: realm, domains, five toggles, four texts, domain realms.
    s.focus.insert(Step::Extension, 0);
    press(&mut s, &[KeyCode::Down, KeyCode::Down]);
    assert_eq!(s.draft().extension.kind, ExtensionType::Kerberos);
    assert_eq!(s.fields().len(), 13);
    press(&mut s, &[KeyCode::Tab]);
    typed(&mut s, "CONTOSO.COM");
    press(&mut s, &[KeyCode::Tab]);
    typed(&mut s, ".contoso.com");
    press(&mut s, &[KeyCode::Enter, KeyCode::Tab, KeyCode::Down]);
    assert!(s.draft().extension.kerberos.block_keychain_usage);
    for _ in 0..5 {
        press(&mut s, &[KeyCode::Tab]);
    }
    assert_eq!(s.focused(), FieldId::KPrincipal);
    typed(&mut s, "{{userprincipalname}}");
    assert_eq!(s.draft().extension.realm, "CONTOSO.COM");
    assert_eq!(s.draft().extension.domains, [".contoso.com"]);
    assert_eq!(
        s.draft().extension.kerberos.principal_name,
        "{{userprincipalname}}"
    );
    // Back to Entra ID: what was typed for the other types is kept.
    s.focus.insert(Step::Extension, 0);
    press(&mut s, &[KeyCode::Up, KeyCode::Up, KeyCode::Up]);
    assert_eq!(s.draft().extension.kind, ExtensionType::EntraId);
    assert_eq!(s.draft().extension.realm, "CONTOSO.COM");
}

#[test]
fn bundle_ids_enter_adds_and_diagnostics_follow_typing() {
    let mut s = at_step(Step::BundleIds);
    typed(&mut s, "com.contoso.lobapp");
    assert!(
        s.draft().extension.bundle_ids.is_empty(),
        "not added before Enter"
    );
    press(&mut s, &[KeyCode::Enter]);
    assert_eq!(s.draft().extension.bundle_ids, ["com.contoso.lobapp"]);
    assert_eq!(s.lists[&FieldId::BundleIds].input, "");
    typed(&mut s, "com.microsoft.azureauthenticator");
    press(&mut s, &[KeyCode::Enter]);
    let d = s
        .selected_diag()
        .expect("the new entry's diagnostic is selected");
    assert_eq!((d.code, d.severity), ("B004", Severity::Error));
    assert_eq!(d.field, Field::BundleId(1));
    press(&mut s, &[KeyCode::Enter]);
    assert_eq!(
        s.draft().extension.bundle_ids.len(),
        2,
        "empty Enter adds nothing"
    );
}

#[test]
fn an_entry_added_with_enter_is_trimmed() {
    let mut s = at_step(Step::BundleIds);
    typed(&mut s, "  com.contoso.lobapp \t");
    press(&mut s, &[KeyCode::Enter]);
    assert_eq!(s.draft().extension.bundle_ids, ["com.contoso.lobapp"]);
    // A group line keeps its display name, trimmed at both ends.
    let mut s = at_step(Step::Assignments);
    while s.focused() != FieldId::IncludeGroups {
        press(&mut s, &[KeyCode::Tab]);
    }
    typed(
        &mut s,
        " 0b7c2d1e-1111-4222-8333-444455556666 iOS pilot users  ",
    );
    press(&mut s, &[KeyCode::Enter]);
    let g = &s.draft().assignments.include_groups[0];
    assert_eq!(
        (g.id.as_str(), g.name.as_str()),
        ("0b7c2d1e-1111-4222-8333-444455556666", "iOS pilot users")
    );
}

/// Scope tags are set in Basics: a list (Graph `roleScopeTagIds`), "0" (Default) to start.
#[test]
fn scope_tags_are_set_in_basics() {
    let mut s = wizard();
    while s.focused() != FieldId::ScopeTags {
        press(&mut s, &[KeyCode::Tab]);
    }
    assert_eq!(s.step, Step::Basics);
    assert_eq!(s.draft().profile.scope_tags, ["0"]);
    typed(&mut s, " 7 ");
    press(&mut s, &[KeyCode::Enter]);
    assert_eq!(s.draft().profile.scope_tags, ["0", "7"]);
    press(&mut s, &[KeyCode::Up, KeyCode::Delete]);
    assert_eq!(s.draft().profile.scope_tags, ["7"]);
    assert_eq!(s.status.as_deref(), Some("Removed 0"));
}

#[test]
fn paste_adds_every_id_whatever_the_separator() {
    let mut s = at_step(Step::BundleIds);
    update(
        &mut s,
        Msg::Paste("com.a.one\r\ncom.a.two\rcom.a.three\ncom.a.four,com.a.five com.a.six\tcom.a.seven,\x07 \n".into()),
    );
    assert_eq!(
        s.draft().extension.bundle_ids,
        [
            "com.a.one",
            "com.a.two",
            "com.a.three",
            "com.a.four",
            "com.a.five",
            "com.a.six",
            "com.a.seven"
        ]
    );
    assert_eq!(s.lists[&FieldId::BundleIds].selected, 6);
}

#[test]
fn delete_removes_the_selected_entry() {
    let mut s = at_step(Step::BundleIds);
    update(&mut s, Msg::Paste("com.a.one com.a.two com.a.three".into()));
    press(&mut s, &[KeyCode::Up, KeyCode::Delete]);
    assert_eq!(s.draft().extension.bundle_ids, ["com.a.one", "com.a.three"]);
    press(&mut s, &[KeyCode::Down, KeyCode::Down, KeyCode::Delete]);
    assert_eq!(s.draft().extension.bundle_ids, ["com.a.one"]);
    press(&mut s, &[KeyCode::Delete, KeyCode::Delete]);
    assert!(s.draft().extension.bundle_ids.is_empty());
}

#[test]
fn ctrl_f_applies_the_selected_diagnostics_fix() {
    let mut s = at_step(Step::BundleIds);
    update(
        &mut s,
        Msg::Paste(
            "com.contoso.lobapp com.microsoft.skype.teams com.microsoft.azureauthenticator".into(),
        ),
    );
    assert_eq!(s.selected_diag().unwrap().code, "B004");
    update(&mut s, ctrl('f'));
    assert_eq!(
        s.draft().extension.bundle_ids,
        ["com.contoso.lobapp", "com.microsoft.skype.teams"]
    );
    // The confirmation says what changed, not which fix ran.
    assert_eq!(
        s.status.as_deref(),
        Some("Removed com.microsoft.azureauthenticator")
    );
    assert_eq!(s.selected_diag().unwrap().code, "B003");
    update(&mut s, ctrl('f'));
    assert_eq!(s.draft().extension.bundle_ids, ["com.contoso.lobapp"]);
    assert_eq!(
        s.status.as_deref(),
        Some("Removed com.microsoft.skype.teams")
    );
    assert!(s.step_diags(Step::BundleIds).is_empty());
    update(&mut s, ctrl('f'));
    assert!(s.status.is_some(), "says there is nothing to fix");
}

#[test]
fn leaving_a_list_keeps_what_was_typed_in_its_input_line() {
    let mut s = at_step(Step::BundleIds);
    typed(&mut s, "com.contoso.typed");
    update(&mut s, ctrl('n'));
    assert_eq!(s.draft().extension.bundle_ids, ["com.contoso.typed"]);
}

#[test]
fn config_table_edit_retype_add_remove_and_fix() {
    let mut s = at_step(Step::Config);
    assert_eq!(
        s.draft().extension.config.len(),
        2,
        "pre-filled with the JIT pairs"
    );
    // Enter edits a row's value; Shift+Tab reaches its type.
    press(&mut s, &[KeyCode::Down, KeyCode::Enter]);
    assert_eq!(s.table.editing, Some(2));
    // Edit row 2's type: Integer → String; the value stays "1", now a string → K004.
    press(&mut s, &[KeyCode::BackTab, KeyCode::Up]);
    assert_eq!(s.draft().extension.config[1].kind, ValueType::String);
    assert_eq!(
        s.draft().extension.config[1].value,
        RawValue::String("1".into())
    );
    assert_eq!(s.selected_diag().unwrap().code, "K004");
    press(&mut s, &[KeyCode::Esc]);
    assert_eq!(s.table.editing, None);
    assert_eq!(s.step, Step::Config, "Esc leaves editing first");
    let mut back = s.clone();
    press(&mut back, &[KeyCode::Esc]);
    assert_eq!(back.step, Step::BundleIds, "then Esc goes back a step");
    update(&mut s, ctrl('f'));
    assert_eq!(
        s.draft().extension.config[1],
        ConfigPair::integer("browser_sso_interaction_enabled", 1)
    );
    // "+ new row": an unknown key is allowed; a near miss is warned about.
    press(&mut s, &[KeyCode::Down, KeyCode::Enter]);
    assert_eq!(s.table.editing, Some(0));
    typed(&mut s, "disable_explicit_app_promt");
    press(&mut s, &[KeyCode::Tab, KeyCode::Down, KeyCode::Tab]);
    typed(&mut s, "1");
    press(&mut s, &[KeyCode::Enter]);
    assert_eq!(s.table.editing, None);
    let row = &s.draft().extension.config[2];
    assert_eq!(
        (row.key.as_str(), row.kind, &row.value),
        (
            "disable_explicit_app_promt",
            ValueType::Integer,
            &RawValue::Integer(1)
        )
    );
    assert!(codes(&s).contains(&"K007"));
    press(&mut s, &[KeyCode::Delete]);
    assert_eq!(s.draft().extension.config.len(), 2);
    // The picker adds a known key with its type and default.
    press(
        &mut s,
        &[KeyCode::Down, KeyCode::Down, KeyCode::Down, KeyCode::Enter],
    );
    assert!(matches!(s.popup, Some(Popup::Picker { .. })));
    let keys = sso_wizard::tui::catalog::known_keys();
    let i = keys
        .iter()
        .position(|k| k.name == "disable_explicit_app_prompt")
        .unwrap();
    for _ in 0..i {
        press(&mut s, &[KeyCode::Down]);
    }
    press(&mut s, &[KeyCode::Enter]);
    assert_eq!(s.popup, None);
    assert_eq!(
        s.draft().extension.config[2],
        ConfigPair::integer("disable_explicit_app_prompt", 1)
    );
}

/// A key picked from "+ known key…" starts with Microsoft's recommended value, else the
/// value that changes something: never the plug-in's own default, a row that does nothing.
#[test]
fn a_picked_key_starts_with_a_value_that_changes_something() {
    let keys = sso_wizard::tui::catalog::known_keys();
    let initial = |name: &str| {
        keys.iter()
            .find(|k| k.name == name)
            .unwrap()
            .initial
            .clone()
    };
    // Microsoft's recommended values.
    assert_eq!(
        initial("device_registration"),
        RawValue::String("{{DEVICEREGISTRATION}}".into())
    );
    assert_eq!(
        initial("browser_sso_interaction_enabled"),
        RawValue::Integer(1)
    );
    assert_eq!(
        initial("AppPrefixAllowList"),
        RawValue::String("com.apple.".into())
    );
    // Off by default (or unstated): starts on.
    for name in [
        "Enable_SSO_On_All_ManagedApps",
        "disable_inapp_sso_signin",
        "admin_debug_mode_enabled",
        "browser_sso_disable_mfa",
    ] {
        assert_eq!(initial(name), RawValue::Integer(1), "{name}");
    }
    assert_eq!(initial("sharedDeviceMode"), RawValue::Boolean(true));
    assert_eq!(initial("use_most_secure_storage"), RawValue::Boolean(true));
    // Every switch differs from its documented default, unless Microsoft recommends it.
    for k in &keys {
        if [
            "disable_explicit_app_prompt",
            "browser_sso_interaction_enabled",
        ]
        .contains(&k.name)
        {
            continue;
        }
        if let RawValue::Integer(v) = k.initial {
            assert_ne!(v.to_string(), k.default, "{}", k.name);
        }
    }
    // Picked: the row is added with that value and its value cell is open.
    let mut s = at_step(Step::Config);
    s.edit(|d| {
        d.extension.config.clear();
    });
    press(&mut s, &[KeyCode::Down, KeyCode::Enter]);
    assert!(matches!(s.popup, Some(Popup::Picker { .. })));
    let i = keys
        .iter()
        .position(|k| k.name == "Enable_SSO_On_All_ManagedApps")
        .unwrap();
    for _ in 0..i {
        press(&mut s, &[KeyCode::Down]);
    }
    press(&mut s, &[KeyCode::Enter]);
    assert_eq!(
        s.draft().extension.config,
        [ConfigPair::integer("Enable_SSO_On_All_ManagedApps", 1)]
    );
    assert_eq!(s.table.editing, Some(2));
}

/// A yes/no field flips with Space, Up and Down.
#[test]
fn booleans_toggle_with_space_up_and_down() {
    let mut s = at_step(Step::Assignments);
    while s.focused() != FieldId::AuthRequired {
        press(&mut s, &[KeyCode::Tab]);
    }
    assert!(s.draft().authenticator.required);
    for (key, want) in [
        (KeyCode::Char(' '), false),
        (KeyCode::Up, true),
        (KeyCode::Down, false),
        (KeyCode::Char(' '), true),
    ] {
        press(&mut s, &[key]);
        assert_eq!(s.draft().authenticator.required, want, "{key:?}");
    }
}

#[test]
fn assignments_fields() {
    let mut s = at_step(Step::Assignments);
    press(&mut s, &[KeyCode::Down]);
    assert_eq!(s.draft().assignments.target, Target::AllDevices);
    press(&mut s, &[KeyCode::Up, KeyCode::Tab]);
    assert_eq!(s.draft().assignments.target, Target::AllUsers);
    typed(
        &mut s,
        "0b7c2d1e-1111-4222-8333-444455556666 iOS pilot users",
    );
    press(&mut s, &[KeyCode::Enter]);
    let g = &s.draft().assignments.include_groups[0];
    assert_eq!(
        (g.id.as_str(), g.name.as_str()),
        ("0b7c2d1e-1111-4222-8333-444455556666", "iOS pilot users")
    );
    assert_eq!(s.draft().assignments.target, Target::Groups);
    press(&mut s, &[KeyCode::Tab]);
    update(
        &mut s,
        Msg::Paste("not-a-guid Contractors\n0b7c2d1e-1111-4222-8333-444455556666 Same".into()),
    );
    assert_eq!(s.draft().assignments.exclude_groups.len(), 2);
    assert!(codes(&s).contains(&"A001"));
    assert!(codes(&s).contains(&"A003"));
    press(&mut s, &[KeyCode::Tab]);
    assert_eq!(s.focused(), FieldId::FilterId);
    typed(&mut s, "f1");
    press(&mut s, &[KeyCode::Tab, KeyCode::Down]);
    let f = s.draft().assignments.filter.as_ref().unwrap();
    assert_eq!((f.id.as_str(), f.mode), ("f1", FilterMode::Exclude));
    press(&mut s, &[KeyCode::Tab, KeyCode::Down]);
    assert!(!s.draft().authenticator.required);
    assert!(codes(&s).contains(&"A005"));
    press(&mut s, &[KeyCode::Up, KeyCode::Tab]);
    typed(&mut s, "app-1");
    press(&mut s, &[KeyCode::Tab, KeyCode::Down, KeyCode::Down]);
    assert_eq!(s.draft().authenticator.app_id, "app-1");
    assert_eq!(s.draft().authenticator.license, License::VppUser);
}

#[test]
fn review_enter_jumps_to_the_diagnostics_field() {
    let mut s = at_step(Step::Review);
    s.edit(|d| {
        d.extension.bundle_ids = vec!["com.contoso.ok".into(), "com.microsoft.skype.teams".into()];
        d.extension.config[1].value = RawValue::String(" 1".into());
    });
    let list = s.review_diags();
    let b = list.iter().position(|d| d.code == "B003").unwrap();
    for _ in 0..b {
        press(&mut s, &[KeyCode::Down]);
    }
    press(&mut s, &[KeyCode::Enter]);
    assert_eq!(s.step, Step::BundleIds);
    assert_eq!(s.lists[&FieldId::BundleIds].selected, 1);
    assert_eq!(s.selected_diag().unwrap().code, "B003");
    let mut s2 = s.clone();
    sso_wizard::tui::update::go_to(&mut s2, Step::Review);
    let k = s2
        .review_diags()
        .iter()
        .position(|d| d.field == Field::ConfigValue(1))
        .unwrap();
    s2.review_selected = k;
    press(&mut s2, &[KeyCode::Enter]);
    assert_eq!(s2.step, Step::Config);
    assert_eq!((s2.table.selected, s2.table.editing), (1, Some(2)));
}

#[test]
fn export_is_refused_with_errors_and_asks_before_overwriting() {
    let mut s = at_step(Step::Export);
    assert_eq!(s.export_path, "fabrikam-iphone-sso.mobileconfig");
    press(&mut s, &[KeyCode::Down]);
    assert_eq!(s.format, Format::Graph);
    assert_eq!(s.export_path, "fabrikam-iphone-sso.graph.json");
    press(&mut s, &[KeyCode::Down, KeyCode::Down, KeyCode::Down]);
    assert_eq!(
        (s.format, s.export_path.as_str()),
        (Format::GraphCustom, "fabrikam-iphone-sso.graph-custom.json")
    );
    press(&mut s, &[KeyCode::Down]);
    assert_eq!(
        (s.format, s.export_path.as_str()),
        (Format::Jamf, "fabrikam-iphone-sso.jamf.plist")
    );
    press(&mut s, &[KeyCode::Down]);
    assert_eq!(
        (s.format, s.export_path.as_str()),
        (Format::Declaration, "fabrikam-iphone-sso.declaration.json")
    );
    press(&mut s, &[KeyCode::Down]);
    assert_eq!(
        (s.format, s.export_path.as_str()),
        (Format::All, "fabrikam-iphone-sso")
    );
    press(&mut s, &[KeyCode::Up; 7]);
    press(&mut s, &[KeyCode::Tab]);
    let fx = press(&mut s, &[KeyCode::Enter]);
    let want = Effect::Export {
        format: Format::Mobileconfig,
        path: PathBuf::from("fabrikam-iphone-sso.mobileconfig"),
        overwrite: false,
    };
    assert_eq!(fx, [want]);
    update(
        &mut s,
        Msg::Exported(Err(WriteFailure::Exists(
            "fabrikam-iphone-sso.mobileconfig".into(),
        ))),
    );
    assert!(matches!(s.popup, Some(Popup::Confirm(_))));
    let fx = press(&mut s, &[KeyCode::Esc]);
    assert!(fx.is_empty() && s.popup.is_none());
    press(&mut s, &[KeyCode::Enter]);
    update(
        &mut s,
        Msg::Exported(Err(WriteFailure::Exists(
            "fabrikam-iphone-sso.mobileconfig".into(),
        ))),
    );
    // Enter keeps the file (pressing Enter twice must not overwrite); only `y` replaces it.
    let fx = press(&mut s, &[KeyCode::Enter]);
    assert!(fx.is_empty() && s.popup.is_none());
    press(&mut s, &[KeyCode::Enter]);
    update(
        &mut s,
        Msg::Exported(Err(WriteFailure::Exists(
            "fabrikam-iphone-sso.mobileconfig".into(),
        ))),
    );
    let fx = press(&mut s, &[KeyCode::Char('y')]);
    assert_eq!(
        fx,
        [Effect::Export {
            format: Format::Mobileconfig,
            path: PathBuf::from("fabrikam-iphone-sso.mobileconfig"),
            overwrite: true,
        }]
    );
    update(
        &mut s,
        Msg::Exported(Ok(vec!["fabrikam-iphone-sso.mobileconfig".into()])),
    );
    assert_eq!(s.written.as_ref().unwrap().files.len(), 1);
    // With an error: nothing is exported.
    s.edit(|d| {
        d.profile.name.clear();
    });
    assert!(press(&mut s, &[KeyCode::Enter]).is_empty());
    assert!(s.status.as_deref().unwrap().contains("block export"));
}

#[test]
fn ctrl_s_asks_for_a_path_then_saves() {
    let mut s = at_step(Step::Assignments);
    update(&mut s, ctrl('s'));
    let Some(Popup::SaveAs { path }) = &s.popup else {
        panic!("no save-as popup")
    };
    assert_eq!(path, "fabrikam-iphone-sso.toml");
    typed(&mut s, "x");
    let fx = press(&mut s, &[KeyCode::Enter]);
    assert_eq!(
        fx,
        [Effect::SaveAs {
            path: "fabrikam-iphone-sso.tomlx".into(),
            overwrite: false
        }]
    );
    update(&mut s, Msg::Saved(Ok("fabrikam-iphone-sso.tomlx".into())));
    assert!(s.status.as_deref().unwrap().starts_with("Saved as"));
}

#[test]
fn quit_keys_work_everywhere_even_when_too_small() {
    for q in ['c', 'q'] {
        let mut s = wizard();
        assert_eq!(update(&mut s, ctrl(q)), [Effect::Quit]);
        update(&mut s, Msg::Resize(40, 10));
        assert!(s.too_small());
        typed(&mut s, "ignored");
        assert_eq!(s.draft().profile.name, "");
        assert_eq!(update(&mut s, ctrl(q)), [Effect::Quit]);
        update(&mut s, k(KeyCode::F(1)));
        assert_eq!(s.popup, None);
    }
}

#[test]
fn resume_chooser_opens_the_chosen_draft() {
    let mut s = wizard();
    let mut old = Draft::new_jit();
    old.profile.name = "Old one".into();
    s.resume = Some(Resume {
        entries: vec![ResumeEntry {
            path: "/drafts/a.toml".into(),
            draft: old,
            when: "then".into(),
            in_use: false,
            step: Step::Config,
        }],
        selected: 0,
        notes: vec![],
    });
    typed(&mut s, "x");
    assert_eq!(s.draft().profile.name, "", "keys go to the chooser");
    press(&mut s, &[KeyCode::Down, KeyCode::Up, KeyCode::Enter]);
    assert!(s.resume.is_none());
    assert_eq!(s.draft().profile.name, "Old one");
    assert_eq!(s.draft_path, Some(PathBuf::from("/drafts/a.toml")));
    assert_eq!(s.step, Step::Config, "it opens where it was left");
}

#[test]
fn the_input_line_is_checked_as_it_is_typed() {
    let mut s = at_step(Step::BundleIds);
    typed(&mut s, "com.microsoft.azureauthenticator");
    assert!(s.draft().extension.bundle_ids.is_empty());
    let d = s
        .selected_diag()
        .expect("the typed entry's problem is shown");
    assert_eq!(d.code, "B004");
    assert_eq!(
        d.fix, None,
        "no fix for an entry that is not in the list yet"
    );
    update(&mut s, ctrl('f'));
    assert_eq!(
        s.lists[&FieldId::BundleIds].input,
        "com.microsoft.azureauthenticator"
    );
    for _ in 0..32 {
        press(&mut s, &[KeyCode::Backspace]);
    }
    typed(&mut s, "com.contoso.ok");
    assert!(s.input_diags.is_empty());
    assert!(s.selected_diag().is_none());
}

#[test]
fn help_scrolls_but_not_past_its_end() {
    let mut s = at_step(Step::BundleIds);
    update(&mut s, Msg::Resize(60, 16));
    press(&mut s, &[KeyCode::F(1)]);
    for _ in 0..200 {
        press(&mut s, &[KeyCode::Down]);
    }
    let Some(Popup::Help { scroll }) = s.popup else {
        panic!("help closed")
    };
    assert!(scroll > 0 && scroll < 40, "{scroll}");
    press(&mut s, &[KeyCode::Up]);
    assert_eq!(s.popup, Some(Popup::Help { scroll: scroll - 1 }));
    // Page keys move ten lines, and stop at the ends too.
    press(&mut s, &[KeyCode::PageUp]);
    assert_eq!(
        s.popup,
        Some(Popup::Help {
            scroll: (scroll - 1).saturating_sub(10)
        })
    );
    for _ in 0..10 {
        press(&mut s, &[KeyCode::PageUp]);
    }
    assert_eq!(s.popup, Some(Popup::Help { scroll: 0 }));
    press(&mut s, &[KeyCode::PageDown]);
    assert_eq!(
        s.popup,
        Some(Popup::Help {
            scroll: 10.min(scroll)
        })
    );
    for _ in 0..10 {
        press(&mut s, &[KeyCode::PageDown]);
    }
    assert_eq!(s.popup, Some(Popup::Help { scroll }));
}

/// Esc closes the save-as popup without saving (and without leaving the step).
#[test]
fn esc_closes_save_as_without_saving() {
    let mut s = at_step(Step::BundleIds);
    update(&mut s, ctrl('s'));
    assert!(matches!(s.popup, Some(Popup::SaveAs { .. })));
    assert!(press(&mut s, &[KeyCode::Esc]).is_empty());
    assert_eq!(s.popup, None);
    assert_eq!(s.step, Step::BundleIds);
}

#[test]
fn a_paste_lands_at_the_cursor_and_never_glues_onto_typed_text() {
    let mut s = at_step(Step::BundleIds);
    s.edit(|d| {
        d.extension.bundle_ids.clear();
    });
    typed(&mut s, "com.contoso.first");
    update(&mut s, Msg::Paste("\ncom.contoso.second\n".into()));
    assert_eq!(
        s.draft().extension.bundle_ids,
        vec!["com.contoso.first", "com.contoso.second"]
    );
    // One piece, no separator: it edits the input line at the cursor and adds nothing.
    typed(&mut s, "com.");
    update(&mut s, Msg::Paste("fabrikam".into()));
    typed(&mut s, ".app");
    assert_eq!(s.draft().extension.bundle_ids.len(), 2);
    press(&mut s, &[KeyCode::Enter]);
    assert_eq!(
        s.draft().extension.bundle_ids.last().map(String::as_str),
        Some("com.fabrikam.app")
    );
}

#[test]
fn changing_the_format_forgets_what_the_last_export_wrote() {
    let mut s = at_step(Step::Export);
    update(
        &mut s,
        Msg::Exported(Ok(vec!["fabrikam-iphone-sso.mobileconfig".into()])),
    );
    assert!(s.written.is_some());
    assert_eq!(s.focused(), FieldId::ExportFormat);
    press(&mut s, &[KeyCode::Down]);
    assert_ne!(s.format, Format::Mobileconfig);
    assert!(s.written.is_none());
}

#[test]
fn ctrl_f_finds_the_fix_beside_an_error_that_has_none() {
    let mut s = at_step(Step::Config);
    // A misspelt, space-padded key whose value is not a number: K008 (no fix) is the
    // worst, but the trim fix (K003) on the same row must still be one key away.
    s.edit(|d| {
        d.extension.config.push(ConfigPair {
            key: "disable_inapp_sso_signin ".into(),
            kind: ValueType::Integer,
            value: RawValue::String("yes".into()),
        });
    });
    s.table.selected = 2;
    assert!(s.selected_fix().is_some(), "{:?}", s.diags());
    update(&mut s, ctrl('f'));
    assert_eq!(
        s.draft().extension.config[2].key,
        "disable_inapp_sso_signin"
    );
}

#[test]
fn a_paste_where_no_text_goes_says_so() {
    let mut s = at_step(Step::Extension);
    assert_eq!(s.focused(), FieldId::ExtType);
    let before = s.draft().clone();
    update(&mut s, Msg::Paste("com.contoso.app".into()));
    assert_eq!(s.draft(), &before);
    assert!(
        s.status
            .as_deref()
            .is_some_and(|m| m.contains("Nothing was pasted"))
    );
}

#[test]
fn typed_values_stay_as_typed_until_they_are_canonical() {
    let parse_value = RawValue::from_cell;
    assert_eq!(parse_value(ValueType::Integer, "1"), RawValue::Integer(1));
    // Re-read on every keystroke: these must not be rewritten under the cursor.
    for typed in ["0", "00", "+1", "-", "1 "] {
        let v = parse_value(ValueType::Integer, typed);
        assert_eq!(v.to_string(), typed, "{typed}");
    }
    assert_eq!(
        parse_value(ValueType::Boolean, "true"),
        RawValue::Boolean(true)
    );
    assert_eq!(
        parse_value(ValueType::Boolean, "TRUE"),
        RawValue::String("TRUE".into())
    );
    // Still exported as what it means.
    let row = ConfigPair {
        key: "k".into(),
        kind: ValueType::Integer,
        value: parse_value(ValueType::Integer, "00"),
    };
    assert_eq!(row.typed(), Ok(sso_wizard::draft::TypedValue::Integer(0)));
}

/// The overwrite prompt of both save-as and export: `n`, `N`, Enter and Esc keep the file
/// (no effect at all), and say so; only `y`/`Y` asks the driver to overwrite.
#[test]
fn n_at_the_overwrite_prompt_keeps_the_file() {
    let path = PathBuf::from("fabrikam-iphone-sso.mobileconfig");
    let prompts = [
        Msg::Exported(Err(WriteFailure::Exists(path.clone()))),
        Msg::Saved(Err(WriteFailure::Exists(path.clone()))),
    ];
    for prompt in prompts {
        for keep in [
            KeyCode::Char('n'),
            KeyCode::Char('N'),
            KeyCode::Enter,
            KeyCode::Esc,
        ] {
            let mut s = at_step(Step::Export);
            let before = s.draft().clone();
            update(&mut s, prompt.clone());
            assert!(matches!(s.popup, Some(Popup::Confirm(_))), "{prompt:?}");
            let fx = press(&mut s, &[keep]);
            assert!(fx.is_empty(), "{keep:?} after {prompt:?} gave {fx:?}");
            assert_eq!(s.popup, None);
            assert_eq!(s.step, Step::Export, "{keep:?} closes the prompt only");
            assert_eq!(
                s.status.as_deref(),
                Some(sso_wizard::tui::text::NOT_OVERWRITTEN)
            );
            assert_eq!(s.draft(), &before);
        }
        for yes in [KeyCode::Char('y'), KeyCode::Char('Y')] {
            let mut s = at_step(Step::Export);
            update(&mut s, prompt.clone());
            let fx = press(&mut s, &[yes]);
            let want = match &prompt {
                Msg::Saved(_) => Effect::SaveAs {
                    path: path.clone(),
                    overwrite: true,
                },
                _ => Effect::Export {
                    format: Format::Mobileconfig,
                    path: path.clone(),
                    overwrite: true,
                },
            };
            assert_eq!(fx, [want]);
        }
        // Any other key leaves the question open.
        let mut s = at_step(Step::Export);
        update(&mut s, prompt.clone());
        assert!(press(&mut s, &[KeyCode::Char('x'), KeyCode::Tab]).is_empty());
        assert!(matches!(s.popup, Some(Popup::Confirm(_))));
    }
}

fn open_picker(s: &mut State) {
    let rows = s.draft().extension.config.len();
    s.table.selected = rows + 1;
    press(s, &[KeyCode::Enter]);
    assert!(matches!(s.popup, Some(Popup::Picker { selected: 0 })));
}

fn pick(s: &mut State, name: &str) {
    open_picker(s);
    let keys = sso_wizard::tui::catalog::known_keys();
    let i = keys.iter().position(|k| k.name == name).unwrap();
    for _ in 0..i {
        press(s, &[KeyCode::Down]);
    }
    press(s, &[KeyCode::Enter]);
    assert_eq!(s.popup, None);
}

/// Picking a key that is already a row selects that row and says so; it never adds the
/// key a second time (a duplicate key is a broken profile).
#[test]
fn the_picker_selects_a_key_already_there_instead_of_adding_it() {
    let mut s = at_step(Step::Config);
    let before = s.draft().extension.config.clone();
    assert_eq!(before[1].key, "browser_sso_interaction_enabled");
    let revision = s.revision();
    pick(&mut s, "browser_sso_interaction_enabled");
    assert_eq!(
        s.draft().extension.config,
        before,
        "no row added or changed"
    );
    assert_eq!(s.revision(), revision, "the draft did not change");
    assert_eq!(s.table.selected, 1, "the existing row is selected");
    assert_eq!(s.table.editing, None);
    assert_eq!(
        s.status.as_deref(),
        Some(sso_wizard::tui::text::KEY_ALREADY_THERE)
    );
    // A new key is added once; picking it again adds nothing.
    pick(&mut s, "disable_explicit_app_prompt");
    assert_eq!(s.draft().extension.config.len(), 3);
    assert_eq!((s.table.selected, s.table.editing), (2, Some(2)));
    press(&mut s, &[KeyCode::Esc]);
    pick(&mut s, "disable_explicit_app_prompt");
    let n = s
        .draft()
        .extension
        .config
        .iter()
        .filter(|r| r.key == "disable_explicit_app_prompt")
        .count();
    assert_eq!(n, 1, "{:?}", s.draft().extension.config);
    assert_eq!(s.table.selected, 2);
    assert!(!codes(&s).contains(&"K002"), "{:?}", codes(&s));
}

/// Home/End and Ctrl+A/Ctrl+E move the cursor to either end of every kind of text input:
/// a field, a list's input line, a table cell and the save-as path.
#[test]
fn home_end_ctrl_a_ctrl_e_move_to_either_end_in_every_text_input() {
    fn edit_ends(s: &mut State, read: &dyn Fn(&State) -> String) {
        let start = read(s);
        typed(s, "ab");
        press(s, &[KeyCode::Home]);
        typed(s, "1");
        press(s, &[KeyCode::End]);
        typed(s, "2");
        update(s, ctrl('a'));
        typed(s, "3");
        update(s, ctrl('e'));
        typed(s, "4");
        press(s, &[KeyCode::Left, KeyCode::Left, KeyCode::End]);
        typed(s, "5");
        assert_eq!(read(s), format!("31{start}ab245"));
    }
    // A text field, holding text already (the cursor is at its end).
    let mut s = wizard();
    typed(&mut s, "x");
    edit_ends(&mut s, &|s| s.draft().profile.name.clone());
    // A list's input line.
    let mut s = at_step(Step::BundleIds);
    edit_ends(&mut s, &|s| {
        s.lists
            .get(&FieldId::BundleIds)
            .map(|l| l.input.clone())
            .unwrap_or_default()
    });
    // A table cell (the value of row 1).
    let mut s = at_step(Step::Config);
    press(&mut s, &[KeyCode::Enter]);
    assert_eq!(s.table.editing, Some(2));
    s.edit(|d| {
        d.extension.config[0].value = RawValue::String(String::new());
    });
    edit_ends(&mut s, &|s| s.draft().extension.config[0].value.to_string());
    // The save-as path.
    let mut s = at_step(Step::Basics);
    update(&mut s, ctrl('s'));
    edit_ends(&mut s, &|s| match &s.popup {
        Some(Popup::SaveAs { path }) => path.clone(),
        _ => panic!("no save-as popup"),
    });
}

/// The autosave timer, without a clock: armed by the first unsaved change at most about
/// a second ahead (SPEC §4), not pushed back by more typing, fired once when due.
#[test]
fn autosave_is_due_within_a_second_of_the_first_change() {
    use sso_wizard::tui::autosave::{AUTOSAVE_DELAY, Autosave};
    use std::time::{Duration, Instant};
    assert!(
        AUTOSAVE_DELAY <= Duration::from_secs(1),
        "{AUTOSAVE_DELAY:?}"
    );
    assert!(
        AUTOSAVE_DELAY >= Duration::from_millis(100),
        "{AUTOSAVE_DELAY:?}"
    );
    let t0 = Instant::now();
    let mut a = Autosave::default();
    assert!(!a.fire(t0 + Duration::from_secs(5)), "nothing to save");
    assert_eq!(a.due(), None, "no timer while nothing is unsaved");
    a.arm(t0);
    let due = a.due().expect("armed");
    assert!(
        due > t0 && due <= t0 + Duration::from_secs(1),
        "{:?}",
        due - t0
    );
    // More changes before it is due do not push it back.
    let almost = due - Duration::from_millis(1);
    a.arm(almost);
    assert_eq!(a.due(), Some(due));
    assert!(!a.fire(almost));
    assert!(a.fire(due));
    assert_eq!(a.due(), None, "fired once");
    assert!(!a.fire(due + Duration::from_secs(1)));
}

/// A group's id and name may be separated by any whitespace, even a wide Unicode space
/// (found by the property test: a three-byte separator made the wizard panic).
#[test]
fn a_group_separated_by_a_unicode_space_is_split_not_a_panic() {
    let mut s = at_step(Step::Assignments);
    press(&mut s, &[KeyCode::Tab]);
    assert_eq!(s.focused(), FieldId::IncludeGroups);
    typed(&mut s, "0b7c\u{2005}iOS pilot\u{3000}users");
    press(&mut s, &[KeyCode::Enter]);
    let g = &s.draft().assignments.include_groups[0];
    assert_eq!(
        (g.id.as_str(), g.name.as_str()),
        ("0b7c", "iOS pilot\u{3000}users")
    );
    update(&mut s, Msg::Paste("1a2b\u{2005}Sales\n3c4d,Ops\n".into()));
    let ids: Vec<(&str, &str)> = s.draft().assignments.include_groups[1..]
        .iter()
        .map(|g| (g.id.as_str(), g.name.as_str()))
        .collect();
    assert_eq!(ids, [("1a2b", "Sales"), ("3c4d", "Ops")]);
}

/// A wizard whose drafts go to a file (the driver writes it when asked).
fn saving_wizard() -> State {
    let mut s = wizard();
    s.draft_path = Some(PathBuf::from("draft-test.toml"));
    s
}

/// Autosave is an effect of `update`: a change asks for a save after the delay, the due
/// save asks for the write, and a written draft asks for nothing until it changes again.
#[test]
fn a_change_schedules_a_save_and_the_due_save_writes_the_draft() {
    let mut s = saving_wizard();
    assert!(
        update(&mut s, Msg::SaveDue).is_empty(),
        "untouched: nothing to save"
    );
    // Moving between the steps of a new, untouched draft writes nothing either.
    assert!(update(&mut s, ctrl('n')).is_empty());
    update(&mut s, ctrl('p'));
    assert_eq!(
        update(&mut s, k(KeyCode::Char('F'))),
        vec![Effect::ScheduleSave]
    );
    assert_eq!(update(&mut s, Msg::SaveDue), vec![Effect::SaveDraft]);
    assert!(update(&mut s, Msg::DraftSaved(Ok(()))).is_empty());
    assert!(
        update(&mut s, Msg::SaveDue).is_empty(),
        "saved: nothing due"
    );
    // A draft on disk notes its step: leaving the step makes it unsaved again.
    assert_eq!(update(&mut s, ctrl('n')), vec![Effect::ScheduleSave]);
    assert_eq!(update(&mut s, Msg::SaveDue), vec![Effect::SaveDraft]);
    update(&mut s, Msg::DraftSaved(Ok(())));
    // Keys that change nothing ask for nothing.
    assert!(update(&mut s, k(KeyCode::Tab)).is_empty());
}

/// A choice already at its first or last value changes nothing: no revalidation, no save
/// (an untouched draft must not be written because Up was pressed on the first type).
#[test]
fn a_choice_key_at_either_end_changes_nothing_and_saves_nothing() {
    let mut s = saving_wizard();
    update(&mut s, ctrl('n'));
    assert_eq!(s.step, Step::Extension);
    let revision = s.revision();
    assert!(update(&mut s, k(KeyCode::Up)).is_empty());
    assert_eq!(s.draft().extension.kind, ExtensionType::EntraId);
    assert_eq!(s.revision(), revision);
    assert!(!s.unsaved());
    // The last type, then Down once more.
    let last = ExtensionType::ALL.len() - 1;
    for _ in 0..last {
        assert_eq!(update(&mut s, k(KeyCode::Down)), vec![Effect::ScheduleSave]);
    }
    assert_eq!(s.draft().extension.kind, ExtensionType::ALL[last]);
    let revision = s.revision();
    update(&mut s, k(KeyCode::Down));
    assert_eq!(s.revision(), revision);
}

/// A failed autosave is said on the status line and tried again after the delay.
#[test]
fn a_failed_save_is_said_and_tried_again() {
    let mut s = saving_wizard();
    update(&mut s, k(KeyCode::Char('F')));
    let again = update(&mut s, Msg::DraftSaved(Err("disk full".into())));
    assert_eq!(again, vec![Effect::ScheduleSave]);
    assert!(
        s.status.as_deref().unwrap_or("").contains("disk full"),
        "{:?}",
        s.status
    );
    assert_eq!(update(&mut s, Msg::SaveDue), vec![Effect::SaveDraft]);
}

/// With drafts refused (an unsafe folder, no `draft_path`) nothing is ever asked to save.
#[test]
fn without_a_drafts_folder_no_save_is_asked_for() {
    let mut s = wizard();
    assert!(update(&mut s, k(KeyCode::Char('F'))).is_empty());
    assert!(update(&mut s, Msg::SaveDue).is_empty());
    assert!(update(&mut s, Msg::Closing).is_empty());
}

/// Closing (a quit key, a signal, a hang-up) adds what the list's input line holds and
/// asks for the final save; a draft already saved asks for nothing.
#[test]
fn closing_adds_the_pending_entry_and_asks_for_the_final_save() {
    let mut s = saving_wizard();
    s.edit(|d| d.profile.name = "Fabrikam".into());
    update(&mut s, Msg::DraftSaved(Ok(())));
    update(&mut s, ctrl('n'));
    update(&mut s, ctrl('n'));
    update(&mut s, Msg::DraftSaved(Ok(())));
    assert_eq!(s.step, Step::BundleIds);
    for c in "com.contoso.pending".chars() {
        update(&mut s, k(KeyCode::Char(c)));
    }
    assert_eq!(update(&mut s, Msg::Closing), vec![Effect::SaveDraft]);
    assert_eq!(
        s.draft().extension.bundle_ids.last().map(String::as_str),
        Some("com.contoso.pending")
    );
    update(&mut s, Msg::DraftSaved(Ok(())));
    assert!(
        update(&mut s, Msg::Closing).is_empty(),
        "nothing left unsaved"
    );
}

/// Every change of the draft goes through `State::edit`: the diagnostics follow at once
/// and selections past a removed entry are pulled back.
#[test]
fn an_edit_revalidates_and_keeps_selections_inside_the_lists() {
    let mut s = at_step(Step::BundleIds);
    s.edit(|d| d.extension.bundle_ids = vec!["a.b".into(), "com.microsoft.skype.teams".into()]);
    assert!(codes(&s).contains(&"B003"));
    update(&mut s, k(KeyCode::Down));
    let before = s.revision();
    s.edit(|d| {
        d.extension.bundle_ids.pop();
    });
    assert_eq!(s.revision(), before + 1);
    assert!(!codes(&s).contains(&"B003"), "{:?}", codes(&s));
    assert_eq!(s.lists[&FieldId::BundleIds].selected, 0);
    // A change that refuses leaves the revision alone.
    let r: Result<bool, &str> = s.try_edit(|_| Err("nothing to change"));
    assert!(r.is_err());
    assert_eq!(s.revision(), before + 1);
    // So does one that finds nothing to do.
    assert_eq!(s.try_edit(|_| Ok::<_, ()>(false)), Ok(false));
    assert_eq!(s.revision(), before + 1);
}

/// The shell's line-editing keys edit a text field; Delete there deletes a character, while
/// in a list it still removes the selected entry and leaves the typed line alone.
#[test]
fn line_editing_keys_edit_text_and_delete_still_removes_list_entries() {
    let key = |code, m| Msg::Key(KeyEvent::new(code, m));
    let mut s = wizard();
    typed(&mut s, "Fabrikam iPhone SSO");
    update(&mut s, key(KeyCode::Left, KeyModifiers::CONTROL));
    update(&mut s, ctrl('w'));
    assert_eq!(s.draft().profile.name, "Fabrikam SSO");
    update(&mut s, key(KeyCode::Char('b'), KeyModifiers::ALT));
    press(&mut s, &[KeyCode::Delete]);
    assert_eq!(s.draft().profile.name, "abrikam SSO");
    update(&mut s, key(KeyCode::Char('f'), KeyModifiers::ALT));
    update(&mut s, ctrl('k'));
    assert_eq!(s.draft().profile.name, "abrikam ");
    update(&mut s, key(KeyCode::Right, KeyModifiers::CONTROL));
    update(&mut s, ctrl('u'));
    assert_eq!(s.draft().profile.name, "");

    let mut s = at_step(Step::BundleIds);
    update(&mut s, Msg::Paste("com.a.one com.a.two".into()));
    typed(&mut s, "com.a.x");
    update(&mut s, key(KeyCode::Left, KeyModifiers::NONE));
    press(&mut s, &[KeyCode::Delete]);
    assert_eq!(s.draft().extension.bundle_ids.len(), 1);
    assert_eq!(s.lists[&FieldId::BundleIds].input, "com.a.x");

    // In the config table Delete removes the row, unless a cell is being edited.
    let mut s = at_step(Step::Config);
    let key0 = s.draft().extension.config[0].key.clone();
    press(
        &mut s,
        &[KeyCode::Enter, KeyCode::BackTab, KeyCode::BackTab],
    );
    assert_eq!(s.table.editing, Some(0));
    press(&mut s, &[KeyCode::Home, KeyCode::Delete]);
    assert_eq!(s.draft().extension.config[0].key, key0[1..]);
    press(&mut s, &[KeyCode::Esc, KeyCode::Delete]);
    assert_eq!(s.draft().extension.config.len(), 1);
}

/// In the resume chooser Down moves to the next draft (and stops at "start a new draft");
/// Enter opens the one selected, unchanged, and it counts as saved.
#[test]
fn the_resume_chooser_opens_the_selected_draft() {
    let entry = |name: &str, path: &str| {
        let mut d = Draft::new_jit();
        d.profile.name = name.into();
        ResumeEntry {
            path: path.into(),
            draft: d,
            when: "then".into(),
            in_use: false,
            step: Step::Basics,
        }
    };
    let chooser = |s: &mut State| {
        s.resume = Some(Resume {
            entries: vec![
                entry("First", "/drafts/a.toml"),
                entry("Second", "/drafts/b.toml"),
            ],
            selected: 0,
            notes: vec![],
        });
    };
    let mut s = wizard();
    chooser(&mut s);
    press(&mut s, &[KeyCode::Down, KeyCode::Enter]);
    assert_eq!(s.draft().profile.name, "Second");
    assert!(!s.unsaved(), "opened as it is on disk");
    // Down past the last draft stops on "start a new draft": Enter keeps the new one.
    let mut s = wizard();
    chooser(&mut s);
    press(
        &mut s,
        &[KeyCode::Down, KeyCode::Down, KeyCode::Down, KeyCode::Enter],
    );
    assert!(s.resume.is_none());
    assert_eq!(s.draft().profile.name, "");
    assert_eq!(s.draft_path, None);
}

/// In the key picker Up and Down move (stopping at the ends) and Esc closes it without
/// adding anything.
#[test]
fn the_picker_moves_both_ways_and_esc_adds_nothing() {
    let mut s = at_step(Step::Config);
    let rows = s.draft().extension.config.clone();
    open_picker(&mut s);
    press(&mut s, &[KeyCode::Up]);
    assert_eq!(s.popup, Some(Popup::Picker { selected: 0 }));
    press(&mut s, &[KeyCode::Down, KeyCode::Down, KeyCode::Up]);
    assert_eq!(s.popup, Some(Popup::Picker { selected: 1 }));
    let n = sso_wizard::tui::catalog::known_keys().len();
    for _ in 0..n + 3 {
        press(&mut s, &[KeyCode::Down]);
    }
    assert_eq!(s.popup, Some(Popup::Picker { selected: n - 1 }));
    press(&mut s, &[KeyCode::Esc]);
    assert_eq!(s.popup, None);
    assert_eq!(s.draft().extension.config, rows);
}

/// A path typed on the Export step is the admin's: leaving the step and coming back keeps
/// it; an untouched path follows the profile's name.
#[test]
fn an_edited_export_path_survives_moving_between_steps() {
    let mut s = at_step(Step::Export);
    let default = s.export_path.clone();
    assert!(default.starts_with("fabrikam-iphone-sso"), "{default}");
    update(&mut s, ctrl('p'));
    update(&mut s, ctrl('n'));
    assert_eq!(s.export_path, default);
    // Focus the path and type a name of one's own.
    press(&mut s, &[KeyCode::Tab]);
    typed(&mut s, "-mine");
    let mine = s.export_path.clone();
    assert!(mine.ends_with("-mine"), "{mine}");
    update(&mut s, ctrl('p'));
    update(&mut s, ctrl('n'));
    assert_eq!(s.export_path, mine);
}

/// Enter confirms a choice or a switch and moves to the next field, as in a text field;
/// on a step's last field it stays there (Tab is what wraps).
#[test]
fn enter_on_a_choice_or_switch_moves_on_but_not_past_the_last_field() {
    let mut s = at_step(Step::Assignments);
    assert_eq!(s.focused(), FieldId::Target);
    let target = s.draft().assignments.target;
    press(&mut s, &[KeyCode::Enter]);
    assert_eq!(s.focused(), FieldId::IncludeGroups);
    assert_eq!(
        s.draft().assignments.target,
        target,
        "Enter changes nothing"
    );
    while s.focused() != FieldId::AuthRequired {
        press(&mut s, &[KeyCode::Tab]);
    }
    press(&mut s, &[KeyCode::Enter]);
    assert_eq!(s.focused(), FieldId::AuthAppId);
    assert!(
        s.draft().authenticator.required,
        "Enter does not flip the switch"
    );
    press(&mut s, &[KeyCode::Tab]);
    assert_eq!(s.focused(), FieldId::License);
    press(&mut s, &[KeyCode::Enter]);
    assert_eq!(s.focused(), FieldId::License, "the last field stays");
}

/// Space steps a choice where that is harmless (the assignment target), but never the
/// extension type (a stray Space must not change the profile's kind) nor the export format.
#[test]
fn space_steps_only_the_choices_where_a_stray_space_is_harmless() {
    let mut s = at_step(Step::Extension);
    assert_eq!(s.focused(), FieldId::ExtType);
    press(&mut s, &[KeyCode::Char(' ')]);
    assert_eq!(s.draft().extension.kind, ExtensionType::EntraId);
    let mut s = at_step(Step::Assignments);
    let before = s.draft().assignments.target;
    press(&mut s, &[KeyCode::Char(' ')]);
    assert_ne!(s.draft().assignments.target, before);
    let mut s = at_step(Step::Export);
    assert_eq!(s.focused(), FieldId::ExportFormat);
    let format = s.format;
    press(&mut s, &[KeyCode::Char(' ')]);
    assert_eq!(s.format, format);
    press(&mut s, &[KeyCode::Down]);
    assert_ne!(s.format, format);
}

/// Up and Down move in a list (stopping at its ends); a paste of several entries says how
/// many were added, a single entry added with Enter needs no word.
#[test]
fn lists_move_both_ways_and_a_paste_says_how_many_it_added() {
    let mut s = at_step(Step::BundleIds);
    update(&mut s, Msg::Paste("com.a.one com.a.two com.a.three".into()));
    assert_eq!(
        s.status.as_deref(),
        Some(sso_wizard::tui::text::added(3).as_str())
    );
    assert_eq!(
        s.lists[&FieldId::BundleIds].selected,
        2,
        "the last one added"
    );
    press(&mut s, &[KeyCode::Up, KeyCode::Up, KeyCode::Up]);
    assert_eq!(s.lists[&FieldId::BundleIds].selected, 0);
    press(&mut s, &[KeyCode::Down]);
    assert_eq!(s.lists[&FieldId::BundleIds].selected, 1);
    press(&mut s, &[KeyCode::Down, KeyCode::Down, KeyCode::Down]);
    assert_eq!(s.lists[&FieldId::BundleIds].selected, 2);
    typed(&mut s, "com.a.four");
    press(&mut s, &[KeyCode::Enter]);
    assert_eq!(s.status, None);
    assert_eq!(s.lists[&FieldId::BundleIds].selected, 3);
}

/// In a row being edited Enter walks key → type → value, and Enter on the value is done.
#[test]
fn enter_walks_a_new_row_from_key_to_type_to_value() {
    let mut s = at_step(Step::Config);
    let rows = s.draft().extension.config.len();
    while s.table.selected < rows {
        press(&mut s, &[KeyCode::Down]);
    }
    press(&mut s, &[KeyCode::Enter]);
    assert_eq!(s.table.editing, Some(0));
    typed(&mut s, "vendor_key");
    press(&mut s, &[KeyCode::Enter]);
    assert_eq!(s.table.editing, Some(1));
    press(&mut s, &[KeyCode::Enter]);
    assert_eq!(s.table.editing, Some(2));
    typed(&mut s, "v");
    press(&mut s, &[KeyCode::Enter]);
    assert_eq!(s.table.editing, None);
    assert_eq!(
        s.draft().extension.config[rows],
        ConfigPair::string("vendor_key", "v")
    );
}

/// Up and Down move over the rows and the two add lines; Delete on an add line removes
/// nothing.
#[test]
fn the_table_moves_both_ways_and_delete_on_an_add_line_removes_nothing() {
    let mut s = at_step(Step::Config);
    let rows = s.draft().extension.config.clone();
    for _ in 0..rows.len() + 5 {
        press(&mut s, &[KeyCode::Down]);
    }
    assert_eq!(s.table.selected, rows.len() + 1, "stops on + known key…");
    press(&mut s, &[KeyCode::Delete, KeyCode::Up, KeyCode::Delete]);
    assert_eq!(s.table.selected, rows.len());
    assert_eq!(s.draft().extension.config, rows);
    press(&mut s, &[KeyCode::Up]);
    assert_eq!(s.table.selected, rows.len() - 1);
}

/// Enter on a problem focuses its very field and, for a configuration row, opens the
/// cell it is about: the key, the type or the value. Up and Down move in the list.
#[test]
fn review_enter_opens_the_cell_and_field_of_the_problem() {
    let mut s = at_step(Step::Review);
    s.edit(|d| {
        d.extension
            .config
            .push(ConfigPair::string(" padded_key", "x"));
        d.extension
            .config
            .push(ConfigPair::string("browser_sso_interaction_enabled", "1"));
        d.authenticator.app_id.clear();
    });
    let jump = |s: &State, pick: &dyn Fn(&sso_wizard::rules::Diagnostic) -> bool| {
        let mut s = s.clone();
        let k = s
            .review_diags()
            .iter()
            .position(|d| pick(d))
            .expect("the problem is listed");
        for _ in 0..k {
            press(&mut s, &[KeyCode::Down]);
        }
        if k > 0 {
            press(&mut s, &[KeyCode::Up]);
            assert_eq!(s.review_selected, k - 1);
            press(&mut s, &[KeyCode::Down]);
        }
        assert_eq!(s.review_selected, k);
        press(&mut s, &[KeyCode::Enter]);
        s
    };
    let key = jump(&s, &|d| d.field == Field::ConfigKey(2));
    assert_eq!(
        (key.step, key.table.selected, key.table.editing),
        (Step::Config, 2, Some(0))
    );
    let kind = jump(&s, &|d| d.field == Field::ConfigType(3));
    assert_eq!((kind.table.selected, kind.table.editing), (3, Some(1)));
    let app = jump(&s, &|d| d.code == "A006");
    assert_eq!(
        (app.step, app.focused()),
        (Step::Assignments, FieldId::AuthAppId)
    );
}

/// A paste goes into the configuration cell being edited, key or value; with no cell open
/// it goes nowhere and says so.
#[test]
fn a_paste_lands_in_the_open_table_cell() {
    let mut s = at_step(Step::Config);
    let rows = s.draft().extension.config.len();
    update(&mut s, Msg::Paste("stray".into()));
    assert_eq!(
        s.status.as_deref(),
        Some(sso_wizard::tui::text::PASTE_NOWHERE)
    );
    while s.table.selected < rows {
        press(&mut s, &[KeyCode::Down]);
    }
    press(&mut s, &[KeyCode::Enter]);
    update(&mut s, Msg::Paste("vendor_key".into()));
    press(&mut s, &[KeyCode::Enter, KeyCode::Enter]);
    assert_eq!(s.table.editing, Some(2));
    update(&mut s, Msg::Paste("pasted value".into()));
    assert_eq!(
        s.draft().extension.config[rows],
        ConfigPair::string("vendor_key", "pasted value")
    );
}
