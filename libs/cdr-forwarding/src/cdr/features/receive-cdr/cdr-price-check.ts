import { Injectable, Optional } from '@nestjs/common';
import type { SqlExecutor } from '@roaming/event-store';
import {
  type ChargingSessionJson,
  type CompiledTariff,
  compileTariff,
  minorUnitDigits,
  rateSessionWith,
  selectTariff,
  type TariffJson,
  type TariffVersionJson,
} from '@roaming/rating';
import { Decimal, DomainError } from '@roaming/shared-kernel';
import type { CdrPriceCheck, CdrRecord } from '../../domain';
import { CDR_SCHEMA } from '../../../registry-view/registry-view.migrations';
import { CdrIntakeSettings } from '../../config/cdr-intake.settings';

/**
 * IEC 63119 6.4.2 price check at intake: selects the agreed tariff (libs/rating selectTariff: the agreement's
 * negotiated tariff in force at the session start, else the CPO's public one; never a guess), rates the session
 * with the shared rating function (the one settlement uses), adds the CPO's services of an SDR (priced by the CPO,
 * incl. VAT) and compares with the CPO's total. The session is the record's charging periods, else one charging
 * period [start, start + chargingDuration] (+ parking for the rest), else [start, end]. A published tariff version
 * never changes, so compiled tariffs are cached by (CPO, tariff, version).
 */
@Injectable()
export class CdrPriceChecker {
  private readonly compiled = new Map<string, CompiledTariff>();
  private readonly settings: CdrIntakeSettings;

  /** The tolerance is max(CDR_PRICE_TOLERANCE_ABSOLUTE, CDR_PRICE_TOLERANCE_PERCENT of the hub price). */
  constructor(@Optional() settings?: CdrIntakeSettings) {
    this.settings = settings ?? new CdrIntakeSettings();
  }

  /** The tariff versions of these CPOs, in one query. */
  async versionsOf(sql: SqlExecutor, cpoPartyIds: readonly string[]): Promise<TariffVersionJson[]> {
    const { rows } = await sql.query<{
      cpo_party_id: string;
      tariff_id: string;
      version: number;
      audience: 'public' | 'negotiated';
      valid_from: Date | string;
      tariff: TariffJson;
    }>(
      `SELECT cpo_party_id, tariff_id, version, audience, valid_from, tariff FROM ${CDR_SCHEMA}.registry_tariffs
       WHERE cpo_party_id = ANY($1::text[])`,
      [[...new Set(cpoPartyIds)]],
    );
    return rows.map((r) => ({
      cpoPartyId: r.cpo_party_id,
      tariffId: r.tariff_id,
      version: Number(r.version),
      audience: r.audience,
      validFrom: new Date(r.valid_from).toISOString(),
      tariff: r.tariff,
    }));
  }

  check(
    record: CdrRecord,
    negotiatedTariffId: string | null,
    timeZone: string,
    versions: readonly TariffVersionJson[],
  ): CdrPriceCheck {
    if (record.creditOf) return { status: 'NOT_CHECKED', reason: 'a credit record negates a record already checked' };
    const selection = selectTariff({
      cpoPartyId: record.cpoPartyId,
      at: record.startedAt,
      negotiatedTariffId,
      requestedTariffId: record.tariffId ?? null,
      versions,
    });
    if (selection.kind !== 'SELECTED')
      return { status: 'NOT_CHECKED', reason: `${selection.kind}: ${selection.reason}` };
    try {
      const key = `${record.cpoPartyId}|${selection.tariffId}|${selection.version}`;
      let compiled = this.compiled.get(key);
      if (!compiled) {
        compiled = compileTariff(selection.tariff);
        this.compiled.set(key, compiled);
      }
      const rating = rateSessionWith(compiled, sessionOf(record, timeZone));
      if (rating.currency !== record.totalCost.currency) {
        return {
          status: 'NOT_CHECKED',
          reason: `the tariff is in ${rating.currency}, the record in ${record.totalCost.currency}`,
        };
      }
      const services = (record.services ?? []).reduce(
        (sum, s) => sum.add(Decimal.parse(s.amountExclVat)).add(Decimal.parse(s.vat)),
        Decimal.ZERO,
      );
      const hub = Decimal.parse(rating.totalInclVat).add(services);
      const cpo = Decimal.parse(record.totalCost.amount);
      const difference = cpo.subtract(hub);
      const scale = minorUnitDigits(rating.currency);
      const percent = hub.abs().multiply(Decimal.parse(this.settings.tolerancePercent)).multiply(Decimal.parse('0.01'));
      const absolute = Decimal.parse(this.settings.toleranceAbsolute);
      const tolerance = (percent.compare(absolute) > 0 ? percent : absolute).round(scale + 2, 'HALF_UP');
      return {
        status: difference.abs().compare(tolerance) > 0 ? 'DEVIATION' : 'MATCHED',
        tariffId: selection.tariffId,
        tariffVersion: selection.version,
        basis: selection.basis,
        hubTotal: { amount: hub.toString(), currency: rating.currency },
        cpoTotal: { ...record.totalCost },
        difference: difference.toString(),
        tolerance: tolerance.toString(),
        breakdown: {
          chargingExclVat: rating.totalExclVat,
          chargingVat: rating.totalVat,
          servicesInclVat: services.toString(),
          lines: rating.lines.map((l) => ({ type: l.type, quantity: l.quantity, amountInclVat: l.amountInclVat })),
        },
      };
    } catch (error) {
      if (error instanceof DomainError) return { status: 'NOT_CHECKED', reason: `not ratable: ${error.message}` };
      throw error;
    }
  }
}

/** The record as the rating engine reads a session. */
function sessionOf(record: CdrRecord, timeZone: string): ChargingSessionJson {
  if (record.chargingPeriods && record.chargingPeriods.length > 0) {
    return { timeZone, periods: record.chargingPeriods.map((p) => ({ ...p })) };
  }
  const start = Date.parse(record.startedAt);
  const end = Date.parse(record.endedAt);
  const charging = record.chargingDurationSeconds;
  const chargingEnd = charging !== undefined && charging !== null ? Math.min(end, start + charging * 1000) : end;
  const periods: ChargingSessionJson['periods'] = [
    {
      startedAt: record.startedAt,
      endedAt: new Date(chargingEnd).toISOString(),
      state: 'CHARGING',
      energyWh: String(record.energyWh),
    },
  ];
  if (chargingEnd < end) {
    periods.push({
      startedAt: new Date(chargingEnd).toISOString(),
      endedAt: record.endedAt,
      state: 'PARKING',
      energyWh: '0',
    });
  }
  return { timeZone, periods };
}
