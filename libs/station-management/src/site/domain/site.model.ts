/**
 * Static data of a charging site and its EVSEs as the operator publishes it (IEC 63119-2 UC1-2; eMI3 UCE MD;
 * GeM 1527/1528: location, type, plug, power, phases, access, energy attributes, tariffs, reservation allowed).
 */
export const POWER_TYPES = ['AC_1_PHASE', 'AC_3_PHASE', 'DC'] as const;
export type PowerType = (typeof POWER_TYPES)[number];

export const CONNECTOR_STANDARDS = [
  'IEC_62196_T1',
  'IEC_62196_T1_COMBO',
  'IEC_62196_T2',
  'IEC_62196_T2_COMBO',
  'IEC_62196_T3A',
  'IEC_62196_T3C',
  'CHADEMO',
  'GBT_AC',
  'GBT_DC',
  'NACS',
  'DOMESTIC_F',
  'DOMESTIC_G',
] as const;
export type ConnectorStandard = (typeof CONNECTOR_STANDARDS)[number];

export const CONNECTOR_FORMATS = ['SOCKET', 'CABLE'] as const;
export type ConnectorFormat = (typeof CONNECTOR_FORMATS)[number];

export const SITE_ACCESS = ['PUBLIC', 'MEMBERS_ONLY', 'RESTRICTED'] as const;
export type SiteAccess = (typeof SITE_ACCESS)[number];

export const ENERGY_SOURCES = [
  'SOLAR',
  'WIND',
  'WATER',
  'NUCLEAR',
  'GAS',
  'COAL',
  'GENERAL_GREEN',
  'GENERAL_FOSSIL',
] as const;
export type EnergySource = (typeof ENERGY_SOURCES)[number];

export interface Connector {
  connectorId: string;
  standard: ConnectorStandard;
  format: ConnectorFormat;
  powerType: PowerType;
  /** Watts. */
  maxPowerW: number;
}

export interface Evse {
  evseId: string;
  connectors: Connector[];
  /** What the EVSE can deliver at most, in watts; charge plans are checked against it. */
  maxPowerW: number;
  reservationAllowed: boolean;
  /** References to tariffs the operator published (the registry owns tariffs). */
  tariffIds: string[];
  /** The number or label printed on the EVSE, as drivers see it. */
  physicalReference: string | null;
}

export interface RegularHours {
  /** ISO weekday, 1 = Monday. */
  weekday: number;
  /** 'HH:MM' local time of the site. */
  from: string;
  to: string;
}

export interface SiteDetails {
  name: string;
  address: { street: string; postalCode: string; city: string; country: string };
  /** Decimal degrees as strings, so no precision is lost on the way (OCPI GeoLocation). */
  coordinates: { latitude: string; longitude: string };
  /** IANA zone of the site, e.g. Europe/Berlin. */
  timeZone: string;
  openingHours: { twentyFourSeven: boolean; regularHours: RegularHours[] };
  access: SiteAccess;
  energyMix: { greenEnergy: boolean; sources: { source: EnergySource; percentage: number }[] } | null;
  /**
   * The grid section the site is connected in, named `<DSO party id>:<area>` (e.g. DEN01:LV-0042): the unit grid
   * operators address their requests to (GeM 972, 1599).
   */
  loadAreaId: string | null;
  /** The data is valid within this period only (eMI3 UCE MD: "may have a limited validity period"). */
  validFrom: string | null;
  validUntil: string | null;
}

export type PublicationStatus = 'PUBLISHED' | 'WITHDRAWN';

/** An EVSE as the site keeps it: withdrawn EVSEs stay, marked, because nothing published is ever deleted. */
export interface EvseRecord extends Evse {
  status: PublicationStatus;
}
