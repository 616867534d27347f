import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiPropertyOptional,
  ApiTags,
} from '@nestjs/swagger';
import { CurrentPrincipal, type Principal, Roles } from '@roaming/platform';
import { IsIn, IsOptional } from 'class-validator';
import { PageRequestDto } from '../../../paging';
import { invoiceToCsv, invoiceToHtml, invoiceToJson } from '../../domain';
import { type InvoiceSummary, Invoices } from '../../invoices';

export class InvoiceFormatRequestDto {
  @ApiPropertyOptional({ enum: ['json', 'csv', 'html'], default: 'json' })
  @IsOptional()
  @IsIn(['json', 'csv', 'html'])
  format?: 'json' | 'csv' | 'html';
}

/** The part of the HTTP response used here (Express). */
interface DocumentResponse {
  status(code: number): DocumentResponse;
  type(contentType: string): DocumentResponse;
  setHeader(name: string, value: string): DocumentResponse;
  send(body: string): unknown;
}

const CONTENT_TYPES = { json: 'application/json', csv: 'text/csv', html: 'text/html' } as const;

@ApiTags('invoices')
@ApiBearerAuth('bearer')
@Controller('v1/invoices')
export class ReadInvoicesController {
  constructor(private readonly invoices: Invoices) {}

  @Get()
  @Roles('cpo', 'emsp', 'operator', 'auditor')
  @ApiOperation({
    summary: 'Invoices and credit notes you issued or received (all for the operator and auditors), paged (≤ 2000)',
  })
  @ApiOkResponse({ description: '{ items: InvoiceSummary[], nextCursor: string | null }' })
  list(
    @Query() page: PageRequestDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<{ items: InvoiceSummary[]; nextCursor: string | null }> {
    return this.invoices.list(principal, page);
  }

  @Get(':invoiceNumber')
  @Roles('cpo', 'emsp', 'operator', 'auditor')
  @ApiOperation({ summary: 'Download an invoice or credit note as JSON, CSV (RFC 4180) or a self-contained HTML page' })
  @ApiOkResponse({ description: 'The document in the format asked for' })
  @ApiNotFoundResponse({ description: 'INVOICE_NOT_FOUND (also for documents of other parties)' })
  async get(
    @Param('invoiceNumber') invoiceNumber: string,
    @Query() query: InvoiceFormatRequestDto,
    @CurrentPrincipal() principal: Principal,
    @Res() res: DocumentResponse,
  ): Promise<void> {
    const document = await this.invoices.document(invoiceNumber, principal);
    const format = query.format ?? 'json';
    const body =
      format === 'csv' ? invoiceToCsv(document) : format === 'html' ? invoiceToHtml(document) : invoiceToJson(document);
    res
      .status(200)
      .type(`${CONTENT_TYPES[format]}; charset=utf-8`)
      .setHeader('Content-Disposition', `inline; filename="${document.invoiceNumber}.${format}"`)
      .send(body);
  }
}
