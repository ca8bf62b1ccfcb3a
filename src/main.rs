//! Browser entry point: install the panic hook and mount the app. Nothing else lives here.

#[cfg(target_arch = "wasm32")]
fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(fabric_designer::ui::App);
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("fabric-designer-web is the browser build; serve it with `trunk serve`, or use the `fabric-designer` command line");
    std::process::exit(2);
}
