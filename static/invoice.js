// The invoice editor's lines as a growing list (Add line, Remove) with running subtotal, tax and total.
// The arithmetic mirrors previewTotals (src/records/invoices/validate.ts): integer cents, each line
// rounded, tax rounded once. It is only a preview: the server recomputes every total on save.
(() => {
  function parseCents(text) {
    const t = text.trim().replace(/,/g, "");
    if (!/^-?\d{1,12}(\.\d{1,2})?$/.test(t)) return null;
    return Math.round(Number(t) * 100);
  }

  function lineAmount(row) {
    const q = row.querySelector('[name="line_quantity"]').value.trim();
    const quantity = q === "" ? 1 : Number(q);
    const price = parseCents(row.querySelector('[name="line_unit_price"]').value);
    if (price === null || !Number.isFinite(quantity) || quantity <= 0) return null;
    return Math.round(quantity * price);
  }

  function money(cents, currency) {
    const sign = cents < 0 ? "-" : "";
    const abs = Math.abs(cents);
    const whole = Math.floor(abs / 100)
      .toString()
      .replace(/\B(?=(\d{3})+(?!\d))/g, ",");
    const amount = `${sign}${whole}.${String(abs % 100).padStart(2, "0")}`;
    return currency ? `${currency} ${amount}` : amount;
  }

  function recompute(box) {
    const currency = box.dataset.currency || "";
    let subtotal = 0;
    box.querySelectorAll("tbody tr.invoice-line").forEach((row, i) => {
      const amount = lineAmount(row);
      row.querySelector(".line-amount").textContent = amount === null ? "" : money(amount, currency);
      if (amount !== null) subtotal += amount;
      const n = i + 1;
      row.querySelector('[name="line_description"]').setAttribute("aria-label", `Line ${n} description`);
      row.querySelector('[name="line_quantity"]').setAttribute("aria-label", `Line ${n} quantity`);
      row.querySelector('[name="line_unit_price"]').setAttribute("aria-label", `Line ${n} unit price`);
      row.querySelector(".line-remove").setAttribute("aria-label", `Remove line ${n}`);
    });
    const taxInput = box.form?.querySelector('[name="tax_percent"]');
    const rate = Number((taxInput?.value || "0").trim());
    const percent = Number.isFinite(rate) && rate >= 0 && rate <= 100 ? rate : 0;
    const tax = Math.round((subtotal * percent) / 100);
    box.querySelector(".tax-rate").textContent = String(percent);
    box.querySelector(".total-subtotal").textContent = money(subtotal, currency);
    box.querySelector(".total-tax").textContent = money(tax, currency);
    box.querySelector(".total-total").textContent = money(subtotal + tax, currency);
  }

  function addLine(box) {
    const template = box.querySelector("#invoice-line-template");
    const row = template.content.firstElementChild.cloneNode(true);
    row.querySelector(".line-remove").hidden = false;
    box.querySelector("tbody").append(row);
    recompute(box);
    row.querySelector('[name="line_description"]').focus();
  }

  function enhance(box) {
    // With script, the spare blank rows collapse to one: Add line gives more.
    const rows = [...box.querySelectorAll("tbody tr.invoice-line")];
    const blank = (row) => [...row.querySelectorAll("input")].every((input) => input.value.trim() === "");
    let keptBlank = false;
    for (const row of rows) {
      if (!blank(row)) continue;
      if (keptBlank) row.remove();
      keptBlank = true;
    }
    for (const button of box.querySelectorAll(".line-remove, .line-add")) button.hidden = false;
    box.querySelector(".no-script-hint")?.remove();
    recompute(box);
  }

  document.addEventListener("DOMContentLoaded", () => {
    for (const box of document.querySelectorAll("fieldset.invoice-lines")) enhance(box);
  });
  document.addEventListener("input", (event) => {
    const form = event.target instanceof Element ? event.target.closest("form") : null;
    const box = form?.querySelector("fieldset.invoice-lines");
    if (box) recompute(box);
  });
  document.addEventListener("click", (event) => {
    const el = event.target instanceof Element ? event.target : null;
    const box = el?.closest("fieldset.invoice-lines");
    if (!box) return;
    if (el.closest(".line-add")) addLine(box);
    const remove = el.closest(".line-remove");
    if (!remove) return;
    const row = remove.closest("tr");
    const rows = box.querySelectorAll("tbody tr.invoice-line");
    if (rows.length > 1) {
      const next = row.nextElementSibling || row.previousElementSibling;
      row.remove();
      next?.querySelector("input")?.focus();
    } else {
      for (const input of row.querySelectorAll("input")) input.value = "";
    }
    recompute(box);
  });
})();
