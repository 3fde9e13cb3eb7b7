package io.kerat.config;

/** Thrown when a configuration key is unknown or its value is invalid; the message names the key and the reason. */
public class ConfigException extends IllegalArgumentException {
    public ConfigException(String message) {
        super(message);
    }
}
