import { downloadMediaMessage, type WAMessage } from "@whiskeysockets/baileys";
import type { MediaSource } from "../driver.ts";
import { statusCodeOf } from "./disconnect.ts";
import type { BaileysLogger, DriverSocket } from "./socket.ts";

/**
 * A message's media, fetched on demand (the session manager stores the message first, then streams
 * this into the media store with its size cap). Expired media is re-requested from the phone.
 */

export type MediaDownloader = typeof downloadMediaMessage;

function plainDownloadError(error: unknown): string {
  const code = statusCodeOf(error);
  const message = error instanceof Error ? error.message : String(error ?? "");
  if (code === 404 || code === 410)
    return "The media has expired on WhatsApp and the phone could not send it again";
  if (/not a media message|No message present|No valid media URL/i.test(message))
    return "The message holds no downloadable media";
  if (/ENOTFOUND|getaddrinfo|ECONNREFUSED|ETIMEDOUT|EAI_AGAIN/.test(message))
    return "Cannot reach WhatsApp's media servers";
  return `The media could not be downloaded${message ? `: ${message.slice(0, 200)}` : ""}`;
}

export function mediaSource(
  msg: WAMessage,
  socket: () => DriverSocket | null,
  logger: BaileysLogger,
  download: MediaDownloader = downloadMediaMessage,
): MediaSource {
  return {
    async download() {
      const sock = socket();
      // Without a live socket nothing can ask the phone to re-upload: a plain download may still work.
      const ctx = sock
        ? { reuploadRequest: (m: WAMessage) => sock.updateMediaMessage(m), logger }
        : undefined;
      try {
        const stream = await download(msg, "stream", {}, ctx);
        return stream as AsyncIterable<Uint8Array>;
      } catch (error) {
        throw new Error(plainDownloadError(error));
      }
    },
  };
}
