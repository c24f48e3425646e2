package dev.tern.governance.internal;

import java.nio.charset.StandardCharsets;

/** A fast, well-mixed 64-bit string hash for hash rings (FNV-1a then the SplitMix64 finalizer). */
final class Hashing {
  private Hashing() {}

  static long hash(String s) {
    long h = 0xcbf29ce484222325L;
    for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
      h ^= b & 0xff;
      h *= 0x100000001b3L;
    }
    h ^= h >>> 30;
    h *= 0xbf58476d1ce4e5b9L;
    h ^= h >>> 27;
    h *= 0x94d049bb133111ebL;
    return h ^ (h >>> 31);
  }
}
