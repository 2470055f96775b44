/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.topology;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.github.authcache.cache.CacheLookup;
import io.github.authcache.cache.MarkSeal;
import io.github.authcache.cache.RevocationStore;
import io.github.authcache.credential.Credential;
import io.github.authcache.credential.CredentialType;
import io.github.authcache.test.ory.KratosSessionSpec;
import io.github.authcache.test.ory.OryStub;
import io.github.authcache.test.redis.RedisServer;
import io.github.authcache.test.redis.RedisTopology;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import redis.clients.jedis.Jedis;

import org.springframework.boot.test.context.runner.WebApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a Redis hit costs on each topology, counted in store calls and in the commands
 * Redis ran ({@code INFO commandstats}): on standalone Redis and Sentinel one
 * {@code MGET} of the entry and its marks once the marks are known; on Cluster one
 * {@code GET} per key, sent per node on the calling thread, never through Spring Data's
 * cross-slot splitter (which starts a thread per slot); with a revocation Redis of its
 * own, a {@code GET} on the entries' Redis while the marks' {@code MGET} runs on the
 * other. Where the marks may be read before the entry (the nodes of a cluster, two
 * servers), a young entry's marks are read again; an entry older than the upstream
 * timeout plus the clock skew costs no second read. Revocation marks written between two
 * hits are honoured on the next hit.
 *
 * @author authcache authors
 */
@ParameterizedClass(name = "{0}")
@EnumSource(RedisTopology.class)
class RoundTripTests {

	private static final Pattern CALLS = Pattern.compile("calls=(\\d+)");

	private static final OryStub ory = OryStub.start();

	private static @Nullable RunningTopology redis;

	@Parameter
	private RedisTopology topology;

	@BeforeParameterizedClassInvocation
	static void startRedis(RedisTopology topology) {
		redis = RunningTopology.start(topology);
	}

	@AfterParameterizedClassInvocation
	static void stopRedis() {
		if (redis != null) {
			redis.close();
			redis = null;
		}
	}

	@AfterAll
	static void stopOry() {
		ory.close();
	}

	@BeforeEach
	void setUp() {
		redis().flushAll();
		ory.reset();
		ory.clearState();
		ory.resetCounters();
	}

	@Test
	void lookupWhenHitThenOneStoreCallOrPerNodeReadsOnTheCallingThread() {
		withStarter((starter) -> {
			KratosSessionSpec session = ory.registerSession();
			Credential token = new Credential(CredentialType.SESSION_TOKEN, session.requiredToken());
			assertThat(starter.lookup(token)).isInstanceOf(CacheLookup.Authenticated.class);
			entriesLookOld(starter);
			starter.recorder().resetCalls();
			resetCommandStats();
			ThreadMXBean threads = ManagementFactory.getThreadMXBean();
			long threadsBefore = threads.getTotalStartedThreadCount();
			assertThat(starter.lookup(token)).isInstanceOf(CacheLookup.Authenticated.class);
			assertThat(threads.getTotalStartedThreadCount()).as("threads started by a hit").isEqualTo(threadsBefore);
			assertThat(ory.whoamiCalls()).isEqualTo(1);
			assertThat(starter.recorder().calls("AuthCacheStore.getWithMarks")).isOne();
			assertThat(starter.recorder().calls("AuthCacheStore.get")).isZero();
			assertThat(starter.recorder().calls("RevocationStore.read")).as("a second read").isZero();
			if (this.topology == RedisTopology.CLUSTER) {
				// The entry and its 3 marks (credential, user, session), per node
				assertThat(commandCalls("get")).isEqualTo(4);
				assertThat(commandCalls("mget")).isZero();
			}
			else {
				// One MGET of the entry and its marks: one command, read at once
				assertThat(commandCalls("get")).isZero();
				assertThat(commandCalls("mget")).isOne();
			}
		});
	}

	/**
	 * An entry fetched a moment ago: on a cluster its marks on other nodes may have been
	 * read before it, so they are read again; on one server they were read after it.
	 */
	@Test
	void lookupWhenHitOnAYoungEntryThenMarksReadAgainOnlyWhereTheyMayPrecedeIt() {
		withStarter((starter) -> {
			KratosSessionSpec session = ory.registerSession();
			Credential token = new Credential(CredentialType.SESSION_TOKEN, session.requiredToken());
			starter.lookup(token);
			starter.recorder().resetCalls();
			assertThat(starter.lookup(token)).isInstanceOf(CacheLookup.Authenticated.class);
			assertThat(ory.whoamiCalls()).isEqualTo(1);
			assertThat(starter.recorder().calls("AuthCacheStore.getWithMarks")).isOne();
			String entryKey = starter.cache().entryKeys(token).get(0);
			List<String> marks = List.of(starter.keys().credentialMarkKey(entryKey),
					starter.keys().userMarkKey(session.identityId()),
					starter.keys().sessionMarkKey(session.sessionId()));
			RedisServer entryNode = redis().masterOf(entryKey);
			boolean unordered = marks.stream().anyMatch((mark) -> !redis().masterOf(mark).equals(entryNode));
			assertThat(starter.recorder().calls("RevocationStore.read")).as("marks read again")
				.isEqualTo(unordered ? 1 : 0);
			if (this.topology != RedisTopology.CLUSTER) {
				assertThat(unordered).isFalse();
			}
		});
	}

	/**
	 * With {@code authcache.revocation.redis-url}, both Redis are read at once: the
	 * marks' {@code MGET} is sent, the entry read, then the marks' reply read. An old
	 * entry costs nothing more; a young one has its marks read again.
	 */
	@Test
	void lookupWhenHitWithARevocationRedisOfItsOwnThenBothAreReadAtOnce() {
		try (RedisServer marksRedis = RedisServer.startDefault()) {
			withStarter(Starter.runner(redis(), ory)
				.withPropertyValues("authcache.revocation.redis-url=redis://127.0.0.1:" + marksRedis.port() + "/0"),
					(starter) -> {
						KratosSessionSpec session = ory.registerSession();
						Credential token = new Credential(CredentialType.SESSION_TOKEN, session.requiredToken());
						assertThat(starter.lookup(token)).isInstanceOf(CacheLookup.Authenticated.class);
						entriesLookOld(starter);
						starter.recorder().resetCalls();
						resetCommandStats();
						resetCommandStats(marksRedis);
						assertThat(starter.lookup(token)).isInstanceOf(CacheLookup.Authenticated.class);
						assertThat(ory.whoamiCalls()).isEqualTo(1);
						assertThat(starter.recorder().calls("RevocationStore.readAlongside")).isOne();
						assertThat(starter.recorder().calls("AuthCacheStore.get")).as("the entry, meanwhile").isOne();
						assertThat(starter.recorder().calls("AuthCacheStore.getWithMarks")).isZero();
						assertThat(starter.recorder().calls("RevocationStore.read")).as("a second read").isZero();
						assertThat(commandCalls("get")).isOne();
						assertThat(commandCalls("mget")).isZero();
						assertThat(commandCalls(List.of(marksRedis), "mget")).isOne();
						starter.cache().setClock(Clock.systemUTC());
						starter.recorder().resetCalls();
						assertThat(starter.lookup(token)).isInstanceOf(CacheLookup.Authenticated.class);
						assertThat(starter.recorder().calls("RevocationStore.readAlongside")).isOne();
						assertThat(starter.recorder().calls("RevocationStore.read")).as("a young entry's second read")
							.isOne();
						assertThat(commandCalls(List.of(marksRedis), "mget")).isEqualTo(3);
					});
		}
	}

	@Test
	void readMarksInManySlotsThenNoThreadIsStartedAndNoCrossSlotCommandSent() {
		withStarter((starter) -> {
			List<String> marks = List.of(starter.keys().userMarkKey("user-1"), starter.keys().userMarkKey("user-2"),
					starter.keys().sessionMarkKey("session-1"), starter.keys().sessionMarkKey("session-2"));
			String mark = marks.get(2);
			try (Jedis jedis = redis().masterOf(mark).jedis()) {
				jedis.set(mark, "42");
			}
			RevocationStore store = starter.context().getBean(RevocationStore.class);
			store.read(marks);
			resetCommandStats();
			ThreadMXBean threads = ManagementFactory.getThreadMXBean();
			long threadsBefore = threads.getTotalStartedThreadCount();
			assertThat(store.read(marks)).containsExactly(null, null, "42", null);
			assertThat(threads.getTotalStartedThreadCount()).as("threads started by a read").isEqualTo(threadsBefore);
			assertThat(commandCalls((this.topology == RedisTopology.CLUSTER) ? "get" : "mget"))
				.isEqualTo((this.topology == RedisTopology.CLUSTER) ? 4 : 1);
		});
	}

	@Test
	void lookupWhenMarkWrittenBetweenTwoHitsThenTheNextHitHonoursIt() {
		withStarter((starter) -> {
			KratosSessionSpec session = ory.registerSession();
			Credential token = new Credential(CredentialType.SESSION_TOKEN, session.requiredToken());
			starter.lookup(token);
			assertThat(starter.lookup(token)).isInstanceOf(CacheLookup.Authenticated.class);
			assertThat(ory.whoamiCalls()).isEqualTo(1);
			// Another instance revoked the user: the mark is in Redis, not in this
			// process
			String mark = starter.keys().userMarkKey(session.identityId());
			try (Jedis jedis = redis().masterOf(mark).jedis()) {
				jedis.set(mark,
						starter.context().getBean(MarkSeal.class).sealMark(mark, Long.toString(micros(Instant.now()))));
			}
			starter.recorder().resetCalls();
			assertThat(starter.lookup(token)).isInstanceOf(CacheLookup.Authenticated.class);
			assertThat(ory.whoamiCalls()).as("the entry fetched before the mark is not used").isEqualTo(2);
			assertThat(starter.recorder().calls("AuthCacheStore.getWithMarks")).as("a hinted read").isOne();
		});
	}

	/**
	 * Have the cache look at its entries 20 seconds later than they were fetched: older
	 * than the upstream timeout (2 seconds here) plus the clock skew (5 seconds), well
	 * within their 60 second TTL.
	 * @param starter the starter
	 */
	private static void entriesLookOld(Starter starter) {
		starter.cache().setClock(Clock.offset(Clock.systemUTC(), Duration.ofSeconds(20)));
	}

	private void withStarter(TopologyTests.ThrowingConsumer<Starter> test) {
		withStarter(Starter.runner(redis(), ory), test);
	}

	private void withStarter(WebApplicationContextRunner runner, TopologyTests.ThrowingConsumer<Starter> test) {
		runner.withPropertyValues("authcache.cache.epoch-check-interval=1h").run((context) -> {
			Starter starter = new Starter(context);
			test.accept(starter);
			assertThat(starter.recorder().failures()).as("failed store calls on %s", this.topology).isEmpty();
		});
	}

	private static void resetCommandStats() {
		for (RedisServer master : redis().masters()) {
			resetCommandStats(master);
		}
	}

	private static void resetCommandStats(RedisServer server) {
		try (Jedis jedis = server.jedis()) {
			jedis.configResetStat();
		}
	}

	/**
	 * Return how often the masters ran a command since the statistics were reset.
	 * @param command the command, in lower case
	 * @return the number of calls on all masters
	 */
	private static long commandCalls(String command) {
		return commandCalls(redis().masters(), command);
	}

	/**
	 * Return how often some servers ran a command since the statistics were reset.
	 * @param servers the servers
	 * @param command the command, in lower case
	 * @return the number of calls on all of them
	 */
	private static long commandCalls(List<RedisServer> servers, String command) {
		long calls = 0;
		for (RedisServer master : servers) {
			try (Jedis jedis = master.jedis()) {
				for (String line : jedis.info("commandstats").split("\r?\n")) {
					if (line.startsWith("cmdstat_" + command + ":")) {
						Matcher matcher = CALLS.matcher(line);
						calls += matcher.find() ? Long.parseLong(matcher.group(1)) : 0;
					}
				}
			}
		}
		return calls;
	}

	private static long micros(Instant instant) {
		return instant.getEpochSecond() * 1_000_000L + instant.getNano() / 1_000;
	}

	private static RunningTopology redis() {
		RunningTopology running = redis;
		assertThat(running).as("the Redis deployment").isNotNull();
		return running;
	}

}
