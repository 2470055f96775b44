/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.resolver;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.transport.RequestReplySenderContext;
import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * The HTTP client the built-in resolvers call their upstream with: one pooled JDK
 * {@link HttpClient} (HTTP/1.1, keep-alive, no redirects).
 * <p>
 * <b>One deadline covers the whole exchange</b>: connecting, the response headers and
 * every byte of the body. The call is sent asynchronously and the calling thread waits
 * for at most the deadline; when it passes, the exchange is cancelled (the connection is
 * closed) and the thread returns. A body larger than the size cap (1 MiB by default) ends
 * the exchange as soon as its {@code Content-Length} or its bytes say so, without being
 * buffered. A deadline that passes, a body too large, a connection that fails: each is an
 * {@link UpstreamUnavailableException} (no verdict, never cached).
 * <p>
 * Why the JDK client and not Spring's {@code RestClient}: every {@code RestClient}
 * request factory bounds only the wait for the headers or each single read (a body that
 * trickles one byte a second resets a read timeout forever), and reads the body on the
 * calling thread from a blocking stream, so a total deadline would have to be built
 * around it anyway, and it could not release the calling thread while a read blocks. The
 * JDK client's asynchronous API gives both the deadline and the cancellation, and keeps
 * the resolvers free of {@code spring-web}. What {@code RestClient} would have brought is
 * added here: every call is a Micrometer {@link Observation} named
 * {@value #OBSERVATION_NAME} (low-cardinality {@code upstream}, {@code method} and
 * {@code outcome}), and its sender context lets a tracing handler propagate the trace
 * ({@code traceparent}) to the identity provider.
 *
 * @author authcache authors
 * @since 0.1.0
 */
public final class UpstreamHttpClient {

	/**
	 * Name of the observation of each upstream call.
	 */
	public static final String OBSERVATION_NAME = "authcache.upstream.http";

	/**
	 * Default size cap of a response body: 1 MiB.
	 */
	public static final long DEFAULT_MAX_RESPONSE_SIZE = 1024 * 1024;

	private final HttpClient client;

	private final Duration deadline;

	private long maxResponseSize = DEFAULT_MAX_RESPONSE_SIZE;

	private ObservationRegistry observationRegistry = ObservationRegistry.NOOP;

	/**
	 * Create a client with the given timeouts.
	 * @param connectTimeout how long to wait for a connection
	 * @param deadline how long a whole call may take, from sending the request to the
	 * last byte of the response
	 */
	public UpstreamHttpClient(Duration connectTimeout, Duration deadline) {
		this(HttpClient.newBuilder().connectTimeout(positive(connectTimeout, "connectTimeout")), deadline);
	}

	/**
	 * Create a client with the given timeouts on a client builder of the caller's own (an
	 * {@code SSLContext}, a proxy). The builder's version and redirect policy are set
	 * here.
	 * @param builder the client builder, with its connect timeout set
	 * @param deadline how long a whole call may take, from sending the request to the
	 * last byte of the response
	 */
	public UpstreamHttpClient(HttpClient.Builder builder, Duration deadline) {
		this.client = builder.version(HttpClient.Version.HTTP_1_1).followRedirects(HttpClient.Redirect.NEVER).build();
		this.deadline = positive(deadline, "deadline");
	}

	/**
	 * Set the largest response body accepted. Defaults to
	 * {@link #DEFAULT_MAX_RESPONSE_SIZE}.
	 * @param maxResponseSize the size in bytes
	 */
	public void setMaxResponseSize(long maxResponseSize) {
		Assert.isTrue(maxResponseSize > 0 && maxResponseSize < Integer.MAX_VALUE,
				"'maxResponseSize' must be positive and less than 2 GiB");
		this.maxResponseSize = maxResponseSize;
	}

	/**
	 * Set the registry to observe calls with. Defaults to
	 * {@link ObservationRegistry#NOOP}.
	 * @param observationRegistry the registry
	 */
	public void setObservationRegistry(ObservationRegistry observationRegistry) {
		Assert.notNull(observationRegistry, "'observationRegistry' must not be null");
		this.observationRegistry = observationRegistry;
	}

	/**
	 * Send the request and read the whole response, within the deadline.
	 * @param request the request, without a timeout (the client sets it)
	 * @param upstreamName the upstream's name, for error messages and the observation
	 * @return the response
	 * @throws UpstreamUnavailableException when no whole response arrives in time, or it
	 * is too large
	 */
	public HttpResponse<byte[]> send(HttpRequest.Builder request, String upstreamName) {
		RequestReplySenderContext<HttpRequest.Builder, HttpResponse<byte[]>> context = new RequestReplySenderContext<>(
				HttpRequest.Builder::setHeader);
		context.setCarrier(request);
		context.setRemoteServiceName(upstreamName);
		HttpRequest built = request.timeout(this.deadline).build();
		Observation observation = Observation
			.createNotStarted(OBSERVATION_NAME, () -> context, this.observationRegistry)
			.contextualName(built.method() + " " + upstreamName)
			.lowCardinalityKeyValue("upstream", upstreamName)
			.lowCardinalityKeyValue("method", built.method())
			.highCardinalityKeyValue("uri", built.uri().toString())
			.start();
		// Started before the build so that a tracing handler's headers are on the request
		try (Observation.Scope scope = observation.openScope()) {
			HttpResponse<byte[]> response = exchange(request.build(), upstreamName);
			context.setResponse(response);
			observation.lowCardinalityKeyValue("outcome", String.valueOf(response.statusCode()));
			return response;
		}
		catch (UpstreamUnavailableException ex) {
			observation.lowCardinalityKeyValue("outcome", "NO_ANSWER");
			observation.error(ex);
			throw ex;
		}
		finally {
			observation.stop();
		}
	}

	private HttpResponse<byte[]> exchange(HttpRequest request, String upstreamName) {
		SizeLimitedBodyHandler body = new SizeLimitedBodyHandler(this.maxResponseSize);
		CompletableFuture<HttpResponse<byte[]>> response = this.client.sendAsync(request, body);
		try {
			return response.get(this.deadline.toNanos(), TimeUnit.NANOSECONDS);
		}
		catch (TimeoutException ex) {
			throw new UpstreamUnavailableException(upstreamName + " did not answer within " + this.deadline, null, ex);
		}
		catch (ExecutionException ex) {
			Throwable cause = ex.getCause();
			String problem = isTooLarge(cause) ? " answered more than " + this.maxResponseSize + " bytes"
					: " did not answer: " + cause;
			throw new UpstreamUnavailableException(upstreamName + problem, null, cause);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new UpstreamUnavailableException(upstreamName + " call was interrupted", null, ex);
		}
		finally {
			if (!response.isDone()) {
				response.cancel(true);
				body.cancel();
			}
		}
	}

	private static boolean isTooLarge(@Nullable Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof SizeLimitedBodyHandler.TooLargeException) {
				return true;
			}
		}
		return false;
	}

	private static Duration positive(Duration duration, String name) {
		Assert.isTrue(!duration.isNegative() && !duration.isZero(), () -> "'" + name + "' must be positive");
		return duration;
	}

	/**
	 * Return the {@code Retry-After} delay of a response, when it is given in seconds.
	 * @param response the response
	 * @return the delay, or {@code null}
	 */
	public static @Nullable Duration retryAfter(HttpResponse<?> response) {
		Optional<String> value = response.headers().firstValue("Retry-After");
		if (value.isEmpty()) {
			return null;
		}
		try {
			return Duration.ofSeconds(Long.parseLong(value.get().trim()));
		}
		catch (NumberFormatException ex) {
			return null;
		}
	}

	/**
	 * Return an exception for a response that carries no verdict.
	 * @param response the response
	 * @param upstreamName the upstream's name
	 * @return the exception
	 */
	public static UpstreamUnavailableException unexpected(HttpResponse<?> response, String upstreamName) {
		return new UpstreamUnavailableException(upstreamName + " answered HTTP " + response.statusCode(),
				retryAfter(response), null);
	}

}
