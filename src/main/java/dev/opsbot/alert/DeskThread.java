package dev.opsbot.alert;

import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The desk's one thread and its bounded queue: work handed to it, or run on it and waited for. */
final class DeskThread {
  private static final Logger log = LoggerFactory.getLogger(AlertDesk.class);

  private final Duration answerWithin;
  private final ThreadPoolExecutor worker;

  DeskThread(int queue, Duration answerWithin) {
    this.answerWithin = answerWithin;
    this.worker =
        new ThreadPoolExecutor(
            1,
            1,
            0,
            TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(queue),
            Thread.ofPlatform().name("alerts").daemon().factory());
  }

  /** Hands {@code task} over; false when the queue is full. */
  boolean submit(Runnable task) {
    try {
      worker.execute(() -> {
        try {
          task.run();
        } catch (RuntimeException e) {
          log.error("event=alert_desk_failed error=\"{}\"", e.toString(), e);
        }
      });
      return true;
    } catch (RejectedExecutionException e) {
      return false;
    }
  }

  /** Runs {@code task} on the desk's thread and waits for it. */
  <T> T await(Callable<T> task) {
    Future<T> future;
    try {
      future = worker.submit(task);
    } catch (RejectedExecutionException e) {
      throw new IllegalStateException("the alert desk is busy or stopped: try again in a moment");
    }
    try {
      return future.get(answerWithin.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted");
    } catch (TimeoutException e) {
      throw new IllegalStateException(
          "the alert desk did not answer within " + answerWithin.toSeconds() + " s: try again");
    } catch (ExecutionException e) {
      throw e.getCause() instanceof RuntimeException runtime
          ? runtime
          : new IllegalStateException(e.getCause());
    }
  }

  void close() {
    worker.shutdown();
    try {
      if (!worker.awaitTermination(5, TimeUnit.SECONDS)) {
        worker.shutdownNow();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
