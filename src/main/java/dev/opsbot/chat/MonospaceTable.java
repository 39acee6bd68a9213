package dev.opsbot.chat;

import java.util.ArrayList;
import java.util.List;

/** Lays a table out in aligned columns, for terminals and chat code blocks. */
public final class MonospaceTable {
  private MonospaceTable() {}

  public static String format(List<String> columns, List<List<String>> rows) {
    int[] widths = new int[columns.size()];
    List<List<String>> all = new ArrayList<>();
    all.add(columns);
    all.addAll(rows);
    for (List<String> row : all) {
      for (int i = 0; i < widths.length && i < row.size(); i++) {
        widths[i] = Math.max(widths[i], row.get(i).length());
      }
    }
    StringBuilder out = new StringBuilder();
    for (List<String> row : all) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < widths.length; i++) {
        String cell = i < row.size() ? row.get(i) : "";
        line.append(cell).append(" ".repeat(widths[i] - cell.length() + 2));
      }
      out.append(line.toString().stripTrailing()).append('\n');
    }
    return out.toString();
  }
}
