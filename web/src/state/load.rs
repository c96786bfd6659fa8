//! Replacing everything at once: an example of the gallery, a pasted scenario file, a share link. Each is
//! one undo step, and a bad paste or link changes nothing but says why.

use crisscross_core::scenario::Scenario;
use crisscross_core::share;

use super::own_work::draft_kept_notice;
use super::{Notice, PlaygroundState};
use crate::examples;
use crate::model::Inputs;

impl PlaygroundState {
    /// Replaces the inputs as one undo step, starting afresh: no selection, and no notice but the one
    /// that says the user's own work was kept as a draft.
    pub(super) fn replace_all(mut self, inputs: Inputs, example: Option<&'static str>) -> Self {
        let kept = self.keep_as_draft(&inputs);
        let mut next = match self.clone().record(inputs, None, false) {
            Some(next) => next,
            None => self,
        };
        next.history.break_typing();
        // The last result of other inputs says nothing about these.
        next.last_good = None;
        next.example = example;
        next.selected_hop = None;
        next.notice = kept.map(|(id, name)| draft_kept_notice(id, &name));
        next.focus_current_hop();
        next
    }

    /// Loads an example of the gallery.
    pub(super) fn load_example(self, id: &'static str) -> Option<Self> {
        let scenario = examples::by_id(id)?.scenario()?;
        Some(self.replace_all(Inputs::from_example(&scenario, id), Some(id)))
    }

    /// Loads a scenario file's text; a bad paste changes nothing and says where it is wrong.
    pub(super) fn load_scenario(mut self, text: &str) -> Self {
        match Scenario::from_json(text) {
            Ok(scenario) => {
                let mut next = self.replace_all(Inputs::from_scenario(&scenario), None);
                next.tell("Scenario loaded. Undo brings back what was there before.".to_owned());
                next
            }
            Err(d) => {
                let place = match (d.line, d.column) {
                    (Some(l), Some(c)) => format!("line {l}, column {c}: "),
                    _ => String::new(),
                };
                self.notice = Some(Notice::error(format!(
                    "Not loaded, nothing was changed. {place}{} ({})",
                    d.message, d.code
                )));
                self
            }
        }
    }

    /// Opens a share link; a cut or corrupted link changes nothing and says why.
    pub(super) fn open_link(mut self, link: &str) -> Self {
        match share::decode(link) {
            Ok(shared) => {
                let mut next = self.replace_all(Inputs::from_scenario(&shared.scenario), None);
                let mut text = format!(
                    "Opened a shared scenario (ID {}). Undo brings back what was here before.",
                    shared.id
                );
                if let Some(note) = shared.catalog_notice() {
                    text.push_str(" Note: ");
                    text.push_str(&note);
                    text.push('.');
                }
                next.tell(text);
                next
            }
            Err(e) => {
                self.notice = Some(Notice::error(format!(
                    "The link did not open, nothing was changed: {e} ({}). {}",
                    e.code(),
                    e.help()
                )));
                self
            }
        }
    }
}
