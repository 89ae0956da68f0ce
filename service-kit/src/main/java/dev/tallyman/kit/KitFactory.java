package dev.tallyman.kit;

import dev.tallyman.contracts.Topics;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;

/** Beans every service shares. */
@Factory
public class KitFactory {
  @Singleton
  Topics topics(@Value("${tallyman.topics.prefix:tallyman}") String prefix) {
    return new Topics(prefix);
  }
}
