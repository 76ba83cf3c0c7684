/**
 * Commands an application runs from its command line with {@code --clerk.command=…}
 * instead of serving requests: the counterparts of django-clerk-users' management
 * commands.
 */
@NullMarked
package dev.clerkusers.command;

import org.jspecify.annotations.NullMarked;
