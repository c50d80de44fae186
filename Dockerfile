# The relay's runnable jar on a JRE. Build context: the project folder (docker compose builds it).
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY pom.xml package.json package-lock.json ./
COPY src src
COPY routes routes
RUN mvn -B -q package -DskipTests -DskipNpm=true

FROM eclipse-temurin:17-jre
WORKDIR /app
COPY --from=build /src/target/kinesis-cratedb.jar /app/kinesis-cratedb.jar
COPY kinesis-cratedb /app/kinesis-cratedb
COPY routes /app/routes
COPY application.properties /app/application.properties
# The launcher: -Xmx256m unless KCR_HEAP says otherwise, JAVA_OPTS for more JVM options.
ENTRYPOINT ["/app/kinesis-cratedb"]
CMD ["--help"]
