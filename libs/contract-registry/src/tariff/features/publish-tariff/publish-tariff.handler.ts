import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { EventStore, handleCommand } from '@roaming/event-store';
import { assertActsFor } from '@roaming/platform';
import { parseTariff } from '@roaming/rating';
import { Clock, DomainError } from '@roaming/shared-kernel';
import { parseInstant } from '../../../shared/instant';
import { eventMetadata } from '../../../shared/request-context';
import { tariffDecider } from '../../domain/tariff.decider';
import { parseTariffId } from '../../domain/tariff-id';
import { versionAt } from '../../domain/tariff.state';
import { tariffStream } from '../../domain/tariff.stream';
import type { TariffView } from '../../projections/tariff-list/tariff-list.reader';
import { PublishTariffCommand } from './publish-tariff.command';

/**
 * A CPO publishes a version of a tariff (IEC 63119 UC2-1/UC2-2): checked by the rating library (the same definition
 * that will rate sessions with it), versioned on `tariff-<CPO>+<tariffId>`, and published as TariffPublished.
 */
@CommandHandler(PublishTariffCommand)
export class PublishTariffHandler implements ICommandHandler<PublishTariffCommand, TariffView> {
  constructor(
    private readonly store: EventStore,
    private readonly clock: Clock,
  ) {}

  async execute({ tariffId: rawTariffId, request, context }: PublishTariffCommand): Promise<TariffView> {
    const at = this.clock.now().toISOString();
    const tariffId = parseTariffId(rawTariffId, 'tariffId');
    const validFrom = request.validFrom
      ? parseInstant(request.validFrom, 'validFrom', 'TARIFF_VALID_FROM_INVALID')
      : at;
    const tariff = withinBody(() => parseTariff(request.tariff).json);
    const cpo = request.cpoPartyId
      ? assertActsFor(context.principal, request.cpoPartyId)
      : soleParty(context.principal.partyIds);
    const { state } = await handleCommand(
      this.store,
      tariffStream(cpo, tariffId),
      tariffDecider,
      {
        type: 'PublishTariff',
        data: { cpoPartyId: cpo, tariffId, audience: request.audience ?? 'public', validFrom, tariff, at },
      },
      { metadata: eventMetadata(context, cpo) },
    );
    if (state.kind !== 'published') throw new Error(`tariff ${tariffId} missing after its publication`);
    return {
      cpoPartyId: state.cpoPartyId,
      tariffId: state.tariffId,
      audience: state.audience,
      currentVersion: versionAt(state, at)?.version ?? null,
      versions: state.versions.map((v) => ({ ...v })),
    };
  }
}

/** The rating library names fields from the tariff's root; in this body they sit under `tariff`. */
function withinBody<T>(parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    if (error instanceof DomainError && typeof error.details.field === 'string') {
      throw new DomainError(error.code, error.kind, error.message, {
        ...error.details,
        field: `tariff.${error.details.field}`,
      });
    }
    throw error;
  }
}

function soleParty(partyIds: readonly string[]): string {
  if (partyIds.length !== 1) {
    throw DomainError.validation('CPO_PARTY_REQUIRED', 'you act for several parties: say which in cpoPartyId', {
      field: 'cpoPartyId',
      rule: 'required-for-several-parties',
    });
  }
  return partyIds[0];
}
