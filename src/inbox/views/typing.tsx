import type { ChatPresence } from "../../whatsapp/driver.ts";

const LABELS: Record<Exclude<ChatPresence, "paused">, string> = {
  composing: "typing…",
  recording: "recording audio…",
};

/**
 * "typing…" under the open conversation's messages, replaced live over the event stream. WhatsApp
 * says "paused" when the customer stops, but not always (a phone that goes offline mid-word): the
 * stylesheet hides the line after 25 s by itself (no script, CSP-safe), and the next event redraws it.
 */
export function TypingSlot(p: { conversationId: number; state: ChatPresence | null }) {
  const label = p.state && p.state !== "paused" ? LABELS[p.state] : null;
  return (
    <p id={`typing-${p.conversationId}`} class={label ? "typing on" : "typing"} aria-live="polite">
      {label}
    </p>
  );
}
