import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { DomainError } from '@roaming/shared-kernel';

/** Largest page of statement lines, statements or invoices one call returns. */
export const MAX_PAGE_LIMIT = 2000;

export interface PageRequest {
  /** 1..MAX_PAGE_LIMIT (default MAX_PAGE_LIMIT). */
  limit?: number;
  /** The nextCursor of the previous page. */
  cursor?: string;
}

/** `?cursor&limit` of the settlement lists: keyset paging in the list's own order. */
export class PageRequestDto implements PageRequest {
  @ApiPropertyOptional({ description: 'The nextCursor of the previous page.' })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  cursor?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: MAX_PAGE_LIMIT, default: MAX_PAGE_LIMIT })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE_LIMIT)
  limit?: number;
}

export function pageLimit(page: PageRequest | undefined): number {
  const limit = page?.limit ?? MAX_PAGE_LIMIT;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE_LIMIT) {
    throw DomainError.validation('PAGE_LIMIT_INVALID', `limit must be an integer from 1 to ${MAX_PAGE_LIMIT}`, {
      field: 'limit',
      rule: 'page-limit',
    });
  }
  return limit;
}

/** An opaque cursor: the sort key of the last item handed out, tagged with the list it belongs to. */
export function encodeCursor(list: string, key: readonly string[]): string {
  return Buffer.from(JSON.stringify([list, ...key]), 'utf8').toString('base64url');
}

/** The sort key a cursor of `list` carries (`size` parts); anything else is CURSOR_INVALID. */
export function decodeCursor(list: string, cursor: string, size: number): string[] {
  let parts: unknown;
  try {
    parts = /^[A-Za-z0-9_-]+$/.test(cursor) ? JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) : null;
  } catch {
    parts = null;
  }
  if (
    !Array.isArray(parts) ||
    parts.length !== size + 1 ||
    parts[0] !== list ||
    !parts.every((p) => typeof p === 'string')
  ) {
    throw DomainError.validation('CURSOR_INVALID', 'cursor is not a cursor this list handed out', {
      field: 'cursor',
      rule: 'opaque-cursor',
    });
  }
  return (parts as string[]).slice(1);
}
