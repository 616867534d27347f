import type { ClientConfig } from 'pg';

/**
 * A connection kept open for long with little or nothing on it (a LISTEN, a process's advisory locks) must find out
 * when it died silently (a host gone, a NAT or proxy that dropped it): otherwise notifications are lost with no gap
 * reported, or a dead host's locks are held for the operating system's default of two hours. Both ends probe: this
 * process after 10 s of silence, and the server (its settings, per session) after 10 s, every 5 s, 3 times.
 * A query that hangs on such a connection gives up after 10 s.
 */
export function longLivedSession(config: ClientConfig): ClientConfig {
  const serverProbes = '-c tcp_keepalives_idle=10 -c tcp_keepalives_interval=5 -c tcp_keepalives_count=3';
  return {
    ...config,
    keepAlive: true,
    keepAliveInitialDelayMillis: 10_000,
    query_timeout: 10_000,
    options: config.options ? `${config.options} ${serverProbes}` : serverProbes,
  };
}
