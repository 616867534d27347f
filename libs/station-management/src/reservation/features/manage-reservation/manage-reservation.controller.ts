import { Body, Controller, Get, HttpCode, HttpStatus, Param, Post } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiConflictResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { CurrentPrincipal, type Principal, Roles } from '@roaming/platform';
import { requestMetadata } from '../../../shared/request-context';
import { type ReservationView, ReservationWrites } from '../../reservation-writes';
import { AnswerReservationRequestDto } from '../request-reservation/request-reservation.request.dto';

@ApiTags('reservations')
@ApiBearerAuth('bearer')
@Controller('v1/reservations/:reservationId')
export class ManageReservationController {
  constructor(private readonly reservations: ReservationWrites) {}

  @Get()
  @Roles('emsp', 'cpo')
  @ApiOperation({ summary: 'A reservation and where it stands (both parties)' })
  @ApiOkResponse({ description: 'ReservationView' })
  @ApiNotFoundResponse({ description: 'RESERVATION_NOT_FOUND' })
  get(@Param('reservationId') id: string, @CurrentPrincipal() principal: Principal): Promise<ReservationView> {
    return this.reservations.get(principal, id);
  }

  @Post('cancel')
  @Roles('emsp')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Cancel your reservation; the CPO is told on its outbound topic' })
  @ApiOkResponse({ description: 'ReservationView (CANCELLED)' })
  @ApiConflictResponse({ description: 'RESERVATION_CLOSED' })
  cancel(@Param('reservationId') id: string, @CurrentPrincipal() principal: Principal): Promise<ReservationView> {
    return this.reservations.cancel(principal, id);
  }

  @Post('response')
  @Roles('cpo')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Answer a reservation relayed to you (also on Kafka b2b.station-commands.inbound.v1)',
    description:
      'ACCEPTED (optionally with a fee, GeM 1528) or REJECTED with a reason. Late answers: RESERVATION_CLOSED.',
  })
  @ApiOkResponse({ description: 'ReservationView' })
  @ApiConflictResponse({ description: 'RESERVATION_CLOSED' })
  answer(
    @Param('reservationId') id: string,
    @Body() body: AnswerReservationRequestDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<ReservationView> {
    return this.reservations.answer(
      principal.partyIds,
      id,
      { result: body.result, reason: body.reason ?? null, fee: body.fee },
      requestMetadata(principal),
    );
  }

  @Post('used')
  @Roles('cpo')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Report that the driver used the reservation (the hub also sees it from the session)' })
  @ApiOkResponse({ description: 'ReservationView (USED)' })
  @ApiConflictResponse({ description: 'RESERVATION_NOT_ACCEPTED' })
  used(@Param('reservationId') id: string, @CurrentPrincipal() principal: Principal): Promise<ReservationView> {
    return this.reservations.reportUse(principal.partyIds, id, requestMetadata(principal));
  }
}
