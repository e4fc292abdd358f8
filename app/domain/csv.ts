// CSV for people who work in spreadsheets (Excel, WPS). RFC 4180 quoting; a UTF-8 BOM on output so Excel opens
// Chinese text correctly, and tolerated on input. Pure: no I/O.

/** Rows of cells from CSV text. Handles quoted cells with commas, quotes and line breaks; CRLF or LF. */
export function parseCsv(text: string): string[][] {
  const input = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < input.length; i++) {
    const ch = input[i];
    if (quoted) {
      if (ch === '"') {
        if (input[i + 1] === '"') {
          cell += '"';
          i++;
        } else quoted = false;
      } else cell += ch;
      continue;
    }
    if (ch === '"' && cell === "") quoted = true;
    else if (ch === ",") {
      row.push(cell);
      cell = "";
    } else if (ch === "\n" || ch === "\r") {
      if (ch === "\r" && input[i + 1] === "\n") i++;
      row.push(cell);
      rows.push(row);
      row = [];
      cell = "";
    } else cell += ch;
  }
  if (cell !== "" || row.length > 0) {
    row.push(cell);
    rows.push(row);
  }
  // Spreadsheets leave trailing empty lines; they are not rows.
  return rows.filter((r) => r.some((c) => c.trim() !== ""));
}

/** Header-keyed records; the header row's cells are trimmed. Each record keeps its 1-based line number. */
export function parseCsvRecords(text: string): { header: string[]; records: Array<{ line: number; values: Record<string, string> }> } {
  const [header = [], ...rows] = parseCsv(text);
  const names = header.map((h) => h.trim());
  return {
    header: names,
    records: rows.map((cells, i) => ({
      line: i + 2,
      values: Object.fromEntries(names.map((name, j) => [name, (cells[j] ?? "").trim()])),
    })),
  };
}

function escapeCell(value: string | number | null | undefined): string {
  const text = value == null ? "" : String(value);
  // A leading = + - @ would run as a formula in Excel: prefix a quote (OWASP CSV injection).
  const safe = /^[=+\-@\t\r]/.test(text) && !/^-?\d+(\.\d+)?$/.test(text) ? `'${text}` : text;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function toCsv(header: string[], rows: Array<Array<string | number | null | undefined>>): string {
  return "\ufeff" + [header, ...rows].map((r) => r.map(escapeCell).join(",")).join("\r\n") + "\r\n";
}
