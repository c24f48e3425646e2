/**
 * Implementation of the transport: I/O engine selection, connection pools, idle guards. Not API:
 * do not import.
 */
package dev.tern.transport.internal;
