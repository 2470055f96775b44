/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.autoconfigure;

/**
 * Thrown at startup when a setting is missing or too weak for authcache to run securely;
 * {@link InsecureConfigurationFailureAnalyzer} turns it into a description of the risk
 * and the fix.
 *
 * @author authcache authors
 */
final class InsecureConfigurationException extends RuntimeException {

	private final String action;

	/**
	 * Create an exception.
	 * @param description what is wrong and why it is unsafe
	 * @param action how to fix it
	 */
	InsecureConfigurationException(String description, String action) {
		super(description);
		this.action = action;
	}

	String getAction() {
		return this.action;
	}

}
