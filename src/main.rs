//! Browser entry point: install the panic hook (it marks a stop for the next load and shows the failure message) and mount the app. Nothing else lives here.

#[cfg(target_arch = "wasm32")]
fn main() {
    fabric_designer::ui::install_panic_hook();
    leptos::mount::mount_to_body(fabric_designer::ui::App);
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("fabric-designer-web is the browser build; serve it with `trunk serve`, or use the `fabric-designer` command line");
    std::process::exit(2);
}
