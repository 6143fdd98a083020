/**
 * Nothing a client sends as a form may stop the process or get a 500: well-formed multipart
 * bodies, mutated at random (cut short, bytes flipped, boundaries and headers changed, parts
 * repeated), posted to the public subscribe form and the CSV import. The mutations come from a
 * seeded generator; the seed is printed and named in every assertion, and `FORM_FUZZ_SEED=<seed>`
 * replays them (`FORM_FUZZ_CASES=<n>` runs more of them).
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ADMIN_TOKEN, makeTestApp, type TestApp } from '../helpers/app.js';
import { mulberry32, seedFrom } from '../helpers/random.js';

const seed = seedFrom(process.env.FORM_FUZZ_SEED, 'FORM_FUZZ_SEED');
const random = mulberry32(seed);
const replay = `seed ${seed} (replay: FORM_FUZZ_SEED=${seed} npx vitest run tests/http/form-fuzz.test.ts)`;
const pick = <T,>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)];
const int = (n: number) => Math.floor(random() * n);

let t: TestApp;
beforeAll(async () => {
  console.log('form fuzz seed', seed, replay);
  // Every accepted sign-up mails a confirmation: unpaced here, so hundreds of them take no time.
  t = await makeTestApp({ config: { sendRate: 10_000 } });
});
afterAll(() => t.close());

function validBody(boundary: string, route: 'subscribe' | 'import'): string {
  const part = (headers: string, content: string) => `--${boundary}\r\n${headers}\r\n\r\n${content}\r\n`;
  const parts =
    route === 'subscribe'
      ? [part('Content-Disposition: form-data; name="email"', `f${int(1e6)}@example.com`), part('Content-Disposition: form-data; name="persona"', 'engineer')]
      : [part('Content-Disposition: form-data; name="note"', 'x'), part('Content-Disposition: form-data; name="file"; filename="l.csv"\r\nContent-Type: text/csv', `email,name\nz${int(1e6)}@example.com,Z\n`)];
  return `${parts.join('')}--${boundary}--\r\n`;
}

const GARBAGE = ['\r\n', '--', '\r\n--', '"', ';', '=', '\u0000', '\u00ff', 'Content-Disposition: form-data; name=', '\r\n\r\n', 'é', '\ud83d'];

function mutate(body: string, boundary: string): string {
  switch (int(7)) {
    case 0: return body.slice(0, int(body.length)); // cut short
    case 1: { const at = int(body.length); return body.slice(0, at) + pick(GARBAGE) + body.slice(at); }
    case 2: { const at = int(body.length); return body.slice(0, at) + body.slice(at + 1 + int(8)); }
    case 3: return body.replaceAll(boundary, boundary.slice(0, int(boundary.length)));
    case 4: return body.replace(/name="(\w+)"/, pick(['name=', 'name="', 'filename="x"', 'name="\u0000"', `name="${'n'.repeat(300)}"`]));
    case 5: return body.repeat(1 + int(4));
    default: return pick(GARBAGE).repeat(int(50)) + body;
  }
}

it('random malformed multipart bodies: always a 4xx or a success, never a 500, the process stays up', async () => {
  const seen = new Map<number, number>();
  for (let i = 0; i < Number(process.env.FORM_FUZZ_CASES ?? 400); i++) {
    const route = pick(['subscribe', 'import'] as const);
    const boundary = pick(['abc', '----WebKitFormBoundary7MA4YWxkTrZu0gW', '----=_Part_1_2.3', 'x'.repeat(70)]);
    const body = mutate(validBody(boundary, route), boundary);
    const type = pick([`multipart/form-data; boundary=${boundary}`, `multipart/form-data; boundary="${boundary}"`, 'multipart/form-data; boundary', `multipart/form-data; charset=utf-8; boundary=${boundary}; boundary=other`, 'multipart/form-data;;']);
    const res = await t.app.request(route === 'subscribe' ? '/api/subscribe' : '/api/admin/subscribers/import', {
      method: 'POST',
      headers: { 'content-type': type, authorization: `Bearer ${ADMIN_TOKEN}`, 'x-forwarded-for': `10.9.${int(250)}.${int(250)}` },
      body,
    });
    seen.set(res.status, (seen.get(res.status) ?? 0) + 1);
    expect(res.status, `${replay}: case ${i}, ${route}, ${JSON.stringify(type)}, body ${JSON.stringify(body.slice(0, 300))}`).toBeLessThan(500);
    await res.arrayBuffer();
  }
  console.log('form fuzz statuses', Object.fromEntries(seen));
  expect((await t.app.request('/healthz')).status).toBe(200);
});
