/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.credential;

/**
 * The character sets credentials are made of.
 *
 * @author authcache authors
 */
final class CredentialSyntax {

	private CredentialSyntax() {
	}

	/**
	 * Whether the value is a {@code b64token} (RFC 6750 section 2.1):
	 * {@code 1*( ALPHA / DIGIT / "-" / "." / "_" /
	 * "~" / "+" / "/" ) *"="}.
	 * @param value the value
	 * @return whether the value is a token
	 */
	static boolean isToken(String value) {
		int length = value.length();
		int end = length;
		while (end > 0 && value.charAt(end - 1) == '=') {
			end--;
		}
		if (end == 0) {
			return false;
		}
		for (int i = 0; i < end; i++) {
			char c = value.charAt(i);
			boolean tokenChar = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-'
					|| c == '.' || c == '_' || c == '~' || c == '+' || c == '/';
			if (!tokenChar) {
				return false;
			}
		}
		return true;
	}

	/**
	 * Whether the value is made of {@code cookie-octet}s (RFC 6265 section 4.1.1):
	 * printable US-ASCII without white space, double quote, comma, semicolon and
	 * backslash.
	 * @param value the value
	 * @return whether the value is a cookie value
	 */
	static boolean isCookieValue(String value) {
		if (value.isEmpty()) {
			return false;
		}
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			if (c < 0x21 || c > 0x7E || c == '"' || c == ',' || c == ';' || c == '\\') {
				return false;
			}
		}
		return true;
	}

}
