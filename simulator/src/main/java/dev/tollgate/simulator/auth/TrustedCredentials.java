package dev.tollgate.simulator.auth;

import java.security.PublicKey;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Credentials a test told the simulator about, so that its token endpoints check them as the real ones would: a
 * service account's public key (the assertion's RS256 signature is verified) and an Entra app's client secret.
 * While none of a kind is registered, that token endpoint checks only the form and claims, as the simulator
 * checks only the presence of API keys. Thread-safe.
 */
public final class TrustedCredentials {

  private final Map<String, PublicKey> serviceAccounts = new ConcurrentHashMap<>();
  private final Map<String, String> clientSecrets = new ConcurrentHashMap<>();

  public void trustServiceAccount(String clientEmail, PublicKey key) {
    serviceAccounts.put(clientEmail, key);
  }

  public void trustClient(String clientId, String clientSecret) {
    clientSecrets.put(clientId, clientSecret);
  }

  /** The key to verify an assertion of {@code clientEmail} with, or null. */
  PublicKey serviceAccountKey(String clientEmail) {
    return serviceAccounts.get(clientEmail);
  }

  boolean checksServiceAccounts() {
    return !serviceAccounts.isEmpty();
  }

  /** The secret {@code clientId} must present, or null. */
  String clientSecret(String clientId) {
    return clientSecrets.get(clientId);
  }

  boolean checksClients() {
    return !clientSecrets.isEmpty();
  }
}
