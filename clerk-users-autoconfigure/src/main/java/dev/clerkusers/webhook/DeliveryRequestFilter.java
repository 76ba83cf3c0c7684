package dev.clerkusers.webhook;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Shows webhook deliveries to the rest of a filter chain, and to Spring MVC, as what they
 * are: signed bytes.
 * <ul>
 * <li>Their credentials, the {@code Authorization} header, the cookies and the HTTP
 * session they name, are hidden. A delivery is authenticated by its Svix signature alone:
 * a bearer header that the Svix endpoint was configured to send, or a gateway added, and
 * a Clerk session cookie or an HTTP session that a gateway forwarded, must neither refuse
 * a signed delivery (an authentication filter would answer 401 to a token it cannot
 * verify, and Svix would retry until it gives up) nor stand in for the signature, nor
 * make the delivery's handlers run as a browser's sign-in. It runs before the security
 * context is read.</li>
 * <li>A {@code multipart/*} content type is hidden. Svix sends JSON; a delivery labelled
 * otherwise by a proxy or a sender is still read as the bytes the signature covers, where
 * Spring MVC would parse a multipart request (consuming its body, or failing on it)
 * before the endpoint could read it.</li>
 * </ul>
 * A delivery that another filter of the chain answers before the endpoint is reached
 * (form login's processing URL, when {@code clerk.webhook.path} is {@code /login}) is
 * logged as a warning, once a minute while it lasts: Svix counts each such answer as a
 * failed delivery, and nothing else would say why.
 */
final class DeliveryRequestFilter extends OncePerRequestFilter {

	/**
	 * The request attribute the endpoint sets on a delivery it answers.
	 */
	static final String ANSWERED_ATTRIBUTE = DeliveryRequestFilter.class.getName() + ".ANSWERED";

	private static final Log logger = LogFactory.getLog(DeliveryRequestFilter.class);

	private static final Duration WARNING_INTERVAL = Duration.ofMinutes(1);

	private final RequestMatcher webhooks;

	private final Clock clock;

	private final AtomicReference<@Nullable Instant> lastWarning = new AtomicReference<>();

	DeliveryRequestFilter(RequestMatcher webhooks) {
		this(webhooks, Clock.systemUTC());
	}

	DeliveryRequestFilter(RequestMatcher webhooks, Clock clock) {
		this.webhooks = webhooks;
		this.clock = clock;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (!this.webhooks.matches(request)) {
			chain.doFilter(request, response);
			return;
		}
		chain.doFilter(new AsDelivered(request), response);
		if (HttpMethod.POST.matches(request.getMethod()) && request.getAttribute(ANSWERED_ATTRIBUTE) == null
				&& !request.isAsyncStarted() && isFirstInAMinute()) {
			logger.warn("A webhook delivery (POST " + request.getRequestURI() + ") was answered " + response.getStatus()
					+ " before it reached the webhook endpoint: something answers clerk.webhook.path first (a filter "
					+ "of the security chain, such as form login's or logout's processing URL, POST /login or "
					+ "/logout, or another handler of the same path). Svix counts each such answer as a failed "
					+ "delivery: set clerk.webhook.path to a path nothing else answers (logged once a minute while "
					+ "it lasts).");
		}
	}

	private boolean isFirstInAMinute() {
		Instant now = this.clock.instant();
		Instant before = this.lastWarning.get();
		return (before == null || !now.isBefore(before.plus(WARNING_INTERVAL)))
				&& this.lastWarning.compareAndSet(before, now);
	}

	private static final class AsDelivered extends HttpServletRequestWrapper {

		private @Nullable DeliverySession session;

		AsDelivered(HttpServletRequest request) {
			super(request);
		}

		@Override
		public @Nullable String getContentType() {
			String contentType = super.getContentType();
			return (contentType != null && isMultipart(contentType)) ? null : contentType;
		}

		@Override
		public Cookie @Nullable [] getCookies() {
			return null;
		}

		/**
		 * A delivery has no session of the container's: none is found, and one asked for
		 * (a session-scoped bean of a handler, a chain that creates sessions always) is a
		 * session of the delivery's own, kept for the request only, never the session a
		 * forwarded cookie names, and never sent back as a cookie.
		 */
		@Override
		public @Nullable HttpSession getSession(boolean create) {
			if (this.session == null && create) {
				this.session = new DeliverySession(getServletContext());
			}
			return this.session;
		}

		@Override
		public HttpSession getSession() {
			return Objects.requireNonNull(getSession(true));
		}

		@Override
		public String changeSessionId() {
			if (this.session == null) {
				throw new IllegalStateException("The webhook delivery has no session");
			}
			return this.session.getId();
		}

		@Override
		public @Nullable String getRequestedSessionId() {
			return null;
		}

		@Override
		public boolean isRequestedSessionIdValid() {
			return false;
		}

		@Override
		public boolean isRequestedSessionIdFromCookie() {
			return false;
		}

		@Override
		public @Nullable String getHeader(String name) {
			return isCredential(name) ? null : super.getHeader(name);
		}

		@Override
		public Enumeration<String> getHeaders(String name) {
			return isCredential(name) ? Collections.emptyEnumeration() : super.getHeaders(name);
		}

		@Override
		public Enumeration<String> getHeaderNames() {
			return Collections.enumeration(
					Collections.list(super.getHeaderNames()).stream().filter((name) -> !isCredential(name)).toList());
		}

		private static boolean isCredential(String name) {
			return HttpHeaders.AUTHORIZATION.equalsIgnoreCase(name) || HttpHeaders.COOKIE.equalsIgnoreCase(name);
		}

		private static boolean isMultipart(String contentType) {
			return contentType.regionMatches(true, 0, "multipart/", 0, "multipart/".length());
		}

	}

	/**
	 * A session that lives as long as its delivery's request, in memory: the container
	 * never knows it, so it is never stored, shared or sent back as a cookie.
	 */
	private static final class DeliverySession implements HttpSession {

		private final ServletContext servletContext;

		private final long creationTime = System.currentTimeMillis();

		private final String id = UUID.randomUUID().toString();

		private final Map<String, Object> attributes = new ConcurrentHashMap<>();

		private int maxInactiveInterval;

		DeliverySession(ServletContext servletContext) {
			this.servletContext = servletContext;
		}

		@Override
		public long getCreationTime() {
			return this.creationTime;
		}

		@Override
		public String getId() {
			return this.id;
		}

		@Override
		public long getLastAccessedTime() {
			return this.creationTime;
		}

		@Override
		public ServletContext getServletContext() {
			return this.servletContext;
		}

		@Override
		public void setMaxInactiveInterval(int interval) {
			this.maxInactiveInterval = interval;
		}

		@Override
		public int getMaxInactiveInterval() {
			return this.maxInactiveInterval;
		}

		@Override
		public @Nullable Object getAttribute(String name) {
			return this.attributes.get(name);
		}

		@Override
		public Enumeration<String> getAttributeNames() {
			return Collections.enumeration(List.copyOf(this.attributes.keySet()));
		}

		@Override
		public void setAttribute(String name, @Nullable Object value) {
			if (value == null) {
				this.attributes.remove(name);
			}
			else {
				this.attributes.put(name, value);
			}
		}

		@Override
		public void removeAttribute(String name) {
			this.attributes.remove(name);
		}

		@Override
		public void invalidate() {
			this.attributes.clear();
		}

		@Override
		public boolean isNew() {
			return true;
		}

	}

}
