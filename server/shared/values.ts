/** Milliseconds in a day, for the department delays counted in days (reopen window, closure expiry). */
export const DAY_MS = 86_400_000;

const EMAIL = /^[^\s@<>"]+@[^\s@<>"]+\.[^\s@<>"]+$/;

/** Whether the text looks like one email address (what invitations and alert addresses accept). */
export function isEmail(text: string): boolean {
  return text.length <= 320 && EMAIL.test(text);
}
