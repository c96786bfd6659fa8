//! The playground's entry point: renders the app into the page.

/// talc instead of the standard library's allocator: parsing, evaluating and rendering allocate a lot,
/// and talc does it faster in WebAssembly. The page runs on one thread, which talc's WebAssembly
/// allocator requires.
#[cfg(all(target_family = "wasm", not(target_feature = "atomics")))]
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

fn main() {
    yew::Renderer::<crisscross_web::App>::new().render();
}
