package dev.opsbot.testing;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.Response;
import okio.Buffer;

/**
 * An OkHttp interceptor that keeps each request a client sent and the answer it got, as they went
 * over the wire, so a test can check both against the provider's published description whatever
 * server answered (a MockWebServer or the demo's stand-in).
 */
public final class RecordedExchanges implements Interceptor {
  /** One request and its answer; {@code path} is below {@code basePath}. */
  public record Exchange(ApiDescription.Call call, int status, String answer) {}

  private final String basePath;
  private final List<Exchange> exchanges = new CopyOnWriteArrayList<>();

  /** {@code basePath}: the API's root on the server ({@code /v1} for Render), stripped. */
  public RecordedExchanges(String basePath) {
    this.basePath =
        basePath.endsWith("/") ? basePath.substring(0, basePath.length() - 1) : basePath;
  }

  @Override
  public Response intercept(Chain chain) throws IOException {
    Request request = chain.request();
    String body = "";
    String type = "";
    if (request.body() != null) {
      Buffer buffer = new Buffer();
      request.body().writeTo(buffer);
      body = buffer.readUtf8();
      type = request.body().contentType() == null ? "" : request.body().contentType().toString();
    }
    String path = request.url().encodedPath();
    if (path.startsWith(basePath)) {
      path = path.substring(basePath.length());
    }
    Response response = chain.proceed(request);
    String answer = response.peekBody(4L * 1024 * 1024).string();
    exchanges.add(
        new Exchange(
            ApiDescription.call(
                request.method(),
                path,
                request.url().encodedQuery(),
                request.header("Authorization") == null ? "" : request.header("Authorization"),
                type,
                body),
            response.code(),
            answer));
    return response;
  }

  public List<Exchange> all() {
    return List.copyOf(exchanges);
  }
}
