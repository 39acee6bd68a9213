package dev.opsbot.config;

/**
 * Someone who can be paged: a display name and how to reach them (a Slack user id such as {@code
 * U024BE7LH}, a Discord user id, an e-mail address); at least one of the three.
 */
public record OnCallPerson(String name, String slack, String discord, String email) {}
