/**
 * Keyset paging for pages: the query asks for one row more than a page holds, and when that row
 * came, `more` is the next page's URL, built from this page's last row.
 */
export function pageWithMore<Row>(
  rows: Row[],
  size: number,
  urlAfter: (last: Row) => string,
): { page: Row[]; more: string | null } {
  const page = rows.slice(0, size);
  const last = page[page.length - 1];
  return { page, more: rows.length > size && last !== undefined ? urlAfter(last) : null };
}
