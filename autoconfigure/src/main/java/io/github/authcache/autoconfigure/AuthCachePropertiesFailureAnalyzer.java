/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.autoconfigure;

import java.util.List;

import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.DataObjectPropertyName;
import org.springframework.boot.context.properties.bind.validation.BindValidationException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.Ordered;
import org.springframework.validation.FieldError;
import org.springframework.validation.ObjectError;

/**
 * Reports a startup that failed on invalid {@code authcache.*} properties: each property,
 * its value, what is wrong with it, and the fix (see
 * {@link AuthCachePropertiesValidator}). Registered in {@code META-INF/spring.factories};
 * ordered before Spring Boot's own analyzer of binding errors.
 *
 * @author authcache authors
 * @since 0.1.0
 */
public final class AuthCachePropertiesFailureAnalyzer extends AbstractFailureAnalyzer<BindException>
		implements Ordered {

	private static final String PREFIX = "authcache";

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, BindException cause) {
		if (!PREFIX.equals(cause.getName().toString())
				|| !(cause.getCause() instanceof BindValidationException validation)) {
			return null;
		}
		List<FieldError> errors = validation.getValidationErrors()
			.getAllErrors()
			.stream()
			.filter((error) -> error instanceof FieldError && AuthCachePropertiesValidator.CODE.equals(error.getCode()))
			.map(FieldError.class::cast)
			.toList();
		if (errors.isEmpty()) {
			return null;
		}
		StringBuilder description = new StringBuilder("Invalid authcache configuration:%n".formatted());
		StringBuilder action = new StringBuilder("Update your application's configuration:%n".formatted());
		for (FieldError error : errors) {
			String property = property(error);
			description
				.append("%n    %s = '%s': %s".formatted(property, error.getRejectedValue(), error.getDefaultMessage()));
			action.append("%n    %s: %s".formatted(property, fix(error)));
		}
		return new FailureAnalysis(description.toString(), action.toString(), cause);
	}

	private static String property(FieldError error) {
		String field = error.getField();
		int index = field.indexOf('[');
		String path = (index < 0) ? field : field.substring(0, index);
		String key = (index < 0) ? "" : field.substring(index);
		return PREFIX + "." + DataObjectPropertyName.toDashedForm(path) + key;
	}

	private static Object fix(ObjectError error) {
		Object[] arguments = error.getArguments();
		return (arguments != null && arguments.length > 0) ? arguments[0] : "correct the value";
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

}
