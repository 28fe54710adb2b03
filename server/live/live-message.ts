/** What crosses instances for one committed history entry: ids only; every instance reloads the rest. */
export interface LiveMessage {
  ticketId: number;
  /** The entry's id (bigint as a string): increasing, so it is also the client's resume point. */
  eventId: string;
}

/** What crosses instances when a credential ends (a session signed out): every instance closes the connections it opened. */
export interface RevocationMessage {
  /** The credential's name, e.g. `session:12` (auth/sessions.ts). */
  revoked: string;
}

/** Everything the bus carries. */
export type BusMessage = LiveMessage | RevocationMessage;

/** A credential name: a kind, a colon, an id (short; never a secret). */
const CREDENTIAL = /^[a-z]{1,20}:[A-Za-z0-9_-]{1,64}$/;

/** The bus payload: a few dozen bytes, far under PostgreSQL's 8,000-byte NOTIFY limit. */
export function encodeMessage(message: BusMessage): string {
  if ('revoked' in message) return JSON.stringify({ revoked: message.revoked });
  return JSON.stringify({ ticketId: message.ticketId, eventId: message.eventId });
}

/** Reads a bus payload; anything malformed (another program on the channel) is ignored, never trusted. */
export function decodeMessage(raw: string): BusMessage | undefined {
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const { revoked } = value as Record<string, unknown>;
  if (revoked !== undefined) return typeof revoked === 'string' && CREDENTIAL.test(revoked) ? { revoked } : undefined;
  const { ticketId, eventId } = value as Record<string, unknown>;
  if (typeof ticketId !== 'number' || !Number.isSafeInteger(ticketId) || ticketId <= 0) return undefined;
  if (typeof eventId !== 'string' || !/^[1-9]\d{0,18}$/.test(eventId)) return undefined;
  return { ticketId, eventId };
}

/** Orders two entry ids (bigints as strings) without losing precision. */
export function compareEventIds(a: string, b: string): number {
  const x = BigInt(a);
  const y = BigInt(b);
  return x < y ? -1 : x > y ? 1 : 0;
}
