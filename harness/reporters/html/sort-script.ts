// The pages' only script, a convenience: click a column's heading (its whole cell; a button inside it
// for the keyboard) to sort a table.sortable by it
// (a cell's data-sort number when it has one, else its text). Without it the table reads as written.
// It reads nothing but the page's own cells and is allowed by its hash in the page's CSP.
export const SORT_SCRIPT = `
for (const table of document.querySelectorAll('table.sortable')) {
  const body = table.tBodies[0];
  const heads = [...table.tHead.rows[0].cells];
  heads.forEach((th, column) => {
    const button = document.createElement('button');
    button.type = 'button';
    button.append(...th.childNodes);
    th.append(button);
    th.addEventListener('click', () => {
      const ascending = th.getAttribute('aria-sort') !== 'ascending';
      for (const other of heads) other.removeAttribute('aria-sort');
      th.setAttribute('aria-sort', ascending ? 'ascending' : 'descending');
      const key = (row) => {
        const cell = row.cells[column];
        const n = cell && cell.dataset.sort !== undefined ? Number(cell.dataset.sort) : NaN;
        return Number.isNaN(n) ? (cell ? cell.textContent.trim().toLowerCase() : '') : n;
      };
      const rows = [...body.rows].map((row, i) => ({ row, i, k: key(row) }));
      rows.sort((a, b) => {
        const c = typeof a.k === 'number' && typeof b.k === 'number' ? a.k - b.k : String(a.k).localeCompare(String(b.k), undefined, { numeric: true });
        return (ascending ? c : -c) || a.i - b.i;
      });
      body.append(...rows.map((r) => r.row));
    });
  });
}
`;
