import { expect, test } from "bun:test";
import { Hono } from "hono";
import { liveStream } from "../../src/web/live-stream.ts";

/** The shared event-stream loop (channels pages; the inbox may use it too), through a bare app. */
function streamApp(heartbeatMs: number) {
  const buffer: string[] = [];
  let wake: (() => void) | null = null;
  let subscribed = 0;
  let heartbeats = 0;
  const app = new Hono().get("/events", (c) =>
    liveStream(c, {
      heartbeatMs,
      subscribe: (w) => {
        subscribed += 1;
        wake = w;
        return () => {
          subscribed -= 1;
          wake = null;
        };
      },
      pending: () => buffer.length > 0,
      flush: async (stream) => {
        await stream.writeSSE({ event: "changed", data: buffer.splice(0).join(",") });
      },
      onHeartbeat: () => {
        heartbeats += 1;
      },
    }),
  );
  const push = (item: string) => {
    buffer.push(item);
    wake?.();
  };
  return { app, push, subscribed: () => subscribed, heartbeats: () => heartbeats };
}

async function readUntil(reader: ReadableStreamDefaultReader<Uint8Array>, needle: string): Promise<string> {
  let text = "";
  while (!text.includes(needle)) text += new TextDecoder().decode((await reader.read()).value);
  return text;
}

test("a stream says it is connected at once, sends what it is woken for, and stops listening when closed", async () => {
  const s = streamApp(60_000);
  const res = await s.app.request("/events");
  expect(res.headers.get("content-type")).toContain("text/event-stream");
  expect(res.headers.get("x-accel-buffering")).toBe("no");
  const reader = res.body!.getReader();
  expect(await readUntil(reader, ": connected")).toContain(": connected");
  expect(s.subscribed()).toBe(1);
  s.push("1");
  s.push("2");
  const text = await readUntil(reader, "data: ");
  expect(text).toContain("event: changed");
  expect(text).toMatch(/data: 1(,2)?\n/);
  await reader.cancel();
  await Bun.sleep(0);
  expect(s.subscribed()).toBe(0);
});

test("an idle stream writes a heartbeat comment, and the caller may re-read access then", async () => {
  const s = streamApp(5);
  const reader = (await s.app.request("/events")).body!.getReader();
  await readUntil(reader, ": heartbeat");
  expect(s.heartbeats()).toBeGreaterThan(0);
  await reader.cancel();
});

test("a stream whose viewer is gone ends at its next heartbeat, even with nothing to send", async () => {
  let alive = true;
  let closes = 0;
  const app = new Hono().get("/events", (c) =>
    liveStream(c, {
      heartbeatMs: 5,
      subscribe: () => () => {},
      pending: () => false,
      flush: async () => {},
      alive: () => alive,
      onClose: () => {
        closes += 1;
      },
    }),
  );
  const reader = (await app.request("/events")).body!.getReader();
  await readUntil(reader, ": heartbeat");
  alive = false;
  let done = false;
  while (!done) done = (await reader.read()).done;
  expect(done).toBe(true);
  expect(closes).toBe(1);
});
