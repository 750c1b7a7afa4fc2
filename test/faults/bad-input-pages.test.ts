import { afterAll, beforeAll, expect, test } from "bun:test";
import { adminCookie, BASE, buildPairbox, freshDatabase, type Pairbox } from "../../bench/lib/env.ts";
import { seedRecords } from "../../bench/lib/records.ts";
import { customerPhone, seedChannels } from "../../bench/lib/seed.ts";
import { EMOJI_RTL, liveMarkup, XSS } from "./hostile.ts";

/**
 * A hostile message that runs a workflow end to end (linked to a contact, Notify step executed by the
 * job runner) and then every page that shows it: inbox, the contact, the workflow's run log, the
 * notifications. Needs the records and workflows features; skipped on a tree without them.
 */
const env = freshDatabase("hostile-pages");
let pb: Pairbox;
let cookie = "";
let ready = false;
const ids = { workflow: 0, run: 0, record: 0, conversation: 0 };

beforeAll(async () => {
  const now = Date.now();
  const [channelId] = seedChannels(env.db, 1, now);
  pb = await buildPairbox(env.db, { dataDir: env.dir });
  const admin = adminCookie(env.db, now);
  cookie = admin.cookie;
  const wf = pb.features.workflowsModule;
  const records = await seedRecords(env.db, pb.features, 1, now); // customer 0, a contact
  if (!wf || records.seeded === 0) return;
  ids.workflow = wf.insertWorkflow(
    env.db,
    {
      recordType: "contact",
      name: "Tell me",
      enabled: true,
      pattern: "",
      steps: [
        {
          kind: "notify",
          target: admin.userId,
          text: "{{ __data.incoming_whatsapp.display_name }} wrote {{ __data.incoming_whatsapp.text }}",
        },
      ],
    },
    now,
  );
  await pb.sessions.startAll();
  await pb.sessions.simulator!.inject(channelId!, {
    fromPhone: customerPhone(0),
    name: XSS,
    text: `${XSS} ${EMOJI_RTL}`,
    waId: "3AHOSTILEWF",
  });
  await pb.services.jobs.drain();
  await pb.services.jobs.drain();
  ids.run = env.db.query<{ id: number }, []>("SELECT id FROM workflow_runs").get()?.id ?? 0;
  ids.record = env.db.query<{ id: number }, []>("SELECT id FROM records").get()!.id;
  ids.conversation = env.db.query<{ id: number }, []>("SELECT id FROM conversations").get()!.id;
  ready = true;
});

afterAll(async () => {
  pb?.stop();
  await pb?.services.jobs.stop();
  await pb?.sessions.stopAll();
  env.db.close();
  env.cleanup();
});

test("the hostile message ran its workflow and notified the admin with the text as written", () => {
  if (!ready) return;
  expect(ids.run).toBeGreaterThan(0);
  const n = env.db.query<{ title: string; body: string }, []>("SELECT title, body FROM notifications").all();
  expect(n.map((r) => `${r.title} ${r.body}`).join(" ")).toContain(`${XSS} wrote ${XSS}`);
});

test("inbox, contact, run log and notifications show it escaped, never as markup", async () => {
  if (!ready) return;
  const pages = [
    "/inbox",
    `/inbox/c/${ids.conversation}`,
    `/records/contacts/${ids.record}`,
    "/records/contacts",
    `/workflows/${ids.workflow}/runs`,
    `/workflows/${ids.workflow}/runs/${ids.run}`,
    "/notifications",
  ];
  for (const path of pages) {
    const res = await pb.app.request(`${BASE}${path}`, { headers: { cookie } });
    const html = await res.text();
    expect({ path, status: res.status, live: liveMarkup(html) }).toEqual({ path, status: 200, live: [] });
  }
  const runPage = await (
    await pb.app.request(`${BASE}/workflows/${ids.workflow}/runs/${ids.run}`, { headers: { cookie } })
  ).text();
  expect(runPage).toContain("&lt;script&gt;alert(");
  const notifications = await (await pb.app.request(`${BASE}/notifications`, { headers: { cookie } })).text();
  expect(notifications).toContain("&lt;script&gt;alert(");
});
