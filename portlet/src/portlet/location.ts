/** A ticket (and a mail link's action) named by the page's address: `?ticket=53350&action=approve`. */
export function readLocation(): { ticket?: string; action?: string } {
  const params = new URLSearchParams(location.search);
  const ticket = params.get('ticket')?.trim();
  return ticket && /^\d{1,9}$/.test(ticket) ? { ticket, action: params.get('action') ?? undefined } : {};
}

/** Puts the open ticket in the page's address (the back button then works), keeping the ENT's own parameters. */
export function writeLocation(ticket: string | undefined): void {
  const url = new URL(location.href);
  if ((url.searchParams.get('ticket') ?? undefined) === ticket && !url.searchParams.has('action')) return;
  url.searchParams.delete('action');
  if (ticket) url.searchParams.set('ticket', ticket);
  else url.searchParams.delete('ticket');
  history.pushState(null, '', url);
}
