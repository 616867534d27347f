import { Query } from '@nestjs/cqrs';
import type { CdrPageV1 } from '@roaming/contracts';

/** An EVSP fetches the CDRs forwarded to its parties (eMI3 UC 200 step 16.1 as pull; OICP GetChargeDetailRecords). */
export class ListForwardedCdrsQuery extends Query<CdrPageV1> {
  constructor(
    readonly emspPartyIds: readonly string[],
    readonly limit: number,
    readonly cursor?: string,
  ) {
    super();
  }
}
