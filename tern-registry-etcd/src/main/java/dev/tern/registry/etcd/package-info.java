/**
 * Service discovery on etcd (through jetcd): {@link dev.tern.registry.etcd.EtcdRegistry}
 * announces servers as keys bound to kept-alive leases and
 * {@link dev.tern.registry.etcd.EtcdResolver} watches them, in the key layout of Kitex's
 * registry-etcd extension.
 */
package dev.tern.registry.etcd;
