import { FieldFrame } from "../../ui/components/field.tsx";

/**
 * What starts the workflow: an incoming message (matched against the text pattern) or an incoming
 * call (every call, since a call has no text). Both run once per record the chat is linked to.
 */
export function TriggerField(p: { value: string; error?: string | undefined }) {
  return (
    <>
      <h2>Trigger</h2>
      <FieldFrame for="f-trigger" label="Starts on" error={p.error}>
        <select id="f-trigger" name="trigger">
          <option value="message" selected={p.value !== "call"}>
            Incoming WhatsApp message
          </option>
          <option value="call" selected={p.value === "call"}>
            Incoming WhatsApp call
          </option>
        </select>
      </FieldFrame>
      <p class="muted">
        Runs for each new inbound WhatsApp message (or each call: voice or video, missed or declined) linked
        to a record of this type, once per matched record. Messages imported from history never trigger; the
        text pattern applies to messages only.
      </p>
    </>
  );
}
