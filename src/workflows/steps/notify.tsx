import { z } from "zod";
import { currentUserNow } from "../../auth/access-version.ts";
import { mayUseChannelNow } from "../../channels/access.ts";
import { insertNotification } from "../../notifications/store.ts";
import { getRecordSummary, recordTypeLabel } from "../../records/public.ts";
import { renderExpression } from "../expressions.ts";
import { ExpressionHint, StepInput, StepSelect } from "../views/step-fields.tsx";
import { defineStep } from "./kind.ts";
import { done, fail, type ActionContext, type StepOutcome } from "./run-context.ts";

const schema = z.object({
  kind: z.literal("notify"),
  target: z.union([z.literal("owner"), z.number().int().positive()]),
  text: z.string().max(1000),
});
type NotifyStep = z.infer<typeof schema>;

export const notifyStep = defineStep<typeof schema>({
  kind: "notify",
  atomic: true,
  label: "Notify a user",
  schema,
  fields: ["target", "text"],
  fresh: () => ({
    kind: "notify",
    target: "owner",
    text: "New WhatsApp message from {{ __data.incoming_whatsapp.display_name }}",
  }),
  validate({ v, choices, err, hasError, template }) {
    const target = v.target === "owner" ? "owner" : Number(v.target);
    if (target !== "owner" && !choices.userIds.has(target))
      err("target", "Choose the record owner or an active user.");
    const text = template("text", 1000);
    return text === null || hasError("target") ? null : { kind: "notify", target, text };
  },
  Fields: ({ c, choices }) => (
    <>
      <StepSelect
        c={c}
        field="target"
        label="Notify"
        options={[
          { value: "owner", label: `The ${choices.recordLabel.toLowerCase()}'s owner` },
          ...choices.users.map((u) => ({ value: String(u.id), label: u.name })),
        ]}
      />
      <StepInput
        c={c}
        field="text"
        label="Notification text"
        hint={
          <>
            Shown in the bell with a link to the conversation. <ExpressionHint />
          </>
        }
      />
    </>
  ),
  describe: (s) => (s.target === "owner" ? "Notify the record owner" : "Notify a user"),
  run: (ctx, step) => notifyUser(ctx, step),
});

/**
 * An in-app notification for the record owner (or a named user) linking to the conversation.
 * It is about a message, so it only ever reaches someone who may use that message's channel, checked
 * when it is sent (access lists change; the version counter says when, see access-version.ts).
 */
async function notifyUser(ctx: ActionContext, step: NotifyStep): Promise<StepOutcome> {
  const summary = getRecordSummary(ctx.db, ctx.ref);
  const userId = step.target === "owner" ? (summary?.ownerUserId ?? null) : step.target;
  if (userId === null)
    return fail(`the ${recordTypeLabel(ctx.ref.type).toLowerCase()} has no owner to notify`);
  const user = currentUserNow(ctx.db, userId);
  if (!user) return fail("the user to notify no longer exists or is inactive");
  if (ctx.run.channel_id !== null && !mayUseChannelNow(ctx.db, user, ctx.run.channel_id))
    return fail(`${user.name} may not use the channel this message came in on: not notified`);
  const text = await renderExpression(step.text, ctx.data);
  if (!text.ok) return fail(`template error: ${text.error}`);
  const title = text.text.trim() || `Workflow ${ctx.workflowName}`;
  const body = summary ? `${recordTypeLabel(ctx.ref.type)}: ${summary.name}` : "";
  const href =
    ctx.run.conversation_id !== null
      ? `/inbox/c/${ctx.run.conversation_id}`
      : (summary?.href ?? "/notifications");
  return done(`notified ${user.name}`, () => {
    insertNotification(ctx.db, { userId: user.id, title, body, href }, ctx.clock());
  });
}
