import { describe, expect, test } from "bun:test";
import { existsSync, mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createMediaStore } from "../../src/whatsapp/media-store.ts";

const sha = (b: Uint8Array) => new Bun.CryptoHasher("sha256").update(b).digest("hex");
const store = () => createMediaStore(mkdtempSync(join(tmpdir(), "pairbox-media-test-")));
/** Every file the store keeps (temporary files start with a dot). */
const files = (dir: string) =>
  readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => e.name);

function streamOf(chunks: Uint8Array[]): ReadableStream<Uint8Array> {
  return new ReadableStream({
    pull(c) {
      const next = chunks.shift();
      if (next) c.enqueue(next);
      else c.close();
    },
  });
}

describe("media store", () => {
  test("a file lands under <media>/ab/cdef… by its SHA-256, streamed in chunks", async () => {
    const s = store();
    const bytes = new TextEncoder().encode("hello media store");
    const r = await s.putStream(streamOf([bytes.slice(0, 5), bytes.slice(5)]), 1024);
    expect(r).toEqual({ ok: true, sha256: sha(bytes), size: bytes.byteLength });
    const path = join(s.dir, sha(bytes).slice(0, 2), sha(bytes).slice(2));
    expect(s.path(sha(bytes))).toBe(path);
    expect(new Uint8Array(readFileSync(path))).toEqual(bytes);
  });

  test("the same file stored twice is kept once", async () => {
    const s = store();
    const bytes = new Uint8Array([1, 2, 3, 4]);
    const a = await s.putBytes(bytes);
    const b = await s.putStream(streamOf([bytes]), 100);
    expect(a.ok && b.ok && a.sha256 === b.sha256).toBe(true);
    expect(files(s.dir)).toHaveLength(1);
  });

  test("a file over the cap is refused and nothing is kept, not even the partial download", async () => {
    const s = store();
    const r = await s.putStream(streamOf([new Uint8Array(600), new Uint8Array(600)]), 1000);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toBe("too_large");
    expect(files(s.dir)).toEqual([]);
  });

  test("a download that breaks midway is reported as failed and leaves nothing behind", async () => {
    const s = store();
    async function* broken() {
      yield new Uint8Array([1, 2]);
      throw new Error("connection reset");
    }
    const r = await s.putStream(broken(), 1000);
    expect(r).toEqual({ ok: false, reason: "failed", error: "Download failed: connection reset" });
    expect(files(s.dir)).toEqual([]);
    expect(existsSync(s.dir)).toBe(true);
  });

  test("a download left half-written by a crash is removed when the store opens", async () => {
    const dir = mkdtempSync(join(tmpdir(), "pairbox-media-test-"));
    await Bun.write(join(dir, ".incoming-left-over"), "partial");
    createMediaStore(dir);
    expect(files(dir)).toEqual([]);
  });

  test("a file of exactly the cap is accepted", async () => {
    const s = store();
    expect((await s.putStream(new Uint8Array(1000), 1000)).ok).toBe(true);
  });
});
