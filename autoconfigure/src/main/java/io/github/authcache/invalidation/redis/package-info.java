/*
 * Copyright 2026 the authcache authors.
 */

/**
 * Invalidation broadcasts over Redis pub/sub: the publisher, and a subscriber that keeps
 * its own connection alive (ping watchdog, resubscribe with backoff) and flushes the near
 * cache whenever it may have missed a message.
 */
@NullMarked
package io.github.authcache.invalidation.redis;

import org.jspecify.annotations.NullMarked;
