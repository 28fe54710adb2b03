import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

// A mailbox password must be given back to the IMAP server, so it is encrypted, not hashed: AES-256-GCM
// under a key derived from MAILBOX_SECRET (HKDF), so a database dump alone never yields a password.
const VERSION = 'v1';

function keyOf(secret: string): Buffer {
  return Buffer.from(hkdfSync('sha256', secret, 'helpdesk', 'mailbox password v1', 32));
}

/** The password sealed for storage: `v1.<iv><tag><ciphertext>` in base64url. */
export function sealPassword(secret: string, password: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', keyOf(secret), iv);
  const body = Buffer.concat([cipher.update(password, 'utf8'), cipher.final()]);
  return `${VERSION}.${Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url')}`;
}

/** The stored password in clear, for the IMAP sign-in only; throws when the secret changed or the value was altered. */
export function openPassword(secret: string, sealed: string): string {
  const [version, data] = sealed.split('.');
  if (version !== VERSION || !data) throw new Error('The stored mailbox password is in an unknown format');
  const raw = Buffer.from(data, 'base64url');
  const decipher = createDecipheriv('aes-256-gcm', keyOf(secret), raw.subarray(0, 12));
  decipher.setAuthTag(raw.subarray(12, 28));
  return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
}
