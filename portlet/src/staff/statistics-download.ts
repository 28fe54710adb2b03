import type { ApolloClient } from '@apollo/client';
import { accessOf, defaultEndpoint } from '../graphql/client.js';

/** What the statistics are asked for: a department (none: all, admins only) and a [from, to) range. */
export interface StatisticsRange {
  departmentId: string | null;
  from: string;
  to: string;
}

/** A refused or failed download: the server's code (NOT_FOUND, FORBIDDEN, BAD_USER_INPUT…), or none when unreachable. */
export class DownloadError extends Error {
  constructor(readonly code: string | undefined) {
    super(code ?? 'unreachable');
  }
}

/**
 * Fetches `/statistics.csv` for the same range as the figures shown, with the same authorization as
 * the Apollo client (a plain link could not carry the bearer token), and saves it as `filename`
 * through a Blob and a temporary download link.
 */
export async function downloadStatistics(client: ApolloClient, range: StatisticsRange, filename: string): Promise<void> {
  const access = accessOf(client);
  const url = new URL('/statistics.csv', access?.endpoint ?? defaultEndpoint());
  url.search = new URLSearchParams({ departmentId: range.departmentId ?? '', from: range.from, to: range.to }).toString();
  const response = await fetch(url, {
    headers: (await access?.headers()) ?? {},
    credentials: access?.credentials ? 'include' : 'same-origin',
  }).catch(() => {
    throw new DownloadError(undefined);
  });
  if (!response.ok) throw new DownloadError(await errorCode(response));
  const link = document.createElement('a');
  link.href = URL.createObjectURL(await response.blob());
  link.download = filename;
  link.click();
  // The click has started the download by now; the Blob is no longer needed.
  setTimeout(() => URL.revokeObjectURL(link.href), 1000);
}

/** The code of the JSON error body (`{ errors: [{ extensions: { code } }] }`, as /graphql answers). */
async function errorCode(response: Response): Promise<string | undefined> {
  try {
    const body = (await response.json()) as { errors?: { extensions?: { code?: string } }[] };
    return body.errors?.[0]?.extensions?.code ?? `HTTP_${response.status}`;
  } catch {
    return `HTTP_${response.status}`;
  }
}
