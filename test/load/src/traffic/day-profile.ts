import type { Random } from '../scenario/random';

/**
 * Relative number of charging sessions starting in each hour of a weekday at public chargers: quiet at night, a
 * morning rise, a midday plateau (destination charging) and the evening peak after work. The shape matters more than
 * the exact values: it makes the compressed day hit the system with a rush hour about 2.5 times the mean rate.
 */
export const SESSION_STARTS_BY_HOUR: readonly number[] = [
  1.0, 0.7, 0.5, 0.4, 0.4, 0.6, 1.5, 3.0, 4.5, 5.0, 5.0, 5.5, 6.0, 5.5, 5.0, 5.0, 5.5, 6.5, 6.5, 5.5, 4.0, 3.0, 2.0,
  1.5,
];

/** A minute of the day drawn from the profile: the hour by its weight, the minute within it uniformly. */
export function sessionStartMinute(random: Random, weights: readonly number[] = SESSION_STARTS_BY_HOUR): number {
  const total = weights.reduce((sum, w) => sum + w, 0);
  let x = random.next() * total;
  for (let hour = 0; hour < weights.length; hour++) {
    x -= weights[hour];
    if (x < 0) return hour * 60 + random.next() * 60;
  }
  return (weights.length - 1) * 60 + random.next() * 60;
}
