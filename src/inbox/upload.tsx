import type { Context } from "hono";
import type { AppEnv } from "../web/context.ts";
import { uploadTooLargeMessage, type BodyRule } from "../web/body-limit.ts";
import { currentUser } from "../auth/middleware.ts";
import { accessibleChannels } from "../channels/access.ts";
import { ComposePage } from "./views/compose-page.tsx";
import { safeFileName } from "../file-name.ts";

function tooLarge(c: Context<AppEnv>) {
  const { config, db } = c.get("deps");
  const message = uploadTooLargeMessage(config);
  if (c.req.header("hx-request") === "true") {
    // The reply box keeps its text: only the note next to the file picker changes.
    c.header("HX-Retarget", "#reply .file-error");
    c.header("HX-Reswap", "innerHTML");
    return c.text(message, 413);
  }
  if (c.req.path === "/inbox/compose" && c.get("user")) {
    return c.html(
      <ComposePage
        channels={accessibleChannels(db, currentUser(c))}
        values={{ channelId: null, to: "", text: "", invoiceId: null, record: "" }}
        invoices={[]}
        templates={[]}
        errors={{ file: message }}
        maxUploadMb={config.maxUploadMb}
      />,
      413,
    );
  }
  return c.text(message, 413);
}

/**
 * The two inbox forms that carry files take the upload cap; over it they are refused before the
 * body is stored, with the message where the form shows it.
 */
export const INBOX_UPLOADS: BodyRule = {
  route: /^POST \/inbox\/(compose|c\/\d+\/send)$/,
  size: "upload",
  tooLarge,
};

export type UploadedFile = { sha256: string; mime: string; size: number; fileName: string };

/**
 * The type an upload is kept as. Bun (1.4) types a multipart part by its file name's extension and
 * drops the Content-Type the client sent, so a file whose own name says nothing ("upload.bin", no
 * extension) takes the type of the name it is kept under (the API's `file_name`).
 */
function uploadType(file: File, fileName: string): string {
  if (file.type && file.type !== "application/octet-stream") return file.type;
  return Bun.file(fileName).type.split(";")[0]!;
}

/**
 * Stores an uploaded file in the media store, or says why not (the exact cap is checked here).
 * `name` replaces the file's own name (cleaned the same way).
 */
export async function storeUpload(
  c: Context<AppEnv>,
  file: unknown,
  name?: string,
): Promise<{ ok: true; file: UploadedFile | null } | { ok: false; error: string }> {
  if (!(file instanceof File) || file.size === 0) return { ok: true, file: null };
  const { config, services } = c.get("deps");
  if (file.size > config.maxUploadBytes) return { ok: false, error: uploadTooLargeMessage(config) };
  const stored = await services.media.putBytes(new Uint8Array(await file.arrayBuffer()));
  if (!stored.ok) return { ok: false, error: stored.error };
  const fileName = (name && safeFileName(name)) || safeFileName(file.name) || "file";
  return {
    ok: true,
    file: {
      sha256: stored.sha256,
      size: stored.size,
      mime: uploadType(file, fileName),
      fileName,
    },
  };
}
