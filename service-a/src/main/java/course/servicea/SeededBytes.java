package course.servicea;

import java.io.InputStream;
import java.util.SplittableRandom;

/**
 * A stream of pseudo-random bytes that is the same for the same seed and length, produced on the fly so that
 * gigabytes cost no memory. Tests use it to know what {@code /bytes/{n}} must have sent.
 */
public final class SeededBytes extends InputStream {
    public static final long DEFAULT_SEED = 42;
    private static final int CHUNK = 64 * 1024;

    private final SplittableRandom random;
    private final byte[] chunk = new byte[CHUNK];
    private long remaining;
    private int position = CHUNK;

    private SeededBytes(long seed, long length) {
        this.random = new SplittableRandom(seed);
        this.remaining = length;
    }

    /** A stream of {@code length} bytes drawn from {@code seed}. */
    public static InputStream stream(long seed, long length) {
        return new SeededBytes(seed, length);
    }

    @Override
    public int read() {
        byte[] one = new byte[1];
        return read(one, 0, 1) == -1 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] target, int offset, int length) {
        if (remaining == 0) {
            return -1;
        }
        if (position == CHUNK) {
            // Always refill whole chunks, so the bytes do not depend on how callers size their reads.
            random.nextBytes(chunk);
            position = 0;
        }
        int count = (int) Math.min(Math.min(length, CHUNK - position), remaining);
        System.arraycopy(chunk, position, target, offset, count);
        position += count;
        remaining -= count;
        return count;
    }
}
