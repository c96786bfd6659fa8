//! The playground's entry point: renders the app into the page.
fn main() {
    yew::Renderer::<crisscross_web::App>::new().render();
}
