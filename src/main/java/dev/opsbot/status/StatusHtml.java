package dev.opsbot.status;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * The page as HTML: one column, a little inline CSS, no script, and a meta refresh. Every text from
 * outside (names, summaries, the title) is escaped, so a name holding markup shows as text.
 */
public final class StatusHtml {
  private static final DateTimeFormatter WHEN =
      DateTimeFormatter.ofPattern("d MMM, HH:mm 'UTC'", Locale.ENGLISH).withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter DAY =
      DateTimeFormatter.ofPattern("d MMM yyyy", Locale.ENGLISH);
  private static final String CSS =
      """
      *{box-sizing:border-box}
      body{margin:0;font:16px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;\
      background:#f4f6f8;color:#1d232b}
      main{max-width:760px;margin:0 auto;padding:16px}
      h1{font-size:1.45rem;margin:4px 0 12px;overflow-wrap:anywhere}
      h2{font-size:1rem;margin:0 0 8px;color:#3c4652}
      h3{font-size:1rem;margin:0;overflow-wrap:anywhere}
      section{margin-bottom:22px}
      .overall{padding:14px 16px;border-radius:8px;color:#fff;font-weight:600;margin:0 0 20px}
      .overall.operational{background:#23804a}.overall.incident,.overall.degraded{background:#a35f00}
      .overall.partial_outage{background:#c62828}.overall.major_outage{background:#8e1414}
      .overall.unknown{background:#5f6b78}
      .card{background:#fff;border:1px solid #dde2e8;border-radius:8px;padding:12px 14px;\
      margin-bottom:10px}
      .incident{border-left:5px solid #a35f00}.incident.critical{border-left-color:#c62828}
      .incident.info{border-left-color:#2f6fb0}
      .service.down,.heartbeat.down{border-left:5px solid #c62828}.service.degraded{border-left:5px solid #a35f00}
      .row{display:flex;justify-content:space-between;align-items:baseline;gap:8px}
      .status{font-size:.85rem;font-weight:600;white-space:nowrap}
      .status.up{color:#1b7340}.status.degraded{color:#8f5300}.status.down{color:#c62828}
      .status.unknown{color:#5f6b78}
      .muted{color:#5f6b78;font-size:.85rem;margin:2px 0 0}
      .update{margin:8px 0 0;font-size:.92rem}
      .bars{display:flex;gap:1px;height:30px;margin-top:10px}
      .bars span{flex:1;min-width:1px;border-radius:1px;background:#d3d8de}
      .bars .good{background:#2f9e5b}.bars .fair{background:#8cbf3f}
      .bars .poor{background:#e39b12}.bars .bad{background:#d64545}
      .key{margin:0 0 10px;font-size:.78rem}
      .legend{display:flex;justify-content:space-between;font-size:.75rem;color:#5f6b78;\
      margin-top:4px}
      footer{font-size:.8rem;color:#5f6b78;margin-top:8px}
      @media (max-width:600px){main{padding:12px 10px}.bars{height:26px}\
      .row{flex-direction:column;gap:0}}
      """;

  private StatusHtml() {}

  public static String render(StatusView view) {
    StringBuilder html = new StringBuilder(16_384);
    html.append("<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
        .append("<meta http-equiv=\"refresh\" content=\"")
        .append(view.refreshSeconds())
        .append("\"><title>")
        .append(escape(view.title()))
        .append("</title><style>")
        .append(CSS)
        .append("</style></head>\n<body><main>\n<h1>")
        .append(escape(view.title()))
        .append("</h1>\n<p class=\"overall ")
        .append(view.overall().name().toLowerCase(Locale.ROOT))
        .append("\" id=\"overall\">")
        .append(escape(view.overall().label()))
        .append("</p>\n");
    incidents(html, view);
    maintenance(html, view);
    services(html, view);
    heartbeats(html, view);
    html.append("<footer>Updated ")
        .append(escape(WHEN.format(view.generatedAt())))
        .append(" · refreshes every ")
        .append(view.refreshSeconds())
        .append(" s · also as <a href=\"status.json\">JSON</a></footer>\n</main></body></html>\n");
    return html.toString();
  }

  private static void incidents(StringBuilder html, StatusView view) {
    html.append("<section id=\"incidents\"><h2>Open incidents</h2>\n");
    if (view.incidents().isEmpty()) {
      html.append("<p class=\"muted\">No open incidents.</p>\n");
    }
    for (StatusView.Incident incident : view.incidents()) {
      html.append("<article class=\"card incident ")
          .append(escape(incident.severity()))
          .append("\" data-incident=\"")
          .append(incident.id())
          .append("\"><h3>")
          .append(escape(incident.summary()))
          .append("</h3><p class=\"muted\">")
          .append(escape(incident.service()))
          .append(" · ")
          .append(escape(incident.severity()))
          .append(" · since ")
          .append(when(incident.since()))
          .append("</p><p class=\"update\"><strong>")
          .append(when(incident.updatedAt()))
          .append("</strong> ")
          .append(escape(incident.update()))
          .append("</p></article>\n");
    }
    html.append("</section>\n");
  }

  private static void maintenance(StringBuilder html, StatusView view) {
    html.append("<section id=\"maintenance\"><h2>Maintenance</h2>\n");
    if (view.maintenance().isEmpty()) {
      html.append("<p class=\"muted\">No maintenance scheduled.</p>\n");
    }
    for (MaintenanceWindow window : view.maintenance()) {
      html.append("<article class=\"card\"><h3>")
          .append(escape(window.title()))
          .append("</h3><p class=\"muted\">")
          .append(escape(window.service()))
          .append(" · ")
          .append(when(window.from()))
          .append(" to ")
          .append(when(window.to()))
          .append("</p></article>\n");
    }
    html.append("</section>\n");
  }

  private static void services(StringBuilder html, StatusView view) {
    html.append("<section id=\"services\"><h2>Services</h2>\n")
        .append("<p class=\"muted key\">One bar per day (UTC): green all answered, light green")
        .append(" 99% or more, orange 95% or more, red less, grey not recorded.</p>\n");
    if (view.historyNote() != null) {
      html.append("<p class=\"muted\">").append(escape(view.historyNote())).append("</p>\n");
    }
    for (StatusView.Service service : view.services()) {
      html.append("<article class=\"card service ")
          .append(service.health().id())
          .append("\" data-service=\"")
          .append(escape(service.id()))
          .append("\"><div class=\"row\"><h3>")
          .append(escape(service.name()))
          .append("</h3><span class=\"status ")
          .append(service.health().id())
          .append("\">")
          .append(escape(service.health().label()))
          .append("</span></div>");
      if (service.since() != null) {
        html.append("<p class=\"muted\">since ").append(when(service.since())).append("</p>");
      } else if (service.checkedAt() != null) {
        html.append("<p class=\"muted\">checked ").append(when(service.checkedAt())).append("</p>");
      }
      if (service.detail() != null) {
        html.append("<p class=\"muted detail\">").append(escape(service.detail())).append("</p>");
      }
      bars(html, service);
      html.append("</article>\n");
    }
    html.append("</section>\n");
  }

  private static void heartbeats(StringBuilder html, StatusView view) {
    if (view.heartbeats().isEmpty()) {
      return;
    }
    html.append("<section id=\"heartbeats\"><h2>Scheduled jobs</h2>\n");
    for (HeartbeatNow heartbeat : view.heartbeats()) {
      boolean late = heartbeat.health() == Health.DOWN;
      html.append("<article class=\"card heartbeat ")
          .append(heartbeat.health().id())
          .append("\" data-heartbeat=\"")
          .append(escape(heartbeat.id()))
          .append("\"><div class=\"row\"><h3>")
          .append(escape(heartbeat.name()))
          .append("</h3><span class=\"status ")
          .append(heartbeat.health().id())
          .append("\">")
          .append(late ? "Late" : heartbeat.health() == Health.UP ? "On time" : "No data yet")
          .append("</span></div><p class=\"muted\">")
          .append(
              heartbeat.lastPingAt() == null
                  ? "no run reported yet"
                  : "last run reported " + when(heartbeat.lastPingAt()))
          .append(
              heartbeat.expectedBy() == null
                  ? ""
                  : (late ? " · expected by " : " · next expected by ")
                      + when(heartbeat.expectedBy()))
          .append("</p></article>\n");
    }
    html.append("</section>\n");
  }

  private static void bars(StringBuilder html, StatusView.Service service) {
    String uptime = service.uptime() == null ? "no data" : percent(service.uptime()) + " uptime";
    html.append("<div class=\"bars\" role=\"img\" aria-label=\"")
        .append(escape(service.name() + ", last " + service.days().size() + " days: " + uptime))
        .append("\">");
    for (StatusView.Day day : service.days()) {
      html.append("<span class=\"")
          .append(grade(day.availability()))
          .append("\" title=\"")
          .append(escape(DAY.format(day.date())))
          .append(": ")
          .append(day.availability() == null ? "no data" : percent(day.availability()))
          .append("\"></span>");
    }
    html.append("</div><div class=\"legend\"><span>")
        .append(service.days().size())
        .append(" days ago</span><span>")
        .append(uptime)
        .append("</span><span>today</span></div>");
  }

  static String grade(Double availability) {
    if (availability == null) {
      return "none";
    }
    if (availability >= 0.999) {
      return "good";
    }
    if (availability >= 0.99) {
      return "fair";
    }
    return availability >= 0.95 ? "poor" : "bad";
  }

  static String percent(double ratio) {
    return String.format(Locale.ROOT, "%.2f%%", Math.floor(ratio * 10_000) / 100);
  }

  private static String when(Instant instant) {
    return instant == null ? "unknown" : escape(WHEN.format(instant));
  }

  static String escape(String text) {
    if (text == null) {
      return "";
    }
    StringBuilder out = new StringBuilder(text.length() + 16);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }
}
