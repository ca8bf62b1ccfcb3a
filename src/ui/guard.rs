//! The page must never stay dead: a plan that makes drawing fail (a panic aborts the
//! WebAssembly instance; a trap; a hang) must not be drawn again by the next load, and nothing
//! the user made may be lost.
//!
//! A mark in local storage says "a plan is being drawn". It is set before the page draws a plan
//! it has not drawn before (the saved one at load, a file, a link, an example, a new plan) and
//! removed in the frame after, once drawing is over. The page's guard script (`guard.js`,
//! beside index.html) shows the failure message when the app stops and sets the mark when it
//! stopped on an edit. A load that finds the mark draws the example instead, keeps the saved
//! plan aside and offers it as a file; it opens no share link by itself.

use super::browser;
use leptos::prelude::request_animation_frame;
use std::sync::atomic::{AtomicBool, Ordering};

/// The mark's key; `guard.js` names it too. Its value says what was being drawn (for a person
/// reading the storage; the app only asks whether it is there).
pub const DRAWING_KEY: &str = "fabric-designer.drawing";

/// A test's switch: with this key in storage, the next load fails while drawing, once (the key
/// is removed first), so the browser tests can prove the way back. Nothing but a test sets it.
const FAIL_ONCE_KEY: &str = "fabric-designer.test.fail-next-draw";

/// Whether the last load or edit stopped while drawing; the mark is taken away.
pub fn stopped_last_time() -> bool {
    let stopped = browser::load_key(DRAWING_KEY).is_some();
    if stopped {
        browser::remove_key(DRAWING_KEY);
    }
    stopped
}

/// A plan is about to be drawn for the first time (`what`: where it comes from). The mark
/// goes in the frame after the page has drawn it; if drawing fails, it stays.
pub fn drawing(what: &str) {
    if STOPPED.load(Ordering::SeqCst) {
        return;
    }
    // Storage may be off: then there is nothing to recover from on the next load either.
    let _ = browser::save_key(DRAWING_KEY, what);
    request_animation_frame(|| {
        if !STOPPED.load(Ordering::SeqCst) {
            browser::remove_key(DRAWING_KEY);
        }
    });
}

/// Fails here, once, when a test asked for it (see `FAIL_ONCE_KEY`).
pub fn fail_if_a_test_asks() {
    if browser::load_key(FAIL_ONCE_KEY).is_some() {
        browser::remove_key(FAIL_ONCE_KEY);
        panic!("drawing failed on purpose: the test switch {FAIL_ONCE_KEY} was set");
    }
}

/// Set by the panic hook: the instance is about to abort, and a frame that comes after must not
/// take the mark away.
static STOPPED: AtomicBool = AtomicBool::new(false);

/// The panic hook: the message to the console as before, the mark that makes the next load
/// start with the example, and the page's failure message (index.html holds it, hidden).
pub fn install_panic_hook() {
    std::panic::set_hook(Box::new(|info| {
        STOPPED.store(true, Ordering::SeqCst);
        if browser::load_key(DRAWING_KEY).is_none() {
            let _ = browser::save_key(DRAWING_KEY, "stopped while editing");
        }
        browser::show_stopped_message();
        console_error_panic_hook::hook(info);
    }));
}
