import type { AgreementEvent } from './agreement.events';
import type { AgreementStatus } from './agreement.state';

/**
 * The agreement's status right after an event, read from the event alone (each event repeats the terms): what the
 * forwarder publishes and what projections keep. undefined for the request events, which change no status.
 */
export function statusAfter(event: AgreementEvent): AgreementStatus | undefined {
  switch (event.type) {
    case 'RoamingAgreementOffered':
      return 'offered';
    case 'RoamingAgreementAccepted':
    case 'RoamingAgreementResumed':
      return 'active';
    case 'RoamingAgreementDeclined':
      return 'declined';
    case 'RoamingAgreementChanged':
      return event.data.status;
    case 'RoamingAgreementTerminated':
      return 'terminated';
    case 'RoamingAgreementSuspended':
      return 'suspended';
    case 'RoamingAgreementDeactivated':
      return 'deactivated';
    case 'RoamingAgreementRequestMade':
    case 'RoamingAgreementRequestWithdrawn':
    case 'RoamingAgreementRequestDeclined':
      return undefined;
  }
}
