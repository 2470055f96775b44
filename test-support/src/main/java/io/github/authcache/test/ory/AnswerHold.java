/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.test.ory;

import java.time.Duration;

/**
 * Holds the answers of lookups (Kratos whoami and Hydra introspection) <em>after</em> the
 * stub has read the session or token state and built the answer, until the test releases
 * them: a lookup "in flight" then really carries the state it read, even when the state
 * changes before it is answered. Revocation, admin and logout requests are never held, so
 * a test can revoke while lookups are held. The answers are sent unchanged (same status,
 * headers and body as without the hold).
 * <p>
 * Answers are numbered in the order they read the state. {@link #release()} lets the
 * answers held so far go; later answers are held again, so a test can catch a retry that
 * follows a released answer. {@link #close()} lets every answer go and stops holding.
 *
 * <pre class="code">
 * try (AnswerHold hold = ory.holdAnswersAfterRead()) {
 *     // start lookups on other threads
 *     hold.awaitReads(1, Duration.ofSeconds(5)); // a lookup read "active"
 *     ory.revokeSession(sessionId);
 *     hold.release(); // the held answer still says "active"
 * }
 * </pre>
 *
 * @author authcache authors
 * @since 0.1.0
 * @see OryStub#holdAnswersAfterRead()
 */
public final class AnswerHold implements AutoCloseable {

	private int reads;

	private int released;

	private boolean open;

	AnswerHold() {
	}

	/**
	 * Wait until the given number of lookups, counted from the start of the hold, have
	 * read the state.
	 * @param count the number of reads to wait for
	 * @param timeout how long to wait at most
	 * @return whether that many lookups read the state in time
	 * @throws InterruptedException when interrupted while waiting
	 */
	public synchronized boolean awaitReads(int count, Duration timeout) throws InterruptedException {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (this.reads < count) {
			long left = deadline - System.nanoTime();
			if (left <= 0) {
				return false;
			}
			wait(Math.max(1, left / 1_000_000));
		}
		return true;
	}

	/**
	 * Return the number of lookups that have read the state since the hold began.
	 * @return the number of reads
	 */
	public synchronized int reads() {
		return this.reads;
	}

	/**
	 * Return the number of answers held now.
	 * @return the number of held answers
	 */
	public synchronized int held() {
		return this.open ? 0 : this.reads - this.released;
	}

	/**
	 * Let the answers held so far go; answers that read the state afterwards are held
	 * again.
	 */
	public synchronized void release() {
		this.released = this.reads;
		notifyAll();
	}

	/**
	 * Let every answer go and stop holding.
	 */
	@Override
	public synchronized void close() {
		this.open = true;
		notifyAll();
	}

	/**
	 * Count an answer that has read the state and wait until it is released.
	 * @throws InterruptedException when interrupted while held
	 */
	synchronized void hold() throws InterruptedException {
		if (this.open) {
			return;
		}
		int ticket = ++this.reads;
		notifyAll();
		while (!this.open && ticket > this.released) {
			wait();
		}
	}

}
