use yew::prelude::*;

#[component]
pub fn App() -> Html {
    html! { <main><h1>{"crisscross"}</h1></main> }
}
