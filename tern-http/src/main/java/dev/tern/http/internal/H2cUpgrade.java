package dev.tern.http.internal;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.DefaultHttpHeadersFactory;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpServerUpgradeHandler;
import io.netty.handler.codec.http2.Http2CodecUtil;
import io.netty.util.AsciiString;
import java.util.List;

/**
 * HTTP/1.1 {@code Upgrade: h2c} (RFC 7540 3.2) on a connection's first request: answers
 * {@code 101 Switching Protocols}, swaps the HTTP/1.1 handlers for HTTP/2 ones and answers the
 * upgrading request on stream 1. Only a connection with nothing queued or in flight switches, so
 * pipelined responses stay in order; a request that cannot upgrade is served over HTTP/1.1.
 */
final class H2cUpgrade {

  private static final List<String> HTTP1_HANDLERS = List.of("read-watch", "decoder", "encoder", "head-watch", "aggregator", "http");

  private H2cUpgrade() {}

  static ChannelHandler handler(ServerCore server, Http1Handler http1) {
    HttpServerUpgradeHandler.SourceCodec source = ctx -> {
      ChannelPipeline p = ctx.pipeline();
      for (String name : HTTP1_HANDLERS) if (p.get(name) != null) p.remove(name);
    };
    HttpServerUpgradeHandler.UpgradeCodecFactory codecs = protocol ->
        AsciiString.contentEquals(Http2CodecUtil.HTTP_UPGRADE_PROTOCOL_NAME, protocol) && http1.idle()
            ? Http2Connection.upgradeCodec(server) : null;
    // clients ask on their first request only: after it the handler leaves the pipeline, so that
    // keep-alive requests do not pay for it
    return new HttpServerUpgradeHandler(source, codecs, server.limits.maxBodySize(),
        DefaultHttpHeadersFactory.headersFactory(), DefaultHttpHeadersFactory.trailersFactory(), true) {
      @Override
      protected boolean shouldHandleUpgradeRequest(HttpRequest req) {
        // only h2c is aggregated here; a WebSocket upgrade goes on to its route
        String upgrade = req.headers().get(HttpHeaderNames.UPGRADE);
        return upgrade != null && AsciiString.containsIgnoreCase(upgrade, Http2CodecUtil.HTTP_UPGRADE_PROTOCOL_NAME)
            && http1.idle();
      }
    };
  }
}
