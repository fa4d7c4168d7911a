# syntax=docker/dockerfile:1
# The aileron proxy as a container image, built from the repository root:
#
#   docker build -t aileron:0.1.0 .
#   docker run --rm --read-only --tmpfs /tmp -p 8080:8080 -p 9901:9901 \
#     -v "$PWD/examples/proxy-loadbalancing/config-round-robin.yaml:/etc/aileron/config.yaml:ro" aileron:0.1.0
#
# The SDK builds the same image without a Dockerfile (or a Docker engine, with an archive):
#   dotnet publish src/Aileron.Tool -c Release /t:PublishContainer -p:ContainerArchiveOutputPath=artifacts/aileron.tar
# See docs/kubernetes.md. deploy/kubernetes/ runs it.

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
# Restore first, from the project files alone, so a source change does not re-download packages.
COPY Directory.Build.props Directory.Packages.props .editorconfig README.md ./
COPY src/Aileron.Tool/Aileron.Tool.csproj src/Aileron.Tool/
RUN dotnet restore src/Aileron.Tool/Aileron.Tool.csproj
COPY src/Aileron.Tool/ src/Aileron.Tool/
RUN dotnet publish src/Aileron.Tool/Aileron.Tool.csproj -c Release --no-restore -o /app -p:UseAppHost=false

FROM mcr.microsoft.com/dotnet/aspnet:10.0
WORKDIR /app
COPY --from=build /app ./
# Nothing is written at run time, so the root file system can be read-only; only the .NET
# diagnostics socket wants a writable /tmp (a tmpfs or an emptyDir).
# The base image's non-root "app" user (1654), which the Kubernetes manifests' runAsUser names.
USER $APP_UID
# The proxy's HTTPServer addr in the example config, and the admin listener (probes, /metrics).
EXPOSE 8080 9901
ENTRYPOINT ["dotnet", "/app/aileron.dll"]
CMD ["serve", "-f", "/etc/aileron/config.yaml", "--admin", "0.0.0.0:9901"]
