/** Injection token of the context's StationConfig. */
export const STATION_CONFIG = Symbol('station-management config');
