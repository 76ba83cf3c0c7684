package dev.clerkusers.autoconfigure;

import java.time.Clock;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import com.svix.Webhook;
import dev.clerkusers.mirror.QuietRollbackTransactionTemplate;
import dev.clerkusers.user.ClerkUserService;
import dev.clerkusers.user.ClerkUserSynchronizer;
import dev.clerkusers.user.EndedSessions;
import dev.clerkusers.webhook.ClerkWebhookEndpoint;
import dev.clerkusers.webhook.ClerkWebhookHandler;
import dev.clerkusers.webhook.ClerkWebhookHttpConfigurer;
import dev.clerkusers.webhook.ClerkWebhookInbox;
import dev.clerkusers.webhook.ClerkWebhookObservationContext;
import dev.clerkusers.webhook.ClerkWebhookProcessor;
import dev.clerkusers.webhook.ClerkWebhookReceiver;
import dev.clerkusers.webhook.ClerkWebhookRetention;
import dev.clerkusers.webhook.SessionWebhookHandler;
import dev.clerkusers.webhook.SvixWebhookVerifier;
import dev.clerkusers.webhook.UserWebhookHandler;
import dev.clerkusers.webhook.WebhookInstanceRecorder;
import dev.clerkusers.webhook.reactive.ReactiveClerkWebhookEndpoint;
import io.micrometer.observation.ObservationConvention;
import io.micrometer.observation.ObservationRegistry;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.publisher.Mono;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.AnyNestedCondition;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.NoneNestedConditions;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.http.HttpCookie;
import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.web.server.SecurityWebFiltersOrder;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.context.NoOpServerSecurityContextRepository;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatcher;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatchers;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.util.CollectionUtils;
import org.springframework.util.MultiValueMap;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilterChain;
import org.springframework.web.servlet.function.RequestPredicates;
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.RouterFunctions;
import org.springframework.web.servlet.function.ServerResponse;

/**
 * {@link EnableAutoConfiguration Auto-configuration} of Clerk webhooks: the inbox, the
 * processor with every {@link ClerkWebhookHandler} bean (the user and session handlers
 * among them) and the {@link WebhookInstanceRecorder}, the retention cleanup, and — in a
 * servlet or WebFlux application with at least one {@code clerk.webhook.signing-secrets}
 * (checked at startup: a placeholder, or a secret without the {@code whsec_} prefix or
 * not base64 after it, stops the application) or a {@link ClerkWebhookReceiver} bean of
 * its own — the endpoint at {@code clerk.webhook.path}, left open and CSRF-free by every
 * filter chain. The endpoint needs Spring MVC or WebFlux, and the svix library.
 */
@AutoConfiguration(after = { ClerkUsersAutoConfiguration.class, ClerkSecurityAutoConfiguration.class,
		ClerkReactiveSecurityAutoConfiguration.class })
@ConditionalOnClass(JdbcTemplate.class)
@ConditionalOnBean(ClerkUserService.class)
@ConditionalOnClerkProperty(name = "clerk.webhook.enabled", matchIfMissing = true)
public final class ClerkWebhookAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	ClerkWebhookInbox clerkWebhookInbox(DataSource dataSource, PlatformTransactionManager transactionManager,
			ClerkProperties properties) {
		ClerkWebhookInbox inbox = new ClerkWebhookInbox(new JdbcTemplate(dataSource),
				new QuietRollbackTransactionTemplate(transactionManager), Clock.systemUTC());
		inbox.setLockTimeout(properties.getLockTimeout());
		return inbox;
	}

	@Bean
	@ConditionalOnMissingBean
	UserWebhookHandler clerkUserWebhookHandler(ClerkUserSynchronizer users, ApplicationEventPublisher events) {
		return new UserWebhookHandler(users, events, Clock.systemUTC());
	}

	@Bean
	@ConditionalOnMissingBean
	SessionWebhookHandler clerkSessionWebhookHandler(ClerkUserSynchronizer users, EndedSessions endedSessions,
			ApplicationEventPublisher events) {
		return new SessionWebhookHandler(users, endedSessions, events, Clock.systemUTC());
	}

	@Bean
	@ConditionalOnMissingBean
	WebhookInstanceRecorder clerkWebhookInstanceRecorder(DataSource dataSource) {
		return new WebhookInstanceRecorder(new JdbcTemplate(dataSource), Clock.systemUTC());
	}

	@Bean
	@ConditionalOnMissingBean
	ClerkWebhookProcessor clerkWebhookProcessor(ClerkWebhookInbox inbox, ObjectProvider<ClerkWebhookHandler> handlers,
			PlatformTransactionManager transactionManager, ClerkProperties properties,
			ObjectProvider<WebhookInstanceRecorder> instanceRecorder,
			ObjectProvider<ObservationRegistry> observationRegistry,
			ObjectProvider<ObservationConvention<ClerkWebhookObservationContext>> observationConvention) {
		ClerkWebhookProcessor processor = new ClerkWebhookProcessor(inbox, handlers.orderedStream().toList(),
				transactionManager);
		processor.setStoreUnhandledPayloads(properties.getWebhook().isStoreUnhandledPayloads());
		processor.setApiRetryBudget(properties.getApi().getRequestRetryBudget());
		instanceRecorder.ifUnique(processor::setInstanceRecorder);
		observationRegistry.ifUnique(processor::setObservationRegistry);
		observationConvention.ifUnique(processor::setObservationConvention);
		return processor;
	}

	@Bean
	@ConditionalOnMissingBean
	ClerkWebhookRetention clerkWebhookRetention(ClerkWebhookInbox inbox, EndedSessions endedSessions,
			ClerkProperties properties) {
		return new ClerkWebhookRetention(inbox, endedSessions, properties.getWebhook().getRetention(),
				properties.getWebhook().getCleanupInterval(), Clock.systemUTC());
	}

	/**
	 * The endpoint, when there is a receiver: the library's, for a signing secret, or the
	 * application's own.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
	@ConditionalOnClass({ Webhook.class, RouterFunction.class })
	@Import(ReceiverConfiguration.class)
	static class EndpointConfiguration {

		@Bean
		@ConditionalOnBean(ClerkWebhookReceiver.class)
		RouterFunction<ServerResponse> clerkWebhookRoute(ClerkWebhookReceiver receiver, ClerkProperties properties) {
			ClerkWebhookEndpoint endpoint = new ClerkWebhookEndpoint(receiver);
			// Switched off by a run of an application processed ahead of time with it on:
			// the route takes nothing.
			return RouterFunctions.route(properties.getWebhook().isEnabled()
					? RequestPredicates.path(properties.getWebhook().getPath()) : (request) -> false, endpoint::handle);
		}

		/**
		 * Opens the endpoint in every filter chain: it authenticates deliveries by their
		 * signature, and must not need a CSRF token.
		 */
		@Configuration(proxyBeanMethods = false)
		@ConditionalOnClass(HttpSecurity.class)
		@Conditional(OnReceiverCondition.class)
		static class WebhookSecurityConfiguration {

			@Bean
			@Order(Ordered.HIGHEST_PRECEDENCE + 100)
			Customizer<HttpSecurity> clerkWebhookHttpSecurityCustomizer(ClerkProperties properties,
					ObjectProvider<PathPatternRequestMatcher.Builder> matchers) {
				PathPatternRequestMatcher.Builder builder = matchers
					.getIfAvailable(PathPatternRequestMatcher::withDefaults);
				if (!properties.getWebhook().isEnabled()) {
					// Switched off by the run of an application processed ahead of time
					// with it on: the path is the application's, as its route is.
					return (http) -> {
					};
				}
				RequestMatcher webhooks = builder.matcher(properties.getWebhook().getPath());
				return (http) -> http.with(ClerkWebhookHttpConfigurer.webhooks(webhooks), Customizer.withDefaults());
			}

		}

	}

	/**
	 * What verifies, processes and answers deliveries on every web stack, when a signing
	 * secret is configured.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(Webhook.class)
	@Conditional(OnSigningSecretCondition.class)
	static class ReceiverConfiguration {

		private static final Log logger = LogFactory.getLog(ClerkWebhookAutoConfiguration.class);

		@Bean
		@ConditionalOnMissingBean
		SvixWebhookVerifier clerkWebhookVerifier(ClerkProperties properties) {
			List<String> secrets = ClerkSettings.webhookSecrets(properties);
			if (secrets.isEmpty() && AheadOfTimeBuild.isActive()) {
				throw AheadOfTimeBuild.unsetSinceBuild("clerk.webhook.signing-secrets",
						"a webhook endpoint at " + properties.getWebhook().getPath());
			}
			if (!properties.getWebhook().isEnabled()) {
				// Only an application processed ahead of time has this bean then.
				logger.warn(AheadOfTimeBuild.changedSinceBuild("clerk.webhook.enabled=false", "the webhook endpoint at "
						+ properties.getWebhook().getPath()
						+ " takes no delivery, as the setting says (a delivery is answered as any unknown POST: 403 from CSRF "
						+ "protection with Spring Security's defaults)"));
			}
			return new SvixWebhookVerifier(secrets, Clock.systemUTC());
		}

		@Bean
		@ConditionalOnMissingBean
		ClerkWebhookReceiver clerkWebhookReceiver(SvixWebhookVerifier verifier, ClerkWebhookProcessor processor,
				ClerkProperties properties) {
			return new ClerkWebhookReceiver(verifier, processor, properties.getWebhook().getMaxBodySize().toBytes());
		}

	}

	/**
	 * A signing secret without the svix library, which verifies deliveries: there is no
	 * endpoint, and every delivery of Clerk's would be refused. Start-up says so, naming
	 * the property and the library.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnMissingClass("com.svix.Webhook")
	@Conditional(OnSigningSecretCondition.class)
	static class WithoutSvixConfiguration {

		private static final Log logger = LogFactory.getLog(ClerkWebhookAutoConfiguration.class);

		WithoutSvixConfiguration(ClerkProperties properties) {
			if (ClerkSettings.webhookSecrets(properties).isEmpty()) {
				// Processed ahead of time with a secret, run without one.
				return;
			}
			logger.warn("clerk.webhook.signing-secrets is set, but Svix's library (com.svix:svix), which verifies "
					+ "deliveries, is not on the class path: there is no webhook endpoint, and Clerk's deliveries are "
					+ "refused. Add com.svix:svix (clerk-users-starter brings it), or remove the signing secret.");
		}

	}

	/**
	 * A web application without a signing secret nor a receiver of its own: there is no
	 * endpoint, and Clerk's deliveries to the path would be refused by the chains' CSRF
	 * protection. Start-up says so once, as django-clerk-users' check W002 did, naming
	 * the property and the switch that says webhooks are not wanted.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnWebApplication
	@Conditional(OnNoReceiverCondition.class)
	static class WithoutSigningSecretConfiguration {

		private static final Log logger = LogFactory.getLog(ClerkWebhookAutoConfiguration.class);

		WithoutSigningSecretConfiguration(ClerkProperties properties) {
			if (AheadOfTimeBuild.isActive() && !ClerkSettings.webhookSecrets(properties).isEmpty()) {
				logger.warn(AheadOfTimeBuild.setSinceBuild("clerk.webhook.signing-secrets", "there is no webhook "
						+ "endpoint at " + properties.getWebhook().getPath() + ", and Clerk's deliveries are refused"));
				return;
			}
			logger.info("clerk.webhook.signing-secrets is not set, so there is no webhook endpoint at "
					+ properties.getWebhook().getPath() + ", and a user updated or deleted in Clerk reaches the users "
					+ "table only through the sync command. Set the signing secret of the Clerk endpoint (whsec_...), "
					+ "or clerk.webhook.enabled=false where webhooks are not wanted.");
		}

	}

	/**
	 * The endpoint of a reactive application, and its own filter chain: deliveries are
	 * authenticated by their signature, open to all, without CSRF tokens.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
	@ConditionalOnClass({ Webhook.class, org.springframework.web.reactive.function.server.RouterFunction.class })
	@Import(ReceiverConfiguration.class)
	static class ReactiveEndpointConfiguration {

		@Bean
		@ConditionalOnBean(ClerkWebhookReceiver.class)
		org.springframework.web.reactive.function.server.RouterFunction<org.springframework.web.reactive.function.server.ServerResponse> clerkReactiveWebhookRoute(
				ClerkWebhookReceiver receiver, ClerkProperties properties) {
			ReactiveClerkWebhookEndpoint endpoint = new ReactiveClerkWebhookEndpoint(receiver);
			// As on the servlet side: switched off by the run, the route takes nothing.
			return org.springframework.web.reactive.function.server.RouterFunctions
				.route(properties.getWebhook().isEnabled()
						? org.springframework.web.reactive.function.server.RequestPredicates
							.path(properties.getWebhook().getPath())
						: (request) -> false, endpoint::handle);
		}

		/**
		 * The endpoint's own filter chain, where Spring Security is on the class path.
		 */
		@Configuration(proxyBeanMethods = false)
		@ConditionalOnClass(ServerHttpSecurity.class)
		@Conditional(OnReceiverCondition.class)
		static class WebhookSecurityConfiguration {

			@Bean
			@Order(Ordered.HIGHEST_PRECEDENCE + 100)
			SecurityWebFilterChain clerkWebhookSecurityWebFilterChain(ServerHttpSecurity http,
					ClerkProperties properties) {
				// Switched off by the run of an application processed ahead of time with
				// it on, the chain takes no exchange: the path is the application's.
				return http
					.securityMatcher(properties.getWebhook().isEnabled()
							? ServerWebExchangeMatchers.pathMatchers(properties.getWebhook().getPath())
							: (exchange) -> ServerWebExchangeMatcher.MatchResult.notMatch())
					.authorizeExchange((exchanges) -> exchanges.anyExchange().permitAll())
					.csrf(ServerHttpSecurity.CsrfSpec::disable)
					.requestCache(ServerHttpSecurity.RequestCacheSpec::disable)
					// A delivery runs as no one, whatever web session a forwarded cookie
					// names.
					.securityContextRepository(NoOpServerSecurityContextRepository.getInstance())
					// Before every authentication filter, Clerk's among them.
					.addFilterAfter(WebhookSecurityConfiguration::withoutCredentials,
							SecurityWebFiltersOrder.REACTOR_CONTEXT)
					.build();
			}

			/**
			 * Hides a delivery's credentials, its {@code Authorization} header and its
			 * cookies, from the chain's authentication: a delivery is authenticated by
			 * its signature alone, and a bearer header the Svix endpoint was configured
			 * to send, or a Clerk session cookie a gateway forwarded, must neither refuse
			 * it nor stand in for the signature. The cookies are hidden from the request
			 * itself, not only as a header: a mutated request reads its cookies from the
			 * request it was made from.
			 */
			private static Mono<Void> withoutCredentials(ServerWebExchange exchange, WebFilterChain chain) {
				ServerHttpRequest request = exchange.getRequest().mutate().headers((headers) -> {
					headers.remove(HttpHeaders.AUTHORIZATION);
					headers.remove(HttpHeaders.COOKIE);
				}).build();
				return chain.filter(exchange.mutate().request(new ServerHttpRequestDecorator(request) {

					@Override
					public MultiValueMap<String, HttpCookie> getCookies() {
						return CollectionUtils.toMultiValueMap(Map.of());
					}

				}).build());
			}

		}

	}

	/**
	 * Matches where the route will have a receiver: the library's, for a signing secret,
	 * or the application's own bean. The chains that open the route take this condition,
	 * not the route's bean condition: a nested configuration class is read before the
	 * configuration it is nested in imports the library's receiver, while the
	 * application's beans are registered by then.
	 */
	static final class OnReceiverCondition extends AnyNestedCondition {

		OnReceiverCondition() {
			super(ConfigurationPhase.REGISTER_BEAN);
		}

		@Conditional(OnSigningSecretCondition.class)
		static class SigningSecret {

		}

		@ConditionalOnBean(ClerkWebhookReceiver.class)
		static class ReceiverOfTheApplication {

		}

	}

	/**
	 * Matches where the route will have no receiver: no signing secret and no receiver of
	 * the application's own.
	 */
	static final class OnNoReceiverCondition extends NoneNestedConditions {

		OnNoReceiverCondition() {
			super(ConfigurationPhase.REGISTER_BEAN);
		}

		@Conditional(OnReceiverCondition.class)
		static class Receiver {

		}

	}

	/**
	 * Matches when {@code clerk.webhook.signing-secrets} lists at least one non-blank
	 * secret.
	 */
	static final class OnSigningSecretCondition extends SpringBootCondition {

		@Override
		public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
			List<String> secrets = Binder.get(context.getEnvironment())
				.bind("clerk.webhook.signing-secrets", Bindable.listOf(String.class))
				.orElse(List.of());
			return secrets.stream().anyMatch((secret) -> secret != null && !secret.isBlank())
					? ConditionOutcome.match("a webhook signing secret is set")
					: ConditionOutcome.noMatch("no webhook signing secret is set");
		}

	}

}
