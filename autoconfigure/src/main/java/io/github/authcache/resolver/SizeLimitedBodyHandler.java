/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.resolver;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

import org.jspecify.annotations.Nullable;

/**
 * Reads a response body into a byte array, up to a limit: a body that declares a larger
 * {@code Content-Length}, or that grows past the limit while it arrives, ends the
 * exchange at once (the subscription is cancelled, which closes the connection) instead
 * of being buffered. {@link #cancel()} ends a body that is still arriving, for a caller
 * whose deadline has passed.
 *
 * @author authcache authors
 */
final class SizeLimitedBodyHandler implements HttpResponse.BodyHandler<byte[]> {

	private final long maxSize;

	private volatile @Nullable Body body;

	SizeLimitedBodyHandler(long maxSize) {
		this.maxSize = maxSize;
	}

	@Override
	public HttpResponse.BodySubscriber<byte[]> apply(HttpResponse.ResponseInfo responseInfo) {
		Body created = new Body(this.maxSize, responseInfo.headers().firstValueAsLong("Content-Length").orElse(-1));
		this.body = created;
		return created;
	}

	/**
	 * Stop reading the body, if it is being read.
	 */
	void cancel() {
		Body current = this.body;
		if (current != null) {
			current.cancel();
		}
	}

	/**
	 * Thrown (as the cause of the failed exchange) when a body is larger than the limit.
	 */
	static final class TooLargeException extends IOException {

		TooLargeException(long maxSize) {
			super("The response body is larger than " + maxSize + " bytes");
		}

	}

	private static final class Body implements HttpResponse.BodySubscriber<byte[]> {

		private final long maxSize;

		private final long declaredSize;

		private final CompletableFuture<byte[]> result = new CompletableFuture<>();

		private final List<ByteBuffer> buffers = new ArrayList<>();

		private long received;

		private volatile Flow.@Nullable Subscription subscription;

		Body(long maxSize, long declaredSize) {
			this.maxSize = maxSize;
			this.declaredSize = declaredSize;
		}

		@Override
		public CompletionStage<byte[]> getBody() {
			return this.result;
		}

		@Override
		public void onSubscribe(Flow.Subscription subscription) {
			this.subscription = subscription;
			if (this.declaredSize > this.maxSize) {
				tooLarge();
				return;
			}
			subscription.request(Long.MAX_VALUE);
		}

		@Override
		public void onNext(List<ByteBuffer> items) {
			if (this.result.isDone()) {
				return;
			}
			for (ByteBuffer item : items) {
				this.received += item.remaining();
				if (this.received > this.maxSize) {
					tooLarge();
					return;
				}
				this.buffers.add(item);
			}
		}

		@Override
		public void onError(Throwable throwable) {
			this.buffers.clear();
			this.result.completeExceptionally(throwable);
		}

		@Override
		public void onComplete() {
			if (this.result.isDone()) {
				return;
			}
			byte[] bytes = new byte[(int) this.received];
			int offset = 0;
			for (ByteBuffer buffer : this.buffers) {
				int length = buffer.remaining();
				buffer.get(bytes, offset, length);
				offset += length;
			}
			this.buffers.clear();
			this.result.complete(bytes);
		}

		private void tooLarge() {
			this.buffers.clear();
			this.result.completeExceptionally(new TooLargeException(this.maxSize));
			cancel();
		}

		void cancel() {
			Flow.Subscription current = this.subscription;
			if (current != null) {
				current.cancel();
			}
		}

	}

}
