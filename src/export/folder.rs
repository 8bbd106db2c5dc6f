//! The `all` export (SPEC §5.4): every file plus `REQUESTS.md`, which walks a first-time
//! admin through the three Graph requests and the next steps of Microsoft's JIT
//! registration article.

use std::fmt::Write as _;

use super::{
    ExportError, OutputFile, authenticator_assign, declaration, graph_assign, graph_custom,
    graph_profile, jamf_md, jamf_plist, json_bytes, mobileconfig, send,
};
use crate::draft::{DEVICE_REGISTRATION_TOKEN, Draft, ExtensionType, FilterMode, License, Target};
use crate::rules::escape_for_terminal;

const GRAPH: &str = "https://graph.microsoft.com/beta";

/// The files of the `all` folder, relative to it. `graph/authenticator-assign.json` only
/// when `authenticator.required`; REQUESTS.md says so otherwise.
pub(super) fn all(draft: &Draft, slug: &str) -> Result<Vec<OutputFile>, ExportError> {
    let file = |path: &str, bytes: Vec<u8>| OutputFile {
        path: path.into(),
        bytes,
        executable: false,
    };
    let mut files = vec![
        file(&format!("{slug}.mobileconfig"), mobileconfig(draft)?),
        file("graph/profile.json", json_bytes(&graph_profile(draft)?)),
        file("graph/assign.json", json_bytes(&graph_assign(draft))),
    ];
    if draft.authenticator.required {
        files.push(file(
            "graph/authenticator-assign.json",
            json_bytes(&authenticator_assign(draft)),
        ));
    }
    files.push(file("graph/custom.json", json_bytes(&graph_custom(draft)?)));
    files.push(file(&format!("{slug}.jamf.plist"), jamf_plist(draft)?));
    files.push(file("JAMF.md", jamf_md(draft, slug).into_bytes()));
    files.push(file("declaration.json", json_bytes(&declaration(draft)?)));
    files.push(file("REQUESTS.md", requests_md(draft, slug).into_bytes()));
    files.push(OutputFile {
        executable: true,
        ..file("send.sh", send::send_sh(draft).into_bytes())
    });
    Ok(files)
}

/// The text of `REQUESTS.md` for `draft`, whose `.mobileconfig` is `<slug>.mobileconfig`.
pub fn requests_md(draft: &Draft, slug: &str) -> String {
    // Every outside text in this file goes through the terminal escaper: REQUESTS.md is
    // read with `cat` as often as in an editor, and a group name is the admin's to type.
    let name = escape_for_terminal(&draft.profile.name);
    let a = &draft.assignments;
    let unassigned = a.target == Target::None;
    let mut md = String::new();
    // `write!` into a String cannot fail; the results are ignored below for that reason.
    let _ = write!(
        md,
        "# Create \"{name}\" in Intune with Microsoft Graph

## Routes to a device

| route | files | how |
|---|---|---|
| Intune, device features template (JIT registration) | `graph/profile.json`, `graph/assign.json`{auth_file} | the requests below, or `./send.sh` |
| Intune, custom profile (every Apple key; no JIT token) | `graph/custom.json`, `graph/assign.json` | request 1 with `graph/custom.json` as the body, then request 2 |
| Jamf Pro | `{slug}.jamf.plist`, `JAMF.md` | the steps in `JAMF.md` |
| another MDM | `{slug}.mobileconfig` | upload it as a custom configuration profile |
| Apple declarative device management (iOS/iPadOS 27 and later) | `declaration.json` | send it as a declaration from an MDM that supports them |

This folder holds an iOS/iPadOS device features profile, category single sign-on app
extension, type {kind}, as Microsoft Graph request bodies.

Send the requests below in order, for example with Graph Explorer
(https://aka.ms/ge), `Invoke-MgGraphRequest` (Microsoft Graph PowerShell) or
`az rest`, each with the header `Content-Type: application/json` and the named file
as the body.

- The requests use Graph **beta**: the single sign-on app extension settings do not
  exist in Graph v1.0.
- Permissions: `DeviceManagementConfiguration.ReadWrite.All` (requests 1 and 2),
  `DeviceManagementApps.ReadWrite.All` (request 3).
- The same profile as an Apple configuration profile, for an MDM other than Intune:
  `{slug}.mobileconfig`. These requests do not use it.
",
        kind = kind_name(draft.extension.kind),
        auth_file = if draft.authenticator.required {
            ", `graph/authenticator-assign.json`"
        } else {
            ""
        },
    );
    // Same sources as X001 (rules/mod.rs `export_notes`): JIT is documented only through the
    // device features template; Intune's custom-profile tokens don't include this one.
    if has_device_registration(draft) {
        let _ = write!(
            md,
            "  It carries the literal `{DEVICE_REGISTRATION_TOKEN}`: Microsoft documents JIT
  registration only through Intune's device features template, which the requests below
  create (the tokens Intune fills into custom profiles do not include this one).
"
        );
    }

    let _ = write!(
        md,
        "
## 1. Create the profile

```
POST {GRAPH}/deviceManagement/deviceConfigurations
```

Body: `graph/profile.json`.

The response (201 Created) is the new profile. Copy its `id` (a GUID): it is `{{id}}` in
the next request.

## 2. Assign the profile

```
POST {GRAPH}/deviceManagement/deviceConfigurations/{{id}}/assign
```

Body: `graph/assign.json`. Replace `{{id}}` in the URL with the id from request 1.

"
    );
    if unassigned {
        let _ = writeln!(
            md,
            "The answers file includes nobody (`assignments.target = \"none\"`), so this body
has no include target. `/assign` replaces every assignment of the profile: skip this
request to leave the profile unassigned, or choose a target and export again."
        );
    } else {
        let _ = writeln!(
            md,
            "`/assign` replaces every assignment of the profile: the body is the complete list.
It assigns the profile to:

- {}",
            describe_targets(draft)
        );
    }

    let _ = write!(
        md,
        "\n## 3. Make Microsoft Authenticator a required app\n\n"
    );
    if !draft.authenticator.required {
        let _ = writeln!(
            md,
            "Not requested: `authenticator.required` is false in the answers file, so there is
no `graph/authenticator-assign.json`."
        );
        if draft.extension.kind == ExtensionType::EntraId {
            let _ = writeln!(
                md,
                "
The Microsoft Enterprise SSO plug-in runs inside Microsoft Authenticator: make sure
Authenticator is assigned as a required app to the same users (Intune admin center ›
Apps › iOS/iPadOS › Microsoft Authenticator › Properties › Assignments)."
            );
        }
    } else {
        let app_id = escape_for_terminal(draft.authenticator.app_id.trim());
        let url_id = if app_id.is_empty() {
            "{app_id}"
        } else {
            app_id.as_str()
        };
        let _ = write!(
            md,
            "```
POST {GRAPH}/deviceAppManagement/mobileApps/{url_id}/assign
```

Body: `graph/authenticator-assign.json`.

"
        );
        if app_id.is_empty() {
            let _ = write!(
                md,
                "Replace `{{app_id}}` in the URL with the Intune id of Microsoft Authenticator in
your tenant: in the Intune admin center open Apps › iOS/iPadOS › Microsoft
Authenticator (add it from the App Store first if it is not listed); the id is the
GUID at the end of the browser's address. Set it as `authenticator.app_id` in the
answers file to have it filled in here.
"
            );
        } else {
            let _ = writeln!(
                md,
                "The URL carries the Authenticator app id from the answers file
(`authenticator.app_id`)."
            );
        }
        let licence = match draft.authenticator.license {
            License::Store => "App Store app (the body has no licence settings)",
            License::VppDevice => "Apple VPP, device licensing (`useDeviceLicensing: true`)",
            License::VppUser => "Apple VPP, user licensing (`useDeviceLicensing: false`)",
        };
        let _ = write!(
            md,
            "
Licence: {licence}.

Like `/assign` above, this request replaces every assignment of the app. If
Authenticator is already assigned to other groups, add those assignments to the body
first; this request lists them:

```
GET {GRAPH}/deviceAppManagement/mobileApps/{url_id}/assignments
```
"
        );
        if unassigned {
            let _ = writeln!(
                md,
                "
With no assignment target the body is empty and would remove them all: skip this
request."
            );
        }
    }

    let _ = write!(
        md,
        "
## Next steps

"
    );
    if draft.extension.kind != ExtensionType::EntraId {
        let _ = write!(
            md,
            "This profile uses the {} extension type. Just-in-time (JIT) registration needs the
Microsoft Entra ID type, so the steps below apply once you use that type.

",
            kind_name(draft.extension.kind)
        );
    }
    let _ = write!(
        md,
        "1. **Enrollment profile.** JIT registration works with account-driven user
   enrollment, user enrollment with Company Portal, automated device enrollment (ADE)
   with Setup Assistant with modern authentication, web-based device enrollment, and
   device enrollment with Company Portal. Create one of these in the Intune admin center
   (Devices › Enrollment › Apple) if you do not have one yet.
2. **Compliance policies.** Assign iOS/iPadOS compliance policies to the same users:
   with JIT registration, users fix compliance problems inside the app instead of the
   Company Portal (JIT compliance remediation).
3. **First sign-in.** Tell users that, once the device reaches the home screen, their
   first sign-in must be in an app covered by the SSO extension. Microsoft recommends
   Microsoft Teams.
"
    );
    md
}

fn kind_name(kind: ExtensionType) -> &'static str {
    match kind {
        ExtensionType::EntraId => "Microsoft Entra ID",
        ExtensionType::Redirect => "Redirect",
        ExtensionType::Credential => "Credential",
        ExtensionType::Kerberos => "Kerberos",
    }
}

fn has_device_registration(draft: &Draft) -> bool {
    draft.extension.kind != ExtensionType::Kerberos
        && draft
            .extension
            .config
            .iter()
            .any(|p| p.value.to_string() == DEVICE_REGISTRATION_TOKEN)
}

/// One bullet per target ("all licensed users", "group \"X\" (`id`)", exclusions, the
/// filter), so the admin can check the body before sending it.
fn describe_targets(draft: &Draft) -> String {
    let a = &draft.assignments;
    let group = |g: &crate::draft::Group| {
        let id = escape_for_terminal(&g.id);
        if g.name.trim().is_empty() {
            format!("group `{id}`")
        } else {
            format!("group \"{}\" (`{id}`)", escape_for_terminal(&g.name))
        }
    };
    let mut lines: Vec<String> = match a.target {
        Target::AllUsers => vec!["all licensed users".to_string()],
        Target::AllDevices => vec!["all devices".to_string()],
        Target::Groups if a.include_groups.is_empty() => vec!["no included group".to_string()],
        Target::Groups => a.include_groups.iter().map(group).collect(),
        Target::None => vec!["nobody".to_string()],
    };
    if let Some(f) = &a.filter {
        let mode = match f.mode {
            FilterMode::Include => "only devices that match",
            FilterMode::Exclude => "except devices that match",
        };
        lines.push(format!(
            "{mode} assignment filter `{}`",
            escape_for_terminal(&f.id)
        ));
    }
    lines.extend(
        a.exclude_groups
            .iter()
            .map(|g| format!("excluding {}", group(g))),
    );
    lines.join("\n- ")
}
