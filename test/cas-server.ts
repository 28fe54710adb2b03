import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** The person the stand-in has signed in (a real CAS would ask for a password first). */
export interface CasPerson {
  user: string;
  attributes: Record<string, string | string[]>;
}

/** A small CAS 3.0 server for tests, written from the protocol's specification (apereo.github.io/cas, "CAS Protocol 3.0"). */
export interface CasServer {
  /** The CAS base URL (CAS_URL). */
  url: string;
  /** Who `/login` signs in next. */
  person: CasPerson;
  /** Every validation the server answered (service, ticket, success). */
  readonly validations: { service: string; ticket: string; ok: boolean }[];
  /** Issues a ticket for `service` as `/login` would (for tests that forge the rest of the path). */
  issueTicket(service: string): string;
  /** Sends the single-logout request for `ticket` to the service it was issued for, as the CAS server does. */
  singleLogout(ticket: string): Promise<number>;
  stop(): Promise<void>;
}

interface Ticket {
  service: string;
  person: CasPerson;
  used: boolean;
}

const xmlEscape = (text: string): string =>
  text.replace(/[<>&'"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c]!);

/**
 * What the stand-in does, section by section of the protocol: `/login?service=` (2.1) signs `person` in
 * and redirects to the service with a fresh `ST-` ticket; `/p3/serviceValidate` (2.5, 2.6) answers the
 * XML success with attributes, or a failure: a ticket is valid once only (3.1.1: invalidated by its first
 * validation attempt, successful or not) and only for the exact service URL it was issued for;
 * `/logout` (2.3) ends the single sign-on; single logout (appendix C) POSTs a SAML LogoutRequest naming
 * the ticket to the service.
 */
export async function startCasServer(person: CasPerson = { user: 'alice', attributes: {} }): Promise<CasServer> {
  const tickets = new Map<string, Ticket>();
  const validations: CasServer['validations'] = [];
  const state = { person };

  const issueTicket = (service: string): string => {
    const ticket = `ST-${randomBytes(18).toString('base64url')}`;
    tickets.set(ticket, { service, person: state.person, used: false });
    return ticket;
  };

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://cas.test');
    if (req.method === 'GET' && url.pathname === '/cas/login') {
      const service = url.searchParams.get('service');
      if (!service) {
        res.writeHead(200, { 'content-type': 'text/html' }).end('<p>Signed in to CAS</p>');
        return;
      }
      const ticket = issueTicket(service);
      res.writeHead(302, { location: `${service}${service.includes('?') ? '&' : '?'}ticket=${ticket}` }).end();
      return;
    }
    if (req.method === 'GET' && url.pathname === '/cas/p3/serviceValidate') {
      const service = url.searchParams.get('service');
      const ticketId = url.searchParams.get('ticket');
      const answer = (body: string, ok: boolean): void => {
        validations.push({ service: service ?? '', ticket: ticketId ?? '', ok });
        res.writeHead(200, { 'content-type': 'application/xml' });
        res.end(`<cas:serviceResponse xmlns:cas="http://www.yale.edu/tp/cas">${body}</cas:serviceResponse>`);
      };
      const failure = (code: string, text: string): void =>
        answer(`<cas:authenticationFailure code="${code}">${xmlEscape(text)}</cas:authenticationFailure>`, false);
      if (!service || !ticketId) {
        failure('INVALID_REQUEST', 'service and ticket are required');
        return;
      }
      const ticket = tickets.get(ticketId);
      if (!ticket || ticket.used) {
        failure('INVALID_TICKET', `Ticket ${ticketId} not recognized`);
        return;
      }
      ticket.used = true;
      if (ticket.service !== service) {
        failure('INVALID_SERVICE', 'Ticket was issued for another service');
        return;
      }
      const attributes = Object.entries(ticket.person.attributes)
        .flatMap(([name, values]) => [values].flat().map((value) => `<cas:${name}>${xmlEscape(value)}</cas:${name}>`))
        .join('');
      answer(
        `<cas:authenticationSuccess><cas:user>${xmlEscape(ticket.person.user)}</cas:user><cas:attributes>${attributes}</cas:attributes></cas:authenticationSuccess>`,
        true,
      );
      return;
    }
    if (req.method === 'GET' && url.pathname === '/cas/logout') {
      res.writeHead(200, { 'content-type': 'text/html' }).end('<p>Signed out of CAS</p>');
      return;
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/cas`;

  return {
    url: base,
    get person() {
      return state.person;
    },
    set person(next) {
      state.person = next;
    },
    validations,
    issueTicket,
    async singleLogout(ticketId) {
      const ticket = tickets.get(ticketId);
      if (!ticket) throw new Error('unknown ticket');
      return (await postLogoutRequest(ticket.service, ticketId)).status;
    },
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** The SAML LogoutRequest of CAS single logout (protocol 3.0, appendix C), posted as `logoutRequest`. */
export function logoutRequestXml(ticket: string, user = 'alice'): string {
  const id = `LR-${randomBytes(8).toString('hex')}`;
  return (
    `<samlp:LogoutRequest xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ` +
    `ID="${id}" Version="2.0" IssueInstant="${new Date().toISOString()}"><saml:NameID>${xmlEscape(user)}</saml:NameID>` +
    `<samlp:SessionIndex>${xmlEscape(ticket)}</samlp:SessionIndex></samlp:LogoutRequest>`
  );
}

/** POSTs a single-logout request to a service URL (the CAS server's, or a forger's). */
export function postLogoutRequest(serviceUrl: string, ticket: string, user?: string): Promise<Response> {
  return fetch(serviceUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ logoutRequest: logoutRequestXml(ticket, user) }).toString(),
    redirect: 'manual',
  });
}
