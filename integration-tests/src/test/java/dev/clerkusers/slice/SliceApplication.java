package dev.clerkusers.slice;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The application whose slice is tested.
 */
@SpringBootApplication
public class SliceApplication {

}
