import { ApiProperty } from '@nestjs/swagger';
import { IsUUID } from 'class-validator';

/** IEC 63119-2 UC3-4: the EVSP asks the hub to stop one of its customers' sessions. */
export class RequestRemoteStopDto {
  @ApiProperty({ format: 'uuid', description: "The hub's session id (from the session start on your topic)." })
  @IsUUID()
  sessionId!: string;
}
