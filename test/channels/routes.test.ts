import { beforeEach, describe, expect, test } from "bun:test";
import { postForm } from "../helpers/app.ts";
import { parseAccessList } from "../../src/auth/access.ts";
import { channelRow, channelsFixture, page } from "./fixture.ts";

let f: Awaited<ReturnType<typeof channelsFixture>>;
beforeEach(async () => {
  f = await channelsFixture();
});

const addNumber = (fields: Record<string, string | string[]>) =>
  postForm(f.t, "/channels", f.admin, { access: "all", ...fields });
const idFrom = (location: string | null) => Number(/\/channels\/(\d+)/.exec(location ?? "")?.[1]);

describe("adding a WhatsApp number", () => {
  test("the form offers phone, display name, country prefix and access (All users by default)", async () => {
    const { status, html } = await page(f.t, "/channels/new", f.admin);
    expect(status).toBe(200);
    for (const name of [
      'name="phone"',
      'name="name"',
      'name="countryPrefix"',
      'name="access" value="all" checked',
      "Sales",
      "Support",
      "Sam",
      "Una",
    ])
      expect(html).toContain(name);
  });

  test("a valid number is stored normalised, in pending, and the channel page opens", async () => {
    const res = await addNumber({ phone: "+1 (430) 202-8897", name: "Sales", countryPrefix: "44" });
    expect(res.status).toBe(303);
    const id = idFrom(res.headers.get("location"));
    expect(res.headers.get("location")).toBe(`/channels/${id}?done=added`);
    expect(channelRow(f.t, id)).toMatchObject({
      phone_e164: "+14302028897",
      name: "Sales",
      country_prefix: "+44",
      status: "pending",
      access: '{"all":true}',
    });
    const p = await page(f.t, `/channels/${id}?done=added`, f.admin);
    expect(p.html).toContain("Number added.");
    expect(p.html).toContain("Settings → Linked devices");
    expect(p.html).toContain('data-status="pending"');
  });

  test("the list names each number once: a channel without a display name shows just its number", async () => {
    await addNumber({ phone: "+14302028897", name: "Sales" });
    await addNumber({ phone: "+14302028898" });
    const { html } = await page(f.t, "/channels", f.admin);
    expect(html.split(">+14302028897<").length - 1).toBe(1);
    expect(html.split(">+14302028898<").length - 1).toBe(1);
  });

  test("access can be narrowed to permission sets, groups and named users", async () => {
    const agentSet = f.t.db
      .query<{ id: number }, []>("SELECT id FROM permission_sets WHERE name = 'Agent'")
      .get()!.id;
    const res = await addNumber({
      phone: "+14302028897",
      access: "some",
      permissionSetIds: String(agentSet),
      groupIds: String(f.groupId("Sales")),
      userIds: String(f.una.userId),
    });
    const access = parseAccessList(channelRow(f.t, idFrom(res.headers.get("location"))).access);
    expect(access).toEqual({
      all: false,
      permissionSets: [agentSet],
      groups: [f.groupId("Sales")],
      users: [f.una.userId],
    });
  });

  test("wrong fields come back with their messages and what was typed", async () => {
    const res = await addNumber({
      phone: "020 7946 0958",
      name: "Support",
      countryPrefix: "+999",
      access: "some",
    });
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain("international format");
    expect(html).toContain("Enter a country calling code like +44");
    expect(html).toContain("Choose at least one permission set, user group or user");
    expect(html).toContain('value="020 7946 0958"');
    expect(html).toContain('value="Support"');
    expect(f.t.db.query("SELECT count(*) AS n FROM channels").get()).toEqual({ n: 0 });
  });

  test("an empty number is refused", async () => {
    const res = await addNumber({ phone: "" });
    expect(res.status).toBe(422);
    expect(await res.text()).toContain("Enter the WhatsApp number");
  });

  test("a number already used by another live channel is refused, however it is written", async () => {
    await addNumber({ phone: "+14302028897", name: "Sales" });
    const res = await addNumber({ phone: "001 430 202 8897", name: "Copy" });
    expect(res.status).toBe(422);
    expect(await res.text()).toContain("+14302028897 is already used by another channel (Sales)");
    expect(f.t.db.query("SELECT count(*) AS n FROM channels").get()).toEqual({ n: 1 });
  });

  test("once its channel is deleted, the number can be added again", async () => {
    const first = idFrom((await addNumber({ phone: "+14302028897" })).headers.get("location"));
    expect((await postForm(f.t, `/channels/${first}/delete`, f.admin, { from: "page" })).status).toBe(303);
    const again = await addNumber({ phone: "+14302028897" });
    expect(again.status).toBe(303);
    expect(idFrom(again.headers.get("location"))).not.toBe(first);
  });
});

describe("editing a channel", () => {
  let id: number;
  beforeEach(async () => {
    id = idFrom((await addNumber({ phone: "+14302028897", name: "Sales" })).headers.get("location"));
  });

  test("the form shows the number fixed and the current settings", async () => {
    const { html } = await page(f.t, `/channels/${id}/edit`, f.admin);
    expect(html).toContain("+14302028897");
    expect(html).not.toContain('name="phone"');
    expect(html).toContain('value="Sales"');
  });

  test("renames, changes the prefix and the access list; the number stays, whatever is sent", async () => {
    const res = await postForm(f.t, `/channels/${id}/edit`, f.admin, {
      phone: "+442079460958",
      name: "Support",
      countryPrefix: "+355",
      access: "some",
      groupIds: String(f.groupId("Support")),
    });
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe(`/channels/${id}?done=saved`);
    const row = channelRow(f.t, id);
    expect(row).toMatchObject({ phone_e164: "+14302028897", name: "Support", country_prefix: "+355" });
    expect(parseAccessList(row.access)).toEqual({
      all: false,
      permissionSets: [],
      groups: [f.groupId("Support")],
      users: [],
    });
    // The new list takes effect at once: Sam (Sales) loses the channel, Una (Support) gains it.
    expect((await page(f.t, `/channels/${id}`, f.sam)).status).toBe(404);
    expect((await page(f.t, `/channels/${id}`, f.una)).status).toBe(200);
  });

  test("a wrong prefix is refused and nothing is saved", async () => {
    const res = await postForm(f.t, `/channels/${id}/edit`, f.admin, {
      name: "Other",
      countryPrefix: "44x",
      access: "all",
    });
    expect(res.status).toBe(422);
    expect(await res.text()).toContain("Enter a country calling code");
    expect(channelRow(f.t, id).name).toBe("Sales");
  });
});
