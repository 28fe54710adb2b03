/** What crosses instances for one committed history entry: ids only; every instance reloads the rest. */
export interface LiveMessage {
  ticketId: number;
  /** The entry's id (bigint as a string): increasing, so it is also the client's resume point. */
  eventId: string;
}

/**
 * A credential that stopped working (a revoked service account: `service:<id>`): every instance closes
 * the connections it opened with it, at once rather than at their next viewer refresh.
 */
export interface Revocation {
  revoked: string;
}

/** What crosses the bus: a committed entry, or a revocation. */
export type BusMessage = LiveMessage | Revocation;

/** Longest credential name a revocation carries. */
const MAX_CREDENTIAL = 100;

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
  const { ticketId, eventId, revoked } = value as Record<string, unknown>;
  if (typeof revoked === 'string') return revoked.length > 0 && revoked.length <= MAX_CREDENTIAL ? { revoked } : undefined;
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
