import { loadCurrentUser } from "../../auth/users-store.ts";
import { findAccessibleChannel } from "../../channels/access.ts";
import { insertNotification } from "../../notifications/store.ts";
import {
  addAttachment,
  getRecordSummary,
  recordTypeLabel,
  updatableFields,
  updateRecordField,
} from "../../records/api.ts";
import { renderExpression } from "../expressions.ts";
import type { StepOf } from "../steps.ts";
import { triggerMediaWhenReady } from "./media.ts";
import { done, fail, retry, type ActionContext, type StepOutcome } from "./types.ts";

/** Save media: the triggering message's image or document becomes an attachment of the record. */
export async function saveMedia(ctx: ActionContext): Promise<StepOutcome> {
  const m = await triggerMediaWhenReady(ctx);
  if (!m.ok) return m.pending ? retry(m.error, 15_000) : fail(m.error);
  const file = m.file;
  return done(`saved ${file.fileName} to the ${recordTypeLabel(ctx.ref.type).toLowerCase()}`, () => {
    addAttachment(ctx.db, ctx.ref, file, ctx.clock(), null);
  });
}

/**
 * Notify: an in-app notification for the record owner (or a named user) linking to the conversation.
 * It is about a message, so it only ever reaches someone who may use that message's channel, checked
 * when it is sent (access lists change).
 */
export async function notifyUser(ctx: ActionContext, step: StepOf<"notify">): Promise<StepOutcome> {
  const summary = getRecordSummary(ctx.db, ctx.ref);
  const userId = step.target === "owner" ? (summary?.ownerUserId ?? null) : step.target;
  if (userId === null)
    return fail(`the ${recordTypeLabel(ctx.ref.type).toLowerCase()} has no owner to notify`);
  const user = loadCurrentUser(ctx.db, userId);
  if (!user) return fail("the user to notify no longer exists or is inactive");
  if (ctx.run.channel_id !== null && !findAccessibleChannel(ctx.db, user, ctx.run.channel_id))
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

/** Update a field on the record, with the value's expressions filled in. */
export async function updateField(ctx: ActionContext, step: StepOf<"update_field">): Promise<StepOutcome> {
  const field = updatableFields(ctx.ref.type).find((f) => f.name === step.field);
  if (!field) return fail(`${recordTypeLabel(ctx.ref.type)} has no field "${step.field}"`);
  const value = await renderExpression(step.value, ctx.data);
  if (!value.ok) return fail(`template error: ${value.error}`);
  // Written in the step's closing transaction; a refused value rolls it back and fails the step.
  return done(`set ${field.label} to "${value.text}"`, () => {
    const res = updateRecordField(ctx.db, ctx.ref, field.name, value.text, ctx.clock());
    if (!res.ok) throw new FieldRejected(res.error);
  });
}

/** The record refused the value: the runner fails the step with this message. */
export class FieldRejected extends Error {}
