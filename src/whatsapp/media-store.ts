import { existsSync, mkdirSync, readdirSync, rmSync } from "node:fs";
import { open, rename, unlink } from "node:fs/promises";
import { join } from "node:path";

/** The media store as the rest of the app uses it (content-addressed files under <data>/media). */
export type MediaStore = {
  path(sha256: string): string;
  putBytes(
    bytes: Uint8Array,
  ): Promise<{ ok: true; sha256: string; size: number } | { ok: false; error: string }>;
};

/** What a driver's MediaSource hands over: a web stream, any async iterable of chunks, or the bytes. */
export type MediaBytes = ReadableStream<Uint8Array> | AsyncIterable<Uint8Array> | Uint8Array;

export type PutResult =
  | { ok: true; sha256: string; size: number }
  | { ok: false; reason: "too_large"; error: string }
  | { ok: false; reason: "failed"; error: string };

export type ContentStore = MediaStore & {
  readonly dir: string;
  /** Streams into the store, hashing as it writes; refuses (and keeps nothing) past maxBytes. */
  putStream(source: MediaBytes, maxBytes: number): Promise<PutResult>;
};

const TEMP_PREFIX = ".incoming-";

export function tooLargeMessage(maxBytes: number): string {
  return `The file is larger than the ${formatMb(maxBytes)} limit, so it was not downloaded.`;
}

function formatMb(bytes: number): string {
  const mb = bytes / (1024 * 1024);
  return `${Number.isInteger(mb) ? mb : mb.toFixed(1)} MB`;
}

async function* chunksOf(source: MediaBytes): AsyncIterable<Uint8Array> {
  if (source instanceof Uint8Array) {
    yield source;
    return;
  }
  yield* source as AsyncIterable<Uint8Array>;
}

/**
 * Content-addressed files: <dir>/ab/cdef… named by the SHA-256 of their bytes, so the same file is
 * kept once however many messages carry it. Writes go to a temporary file in the same folder and
 * are renamed into place, so a half-written file never has a real name.
 */
export function createMediaStore(dir: string): ContentStore {
  mkdirSync(dir, { recursive: true });
  // Half-written downloads of a process that died have no message pointing at them.
  for (const name of readdirSync(dir))
    if (name.startsWith(TEMP_PREFIX)) rmSync(join(dir, name), { force: true });
  const path = (sha256: string) => join(dir, sha256.slice(0, 2), sha256.slice(2));

  async function putStream(source: MediaBytes, maxBytes: number): Promise<PutResult> {
    const tmp = join(dir, `${TEMP_PREFIX}${crypto.randomUUID()}`);
    const hasher = new Bun.CryptoHasher("sha256");
    let size = 0;
    const file = await open(tmp, "wx", 0o600);
    let kept = false;
    try {
      for await (const chunk of chunksOf(source)) {
        size += chunk.byteLength;
        if (size > maxBytes) return { ok: false, reason: "too_large", error: tooLargeMessage(maxBytes) };
        hasher.update(chunk);
        await file.write(chunk);
      }
      await file.close();
      const sha256 = hasher.digest("hex");
      const target = path(sha256);
      if (!existsSync(target)) {
        mkdirSync(join(dir, sha256.slice(0, 2)), { recursive: true });
        await rename(tmp, target);
        kept = true;
      }
      return { ok: true, sha256, size };
    } catch (err) {
      return {
        ok: false,
        reason: "failed",
        error: `Download failed: ${(err as Error).message || "unknown error"}`,
      };
    } finally {
      await file.close().catch(() => {});
      if (!kept) await unlink(tmp).catch(() => {});
    }
  }

  return {
    dir,
    path,
    putStream,
    async putBytes(bytes) {
      const r = await putStream(bytes, Number.POSITIVE_INFINITY);
      return r.ok ? r : { ok: false, error: r.error };
    },
  };
}
