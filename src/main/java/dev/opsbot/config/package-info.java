/**
 * Typed configuration: records, YAML loading, {@code ${ENV}} interpolation, validation and {@code
 * Secret}. Depends on no other part of opsbot.
 */
package dev.opsbot.config;
