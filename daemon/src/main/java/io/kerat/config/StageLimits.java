package io.kerat.config;

/** Default and maximum limits of one stage (run or compile). */
public record StageLimits(Limits defaults, Limits maximum) {
}
