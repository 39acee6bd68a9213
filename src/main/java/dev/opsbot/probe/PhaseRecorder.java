package dev.opsbot.probe;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.time.Duration;
import java.util.List;
import okhttp3.Call;
import okhttp3.EventListener;
import okhttp3.Handshake;
import okhttp3.Protocol;
import okhttp3.Request;

/** Records one call's phases through OkHttp's event callbacks. */
final class PhaseRecorder extends EventListener {
  /** Finds the recorder a probe attached to its request, so one client serves every probe. */
  static final EventListener.Factory FACTORY =
      call -> {
        PhaseRecorder recorder = call.request().tag(PhaseRecorder.class);
        return recorder != null ? recorder : EventListener.NONE;
      };

  private long callStart;
  private long dnsStart;
  private long dnsEnd;
  private long connectStart;
  private long connectEnd;
  private long tlsStart;
  private long tlsEnd;
  private long firstByte;

  Request.Builder attachTo(Request.Builder request) {
    return request.tag(PhaseRecorder.class, this);
  }

  @Override
  public void callStart(Call call) {
    callStart = System.nanoTime();
  }

  @Override
  public void dnsStart(Call call, String domainName) {
    dnsStart = System.nanoTime();
  }

  @Override
  public void dnsEnd(Call call, String domainName, List<InetAddress> inetAddressList) {
    dnsEnd = System.nanoTime();
  }

  @Override
  public void connectStart(Call call, InetSocketAddress inetSocketAddress, Proxy proxy) {
    connectStart = System.nanoTime();
  }

  @Override
  public void secureConnectStart(Call call) {
    tlsStart = System.nanoTime();
  }

  @Override
  public void secureConnectEnd(Call call, Handshake handshake) {
    tlsEnd = System.nanoTime();
  }

  @Override
  public void connectEnd(
      Call call, InetSocketAddress inetSocketAddress, Proxy proxy, Protocol protocol) {
    connectEnd = System.nanoTime();
  }

  @Override
  public void responseHeadersStart(Call call) {
    if (firstByte == 0) {
      firstByte = System.nanoTime();
    }
  }

  PhaseTimings timings() {
    return new PhaseTimings(
        between(dnsStart, dnsEnd),
        between(connectStart, connectEnd),
        between(tlsStart, tlsEnd),
        between(callStart, firstByte));
  }

  private static Duration between(long start, long end) {
    return start == 0 || end == 0 ? null : Duration.ofNanos(end - start);
  }
}
