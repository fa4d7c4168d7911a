using System.Globalization;

namespace Aileron.Tests.Deploy;

/// <summary>
/// The Dockerfile builds in stages, runs as the non-root user the manifests name, and starts the
/// same command as the SDK's container publish and the Kubernetes Deployment. Unit tests: files only.
/// </summary>
public sealed class DockerfileTests
{
    /// <summary>The "app" user the aspnet base images create, and the value of their APP_UID.</summary>
    private const string AppUid = "1654";

    private readonly DockerfileText _dockerfile = DockerfileText.Load();
    private readonly ToolProject _project = ToolProject.Load();

    [Fact]
    public void The_build_stage_uses_the_sdk_and_the_image_only_the_aspnet_runtime()
    {
        var from = _dockerfile.Instructions.Where(i => i.Instruction == "FROM").Select(i => i.Arguments).ToList();

        Assert.True(from.Count >= 2, "a multi-stage build: the SDK builds, the runtime image runs");
        Assert.StartsWith("mcr.microsoft.com/dotnet/sdk:", from[0], StringComparison.Ordinal);
        Assert.Equal(_project.Property("ContainerBaseImage"), from[^1]);
        Assert.Contains(_dockerfile.FinalStage, i => i.Instruction == "COPY" && i.Arguments.StartsWith("--from=", StringComparison.Ordinal));
    }

    [Fact]
    public void The_image_runs_as_the_non_root_user_of_the_manifests_and_the_sdk_publish()
    {
        var user = _dockerfile.Last("USER") is "$APP_UID" or "${APP_UID}" ? AppUid : _dockerfile.Last("USER");

        Assert.True(int.TryParse(user, CultureInfo.InvariantCulture, out var uid), $"USER {user}: give a numeric uid, which Kubernetes' runAsNonRoot can check");
        Assert.NotEqual(0, uid);
        Assert.Equal(_project.Property("ContainerUser"), user);
        Assert.Equal(user, KubeObject.Scalar(KubernetesManifests.Load().Deployment.Root, "spec.template.spec.securityContext.runAsUser"));
    }

    [Fact]
    public void The_entrypoint_and_command_are_those_of_the_sdk_container_publish()
    {
        var workdir = _dockerfile.Last("WORKDIR").TrimEnd('/');

        Assert.Equal(["dotnet", $"{workdir}/{_project.Property("AssemblyName")}.dll"], _dockerfile.ExecForm("ENTRYPOINT"));
        Assert.Equal(_project.Items("ContainerDefaultArgs"), _dockerfile.ExecForm("CMD"));
    }

    [Fact]
    public void The_default_command_serves_the_deployment_config_file_and_admin_port()
    {
        var image = ServeCommandLine.Parse(_dockerfile.ExecForm("CMD"));
        var manifests = KubernetesManifests.Load();
        var deployment = ServeCommandLine.Parse(KubeObject.Strings(manifests.Container, "args"));

        Assert.Equal(deployment.Files, image.Files);
        Assert.Equal(deployment.Admin, image.Admin);
        Assert.True(ServeCommandLine.ListensOnEveryInterface(image.Admin!), $"--admin {image.Admin!.Text}: a container's admin listener must be reachable from outside it");
    }

    [Fact]
    public void The_exposed_ports_are_the_container_ports()
    {
        var exposed = _dockerfile.Last("EXPOSE").Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var container = KubernetesManifests.Load().Container;
        var ports = KubeObject.Sequence(container, "ports").Select(p => KubeObject.Scalar(p, "containerPort")!).ToList();

        Assert.Equal(ports.Order(StringComparer.Ordinal), exposed.Order(StringComparer.Ordinal));
        Assert.Equal(ports.Order(StringComparer.Ordinal), _project.Items("ContainerPort").Order(StringComparer.Ordinal));
    }
}
