package dev.agentruns;

/** A message or output exceeds the configured maximum size; rejected before it reaches storage. */
public class PayloadTooLargeException extends InvalidInputException {
    private static final long serialVersionUID = 1L;
    /** Size of the rejected payload. */
    private final long sizeBytes;
    /** The configured maximum. */
    private final long maxBytes;

    /** A {@code field} of {@code sizeBytes} UTF-8 bytes, over the maximum of {@code maxBytes}. */
    public PayloadTooLargeException(String field, long sizeBytes, long maxBytes) {
        super(field, "payload of " + sizeBytes + " bytes exceeds the maximum of " + maxBytes + " bytes");
        this.sizeBytes = sizeBytes;
        this.maxBytes = maxBytes;
    }

    /** Size of the rejected payload in UTF-8 bytes. */
    public long sizeBytes() {
        return sizeBytes;
    }

    /** The configured maximum in bytes. */
    public long maxBytes() {
        return maxBytes;
    }
}
