package dev.clerkusers.test.data;

/**
 * The display names Clerk gives organization roles ({@code role_name}).
 */
final class RoleNames {

	private RoleNames() {
	}

	/**
	 * The display name of a role key, as Clerk names its default roles: {@code org:admin}
	 * is {@code Admin}, {@code org:member} {@code Member}, and a custom
	 * {@code org:billing_manager} {@code Billing manager}.
	 * @param role the role key
	 * @return the display name
	 */
	static String displayName(String role) {
		String key = role.startsWith("org:") ? role.substring("org:".length()) : role;
		String words = key.replace('_', ' ').replace('-', ' ').trim();
		if (words.isEmpty()) {
			return role;
		}
		return Character.toUpperCase(words.charAt(0)) + words.substring(1);
	}

}
