/**
 * What a poll, a contact card or a location says beyond its text: the driver contract's shapes,
 * stored as the message's `detail` (JSON) and shown by the inbox, the API and webhooks.
 */

export type PollDetail = {
  kind: "poll";
  question: string;
  options: string[];
  /** 1: single choice; 0 (WhatsApp's "any number") or more: multiple choice. */
  selectableCount: number;
};

/** One number of a card: as the card wrote it, and in E.164 when it is a phone number at all. */
export type CardPhone = { raw: string; e164: string | null };
export type ContactCard = { name: string; phones: CardPhone[] };
export type ContactsDetail = { kind: "contacts"; contacts: ContactCard[] };

export type LocationDetail = {
  kind: "location";
  latitude: number;
  longitude: number;
  name: string | null;
  address: string | null;
  /** A live location (shared for a while, updated on the phone). */
  live: boolean;
};

/** An album's header message: its photos and videos follow as messages of their own. */
export type AlbumDetail = { kind: "album"; images: number; videos: number };
/** A photo or video that belongs to an album (the album's WhatsApp id). */
export type AlbumItemDetail = { kind: "album-item"; albumWaId: string };

export type MessageDetail = PollDetail | ContactsDetail | LocationDetail | AlbumDetail | AlbumItemDetail;

/** A voter's current selection in a poll (WhatsApp sends the whole selection each time; [] withdraws). */
export type PollVote = {
  pollWaId: string;
  /** The JID the vote came from: one row per voter. */
  voterJid: string;
  voterPhone: string | null;
  voterName: string;
  options: string[];
  timestamp: number;
};

/** A vote the simulator makes arrive in one of the channel's polls. */
export type InjectVote = { pollWaId: string; fromPhone: string; name: string; options: string[] };

export const POLL_MIN_OPTIONS = 2;
export const POLL_MAX_OPTIONS = 12;

/** The openstreetmap.org page for a point (zoom 16: streets). */
export function mapUrl(latitude: number, longitude: number): string {
  const lat = latitude.toFixed(6);
  const lon = longitude.toFixed(6);
  return `https://www.openstreetmap.org/?mlat=${lat}&mlon=${lon}#map=16/${lat}/${lon}`;
}

/** A readable line for a detail: the text a message of this kind is searched and listed by. */
export function detailText(d: MessageDetail): string {
  switch (d.kind) {
    case "poll":
      return `📊 ${d.question}`;
    case "contacts":
      return `👤 ${d.contacts.map((c) => c.name || c.phones[0]?.raw || "Contact").join(", ")}`;
    case "location":
      return `📍 ${[d.name, d.address].filter(Boolean).join(", ") || `${d.latitude},${d.longitude}`}`;
    case "album":
      return `🖼 Album: ${[
        d.images ? `${d.images} photo${d.images === 1 ? "" : "s"}` : "",
        d.videos ? `${d.videos} video${d.videos === 1 ? "" : "s"}` : "",
      ]
        .filter(Boolean)
        .join(", ")}`;
    case "album-item":
      return "";
  }
}

/** The stored JSON back into a detail; null for a row without one (or one this build cannot read). */
export function parseDetail(json: string | null): MessageDetail | null {
  if (!json) return null;
  try {
    const d = JSON.parse(json) as MessageDetail;
    return typeof d === "object" && d && typeof d.kind === "string" ? d : null;
  } catch {
    return null;
  }
}
