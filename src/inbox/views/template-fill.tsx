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
