import { describe, expect, test } from "bun:test";
import { inboxFixture, settle } from "./http-fixture.ts";
import { createRecord } from "../../src/records/records.ts";
import { emptyInput } from "../../src/records/validate.ts";
import { linkConversation } from "../../src/records/public.ts";
import { saveInvoice } from "../../src/records/invoices/store.ts";
import { findConversation } from "../../src/messaging/conversations-store.ts";
import { insertTemplate } from "../../src/templates/store.ts";
import { BASE } from "../helpers/app.ts";

/** Ann Lee, a contact with a number and one invoice. */
async function withCustomer() {
  const f = await inboxFixture();
  const ann = createRecord(
    f.t.db,
    "contact",
    { ...emptyInput(), first_name: "Ann", last_name: "Lee" },
    [{ e164: "+447700900123", original: "+447700900123" }],
    0,
  );
  const invoice = saveInvoice(
    f.t.db,
    {
      kind: "invoice",
      number: "INV-0042",
      record_id: ann.id,
      issue_date: "2026-01-10",
      status: "sent",
      tax_percent: 20,
      notes: "",
      lines: [{ description: "Boiler service", quantity: 1, unit_price_cents: 12000 }],
    },
    0,
    null,
  );
  return { f, ann, invoice };
}

describe("the inbox with customer records", () => {
  test("a linked conversation shows the customer's name in the list and header, and templates use the record", async () => {
    const { f, ann } = await withCustomer();
    const c = f.receive(f.sales, { peerPhone: "+447700900123", senderName: "annie" });
    linkConversation(f.t.db, findConversation(f.t.db, c.conversationId)!, 0);
    const list = (await f.get("/inbox", f.sam)).html;
    expect(list).toContain('<span class="conv-name"><bdi>Ann Lee</bdi></span>');
    const page = (await f.get(`/inbox/c/${c.conversationId}`, f.sam)).html;
    expect(page).toContain(`Ann Lee</a>`);
    expect(page).not.toContain("Create contact");
    const t = insertTemplate(f.t.db, "Hi", "Hi {{ contact.first_name }} {{ contact.last_name }}", 0);
    expect((await f.get(`/inbox/c/${c.conversationId}/template?template=${t}`, f.sam)).html).toContain(
      ">Hi Ann Lee</textarea>",
    );
    // Search finds the chat by the customer's name, though WhatsApp calls her "annie".
    expect((await f.get("/inbox?q=lee", f.sam)).html).toContain(`id="conv-${c.conversationId}"`);
    expect(ann.id).toBeGreaterThan(0);
  });

  test("an unlinked conversation offers Create contact / lead and Link to existing record; the Unlinked filter finds it", async () => {
    const { f } = await withCustomer();
    const linked = f.receive(f.sales, { peerPhone: "+447700900123" });
    linkConversation(f.t.db, findConversation(f.t.db, linked.conversationId)!, 0);
    const stranger = f.receive(f.sales, { peerPhone: "+447700900999" });
    const page = (await f.get(`/inbox/c/${stranger.conversationId}`, f.sam)).html;
    expect(page).toContain("Create contact");
    expect(page).toContain("Create lead");
    expect(page).toContain("Link to existing record");
    const unlinked = (await f.get("/inbox?filter=unlinked", f.sam)).html;
    expect(unlinked).toContain(`id="conv-${stranger.conversationId}"`);
    expect(unlinked).not.toContain(`id="conv-${linked.conversationId}"`);
  });

  test("a template on New message is resolved for the customer before any conversation exists", async () => {
    const { f, ann } = await withCustomer();
    const t = insertTemplate(f.t.db, "Hello", "Dear {{ contact.first_name }} {{ contact.last_name }}", 0);
    const fromPage = await f.get(
      `/inbox/compose/template?template=${t}&channel=${f.sales}&to=%2B447700900123&record=contact:${ann.id}`,
      f.sam,
    );
    expect(fromPage.html).toContain(">Dear Ann Lee</textarea>");
    const byNumber = await f.get(
      `/inbox/compose/template?template=${t}&channel=${f.sales}&to=07700900123`,
      f.sam,
    );
    expect(byNumber.html).toContain(">Dear Ann Lee</textarea>");
    expect(
      (
        await f.get(
          `/inbox/compose/template?template=${t}&channel=${f.sales}&to=07700900999&record=nonsense`,
          f.sam,
        )
      ).html,
    ).toContain(">Dear  </textarea>");
  });

  test("{{ contact.url }} is the customer's full address on this server, in a chat and on New message", async () => {
    const { f, ann } = await withCustomer();
    const url = `${BASE}/records/contacts/${ann.id}`;
    const c = f.receive(f.sales, { peerPhone: "+447700900123" });
    linkConversation(f.t.db, findConversation(f.t.db, c.conversationId)!, 0);
    const id = insertTemplate(f.t.db, "Link", "See {{ contact.url }}", 0);
    expect((await f.get(`/inbox/c/${c.conversationId}/template?template=${id}`, f.sam)).html).toContain(
      `>See ${url}</textarea>`,
    );
    const compose = await f.get(
      `/inbox/compose/template?template=${id}&channel=${f.sales}&to=%2B447700900999&record=contact:${ann.id}`,
      f.sam,
    );
    expect(compose.html).toContain(`>See ${url}</textarea>`);
    const stranger = f.receive(f.sales, { peerPhone: "+447700900555" });
    expect(
      (await f.get(`/inbox/c/${stranger.conversationId}/template?template=${id}`, f.sam)).html,
    ).toContain(">See </textarea>");
  });

  test("the recipient box suggests customers by name with their numbers", async () => {
    const { f } = await withCustomer();
    const html = (await f.get("/inbox/compose/recipients?to=ann", f.sam)).html;
    expect(html).toContain('<option value="+447700900123">Ann Lee');
  });

  test("the recipient's invoices are offered and one click attaches the generated PDF", async () => {
    const { f, ann, invoice } = await withCustomer();
    const field = (await f.get("/inbox/compose/invoices?to=%2B447700900123", f.sam)).html;
    expect(field).toContain(`<option value="${invoice}">INV-0042`);
    expect((await f.get(`/inbox/compose?to=%2B447700900123&record=contact:${ann.id}`, f.sam)).html).toContain(
      "INV-0042",
    );
    const res = await f.post(
      "/inbox/compose",
      f.sam,
      {
        channel: String(f.sales),
        to: "+447700900123",
        text: "Your invoice",
        invoice: String(invoice),
        record: `contact:${ann.id}`,
      },
      { htmx: false },
    );
    expect(res.status).toBe(303);
    await settle(f);
    expect(f.t.sent).toHaveLength(1);
    expect(f.t.sent[0]!.payload).toMatchObject({
      type: "document",
      mime: "application/pdf",
      caption: "Your invoice",
    });
    const sent = f.t.sent[0]!.payload as { filePath: string };
    expect(new TextDecoder().decode((await Bun.file(sent.filePath).bytes()).slice(0, 5))).toBe("%PDF-");
  });

  test("the invoice picked stays picked when the recipient box refreshes the list (leaving the box fires a change)", async () => {
    const { f, invoice } = await withCustomer();
    const page = (await f.get("/inbox/compose", f.sam)).html;
    expect(page).toMatch(/hx-include="[^"]*#f-invoice/);
    const field = (await f.get(`/inbox/compose/invoices?to=%2B447700900123&invoice=${invoice}`, f.sam)).html;
    expect(field).toContain(`<option value="${invoice}" selected="">INV-0042`);
    expect(field).toMatch(/hx-include="[^"]*#f-invoice/);
  });
});
