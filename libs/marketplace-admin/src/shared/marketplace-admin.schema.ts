/** The marketplace-admin context's own schema: its views of the other contexts, learned from their topics. */
export const MADMIN_SCHEMA = 'madmin';
