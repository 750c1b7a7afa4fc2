import type { Child } from "hono/jsx";
import type { BubbleExtras } from "../../messaging/bubble-data.ts";
import type { MessageRow } from "../../messaging/types.ts";
import { QUICK_REACTIONS } from "../../messaging/actions.ts";
import { CsrfField } from "../../ui/components/form.tsx";
import { Icon } from "../../ui/icons/icon.tsx";

/**
 * The parts of a bubble that issue 15 added: reactions under it, its earlier versions, the deleted
 * state with the original one click away, and the actions (reply, react, edit, delete for everyone).
 * The forms carry no hx-* attributes (a bubble may arrive over the live stream): static/app.js posts
 * them in place, and the bubble changes live; without script they are plain form posts.
 */

/** Who reacted with what, one chip per emoji: "👍 2" with the names as its label. */
export function Reactions(p: { reactions: BubbleExtras["reactions"] }) {
  if (p.reactions.length === 0) return null;
  const byEmoji = new Map<string, string[]>();
  for (const r of p.reactions) {
    const who = r.reactor === "me" ? "You" : r.reactor_name || r.reactor.replace(/@.*/, "");
    byEmoji.set(r.emoji, [...(byEmoji.get(r.emoji) ?? []), who]);
  }
  return (
    <ul class="reactions" aria-label="Reactions">
      {[...byEmoji].map(([emoji, who]) => (
        <li class="reaction" title={who.join(", ")}>
          <span class="reaction-emoji">{emoji}</span> <span class="reaction-who">{who.join(", ")}</span>
        </li>
      ))}
    </ul>
  );
}

/** "edited", opening onto the earlier texts, oldest first. */
export function EditedNote(p: { m: MessageRow; edits: BubbleExtras["edits"] }) {
  if (p.m.edited_at === null) return null;
  if (p.edits.length === 0) return <span class="edited muted"> · edited</span>;
  return (
    <details class="edited">
      <summary>edited</summary>
      <ol class="versions">
        {p.edits.map((e) => (
          <li dir="auto">{e.text}</li>
        ))}
      </ol>
    </details>
  );
}

/** A deleted message: said so, with what it was behind one click (people who may use the channel only reach this page). */
export function Deleted(p: { children: Child }) {
  return (
    <>
      <p class="msg-deleted">
        <Icon name="deleted" /> This message was deleted
      </p>
      <details class="msg-original">
        <summary>Show original</summary>
        {p.children}
      </details>
    </>
  );
}

function ActionForm(p: { m: MessageRow; path: string; label: string; children?: Child; cls?: string }) {
  return (
    <form method="post" action={`/inbox/m/${p.m.id}/${p.path}`} class={`msg-action ${p.cls ?? ""}`}>
      <CsrfField />
      <input type="hidden" name="key" value={crypto.randomUUID()} />
      {p.children}
      {p.label ? (
        <button type="submit" class="link">
          {p.label}
        </button>
      ) : null}
    </form>
  );
}

/** Reply, react, edit, delete: shown on hover, focus, or a long press (static/app.js). */
export function MessageActions(p: { m: MessageRow; can: BubbleExtras["can"]; mine: string | null }) {
  const { m, can } = p;
  if (!can.reply && !can.react && !can.edit && !can.delete) return null;
  return (
    <div class="msg-actions">
      {can.reply ? (
        <a
          class="msg-reply"
          href={`/inbox/c/${m.conversation_id}?reply_to=${m.id}#reply`}
          data-reply-id={String(m.id)}
          data-reply-text={(m.text || `[${m.type}]`).slice(0, 200)}
        >
          Reply
        </a>
      ) : null}
      {can.react ? (
        <details class="react-pick">
          <summary>React</summary>
          <div class="react-options">
            {/* One form for the quick reactions: the pressed button names the emoji, and the action's
                key is per emoji (message-actions.tsx), so this is six forms' behaviour at a sixth of
                the markup in a chat of hundreds of bubbles. */}
            <ActionForm m={m} path="react" label="" cls="react-one">
              {QUICK_REACTIONS.map((emoji) => (
                <button type="submit" name="emoji" value={emoji} class="emoji" aria-label={`React ${emoji}`}>
                  {emoji}
                </button>
              ))}
            </ActionForm>
            {p.mine ? (
              <ActionForm m={m} path="react" label="Remove">
                <input type="hidden" name="emoji" value="" />
              </ActionForm>
            ) : null}
          </div>
        </details>
      ) : null}
      {can.edit ? (
        <details class="edit-pick">
          <summary>Edit</summary>
          <ActionForm m={m} path="edit" label="Save edit">
            <textarea name="text" rows={2} aria-label="New text" maxlength={65536}>
              {m.text}
            </textarea>
          </ActionForm>
        </details>
      ) : null}
      {can.delete ? <ActionForm m={m} path="delete" label="Delete for everyone" /> : null}
      <small class="error msg-action-error" role="alert"></small>
    </div>
  );
}
