/** @jsxImportSource hono/jsx */
/**
 * `GET /admin/settings` (read-only): what is configured and what is missing — the Resend key,
 * the webhook secret, the Anthropic key, the sender, the postal address — with the environment
 * variable to set for each, and the rest of the running configuration. Secret values are never
 * shown, only whether they are set.
 */
import type { Context } from 'hono';
import type { AppDeps } from '../deps.js';
import { configItems } from './editions/warnings.js';
import type { ConsoleEnv } from './guard.js';
import { ConsoleLayout, sendConsolePage } from './layout.js';
import { Badge } from './ui.js';

/** `GET /admin/settings`. */
export function settingsPage(deps: AppDeps) {
  return (c: Context<ConsoleEnv>) => {
    const { config } = deps;
    const items = configItems(deps);
    const facts: [string, string, string][] = [
      ['Public URL', 'BASE_URL', config.baseUrl],
      ['Publication', 'PUBLICATION_NAME', config.publication],
      ['TL;DR model', 'TLDR_MODEL', `${config.tldrModel} (${config.tldrMode === 'batch' ? 'Message Batches, half price' : 'one call per variant'}; TLDR_MODE)`],
      ['Send rate', 'SEND_RATE', `${config.sendRate} provider requests per second (up to ${config.sendRate * 100} emails/s)`],
      ['Late scheduled sends', 'SEND_GRACE_MINUTES', `start by themselves up to ${config.sendGraceMinutes} minutes late`],
    ];
    return sendConsolePage(
      c,
      <ConsoleLayout frame={c.get('frame')} title="Settings">
        <h1>Settings</h1>
        <p class="meta">
          Read-only: the service is configured by its environment (see the README’s Configuration). Change a variable and restart (on Workers: <code>wrangler secret put</code> or{' '}
          <code>[vars]</code>, then deploy).
        </p>
        <section class="card">
          <div class="table-wrap">
            <table class="data" id="settings">
              <caption>What sending needs</caption>
              <thead>
                <tr>
                  <th scope="col">Setting</th>
                  <th scope="col">State</th>
                  <th scope="col">Variable</th>
                  <th scope="col">What to do</th>
                </tr>
              </thead>
              <tbody>
                {items.map((i) => (
                  <tr id={`setting-${i.id}`}>
                    <th scope="row">{i.what}</th>
                    <td>
                      <Badge kind={i.ok ? 'ok' : 'warn'}>{i.ok ? 'Set' : i.id === 'postal' ? 'Placeholder' : i.id === 'sender' ? 'Default' : 'Missing'}</Badge>
                      <p class="meta">{i.state}</p>
                    </td>
                    <td>
                      <code>{i.variable}</code>
                    </td>
                    <td>{i.ok ? '—' : i.fix}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
        <section class="card">
          <div class="table-wrap">
            <table class="data">
              <caption>The rest of the running configuration</caption>
              <tbody>
                {facts.map(([what, variable, value]) => (
                  <tr>
                    <th scope="row">{what}</th>
                    <td>{value}</td>
                    <td>
                      <code>{variable}</code>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <p>
            The admin API behind this console: <a href="/api/docs">its reference</a> (bearer token: <code>ADMIN_TOKEN</code>).
          </p>
        </section>
      </ConsoleLayout>,
    );
  };
}
