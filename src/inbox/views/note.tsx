import type { Child } from "hono/jsx";
import { hx } from "../../ui/htmx.ts";
import { CsrfField, FormError } from "../../ui/components/form.tsx";
import type { NotePiece } from "../note-mentions.ts";

export type NoteView = { id: number; at: number; author: string; pieces: NotePiece[] };

const utcText = (t: number) => `${new Date(t).toISOString().slice(0, 16).replace("T", " ")} UTC`;

/** A private note in the timeline: its own look, and a label that says so to a screen reader too. */
export function NoteItem(p: { note: NoteView }) {
  const n = p.note;
  return (
    <article class="note" id={`note-${n.id}`} aria-label={`Private note by ${n.author}`}>
      <p class="note-head">
        <span class="note-badge">Private note</span> <strong>{n.author}</strong>
        {" · "}
        <time datetime={new Date(n.at).toISOString()} class="muted">
          {utcText(n.at)}
        </time>
      </p>
      <p class="note-text">
        {n.pieces.map((piece) =>
          "text" in piece ? piece.text : <span class="mention">{piece.mention}</span>,
        )}
      </p>
    </article>
  );
}

/** The Note tab's form; static/notes.js adds the @mention autocomplete to its text box. */
export function NoteForm(p: { conversationId: number; text?: string; error?: string | null }) {
  const action = `/inbox/c/${p.conversationId}/notes`;
  return (
    <form
      id="note-form"
      class="reply note-form"
      method="post"
      action={action}
      {...hx({ post: action, target: "#note-form", swap: "outerHTML" })}
    >
      <CsrfField />
      <FormError message={p.error} />
      <textarea
        name="text"
        placeholder="Write a private note… type @ to mention a colleague"
        aria-label="Private note"
        rows={2}
        maxlength={10000}
        data-mentions={`/inbox/c/${p.conversationId}/mention-people`}
        aria-autocomplete="list"
        aria-controls="mention-list"
        autocomplete="off"
      >
        {p.text ?? ""}
      </textarea>
      <div
        id="mention-list"
        class="mention-list"
        role="listbox"
        aria-label="Mention a colleague"
        hidden
      ></div>
      <div class="reply-tools">
        <span class="muted">Only your team sees notes: they are never sent to WhatsApp.</span>
        <button type="submit">Add note</button>
      </div>
    </form>
  );
}

/**
 * Reply and Note as two tabs over the reply box. Plain links without JavaScript (`?compose=note`);
 * static/notes.js switches them in place. The ids are stable: the keyboard shortcuts use them.
 */
export function ReplyTabs(p: {
  conversationId: number;
  active: "reply" | "note";
  reply: Child;
  note: Child;
}) {
  const tab = (key: "reply" | "note", label: string) => (
    <a
      role="tab"
      id={`reply-tab-${key}`}
      href={`/inbox/c/${p.conversationId}?compose=${key}`}
      aria-controls={`reply-panel-${key}`}
      aria-selected={p.active === key ? "true" : "false"}
      data-tab={key}
    >
      {label}
    </a>
  );
  const panel = (key: "reply" | "note", body: Child) => (
    <div
      role="tabpanel"
      id={`reply-panel-${key}`}
      aria-labelledby={`reply-tab-${key}`}
      hidden={p.active !== key}
    >
      {body}
    </div>
  );
  return (
    <div class="reply-area">
      <div role="tablist" aria-label="Reply or private note" class="reply-tabs">
        {tab("reply", "Reply")}
        {tab("note", "Note")}
      </div>
      {panel("reply", p.reply)}
      {panel("note", p.note)}
    </div>
  );
}
