/**
 * What the deploy platforms know of a service beyond its deploys: {@code /logs} from Render's logs
 * API and Vercel's runtime logs, and Render's memory and CPU metrics as a probe source.
 */
package dev.opsbot.platform;
