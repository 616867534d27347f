import type { Command } from '@roaming/shared-kernel';
import type { DeadLetterFacts } from './dead-letter.events';

export type ParkDeadLetter = Command<'ParkDeadLetter', DeadLetterFacts & { at: string }>;
/** `parkCount`: the parking the operator saw and replayed (a later one may have arrived meanwhile). */
export type RecordDeadLetterReplay = Command<'RecordDeadLetterReplay', { parkCount: number; by: string; at: string }>;
export type DiscardDeadLetter = Command<'DiscardDeadLetter', { by: string; reason: string; at: string }>;

export type DeadLetterCommand = ParkDeadLetter | RecordDeadLetterReplay | DiscardDeadLetter;
