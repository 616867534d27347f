import { Controller, Get, Param, Query, StreamableFile } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { Roles } from '@roaming/platform';
import { Readable } from 'stream';
import { PartnerIdPipe } from '../../../partners/partner-id.pipe';
import { DEFAULT_PAGE_LIMIT } from '../../../shared/keyset-cursor';
import { TRANSACTIONS_CSV_HEADER, transactionCsvLine } from '../../transactions.csv';
import type { TransactionPage, TransactionView } from '../../transactions.repository';
import { ListPartnerTransactionsQuery, type PartnerTransactionsResult } from './list-partner-transactions.query';
import { ListPartnerTransactionsRequestDto } from './list-partner-transactions.request.dto';

@ApiTags('admin: marketplace')
@Controller('v1/admin/marketplace/partners')
@Roles('operator')
export class ListPartnerTransactionsController {
  constructor(private readonly queries: QueryBus) {}

  @Get(':partnerId/transactions')
  @ApiProduces('application/json', 'text/csv')
  @ApiOperation({
    summary:
      'The transaction overview of a partner: authorizations and charge detail records where it is the CPO or the ' +
      'EVSP, by date range, role and value; format=csv exports every match (GeM 927, UC 1242)',
  })
  @ApiOkResponse({ description: '{ items: [...], nextCursor }, or a CSV file' })
  @ApiNotFoundResponse({ description: 'PARTNER_NOT_FOUND' })
  async list(
    @Param('partnerId', PartnerIdPipe) partnerId: string,
    @Query() query: ListPartnerTransactionsRequestDto,
  ): Promise<TransactionPage | StreamableFile> {
    const filter = {
      role: query.role,
      kind: query.kind,
      from: query.from,
      to: query.to,
      minValue: query.minValue,
      maxValue: query.maxValue,
      currency: query.currency,
    };
    const output =
      query.format === 'csv'
        ? ({ format: 'csv' } as const)
        : ({ format: 'json', limit: query.limit ?? DEFAULT_PAGE_LIMIT, cursor: query.cursor } as const);
    const result: PartnerTransactionsResult = await this.queries.execute(
      new ListPartnerTransactionsQuery(partnerId, filter, output),
    );
    if (result.format === 'json') return result.page;
    return new StreamableFile(Readable.from(csv(result.rows)), {
      type: 'text/csv; charset=utf-8',
      disposition: `attachment; filename="transactions-${partnerId}.csv"`,
    });
  }
}

async function* csv(rows: AsyncGenerator<TransactionView[]>): AsyncGenerator<string> {
  yield TRANSACTIONS_CSV_HEADER;
  for await (const batch of rows) yield batch.map(transactionCsvLine).join('');
}
