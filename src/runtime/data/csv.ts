// CSV files of numbers: comma-separated, fields optionally in double quotes (`""` inside for a
// quote, as RFC 4180 has it, though a field may not span lines), an optional header row, and
// numbers as NumPy's savetxt and pandas' to_csv write them — `nan`, `inf` and `-inf` included.
// Only the cells rnnc reads must be numbers, so a `date` column beside the series is fine.

import type { Location } from '../../diagnostics/diagnostic.ts';
import { RnncError } from '../errors.ts';
import { float32, textArray, type NdArray } from './nd-array.ts';

interface Cell {
  readonly text: string;
  /** 1-based; the end is exclusive and includes any quotes. */
  readonly column: number;
  readonly endColumn: number;
}

interface Row {
  readonly line: number;
  /** The line as the file has it, for the code frame of an error. */
  readonly text: string;
  readonly cells: readonly Cell[];
}

/** Where a cell is, with its line for the code frame. */
const at = (file: string, row: Row, cell: Cell): Location => ({ file, line: row.line, column: cell.column, endColumn: cell.endColumn, text: row.text });

export interface CsvOptions {
  /** A header name, or a 0-based position; all columns when absent. */
  readonly column?: string | number;
}

const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const SPECIAL: Record<string, number> = { nan: NaN, inf: Infinity, '+inf': Infinity, '-inf': -Infinity, infinity: Infinity, '-infinity': -Infinity };

function parseNumber(text: string): number | undefined {
  const t = text.trim();
  if (NUMBER.test(t)) return Number(t);
  const word = t.toLowerCase();
  // Own keys only: a cell reading `constructor` is not a number.
  return Object.hasOwn(SPECIAL, word) ? SPECIAL[word] : undefined;
}

/** The chosen column as [rows, 1], or every column as [rows, columns]. */
export function readCsvMatrix(text: string, file: string, options: CsvOptions = {}): NdArray {
  const { rows, columns } = readTable(text, file, options.column);
  const data = new Float32Array(rows.length * columns.length);
  rows.forEach((row, r) => columns.forEach((c, j) => (data[r * columns.length + j] = cellNumber(row, c, file))));
  return float32([rows.length, columns.length], data);
}

/** One column as a series, for sliding windows. A file with one column needs no `column`. */
export function readCsvSeries(text: string, file: string, options: CsvOptions = {}): Float32Array {
  const { rows, columns, width } = readTable(text, file, options.column);
  if (columns.length !== 1) {
    throw new RnncError('E0624', `${file} has ${width} columns; say which one holds the series`, file, 'add `column = "name"` (or a 0-based position) to the data, or --column on the command line');
  }
  return Float32Array.from(rows, (row) => cellNumber(row, columns[0]!, file));
}

/**
 * One column of text, for a model input of dtype string: every cell is a text (an empty cell an
 * empty one). A header row is there only when `column` names it; a file of one column needs no
 * `column`.
 */
export function readCsvTexts(text: string, file: string, column: string | number | undefined, rank: number): NdArray {
  const all = splitRows(text, file);
  const first = all[0];
  if (!first) throw new RnncError('E0614', `${file} holds no rows`, file, 'write one text per line');
  const header = first.cells.map((c) => c.text.trim());
  if (column === undefined && header.length !== 1) {
    throw new RnncError('E0624', `${file} has ${header.length} columns; say which one holds the text`, file, 'add `column = "text"` (its header name, or a 0-based position) to the data, or --column on the command line');
  }
  const index = column === undefined ? 0 : columnIndex(column, header, first, file);
  const rows = typeof column === 'string' && header.includes(column) ? all.slice(1) : all;
  if (rows.length === 0) throw new RnncError('E0614', `${file} holds a header and no rows of text`, file, 'write one row per text after the header');
  for (const row of rows) {
    if (row.cells.length !== first.cells.length) {
      const last = row.cells[row.cells.length - 1]!;
      throw new RnncError('E0608', `line ${row.line} of ${file} has ${row.cells.length} cells, but the first row has ${first.cells.length}`, at(file, row, last), 'quote a text that holds a comma: "a fine, long film"');
    }
  }
  return textArray(rows.map((row) => row.cells[index]!.text), rank);
}

function cellNumber(row: Row, column: number, file: string): number {
  const cell = row.cells[column]!;
  const value = parseNumber(cell.text);
  if (value === undefined) {
    const shown = cell.text.trim() === '' ? 'an empty cell' : `"${cell.text.trim()}"`;
    throw new RnncError('E0609', `line ${row.line} of ${file} has ${shown} where a number belongs`, at(file, row, cell), 'the cells rnnc reads must all be numbers: fill the gap, remove the row, or pick the numeric column with `column`');
  }
  return value;
}

/** The data rows (header dropped) and which columns to read. */
function readTable(text: string, file: string, column: string | number | undefined): { rows: Row[]; columns: number[]; width: number } {
  const all = splitRows(text, file);
  const first = all[0];
  if (!first) throw new RnncError('E0614', `${file} holds no rows`, file, 'write one row of numbers per line');
  const width = first.cells.length;
  for (const row of all) {
    if (row.cells.length !== width) {
      const last = row.cells[row.cells.length - 1]!;
      throw new RnncError('E0608', `line ${row.line} of ${file} has ${row.cells.length} cells, but the first row has ${width}`, at(file, row, last), 'every row needs as many cells as the first; an empty cell is written as two commas in a row');
    }
  }
  const header = first.cells.map((c) => c.text.trim());
  const columns = column === undefined ? header.map((_, i) => i) : [columnIndex(column, header, first, file)];
  // A first row whose cells to read are not all numbers is a header, as in pandas.read_csv.
  const namedInHeader = typeof column === 'string' && header.includes(column);
  const hasHeader = namedInHeader || columns.some((c) => parseNumber(header[c]!) === undefined);
  const rows = hasHeader ? all.slice(1) : all;
  if (rows.length === 0) throw new RnncError('E0614', `${file} holds a header and no rows of data`, file, 'write one row of numbers per line after the header');
  return { rows, columns, width };
}

function columnIndex(column: string | number, header: readonly string[], first: Row, file: string): number {
  const byName = typeof column === 'string' ? header.indexOf(column) : -1;
  if (byName >= 0) return byName;
  const index = typeof column === 'number' ? column : /^\d+$/.test(column) ? Number(column) : undefined;
  if (index !== undefined && Number.isInteger(index) && index >= 0 && index < header.length) return index;
  const names = header.some((h) => parseNumber(h) === undefined) ? `its header names ${header.map((h) => `"${h}"`).join(', ')}` : 'it has no header row';
  const asked = typeof column === 'string' && index === undefined ? `a column "${column}"` : `a column ${column} (counting from 0)`;
  throw new RnncError('E0610', `${file} has no ${asked}: ${names}, ${header.length} columns in all`, { file, line: first.line, column: 1, endColumn: first.text.length + 1, text: first.text }, 'name a column from the header, or give its position counting from 0');
}

function splitRows(text: string, file: string): Row[] {
  const rows: Row[] = [];
  text.replace(/^\uFEFF/, '').split('\n').forEach((raw, index) => {
    const line = raw.replace(/\r$/, '');
    if (line.trim() !== '') rows.push({ line: index + 1, text: line, cells: splitCells(line, index + 1, file) });
  });
  return rows;
}

function splitCells(line: string, lineNumber: number, file: string): Cell[] {
  const cells: Cell[] = [];
  let pos = 0;
  for (;;) {
    const start = pos;
    let text = '';
    if (line[pos] === '"') {
      pos++;
      while (pos < line.length && !(line[pos] === '"' && line[pos + 1] !== '"')) {
        text += line[pos];
        pos += line[pos] === '"' ? 2 : 1;
      }
      if (pos >= line.length) {
        throw new RnncError('E0609', `line ${lineNumber} of ${file} opens a quoted cell that the line does not close`, { file, line: lineNumber, column: start + 1, endColumn: line.length + 1, text: line }, 'close the quote on the same line');
      }
      pos++;
      while (pos < line.length && line[pos] !== ',') text += line[pos++];
    } else {
      const end = line.indexOf(',', pos);
      text = line.slice(pos, end < 0 ? line.length : end);
      pos = end < 0 ? line.length : end;
    }
    cells.push({ text, column: start + 1, endColumn: pos + 1 });
    if (pos >= line.length) return cells;
    pos++; // the comma
  }
}
