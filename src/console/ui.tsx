/** @jsxImportSource hono/jsx */
/**
 * The console's small parts: labelled fields with their error beside them, status badges,
 * notices, empty states, times shown in UTC (the page script shows them in the editor's zone),
 * and the sent / failed / skipped / uncertain meter.
 */
import type { Child } from 'hono/jsx';

/** Field errors by form field name, as the API named them (`title`, `illustration.src`…). */
export type FieldErrors = Record<string, string>;

const idOf = (name: string) => name.replace(/[^a-zA-Z0-9_-]/g, '-');

/** Props of a labelled field. */
export interface FieldProps {
  name: string;
  label: string;
  value?: string | number | null;
  type?: string;
  hint?: string;
  errors?: FieldErrors;
  required?: boolean;
  /** A textarea instead of an input; its class (`code`, `large`). */
  area?: 'plain' | 'code' | 'large';
  options?: { value: string; label: string }[];
  attrs?: Record<string, string | number | boolean | undefined>;
}

/** A label, its control, a hint and the error for that field, wired with aria-describedby. */
export function Field({ name, label, value, type = 'text', hint, errors, required, area, options, attrs = {} }: FieldProps) {
  const id = idOf(name);
  const error = errors?.[name];
  const described = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
  const common = { id, name, required, 'aria-invalid': error ? 'true' : undefined, 'aria-describedby': described, ...attrs };
  let control: Child;
  if (options) {
    control = (
      <select {...common}>
        {options.map((o) => (
          <option value={o.value} selected={String(value ?? '') === o.value}>
            {o.label}
          </option>
        ))}
      </select>
    );
  } else if (area) {
    control = (
      <textarea {...common} class={area === 'plain' ? undefined : area}>
        {/* HTML drops one newline right after <textarea>: this one, so a value's own survives. */}
        {`\n${value ?? ''}`}
      </textarea>
    );
  } else {
    control = <input {...common} type={type} value={value ?? ''} />;
  }
  return (
    <div class="field">
      <label for={id}>{label}</label>
      {hint ? (
        <span class="hint" id={`${id}-hint`}>
          {hint}
        </span>
      ) : null}
      {control}
      {error ? (
        <span class="error" id={`${id}-error`}>
          {error}
        </span>
      ) : null}
    </div>
  );
}

/** A status word as a badge (its colour is a class, its meaning the text). */
export function Badge({ kind, children }: { kind: string; children: Child }) {
  return <span class={`badge b-${kind}`}>{children}</span>;
}

/** A banner above the page's content. */
export function Notice({ kind = 'notice', children }: { kind?: 'notice' | 'alert'; children: Child }) {
  return (
    <p class={kind} role={kind === 'alert' ? 'alert' : 'status'}>
      {children}
    </p>
  );
}

/** What a page says when there is nothing to show yet, and what to do about it. */
export function Empty({ children }: { children: Child }) {
  return <div class="empty">{children}</div>;
}

/** `2026-12-01 08:00 UTC`: what the server knows; the page script shows it in the editor's zone. */
export function formatUtc(iso: string): string {
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
}

/** A time as `<time>`, in UTC until the script shows it in the editor's zone. */
export function Time({ iso }: { iso: string | null | undefined }) {
  if (!iso) return <span class="muted">—</span>;
  return (
    <time datetime={iso} data-local="">
      {formatUtc(iso)}
    </time>
  );
}

/** 1,234,567: numbers as the console shows them. */
export const formatNumber = (n: number) => n.toLocaleString('en-US');

/** A page's title with its actions beside it. */
export function PageHead({ title, children }: { title: string; children?: Child }) {
  return (
    <div class="page-head">
      <h1>{title}</h1>
      {children ? <div class="row-actions">{children}</div> : null}
    </div>
  );
}

/** Where a send stands, in the API's words. */
export interface ProgressCounts {
  status: string;
  total: number;
  queued: number;
  sent: number;
  failed: number;
  skipped: number;
  uncertain: number;
}

const SEGMENTS = ['sent', 'failed', 'skipped', 'uncertain'] as const;

/** The meter: one segment per outcome, with a text equivalent for assistive technology. */
export function Meter({ p, id }: { p: ProgressCounts; id?: string }) {
  const done = p.sent + p.failed + p.skipped + p.uncertain;
  const pct = (n: number) => (p.total ? (100 * n) / p.total : 0);
  return (
    <div
      class="meter"
      id={id}
      role="progressbar"
      aria-label="Send progress"
      aria-valuemin={0}
      aria-valuemax={p.total}
      aria-valuenow={done}
      aria-valuetext={`${formatNumber(done)} of ${formatNumber(p.total)} done`}
    >
      {SEGMENTS.map((k) => (
        <span class={`m-${k}`} data-segment={k} style={`width:${pct(p[k]).toFixed(2)}%`}></span>
      ))}
    </div>
  );
}
