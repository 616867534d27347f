import { assertActsFor, type Principal } from '@roaming/platform';
import { Emaid } from '@roaming/shared-kernel';

/**
 * The EMAID names its issuing EVSP, and only that EVSP reads or changes the contract: a caller acting for another
 * party gets PARTY_SCOPE (403). Since the EMAID itself tells whose it is, this reveals nothing about existence.
 */
export function ownedEmaid(rawEmaid: string, principal: Principal): Emaid {
  const emaid = Emaid.parse(rawEmaid, 'emaid');
  assertActsFor(principal, emaid.providerId.value);
  return emaid;
}
