package dev.tollgate.simulator.core;

import java.util.concurrent.ThreadLocalRandom;

/** Response ids such as {@code chatcmpl-sim3f9c...}: unique enough, contention-free. */
public final class Ids {

  private Ids() {}

  public static String next(String prefix) {
    return prefix + "sim" + Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE);
  }
}
