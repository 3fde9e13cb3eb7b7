package io.kerat.image;

import java.io.IOException;

/** Thrown when an image is missing, cannot be built or is damaged; the message says what to run. */
public class ImageException extends IOException {
    public ImageException(String message) {
        super(message);
    }

    public ImageException(String message, Throwable cause) {
        super(message, cause);
    }
}
