import { z } from "zod";
import { checkAssignment } from "../../assignment/people.ts";
import { nextInRotation } from "../../assignment/round-robin.ts";
import { findChannel } from "../../channels/store.ts";
import { applyAssignment, type AssignmentRequest } from "../../messaging/assignment.ts";
import { findConversation } from "../../messaging/conversations-store.ts";
import { write } from "../../db/write.ts";
import { StepSelect } from "../views/step-fields.tsx";
import { defineStep } from "./kind.ts";
import { done, fail, type ActionContext, type StepOutcome } from "./run-context.ts";

const schema = z.object({
  kind: z.literal("assign"),
  /** person: to one person (and a team, if chosen); team: to a team, person unchanged; round_robin: the next Available one. */
  mode: z.enum(["person", "team", "round_robin"]),
  userId: z.number().int().positive().nullable(),
  teamId: z.number().int().positive().nullable(),
});
type AssignStep = z.infer<typeof schema>;

const MODES = [
  { value: "person", label: "A person" },
  { value: "team", label: "A team" },
  { value: "round_robin", label: "The next Available person (round-robin)" },
];

const idOrNull = (v: string) => (/^\d{1,12}$/.test(v) ? Number(v) : null);

/** Assign the run's conversation: to a person, a team, or by round-robin as auto-assignment does. */
export const assignStep = defineStep<typeof schema>({
  kind: "assign",
  atomic: true,
  label: "Assign",
  schema,
  fields: ["mode", "userId", "teamId"],
  fresh: () => ({ kind: "assign", mode: "round_robin", userId: null, teamId: null }),
  toDraft: (s) => ({
    mode: s.mode,
    userId: s.userId ? String(s.userId) : "",
    teamId: s.teamId ? String(s.teamId) : "",
  }),
  validate({ v, choices, err }) {
    const mode = MODES.find((m) => m.value === v.mode)?.value as AssignStep["mode"] | undefined;
    if (!mode) return err("mode", "Choose a person, a team or round-robin.");
    const userId = idOrNull(v.userId ?? "");
    const teamId = idOrNull(v.teamId ?? "");
    if (mode === "person" && (userId === null || !choices.userIds.has(userId)))
      return err("userId", "Choose an active user.");
    if (teamId !== null && !(choices.teamIds?.has(teamId) ?? false))
      return err("teamId", "Choose an existing team.");
    if (mode === "team" && teamId === null) return err("teamId", "Choose a team.");
    return { kind: "assign", mode, userId: mode === "person" ? userId : null, teamId };
  },
  Fields: ({ c, choices }) => (
    <div class="wf-row">
      <StepSelect c={c} field="mode" label="Assign to" options={MODES} />
      <StepSelect
        c={c}
        field="userId"
        label="Person (for A person)"
        options={[
          { value: "", label: "Choose a person" },
          ...choices.users.map((u) => ({ value: String(u.id), label: u.name })),
        ]}
      />
      <StepSelect
        c={c}
        field="teamId"
        label="Team"
        hint="For A team; with A person, also sets the team; for round-robin, only its members take turns (else everyone who may use the channel)."
        options={[
          { value: "", label: "No team" },
          ...(choices.teams ?? []).map((t) => ({ value: String(t.id), label: t.name })),
        ]}
      />
    </div>
  ),
  describe: (s) =>
    s.mode === "person"
      ? "Assign to a person"
      : s.mode === "team"
        ? "Assign to a team"
        : "Assign by round-robin",
  run: (ctx, step) => assignConversation(ctx, step),
});

/**
 * The run's conversation, assigned with the same checks as a person assigning it: a person or team
 * who may not use its channel fails the step with the reason. The round-robin's choice is made in
 * the step's closing write, so runs finishing together each see the one before and take turns.
 * Finding nobody Available below their limit leaves the conversation as it is.
 */
function assignConversation(ctx: ActionContext, step: AssignStep): StepOutcome {
  const conversation =
    ctx.run.conversation_id !== null ? findConversation(ctx.db, ctx.run.conversation_id) : null;
  if (!conversation) return fail("this run has no conversation to assign");
  const channel = findChannel(ctx.db, conversation.channel_id);
  if (!channel) return fail("the conversation's channel no longer exists");
  if (step.mode === "round_robin")
    return done("assigned by round-robin to the next Available person, if any", () => {
      write(ctx.db, (tx) => {
        const teamId = step.teamId ?? findConversation(tx.db, conversation.id)?.assigned_team_id ?? null;
        const next = nextInRotation(tx.db, channel, teamId);
        if (next)
          applyAssignment(tx, conversation.id, { userId: next.id, teamId }, "auto", null, ctx.clock());
      });
    });
  const request: AssignmentRequest =
    step.mode === "person"
      ? { userId: step.userId, teamId: step.teamId ?? undefined }
      : { teamId: step.teamId };
  const check = checkAssignment(ctx.db, channel, request);
  if (!check.ok) return fail(check.error);
  return done("assigned", () => {
    write(ctx.db, (tx) => applyAssignment(tx, conversation.id, request, "workflow", null, ctx.clock()));
  });
}
