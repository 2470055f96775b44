/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.topology;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Instant;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.github.authcache.cache.CacheLookup;
import io.github.authcache.cache.RevocationStore;
import io.github.authcache.credential.Credential;
import io.github.authcache.credential.CredentialType;
import io.github.authcache.test.ory.KratosSessionSpec;
import io.github.authcache.test.ory.OryStub;
import io.github.authcache.test.redis.RedisServer;
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

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a Redis hit costs on each topology, counted in store calls and in the commands
 * Redis ran ({@code INFO commandstats}): on standalone Redis and Sentinel one pipeline of
 * {@code GET} and {@code MGET} once the entry's marks are known; on Cluster one
 * {@code GET} per key, sent per node on the calling thread, never through Spring Data's
 * cross-slot splitter (which starts a thread per slot). Revocation marks written between
 * two hits are honoured on the next hit.
 *
 * @author authcache authors
 */
@ParameterizedClass(name = "{0}")
@EnumSource(Topology.class)
class RoundTripTests {

	private static final Pattern CALLS = Pattern.compile("calls=(\\d+)");

	private static final OryStub ory = OryStub.start();

	private static @Nullable RunningTopology redis;

	@Parameter
	private Topology topology;

	@BeforeParameterizedClassInvocation
	static void startRedis(Topology topology) {
		redis = topology.start();
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
			if (this.topology == Topology.CLUSTER) {
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
			assertThat(commandCalls((this.topology == Topology.CLUSTER) ? "get" : "mget"))
				.isEqualTo((this.topology == Topology.CLUSTER) ? 4 : 1);
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
				jedis.set(mark, Long.toString(micros(Instant.now())));
			}
			starter.recorder().resetCalls();
			assertThat(starter.lookup(token)).isInstanceOf(CacheLookup.Authenticated.class);
			assertThat(ory.whoamiCalls()).as("the entry fetched before the mark is not used").isEqualTo(2);
			assertThat(starter.recorder().calls("AuthCacheStore.getWithMarks")).as("a hinted read").isOne();
		});
	}

	private void withStarter(TopologyTests.ThrowingConsumer<Starter> test) {
		Starter.runner(redis(), ory).withPropertyValues("authcache.cache.epoch-check-interval=1h").run((context) -> {
			Starter starter = new Starter(context);
			test.accept(starter);
			assertThat(starter.recorder().failures()).as("failed store calls on %s", this.topology).isEmpty();
		});
	}

	private static void resetCommandStats() {
		for (RedisServer master : redis().masters()) {
			try (Jedis jedis = master.jedis()) {
				jedis.configResetStat();
			}
		}
	}

	/**
	 * Return how often the masters ran a command since the statistics were reset.
	 * @param command the command, in lower case
	 * @return the number of calls on all masters
	 */
	private static long commandCalls(String command) {
		long calls = 0;
		for (RedisServer master : redis().masters()) {
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
