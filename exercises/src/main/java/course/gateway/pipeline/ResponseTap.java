package course.gateway.pipeline;

import okhttp3.Headers;

/**
 * Sees a proxied response as it streams to the client, without slowing it down. The cache uses one to keep a
 * copy; a step installs it with {@link RequestFacts#setResponseTap} before the proxy runs.
 */
public interface ResponseTap {
    void onHeaders(int status, Headers headers);

    void onBody(byte[] buffer, int offset, int length);

    /**
     * The whole body has come from the upstream; called before its last bytes go to the client, so that a client
     * asking again at once finds it stored. Not called when the upstream broke off.
     */
    void onComplete();
}
