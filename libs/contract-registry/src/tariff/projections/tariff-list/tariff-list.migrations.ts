import type { Migration } from '@roaming/event-store';

/** Every published tariff with all its versions; `seq` is the position of its first version (list order). */
export const tariffListMigrations: Migration[] = [
  {
    id: 'registry/006-tariff-list',
    sql: `
      CREATE TABLE IF NOT EXISTS registry.tariffs (
        cpo_party_id text   NOT NULL,
        tariff_id    text   NOT NULL,
        seq          bigint NOT NULL UNIQUE,
        audience     text   NOT NULL,
        versions     jsonb  NOT NULL,
        PRIMARY KEY (cpo_party_id, tariff_id)
      );
    `,
  },
];
