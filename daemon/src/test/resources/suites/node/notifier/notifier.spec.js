import { describe, expect, jest, test, xtest } from '@jest/globals';
import { loadSubscribers, notifyAll, withTimestamp } from './notifier';

describe('notifyAll', () => {
  test('sends the message to every subscriber', async () => {
    const transport = { send: jest.fn(() => Promise.resolve()) };
    await expect(notifyAll(transport, ['ann', 'bob'], 'hi')).resolves.toBe(2);
    expect(transport.send).toHaveBeenCalledTimes(2);
    expect(transport.send).toHaveBeenNthCalledWith(1, 'ann', 'hi');
    expect(transport.send).toHaveBeenLastCalledWith('bob', 'hi');
  });

  xtest('retries a failed delivery once', async () => {
    const send = jest
      .fn()
      .mockRejectedValueOnce(new Error('busy'))
      .mockResolvedValue(undefined);
    expect(await notifyAll({ send }, ['ann'], 'hi')).toBe(1);
    expect(send).toHaveBeenCalledTimes(2);
  });

  xtest('gives up after the retry', async () => {
    const send = jest.fn().mockRejectedValue(new Error('down'));
    expect(await notifyAll({ send }, ['ann', 'bob'], 'hi')).toBe(0);
    expect(send.mock.calls).toEqual([
      ['ann', 'hi'],
      ['ann', 'hi'],
      ['bob', 'hi'],
      ['bob', 'hi'],
    ]);
  });
});

describe('withTimestamp', () => {
  xtest('uses the clock it is given', () => {
    const clock = { now: jest.fn().mockReturnValue(0) };
    expect(withTimestamp('up', clock)).toBe('[1970-01-01T00:00:00.000Z] up');
    expect(clock.now).toHaveBeenCalled();
  });

  xtest('uses Date.now by default', () => {
    const spy = jest.spyOn(Date, 'now').mockReturnValue(86400000);
    try {
      expect(withTimestamp('up')).toMatch(/^\[1970-01-02T00:00:00\.000Z\] up$/);
    } finally {
      spy.mockRestore();
    }
  });
});

describe('loadSubscribers', () => {
  xtest('normalises the names', () => {
    const api = { fetchSubscribers: () => Promise.resolve([' Ann ', 'BOB']) };
    return expect(loadSubscribers(api)).resolves.toEqual(['ann', 'bob']);
  });

  xtest('rejects when nobody subscribed', async () => {
    expect.assertions(1);
    const api = { fetchSubscribers: () => Promise.resolve([]) };
    await expect(loadSubscribers(api)).rejects.toThrow('nobody to notify');
  });
});
