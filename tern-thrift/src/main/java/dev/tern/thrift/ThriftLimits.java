package dev.tern.thrift;

/**
 * Bounds on what a peer may send. Every decoder enforces them so that hostile or broken input
 * gets a clear {@link dev.tern.core.ProtocolException} instead of an OutOfMemoryError.
 *
 * @param maxFrameSize largest frame (or unframed message) in bytes
 * @param maxStringLength largest string or binary value in bytes
 * @param maxContainerLength most elements in one list, set or map
 * @param maxDepth deepest nesting of structs and containers
 */
public record ThriftLimits(int maxFrameSize, int maxStringLength, int maxContainerLength, int maxDepth) {

  /** 16 MiB frames and strings, 1M elements per container, nesting 64 deep. */
  public static final ThriftLimits DEFAULT = new ThriftLimits(16 << 20, 16 << 20, 1 << 20, 64);

  public ThriftLimits {
    if (maxFrameSize <= 0 || maxStringLength <= 0 || maxContainerLength <= 0 || maxDepth <= 0) {
      throw new IllegalArgumentException("limits must be positive");
    }
  }

  public ThriftLimits withMaxFrameSize(int v) {
    return new ThriftLimits(v, maxStringLength, maxContainerLength, maxDepth);
  }

  public ThriftLimits withMaxStringLength(int v) {
    return new ThriftLimits(maxFrameSize, v, maxContainerLength, maxDepth);
  }

  public ThriftLimits withMaxContainerLength(int v) {
    return new ThriftLimits(maxFrameSize, maxStringLength, v, maxDepth);
  }

  public ThriftLimits withMaxDepth(int v) {
    return new ThriftLimits(maxFrameSize, maxStringLength, maxContainerLength, v);
  }
}
