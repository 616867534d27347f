export const DEFAULT_PAGE_LIMIT = 100;
export const MAX_PAGE_LIMIT = 2000;
