import type { Child } from "hono/jsx";
import { PostButton } from "./post-button.tsx";

/** One column: its heading and how a row fills its cell. */
export type Column<Row> = {
  label: string;
  cell: (row: Row) => Child;
  /** On a stacked table the cell is labelled by its heading; false leaves it unlabelled. */
  stackLabel?: boolean;
  class?: string;
  /** A class for the heading cell too, e.g. "num" to right-align a column of amounts. */
  headClass?: string;
};

/**
 * A list of rows as a table, with an optional last column of row actions (see RowAction).
 * `stackOnPhone` shows each row as a labelled block on narrow screens; `empty` fills a row when
 * there are none.
 */
export function DataTable<Row>(p: {
  columns: Column<Row>[];
  rows: Row[];
  actions?: (row: Row) => Child;
  empty?: Child;
  stackOnPhone?: boolean;
  class?: string;
  rowClass?: (row: Row) => string | undefined;
}) {
  const width = p.columns.length + (p.actions ? 1 : 0);
  const tableClass = [p.class, p.stackOnPhone ? "stack-on-phone" : undefined].filter(Boolean).join(" ");
  const labelOf = (col: Column<Row>) =>
    p.stackOnPhone && col.stackLabel !== false && col.label ? col.label : undefined;
  return (
    <div class="table-wrap">
      <table class={tableClass || undefined}>
        <thead>
          <tr>
            {p.columns.map((col) => (
              <th class={col.headClass}>{col.label}</th>
            ))}
            {p.actions ? <th></th> : null}
          </tr>
        </thead>
        <tbody>
          {p.rows.length === 0 && p.empty ? (
            <tr>
              <td colspan={width} class="empty">
                {p.empty}
              </td>
            </tr>
          ) : null}
          {p.rows.map((row) => (
            <tr class={p.rowClass?.(row)}>
              {p.columns.map((col) => (
                <td class={col.class} data-label={labelOf(col)}>
                  {col.cell(row)}
                </td>
              ))}
              {p.actions ? <td>{p.actions(row)}</td> : null}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** A row's action: a one-button POST form (see PostButton), a small danger button unless told. */
export function RowAction(p: {
  action: string;
  label: Child;
  confirm?: string;
  /** Hidden fields the action needs, e.g. which record to link. */
  fields?: Record<string, string>;
  buttonClass?: string;
  ariaLabel?: string;
  formClass?: string;
}) {
  const { label, ...rest } = p;
  return (
    <PostButton {...rest} buttonClass={p.buttonClass ?? "danger small"}>
      {label}
    </PostButton>
  );
}
