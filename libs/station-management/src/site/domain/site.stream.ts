/**
 * `site-<cpoPartyId>+<siteId>`: one stream per site, its operator as the cardinal id (message-db grammar), so one
 * consumer sees all sites of an operator in order. Built without the event store's helper: domain/ imports only the
 * shared kernel.
 */
export const SITE_CATEGORY = 'site';

export function siteStream(cpoPartyId: string, siteId: string): string {
  if (!cpoPartyId || !siteId) throw new Error('site stream needs an operator and a site id');
  return `${SITE_CATEGORY}-${cpoPartyId}+${siteId}`;
}
