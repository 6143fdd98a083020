/**
 * The answer to a CSV import, kept the same size whatever the file: counts, the failed rows
 * counted by reason, and the first 1,000 failed rows (by line) with their reason. A file of
 * millions of bad rows gets a report of a few hundred kilobytes, built in bounded memory.
 */
import { z } from 'zod';

/** Failed rows listed in a report; the rest are counted. */
export const MAX_REPORTED_ERRORS = 1000;

/** Why a row was not imported. */
export const IMPORT_ERROR_CODES = [
  'missing_email',
  'invalid_email',
  'duplicate',
  'invalid_name',
  'unknown_persona',
  'unknown_language',
  'unknown_status',
  'suppressed',
  'unreadable',
] as const;
export type ImportErrorCode = (typeof IMPORT_ERROR_CODES)[number];

const code = z.enum(IMPORT_ERROR_CODES);
const count = z.number().int().min(0);

/** One failed row of an import, as the report lists it. */
export const importErrorSchema = z.object({
  line: z.number().int().min(1).describe('The line of the file the row starts on (the header is line 1)'),
  email: z.string().optional(),
  code,
  reason: z.string(),
});
export type ImportError = z.output<typeof importErrorSchema>;

/** The answer to an import (component `ImportReport` of the OpenAPI document). */
export const importReportSchema = z
  .object({
    rows: count.describe('Data rows read (blank lines and the header not counted)'),
    imported: count,
    unchanged: count.describe('Addresses already on the list, left as they were'),
    failed: count,
    failedByReason: z.partialRecord(code, count).describe('Every failed row, counted by its code'),
    errors: z.array(importErrorSchema).max(MAX_REPORTED_ERRORS).describe(`The first failed rows by line, at most ${MAX_REPORTED_ERRORS}`),
  })
  .meta({ id: 'ImportReport' });
export type ImportReport = z.output<typeof importReportSchema>;

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
