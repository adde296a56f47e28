package course.gateway.routing;

import okhttp3.Headers;

/**
 * Sees a proxied response as it streams to the client, without slowing it down. The cache uses one to keep a
 * copy; a step installs it with {@code ctx.attribute(ResponseTap.ATTRIBUTE, tap)} before the proxy runs.
 */
public interface ResponseTap {
    String ATTRIBUTE = "gateway.responseTap";

    void onHeaders(int status, Headers headers);

    void onBody(byte[] buffer, int offset, int length);

    /** The whole body reached the client. Not called when the upstream or the client broke off. */
    void onComplete();
}
