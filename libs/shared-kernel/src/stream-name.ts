/**
 * Stream names follow `{category}-{id}` (message-db grammar): the category has no `-`, the id may. A compound id
 * uses `+` so that its first part (the cardinal id) keeps related streams on one consumer.
 */
export function streamName(category: string, id: string): string {
  if (!/^[a-z][A-Za-z0-9]*$/.test(category)) throw new Error(`invalid stream category: ${category}`);
  if (id.length === 0) throw new Error(`empty stream id for category ${category}`);
  return `${category}-${id}`;
}

export function categoryOf(stream: string): string {
  const dash = stream.indexOf('-');
  return dash < 0 ? stream : stream.slice(0, dash);
}

export function idOf(stream: string): string {
  const dash = stream.indexOf('-');
  return dash < 0 ? '' : stream.slice(dash + 1);
}
