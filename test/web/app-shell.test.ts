import { describe, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { adminSession, makeTestApp } from "../helpers/app.ts";

const PNG_SIGNATURE = "89504e470d0a1a0a";
function pngSize(bytes: Uint8Array): [number, number] {
  const view = new DataView(bytes.buffer, bytes.byteOffset);
  return [view.getUint32(16), view.getUint32(20)];
}

describe("installable app", () => {
  test("the manifest opens the inbox standalone, with PNG icons 192, 512 and maskable", async () => {
    const t = makeTestApp();
    const res = await t.request("/manifest.webmanifest");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("application/manifest+json");
    const m = (await res.json()) as {
      start_url: string;
      display: string;
      name: string;
      theme_color: string;
      background_color: string;
      icons: { src: string; sizes: string; type: string; purpose: string }[];
    };
    expect(m).toMatchObject({ name: "Pairbox", start_url: "/inbox", display: "standalone" });
    expect(m.theme_color).toMatch(/^#[0-9a-f]{6}$/);
    expect(m.background_color).toMatch(/^#[0-9a-f]{6}$/);
    expect(m.icons.map((i) => `${i.sizes} ${i.purpose}`)).toEqual([
      "192x192 any",
      "512x512 any",
      "512x512 maskable",
    ]);
    for (const icon of m.icons) {
      const img = await t.request(icon.src);
      expect(img.status).toBe(200);
      expect(img.headers.get("content-type")).toBe("image/png");
      const bytes = new Uint8Array(await img.arrayBuffer());
      expect(Buffer.from(bytes.subarray(0, 8)).toString("hex")).toBe(PNG_SIGNATURE);
      const side = Number(icon.sizes.split("x")[0]);
      expect(pngSize(bytes)).toEqual([side, side]);
    }
  });

  test("the service worker is served from the root, uncached, under a CSP that allows only our workers", async () => {
    const t = makeTestApp();
    const res = await t.request("/sw.js?v=test");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("text/javascript");
    expect(res.headers.get("service-worker-allowed")).toBe("/");
    expect(res.headers.get("cache-control")).toBe("no-cache");
    const csp = (await t.request("/inbox")).headers.get("content-security-policy") ?? "";
    expect(csp).toContain("worker-src 'self'");
    expect(csp).toContain("manifest-src 'self'");
    expect(csp).toContain("script-src 'self' 'nonce-");
  });

  test("every page links the manifest and names the worker; the offline page carries nobody's data", async () => {
    const t = makeTestApp();
    const admin = await adminSession(t);
    const page = await (await t.request("/inbox", { session: admin })).text();
    expect(page).toContain('<link rel="manifest" href="/manifest.webmanifest"/>');
    expect(page).toContain('<meta name="pairbox-sw" content="/sw.js?v=test"/>');
    const offline = await t.request("/offline?v=test", { session: admin });
    expect(offline.status).toBe(200);
    const html = await offline.text();
    expect(html).toContain("You are offline");
    expect(html).not.toContain("Admin");
    expect(html).not.toContain("_csrf");
  });
});

/** Runs static/sw.js against stand-ins for the worker globals, recording what it caches. */
function loadWorker() {
  const stored = new Map<string, string>();
  const handlers = new Map<string, (e: unknown) => void>();
  const cache = {
    addAll: async (urls: string[]) => {
      for (const u of urls) stored.set(new URL(u, "https://pb.test").href, "shell");
    },
    put: async (req: Request) => {
      stored.set(req.url, "runtime");
    },
  };
  const fakeCaches = {
    open: async () => cache,
    match: async (req: Request | string) =>
      stored.has(typeof req === "string" ? req : req.url) ? new Response("hit") : undefined,
    keys: async () => [],
    delete: async () => true,
  };
  const shown: { title: string; options: { body: string; data: { url: string } } }[] = [];
  const opened: string[] = [];
  const windows: { url: string; navigated?: string; focused?: boolean }[] = [];
  const self = {
    location: new URL("https://pb.test/sw.js?v=7"),
    addEventListener: (type: string, h: (e: unknown) => void) => handlers.set(type, h),
    skipWaiting: async () => {},
    registration: {
      showNotification: async (title: string, options: { body: string; data: { url: string } }) => {
        shown.push({ title, options });
      },
    },
    clients: {
      claim: async () => {},
      matchAll: async () =>
        windows.map((w) => ({
          url: w.url,
          navigate: async (to: string) => {
            w.navigated = to;
            return null;
          },
          focus: async () => {
            w.focused = true;
          },
        })),
      openWindow: async (url: string) => {
        opened.push(url);
      },
    },
  };
  const network = async () => new Response("fresh", { status: 200 });
  const code = readFileSync(join(import.meta.dir, "../../static/sw.js"), "utf8");
  new Function("self", "caches", "fetch", code)(self, fakeCaches, network);
  async function fetchThrough(path: string, mode: RequestMode | "navigate" = "cors") {
    const request = new Request(`https://pb.test${path}`);
    Object.defineProperty(request, "mode", { value: mode });
    let answered: Promise<Response> | null = null;
    handlers.get("fetch")!({ request, respondWith: (p: Promise<Response>) => (answered = p) });
    const res = answered ? await (answered as Promise<Response>) : null;
    await Bun.sleep(0);
    return res;
  }
  /** Fires an event at the worker and waits for what it handed to waitUntil. */
  async function fire(type: string, event: Record<string, unknown>) {
    let done: Promise<unknown> = Promise.resolve();
    handlers.get(type)!({ ...event, waitUntil: (p: Promise<unknown>) => (done = p) });
    await done;
  }
  return { stored, handlers, fetchThrough, fire, shown, opened, windows };
}

describe("service worker cache", () => {
  test("install keeps the versioned static files and the offline page, nothing else", async () => {
    const w = loadWorker();
    let done: Promise<unknown> = Promise.resolve();
    w.handlers.get("install")!({ waitUntil: (p: Promise<unknown>) => (done = p) });
    await done;
    const paths = [...w.stored.keys()].map((u) => new URL(u).pathname);
    expect(paths).toContain("/static/app.css");
    expect(paths).toContain("/offline");
    expect(paths.every((p) => p.startsWith("/static/") || p === "/offline")).toBe(true);
  });

  test("conversations, records, media and API answers are never cached", async () => {
    const w = loadWorker();
    for (const path of ["/inbox", "/inbox/c/12", "/records/contacts/3", "/media/9", "/notifications/bell"]) {
      const res = await w.fetchThrough(path, "navigate");
      expect(await res?.text()).toBe("fresh");
    }
    for (const path of ["/api/v1/conversations", "/inbox/events", "/media/9?download=1"])
      expect(await w.fetchThrough(path)).toBeNull();
    expect([...w.stored.keys()]).toEqual([]);
    await w.fetchThrough("/static/app.css?v=7");
    expect([...w.stored.keys()]).toEqual(["https://pb.test/static/app.css?v=7"]);
  });
});

describe("service worker notifications", () => {
  const pushData = (json: unknown) => ({ data: { json: () => json, text: () => JSON.stringify(json) } });

  test("a push is shown with its title and line, and only a path of ours is kept as its link", async () => {
    const w = loadWorker();
    await w.fire(
      "push",
      pushData({ title: "Ann Lee", body: "Is my order ready?", url: "/inbox/c/12", tag: "conv-12" }),
    );
    await w.fire("push", pushData({ title: "Evil", body: "x", url: "https://evil.example/" }));
    expect(w.shown.map((n) => [n.title, n.options.body, n.options.data.url])).toEqual([
      ["Ann Lee", "Is my order ready?", "/inbox/c/12"],
      ["Evil", "x", "/inbox"],
    ]);
  });

  test("a tap opens the conversation: in an open Pairbox window, else a new one", async () => {
    const w = loadWorker();
    const notification = { data: { url: "/inbox/c/12" }, close: () => {} };
    await w.fire("notificationclick", { notification });
    expect(w.opened).toEqual(["https://pb.test/inbox/c/12"]);
    w.windows.push({ url: "https://pb.test/records/contacts" });
    await w.fire("notificationclick", { notification });
    expect(w.windows[0]).toMatchObject({ navigated: "https://pb.test/inbox/c/12", focused: true });
    expect(w.opened.length).toBe(1);
  });
});
