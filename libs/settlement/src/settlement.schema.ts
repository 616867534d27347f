/** The schema of this context's tables: its views of other contexts, inline projections, read models. */
export const SETTLEMENT_SCHEMA = 'settlement';
