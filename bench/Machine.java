import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** The machine a benchmark ran on, printed with its figures: CPUs, memory, OS, JVM, limits. */
final class Machine {
  private Machine() {}

  static void print() throws IOException {
    String cpu = "unknown";
    for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
      if (line.startsWith("model name")) {
        cpu = line.substring(line.indexOf(':') + 1).trim();
        break;
      }
    }
    String memTotal = "unknown";
    for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
      if (line.startsWith("MemTotal:")) {
        memTotal = String.format(
            Locale.ROOT, "%.1f GiB", Long.parseLong(line.replaceAll("[^0-9]", "")) / 1048576.0);
      }
    }
    String osName = System.getProperty("os.name");
    Path osRelease = Path.of("/etc/os-release");
    if (Files.exists(osRelease)) {
      for (String line : Files.readAllLines(osRelease)) {
        if (line.startsWith("PRETTY_NAME=")) {
          osName = line.substring("PRETTY_NAME=".length()).replace("\"", "");
        }
      }
    }
    var unixOs = (com.sun.management.UnixOperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    System.out.println("machine:");
    System.out.printf("  cpus (available to the JVM): %d%n", Runtime.getRuntime().availableProcessors());
    System.out.printf("  cpu model: %s%n", cpu);
    System.out.printf("  memory: %s%n", memTotal);
    System.out.printf(
        "  os: %s, kernel %s %s%n", osName, System.getProperty("os.version"), System.getProperty("os.arch"));
    System.out.printf(
        "  java: %s %s (%s)%n",
        System.getProperty("java.vm.vendor"),
        System.getProperty("java.runtime.version"),
        System.getProperty("java.vm.name"));
    System.out.printf(
        "  gc: %s%n",
        ManagementFactory.getGarbageCollectorMXBeans().stream().map(b -> b.getName()).toList());
    System.out.printf("  open files limit: %d%n", unixOs.getMaxFileDescriptorCount());
    System.out.printf("  net.core.somaxconn: %s%n", readTrimmed("/proc/sys/net/core/somaxconn"));
  }

  private static String readTrimmed(String file) {
    try {
      // readAllLines, not readString: procfs reports a size that readString trusts.
      return String.join(" ", Files.readAllLines(Path.of(file))).trim();
    } catch (IOException e) {
      return "unknown";
    }
  }
}
