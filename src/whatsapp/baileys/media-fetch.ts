import { createDecipheriv, createHash, createHmac, timingSafeEqual } from "node:crypto";
import {
  DEF_MEDIA_HOST,
  DEFAULT_ORIGIN,
  extractMessageContent,
  getMediaKeys,
  type MediaType,
  type WAMessage,
} from "@whiskeysockets/baileys";
import { toNumber } from "./content.ts";
import { transferDeadlineMs, type TransferTimeouts } from "./transfer-timeouts.ts";

/**
 * Fetches and decrypts one WhatsApp media file. Pairbox does this itself rather than through
 * Baileys' downloadMediaMessage, which cannot be cancelled (a stalled media server held it for
 * ever), hides the HTTP status inside a Boom error (so its own re-upload never ran), checks neither
 * the file's MAC nor its hashes, and fetches whatever address a message names.
 */

/** What a media message says about its file. */
export type MediaFile = {
  url?: string | null;
  directPath?: string | null;
  mediaKey?: Uint8Array | null;
  fileSha256?: Uint8Array | null;
  fileEncSha256?: Uint8Array | null;
  fileLength?: unknown;
};

/** The media server's refusal, with its status: 404 and 410 mean the file is gone from it. */
export class MediaHttpError extends Error {
  constructor(readonly status: number) {
    super(`WhatsApp's media server refused the file (HTTP ${status})`);
  }
}

/** An error whose message is already plain words for people. */
export class MediaError extends Error {}

const MAC_LENGTH = 10;

const MEDIA_FIELDS = {
  imageMessage: "image",
  videoMessage: "video",
  ptvMessage: "ptv",
  audioMessage: "audio",
  documentMessage: "document",
  stickerMessage: "sticker",
} as const satisfies Record<string, MediaType>;

/** A message's file and the kind of keys it is encrypted with; null when it carries none. */
export function mediaOf(msg: WAMessage): { file: MediaFile; type: MediaType } | null {
  const content = extractMessageContent(msg.message) as
    | Record<string, MediaFile | null | undefined>
    | undefined;
  for (const [field, type] of Object.entries(MEDIA_FIELDS)) {
    const file = content?.[field];
    if (file?.mediaKey?.length && (file.directPath || file.url)) return { file, type };
  }
  return null;
}

function parseUrl(text: string | null | undefined): URL | null {
  try {
    return text ? new URL(text) : null;
  } catch {
    return null;
  }
}

/** mmg.whatsapp.net and its kin: the only hosts a message's own address may name. */
export function isWhatsAppUrl(text: string | null | undefined): boolean {
  const url = parseUrl(text);
  return (
    url?.protocol === "https:" && (url.hostname === "whatsapp.net" || url.hostname.endsWith(".whatsapp.net"))
  );
}

/**
 * Where to fetch the file: its direct path on the host its URL names when that is WhatsApp's (or
 * one the connection's media_conn listed), else on the first media_conn host. A message naming
 * any other address is never fetched from it: a sender cannot make Pairbox call a server of theirs.
 */
export function mediaUrl(file: MediaFile, hosts: readonly string[]): string | null {
  const given = parseUrl(file.url);
  const trusted = given?.protocol === "https:" && (isWhatsAppUrl(file.url) || hosts.includes(given.host));
  if (!file.directPath) return trusted ? given!.href : null;
  if (!file.directPath.startsWith("/") || file.directPath.startsWith("//")) return null;
  const host = trusted ? given!.host : (hosts[0] ?? DEF_MEDIA_HOST);
  const url = parseUrl(`https://${host}${file.directPath}`);
  return url?.host === host ? url.href : null;
}

/** Aborts the request once any of its clocks runs out, remembering which. */
class Watch {
  readonly controller = new AbortController();
  reason: string | null = null;
  private readonly timers = new Set<Timer>();

  after(ms: number, reason: string): () => void {
    const timer = setTimeout(() => this.stop(reason), ms);
    this.timers.add(timer);
    return () => {
      clearTimeout(timer);
      this.timers.delete(timer);
    };
  }

  stop(reason: string): void {
    this.reason ??= reason;
    this.controller.abort();
  }

  done(): void {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }

  /** The timeout's plain reason when one fired, else the error as it came. */
  explain(err: unknown): unknown {
    return this.reason ? new MediaError(this.reason) : err;
  }
}

/**
 * Streams the decrypted file. Its MAC and hashes are checked when the last bytes arrive, before the
 * stream ends: a damaged or substituted file fails the download, so it is never stored.
 */
export async function fetchMediaFile(
  file: MediaFile,
  type: MediaType,
  url: string,
  opts: { timeouts: TransferTimeouts; maxBytes: number },
): Promise<AsyncIterable<Uint8Array>> {
  const keys = await getMediaKeys(file.mediaKey, type);
  const size = toNumber(file.fileLength);
  const watch = new Watch();
  watch.after(
    transferDeadlineMs(opts.timeouts, Math.min(size ?? opts.maxBytes, opts.maxBytes)),
    "The download from WhatsApp took too long",
  );
  const answered = watch.after(opts.timeouts.responseMs, "WhatsApp's media server did not answer in time");
  let res: Response;
  try {
    res = await fetch(url, { headers: { Origin: DEFAULT_ORIGIN }, signal: watch.controller.signal });
  } catch (err) {
    watch.done();
    throw watch.explain(err);
  }
  answered();
  if (!res.ok || !res.body) {
    watch.controller.abort();
    watch.done();
    throw new MediaHttpError(res.status);
  }
  return decrypt(res.body, keys, file, watch, opts.timeouts.idleMs);
}

type Keys = Awaited<ReturnType<typeof getMediaKeys>>;

async function* decrypt(
  body: ReadableStream<Uint8Array>,
  keys: Keys,
  file: MediaFile,
  watch: Watch,
  idleMs: number,
): AsyncGenerator<Uint8Array> {
  const reader = body.getReader();
  const decipher = createDecipheriv("aes-256-cbc", keys.cipherKey, keys.iv);
  if (!keys.macKey) throw new MediaError("The message's media key is unusable");
  const mac = createHmac("sha256", keys.macKey).update(keys.iv);
  const encHash = createHash("sha256");
  const plainHash = createHash("sha256");
  let tail = Buffer.alloc(0);
  let length = 0;
  let finished = false;
  const plain = (bytes: Buffer) => {
    plainHash.update(bytes);
    length += bytes.length;
    return bytes;
  };
  try {
    for (;;) {
      const idle = watch.after(idleMs, "WhatsApp's media server stopped sending the file");
      let chunk: Awaited<ReturnType<typeof reader.read>>;
      try {
        chunk = await reader.read();
      } catch (err) {
        throw watch.explain(err);
      } finally {
        idle();
      }
      if (chunk.done) break;
      encHash.update(chunk.value);
      // The last 10 bytes are the MAC, not ciphertext: keep them back until the stream ends.
      const data = Buffer.concat([tail, chunk.value]);
      const cut = Math.max(0, data.length - MAC_LENGTH);
      tail = data.subarray(cut);
      const enc = data.subarray(0, cut);
      mac.update(enc);
      const out = plain(decipher.update(enc));
      if (out.length) yield out;
    }
    finished = true;
    if (tail.length < MAC_LENGTH || !timingSafeEqual(mac.digest().subarray(0, MAC_LENGTH), tail))
      throw new MediaError("The file from WhatsApp is damaged: its MAC does not verify");
    let last: Buffer;
    try {
      last = plain(decipher.final());
    } catch {
      throw new MediaError("The file from WhatsApp is damaged: it does not decrypt");
    }
    const mismatch = (want: Uint8Array | null | undefined, got: Buffer) =>
      !!want?.length && (want.length !== got.length || !timingSafeEqual(want, got));
    if (mismatch(file.fileEncSha256, encHash.digest()) || mismatch(file.fileSha256, plainHash.digest()))
      throw new MediaError("The file from WhatsApp is damaged: its checksum does not match");
    const size = toNumber(file.fileLength);
    if (size !== null && size !== length)
      throw new MediaError(`The file from WhatsApp is incomplete: ${length} of ${size} bytes`);
    if (last.length) yield last;
  } finally {
    watch.done();
    if (!finished) {
      watch.controller.abort();
      await reader.cancel().catch(() => {});
    }
  }
}
