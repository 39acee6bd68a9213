package dev.opsbot.rollback;

import dev.opsbot.config.RollbackSettings;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The provider side of /rollback: which provider deploys a service, what it shows of the service's
 * deploys, and the one rollback call per confirmed plan.
 */
final class RollbackProviders {
  private static final Logger log = LoggerFactory.getLogger(RollbackProviders.class);

  private final RollbackSettings settings;
  private final Map<String, DeployProvider> providers = new ConcurrentHashMap<>();

  RollbackProviders(RollbackSettings settings, List<DeployProvider> providers) {
    this.settings = settings;
    providers.forEach(p -> this.providers.put(p.name(), p));
  }

  /** A configured service at its provider. */
  record Target(String service, DeployProvider provider, String id) {
    Survey survey(int limit) {
      return new Survey(provider, id, provider.recentDeploys(id, limit));
    }
  }

  /**
   * A service's newest deploys, newest first. What is in progress is asked only when wanted: for
   * some providers it is another call.
   */
  record Survey(DeployProvider provider, String id, List<Deploy> recent) {
    /** Where the live deploy is in {@link #recent}, or -1. */
    int liveIndex() {
      for (int i = 0; i < recent.size(); i++) {
        if (recent.get(i).state() == DeployState.LIVE) {
          return i;
        }
      }
      return -1;
    }

    Optional<Deploy> live() {
      int index = liveIndex();
      return index < 0 ? Optional.empty() : Optional.of(recent.get(index));
    }

    Optional<Deploy> inProgress() {
      return provider.deployInProgress(id, recent);
    }
  }

  /** Where {@code service} is deployed; refuses a service not configured or a provider off. */
  Target target(String service) {
    RollbackSettings.DeployTarget configured = settings.services().get(service);
    if (configured == null) {
      throw RollbackRefusals.unknownService(service, settings.services().keySet());
    }
    DeployProvider provider = providers.get(configured.provider());
    if (provider == null) {
      throw RollbackRefusals.providerOff(configured.provider());
    }
    return new Target(service, provider, configured.id());
  }

  /** The provider of a plan made earlier; refuses when it was turned off since. */
  DeployProvider of(RollbackPlan plan) {
    DeployProvider provider = providers.get(plan.provider());
    if (provider == null) {
      throw RollbackRefusals.providerOffNow(plan.provider());
    }
    return provider;
  }

  /** The plan's service's deploys again, {@code limit} of them, as its provider shows them now. */
  Survey survey(RollbackPlan plan, int limit) {
    DeployProvider provider = of(plan);
    return new Survey(
        provider, plan.providerId(), provider.recentDeploys(plan.providerId(), limit));
  }

  /** Whether a push would deploy the service again on its own; null when not known. */
  Boolean autoDeploy(Target target) {
    try {
      return target.provider().autoDeploy(target.id()).orElse(null);
    } catch (ProviderException e) {
      log.warn(
          "event=rollback_autodeploy_unknown provider={} id={} reason=\"{}\"",
          target.provider().name(),
          target.id(),
          e.getMessage());
      return null;
    }
  }

  /**
   * Asks the plan's provider to roll back, exactly once: never retried, as a retry after a lost
   * answer could roll back twice.
   */
  RollbackStarted rollback(RollbackPlan plan, DeployProvider provider) {
    return provider.rollback(plan.providerId(), plan.target());
  }

  /** Whether a failed rollback call certainly did not start one: the provider refused it (4xx). */
  static boolean refusedOutright(ProviderException e) {
    return e.status() >= 400 && e.status() < 500;
  }
}
