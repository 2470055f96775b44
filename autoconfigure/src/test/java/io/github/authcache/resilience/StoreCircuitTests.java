/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.resilience;

import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import java.util.function.Supplier;

import io.github.authcache.cache.CacheStoreException;
import io.github.authcache.cache.StoreFailure;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link StoreCircuit}: what each kind of failed or slow call tells the
 * breaker.
 *
 * @author authcache authors
 */
class StoreCircuitTests {

	private final CircuitBreaker breaker = CircuitBreaker.of("test",
			CircuitBreakerConfig.custom().slowCallDurationThreshold(Duration.ofMillis(1)).build());

	private final StoreCircuit circuit = new StoreCircuit(this.breaker);

	@Test
	void callWhenPoolExhaustedThenNotRecorded() {
		fail(StoreFailure.BUSY);
		assertThat(this.breaker.getMetrics().getNumberOfFailedCalls()).isZero();
		assertThat(this.breaker.getMetrics().getNumberOfBufferedCalls()).isZero();
	}

	@Test
	void callWhenConnectionRefusedThenAFailure() {
		fail(StoreFailure.UNAVAILABLE);
		assertThat(this.breaker.getMetrics().getNumberOfFailedCalls()).isOne();
	}

	@Test
	void callWhenTimedOutAndNoOtherCallCompletedThenAFailure() {
		fail(StoreFailure.TIMEOUT);
		assertThat(this.breaker.getMetrics().getNumberOfFailedCalls()).isOne();
	}

	@Test
	void callWhenTimedOutAfterAnotherCallCompletedThenNotRecorded() throws Exception {
		whileAnotherCallCompletes(this.circuit::call, () -> {
			throw exception(StoreFailure.TIMEOUT);
		});
		assertThat(this.breaker.getMetrics().getNumberOfFailedCalls()).isZero();
		assertThat(this.breaker.getMetrics().getNumberOfSuccessfulCalls()).isOne();
	}

	@Test
	void readWhenTimedOutAfterAnotherCallCompletedThenTriedOnceMore() throws Exception {
		AtomicInteger attempts = new AtomicInteger();
		CompletableFuture<Object> read = whileAnotherCallCompletes(
				(operation, call) -> this.circuit.read(operation, call, BypassListener.NONE), () -> {
					if (attempts.incrementAndGet() == 1) {
						throw exception(StoreFailure.TIMEOUT);
					}
					return "second attempt";
				});
		assertThat(read.get()).isEqualTo("second attempt");
		assertThat(attempts).hasValue(2);
		assertThat(this.breaker.getMetrics().getNumberOfFailedCalls()).isZero();
	}

	@Test
	void readWhenTimedOutAfterAnEarlierCallCompletedThenAFailureAndNotTriedAgain() {
		// Redis hangs right after answering a call that started before this one
		CountDownLatch earlierStarted = new CountDownLatch(1);
		CountDownLatch readStarted = new CountDownLatch(1);
		CompletableFuture<@Nullable Object> earlier = CompletableFuture
			.supplyAsync(() -> this.circuit.call("GET", () -> {
				earlierStarted.countDown();
				await(readStarted);
				return "answered before the hang";
			}));
		await(earlierStarted);
		AtomicInteger attempts = new AtomicInteger();
		assertThatExceptionOfType(CacheStoreException.class).isThrownBy(() -> this.circuit.read("GET", () -> {
			attempts.incrementAndGet();
			readStarted.countDown();
			earlier.orTimeout(5, TimeUnit.SECONDS).join();
			throw exception(StoreFailure.TIMEOUT);
		}, BypassListener.NONE));
		assertThat(attempts).hasValue(1);
		assertThat(this.breaker.getMetrics().getNumberOfFailedCalls()).isOne();
	}

	@Test
	void readWhenTimedOutAndNoOtherCallCompletedThenNotTriedAgain() {
		AtomicInteger attempts = new AtomicInteger();
		assertThatExceptionOfType(CacheStoreException.class).isThrownBy(() -> this.circuit.read("GET", () -> {
			attempts.incrementAndGet();
			throw exception(StoreFailure.TIMEOUT);
		}, BypassListener.NONE));
		assertThat(attempts).hasValue(1);
	}

	@Test
	void callWhenSlowAndAloneThenSlow() throws Exception {
		this.circuit.call("GET", () -> sleep(20));
		assertThat(this.breaker.getMetrics().getNumberOfSlowSuccessfulCalls()).isOne();
	}

	@Test
	void callWhenSlowAndOvertakenThenNotSlow() throws Exception {
		whileAnotherCallCompletes(this.circuit::call, () -> sleep(20));
		assertThat(this.breaker.getMetrics().getNumberOfSuccessfulCalls()).isEqualTo(2);
		assertThat(this.breaker.getMetrics().getNumberOfSlowSuccessfulCalls()).isZero();
	}

	@Test
	void callWhenSlowWhileAnEarlierCallCompletedThenNotSlow() throws Exception {
		// A fair pool: the call that waited longer gets its connection first
		CountDownLatch slowStarted = new CountDownLatch(1);
		CountDownLatch earlierStarted = new CountDownLatch(1);
		CompletableFuture<@Nullable Object> earlier = CompletableFuture
			.supplyAsync(() -> this.circuit.call("GET", () -> {
				earlierStarted.countDown();
				await(slowStarted);
				return "answered while the slow call waited";
			}));
		await(earlierStarted);
		List<Duration> recorded = new CopyOnWriteArrayList<>();
		this.breaker.getEventPublisher().onSuccess((event) -> recorded.add(event.getElapsedDuration()));
		this.circuit.call("GET", () -> {
			slowStarted.countDown();
			earlier.orTimeout(5, TimeUnit.SECONDS).join();
			return sleep(20);
		});
		// The earlier call, alone when it completed, may count as slow; the slow one not
		assertThat(recorded).hasSize(2);
		assertThat(recorded.get(1)).isZero();
	}

	@Test
	void callWhenCircuitOpenThenNotAttempted() {
		this.breaker.transitionToOpenState();
		assertThatExceptionOfType(CacheStoreException.class).isThrownBy(() -> this.circuit.call("GET", () -> "never"))
			.satisfies((ex) -> assertThat(ex.getFailure()).isEqualTo(StoreFailure.CIRCUIT_OPEN));
	}

	@Test
	void writeWhenTimedOutWhileAReadCompletedThenAFailureOfTheWrites() throws Exception {
		// A Redis that pauses its writes answers reads meanwhile
		CircuitBreaker writes = CircuitBreaker.ofDefaults("writes");
		StoreCircuit circuit = new StoreCircuit(this.breaker, writes);
		CountDownLatch writeStarted = new CountDownLatch(1);
		CountDownLatch readCompleted = new CountDownLatch(1);
		CompletableFuture<Object> write = CompletableFuture.supplyAsync(() -> {
			try {
				return circuit.write("SET", () -> {
					writeStarted.countDown();
					await(readCompleted);
					throw exception(StoreFailure.TIMEOUT);
				});
			}
			catch (CacheStoreException ex) {
				return ex;
			}
		});
		await(writeStarted);
		circuit.read("GET", () -> "answered", BypassListener.NONE);
		readCompleted.countDown();
		assertThat(write.get(5, TimeUnit.SECONDS)).isInstanceOf(CacheStoreException.class);
		assertThat(writes.getMetrics().getNumberOfFailedCalls()).isOne();
		assertThat(this.breaker.getMetrics().getNumberOfFailedCalls()).isZero();
		assertThat(this.breaker.getMetrics().getNumberOfSuccessfulCalls()).isOne();
	}

	@Test
	void writeWhenTimedOutAfterALaterWriteCompletedThenNotRecorded() throws Exception {
		whileAnotherCallCompletes(this.circuit::write, this.circuit::write, () -> {
			throw exception(StoreFailure.TIMEOUT);
		});
		assertThat(this.breaker.getMetrics().getNumberOfFailedCalls()).isZero();
		assertThat(this.breaker.getMetrics().getNumberOfSuccessfulCalls()).isOne();
	}

	@Test
	void writeWhenReadsCircuitOpenThenNotAttempted() {
		StoreCircuit circuit = new StoreCircuit(this.breaker, CircuitBreaker.ofDefaults("writes"));
		this.breaker.transitionToOpenState();
		AtomicInteger attempts = new AtomicInteger();
		assertThatExceptionOfType(CacheStoreException.class)
			.isThrownBy(() -> circuit.write("SET", attempts::incrementAndGet))
			.satisfies((ex) -> assertThat(ex.getFailure()).isEqualTo(StoreFailure.CIRCUIT_OPEN));
		assertThat(attempts).hasValue(0);
	}

	@Test
	void writeWhenReadsCircuitWaitIsOverThenAttemptedAsItsProbe() {
		CircuitBreaker reads = CircuitBreaker.of("reads",
				CircuitBreakerConfig.custom().waitDurationInOpenState(Duration.ofMillis(1)).build());
		StoreCircuit circuit = new StoreCircuit(reads, CircuitBreaker.ofDefaults("writes"));
		reads.transitionToOpenState();
		sleep(20);
		assertThat(circuit.write("SET", () -> "written")).isEqualTo("written");
		assertThat(reads.getState()).as("the write probed Redis for the reads")
			.isEqualTo(CircuitBreaker.State.HALF_OPEN);
		assertThat(reads.getMetrics().getNumberOfSuccessfulCalls()).isEqualTo(1);
	}

	@Test
	void readWhenWritesCircuitOpenThenAttempted() {
		CircuitBreaker writes = CircuitBreaker.ofDefaults("writes");
		StoreCircuit circuit = new StoreCircuit(this.breaker, writes);
		writes.transitionToOpenState();
		assertThat(circuit.read("GET", () -> "answered", BypassListener.NONE)).isEqualTo("answered");
		assertThatExceptionOfType(CacheStoreException.class).isThrownBy(() -> circuit.write("SET", () -> "never"));
	}

	@Test
	void writeIfAnsweringWhenACallJustFailedThenNotAttemptedUntilALaterCallCompletes() {
		AtomicInteger attempts = new AtomicInteger();
		fail(StoreFailure.TIMEOUT);
		assertThatExceptionOfType(CacheStoreException.class)
			.isThrownBy(() -> this.circuit.writeIfAnswering("INCR", attempts::incrementAndGet))
			.satisfies((ex) -> assertThat(ex.getFailure()).isEqualTo(StoreFailure.CIRCUIT_OPEN));
		assertThat(attempts).hasValue(0);
		this.circuit.read("GET", () -> "answered again", BypassListener.NONE);
		assertThat(this.circuit.writeIfAnswering("INCR", attempts::incrementAndGet)).isEqualTo(1);
	}

	@Test
	void writeIfAnsweringWhenAWriteJustFailedThenNotAttemptedUntilALaterWriteCompletes() {
		AtomicInteger attempts = new AtomicInteger();
		assertThatExceptionOfType(CacheStoreException.class).isThrownBy(() -> this.circuit.write("SET", () -> {
			throw exception(StoreFailure.TIMEOUT);
		}));
		this.circuit.read("GET", () -> "reads flow", BypassListener.NONE);
		assertThatExceptionOfType(CacheStoreException.class)
			.isThrownBy(() -> this.circuit.writeIfAnswering("INCR", attempts::incrementAndGet));
		assertThat(attempts).hasValue(0);
		this.circuit.write("SET", () -> "written");
		assertThat(this.circuit.writeIfAnswering("INCR", attempts::incrementAndGet)).isEqualTo(1);
	}

	@Test
	void writeIfAnsweringWhenATimeoutWasNotRecordedThenAttempted() throws Exception {
		whileAnotherCallCompletes(this.circuit::call, () -> {
			throw exception(StoreFailure.TIMEOUT);
		});
		assertThat(this.circuit.writeIfAnswering("INCR", () -> "counted")).isEqualTo("counted");
	}

	private void fail(StoreFailure failure) {
		assertThatExceptionOfType(CacheStoreException.class).isThrownBy(() -> this.circuit.call("GET", () -> {
			throw exception(failure);
		}));
	}

	/**
	 * Start a call that ends the given way once another call started after it has
	 * completed.
	 * @return the call's result, or the exception it threw
	 */
	private CompletableFuture<Object> whileAnotherCallCompletes(
			BiFunction<String, Supplier<@Nullable Object>, @Nullable Object> circuit, Supplier<@Nullable Object> end)
			throws Exception {
		return whileAnotherCallCompletes(circuit, this.circuit::call, end);
	}

	/**
	 * Start a call that ends the given way once another call, made the given way and
	 * started after it, has completed.
	 * @return the call's result, or the exception it threw
	 */
	private CompletableFuture<Object> whileAnotherCallCompletes(
			BiFunction<String, Supplier<@Nullable Object>, @Nullable Object> circuit,
			BiFunction<String, Supplier<@Nullable Object>, @Nullable Object> other, Supplier<@Nullable Object> end)
			throws Exception {
		CountDownLatch started = new CountDownLatch(1);
		CountDownLatch otherCompleted = new CountDownLatch(1);
		CompletableFuture<Object> first = CompletableFuture.supplyAsync(() -> {
			try {
				return circuit.apply("GET", () -> {
					if (started.getCount() > 0) {
						started.countDown();
						await(otherCompleted);
					}
					return end.get();
				});
			}
			catch (CacheStoreException ex) {
				return ex;
			}
		});
		await(started);
		other.apply("GET", () -> "fast");
		otherCompleted.countDown();
		first.get(5, TimeUnit.SECONDS);
		return first;
	}

	private static CacheStoreException exception(StoreFailure failure) {
		return new CacheStoreException("Redis GET failed", failure, new SocketTimeoutException("Read timed out"));
	}

	private static String sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		return "slow";
	}

	private static void await(CountDownLatch latch) {
		try {
			assertThat(latch.await(5, TimeUnit.SECONDS)).isTrue();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
