import { Injectable, type PipeTransform } from '@nestjs/common';
import { DomainError } from '@roaming/shared-kernel';

const PARTNER_ID = /^[A-Za-z0-9._:-]{1,100}$/;

@Injectable()
export class PartnerIdPipe implements PipeTransform<string, string> {
  transform(value: string): string {
    if (!PARTNER_ID.test(value)) {
      throw DomainError.validation('PARTNER_ID_INVALID', 'partnerId is not a partner id', {
        field: 'partnerId',
        rule: 'partner-id',
      });
    }
    return value;
  }
}
