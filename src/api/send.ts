import type { Db } from "../db/open.ts";
import type { MediaStore } from "../services.ts";
import type { ConversationRow } from "../inbox/types.ts";
import { applyCountryPrefix } from "../phone.ts";
import {
  ensureDirectConversation,
  findConversation,
  findConversationByChat,
} from "../inbox/conversations-store.ts";
import type { UploadedFile } from "../inbox/compose-routes.tsx";
import { safeFileName } from "../file-name.ts";

export type Problem = { ok: false; status: 400 | 404 | 413 | 422 | 502; error: string; message: string };

export type RecipientInput = {
  to?: string | undefined;
  group_jid?: string | undefined;
  conversation_id?: number | undefined;
};

/**
 * Who a message goes to: a person by phone (normalised with the channel's country prefix, by the one
 * phone normaliser), a group Pairbox already knows, or an existing conversation of this channel.
 */
export function resolveRecipient(
  db: Db,
  channel: { id: number; country_prefix: string },
  r: RecipientInput,
  now: number,
): { ok: true; conversation: ConversationRow } | Problem {
  if (r.conversation_id !== undefined) {
    const conv = findConversation(db, r.conversation_id);
    if (!conv || conv.channel_id !== channel.id)
      return { ok: false, status: 404, error: "not_found", message: "No such conversation on this channel." };
    return { ok: true, conversation: conv };
  }
  if (r.group_jid !== undefined) {
    const conv = findConversationByChat(db, channel.id, r.group_jid);
    if (conv?.kind !== "group")
      return {
        ok: false,
        status: 404,
        error: "not_found",
        message:
          "Pairbox does not know this group on this channel yet: a group is known once a message from it has arrived.",
      };
    return { ok: true, conversation: conv };
  }
  const phone = applyCountryPrefix(r.to ?? "", channel.country_prefix);
  if (!phone.ok) return { ok: false, status: 400, error: "invalid_request", message: `to: ${phone.reason}` };
  return { ok: true, conversation: ensureDirectConversation(db, channel.id, phone.e164, now) };
}

/** Media by URL: fetched once, capped in size and time, then stored like an upload. */
export const MEDIA_FETCH_TIMEOUT_MS = 30_000;

function fileNameFrom(url: URL, disposition: string | null): string {
  const fromHeader = disposition ? /filename\*?=(?:UTF-8'')?"?([^";]+)"?/i.exec(disposition)?.[1] : undefined;
  return safeFileName(decodeLenient(fromHeader ?? url.pathname.split("/").pop() ?? "")) ?? "file";
}

/** Percent-decoding that keeps a malformed sequence as written instead of throwing. */
function decodeLenient(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

/**
 * Downloads media for a send. Local and private addresses are allowed on purpose: Pairbox runs next
 * to the tools that call it, and only holders of a send-scoped key can ask. What is capped is the size
 * (the upload limit, checked while the bytes stream in) and the time (30 s for the whole download).
 */
export async function fetchMedia(
  media: MediaStore,
  input: { url: string; fileName?: string | undefined; mime?: string | undefined },
  maxBytes: number,
): Promise<{ ok: true; file: UploadedFile } | Problem> {
  const url = new URL(input.url);
  const problem = (status: 413 | 422 | 502, message: string): Problem => ({
    ok: false,
    status,
    error: status === 413 ? "too_large" : "media_fetch_failed",
    message,
  });
  let res: Response;
  try {
    res = await fetch(url, { signal: AbortSignal.timeout(MEDIA_FETCH_TIMEOUT_MS), redirect: "follow" });
  } catch (err) {
    const timedOut = (err as Error).name === "TimeoutError";
    return problem(
      502,
      timedOut
        ? `media.url: no answer within ${MEDIA_FETCH_TIMEOUT_MS / 1000} s.`
        : `media.url: could not be fetched (${(err as Error).message}).`,
    );
  }
  if (!res.ok || !res.body) return problem(502, `media.url: the server answered HTTP ${res.status}.`);
  const tooLarge = () =>
    problem(413, `media.url: the file is larger than the ${Math.round(maxBytes / 1048576)} MB limit.`);
  if (Number(res.headers.get("content-length") ?? 0) > maxBytes) {
    await res.body.cancel().catch(() => {});
    return tooLarge();
  }
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for await (const chunk of res.body) {
      size += chunk.byteLength;
      if (size > maxBytes) return tooLarge();
      chunks.push(chunk);
    }
  } catch (err) {
    return problem(502, `media.url: the download broke off (${(err as Error).message}).`);
  }
  if (size === 0) return problem(422, "media.url: the file is empty.");
  const stored = await media.putBytes(Buffer.concat(chunks));
  if (!stored.ok) return problem(422, `media.url: ${stored.error}`);
  const mime =
    input.mime || (res.headers.get("content-type") ?? "").split(";")[0]!.trim() || "application/octet-stream";
  return {
    ok: true,
    file: {
      sha256: stored.sha256,
      size: stored.size,
      mime,
      fileName: input.fileName || fileNameFrom(url, res.headers.get("content-disposition")),
    },
  };
}
