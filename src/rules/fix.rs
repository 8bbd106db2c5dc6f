//! Applying fixes to a draft (`Ctrl+F` in the wizard).

use std::collections::HashSet;

use super::Fix;
use super::bundle_ids::is_removable_microsoft;
use super::config::is_list_junk;
use crate::draft::{DEVICE_REGISTRATION_TOKEN, Draft, ExtensionType, RawValue, ValueType};
use crate::known::{FxBuild, ascii_lower};

impl Fix {
    /// Short imperative label for the wizard's footer and `check`'s `help:` ("trim").
    pub fn label(&self) -> String {
        match self {
            Fix::TrimBundleId(_) | Fix::TrimConfig(_) => "trim".to_string(),
            Fix::RemoveBundleId(_) => "remove it".to_string(),
            Fix::DedupBundleIds => "de-duplicate".to_string(),
            Fix::RemoveMicrosoftApps => "remove catalogued Microsoft apps".to_string(),
            Fix::RetypeConfig(_, t) => format!("retype as {}", t.as_str()),
            Fix::RemoveConfig(_) => "remove this row".to_string(),
            Fix::SetDeviceRegistration(_) => "set to {{DEVICEREGISTRATION}}".to_string(),
            Fix::RenameConfigKey(_, name) => format!("rename to {name}"),
            Fix::NormalizeCommaList(_) => "rewrite as a,b,c".to_string(),
            Fix::SwitchToEntraId => "switch type to Microsoft Entra ID".to_string(),
            Fix::DotDomain(_) => "add the leading dot".to_string(),
            Fix::RemoveDomain(_) => "remove this entry".to_string(),
        }
    }

    /// Apply the fix. Returns whether the draft changed (false for a stale index).
    pub fn apply(&self, draft: &mut Draft) -> bool {
        let ext = &mut draft.extension;
        match *self {
            Fix::TrimBundleId(i) => match ext.bundle_ids.get_mut(i) {
                Some(id) if id.trim().len() != id.len() => {
                    *id = id.trim().to_string();
                    true
                }
                _ => false,
            },
            Fix::RemoveBundleId(i) => {
                if i < ext.bundle_ids.len() {
                    ext.bundle_ids.remove(i);
                    true
                } else {
                    false
                }
            }
            Fix::DedupBundleIds => {
                let before = ext.bundle_ids.len();
                let mut seen: HashSet<String, FxBuild> = HashSet::default();
                // Same key as B005: trimmed, ASCII case ignored; the first one stays.
                ext.bundle_ids
                    .retain(|id| seen.insert(ascii_lower(id.trim()).into_owned()));
                ext.bundle_ids.len() != before
            }
            Fix::DotDomain(i) => match ext.domains.get_mut(i) {
                Some(d) if !d.trim().starts_with('.') && !d.trim().is_empty() => {
                    *d = format!(".{}", d.trim());
                    true
                }
                _ => false,
            },
            Fix::RemoveDomain(i) => {
                if i < ext.domains.len() {
                    ext.domains.remove(i);
                    true
                } else {
                    false
                }
            }
            Fix::RemoveMicrosoftApps => {
                let before = ext.bundle_ids.len();
                ext.bundle_ids.retain(|id| !is_removable_microsoft(id));
                ext.bundle_ids.len() != before
            }
            Fix::TrimConfig(i) => {
                let Some(p) = ext.config.get_mut(i) else {
                    return false;
                };
                let old = p.clone();
                p.key = p.key.trim().to_string();
                if let RawValue::String(v) = &mut p.value {
                    *v = v.trim().to_string();
                }
                *p != old
            }
            Fix::RetypeConfig(i, to) => {
                let Some(p) = ext.config.get_mut(i) else {
                    return false;
                };
                let old = p.clone();
                p.kind = to;
                p.value = p.value.converted(to);
                *p != old
            }
            Fix::RemoveConfig(i) => {
                if i < ext.config.len() {
                    ext.config.remove(i);
                    true
                } else {
                    false
                }
            }
            Fix::SetDeviceRegistration(i) => {
                let Some(p) = ext.config.get_mut(i) else {
                    return false;
                };
                let old = p.clone();
                p.kind = ValueType::String;
                p.value = RawValue::String(DEVICE_REGISTRATION_TOKEN.to_string());
                *p != old
            }
            Fix::RenameConfigKey(i, name) => match ext.config.get_mut(i) {
                Some(p) if p.key != name => {
                    p.key = name.to_string();
                    true
                }
                _ => false,
            },
            Fix::SwitchToEntraId => {
                let changed = ext.kind != ExtensionType::EntraId;
                ext.kind = ExtensionType::EntraId;
                changed
            }
            Fix::NormalizeCommaList(i) => match ext.config.get_mut(i) {
                Some(p) => match &mut p.value {
                    RawValue::String(v) => {
                        let clean = v
                            .split(|c: char| c == ',' || is_list_junk(c))
                            .filter(|e| !e.is_empty())
                            .collect::<Vec<_>>()
                            .join(",");
                        let changed = clean != *v;
                        *v = clean;
                        changed
                    }
                    _ => false,
                },
                None => false,
            },
        }
    }
}
