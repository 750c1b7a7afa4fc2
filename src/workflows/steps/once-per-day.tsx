import { z } from "zod";
import { localTime } from "../../channels/business-hours.ts";
import { findBusinessHours } from "../../channels/business-hours-store.ts";
import { claimOncePerDay } from "../once-store.ts";
import { defineStep } from "./kind.ts";
import { done } from "./run-context.ts";

const schema = z.object({ kind: z.literal("once_per_day") });

/**
 * Once per conversation per day: the first run of this workflow to reach this step for a
 * conversation on a given day continues; later ones that day stop here. The day is the channel's
 * (its business-hours time zone, else UTC), taken at the moment the message was stored.
 */
export const oncePerDayStep = defineStep<typeof schema>({
  kind: "once_per_day",
  atomic: true,
  label: "Once per conversation per day",
  schema,
  fields: [],
  fresh: () => ({ kind: "once_per_day" }),
  validate: () => ({ kind: "once_per_day" }),
  Fields: () => (
    <p class="hint">
      The first message of a conversation on a day continues past this step; later messages that day stop
      here. The day follows the channel's business-hours time zone (UTC when none is set).
    </p>
  ),
  describe: () => "Only once per conversation per day",
  run(ctx) {
    const { run } = ctx;
    if (run.conversation_id === null) return done("no conversation: nothing to count");
    const zone = (run.channel_id !== null && findBusinessHours(ctx.db, run.channel_id)?.timeZone) || "UTC";
    const day = localTime(run.created_at, zone).date;
    const first = claimOncePerDay(ctx.db, {
      workflowId: run.workflow_id,
      stepIndex: ctx.stepIndex,
      conversationId: run.conversation_id,
      day,
      runId: run.id,
    });
    return first
      ? done(`first time today (${day}) for this conversation`)
      : {
          kind: "stop",
          result: `already passed today (${day}) for this conversation: the remaining steps were skipped`,
        };
  },
});
