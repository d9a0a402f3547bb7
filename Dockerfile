# One image recipe for every module: docker build --build-arg MODULE=gateway-service .
# Build the jars first (mvn package); the image only copies the runnable jar.
# JDK 25 runtime for Java 17 bytecode: the whole suite passes on it, and it warms up faster (BENCHMARKS.md,
# "JDK 25 and an AOT cache"). No AOT cache here: one trained at start-up alone showed no gain; one trained
# under load needs the extracted jars and a training run on the same JDK build.
FROM eclipse-temurin:25-jre
ARG MODULE
COPY ${MODULE}/target/${MODULE}-0.1.0-SNAPSHOT-exec.jar /app/app.jar
USER 1000
# Netty loads its native helpers through System.loadLibrary: allowed explicitly, as JDK 25 warns otherwise.
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "--enable-native-access=ALL-UNNAMED", "-jar", "/app/app.jar"]
