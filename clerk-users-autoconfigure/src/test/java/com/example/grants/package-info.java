/**
 * An application's own types, outside the library's packages.
 */
@NullMarked
package com.example.grants;

import org.jspecify.annotations.NullMarked;
