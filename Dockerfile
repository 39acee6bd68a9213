# Build with the Maven wrapper on a JDK, run on a JRE as a non-root user.
FROM eclipse-temurin:21-jdk AS build
WORKDIR /src
COPY .mvn/ .mvn/
COPY mvnw pom.xml ./
RUN ./mvnw --batch-mode --quiet dependency:go-offline
COPY src/ src/
COPY config/ config/
RUN ./mvnw --batch-mode --quiet -DskipTests package

FROM eclipse-temurin:21-jre
# fontconfig and a font: the digest renders its chart with headless AWT.
RUN apt-get update \
    && apt-get install -y --no-install-recommends fontconfig fonts-dejavu-core \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --create-home --uid 10001 opsbot
WORKDIR /app
COPY --from=build /src/target/opsbot.jar /app/opsbot.jar
COPY config/ config/
COPY alerts/ alerts/
COPY commands/ commands/
USER opsbot
# The admin port (/healthz, Prometheus /metrics) and Slack's HTTP mode (SLACK_HTTP_PORT).
EXPOSE 8081 3000
# Measured with bench/run-blackbox.sh (bench/RESULTS.md, 2026-12-04): with 1000 services, resident
# memory 214 MiB instead of 299 MiB (-Xmx512m, G1) at the same CPU per probe. Costs: GC pauses up to
# about 100 ms instead of 10 ms, and C1-only code spends more CPU in the probing threads than C2's
# would once compiled. Raise -Xmx with the fleet: at 10,000 services 256 MiB was too small (GC
# took 38% of the CPU).
ENTRYPOINT ["java", "-XX:+UseSerialGC", "-Xmx128m", "-XX:TieredStopAtLevel=1", "-XX:ReservedCodeCacheSize=32m", "-jar", "/app/opsbot.jar"]
CMD ["run"]
