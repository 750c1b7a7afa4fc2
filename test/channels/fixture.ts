import { expect } from "bun:test";
import {
  addUser,
  adminSession,
  makeTestApp,
  postForm,
  signIn,
  type Session,
  type TestApp,
} from "../helpers/app.ts";
import { insertChannel, type ChannelSettings } from "../../src/channels/store.ts";

/**
 * A Pairbox with three people: an administrator (channels.manage), Sam in the Sales group and
 * Una in Support (both plain agents), each signed in.
 */
export async function channelsFixture(opts: { demo?: boolean; maxUploadMb?: number } = {}) {
  const maxUploadMb = opts.maxUploadMb ?? 100;
  const t = makeTestApp({
    demo: opts.demo ?? true,
    maxUploadMb,
    maxUploadBytes: Math.floor(maxUploadMb * 1048576),
  });
  const admin = await adminSession(t);
  await addUser(t, "sam@example.com", { groups: ["Sales"], name: "Sam" });
  await addUser(t, "una@example.com", { groups: ["Support"], name: "Una" });
  const sam = await signIn(t, "sam@example.com");
  const una = await signIn(t, "una@example.com");
  const groupId = (name: string) =>
    t.db.query<{ id: number }, [string]>("SELECT id FROM user_groups WHERE name = ?").get(name)!.id;
  return { t, admin, sam, una, groupId };
}

export type ChannelsFixture = Awaited<ReturnType<typeof channelsFixture>>;

/**
 * A connected demo channel "Sales", open to the Sales group, with one conversation from Ana;
 * `inject` delivers another message to it as Ana.
 */
export async function connectedSalesChannel(f: ChannelsFixture) {
  const res = await postForm(f.t, "/channels", f.admin, {
    phone: "+14302028897",
    name: "Sales",
    access: "some",
    groupIds: String(f.groupId("Sales")),
  });
  const id = Number(/\/channels\/(\d+)/.exec(res.headers.get("location") ?? "")?.[1]);
  await postForm(f.t, `/channels/${id}/scan`, f.admin, {});
  const inject = async (text: string) => {
    const body = new FormData();
    for (const [k, v] of Object.entries({
      _csrf: f.admin.csrf,
      fromPhone: "+447700900123",
      name: "Ana",
      text,
    }))
      body.set(k, v);
    expect(
      (await f.t.request(`/channels/${id}/inject`, { method: "POST", session: f.admin, body })).status,
    ).toBe(303);
  };
  await inject("first");
  const conv = f.t.db.query<{ id: number }, []>("SELECT id FROM conversations LIMIT 1").get()!.id;
  return { id, conv, inject };
}

/** A channel put straight into the table, for tests about who sees what. */
export function seedChannel(t: TestApp, phone: string, settings: Partial<ChannelSettings> = {}): number {
  const r = insertChannel(
    t.db,
    phone,
    { name: "", countryPrefix: "", access: { all: true }, ...settings },
    0,
  );
  if (!r.ok) throw new Error("seed clash");
  return r.id;
}

type Row = {
  status: string;
  status_reason: string;
  name: string;
  country_prefix: string;
  access: string;
  phone_e164: string;
  deleted_at: number | null;
  qr: string | null;
  last_activity_at: number | null;
};

export function channelRow(t: TestApp, id: number): Row {
  return t.db
    .query<Row, [number]>(
      "SELECT status, status_reason, name, country_prefix, access, phone_e164, deleted_at, qr, last_activity_at FROM channels WHERE id = ?",
    )
    .get(id)!;
}

export async function page(t: TestApp, path: string, session: Session) {
  const res = await t.request(path, { session });
  return { status: res.status, html: await res.text(), location: res.headers.get("location") };
}
