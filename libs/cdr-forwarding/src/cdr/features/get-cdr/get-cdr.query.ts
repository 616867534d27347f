import { Query } from '@nestjs/cqrs';
import type { CdrDetailsV1 } from '@roaming/contracts';
import type { Principal } from '@roaming/platform';

/** One CDR, for the CPO that sent it or the EVSP it was forwarded to. */
export class GetCdrQuery extends Query<CdrDetailsV1> {
  constructor(
    readonly cpoPartyId: string,
    readonly cdrId: string,
    readonly caller: Principal,
  ) {
    super();
  }
}
