/**
 * Maintenance and outage notices (IEC 63119-2 UC5-1): planned (maintenance) or unplanned (failure) unavailability
 * of a whole site or of some of its EVSEs, told to EVSPs and reflected in the status they read.
 */
export const OUTAGE_KINDS = ['PLANNED', 'UNPLANNED'] as const;
export type OutageKind = (typeof OUTAGE_KINDS)[number];

/** A notice covers a whole site, or a list of EVSEs. */
export type OutageScope = { siteId: string; evseIds: [] } | { siteId: null; evseIds: string[] };

export interface OutageTerms {
  kind: OutageKind;
  scope: OutageScope;
  startsAt: string;
  /** Expected end; null while unknown. */
  endsAt: string | null;
  description: string | null;
}

/** The status an EVSE under an active notice shows EVSPs, whatever it last reported. */
export function statusDuringOutage(kind: OutageKind): 'MAINTENANCE' | 'OUT_OF_ORDER' {
  return kind === 'PLANNED' ? 'MAINTENANCE' : 'OUT_OF_ORDER';
}
