import type { Child } from "hono/jsx";
import { hx } from "../../ui/htmx.ts";
import type { ConversationRow, MessageRow } from "../../messaging/types.ts";
import { REPLY_TEMPLATE_ERROR, TemplateErrorSlot, TemplatePicker } from "./template-fill.tsx";
import { CsrfField, FormError } from "../../ui/components/form.tsx";
import { LoadMoreButton } from "../../ui/components/load-more.tsx";
import { StatusLine, type StatusLineView } from "./status.tsx";
import { interleave, type TimelineItem } from "./timeline.tsx";
import { NoteItem, type NoteView } from "./note.tsx";
import { MessageBubble } from "./message.tsx";
import type { RichProps } from "./message-rich.tsx";
import { bubblePlaces, DaySeparator } from "./day-separator.tsx";
import { conversationName } from "./list.tsx";
import { LidSeparateForm } from "./lid-separate.tsx";
import { ChannelStatusSlot, type HeaderChannel } from "./channel-slot.tsx";
import type { Participant } from "../../messaging/thread-queries.ts";
import { PostButton } from "../../ui/components/post-button.tsx";
import { Avatar } from "../../ui/components/avatar.tsx";
import type { BubbleExtras } from "../../messaging/bubble-data.ts";
import { ReplyingTo } from "./replying-to.tsx";
import { Icon } from "../../ui/icons/icon.tsx";

export type LinkedRecordView = { type: string; id: number; name: string; href: string };
export type TemplateOption = { id: number; name: string };

function participantCount(known: number | null, seen: number): string {
  if (known) return `${known} participants`;
  return seen === 1 ? "1 participant has written" : `${seen} participants have written`;
}

export function ConversationHeader(p: {
  c: ConversationRow;
  channel: HeaderChannel;
  records: LinkedRecordView[];
  canEditRecords: boolean;
  participants: Participant[];
  status?: Child;
  labels?: Child;
  /** Who has it and the control to change that (views/assign.tsx). */
  assign?: Child;
}) {
  const c = p.c;
  const recordName = p.records[0]?.name ?? null;
  return (
    <header class="conv-header" id={`conv-header-${c.id}`}>
      <div class="conv-title">
        <a href="/inbox" class="back" aria-label="Back to conversations">
          <Icon name="back" />
        </a>
        <Avatar name={conversationName({ ...c, record_name: recordName })} />
        <div class="conv-name-block">
          <h1>
            {c.kind === "group" ? <Icon name="group" label="Group" /> : null}
            <bdi>{conversationName({ ...c, record_name: recordName })}</bdi>
          </h1>
          <p class="muted">
            {c.kind === "group" ? (
              <>
                Group ·{" "}
                <span class="participant-count">
                  {participantCount(c.participant_count, p.participants.length)}
                </span>
              </>
            ) : (
              (c.peer_phone ?? c.chat_jid.replace(/@.*/, ""))
            )}
            {" · via "}
            {p.channel.name || p.channel.phone_e164} <ChannelStatusSlot channel={p.channel} />
          </p>
          <LidSeparateForm c={c} />
          {c.kind === "group" && p.participants.length > 0 ? (
            <details class="participants">
              <summary>Participants</summary>
              <ul>
                {p.participants.map((m) => (
                  <li>
                    {m.name || "Unknown"} <span class="muted">{m.phone}</span>
                  </li>
                ))}
              </ul>
            </details>
          ) : null}
        </div>
      </div>
      {/* A phone folds status, labels, records and assignment into this menu (opens without script). */}
      <details class="conv-menu">
        <summary class="button secondary small">Details</summary>
        <div class="conv-records">
          {p.status}
          {p.labels}
          {p.records.length > 0 ? (
            <p class="linked">
              Linked:{" "}
              {p.records.map((r, i) => (
                <>
                  {i > 0 ? ", " : ""}
                  <a href={r.href}>{r.name}</a> <span class="muted">({r.type})</span>
                </>
              ))}
            </p>
          ) : p.canEditRecords ? (
            <div class="unlinked-actions">
              <span class="muted">Not linked to a customer.</span>
              {(["contact", "lead"] as const).map((type) => (
                <PostButton
                  action={`/records/from-conversation/${c.id}`}
                  fields={{ type }}
                  buttonClass="secondary small"
                >
                  Create {type}
                </PostButton>
              ))}
              <a class="button secondary small" href={`/records/link-conversation/${c.id}`}>
                Link to existing record
              </a>
            </div>
          ) : (
            <span class="muted">Not linked to a customer.</span>
          )}
          {p.assign}
        </div>
      </details>
    </header>
  );
}

/** "Load older messages", while there are older ones: the older page replaces this box. */
function OlderButton(p: { url: string | null }) {
  return p.url ? (
    <div id="older" class="older">
      <LoadMoreButton url={p.url} box="older" label="Load older messages" />
    </div>
  ) : null;
}

/** Message bubbles, with the conversation's status lines (resolved, reopened…) between them by time. */
function Bubbles(p: {
  group: boolean;
  messages: MessageRow[];
  quoted: Map<string, MessageRow>;
  rich?: Map<number, RichProps> | undefined;
  extras?: Map<number, BubbleExtras> | undefined;
  statusLines?: StatusLineView[];
  notes?: NoteView[];
  /** Other features' lines (assignments…), already rendered, at their time. */
  lines?: TimelineItem[];
  hasOlder?: boolean;
}) {
  const places = bubblePlaces(p.messages);
  const now = Date.now();
  const items = [
    ...(p.statusLines ?? []).map((l) => ({ at: l.at, node: <StatusLine line={l} /> })),
    ...(p.notes ?? []).map((n) => ({ at: n.at, node: <NoteItem note={n} /> })),
    ...(p.lines ?? []),
  ];
  return (
    <>
      {interleave(p.messages, items, p.hasOlder ?? false, (m) => (
        <>
          {places.get(m.id)?.separator ? <DaySeparator at={m.wa_timestamp} now={now} /> : null}
          <MessageBubble
            m={m}
            group={p.group}
            quoted={m.quoted_wa_id ? (p.quoted.get(m.quoted_wa_id) ?? null) : undefined}
            extras={p.extras?.get(m.id)}
            rich={p.rich?.get(m.id)}
            continues={places.get(m.id)?.continues}
          />
        </>
      ))}
    </>
  );
}

export function MessageList(p: {
  conversationId: number;
  group: boolean;
  messages: MessageRow[];
  quoted: Map<string, MessageRow>;
  rich?: Map<number, RichProps>;
  extras?: Map<number, BubbleExtras>;
  olderUrl: string | null;
  latestUrl?: string | null;
  statusLines?: StatusLineView[];
  notes?: NoteView[];
  /** Other features' lines (assignments…), already rendered, at their time. */
  lines?: TimelineItem[];
}) {
  return (
    <div class="messages" id="messages">
      <OlderButton url={p.olderUrl} />
      <div id={`msgs-${p.conversationId}`} class="msg-stack">
        <Bubbles
          group={p.group}
          messages={p.messages}
          quoted={p.quoted}
          rich={p.rich}
          extras={p.extras}
          statusLines={p.statusLines ?? []}
          notes={p.notes ?? []}
          lines={p.lines ?? []}
          hasOlder={p.olderUrl !== null}
        />
      </div>
      {p.latestUrl ? (
        <p class="newer-hidden">
          <a class="button secondary small" href={p.latestUrl}>
            Newer messages are not shown: go to the latest
          </a>
        </p>
      ) : null}
    </div>
  );
}

export function OlderMessages(p: {
  group: boolean;
  messages: MessageRow[];
  quoted: Map<string, MessageRow>;
  rich?: Map<number, RichProps>;
  extras?: Map<number, BubbleExtras>;
  olderUrl: string | null;
}) {
  return (
    <>
      <OlderButton url={p.olderUrl} />
      <Bubbles group={p.group} messages={p.messages} quoted={p.quoted} rich={p.rich} />
      <Bubbles group={p.group} messages={p.messages} quoted={p.quoted} extras={p.extras} />
    </>
  );
}

/** The reply box: text, an attachment, or a template; replies go to the chat (the group, in a group). */
export function ReplyBox(p: {
  conversationId: number;
  disabled: string | null;
  templates: TemplateOption[];
  maxUploadMb: number;
  text?: string;
  error?: string | null;
  sendKey?: string;
  /** The message this reply quotes, until sent or cancelled. */
  replyTo?: { id: number; text: string } | null;
}) {
  return (
    <form
      id="reply"
      class="reply"
      method="post"
      action={`/inbox/c/${p.conversationId}/send`}
      enctype="multipart/form-data"
      {...hx({
        post: `/inbox/c/${p.conversationId}/send`,
        target: "#reply",
        swap: "outerHTML",
        encoding: "multipart/form-data",
      })}
      data-max-bytes={String(Math.floor(p.maxUploadMb * 1024 * 1024))}
    >
      <CsrfField />
      {/* One key per box: the same box sent twice (double click, Enter twice) is one message. */}
      <input type="hidden" name="key" value={p.sendKey ?? crypto.randomUUID()} />
      <FormError message={p.error} />
      <ReplyingTo conversationId={p.conversationId} replyTo={p.replyTo ?? null} />
      {p.disabled ? <p class="alert alert-info">{p.disabled}</p> : null}
      <textarea name="text" placeholder="Write a reply…" aria-label="Message" rows={2} maxlength={65536}>
        {p.text ?? ""}
      </textarea>
      <div class="reply-tools">
        {/* static/reply-attach.js: Attach button, preview chip, drop and paste; else the plain input. */}
        <label class="file-pick">
          <Icon name="attach" /> <input type="file" name="file" aria-label="Attachment" />
          <span class="attach-label">Attach</span>
        </label>
        {p.templates.length > 0 ? (
          <TemplatePicker
            templates={p.templates}
            url={`/inbox/c/${p.conversationId}/template`}
            target="#reply textarea"
            include="this"
            ariaLabel="Template"
          />
        ) : null}
        {p.templates.length > 0 ? <TemplateErrorSlot id={REPLY_TEMPLATE_ERROR} /> : null}
        <span class="file-error error" aria-live="polite"></span>
        <div class="attach-chip" hidden></div>
        <button type="submit" disabled={!!p.disabled}>
          Send
        </button>
      </div>
    </form>
  );
}
