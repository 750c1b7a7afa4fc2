import type { proto } from "@whiskeysockets/baileys";
import type { MessageType } from "../driver.ts";
import { detailText, type ContactCard, type LocationDetail, type MessageDetail } from "../rich.ts";
import { parseVcard } from "../vcard.ts";

/**
 * The message kinds that say more than a text or a file: polls, contact cards, locations, albums,
 * and the replies people tap on business messages (buttons, lists, templates, interactive flows).
 * Each gets a readable text (never an empty row) and, where it has one, its detail.
 */

export type Rich = { type: MessageType; text: string; detail: MessageDetail | null; unsupported?: string };

/** Contact arrays longer than this are cut (a card is shown per entry). */
const MAX_CARDS = 50;

function coordinate(value: unknown): number {
  const n = Number(value ?? 0);
  return Number.isFinite(n) ? n : 0;
}

function location(
  l: proto.Message.ILocationMessage | proto.Message.ILiveLocationMessage,
  live: boolean,
): LocationDetail {
  const named = l as proto.Message.ILocationMessage;
  return {
    kind: "location",
    latitude: coordinate(l.degreesLatitude),
    longitude: coordinate(l.degreesLongitude),
    name: (live ? (l as proto.Message.ILiveLocationMessage).caption : named.name)?.slice(0, 300) || null,
    address: (live ? null : named.address?.slice(0, 500)) || null,
    live,
  };
}

function card(c: proto.Message.IContactMessage): ContactCard {
  return parseVcard(c.vcard ?? "", c.displayName ?? "");
}

function withDetail(type: MessageType, detail: MessageDetail, caption = ""): Rich {
  return { type, text: caption || detailText(detail), detail };
}

/** A reply tapped on a business message: what the person chose, as its text. */
function replyText(message: proto.IMessage): string | null {
  const buttons = message.buttonsResponseMessage;
  if (buttons) return buttons.selectedDisplayText || buttons.selectedButtonId || null;
  const template = message.templateButtonReplyMessage;
  if (template) return template.selectedDisplayText || template.selectedId || null;
  const list = message.listResponseMessage;
  if (list)
    return (
      [list.title, list.description].filter(Boolean).join(" — ") ||
      list.singleSelectReply?.selectedRowId ||
      null
    );
  const interactive = message.interactiveResponseMessage;
  if (interactive) return interactive.body?.text || interactive.nativeFlowResponseMessage?.name || null;
  if (message.interactiveMessage)
    return (
      [message.interactiveMessage.header?.title, message.interactiveMessage.body?.text]
        .filter(Boolean)
        .join("\n") || null
    );
  if (message.listMessage)
    return [message.listMessage.title, message.listMessage.description].filter(Boolean).join("\n") || null;
  return null;
}

/** The rich content of `key` in an (unwrapped) message; null when the kind is none of these. */
export function richContent(key: string, message: proto.IMessage): Rich | null {
  switch (key) {
    case "locationMessage":
      return withDetail(
        "location",
        location(message.locationMessage!, false),
        message.locationMessage!.comment ?? "",
      );
    case "liveLocationMessage":
      return withDetail("location", location(message.liveLocationMessage!, true));
    case "contactMessage":
      return withDetail("contact", { kind: "contacts", contacts: [card(message.contactMessage!)] });
    case "contactsArrayMessage": {
      const contacts = (message.contactsArrayMessage!.contacts ?? []).slice(0, MAX_CARDS).map(card);
      return withDetail("contact", { kind: "contacts", contacts });
    }
    case "pollCreationMessage":
    case "pollCreationMessageV2":
    case "pollCreationMessageV3":
    case "pollCreationMessageV5": {
      const poll = (message as Record<string, proto.Message.IPollCreationMessage>)[key]!;
      return withDetail("poll", {
        kind: "poll",
        question: (poll.name ?? "").slice(0, 1000),
        options: (poll.options ?? []).slice(0, 32).map((o) => (o.optionName ?? "").slice(0, 300)),
        selectableCount: poll.selectableOptionsCount ?? 0,
      });
    }
    case "albumMessage": {
      const a = message.albumMessage!;
      return withDetail("other", {
        kind: "album",
        images: a.expectedImageCount ?? 0,
        videos: a.expectedVideoCount ?? 0,
      });
    }
    case "eventMessage":
      return { type: "other", text: `📅 ${message.eventMessage!.name ?? "Event"}`, detail: null };
  }
  const reply = replyText(message);
  if (reply !== null) return { type: "other", text: reply, detail: null };
  return null;
}

/** What a kind nobody handles becomes: a row that says so, never an empty one. */
export function unsupportedContent(key: string): Rich {
  return { type: "other", text: `Unsupported message (type ${key})`, detail: null, unsupported: key };
}

/** The album a photo or video belongs to, from its messageContextInfo (WhatsApp's MEDIA_ALBUM association). */
export function albumOf(...infos: (proto.IMessageContextInfo | null | undefined)[]): string | null {
  for (const info of infos) {
    const a = info?.messageAssociation;
    if (a?.parentMessageKey?.id && (a.associationType ?? 0) === 1) return a.parentMessageKey.id;
  }
  return null;
}
