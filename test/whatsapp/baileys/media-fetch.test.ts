import { afterAll, describe, expect, test } from "bun:test";
import { randomBytes } from "node:crypto";
import { fetchMediaFile, MediaHttpError, mediaUrl } from "../../../src/whatsapp/baileys/media-fetch.ts";
import { DEFAULT_TRANSFER_TIMEOUTS } from "../../../src/whatsapp/baileys/transfer-timeouts.ts";
import { encryptMedia } from "../../wa-server/media-crypto.ts";

/**
 * The driver's own media download: WhatsApp's hosts only, every check on the file, and clocks on
 * the answer and on each pause, against a local server that misbehaves on request.
 */

type Behaviour = { body?: Uint8Array; status?: number; hang?: boolean; stopAfter?: number };
const routes = new Map<string, Behaviour>();
const server = Bun.serve({
  hostname: "127.0.0.1",
  port: 0,
  fetch(req) {
    const b = routes.get(new URL(req.url).pathname);
    if (!b) return new Response("no", { status: 404 });
    if (b.hang) return new Promise<Response>(() => {});
    if (b.status) return new Response("no", { status: b.status });
    if (b.stopAfter !== undefined) {
      const head = b.body!.subarray(0, b.stopAfter);
      return new Response(
        new ReadableStream({
          start(c) {
            c.enqueue(head);
          },
        }),
      );
    }
    return new Response(new Uint8Array(b.body!));
  },
});
afterAll(() => server.stop(true));

const timeouts = { ...DEFAULT_TRANSFER_TIMEOUTS, responseMs: 300, idleMs: 300 };
const opts = { timeouts, maxBytes: 10_000_000 };

function hosted(path: string, plain: Uint8Array, change: (b: Behaviour) => void = () => {}) {
  const enc = encryptMedia(plain, "document");
  const behaviour: Behaviour = { body: enc.blob };
  change(behaviour);
  routes.set(path, behaviour);
  const file = {
    mediaKey: enc.mediaKey,
    fileSha256: enc.fileSha256,
    fileEncSha256: enc.fileEncSha256,
    fileLength: enc.fileLength,
  };
  return { file, url: `http://127.0.0.1:${server.port}${path}`, enc };
}

async function read(stream: AsyncIterable<Uint8Array>): Promise<Buffer> {
  const parts: Uint8Array[] = [];
  for await (const p of stream) parts.push(p);
  return Buffer.concat(parts);
}

describe("where media is fetched from", () => {
  const directPath = "/v/t62.7119-24/abc.enc?ccb=11-4";

  test("the host a message's URL names, when it is WhatsApp's (or one media_conn listed)", () => {
    expect(mediaUrl({ url: "https://mmg.whatsapp.net/v/x?mms3=true", directPath }, [])).toBe(
      `https://mmg.whatsapp.net${directPath}`,
    );
    expect(mediaUrl({ url: "https://127.0.0.1:4443/v/x", directPath }, ["127.0.0.1:4443"])).toBe(
      `https://127.0.0.1:4443${directPath}`,
    );
    expect(mediaUrl({ url: "https://media-lhr8-1.cdn.whatsapp.net/v/x" }, [])).toBe(
      "https://media-lhr8-1.cdn.whatsapp.net/v/x",
    );
  });

  test("any other address a sender wrote is never fetched: the direct path goes to WhatsApp's host", () => {
    expect(mediaUrl({ url: "https://attacker.example/v/x", directPath }, [])).toBe(
      `https://mmg.whatsapp.net${directPath}`,
    );
    expect(mediaUrl({ url: "http://mmg.whatsapp.net/v/x", directPath }, ["media.example"])).toBe(
      `https://media.example${directPath}`,
    );
    expect(mediaUrl({ url: "http://169.254.169.254/latest/meta-data" }, [])).toBeNull();
    expect(mediaUrl({ url: "https://mmg.whatsapp.net.attacker.example/x" }, [])).toBeNull();
  });

  test("a direct path that would change the host is refused", () => {
    for (const bad of ["@attacker.example/x", "//attacker.example/x", ".attacker.example/x", "x"])
      expect(mediaUrl({ url: "https://mmg.whatsapp.net/v/x", directPath: bad }, [])).toBeNull();
  });
});

describe("fetching and decrypting a file", () => {
  test("streams the exact file, in pieces, across block and MAC boundaries", async () => {
    for (const size of [0, 1, 15, 16, 17, 70_001]) {
      const plain = randomBytes(size);
      const { file, url } = hosted(`/ok-${size}`, plain);
      expect((await read(await fetchMediaFile(file, "document", url, opts))).equals(plain)).toBe(true);
    }
  });

  test("a file changed on the way fails its MAC and is never handed over whole", async () => {
    const { file, url } = hosted("/tampered", randomBytes(5_000), (b) => {
      b.body = Buffer.from(b.body!);
      b.body[100]! ^= 1;
    });
    await expect(read(await fetchMediaFile(file, "document", url, opts))).rejects.toThrow(
      "The file from WhatsApp is damaged: its MAC does not verify",
    );
  });

  test("a file that decrypts but is not the one the message names fails its checksum", async () => {
    const { file, url } = hosted("/other", randomBytes(3_000));
    await expect(
      read(await fetchMediaFile({ ...file, fileSha256: randomBytes(32) }, "document", url, opts)),
    ).rejects.toThrow("its checksum does not match");
  });

  test("the server's refusal carries its status (410: expired)", async () => {
    const { file, url } = hosted("/gone", randomBytes(100), (b) => (b.status = 410));
    const err = await fetchMediaFile(file, "document", url, opts).catch((e) => e);
    expect(err).toBeInstanceOf(MediaHttpError);
    expect((err as MediaHttpError).status).toBe(410);
  });

  test("a server that never answers, or stops mid-file, is given up on with a plain reason", async () => {
    const silent = hosted("/silent", randomBytes(100), (b) => (b.hang = true));
    await expect(fetchMediaFile(silent.file, "document", silent.url, opts)).rejects.toThrow(
      "WhatsApp's media server did not answer in time",
    );
    const stalled = hosted("/stalls", randomBytes(50_000), (b) => (b.stopAfter = 20_000));
    await expect(read(await fetchMediaFile(stalled.file, "document", stalled.url, opts))).rejects.toThrow(
      "WhatsApp's media server stopped sending the file",
    );
  });
});
