/**
 * Vitest global setup: builds the bundle `npm start` runs (dist/node.mjs) once, before any test
 * file starts, so tests that run the service as `npm start` does never see a half-written one.
 */
import { execSync } from 'node:child_process';
import { resolve } from 'node:path';

export default function setup(): void {
  execSync('npm run build --silent', { cwd: resolve(import.meta.dirname, '../..'), stdio: 'inherit' });
}
