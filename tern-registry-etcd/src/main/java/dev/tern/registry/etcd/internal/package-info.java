/** Implementation details of the etcd registry and resolver; not a public API. */
package dev.tern.registry.etcd.internal;
