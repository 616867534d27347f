import { Injectable, type PipeTransform } from '@nestjs/common';
import { DomainError } from '@roaming/shared-kernel';

/** `{category}-{id}` (house-style §4): a camelCase category, a dash, a printable id. */
const STREAM_NAME = /^[a-z][A-Za-z0-9]*-[\x21-\x7e]{1,300}$/;
const CATEGORY = /^[a-z][A-Za-z0-9]{0,99}$/;

@Injectable()
export class StreamNamePipe implements PipeTransform<string, string> {
  transform(value: string): string {
    if (!STREAM_NAME.test(value)) {
      throw DomainError.validation('STREAM_NAME_INVALID', 'streamName must be {category}-{id}', {
        field: 'streamName',
        rule: 'stream-name',
      });
    }
    return value;
  }
}

@Injectable()
export class CategoryPipe implements PipeTransform<string, string> {
  transform(value: string): string {
    if (!CATEGORY.test(value)) {
      throw DomainError.validation('CATEGORY_INVALID', 'category must be camelCase letters and digits', {
        field: 'category',
        rule: 'category',
      });
    }
    return value;
  }
}

export const CATEGORY_PATTERN = CATEGORY;
