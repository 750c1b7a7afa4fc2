import { describe, expect, test } from "bun:test";
import { inboxFixture, readEvents } from "./http-fixture.ts";

/** What an open tab of the conversation is pushed when someone else changes it in another tab. */
describe("an open conversation hears of changes made elsewhere", () => {
  const headerPartial = (id: number) => `<hx-partial hx-target="#conv-header-${id}" hx-swap="outerHTML">`;

  test("assigning it in another tab pushes the header with the new assignee", async () => {
    const f = await inboxFixture();
    const c = f.receive(f.sales, {});
    const text = await readEvents(f, f.sam, `/inbox/events?open=${c.conversationId}`, "inbox-changed", () =>
      f.post(`/inbox/c/${c.conversationId}/assign`, f.admin, { to: String(f.sam.userId) }).then(() => {}),
    );
    expect(text).toContain(headerPartial(c.conversationId));
    expect(text).toContain(`<option value="${f.sam.userId}" selected="">Sam Agent</option>`);
  });

  test("linking it to a record and unlinking it push the header with and without the record", async () => {
    const f = await inboxFixture();
    const c = f.receive(f.sales, {});
    const made = await f.post("/records/accounts", f.admin, { name: "Globex" }, { htmx: false });
    const account = Number(/\/records\/accounts\/(\d+)/.exec(made.headers.get("location") ?? "")![1]);
    // What Sam's open tab is pushed while the administrator posts a form elsewhere.
    const pushedWhile = (path: string, fields: Record<string, string>) =>
      readEvents(f, f.sam, `/inbox/events?open=${c.conversationId}`, "inbox-changed", () =>
        f.post(path, f.admin, fields).then(() => {}),
      );
    const linked = await pushedWhile(`/records/link-conversation/${c.conversationId}`, {
      type: "account",
      record: String(account),
    });
    expect(linked).toContain(headerPartial(c.conversationId));
    expect(linked).toContain("Globex");
    const unlinked = await pushedWhile(`/records/unlink-conversation/${c.conversationId}`, {
      record: String(account),
    });
    expect(unlinked).toContain(headerPartial(c.conversationId));
    expect(unlinked.slice(unlinked.indexOf(headerPartial(c.conversationId)))).not.toContain("Globex");
  });
});
