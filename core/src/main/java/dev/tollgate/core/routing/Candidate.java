package dev.tollgate.core.routing;

import dev.tollgate.core.config.GatewayConfig;

/** A deployment that could take the call now, with what the strategies compare. */
record Candidate(GatewayConfig.Deployment deployment, DeploymentHealth health, long listNanoUsdPerMillion) {
}
