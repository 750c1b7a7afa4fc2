import {
  getBinaryNodeChild,
  getBinaryNodeChildBuffer,
  normalizeMessageContent,
  proto,
  type BinaryNode,
} from "@whiskeysockets/baileys";
import type { Account } from "./accounts.ts";
import type { ClientConnection } from "./connection.ts";
import type { EventLog } from "./events.ts";
import type { IqRouter } from "./iq.ts";
import { decryptMedia, encryptMedia, openRetry, sealRetry, type MediaKeyKind } from "./media-crypto.ts";
import { MediaHost } from "./media-host.ts";
import type { Network } from "./network.ts";
import { newMessageId, sendToAccount, type StanzaOptions } from "./relay.ts";
import { node } from "./wire.ts";

/**
 * Media through the emulator: a contact's phone encrypts a file, puts it on the media host and
 * sends the message naming it; what a linked device sends is fetched back from the host and
 * decrypted with the key its message carries; a linked device's request for expired media (a
 * `server-error` receipt) is answered by the phone with a fresh direct path (`mediaretry`).
 */

/** Pairbox's names: a voice note is WhatsApp's push-to-talk audio (`ptt`). */
export type MediaKind = "image" | "video" | "audio" | "voice" | "document" | "sticker";

export type MediaInput = {
  kind: MediaKind;
  bytes: Uint8Array;
  mimetype?: string;
  caption?: string;
  fileName?: string;
  /** The file is past its time on the media host already (410): only the phone can send it again. */
  expired?: boolean;
  /** What the phone does when asked for the file again: upload it anew (default), say it is gone, or stay silent. */
  phone?: "reupload" | "lost" | "silent";
  /** A photo or video of an album: the album message's id (sent wrapped as the album's child). */
  albumId?: string;
  /** Sent as view once (wrapped in viewOnceMessageV2, as phones send it). */
  viewOnce?: boolean;
};

/** A linked device's outbound media, decrypted from the media host. */
export type OutboundMedia = {
  kind: MediaKind;
  bytes: Buffer;
  mimetype: string;
  caption: string | null;
  fileName: string | null;
  directPath: string;
};

const DEFAULT_MIME: Record<MediaKind, string> = {
  image: "image/jpeg",
  video: "video/mp4",
  audio: "audio/mpeg",
  voice: "audio/ogg; codecs=opus",
  document: "application/pdf",
  sticker: "image/webp",
};
const KEY_KIND: Record<MediaKind, MediaKeyKind> = {
  image: "image",
  video: "video",
  audio: "audio",
  voice: "audio",
  document: "document",
  sticker: "sticker",
};

type SentMedia = { kind: MediaKind; mediaKey: Buffer; blob: Buffer; phone: NonNullable<MediaInput["phone"]> };

type MediaFields = proto.Message.IImageMessage &
  proto.Message.IVideoMessage &
  proto.Message.IAudioMessage &
  proto.Message.IDocumentMessage &
  proto.Message.IStickerMessage;

/** The media part of a message and what kind it is, whatever wrapper it came in. */
function mediaPart(message: proto.IMessage | null | undefined): { kind: MediaKind; m: MediaFields } | null {
  const c = normalizeMessageContent(message);
  if (!c) return null;
  if (c.imageMessage) return { kind: "image", m: c.imageMessage };
  if (c.videoMessage ?? c.ptvMessage) return { kind: "video", m: (c.videoMessage ?? c.ptvMessage)! };
  if (c.audioMessage) return { kind: c.audioMessage.ptt ? "voice" : "audio", m: c.audioMessage };
  if (c.documentMessage) return { kind: "document", m: c.documentMessage };
  if (c.stickerMessage) return { kind: "sticker", m: c.stickerMessage };
  return null;
}

export class EmulatedMedia {
  readonly host: MediaHost;
  /** Media messages the emulated phones sent, by message id (what a media retry asks about). */
  private readonly sent = new Map<string, SentMedia>();

  constructor(private readonly log: EventLog) {
    this.host = new MediaHost(log);
  }

  /** The message proto for a file, encrypted and put on the host as a phone would. */
  prepare(id: string, input: MediaInput): proto.IMessage {
    const enc = encryptMedia(input.bytes, KEY_KIND[input.kind]);
    const where = this.host.host(enc.blob, { expired: input.expired });
    this.sent.set(id, {
      kind: input.kind,
      mediaKey: enc.mediaKey,
      blob: enc.blob,
      phone: input.phone ?? "reupload",
    });
    const fields = {
      url: where.url,
      directPath: where.directPath,
      mediaKey: enc.mediaKey,
      fileSha256: enc.fileSha256,
      fileEncSha256: enc.fileEncSha256,
      fileLength: enc.fileLength,
      mimetype: input.mimetype ?? DEFAULT_MIME[input.kind],
      mediaKeyTimestamp: Math.floor(Date.now() / 1000),
    };
    const caption = input.caption ? { caption: input.caption } : {};
    switch (input.kind) {
      case "image":
        return { imageMessage: { ...fields, ...caption } };
      case "video":
        return { videoMessage: { ...fields, ...caption, seconds: 1 } };
      case "audio":
        return { audioMessage: { ...fields, seconds: 1 } };
      case "voice":
        return { audioMessage: { ...fields, ptt: true, seconds: 1 } };
      case "document":
        return {
          documentMessage: { ...fields, ...caption, fileName: input.fileName, title: input.fileName },
        };
      case "sticker":
        return { stickerMessage: fields };
    }
  }

  /**
   * The file a linked device's message names, fetched from the host and decrypted with every check
   * (its SHA-256s, MAC and length); null for a message without media. A file that fails a check
   * is an emulator error, so a test sees it in `errors()`.
   */
  openOutbound(message: proto.IMessage | null, fail: (reason: string) => void): OutboundMedia | null {
    const part = mediaPart(message);
    if (!part) return null;
    const { kind, m } = part;
    const path = m.directPath ?? m.url ?? "";
    const blob = this.host.blobAt(path);
    try {
      if (!blob) throw new Error(`no file was uploaded at ${path}`);
      if (!m.mediaKey) throw new Error("the message carries no media key");
      const bytes = decryptMedia(blob, KEY_KIND[kind], {
        mediaKey: m.mediaKey,
        fileSha256: m.fileSha256,
        fileEncSha256: m.fileEncSha256,
        fileLength: m.fileLength == null ? null : Number(m.fileLength),
      });
      return {
        kind,
        bytes,
        mimetype: m.mimetype ?? "",
        caption: m.caption ?? null,
        fileName: m.fileName ?? null,
        directPath: path,
      };
    } catch (err) {
      fail(`outbound ${kind}: ${(err as Error).message}`);
      return null;
    }
  }

  /**
   * `<receipt type="server-error">`: the linked device could not fetch a message's media and asks
   * the phone for it. The request is sealed with the media key; the phone's answer (a fresh direct
   * path, or "not found") comes back sealed the same way as `<notification type="mediaretry">`.
   */
  answerRetry(conn: ClientConnection, receipt: BinaryNode, now: string): void {
    const id = receipt.attrs.id ?? "";
    conn.send({
      tag: "ack",
      attrs: { class: "receipt", id, type: "server-error", from: receipt.attrs.to ?? "" },
    });
    const rmr = getBinaryNodeChild(receipt, "rmr");
    const sent = this.sent.get(id);
    const encrypt = getBinaryNodeChild(receipt, "encrypt");
    const request = getBinaryNodeChildBuffer(encrypt, "enc_p");
    const requestIv = getBinaryNodeChildBuffer(encrypt, "enc_iv");
    if (!sent || !request || !requestIv) {
      this.log.push({ type: "error", conn: conn.id, reason: `a media retry for ${id}, which no phone sent` });
      return;
    }
    const asked = proto.ServerErrorReceipt.decode(openRetry(sent.mediaKey, id, request, requestIv));
    if (asked.stanzaId !== id) {
      this.log.push({
        type: "error",
        conn: conn.id,
        reason: `a media retry for ${id} sealed for ${asked.stanzaId}`,
      });
      return;
    }
    if (sent.phone === "silent") {
      this.log.push({ type: "media-retry", id, result: "ignored" });
      return;
    }
    const { ResultType } = proto.MediaRetryNotification;
    const answer: proto.IMediaRetryNotification =
      sent.phone === "lost"
        ? { stanzaId: id, result: ResultType.NOT_FOUND }
        : { stanzaId: id, result: ResultType.SUCCESS, directPath: this.host.host(sent.blob).directPath };
    const sealed = sealRetry(sent.mediaKey, id, proto.MediaRetryNotification.encode(answer).finish());
    conn.send(
      node(
        "notification",
        [
          node("encrypt", [node("enc_p", sealed.ciphertext), node("enc_iv", sealed.iv)]),
          rmr ?? node("rmr", undefined, {}),
        ],
        {
          from: conn.device?.account.jid ?? "",
          type: "mediaretry",
          id,
          t: now,
        },
      ),
    );
    this.log.push({ type: "media-retry", id, result: sent.phone === "lost" ? "not-found" : "reuploaded" });
  }

  close(): Promise<void> {
    return this.host.close();
  }
}

/** `<iq xmlns="w:m"><media_conn/>`: where linked devices upload, with the token they must show. */
export function installMediaIqs(iq: IqRouter, media: EmulatedMedia): void {
  iq.on("w:m", "media_conn", () => [
    node(
      "media_conn",
      [
        node("host", undefined, {
          hostname: media.host.hostname,
          maxContentLengthBytes: String(100 * 1024 * 1024),
        }),
      ],
      {
        auth: media.host.auth,
        ttl: "300",
        auth_ttl: "21600",
        max_buckets: "12",
      },
    ),
  ]);
}

/** A contact's media message to an account: the file on the host, the message to each linked device. */
export function sendMediaToAccount(
  net: Network,
  sender: Account,
  to: Account,
  input: MediaInput,
  opts: Omit<StanzaOptions, "category" | "type"> = {},
) {
  const id = opts.id ?? newMessageId();
  const prepared = net.media.prepare(id, input);
  // WhatsApp sends an album's items as associated children naming the album message.
  const album = input.albumId
    ? {
        associatedChildMessage: {
          message: {
            ...prepared,
            messageContextInfo: {
              messageAssociation: {
                associationType: 1,
                parentMessageKey: { remoteJid: to.jid, fromMe: false, id: input.albumId },
              },
            },
          },
        },
      }
    : prepared;
  const message = input.viewOnce ? { viewOnceMessageV2: { message: album } } : album;
  return sendToAccount(net, sender, to, message, { ...opts, id, type: "media" });
}
