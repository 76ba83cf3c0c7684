package dev.clerkusers.autoconfigure;

import org.springframework.web.client.RestClient;

/**
 * Callback to customize the {@link RestClient.Builder}s of the clients clerk-users
 * builds: the Backend API client and the key set fetcher. They start from Spring Boot's
 * auto-configured builder, so Boot's own {@code RestClientCustomizer}s, observations and
 * HTTP client settings apply first; this hook is for what concerns Clerk only (a proxy, a
 * header, an interceptor), and runs last, after clerk-users' own settings: a request
 * factory it sets is the one its client sends with, with that factory's timeouts; an
 * interceptor it adds sees each attempt of a call that Clerk rate-limited; and what it
 * sets replaces the library's (the base URL or the {@code Authorization} header of the
 * Backend API client, for example), so it should set only what concerns it.
 */
@FunctionalInterface
public interface ClerkRestClientCustomizer {

	/**
	 * Customizes a builder.
	 * @param builder the builder
	 */
	void customize(RestClient.Builder builder);

}
