/**
 * Svix signature checks for Resend webhooks, done by the `resend` SDK (`webhooks.verify`, built
 * on `standardwebhooks`): HMAC-SHA256 of "id.timestamp.body" with the `whsec_…` key, and a
 * timestamp within ±5 minutes of the wall clock (the SDK reads the system time itself).
 */
import { Resend } from 'resend';

export type Verified = { ok: true; payload: unknown } | { ok: false; reason: string };

/** Verification only: the SDK wants a key to construct, and this instance never calls the API. */
const VERIFY_ONLY_KEY = 're_webhook_verification_only';

export function svixVerifier(secret: string) {
  const resend = new Resend(VERIFY_ONLY_KEY);
  return (rawBody: string, headers: { id?: string; timestamp?: string; signature?: string }): Verified => {
    try {
      const payload = resend.webhooks.verify({
        payload: rawBody,
        headers: { id: headers.id ?? '', timestamp: headers.timestamp ?? '', signature: headers.signature ?? '' },
        webhookSecret: secret,
      });
      return { ok: true, payload };
    } catch (err) {
      // A valid signature over a body that is not JSON surfaces as a SyntaxError from the parse.
      if (err instanceof SyntaxError) return { ok: true, payload: undefined };
      return { ok: false, reason: err instanceof Error ? err.message : 'invalid signature' };
    }
  };
}
