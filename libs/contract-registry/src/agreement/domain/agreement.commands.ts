import type { Command } from '@roaming/shared-kernel';
import type { AgreementRequestKind, AgreementSide, TimeoutPolicy } from './agreement.events';

/**
 * Party ids are normalised ('DEABC'); instants are ISO-8601. `at` is when the command is decided; `by` is the side of
 * the agreement the caller acts for (the handler works it out from the caller's party ids).
 */
export type OfferRoamingAgreement = Command<
  'OfferRoamingAgreement',
  {
    agreementId: string;
    cpoPartyId: string;
    emspPartyId: string;
    validFrom: string;
    validUntil: string | null;
    tariffId: string | null;
    /** Absent = deny. */
    timeoutPolicy?: TimeoutPolicy;
    at: string;
  }
>;

export type AcceptRoamingAgreement = Command<'AcceptRoamingAgreement', { agreementId: string; at: string }>;

export type DeclineRoamingAgreement = Command<
  'DeclineRoamingAgreement',
  { agreementId: string; reason: string | null; at: string }
>;

/** Raw request terms as the caller sent them: `validUntil`/`tariffId` undefined = unchanged, null = none. */
export type RequestAgreementChange = Command<
  'RequestAgreementChange',
  {
    agreementId: string;
    requestId: string;
    kind: AgreementRequestKind;
    by: AgreementSide;
    validUntil?: string | null;
    tariffId?: string | null;
    timeoutPolicy?: string;
    reason: string | null;
    at: string;
  }
>;

export type AcceptAgreementRequest = Command<
  'AcceptAgreementRequest',
  { agreementId: string; requestId: string; by: AgreementSide; at: string }
>;

export type DeclineAgreementRequest = Command<
  'DeclineAgreementRequest',
  { agreementId: string; requestId: string; by: AgreementSide; reason: string | null; at: string }
>;

export type WithdrawAgreementRequest = Command<
  'WithdrawAgreementRequest',
  { agreementId: string; requestId: string; by: AgreementSide; at: string }
>;

export type SuspendRoamingAgreement = Command<
  'SuspendRoamingAgreement',
  { agreementId: string; by: AgreementSide; reason: string | null; at: string }
>;

export type ResumeRoamingAgreement = Command<
  'ResumeRoamingAgreement',
  { agreementId: string; by: AgreementSide; at: string }
>;

export type DeactivateRoamingAgreement = Command<
  'DeactivateRoamingAgreement',
  { agreementId: string; by: AgreementSide | 'operator'; reason: string | null; at: string }
>;

export type AgreementCommand =
  | OfferRoamingAgreement
  | AcceptRoamingAgreement
  | DeclineRoamingAgreement
  | RequestAgreementChange
  | AcceptAgreementRequest
  | DeclineAgreementRequest
  | WithdrawAgreementRequest
  | SuspendRoamingAgreement
  | ResumeRoamingAgreement
  | DeactivateRoamingAgreement;
