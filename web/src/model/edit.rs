//! Edits of the inputs: one method per thing the user can change. They only change the data; the
//! reducer in [`crate::state`] decides how each joins the undo history and re-evaluates.

use crisscross_core::fix::Fix;
use crisscross_core::import::denial::Imported;
use crisscross_core::import::routes::{ImportedRoute, merge_into};
use crisscross_core::route::catalog::Catalog;
use crisscross_core::scenario::{CustomProfile, PolicyRef};

use super::{ContextRow, FULL_AWS_ACCESS_NAME, Inputs, LevelInput, NEW_POLICY, PolicyDoc, RequestMode};

impl Inputs {
    /// Replaces a policy's text.
    pub fn set_policy_text(&mut self, id: PolicyRef, text: &str) {
        if let Some(p) = self.policy_mut(id) {
            p.text = text.into();
        }
    }

    /// Renames a policy.
    pub fn rename_policy(&mut self, id: PolicyRef, name: &str) {
        if let Some(p) = self.policy_mut(id) {
            p.name = name.into();
        }
    }

    /// Removes an SCP or an identity policy; the boundary and the session policy are switched off, so
    /// their text comes back when they are switched on again.
    pub fn remove_policy(&mut self, id: PolicyRef) {
        match id {
            PolicyRef::Scp { level, index } => {
                if let Some(l) = self.levels.get_mut(level)
                    && index < l.policies.len()
                {
                    l.policies.remove(index);
                }
            }
            PolicyRef::Identity(index) => {
                if index < self.identity.len() {
                    self.identity.remove(index);
                }
            }
            PolicyRef::Boundary => self.boundary_enabled = false,
            PolicyRef::Session => self.session_enabled = false,
        }
    }

    /// Attaches a new SCP to a level.
    pub fn add_scp(&mut self, level: usize) {
        if let Some(l) = self.levels.get_mut(level) {
            let name = unique_name("RegionDeny", l.policies.iter().map(|p| &*p.name));
            l.policies.push(PolicyDoc::new(&name, NEW_POLICY));
        }
    }

    /// Attaches or detaches the FullAWSAccess preset at a level.
    pub fn toggle_full_access(&mut self, level: usize) {
        if let Some(l) = self.levels.get_mut(level) {
            if l.has_full_access() {
                l.policies.retain(|p| &*p.name != FULL_AWS_ACCESS_NAME);
            } else {
                l.policies.insert(0, PolicyDoc::full_aws_access());
            }
        }
    }

    /// Adds an OU level just above the account (below the root), and switches SCPs on.
    pub fn add_level(&mut self) {
        let name = unique_name("ou-new", self.levels.iter().map(|l| &*l.target));
        let at = self.levels.len().saturating_sub(1).max(1).min(self.levels.len());
        self.levels.insert(at, LevelInput::with_full_access(&name));
        self.scps_enabled = true;
    }

    /// Removes an SCP level.
    pub fn remove_level(&mut self, level: usize) {
        if level < self.levels.len() {
            self.levels.remove(level);
        }
    }

    /// Renames an SCP level's target.
    pub fn rename_level(&mut self, level: usize, target: &str) {
        if let Some(l) = self.levels.get_mut(level) {
            l.target = target.into();
        }
    }

    /// Swaps a level with the one above it (towards the root) or below it.
    pub fn move_level(&mut self, level: usize, up: bool) {
        let other = if up { level.checked_sub(1) } else { Some(level + 1) };
        if let Some(other) = other
            && other < self.levels.len()
            && level < self.levels.len()
        {
            self.levels.swap(level, other);
        }
    }

    /// Switches SCPs on or off; switching them on without a level attaches FullAWSAccess at the root.
    pub fn set_scps_enabled(&mut self, on: bool) {
        self.scps_enabled = on;
        if on && self.levels.is_empty() {
            self.levels.push(LevelInput::with_full_access("r-root"));
        }
    }

    /// Adds an identity policy.
    pub fn add_identity(&mut self) {
        let name = unique_name("IdentityPolicy", self.identity.iter().map(|p| &*p.name));
        self.identity.push(PolicyDoc::new(&name, NEW_POLICY));
    }

    /// Adds an empty context row.
    pub fn add_context(&mut self) {
        self.context.push(ContextRow::default());
    }

    /// A context row for `key`, added unless one exists, for the user to give the value a verdict
    /// depends on.
    pub fn give_key(&mut self, key: &str) {
        if !self.context.iter().any(|r| r.key.eq_ignore_ascii_case(key)) {
            self.context.push(ContextRow {
                key: key.into(),
                ..ContextRow::default()
            });
        }
    }

    /// Changes a context row's key.
    pub fn set_context_key(&mut self, row: usize, key: &str) {
        if let Some(r) = self.context.get_mut(row) {
            r.key = key.into();
        }
    }

    /// Changes a context row's value.
    pub fn set_context_value(&mut self, row: usize, value: &str) {
        if let Some(r) = self.context.get_mut(row) {
            r.value = value.into();
        }
    }

    /// Removes a context row.
    pub fn remove_context(&mut self, row: usize) {
        if row < self.context.len() {
            self.context.remove(row);
        }
    }

    /// Bedrock call or plain request. A first plain request is the model call in the source Region, so
    /// the form does not start empty.
    pub fn set_mode(&mut self, mode: RequestMode) {
        self.mode = mode;
        if mode == RequestMode::Plain && self.request.action.is_none() {
            self.request.action = Some("bedrock:InvokeModel".into());
            self.request.resource = Some(format!(
                "arn:aws:bedrock:{}::foundation-model/anthropic.claude-sonnet-4-5-20250929-v1:0",
                self.source_region()
            ));
            self.request.region = Some(self.source_region().to_owned());
        }
    }

    /// Picks a profile (or a model ID for a direct call), moving to a source Region it serves when it
    /// does not serve the current one.
    pub fn set_profile(&mut self, profile: String) {
        self.mode = RequestMode::Bedrock;
        if let Some(source) = self.source_for(&profile) {
            self.request.source_region = Some(source);
        }
        self.request.profile = Some(profile);
    }

    /// The source Region to move to for `profile`, when it does not serve the current one: one the
    /// catalog routes it from, or, for a profile imported from the account, one it was read from.
    fn source_for(&self, profile: &str) -> Option<String> {
        let current = self.source_region();
        let sources: Vec<&str> = match Catalog::builtin().profile(profile) {
            Some(p) => p.sources().collect(),
            None => self
                .custom_profiles
                .iter()
                .filter(|c| c.id.as_deref() == Some(profile))
                .filter_map(|c| c.source_region.as_deref())
                .collect(),
        };
        if sources.contains(&current) {
            return None;
        }
        preferred_source(&sources, current)
    }

    /// Switches to the editable custom profile, creating one served from the current source Region.
    pub fn use_custom_profile(&mut self) {
        self.mode = RequestMode::Bedrock;
        if self.custom_profiles.first().and_then(|c| c.id.as_ref()).is_none() {
            let source = self.source_region().to_owned();
            self.custom_profiles.insert(
                0,
                CustomProfile {
                    id: Some("us.example.custom-model-v1:0".into()),
                    arn: None,
                    model: Some("example.custom-model-v1:0".into()),
                    source_region: Some(source.clone()),
                    destinations: vec![source.clone()],
                    copy_from: None,
                    imported_at: None,
                },
            );
            self.custom_destinations = source.into();
        }
        let custom = &self.custom_profiles[0];
        self.request.profile.clone_from(&custom.id);
        self.request.source_region.clone_from(&custom.source_region);
    }

    /// Changes the custom profile's ID, and the request's when it calls that profile.
    pub fn set_custom_id(&mut self, id: String) {
        let Some(custom) = self.custom_profiles.first_mut() else {
            return;
        };
        if self.request.profile == custom.id {
            self.request.profile = Some(id.clone());
        }
        custom.id = Some(id);
    }

    /// Changes the custom profile's model.
    pub fn set_custom_model(&mut self, model: String) {
        if let Some(custom) = self.custom_profiles.first_mut() {
            custom.model = Some(model);
        }
    }

    /// Changes the custom profile's source Region, and the request's when it calls that profile.
    pub fn set_custom_source_region(&mut self, region: String) {
        let Some(custom) = self.custom_profiles.first_mut() else {
            return;
        };
        if self.request.profile == custom.id {
            self.request.source_region = Some(region.clone());
        }
        custom.source_region = Some(region);
    }

    /// Changes the custom profile's destinations, typed as a comma-separated list (kept as typed).
    pub fn set_custom_destinations(&mut self, typed: &str) {
        let Some(custom) = self.custom_profiles.first_mut() else {
            return;
        };
        custom.destinations = typed
            .split([',', ' ', '\n'])
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(ToOwned::to_owned)
            .collect();
        self.custom_destinations = typed.into();
    }

    /// Changes the source Region of the call, and the custom profile's when the call uses it.
    pub fn set_source_region(&mut self, region: String) {
        if let Some(custom) = self.custom_profiles.first_mut()
            && custom.id.is_some()
            && custom.id == self.request.profile
        {
            custom.source_region = Some(region.clone());
        }
        self.request.source_region = Some(region);
    }

    /// A Bedrock call of a profile from a source Region.
    pub fn pick_call(&mut self, profile: String, region: String) {
        self.mode = RequestMode::Bedrock;
        self.request.profile = Some(profile);
        self.request.source_region = Some(region);
    }

    /// Takes the principal and the call a denial names; the policies stay as they are. `calls_profile`
    /// says whether the denial names a profile or candidates for one.
    pub fn take_denial(&mut self, imported: &Imported, calls_profile: bool, source: Option<&str>) {
        let mut scenario = self.to_scenario();
        imported.apply_to(&mut scenario);
        self.principal = scenario.principal.as_str().into();
        if calls_profile {
            self.mode = RequestMode::Bedrock;
            self.request.profile.clone_from(&scenario.request.profile);
        }
        if imported.source_region.is_some() {
            self.request.source_region.clone_from(&scenario.request.source_region);
        } else if let Some(source) = source {
            self.request.source_region = Some(source.to_owned());
        }
        if imported.api.is_some() {
            self.request.api.clone_from(&scenario.request.api);
        }
    }

    /// The source Region to preselect among `sources`: the current one when it is there, else one on
    /// the continent of `near`, else the first.
    #[must_use]
    pub fn source_among(&self, sources: &[String], near: Option<&str>) -> Option<String> {
        if sources.iter().any(|s| s == self.source_region()) {
            return Some(self.source_region().to_owned());
        }
        let sources: Vec<&str> = sources.iter().map(String::as_str).collect();
        preferred_source(&sources, near.unwrap_or(self.source_region()))
    }

    /// Adds routes read from the account to the custom profiles, dated `date`.
    pub fn merge_routes(&mut self, routes: &[ImportedRoute], date: &str) {
        let mut scenario = self.to_scenario();
        merge_into(&mut scenario, routes, date);
        self.custom_destinations = scenario
            .custom_profiles
            .first()
            .map(|c| c.destinations.join(", "))
            .unwrap_or_default()
            .into();
        self.custom_profiles = scenario.custom_profiles;
    }

    /// These inputs with a fix applied; `None` when the fix was computed for another text.
    #[must_use]
    pub fn with_fix(&self, fix: &Fix) -> Option<Self> {
        let mut next = self.clone();
        if fix.new_policy {
            let added = PolicyDoc::new(&fix.policy_name, &fix.patched);
            match fix.target {
                PolicyRef::Scp { level, .. } => next.levels.get_mut(level)?.policies.push(added),
                _ => next.identity.push(added),
            }
        } else {
            let p = next.policy_mut(fix.target)?;
            if *p.text != *fix.original {
                return None;
            }
            p.text = fix.patched.as_str().into();
        }
        Some(next)
    }
}

/// The source Region to switch to when a profile does not serve the current one: one in the same
/// partition and continent if possible, else the first.
fn preferred_source(sources: &[&str], current: &str) -> Option<String> {
    let continent = current.split('-').next().unwrap_or_default();
    sources
        .iter()
        .find(|s| s.split('-').next() == Some(continent))
        .or_else(|| sources.first())
        .map(|s| (*s).to_owned())
}

/// `base`, or `base2`, `base3`… whichever is not taken.
fn unique_name<'a>(base: &str, taken: impl Iterator<Item = &'a str> + Clone) -> String {
    if !taken.clone().any(|t| t == base) {
        return base.to_owned();
    }
    (2..)
        .map(|n| format!("{base}{n}"))
        .find(|candidate| !taken.clone().any(|t| t == candidate))
        .unwrap_or_else(|| base.to_owned())
}
