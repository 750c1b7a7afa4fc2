import { describe, expect, test } from "bun:test";
import { adminSession, postForm } from "../helpers/app.ts";
import { inbound, makeChannel } from "../inbox/fixtures.ts";
import { insertGroup } from "../../src/auth/teams-store.ts";
import { listWorkflows } from "../../src/workflows/store.ts";
import { listNotifications } from "../../src/notifications/store.ts";
import {
  addPlainUser,
  addWorkflow,
  createRecord,
  makeWorkflowApp,
  makeWorkflowServices,
  runsOf,
} from "../workflows/fixtures.ts";

const PHONE = "+447700900123";
const base = { name: "Route it", record_type: "contact", enabled: "1", pattern: "", all_channels: "1" };

function assigned(t: { db: import("../../src/db/open.ts").Db }) {
  return t.db
    .query<{ assigned_user_id: number | null; assigned_team_id: number | null }, []>(
      "SELECT assigned_user_id, assigned_team_id FROM conversations",
    )
    .get()!;
}

describe("the workflow step Assign", () => {
  test("the editor offers it, checks its fields next to them, and saves it", async () => {
    const t = makeWorkflowApp();
    const admin = await adminSession(t);
    const team = insertGroup(t.db, "Sales", 0);
    const added = await postForm(t, "/workflows", admin, { ...base, op: "add", add_kind: "assign" });
    expect(await added.text()).toContain("The next Available person (round-robin)");
    const refused = await postForm(t, "/workflows", admin, {
      ...base,
      "s.0.kind": "assign",
      "s.0.mode": "person",
      "s.0.userId": "",
      "s.0.teamId": "",
    });
    expect(refused.status).toBe(422);
    expect(await refused.text()).toContain("Choose an active user.");
    const noTeam = await postForm(t, "/workflows", admin, {
      ...base,
      "s.0.kind": "assign",
      "s.0.mode": "team",
      "s.0.userId": "",
      "s.0.teamId": "999",
    });
    expect(await noTeam.text()).toContain("Choose an existing team.");
    const ok = await postForm(t, "/workflows", admin, {
      ...base,
      "s.0.kind": "assign",
      "s.0.mode": "round_robin",
      "s.0.userId": "",
      "s.0.teamId": String(team),
    });
    expect(ok.status).toBe(303);
    expect(listWorkflows(t.db)[0]!.steps).toEqual([
      { kind: "assign", mode: "round_robin", userId: null, teamId: team },
    ]);
  });

  test("a run assigns the conversation to a person and rings their bell; the timeline names the workflow", async () => {
    const t = makeWorkflowServices();
    const channelId = makeChannel(t.db);
    const una = addPlainUser(t, "Una");
    createRecord(t, "contact", { name: "Ann Lee", phone: PHONE });
    const { installAssignment } = await import("../../src/assignment/install.ts");
    installAssignment(t.services, { clock: t.clock });
    const flow = addWorkflow(t, "contact", [{ kind: "assign", mode: "person", userId: una, teamId: null }]);
    t.services.ingest.ingest(inbound(channelId, { peerPhone: PHONE }));
    await t.drain();
    expect(runsOf(t, flow)[0]!.status).toBe("done");
    expect(assigned(t).assigned_user_id).toBe(una);
    expect(listNotifications(t.db, una).map((n) => n.title)).toEqual([
      "A workflow assigned you a conversation",
    ]);
    const cause = t.db
      .query<{ cause: string }, []>("SELECT cause FROM conversation_assignments")
      .get()!.cause;
    expect(cause).toBe("workflow");
  });

  test("round-robin among a team takes the members in turn; someone who may not use the channel fails the step", async () => {
    const t = makeWorkflowServices();
    const team = insertGroup(t.db, "Sales", 0);
    const channelId = makeChannel(
      t.db,
      "+14155550100",
      JSON.stringify({ all: false, permissionSets: [], groups: [team], users: [] }),
    );
    const una = addPlainUser(t, "Una");
    const vic = addPlainUser(t, "Vic");
    for (const id of [una, vic])
      t.db.query("INSERT INTO user_group_members (user_id, group_id) VALUES (?, ?)").run(id, team);
    const outsider = addPlainUser(t, "Out");
    createRecord(t, "contact", { name: "Ann Lee", phone: PHONE });
    createRecord(t, "contact", { name: "Bo Lee", phone: "+447700900124" });
    const flow = addWorkflow(
      t,
      "contact",
      [{ kind: "assign", mode: "round_robin", userId: null, teamId: team }],
      { pattern: "rr" },
    );
    t.services.ingest.ingest(inbound(channelId, { peerPhone: PHONE, text: "rr" }));
    t.services.ingest.ingest(inbound(channelId, { peerPhone: "+447700900124", text: "rr" }));
    await t.drain();
    const owners = t.db
      .query<{ assigned_user_id: number }, []>("SELECT assigned_user_id FROM conversations ORDER BY id")
      .all()
      .map((r) => r.assigned_user_id);
    expect(owners).toEqual([una, vic]);
    expect(runsOf(t, flow).map((r) => r.status)).toEqual(["done", "done"]);
    const bad = addWorkflow(
      t,
      "contact",
      [{ kind: "assign", mode: "person", userId: outsider, teamId: null }],
      { pattern: "out" },
    );
    t.services.ingest.ingest(inbound(channelId, { peerPhone: PHONE, text: "out" }));
    await t.drain();
    const failed = runsOf(t, bad)[0]!;
    expect(failed.status).toBe("failed");
    expect(failed.error).toContain("Out cannot use this channel");
  });
});
