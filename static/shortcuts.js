// Keyboard shortcuts for the daily work (the list is the `?` dialog, src/ui/components/shortcuts-dialog.tsx).
// e (resolve) stays with the data-shortcut buttons in app.js. Nothing fires while typing in a field
// or with a modifier key held, so text, browser and screen-reader keys are never taken.
(() => {
  const typing = (el) =>
    el instanceof HTMLElement &&
    (el.isContentEditable || el.closest("input, textarea, select, [contenteditable]"));

  /** The conversation rows of the list, and the open one's index (-1 when none is open). */
  function rows() {
    const list = [...document.querySelectorAll("li.conv")].filter((li) => li.querySelector("a[href]"));
    return { list, current: list.findIndex((li) => li.classList.contains("active")) };
  }

  function move(step) {
    const { list, current } = rows();
    if (list.length === 0) return false;
    const next = current === -1 ? (step > 0 ? 0 : list.length - 1) : current + step;
    const target = list[Math.max(0, Math.min(list.length - 1, next))];
    if (!target || target === list[current]) return true;
    target.querySelector("a[href]").click();
    return true;
  }

  /**
   * Switches the reply box to a tab (when the box has tabs) and puts the cursor in its text: the
   * panel the tab controls, else the reply form; the first text area that is shown.
   */
  function focusComposer(tabId) {
    const tab = document.getElementById(tabId);
    if (tab instanceof HTMLElement) tab.click();
    else if (tabId !== "reply-tab-reply") return false;
    const panelId = tab?.getAttribute("aria-controls");
    const scope = (panelId && document.getElementById(panelId)) || document.getElementById("reply");
    if (!scope) return false;
    const boxes = [...scope.querySelectorAll("textarea")];
    const box = boxes.find((b) => b.offsetParent !== null) ?? boxes[0];
    if (!(box instanceof HTMLTextAreaElement)) return false;
    box.focus();
    return true;
  }

  function clickFirst(selector) {
    const el = document.querySelector(selector);
    if (!(el instanceof HTMLElement)) return false;
    el.click();
    return true;
  }

  function focusSearch() {
    const box = document.querySelector('input[type="search"]');
    if (!(box instanceof HTMLInputElement)) return false;
    box.focus();
    box.select();
    return true;
  }

  function showList() {
    const dialog = document.getElementById("shortcuts");
    if (!(dialog instanceof HTMLDialogElement)) return false;
    if (!dialog.open) dialog.showModal();
    return true;
  }

  const ACTIONS = {
    j: () => move(1),
    k: () => move(-1),
    r: () => focusComposer("reply-tab-reply"),
    n: () => focusComposer("reply-tab-note"),
    a: () => clickFirst('form.assign button[name="to"][value="me"]'),
    "/": focusSearch,
    "?": showList,
  };

  document.addEventListener("keydown", (event) => {
    if (event.ctrlKey || event.metaKey || event.altKey || event.isComposing || event.defaultPrevented) return;
    if (typing(event.target)) return;
    if (document.querySelector("dialog[open]") && event.key !== "?") return;
    const action = ACTIONS[event.key];
    if (action?.()) event.preventDefault();
  });
})();
