fn main() {
    yew::Renderer::<crisscross_web::App>::new().render();
}
