package dev.tern.http.internal;

/** The server's limits and timeouts, fixed when it is built. */
public record Limits(int maxRequestLineLength, int maxHeaderSize, int maxHeaderCount, int maxBodySize,
    long requestTimeoutMillis, long idleTimeoutMillis) {}
