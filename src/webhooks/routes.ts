/**
 * `POST /webhooks/resend`: Resend's events, Svix-signed. Answers:
 * 200 stored (or a repeated `svix-id`, ignored); 400 a signed body that is not an event;
 * 401 a missing or bad signature, or a timestamp outside ±5 minutes; 413 a body over 256 KB;
 * 503 when RESEND_WEBHOOK_SECRET is not configured (every event is refused until it is).
 */
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { z } from 'zod';
import type { AppDeps } from '../deps.js';
import { AppError } from '../http/errors.js';
import { recordEvent } from './events.js';
import { resendWebhookVerifier } from '../mail/resend.js';

const MAX_WEBHOOK_BYTES = 256 * 1024;

const eventSchema = z.object({
  type: z.string().min(1).max(100),
  created_at: z.string().max(64).optional(),
  data: z.record(z.string(), z.unknown()).optional(),
});

export function webhookRoutes(deps: AppDeps) {
  let verifier: { secret: string; verify: ReturnType<typeof resendWebhookVerifier> } | null = null;
  const verifierFor = (secret: string) => {
    if (verifier?.secret !== secret) verifier = { secret, verify: resendWebhookVerifier(secret) };
    return verifier.verify;
  };

  return new Hono().post(
    '/resend',
    bodyLimit({
      maxSize: MAX_WEBHOOK_BYTES,
      onError: () => {
        throw new AppError('payload_too_large', `a webhook body is limited to ${MAX_WEBHOOK_BYTES} bytes`);
      },
    }),
    async (c) => {
      const secret = deps.config.resendWebhookSecret;
      if (!secret) {
        throw new AppError('unavailable', 'webhooks are disabled: set RESEND_WEBHOOK_SECRET to the signing secret (whsec_…) of the Resend webhook');
      }
      const raw = await c.req.text();
      const headers = { id: c.req.header('svix-id'), timestamp: c.req.header('svix-timestamp'), signature: c.req.header('svix-signature') };
      const checked = verifierFor(secret)(raw, headers);
      if (!checked.ok) deps.log.warn('webhook refused', { reason: checked.reason, svixId: headers.id });
      if (!checked.ok) throw new AppError('unauthorized', `webhook signature refused: ${checked.reason}`);
      const event = eventSchema.safeParse(checked.payload);
      if (!event.success) throw new AppError('bad_request', 'the signed body is not a Resend event ({type, data})');
      const result = await recordEvent(deps, headers.id!.slice(0, 200), event.data);
      return c.json({ ok: true, ...(result === 'duplicate' ? { duplicate: true } : {}) });
    },
  );
}
