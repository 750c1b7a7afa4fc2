// The "Try it" boxes of /api/docs: plain fetch calls to this server with the key typed at the top.

const keyInput = document.getElementById("api-key");
const STORE = "pairbox-api-key";
if (keyInput) {
  // Session storage: the key leaves with the tab, and is never sent anywhere but this origin.
  keyInput.value = sessionStorage.getItem(STORE) || "";
  keyInput.addEventListener("input", () => sessionStorage.setItem(STORE, keyInput.value.trim()));
}

function line(tag, text, className) {
  const el = document.createElement(tag);
  el.textContent = text;
  if (className) el.className = className;
  return el;
}

document.addEventListener("submit", async (event) => {
  const form = event.target;
  if (!(form instanceof HTMLFormElement) || !form.classList.contains("try")) return;
  event.preventDefault();
  const out = form.querySelector(".try-result");
  let path = form.dataset.path;
  const query = new URLSearchParams();
  const headers = {};
  for (const input of form.querySelectorAll("[data-in]")) {
    const value = input.value.trim();
    if (!value || input.dataset.in === "form") continue;
    if (input.dataset.in === "path") path = path.replace(`{${input.name}}`, encodeURIComponent(value));
    else if (input.dataset.in === "query") query.set(input.name, value);
    else if (input.dataset.in === "header") headers[input.name] = value;
  }
  const key = keyInput ? keyInput.value.trim() : "";
  if (key) headers.Authorization = `Bearer ${key}`;
  const init = { method: form.dataset.method, headers };
  const body = form.querySelector("textarea[name=body]");
  if (form.dataset.multipart) {
    // The browser sets the multipart Content-Type with its boundary itself.
    const data = new FormData();
    for (const input of form.querySelectorAll("[data-in=form]")) {
      if (input.type === "file") {
        if (input.files?.[0]) data.append(input.name, input.files[0]);
      } else if (input.value.trim()) data.append(input.name, input.value.trim());
    }
    init.body = data;
  } else if (body?.value.trim()) {
    headers["Content-Type"] = "application/json";
    init.body = body.value;
  }
  out.replaceChildren(line("p", "Sending…", "muted"));
  const started = performance.now();
  let res;
  try {
    res = await fetch(path + (query.size ? `?${query}` : ""), init);
  } catch (err) {
    out.replaceChildren(line("p", `Failed: ${err.message}`, "error"));
    return;
  }
  const ms = Math.round(performance.now() - started);
  const type = res.headers.get("content-type") || "";
  const status = line(
    "p",
    `${res.status} ${res.statusText} · ${ms} ms · ${type || "no body"}`,
    res.ok ? "try-status ok" : "try-status fail",
  );
  if (type.includes("json")) {
    const text = await res.text();
    let pretty = text;
    try {
      pretty = JSON.stringify(JSON.parse(text), null, 2);
    } catch {
      /* not JSON after all */
    }
    out.replaceChildren(status, line("pre", pretty, "code-block"));
  } else if (type.startsWith("image/")) {
    const img = document.createElement("img");
    img.src = URL.createObjectURL(await res.blob());
    img.alt = "Response image";
    img.className = "try-image";
    out.replaceChildren(status, img);
  } else {
    const link = line("a", "Download the response");
    link.href = URL.createObjectURL(await res.blob());
    link.download = "response";
    out.replaceChildren(status, link);
  }
});
