import { Controller, HttpCode, HttpStatus, Param, Post } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { CurrentPrincipal, type Principal, Roles } from '@roaming/platform';
import { type InvoiceSummary, Invoices } from '../../invoices';

@ApiTags('settlement-admin')
@ApiBearerAuth('bearer')
@Controller('v1/admin/settlement')
export class IssueInvoiceController {
  constructor(private readonly invoices: Invoices) {}

  @Post('statements/:statementId/invoice')
  @Roles('operator')
  @HttpCode(HttpStatus.CREATED)
  @ApiOperation({
    summary: 'Issue a closed statement as an invoice of its CPO to its EVSP, numbered <issuer>-<year>-<seq>',
    description: 'Published on settlement.events.v1 and both partners’ b2b.<party>.outbound.v1.',
  })
  @ApiCreatedResponse({ description: 'InvoiceSummary' })
  @ApiNotFoundResponse({ description: 'STATEMENT_NOT_FOUND' })
  @ApiConflictResponse({ description: 'STATEMENT_NOT_CLOSED, STATEMENT_ALREADY_INVOICED' })
  issue(@Param('statementId') statementId: string, @CurrentPrincipal() principal: Principal): Promise<InvoiceSummary> {
    return this.invoices.issue(statementId, principal.partnerId);
  }

  @Post('invoices/:invoiceNumber/credit-note')
  @Roles('operator')
  @HttpCode(HttpStatus.CREATED)
  @ApiOperation({
    summary: 'Cancel an invoice by a credit note (the only correction of an issued invoice)',
    description: 'The statement may then be invoiced again.',
  })
  @ApiCreatedResponse({ description: 'InvoiceSummary of the credit note' })
  @ApiNotFoundResponse({ description: 'INVOICE_NOT_FOUND' })
  @ApiConflictResponse({ description: 'INVOICE_ALREADY_CREDITED, INVOICE_NOT_CREDITABLE' })
  creditNote(
    @Param('invoiceNumber') invoiceNumber: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<InvoiceSummary> {
    return this.invoices.creditNote(invoiceNumber, principal.partnerId);
  }
}
