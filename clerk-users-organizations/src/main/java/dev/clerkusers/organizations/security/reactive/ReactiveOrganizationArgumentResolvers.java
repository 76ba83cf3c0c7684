package dev.clerkusers.organizations.security.reactive;

import java.util.Optional;

import dev.clerkusers.organizations.Organization;
import dev.clerkusers.organizations.OrganizationService;
import dev.clerkusers.organizations.security.ClerkOrganizationContext;
import dev.clerkusers.organizations.security.CurrentOrganization;
import dev.clerkusers.organizations.security.OrganizationArgumentResolvers;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

import org.springframework.core.MethodParameter;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.util.Assert;
import org.springframework.web.reactive.BindingContext;
import org.springframework.web.reactive.result.method.HandlerMethodArgumentResolver;
import org.springframework.web.server.ServerWebExchange;

/**
 * WebFlux controller argument resolvers, the reactive counterparts of
 * {@link OrganizationArgumentResolvers} with the same rules:
 * {@link CurrentOrganization @CurrentOrganization} {@link Organization} parameters and
 * {@link ClerkOrganizationContext} parameters, read from the
 * {@link org.springframework.security.core.context.ReactiveSecurityContextHolder}.
 */
public final class ReactiveOrganizationArgumentResolvers {

	private ReactiveOrganizationArgumentResolvers() {
	}

	/**
	 * Resolves {@code @CurrentOrganization Organization} parameters: empty without an
	 * active, stored organization, or an {@link AccessDeniedException} (403) when the
	 * parameter is {@linkplain CurrentOrganization#required() required}.
	 * <p>
	 * The organization is read through the cache, which may read the database: that runs
	 * on a bounded scheduler (by default {@link Schedulers#boundedElastic()}), and the
	 * request goes on on a {@linkplain Schedulers#parallel() non-blocking} thread, so no
	 * event-loop thread waits. A request without an active organization stays on its
	 * thread.
	 */
	public static final class CurrentOrganizationResolver implements HandlerMethodArgumentResolver {

		private final @Nullable OrganizationService organizations;

		private Scheduler blockingScheduler = Schedulers.boundedElastic();

		private Scheduler resumeScheduler = Schedulers.parallel();

		/**
		 * Creates the resolver.
		 * @param organizations the organization service, or {@code null} in an
		 * application that stores no organizations, where the parameter is {@code null}
		 * (refused with 403 where {@linkplain CurrentOrganization#required() required})
		 */
		public CurrentOrganizationResolver(@Nullable OrganizationService organizations) {
			this.organizations = organizations;
		}

		/**
		 * Sets the bounded scheduler where the organization is read (default:
		 * {@link Schedulers#boundedElastic()}).
		 * @param blockingScheduler the scheduler
		 */
		public void setBlockingScheduler(Scheduler blockingScheduler) {
			Assert.notNull(blockingScheduler, "blockingScheduler must not be null");
			this.blockingScheduler = blockingScheduler;
		}

		/**
		 * Sets where a request goes on after the organization was read (default:
		 * {@link Schedulers#parallel()}).
		 * @param resumeScheduler the scheduler
		 */
		public void setResumeScheduler(Scheduler resumeScheduler) {
			Assert.notNull(resumeScheduler, "resumeScheduler must not be null");
			this.resumeScheduler = resumeScheduler;
		}

		@Override
		public boolean supportsParameter(MethodParameter parameter) {
			return OrganizationArgumentResolvers.isCurrentOrganization(parameter);
		}

		@Override
		public Mono<Object> resolveArgument(MethodParameter parameter, BindingContext bindingContext,
				ServerWebExchange exchange) {
			return ClerkReactiveOrganizationContext.current()
				.map(Optional::of)
				.defaultIfEmpty(Optional.empty())
				.flatMap((context) -> {
					Mono<Object> organization = Mono.fromCallable(() -> OrganizationArgumentResolvers
						.currentOrganization(parameter, context.orElse(null), this.organizations));
					return (context.isPresent() && this.organizations != null)
							? organization.subscribeOn(this.blockingScheduler).publishOn(this.resumeScheduler)
							: organization;
				});
		}

	}

	/**
	 * Resolves {@link ClerkOrganizationContext} parameters (empty, so {@code null},
	 * without an active organization).
	 */
	public static final class ContextResolver implements HandlerMethodArgumentResolver {

		@Override
		public boolean supportsParameter(MethodParameter parameter) {
			return OrganizationArgumentResolvers.isOrganizationContext(parameter);
		}

		@Override
		public Mono<Object> resolveArgument(MethodParameter parameter, BindingContext bindingContext,
				ServerWebExchange exchange) {
			return ClerkReactiveOrganizationContext.current()
				.map(Optional::of)
				.defaultIfEmpty(Optional.empty())
				.<Object>mapNotNull((context) -> OrganizationArgumentResolvers.organizationContext(parameter,
						context.orElse(null)));
		}

	}

}
