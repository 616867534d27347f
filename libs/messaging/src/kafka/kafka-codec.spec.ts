import { encodeOutbound } from './kafka-codec';

describe('encodeOutbound', () => {
  const message = { topic: 't', key: 'k', value: { b: 1, a: 'é' }, headers: { 'message-id': 'm-1' } };

  it('serialises the value as JSON', () => {
    expect(encodeOutbound(message)).toEqual({ key: 'k', value: '{"b":1,"a":"é"}', headers: { 'message-id': 'm-1' } });
  });

  it('sends a raw body byte for byte instead (a replayed partner message keeps its signed text)', () => {
    const rawValue = '{ "b": 1, "a": "\\u00e9" }';
    expect(encodeOutbound({ ...message, rawValue }).value).toBe(rawValue);
  });
});
