/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.resolver.introspection;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.authcache.cache.CacheKeys;
import io.github.authcache.cache.CacheLookup;
import io.github.authcache.cache.CredentialCache;
import io.github.authcache.cache.Revocations;
import io.github.authcache.cache.TtlPolicy;
import io.github.authcache.cache.redis.RedisAuthCacheStore;
import io.github.authcache.cache.redis.RedisRevocationStore;
import io.github.authcache.credential.Credential;
import io.github.authcache.credential.CredentialType;
import io.github.authcache.resolver.Identity;
import io.github.authcache.resolver.UpstreamHttpClient;
import io.github.authcache.resolver.UpstreamUnavailableException;
import io.github.authcache.test.redis.RedisServer;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.jedis.JedisConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link TokenIntrospectionResolver} under a {@link CredentialCache} on a real
 * {@code redis-server}, against a real Spring Authorization Server (configured only
 * through Spring Boot's {@code spring.security.oauth2.authorizationserver.*} properties)
 * that issues opaque (reference) access tokens with the client-credentials grant and
 * answers RFC 7662 introspection and RFC 7009 revocation.
 *
 * @author authcache authors
 */
class SpringAuthorizationServerIntrospectionTests {

	private static final String CLIENT_ID = "demo-client";

	private static final String CLIENT_SECRET = "demo-secret";

	private static final String RESOURCE_SERVER_ID = "authcache-rs";

	private static final String RESOURCE_SERVER_SECRET = "authcache-rs-secret";

	private static final String CLIENTS = "spring.security.oauth2.authorizationserver.client.";

	private static final RedisServer redis = RedisServer.startDefault();

	private static final HttpClient httpClient = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

	private static final JsonMapper json = JsonMapper.builder().build();

	private static ConfigurableApplicationContext authorizationServer;

	private static String issuer;

	private static RequestCounter introspections;

	private JedisConnectionFactory connectionFactory;

	private Jedis jedis;

	@BeforeAll
	static void startAuthorizationServer() {
		authorizationServer = new SpringApplicationBuilder(AuthorizationServerApplication.class).properties(
				"server.address=127.0.0.1", "server.port=0", "spring.main.banner-mode=off", "authcache.enabled=false",
				"logging.level.root=WARN", CLIENTS + "demo.registration.client-id=" + CLIENT_ID,
				CLIENTS + "demo.registration.client-secret={noop}" + CLIENT_SECRET,
				CLIENTS + "demo.registration.client-authentication-methods=client_secret_basic",
				CLIENTS + "demo.registration.authorization-grant-types=client_credentials",
				CLIENTS + "demo.registration.scopes=read,write", CLIENTS + "demo.token.access-token-format=reference",
				CLIENTS + "demo.token.access-token-time-to-live=5m",
				CLIENTS + "rs.registration.client-id=" + RESOURCE_SERVER_ID,
				CLIENTS + "rs.registration.client-secret={noop}" + RESOURCE_SERVER_SECRET,
				CLIENTS + "rs.registration.client-authentication-methods=client_secret_basic",
				CLIENTS + "rs.registration.authorization-grant-types=client_credentials")
			.run();
		issuer = "http://127.0.0.1:" + authorizationServer.getEnvironment().getProperty("local.server.port");
		introspections = authorizationServer.getBean(RequestCounter.class);
	}

	@AfterAll
	static void stopServers() {
		if (authorizationServer != null) {
			authorizationServer.close();
		}
		redis.close();
	}

	@BeforeEach
	void setUp() {
		this.connectionFactory = new JedisConnectionFactory(
				new RedisStandaloneConfiguration(redis.host(), redis.port()));
		this.connectionFactory.afterPropertiesSet();
		this.connectionFactory.start();
		this.jedis = redis.jedis();
		this.jedis.flushAll();
		introspections.reset();
	}

	@AfterEach
	void tearDown() {
		this.jedis.close();
		this.connectionFactory.destroy();
	}

	@Test
	void lookupWhenTokenIssuedByTheServerThenAuthenticatedAsTheClientWithItsScopes() throws Exception {
		JsonNode issued = issueToken(CLIENT_ID, CLIENT_SECRET, "read");
		String token = issued.path("access_token").asString();
		assertThat(token).doesNotStartWith("eyJ").doesNotContain(".");
		assertThat(issued.path("token_type").asString()).isEqualTo("Bearer");
		Instant issuedAt = Instant.now();
		CacheLookup lookup = newCache(resolver(RESOURCE_SERVER_ID, RESOURCE_SERVER_SECRET))
			.lookup(new Credential(CredentialType.ACCESS_TOKEN, token), null);
		assertThat(lookup).isInstanceOf(CacheLookup.Authenticated.class);
		Identity identity = ((CacheLookup.Authenticated) lookup).identity();
		assertThat(identity.subject()).isEqualTo(CLIENT_ID);
		assertThat(identity.authorities()).containsExactly("SCOPE_read");
		assertThat(identity.expiresAt()).isBetween(issuedAt.plus(Duration.ofMinutes(4)),
				issuedAt.plus(Duration.ofMinutes(5)));
		assertThat(identity.attributes()).containsEntry(IntrospectionClaims.CLIENT_ID, CLIENT_ID)
			.containsEntry(IntrospectionClaims.SCOPE, "read")
			.containsEntry(IntrospectionClaims.ISS, issuer)
			.containsEntry(IntrospectionClaims.AUD, List.of(CLIENT_ID))
			.containsEntry("token_type", "Bearer");
		assertThat(introspections.count()).isEqualTo(1);
		long ttl = this.jedis.pttl(onlyKey("authcache:token:*"));
		assertThat(ttl).isBetween(50_000L, 60_000L);
		assertThat(this.jedis.smembers("authcache:user:" + CLIENT_ID)).hasSize(1);
	}

	@Test
	void lookupWhenRepeatedThenSecondIsACacheHitWithoutIntrospection() throws Exception {
		String token = issueToken(CLIENT_ID, CLIENT_SECRET, "read").path("access_token").asString();
		CredentialCache cache = newCache(resolver(RESOURCE_SERVER_ID, RESOURCE_SERVER_SECRET));
		Credential credential = new Credential(CredentialType.ACCESS_TOKEN, token);
		CacheLookup first = cache.lookup(credential, null);
		CacheLookup second = cache.lookup(credential, null);
		assertThat(first).isInstanceOf(CacheLookup.Authenticated.class);
		assertThat(second).isEqualTo(first);
		assertThat(introspections.count()).isEqualTo(1);
	}

	@Test
	void lookupWhenTokenIsGarbageThenRejected() {
		CredentialCache cache = newCache(resolver(RESOURCE_SERVER_ID, RESOURCE_SERVER_SECRET));
		Credential garbage = new Credential(CredentialType.ACCESS_TOKEN, "not-a-token-this-server-issued");
		assertThat(cache.lookup(garbage, null)).isEqualTo(new CacheLookup.Rejected("The credential is not active"));
		assertThat(cache.lookup(garbage, null)).isInstanceOf(CacheLookup.Rejected.class);
		assertThat(introspections.count()).isEqualTo(1);
		assertThat(this.jedis.pttl(onlyKey("authcache:token:*"))).isBetween(4_000L, 5_000L);
		assertThat(this.jedis.keys("authcache:user:*")).isEmpty();
	}

	@Test
	void lookupWhenTokenRevokedAtTheServerThenRejectedOnceTheEntryIsGone() throws Exception {
		String token = issueToken(CLIENT_ID, CLIENT_SECRET, "read").path("access_token").asString();
		CredentialCache cache = newCache(resolver(RESOURCE_SERVER_ID, RESOURCE_SERVER_SECRET));
		Credential credential = new Credential(CredentialType.ACCESS_TOKEN, token);
		assertThat(cache.lookup(credential, null)).isInstanceOf(CacheLookup.Authenticated.class);
		assertThat(revoke(token)).isEqualTo(200);
		assertThat(cache.lookup(credential, null)).isInstanceOf(CacheLookup.Authenticated.class);
		assertThat(introspections.count()).isEqualTo(1);
		this.jedis.del(onlyKey("authcache:token:*"));
		assertThat(cache.lookup(credential, null)).isEqualTo(new CacheLookup.Rejected("The credential is not active"));
		assertThat(introspections.count()).isEqualTo(2);
	}

	@Test
	void lookupWhenIntrospectionClientCredentialsAreWrongThenUpstreamUnavailableAndNothingCached() throws Exception {
		String token = issueToken(CLIENT_ID, CLIENT_SECRET, "read").path("access_token").asString();
		CredentialCache cache = newCache(resolver(RESOURCE_SERVER_ID, "wrong-secret"));
		Credential credential = new Credential(CredentialType.ACCESS_TOKEN, token);
		assertThatExceptionOfType(UpstreamUnavailableException.class).isThrownBy(() -> cache.lookup(credential, null))
			.withMessageContaining("HTTP 401");
		assertThatExceptionOfType(UpstreamUnavailableException.class).isThrownBy(() -> cache.lookup(credential, null));
		assertThat(introspections.count()).isEqualTo(2);
		assertThat(this.jedis.keys("*")).isEmpty();
		assertThat(newCache(resolver(RESOURCE_SERVER_ID, RESOURCE_SERVER_SECRET)).lookup(credential, null))
			.isInstanceOf(CacheLookup.Authenticated.class);
	}

	@Test
	void lookupWhenRequiredScopeIsMissingThenRejected() throws Exception {
		TokenIntrospectionResolver resolver = resolver(RESOURCE_SERVER_ID, RESOURCE_SERVER_SECRET);
		resolver.setValidator(new IntrospectionValidator(Set.of(), Set.of(), Set.of("write")));
		CredentialCache cache = newCache(resolver);
		String readOnly = issueToken(CLIENT_ID, CLIENT_SECRET, "read").path("access_token").asString();
		String readWrite = issueToken(CLIENT_ID, CLIENT_SECRET, "read write").path("access_token").asString();
		assertThat(cache.lookup(new Credential(CredentialType.ACCESS_TOKEN, readOnly), null))
			.isEqualTo(new CacheLookup.Rejected("The token lacks a required scope"));
		CacheLookup lookup = cache.lookup(new Credential(CredentialType.ACCESS_TOKEN, readWrite), null);
		assertThat(lookup).isInstanceOf(CacheLookup.Authenticated.class);
		assertThat(((CacheLookup.Authenticated) lookup).identity().authorities())
			.containsExactlyInAnyOrder("SCOPE_read", "SCOPE_write");
	}

	@Test
	void lookupWhenAudienceAndIssuerAreTheServersThenAcceptedAndOtherwiseRejected() throws Exception {
		String token = issueToken(CLIENT_ID, CLIENT_SECRET, "read").path("access_token").asString();
		Credential credential = new Credential(CredentialType.ACCESS_TOKEN, token);
		TokenIntrospectionResolver trusting = resolver(RESOURCE_SERVER_ID, RESOURCE_SERVER_SECRET);
		trusting.setValidator(new IntrospectionValidator(Set.of(CLIENT_ID), Set.of(issuer), Set.of("read")));
		assertThat(newCache(trusting).lookup(credential, null)).isInstanceOf(CacheLookup.Authenticated.class);
		TokenIntrospectionResolver otherAudience = resolver(RESOURCE_SERVER_ID, RESOURCE_SERVER_SECRET);
		otherAudience.setValidator(new IntrospectionValidator(Set.of(RESOURCE_SERVER_ID), Set.of(), Set.of()));
		assertThat(newCache(otherAudience).lookup(credential, null))
			.isEqualTo(new CacheLookup.Rejected("The token is not meant for this audience"));
		TokenIntrospectionResolver otherIssuer = resolver(RESOURCE_SERVER_ID, RESOURCE_SERVER_SECRET);
		otherIssuer.setValidator(new IntrospectionValidator(Set.of(), Set.of("https://issuer.invalid"), Set.of()));
		assertThat(newCache(otherIssuer).lookup(credential, null))
			.isEqualTo(new CacheLookup.Rejected("The token's issuer is not trusted"));
		assertThat(introspections.count()).isEqualTo(1);
	}

	private TokenIntrospectionResolver resolver(String clientId, String clientSecret) {
		TokenIntrospectionResolver resolver = new TokenIntrospectionResolver(URI.create(issuer + "/oauth2/introspect"),
				new UpstreamHttpClient(Duration.ofSeconds(2), Duration.ofSeconds(5)), json);
		resolver.setClientCredentials(clientId, clientSecret);
		return resolver;
	}

	private CredentialCache newCache(TokenIntrospectionResolver resolver) {
		StringRedisTemplate redisTemplate = new StringRedisTemplate(this.connectionFactory);
		CacheKeys keys = new CacheKeys("authcache:", null);
		TtlPolicy ttlPolicy = new TtlPolicy(Duration.ofSeconds(60), Duration.ofSeconds(60), Duration.ofSeconds(5));
		return new CredentialCache(List.of(resolver), new RedisAuthCacheStore(redisTemplate), keys, ttlPolicy,
				new Revocations(new RedisRevocationStore(redisTemplate), keys, ttlPolicy));
	}

	private static JsonNode issueToken(String clientId, String clientSecret, String scope)
			throws IOException, InterruptedException {
		HttpResponse<String> response = post("/oauth2/token",
				"grant_type=client_credentials&scope=" + URLEncoder.encode(scope, StandardCharsets.UTF_8), clientId,
				clientSecret);
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return json.readTree(response.body());
	}

	private static int revoke(String token) throws IOException, InterruptedException {
		return post("/oauth2/revoke",
				"token=" + URLEncoder.encode(token, StandardCharsets.UTF_8) + "&token_type_hint=access_token",
				CLIENT_ID, CLIENT_SECRET)
			.statusCode();
	}

	private static HttpResponse<String> post(String path, String form, String clientId, String clientSecret)
			throws IOException, InterruptedException {
		String basic = Base64.getEncoder()
			.encodeToString((clientId + ":" + clientSecret).getBytes(StandardCharsets.UTF_8));
		HttpRequest request = HttpRequest.newBuilder(URI.create(issuer + path))
			.POST(HttpRequest.BodyPublishers.ofString(form))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.header("Authorization", "Basic " + basic)
			.timeout(Duration.ofSeconds(5))
			.build();
		return httpClient.send(request, HttpResponse.BodyHandlers.ofString());
	}

	private String onlyKey(String pattern) {
		Set<String> keys = this.jedis.keys(pattern);
		assertThat(keys).hasSize(1);
		return keys.iterator().next();
	}

	/**
	 * A Spring Boot application that is nothing but Spring Authorization Server, as
	 * Spring Boot auto-configures it from properties: without authcache, and without a
	 * Redis connection factory of its own (it would point at Redis's default port).
	 */
	@SpringBootConfiguration
	@EnableAutoConfiguration(excludeName = { "io.github.authcache.autoconfigure.AuthCacheAutoConfiguration",
			"io.github.authcache.autoconfigure.AuthCacheWebSecurityAutoConfiguration",
			"org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration" })
	static class AuthorizationServerApplication {

		@Bean
		RequestCounter introspectionRequestCounter() {
			return new RequestCounter("/oauth2/introspect");
		}

	}

	/**
	 * Counts the requests that reach the server for one path, before Spring Security sees
	 * them (so rejected client authentication counts too).
	 */
	static final class RequestCounter implements Filter, Ordered {

		private final String path;

		private final AtomicInteger count = new AtomicInteger();

		RequestCounter(String path) {
			this.path = path;
		}

		int count() {
			return this.count.get();
		}

		void reset() {
			this.count.set(0);
		}

		@Override
		public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
				throws IOException, ServletException {
			if (request instanceof HttpServletRequest http && this.path.equals(http.getRequestURI())) {
				this.count.incrementAndGet();
			}
			chain.doFilter(request, response);
		}

		@Override
		public int getOrder() {
			return Ordered.HIGHEST_PRECEDENCE;
		}

	}

}
