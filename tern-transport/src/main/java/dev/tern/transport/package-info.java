/**
 * Tern's network layer on Netty (the counterpart of CloudWeGo's Netpoll): the I/O engine chosen at
 * run time ({@link dev.tern.transport.TransportFactory}), TCP and Unix socket
 * {@link dev.tern.transport.Address}es, a protocol-agnostic listening
 * {@link dev.tern.transport.TransportServer}, and client connections through a
 * {@link dev.tern.transport.Connector} and a {@link dev.tern.transport.ConnectionPool}.
 * Protocols plug in as Netty channel handlers.
 */
package dev.tern.transport;
