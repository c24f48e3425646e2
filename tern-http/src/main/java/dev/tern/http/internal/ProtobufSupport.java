package dev.tern.http.internal;

import com.google.protobuf.MessageLite;

/**
 * Protobuf messages as response bodies. protobuf-java is an optional dependency: this class is
 * touched only after {@link #PRESENT} said the library is on the class path.
 */
final class ProtobufSupport {

  static final boolean PRESENT = present();

  private ProtobufSupport() {}

  private static boolean present() {
    try {
      Class.forName("com.google.protobuf.MessageLite", false, ProtobufSupport.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }

  static boolean isMessage(Object value) {
    return PRESENT && Holder.isMessage(value);
  }

  static byte[] toBytes(Object message) {
    return ((MessageLite) message).toByteArray();
  }

  /** Keeps the reference to MessageLite out of code that runs without protobuf. */
  private static final class Holder {
    static boolean isMessage(Object value) {
      return value instanceof MessageLite;
    }
  }
}
