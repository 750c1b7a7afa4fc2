import { Checkbox } from "../../ui/components/form.tsx";
import type { ChannelOptionValues } from "../options-store.ts";

/** The edit form's "What WhatsApp shows the customer" box: read receipts, typing, calls. */
export function ChannelOptionsFields(p: { values: ChannelOptionValues }) {
  return (
    <fieldset class="channel-options" id="f-options">
      <legend>What customers see</legend>
      <input type="hidden" name="options" value="1" />
      <Checkbox
        name="readReceipts"
        value="1"
        checked={p.values.readReceipts}
        label="Tell customers when we read their messages (blue ticks when someone opens the conversation)"
      />
      <Checkbox
        name="typing"
        value="1"
        checked={p.values.typing}
        label="Show customers “typing…” while someone types a reply"
      />
      <Checkbox
        name="rejectCalls"
        value="1"
        checked={p.values.rejectCalls}
        label="Reject calls automatically (the caller sees the call declined; it still shows in the conversation)"
      />
      <p class="hint">
        Pairbox cannot take calls: without rejecting, a call rings on the phone and shows here as missed.
      </p>
    </fieldset>
  );
}
