/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.topology;

import java.util.List;

import javax.net.ssl.SSLParameters;

import io.github.authcache.cache.CacheLookup;
import io.github.authcache.credential.Credential;
import io.github.authcache.credential.CredentialType;
import io.github.authcache.test.ory.KratosSessionSpec;
import io.github.authcache.test.ory.OryStub;
import io.github.authcache.test.redis.RedisServer;
import io.github.authcache.test.redis.TlsCertificates;
import io.github.authcache.testing.RedisCapabilities;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

import org.springframework.boot.data.redis.autoconfigure.JedisClientConfigurationBuilderCustomizer;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The starter on a Redis that accepts TLS only, configured the Spring Boot way: an SSL
 * bundle that trusts a CA made at test time and {@code spring.data.redis.ssl.bundle}. A
 * server certificate for another host name must be refused (Jedis 7.5 verifies host
 * names), so nothing is cached and every lookup is answered by the upstream.
 *
 * @author authcache authors
 */
class TlsTests {

	private static final OryStub ory = OryStub.start();

	private static TlsCertificates certificates;

	@BeforeAll
	static void makeCertificates() {
		RedisCapabilities.requireTls();
		certificates = TlsCertificates.generate();
	}

	@AfterAll
	static void stopOry() {
		ory.close();
	}

	@BeforeEach
	void setUp() {
		ory.reset();
		ory.clearState();
		ory.resetCounters();
	}

	@Test
	void lookupWhenRedisAcceptsOnlyTlsThenCachedThroughTheSslBundle() {
		try (RedisServer redis = RedisServer.builder().tls(certificates.localhost()).start()) {
			runner(redis).run((context) -> {
				Starter starter = new Starter(context);
				KratosSessionSpec session = ory.registerSession();
				Credential token = new Credential(CredentialType.SESSION_TOKEN, session.requiredToken());
				for (int i = 0; i < 3; i++) {
					assertThat(starter.lookup(token)).isInstanceOf(CacheLookup.Authenticated.class);
				}
				starter.invalidator().invalidateCredential(token);
				assertThat(starter.lookup(token)).isInstanceOf(CacheLookup.Authenticated.class);
				assertThat(ory.whoamiCalls()).isEqualTo(2);
				assertThat(starter.recorder().failures()).isEmpty();
				try (Jedis jedis = redis.jedis()) {
					assertThat(jedis.exists(starter.entryKey(token))).isTrue();
					assertThat(jedis.keys("authcache:revoked:*")).hasSize(1);
				}
			});
		}
	}

	/**
	 * Fails on Spring Boot 4.1.2 with Jedis 7.5.3: Boot's
	 * {@code JedisConnectionConfiguration} hands Jedis an {@link SSLParameters} of its
	 * own whenever an SSL bundle is used (for the bundle's ciphers and protocols), and
	 * Jedis only turns on {@code HTTPS} endpoint identification when it is given none, so
	 * the certificate for another host is accepted and entries are cached.
	 */
	@Test
	void lookupWhenCertificateIsForAnotherHostThenRefusedAndAnsweredByTheUpstream() {
		try (RedisServer redis = RedisServer.builder().tls(certificates.wrongHost()).start()) {
			runner(redis).run((context) -> assertRefused(redis, new Starter(context)));
		}
	}

	@Test
	void lookupWhenCertificateIsForAnotherHostAndEndpointIdentificationIsRestoredThenRefused() {
		try (RedisServer redis = RedisServer.builder().tls(certificates.wrongHost()).start()) {
			runner(redis).withBean(JedisClientConfigurationBuilderCustomizer.class, () -> (builder) -> {
				SSLParameters parameters = new SSLParameters();
				parameters.setEndpointIdentificationAlgorithm("HTTPS");
				builder.useSsl().sslParameters(parameters);
			}).run((context) -> assertRefused(redis, new Starter(context)));
		}
	}

	private void assertRefused(RedisServer redis, Starter starter) {
		KratosSessionSpec session = ory.registerSession();
		Credential token = new Credential(CredentialType.SESSION_TOKEN, session.requiredToken());
		for (int i = 0; i < 3; i++) {
			assertThat(starter.lookup(token)).isInstanceOf(CacheLookup.Authenticated.class);
		}
		try (Jedis jedis = redis.jedis()) {
			assertThat(jedis.keys("*"))
				.as("keys written through a certificate for %s on %s", TlsCertificates.WRONG_HOST, redis.address())
				.isEmpty();
		}
		assertThat(ory.whoamiCalls()).as("upstream calls: nothing may be cached").isEqualTo(3);
		List<String> failures = starter.recorder().failures();
		failures.stream()
			.map((failure) -> failure.replaceAll("[0-9]{4,}", "N"))
			.distinct()
			.limit(3)
			.forEach((failure) -> System.out.println("TLS wrong host: " + failure));
		assertThat(failures).isNotEmpty()
			.allMatch((failure) -> failure.contains("SSLHandshakeException")
					&& failure.contains("No subject alternative names matching IP address 127.0.0.1"));
	}

	private WebApplicationContextRunner runner(RedisServer redis) {
		return Starter.runner(ory)
			.withPropertyValues("spring.data.redis.host=" + redis.host(), "spring.data.redis.port=" + redis.port(),
					"spring.ssl.bundle.pem.redis.truststore.certificate=file:" + certificates.caCertificate(),
					"spring.data.redis.ssl.bundle=redis");
	}

}
