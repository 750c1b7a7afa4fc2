import { Checkbox, CsrfField } from "../../ui/components/form.tsx";
import { FieldFrame, invalidAttrs } from "../../ui/components/field.tsx";

export type AutoAssignFormProps = {
  channelId: number;
  enabled: boolean;
  teamId: number | null;
  teams: { id: number; name: string }[];
  error?: string | null;
};

/** The channel's auto-assignment: off by default; on, round-robin among a team or everyone who may use it. */
export function AutoAssignForm(p: AutoAssignFormProps) {
  return (
    <section class="card" id="auto-assign">
      <h2>Auto-assignment</h2>
      <form method="post" action={`/channels/${p.channelId}/auto-assign`}>
        <CsrfField />
        <Checkbox
          name="enabled"
          value="1"
          checked={p.enabled}
          label="Assign new conversations automatically"
        />
        <FieldFrame
          for="f-auto-team"
          label="Among"
          error={p.error}
          errorId="f-auto-team-error"
          hint="In turn, to the people who are Available and below their limit of open conversations. A conversation someone already has stays theirs, also when the customer reopens it."
        >
          <select name="team" id="f-auto-team" {...invalidAttrs("f-auto-team", p.error)}>
            <option value="">Everyone who may use this channel</option>
            {p.teams.map((t) => (
              <option value={String(t.id)} selected={p.teamId === t.id}>
                Team {t.name}
              </option>
            ))}
          </select>
        </FieldFrame>
        <p class="actions">
          <button type="submit">Save auto-assignment</button>
        </p>
      </form>
    </section>
  );
}
