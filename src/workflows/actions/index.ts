import type { Step } from "../steps.ts";
import { condition, wait } from "./flow.ts";
import { callWebhook } from "./webhook.ts";
import { notifyUser, saveMedia, updateField } from "./record-actions.ts";
import { sendWhatsApp } from "./send-whatsapp.ts";
import type { ActionContext, StepOutcome } from "./types.ts";

export async function executeStep(ctx: ActionContext, step: Step): Promise<StepOutcome> {
  switch (step.kind) {
    case "condition":
      return condition(ctx, step);
    case "send_whatsapp":
      return sendWhatsApp(ctx, step);
    case "wait":
      return wait(ctx, step);
    case "save_media":
      return saveMedia(ctx);
    case "notify":
      return notifyUser(ctx, step);
    case "update_field":
      return updateField(ctx, step);
    case "webhook":
      return callWebhook(ctx, step);
  }
}
