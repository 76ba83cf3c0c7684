package dev.clerkusers.security;

import java.util.function.BiFunction;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.core.context.DeferredSecurityContext;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.web.context.HttpRequestResponseHolder;
import org.springframework.security.web.context.SecurityContextRepository;

/**
 * A repository that checks each security context it reads from another before it is used
 * (once, when first read), and saves through that other as it is.
 */
final class CheckedSecurityContextRepository implements SecurityContextRepository {

	private final SecurityContextRepository delegate;

	private final BiFunction<SecurityContext, HttpServletRequest, SecurityContext> check;

	/**
	 * Creates the repository.
	 * @param delegate the repository that keeps the contexts
	 * @param check the context to use for one read from the delegate for a request
	 */
	CheckedSecurityContextRepository(SecurityContextRepository delegate,
			BiFunction<SecurityContext, HttpServletRequest, SecurityContext> check) {
		this.delegate = delegate;
		this.check = check;
	}

	@Override
	public DeferredSecurityContext loadDeferredContext(HttpServletRequest request) {
		DeferredSecurityContext stored = this.delegate.loadDeferredContext(request);
		return new RevalidatedSecurityContext(() -> this.check.apply(stored.get(), request), stored::isGenerated);
	}

	@Override
	@Deprecated
	public SecurityContext loadContext(HttpRequestResponseHolder requestResponseHolder) {
		return loadDeferredContext(requestResponseHolder.getRequest()).get();
	}

	@Override
	public void saveContext(SecurityContext context, HttpServletRequest request, HttpServletResponse response) {
		this.delegate.saveContext(context, request, response);
	}

	@Override
	public boolean containsContext(HttpServletRequest request) {
		return this.delegate.containsContext(request);
	}

}
