import { hx } from "../../ui/htmx.ts";
/**
 * What picking a template answers besides the filled-in text: the error slot beside the picker. A
 * template that fails to fill in (Liquid's memory or time limit, say) answers with this slot alone,
 * so htmx leaves the message box as it was and nothing that could be sent ever holds the error.
 */
export const REPLY_TEMPLATE_ERROR = "reply-template-error";
export const COMPOSE_TEMPLATE_ERROR = "compose-template-error";

export function TemplateErrorSlot(p: { id: string }) {
  return <small id={p.id} class="error template-error" aria-live="polite"></small>;
}

export function TemplateErrorPartial(p: { slot: string; error: string | null }) {
  return (
    <hx-partial hx-target={`#${p.slot}`} hx-swap="innerHTML">
      {p.error ? `Template error: ${p.error}` : ""}
    </hx-partial>
  );
}

/**
 * "Insert template…": picking one asks `url` for the template filled in for this recipient, which
 * replaces the message box (`target`); `include` names the inputs that say who the recipient is.
 */
export function TemplatePicker(p: {
  templates: { id: number; name: string }[];
  url: string;
  target: string;
  include: string;
  id?: string;
  ariaLabel?: string;
}) {
  return (
    <select
      id={p.id}
      name="template"
      aria-label={p.ariaLabel}
      {...hx({ get: p.url, trigger: "change", include: p.include, target: p.target, swap: "outerHTML" })}
    >
      <option value="">Insert template…</option>
      {p.templates.map((t) => (
        <option value={String(t.id)}>{t.name}</option>
      ))}
    </select>
  );
}
