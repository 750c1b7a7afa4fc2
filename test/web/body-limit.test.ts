import { describe, expect, test } from "bun:test";
import { adminSession, makeTestApp, postForm } from "../helpers/app.ts";
import { findTemplateByName } from "../../src/templates/store.ts";

/**
 * A client that sends `bytes` and then stalls without ending the body: whoever waits for the whole
 * body waits forever, so only a refusal up front (or after the limit) answers.
 */
function stalling(bytes: number): { body: ReadableStream<Uint8Array>; pulled: () => number } {
  let pulled = 0;
  const body = new ReadableStream<Uint8Array>({
    pull(ctl) {
      if (pulled >= bytes) return new Promise<void>(() => {});
      pulled += 65536;
      ctl.enqueue(new Uint8Array(65536).fill(0x61));
    },
  });
  return { body, pulled: () => pulled };
}

/** The answer, or "no answer" when the app is still reading after a second. */
async function within<T>(p: T | Promise<T>, ms = 1000): Promise<T | "no answer"> {
  return Promise.race([Promise.resolve(p), Bun.sleep(ms).then(() => "no answer" as const)]);
}

describe("request bodies without signing in", () => {
  test("a sign-in declaring 100 MB is refused with 413 before its body is read", async () => {
    const t = makeTestApp();
    const { body, pulled } = stalling(64 * 1024);
    const res = await within(
      t.request("/login", {
        method: "POST",
        body,
        headers: { "content-type": "application/x-www-form-urlencoded", "content-length": "104857600" },
        duplex: "half",
      } as RequestInit),
    );
    expect(res).not.toBe("no answer");
    const refused = res as Response;
    expect(refused.status).toBe(413);
    expect(await refused.text()).toContain("larger than 64 KB");
    expect(pulled()).toBeLessThanOrEqual(64 * 1024);
  });

  test("a sign-in streamed without a length is cut off after 64 KB", async () => {
    const t = makeTestApp();
    const { body, pulled } = stalling(1024 * 1024);
    const res = await within(
      t.request("/login", {
        method: "POST",
        body,
        headers: { "content-type": "application/x-www-form-urlencoded" },
        duplex: "half",
      } as RequestInit),
    );
    expect(res).not.toBe("no answer");
    expect((res as Response).status).toBe(413);
    expect(pulled()).toBeLessThan(256 * 1024);
  });

  test("every other route, set-up and the API included, takes no more than 64 KB either", async () => {
    const t = makeTestApp();
    const big = "x=".concat("a".repeat(200 * 1024));
    for (const path of ["/setup", "/settings/groups", "/logout", "/records/import/run"]) {
      const res = await t.request(path, {
        method: "POST",
        body: big,
        headers: { "content-type": "application/x-www-form-urlencoded" },
      });
      expect({ path, status: res.status }).toEqual({ path, status: 413 });
    }
    const api = await t.request("/api/v1/channels", {
      method: "POST",
      body: JSON.stringify({ name: "a".repeat(200 * 1024) }),
      headers: { "content-type": "application/json", authorization: "Bearer x" },
    });
    expect(api.status).toBe(413);
    expect(((await api.json()) as { error: string }).error).toBe("too_large");
  });

  test("an htmx request gets the reason as text the page can show", async () => {
    const t = makeTestApp();
    const res = await t.request("/login", {
      method: "POST",
      body: "a".repeat(100 * 1024),
      headers: { "content-type": "application/x-www-form-urlencoded", "hx-request": "true" },
    });
    expect(res.status).toBe(413);
    expect(res.headers.get("content-type")).toStartWith("text/plain");
    expect(await res.text()).toBe(
      "The form is larger than 64 KB, the most this page takes. Nothing was saved.",
    );
  });
});

describe("forms that legitimately carry more", () => {
  test("a template of 20,000 three-byte characters is saved (its field cap, not the 64 KB default)", async () => {
    const t = makeTestApp();
    const admin = await adminSession(t);
    const res = await postForm(t, "/templates", admin, { name: "Long", body: "€".repeat(20_000) });
    expect(res.status).toBe(303);
    expect(findTemplateByName(t.db, "Long")?.body).toHaveLength(20_000);
  });

  test("a contact whose notes fill their 10,000 characters is saved", async () => {
    const t = makeTestApp();
    const admin = await adminSession(t);
    const res = await postForm(t, "/records/contacts", admin, {
      first_name: "Ann",
      notes: "€".repeat(10_000),
    });
    expect(res.status).toBe(303);
  });

  test("a signed-in upload route takes a file up to the upload cap", async () => {
    const t = makeTestApp({ maxUploadMb: 1, maxUploadBytes: 1024 * 1024 });
    const admin = await adminSession(t);
    const made = await postForm(t, "/records/contacts", admin, { first_name: "Ann" });
    const id = /\/records\/contacts\/(\d+)/.exec(made.headers.get("location") ?? "")?.[1];
    const form = new FormData();
    form.set("_csrf", admin.csrf);
    form.set("file", new File([new Uint8Array(512 * 1024)], "scan.pdf", { type: "application/pdf" }));
    const res = await t.request(`/records/contacts/${id}/attachments`, {
      method: "POST",
      body: form,
      session: admin,
    });
    expect(res.status).toBeLessThan(400);
    const over = new FormData();
    over.set("_csrf", admin.csrf);
    over.set("file", new File([new Uint8Array(2 * 1024 * 1024)], "big.pdf", { type: "application/pdf" }));
    const refused = await t.request(`/records/contacts/${id}/attachments`, {
      method: "POST",
      body: over,
      session: admin,
    });
    expect(refused.status).toBe(413);
    expect(await refused.text()).toContain("The file is larger than the 1 MB limit");
  });
});
