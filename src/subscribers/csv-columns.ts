/**
 * Recognises the column names of common exports (Mailchimp, Substack, listmonk) and of a plain
 * `email,name,persona,language` file, mapping each header to the field it carries.
 */
export type CsvField = 'email' | 'name' | 'firstName' | 'lastName' | 'persona' | 'language' | 'status' | 'emailDisabled' | 'leftAt';

const ALIASES: Record<CsvField, string[]> = {
  // Mailchimp: "Email Address"; Substack and listmonk: "email".
  email: ['email', 'e-mail', 'email address', 'e-mail address', 'email_address', 'emailaddress', 'subscriber email'],
  name: ['name', 'full name', 'full_name', 'fullname', 'subscriber name', 'display name'],
  // Mailchimp: "First Name"/"Last Name" (older exports: FNAME/LNAME).
  firstName: ['first name', 'first_name', 'firstname', 'fname', 'given name'],
  lastName: ['last name', 'last_name', 'lastname', 'lname', 'family name', 'surname'],
  persona: ['persona', 'reader persona'],
  language: ['language', 'lang', 'locale', 'preferred language'],
  // listmonk: status enabled|disabled|blocklisted; others: subscribed|unsubscribed|cleaned|pending.
  status: ['status', 'subscription status', 'subscription_status', 'member status'],
  // Substack: email_disabled true means the reader turned email off.
  emailDisabled: ['email_disabled', 'email disabled'],
  // Mailchimp exports its unsubscribed and cleaned (bounced) members in files of their own,
  // without a status column: a time in UNSUB_TIME or CLEAN_TIME means the reader left.
  leftAt: ['unsub_time', 'clean_time'],
};

const LOOKUP = new Map<string, CsvField>();
for (const [field, names] of Object.entries(ALIASES) as [CsvField, string[]][]) {
  for (const n of names) LOOKUP.set(n, field);
}

/** Maps a header row to fields; unknown columns map to undefined and are ignored. */
export function mapHeader(header: string[]): (CsvField | undefined)[] {
  const seen = new Set<CsvField>();
  return header.map((h) => {
    const field = LOOKUP.get(h.trim().toLowerCase().replace(/\s+/g, ' '));
    if (!field || seen.has(field)) return undefined;
    seen.add(field);
    return field;
  });
}

/** Maps the status words of other tools to ours; null means "not recognised". */
export function mapStatus(raw: string): 'active' | 'pending' | 'unsubscribed' | null {
  const v = raw.trim().toLowerCase();
  if (v === '' || ['active', 'enabled', 'subscribed', 'confirmed', 'true', 'yes'].includes(v)) return 'active';
  if (['pending', 'unconfirmed'].includes(v)) return 'pending';
  if (['unsubscribed', 'disabled', 'blocklisted', 'blacklisted', 'cleaned', 'bounced', 'complained', 'inactive'].includes(v)) {
    return 'unsubscribed';
  }
  return null;
}
