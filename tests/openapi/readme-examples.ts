/**
 * The curl examples of the README's "The admin API" section, read as curl reads them: method,
 * URL, content type, Accept, and the body (`-d` JSON, `--data-binary @file` from the repository,
 * `-F file=@…` as multipart). Shell quoting, `\` continuations and trailing comments are handled.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '../..');

export interface CurlExample {
  /** The example as written (continuations joined), for failure messages. */
  line: string;
  method: string;
  /** The path and query under `/api/admin`, `$API` expanded. */
  url: string;
  contentType?: string;
  accept?: string;
  /** JSON parsed from `-d`, or a file's text from `--data-binary @file` when the file is in the repository. */
  body?: unknown;
  /** The file an example uploads (`@file`), as written. */
  file?: string;
}

/** Splits a shell command into words: single and double quotes, `\` escapes; stops at `#` or `>`. */
export function shellWords(command: string): string[] {
  const words: string[] = [];
  let word = '';
  let inWord = false;
  for (let i = 0; i < command.length; i++) {
    const ch = command[i];
    if (ch === "'") {
      const end = command.indexOf("'", i + 1);
      word += command.slice(i + 1, end);
      i = end;
      inWord = true;
    } else if (ch === '"') {
      let j = i + 1;
      for (; command[j] !== '"'; j++) word += command[j] === '\\' ? command[++j] : command[j];
      i = j;
      inWord = true;
    } else if (ch === '\\') {
      word += command[++i];
      inWord = true;
    } else if (/\s/.test(ch)) {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
    } else if ((ch === '#' || ch === '>') && !inWord) {
      break;
    } else {
      word += ch;
      inWord = true;
    }
  }
  if (inWord) words.push(word);
  return words;
}

/** Parses one curl command into the request it sends. */
export function parseCurl(line: string): CurlExample {
  const words = shellWords(line);
  if (words[0] !== 'curl') throw new Error(`not a curl command: ${line}`);
  const ex: CurlExample = { line, method: '', url: '' };
  let data: string | undefined;
  for (let i = 1; i < words.length; i++) {
    const w = words[i];
    if (w === '-X') ex.method = words[++i];
    else if (w === '-H') {
      const [name, ...rest] = words[++i].split(':');
      const value = rest.join(':').trim();
      if (name.toLowerCase() === 'content-type') ex.contentType = value.split(';')[0].trim().toLowerCase();
      if (name.toLowerCase() === 'accept') ex.accept = value;
    } else if (w === '-d' || w === '--data' || w === '--data-binary') data = words[++i];
    else if (w === '-F') {
      const [, value] = words[++i].split('=');
      ex.contentType = 'multipart/form-data';
      if (value.startsWith('@')) ex.file = value.slice(1);
    } else if (w.includes('$API')) ex.url = w.replace('$API', '/api/admin');
    else if (w === '-N') continue;
    else throw new Error(`unknown curl word "${w}" in: ${line}`);
  }
  if (!ex.url) throw new Error(`no $API URL in: ${line}`);
  if (data !== undefined) {
    ex.contentType ??= 'application/x-www-form-urlencoded'; // curl's own default for -d
    if (data.startsWith('@')) {
      ex.file = data.slice(1);
      const path = join(ROOT, ex.file);
      if (existsSync(path)) ex.body = readFileSync(path, 'utf8');
    } else {
      ex.body = ex.contentType === 'application/json' ? JSON.parse(data) : data;
    }
  }
  ex.method ||= data !== undefined || ex.contentType ? 'POST' : 'GET';
  return ex;
}

/** Every curl example (but the `export` lines) in the README's "The admin API" section. */
export function readmeAdminExamples(readme: string): CurlExample[] {
  const start = readme.indexOf('\n## The admin API');
  const end = readme.indexOf('\n## ', start + 1);
  if (start < 0) throw new Error('README has no "## The admin API" section');
  const section = readme.slice(start, end < 0 ? undefined : end);
  const blocks = [...section.matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1]);
  return blocks
    .flatMap((block) => block.replace(/\\\n\s*/g, ' ').split('\n'))
    .map((l) => l.trim())
    .filter((l) => l.startsWith('curl '))
    .map(parseCurl);
}
