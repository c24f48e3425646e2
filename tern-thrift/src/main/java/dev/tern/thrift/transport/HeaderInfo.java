package dev.tern.thrift.transport;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.StringJoiner;
import java.util.function.BiConsumer;

/**
 * Metadata of a TTHeader or THeader frame: sequence id, flags, protocol id, transforms, int and
 * string key-values, ACL token. A mutable holder: the decoder fills a fresh one per frame; a sender
 * fills one and passes it to {@link ThriftFrames#beginFrame}. Key-values keep insertion order, so
 * frames are written deterministically. {@link #intHeaders()} and {@link #headers()} return live,
 * mutable maps; the single-entry accessors and the {@code forEach} methods avoid making them.
 *
 * <p>TTHeader carries int key-values, string key-values and the ACL token; THeader carries only
 * string key-values. The constants name the keys Kitex uses (cloudwego/gopkg protocol/ttheader and
 * kitex pkg/remote/transmeta).
 */
public final class HeaderInfo {

  // Int keys (uint16) of TTHeader's int key-value block, numbered as in Kitex.
  public static final int MESH_VERSION = 0;
  public static final int TRANSPORT_TYPE = 1;
  public static final int LOG_ID = 2;
  public static final int FROM_SERVICE = 3;
  public static final int FROM_CLUSTER = 4;
  public static final int FROM_IDC = 5;
  public static final int TO_SERVICE = 6;
  public static final int TO_CLUSTER = 7;
  public static final int TO_IDC = 8;
  public static final int TO_METHOD = 9;
  public static final int ENV = 10;
  public static final int DEST_ADDRESS = 11;
  /** RPC timeout in milliseconds, as a decimal string. */
  public static final int RPC_TIMEOUT = 12;
  public static final int READ_TIMEOUT = 13;
  public static final int RING_HASH_KEY = 14;
  public static final int DDP_TAG = 15;
  public static final int WITH_MESH_HEADER = 16;
  /** Connect timeout in milliseconds, as a decimal string. */
  public static final int CONN_TIMEOUT = 17;
  public static final int SPAN_CONTEXT = 18;
  public static final int SHORT_CONNECTION = 19;
  public static final int FROM_METHOD = 20;
  public static final int STRESS_TAG = 21;
  /** The Thrift message type, as a decimal string. */
  public static final int MSG_TYPE = 22;
  public static final int HTTP_CONTENT_TYPE = 23;
  public static final int RAW_RING_HASH_KEY = 24;
  public static final int LB_TYPE = 25;
  public static final int CLUSTER_SHARD_ID = 26;
  /** TTHeader streaming frame type. */
  public static final int FRAME_TYPE = 27;

  // String keys Kitex uses.
  /** Business status code of a reply, a decimal int32. */
  public static final String BIZ_STATUS = "biz-status";
  public static final String BIZ_MESSAGE = "biz-message";
  /** Extra business info: a JSON object of string to string. */
  public static final String BIZ_EXTRA = "biz-extra";
  /** The IDL service name, for servers hosting several services. */
  public static final String IDL_SERVICE_NAME = "isn";
  public static final String REMOTE_ADDR = "rip";
  /** Sent back by a server that will close the connection soon. */
  public static final String CONNECTION_READY_TO_RESET = "crrst";
  /** The key under which Kitex exposes the ACL token in its string map (metainfo transient). */
  public static final String GDPR_TOKEN = "RPC_TRANSIT_gdpr-token";

  // Protocol ids in the header (u8 in TTHeader, varint in THeader).
  public static final int PROTOCOL_BINARY = 0;
  public static final int PROTOCOL_COMPACT = 2;
  /** Kitex's compact "v2" id, accepted by Kitex for compatibility; read as compact. */
  public static final int PROTOCOL_COMPACT_V2 = 3;
  /** Kitex protobuf payload (0x04 since Kitex v1.9.2; 0x03 before). Not a Thrift payload. */
  public static final int PROTOCOL_KITEX_PROTOBUF = 4;

  // TTHeader flags.
  public static final int FLAG_SUPPORT_OUT_OF_ORDER = 0x01;
  public static final int FLAG_STREAMING = 0x02;
  public static final int FLAG_DUPLEX_REVERSE = 0x08;
  public static final int FLAG_SASL = 0x10;

  // THeader transform ids.
  public static final int TRANSFORM_ZLIB = 1;
  public static final int TRANSFORM_HMAC = 2;
  public static final int TRANSFORM_SNAPPY = 3;

  private static final int[] NO_TRANSFORMS = new int[0];
  /** Entries kept in the inline tables; more move to a map, so that lookups stay cheap. */
  private static final int INLINE_MAX = 16;

  private int seqId;
  private int flags;
  private int protocolId = PROTOCOL_BINARY;
  private int[] transforms = NO_TRANSFORMS;
  private String aclToken;
  // A frame carries a handful of key-values, so they live in small insertion-ordered tables: no
  // map, no entry objects, no boxed keys. The maps are made only when a caller asks for a Map view
  // (or a table outgrows INLINE_MAX); from then on the map holds the entries and the table is null.
  private int[] intKeys;
  private String[] intValues;
  private int intCount;
  private String[] keyValues; // key, value, key, value, ...
  private int count;
  private Map<Integer, String> intHeaders;
  private Map<String, String> headers;

  /** The header's sequence id (Kitex checks it against the message's). */
  public int seqId() {
    return seqId;
  }

  public HeaderInfo seqId(int seqId) {
    this.seqId = seqId;
    return this;
  }

  /** The 16 flag bits. */
  public int flags() {
    return flags;
  }

  public HeaderInfo flags(int flags) {
    this.flags = flags & 0xffff;
    return this;
  }

  /** The protocol id read from the header; when writing, the frame's protocol decides it. */
  public int protocolId() {
    return protocolId;
  }

  public HeaderInfo protocolId(int protocolId) {
    this.protocolId = protocolId;
    return this;
  }

  /**
   * Transform ids in wire order (a copy). THeader frames may use {@link #TRANSFORM_ZLIB}; a server
   * answering a compressed request should set the same transforms on its reply. TTHeader frames
   * support none.
   */
  public int[] transforms() {
    return transforms.length == 0 ? transforms : transforms.clone();
  }

  public HeaderInfo transforms(int... ids) {
    this.transforms = ids.length == 0 ? NO_TRANSFORMS : ids.clone();
    return this;
  }

  /** TTHeader int key-values, mutable. */
  public Map<Integer, String> intHeaders() {
    if (intHeaders == null) {
      intHeaders = new LinkedHashMap<>();
      for (int i = 0; i < intCount; i++) {
        intHeaders.put(intKeys[i], intValues[i]);
      }
      intKeys = null;
      intValues = null;
      intCount = 0;
    }
    return intHeaders;
  }

  /** String key-values (TTHeader info 0x01, THeader info 1), mutable. */
  public Map<String, String> headers() {
    if (headers == null) {
      headers = new LinkedHashMap<>();
      for (int i = 0; i < count; i++) {
        headers.put(keyValues[2 * i], keyValues[2 * i + 1]);
      }
      keyValues = null;
      count = 0;
    }
    return headers;
  }

  public String intHeader(int key) {
    if (intHeaders != null) {
      return intHeaders.get(key);
    }
    for (int i = 0; i < intCount; i++) {
      if (intKeys[i] == key) {
        return intValues[i];
      }
    }
    return null;
  }

  /** Sets an int key-value, replacing the key's value if it is already set (keeping its place). */
  public HeaderInfo intHeader(int key, String value) {
    if (intHeaders != null) {
      intHeaders.put(key, value);
      return this;
    }
    for (int i = 0; i < intCount; i++) {
      if (intKeys[i] == key) {
        intValues[i] = value;
        return this;
      }
    }
    if (intCount == INLINE_MAX) {
      intHeaders().put(key, value);
      return this;
    }
    if (intKeys == null) {
      intKeys = new int[6];
      intValues = new String[6];
    } else if (intCount == intKeys.length) {
      intKeys = Arrays.copyOf(intKeys, intCount * 2);
      intValues = Arrays.copyOf(intValues, intCount * 2);
    }
    intKeys[intCount] = key;
    intValues[intCount++] = value;
    return this;
  }

  public String header(String key) {
    if (headers != null) {
      return headers.get(key);
    }
    for (int i = 0; i < count; i++) {
      if (keyValues[2 * i].equals(key)) {
        return keyValues[2 * i + 1];
      }
    }
    return null;
  }

  /** Sets a string key-value, replacing the key's value if it is already set (keeping its place). */
  public HeaderInfo header(String key, String value) {
    if (headers != null) {
      headers.put(key, value);
      return this;
    }
    for (int i = 0; i < count; i++) {
      if (keyValues[2 * i].equals(key)) {
        keyValues[2 * i + 1] = value;
        return this;
      }
    }
    if (count == INLINE_MAX) {
      headers().put(key, value);
      return this;
    }
    if (keyValues == null) {
      keyValues = new String[4];
    } else if (2 * count == keyValues.length) {
      keyValues = Arrays.copyOf(keyValues, 4 * count);
    }
    keyValues[2 * count] = Objects.requireNonNull(key, "key");
    keyValues[2 * count++ + 1] = value;
    return this;
  }

  public boolean hasIntHeaders() {
    return intHeaders != null ? !intHeaders.isEmpty() : intCount > 0;
  }

  public boolean hasHeaders() {
    return headers != null ? !headers.isEmpty() : count > 0;
  }

  /** How many int key-values there are. */
  public int intHeaderCount() {
    return intHeaders != null ? intHeaders.size() : intCount;
  }

  /** How many string key-values there are. */
  public int headerCount() {
    return headers != null ? headers.size() : count;
  }

  /** Calls {@code action} with each int key-value, in insertion order, without making a map. */
  public void forEachIntHeader(IntKeyValueConsumer action) {
    if (intHeaders != null) {
      for (Map.Entry<Integer, String> e : intHeaders.entrySet()) {
        action.accept(e.getKey(), e.getValue());
      }
      return;
    }
    for (int i = 0; i < intCount; i++) {
      action.accept(intKeys[i], intValues[i]);
    }
  }

  /** Calls {@code action} with each string key-value, in insertion order, without making a map. */
  public void forEachHeader(BiConsumer<String, String> action) {
    if (headers != null) {
      headers.forEach(action);
      return;
    }
    for (int i = 0; i < count; i++) {
      action.accept(keyValues[2 * i], keyValues[2 * i + 1]);
    }
  }

  /** Receives one int key-value of {@link #forEachIntHeader}. */
  @FunctionalInterface
  public interface IntKeyValueConsumer {
    void accept(int key, String value);
  }

  /** The ACL (GDPR) token of TTHeader info 0x11, or null. */
  public String aclToken() {
    return aclToken;
  }

  public HeaderInfo aclToken(String token) {
    this.aclToken = token;
    return this;
  }

  @Override
  public String toString() {
    StringJoiner ints = new StringJoiner(", ", "{", "}");
    forEachIntHeader((k, v) -> ints.add(k + "=" + v));
    StringJoiner strings = new StringJoiner(", ", "{", "}");
    forEachHeader((k, v) -> strings.add(k + "=" + v));
    return "HeaderInfo{seqId=" + seqId + ", flags=0x" + Integer.toHexString(flags) + ", protocolId=" + protocolId
        + ", transforms=" + Arrays.toString(transforms) + ", intHeaders=" + ints + ", headers=" + strings
        + (aclToken == null ? "" : ", aclToken=<set>") + "}";
  }
}
