import { Injectable, type PipeTransform } from '@nestjs/common';
import { DomainError } from '@roaming/shared-kernel';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Letter ids are UUIDs; anything else is a 400 naming the parameter, before any lookup. */
@Injectable()
export class LetterIdPipe implements PipeTransform<string, string> {
  transform(value: string): string {
    if (!UUID.test(value)) {
      throw DomainError.validation('DEAD_LETTER_ID_INVALID', 'letterId must be a lower-case UUID', {
        field: 'letterId',
        rule: 'uuid',
      });
    }
    return value;
  }
}
