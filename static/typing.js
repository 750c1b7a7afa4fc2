// Tells the server while an agent types a reply (POST /inbox/c/:id/typing), so the customer's
// phone can show "typing…" when the channel allows it. "composing" at most once per 10 s, "paused"
// 6 s after the last keystroke or when the reply is sent. A static file: the CSP allows no inline script.
(() => {
  const EVERY_MS = 10_000;
  const PAUSE_AFTER_MS = 6_000;
  let lastSent = 0;
  let pauseTimer = null;
  let typingForm = null;

  function post(form, state) {
    const url = form.action.replace(/\/send$/, "/typing");
    const body = new FormData();
    body.set("_csrf", form.querySelector("input[name=_csrf]")?.value ?? "");
    body.set("state", state);
    fetch(url, { method: "POST", body, headers: { "HX-Request": "true" } }).catch(() => {});
  }

  function pause() {
    clearTimeout(pauseTimer);
    pauseTimer = null;
    if (typingForm && lastSent) post(typingForm, "paused");
    lastSent = 0;
    typingForm = null;
  }

  document.addEventListener("input", (e) => {
    const form = e.target instanceof HTMLTextAreaElement ? e.target.closest("form#reply") : null;
    if (!form || e.target.value.trim() === "") return;
    typingForm = form;
    const now = Date.now();
    if (now - lastSent >= EVERY_MS) {
      lastSent = now;
      post(form, "composing");
    }
    clearTimeout(pauseTimer);
    pauseTimer = setTimeout(pause, PAUSE_AFTER_MS);
  });
  document.addEventListener("submit", (e) => {
    if (e.target instanceof HTMLFormElement && e.target.id === "reply") pause();
  });
})();
