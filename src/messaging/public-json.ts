import type { ConversationRow, MessageRow } from "./types.ts";
import type { ConversationJson, MessageJson, PollJson, ReactionJson } from "./public-schemas.ts";
import type { ReactionRow } from "./changes-store.ts";
import { signedMediaUrl } from "./media-link.ts";
import { mapUrl, parseDetail } from "../whatsapp/rich.ts";
import { tallyOf, type PollTally } from "./polls.ts";

export function iso(ms: number | null | undefined): string | null {
  return ms === null || ms === undefined ? null : new Date(ms).toISOString();
}

export function conversationJson(c: ConversationRow): ConversationJson {
  return {
    id: c.id,
    channel_id: c.channel_id,
    kind: c.kind,
    chat_jid: c.chat_jid,
    phone: c.peer_phone,
    lid: c.peer_lid,
    title: c.title,
    participant_count: c.participant_count,
    status: c.status,
    snoozed_until: c.snoozed_until === null ? null : iso(c.snoozed_until),
    assignee_id: c.assigned_user_id,
    team_id: c.assigned_team_id,
    last_message_at: c.last_message_id === null ? null : iso(c.last_message_at),
    created_at: iso(c.created_at)!,
  };
}

/** How media links are written: always the keyed API URL, plus a signed one for webhook receivers. */
export type MediaLinks = { baseUrl: string; signWith?: { secret: string; now: number } };

/**
 * The normalised message: phone numbers in E.164 (LIDs resolved where WhatsApp told us), group
 * fields when in a group, media as links rather than bytes.
 */
export function reactionJson(r: ReactionRow): ReactionJson {
  const me = r.reactor === "me";
  return {
    emoji: r.emoji,
    from_us: me,
    jid: me ? null : r.reactor,
    name: r.reactor_name,
    at: iso(r.reacted_at)!,
  };
}

export function messageJson(
  m: MessageRow,
  c: ConversationRow,
  links: MediaLinks,
  reactions: ReactionRow[] = [],
  /** A poll's votes (pollTally); without it the poll shows no votes. */
  tally?: PollTally | null,
): MessageJson {
  const group =
    c.kind === "group" ? { jid: c.chat_jid, subject: c.title, participant_jid: m.participant_jid } : null;
  let media: MessageJson["media"] = null;
  // A message deleted for everyone is never sent on: its text and media stay in the inbox only.
  const deleted = m.deleted_at !== null;
  if (!deleted && (m.media_mime || m.media_sha256 || m.media_status)) {
    media = {
      mime: m.media_mime,
      size: m.media_size,
      file_name: m.media_filename,
      status: m.media_status,
      url: `${links.baseUrl}/api/v1/messages/${m.id}/media`,
    };
    if (links.signWith) {
      const signed = signedMediaUrl(links.baseUrl, links.signWith.secret, m.id, links.signWith.now);
      media.signed_url = signed.url;
      media.signed_url_expires_at = iso(signed.expiresAt)!;
    }
  }
  return {
    id: m.id,
    channel_id: m.channel_id,
    conversation_id: m.conversation_id,
    wa_id: m.wa_id,
    direction: m.direction,
    sent_from_phone: m.from_me_device === 1,
    type: m.type,
    text: deleted ? "" : m.text,
    sender: { phone: m.sender_phone, lid: m.sender_lid, name: m.sender_name },
    chat: { kind: c.kind, jid: c.chat_jid, phone: c.kind === "direct" ? c.peer_phone : null, group },
    media,
    quoted_wa_id: m.quoted_wa_id,
    quoted_text: deleted ? null : m.quoted_text,
    view_once: m.view_once === 1,
    placeholder: m.awaiting_content === 1,
    edited_at: iso(m.edited_at),
    deleted,
    deleted_at: iso(m.deleted_at),
    reactions: reactions.map(reactionJson),
    ...richJson(m, tally),
    status: m.status,
    error: m.error,
    timestamp: iso(m.wa_timestamp)!,
    created_at: iso(m.created_at)!,
  };
}

/** A poll's tally as the API and webhooks show it. */
export function pollJson(t: PollTally): PollJson {
  return { question: t.question, selectable_count: t.selectableCount, voters: t.voters, options: t.options };
}

function richJson(
  m: MessageRow,
  tally: PollTally | null | undefined,
): Pick<MessageJson, "poll" | "contacts" | "location" | "album_wa_id"> {
  const d = parseDetail(m.detail);
  return {
    poll: d?.kind === "poll" ? pollJson(tally ?? tallyOf(d, [])) : null,
    contacts: d?.kind === "contacts" ? d.contacts : null,
    location:
      d?.kind === "location"
        ? {
            latitude: d.latitude,
            longitude: d.longitude,
            name: d.name,
            address: d.address,
            live: d.live,
            map_url: mapUrl(d.latitude, d.longitude),
          }
        : null,
    album_wa_id: d?.kind === "album-item" ? d.albumWaId : null,
  };
}
