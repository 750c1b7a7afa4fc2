import type { InjectVote, MessageDetail, PollVote } from "./rich.ts";

export type { InjectVote, MessageDetail, PollVote };

/**
 * The one interface between Pairbox and WhatsApp. A channel's session manager (src/channels/sessions.ts)
 * talks to a driver only through these types; the Baileys driver (production) and the simulator
 * driver (demo mode, tests) both implement them and pass the same contract tests.
 */

/** The kinds of message every driver reports and the messaging core stores. */
export const MESSAGE_TYPES = [
  "text",
  "image",
  "audio",
  "voice",
  "video",
  "document",
  "sticker",
  "location",
  "contact",
  "poll",
  /** A voice or video call the customer made (no text of theirs: the row says "Missed voice call"). */
  "call",
  "other",
] as const;
export type MessageType = (typeof MESSAGE_TYPES)[number];

export type IncomingMessage = {
  channelId: number;
  waId: string;
  /** The chat: a person's JID (phone or LID) or a group JID. */
  chatJid: string;
  kind: "direct" | "group";
  direction: "inbound" | "outbound";
  /** Outbound messages typed on the phone itself rather than sent from Pairbox. */
  fromPhone?: boolean;
  senderPhone: string | null;
  senderLid: string | null;
  senderName: string;
  /** Direct chats: the other person's phone and LID (for outbound-from-phone, not the sender). */
  peerPhone: string | null;
  peerLid: string | null;
  groupSubject?: string | null;
  /** Groups: how many members it has (us included), when known; group receipts count against it. */
  groupSize?: number | null;
  participantJid?: string | null;
  text: string;
  type: MessageType;
  media?: { mime: string; size: number | null; fileName: string | null } | null;
  quotedWaId?: string | null;
  /** Polls, contact cards, locations, albums: what the kind says beyond its text. */
  detail?: MessageDetail | null;
  /** The quoted message's text as the quote carried it (shown when we do not hold that message). */
  quotedText?: string | null;
  /** A view-once photo, video or voice note. */
  viewOnce?: boolean;
  /**
   * WhatsApp could not decrypt it yet (a CIPHERTEXT stub): a placeholder row, replaced in place when
   * the retried message arrives with the same id. It never triggers workflows or counts as unread.
   */
  awaitingContent?: boolean;
  timestamp: number;
  /** Imported from history sync: stored, never triggers workflows. */
  history?: boolean;
};

/** Which message an action or a change is about, as WhatsApp addresses it. */
export type MessageRef = { waId: string; fromMe: boolean; participantJid: string | null };

/**
 * What someone did to an earlier message: reacted (emoji "" removes it), edited it, deleted it for
 * everyone. `by` is the person's JID, or "me" for our own account (Pairbox or the phone).
 */
export type MessageChange = { targetWaId: string; by: string; byName: string; timestamp: number } & (
  | { kind: "reaction"; emoji: string }
  | { kind: "edit"; text: string }
  | { kind: "revoke" }
);

/** A sent message may quote an earlier one (a reply): WhatsApp shows the quote with its text. */
export type OutboundQuote = MessageRef & { text: string };

/** What a driver needs to send one message; media is read from the content-addressed store. */
export type OutboundPayload =
  | { type: "text"; text: string; quote?: OutboundQuote | null }
  /** selectableCount 1: single choice; 0: any number of options. */
  | { type: "poll"; question: string; options: string[]; selectableCount: number }
  | { type: "location"; latitude: number; longitude: number; name: string | null; address: string | null }
  | { type: "contact"; contacts: { name: string; vcard: string }[] }
  | {
      type: MediaMessageType;
      filePath: string;
      mime: string;
      fileName: string;
      caption: string;
      quote?: OutboundQuote | null;
    }
  /** Our reaction to a message (emoji "" removes it), an edit of our own text, a delete for everyone. */
  | { type: "reaction"; target: MessageRef; emoji: string }
  | { type: "edit"; target: MessageRef; text: string }
  | { type: "revoke"; target: MessageRef };

/** The kinds that carry a file. */
export type MediaMessageType = Exclude<
  MessageType,
  "text" | "location" | "contact" | "poll" | "call" | "other"
>;

export type ChannelStatus = "pending" | "connected" | "disconnected" | "error";

/** A normalised message: what every driver hands over, inbound or sent from the phone itself. */
export type NormalizedMessage = IncomingMessage;

/** Bytes of a message's media, fetched on demand so the message is stored before any download. */
export type MediaSource = {
  /** Streams the file; a driver that must ask WhatsApp to re-upload expired media does so here. */
  download(): Promise<ReadableStream<Uint8Array> | AsyncIterable<Uint8Array> | Uint8Array>;
};

export type ReceiptStatus = "sent" | "delivered" | "read" | "failed";

export type DriverEvent =
  /** A new pairing code (each rotation). */
  | { type: "qr"; qr: string }
  /** A status change. `reason` is plain words for a person ("QR expired: refresh to try again"). */
  | { type: "status"; status: ChannelStatus; reason: string }
  /**
   * Paired and online as this JID: the number of the phone that is linked (Baileys: `creds.me.id`).
   * The session manager refuses a phone whose number is not the channel's (src/channels/paired-number.ts).
   */
  | { type: "connected"; ownJid: string }
  | { type: "message"; message: NormalizedMessage; media: MediaSource | null }
  /** A reaction, edit or delete for everyone of a message in the chat `chatJid`. */
  | { type: "message-change"; chatJid: string; change: MessageChange }
  /** History sync: stored as history, never triggers workflows. */
  | { type: "history"; messages: { message: NormalizedMessage; media: MediaSource | null }[] }
  /**
   * A receipt for one of our messages. In a group, `member` names the member whose phone sent it: the
   * message is delivered (read) once every member's is.
   */
  | { type: "receipt"; waId: string; status: ReceiptStatus; reason?: string; member?: string }
  /** Someone voted in a poll (their whole current selection), decrypted by the driver. */
  | { type: "poll-vote"; vote: PollVote }
  /** These incoming messages were read on the phone (or another linked device of the account). */
  | { type: "read-elsewhere"; waIds: string[] }
  | { type: "group"; groupJid: string; subject: string; participantCount: number | null }
  /** WhatsApp told us which phone number a LID stands for. */
  /** A LID's phone number; `replaces`: the number a stored pair gave it before, now known wrong. */
  | { type: "lid"; lid: string; phone: string; replaces?: string }
  /**
   * WhatsApp restricts the account (reachout time lock): until `until` (epoch ms) it may answer
   * existing chats but not start new ones; null when the restriction is lifted.
   */
  | { type: "restriction"; until: number | null }
  /** Any sign of life from WhatsApp (last activity time). */
  | { type: "activity" }
  /** A call to this number: rung (`offer`), answered on another device (`accept`) or over (`ended`). */
  | { type: "call"; call: IncomingCall }
  /** The customer is typing or recording a voice note in this chat, or stopped (`paused`). */
  | { type: "presence"; chatJid: string; state: ChatPresence }
  /** Pairing cannot complete: WhatsApp demands something a linked device cannot give (a passkey). */
  | { type: "pairing-blocked"; reason: "passkey" };

export type IncomingCall = {
  callId: string;
  /** The caller's JID (phone or LID) as WhatsApp gave it. */
  fromJid: string;
  fromPhone: string | null;
  fromLid: string | null;
  video: boolean;
  group: boolean;
  stage: "offer" | "accept" | "ended";
  /** Epoch ms. */
  timestamp: number;
  /** Delivered from the offline queue (rang while we were away). */
  offline: boolean;
};

export type ChatPresence = "composing" | "recording" | "paused";

/**
 * Hands an event to Pairbox. For a message it may return a promise that settles once the message is
 * stored and committed (messages are committed in groups): a driver waits for it before telling
 * WhatsApp it has the message.
 */
export type EmitEvent = (event: DriverEvent) => void | Promise<void>;

/** Recipient of a send: an E.164 phone ("+447700900123") or a JID (a group, or a person known only by LID). */
export type Recipient = string;

/** One channel's live connection. Every method is safe to call in any state; failures reject with a message for people. */
export interface DriverSession {
  readonly channelId: number;
  /** Connects with the saved device keys, or begins pairing (QR events) when there are none. */
  start(): Promise<void>;
  /** Closes the connection and stops reconnecting; the device keys stay (a restart reconnects). */
  stop(): Promise<void>;
  /** Unlinks the device from the phone and wipes its keys; the channel must be paired again. */
  logout(): Promise<void>;
  /** Starts pairing over with a fresh QR (after expiry, a logout, or on request). */
  refreshQr(): Promise<void>;
  /** Sends one message; resolves with WhatsApp's message id once WhatsApp accepted it. */
  send(to: Recipient, payload: OutboundPayload): Promise<string>;
  /** Whether a number has WhatsApp. */
  isOnWhatsApp(phoneE164: string): Promise<boolean>;
  /** The media of an earlier message again (a failed download's retry); null when it cannot be had. */
  fetchMedia(waId: string): Promise<MediaSource | null>;
  /** Read receipts, typing and calls: what the device tells WhatsApp about a chat, beyond messages. */
  readonly chat: ChatActions;
  /** Pairing by phone number: starts pairing and resolves with the code to type on that phone. */
  requestPairingCode(phoneE164: string): Promise<string>;
}

export interface ChatActions {
  /** Tells the sender these incoming messages were read (blue ticks on their phone). */
  markRead(chatJid: string, messages: { waId: string; participantJid: string | null }[]): Promise<void>;
  /** Shows (composing) or clears (paused) "typing…" on the customer's phone. */
  sendTyping(chatJid: string, state: "composing" | "paused"): Promise<void>;
  /** Asks WhatsApp to tell us when this person types (presence updates follow as events). */
  watchPresence(chatJid: string): Promise<void>;
  /** Declines a ringing call (the caller sees it declined). */
  rejectCall(callId: string, fromJid: string): Promise<void>;
}

export interface WhatsAppDriver {
  readonly kind: "baileys" | "simulator";
  createSession(channelId: number, emit: EmitEvent): DriverSession;
  /** Whether the channel has saved device keys (paired before): such channels reconnect at start-up. */
  hasCredentials(channelId: number): boolean;
  /** Deletes everything the driver stored for a channel (keys, caches). */
  forget(channelId: number): void;
  /** A line for the channel page about how it talks to WhatsApp (the Web version in use); null: nothing to say. */
  about?(): string | null;
}

export type SimulatorControls = {
  /** The code is scanned by the channel's own phone, or by one with the number `asPhone` (E.164). */
  scan(channelId: number, asPhone?: string): Promise<void>;
  inject(channelId: number, input: InjectInput): Promise<{ waId: string }>;
  vote(channelId: number, input: InjectVote): Promise<void>;
  injectChange(channelId: number, input: InjectChangeInput): Promise<void>;
  /** A network drop (it reconnects by itself). */
  disconnect(channelId: number): Promise<void>;
  fail(channelId: number, reason: string): Promise<void>;
  logoutFromPhone(channelId: number): Promise<void>;
  sent(channelId: number): { to: string; payload: OutboundPayload; waId: string }[];
  /** A customer calls (voice or video); `answeredElsewhere`: picked up on the phone, then hung up. */
  call(
    channelId: number,
    input: { fromPhone: string; video: boolean; answeredElsewhere?: boolean },
  ): Promise<void>;
  /** A customer starts or stops typing (or recording a voice note). */
  typing(channelId: number, input: { fromPhone: string; state: ChatPresence }): Promise<void>;
  /** The phone enters the pairing code the channel page shows. */
  enterCode(channelId: number, code: string): Promise<void>;
  /** What the simulated customers saw of this channel: read receipts and typing it sent them. */
  told(channelId: number): SimulatorTold[];
};

export type SimulatorTold =
  | { kind: "read"; chatJid: string; waIds: string[] }
  | { kind: "typing"; chatJid: string; state: "composing" | "paused" }
  | { kind: "rejected"; callId: string };

/** A message the simulator makes arrive, as if a customer sent it. */
export type InjectInput = {
  fromPhone: string;
  name: string;
  text: string;
  file?: { bytes: Uint8Array; fileName: string; mime: string } | null;
  groupJid?: string | null;
  groupSubject?: string | null;
  participantPhone?: string | null;
  waId?: string;
  quotedWaId?: string | null;
  /** A poll, contact card or location instead of a plain text (the text is then its readable line). */
  detail?: MessageDetail | null;
  /** A reply from a button, list or template: shown as this text, of type "other" as Baileys reports it. */
  kind?: "text" | "interactive";
  /** The file is the first photo or video of an album: the album message arrives first. */
  album?: boolean;
  viewOnce?: boolean;
  /** Arrives first as a message WhatsApp could not decrypt, then (retried) as itself, under one id. */
  undecryptableFirst?: boolean;
};

/** A reaction, edit or delete for everyone the simulator makes arrive from a customer. */
export type InjectChangeInput = {
  fromPhone: string;
  name: string;
  targetWaId: string;
  change: "reaction" | "edit" | "revoke";
  /** The reaction ("" removes it) or the new text. */
  value: string;
};

/** A driver that also offers the simulator's controls (the simulator driver does). */
export type DriverWithControls = WhatsAppDriver & { controls?: SimulatorControls };
