/**
 * Service discovery on Apache ZooKeeper (through Apache Curator):
 * {@link dev.tern.registry.zookeeper.ZookeeperRegistry} announces servers as ephemeral nodes and
 * {@link dev.tern.registry.zookeeper.ZookeeperResolver} watches them, in the node layout of
 * Kitex's registry-zookeeper extension.
 */
package dev.tern.registry.zookeeper;
