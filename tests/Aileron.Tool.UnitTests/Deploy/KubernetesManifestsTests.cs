using Aileron.Admin;
using Aileron.Configuration.Model;
using Aileron.Tests.TestSupport;

namespace Aileron.Tests.Deploy;

/// <summary>
/// deploy/kubernetes/ agrees with what aileron really does: the probes and ports point at what the
/// container's command line opens, the ConfigMap's config passes validate, the grace period
/// outlasts the drain, and every selector selects what it should. Unit tests: files only.
/// </summary>
public sealed class KubernetesManifestsTests
{
    private static readonly string[] Kinds = ["ConfigMap", "Deployment", "PodDisruptionBudget", "Service", "StatefulSet"];

    private readonly KubernetesManifests _manifests = KubernetesManifests.Load();

    [Fact]
    public void Every_manifest_holds_named_objects_of_the_expected_kinds()
    {
        Assert.NotEmpty(_manifests.Objects);
        Assert.All(_manifests.Objects, o =>
        {
            Assert.False(string.IsNullOrEmpty(o.Scalar("apiVersion")), $"{o}: no apiVersion");
            Assert.Contains(o.Kind, Kinds);
            Assert.Matches("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$", o.Name);
        });
        Assert.Equal(Kinds, _manifests.Objects.Select(o => o.Kind).Distinct().Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task The_configmap_config_passes_validate_without_a_warning()
    {
        using var config = new TempConfig(ConfigText());

        var run = await CliRun.RunAsync("validate", "-f", config.Path);

        Assert.Equal(string.Empty, run.Error);
        Assert.Equal($"{config.Path}: valid\n", run.Output);
        Assert.Equal(0, run.ExitCode);
    }

    [Fact]
    public void The_probes_and_the_scrape_annotations_point_at_the_admin_listener_the_container_opens()
    {
        var container = _manifests.Container;
        var admin = ContainerCommandLine().Admin;

        Assert.NotNull(admin);
        Assert.True(ServeCommandLine.ListensOnEveryInterface(admin), $"--admin {admin.Text}: the kubelet probes the pod's address, so the admin listener must listen on every interface (0.0.0.0:PORT)");
        Assert.Equal(AdminPaths.Liveness, KubeObject.Scalar(container, "livenessProbe.httpGet.path"));
        Assert.Equal(AdminPaths.Readiness, KubeObject.Scalar(container, "readinessProbe.httpGet.path"));
        Assert.Equal(admin.Port, KubernetesManifests.ResolvePort(container, KubeObject.Scalar(container, "livenessProbe.httpGet.port")!));
        Assert.Equal(admin.Port, KubernetesManifests.ResolvePort(container, KubeObject.Scalar(container, "readinessProbe.httpGet.port")!));

        var annotations = KubeObject.Map(_manifests.Deployment.Root, "spec.template.metadata.annotations");
        Assert.Equal(admin.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), annotations["prometheus.io/port"]);
        Assert.Equal(AdminPaths.Metrics, annotations["prometheus.io/path"]);
    }

    [Fact]
    public void The_config_listens_on_the_container_port_the_service_targets()
    {
        var servers = LoadConfig().Servers;
        var container = _manifests.Container;
        var service = _manifests.Single("Service", "aileron");

        var server = Assert.Single(servers);
        Assert.True(server.Listen.IsAnyInterface, $"addr {server.Listen.Text}: a pod's proxy must listen on every interface");
        Assert.Equal(server.Listen.Port, KubernetesManifests.ResolvePort(container, "http"));
        var servicePort = Assert.Single(KubeObject.Sequence(service.Root, "spec.ports"));
        Assert.Equal(server.Listen.Port, KubernetesManifests.ResolvePort(container, KubeObject.Scalar(servicePort, "targetPort")!));
        Assert.NotEqual(ContainerCommandLine().Admin!.Port, server.Listen.Port);
    }

    [Fact]
    public void The_grace_period_outlasts_the_prestop_sleep_and_the_drain()
    {
        var drain = LoadConfig().Servers.Max(s => s.Spec.ShutdownTimeout);
        var preStop = KubeObject.At(_manifests.Container, "lifecycle.preStop.sleep.seconds") is null
            ? 0
            : KubeObject.Int(_manifests.Container, "lifecycle.preStop.sleep.seconds");
        var grace = _manifests.Deployment.Int("spec.template.spec.terminationGracePeriodSeconds");

        Assert.True(grace > preStop + drain, $"terminationGracePeriodSeconds {grace} must exceed the preStop sleep ({preStop} s) plus shutdownTimeout ({drain} s), or the kubelet kills a drain");
    }

    [Fact]
    public void The_container_runs_the_image_entrypoint_on_the_mounted_configmap()
    {
        var command = ContainerCommandLine();
        var deployment = _manifests.Deployment;
        var mount = KubeObject.Sequence(_manifests.Container, "volumeMounts").Single(m => KubeObject.Scalar(m, "name") == "config");
        var volume = KubeObject.Sequence(deployment.Root, "spec.template.spec.volumes").Single(v => KubeObject.Scalar(v, "name") == "config");
        var configMap = _manifests.Single("ConfigMap", KubeObject.Scalar(volume, "configMap.name")!);

        var file = Assert.Single(command.Files);
        Assert.Null(KubeObject.Scalar(mount, "subPath")); // a subPath mount never sees a ConfigMap update
        Assert.Equal(KubeObject.Scalar(mount, "mountPath"), Path.GetDirectoryName(file));
        Assert.NotNull(configMap.Data(Path.GetFileName(file)));
        Assert.Equal("true", KubeObject.Scalar(mount, "readOnly"));
    }

    [Fact]
    public void The_pod_runs_as_the_image_user_not_root_on_a_read_only_root_with_requests()
    {
        var pod = KubeObject.At(_manifests.Deployment.Root, "spec.template.spec")!;
        var container = _manifests.Container;

        Assert.Equal("true", KubeObject.Scalar(pod, "securityContext.runAsNonRoot"));
        var uid = KubeObject.Int(pod, "securityContext.runAsUser");
        Assert.NotEqual(0, uid);
        Assert.Equal(ToolProject.Load().Property("ContainerUser"), uid.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal("true", KubeObject.Scalar(container, "securityContext.readOnlyRootFilesystem"));
        Assert.Equal("false", KubeObject.Scalar(container, "securityContext.allowPrivilegeEscalation"));
        Assert.Equal(["ALL"], KubeObject.Strings(container, "securityContext.capabilities.drop"));
        Assert.NotNull(KubeObject.Scalar(container, "resources.requests.cpu"));
        Assert.NotNull(KubeObject.Scalar(container, "resources.requests.memory"));
        Assert.NotNull(KubeObject.Scalar(container, "resources.limits.memory"));
    }

    [Fact]
    public void The_image_is_the_one_the_sdk_container_publish_tags()
    {
        var project = ToolProject.Load();

        Assert.Equal($"{project.Property("ContainerRepository")}:{project.Property("Version")}", KubeObject.Scalar(_manifests.Container, "image"));
    }

    [Fact]
    public void The_service_and_the_disruption_budget_select_the_proxy_pods()
    {
        var podLabels = KubeObject.Map(_manifests.Deployment.Root, "spec.template.metadata.labels");
        var selectors = new[]
        {
            KubeObject.Map(_manifests.Deployment.Root, "spec.selector.matchLabels"),
            KubeObject.Map(_manifests.Single("Service", "aileron").Root, "spec.selector"),
            KubeObject.Map(_manifests.Single("PodDisruptionBudget", "aileron").Root, "spec.selector.matchLabels"),
        };

        Assert.All(selectors, selector =>
        {
            Assert.NotEmpty(selector);
            Assert.All(selector, label => Assert.Equal(label.Value, podLabels.GetValueOrDefault(label.Key)));
        });
        Assert.True(
            _manifests.Deployment.Int("spec.replicas") > _manifests.Single("PodDisruptionBudget", "aileron").Int("spec.maxUnavailable"),
            "the disruption budget must leave at least one replica serving");
    }

    [Fact]
    public void The_upstreams_are_the_backend_pods_by_their_headless_service_names()
    {
        var upstreams = Assert.Single(LoadConfig().LoadBalancers).Spec.Upstreams;
        var statefulSet = _manifests.Single("StatefulSet", "backend");
        var serviceName = statefulSet.Scalar("spec.serviceName")!;
        var service = _manifests.Single("Service", serviceName);
        var backend = KubeObject.Sequence(statefulSet.Root, "spec.template.spec.containers").Single();
        var port = KubernetesManifests.ResolvePort(backend, "http");

        Assert.Equal("None", service.Scalar("spec.clusterIP"));
        Assert.All(KubeObject.Map(service.Root, "spec.selector"), label =>
            Assert.Equal(label.Value, KubeObject.Map(statefulSet.Root, "spec.template.metadata.labels").GetValueOrDefault(label.Key)));
        Assert.Equal(
            Enumerable.Range(0, statefulSet.Int("spec.replicas")).Select(i => $"http://{statefulSet.Name}-{i}.{serviceName}:{port}/"),
            upstreams.Select(u => new Uri(u.Url).ToString()));
        Assert.All(upstreams, u => Assert.Equal($"tcp://{new Uri(u.Url).Authority}", u.HealthCheckAddr));
    }

    /// <summary>What the aileron container runs, as Kubernetes combines the manifest's command and args with the image's ENTRYPOINT and CMD.</summary>
    private ServeCommandLine ContainerCommandLine()
    {
        var dockerfile = DockerfileText.Load();
        var entrypoint = dockerfile.ExecForm("ENTRYPOINT");
        var container = _manifests.Container;
        var command = KubeObject.Strings(container, "command");
        var args = KubeObject.At(container, "args") is null ? null : KubeObject.Strings(container, "args");
        if (command.Count > 0)
        {
            Assert.Equal(entrypoint, command.Take(entrypoint.Count));
            return ServeCommandLine.Parse([.. command.Skip(entrypoint.Count), .. args ?? []]);
        }

        return ServeCommandLine.Parse(args ?? dockerfile.ExecForm("CMD"));
    }

    private string ConfigText()
    {
        var file = Path.GetFileName(Assert.Single(ContainerCommandLine().Files));
        var configMap = _manifests.Objects.Single(o => o.Kind == "ConfigMap");
        return configMap.Data(file) ?? throw new Xunit.Sdk.XunitException($"{configMap} has no data.{file}");
    }

    private ProxyConfig LoadConfig()
    {
        var result = TestYaml.Load(ConfigText());
        Assert.True(result.Config is not null, string.Join("\n", result.Diagnostics));
        return result.Config;
    }
}
