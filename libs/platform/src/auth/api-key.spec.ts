import { extractApiKey, generateApiKey, hashApiKey } from './api-key';

describe('API keys', () => {
  it('generates a prefixed 32-byte base64url key, a key id and the sha256 hex of the key', () => {
    const { key, keyId, keyHash } = generateApiKey();
    expect(key).toMatch(/^rch_[A-Za-z0-9_-]{43}$/);
    expect(keyId).toMatch(/^[0-9a-f-]{36}$/);
    expect(keyHash).toBe(hashApiKey(key));
    expect(keyHash).toMatch(/^[0-9a-f]{64}$/);
    expect(generateApiKey().key).not.toBe(key);
  });

  it('hashes with sha256', () => {
    expect(hashApiKey('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });

  it('reads the key from a Bearer authorization or the X-API-Key header', () => {
    expect(extractApiKey({ authorization: 'Bearer rch_abc' })).toBe('rch_abc');
    expect(extractApiKey({ authorization: 'bearer   rch_abc ' })).toBe('rch_abc');
    expect(extractApiKey({ 'x-api-key': ' rch_def ' })).toBe('rch_def');
    expect(extractApiKey({ authorization: 'Basic abc', 'x-api-key': 'rch_def' })).toBe('rch_def');
  });

  it('finds nothing in empty or foreign headers', () => {
    expect(extractApiKey({})).toBeUndefined();
    expect(extractApiKey({ authorization: 'Bearer' })).toBeUndefined();
    expect(extractApiKey({ authorization: 'Basic abc' })).toBeUndefined();
    expect(extractApiKey({ 'x-api-key': '  ' })).toBeUndefined();
  });
});
