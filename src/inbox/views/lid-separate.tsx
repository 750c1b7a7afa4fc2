import type { ConversationRow } from "../../messaging/types.ts";
import { CsrfField } from "../../ui/components/form.tsx";

/**
 * Shown on a direct chat whose phone number came from a LID pair: if WhatsApp (or a bad pair) put
 * someone else's LID on this number, a person separates them again.
 */
export function LidSeparateForm({ c }: { c: ConversationRow }) {
  if (c.kind !== "direct" || !c.peer_phone || !c.peer_lid) return null;
  return (
    <details class="lid-separate">
      <summary>Not {c.peer_phone}?</summary>
      <form method="post" action={`/inbox/c/${c.id}/separate-lid`}>
        <CsrfField />
        <p class="muted">
          WhatsApp also names this person <code>{c.peer_lid}</code>, which Pairbox took to be {c.peer_phone}.
          If that is someone else, their messages move to a conversation of their own and the pair is never
          learned again.
        </p>
        <button type="submit" class="secondary small">
          This is not {c.peer_phone}: separate
        </button>
      </form>
    </details>
  );
}
