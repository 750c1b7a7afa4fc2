import { hx } from "../../ui/htmx.ts";
import { CsrfField } from "../../ui/components/form.tsx";
import { FieldFrame, invalidAttrs } from "../../ui/components/field.tsx";

/**
 * Inbox tabs hear of a switch flipped in another tab at once: their live stream sends
 * `availability-changed` (src/inbox/availability-live.tsx) and the switch fetches itself again.
 * Pages without a stream pick it up as the bell does: every 30 s and on focus.
 */
export const AVAILABILITY_CHANGED = "availability-changed";
const REFRESH = `every 30s, focus from:window, ${AVAILABILITY_CHANGED} from:body`;

/**
 * Available / Away in the top bar: one button that flips it. Away keeps new conversations from
 * being auto-assigned to you; those you have stay yours.
 */
export function AvailabilitySwitch(p: { away: boolean }) {
  return (
    <span
      id="availability"
      class={p.away ? "availability away" : "availability"}
      {...hx({ get: "/settings/account/availability", trigger: REFRESH, swap: "outerHTML" })}
    >
      <form
        method="post"
        action="/settings/account/availability"
        {...hx({ post: "/settings/account/availability", target: "#availability", swap: "outerHTML" })}
      >
        <CsrfField />
        <input type="hidden" name="away" value={p.away ? "0" : "1"} />
        <button
          type="submit"
          class="link"
          aria-pressed={p.away ? "false" : "true"}
          title={
            p.away
              ? "Away: nothing is auto-assigned to you. Click to be Available."
              : "Available: click to go Away."
          }
        >
          <span class="availability-dot" aria-hidden="true"></span>
          {p.away ? "Away" : "Available"}
        </button>
      </form>
    </span>
  );
}

/** An administrator's view of a person's assignment settings: their limit, and whether they are away. */
export function AssignmentSettingsCard(p: {
  userId: number;
  away: boolean;
  openLimit: string;
  error?: string | null;
}) {
  return (
    <section class="card" id="assignment">
      <h2>Assignment</h2>
      <p class="muted">
        {p.away ? "Away: nothing is auto-assigned to them now." : "Available for auto-assignment."}
      </p>
      <form method="post" action={`/settings/users/${p.userId}/assignment`}>
        <CsrfField />
        <FieldFrame
          for="f-open-limit"
          label="Limit of open conversations"
          error={p.error}
          errorId="f-open-limit-error"
          hint="Auto-assignment skips this person while they have this many open conversations. Blank: no limit."
        >
          <input
            type="number"
            name="open_limit"
            id="f-open-limit"
            min="0"
            max="10000"
            value={p.openLimit}
            {...invalidAttrs("f-open-limit", p.error)}
          />
        </FieldFrame>
        <button type="submit" class="secondary">
          Save limit
        </button>
      </form>
    </section>
  );
}
