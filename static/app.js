// Small progressive enhancements that need no inline script (the CSP forbids it).

// Show times in the reader's own time zone; list times are short (time today, date otherwise).
function localiseTimes(root) {
  const today = new Date().toDateString();
  for (const el of root.querySelectorAll("time[datetime]")) {
    const d = new Date(el.getAttribute("datetime"));
    if (Number.isNaN(d)) continue;
    if (el.dataset.clock) {
      // A bubble's time of day; its day is on the separator above, the full date in the tooltip.
      el.textContent = d.toLocaleTimeString(undefined, { timeStyle: "short" });
      el.title = d.toLocaleString(undefined, { dateStyle: "full", timeStyle: "short" });
    } else if (el.dataset.short)
      el.textContent =
        d.toDateString() === today
          ? d.toLocaleTimeString(undefined, { timeStyle: "short" })
          : d.toLocaleDateString(undefined, { dateStyle: "medium" });
    else el.textContent = d.toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" });
  }
}

// Keep the newest message in view when a conversation opens or grows.
function scrollMessages() {
  const box = document.getElementById("messages");
  if (box) box.scrollTop = box.scrollHeight;
}

// Plain forms that ask before they act: <form data-confirm="Delete this?">.
document.addEventListener(
  "submit",
  (event) => {
    const form = event.target;
    const question = form instanceof HTMLFormElement ? form.dataset.confirm : undefined;
    if (question && !window.confirm(question)) event.preventDefault();
  },
  true,
);

// A select with class "autosubmit" submits its form when changed (the channel switcher).
document.addEventListener("change", (event) => {
  const el = event.target;
  if (el instanceof HTMLSelectElement && el.classList.contains("autosubmit") && el.form) el.form.submit();
  // Refuse a file over the cap before it is uploaded; the server refuses it again if this is bypassed.
  if (el instanceof HTMLInputElement && el.type === "file" && el.form?.dataset.maxBytes) {
    const max = Number(el.form.dataset.maxBytes);
    const file = el.files?.[0];
    const note = el.form.querySelector(".file-error");
    if (file && file.size > max) {
      el.value = "";
      if (note) note.textContent = `${file.name} is larger than the ${Math.round(max / 1048576)} MB limit.`;
    } else if (note) {
      note.textContent = "";
    }
  }
});

// Enter sends, Shift+Enter makes a new line, in the reply box.
document.addEventListener("keydown", (event) => {
  const el = event.target;
  if (
    event.key === "Enter" &&
    !event.shiftKey &&
    !event.isComposing &&
    el instanceof HTMLTextAreaElement &&
    el.closest("#reply")
  ) {
    event.preventDefault();
    el.form.requestSubmit();
  }
});

// Opened from a search hit (#msg-N): show that message rather than the newest.
function showLinkedMessage() {
  const hit = /^#msg-\d+$/.test(location.hash) ? document.querySelector(location.hash) : null;
  if (!hit) return false;
  hit.classList.add("hit");
  hit.scrollIntoView({ block: "center" });
  return true;
}

document.addEventListener("DOMContentLoaded", () => {
  localiseTimes(document);
  if (!showLinkedMessage()) scrollMessages();
});
// A sent message's own answer may reach the page after the live stream has already shown that
// message further on (e.g. Failed: channel disconnected); never let the older answer overwrite it.
document.addEventListener("htmx:before:swap", (event) => {
  const tasks = event.detail?.tasks;
  if (!Array.isArray(tasks) || !(event.target instanceof Element) || !event.target.closest("#reply")) return;
  for (const task of tasks) {
    if (task.type !== "partial" || !task.fragment) continue;
    for (const bubble of task.fragment.querySelectorAll(".msg[id]")) {
      if (document.getElementById(bubble.id)) bubble.remove();
    }
  }
});
// Partials land outside the element that asked (e.g. a sent bubble), so localise the whole page.
document.addEventListener("htmx:after:swap", (event) => {
  localiseTimes(document);
  if (
    event.target instanceof Element &&
    (event.target.id === "reply" || event.target.closest("#messages") || event.target.id === "live")
  )
    scrollMessages();
});

// The live stream came back (server restart, network drop, laptop asleep): whatever happened while it
// was gone was never pushed, so refresh the list and the open conversation's messages once.
document.addEventListener("htmx:sse:after:connection", (event) => {
  const live = event.target;
  const connection = event.detail?.connection;
  if (!(live instanceof Element) || live.id !== "live" || !connection || connection.attempt === 0) return;
  htmx.trigger(live, "inbox-changed");
  const open = live.dataset.open;
  if (open && document.getElementById(`msgs-${open}`)) {
    htmx.ajax("GET", location.pathname + location.search, {
      target: `#msgs-${open}`,
      select: `#msgs-${open}`,
      swap: "outerHTML",
    });
  }
});

// The list refreshes itself on live events: ask for as many rows as are shown, so rows loaded with
// "Load more" stay (and the place in the list with them).
document.addEventListener("htmx:config:request", (event) => {
  const list = event.target;
  if (!(list instanceof Element) || list.id !== "conv-list") return;
  const shown = list.querySelectorAll("li.conv").length;
  if (shown > 0 && event.detail && event.detail.ctx && event.detail.ctx.request.body)
    event.detail.ctx.request.body.set("shown", String(shown));
});

// Retry of a failed message stays on the page, so the draft in the reply box is kept; the bubble turns
// to Sending and on through its receipts over the live stream. Without script it is a plain form post.
document.addEventListener("submit", (event) => {
  const form = event.target;
  if (!(form instanceof HTMLFormElement) || !form.matches("form.retry") || event.defaultPrevented) return;
  event.preventDefault();
  const done = (ok) => {
    if (!ok) form.submit();
  };
  fetch(form.action, { method: "POST", body: new FormData(form), headers: { "HX-Request": "true" } }).then(
    (r) => done(r.ok),
    () => done(false),
  );
});

// The reply box's draft survives a reload or a sign-in round trip: kept per conversation in this tab's
// sessionStorage until it is sent (the box then comes back empty and the draft is dropped).
function draftKey(form) {
  const match = form ? /\/inbox\/c\/(\d+)\/send$/.exec(form.getAttribute("action") || "") : null;
  return match ? `pairbox:draft:${match[1]}` : null;
}
function keepDraft(box) {
  const key = draftKey(box.form);
  if (!key) return;
  try {
    if (box.value.trim()) sessionStorage.setItem(key, box.value);
    else sessionStorage.removeItem(key);
  } catch (_) {
    /* storage full or disabled: the draft just is not kept */
  }
}
document.addEventListener("input", (event) => {
  if (event.target instanceof HTMLTextAreaElement && event.target.closest("#reply")) keepDraft(event.target);
});
document.addEventListener("htmx:after:swap", () => {
  const box = document.querySelector("#reply textarea");
  if (box instanceof HTMLTextAreaElement) keepDraft(box);
});
document.addEventListener("DOMContentLoaded", () => {
  const box = document.querySelector("#reply textarea");
  const key = box instanceof HTMLTextAreaElement ? draftKey(box.form) : null;
  if (!key || box.value) return;
  try {
    box.value = sessionStorage.getItem(key) || "";
  } catch (_) {
    /* no storage: nothing to restore */
  }
});

// Snooze times are chosen in the person's own time zone: forms carry it in a hidden "tz" field.
function fillTimeZones(root) {
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";
  for (const el of root.querySelectorAll('input[name="tz"]')) el.value = zone;
}
document.addEventListener("DOMContentLoaded", () => fillTimeZones(document));
document.addEventListener("htmx:after:swap", () => fillTimeZones(document));

// One-key shortcuts (e: resolve the open conversation), never while typing in a field.
document.addEventListener("keydown", (event) => {
  if (event.ctrlKey || event.metaKey || event.altKey || event.isComposing) return;
  const el = event.target;
  if (el instanceof HTMLElement && (el.isContentEditable || el.closest("input, textarea, select"))) return;
  const button = document.querySelector(`[data-shortcut="${CSS.escape(event.key)}"]`);
  if (button instanceof HTMLButtonElement) {
    event.preventDefault();
    button.click();
  }
});

// Reply to a message: the bubble's Reply fills the box's "Replying to" line (without script the link
// opens the page with ?reply_to), Cancel clears it; both stay on the page so the draft is kept.
document.addEventListener("click", (event) => {
  const el = event.target instanceof Element ? event.target : null;
  const reply = el ? el.closest("a.msg-reply") : null;
  const cancel = el ? el.closest("a.replying-cancel") : null;
  const line = document.querySelector("#reply .replying-to");
  if ((!reply && !cancel) || !line) return;
  event.preventDefault();
  const id = reply ? reply.getAttribute("data-reply-id") || "" : "";
  line.querySelector('input[name="reply_to"]').value = id;
  line.querySelector(".replying-text").textContent = reply ? reply.getAttribute("data-reply-text") || "" : "";
  line.hidden = !id;
  const box = document.querySelector("#reply textarea");
  if (id && box instanceof HTMLTextAreaElement) box.focus();
});

// React, edit and delete for everyone are posted in place: the bubble changes over the live stream;
// a refusal (WhatsApp's time limits, say) shows its reason in the bubble. Without script: a form post.
document.addEventListener("submit", (event) => {
  const form = event.target;
  if (!(form instanceof HTMLFormElement) || !form.matches("form.msg-action") || event.defaultPrevented)
    return;
  event.preventDefault();
  const data = new FormData(form);
  if (event.submitter?.name) data.set(event.submitter.name, event.submitter.value);
  const slot = form.closest(".msg-actions")?.querySelector(".msg-action-error");
  if (slot) slot.textContent = "";
  fetch(form.action, { method: "POST", body: data, headers: { "HX-Request": "true" } }).then(
    async (r) => {
      if (r.ok) {
        for (const open of form.closest(".msg-actions")?.querySelectorAll("details[open]") ?? [])
          open.removeAttribute("open");
      } else if (slot) slot.textContent = await r.text();
    },
    () => form.submit(),
  );
});

// A long press on a bubble (touch screens, no hover) shows its actions, as hover and focus do.
let pressTimer = null;
document.addEventListener("touchstart", (event) => {
  const bubble = event.target instanceof Element ? event.target.closest(".msg") : null;
  if (!bubble) return;
  pressTimer = setTimeout(() => bubble.classList.add("show-actions"), 500);
});
for (const name of ["touchend", "touchmove", "touchcancel"])
  document.addEventListener(name, () => clearTimeout(pressTimer));

// The installable app: register the service worker named in the page (static/sw.js). It keeps only
// static files and an offline page; conversations always come from the network.
document.addEventListener("DOMContentLoaded", () => {
  const meta = document.querySelector('meta[name="pairbox-sw"]');
  if (!meta || !("serviceWorker" in navigator)) return;
  navigator.serviceWorker.register(meta.getAttribute("content"), { scope: "/" }).catch(() => {
    /* an insecure origin (plain http on another host) has no service workers: the app still works */
  });
});
