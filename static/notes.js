// The reply box's Reply / Note tabs and the @mention autocomplete of the Note tab. Served as a file:
// the CSP forbids inline script. Without it the tabs are links and "@Name" typed in full still mentions.

// Tabs switch in place (the links reload the page with ?compose=… when this file is not running).
function showReplyTab(key) {
  for (const tab of document.querySelectorAll(".reply-tabs [role=tab]")) {
    const on = tab.dataset.tab === key;
    tab.setAttribute("aria-selected", on ? "true" : "false");
    const panel = document.getElementById(tab.getAttribute("aria-controls"));
    if (panel) panel.hidden = !on;
  }
  document.querySelector(`#reply-panel-${key} textarea`)?.focus();
}

document.addEventListener("click", (event) => {
  const tab = event.target instanceof Element ? event.target.closest(".reply-tabs [role=tab]") : null;
  if (!tab) return;
  event.preventDefault();
  showReplyTab(tab.dataset.tab);
});

// Arrow keys move between the two tabs, as a tab list should.
document.addEventListener("keydown", (event) => {
  const tab = event.target instanceof Element ? event.target.closest(".reply-tabs [role=tab]") : null;
  if (!tab || (event.key !== "ArrowLeft" && event.key !== "ArrowRight")) return;
  const other = tab.dataset.tab === "note" ? "reply" : "note";
  document.getElementById(`reply-tab-${other}`)?.focus();
});

// --- @mentions ---------------------------------------------------------------------------------

const mention = { box: null, start: -1, items: [], active: 0, timer: 0, asked: "" };

function mentionList() {
  return document.getElementById("mention-list");
}

function closeMentions() {
  const list = mentionList();
  if (list) {
    list.hidden = true;
    list.replaceChildren();
  }
  mention.items = [];
  mention.start = -1;
}

// The "@word" just before the caret, if the caret is in one.
function mentionQuery(box) {
  const upto = box.value.slice(0, box.selectionStart);
  const m = /(^|\s)@([\p{L}\p{N}_.-]{0,30})$/u.exec(upto);
  return m ? { start: upto.length - m[2].length - 1, q: m[2] } : null;
}

function renderMentions() {
  const list = mentionList();
  if (!list) return;
  list.replaceChildren(
    ...mention.items.map((person, i) => {
      const li = document.createElement("div");
      li.id = `mention-${person.id}`;
      li.setAttribute("role", "option");
      li.setAttribute("aria-selected", i === mention.active ? "true" : "false");
      li.dataset.id = String(person.id);
      li.textContent = person.name; // text, never markup: names are user content
      return li;
    }),
  );
  list.hidden = mention.items.length === 0;
  mention.box?.setAttribute(
    "aria-activedescendant",
    mention.items.length ? `mention-${mention.items[mention.active].id}` : "",
  );
}

async function askMentions(box, q) {
  const key = `${box.dataset.mentions}?q=${encodeURIComponent(q)}`;
  mention.asked = key;
  const res = await fetch(key, { headers: { accept: "application/json" }, credentials: "same-origin" });
  if (!res.ok || mention.asked !== key) return;
  mention.items = (await res.json()).slice(0, 8);
  mention.active = 0;
  renderMentions();
}

// Puts "@Name " in place of the typed "@wo", and remembers whom it names (a hidden field).
function pickMention(person) {
  const box = mention.box;
  if (!box || mention.start < 0) return;
  const before = box.value.slice(0, mention.start);
  const after = box.value.slice(box.selectionStart);
  const text = `@${person.name} `;
  box.value = before + text + after;
  const caret = before.length + text.length;
  box.setSelectionRange(caret, caret);
  const hidden = document.createElement("input");
  hidden.type = "hidden";
  hidden.name = "mention";
  hidden.value = String(person.id);
  box.form?.append(hidden);
  closeMentions();
  box.focus();
}

document.addEventListener("input", (event) => {
  const box = event.target;
  if (!(box instanceof HTMLTextAreaElement) || !box.dataset.mentions) return;
  const found = mentionQuery(box);
  if (!found) return closeMentions();
  mention.box = box;
  mention.start = found.start;
  clearTimeout(mention.timer);
  mention.timer = setTimeout(() => askMentions(box, found.q), 120);
});

document.addEventListener("keydown", (event) => {
  const box = event.target;
  if (!(box instanceof HTMLTextAreaElement) || !box.dataset.mentions || mention.items.length === 0) return;
  if (event.key === "ArrowDown" || event.key === "ArrowUp") {
    event.preventDefault();
    const n = mention.items.length;
    mention.active = (mention.active + (event.key === "ArrowDown" ? 1 : n - 1)) % n;
    renderMentions();
  } else if (event.key === "Enter" || event.key === "Tab") {
    event.preventDefault();
    pickMention(mention.items[mention.active]);
  } else if (event.key === "Escape") {
    closeMentions();
  }
});

// mousedown, not click: the text box must not lose the caret before the pick.
document.addEventListener("mousedown", (event) => {
  const option = event.target instanceof Element ? event.target.closest("#mention-list [role=option]") : null;
  if (!option) return;
  event.preventDefault();
  const person = mention.items.find((p) => String(p.id) === option.dataset.id);
  if (person) pickMention(person);
});
