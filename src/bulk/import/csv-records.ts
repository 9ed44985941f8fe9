/**
 * CSV as LMS exports write it (RFC 4180): comma-separated fields, a field in double quotes may hold commas, line
 * breaks and doubled quotes (`""` for `"`). Fed one physical line at a time, so a file of any size streams through;
 * a record that spans lines is reported under the number of its first line.
 */

export type CsvResult =
  | { readonly ok: true; readonly line: number; readonly fields: string[] }
  | { readonly ok: false; readonly line: number; readonly reason: string };

export interface CsvRecordReader {
  /** True inside a quoted field that goes on past the last line pushed. */
  readonly open: boolean;
  /** Takes the next physical line (without its line break); answers the record it completes, if any. */
  push(text: string, line: number): CsvResult | undefined;
  /** Ends the input: a quoted field still open is an error. */
  end(): CsvResult | undefined;
}

/**
 * @example
 * const reader = createCsvRecordReader();
 * reader.push('a,"b', 1);    // undefined: the quoted field goes on
 * reader.push('c",d', 2);    // { ok: true, line: 1, fields: ['a', 'b\nc', 'd'] }
 */
export function createCsvRecordReader(): CsvRecordReader {
  let fields: string[] = [];
  let field = '';
  let inQuotes = false;
  let startLine = 0;
  // Whether the current field started with a quote: text after its closing quote is an error.
  let quotedField = false;
  let closedQuote = false;
  let error: string | undefined;

  function reset(): void {
    fields = [];
    field = '';
    inQuotes = false;
    quotedField = false;
    closedQuote = false;
    error = undefined;
  }

  return {
    get open() {
      return inQuotes;
    },
    push(text, line) {
      if (!inQuotes) {
        reset();
        startLine = line;
      } else {
        field += '\n';
      }
      for (let i = 0; i < text.length; i += 1) {
        const char = text[i];
        if (inQuotes) {
          if (char !== '"') field += char;
          else if (text[i + 1] === '"') {
            field += '"';
            i += 1;
          } else {
            inQuotes = false;
            closedQuote = true;
          }
        } else if (char === ',') {
          fields.push(field);
          field = '';
          quotedField = false;
          closedQuote = false;
        } else if (char === '"' && field === '' && !quotedField) {
          inQuotes = true;
          quotedField = true;
        } else if (closedQuote) {
          error ??= `text after a closing quote in field ${fields.length + 1}`;
        } else {
          field += char;
        }
      }
      if (inQuotes) return undefined;
      fields.push(field);
      return error === undefined ? { ok: true, line: startLine, fields } : { ok: false, line: startLine, reason: error };
    },
    end() {
      if (!inQuotes) return undefined;
      inQuotes = false;
      return { ok: false, line: startLine, reason: 'a quoted field is never closed' };
    },
  };
}
