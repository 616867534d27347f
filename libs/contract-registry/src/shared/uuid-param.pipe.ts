import { type PipeTransform } from '@nestjs/common';
import { DomainError } from '@roaming/shared-kernel';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Checks a uuid path parameter, answering 400 with the parameter's name instead of a lookup that cannot succeed. */
export class UuidParamPipe implements PipeTransform<string, string> {
  constructor(
    private readonly field: string,
    private readonly code: string,
  ) {}

  transform(value: string): string {
    if (typeof value !== 'string' || !UUID.test(value)) {
      throw DomainError.validation(this.code, `${this.field} must be a UUID`, { field: this.field, rule: 'uuid' });
    }
    return value.toLowerCase();
  }
}
