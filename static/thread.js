// Day separators and grouped bubbles in the reader's own time zone. The server draws both in UTC (so a
// page without script has them); this redraws them on load and whenever bubbles arrive (live, sent, older
// page). Same rules as src/inbox/views/day-separator.tsx: a group is one sender within five minutes.
(() => {
  const GROUP_GAP_MS = 5 * 60_000;
  const DAY_MS = 86_400_000;

  function startOfDay(t) {
    const d = new Date(t);
    d.setHours(0, 0, 0, 0);
    return d.getTime();
  }

  function dayLabel(t) {
    const days = Math.round((startOfDay(Date.now()) - startOfDay(t)) / DAY_MS);
    if (days === 0) return "Today";
    if (days === 1) return "Yesterday";
    const d = new Date(t);
    if (days > 1 && days < 7) return d.toLocaleDateString(undefined, { weekday: "long" });
    return d.toLocaleDateString(undefined, { dateStyle: "medium" });
  }

  // What a bubble is read from: its time (the meta line's datetime) and who sent it (ours, a call line on
  // its own, or the group member named on it; a direct chat has one sender). The bubble's own attributes
  // stay as they are, since tests and integrations read them.
  function bubbleAt(bubble) {
    const time = bubble.querySelector(":scope > .msg-meta time[datetime]");
    return time ? Date.parse(time.getAttribute("datetime")) : Number.NaN;
  }
  function bubbleFrom(bubble) {
    if (bubble.classList.contains("call")) return `call:${bubble.id}`;
    if (bubble.classList.contains("out")) return "out";
    return `in:${bubble.querySelector(":scope > .msg-sender")?.textContent ?? ""}`;
  }

  function redraw(stack) {
    for (const sep of stack.querySelectorAll(":scope .day-sep")) sep.remove();
    let prev = null;
    for (const bubble of stack.querySelectorAll(":scope .msg[id]")) {
      const at = bubbleAt(bubble);
      if (Number.isNaN(at)) continue;
      const from = bubbleFrom(bubble);
      const newDay = !prev || startOfDay(prev.at) !== startOfDay(at);
      if (newDay) {
        const sep = document.createElement("div");
        sep.className = "day-sep";
        sep.dataset.at = String(at);
        const label = document.createElement("span");
        label.textContent = dayLabel(at);
        sep.append(label);
        bubble.before(sep);
      }
      const continues = !newDay && prev.from === from && at - prev.at <= GROUP_GAP_MS;
      bubble.classList.toggle("cont", continues);
      prev = { at, from };
    }
  }

  function redrawAll() {
    for (const stack of document.querySelectorAll(".messages")) redraw(stack);
  }
  document.addEventListener("DOMContentLoaded", redrawAll);
  document.addEventListener("htmx:after:swap", redrawAll);
})();
