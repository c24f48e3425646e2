/** Implementation details of the ZooKeeper registry and resolver; not a public API. */
package dev.tern.registry.zookeeper.internal;
