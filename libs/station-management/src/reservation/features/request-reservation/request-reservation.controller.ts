import { Body, Controller, Headers, HttpCode, HttpStatus, Post } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiHeader,
  ApiNotFoundResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { CurrentPrincipal, type Principal, Roles } from '@roaming/platform';
import { parseInstant } from '../../../shared/instant';
import { IDEMPOTENCY_KEY_HEADER, parseIdempotencyKey } from '../../../shared/request-context';
import { type ReservationView, ReservationWrites } from '../../reservation-writes';
import { RequestReservationRequestDto } from './request-reservation.request.dto';

@ApiTags('reservations')
@ApiBearerAuth('bearer')
@Controller('v1/reservations')
export class RequestReservationController {
  constructor(private readonly reservations: ReservationWrites) {}

  @Post()
  @Roles('emsp')
  @HttpCode(HttpStatus.CREATED)
  @ApiOperation({
    summary: 'Reserve an EVSE for one of your contracts (IEC 63119-2 UC3-8, GeM 1528)',
    description:
      'The hub checks the roaming agreement with the EVSE operator and the token from its registry view, as the ' +
      'authorization switch does. Refused by the hub: 201 with status REFUSED and a reason (recorded). Otherwise ' +
      'PENDING: relayed to the CPO (its Kafka outbound topic), whose answer (ACCEPTED/REJECTED) or silence (EXPIRED) ' +
      'reaches you on your outbound topic and at GET /v1/reservations/{id}.',
  })
  @ApiHeader({ name: IDEMPOTENCY_KEY_HEADER, required: false, description: 'A retry gets the same reservation' })
  @ApiCreatedResponse({ description: 'ReservationView' })
  @ApiBadRequestResponse({ description: 'REQUEST_INVALID, EVSE_ID_INVALID, RESERVATION_PERIOD_INVALID' })
  @ApiNotFoundResponse({ description: 'EVSE_UNKNOWN' })
  @ApiConflictResponse({ description: 'EVSE_WITHDRAWN, RESERVATION_EXISTS' })
  request(
    @Body() body: RequestReservationRequestDto,
    @CurrentPrincipal() principal: Principal,
    @Headers(IDEMPOTENCY_KEY_HEADER.toLowerCase()) rawKey: string | undefined,
  ): Promise<ReservationView> {
    return this.reservations.request(principal, {
      evseId: body.evseId,
      token: { uid: body.token.uid, type: body.token.type },
      reserveUntil: parseInstant(body.reserveUntil, 'reserveUntil'),
      idempotencyKey: parseIdempotencyKey(rawKey),
    });
  }
}
