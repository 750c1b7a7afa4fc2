import type { MessageRow } from "../../messaging/types.ts";
import { formatBytes } from "./format.ts";
import { Icon, type IconName } from "../../ui/icons/icon.tsx";
import { PostButton } from "../../ui/components/post-button.tsx";
import { detailReplacesText, RichDetail, type RichProps } from "./message-rich.tsx";
import { BubbleTime } from "../../ui/components/time.tsx";
import type { BubbleExtras } from "../../messaging/bubble-data.ts";
import { Deleted, EditedNote, MessageActions, Reactions } from "./message-extras.tsx";

const STATUS_LABEL: Record<string, [IconName, string]> = {
  queued: ["clock", "Sending"],
  sending: ["clock", "Sending"],
  sent: ["sent", "Sent"],
  delivered: ["delivered", "Delivered"],
  read: ["delivered", "Read"],
  failed: ["alert", "Failed"],
};

function StatusTick(p: { status: string }) {
  const known = STATUS_LABEL[p.status];
  return (
    <span class={`tick tick-${p.status}`}>
      {" "}
      {known ? <Icon name={known[0]} /> : null}
      {known ? known[1] : p.status}
    </span>
  );
}

function MediaView(p: { m: MessageRow }) {
  const m = p.m;
  const url = `/media/${m.id}`;
  if (m.media_status === "pending") return <p class="media-note">Downloading {m.type}…</p>;
  if (m.media_status === "too_large")
    return <p class="media-note">Media too large to keep ({formatBytes(m.media_size)}).</p>;
  if (m.media_status === "failed") {
    return (
      <div class="media-note media-failed">
        <span>Media unavailable{m.media_error ? `: ${m.media_error.replace(/[.!?]+$/, "")}` : ""}.</span>
        <PostButton action={`/inbox/m/${m.id}/media-retry`} formClass="retry" buttonClass="link">
          Retry
        </PostButton>
      </div>
    );
  }
  if (m.media_status !== "stored") return null;
  switch (m.type) {
    case "image":
    case "sticker":
      return (
        <a href={url} target="_blank" rel="noopener" class="media-img">
          <img src={url} alt={m.media_filename ?? m.type} loading="lazy" class={m.type} />
        </a>
      );
    case "voice":
    case "audio":
      // biome-ignore lint/a11y/useMediaCaption: user media from WhatsApp has no captions
      return <audio controls preload="none" src={url}></audio>;
    case "video":
      // biome-ignore lint/a11y/useMediaCaption: user media from WhatsApp has no captions
      return <video controls preload="none" src={url}></video>;
    default:
      return (
        <a class="doc" href={`${url}?download=1`}>
          <Icon name="document" /> <span class="doc-name">{m.media_filename || "document"}</span>{" "}
          <span class="muted">{formatBytes(m.media_size)}</span>
        </a>
      );
  }
}

/**
 * One message bubble, keyed by id so a live update or a send response replaces it rather than adding a twin.
 * Like list rows, it has no hx-* attributes: it may arrive over server-sent events.
 */
export function MessageBubble(p: {
  m: MessageRow;
  group: boolean;
  quoted?: MessageRow | null;
  rich?: RichProps | undefined;
  /** Drawn as part of the previous bubble's group (same sender, minutes apart). */
  continues?: boolean;
  extras?: BubbleExtras | undefined;
}) {
  const m = p.m;
  const outbound = m.direction === "outbound";
  const content = (
    <>
      {m.media_status ? <MediaView m={m} /> : null}
      {m.detail ? <RichDetail m={m} rich={p.rich} /> : null}
      {m.text && !detailReplacesText(m) ? (
        <div class="msg-text" dir="auto">
          {m.text}
        </div>
      ) : null}
    </>
  );
  return (
    <div
      id={`msg-${m.id}`}
      class={`msg ${outbound ? "out" : "in"}${m.status === "failed" ? " failed" : ""}${m.type === "call" ? " call" : ""}${p.continues ? " cont" : ""}`}
      data-status={m.status}
    >
      {p.group && !outbound ? (
        <div class="msg-sender">
          <bdi>{m.sender_name || "Unknown"}</bdi>
          {m.sender_phone ? <span class="muted"> {m.sender_phone}</span> : null}
        </div>
      ) : null}
      {p.quoted !== undefined && m.quoted_wa_id ? (
        <blockquote class="quote">
          {p.quoted
            ? p.quoted.deleted_at !== null
              ? "This message was deleted"
              : p.quoted.text || `[${p.quoted.type}]`
            : (m.quoted_text ?? "Quoted message")}
        </blockquote>
      ) : null}
      {m.view_once ? (
        <p class="view-once">
          <Icon name="viewOnce" /> View once
        </p>
      ) : null}
      {m.awaiting_content ? (
        <p class="msg-waiting muted">
          Waiting for this message… WhatsApp is asking the sender's phone again.
        </p>
      ) : m.deleted_at !== null ? (
        <Deleted>{content}</Deleted>
      ) : (
        content
      )}
      <Reactions reactions={p.extras?.reactions ?? []} />
      <div class="msg-meta">
        <BubbleTime at={m.wa_timestamp} />
        {outbound && m.from_me_device ? <span class="muted"> · from phone</span> : null}
        <EditedNote m={m} edits={p.extras?.edits ?? []} />
        {outbound ? <StatusTick status={m.status} /> : null}
      </div>
      {m.status === "failed" ? (
        <div class="msg-error">
          <span>{m.error ?? "The message could not be sent."}</span>
          {/* static/app.js posts it in place (the reply box keeps its draft); the bubble turns to Sending live.
              No hx-* here: a bubble pushed over the live stream carries that stream's nonce, not the page's. */}
          <PostButton action={`/inbox/m/${m.id}/retry`} formClass="retry" buttonClass="link">
            Retry
          </PostButton>
        </div>
      ) : null}
      {p.extras ? (
        <MessageActions
          m={m}
          can={p.extras.can}
          mine={p.extras.reactions.find((r) => r.reactor === "me")?.emoji ?? null}
        />
      ) : null}
    </div>
  );
}
