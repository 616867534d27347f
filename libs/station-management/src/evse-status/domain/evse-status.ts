/**
 * EVSE status values (IEC 63119-2 UC1-3; eMI3 UCE U; GeM 1527/1529: free, occupied/charging, reserved, out of order,
 * maintenance). OCCUPIED is a vehicle at the EVSE that is not drawing power (GeM 1563 "occupied but not charging").
 */
export const EVSE_STATUSES = [
  'AVAILABLE',
  'OCCUPIED',
  'CHARGING',
  'RESERVED',
  'OUT_OF_ORDER',
  'MAINTENANCE',
  'UNKNOWN',
] as const;
export type EvseStatus = (typeof EVSE_STATUSES)[number];

export function isEvseStatus(value: unknown): value is EvseStatus {
  return typeof value === 'string' && (EVSE_STATUSES as readonly string[]).includes(value);
}
