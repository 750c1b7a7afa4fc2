// Small progressive enhancements that need no inline script (the CSP forbids it).
"use strict";

// Show times in the reader's own time zone.
function localiseTimes(root) {
  for (const el of root.querySelectorAll("time[datetime]")) {
    const d = new Date(el.getAttribute("datetime"));
    if (!isNaN(d)) el.textContent = d.toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" });
  }
}

// Plain forms that ask before they act: <form data-confirm="Delete this?">.
document.addEventListener("submit", (event) => {
  const form = event.target;
  const question = form instanceof HTMLFormElement ? form.dataset.confirm : undefined;
  if (question && !window.confirm(question)) event.preventDefault();
}, true);

document.addEventListener("DOMContentLoaded", () => localiseTimes(document));
document.addEventListener("htmx:after:swap", (event) => localiseTimes(event.target instanceof Element ? event.target : document));
