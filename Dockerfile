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
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-jar", "/app/opsbot.jar"]
CMD ["run"]
