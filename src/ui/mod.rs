//! The web app. This is the only module that knows Leptos and the browser.

use leptos::prelude::*;

#[component]
pub fn App() -> impl IntoView {
    view! {
        <main>
            <h1>"fabric-designer"</h1>
            <p>"Design BGP IP-fabric networks of VMmanager clusters."</p>
        </main>
    }
}
