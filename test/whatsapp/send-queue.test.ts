import { describe, expect, test } from "bun:test";
import { createSendQueue } from "../../src/whatsapp/send-queue.ts";

function deferred<T>() {
  let resolve!: (v: T) => void;
  let reject!: (e: Error) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe("send queue", () => {
  test("one send at a time per channel, in order; other channels do not wait", async () => {
    const q = createSendQueue({ spacingMs: 0 });
    const log: string[] = [];
    const first = deferred<string>();
    const a1 = q.run(1, () => {
      log.push("a1");
      return first.promise;
    });
    const a2 = q.run(1, async () => {
      log.push("a2");
      return "a2";
    });
    const b1 = q.run(2, async () => {
      log.push("b1");
      return "b1";
    });
    expect(await b1).toBe("b1");
    expect(log).toEqual(["a1", "b1"]);
    first.resolve("a1");
    expect(await a1).toBe("a1");
    expect(await a2).toBe("a2");
    expect(log).toEqual(["a1", "b1", "a2"]);
  });

  test("a failed send rejects for its caller only; the next one still goes", async () => {
    const q = createSendQueue({ spacingMs: 0 });
    const failed = q.run(1, async () => {
      throw new Error("not on WhatsApp");
    });
    const next = q.run(1, async () => "ok");
    await expect(failed).rejects.toThrow("not on WhatsApp");
    expect(await next).toBe("ok");
  });

  test("between two sends on a channel it pauses a random time between half and all of the spacing", async () => {
    const pauses: number[] = [];
    const q = createSendQueue({
      spacingMs: 2000,
      random: () => 0.5,
      sleep: async (ms) => void pauses.push(ms),
    });
    await q.run(1, async () => "a");
    await q.run(1, async () => "b");
    expect(pauses[0]).toBe(1500);
  });
});
