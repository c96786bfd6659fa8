//! The note that the results shown are the last ones before a policy error, not the current inputs'.

use std::rc::Rc;

use yew::prelude::*;

use crate::state::VerdictView;

/// Props of [`OutOfDate`].
#[derive(Properties, PartialEq)]
pub struct OutOfDateProps {
    /// The policies in error, by label.
    pub policies: Rc<Vec<String>>,
    /// The verdict the results shown had.
    pub verdict: Rc<VerdictView>,
}

/// "Out of date": names the policies in error and the verdict of the results still shown.
#[component]
pub fn OutOfDate(props: &OutOfDateProps) -> Html {
    let policies = props.policies.iter().enumerate().map(|(i, place)| {
        html! { <>{if i > 0 { ", " } else { "" }}{super::ticks(place)}</> }
    });
    html! {
        <div class="callout out-of-date" id="out-of-date">
            <p>
                <strong><span aria-hidden="true">{"\u{21BB} "}</span>{"Out of date. "}</strong>
                {"The results below are the last ones before the error in "}{for policies}
                {"; they update as soon as it is fixed. They were: "}
                {super::ticks(&props.verdict.sentence)}
            </p>
        </div>
    }
}
