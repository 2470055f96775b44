/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.test.redis;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Picks free loopback ports, never 6379 and never one handed out before in this JVM. Each
 * port leaves room for the cluster bus port ({@code port + 10000}).
 *
 * @author authcache authors
 */
final class FreePorts {

	private static final int FIRST = 20000;

	private static final int LAST = 45000;

	private static final Set<Integer> handedOut = ConcurrentHashMap.newKeySet();

	private FreePorts() {
	}

	static int next() {
		ThreadLocalRandom random = ThreadLocalRandom.current();
		for (int attempt = 0; attempt < 500; attempt++) {
			int port = random.nextInt(FIRST, LAST);
			if (port != 6379 && isFree(port) && isFree(port + 10000) && handedOut.add(port)) {
				return port;
			}
		}
		throw new IllegalStateException("No free loopback port found between " + FIRST + " and " + LAST);
	}

	static boolean isFree(int port) {
		try (ServerSocket socket = new ServerSocket()) {
			socket.setReuseAddress(false);
			socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1);
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

}
