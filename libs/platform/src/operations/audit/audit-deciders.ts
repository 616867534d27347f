import { Inject, Injectable } from '@nestjs/common';
import { OPERATIONS_OPTIONS, type CategoryDecider, type OperationsOptions } from '../operations.options';
import { DEAD_LETTER_CATEGORY, deadLetterDecider } from '../dead-letters/domain';

/**
 * The deciders auditors replay for "state as of": one per stream category, given by the app's composition root
 * (OperationsModule.forApp({ deciders })) or registered by a context at start-up.
 */
@Injectable()
export class AuditDeciders {
  private readonly byCategory = new Map<string, CategoryDecider>();

  constructor(@Inject(OPERATIONS_OPTIONS) options: OperationsOptions) {
    this.register({ category: DEAD_LETTER_CATEGORY, decider: deadLetterDecider });
    for (const entry of options.deciders ?? []) this.register(entry);
  }

  register(entry: CategoryDecider): void {
    if (this.byCategory.has(entry.category))
      throw new Error(`a decider for category ${entry.category} is registered twice`);
    this.byCategory.set(entry.category, entry);
  }

  get(category: string): CategoryDecider | undefined {
    return this.byCategory.get(category);
  }

  categories(): string[] {
    return [...this.byCategory.keys()].sort();
  }
}
