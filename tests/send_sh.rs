//! `send.sh` in every `all` folder (SPEC §9): shellcheck-clean POSIX sh, run end to end
//! against a stand-in `az` that records its arguments and answers like the real one.
#![cfg(unix)]

use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use sso_wizard::Draft;
use sso_wizard::export::{Format, render};

/// The golden answers files (tests/golden.rs `CASES`).
const CASES: [&str; 5] = [
    "spec-example",
    "entra-merge",
    "redirect",
    "credential",
    "kerberos",
];

const GRAPH: &str = "https://graph.microsoft.com/beta";
const PROFILE_ID: &str = "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d";
const FOUND_APP: &str = "1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f";
const OTHER_APP: &str = "7e6d5c4b-3a29-4817-a6b5-c4d3e2f1a0b9";
/// authenticator.app_id of the redirect and kerberos fixtures.
const FIXTURE_APP: &str = "0f9e8d7c-6b5a-4f3e-9d2c-1b0a99887766";

/// A stand-in for the Azure CLI, shell builtins only (PATH holds nothing else). It appends
/// one line per call to $AZ_LOG (the arguments joined by " | "), and answers what the real
/// `az` prints for send.sh's `--query … -o tsv`. $AZ_FAIL_AT=N makes the Nth `rest` call
/// fail like a Graph error; $AZ_SIGNED_OUT makes `account show` fail; $AZ_APPS (ids, one
/// per word), $AZ_APPS_NEXT (a next-page link) and $AZ_APPS_PAGE2 shape the app list;
/// $AZ_EXISTING is the count of Authenticator's assignments.
const STAND_IN: &str = r#"#!/bin/sh
line=''
for a in "$@"; do line="$line${line:+ | }$a"; done
printf '%s\n' "$line" >>"$AZ_LOG"
if [ "$1 $2" = 'account show' ]; then
    if [ -n "${AZ_SIGNED_OUT:-}" ]; then
        printf '%s\n' "ERROR: Please run 'az login' to setup account." >&2
        exit 1
    fi
    printf '%s\n' 'admin@contoso.com (tenant 72f988bf-86f1-41af-91ab-2d7cd011db47)'
    exit 0
fi
[ "$1" = rest ] || { printf 'stand-in az: unexpected %s\n' "$1" >&2; exit 2; }
n=0
[ -f "$AZ_LOG.count" ] && read -r n <"$AZ_LOG.count"
n=$((n + 1))
printf '%s\n' "$n" >"$AZ_LOG.count"
method='' uri='' body=''
while [ $# -gt 0 ]; do
    case $1 in
        --method) method=$2; shift ;;
        --uri) uri=$2; shift ;;
        --body) body=$2; shift ;;
    esac
    shift
done
if [ -n "$body" ] && [ ! -f "${body#@}" ]; then
    printf 'stand-in az: no body file %s here\n' "$body" >&2
    exit 2
fi
if [ "$n" = "${AZ_FAIL_AT:-0}" ]; then
    printf '%s\n' 'ERROR: Bad Request({"error":{"code":"BadRequest","message":"stand-in failure"}})' >&2
    exit 1
fi
case "$method $uri" in
    'GET '*'/mobileApps?'*'skiptoken'*)
        printf '%s\n' last-page
        for id in ${AZ_APPS_PAGE2:-}; do printf '%s\n' "$id"; done
        ;;
    'GET '*'/mobileApps?'*)
        printf '%s\n' "${AZ_APPS_NEXT:-last-page}"
        for id in ${AZ_APPS:-}; do printf '%s\n' "$id"; done
        ;;
    'GET '*'/assignments') printf '%s\n' "${AZ_EXISTING:-0}" ;;
    'POST '*'/deviceConfigurations') printf '%s\n' "$AZ_PROFILE_ID" ;;
    'POST '*'/assign') ;;
    *) printf 'stand-in az: unexpected %s %s\n' "$method" "$uri" >&2; exit 2 ;;
esac
"#;

fn answers(case: &str) -> String {
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("tests/fixtures/answers/{case}.toml"));
    fs::read_to_string(path).unwrap()
}

/// A temp dir holding `case/` (the `all` export of `answers`, written by the binary),
/// `bin/` (the stand-in `az` unless `with_az` is false, and `dirname`) and `az.log`.
struct Setup {
    dir: tempfile::TempDir,
}

impl Setup {
    fn new(answers_text: &str, with_az: bool) -> Setup {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("answers.toml"), answers_text).unwrap();
        let o = Command::new(env!("CARGO_BIN_EXE_sso-wizard"))
            .args(["export", "--answers", "answers.toml", "--format", "all"])
            .args(["--out", "export"])
            .current_dir(dir.path())
            .output()
            .unwrap();
        assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
        let bin = dir.path().join("bin");
        fs::create_dir(&bin).unwrap();
        let dirname = ["/usr/bin/dirname", "/bin/dirname"]
            .into_iter()
            .find(|p| Path::new(p).exists())
            .expect("dirname");
        std::os::unix::fs::symlink(dirname, bin.join("dirname")).unwrap();
        if with_az {
            fs::write(bin.join("az"), STAND_IN).unwrap();
            fs::set_permissions(bin.join("az"), fs::Permissions::from_mode(0o755)).unwrap();
        }
        Setup { dir }
    }

    fn case(case: &str) -> Setup {
        Setup::new(&answers(case), true)
    }

    fn folder(&self) -> PathBuf {
        self.dir.path().join("export")
    }

    /// Runs send.sh by its absolute path from the temp dir's root (not its own folder),
    /// with PATH = the stand-in's folder only and `env` set.
    fn run(&self, args: &[&str], env: &[(&str, &str)]) -> Output {
        self.run_in(&[], args, env)
    }

    /// [`Setup::run`] through `shell` (a program and its options) instead of the `#!` line.
    fn run_in(&self, shell: &[&str], args: &[&str], env: &[(&str, &str)]) -> Output {
        let script = self.folder().join("send.sh");
        let mut cmd = match shell {
            [] => Command::new(&script),
            [program, options @ ..] => {
                let mut cmd = Command::new(program);
                cmd.args(options).arg(&script);
                cmd
            }
        };
        cmd.args(args)
            .current_dir(self.dir.path())
            .env_clear()
            .env("PATH", self.dir.path().join("bin"))
            .env("AZ_LOG", self.log_path())
            .env("AZ_PROFILE_ID", PROFILE_ID);
        for (k, v) in env {
            cmd.env(k, v);
        }
        cmd.output().expect("send.sh runs")
    }

    fn log_path(&self) -> PathBuf {
        self.dir.path().join("az.log")
    }

    /// Every call the stand-in saw, as its argument lists.
    fn calls(&self) -> Vec<Vec<String>> {
        fs::read_to_string(self.log_path())
            .unwrap_or_default()
            .lines()
            .map(|l| l.split(" | ").map(str::to_string).collect())
            .collect()
    }

    /// The `rest` calls as "METHOD URI [BODY]".
    fn requests(&self) -> Vec<String> {
        self.calls()
            .iter()
            .filter(|c| c[0] == "rest")
            .map(|c| {
                let arg = |name: &str| c.iter().position(|a| a == name).map(|i| c[i + 1].clone());
                let mut s = format!("{} {}", arg("--method").unwrap(), arg("--uri").unwrap());
                if let Some(body) = arg("--body") {
                    assert_eq!(
                        arg("--headers").as_deref(),
                        Some("Content-Type=application/json"),
                        "{c:?}"
                    );
                    s.push(' ');
                    s.push_str(&body);
                }
                s
            })
            .collect()
    }
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

fn lookup(app_type: &str) -> String {
    format!("GET {GRAPH}/deviceAppManagement/mobileApps?$filter=isof('microsoft.graph.{app_type}')")
}

fn assignments(app: &str) -> String {
    format!("GET {GRAPH}/deviceAppManagement/mobileApps/{app}/assignments")
}

fn create() -> String {
    format!("POST {GRAPH}/deviceManagement/deviceConfigurations @graph/profile.json")
}

fn assign() -> String {
    format!(
        "POST {GRAPH}/deviceManagement/deviceConfigurations/{PROFILE_ID}/assign @graph/assign.json"
    )
}

fn app_assign(app: &str) -> String {
    format!(
        "POST {GRAPH}/deviceAppManagement/mobileApps/{app}/assign @graph/authenticator-assign.json"
    )
}

#[test]
fn send_sh_passes_shellcheck_for_every_golden_case() {
    if Command::new("shellcheck")
        .arg("--version")
        .output()
        .is_err()
    {
        eprintln!(
            "NOTICE: shellcheck is not installed; send.sh was not checked (.ci/run installs it)"
        );
        return;
    }
    for case in CASES {
        let s = Setup::case(case);
        let o = Command::new("shellcheck")
            .args(["--shell=sh", "--severity=style"])
            .arg(s.folder().join("send.sh"))
            .output()
            .unwrap();
        assert!(
            o.status.success(),
            "{case}:\n{}{}",
            text(&o.stdout),
            text(&o.stderr)
        );
    }
}

#[test]
fn send_sh_is_the_one_executable_file_of_the_folder() {
    for case in CASES {
        let draft = Draft::from_toml(&answers(case)).unwrap();
        let files = render(&draft, Format::All).unwrap();
        let executable: Vec<_> = files
            .iter()
            .filter(|f| f.executable)
            .map(|f| f.path.clone())
            .collect();
        assert_eq!(executable, [PathBuf::from("send.sh")], "{case}");
    }
    let s = Setup::case("spec-example");
    let mode = |p: &str| {
        fs::metadata(s.folder().join(p))
            .unwrap()
            .permissions()
            .mode()
            & 0o7777
    };
    assert_eq!(mode("send.sh") & 0o700, 0o700, "owner can run it");
    assert_eq!(mode("REQUESTS.md") & 0o111, 0, "nothing else is executable");
    // The execute bits follow the read bits the umask leaves (0755 under the usual 022).
    assert_eq!(mode("send.sh") & 0o666, mode("REQUESTS.md"));
}

#[test]
fn a_full_run_looks_up_the_app_and_sends_the_three_requests_in_order() {
    let s = Setup::case("spec-example");
    let o = s.run(&[], &[("AZ_APPS", FOUND_APP)]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    assert_eq!(s.calls()[0][..2], ["account", "show"]);
    assert_eq!(
        s.requests(),
        [
            lookup("iosStoreApp"),
            assignments(FOUND_APP),
            create(),
            assign(),
            app_assign(FOUND_APP),
        ]
    );
    // The create request asks az for the id alone: no jq, no JSON parsing in sh.
    let create_call = &s.calls()[3];
    assert!(create_call.ends_with(&["--query".into(), "id".into(), "-o".into(), "tsv".into()]));
    let out = text(&o.stdout);
    assert!(out.contains("admin@contoso.com"), "{out}");
    assert!(out.contains(&format!("Found it: {FOUND_APP}")), "{out}");
    assert!(out.contains(&format!("Done: the profile \"iOS - Entra ID SSO (JIT registration)\" is in Intune, id {PROFILE_ID}, assigned, Microsoft Authenticator required.")), "{out}");
    assert!(o.stderr.is_empty(), "{}", text(&o.stderr));
}

#[test]
fn a_given_app_id_is_used_and_a_vpp_licence_looks_for_the_vpp_app() {
    let s = Setup::case("redirect");
    let o = s.run(&[], &[]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    assert_eq!(
        s.requests(),
        [
            assignments(FIXTURE_APP),
            create(),
            assign(),
            app_assign(FIXTURE_APP)
        ]
    );

    let vpp =
        answers("spec-example").replacen("license = \"store\"", "license = \"vpp-device\"", 1);
    let s = Setup::new(&vpp, true);
    let o = s.run(&[], &[("AZ_APPS", FOUND_APP)]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    assert_eq!(s.requests()[0], lookup("iosVppApp"));
}

#[test]
fn target_none_sends_only_the_create_and_no_authenticator_request() {
    let s = Setup::case("entra-merge");
    let o = s.run(&[], &[("AZ_APPS", FOUND_APP)]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    assert_eq!(s.requests(), [create()]);
    assert!(text(&o.stdout).contains("skipped (assignments.target is \"none\""));
}

#[test]
fn no_authenticator_request_when_the_answers_do_not_ask_for_it() {
    let s = Setup::case("credential");
    let o = s.run(&[], &[]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    assert_eq!(s.requests(), [create(), assign()]);
}

#[test]
fn the_lookup_stops_clearly_on_none_or_several_and_sends_nothing() {
    let s = Setup::case("spec-example");
    let o = s.run(&[], &[("AZ_APPS", "")]);
    assert_eq!(o.status.code(), Some(1));
    let err = text(&o.stderr);
    assert!(
        err.contains(
            "No Microsoft Authenticator (iosStoreApp, bundle ID com.microsoft.azureauthenticator)"
        ),
        "{err}"
    );
    assert!(
        err.contains("authenticator.app_id") && err.contains("nothing was sent"),
        "{err}"
    );
    assert_eq!(s.requests(), [lookup("iosStoreApp")]);

    let s = Setup::case("spec-example");
    let both = format!("{FOUND_APP} {OTHER_APP}");
    let o = s.run(&[], &[("AZ_APPS", &both)]);
    assert_eq!(o.status.code(), Some(1));
    let err = text(&o.stderr);
    assert!(err.contains(&format!("2 apps in the tenant are Microsoft Authenticator (iosStoreApp): {FOUND_APP} {OTHER_APP}.")), "{err}");
    assert!(err.contains("Set authenticator.app_id"), "{err}");
    assert_eq!(s.requests(), [lookup("iosStoreApp")]);
}

#[test]
fn the_lookup_follows_graph_pages_and_nothing_else() {
    let s = Setup::case("spec-example");
    let next = format!("{GRAPH}/deviceAppManagement/mobileApps?$filter=x&$skiptoken=2");
    let o = s.run(
        &[],
        &[("AZ_APPS_NEXT", &next), ("AZ_APPS_PAGE2", FOUND_APP)],
    );
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    assert_eq!(
        s.requests()[..3],
        [
            lookup("iosStoreApp"),
            format!("GET {next}"),
            assignments(FOUND_APP)
        ]
    );

    let s = Setup::case("spec-example");
    let o = s.run(
        &[],
        &[("AZ_APPS_NEXT", "https://example.com/steal?skiptoken=1")],
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(text(&o.stderr).contains("outside https://graph.microsoft.com/beta"));
    assert_eq!(s.requests(), [lookup("iosStoreApp")]);

    let s = Setup::case("spec-example");
    let o = s.run(&[], &[("AZ_APPS", "../../deviceManagement/x")]);
    assert_eq!(o.status.code(), Some(1));
    assert!(text(&o.stderr).contains("not a GUID"));
    assert_eq!(s.requests(), [lookup("iosStoreApp")]);
}

#[test]
fn existing_authenticator_assignments_stop_the_run_before_anything_is_created() {
    let s = Setup::case("kerberos");
    let o = s.run(&[], &[("AZ_EXISTING", "2")]);
    assert_eq!(o.status.code(), Some(1));
    let err = text(&o.stderr);
    assert!(
        err.contains(&format!(
            "Microsoft Authenticator ({FIXTURE_APP}) already has 2 assignment(s)"
        )),
        "{err}"
    );
    assert!(
        err.contains("--replace-authenticator-assignments") && err.contains("--skip-authenticator"),
        "{err}"
    );
    assert_eq!(s.requests(), [assignments(FIXTURE_APP)]);

    let s = Setup::case("kerberos");
    let o = s.run(
        &["--replace-authenticator-assignments"],
        &[("AZ_EXISTING", "2")],
    );
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    assert_eq!(s.requests(), [create(), assign(), app_assign(FIXTURE_APP)]);

    let s = Setup::case("spec-example");
    let o = s.run(&["--skip-authenticator"], &[("AZ_EXISTING", "2")]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    assert_eq!(s.requests(), [create(), assign()]);
}

#[test]
fn a_failed_request_stops_names_itself_and_what_exists() {
    // spec-example's rest calls: lookup, assignments check, create, assign, Authenticator.
    let named = [
        "The lookup of Microsoft Authenticator's app id",
        "Reading Microsoft Authenticator's assignments",
        "Request 1 (create the profile",
        "Request 2 (assign the profile",
        "Request 3 (Authenticator as a required app",
    ];
    for (i, what) in named.iter().enumerate() {
        let step = i + 1;
        let s = Setup::case("spec-example");
        let o = s.run(
            &[],
            &[("AZ_APPS", FOUND_APP), ("AZ_FAIL_AT", &step.to_string())],
        );
        assert_eq!(o.status.code(), Some(1), "step {step}");
        let err = text(&o.stderr);
        assert!(err.contains(what), "step {step}: {err}");
        assert!(
            err.contains("failed (az's message is above). Nothing further was sent."),
            "{err}"
        );
        assert!(
            err.contains("stand-in failure"),
            "az's own message reaches the admin: {err}"
        );
        assert_eq!(
            s.requests().len(),
            step,
            "no az call after the failed one: {:?}",
            s.requests()
        );
        if step >= 4 {
            assert!(err.contains(&format!("Already created: the profile \"iOS - Entra ID SSO (JIT registration)\", id {PROFILE_ID}")), "{err}");
            assert!(err.contains(&format!("az rest --method DELETE --uri '{GRAPH}/deviceManagement/deviceConfigurations/{PROFILE_ID}'")), "{err}");
            assert_eq!(err.contains(", assigned."), step == 5, "{err}");
        } else {
            let nothing = if step == 3 {
                "Intune did not confirm a new profile. If az timed out, look for \"iOS - Entra ID SSO (JIT registration)\""
            } else {
                "No profile was created by this run."
            };
            assert!(err.contains(nothing), "{err}");
        }
    }
}

#[test]
fn az_missing_or_signed_out_is_refused_with_the_fix() {
    let s = Setup::new(&answers("spec-example"), false);
    let o = s.run(&[], &[]);
    assert_eq!(o.status.code(), Some(2));
    let err = text(&o.stderr);
    assert!(
        err.contains("the Azure CLI (az) is not installed") && err.contains("install-azure-cli"),
        "{err}"
    );

    let s = Setup::case("spec-example");
    let o = s.run(&[], &[("AZ_SIGNED_OUT", "1")]);
    assert_eq!(o.status.code(), Some(2));
    let err = text(&o.stderr);
    assert!(
        err.contains("not signed in") && err.contains("az login --use-device-code"),
        "{err}"
    );
    assert!(
        !err.contains("Please run 'az login'"),
        "az's own noise is not repeated: {err}"
    );
    assert_eq!(
        s.calls().len(),
        1,
        "only `az account show`: {:?}",
        s.calls()
    );
    assert!(s.requests().is_empty());
}

/// The requests REQUESTS.md describes, as ("POST url", "body file"), and how many of
/// its three are to be skipped (its text says "skip this request" or "Not requested").
fn requests_md(md: &str) -> (Vec<(String, String)>, usize) {
    let mut sent = Vec::new();
    let mut skipped = 0;
    for section in md.split("\n## ").filter(|s| s.starts_with(['1', '2', '3'])) {
        let flat = section.split_whitespace().collect::<Vec<_>>().join(" ");
        if flat.contains("skip this request") || flat.contains("Not requested") {
            skipped += 1;
            continue;
        }
        let post = section.lines().find(|l| l.starts_with("POST ")).unwrap();
        let body = section
            .lines()
            .find_map(|l| l.strip_prefix("Body: `"))
            .unwrap();
        sent.push((
            post.to_string(),
            body.split('`').next().unwrap().to_string(),
        ));
    }
    (sent, skipped)
}

#[test]
fn dry_run_prints_exactly_the_requests_of_requests_md_and_sends_nothing() {
    for case in CASES {
        let s = Setup::case(case);
        let o = s.run(&["--dry-run"], &[]);
        assert_eq!(o.status.code(), Some(0), "{case}: {}", text(&o.stderr));
        assert!(
            s.calls().is_empty(),
            "{case}: az was called: {:?}",
            s.calls()
        );
        let out = text(&o.stdout);
        let lines: Vec<&str> = out.lines().map(str::trim).collect();
        let posts: Vec<&str> = lines
            .iter()
            .copied()
            .filter(|l| l.starts_with("POST "))
            .collect();
        let bodies: Vec<&str> = lines
            .iter()
            .filter_map(|l| l.strip_prefix("Body: "))
            .collect();
        let shown: Vec<(String, String)> = posts
            .iter()
            .zip(&bodies)
            .map(|(p, b)| (p.to_string(), b.to_string()))
            .collect();
        assert_eq!(posts.len(), bodies.len(), "{case}:\n{out}");
        let md = fs::read_to_string(s.folder().join("REQUESTS.md")).unwrap();
        let (expected, skipped) = requests_md(&md);
        assert_eq!(shown, expected, "{case}:\n{out}");
        assert_eq!(out.matches(": skipped").count(), skipped, "{case}:\n{out}");
        assert!(out.starts_with("Dry run for \""), "{case}:\n{out}");
    }
    // No az at all: the dry run is for reading on any machine.
    let s = Setup::new(&answers("redirect"), false);
    let o = s.run(&["--dry-run"], &[]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
}

#[test]
fn help_and_unknown_options() {
    let s = Setup::case("spec-example");
    for flag in ["-h", "--help"] {
        let o = s.run(&[flag], &[]);
        assert_eq!(o.status.code(), Some(0));
        let out = text(&o.stdout);
        assert!(out.starts_with("Usage: ./send.sh [--dry-run]"), "{out}");
        assert!(
            out.contains("--dry-run") && out.contains("az login --use-device-code"),
            "{out}"
        );
    }
    let o = s.run(&["--force"], &[]);
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o.stderr).contains("unknown option --force"));
    assert!(s.calls().is_empty());
}

/// Draft text that would run code if it were pasted into the script unquoted, and an app
/// id that would redirect a request if it went into a URL unchecked.
#[test]
fn draft_text_never_becomes_code() {
    // Quotes, command substitution, a literal `\n`, then a line break, tab, DEL and a bidi
    // override (all of which a .mobileconfig can carry, so export accepts them).
    let hostile = "Pilot' ; touch pwned-1 ; echo '$(touch pwned-2)`touch pwned-3`\\n\n\t\u{7f}\u{202e}\"$HOME";
    let mut draft = Draft::from_toml(&answers("redirect")).unwrap();
    draft.profile.name = hostile.into();
    // An app id that is not a GUID never reaches a script: the export refuses it (A007)…
    let hostile_id = "../x'; touch pwned-4; '";
    draft.authenticator.app_id = hostile_id.into();
    let refused = render(&draft, Format::All).unwrap_err();
    assert!(refused.problems[0].starts_with("A007"), "{refused:?}");
    draft.authenticator.app_id = "11111111-2222-4333-8444-555555555555".into();
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("export");
    let files = render(&draft, Format::All).unwrap();
    sso_wizard::store::write_folder(&folder, &files, false).unwrap();
    // …and a script edited by hand to carry one still checks it before it goes into a URL.
    let edited = fs::read_to_string(folder.join("send.sh")).unwrap().replace(
        "APP_ID='11111111-2222-4333-8444-555555555555'",
        &format!("APP_ID='{}'", hostile_id.replace('\'', "'\\''")),
    );
    assert!(edited.contains("touch pwned-4"), "the edit took");
    fs::write(folder.join("send.sh"), &edited).unwrap();
    let script = edited;
    assert!(
        !script.contains(['\u{7f}', '\u{202e}', '\t']),
        "control and bidi characters are escaped"
    );
    assert!(
        script.contains("PROFILE_NAME='Pilot'\\'' ; touch pwned-1"),
        "{script}"
    );

    // Whatever the text, shellcheck has nothing to say about the script.
    if Command::new("shellcheck").arg("--version").output().is_ok() {
        for name in [
            hostile,
            "a\\'b \\",
            "\u{201c}Pilot\u{201d} \u{2018}iOS\u{2019}",
            "${x:?} !! #",
        ] {
            let mut d = draft.clone();
            d.profile.name = name.into();
            let script = render(&d, Format::All).unwrap().pop().unwrap();
            assert_eq!(script.path, Path::new("send.sh"));
            let path = dir.path().join("check.sh");
            fs::write(&path, &script.bytes).unwrap();
            let o = Command::new("shellcheck").arg(&path).output().unwrap();
            assert!(o.status.success(), "{name}: {}", text(&o.stdout));
        }
    }
    let bin = dir.path().join("bin");
    fs::create_dir(&bin).unwrap();
    fs::write(bin.join("az"), STAND_IN).unwrap();
    fs::set_permissions(bin.join("az"), fs::Permissions::from_mode(0o755)).unwrap();
    for args in [&["--dry-run"][..], &[][..]] {
        let o = Command::new(folder.join("send.sh"))
            .args(args)
            .current_dir(dir.path())
            .env("PATH", format!("{}:/usr/bin:/bin", bin.display()))
            .env("AZ_LOG", dir.path().join("az.log"))
            .env("AZ_PROFILE_ID", PROFILE_ID)
            .output()
            .unwrap();
        let out = text(&o.stdout);
        if args.is_empty() {
            // The id is not a GUID: refused before any request.
            assert_eq!(o.status.code(), Some(1), "{out}");
            assert!(text(&o.stderr).contains("authenticator.app_id is not a GUID"));
        } else {
            assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
            let shown = "Pilot' ; touch pwned-1 ; echo '$(touch pwned-2)`touch pwned-3`\\n\\n\\t\\u{7f}\\u{202e}\"$HOME";
            assert!(out.contains(&format!("Dry run for \"{shown}\"")), "{out}");
        }
        for n in 1..=4 {
            assert!(!dir.path().join(format!("pwned-{n}")).exists(), "pwned-{n}");
            assert!(!folder.join(format!("pwned-{n}")).exists(), "pwned-{n}");
        }
    }
    let log = fs::read_to_string(dir.path().join("az.log")).unwrap_or_default();
    assert!(!log.contains("rest"), "{log}");
}

/// dash is /bin/sh on Debian; bash in POSIX mode is /bin/sh elsewhere (and macOS's sh).
#[test]
fn bash_in_posix_mode_runs_it_the_same() {
    let Some(bash) = ["/bin/bash", "/usr/bin/bash"]
        .into_iter()
        .find(|p| Path::new(p).exists())
    else {
        eprintln!("NOTICE: bash is not installed; send.sh was not run under bash --posix");
        return;
    };
    let s = Setup::case("spec-example");
    let o = s.run_in(&[bash, "--posix"], &[], &[("AZ_APPS", FOUND_APP)]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    assert_eq!(
        s.requests(),
        [
            lookup("iosStoreApp"),
            assignments(FOUND_APP),
            create(),
            assign(),
            app_assign(FOUND_APP),
        ]
    );
    let s = Setup::case("spec-example");
    let o = s.run_in(
        &[bash, "--posix"],
        &[],
        &[("AZ_APPS", FOUND_APP), ("AZ_FAIL_AT", "4")],
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(text(&o.stderr).contains("Request 2 (assign the profile"));
    assert_eq!(s.requests().len(), 4);
}
