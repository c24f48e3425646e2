package dev.tern.registry.zookeeper.internal;

import java.nio.charset.StandardCharsets;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.framework.api.ACLProvider;
import org.apache.curator.retry.ExponentialBackoffRetry;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.data.ACL;
import org.apache.zookeeper.data.Id;
import org.apache.zookeeper.server.auth.DigestAuthenticationProvider;

/** Curator clients as the registry and resolver open them. */
public final class Curators {

  private Curators() {}

  /**
   * A started client for {@code servers} ("host:port,host:port"); with a user, it authenticates
   * by digest and creates nodes that only that user may access (as Kitex's WithAuth does).
   */
  public static CuratorFramework start(String servers, Duration sessionTimeout, String user, String password) {
    Objects.requireNonNull(servers, "servers");
    int sessionMs = Math.toIntExact(sessionTimeout.toMillis());
    if (sessionMs <= 0) throw new IllegalArgumentException("session timeout must be positive");
    CuratorFrameworkFactory.Builder b = CuratorFrameworkFactory.builder()
        .connectString(servers)
        .sessionTimeoutMs(sessionMs)
        .connectionTimeoutMs(Math.min(sessionMs, 5_000))
        // A few quick retries: a resolve against an unreachable ensemble fails in seconds, not
        // minutes; registered nodes are re-created on reconnection whatever the policy.
        .retryPolicy(new ExponentialBackoffRetry(100, 3, 1_000));
    if (user != null) {
      if (user.isEmpty() || password == null || password.isEmpty()) {
        throw new IllegalArgumentException("user and password must not be empty");
      }
      String credentials = user + ":" + password;
      List<ACL> acl;
      try {
        acl = List.of(new ACL(ZooDefs.Perms.ALL, new Id("digest", DigestAuthenticationProvider.generateDigest(credentials))));
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException("SHA-1 digests unavailable", e);
      }
      b.authorization("digest", credentials.getBytes(StandardCharsets.UTF_8)).aclProvider(new ACLProvider() {
        @Override
        public List<ACL> getDefaultAcl() {
          return acl;
        }

        @Override
        public List<ACL> getAclForPath(String path) {
          return acl;
        }
      });
    }
    CuratorFramework client = b.build();
    client.start();
    return client;
  }
}
