package io.kerat.cluster;

/**
 * What a host tells its load balancer, at one moment: whether it is stopping, whether it can run anything at all,
 * and how full its sandbox slots and queue are.
 *
 * @param draining      a graceful stop has begun (SIGTERM): no new work should come
 * @param downReason    why the host cannot run anything (runsc broken, images gone), or null when it can
 * @param slots         sandbox slots (requests running at once)
 * @param active        requests running now
 * @param queueCapacity requests that may wait for a slot
 * @param queued        requests waiting now
 */
public record HostLoad(boolean draining, String downReason, int slots, int active, int queueCapacity, int queued) {
}
