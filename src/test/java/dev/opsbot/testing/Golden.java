package dev.opsbot.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.opsbot.chat.Block;
import dev.opsbot.chat.Message;
import dev.opsbot.chat.PlainTextRenderer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Golden files for rendered messages: {@code src/test/resources/<package>/<TestClass>/<case>.*}.
 * Run the tests with {@code -Dgolden.update=true} to write them anew, then review the diff.
 */
public final class Golden {
  private static final boolean UPDATE = Boolean.getBoolean("golden.update");
  private static final ObjectMapper JSON =
      new ObjectMapper()
          .addMixIn(Block.class, TypedBlock.class)
          .enable(SerializationFeature.INDENT_OUTPUT);

  @JsonTypeInfo(use = JsonTypeInfo.Id.SIMPLE_NAME, property = "type")
  private interface TypedBlock {}

  private Golden() {}

  /**
   * Compares the message's neutral model (JSON) and its console rendering with the golden files.
   */
  public static void assertMessage(Class<?> testClass, String caseName, Message message) {
    try {
      assertText(testClass, caseName + ".json", JSON.writeValueAsString(message) + "\n");
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
    assertText(testClass, caseName + ".txt", new PlainTextRenderer().render(message));
  }

  public static void assertText(Class<?> testClass, String fileName, String actual) {
    Path file =
        Path.of("src/test/resources")
            .resolve(testClass.getPackageName().replace('.', '/'))
            .resolve(testClass.getSimpleName())
            .resolve(fileName);
    try {
      if (UPDATE) {
        Files.createDirectories(file.getParent());
        Files.writeString(file, actual);
        return;
      }
      if (!Files.exists(file)) {
        fail("golden file " + file + " is missing: run with -Dgolden.update=true and review it");
      }
      assertThat(actual).as("rendering compared with " + file).isEqualTo(Files.readString(file));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
