/** Header encodings and transforms behind the framing API; not API, may change without notice. */
package dev.tern.thrift.transport.internal;
