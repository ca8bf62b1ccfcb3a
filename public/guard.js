// The page's last resort (docs/web-app.md, "When the page stops"). If the app stops (a Rust
// panic aborts its WebAssembly instance; a trap), show the message index.html holds and make
// sure local storage carries the mark that makes the next load start with the example instead
// of drawing the same plan again. Plain script, loaded before the app: it must work when the
// app does not. The app's own panic hook does the same for panics; this covers other traps.
"use strict";
(() => {
  const MARK = "fabric-designer.drawing";
  function stopped(error) {
    if (!(error instanceof WebAssembly.RuntimeError)) return;
    try {
      if (localStorage.getItem(MARK) === null) localStorage.setItem(MARK, "stopped: " + error.message);
    } catch (_) {
      // Storage off: the message still shows.
    }
    const box = document.getElementById("stopped");
    if (!box) return;
    // When the app never drew, the message is all the page has: its main landmark.
    if (!document.querySelector("main")) box.setAttribute("role", "main");
    box.hidden = false;
  }
  addEventListener("error", (e) => stopped(e.error));
  addEventListener("unhandledrejection", (e) => stopped(e.reason));
  addEventListener("DOMContentLoaded", () => {
    const reload = document.getElementById("stopped-reload");
    if (reload) reload.addEventListener("click", () => location.reload());
  });
})();
