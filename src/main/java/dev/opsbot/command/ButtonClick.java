package dev.opsbot.command;

import dev.opsbot.access.Caller;

/** A click on a button of an earlier message: which button, its value, who clicked. */
public record ButtonClick(String actionId, String value, Caller caller) {}
