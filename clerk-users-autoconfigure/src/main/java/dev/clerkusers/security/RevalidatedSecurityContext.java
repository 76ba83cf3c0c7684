package dev.clerkusers.security;

import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

import org.springframework.security.core.context.DeferredSecurityContext;
import org.springframework.security.core.context.SecurityContext;

/**
 * A stored security context that a repository checks again before it is used: checked
 * once, when first read, as Spring Security reads contexts lazily.
 */
final class RevalidatedSecurityContext implements DeferredSecurityContext {

	private final Supplier<SecurityContext> supplier;

	private final Supplier<Boolean> generated;

	private @Nullable SecurityContext context;

	/**
	 * Creates the context.
	 * @param supplier reads and checks the stored context
	 * @param generated whether the stored context was generated (nothing stored)
	 */
	RevalidatedSecurityContext(Supplier<SecurityContext> supplier, Supplier<Boolean> generated) {
		this.supplier = supplier;
		this.generated = generated;
	}

	@Override
	public SecurityContext get() {
		SecurityContext context = this.context;
		if (context == null) {
			context = this.supplier.get();
			this.context = context;
		}
		return context;
	}

	@Override
	public boolean isGenerated() {
		get();
		return this.generated.get();
	}

}
