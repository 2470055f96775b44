/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.autoconfigure;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.Errors;
import org.springframework.validation.Validator;

/**
 * Configuration properties for authcache. Where Redis is comes from Spring Boot's
 * connection details ({@code spring.data.redis.*}) unless {@code authcache.redis.url} is
 * set; how authcache talks to it is configured here ({@code authcache.redis.*}).
 *
 * @author authcache authors
 * @since 0.1.0
 */
@ConfigurationProperties("authcache")
public class AuthCacheProperties implements Validator {

	private static final Validator validator = new AuthCachePropertiesValidator();

	/**
	 * Whether authcache authenticates requests.
	 */
	private boolean enabled = true;

	private final Kratos kratos = new Kratos();

	private final Introspection introspection = new Introspection();

	private final Cache cache = new Cache();

	private final Upstream upstream = new Upstream();

	private final Credentials credentials = new Credentials();

	private final Jwt jwt = new Jwt();

	private final Revocation revocation = new Revocation();

	private final RateLimit rateLimit = new RateLimit();

	private final Redis redis = new Redis();

	private final Resilience resilience = new Resilience();

	private final BackChannelLogout backChannelLogout = new BackChannelLogout();

	private final OryEvents oryEvents = new OryEvents();

	private final SharedSignals sharedSignals = new SharedSignals();

	private final Keycloak keycloak = new Keycloak();

	private final NearCache nearCache = new NearCache();

	private final Dpop dpop = new Dpop();

	/**
	 * Oldest cached verdict a route accepts, by path pattern (first match wins), for
	 * example "authcache.freshness[/admin/**]=10s". An older entry is refreshed for that
	 * request.
	 */
	private Map<String, Duration> freshness = new LinkedHashMap<>();

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public Kratos getKratos() {
		return this.kratos;
	}

	public Introspection getIntrospection() {
		return this.introspection;
	}

	public Cache getCache() {
		return this.cache;
	}

	public Upstream getUpstream() {
		return this.upstream;
	}

	public Credentials getCredentials() {
		return this.credentials;
	}

	public Jwt getJwt() {
		return this.jwt;
	}

	public Revocation getRevocation() {
		return this.revocation;
	}

	public RateLimit getRateLimit() {
		return this.rateLimit;
	}

	public Redis getRedis() {
		return this.redis;
	}

	public Resilience getResilience() {
		return this.resilience;
	}

	public BackChannelLogout getBackChannelLogout() {
		return this.backChannelLogout;
	}

	public OryEvents getOryEvents() {
		return this.oryEvents;
	}

	public SharedSignals getSharedSignals() {
		return this.sharedSignals;
	}

	public Keycloak getKeycloak() {
		return this.keycloak;
	}

	public NearCache getNearCache() {
		return this.nearCache;
	}

	public Dpop getDpop() {
		return this.dpop;
	}

	public Map<String, Duration> getFreshness() {
		return this.freshness;
	}

	public void setFreshness(Map<String, Duration> freshness) {
		this.freshness = freshness;
	}

	@Override
	public boolean supports(Class<?> type) {
		return validator.supports(type);
	}

	/**
	 * Check the bound values (see {@code AuthCachePropertiesValidator}); the binder calls
	 * this, so a bad value fails the startup.
	 * @param target these properties
	 * @param errors the errors to report to
	 */
	@Override
	public void validate(Object target, Errors errors) {
		validator.validate(target, errors);
	}

	/**
	 * Ory Kratos session settings.
	 */
	public static class Kratos {

		/**
		 * Whether Kratos sessions (cookies and session tokens) are authenticated, when a
		 * base URL is set.
		 */
		private boolean enabled = true;

		/**
		 * Base URL of the Kratos public API, for example http://127.0.0.1:4433.
		 */
		private @Nullable URI baseUrl;

		/**
		 * Base URL of the Kratos admin API, for example http://127.0.0.1:4434. When set,
		 * logout and the revocation helpers revoke sessions at Kratos too.
		 */
		private @Nullable URI adminUrl;

		/**
		 * API key for the Kratos admin API (Ory Network); self-hosted Kratos needs none.
		 */
		private @Nullable String apiKey;

		/**
		 * Name of the Kratos session cookie.
		 */
		private String cookieName = "ory_kratos_session";

		/**
		 * Prefix that marks a bearer token as a Kratos session token rather than an OAuth
		 * 2.0 access token.
		 */
		private String sessionTokenPrefix = "ory_st_";

		/**
		 * Top-level identity traits to keep in the authenticated identity, and so in
		 * every cache entry, for example email,name. Empty keeps every trait. Fewer
		 * traits make smaller entries and keep personal data the application does not
		 * read out of Redis.
		 */
		private List<String> traits = new ArrayList<>();

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public @Nullable URI getBaseUrl() {
			return this.baseUrl;
		}

		public void setBaseUrl(@Nullable URI baseUrl) {
			this.baseUrl = baseUrl;
		}

		public @Nullable URI getAdminUrl() {
			return this.adminUrl;
		}

		public void setAdminUrl(@Nullable URI adminUrl) {
			this.adminUrl = adminUrl;
		}

		public @Nullable String getApiKey() {
			return this.apiKey;
		}

		public void setApiKey(@Nullable String apiKey) {
			this.apiKey = apiKey;
		}

		public String getCookieName() {
			return this.cookieName;
		}

		public void setCookieName(String cookieName) {
			this.cookieName = cookieName;
		}

		public String getSessionTokenPrefix() {
			return this.sessionTokenPrefix;
		}

		public void setSessionTokenPrefix(String sessionTokenPrefix) {
			this.sessionTokenPrefix = sessionTokenPrefix;
		}

		public List<String> getTraits() {
			return this.traits;
		}

		public void setTraits(List<String> traits) {
			this.traits = traits;
		}

	}

	/**
	 * OAuth 2.0 token introspection (RFC 7662) settings.
	 */
	public static class Introspection {

		/**
		 * Whether bearer access tokens are authenticated by introspection, when a URI is
		 * set.
		 */
		private boolean enabled = true;

		/**
		 * Introspection endpoint, for example
		 * http://127.0.0.1:4445/admin/oauth2/introspect (Ory Hydra).
		 */
		private @Nullable URI uri;

		/**
		 * Token revocation endpoint (RFC 7009), for example
		 * http://127.0.0.1:4444/oauth2/revoke (Ory Hydra). When set, logout revokes the
		 * bearer token there too, with the client credentials below.
		 */
		private @Nullable URI revocationUri;

		/**
		 * Client id to authenticate to the introspection endpoint with (HTTP Basic).
		 */
		private @Nullable String clientId;

		/**
		 * Client secret to authenticate to the introspection endpoint with (HTTP Basic).
		 */
		private @Nullable String clientSecret;

		/**
		 * API key to authenticate to the introspection endpoint with (bearer), as Ory
		 * Network requires.
		 */
		private @Nullable String apiKey;

		/**
		 * Audiences a token must all carry (RFC 9068: a resource server checks aud).
		 * Required unless allow-any-audience is set.
		 */
		private List<String> requiredAudiences = new ArrayList<>();

		/**
		 * Whether to accept tokens for any audience when required-audiences is empty.
		 * Insecure: a token the issuer made for another application is accepted too.
		 */
		private boolean allowAnyAudience;

		/**
		 * Issuers a token's issuer must be one of. Empty: not checked.
		 */
		private List<String> trustedIssuers = new ArrayList<>();

		/**
		 * Scopes a token must all carry. Empty: not checked.
		 */
		private List<String> requiredScopes = new ArrayList<>();

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public @Nullable URI getUri() {
			return this.uri;
		}

		public void setUri(@Nullable URI uri) {
			this.uri = uri;
		}

		public @Nullable URI getRevocationUri() {
			return this.revocationUri;
		}

		public void setRevocationUri(@Nullable URI revocationUri) {
			this.revocationUri = revocationUri;
		}

		public @Nullable String getClientId() {
			return this.clientId;
		}

		public void setClientId(@Nullable String clientId) {
			this.clientId = clientId;
		}

		public @Nullable String getClientSecret() {
			return this.clientSecret;
		}

		public void setClientSecret(@Nullable String clientSecret) {
			this.clientSecret = clientSecret;
		}

		public @Nullable String getApiKey() {
			return this.apiKey;
		}

		public void setApiKey(@Nullable String apiKey) {
			this.apiKey = apiKey;
		}

		public List<String> getRequiredAudiences() {
			return this.requiredAudiences;
		}

		public void setRequiredAudiences(List<String> requiredAudiences) {
			this.requiredAudiences = requiredAudiences;
		}

		public List<String> getTrustedIssuers() {
			return this.trustedIssuers;
		}

		public void setTrustedIssuers(List<String> trustedIssuers) {
			this.trustedIssuers = trustedIssuers;
		}

		public List<String> getRequiredScopes() {
			return this.requiredScopes;
		}

		public void setRequiredScopes(List<String> requiredScopes) {
			this.requiredScopes = requiredScopes;
		}

	}

	/**
	 * Cache settings.
	 */
	public static class Cache {

		/**
		 * Longest time an active session is cached; never past the session's expires_at.
		 */
		private Duration sessionTtl = Duration.ofSeconds(60);

		/**
		 * Longest time an active access token is cached; never past the token's exp.
		 */
		private Duration tokenTtl = Duration.ofSeconds(60);

		/**
		 * Time an inactive (unknown, revoked, expired) credential is cached.
		 */
		private Duration negativeTtl = Duration.ofSeconds(5);

		/**
		 * Prefix of every Redis key authcache writes.
		 */
		private String keyPrefix = "authcache:";

		/**
		 * Secret the cache keys are derived with (HMAC-SHA256) and the cache values are
		 * authenticated with, so whoever can write to Redis cannot forge an entry.
		 * Required (at least 32 bytes, for example the output of 'openssl rand -base64
		 * 48'); must be the same on every instance.
		 */
		private @Nullable String secret;

		/**
		 * Earlier secrets, kept while a rotation rolls out: values sealed with them are
		 * still opened, and credential revocations reach the keys derived from them.
		 * Entries written under an earlier secret are misses.
		 */
		private List<String> previousSecrets = new ArrayList<>();

		/**
		 * Whether to run without a secret. Insecure: whoever can write to Redis can then
		 * store an entry that authenticates any credential as any user. Only for a Redis
		 * no one else can reach; shown as a warning at startup, in the health details and
		 * in the deployment report.
		 */
		private boolean allowUnauthenticatedValues;

		/**
		 * Whether to encrypt cache values (AES-GCM, key derived from the secret) so
		 * identity traits are not readable in Redis. Without it, values are authenticated
		 * (HMAC-SHA256) whenever a secret is set.
		 */
		private boolean encryptValues;

		/**
		 * How often to check that Redis kept its data (the epoch key) and can be reached;
		 * after a loss, entries fetched before it are looked up again once.
		 */
		private Duration epochCheckInterval = Duration.ofSeconds(1);

		/**
		 * How long after its TTL an active entry may still answer when the identity
		 * provider gives no verdict (timeout, 5xx): stale-if-error. Never past the
		 * credential's own expiry, never for a revoked credential, never for an inactive
		 * verdict. Entries then stay in Redis for their TTL plus this grace. 0 turns it
		 * off.
		 */
		private Duration staleIfError = Duration.ZERO;

		/**
		 * Age after which a hit on an active entry re-checks the credential with the
		 * identity provider in the background (refresh-ahead), while the cached verdict
		 * answers the request: a credential revoked at the identity provider itself is
		 * refused within about this age while in use. Shorter than the TTLs. Unset: half
		 * the TTL of the credential's kind (30s with the default TTLs). 0 turns it off.
		 */
		private @Nullable Duration refreshAfter;

		public Duration getSessionTtl() {
			return this.sessionTtl;
		}

		public void setSessionTtl(Duration sessionTtl) {
			this.sessionTtl = sessionTtl;
		}

		public Duration getTokenTtl() {
			return this.tokenTtl;
		}

		public void setTokenTtl(Duration tokenTtl) {
			this.tokenTtl = tokenTtl;
		}

		public Duration getNegativeTtl() {
			return this.negativeTtl;
		}

		public void setNegativeTtl(Duration negativeTtl) {
			this.negativeTtl = negativeTtl;
		}

		public String getKeyPrefix() {
			return this.keyPrefix;
		}

		public void setKeyPrefix(String keyPrefix) {
			this.keyPrefix = keyPrefix;
		}

		public @Nullable String getSecret() {
			return this.secret;
		}

		public Duration getStaleIfError() {
			return this.staleIfError;
		}

		public void setStaleIfError(Duration staleIfError) {
			this.staleIfError = staleIfError;
		}

		public @Nullable Duration getRefreshAfter() {
			return this.refreshAfter;
		}

		public void setRefreshAfter(@Nullable Duration refreshAfter) {
			this.refreshAfter = refreshAfter;
		}

		public Duration getEpochCheckInterval() {
			return this.epochCheckInterval;
		}

		public void setEpochCheckInterval(Duration epochCheckInterval) {
			this.epochCheckInterval = epochCheckInterval;
		}

		public boolean isEncryptValues() {
			return this.encryptValues;
		}

		public void setEncryptValues(boolean encryptValues) {
			this.encryptValues = encryptValues;
		}

		public void setSecret(@Nullable String secret) {
			this.secret = secret;
		}

		public List<String> getPreviousSecrets() {
			return this.previousSecrets;
		}

		public void setPreviousSecrets(List<String> previousSecrets) {
			this.previousSecrets = previousSecrets;
		}

		public boolean isAllowUnauthenticatedValues() {
			return this.allowUnauthenticatedValues;
		}

		public void setAllowUnauthenticatedValues(boolean allowUnauthenticatedValues) {
			this.allowUnauthenticatedValues = allowUnauthenticatedValues;
		}

	}

	/**
	 * Settings of the HTTP calls to the identity providers.
	 */
	public static class Upstream {

		/**
		 * Time to wait for a connection to an identity provider.
		 */
		private Duration connectTimeout = Duration.ofSeconds(1);

		/**
		 * Longest time a whole call to an identity provider may take: connecting, the
		 * headers and every byte of the body. A call that takes longer is cancelled and
		 * the request gets 503.
		 */
		private Duration readTimeout = Duration.ofSeconds(2);

		/**
		 * Largest response body accepted from an identity provider; a larger one ends the
		 * call at once and the request gets 503.
		 */
		private DataSize maxResponseSize = DataSize.ofMegabytes(1);

		/**
		 * Most calls to the identity providers that this instance makes at once, for
		 * lookups of uncached credentials; a request beyond it gets 503 with Retry-After
		 * at once. Size it as the identity provider's latency times the request rate it
		 * allows this instance.
		 */
		private int maxConcurrentCalls = 64;

		private final Ssl ssl = new Ssl();

		private final Fairness fairness = new Fairness();

		public Duration getConnectTimeout() {
			return this.connectTimeout;
		}

		public void setConnectTimeout(Duration connectTimeout) {
			this.connectTimeout = connectTimeout;
		}

		public Duration getReadTimeout() {
			return this.readTimeout;
		}

		public void setReadTimeout(Duration readTimeout) {
			this.readTimeout = readTimeout;
		}

		public DataSize getMaxResponseSize() {
			return this.maxResponseSize;
		}

		public void setMaxResponseSize(DataSize maxResponseSize) {
			this.maxResponseSize = maxResponseSize;
		}

		public int getMaxConcurrentCalls() {
			return this.maxConcurrentCalls;
		}

		public void setMaxConcurrentCalls(int maxConcurrentCalls) {
			this.maxConcurrentCalls = maxConcurrentCalls;
		}

		public Ssl getSsl() {
			return this.ssl;
		}

		public Fairness getFairness() {
			return this.fairness;
		}

		/**
		 * The share of the identity provider calls one client address may take, checked
		 * before a lookup goes upstream; a cached credential is never held to it. The
		 * address is the one the servlet container reports: behind a proxy, configure
		 * server.forward-headers-strategy so it is the client's. IPv6 addresses count per
		 * /64 network.
		 */
		public static class Fairness {

			/**
			 * Whether to hold each client address to its share: a lookup over it gets 429
			 * with Retry-After, and the other clients keep the rest of
			 * max-concurrent-calls.
			 */
			private boolean enabled = true;

			/**
			 * Largest fraction of max-concurrent-calls one client address may have in
			 * flight at once (at least one call).
			 */
			private double maxShare = 0.25;

			/**
			 * Cold lookups (calls to the identity provider) one client address may make
			 * per window, refilled evenly over it. The default, 100 per 5 seconds (20 a
			 * second), serves a proxy or NAT of about a thousand users whose entries go
			 * cold every minute; raise it for a gateway that forwards many users' tokens
			 * from one address.
			 */
			private int maxColdLookups = 100;

			/**
			 * Window over which max-cold-lookups is refilled.
			 */
			private Duration window = Duration.ofSeconds(5);

			public boolean isEnabled() {
				return this.enabled;
			}

			public void setEnabled(boolean enabled) {
				this.enabled = enabled;
			}

			public double getMaxShare() {
				return this.maxShare;
			}

			public void setMaxShare(double maxShare) {
				this.maxShare = maxShare;
			}

			public int getMaxColdLookups() {
				return this.maxColdLookups;
			}

			public void setMaxColdLookups(int maxColdLookups) {
				this.maxColdLookups = maxColdLookups;
			}

			public Duration getWindow() {
				return this.window;
			}

			public void setWindow(Duration window) {
				this.window = window;
			}

		}

		/**
		 * TLS settings of the calls to the identity providers.
		 */
		public static class Ssl {

			/**
			 * Name of the SSL bundle (spring.ssl.bundle.*) that holds the trust material,
			 * client key and TLS options for calls to the identity providers. Defaults to
			 * the JDK's trust store.
			 */
			private @Nullable String bundle;

			public @Nullable String getBundle() {
				return this.bundle;
			}

			public void setBundle(@Nullable String bundle) {
				this.bundle = bundle;
			}

		}

	}

	/**
	 * Settings of the credentials requests carry.
	 */
	public static class Credentials {

		/**
		 * Longest credential accepted, in characters; a longer one is rejected before any
		 * cache or upstream call.
		 */
		private int maxLength = 4096;

		public int getMaxLength() {
			return this.maxLength;
		}

		public void setMaxLength(int maxLength) {
			this.maxLength = maxLength;
		}

	}

	/**
	 * In-process near cache settings. The near cache answers repeated lookups without a
	 * Redis round trip; instances keep each other's near caches consistent through Redis
	 * pub/sub.
	 */
	public static class NearCache {

		/**
		 * Whether an in-process near cache is used in front of Redis. Requires Caffeine
		 * and Jedis.
		 */
		private boolean enabled;

		/**
		 * Longest time an entry is held in process: the bound on how long an instance may
		 * use an entry revoked elsewhere while invalidation broadcasts are not reaching
		 * it.
		 */
		private Duration ttl = Duration.ofSeconds(5);

		/**
		 * Most entries held in process.
		 */
		private long maxSize = 10000;

		/**
		 * Longest time an invalidation call waits for every instance to acknowledge that
		 * it applied the invalidation to its near cache. An instance that did not
		 * acknowledge in time does not answer from its near cache until it has caught up;
		 * each instance must have caught up within this time to answer from its near
		 * cache at all.
		 */
		private Duration ackTimeout = Duration.ofMillis(100);

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public Duration getTtl() {
			return this.ttl;
		}

		public void setTtl(Duration ttl) {
			this.ttl = ttl;
		}

		public long getMaxSize() {
			return this.maxSize;
		}

		public void setMaxSize(long maxSize) {
			this.maxSize = maxSize;
		}

		public Duration getAckTimeout() {
			return this.ackTimeout;
		}

		public void setAckTimeout(Duration ackTimeout) {
			this.ackTimeout = ackTimeout;
		}

	}

	/**
	 * Local verification of JWT access tokens (Ory Hydra with strategies.access_token:
	 * jwt).
	 */
	public static class Jwt {

		/**
		 * JWK Set URI of the token issuer, for example
		 * http://127.0.0.1:4444/.well-known/jwks.json. When set, bearer access tokens are
		 * verified locally instead of introspected; every request still checks the JTI
		 * blacklist.
		 */
		private @Nullable URI jwkSetUri;

		/**
		 * Issuer the tokens must carry.
		 */
		private @Nullable String issuer;

		/**
		 * Audiences a token must all carry (RFC 9068: a resource server checks aud).
		 * Required unless allow-any-audience is set.
		 */
		private List<String> requiredAudiences = new ArrayList<>();

		/**
		 * Whether to accept tokens for any audience when required-audiences is empty.
		 * Insecure: a token the issuer made for another application is accepted too.
		 */
		private boolean allowAnyAudience;

		public @Nullable URI getJwkSetUri() {
			return this.jwkSetUri;
		}

		public void setJwkSetUri(@Nullable URI jwkSetUri) {
			this.jwkSetUri = jwkSetUri;
		}

		public @Nullable String getIssuer() {
			return this.issuer;
		}

		public void setIssuer(@Nullable String issuer) {
			this.issuer = issuer;
		}

		public List<String> getRequiredAudiences() {
			return this.requiredAudiences;
		}

		public void setRequiredAudiences(List<String> requiredAudiences) {
			this.requiredAudiences = requiredAudiences;
		}

		public boolean isAllowAnyAudience() {
			return this.allowAnyAudience;
		}

		public void setAllowAnyAudience(boolean allowAnyAudience) {
			this.allowAnyAudience = allowAnyAudience;
		}

	}

	/**
	 * OpenID Connect Back-Channel Logout receiver.
	 */
	public static class BackChannelLogout {

		/**
		 * Whether to receive OIDC back-channel logout tokens (Hydra POSTs them when a
		 * login session ends).
		 */
		private boolean enabled;

		/**
		 * Path of the back-channel logout endpoint; register it as the client's
		 * backchannel_logout_uri.
		 */
		private String path = "/backchannel-logout";

		/**
		 * JWK Set URI of the issuer of logout tokens, for example
		 * http://127.0.0.1:4444/.well-known/jwks.json.
		 */
		private @Nullable URI jwkSetUri;

		/**
		 * Issuer the logout tokens must carry. Required.
		 */
		private @Nullable String issuer;

		/**
		 * Audiences (the client ids) a logout token must be meant for; one of them
		 * suffices. Required.
		 */
		private List<String> audiences = new ArrayList<>();

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public String getPath() {
			return this.path;
		}

		public void setPath(String path) {
			this.path = path;
		}

		public @Nullable URI getJwkSetUri() {
			return this.jwkSetUri;
		}

		public void setJwkSetUri(@Nullable URI jwkSetUri) {
			this.jwkSetUri = jwkSetUri;
		}

		public @Nullable String getIssuer() {
			return this.issuer;
		}

		public void setIssuer(@Nullable String issuer) {
			this.issuer = issuer;
		}

		public List<String> getAudiences() {
			return this.audiences;
		}

		public void setAudiences(List<String> audiences) {
			this.audiences = audiences;
		}

	}

	/**
	 * Receiver of an Ory Network live event stream (HTTPS delivery).
	 */
	public static class OryEvents {

		/**
		 * Whether to receive Ory Network live events (SessionRevoked, IdentityDeleted,
		 * IdentityUpdated with the identity inactive) and drop what they end.
		 */
		private boolean enabled;

		/**
		 * Path of the endpoint; the event stream's HTTPS endpoint is this application's
		 * URL with this path.
		 */
		private String path = "/ory/events";

		/**
		 * User name of the HTTP Basic credentials in the event stream's endpoint URL.
		 */
		private String username = "ory";

		/**
		 * Shared secret a delivery must present: the password of the HTTP Basic
		 * credentials in the endpoint URL, a bearer token, or the value of the API key
		 * header. Required, at least 32 characters.
		 */
		private @Nullable String secret;

		/**
		 * Header that carries the secret when the stream authenticates with an API key.
		 */
		private @Nullable String apiKeyHeader;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public String getPath() {
			return this.path;
		}

		public void setPath(String path) {
			this.path = path;
		}

		public String getUsername() {
			return this.username;
		}

		public void setUsername(String username) {
			this.username = username;
		}

		public @Nullable String getSecret() {
			return this.secret;
		}

		public void setSecret(@Nullable String secret) {
			this.secret = secret;
		}

		public @Nullable String getApiKeyHeader() {
			return this.apiKeyHeader;
		}

		public void setApiKeyHeader(@Nullable String apiKeyHeader) {
			this.apiKeyHeader = apiKeyHeader;
		}

	}

	/**
	 * Where revocation state lives.
	 */
	public static class Revocation {

		/**
		 * URL of a Redis of its own for revocation marks and the JWT id blacklist, for
		 * example redis://user:secret@marks.internal:6379/0 (rediss:// for TLS).
		 * Configure that Redis with noeviction (and persistence), so marks are never
		 * evicted, while the cache entries live in authcache's Redis under allkeys-lru.
		 * Unset: marks live with the entries.
		 */
		private @Nullable URI redisUrl;

		/**
		 * Timeout of commands to the revocation Redis.
		 */
		private Duration timeout = Duration.ofMillis(200);

		public @Nullable URI getRedisUrl() {
			return this.redisUrl;
		}

		public void setRedisUrl(@Nullable URI redisUrl) {
			this.redisUrl = redisUrl;
		}

		public Duration getTimeout() {
			return this.timeout;
		}

		public void setTimeout(Duration timeout) {
			this.timeout = timeout;
		}

	}

	/**
	 * Limit of failed authentications per client address.
	 */
	public static class RateLimit {

		/**
		 * Whether to refuse (429) requests from a client address that had too many
		 * rejected credentials in the current minute. Behind a proxy, configure
		 * server.forward-headers-strategy so the address is the client's.
		 */
		private boolean enabled;

		/**
		 * Rejected credentials a client address may have in a minute.
		 */
		private int maxFailuresPerMinute = 20;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public int getMaxFailuresPerMinute() {
			return this.maxFailuresPerMinute;
		}

		public void setMaxFailuresPerMinute(int maxFailuresPerMinute) {
			this.maxFailuresPerMinute = maxFailuresPerMinute;
		}

	}

	/**
	 * How authcache connects to Redis. authcache talks to Redis through a Jedis client of
	 * its own, with these settings; the application's Redis client and its
	 * spring.data.redis settings are left as they are.
	 */
	public static class Redis {

		/**
		 * URL of the Redis authcache uses, for example redis://user:secret@cache:6379/0
		 * (rediss:// for TLS). Unset: the application's Redis, as Spring Boot's
		 * connection details describe it (spring.data.redis.host, url, sentinel, cluster,
		 * ssl, and service connections), unless a RedisConnectionFactory bean is
		 * qualified with &#64;AuthCacheRedisConnectionFactory.
		 */
		private @Nullable URI url;

		/**
		 * Read (command) timeout of authcache's Redis connections.
		 */
		private Duration timeout = Duration.ofMillis(200);

		/**
		 * Connect timeout of authcache's Redis connections.
		 */
		private Duration connectTimeout = Duration.ofMillis(200);

		/**
		 * Attempts of a command on a Redis Cluster that answers with redirections.
		 */
		private int maxRedirects = 2;

		/**
		 * Whether to verify the Redis server's host name on TLS connections.
		 */
		private boolean verifyHostname = true;

		private final Pool pool = new Pool();

		public @Nullable URI getUrl() {
			return this.url;
		}

		public void setUrl(@Nullable URI url) {
			this.url = url;
		}

		public Duration getTimeout() {
			return this.timeout;
		}

		public void setTimeout(Duration timeout) {
			this.timeout = timeout;
		}

		public Duration getConnectTimeout() {
			return this.connectTimeout;
		}

		public void setConnectTimeout(Duration connectTimeout) {
			this.connectTimeout = connectTimeout;
		}

		public int getMaxRedirects() {
			return this.maxRedirects;
		}

		public void setMaxRedirects(int maxRedirects) {
			this.maxRedirects = maxRedirects;
		}

		public boolean isVerifyHostname() {
			return this.verifyHostname;
		}

		public void setVerifyHostname(boolean verifyHostname) {
			this.verifyHostname = verifyHostname;
		}

		public Pool getPool() {
			return this.pool;
		}

		/**
		 * Pool of authcache's Redis connections.
		 */
		public static class Pool {

			/**
			 * Maximum number of connections. Unset: as many as the servlet container runs
			 * requests at once (server.tomcat.threads.max, or server.jetty.threads.max,
			 * 200 when neither is set), so that a burst never waits for a connection.
			 */
			private @Nullable Integer maxActive;

			/**
			 * Maximum number of idle connections. Unset: max-active, so that the
			 * connections a burst opened are kept.
			 */
			private @Nullable Integer maxIdle;

			/**
			 * Longest wait for a pooled connection; a request that finds none goes on
			 * without the store. Unset: 200ms, or 1s with virtual threads, where the pool
			 * is what bounds the requests in flight.
			 */
			private @Nullable Duration maxWait;

			public @Nullable Integer getMaxActive() {
				return this.maxActive;
			}

			public void setMaxActive(@Nullable Integer maxActive) {
				this.maxActive = maxActive;
			}

			public @Nullable Integer getMaxIdle() {
				return this.maxIdle;
			}

			public void setMaxIdle(@Nullable Integer maxIdle) {
				this.maxIdle = maxIdle;
			}

			public @Nullable Duration getMaxWait() {
				return this.maxWait;
			}

			public void setMaxWait(@Nullable Duration maxWait) {
				this.maxWait = maxWait;
			}

		}

	}

	/**
	 * Settings of the circuit breakers in front of the Redis stores (cache entries and
	 * revocation marks). While a circuit is open, store calls fail at once and lookups go
	 * to the identity provider; after the wait in the open state a few calls probe Redis
	 * and close the circuit when they succeed.
	 */
	public static class Resilience {

		/**
		 * Whether the stores are called through circuit breakers.
		 */
		private boolean enabled = true;

		/**
		 * Whether authcache's circuit breakers (authcache-cache, authcache-revocation)
		 * and upstream bulkhead (authcache-upstream) keep an instance of the same name
		 * that the application's Resilience4j registry already holds (for example from
		 * resilience4j.circuitbreaker.instances.authcache-cache.*), with its settings,
		 * instead of the authcache.resilience and authcache.upstream settings.
		 */
		private boolean useResilience4jConfig;

		/**
		 * Percentage of failed calls, among the recent ones, at which a circuit opens.
		 */
		private float failureRateThreshold = 50;

		/**
		 * Time above which a call counts as slow. Defaults to authcache.redis.timeout.
		 */
		private @Nullable Duration slowCallDurationThreshold;

		/**
		 * Percentage of slow calls, among the recent ones, at which a circuit opens.
		 */
		private float slowCallRateThreshold = 50;

		/**
		 * Number of recent calls the rates are computed over.
		 */
		private int slidingWindowSize = 10;

		/**
		 * Number of calls a circuit needs before it computes the rates at all.
		 */
		private int minimumNumberOfCalls = 5;

		/**
		 * Time a circuit stays open before it lets probe calls through (half-open).
		 */
		private Duration waitDurationInOpenState = Duration.ofSeconds(2);

		/**
		 * Number of probe calls in the half-open state; the circuit closes when their
		 * failure rate is below the threshold and opens again otherwise.
		 */
		private int permittedNumberOfCallsInHalfOpenState = 3;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public boolean isUseResilience4jConfig() {
			return this.useResilience4jConfig;
		}

		public void setUseResilience4jConfig(boolean useResilience4jConfig) {
			this.useResilience4jConfig = useResilience4jConfig;
		}

		public float getFailureRateThreshold() {
			return this.failureRateThreshold;
		}

		public void setFailureRateThreshold(float failureRateThreshold) {
			this.failureRateThreshold = failureRateThreshold;
		}

		public @Nullable Duration getSlowCallDurationThreshold() {
			return this.slowCallDurationThreshold;
		}

		public void setSlowCallDurationThreshold(@Nullable Duration slowCallDurationThreshold) {
			this.slowCallDurationThreshold = slowCallDurationThreshold;
		}

		public float getSlowCallRateThreshold() {
			return this.slowCallRateThreshold;
		}

		public void setSlowCallRateThreshold(float slowCallRateThreshold) {
			this.slowCallRateThreshold = slowCallRateThreshold;
		}

		public int getSlidingWindowSize() {
			return this.slidingWindowSize;
		}

		public void setSlidingWindowSize(int slidingWindowSize) {
			this.slidingWindowSize = slidingWindowSize;
		}

		public int getMinimumNumberOfCalls() {
			return this.minimumNumberOfCalls;
		}

		public void setMinimumNumberOfCalls(int minimumNumberOfCalls) {
			this.minimumNumberOfCalls = minimumNumberOfCalls;
		}

		public Duration getWaitDurationInOpenState() {
			return this.waitDurationInOpenState;
		}

		public void setWaitDurationInOpenState(Duration waitDurationInOpenState) {
			this.waitDurationInOpenState = waitDurationInOpenState;
		}

		public int getPermittedNumberOfCallsInHalfOpenState() {
			return this.permittedNumberOfCallsInHalfOpenState;
		}

		public void setPermittedNumberOfCallsInHalfOpenState(int permittedNumberOfCallsInHalfOpenState) {
			this.permittedNumberOfCallsInHalfOpenState = permittedNumberOfCallsInHalfOpenState;
		}

	}

	/**
	 * OpenID Shared Signals (SSF 1.0, CAEP 1.0) receiver.
	 */
	public static class SharedSignals {

		/**
		 * Whether to receive Security Event Tokens from a Shared Signals transmitter
		 * (CAEP session-revoked and credential-change events become invalidations).
		 */
		private boolean enabled;

		/**
		 * Issuer the transmitter's tokens must carry, for example
		 * https://keycloak.example.com/realms/R. Required.
		 */
		private @Nullable String issuer;

		/**
		 * JWK Set URI of the transmitter's signing keys, for example
		 * https://keycloak.example.com/realms/R/protocol/openid-connect/certs. Required.
		 */
		private @Nullable URI jwkSetUri;

		/**
		 * Audience the transmitter's tokens must carry: the receiver's client id or
		 * stream audience. Required.
		 */
		private @Nullable String audience;

		/**
		 * Path of the RFC 8935 push endpoint; register it at the transmitter as the
		 * stream's push endpoint.
		 */
		private String pushPath = "/ssf/events";

		/**
		 * How old a token may be (its iat) when it arrives; its jti is remembered on
		 * every instance for that long, plus a minute of clock skew.
		 */
		private Duration maxAge = Duration.ofMinutes(5);

		private final Poll poll = new Poll();

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public @Nullable String getIssuer() {
			return this.issuer;
		}

		public void setIssuer(@Nullable String issuer) {
			this.issuer = issuer;
		}

		public @Nullable URI getJwkSetUri() {
			return this.jwkSetUri;
		}

		public void setJwkSetUri(@Nullable URI jwkSetUri) {
			this.jwkSetUri = jwkSetUri;
		}

		public @Nullable String getAudience() {
			return this.audience;
		}

		public void setAudience(@Nullable String audience) {
			this.audience = audience;
		}

		public String getPushPath() {
			return this.pushPath;
		}

		public void setPushPath(String pushPath) {
			this.pushPath = pushPath;
		}

		public Duration getMaxAge() {
			return this.maxAge;
		}

		public void setMaxAge(Duration maxAge) {
			this.maxAge = maxAge;
		}

		public Poll getPoll() {
			return this.poll;
		}

		/**
		 * RFC 8936 poll delivery.
		 */
		public static class Poll {

			/**
			 * Poll endpoint of the stream at the transmitter; polling is on when set.
			 */
			private @Nullable URI endpoint;

			/**
			 * Time between two polls.
			 */
			private Duration interval = Duration.ofSeconds(5);

			/**
			 * Bearer token the poll requests authenticate with (the stream's
			 * authorization header value without "Bearer "), when it does not expire. For
			 * an access token of an OAuth 2.0 client (Keycloak's receiver client), set
			 * the client-id, client-secret and token-uri instead.
			 */
			private @Nullable String bearerToken;

			/**
			 * Client id of the OAuth 2.0 client whose access tokens the poll requests
			 * authenticate with, obtained with the client credentials grant and renewed
			 * before they expire (Keycloak: the receiver's client).
			 */
			private @Nullable String clientId;

			/**
			 * Secret of that client (HTTP Basic at the token endpoint).
			 */
			private @Nullable String clientSecret;

			/**
			 * Token endpoint of that client's authorization server, for example
			 * https://keycloak.example.com/realms/R/protocol/openid-connect/token.
			 */
			private @Nullable URI tokenUri;

			/**
			 * Scope the client's tokens are asked for with.
			 */
			private @Nullable String scope = "ssf.read";

			/**
			 * Most tokens one poll request asks for.
			 */
			private int maxEvents = 100;

			public @Nullable URI getEndpoint() {
				return this.endpoint;
			}

			public void setEndpoint(@Nullable URI endpoint) {
				this.endpoint = endpoint;
			}

			public Duration getInterval() {
				return this.interval;
			}

			public void setInterval(Duration interval) {
				this.interval = interval;
			}

			public @Nullable String getBearerToken() {
				return this.bearerToken;
			}

			public void setBearerToken(@Nullable String bearerToken) {
				this.bearerToken = bearerToken;
			}

			public @Nullable String getClientId() {
				return this.clientId;
			}

			public void setClientId(@Nullable String clientId) {
				this.clientId = clientId;
			}

			public @Nullable String getClientSecret() {
				return this.clientSecret;
			}

			public void setClientSecret(@Nullable String clientSecret) {
				this.clientSecret = clientSecret;
			}

			public @Nullable URI getTokenUri() {
				return this.tokenUri;
			}

			public void setTokenUri(@Nullable URI tokenUri) {
				this.tokenUri = tokenUri;
			}

			public @Nullable String getScope() {
				return this.scope;
			}

			public void setScope(@Nullable String scope) {
				this.scope = scope;
			}

			public int getMaxEvents() {
				return this.maxEvents;
			}

			public void setMaxEvents(int maxEvents) {
				this.maxEvents = maxEvents;
			}

		}

	}

	/**
	 * DPoP (RFC 9449) proofs of access tokens bound to a key.
	 */
	public static class Dpop {

		/**
		 * How far a DPoP proof's issue time (iat) may be from now, either way. A proof's
		 * id is recorded in Redis until its issue time plus twice this skew.
		 */
		private Duration clockSkew = Duration.ofSeconds(30);

		private final Nonce nonce = new Nonce();

		public Duration getClockSkew() {
			return this.clockSkew;
		}

		public void setClockSkew(Duration clockSkew) {
			this.clockSkew = clockSkew;
		}

		public Nonce getNonce() {
			return this.nonce;
		}

		/**
		 * Server-provided nonces (RFC 9449 section 8), which every instance issues and
		 * accepts: derived from the cache secret and the time, no state shared.
		 */
		public static class Nonce {

			/**
			 * Whether a DPoP proof must carry a nonce issued by the application. A proof
			 * without one, or with one no longer accepted, gets 401 with error
			 * "use_dpop_nonce" and the nonce to use in a DPoP-Nonce header. Requires
			 * authcache.cache.secret.
			 */
			private boolean enabled;

			/**
			 * How long a nonce is issued for. A nonce is accepted until the end of the
			 * window after the one it was issued in (plus the clock skew).
			 */
			private Duration window = Duration.ofMinutes(5);

			public boolean isEnabled() {
				return this.enabled;
			}

			public void setEnabled(boolean enabled) {
				this.enabled = enabled;
			}

			public Duration getWindow() {
				return this.window;
			}

			public void setWindow(Duration window) {
				this.window = window;
			}

		}

	}

	/**
	 * Keycloak's own push channels.
	 */
	public static class Keycloak {

		private final NotBefore notBefore = new NotBefore();

		public NotBefore getNotBefore() {
			return this.notBefore;
		}

		/**
		 * Receiver of Keycloak's not-before push (a realm's or client's revocation
		 * policy).
		 */
		public static class NotBefore {

			/**
			 * Whether to receive Keycloak's not-before push: tokens of the realm issued
			 * before the pushed time are refused, cache hits included.
			 */
			private boolean enabled;

			/**
			 * Path of the endpoint Keycloak POSTs to: the client's admin URL path
			 * followed by /k_push_not_before.
			 */
			private String path = "/k_push_not_before";

			/**
			 * Issuer of the realm's tokens, for example
			 * https://keycloak.example.com/realms/R. Required.
			 */
			private @Nullable String issuer;

			/**
			 * JWK Set URI of the realm's keys. Defaults to the issuer followed by
			 * /protocol/openid-connect/certs.
			 */
			private @Nullable URI jwkSetUri;

			/**
			 * Client id of this application at Keycloak (the client whose admin URL
			 * Keycloak pushes to). Required.
			 */
			private @Nullable String clientId;

			/**
			 * How long a watermark is kept beyond the cache's own revocation marks: at
			 * least the realm's access token lifespan, so that a JWT validated locally
			 * and issued before it stays refused until it expires.
			 */
			private Duration maxTokenLifetime = Duration.ofHours(1);

			public boolean isEnabled() {
				return this.enabled;
			}

			public void setEnabled(boolean enabled) {
				this.enabled = enabled;
			}

			public String getPath() {
				return this.path;
			}

			public void setPath(String path) {
				this.path = path;
			}

			public @Nullable String getIssuer() {
				return this.issuer;
			}

			public void setIssuer(@Nullable String issuer) {
				this.issuer = issuer;
			}

			public @Nullable URI getJwkSetUri() {
				return this.jwkSetUri;
			}

			public void setJwkSetUri(@Nullable URI jwkSetUri) {
				this.jwkSetUri = jwkSetUri;
			}

			public @Nullable String getClientId() {
				return this.clientId;
			}

			public void setClientId(@Nullable String clientId) {
				this.clientId = clientId;
			}

			public Duration getMaxTokenLifetime() {
				return this.maxTokenLifetime;
			}

			public void setMaxTokenLifetime(Duration maxTokenLifetime) {
				this.maxTokenLifetime = maxTokenLifetime;
			}

		}

	}

}
