import { Controller, Get, Inject, Logger } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { Public } from '../auth/auth.decorators';
import { ProblemException } from '../problem/problem-details';
import { HEALTH_CHECKS, type HealthCheck } from './health-check';

/** A check that hangs must not hang the probe: orchestrators time out and restart instead of routing around. */
const CHECK_TIMEOUT_MS = 3000;

export interface CheckResult {
  name: string;
  status: 'up' | 'down';
}

@ApiTags('health')
@Public()
@Controller('health')
export class HealthController {
  private readonly logger = new Logger('Health');

  constructor(@Inject(HEALTH_CHECKS) private readonly checks: readonly HealthCheck[]) {}

  @Get('live')
  @ApiOperation({ summary: 'Liveness: the process answers HTTP.' })
  @ApiOkResponse({ schema: { example: { status: 'up' } } })
  live(): { status: 'up' } {
    return { status: 'up' };
  }

  @Get('ready')
  @ApiOperation({ summary: 'Readiness: every dependency (database, broker, …) answers.' })
  @ApiOkResponse({ schema: { example: { status: 'up', checks: [{ name: 'database', status: 'up' }] } } })
  @ApiServiceUnavailableResponse({ description: 'problem+json NOT_READY listing the checks' })
  async ready(): Promise<{ status: 'up'; checks: CheckResult[] }> {
    const checks = await Promise.all(this.checks.map((check) => this.run(check)));
    const down = checks.filter((check) => check.status === 'down');
    if (down.length > 0) {
      throw new ProblemException(503, 'NOT_READY', `Not ready: ${down.map((check) => check.name).join(', ')} down.`, {
        extensions: { checks },
      });
    }
    return { status: 'up', checks };
  }

  private async run(check: HealthCheck): Promise<CheckResult> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${CHECK_TIMEOUT_MS} ms`)), CHECK_TIMEOUT_MS);
    });
    try {
      await Promise.race([check.check(), timeout]);
      return { name: check.name, status: 'up' };
    } catch (error) {
      // The reason stays in the log: the probe is public and the message may name hosts.
      this.logger.warn({ message: 'health check failed', check: check.name }, error instanceof Error ? error : {});
      return { name: check.name, status: 'down' };
    } finally {
      clearTimeout(timer);
    }
  }
}
