/**
 * Implementation of {@link dev.tern.rpc.ThriftServer} and {@link dev.tern.rpc.ThriftClient}:
 * per-connection handlers, calls in flight, TTHeader metadata mapping. Not API: do not import.
 */
package dev.tern.rpc.internal;
