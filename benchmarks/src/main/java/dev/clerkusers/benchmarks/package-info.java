/**
 * Benchmarks of clerk-users: JMH microbenchmarks and load benchmarks against a running
 * application. Not part of the test run; see benchmarks/README.md.
 */
@NullMarked
package dev.clerkusers.benchmarks;

import org.jspecify.annotations.NullMarked;
