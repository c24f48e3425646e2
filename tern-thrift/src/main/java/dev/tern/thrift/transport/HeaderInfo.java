package dev.tern.thrift.transport;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Metadata of a TTHeader or THeader frame: sequence id, flags, protocol id, transforms, int and
 * string key-values, ACL token. A mutable holder: the decoder fills a fresh one per frame; a sender
 * fills one and passes it to {@link ThriftFrames#beginFrame}. Maps are created on first use and keep
 * insertion order, so frames are written deterministically.
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

  private int seqId;
  private int flags;
  private int protocolId = PROTOCOL_BINARY;
  private int[] transforms = NO_TRANSFORMS;
  private Map<Integer, String> intHeaders;
  private Map<String, String> headers;
  private String aclToken;

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
    }
    return intHeaders;
  }

  /** String key-values (TTHeader info 0x01, THeader info 1), mutable. */
  public Map<String, String> headers() {
    if (headers == null) {
      headers = new LinkedHashMap<>();
    }
    return headers;
  }

  public String intHeader(int key) {
    return intHeaders == null ? null : intHeaders.get(key);
  }

  public HeaderInfo intHeader(int key, String value) {
    intHeaders().put(key, value);
    return this;
  }

  public String header(String key) {
    return headers == null ? null : headers.get(key);
  }

  public HeaderInfo header(String key, String value) {
    headers().put(key, value);
    return this;
  }

  public boolean hasIntHeaders() {
    return intHeaders != null && !intHeaders.isEmpty();
  }

  public boolean hasHeaders() {
    return headers != null && !headers.isEmpty();
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
    return "HeaderInfo{seqId=" + seqId + ", flags=0x" + Integer.toHexString(flags) + ", protocolId=" + protocolId
        + ", transforms=" + Arrays.toString(transforms) + ", intHeaders=" + (intHeaders == null ? "{}" : intHeaders)
        + ", headers=" + (headers == null ? "{}" : headers) + (aclToken == null ? "" : ", aclToken=<set>") + "}";
  }
}
