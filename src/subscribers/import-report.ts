/**
 * The answer to a CSV import, kept the same size whatever the file: counts, the failed rows
 * counted by reason, and the first 1,000 failed rows (by line) with their reason. A file of
 * millions of bad rows gets a report of a few hundred kilobytes, built in bounded memory.
 */

/** Failed rows listed in a report; the rest are counted. */
export const MAX_REPORTED_ERRORS = 1000;

/** Why a row was not imported. */
export type ImportErrorCode =
  | 'missing_email'
  | 'invalid_email'
  | 'duplicate'
  | 'invalid_name'
  | 'unknown_persona'
  | 'unknown_language'
  | 'unknown_status'
  | 'suppressed'
  | 'unreadable';

export interface ImportError {
  /** The line of the file the row starts on (the header is line 1). */
  line: number;
  email?: string;
  code: ImportErrorCode;
  reason: string;
}

export interface ImportReport {
  /** Data rows read (blank lines and the header not counted). */
  rows: number;
  imported: number;
  /** Addresses already on the list, left as they were. */
  unchanged: number;
  failed: number;
  /** Every failed row, counted by its code. */
  failedByReason: Partial<Record<ImportErrorCode, number>>;
  /** The first failed rows by line, at most MAX_REPORTED_ERRORS. */
  errors: ImportError[];
}

/** A report being filled in as an import runs. */
export class ImportTally {
  readonly report: ImportReport = { rows: 0, imported: 0, unchanged: 0, failed: 0, failedByReason: {}, errors: [] };

  /** Records a failed row. */
  fail(line: number, code: ImportErrorCode, reason: string, email?: string): void {
    const r = this.report;
    r.failed++;
    r.failedByReason[code] = (r.failedByReason[code] ?? 0) + 1;
    // Rows are failed nearly in line order (a suppressed row is found when its chunk is written),
    // so the list is cut back to the lowest lines whenever it doubles.
    r.errors.push({ line, ...(email ? { email } : {}), code, reason });
    if (r.errors.length >= 2 * MAX_REPORTED_ERRORS) this.trim();
  }

  /** The finished report: the lowest-numbered failed rows, in line order. */
  finish(): ImportReport {
    this.trim();
    return this.report;
  }

  private trim(): void {
    // Stable: two failures on one line (unreadable after a row) keep their order.
    this.report.errors.sort((a, b) => a.line - b.line);
    this.report.errors.length = Math.min(this.report.errors.length, MAX_REPORTED_ERRORS);
  }
}
