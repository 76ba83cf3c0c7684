package dev.clerkusers.api;

import java.net.http.HttpClient;
import java.net.SocketTimeoutException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.client.ClientHttpRequestFactory;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.http.converter.json.JacksonJsonHttpMessageConverter;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClientException;
import org.springframework.web.client.RestClient;

/**
 * The transport under every Backend API call: a {@link RestClient} with the base URL,
 * {@code Authorization: Bearer <secret key>}, {@code Clerk-API-Version}, the retry of
 * rate-limited calls, and error handling, so that every failure is a
 * {@link ClerkApiException}.
 * <ul>
 * <li>A 429 is retried after its {@code Retry-After}, a bounded number of times and for a
 * bounded wait; then it fails.</li>
 * <li>A call is not sent from an interrupted thread: it fails as any call without an
 * answer does, and the thread stays interrupted.</li>
 * <li>Every failure is a {@link ClerkApiException} with the HTTP status (0 without
 * response) and Clerk's error codes. Nothing is turned into {@code false} or an empty
 * result.</li>
 * </ul>
 * Build it from Spring Boot's auto-configured {@code RestClient.Builder}, so that HTTP
 * metrics, tracing and {@code RestClientCustomizer}s apply.
 */
public final class ClerkApiTransport {

	private final RestClient restClient;

	private final Builder origin;

	private ClerkApiTransport(RestClient restClient, Builder origin) {
		this.restClient = restClient;
		this.origin = origin;
	}

	/**
	 * Starts building a transport.
	 * @param apiUrl the Backend API base URL, for example
	 * {@code https://api.clerk.com/v1}
	 * @param secretKey the instance's secret key
	 * @return a builder
	 */
	public static Builder builder(String apiUrl, String secretKey) {
		return new Builder(apiUrl, secretKey);
	}

	/**
	 * The REST client, with base URL, authentication, rate-limit retries and error
	 * handling, for calls of one's own. Run them through {@link #call(Function)} to have
	 * their failures mapped too.
	 * @return the REST client
	 */
	public RestClient restClient() {
		return this.restClient;
	}

	/**
	 * Runs a call that returns a body.
	 * @param <T> the result type
	 * @param call the call, on {@link #restClient()}
	 * @return its result
	 * @throws ClerkApiException for any failure: an error status, no answer, or a body
	 * that cannot be read
	 */
	public <T> T call(Function<RestClient, @Nullable T> call) {
		T result;
		try {
			result = call.apply(this.restClient);
		}
		catch (ClerkApiException ex) {
			throw ex;
		}
		catch (RestClientException ex) {
			throw unavailable(ex);
		}
		if (result == null) {
			throw new ClerkApiException(204, List.of(), null, null, "Clerk's Backend API returned no body");
		}
		return result;
	}

	/**
	 * Runs a call that returns nothing.
	 * @param call the call, on {@link #restClient()}
	 * @throws ClerkApiException for any failure
	 */
	public void run(Consumer<RestClient> call) {
		try {
			call.accept(this.restClient);
		}
		catch (ClerkApiException ex) {
			throw ex;
		}
		catch (RestClientException ex) {
			throw unavailable(ex);
		}
	}

	/**
	 * A copy each of whose calls waits at most this long in all for Clerk's rate limit:
	 * for calls made while a user waits for an answer, where a long {@code Retry-After}
	 * must end in a fallback rather than a hung request. The budget is per call; to bound
	 * the waits of several calls together, run them within a {@link ClerkApiRetryBudget}.
	 * @param budget the longest total wait of one call's retries
	 * @return the copy
	 */
	public ClerkApiTransport withRetryBudget(Duration budget) {
		return this.origin.copy().retryBudget(budget).build();
	}

	/**
	 * Any failure to get a readable answer: the server unreachable, a timeout while the
	 * body was read, a body that is not the JSON expected (a proxy's HTML page, say).
	 */
	private static ClerkApiException unavailable(RestClientException ex) {
		Throwable cause = ex.getMostSpecificCause();
		if (ex instanceof ResourceAccessException && isReadTimeout(cause)) {
			// Reached, but no answer in time: the exception's own message ("Request
			// cancelled", "Read timed out") says less than the setting does.
			return new ClerkApiException(
					"Clerk's Backend API did not answer in time (the longest wait is clerk.api.timeout)", ex);
		}
		String what = (ex instanceof ResourceAccessException) ? "could not be reached"
				: "gave an answer that could not be read";
		return new ClerkApiException("Clerk's Backend API " + what + ": " + cause, ex);
	}

	/**
	 * Whether a failure is a wait for an answer that ran out (not one for a connection,
	 * which is no server reached).
	 */
	private static boolean isReadTimeout(Throwable cause) {
		return (cause instanceof HttpTimeoutException && !(cause instanceof HttpConnectTimeoutException))
				|| (cause instanceof SocketTimeoutException
						&& !String.valueOf(cause.getMessage()).toLowerCase(Locale.ROOT).contains("connect"));
	}

	/**
	 * Puts the library's JSON converter in front of every other that writes or reads
	 * JSON, after those of text and bytes.
	 */
	private static void withClerksJson(List<HttpMessageConverter<?>> converters) {
		int json = 0;
		while (json < converters.size() && !converters.get(json).canWrite(Map.class, MediaType.APPLICATION_JSON)) {
			json++;
		}
		converters.add(json, new JacksonJsonHttpMessageConverter(ClerkJson.mapper()));
	}

	/**
	 * Waits between retries of a rate-limited call.
	 */
	@FunctionalInterface
	public interface Sleeper {

		/**
		 * Waits.
		 * @param duration how long
		 * @throws InterruptedException when interrupted
		 */
		void sleep(Duration duration) throws InterruptedException;

	}

	/**
	 * Builds a {@link ClerkApiTransport}.
	 */
	public static final class Builder {

		/** The {@code Clerk-API-Version} sent by default. */
		public static final String DEFAULT_API_VERSION = "2025-11-10";

		private final String apiUrl;

		private final String secretKey;

		private RestClient.Builder restClientBuilder = RestClient.builder();

		private @Nullable ClientHttpRequestFactory requestFactory;

		private String apiVersion = DEFAULT_API_VERSION;

		private Duration timeout = Duration.ofSeconds(10);

		private int maxRetries = 3;

		private Duration maxRetryWait = Duration.ofSeconds(60);

		private Sleeper sleeper = (duration) -> Thread.sleep(duration.toMillis());

		private String userAgent = "clerk-users";

		private @Nullable Duration retryBudget;

		private Consumer<RestClient.Builder> customizer = (builder) -> {
		};

		private Builder(String apiUrl, String secretKey) {
			this.apiUrl = apiUrl.endsWith("/") ? apiUrl.substring(0, apiUrl.length() - 1) : apiUrl;
			this.secretKey = secretKey;
		}

		/**
		 * Builds on a {@code RestClient.Builder}, such as Spring Boot's, whose
		 * observations, message converters and customizers then apply, except for JSON:
		 * the Backend API's JSON is written and read with the library's own mapper. It is
		 * cloned, not changed.
		 * @param restClientBuilder the builder
		 * @return this builder
		 */
		public Builder restClientBuilder(RestClient.Builder restClientBuilder) {
			this.restClientBuilder = restClientBuilder;
			return this;
		}

		/**
		 * Sends requests through this request factory, for example one built by Spring
		 * Boot's {@code ClientHttpRequestFactoryBuilder} with an SSL bundle. It must
		 * apply its own timeouts. Without one, a JDK HTTP client with
		 * {@link #timeout(Duration)} is used.
		 * @param requestFactory the request factory
		 * @return this builder
		 */
		public Builder requestFactory(ClientHttpRequestFactory requestFactory) {
			this.requestFactory = requestFactory;
			return this;
		}

		/**
		 * Customizes the REST client last, after the transport's own settings: a
		 * customizer can send through a request factory of its own (one that goes through
		 * a proxy, say), add a header or an interceptor.
		 * @param customizer the customizer
		 * @return this builder
		 */
		public Builder customizer(Consumer<RestClient.Builder> customizer) {
			this.customizer = customizer;
			return this;
		}

		/**
		 * Sets the {@code Clerk-API-Version} header.
		 * @param apiVersion the version, for example {@code 2025-11-10}
		 * @return this builder
		 */
		public Builder apiVersion(String apiVersion) {
			this.apiVersion = apiVersion;
			return this;
		}

		/**
		 * Sets the timeout for connecting and for reading a response, when no request
		 * factory is given.
		 * @param timeout the timeout
		 * @return this builder
		 */
		public Builder timeout(Duration timeout) {
			this.timeout = timeout;
			return this;
		}

		/**
		 * Sets how many times a 429 is retried.
		 * @param maxRetries the retries
		 * @return this builder
		 */
		public Builder maxRetries(int maxRetries) {
			this.maxRetries = maxRetries;
			return this;
		}

		/**
		 * Sets the longest {@code Retry-After} honoured; a longer one fails at once.
		 * @param maxRetryWait the wait
		 * @return this builder
		 */
		public Builder maxRetryWait(Duration maxRetryWait) {
			this.maxRetryWait = maxRetryWait;
			return this;
		}

		/**
		 * Sets how to wait between retries (tests record instead of waiting).
		 * @param sleeper the sleeper
		 * @return this builder
		 */
		public Builder sleeper(Sleeper sleeper) {
			this.sleeper = sleeper;
			return this;
		}

		/**
		 * The longest total wait of one call's retries of a 429: a {@code Retry-After}
		 * that would pass it ends the retries, and the call fails with the 429.
		 * @param retryBudget the budget
		 * @return this builder
		 */
		public Builder retryBudget(Duration retryBudget) {
			this.retryBudget = retryBudget;
			return this;
		}

		/**
		 * Sets the {@code User-Agent} header.
		 * @param userAgent the user agent
		 * @return this builder
		 */
		public Builder userAgent(String userAgent) {
			this.userAgent = userAgent;
			return this;
		}

		/**
		 * Builds the transport.
		 * @return the transport
		 */
		public ClerkApiTransport build() {
			ClientHttpRequestFactory factory = (this.requestFactory != null) ? this.requestFactory
					: jdkRequestFactory(this.timeout);
			RestClient.Builder builder = this.restClientBuilder.clone()
				.baseUrl(this.apiUrl)
				.requestFactory(factory)
				// Clerk's JSON, not the application's: its Jackson settings or JSON
				// converter (nulls left out, say) must not change what is sent or how
				// answers are read. Spring's defaults stay (text and bytes first).
				.configureMessageConverters((converters) -> converters.registerDefaults()
					.configureMessageConvertersList(ClerkApiTransport::withClerksJson))
				.defaultHeader(HttpHeaders.AUTHORIZATION, "Bearer " + this.secretKey)
				.defaultHeader("Clerk-API-Version", this.apiVersion)
				.defaultHeader(HttpHeaders.USER_AGENT, this.userAgent)
				.defaultHeader(HttpHeaders.ACCEPT, MediaType.APPLICATION_JSON_VALUE)
				.requestInterceptor(new InterruptedThreadInterceptor())
				.requestInterceptor(new PlusSignEncodingInterceptor())
				.requestInterceptor(new RateLimitRetryInterceptor(this.maxRetries, this.maxRetryWait, this.retryBudget,
						this.sleeper))
				// A redirect is an answer that failed too: Clerk's endpoints do not
				// redirect, and following one would send the secret key elsewhere.
				.defaultStatusHandler((status) -> !status.is2xxSuccessful(), ClerkApiErrors::throwError);
			this.customizer.accept(builder);
			return new ClerkApiTransport(builder.build(), copy());
		}

		private Builder copy() {
			Builder copy = new Builder(this.apiUrl, this.secretKey);
			copy.restClientBuilder = this.restClientBuilder;
			copy.requestFactory = this.requestFactory;
			copy.apiVersion = this.apiVersion;
			copy.timeout = this.timeout;
			copy.maxRetries = this.maxRetries;
			copy.maxRetryWait = this.maxRetryWait;
			copy.sleeper = this.sleeper;
			copy.userAgent = this.userAgent;
			copy.retryBudget = this.retryBudget;
			copy.customizer = this.customizer;
			return copy;
		}

		private static ClientHttpRequestFactory jdkRequestFactory(Duration timeout) {
			HttpClient httpClient = HttpClient.newBuilder().connectTimeout(timeout).build();
			JdkClientHttpRequestFactory factory = new JdkClientHttpRequestFactory(httpClient);
			factory.setReadTimeout(timeout);
			return factory;
		}

	}

}
