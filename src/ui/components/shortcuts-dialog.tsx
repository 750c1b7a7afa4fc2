/** The keys static/shortcuts.js knows, as the `?` dialog lists them. */
const SHORTCUTS: [string, string][] = [
  ["j", "Next conversation"],
  ["k", "Previous conversation"],
  ["r", "Reply"],
  ["n", "Write a note"],
  ["e", "Resolve the conversation"],
  ["a", "Assign to me"],
  ["/", "Search"],
  ["?", "Show this list"],
];

/**
 * The keyboard shortcut list, opened with `?` as a modal dialog (focus moves into it, Escape or
 * Close returns). Rendered by the server so it reads the same without script.
 */
export function ShortcutsDialog() {
  return (
    <dialog id="shortcuts" class="shortcuts" aria-labelledby="shortcuts-title">
      <h2 id="shortcuts-title">Keyboard shortcuts</h2>
      <p class="hint">Keys work anywhere but while typing in a field.</p>
      <dl>
        {SHORTCUTS.map(([key, what]) => (
          <div>
            <dt>
              <kbd>{key}</kbd>
            </dt>
            <dd>{what}</dd>
          </div>
        ))}
      </dl>
      <form method="dialog">
        <button type="submit" class="secondary">
          Close
        </button>
      </form>
    </dialog>
  );
}
