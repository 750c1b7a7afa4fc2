import { describe, expect, test } from "bun:test";
import { draftStep, validateDraft, type EditorChoices } from "../../src/workflows/editor.ts";
import { describeStep, newStep, readSteps, STEP_KINDS, stepLabel } from "../../src/workflows/steps/index.ts";

/** Steps as workflows saved them before each kind moved into its own file: they must load unchanged. */
const SAVED = [
  { kind: "condition", expression: "__data.incoming_whatsapp.is_group == false" },
  {
    kind: "send_whatsapp",
    channel: 3,
    recipient: "+447700900123",
    text: "Hi {{ __data.record.first_name }}",
    attachment: "file",
    file: { sha256: "a".repeat(64), mime: "application/pdf", size: 1234, fileName: "terms.pdf" },
  },
  {
    kind: "send_whatsapp",
    channel: "trigger",
    recipient: "sender",
    text: "",
    attachment: "invoice",
    file: null,
  },
  { kind: "wait", amount: 2, unit: "days" },
  { kind: "save_media" },
  { kind: "notify", target: 7, text: "New message" },
  { kind: "update_field", field: "status", value: "Qualified" },
  { kind: "add_label", label_id: 4, target: "both" },
  { kind: "set_status", status: "resolved" },
  { kind: "webhook", url: "https://example.com/hook" },
  { kind: "assign", mode: "person", userId: 7, teamId: null },
  { kind: "assign", mode: "round_robin", userId: null, teamId: null },
  { kind: "business_hours", when: "outside" },
  { kind: "once_per_day" },
];

const choices: EditorChoices = {
  channelIds: new Set([3]),
  mayUseAllChannels: true,
  countryPrefixOf: () => "",
  userIds: new Set([7]),
  labelIds: new Set([4]),
  fileSignature: (v) => `sig:${v.file_sha}:${v.file_size}`,
};

describe("workflow step kinds", () => {
  test("steps saved in the stored JSON format load unchanged, one of every kind", () => {
    expect(readSteps(JSON.stringify(SAVED))).toEqual(SAVED as never);
    expect(new Set(SAVED.map((s) => s.kind))).toEqual(new Set(STEP_KINDS));
  });

  test("a saved step shown in the editor and saved again is the same step", () => {
    const steps = readSteps(JSON.stringify(SAVED));
    const drafts = steps.map(draftStep);
    for (const d of drafts) if (d.v.file_sha) d.v.file_sig = choices.fileSignature(d.v);
    const result = validateDraft(
      {
        name: "Round trip",
        recordType: "lead",
        enabled: true,
        pattern: "",
        steps: drafts,
        allChannels: true,
        channelIds: [],
      },
      choices,
    );
    expect(result.ok ? result.input.steps : result.errors).toEqual(steps);
  });

  test("every kind offered by Add step has a label, a description and a valid new step", () => {
    for (const kind of STEP_KINDS) {
      const step = newStep(kind);
      expect(step.kind).toBe(kind);
      expect(stepLabel(kind)).not.toBe("");
      expect(describeStep(step)).not.toBe("");
      expect(readSteps(JSON.stringify([step]))).toEqual([step]);
    }
  });
});
