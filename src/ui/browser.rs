//! The browser APIs the app uses, each behind a small function: local storage, downloads, the
//! clipboard, reading a dropped or picked file, the URL fragment, focus and timing. Failures are
//! returned as text for the user, never panics.

use gloo_file::ObjectUrl;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{HtmlAnchorElement, HtmlElement};

/// Where the plan is kept between visits.
pub const STORAGE_KEY: &str = "fabric-designer.plan.v1";

fn window() -> Option<web_sys::Window> {
    web_sys::window()
}

fn js_error(e: JsValue) -> String {
    e.as_string()
        .or_else(|| {
            e.dyn_ref::<js_sys::Error>()
                .map(|e| String::from(e.message()))
        })
        .unwrap_or_else(|| "the browser refused".to_string())
}

fn storage() -> Option<web_sys::Storage> {
    window()?.local_storage().ok().flatten()
}

/// The saved plan text, if any.
pub fn load_saved() -> Option<String> {
    load_key(STORAGE_KEY)
}

/// Saves the plan text; an error (storage full or disabled) is returned for a notice.
pub fn save(text: &str) -> Result<(), String> {
    save_key(STORAGE_KEY, text)
}

/// The text under `key`, if storage is on and holds it.
pub fn load_key(key: &str) -> Option<String> {
    storage()?.get_item(key).ok().flatten()
}

/// Keeps `text` under `key`.
pub fn save_key(key: &str, text: &str) -> Result<(), String> {
    storage()
        .ok_or_else(|| "this browser does not allow local storage".to_string())?
        .set_item(key, text)
        .map_err(js_error)
}

/// Removes `key`; where storage is off there is nothing to remove.
pub fn remove_key(key: &str) {
    if let Some(storage) = storage() {
        let _ = storage.remove_item(key);
    }
}

/// Where the plan saved when the page stopped is kept, apart from the plan the page goes on
/// with, until the user has it as a file.
pub const STOPPED_KEY: &str = "fabric-designer.plan.v1.stopped";

/// Shows the page's failure message, which index.html holds hidden: plain markup outside the
/// app, so it shows whatever state the app was left in.
pub fn show_stopped_message() {
    let Some(document) = window().and_then(|w| w.document()) else {
        return;
    };
    let Some(element) = document.get_element_by_id("stopped") else {
        return;
    };
    // When the app never drew, the message is all the page has: its main landmark.
    if document.query_selector("main").ok().flatten().is_none() {
        let _ = element.set_attribute("role", "main");
    }
    let _ = element.remove_attribute("hidden");
}

/// Where the plan that New plan, Load example, Open or a link replaced is kept, with the label
/// of that step, so that Undo can bring it back after a reload too.
const REPLACED_KEY: &str = "fabric-designer.plan.v1.replaced";

/// Keeps the plan a replace step is about to overwrite: `label` newline plan text.
pub fn save_replaced(label: &str, text: &str) -> Result<(), String> {
    save_key(REPLACED_KEY, &format!("{label}\n{text}"))
}

/// The last replaced plan and the label of the step that replaced it.
pub fn load_replaced() -> Option<(String, String)> {
    let stored = load_key(REPLACED_KEY)?;
    let (label, text) = stored.split_once('\n')?;
    Some((label.to_string(), text.to_string()))
}

/// Where the plan of the last bundle download is kept: the baseline "Compare with…" offers,
/// as the running fabric was most likely built from it.
const DOWNLOADED_KEY: &str = "fabric-designer.plan.v1.downloaded";

/// Keeps the plan text of a bundle just downloaded.
pub fn save_downloaded(text: &str) -> Result<(), String> {
    save_key(DOWNLOADED_KEY, text)
}

/// The plan text of the last bundle download, if any.
pub fn load_downloaded() -> Option<String> {
    load_key(DOWNLOADED_KEY)
}

/// Where the TCP-MD5 password is kept, only when the user asks for it: apart from the plan, so
/// that no saved plan, link or download of plan.json carries it.
const MD5_KEY: &str = "fabric-designer.md5-password";

/// The remembered TCP-MD5 password, if the user chose to keep it.
pub fn load_md5() -> Option<String> {
    load_key(MD5_KEY)
}

/// Keeps the password (`Some`) or forgets it (`None`).
pub fn save_md5(password: Option<&str>) -> Result<(), String> {
    let storage =
        storage().ok_or_else(|| "this browser does not allow local storage".to_string())?;
    match password {
        Some(text) => storage.set_item(MD5_KEY, text),
        None => storage.remove_item(MD5_KEY),
    }
    .map_err(js_error)
}

/// Keeps a saved plan that could not be read under another key, so nothing is lost.
pub fn save_aside(text: &str) -> Result<(), String> {
    save_key(&format!("{STORAGE_KEY}.unreadable"), text)
}

/// Offers bytes as a download named `name`.
pub fn download(name: &str, mime: &str, bytes: &[u8]) -> Result<(), String> {
    // gloo-file throws only where the browser cannot make a Blob or its URL (out of memory).
    let url = ObjectUrl::from(gloo_file::Blob::new_with_options(bytes, Some(mime)));
    let document = window().and_then(|w| w.document()).ok_or("no document")?;
    let a: HtmlAnchorElement = document
        .create_element("a")
        .map_err(js_error)?
        .unchecked_into();
    a.set_href(&url);
    a.set_download(name);
    a.click();
    // The click has started the download; the object URL is revoked when `url` is dropped,
    // once this task is long over.
    leptos::prelude::set_timeout(move || drop(url), std::time::Duration::from_secs(10));
    Ok(())
}

/// Puts text on the clipboard.
pub async fn copy(text: String) -> Result<(), String> {
    let clipboard = window().ok_or("no window")?.navigator().clipboard();
    JsFuture::from(clipboard.write_text(&text))
        .await
        .map(|_| ())
        .map_err(|e| format!("could not copy: {}", js_error(e)))
}

/// The largest plan file the app opens; a plan at the session limit is about 300 KB.
pub const MAX_FILE_BYTES: u64 = 8 * 1_048_576;

/// Reads a picked or dropped file as text: UTF-8 (a byte sequence that is not becomes U+FFFD),
/// or UTF-16 where the file starts with its byte-order mark.
pub async fn read_text(file: web_sys::File) -> Result<String, String> {
    let file = gloo_file::File::from(file);
    if file.size() > MAX_FILE_BYTES {
        return Err(format!(
            "\"{}\" is {} MB; plan files up to 8 MB are opened",
            file.name(),
            file.size().div_ceil(1_048_576)
        ));
    }
    gloo_file::futures::read_as_text(&file)
        .await
        .map_err(|e| e.to_string())
}

/// The URL fragment, with its `#`.
pub fn fragment() -> String {
    window()
        .and_then(|w| w.location().hash().ok())
        .unwrap_or_default()
}

/// Removes the fragment from the address bar without reloading or adding a history entry.
pub fn clear_fragment() {
    let Some(w) = window() else { return };
    let (Ok(path), Ok(search)) = (w.location().pathname(), w.location().search()) else {
        return;
    };
    if let Ok(history) = w.history() {
        let _ =
            history.replace_state_with_url(&JsValue::NULL, "", Some(&format!("{path}{search}")));
    }
}

/// The page's address without fragment, to which a share fragment is appended.
pub fn page_url() -> String {
    let Some(w) = window() else {
        return String::new();
    };
    let l = w.location();
    format!(
        "{}{}{}",
        l.origin().unwrap_or_default(),
        l.pathname().unwrap_or_default(),
        l.search().unwrap_or_default()
    )
}

/// Scrolls the element with this id into view and focuses it. Returns false if it is not there.
pub fn focus(id: &str) -> bool {
    let Some(el) = window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(id))
    else {
        return false;
    };
    let options = web_sys::ScrollIntoViewOptions::new();
    options.set_block(web_sys::ScrollLogicalPosition::Center);
    el.scroll_into_view_with_scroll_into_view_options(&options);
    if let Some(el) = el.dyn_ref::<HtmlElement>() {
        let _ = el.focus();
    } else if let Some(el) = el.dyn_ref::<web_sys::SvgElement>() {
        // A device of the diagram.
        let _ = el.focus();
    }
    // A disabled control takes no focus: say so, so the caller can try elsewhere.
    window()
        .and_then(|w| w.document())
        .and_then(|d| d.active_element())
        .is_some_and(|active| active == el)
}

/// Whether no element has keyboard focus (it is on the page's body).
pub fn focus_lost() -> bool {
    let document = window().and_then(|w| w.document());
    let active = document.as_ref().and_then(|d| d.active_element());
    let body = document.and_then(|d| d.body());
    match (active, body) {
        (None, _) => true,
        (Some(active), Some(body)) => active == *body.as_ref(),
        (Some(_), None) => false,
    }
}

/// An attribute of the element an event happened in, or of the nearest one around it that
/// matches a CSS selector: the device a click in the diagram is for (`id`), the place a
/// problem's button takes the user to (`data-path`).
pub fn target_attribute(ev: &web_sys::Event, selector: &str, name: &str) -> Option<String> {
    let el = ev.target()?.dyn_into::<web_sys::Element>().ok()?;
    el.closest(selector).ok()??.get_attribute(name)
}

/// Milliseconds since navigation started.
pub fn now() -> f64 {
    window()
        .and_then(|w| w.performance())
        .map(|p| p.now())
        .unwrap_or(0.0)
}

/// Marks the document once the app has rendered: tests and the budget script wait for
/// `data-ready` and read `data-first-render-ms`.
pub fn mark_ready() {
    let Some(root) = window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
    else {
        return;
    };
    // Whole microseconds, written without float formatting (which would add code to the wasm).
    let micros = (now() * 1000.0) as u64;
    let _ = root.set_attribute(
        "data-first-render-ms",
        &format!("{}.{:03}", micros / 1000, micros % 1000),
    );
    let _ = root.set_attribute("data-ready", "1");
}

/// Runs `f`, and when the page was opened for measuring (the budget test sets `window.fdTimings`
/// to an object before the app starts) adds the milliseconds it took to `fdTimings[what]`: the
/// test reads where a keystroke's time goes (check, render, the rest is Leptos and the DOM).
pub fn timed<T>(what: &str, f: impl FnOnce() -> T) -> T {
    let Some(win) = window() else { return f() };
    let Ok(timings) = js_sys::Reflect::get(&win, &JsValue::from_str("fdTimings")) else {
        return f();
    };
    if !timings.is_object() {
        return f();
    }
    let start = now();
    let out = f();
    let key = JsValue::from_str(what);
    let before = js_sys::Reflect::get(&timings, &key)
        .ok()
        .and_then(|v| v.as_f64())
        .unwrap_or(0.0);
    let _ = js_sys::Reflect::set(&timings, &key, &JsValue::from_f64(before + now() - start));
    out
}
