import type { ConversationRow, MessageRow } from "../../src/inbox/types.ts";
import { CsrfField } from "../components/form.tsx";
import { nonce } from "../context.ts";
import { MessageBubble } from "./message.tsx";
import { conversationName } from "./list.tsx";

export type LinkedRecordView = { type: string; id: number; name: string; href: string };
export type TemplateOption = { id: number; name: string };

export function ConversationHeader(p: { c: ConversationRow; channelLabel: string; channelDeleted: boolean; channelStatus: string; records: LinkedRecordView[]; recordName: string | null; canEditRecords: boolean; assignedToMe: boolean }) {
  const c = p.c;
  return (
    <header class="conv-header">
      <div class="conv-title">
        <a href="/inbox" class="back" aria-label="Back to conversations">←</a>
        <div>
          <h1>{c.kind === "group" ? "👥 " : ""}{conversationName({ ...c, record_name: p.recordName })}</h1>
          <p class="muted">
            {c.kind === "group"
              ? <>Group{c.participant_count ? ` · ${c.participant_count} participants` : ""}</>
              : c.peer_phone ?? c.chat_jid.replace(/@.*/, "")}
            {" · via "}{p.channelLabel}
            {p.channelDeleted ? " (deleted channel)" : <> <span class={`badge status-${p.channelStatus}`}>{p.channelStatus}</span></>}
          </p>
        </div>
      </div>
      <div class="conv-records">
        {p.records.length > 0 ? (
          <p class="linked">Linked: {p.records.map((r, i) => <>{i > 0 ? ", " : ""}<a href={r.href}>{r.name}</a> <span class="muted">({r.type})</span></>)}</p>
        ) : p.canEditRecords ? (
          <div class="unlinked-actions">
            <span class="muted">Not linked to a customer.</span>
            <form method="post" action={`/records/from-conversation/${c.id}`}>
              <CsrfField />
              <input type="hidden" name="type" value="contact" />
              <button type="submit" class="secondary small">Create contact</button>
            </form>
            <form method="post" action={`/records/from-conversation/${c.id}`}>
              <CsrfField />
              <input type="hidden" name="type" value="lead" />
              <button type="submit" class="secondary small">Create lead</button>
            </form>
            <a class="button secondary small" href={`/records/link-conversation/${c.id}`}>Link to existing record</a>
          </div>
        ) : <span class="muted">Not linked to a customer.</span>}
        <form method="post" action={`/inbox/c/${c.id}/assign`}>
          <CsrfField />
          <input type="hidden" name="to" value={p.assignedToMe ? "" : "me"} />
          <button type="submit" class="link">{p.assignedToMe ? "Unassign me" : "Assign to me"}</button>
        </form>
      </div>
    </header>
  );
}

export function MessageList(p: { conversationId: number; group: boolean; messages: MessageRow[]; quoted: Map<string, MessageRow>; olderUrl: string | null }) {
  return (
    <div class="messages" id="messages">
      {p.olderUrl ? (
        <div id="older" class="older">
          <button class="secondary small" hx-get={p.olderUrl} hx-target="#older" hx-swap="outerHTML" hx-nonce={nonce()}>Load older messages</button>
        </div>
      ) : null}
      <div id={`msgs-${p.conversationId}`} class="msg-stack">
        {p.messages.map((m) => <MessageBubble m={m} group={p.group} quoted={m.quoted_wa_id ? (p.quoted.get(m.quoted_wa_id) ?? null) : undefined} />)}
      </div>
    </div>
  );
}

export function OlderMessages(p: { group: boolean; messages: MessageRow[]; quoted: Map<string, MessageRow>; olderUrl: string | null }) {
  return (
    <>
      {p.olderUrl ? (
        <div id="older" class="older">
          <button class="secondary small" hx-get={p.olderUrl} hx-target="#older" hx-swap="outerHTML" hx-nonce={nonce()}>Load older messages</button>
        </div>
      ) : null}
      {p.messages.map((m) => <MessageBubble m={m} group={p.group} quoted={m.quoted_wa_id ? (p.quoted.get(m.quoted_wa_id) ?? null) : undefined} />)}
    </>
  );
}

/** The reply box: text, an attachment, or a template; replies go to the chat (the group, in a group). */
export function ReplyBox(p: { conversationId: number; disabled: string | null; templates: TemplateOption[]; maxUploadMb: number; text?: string; error?: string | null }) {
  const n = nonce();
  return (
    <form id="reply" class="reply" method="post" action={`/inbox/c/${p.conversationId}/send`} enctype="multipart/form-data"
      hx-post={`/inbox/c/${p.conversationId}/send`} hx-target="#reply" hx-swap="outerHTML" hx-encoding="multipart/form-data" hx-nonce={n}
      data-max-bytes={String(Math.floor(p.maxUploadMb * 1024 * 1024))}>
      <CsrfField />
      {p.error ? <p class="alert alert-error" role="alert">{p.error}</p> : null}
      {p.disabled ? <p class="alert alert-info">{p.disabled}</p> : null}
      <textarea name="text" placeholder="Write a reply…" aria-label="Message" rows={2} maxlength={65536}>{p.text ?? ""}</textarea>
      <div class="reply-tools">
        <label class="file-pick">📎 <input type="file" name="file" aria-label="Attachment" /></label>
        {p.templates.length > 0 ? (
          <select name="template" aria-label="Template" hx-get={`/inbox/c/${p.conversationId}/template`} hx-trigger="change" hx-target="#reply textarea" hx-swap="outerHTML" hx-include="this" hx-nonce={n}>
            <option value="">Insert template…</option>
            {p.templates.map((t) => <option value={String(t.id)}>{t.name}</option>)}
          </select>
        ) : null}
        <span class="file-error error" aria-live="polite"></span>
        <button type="submit" disabled={!!p.disabled}>Send</button>
      </div>
    </form>
  );
}
