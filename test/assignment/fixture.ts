import { addUser, signIn } from "../helpers/app.ts";
import { inboxFixture } from "../inbox/http-fixture.ts";
import { installAssignment } from "../../src/assignment/install.ts";
import { saveAutoAssignSettings } from "../../src/channels/auto-assign-store.ts";

/**
 * The inbox fixture (an administrator; Sam, in Sales, on the Sales line only) with assignment
 * installed as serve.ts does, plus Bea (Sales too) and Zoe (Support: cannot use the Sales line).
 */
export async function assignFixture() {
  const f = await inboxFixture();
  installAssignment(f.t.services, { clock: f.t.clock });
  await addUser(f.t, "bea@example.com", { groups: ["Sales"], name: "Bea Agent" });
  await addUser(f.t, "zoe@example.com", { groups: ["Support"], name: "Zoe Outsider" });
  const bea = await signIn(f.t, "bea@example.com");
  const zoe = await signIn(f.t, "zoe@example.com");
  const group = (name: string) =>
    f.t.db.query<{ id: number }, [string]>("SELECT id FROM user_groups WHERE name = ?").get(name)!.id;
  return {
    ...f,
    bea,
    zoe,
    salesTeam: group("Sales"),
    supportTeam: group("Support"),
    conversation(id: number) {
      return f.t.db
        .query<
          { assigned_user_id: number | null; assigned_team_id: number | null; status: string },
          [number]
        >("SELECT assigned_user_id, assigned_team_id, status FROM conversations WHERE id = ?")
        .get(id)!;
    },
    notifications(userId: number) {
      return f.t.db
        .query<{ title: string; body: string; href: string }, [number]>(
          "SELECT title, body, href FROM notifications WHERE user_id = ? ORDER BY id",
        )
        .all(userId);
    },
    autoAssign(channelId: number, teamId: number | null = null) {
      saveAutoAssignSettings(f.t.db, channelId, { enabled: true, teamId }, f.t.clock());
    },
  };
}

export type AssignFixture = Awaited<ReturnType<typeof assignFixture>>;
