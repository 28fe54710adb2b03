import { randomUUID } from 'node:crypto';
import { Router, type NextFunction, type Request, type Response } from 'express';
import { createRequestContext, type ContextDeps } from '../auth/context.js';
import { BadInputError } from '../errors.js';
import type { TicketStatisticsRow } from './statistics.rows.js';
import { ticketStatistics } from './statistics.service.js';

/**
 * GET /statistics.csv?departmentId=&from=&to=: the figures of ticketStatistics as CSV, with the same
 * rights and the same bad-input answers (the same function computes them). A bearer token, or the
 * browser's session cookie (CAS and OIDC sign-in): `sessionOf` reads it with the origin checks of
 * auth/session-cookie.ts; a GET changes nothing, and another site cannot read the answer.
 */
export function statisticsCsvRouter(context: ContextDeps, sessionOf: (req: Request) => string | undefined): Router {
  const router = Router();
  router.get('/statistics.csv', (req: Request, res: Response, next: NextFunction) => {
    void answer(context, sessionOf, req, res).catch(next);
  });
  return router;
}

async function answer(context: ContextDeps, sessionOf: (req: Request) => string | undefined, req: Request, res: Response): Promise<void> {
  const requestId = (res.locals.requestId as string | undefined) ?? randomUUID();
  const ctx = await createRequestContext(context, req.headers.authorization, requestId, sessionOf(req));
  const departmentId = typeof req.query.departmentId === 'string' && req.query.departmentId !== '' ? req.query.departmentId : null;
  const stats = await ticketStatistics(ctx, departmentId, dateOf(req.query.from, 'from'), dateOf(req.query.to, 'to'));
  res.set({
    'Content-Type': 'text/csv; charset=utf-8',
    'Content-Disposition': 'attachment; filename="statistics.csv"',
    'Cache-Control': 'private, no-store',
  });
  res.send(toCsv(stats));
}

function dateOf(value: unknown, field: string): Date {
  const date = typeof value === 'string' && /^\d{4}-\d{2}-\d{2}/.test(value) ? new Date(value) : new Date(NaN);
  if (Number.isNaN(date.getTime())) throw new BadInputError(`${field} must be an ISO date`, field);
  return date;
}

/** One row per figure: section, key, label, value. */
export function toCsv(s: TicketStatisticsRow): string {
  const rows: (string | number | null)[][] = [['section', 'key', 'label', 'value']];
  rows.push(['created', '', '', s.created], ['spentMinutes', '', '', s.spentMinutes], ['reopened', '', '', s.reopened]);
  for (const [section, counts] of [
    ['category', s.byCategory],
    ['origin', s.byOrigin],
    ['status', s.byStatus],
  ] as const)
    for (const c of counts) rows.push([section, c.key, c.label, c.count]);
  for (const r of s.busiestRequesters) rows.push(['requester', r.uid, r.name, r.count]);
  for (const [section, p] of [
    ['firstResponseMinutes', s.firstResponseMinutes],
    ['resolutionMinutes', s.resolutionMinutes],
  ] as const)
    rows.push([section, 'median', '', p.median], [section, 'p90', '', p.p90], [section, 'count', '', p.count]);
  for (const b of s.backlog) rows.push(['backlog', b.day, '', b.open]);
  return rows.map((r) => r.map(cell).join(',')).join('\r\n') + '\r\n';
}

/** A CSV cell: quoted when needed, and a text a spreadsheet would run as a formula made inert. */
function cell(value: string | number | null): string {
  if (value === null) return '';
  if (typeof value === 'number') return String(value);
  const text = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
