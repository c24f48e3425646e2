/**
 * The binary and compact protocol implementations and the unframed-message scanner behind
 * {@link dev.tern.thrift.ThriftProtocols}; not API, may change without notice.
 */
package dev.tern.thrift.internal;
