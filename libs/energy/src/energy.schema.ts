/** The schema of this context's tables: its views of other contexts, read models, deadlines. */
export const ENERGY_SCHEMA = 'energy';
