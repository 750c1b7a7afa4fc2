import type { WAMessage } from "@whiskeysockets/baileys";
import type { MediaSource } from "../driver.ts";
import { statusCodeOf } from "./disconnect.ts";
import {
  fetchMediaFile,
  isWhatsAppUrl,
  MediaError,
  MediaHttpError,
  mediaOf,
  mediaUrl,
} from "./media-fetch.ts";
import type { BaileysLogger, DriverSocket } from "./socket.ts";
import { withinDeadline, type TransferTimeouts } from "./transfer-timeouts.ts";

/**
 * A message's media, fetched on demand (the session manager stores the message first, then streams
 * this into the media store with its size cap). When WhatsApp's media server no longer has the file
 * (404/410, or 403 for an expired signature), the phone is asked for it again, as WhatsApp Web does,
 * and the refreshed message (its new direct path) is kept for later downloads.
 */

/** Fetches one file given the media hosts of the connection: the seam tests replace. */
export type MediaDownloader = (
  msg: WAMessage,
  hosts: readonly string[],
) => Promise<AsyncIterable<Uint8Array>>;

export type MediaContext = {
  socket(): DriverSocket | null;
  logger: BaileysLogger;
  timeouts: TransferTimeouts;
  maxBytes: number;
  /** Keeps the message as the phone refreshed it. */
  refreshed(msg: WAMessage): void;
  download?: MediaDownloader | undefined;
};

const EXPIRED = new Set([403, 404, 410]);

const NETWORK_FAILURE =
  /ENOTFOUND|getaddrinfo|ECONNREFUSED|ECONNRESET|EAI_AGAIN|ConnectionRefused|Unable to connect/i;

function realDownloader(ctx: MediaContext): MediaDownloader {
  return async (msg, hosts) => {
    const media = mediaOf(msg);
    if (!media) throw new MediaError("The message holds no downloadable media");
    const url = mediaUrl(media.file, hosts);
    if (!url)
      throw new MediaError("The message names a media address that is not WhatsApp's: it was not fetched");
    return fetchMediaFile(media.file, media.type, url, ctx);
  };
}

function plainDownloadError(error: unknown): string {
  if (error instanceof MediaError) return error.message;
  if (error instanceof MediaHttpError)
    return EXPIRED.has(error.status)
      ? "The media has expired on WhatsApp, even after the phone sent it again"
      : error.message;
  const message = error instanceof Error ? error.message : String(error ?? "");
  const code = (error as { code?: unknown } | null)?.code;
  if (NETWORK_FAILURE.test(`${message} ${String(code ?? "")}`))
    return "Cannot reach WhatsApp's media servers";
  return `The media could not be downloaded${message ? `: ${message.slice(0, 200)}` : ""}`;
}

/** The media hosts WhatsApp named for this connection (media_conn; Baileys keeps them for their TTL). */
async function connectionHosts(sock: DriverSocket, ctx: MediaContext): Promise<string[]> {
  try {
    const conn = await withinDeadline(
      sock.refreshMediaConn(false),
      ctx.timeouts.responseMs,
      () => new Error("media_conn timed out"),
    );
    return conn.hosts.map((h) => h.hostname);
  } catch {
    return [];
  }
}

/** Only a file whose URL is not on WhatsApp's own hosts needs the connection's list. */
async function mediaHosts(msg: WAMessage, ctx: MediaContext): Promise<string[]> {
  const sock = ctx.socket();
  const file = mediaOf(msg)?.file;
  return sock && file && !isWhatsAppUrl(file.url) ? connectionHosts(sock, ctx) : [];
}

/** Asks the phone to upload the file again (a `server-error` receipt); resolves with the refreshed message. */
async function askPhoneAgain(msg: WAMessage, ctx: MediaContext): Promise<WAMessage> {
  const sock = ctx.socket();
  if (!sock)
    throw new Error(
      "The media has expired on WhatsApp: it can be asked from the phone again once the channel is connected",
    );
  ctx.logger.info({ waId: msg.key?.id }, "media expired on WhatsApp; asking the phone to send it again");
  // The phone answers with a direct path on the connection's media host: Baileys must know that host.
  await connectionHosts(sock, ctx);
  try {
    return await withinDeadline(
      sock.updateMediaMessage(msg),
      ctx.timeouts.phoneRetryMs,
      () =>
        new MediaError(
          "The media has expired on WhatsApp and the phone did not send it again in time (it may be offline): try again later",
        ),
    );
  } catch (err) {
    if (err instanceof MediaError) throw new Error(err.message);
    if (statusCodeOf(err) === 404)
      throw new Error("The media has expired on WhatsApp and the phone no longer has it");
    const why = err instanceof Error ? err.message.slice(0, 200) : "";
    throw new Error(
      `The media has expired on WhatsApp and the phone could not send it again${why ? `: ${why}` : ""}`,
    );
  }
}

export function mediaSource(msg: WAMessage, ctx: MediaContext): MediaSource {
  const download = ctx.download ?? realDownloader(ctx);
  const attempt = async (m: WAMessage) => download(m, await mediaHosts(m, ctx));
  return {
    async download() {
      try {
        return await attempt(msg);
      } catch (err) {
        if (!(err instanceof MediaHttpError && EXPIRED.has(err.status)))
          throw new Error(plainDownloadError(err));
      }
      const refreshed = await askPhoneAgain(msg, ctx);
      ctx.refreshed(refreshed);
      try {
        return await attempt(refreshed);
      } catch (err) {
        throw new Error(plainDownloadError(err));
      }
    },
  };
}
