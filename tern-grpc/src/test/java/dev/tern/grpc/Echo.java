package dev.tern.grpc;

import com.google.protobuf.StringValue;
import java.util.ArrayList;
import java.util.List;

/** A test service over protobuf's StringValue: no generated code needed. */
final class Echo {

  static final String SERVICE = "tern.test.Echo";
  static final Marshaller<StringValue> STRING = Marshaller.protobuf(StringValue.getDefaultInstance());

  static final MethodDescriptor<StringValue, StringValue> UNARY = method("Unary", MethodType.UNARY);
  /** Responds with each space-separated word of the request. */
  static final MethodDescriptor<StringValue, StringValue> SPLIT = method("Split", MethodType.SERVER_STREAMING);
  /** Responds with the requests joined by spaces. */
  static final MethodDescriptor<StringValue, StringValue> JOIN = method("Join", MethodType.CLIENT_STREAMING);
  /** Echoes each request. */
  static final MethodDescriptor<StringValue, StringValue> CHAT = method("Chat", MethodType.BIDI_STREAMING);

  private Echo() {}

  static MethodDescriptor<StringValue, StringValue> method(String name, MethodType type) {
    return MethodDescriptor.of(SERVICE, name, type, STRING, STRING);
  }

  static StringValue s(String value) {
    return StringValue.of(value);
  }

  /** The four methods with blocking handlers. */
  static GrpcServiceDefinition.Builder blocking() {
    return GrpcServiceDefinition.builder(SERVICE)
        .unary(UNARY, r -> s("echo:" + r.getValue()))
        .serverStreaming(SPLIT, (r, out) -> {
          for (String w : r.getValue().split(" ")) out.send(s(w));
        })
        .clientStreaming(JOIN, in -> {
          List<String> words = new ArrayList<>();
          for (StringValue v : in) words.add(v.getValue());
          return s(String.join(" ", words));
        })
        .bidiStreaming(CHAT, (in, out) -> {
          for (StringValue v : in) out.send(s("re:" + v.getValue()));
        });
  }

  static List<String> values(Iterable<StringValue> it) {
    List<String> out = new ArrayList<>();
    for (StringValue v : it) out.add(v.getValue());
    return out;
  }
}
