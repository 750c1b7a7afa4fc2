import type { Db } from "../../db/open.ts";
import { findMessage } from "../../messaging/store.ts";
import type { ActionContext } from "./run-context.ts";
import type { StepFile } from "./send-whatsapp.tsx";

export type MediaLookup = { ok: true; file: StepFile } | { ok: false; pending: boolean; error: string };

/** The triggering message's media, once the session has downloaded it. */
export function triggerMedia(db: Db, messageId: number | null): MediaLookup {
  const m = messageId ? findMessage(db, messageId) : null;
  if (!m || m.type === "text" || m.media_status === null)
    return { ok: false, pending: false, error: "the triggering message has no media" };
  if (m.media_status === "pending")
    return { ok: false, pending: true, error: "the message's media is still downloading" };
  if (m.media_status !== "stored" || !m.media_sha256)
    return {
      ok: false,
      pending: false,
      error: `the message's media is unavailable (${m.media_error ?? m.media_status})`,
    };
  return {
    ok: true,
    file: {
      sha256: m.media_sha256,
      mime: m.media_mime ?? "application/octet-stream",
      size: m.media_size ?? 0,
      fileName: m.media_filename ?? defaultName(m.media_mime),
    },
  };
}

function defaultName(mime: string | null): string {
  const ext = mime?.split("/")[1]?.replace(/[^a-z0-9]/gi, "") || "bin";
  return `whatsapp-media.${ext}`;
}

/**
 * The triggering message's media, waiting a little (in this process) for a download that is still
 * running: the session announces the stored file on the hub. A longer wait is the job's retry.
 */
export async function triggerMediaWhenReady(ctx: ActionContext): Promise<MediaLookup> {
  const messageId = ctx.run.message_id;
  if (ctx.mediaWaitMs <= 0) return triggerMedia(ctx.db, messageId);
  let off: () => void = () => {};
  const announced = new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ctx.mediaWaitMs);
    off = ctx.services.hub.subscribe((e) => {
      if (e.type === "message.status" && e.messageId === messageId) {
        clearTimeout(timer);
        resolve();
      }
    });
  });
  try {
    const now = triggerMedia(ctx.db, messageId);
    if (now.ok || !now.pending) return now;
    await announced;
    return triggerMedia(ctx.db, messageId);
  } finally {
    off();
  }
}
