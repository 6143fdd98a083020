/**
 * Files that ship with the service (migrations, the seed edition, public assets), found from the
 * project root. This module sits one folder below the root, and so does the bundle `npm start`
 * runs (`dist/node.mjs`), so one step up is the root from either. Computed on use: a Worker
 * bundle has no file URL.
 */
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const projectFile = (...parts: string[]): string => resolve(dirname(fileURLToPath(import.meta.url)), '..', ...parts);
