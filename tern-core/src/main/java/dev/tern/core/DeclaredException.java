package dev.tern.core;

/**
 * Base of the exception types generated from IDL {@code exception} definitions. They are checked,
 * as in Apache Thrift's Java code, so that service interfaces declare what a method may throw and
 * callers handle it. They carry no stack trace: they are values sent across the wire.
 */
public abstract class DeclaredException extends Exception {

  protected DeclaredException() {
    super(null, null, false, false);
  }

  protected DeclaredException(String message) {
    super(message, null, false, false);
  }
}
