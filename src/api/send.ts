import type { MediaStore } from "../messaging/services.ts";
import type { Problem } from "../messaging/send.ts";
import type { UploadedFile } from "../inbox/compose-routes.tsx";
import { safeFileName } from "../file-name.ts";
import type { Logger } from "../log.ts";
import { publicPolicy, safeFetch, type FetchFailureReason } from "../net/safe-fetch.ts";

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

/** What a caller is told when media.url fails: a category, never the address or the error behind it. */
export type MediaFetchReason = FetchFailureReason | "http_error" | "empty";

function fetchProblem(reason: MediaFetchReason): Problem {
  return {
    ok: false,
    status: reason === "address_not_allowed" || reason === "invalid_url" || reason === "empty" ? 422 : 502,
    error: "media_fetch_failed",
    reason,
    message: `media.url: could not fetch media from that URL (${reason}).`,
  };
}

/**
 * Downloads media for a send through the one outbound-fetch module: public addresses only (checked
 * after DNS and again on each of up to 5 redirects) unless PAIRBOX_FETCH_ALLOW names the host or its
 * range; 30 s for the whole download and the upload limit, checked while the bytes stream in.
 * Failures come back as a category only, so the API cannot be used to map what the server reaches.
 */
export async function fetchMedia(
  media: MediaStore,
  input: { url: string; fileName?: string | undefined; mime?: string | undefined },
  opts: { maxBytes: number; allow: readonly string[]; logger: Logger },
): Promise<{ ok: true; file: UploadedFile } | Problem> {
  const { maxBytes } = opts;
  const signal = AbortSignal.timeout(MEDIA_FETCH_TIMEOUT_MS);
  const fetched = await safeFetch(input.url, { signal, maxRedirects: 5 }, publicPolicy(opts.allow));
  if (!fetched.ok) {
    opts.logger.info({ reason: fetched.reason, detail: fetched.detail }, "media.url not fetched");
    return fetchProblem(fetched.reason);
  }
  const res = fetched.response;
  if (!res.ok || !res.body) {
    await res.body?.cancel().catch(() => {});
    return fetchProblem("http_error");
  }
  const tooLarge = (): Problem => ({
    ok: false,
    status: 413,
    error: "too_large",
    message: `media.url: the file is larger than the ${Math.round(maxBytes / 1048576)} MB limit.`,
  });
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
  } catch {
    return fetchProblem(signal.aborted ? "timeout" : "unreachable");
  }
  if (size === 0) return fetchProblem("empty");
  const stored = await media.putBytes(Buffer.concat(chunks));
  if (!stored.ok)
    return { ok: false, status: 422, error: "media_fetch_failed", message: `media.url: ${stored.error}` };
  const mime =
    input.mime || (res.headers.get("content-type") ?? "").split(";")[0]!.trim() || "application/octet-stream";
  return {
    ok: true,
    file: {
      sha256: stored.sha256,
      size: stored.size,
      mime,
      fileName:
        safeFileName(input.fileName) || fileNameFrom(fetched.url, res.headers.get("content-disposition")),
    },
  };
}
