package dev.opsbot.chat;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.UncheckedIOException;

/** A neutral message as JSON and back, for the durable outbox. */
public final class MessageJson {
  private static final ObjectMapper JSON =
      new ObjectMapper().addMixIn(Block.class, TypedBlock.class);

  @JsonTypeInfo(use = JsonTypeInfo.Id.SIMPLE_NAME, property = "type")
  @JsonSubTypes({
    @JsonSubTypes.Type(Block.Header.class),
    @JsonSubTypes.Type(Block.Text.class),
    @JsonSubTypes.Type(Block.Fields.class),
    @JsonSubTypes.Type(Block.Table.class),
    @JsonSubTypes.Type(Block.Code.class),
    @JsonSubTypes.Type(Block.Buttons.class),
    @JsonSubTypes.Type(Block.Context.class),
    @JsonSubTypes.Type(Block.Page.class),
    @JsonSubTypes.Type(Block.Image.class),
    @JsonSubTypes.Type(Block.File.class)
  })
  private interface TypedBlock {}

  private MessageJson() {}

  public static String write(Message message) {
    try {
      return JSON.writeValueAsString(message);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static Message read(String json) {
    try {
      return JSON.readValue(json, Message.class);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
