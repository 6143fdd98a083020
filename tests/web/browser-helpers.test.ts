/**
 * The browser tests fail, saying how to install Chromium, when it is missing; they are skipped
 * only when someone asks for it with SKIP_BROWSER_TESTS=1, and then loudly.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { launchChromium, skipBrowserTests } from './browser-helpers.js';

afterEach(() => {
  vi.restoreAllMocks();
});

describe('browser tests without Chromium', () => {
  it('fail with how to install it, whatever CI says', async () => {
    await expect(launchChromium('/nonexistent/chromium')).rejects.toThrow(/\/nonexistent\/chromium not found: install Debian's chromium: apt-get install -y chromium/);
    expect(skipBrowserTests('x.test.ts', {})).toBe(false);
    expect(skipBrowserTests('x.test.ts', { CI: '' })).toBe(false);
  });

  it('are skipped only on SKIP_BROWSER_TESTS=1, loudly', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    expect(skipBrowserTests('x.test.ts', { SKIP_BROWSER_TESTS: '0' })).toBe(false);
    expect(warn).not.toHaveBeenCalled();
    expect(skipBrowserTests('x.test.ts', { SKIP_BROWSER_TESTS: '1' })).toBe(true);
    expect(warn).toHaveBeenCalledWith(expect.stringMatching(/SKIPPED.*x\.test\.ts.*SKIP_BROWSER_TESTS=1/s));
  });
});
