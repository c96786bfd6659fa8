//! The little the reducer needs from its host: a clock. Native builds (the unit tests) have none.

/// Milliseconds from an arbitrary origin, with sub-millisecond precision in the browser.
#[cfg(target_arch = "wasm32")]
#[must_use]
pub fn now_ms() -> f64 {
    web_sys::window().and_then(|w| w.performance()).map_or(0.0, |p| p.now())
}

/// Milliseconds from an arbitrary origin.
#[cfg(not(target_arch = "wasm32"))]
#[must_use]
pub fn now_ms() -> f64 {
    use std::sync::OnceLock;
    use std::time::Instant;
    static START: OnceLock<Instant> = OnceLock::new();
    START.get_or_init(Instant::now).elapsed().as_secs_f64() * 1000.0
}
