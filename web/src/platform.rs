//! The little the reducer needs from its host: clocks and whether input is waiting. Native builds (the
//! unit tests) have neither.

#[cfg(target_arch = "wasm32")]
thread_local! {
    /// The page's `performance`, looked up once: the slower results read the clock after every step.
    static PERFORMANCE: Option<web_sys::Performance> = web_sys::window().and_then(|w| w.performance());
    /// `navigator.scheduling.isInputPending` bound to its object, where the browser has it.
    static IS_INPUT_PENDING: Option<js_sys::Function> = is_input_pending_function();
}

/// Milliseconds from an arbitrary origin, with sub-millisecond precision in the browser.
#[cfg(target_arch = "wasm32")]
#[must_use]
pub fn now_ms() -> f64 {
    PERFORMANCE.with(|p| p.as_ref().map_or(0.0, web_sys::Performance::now))
}

#[cfg(target_arch = "wasm32")]
fn is_input_pending_function() -> Option<js_sys::Function> {
    use wasm_bindgen::JsCast;
    let navigator = web_sys::window()?.navigator();
    let scheduling = js_sys::Reflect::get(&navigator, &"scheduling".into()).ok()?;
    let function = js_sys::Reflect::get(&scheduling, &"isInputPending".into())
        .ok()?
        .dyn_into::<js_sys::Function>()
        .ok()?;
    Some(function.bind0(&scheduling))
}

/// Whether a keystroke, click or other input is waiting for the page's main thread
/// (`navigator.scheduling.isInputPending`, in Chromium): work that can wait should stop and let it run.
/// False where the browser cannot tell.
#[cfg(target_arch = "wasm32")]
#[must_use]
pub fn input_pending() -> bool {
    IS_INPUT_PENDING.with(|f| {
        f.as_ref()
            .and_then(|f| f.call0(&wasm_bindgen::JsValue::UNDEFINED).ok())
            .and_then(|pending| pending.as_bool())
            .unwrap_or(false)
    })
}

/// Native builds have no input.
#[cfg(not(target_arch = "wasm32"))]
#[must_use]
pub fn input_pending() -> bool {
    false
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

/// The page's address without its fragment: the base of share links.
#[cfg(target_arch = "wasm32")]
#[must_use]
pub fn base_url() -> String {
    web_sys::window()
        .and_then(|w| w.location().href().ok())
        .map(|href| href.split('#').next().unwrap_or_default().to_owned())
        .unwrap_or_default()
}

/// The address `scripts/serve.sh` serves the playground on.
#[cfg(not(target_arch = "wasm32"))]
#[must_use]
pub fn base_url() -> String {
    "http://127.0.0.1:8080/".to_owned()
}

/// Puts `url` in the address bar without a history entry or a reload, so the address bar is always a
/// link to what the page shows.
#[cfg(target_arch = "wasm32")]
pub fn show_link(url: &str) {
    if let Some(Ok(history)) = web_sys::window().map(|w| w.history()) {
        let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(url));
    }
}

/// Native builds have no address bar.
#[cfg(not(target_arch = "wasm32"))]
pub fn show_link(_url: &str) {}

/// The share link in the address bar, if any, taken out of the address bar until the page writes the
/// link of what it shows (see [`show_link`]). Only a fragment that looks like a link (`#v` and a digit)
/// counts; anything else stays.
#[must_use]
pub fn take_link() -> Option<String> {
    let link = read_link()?;
    clear_link();
    Some(link)
}

/// The share link in the address bar, if any, left where it is. Only a fragment that looks like a link
/// (`#v` and a digit) counts.
#[cfg(target_arch = "wasm32")]
#[must_use]
pub fn read_link() -> Option<String> {
    let hash = web_sys::window()?.location().hash().ok()?;
    hash.strip_prefix("#v")
        .is_some_and(|rest| rest.starts_with(|c: char| c.is_ascii_digit()))
        .then_some(hash)
}

/// Native builds have no address bar.
#[cfg(not(target_arch = "wasm32"))]
#[must_use]
pub fn read_link() -> Option<String> {
    None
}

/// Leaves the page's own address in the address bar, without a fragment.
#[cfg(target_arch = "wasm32")]
pub fn clear_link() {
    show_link(&base_url());
}

/// Native builds have no address bar.
#[cfg(not(target_arch = "wasm32"))]
pub fn clear_link() {}

/// The wall clock, in whole seconds since the Unix epoch: the time the page evaluates calls at when the
/// scenario does not set one.
#[cfg(target_arch = "wasm32")]
#[must_use]
pub fn epoch_seconds() -> Option<i64> {
    let millis = js_sys::Date::now();
    millis.is_finite().then(|| (millis / 1000.0).floor() as i64)
}

/// The same clock natively (the reducer's tests), so that a state keeps the time it was opened at as
/// the page does: left to the core, every evaluation would read the clock again, and two of them a
/// second apart would differ in `aws:CurrentTime`.
#[cfg(not(target_arch = "wasm32"))]
#[must_use]
pub fn epoch_seconds() -> Option<i64> {
    let since = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .ok()?;
    i64::try_from(since.as_secs()).ok()
}

/// The local date and time, for naming what the user keeps ("30 Nov 08:15").
#[cfg(target_arch = "wasm32")]
#[must_use]
pub fn local_time_label() -> Option<String> {
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let now = js_sys::Date::new_0();
    let month = MONTHS.get(usize::try_from(now.get_month()).ok()?)?;
    Some(format!(
        "{} {month} {:02}:{:02}",
        now.get_date(),
        now.get_hours(),
        now.get_minutes()
    ))
}

/// Native builds (the unit tests) name things without a time.
#[cfg(not(target_arch = "wasm32"))]
#[must_use]
pub fn local_time_label() -> Option<String> {
    None
}
