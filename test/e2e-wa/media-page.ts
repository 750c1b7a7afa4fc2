import { createHash, randomBytes } from "node:crypto";
import type { Session } from "../helpers/app.ts";
import { waitUntil, type Pairbox, type Scene } from "./harness.ts";

/** What the media tests read off Pairbox's pages: the bubbles of a conversation and the files behind them. */

export type ShownMessage = {
  id: number;
  direction: "in" | "out";
  status: string;
  /** How the page shows the file: an image, a sticker, a player, a download, or a note. */
  shows: "image" | "sticker" | "audio" | "video" | "document" | "note" | "none";
  /** The file's address on the page (img/audio/video src, the document's link). */
  src: string | null;
  docName: string | null;
  /** The note shown instead of the file ("Downloading image…", "Media unavailable: …"). */
  note: string | null;
  /** Whether the note offers Retry. */
  retry: boolean;
  text: string;
  error: string | null;
};

const htmlText = (s: string) =>
  s
    .replaceAll("&amp;", "&")
    .replaceAll("&lt;", "<")
    .replaceAll("&gt;", ">")
    .replaceAll("&quot;", '"')
    .replaceAll("&#39;", "'");

function parseBubble(id: number, direction: "in" | "out", status: string, body: string): ShownMessage {
  const img = /<img src="([^"]+)"[^>]*class="(image|sticker)"/.exec(body);
  const player = /<(audio|video) controls(?:="")? preload="none" src="([^"]+)"/.exec(body);
  const doc =
    /<a class="doc" href="([^"]+)"><svg class="icon"[^>]*>.*?<\/svg> <span class="doc-name">([^<]*)<\/span>/.exec(
      body,
    );
  const note = /<(?:p|div) class="media-note[^"]*">(?:<span>)?([^<]*)/.exec(body);
  const shows = img
    ? (img[2] as "image" | "sticker")
    : player
      ? (player[1] as "audio" | "video")
      : doc
        ? "document"
        : note
          ? "note"
          : "none";
  return {
    id,
    direction,
    status,
    shows,
    src: htmlText(img?.[1] ?? player?.[2] ?? doc?.[1] ?? "") || null,
    docName: doc ? htmlText(doc[2]!) : null,
    note: note ? htmlText(note[1]!) : null,
    retry: /media-retry/.test(body),
    text: htmlText(/<div class="msg-text" dir="auto">([^<]*)<\/div>/.exec(body)?.[1] ?? ""),
    error: ((e) => (e ? htmlText(e[1]!) : null))(
      /<div class="msg-error">\s*<span>([^<]*)<\/span>/.exec(body),
    ),
  };
}

/** The first conversation the inbox lists, once it lists one (each media test has one customer). */
export function shownConversation(scene: Scene): Promise<number> {
  return waitUntil("the conversation in the inbox", async () => {
    const html = await (await scene.pb.request("/inbox", { session: scene.admin })).text();
    return Number(/id="conv-(\d+)"/.exec(html)?.[1] ?? 0);
  });
}

/** The conversation page's bubbles, oldest first. */
export async function shownMessages(
  pb: Pairbox,
  session: Session,
  conversationId: number,
): Promise<ShownMessage[]> {
  const html = await (await pb.request(`/inbox/c/${conversationId}`, { session })).text();
  return [
    ...html.matchAll(
      /<div id="msg-(\d+)" class="msg (in|out)[^"]*" data-status="(\w+)">([\s\S]*?)(?=<div id="msg-\d+"|<\/section>|<form id="reply")/g,
    ),
  ].map((m) => parseBubble(Number(m[1]), m[2] as "in" | "out", m[3]!, m[4]!));
}

/** The SHA-256 of what a page's file address serves, with its content type; null when it is not served. */
export async function servedFile(
  pb: Pairbox,
  session: Session,
  src: string,
): Promise<{ sha256: string; type: string; disposition: string } | null> {
  const res = await pb.request(src, { session });
  if (res.status !== 200) return null;
  const bytes = new Uint8Array(await res.arrayBuffer());
  return {
    sha256: sha256(bytes),
    type: res.headers.get("content-type") ?? "",
    disposition: res.headers.get("content-disposition") ?? "",
  };
}

export const sha256 = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");

/** Bytes standing in for a file of a given size (random: no two files share a hash). */
export const fileBytes = (size: number) => new Uint8Array(randomBytes(size));
