/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import io.github.authcache.credential.Credential;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthentication;

/**
 * Holds an access token bound to a key or a certificate (its {@code cnf} claim, from
 * introspection or from the JWT, cached with the rest of the verdict) to its binding, on
 * every request, whether the verdict came from the cache or the identity provider:
 * <ul>
 * <li>{@code cnf.jkt} (DPoP, RFC 9449): the token authenticates only with the
 * {@code DPoP} scheme and a valid proof ({@link DPoPProofVerifier}); sent as a bearer it
 * is refused, as Spring Security's resource server refuses it.</li>
 * <li>{@code cnf.x5t#S256} (mutual TLS, RFC 8705): the token authenticates only on a
 * connection whose client certificate has that SHA-256 thumbprint.</li>
 * <li>Any other {@code cnf}: refused, since its binding cannot be checked.</li>
 * </ul>
 * A token presented with the {@code DPoP} scheme must be DPoP-bound. Refusals are 401
 * {@code invalid_token}, or {@code invalid_dpop_proof} for a missing or invalid proof.
 *
 * @author authcache authors
 * @since 0.1.0
 */
public final class TokenBindingVerifier {

	/**
	 * The confirmation claim (RFC 7800).
	 */
	public static final String CONFIRMATION = "cnf";

	/**
	 * The confirmation member of a DPoP-bound token: its key's JWK SHA-256 thumbprint.
	 */
	public static final String JWK_THUMBPRINT = "jkt";

	/**
	 * The confirmation member of a certificate-bound token: the certificate's SHA-256
	 * thumbprint.
	 */
	public static final String CERTIFICATE_THUMBPRINT = "x5t#S256";

	private static final String DPOP_HEADER = "DPoP";

	private static final String CLIENT_CERTIFICATES = "jakarta.servlet.request.X509Certificate";

	private final @Nullable DPoPProofVerifier dpop;

	/**
	 * Create a verifier.
	 * @param dpop the verifier of DPoP proofs, or {@code null} to refuse the {@code DPoP}
	 * scheme
	 */
	public TokenBindingVerifier(@Nullable DPoPProofVerifier dpop) {
		this.dpop = dpop;
	}

	/**
	 * Check that an authenticated credential is presented the way its binding requires.
	 * @param request the request
	 * @param credential the credential
	 * @param authentication what the credential authenticated as
	 * @throws org.springframework.security.core.AuthenticationException when it is not
	 */
	public void verify(HttpServletRequest request, Credential credential, Authentication authentication) {
		Map<String, Object> claims = (authentication instanceof BearerTokenAuthentication bearer)
				? bearer.getTokenAttributes() : Map.of();
		Object confirmation = claims.get(CONFIRMATION);
		if (confirmation == null && !credential.isDPoP()) {
			return;
		}
		Map<?, ?> members = (confirmation instanceof Map<?, ?> map) ? map : Map.of();
		boolean keyBound = members.containsKey(JWK_THUMBPRINT);
		boolean certificateBound = members.containsKey(CERTIFICATE_THUMBPRINT);
		if (credential.isDPoP() || keyBound) {
			verifyProof(request, credential, claims, keyBound);
		}
		else if (!certificateBound) {
			throw new InvalidBearerTokenException("The access token is bound in a way that cannot be checked");
		}
		if (certificateBound) {
			verifyCertificate(request, members.get(CERTIFICATE_THUMBPRINT));
		}
	}

	/**
	 * Return the nonce a DPoP client should put into its next proof (RFC 9449 section 8).
	 * @return the nonce, or {@code null} when none is required
	 */
	public @Nullable String nextNonce() {
		return (this.dpop != null) ? this.dpop.nextNonce() : null;
	}

	private void verifyProof(HttpServletRequest request, Credential credential, Map<String, Object> claims,
			boolean keyBound) {
		if (!credential.isDPoP()) {
			throw new InvalidBearerTokenException("A DPoP-bound access token must be sent with the DPoP scheme");
		}
		if (!keyBound) {
			throw DPoPProofVerifier.invalidProof("The access token is not bound to a DPoP key");
		}
		if (this.dpop == null) {
			throw DPoPProofVerifier.invalidProof("DPoP is not enabled");
		}
		List<String> proofs = Collections.list(request.getHeaders(DPOP_HEADER));
		if (proofs.size() != 1 || proofs.get(0).isEmpty()) {
			throw DPoPProofVerifier.invalidProof("One DPoP proof is required");
		}
		this.dpop.verify(proofs.get(0), request.getMethod(), request.getRequestURL().toString(), credential.value(),
				claims);
	}

	private static void verifyCertificate(HttpServletRequest request, @Nullable Object expected) {
		if (!(request.getAttribute(CLIENT_CERTIFICATES) instanceof X509Certificate[] certificates)
				|| certificates.length == 0) {
			throw new InvalidBearerTokenException("The access token is bound to a client certificate; none was sent");
		}
		byte[] actual = thumbprint(certificates[0]).getBytes(StandardCharsets.US_ASCII);
		if (!(expected instanceof String encoded)
				|| !MessageDigest.isEqual(encoded.getBytes(StandardCharsets.US_ASCII), actual)) {
			throw new InvalidBearerTokenException("The access token is bound to another client certificate");
		}
	}

	private static String thumbprint(X509Certificate certificate) {
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded());
			return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
		}
		catch (CertificateEncodingException ex) {
			throw new InvalidBearerTokenException("The client certificate cannot be read");
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is not available", ex);
		}
	}

}
