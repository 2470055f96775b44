/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.cache.redis;

import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.authcache.cache.CacheStoreException;
import io.github.authcache.cache.EntryRead;
import io.github.authcache.cache.StoreFailure;
import io.github.authcache.test.redis.RedisServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import redis.clients.jedis.ClientSetInfoConfig;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPoolConfig;
import redis.clients.jedis.RedisClient;

import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.jedis.JedisClientConfiguration;
import org.springframework.data.redis.connection.jedis.JedisConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.util.ReflectionUtils;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Tests for the reads of a hit in {@link RedisAuthCacheStore} on a real
 * {@code redis-server}: one {@code MGET} on the Jedis client Spring Data shares, and
 * failures classified as when they came through Spring Data. The connections are
 * configured as the starter configures them (no {@code CLIENT SETINFO}, so a replacement
 * connection sends nothing; see {@code RedisHandshakeCustomizer}).
 *
 * @author authcache authors
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class RedisAuthCacheStoreTests {

	private static final Duration READ_TIMEOUT = Duration.ofSeconds(1);

	private static final String KEY = "authcache:session:entry";

	private static final List<String> MARKS = List.of("authcache:revoked:session:entry", "authcache:revoked:user:u");

	private final AtomicInteger springConnections = new AtomicInteger();

	private RedisServer redis;

	private JedisConnectionFactory connectionFactory;

	private RedisAuthCacheStore store;

	@BeforeEach
	void setUp() {
		this.redis = RedisServer.startDefault();
		try (Jedis jedis = this.redis.jedis()) {
			jedis.set(KEY, "value");
			jedis.set(MARKS.get(1), "42");
		}
		this.store = store(true);
	}

	@AfterEach
	void tearDown() {
		// None when the set-up was skipped (no unified mode on Spring Data Redis 4.0)
		if (this.connectionFactory != null) {
			this.connectionFactory.destroy();
		}
		this.redis.close();
	}

	@Test
	void getWithMarksWhenFactorySharesItsClientThenOneMgetAndNoSpringDataConnectionPerRead() {
		assertRead(this.store.getWithMarks(KEY, MARKS));
		int connections = this.springConnections.get();
		resetCommandStats();
		for (int i = 0; i < 5; i++) {
			assertRead(this.store.getWithMarks(KEY, MARKS));
		}
		assertThat(new String(this.store.get(KEY), StandardCharsets.UTF_8)).isEqualTo("value");
		assertThat(this.springConnections.get()).as("Spring Data connections").isEqualTo(connections);
		assertThat(commandCalls("mget")).isEqualTo(5);
		assertThat(commandCalls("get")).isOne();
	}

	@Test
	void getWithMarksWhenFactoryPoolsJedisConnectionsThenReadsThroughSpringData() {
		this.connectionFactory.destroy();
		this.store = store(false);
		assertRead(this.store.getWithMarks(KEY, MARKS));
		assertRead(this.store.getWithMarks(KEY, MARKS));
		assertThat(this.springConnections.get()).isGreaterThanOrEqualTo(2);
		this.redis.kill();
		assertThatExceptionOfType(CacheStoreException.class).isThrownBy(() -> this.store.getWithMarks(KEY, MARKS))
			.satisfies((ex) -> assertThat(ex.getFailure()).isEqualTo(StoreFailure.UNAVAILABLE));
	}

	@Test
	void getWithMarksWhenRedisHungThenOneTimeoutAndReadsAgainAfterIt() {
		assertRead(this.store.getWithMarks(KEY, MARKS));
		this.redis.pause();
		long start = System.nanoTime();
		assertThatExceptionOfType(CacheStoreException.class).isThrownBy(() -> this.store.getWithMarks(KEY, MARKS))
			.satisfies((ex) -> assertThat(ex.getFailure()).isEqualTo(StoreFailure.TIMEOUT));
		Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
		// One command timeout and a margin for a busy machine, below two timeouts
		assertThat(elapsed).isLessThan(READ_TIMEOUT.multipliedBy(19).dividedBy(10));
		this.redis.resume();
		assertRead(this.store.getWithMarks(KEY, MARKS));
	}

	@Test
	void getWithMarksWhenRedisDownThenUnavailableAndReadsAgainAfterRestart() {
		assertRead(this.store.getWithMarks(KEY, MARKS));
		this.redis.stop();
		assertThatExceptionOfType(CacheStoreException.class).isThrownBy(() -> this.store.getWithMarks(KEY, MARKS))
			.satisfies((ex) -> assertThat(ex.getFailure()).isEqualTo(StoreFailure.UNAVAILABLE));
		assertThatExceptionOfType(CacheStoreException.class).isThrownBy(() -> this.store.get(KEY))
			.satisfies((ex) -> assertThat(ex.getFailure()).isEqualTo(StoreFailure.UNAVAILABLE));
		this.redis.start();
		assertThat(this.store.getWithMarks(KEY, MARKS).value()).isNull();
	}

	@Test
	void readsWhenRedisRestartedThenNoneFailsOnTheIdleConnectionsTheRestartClosed() {
		this.connectionFactory.destroy();
		this.store = store(true, 8);
		try (RedisConnection connection = this.connectionFactory.getConnection()) {
			((RedisClient) connection.getNativeConnection()).getPool().addObjects(8);
		}
		assertThat(this.redis.infoField("clients", "connected_clients")).as("8 idle and this INFO").isEqualTo("9");
		this.redis.kill();
		this.redis.start();
		for (int i = 0; i < 8; i++) {
			assertThat(this.store.getWithMarks(KEY, MARKS).value()).as("read %d after the restart", i).isNull();
			assertThat(this.store.get(KEY)).isNull();
		}
		assertThat(this.redis.infoField("clients", "connected_clients")).as("one new connection and this INFO")
			.isEqualTo("2");
	}

	@Test
	void getWithMarksWhenPoolExhaustedThenBusy() throws Exception {
		ExecutorService blocker = Executors.newSingleThreadExecutor();
		try {
			// The pool's only connection busy with a blocking command
			blocker.submit(() -> new StringRedisTemplate(this.connectionFactory).opsForList()
				.leftPop("blocked", Duration.ofSeconds(3)));
			long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
			while (Integer.parseInt(this.redis.infoField("clients", "blocked_clients")) < 1) {
				assertThat(System.nanoTime()).as("a blocked client").isLessThan(deadline);
				Thread.sleep(10);
			}
			assertThatExceptionOfType(CacheStoreException.class).isThrownBy(() -> this.store.getWithMarks(KEY, MARKS))
				.satisfies((ex) -> assertThat(ex.getFailure()).isEqualTo(StoreFailure.BUSY));
		}
		finally {
			try (Jedis jedis = this.redis.jedis()) {
				jedis.lpush("blocked", "1");
			}
			blocker.shutdown();
		}
	}

	private RedisAuthCacheStore store(boolean unifiedJedis) {
		return store(unifiedJedis, 1);
	}

	// customize(..) is deprecated from Spring Data Redis 4.1 on; 4.0 has only it
	@SuppressWarnings("deprecation")
	private RedisAuthCacheStore store(boolean unifiedJedis, int poolSize) {
		// setUseUnifiedJedis exists from Spring Data Redis 4.1 (Spring Boot 4.1) on
		Method setUseUnifiedJedis = ReflectionUtils.findMethod(JedisConnectionFactory.class, "setUseUnifiedJedis",
				boolean.class);
		assumeTrue(setUseUnifiedJedis != null || !unifiedJedis, "Spring Data Redis 4.0 has no unified mode");
		JedisPoolConfig pool = new JedisPoolConfig();
		pool.setMaxTotal(poolSize);
		pool.setMaxIdle(poolSize);
		pool.setMaxWait(Duration.ofMillis(100));
		this.connectionFactory = new CountingConnectionFactory(
				new RedisStandaloneConfiguration(this.redis.host(), this.redis.port()),
				JedisClientConfiguration.builder()
					.readTimeout(READ_TIMEOUT)
					.connectTimeout(READ_TIMEOUT)
					.customize((config) -> config.clientSetInfoConfig(ClientSetInfoConfig.DISABLED))
					.usePooling()
					.poolConfig(pool)
					.build());
		if (setUseUnifiedJedis != null) {
			ReflectionUtils.invokeMethod(setUseUnifiedJedis, this.connectionFactory, unifiedJedis);
		}
		this.connectionFactory.afterPropertiesSet();
		this.connectionFactory.start();
		return new RedisAuthCacheStore(new StringRedisTemplate(this.connectionFactory));
	}

	private void assertRead(EntryRead read) {
		assertThat(new String(read.value(), StandardCharsets.UTF_8)).isEqualTo("value");
		assertThat(read.markKeys()).isEqualTo(MARKS);
		assertThat(read.marks()).containsExactly(null, "42");
	}

	private void resetCommandStats() {
		try (Jedis jedis = this.redis.jedis()) {
			jedis.configResetStat();
		}
	}

	private long commandCalls(String command) {
		String stats = this.redis.infoField("commandstats", "cmdstat_" + command);
		if (stats == null) {
			return 0;
		}
		String calls = stats.substring(stats.indexOf("calls=") + 6);
		return Long.parseLong(calls.substring(0, calls.indexOf(',')));
	}

	/**
	 * A Jedis connection factory counting the connections Spring Data makes.
	 */
	private final class CountingConnectionFactory extends JedisConnectionFactory {

		CountingConnectionFactory(RedisStandaloneConfiguration configuration, JedisClientConfiguration client) {
			super(configuration, client);
		}

		@Override
		public RedisConnection getConnection() {
			RedisAuthCacheStoreTests.this.springConnections.incrementAndGet();
			return super.getConnection();
		}

	}

}
