/** Implementation of tern-http: Netty pipeline, router, request context, binder. Not API. */
package dev.tern.http.internal;
