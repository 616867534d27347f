import { DomainError } from '@roaming/shared-kernel';

export const SiteErrors = {
  evseNotOwned: (evseId: string, operatorId: string): DomainError =>
    DomainError.forbidden(
      'EVSE_NOT_OWNED',
      `EVSE ${evseId} belongs to operator ${operatorId}, for which the caller does not act.`,
      { evseId, operatorId },
    ),
  evseDuplicate: (evseId: string): DomainError =>
    DomainError.validation('EVSE_DUPLICATE', `EVSE ${evseId} is listed twice`, {
      field: 'evses',
      rule: 'unique-evse',
      evseId,
    }),
  connectorDuplicate: (evseId: string, connectorId: string): DomainError =>
    DomainError.validation('CONNECTOR_DUPLICATE', `EVSE ${evseId} lists connector ${connectorId} twice`, {
      field: 'connectors',
      rule: 'unique-connector',
      evseId,
      connectorId,
    }),
  evseOnOtherSite: (evseIds: string[]): DomainError =>
    DomainError.conflict(
      'EVSE_ON_OTHER_SITE',
      `EVSE ${evseIds.join(', ')} is published on another site; withdraw it there first`,
      {
        evseIds,
      },
    ),
  siteNotFound: (cpoPartyId: string, siteId: string): DomainError =>
    DomainError.notFound('SITE_NOT_FOUND', `operator ${cpoPartyId} has no site ${siteId}`, { cpoPartyId, siteId }),
  siteNotPublished: (siteId: string): DomainError =>
    DomainError.illegalState('SITE_NOT_PUBLISHED', `site ${siteId} is withdrawn; publish it in full first`, { siteId }),
  evseNotOnSite: (siteId: string, evseId: string): DomainError =>
    DomainError.notFound('EVSE_NOT_ON_SITE', `site ${siteId} has no EVSE ${evseId}`, { siteId, evseId }),
};
