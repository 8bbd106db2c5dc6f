//! The dialogue driven from in-memory input: no terminal, no files but an export's.

use std::io::Cursor;

use super::*;

/// Run the dialogue on `script` (a new JIT draft): the transcript, how it ended, the draft,
/// and how many times it was saved.
fn run_script(script: &str) -> (String, End, Draft, usize) {
    run_from(Draft::new_jit(), script)
}

/// [`run_script`] on `draft`.
fn run_from(draft: Draft, script: &str) -> (String, End, Draft, usize) {
    let mut out = Vec::new();
    let mut saves = 0;
    let (end, draft) = {
        let mut d = Dialogue::new(
            Cursor::new(script.as_bytes().to_vec()),
            &mut out,
            draft,
            |_, _| saves += 1,
        );
        let end = d.run().unwrap();
        (end, d.state.draft().clone())
    };
    (String::from_utf8(out).unwrap(), end, draft, saves)
}

fn count(hay: &str, needle: &str) -> usize {
    hay.matches(needle).count()
}

#[test]
fn quit_with_q_keeps_what_was_answered() {
    let (out, end, draft, saves) = run_script("Contoso SSO\nA description\nq\nnever read\n");
    assert_eq!(end, End::Quit);
    assert_eq!(draft.profile.name, "Contoso SSO");
    assert_eq!(draft.profile.description, "A description");
    assert_eq!(saves, 2, "saved after each answer that changed the draft");
    assert!(out.contains("Name [(blank)]: "), "{out}");
    assert!(out.contains("Organization [(blank)]: "), "{out}");
}

#[test]
fn end_of_input_quits_like_q() {
    let (out, end, draft, _) = run_script("Half done\n");
    assert_eq!(end, End::Eof);
    assert_eq!(draft.profile.name, "Half done");
    assert!(
        out.ends_with('\n'),
        "the next line starts on its own: {out:?}"
    );
}

#[test]
fn back_goes_to_the_previous_step() {
    let (out, end, draft, _) = run_script("First\n\n\n\n\n<\nSecond\nq\n");
    assert_eq!(end, End::Quit);
    assert_eq!(count(&out, "Step 1/7 · Basics"), 2, "{out}");
    assert_eq!(count(&out, "Step 2/7 · Extension type"), 1, "{out}");
    assert!(out.contains("Name [First]: "), "{out}");
    assert_eq!(draft.profile.name, "Second");
}

#[test]
fn question_mark_prints_the_fields_help_and_asks_again() {
    let (out, _, draft, _) = run_script("?\nNamed\nq\n");
    assert!(out.contains("Step 1 · Basics"), "the step's help: {out}");
    assert!(out.contains("▸ Name"), "the field's section: {out}");
    assert!(out.contains("PayloadDisplayName"), "{out}");
    assert_eq!(count(&out, "Name [(blank)]: "), 2, "asked again: {out}");
    assert_eq!(draft.profile.name, "Named");
}

#[test]
fn a_blank_name_is_reported_in_checks_words() {
    let (out, _, _, _) = run_script("-\nq\n");
    assert!(out.contains("error[P001]: "), "{out}");
    assert!(out.contains("\n  help: "), "{out}");
}

#[test]
fn a_pasted_list_adds_every_line_and_minus_n_removes() {
    let (out, _, draft, _) = run_script(
        "P\n>\n>\ncom.contoso.a\ncom.contoso.b\r\ncom.contoso.c, com.contoso.d\n-2\n\nq\n",
    );
    assert_eq!(
        draft.extension.bundle_ids,
        ["com.contoso.a", "com.contoso.c", "com.contoso.d"]
    );
    assert!(out.contains("Removed com.contoso.b"), "{out}");
    assert!(
        out.contains("  3. com.contoso.d"),
        "the list shown after removal: {out}"
    );
}

#[test]
fn a_fix_is_offered_and_applied_on_y() {
    let (out, _, draft, _) =
        run_script("P\n>\n>\ncom.contoso.a\ncom.microsoft.skype.teams\ny\n\nq\n");
    assert!(out.contains("warning[B003]: "), "{out}");
    assert!(
        out.contains("Apply the fix (remove catalogued Microsoft apps)? [y/N] "),
        "{out}"
    );
    assert!(out.contains("Removed com.microsoft.skype.teams"), "{out}");
    assert_eq!(draft.extension.bundle_ids, ["com.contoso.a"]);
}

#[test]
fn a_fix_declined_changes_nothing() {
    let (_, _, draft, _) = run_script("P\n>\n>\ncom.microsoft.skype.teams\n\n\nq\n");
    assert_eq!(draft.extension.bundle_ids, ["com.microsoft.skype.teams"]);
}

#[test]
fn numbered_choices_and_booleans() {
    // Step 2: Kerberos (4) brings its own fields from the table; realm typed.
    let (out, _, draft, _) = run_script("P\n>\n4\nCONTOSO.COM\n\ny\nq\n");
    assert_eq!(draft.extension.kind, crate::draft::ExtensionType::Kerberos);
    assert_eq!(draft.extension.realm, "CONTOSO.COM");
    assert!(draft.extension.kerberos.block_keychain_usage);
    assert!(
        out.contains("Kerberos gives on-premises single sign-on"),
        "{out}"
    );
    assert!(out.contains("Realm [(blank)]: "), "{out}");
    // A choice without options of its own is numbered by stepping through it.
    let (out, _, draft, _) = run_script("P\n>\n>\n>\n>\n3\nq\n");
    assert!(out.contains("  3. Selected groups"), "{out}");
    assert_eq!(draft.assignments.target, crate::draft::Target::Groups);
}

#[test]
fn a_listed_choice_moves_from_the_chosen_option_to_the_typed_one() {
    use crate::draft::ExtensionType;
    // The options' text is longer than the field shows (Entra ID's carries its JIT note):
    // the chosen one is found by its mark, and Enter keeps it.
    let mut kerberos = Draft::new_jit();
    kerberos.extension.kind = ExtensionType::Kerberos;
    for (typed, kind) in [
        ("2", ExtensionType::Redirect),
        ("1", ExtensionType::EntraId),
        ("", ExtensionType::Kerberos),
    ] {
        let (out, _, draft, _) = run_from(kerberos.clone(), &format!("P\n>\n{typed}\nq\n"));
        assert_eq!(draft.extension.kind, kind, "{typed:?}: {out}");
    }
    let (_, _, draft, _) = run_script("P\n>\n3\nq\n");
    assert_eq!(draft.extension.kind, ExtensionType::Credential);
}

#[test]
fn config_rows_are_added_and_removed() {
    let (out, _, draft, _) =
        run_script("P\n>\n>\n>\n-2\ndisable_explicit_app_prompt integer 1\nbad\n\nq\n");
    let keys: Vec<&str> = draft
        .extension
        .config
        .iter()
        .map(|r| r.key.as_str())
        .collect();
    assert_eq!(keys, ["device_registration", "disable_explicit_app_prompt"]);
    assert!(
        out.contains("Removed browser_sso_interaction_enabled"),
        "{out}"
    );
    assert!(
        out.contains("2. disable_explicit_app_prompt · Integer · 1"),
        "{out}"
    );
    assert!(
        out.contains("Add a row as: key type value"),
        "told how: {out}"
    );
}

#[test]
fn control_characters_never_reach_the_output_nor_the_draft() {
    let (out, _, draft, _) = run_script("Evil\x1b[2J\x07Name\nq\n");
    assert_eq!(draft.profile.name, "Evil[2JName");
    assert!(
        !out.bytes().any(|b| b < 0x20 && b != b'\n'),
        "a control byte in {out:?}"
    );
    // Text from a file is escaped when shown.
    let mut d = Draft::new_jit();
    d.profile.name = "x\u{1b}]0;owned\u{7}".into();
    let mut out = Vec::new();
    Dialogue::new(Cursor::new(b"q\n".to_vec()), &mut out, d, |_, _| {})
        .run()
        .unwrap();
    let out = String::from_utf8(out).unwrap();
    assert!(out.contains("Name [x\\u{1b}]0;owned\\u{7}]: "), "{out}");
    assert!(!out.bytes().any(|b| b < 0x20 && b != b'\n'), "{out:?}");
}

#[test]
fn export_never_overwrites_without_y() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("p.mobileconfig");
    std::fs::write(&target, "keep me").unwrap();
    let path = target.display().to_string();
    let script = format!("P\n>\n>\n>\n>\n>\n>\n\n{path}\n\nq\n");
    let (out, end, _, _) = run_script(&script);
    assert_eq!(end, End::Quit);
    assert_eq!(std::fs::read_to_string(&target).unwrap(), "keep me");
    assert!(out.contains("exists. Overwrite? [y/N] "), "{out}");
    assert!(out.contains("Nothing was overwritten."), "{out}");
    // After a refusal the export step starts again: the format is asked once more.
    assert_eq!(count(&out, "Format [1]: "), 2, "{out}");

    let script = format!("P\n>\n>\n>\n>\n>\n>\n\n{path}\ny\nn\n");
    let (out, end, draft, _) = run_script(&script);
    assert_eq!(end, End::Finished);
    let written = std::fs::read(&target).unwrap();
    let rendered = crate::export::render(&draft, crate::export::Format::Mobileconfig).unwrap();
    assert_eq!(written, rendered[0].bytes, "the same bytes as `export`");
    assert!(out.contains("Written:"), "{out}");
}

#[test]
fn errors_block_export() {
    // No name: P001 is an error.
    let (out, end, _, _) = run_script(">\n>\n>\n>\n>\n\n\n");
    assert!(out.contains("error(s) block export"), "{out}");
    assert_eq!(end, End::Finished);
    assert!(!out.contains("Format [1]"), "{out}");
}

#[test]
fn every_field_of_every_type_is_asked_from_the_table() {
    // One table, two views: each field the full-screen wizard shows for a type is a
    // question here, under its label.
    for (n, kind) in crate::draft::ExtensionType::ALL.iter().enumerate() {
        // No name: P001 blocks export, so the walk writes nothing.
        // Basics: name, description, organization, identifier, the scope-tag list.
        let script = format!("\n\n\n\n\n{}\n{}", n + 1, "\n".repeat(60));
        let (out, _, draft, _) = run_script(&script);
        assert_eq!(draft.extension.kind, *kind);
        assert!(out.contains("error(s) block export"), "{out}");
        for step in [Step::Basics, Step::Extension, Step::Assignments] {
            for f in fields::fields(step, &draft) {
                let label = (f.spec().label)(&draft);
                assert!(out.contains(label), "{kind:?}: {f:?} ({label}) not asked");
            }
        }
    }
}

#[test]
fn resume_offers_recent_drafts_by_number() {
    let mut named = Draft::new_jit();
    named.profile.name = "Older work".into();
    let entries = vec![ResumeEntry {
        path: "draft-1.toml".into(),
        draft: named,
        when: "3 min ago".into(),
        in_use: true,
        step: crate::tui::Step::Basics,
    }];
    let mut out = Vec::new();
    let mut d = Dialogue::new(
        Cursor::new(b"7\n1\n".to_vec()),
        &mut out,
        Draft::new_jit(),
        |_, _| {},
    );
    assert_eq!(d.pick_resume(&entries).unwrap(), Ok(Some(0)));
    drop(d);
    let out = String::from_utf8(out).unwrap();
    assert!(out.contains("  0. Start a new draft"), "{out}");
    assert!(
        out.contains("  1. Older work · 3 min ago (open in another wizard"),
        "{out}"
    );
    assert!(
        out.contains("Answer 1, or Enter"),
        "a wrong number is explained: {out}"
    );
}

#[test]
fn each_change_is_saved_with_the_step_it_was_made_at() {
    // A name typed at step 1, then Kerberos chosen at step 2: the draft reopens there.
    let mut steps = Vec::new();
    let mut out = Vec::new();
    let mut d = Dialogue::new(
        Cursor::new(b"Contoso\n>\n4\nq\n".to_vec()),
        &mut out,
        Draft::new_jit(),
        |_, step| steps.push(step),
    );
    d.run().unwrap();
    drop(d);
    use crate::tui::Step;
    assert_eq!(steps, [Step::Basics, Step::Extension]);
}
