import type { Credential } from './principal';

/**
 * Port: finds the credential behind an API key hash. Each context keeps its own copy of the directory, filled from
 * the contract registry's integration events, so authentication never calls another context.
 * Return revoked and suspended credentials too (with their status): the guard decides the answer.
 */
export abstract class CredentialDirectory {
  abstract findByKeyHash(keyHash: string): Promise<Credential | undefined>;
}
