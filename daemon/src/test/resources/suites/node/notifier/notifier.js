/**
 * Sends a message to each subscriber through the given transport, which returns a promise.
 * Resolves with the number of messages delivered; failed deliveries are retried once.
 */
export async function notifyAll(transport, subscribers, message) {
  let delivered = 0;
  for (const s of subscribers) {
    try {
      await transport.send(s, message);
      delivered += 1;
    } catch (e) {
      try {
        await transport.send(s, message);
        delivered += 1;
      } catch (again) {
        // give up on this subscriber
      }
    }
  }
  return delivered;
}

export function withTimestamp(message, clock = Date) {
  return `[${new Date(clock.now()).toISOString()}] ${message}`;
}

export function loadSubscribers(api) {
  return api.fetchSubscribers().then((list) => {
    if (list.length === 0) {
      throw new Error('nobody to notify');
    }
    return list.map((s) => s.trim().toLowerCase());
  });
}
