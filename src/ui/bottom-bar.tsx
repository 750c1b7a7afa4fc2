import type { NavKey } from "./layout.tsx";

type NavItem = { key: NavKey; label: string; href: string };

/** The bar's own sections; everything else a person may open goes under More. */
const BAR_KEYS: NavKey[] = ["inbox", "records", "workflows"];

/**
 * The phone's navigation (shown by app.css at phone widths, in place of the top bar's links): Inbox,
 * Records, Workflows, and More for the rest. More is a <details>, so it opens without script.
 */
export function BottomBar(p: { items: NavItem[]; current?: NavKey }) {
  const bar = p.items.filter((i) => BAR_KEYS.includes(i.key));
  const more = p.items.filter((i) => !BAR_KEYS.includes(i.key));
  const moreCurrent = more.some((i) => i.key === p.current);
  return (
    <nav class="bottombar" aria-label="Main (phone)">
      {bar.map((item) => (
        <a href={item.href} aria-current={p.current === item.key ? "page" : undefined}>
          {item.label}
        </a>
      ))}
      {more.length > 0 ? (
        <details class="bottombar-more">
          <summary class={moreCurrent ? "current" : undefined}>More</summary>
          <div class="bottombar-menu">
            {more.map((item) => (
              <a href={item.href} aria-current={p.current === item.key ? "page" : undefined}>
                {item.label}
              </a>
            ))}
          </div>
        </details>
      ) : null}
    </nav>
  );
}
