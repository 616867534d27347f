import { DomainError } from '@roaming/shared-kernel';

export const TokenClaimErrors = {
  // The uid identifies a driver's card: it stays out of the message; the field path says which token it was.
  taken: (field = 'uid') =>
    DomainError.conflict('TOKEN_UID_TAKEN', `${field} is already used by another contract of this EVSP`, {
      field,
      rule: 'unique-per-emsp',
    }),
};
