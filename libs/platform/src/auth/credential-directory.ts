import type { SqlExecutor } from '@roaming/event-store';
import type { Credential } from './principal';

/** A credential with the public key that verifies the partner's signed Kafka messages. */
export interface SigningCredential extends Credential {
  /**
   * The Ed25519 public key derived from the API key (partner-signing-key.ts), base64url; null for a key issued before
   * the registry recorded signing keys: such a key works on REST but cannot sign Kafka messages (refused).
   */
  readonly signingPublicKey: string | null;
}

/**
 * Port: finds the credential behind an API key hash (REST) or a key id (signed Kafka messages). Each context keeps
 * its own copy of the directory, filled from the contract registry's integration events, so authentication never
 * calls another context. Return revoked and suspended credentials too (with their status): the caller decides.
 */
export abstract class CredentialDirectory {
  abstract findByKeyHash(keyHash: string): Promise<Credential | undefined>;

  /**
   * The credential with this key id, for verifying a signed partner message. `executor`: the consumer's transaction
   * (an embedded database has one session, which that transaction holds). A directory that does not override this
   * knows no key by id, so every signed message it is asked about is refused (UNAUTHENTICATED), never accepted.
   */
  findByKeyId(keyId: string, executor?: SqlExecutor): Promise<SigningCredential | undefined> {
    void keyId;
    void executor;
    return Promise.resolve(undefined);
  }

  /**
   * The credentials of many key ids (a consumer batch's), found ones only. This default asks findByKeyId one id at a
   * time; a directory on a database overrides it with one query, so that a batch of messages naming many different
   * (or made-up) key ids costs one round trip, not one each (security review).
   */
  async findByKeyIds(keyIds: readonly string[], executor?: SqlExecutor): Promise<Map<string, SigningCredential>> {
    const found = new Map<string, SigningCredential>();
    for (const keyId of new Set(keyIds)) {
      const credential = await this.findByKeyId(keyId, executor);
      if (credential) found.set(keyId, credential);
    }
    return found;
  }
}
