import type { Child } from "hono/jsx";

/** A page's heading with its main actions beside it (the actions wrap under it on a phone). */
export function PageHead(p: { title: Child; actions?: Child }) {
  return (
    <div class="page-head">
      <h1>{p.title}</h1>
      {p.actions}
    </div>
  );
}

/** A link styled as a button: for actions that open a page rather than change anything. */
export function ButtonLink(p: { href: string; secondary?: boolean; children: Child }) {
  return (
    <a class={p.secondary ? "button secondary" : "button"} href={p.href}>
      {p.children}
    </a>
  );
}
