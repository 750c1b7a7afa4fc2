import { createHash, randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { EventLog } from "./events.ts";

/**
 * The emulator's media server, like WhatsApp's mmg hosts: HTTPS on 127.0.0.1 (a free port), with a
 * certificate made for tests (tls/, valid 2020–2120, its key committed: it guards nothing). Linked
 * devices upload encrypted files to `/mms/<type>/<sha>?auth=…` (the auth the media_conn IQ gave
 * them) and fetch them by direct path; tests may expire a file (410) or stall a request.
 */

const TLS_DIR = join(import.meta.dir, "tls");
const CERT = Bun.file(join(TLS_DIR, "media-host.pem"));
const KEY = Bun.file(join(TLS_DIR, "media-host.key"));

type StoredFile = { blob: Buffer; expired: boolean };

export type MediaAction = "upload" | "download";

/** A request the host holds without answering (the client gives up on its own). */
export type Stall = { action: MediaAction; match: (path: string) => boolean; hit: Promise<string> };
type PendingStall = Stall & { resolveHit(path: string): void };

const randomHex = (bytes: number) => randomBytes(bytes).toString("hex");

/** A direct path in WhatsApp's shape: the file's path, then its signed query (ignored here). */
function newDirectPath(kind: "in" | "out"): string {
  const dir = kind === "in" ? "/v/t62.7117-24" : "/o1/v/t62.7118-24/f2";
  const expiresAt = Math.floor(Date.now() / 1000) + 14 * 24 * 3600;
  return `${dir}/${randomHex(12)}.enc?ccb=11-4&oh=01_${randomHex(16)}&oe=${expiresAt.toString(16).toUpperCase()}&_nc_sid=5e03e0`;
}

/** "/v/t62…/x.enc?ccb=…" or a full URL → the path a file is stored under. */
function pathOf(pathOrUrl: string): string {
  return new URL(pathOrUrl, "https://media.invalid").pathname;
}

export class MediaHost {
  readonly hostname: string;
  readonly origin: string;
  /** The upload token handed out by media_conn. */
  readonly auth = randomBytes(24).toString("base64url");
  private readonly files = new Map<string, StoredFile>();
  private readonly stalls = new Set<PendingStall>();
  private readonly server: ReturnType<typeof Bun.serve>;
  private readonly releaseTrust: () => void;

  constructor(private readonly log: EventLog) {
    this.server = Bun.serve({
      hostname: "127.0.0.1",
      port: 0,
      tls: { cert: CERT, key: KEY },
      // A stalled request stays stalled (Bun would close it after 10 s) until the client gives up.
      idleTimeout: 0,
      fetch: (req) => this.handle(req),
    });
    this.hostname = `127.0.0.1:${this.server.port}`;
    this.origin = `https://${this.hostname}`;
    this.releaseTrust = trustOrigin(this.origin);
  }

  /** Puts an encrypted file on the host (a contact's phone uploading it); returns where it is. */
  host(blob: Buffer, opts: { expired?: boolean } = {}): { directPath: string; url: string } {
    const directPath = newDirectPath("in");
    this.files.set(pathOf(directPath), { blob, expired: !!opts.expired });
    return { directPath, url: `${this.origin}${directPath}&mms3=true` };
  }

  /** The stored blob at a direct path or URL (expired ones too), or null. */
  blobAt(pathOrUrl: string): Buffer | null {
    return this.files.get(pathOf(pathOrUrl))?.blob ?? null;
  }

  /** From now on the file answers 410 Gone, as WhatsApp's hosts do once media is past its time. */
  expire(pathOrUrl: string): void {
    const file = this.files.get(pathOf(pathOrUrl));
    if (file) file.expired = true;
  }

  /** The next request of this kind (whose path `match`es) is held unanswered; `hit` resolves when it comes. */
  stall(action: MediaAction, match: (path: string) => boolean = () => true): Stall {
    let resolveHit: (path: string) => void = () => {};
    const hit = new Promise<string>((r) => (resolveHit = r));
    const stall: PendingStall = { action, match, hit, resolveHit };
    this.stalls.add(stall);
    return stall;
  }

  async close(): Promise<void> {
    this.stalls.clear();
    await this.server.stop(true);
    this.releaseTrust();
  }

  private takeStall(action: MediaAction, path: string): boolean {
    for (const s of this.stalls) {
      if (s.action !== action || !s.match(path)) continue;
      this.stalls.delete(s);
      s.resolveHit(path);
      this.log.push({ type: "media", action, path, status: 0 });
      return true;
    }
    return false;
  }

  private async handle(req: Request): Promise<Response> {
    const url = new URL(req.url);
    const action: MediaAction = req.method === "POST" ? "upload" : "download";
    if (this.takeStall(action, url.pathname)) return new Promise<Response>(() => {});
    const res = action === "upload" ? await this.upload(req, url) : this.download(url);
    this.log.push({ type: "media", action, path: url.pathname, status: res.status });
    return res;
  }

  /** POST /mms/<type>/<base64url sha256 of the body>?auth=…&token=… → where the file now is. */
  private async upload(req: Request, url: URL): Promise<Response> {
    if (!/^\/mms\/[a-z-]+\/[\w-]+$/.test(url.pathname))
      return Response.json({ error: "no such path" }, { status: 404 });
    if (url.searchParams.get("auth") !== this.auth)
      return Response.json({ error: "bad auth" }, { status: 401 });
    const blob = Buffer.from(await req.arrayBuffer());
    const token = url.pathname.split("/").pop();
    if (createHash("sha256").update(blob).digest("base64url") !== token)
      return Response.json({ error: "the body is not the file named" }, { status: 400 });
    const directPath = newDirectPath("out");
    this.files.set(pathOf(directPath), { blob, expired: false });
    return Response.json({ url: `${this.origin}${directPath}&mms3=true`, direct_path: directPath });
  }

  private download(url: URL): Response {
    const file = this.files.get(url.pathname);
    if (!file) return new Response("not found", { status: 404 });
    if (file.expired) return new Response("gone", { status: 410 });
    return new Response(new Uint8Array(file.blob), {
      headers: { "content-type": "application/octet-stream" },
    });
  }
}

/** Origins whose certificate this process trusts (the media hosts running now). */
const trusted = new Set<string>();
let installed: { original: typeof fetch; wrapper: typeof fetch } | null = null;

/**
 * Makes fetch in this process trust the media host's certificate for its own origin only. Baileys
 * uploads with the global fetch and passes no TLS options of its own (its `fetchAgent` is an
 * undici dispatcher, which Bun's fetch ignores), and NODE_EXTRA_CA_CERTS is read only when the
 * process starts; Bun's fetch takes `tls: { ca }` per request, so requests to a media host get it.
 */
function trustOrigin(origin: string): () => void {
  trusted.add(origin);
  if (!installed) {
    const original = globalThis.fetch;
    const ca = readFileSync(join(TLS_DIR, "media-host.pem"), "utf8");
    const wrapper = (input: string | URL | Request, init?: RequestInit) => {
      const target = new URL(input instanceof Request ? input.url : input.toString()).origin;
      if (!trusted.has(target)) return original(input, init);
      const tls = (init as { tls?: object } | undefined)?.tls;
      return original(input, { ...init, tls: { ...tls, ca } } as RequestInit);
    };
    installed = { original, wrapper: Object.assign(wrapper, original) };
    globalThis.fetch = installed.wrapper;
  }
  return () => {
    trusted.delete(origin);
    if (trusted.size > 0 || !installed) return;
    // Someone may have wrapped fetch after us (the e2e harness's guard): then theirs stays.
    if (globalThis.fetch === installed.wrapper) globalThis.fetch = installed.original;
    installed = null;
  };
}
