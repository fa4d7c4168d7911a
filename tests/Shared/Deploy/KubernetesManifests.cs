using Aileron.Tests.TestSupport;
using YamlDotNet.RepresentationModel;

namespace Aileron.Tests.Deploy;

/// <summary>Every object of every manifest in deploy/kubernetes/, and the parts of them the tests compare.</summary>
internal sealed class KubernetesManifests
{
    private KubernetesManifests(IReadOnlyList<KubeObject> objects) => Objects = objects;

    public static string Folder => RepositoryFiles.Path("deploy", "kubernetes");

    public IReadOnlyList<KubeObject> Objects { get; }

    public KubeObject Deployment => Single("Deployment", "aileron");

    /// <summary>The aileron container of the Deployment's pod template.</summary>
    public YamlNode Container =>
        KubeObject.Sequence(Deployment.Root, "spec.template.spec.containers").Single(c => KubeObject.Scalar(c, "name") == "aileron");

    public static KubernetesManifests Load()
    {
        var objects = new List<KubeObject>();
        foreach (var file in Directory.GetFiles(Folder, "*.yaml").Order(StringComparer.Ordinal))
        {
            var stream = new YamlStream();
            using (var reader = File.OpenText(file))
            {
                stream.Load(reader);
            }

            foreach (var document in stream.Documents)
            {
                var root = Assert.IsType<YamlMappingNode>(document.RootNode);
                objects.Add(new KubeObject(file, root));
            }
        }

        return new KubernetesManifests(objects);
    }

    public KubeObject Single(string kind, string name)
    {
        var found = Objects.Where(o => o.Kind == kind && o.Name == name).ToList();
        Assert.True(found.Count == 1, $"expected one {kind} named {name} in {Folder}, found {found.Count}");
        return found[0];
    }

    /// <summary>A container port by number or by name, as a probe or a Service's targetPort names it.</summary>
    public static int ResolvePort(YamlNode container, string portOrName)
    {
        if (int.TryParse(portOrName, System.Globalization.CultureInfo.InvariantCulture, out var number))
        {
            return number;
        }

        var port = KubeObject.Sequence(container, "ports").SingleOrDefault(p => KubeObject.Scalar(p, "name") == portOrName);
        Assert.True(port is not null, $"no container port named '{portOrName}'");
        return KubeObject.Int(port, "containerPort");
    }
}
