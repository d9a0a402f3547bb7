# One image recipe for every module: docker build --build-arg MODULE=gateway-service .
# Build the jars first (mvn package); the image only copies the runnable jar.
FROM eclipse-temurin:17-jre
ARG MODULE
COPY ${MODULE}/target/${MODULE}-0.1.0-SNAPSHOT-exec.jar /app/app.jar
USER 1000
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-jar", "/app/app.jar"]
