# syntax=docker/dockerfile:1
# The Learning Network as a container image (docs/operations.md):
#   docker build -t learning-network .
#   docker run -p 8080:8080 -v ln-data:/data -e Site__PublicUrl=https://network.example.org learning-network
# Every admin verb runs in the same image: docker run --rm -v ln-data:/data learning-network backup /data/network.backup

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
# Restore first, from the project files alone, so a change of code does not fetch the packages again.
COPY global.json Directory.Build.props Directory.Packages.props LearningNetwork.slnx ./
COPY src/LearningNetwork/LearningNetwork.csproj src/LearningNetwork/
COPY src/LearningNetwork.Migrations.Sqlite/LearningNetwork.Migrations.Sqlite.csproj src/LearningNetwork.Migrations.Sqlite/
COPY src/LearningNetwork.Migrations.Postgres/LearningNetwork.Migrations.Postgres.csproj src/LearningNetwork.Migrations.Postgres/
RUN dotnet restore src/LearningNetwork/LearningNetwork.csproj
COPY src/ src/
# Publish also builds the two migrations assemblies and copies them beside the app (LearningNetwork.csproj).
RUN dotnet publish src/LearningNetwork/LearningNetwork.csproj -c Release -o /app --no-restore -nologo

FROM mcr.microsoft.com/dotnet/aspnet:10.0
# pg_dump and pg_restore for the backup and restore verbs on PostgreSQL (must not be older than the server).
RUN apt-get update \
 && apt-get install -y --no-install-recommends postgresql-client \
 && rm -rf /var/lib/apt/lists/* \
 && mkdir /data && chown app:app /data
WORKDIR /app
COPY --from=build /app .
ENV ASPNETCORE_ENVIRONMENT=Production \
    ASPNETCORE_HTTP_PORTS=8080 \
    Storage__Root=/data \
    Logging__Console__FormatterName=json \
    DOTNET_CLI_TELEMETRY_OPTOUT=1
# The image's unprivileged user (uid 1654): the app never needs root.
USER app
VOLUME /data
EXPOSE 8080
# Probes for an orchestrator: /health/live (the process answers) and /health/ready (its database answers).
ENTRYPOINT ["dotnet", "LearningNetwork.dll"]
