//! Hooks: the reducer's dispatcher, provided once by [`crate::App`] and read by any component.

use yew::prelude::*;

use crate::state::PlaygroundState;

/// Sends actions to the page's reducer.
pub type Dispatch = UseReducerDispatcher<PlaygroundState>;

/// The dispatcher [`crate::App`] provides to every component.
#[hook]
pub fn use_dispatch() -> Dispatch {
    use_context::<Dispatch>().expect("components are rendered inside App, which provides the dispatcher")
}
