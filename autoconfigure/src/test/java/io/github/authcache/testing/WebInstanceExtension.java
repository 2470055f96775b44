/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.testing;

import java.util.List;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Starts a {@link WebInstance} before a test class's tests and stops it after them:
 * {@code @RegisterExtension static final WebInstanceExtension app = new
 * WebInstanceExtension(() -> properties)}. The properties are read when the class starts,
 * so they may name servers started on first use.
 *
 * @author authcache authors
 */
public final class WebInstanceExtension implements BeforeAllCallback, AfterAllCallback {

	private final Supplier<List<String>> properties;

	private @Nullable WebInstance instance;

	/**
	 * Create an extension.
	 * @param properties the application's properties, {@code name=value}
	 */
	public WebInstanceExtension(Supplier<List<String>> properties) {
		this.properties = properties;
	}

	/**
	 * Return the started instance.
	 * @return the instance
	 */
	public WebInstance get() {
		if (this.instance == null) {
			throw new IllegalStateException("The application is started before the test class's tests");
		}
		return this.instance;
	}

	@Override
	public void beforeAll(ExtensionContext context) {
		this.instance = WebInstance.start(this.properties.get());
	}

	@Override
	public void afterAll(ExtensionContext context) {
		if (this.instance != null) {
			this.instance.close();
			this.instance = null;
		}
	}

}
