/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.docs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The relative links of Markdown pages that lead nowhere: a file that does not exist, or
 * an anchor that no heading of the target page defines (anchors as GitHub derives them
 * from headings). Links with a scheme ({@code https:}, {@code mailto:}) are not followed;
 * links in fenced code blocks and code spans are not links.
 *
 * @author authcache authors
 */
final class MarkdownLinks {

	private static final Pattern LINK = Pattern.compile("(?<!!)\\[[^\\]]*\\]\\(([^)\\s]+)(?:\\s+\"[^\"]*\")?\\)");

	private static final Pattern SCHEME = Pattern.compile("^[a-zA-Z][a-zA-Z0-9+.-]*:");

	private static final Pattern HEADING = Pattern.compile("^#{1,6}\\s+(.*?)\\s*#*\\s*$");

	private static final Pattern CODE_SPAN = Pattern.compile("`[^`]*`");

	private static final Pattern INLINE_LINK = Pattern.compile("\\[([^\\]]*)\\]\\([^)]*\\)");

	private static final Pattern NOT_IN_ANCHOR = Pattern.compile("[^\\p{L}\\p{N}\\s_-]");

	private final Map<Path, Set<String>> anchors = new HashMap<>();

	/**
	 * Return the broken links of the given pages, one line each: the page, the line
	 * number and the link.
	 * @param pages the Markdown files to check
	 * @return the broken links, empty when every link leads somewhere
	 */
	List<String> broken(List<Path> pages) {
		List<String> broken = new ArrayList<>();
		for (Path page : pages) {
			List<String> lines = outsideCode(page);
			for (int i = 0; i < lines.size(); i++) {
				Matcher link = LINK.matcher(CODE_SPAN.matcher(lines.get(i)).replaceAll(""));
				while (link.find()) {
					String target = link.group(1);
					if (!leadsSomewhere(page, target)) {
						broken.add(page + ":" + (i + 1) + ": " + target);
					}
				}
			}
		}
		return broken;
	}

	private boolean leadsSomewhere(Path page, String target) {
		if (SCHEME.matcher(target).find()) {
			return true;
		}
		int hash = target.indexOf('#');
		String file = (hash >= 0) ? target.substring(0, hash) : target;
		Path resolved = file.isEmpty() ? page : page.getParent().resolve(file).normalize();
		if (!Files.exists(resolved)) {
			return false;
		}
		if (hash < 0) {
			return true;
		}
		return resolved.toString().endsWith(".md") && anchors(resolved).contains(target.substring(hash + 1));
	}

	private Set<String> anchors(Path page) {
		return this.anchors.computeIfAbsent(page.toAbsolutePath().normalize(), this::readAnchors);
	}

	private Set<String> readAnchors(Path page) {
		Set<String> anchors = new HashSet<>();
		Map<String, Integer> seen = new HashMap<>();
		for (String line : outsideCode(page)) {
			Matcher heading = HEADING.matcher(line);
			if (heading.matches()) {
				String anchor = anchor(heading.group(1));
				int count = seen.merge(anchor, 1, Integer::sum);
				anchors.add((count > 1) ? anchor + "-" + (count - 1) : anchor);
			}
		}
		return anchors;
	}

	/**
	 * Return the anchor GitHub gives a heading: its text lower case, without punctuation,
	 * spaces turned into hyphens.
	 * @param heading the text of the heading
	 * @return the anchor
	 */
	static String anchor(String heading) {
		String text = INLINE_LINK.matcher(heading).replaceAll("$1");
		return NOT_IN_ANCHOR.matcher(text.toLowerCase(Locale.ROOT)).replaceAll("").replace(' ', '-');
	}

	private static List<String> outsideCode(Path page) {
		List<String> lines = new ArrayList<>();
		boolean inFence = false;
		for (String line : read(page)) {
			if (line.stripLeading().startsWith("```")) {
				inFence = !inFence;
				lines.add("");
			}
			else {
				lines.add(inFence ? "" : line);
			}
		}
		return lines;
	}

	private static List<String> read(Path page) {
		try {
			return Files.readAllLines(page);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
