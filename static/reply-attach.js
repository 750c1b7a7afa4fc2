// The reply box's attachment: an Attach button, a chip previewing what will be sent (name, size, a
// thumbnail for images, Remove), and images dropped on the box or pasted into it. Every way in ends in
// the same file input and its "change" event, so app.js's size check runs first (the server checks
// again and has the last word). Without script the plain file input is shown and works as before.
(() => {
  function formatBytes(n) {
    if (n < 1024) return `${n} B`;
    if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
    return `${(n / 1024 / 1024).toFixed(1)} MB`;
  }

  const fileInput = (form) => form.querySelector('input[type="file"][name="file"]');

  function showChip(form) {
    const chip = form.querySelector(".attach-chip");
    const input = fileInput(form);
    if (!chip || !input) return;
    const old = chip.querySelector("img");
    if (old) URL.revokeObjectURL(old.src);
    chip.replaceChildren();
    const file = input.files?.[0];
    chip.hidden = !file;
    if (!file) return;
    if (file.type.startsWith("image/")) {
      const img = document.createElement("img");
      img.src = URL.createObjectURL(file);
      img.alt = "";
      img.className = "attach-thumb";
      chip.append(img);
    }
    const name = document.createElement("span");
    name.className = "attach-name";
    name.textContent = file.name;
    const size = document.createElement("span");
    size.className = "attach-size muted";
    size.textContent = formatBytes(file.size);
    const remove = document.createElement("button");
    remove.type = "button";
    remove.className = "link attach-remove";
    remove.textContent = "Remove";
    remove.setAttribute("aria-label", `Remove ${file.name}`);
    chip.append(name, size, remove);
  }

  /** Puts a dropped or pasted file in the box's input, as if it had been chosen. */
  function attach(form, file) {
    const input = fileInput(form);
    if (!input) return;
    const list = new DataTransfer();
    list.items.add(file);
    input.files = list.files;
    input.dispatchEvent(new Event("change", { bubbles: true }));
  }

  function enhance(root) {
    for (const form of root.querySelectorAll("form#reply")) form.classList.add("attach-ready");
  }
  document.addEventListener("DOMContentLoaded", () => enhance(document));
  document.addEventListener("htmx:after:swap", () => enhance(document));

  document.addEventListener("change", (event) => {
    const el = event.target;
    if (el instanceof HTMLInputElement && el.name === "file" && el.form?.id === "reply") showChip(el.form);
  });

  document.addEventListener("click", (event) => {
    const button = event.target instanceof Element ? event.target.closest(".attach-remove") : null;
    const form = button?.closest("form#reply");
    if (!form) return;
    const input = fileInput(form);
    if (input) input.value = "";
    form.querySelector(".file-error")?.replaceChildren();
    showChip(form);
    form.querySelector("textarea")?.focus();
  });

  document.addEventListener("paste", (event) => {
    const form = event.target instanceof Element ? event.target.closest("form#reply") : null;
    const file = [...(event.clipboardData?.files ?? [])].find((f) => f.type.startsWith("image/"));
    if (!form || !file) return;
    event.preventDefault();
    attach(form, file);
  });

  const dropTarget = (event) => (event.target instanceof Element ? event.target.closest("form#reply") : null);
  for (const type of ["dragenter", "dragover"]) {
    document.addEventListener(type, (event) => {
      const form = dropTarget(event);
      if (!form || !event.dataTransfer?.types.includes("Files")) return;
      event.preventDefault();
      form.classList.add("drag-over");
    });
  }
  document.addEventListener("dragleave", (event) => {
    const form = dropTarget(event);
    if (form && !form.contains(event.relatedTarget)) form.classList.remove("drag-over");
  });
  document.addEventListener("drop", (event) => {
    const form = dropTarget(event);
    if (!form) return;
    form.classList.remove("drag-over");
    const file = event.dataTransfer?.files?.[0];
    if (!file) return;
    event.preventDefault();
    attach(form, file);
  });
})();
