/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.autoconfigure;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executor;

import io.github.authcache.actuate.RedisDeploymentReport;
import io.github.authcache.cache.AuthCacheStore;
import io.github.authcache.cache.CacheKeys;
import io.github.authcache.cache.CredentialCache;
import io.github.authcache.cache.IgnoredMarks;
import io.github.authcache.cache.MarkSeal;
import io.github.authcache.cache.NearCache;
import io.github.authcache.cache.RefreshClaims;
import io.github.authcache.cache.RevocationStore;
import io.github.authcache.cache.Revocations;
import io.github.authcache.cache.StoreEpoch;
import io.github.authcache.cache.TtlPolicy;
import io.github.authcache.cache.UpstreamFairness;
import io.github.authcache.cache.ValueProtection;
import io.github.authcache.cache.redis.RedisAuthCacheStore;
import io.github.authcache.cache.redis.RedisEpochStore;
import io.github.authcache.cache.redis.RedisRefreshClaims;
import io.github.authcache.cache.redis.RedisRevocationStore;
import io.github.authcache.invalidation.AuthCacheInvalidator;
import io.github.authcache.invalidation.InvalidationBroadcaster;
import io.github.authcache.invalidation.UpstreamRevocations;
import io.github.authcache.metrics.AuthCacheMetrics;
import io.github.authcache.metrics.MicrometerAuthCacheMetrics;
import io.github.authcache.metrics.ObservedAuthCacheMetrics;
import io.github.authcache.resilience.StoreCircuitBreakers;
import io.github.authcache.resolver.IdentityResolver;
import io.github.authcache.resolver.introspection.TokenIntrospectionResolver;
import io.github.authcache.resolver.introspection.TokenRevocationClient;
import io.github.authcache.resolver.kratos.KratosAdminClient;
import io.github.authcache.resolver.kratos.KratosSessionResolver;
import io.github.authcache.security.FailureLimiter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.observation.ObservationRegistry;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration;
import org.springframework.boot.autoconfigure.task.TaskSchedulingAutoConfiguration;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.data.redis.connection.jedis.JedisConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.scheduling.TaskScheduler;

/**
 * {@link EnableAutoConfiguration Auto-configuration} for the authcache credential cache:
 * the Kratos and token introspection resolvers (each when its URL is set), the Redis
 * store on {@link AuthCacheRedis authcache's own Redis connections}, and the
 * {@link CredentialCache} over them. Without any {@link IdentityResolver} (no identity
 * provider configured) it stays out of the way: nothing here is defined, and no secret is
 * required.
 *
 * @author authcache authors
 * @since 0.1.0
 */
@AutoConfiguration(
		after = { DataRedisAutoConfiguration.class, AuthCacheResolverAutoConfiguration.class,
				TaskSchedulingAutoConfiguration.class },
		afterName = {
				"org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
				"io.github.resilience4j.springboot.circuitbreaker.autoconfigure.CircuitBreakerAutoConfiguration",
				"io.github.resilience4j.springboot.circuitbreaker.autoconfigure.CircuitBreakerMetricsAutoConfiguration",
				"io.github.resilience4j.springboot.bulkhead.autoconfigure.BulkheadAutoConfiguration",
				"io.github.resilience4j.springboot.bulkhead.autoconfigure.BulkheadMetricsAutoConfiguration" })
@ConditionalOnClass({ StringRedisTemplate.class, JsonMapper.class })
@ConditionalOnBooleanProperty(name = "authcache.enabled", matchIfMissing = true)
@ConditionalOnBean(IdentityResolver.class)
@EnableConfigurationProperties(AuthCacheProperties.class)
@Import({ AuthCacheRedisConfiguration.class, AuthCacheAutoConfiguration.MetricsConfiguration.class,
		AuthCacheAutoConfiguration.CacheConfiguration.class })
public final class AuthCacheAutoConfiguration {

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnAuthCacheRedis
	@Import({ AuthCacheResilienceConfiguration.class, UpstreamFairnessConfiguration.class,
			BackgroundSchedulerConfiguration.class })
	static class CacheConfiguration {

		@Bean
		@ConditionalOnMissingBean(AuthCacheStore.class)
		RedisAuthCacheStore authCacheStore(AuthCacheRedis redis) {
			return new RedisAuthCacheStore(new StringRedisTemplate(redis.connectionFactory()));
		}

		@Bean
		@ConditionalOnMissingBean(RevocationStore.class)
		RedisRevocationStore authCacheRevocationStore(RevocationRedis revocationRedis) {
			return new RedisRevocationStore(revocationRedis.template());
		}

		@Bean
		@ConditionalOnMissingBean
		RevocationRedis authCacheRevocationRedis(AuthCacheRedis redis, AuthCacheProperties properties) {
			URI url = properties.getRevocation().getRedisUrl();
			if (url == null) {
				return new RevocationRedis(new StringRedisTemplate(redis.connectionFactory()), null);
			}
			JedisConnectionFactory own = RevocationRedisConnectionFactory.create(url,
					properties.getRevocation().getTimeout());
			own.afterPropertiesSet();
			own.start();
			return new RevocationRedis(new StringRedisTemplate(own), own);
		}

		@Bean
		@ConditionalOnMissingBean
		CacheKeys authCacheKeys(AuthCacheProperties properties) {
			AuthCacheProperties.Cache cache = CacheSecrets.check(properties.getCache());
			CacheSecrets.warnIfUnauthenticated(cache);
			return new CacheKeys(cache.getKeyPrefix(), cache.getSecret(), cache.getPreviousSecrets());
		}

		@Bean
		@ConditionalOnMissingBean
		MarkSeal authCacheMarkSeal(AuthCacheProperties properties) {
			AuthCacheProperties.Cache cache = CacheSecrets.check(properties.getCache());
			return MarkSeal.of(cache.getSecret(), cache.getPreviousSecrets());
		}

		@Bean
		@ConditionalOnMissingBean
		TtlPolicy authCacheTtlPolicy(AuthCacheProperties properties) {
			AuthCacheProperties.Cache cache = properties.getCache();
			TtlPolicy ttlPolicy = new TtlPolicy(cache.getSessionTtl(), cache.getTokenTtl(), cache.getNegativeTtl());
			ttlPolicy.setStaleIfError(cache.getStaleIfError());
			ttlPolicy.setRefreshAfter(cache.getRefreshAfter());
			ttlPolicy.setLongestUpstreamCall(
					properties.getUpstream().getConnectTimeout().plus(properties.getUpstream().getReadTimeout()));
			return ttlPolicy;
		}

		@Bean
		@ConditionalOnMissingBean
		Revocations authCacheRevocations(ResilientStores stores, CacheKeys keys, TtlPolicy ttlPolicy, MarkSeal seal,
				AuthCacheProperties properties) {
			Revocations revocations = new Revocations(stores.revocationStore(), keys, ttlPolicy);
			revocations.setSeal(seal);
			AuthCacheProperties.Keycloak.NotBefore notBefore = properties.getKeycloak().getNotBefore();
			if (notBefore.isEnabled() && notBefore.getIssuer() != null) {
				revocations.setNotBeforeIssuers(List.of(notBefore.getIssuer()));
				revocations.setNotBeforeRetention(notBefore.getMaxTokenLifetime());
			}
			// One round trip per hit: one pipeline when the marks are in the Redis the
			// entries are read from, both Redis read at once when the marks have their
			// own
			Object server = stores.cacheStore().server();
			Object marksServer = stores.revocationStore().server();
			revocations.setMarksReadWithEntries(server != null && server == marksServer);
			revocations.setMarksReadAlongsideEntries(server != null && marksServer != null && server != marksServer);
			return revocations;
		}

		@Bean
		@ConditionalOnMissingBean
		@ConditionalOnBooleanProperty("authcache.rate-limit.enabled")
		FailureLimiter authCacheFailureLimiter(AuthCacheRedis redis, CacheKeys keys, AuthCacheProperties properties,
				ObjectProvider<StoreCircuitBreakers> circuitBreakers) {
			FailureLimiter limiter = new FailureLimiter(new StringRedisTemplate(redis.connectionFactory()), keys,
					properties.getRateLimit().getMaxFailuresPerMinute());
			circuitBreakers.ifAvailable((breakers) -> limiter.setStoreGuard(breakers.cacheGuard()));
			return limiter;
		}

		@Bean
		@ConditionalOnMissingBean
		RedisDeploymentReport authCacheRedisDeploymentReport(AuthCacheRedis redis, AuthCacheProperties properties,
				RevocationRedis revocationRedis) {
			RedisDeploymentReport report = new RedisDeploymentReport(redis.connectionFactory(),
					properties.getCache().getKeyPrefix() + "invalidations", revocationRedis.isSeparate());
			report.setUnauthenticatedValues(CacheSecrets.isUnauthenticated(properties.getCache()));
			return report;
		}

		@Bean
		ApplicationListener<ApplicationReadyEvent> authCacheRedisDeploymentReportLogger(RedisDeploymentReport report) {
			return (event) -> report.inspectAndLog();
		}

		@Bean
		@ConditionalOnMissingBean
		StoreEpoch authCacheStoreEpoch(RevocationRedis revocationRedis, AuthCacheProperties properties,
				ObjectProvider<NearCache> nearCache, Revocations revocations) {
			StoreEpoch storeEpoch = new StoreEpoch(
					new RedisEpochStore(revocationRedis.template(), properties.getCache().getKeyPrefix()));
			storeEpoch.setRevocations(revocations);
			nearCache.ifAvailable(storeEpoch::setNearCache);
			return storeEpoch;
		}

		@Bean
		@ConditionalOnBean(StoreEpoch.class)
		StoreEpochWatcher authCacheStoreEpochWatcher(StoreEpoch storeEpoch, AuthCacheProperties properties,
				ObjectProvider<TaskScheduler> schedulers,
				@Qualifier(BackgroundSchedulerConfiguration.SCHEDULER_BEAN_NAME) ObjectProvider<TaskScheduler> own) {
			return new StoreEpochWatcher(storeEpoch, properties.getCache().getEpochCheckInterval(),
					schedulers.getIfUnique(own::getObject));
		}

		@Bean
		@ConditionalOnMissingBean
		RefreshClaims authCacheRefreshClaims(AuthCacheRedis redis, AuthCacheProperties properties) {
			return new RedisRefreshClaims(new StringRedisTemplate(redis.connectionFactory()),
					properties.getCache().getKeyPrefix());
		}

		@Bean
		@ConditionalOnMissingBean
		@ConditionalOnBean(IdentityResolver.class)
		CredentialCache credentialCache(ObjectProvider<IdentityResolver> resolvers, ResilientStores stores,
				CacheKeys keys, TtlPolicy ttlPolicy, Revocations revocations, ObjectProvider<AuthCacheMetrics> metrics,
				ObjectProvider<NearCache> nearCache, ObjectProvider<StoreEpoch> storeEpoch,
				AuthCacheProperties properties, ObjectProvider<ObservationRegistry> observationRegistry,
				UpstreamLimit upstreamLimit, ObjectProvider<UpstreamFairness> upstreamFairness,
				RefreshClaims refreshClaims,
				@Qualifier(TaskExecutionAutoConfiguration.APPLICATION_TASK_EXECUTOR_BEAN_NAME) ObjectProvider<Executor> applicationExecutor,
				ObjectProvider<TaskScheduler> schedulers,
				@Qualifier(BackgroundSchedulerConfiguration.SCHEDULER_BEAN_NAME) ObjectProvider<TaskScheduler> own) {
			CredentialCache credentialCache = new CredentialCache(resolvers.orderedStream().toList(),
					stores.cacheStore(), keys, ttlPolicy, revocations);
			// The lookup observation the security layer opens gets its result from the
			// metrics
			credentialCache.setMetrics(new ObservedAuthCacheMetrics(metrics.getIfAvailable(() -> AuthCacheMetrics.NONE),
					observationRegistry.getIfUnique(() -> ObservationRegistry.NOOP)));
			AuthCacheProperties.Cache cache = CacheSecrets.check(properties.getCache());
			credentialCache.setValueProtection(ValueProtection.of(cache.getSecret(), cache.isEncryptValues()));
			nearCache.ifAvailable(credentialCache::setNearCache);
			credentialCache.setStoreEpoch(storeEpoch.getIfAvailable());
			credentialCache.setUpstreamLimit(upstreamLimit.bulkhead());
			credentialCache.setUpstreamFairness(upstreamFairness.getIfAvailable());
			credentialCache.setRefreshExecutor(refreshExecutor(applicationExecutor, schedulers, own));
			credentialCache.setRefreshClaims(refreshClaims);
			return credentialCache;
		}

		// Refreshes run where the application runs its own background work (its task
		// executor, on virtual threads when it uses them), else on the scheduler of
		// authcache's background tasks
		private static Executor refreshExecutor(ObjectProvider<Executor> applicationExecutor,
				ObjectProvider<TaskScheduler> schedulers, ObjectProvider<TaskScheduler> own) {
			Executor executor = applicationExecutor.getIfAvailable();
			if (executor != null) {
				return executor;
			}
			TaskScheduler scheduler = schedulers.getIfUnique(own::getObject);
			return (task) -> scheduler.schedule(task, Instant.now());
		}

		@Bean
		@ConditionalOnMissingBean
		@ConditionalOnBean(CredentialCache.class)
		AuthCacheInvalidator authCacheInvalidator(CredentialCache cache, ResilientStores stores, CacheKeys keys,
				Revocations revocations, ObjectProvider<InvalidationBroadcaster> broadcaster,
				ApplicationEventPublisher eventPublisher) {
			AuthCacheInvalidator invalidator = new AuthCacheInvalidator(cache, stores.cacheStore(), keys, revocations);
			broadcaster.ifAvailable(invalidator::setBroadcaster);
			invalidator.setEventPublisher(eventPublisher);
			cache.setRefreshRevocationListener(invalidator::invalidateFoundInactive);
			return invalidator;
		}

		@Bean
		@ConditionalOnBean(AuthCacheInvalidator.class)
		PendingRevocationWriter authCachePendingRevocationWriter(AuthCacheInvalidator invalidator,
				ObjectProvider<TaskScheduler> schedulers,
				@Qualifier(BackgroundSchedulerConfiguration.SCHEDULER_BEAN_NAME) ObjectProvider<TaskScheduler> own) {
			return new PendingRevocationWriter(invalidator, schedulers.getIfUnique(own::getObject));
		}

		@Bean
		@ConditionalOnMissingBean
		@ConditionalOnBean(AuthCacheInvalidator.class)
		UpstreamRevocations authCacheUpstreamRevocations(AuthCacheInvalidator invalidator,
				ObjectProvider<KratosAdminClient> kratosAdmin, ObjectProvider<TokenRevocationClient> tokenRevocation,
				ObjectProvider<AuthCacheMetrics> metrics, ObjectProvider<KratosSessionResolver> kratos,
				ObjectProvider<TokenIntrospectionResolver> introspection, AuthCacheProperties properties) {
			UpstreamRevocations revocations = new UpstreamRevocations(invalidator);
			revocations.setKratosAdmin(kratosAdmin.getIfAvailable());
			revocations.setTokenRevocation(tokenRevocation.getIfAvailable());
			revocations.setTokenRevocationClientId(properties.getIntrospection().getClientId());
			metrics.ifAvailable(revocations::setMetrics);
			LogoutRevocationWarnings.logIfIncomplete(revocations, kratos.getIfAvailable() != null,
					introspection.getIfAvailable() != null);
			return revocations;
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(MeterRegistry.class)
	@ConditionalOnBean(MeterRegistry.class)
	static class MetricsConfiguration {

		@Bean
		@ConditionalOnMissingBean(AuthCacheMetrics.class)
		MicrometerAuthCacheMetrics authCacheMetrics(MeterRegistry registry) {
			return new MicrometerAuthCacheMetrics(registry);
		}

		@Bean
		MeterBinder authCachePendingRevocationMetrics(ObjectProvider<AuthCacheInvalidator> invalidator) {
			return (registry) -> invalidator.ifAvailable((available) -> Gauge
				.builder("authcache.revocation.pending", available, AuthCacheInvalidator::pendingCount)
				.description("Revocation marks that hold on this instance and wait for Redis to take them")
				.register(registry));
		}

		@Bean
		MeterBinder authCacheIgnoredMarksMetrics(ObjectProvider<MarkSeal> seal) {
			return (registry) -> seal.ifAvailable((available) -> {
				for (IgnoredMarks.Reason reason : IgnoredMarks.Reason.values()) {
					FunctionCounter
						.builder("authcache.revocation.ignored", available.ignored(),
								(ignored) -> ignored.count(reason))
						.description("Revocation marks and invalidation messages ignored")
						.tag("reason", reason.name().toLowerCase(Locale.ROOT))
						.register(registry);
				}
			});
		}

	}

}
