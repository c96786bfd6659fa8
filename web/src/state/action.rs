//! Everything the page can ask the reducer to do.

use std::rc::Rc;

use crisscross_core::diagnostic::Span;
use crisscross_core::scenario::{PolicyRef, PrincipalScope, Scenario};
use crisscross_core::size::LimitSet;

use super::bench::BenchAction;
use super::deck::DeckAction;
use super::settled::Settled;
use super::theme::Theme;
use crate::model::{Inputs, RequestMode};

/// A field of the editable custom profile.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CustomField {
    /// The profile ID.
    Id,
    /// The foundation model ID.
    Model,
    /// The source Region.
    SourceRegion,
    /// The destinations, comma-separated.
    Destinations,
}

/// A field of a plain (non-Bedrock) request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PlainField {
    /// The IAM action.
    Action,
    /// The resource ARN.
    Resource,
    /// The Region.
    Region,
}

/// Everything the page can ask the reducer to do.
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    /// Replace a policy's text.
    EditPolicy(PolicyRef, String),
    /// Rename a policy.
    RenamePolicy(PolicyRef, String),
    /// Remove a policy (an SCP or an identity policy).
    RemovePolicy(PolicyRef),
    /// Attach a new SCP to a level.
    AddScp(usize),
    /// Attach or detach the FullAWSAccess preset at a level.
    ToggleFullAccess(usize),
    /// Add an SCP level (an OU) just above the account.
    AddLevel,
    /// Remove an SCP level.
    RemoveLevel(usize),
    /// Rename an SCP level's target.
    RenameLevel(usize, String),
    /// Move a level up (towards the root) or down.
    MoveLevel {
        /// Which level.
        level: usize,
        /// Towards the root.
        up: bool,
    },
    /// Whether the account is governed by SCPs.
    SetScpsEnabled(bool),
    /// Add an identity policy.
    AddIdentity,
    /// Switch the permissions boundary on or off.
    SetBoundaryEnabled(bool),
    /// Switch the session policy on or off.
    SetSessionEnabled(bool),
    /// The principal ARN.
    SetPrincipal(String),
    /// Member account, management account or service-linked role.
    SetScope(Option<PrincipalScope>),
    /// A fact about the caller the principal ARN does not carry.
    SetCaller(CallerField, String),
    /// Give a value to a context key a verdict depends on: a context row for it, ready to fill.
    GiveKey(String),
    /// Add a context row.
    AddContext,
    /// Change a context row's key.
    SetContextKey(usize, String),
    /// Change a context row's value.
    SetContextValue(usize, String),
    /// Remove a context row.
    RemoveContext(usize),
    /// Bedrock call or plain request.
    SetMode(RequestMode),
    /// Pick a catalog profile (or type a model ID for a direct call).
    SetProfile(String),
    /// Switch to the editable custom profile.
    UseCustomProfile,
    /// Edit the custom profile.
    SetCustom(CustomField, String),
    /// The source Region of a Bedrock call.
    SetSourceRegion(String),
    /// A profile and a source Region at once (from the matrix).
    PickCall(String, String),
    /// The runtime API.
    SetApi(String),
    /// A field of a plain request.
    SetPlain(PlainField, String),
    /// Replace everything with an example of the gallery.
    LoadExample(&'static str),
    /// Replace everything with a scenario given as JSON text (a notice explains a bad paste).
    LoadScenario(String),
    /// Replace everything with a scenario.
    LoadParsed(Box<Scenario>),
    /// Bring back a draft of the user's own work.
    RestoreDraft(u64),
    /// Forget a draft.
    DeleteDraft(u64),
    /// Check the user's version of an example against the example's expectations again.
    RestoreExampleExpectations,
    /// Undo the last edit.
    Undo,
    /// Redo the last undone edit.
    Redo,
    /// Select a hop of the table or the map.
    SelectHop(usize),
    /// Explain every statement of the shown hop that does not apply, not only the first few.
    ExplainAll,
    /// Show a statement in its editor (scrolling the page to it).
    FocusStatement(PolicyRef, Span),
    /// Light or dark.
    SetTheme(Theme),
    /// Hide the notice.
    DismissNotice,
    /// Compute the slower results (fix suggestions, hints, the matrix) of this revision at once.
    Settle(u64),
    /// The slower results, computed a slice at a time, for the revision they name.
    Settled(Rc<Settled>),
    /// Apply a fix suggestion of the settled results.
    ApplyFix(usize),
    /// Show or hide the profile/Region matrix.
    ShowMatrix(bool),
    /// Check sizes against the current or the legacy AWS quotas.
    SetLimitSet(LimitSet),
    /// Remove whitespace outside strings from a policy.
    Minify(PolicyRef),
    /// Apply a room-making hint of the settled results.
    ApplyHint(PolicyRef, usize),
    /// Open a share link (a URL, its fragment, or the fragment without `#`).
    OpenLink(String),
    /// Show or hide the share panel.
    ShowShare(bool),
    /// Write the share panel's link and ticket for the revision they are due for
    /// ([`PlaygroundState::share_due`](super::PlaygroundState::share_due)).
    WriteShare(u64),
    /// Minify the policies in the share link.
    SetShareMinify(bool),
    /// The workbench: import a denial, diff against a snapshot, expectations, routes.
    Bench(BenchAction),
    /// Workshops: open a deck, predict, reveal, move between slides.
    Deck(DeckAction),
}

impl CustomField {
    /// Sets this field of the custom profile to what the user typed.
    pub(super) fn set(self, inputs: &mut Inputs, value: String) {
        match self {
            Self::Id => inputs.set_custom_id(value),
            Self::Model => inputs.set_custom_model(value),
            Self::SourceRegion => inputs.set_custom_source_region(value),
            Self::Destinations => inputs.set_custom_destinations(&value),
        }
    }
}

impl PlainField {
    /// Sets this field of the plain request to what the user typed.
    pub(super) fn set(self, inputs: &mut Inputs, value: String) {
        let request = &mut inputs.request;
        let slot = match self {
            Self::Action => &mut request.action,
            Self::Resource => &mut request.resource,
            Self::Region => &mut request.region,
        };
        *slot = Some(value);
    }
}

/// A fact about the caller that the principal ARN does not carry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CallerField {
    /// The role's path.
    RolePath,
    /// The role session's name.
    SessionName,
    /// The organization's ID.
    OrganizationId,
    /// When the call is made.
    EvaluationTime,
}

impl CallerField {
    /// Writes the field into the inputs.
    pub fn set(self, inputs: &mut crate::model::Inputs, value: &str) {
        let slot = match self {
            Self::RolePath => &mut inputs.role_path,
            Self::SessionName => &mut inputs.session_name,
            Self::OrganizationId => &mut inputs.organization_id,
            Self::EvaluationTime => &mut inputs.evaluation_time,
        };
        *slot = value.into();
    }
}
