import { Injectable, Logger } from '@nestjs/common';
import { CheckpointedProcessor, EventStore, type RecordedEvent } from '@roaming/event-store';
import { Clock, DomainError } from '@roaming/shared-kernel';
import { RegistryViewRepository } from '../../integration/registry-view/registry-view.repository';
import { ThrottledWakeStore } from '../../shared/throttled-wake-store';
import { RemoteCommands } from '../application/remote-commands';
import { REMOTE_COMMAND_CATEGORY, type RemoteStartRequested, type RemoteStopRequested } from '../domain';

export const COMMAND_WEBHOOK_RELAY_ID = 'authz.command-webhook:v1';
/** A CPO's webhook gets this long to take a command; its answer may also come later, by REST or Kafka. */
const WEBHOOK_TIMEOUT_MS = 5_000;

/**
 * Relays remote starts and stops to the CPO's command webhook (IEC 63119-2 UC3-2/UC3-4; the same command also goes
 * to its `b2b.<cpo>.outbound.v1` topic through the forwarder, the channel that never loses it). A 2xx reply carrying
 * `{ "result": "ACCEPTED" | "REJECTED", "reason"? }` is recorded as the CPO's answer at once (OCPI's synchronous
 * CommandResponse); an empty 2xx means it will answer later. A webhook that fails is logged and not retried: the
 * command is on Kafka, and the deadline tells the EVSP if the CPO never answers. Commands already past their
 * deadline (a relay catching up after a restart) are not sent.
 */
@Injectable()
export class CommandWebhookRelay {
  readonly processor: CheckpointedProcessor;
  private readonly logger = new Logger(CommandWebhookRelay.name);

  constructor(
    store: EventStore,
    private readonly view: RegistryViewRepository,
    private readonly commands: RemoteCommands,
    private readonly clock: Clock,
  ) {
    this.processor = new CheckpointedProcessor({
      processorId: COMMAND_WEBHOOK_RELAY_ID,
      // Commands are rare beside the decisions: poll, do not wake for every decision batch.
      store: new ThrottledWakeStore(store, null),
      pollIntervalMs: 100,
      categories: [REMOTE_COMMAND_CATEGORY],
      batchSize: 50,
      deliver: (events) => this.deliver(events),
      logger: new Logger(`Relay ${COMMAND_WEBHOOK_RELAY_ID}`),
    });
  }

  private async deliver(events: readonly RecordedEvent[]): Promise<void> {
    const requested = events.filter(
      (e): e is RecordedEvent<'RemoteStartRequested' | 'RemoteStopRequested', CommandData> =>
        e.type === 'RemoteStartRequested' || e.type === 'RemoteStopRequested',
    );
    await Promise.all(requested.map((event) => this.relay(event.data)));
  }

  private async relay(command: CommandData): Promise<void> {
    if (Date.parse(command.respondBy) <= this.clock.now().getTime()) return;
    try {
      const { commandUrl } = await this.view.doorsOf(command.cpoPartyId);
      if (!commandUrl) return;
      const response = await fetch(commandUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify(webhookBody(command)),
        signal: AbortSignal.timeout(WEBHOOK_TIMEOUT_MS),
      });
      if (!response.ok) throw new Error(`answered HTTP ${response.status}`);
      const answer = readAnswer(await response.text());
      if (!answer) return;
      await this.commands.recordCpoResponse(
        { commandId: command.commandId, ...answer, respondedAt: this.clock.now().toISOString() },
        [command.cpoPartyId],
        { actor: `webhook:${command.cpoPartyId}`, correlationId: command.commandId },
      );
    } catch (error) {
      // An answer that came too late (closed) or a webhook that failed: the command stays on Kafka and its deadline.
      const reason = error instanceof DomainError ? error.code : String((error as { message?: unknown })?.message);
      this.logger.warn(`command ${command.commandId} via the webhook of ${command.cpoPartyId}: ${reason}`);
    }
  }
}

type CommandData = RemoteStartRequested['data'] | RemoteStopRequested['data'];

/** The same fields the CPO gets on its Kafka topic, with the kind to tell them apart. */
function webhookBody(command: CommandData): Record<string, unknown> {
  if (command.kind === 'START_SESSION') {
    const { commandId, kind, evseId, emaid, authorizationId, respondBy } = command;
    return { commandId, kind, evseId, emaid, authorizationId, respondBy };
  }
  const { commandId, kind, evseId, sessionId, cpoSessionId, respondBy } = command;
  return { commandId, kind, evseId, sessionId, cpoSessionId, respondBy };
}

function readAnswer(text: string): { result: 'ACCEPTED' | 'REJECTED'; reason: string | null } | undefined {
  if (text.trim() === '') return undefined;
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return undefined;
  }
  const { result, reason } = (body ?? {}) as { result?: unknown; reason?: unknown };
  if (result !== 'ACCEPTED' && result !== 'REJECTED') return undefined;
  return { result, reason: typeof reason === 'string' ? reason.slice(0, 200) : null };
}
